"""Glossary writes run in the background: a team server that stops answering never freezes the
window (before, the write ran on the UI thread and the window hung until the server returned)."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer

from glossary.terms import TermEntry
from tests.app.ui.conftest import settled


def test_a_write_to_a_team_server_that_stopped_answering_leaves_the_window_responsive(
    qtbot, prompts, postgres_server, wortlaut_home
):
    if not hasattr(postgres_server, "freeze"):
        pytest.skip("needs the throwaway cluster, to stop its processes")
    from app.ui.main_window import MainWindow

    url = postgres_server.create_database("wortlaut_frozen")
    window = MainWindow(glossary_url=url)
    window.prompts = prompts
    qtbot.addWidget(window)
    window.glossary.load_now()
    window.show()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    postgres_server.freeze()
    # If the write blocked the UI thread, this thread still wakes the server (and the test fails
    # on the gap instead of hanging).
    safety = threading.Timer(5, postgres_server.thaw)
    safety.start()
    try:
        saving = window.glossary.add(TermEntry("Bollwerk", "bulwark"))
        last[0] = time.perf_counter()
        timer.start()
        qtbot.wait(1500)  # the server does not answer meanwhile
        timer.stop()
        assert not saving.done
    finally:
        postgres_server.thaw()
        safety.cancel()
    assert len(gaps) > 50  # the event loop kept turning
    assert max(gaps) < 0.5
    assert settled(qtbot, saving, timeout=20_000).target == "bulwark"
    window.session.mark_saved()
    window.close()
    window.glossary.close()
    window.runner.wait(10_000)
