"""Uncaught exceptions in the desktop app: logged, shown once as a message, the app goes on."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from app.failures import log_file
from app.ui.failure_hooks import FailureReporter
from app.ui.tasks import Task, TaskRunner


class Emitter(QObject):
    fired = Signal()


@pytest.fixture
def reporter(qapp):
    reporter = FailureReporter(headless=True)
    reporter.install()
    yield reporter
    reporter.uninstall()


def explode() -> None:
    raise ZeroDivisionError("in a slot")


def test_an_exception_in_a_slot_becomes_a_message_and_a_logged_traceback(qtbot, reporter, capsys):
    emitter = Emitter()
    emitter.fired.connect(explode)
    emitter.fired.emit()
    qtbot.waitUntil(lambda: bool(reporter.messages), timeout=2000)
    assert reporter.messages[0].splitlines()[0] == "unexpected error (ZeroDivisionError: in a slot)"
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("wortlaut: error: unexpected error (ZeroDivisionError")
    assert "in explode" in log_file().read_text(encoding="utf-8")


def test_an_exception_in_a_thread_is_reported_on_the_ui_thread(qtbot, reporter, capsys):
    thread = threading.Thread(target=explode, name="helper-thread")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(reporter.messages), timeout=2000)
    assert "ZeroDivisionError" in reporter.messages[0]
    assert "helper-thread" in log_file().read_text(encoding="utf-8")
    assert "Traceback" not in capsys.readouterr().err


def test_the_dialog_shows_the_message_and_stacks_no_second_dialog(qtbot, qapp, monkeypatch):
    shown: list[str] = []

    def critical(parent, title, text):
        shown.append(text)
        QTimer.singleShot(0, explode)  # a failure while the dialog is open...
        qapp.processEvents()
        qapp.processEvents()
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", critical)
    reporter = FailureReporter()
    reporter.install()
    try:
        QTimer.singleShot(0, explode)
        qtbot.waitUntil(lambda: len(reporter.messages) >= 2, timeout=2000)
    finally:
        reporter.uninstall()
    assert len(shown) == 1  # ...is logged and remembered, not shown as a second dialog
    assert "Your work is kept." in shown[0]
    assert "ZeroDivisionError: in a slot" in shown[0]


def test_a_failing_worker_reports_a_message_that_points_to_the_log(qtbot):
    runner = TaskRunner()

    def work(context):
        raise LookupError("no such segment")

    task = Task("test work", work)
    with qtbot.waitSignal(task.signals.failed, timeout=5000) as failed:
        runner.start(task)
    message = failed.args[0]
    assert message.splitlines() == [
        "unexpected error (LookupError: no such segment)",
        f"details are in the log: {log_file()}",
    ]
    runner.wait(5000)


def test_a_headless_screenshot_run_never_waits_on_a_dialog(tmp_path, wortlaut_home):
    import os
    import subprocess
    import sys

    binary = tmp_path / "program.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "gui",
            "--screenshot",
            str(tmp_path / "s.png"),
            str(binary),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORTLAUT_HOME": str(wortlaut_home)},
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"wortlaut: error: {binary}")
    assert len(result.stderr.splitlines()) == 1  # Qt's own messages went to the log
    assert not (tmp_path / "s.png").exists()
