"""`wortlaut translate IN -o OUT` for documents: the format of IN out, segments with tags in JSON."""

from __future__ import annotations

import json

from app.cli import main
from app.formats import open_document
from tests.app.formats.conftest import DOCUMENTS
from tests.conftest import TINY_MODEL


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_docx_is_translated_into_a_docx(tmp_path, capsys):
    out = tmp_path / "out.docx"
    code, _out, err = run(
        capsys, "translate", "--no-glossary", "--model", str(TINY_MODEL),
        str(DOCUMENTS / "formatted.docx"), "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert len(open_document(out).units) == len(open_document(DOCUMENTS / "formatted.docx").units)


def test_json_prints_segments_with_their_tags(capsys):
    code, out, err = run(
        capsys, "translate", "--json", "--no-glossary", "--model", str(TINY_MODEL),
        str(DOCUMENTS / "okapi-1.2.xlf"),
    )  # fmt: skip
    assert code == 0, err
    first = json.loads(out)["segments"][0]
    assert first["source_tagged"] == "Die <1>Regierung</1> hat ein <2>neues</2> Gesetz beschlossen."
    assert [t["id"] for t in first["tags"]] == ["1", "2"]
    assert "<1>" in first["target_tagged"] and "</2>" in first["target_tagged"]


def test_a_document_without_output_file_is_refused_with_what_to_add(capsys):
    code, _out, err = run(capsys, "translate", "--no-glossary", str(DOCUMENTS / "page.html"))
    assert code == 2
    assert "add -o OUT" in err


def test_tracked_changes_are_refused_in_one_clear_line(tmp_path, capsys):
    code, _out, err = run(
        capsys, "translate", "--no-glossary", str(DOCUMENTS / "tracked.docx"),
        "-o", str(tmp_path / "out.docx"),
    )  # fmt: skip
    assert code == 2
    assert "tracked changes" in err and "Traceback" not in err
    assert not (tmp_path / "out.docx").exists()
