"""`wortlaut translate` options for DOCX: comments are translated unless --no-comments."""

from __future__ import annotations

import zipfile

import pytest

from app.cli import main
from tests.app.formats.conftest import DOCUMENTS
from tests.conftest import TINY_MODEL

FIELDS_DOCX = DOCUMENTS / "fields.docx"


def test_help_offers_to_leave_comments_untranslated(capsys):
    with pytest.raises(SystemExit):
        main(["translate", "--help"])
    assert "--no-comments" in capsys.readouterr().out


def translate(tmp_path, capsys, *options):
    out = tmp_path / "out.docx"
    code = main(
        [
            "translate",
            "--no-glossary",
            "--model",
            str(TINY_MODEL),
            *options,
            str(FIELDS_DOCX),
            "-o",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    with zipfile.ZipFile(FIELDS_DOCX) as before, zipfile.ZipFile(out) as after:
        return before.read("word/comments.xml") == after.read("word/comments.xml")


def test_comments_are_translated_by_default(tmp_path, capsys):
    assert not translate(tmp_path, capsys)


def test_no_comments_leaves_the_comments_part_as_it_was(tmp_path, capsys):
    assert translate(tmp_path, capsys, "--no-comments")
