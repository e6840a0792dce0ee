"""Hostile DOCX files given to `wortlaut translate IN.docx -o OUT.docx`: a refusal naming file and
problem without a traceback, or a document that keeps every paragraph and the words it had."""

from __future__ import annotations

import pytest

from app.cli import main
from app.formats import open_document
from app.formats.inline import plain_text
from tests.conftest import TINY_MODEL
from tests.hostile.docx_inputs import GENERATORS


@pytest.mark.parametrize("generate", GENERATORS, ids=lambda g: g.__name__)
def test_translate_answers_a_hostile_docx_with_a_clear_refusal_or_a_whole_document(
    generate, tmp_path, capsys
):
    case = generate(tmp_path)
    out_file = tmp_path / "out.docx"
    code = main(
        [
            "translate",
            "--model",
            str(TINY_MODEL),
            "--no-glossary",
            str(case.path),
            "-o",
            str(out_file),
        ]
    )
    _out, err = capsys.readouterr()
    assert code == case.exit_code, err
    assert "Traceback" not in err
    if case.exit_code == 2:
        assert err.startswith(f"wortlaut: error: {case.path}")
        assert case.expect in err
        assert len(err.splitlines()) <= 2
        assert not out_file.exists()
    else:
        before = open_document(case.path).units
        after = open_document(out_file).units
        assert len(after) == len(before)
        assert case.expect in " ".join(plain_text(u.parts) for u in before)
