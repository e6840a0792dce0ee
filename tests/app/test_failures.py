"""The error policy: one or two lines for the user, exit 0/1/2, the traceback in the log."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.failures import describe_failure, log_file, report_failure
from glossary.errors import InputError
from tests.conftest import ROOT


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_wortlaut_error_is_shown_in_its_own_words():
    failure = describe_failure(InputError("unterminated quote", source="g.csv", line=7))
    assert (failure.message, failure.expected) == ("g.csv:7: unterminated quote", True)


def test_a_full_disk_is_named_with_the_file():
    exc = OSError(errno.ENOSPC, "No space left on device", "/data/glossary.db")
    assert describe_failure(exc).message == "/data/glossary.db: the disk is full"


def test_an_unexpected_error_points_to_the_log_and_logs_the_traceback():
    try:
        raise RuntimeError("kaputt")
    except RuntimeError as exc:
        message = report_failure(exc, "a test")
    first, second = message.splitlines()
    assert first == "unexpected error (RuntimeError: kaputt)"
    assert second == f"details are in the log: {log_file()}"
    logged = log_file().read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert 'raise RuntimeError("kaputt")' in logged


def test_the_log_follows_wortlaut_home(tmp_path, monkeypatch):
    report_failure(ValueError("first"), "a test")
    monkeypatch.setenv("WORTLAUT_HOME", str(tmp_path / "elsewhere"))
    report_failure(ValueError("second"), "a test")
    assert "second" in (tmp_path / "elsewhere" / "logs" / "wortlaut.log").read_text()


def test_a_crashing_command_exits_2_with_two_lines_and_no_traceback(capsys, monkeypatch, tmp_path):
    import glossary.matcher

    def explode(self, text):
        raise KeyError("surprise")

    monkeypatch.setattr(glossary.matcher.Matcher, "find", explode)
    text = tmp_path / "in.txt"
    text.write_text("Der Bollwerk.\n", encoding="utf-8")
    glossary = tmp_path / "g.csv"
    glossary.write_text("source,target\nBollwerk,bulwark\n", encoding="utf-8")
    code, out, err = run(capsys, "match", "--glossary", str(glossary), str(text))
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.splitlines() == [
        "wortlaut: error: unexpected error (KeyError: 'surprise')",
        f"details are in the log: {log_file()}",
    ]
    assert "in explode" in log_file().read_text(encoding="utf-8")


def test_an_os_error_in_a_command_names_the_file(capsys, monkeypatch, tmp_path):
    import glossary.exchange

    def full_disk(entries, path, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(glossary.exchange, "export_tbx", full_disk)
    out_file = tmp_path / "out.tbx"
    code, _, err = run(capsys, "glossary", "export", str(out_file))
    assert code == 2
    assert err.strip() == f"wortlaut: error: {out_file}: cannot write: the disk is full"
    assert "Traceback" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX shell pipe")
def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    glossary = tmp_path / "g.csv"
    glossary.write_text("source,target\nBollwerk,bulwark\n", encoding="utf-8")
    text = tmp_path / "in.txt"
    text.write_text("Das Bollwerk steht. " * 20_000, encoding="utf-8")
    command = f"{sys.executable} -m app.cli match --glossary {glossary} {text} | head -n 1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr
    assert result.returncode == 1  # partly delivered, as the exit codes define


def test_the_log_file_lives_in_the_data_folder(wortlaut_home: Path):
    assert log_file() == wortlaut_home / "logs" / "wortlaut.log"


def test_the_log_keeps_library_chatter_out_but_our_records_in():
    import logging

    from app.failures import setup_logging

    setup_logging()
    logging.getLogger("alembic.runtime.migration").info("Running upgrade 0001 -> 0002")
    logging.getLogger("glossary.live").info("listening for glossary changes")
    logging.getLogger("sqlalchemy.pool").warning("connection was invalidated")
    logged = log_file().read_text(encoding="utf-8")
    assert "Running upgrade" not in logged
    assert "listening for glossary changes" in logged
    assert "connection was invalidated" in logged
