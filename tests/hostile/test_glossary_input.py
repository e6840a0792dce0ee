"""`wortlaut glossary import` against the hostile glossary corpus: one clear line per bad row,
the good rows imported (exit 1) — or, with --strict or for an unreadable file, exit 2 and the
glossary exactly as before. Never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from app.cli import main
from tests.conftest import ROOT
from tests.hostile.glossary_input import (
    GENERATORS,
    build,
    huge_field,
    nul_bytes,
    over_long_term,
    repeated_source,
    terminal_escape,
    unterminated_quote,
)


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stored(capsys) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "glossary", "list", "--json")
    assert code == 0
    return json.loads(out)


@pytest.fixture
def seeded(capsys):  # type: ignore[no-untyped-def]
    """A glossary with one term, so 'unchanged' means more than 'still empty'."""
    assert run(capsys, "glossary", "add", "Machthaber", "ruler")[0] == 0
    return stored(capsys)


@pytest.mark.parametrize("generate", GENERATORS, ids=lambda g: g.__name__)
def test_strict_import_refuses_the_file_and_changes_nothing(generate, tmp_path, capsys, seeded):
    case = generate(tmp_path)
    code, out, err = run(capsys, "glossary", "import", "--strict", str(case.path))
    assert code == case.exit_strict, err
    assert "Traceback" not in err
    assert case.expect in err
    if case.exit_strict == 2:
        assert out == ""
        assert stored(capsys) == seeded


@pytest.mark.parametrize("generate", GENERATORS, ids=lambda g: g.__name__)
def test_lenient_import_keeps_the_good_rows_and_names_every_bad_line(
    generate, tmp_path, capsys, seeded
):
    case = generate(tmp_path)
    started = time.perf_counter()
    code, out, err = run(capsys, "glossary", "import", str(case.path))
    assert time.perf_counter() - started < 20
    assert code == case.exit_lenient, err
    assert "Traceback" not in err
    assert case.expect in err
    after = stored(capsys)
    assert after[: len(seeded)] == seeded
    assert len(after) - len(seeded) == case.stored
    if code == 2:
        return
    assert out.startswith(f"imported {case.stored}, updated 0, unchanged 0, ")
    for line in err.splitlines():  # every complaint names the file and a line
        assert line.startswith(f"{case.path}:"), line


def test_what_was_imported_is_never_garbled(tmp_path, capsys, seeded):
    for case in build(tmp_path):
        run(capsys, "glossary", "import", str(case.path))
    terms = stored(capsys)
    texts = [str(t[field]) for t in terms for field in ("source", "target", "notes")]
    assert not [t for t in texts if "Ã" in t or "\ufffd" in t or "\x00" in t or "\x1b" in t]
    assert max(len(t) for t in texts) <= 500


def test_the_corpus_builds_from_the_command_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tests.hostile.glossary_input", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(GENERATORS)


def test_the_installed_command_reports_an_unterminated_quote_without_a_traceback(tmp_path):
    case = unterminated_quote(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "glossary", "import", str(case.path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{case.path}:2: unterminated quote: the quoted field opened on this line runs to the "
        "end of the file (1,001 lines) (row skipped)"
    ]
    assert result.stdout.strip() == (
        "imported 1000, updated 0, unchanged 0, skipped 1 (utf-8, delimiter ',')"
    )


@pytest.mark.parametrize(
    "generate",
    [over_long_term, nul_bytes, huge_field, terminal_escape, repeated_source],
    ids=lambda g: g.__name__,
)
def test_postgresql_gives_the_same_answer_as_sqlite(generate, tmp_path, capsys, postgres_url):
    case = generate(tmp_path)
    answers = []
    for db in (f"sqlite:///{tmp_path}/g.db", postgres_url):
        code, out, err = run(capsys, "glossary", "import", "--db", db, str(case.path))
        assert "Traceback" not in err
        listed = run(capsys, "glossary", "list", "--json", "--db", db)[1]
        answers.append((code, out, err, len(json.loads(listed))))
    assert answers[0] == answers[1]
    assert answers[0][0] == case.exit_lenient and answers[0][3] == case.stored
