"""Every command that takes `--db`, against every hostile database and URL: exit 2, one line
naming the database and the problem, no traceback, no password, and nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from tests.conftest import ROOT, SAMPLE_DE
from tests.hostile.db_faults import DbCase, all_cases

SAMPLE_GLOSSARY = ROOT / "resources" / "samples" / "glossary.csv"
COMMANDS = {
    "glossary list": ["glossary", "list"],
    "glossary export": ["glossary", "export", "{out}"],
    "glossary import": ["glossary", "import", str(SAMPLE_GLOSSARY)],
    "glossary add": ["glossary", "add", "Kreml", "Kremlin"],
    "glossary remove": ["glossary", "remove", "1"],
    "glossary edit": ["glossary", "edit", "1", "--target", "rampart"],
    "glossary history": ["glossary", "history", "1"],
    "glossary revert": ["glossary", "revert", "1"],
    "match": ["match", str(SAMPLE_DE)],
    "translate": ["translate", str(SAMPLE_DE)],
    "eval": ["eval", "--reference", str(SAMPLE_DE), str(SAMPLE_DE)],
}


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {
        str(path.relative_to(folder)): (path.read_bytes() if path.is_file() else None)
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[DbCase]]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder, all_cases(folder)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_hostile_database_is_refused_in_one_line_and_left_unchanged(
    command, corpus, tmp_path, capsys
):
    folder, cases = corpus
    out_file = tmp_path / "export.csv"
    for case in cases:
        before = snapshot(folder)
        argv = [a.format(out=out_file) for a in COMMANDS[command]]
        code = main([*argv, "--db", case.url])
        out, err = capsys.readouterr()
        assert code == 2, (case.name, out, err)
        assert "Traceback" not in err and "s3cret" not in err, case.name
        [line] = err.strip().splitlines()
        assert line.startswith("wortlaut: error: cannot open glossary database "), case.name
        assert case.problem in line, (case.name, line)
        assert out == ""
        assert snapshot(folder) == before, case.name
        assert not out_file.exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(url=st.text(min_size=1, max_size=60).filter(lambda t: not t.startswith("-")))
def test_any_text_as_a_database_url_is_refused_cleanly_unless_it_names_a_database(url, capsys):
    if url.lower().startswith(("sqlite", "postgres")) or "\x00" in url:
        return  # real SQLite paths and servers are the corpus's job; \x00 cannot reach argv
    code = main(["glossary", "list", "--db", url])
    _out, err = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(min_size=1, max_size=2048))
def test_any_bytes_that_are_no_database_are_refused_and_left_unchanged(content, tmp_path, capsys):
    path = tmp_path / "hostile.db"
    path.write_bytes(content)
    code = main(["glossary", "add", "Kreml", "Kremlin", "--db", f"sqlite:///{path}"])
    _out, err = capsys.readouterr()
    assert code == 2, err
    assert "Traceback" not in err
    assert "not a Wortlaut glossary database" in err
    assert path.read_bytes() == content
