"""Hostile documents given to `translate` and `match`: exit code, message, no traceback."""

from __future__ import annotations

import pytest

from app.cli import main
from tests.conftest import ROOT, TINY_MODEL
from tests.hostile.inputs import GENERATORS

SAMPLE_GLOSSARY = ROOT / "resources" / "samples" / "glossary.csv"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("generate", GENERATORS, ids=lambda g: g.__name__)
def test_translate_answers_a_hostile_document_with_an_exit_code_and_no_traceback(
    generate, tmp_path, capsys
):
    case = generate(tmp_path)
    out_file = tmp_path / "out.txt"
    code, _out, err = run(
        capsys,
        "translate",
        "--model",
        str(TINY_MODEL),
        "--no-glossary",
        str(case.path),
        "-o",
        str(out_file),
    )
    assert code == case.exit_code, err
    assert "Traceback" not in err
    if case.exit_code == 2:
        assert err.startswith("wortlaut: error: ")
        assert case.expect in err
        assert len(err.splitlines()) <= 2
        assert not out_file.exists()
    else:
        assert case.expect in out_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("generate", GENERATORS, ids=lambda g: g.__name__)
def test_match_answers_a_hostile_document_with_an_exit_code_and_no_traceback(
    generate, tmp_path, capsys
):
    case = generate(tmp_path)
    code, _out, err = run(capsys, "match", "--glossary", str(SAMPLE_GLOSSARY), str(case.path))
    assert code == case.exit_code, err
    assert "Traceback" not in err
    if case.exit_code == 2:
        assert case.expect in err


def test_output_onto_a_folder_is_refused_and_leaves_it_alone(tmp_path, capsys):
    source = tmp_path / "in.txt"
    source.write_text("Das Bollwerk.\n", encoding="utf-8")
    target = tmp_path / "existing"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    code, _out, err = run(
        capsys,
        "translate",
        "--model",
        str(TINY_MODEL),
        "--no-glossary",
        str(source),
        "-o",
        str(target),
    )
    assert code == 2
    assert "Traceback" not in err
    assert (target / "keep.txt").read_text(encoding="utf-8") == "mine"
