"""The translation memory in the desktop app: opened beside the glossary, filling 100 % matches
before MT, remembering confirmed segments, shown in the grid's status and in its dock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

import app.ui.main_window as main_window
from app import paths
from app.document import Origin, SegmentState
from app.engine import engine_for
from app.ui.actions import Act
from app.ui.segment_table import HTML_ROLE, SegmentTableModel
from app.ui.tm_service import memory_url
from glossary.storage import sqlite_url
from tests.app.ui.conftest import wait_for_translation
from tests.app.ui.test_main_window import row_of
from tm.store import TranslationMemory

STATUS = SegmentTableModel.STATE


class RecordingEngine:
    """The real engine, noting every text sent to machine translation."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.sent: list[str] = []

    def translate_for_terms(self, texts, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.sent += list(texts)
        return self.engine.translate_for_terms(texts, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)


@pytest.fixture
def sent_to_mt(monkeypatch: pytest.MonkeyPatch, installed_model: Any) -> list[str]:
    recorder = RecordingEngine(engine_for(installed_model.path))
    monkeypatch.setattr(main_window, "engine_for", lambda _path: recorder)
    return recorder.sent


@pytest.fixture
def memory(qtbot, window) -> Iterator[TranslationMemory]:  # type: ignore[no-untyped-def]
    """The window's memory once open, and a second connection to it for the test's checks."""
    qtbot.waitUntil(lambda: window.tm.service.ready, timeout=10_000)
    other = TranslationMemory.open(window.tm.service.url)
    yield other
    other.close()


def status(window, row: int) -> str:  # type: ignore[no-untyped-def]
    return window.table_model.index(row, STATUS).data()


def translate(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert window.translate_all() is not None
    wait_for_translation(qtbot, window)


# -- where the memory lives ---------------------------------------------------------------------
def test_the_memory_opens_in_the_background_beside_the_local_glossary(qtbot, window):
    qtbot.waitUntil(lambda: window.tm.service.ready, timeout=10_000)
    assert window.tm.service.url == sqlite_url(paths.tm_db())


def test_a_team_glossary_database_holds_the_memory_too():
    url = "postgresql+psycopg://anna@server/terms"
    assert memory_url(url) == url


# -- confirming -----------------------------------------------------------------------------------
def test_confirming_a_segment_remembers_it_with_author_document_and_context(
    qtbot, window, memory, sample_folder
):
    window.settings.author = "Anna"
    window.open_path(sample_folder / "article-de.txt")
    segments = window.session.project.segments
    window.session.confirm(1, "Putin loses an important ally!")
    qtbot.waitUntil(lambda: memory.count() == 1, timeout=10_000)
    [unit] = list(memory.units())
    assert (unit.source_text, unit.target_text) == (
        segments[1].mt_input,
        "Putin loses an important ally!",
    )
    assert (unit.prev_source, unit.next_source) == (segments[0].mt_input, segments[2].mt_input)
    assert (unit.author, unit.document) == ("Anna", "article-de.txt")


# -- translating with the memory ------------------------------------------------------------------
def test_a_remembered_segment_fills_the_target_and_is_not_sent_to_mt(
    qtbot, window, memory, sample_folder, sent_to_mt
):
    window.open_path(sample_folder / "article-de.txt")
    segments = window.session.project.segments
    memory.confirm(segments[1].mt_input, "Putin loses an important ally!")
    translate(qtbot, window)
    assert segments[1].target == "Putin loses an important ally!"
    assert (segments[1].origin, segments[1].tm_score) == (Origin.TM, 100)
    assert segments[1].mt_input not in sent_to_mt
    assert segments[3].mt_input in sent_to_mt
    assert segments[3].origin is Origin.MT


def test_a_fuzzy_match_comes_with_the_machine_translation(
    qtbot, window, memory, sample_folder, sent_to_mt
):
    window.open_path(sample_folder / "article-de.txt")
    segments = window.session.project.segments
    row = row_of(window, "Lukaschenko will nicht in den Krieg eingreifen")
    source = segments[row].mt_input
    memory.confirm(source.replace("nicht", "doch"), "Lukashenko does want to join the war")
    translate(qtbot, window)
    [match] = segments[row].tm_matches
    assert 75 <= match.score < 100
    assert segments[row].origin is Origin.MT
    assert source in sent_to_mt


# -- the grid's status ------------------------------------------------------------------------------
def test_the_status_says_where_a_target_came_from(qtbot, window, memory, sample_folder, sent_to_mt):
    window.open_path(sample_folder / "article-de.txt")
    segments = window.session.project.segments
    memory.confirm(segments[1].mt_input, "Putin loses an important ally!")
    translate(qtbot, window)
    assert status(window, 1) == "TM 100 %"
    assert status(window, 3) == "MT"
    window.session.take_match(3, "Taken from a fuzzy match", 87)
    assert status(window, 3) == "TM 87 %"
    window.session.confirm(3)
    assert status(window, 3) == "confirmed"


def test_an_in_context_match_shows_101(qtbot, window, memory, sample_folder, sent_to_mt):
    window.open_path(sample_folder / "article-de.txt")
    window.session.confirm(1, "Putin loses an important ally!")
    qtbot.waitUntil(lambda: memory.count() == 1, timeout=10_000)
    window.open_path(sample_folder / "article-de.txt")  # the same article again, fresh
    translate(qtbot, window)
    assert status(window, 1) == "TM 101 %"


# -- the whole article ----------------------------------------------------------------------------
def test_the_sample_translated_confirmed_and_translated_again_comes_wholly_from_the_memory(
    qtbot, window, memory, sample_folder, sent_to_mt
):
    window.open_path(sample_folder / "article-de.txt")
    translate(qtbot, window)
    segments = window.session.project.segments
    rows = [s.index for s in segments if s.needs_mt]
    for row in rows:
        window.session.confirm(row)
    qtbot.waitUntil(lambda: memory.count() == len(set(s.mt_input for s in segments if s.needs_mt)))
    sent_to_mt.clear()
    targets = {row: segments[row].target for row in rows}

    window.open_path(sample_folder / "article-de.txt")
    translate(qtbot, window)
    again = window.session.project.segments
    assert sent_to_mt == []
    assert all(again[row].origin is Origin.TM for row in rows)
    assert all(again[row].tm_score == 101 for row in rows)
    assert {row: again[row].target for row in rows} == targets
    assert all(again[row].state is SegmentState.MT for row in rows)  # proposals, not confirmed


def test_unconfirmed_segments_are_not_remembered(qtbot, window, memory, sample_folder, sent_to_mt):
    window.open_path(sample_folder / "article-de.txt")
    translate(qtbot, window)
    window.session.edit_target(1, "An edit, not confirmed")
    qtbot.wait(200)
    assert memory.count() == 0


def test_without_its_database_the_app_translates_with_mt_alone(
    qtbot, window, sample_folder, sent_to_mt, tmp_path: Path
):
    window.tm.service.open(sqlite_url(tmp_path / "missing" / "folder" / "tm.db"))
    qtbot.waitUntil(lambda: bool(window.tm.service.problem), timeout=10_000)
    window.open_path(sample_folder / "article-de.txt")
    translate(qtbot, window)
    assert window.session.project.segments[1].origin is Origin.MT
    assert "cannot be used" in window.tm.dock.status.text()


# -- the dock -------------------------------------------------------------------------------------
def remembered(qtbot, window, memory, source: str, target: str, author: str = "Anna") -> None:  # type: ignore[no-untyped-def]
    memory.confirm(source, target, author=author, document="earlier.txt")


def test_the_dock_shows_the_best_matches_for_the_current_segment_with_a_word_diff(
    qtbot, window, memory, sample_folder
):
    window.open_path(sample_folder / "article-de.txt")
    row = row_of(window, "Lukaschenko will nicht in den Krieg eingreifen")
    source = window.session.project.segments[row].mt_input
    remembered(qtbot, window, memory, source.replace("nicht", "doch"), "Lukashenko does want war")
    window.select_row(row)
    qtbot.waitUntil(lambda: len(window.tm.dock.items) == 1, timeout=10_000)
    [item] = window.tm.dock.items
    assert 75 <= (item.score or 0) < 100
    shown = window.tm.dock.model.index(0).data(HTML_ROLE)
    assert "Anna" in shown and "earlier.txt" in shown and f"{item.score} %" in shown
    assert "line-through" in shown and ">doch</span>" in shown  # in the memory, not the segment
    assert "underline" in shown and ">nicht</span>" in shown  # in the segment, not the memory
    assert "Lukashenko does want war" in shown


def test_ctrl_1_takes_the_best_match_into_the_current_segment(qtbot, window, memory, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    row = row_of(window, "Lukaschenko will nicht in den Krieg eingreifen")
    source = window.session.project.segments[row].mt_input
    remembered(qtbot, window, memory, source.replace("nicht", "doch"), "Lukashenko does want war")
    window.select_row(row)
    qtbot.waitUntil(lambda: len(window.tm.dock.items) == 1, timeout=10_000)
    assert window.act_take_matches[0].shortcut().toString() == "Ctrl+1"
    window.act_take_matches[0].trigger()
    segment = window.session.project.segments[row]
    assert segment.target == "Lukashenko does want war"
    assert segment.state is SegmentState.EDITED  # the translator's choice: MT leaves it alone
    assert status(window, row).startswith("TM ")
    window.session.undo_stack.undo()
    assert (segment.target, segment.origin) == ("", Origin.NONE)


def test_taking_a_match_that_is_not_there_changes_nothing(qtbot, window, memory, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    window.select_row(1)
    qtbot.waitUntil(lambda: "No match" in window.tm.dock.status.text(), timeout=10_000)
    window.act_take_matches[2].trigger()
    assert window.session.project.segments[1].target == ""


def test_ctrl_k_searches_the_memory_for_a_phrase(qtbot, window, memory, sample_folder):
    remembered(qtbot, window, memory, "Der Kreml schweigt.", "The Kremlin is silent.")
    remembered(qtbot, window, memory, "Peskow spricht für den Kreml.", "Peskov speaks for it.")
    remembered(qtbot, window, memory, "Ganz etwas anderes.", "Something else entirely.")
    window.acts[Act.TM_SEARCH].trigger()
    assert window.acts[Act.TM_SEARCH].shortcut().toString() == "Ctrl+K"
    assert window.tm.dock.search.hasFocus()
    qtbot.keyClicks(window.tm.dock.search, "kreml")
    qtbot.keyClick(window.tm.dock.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.tm.dock.items) == 2, timeout=10_000)
    sources = {item.unit.source_text for item in window.tm.dock.items}
    assert sources == {"Der Kreml schweigt.", "Peskow spricht für den Kreml."}
    assert "<b>Kreml</b>" in window.tm.dock.model.index(0).data(HTML_ROLE)


def test_clearing_the_search_shows_the_segment_matches_again(qtbot, window, memory, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    source = window.session.project.segments[1].mt_input
    remembered(qtbot, window, memory, source, "Putin loses an important ally!")
    window.select_row(1)
    window.tm.dock.search.setText("Putin")
    qtbot.keyClick(window.tm.dock.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [i.score for i in window.tm.dock.items] == [None], timeout=10_000)
    window.tm.dock.search.clear()
    qtbot.waitUntil(lambda: [i.score for i in window.tm.dock.items] == [100], timeout=10_000)


# -- the threshold ----------------------------------------------------------------------------------
def test_matches_are_offered_from_75_percent_unless_the_settings_say_otherwise(window):
    from app.ui.settings import Settings, SettingsDialog

    assert window.settings.tm_threshold == 75
    dialog = SettingsDialog(window, window.settings)
    dialog.tm_threshold.setValue(90)
    dialog.accept()
    assert Settings().tm_threshold == 90


def test_fuzzy_matches_below_the_threshold_are_not_offered(
    qtbot, window, memory, sample_folder, sent_to_mt
):
    window.settings.tm_threshold = 100
    window.open_path(sample_folder / "article-de.txt")
    row = row_of(window, "Lukaschenko will nicht in den Krieg eingreifen")
    source = window.session.project.segments[row].mt_input
    memory.confirm(source.replace("nicht", "doch"), "Lukashenko does want to join the war")
    translate(qtbot, window)
    assert window.session.project.segments[row].tm_matches == []


def test_a_saved_project_keeps_where_its_targets_came_from(
    qtbot, window, memory, sample_folder, sent_to_mt, tmp_path: Path
):
    window.open_path(sample_folder / "article-de.txt")
    memory.confirm(window.session.project.segments[1].mt_input, "Putin loses an important ally!")
    translate(qtbot, window)
    saved = window.session.save(tmp_path / "article.wortlaut")
    window.open_path(saved)
    assert (status(window, 1), status(window, 2)) == ("TM 100 %", "MT")


def test_a_confirmation_the_memory_cannot_take_is_reported(qtbot, window, sample_folder, tmp_path):
    window.tm.service.open(sqlite_url(tmp_path / "missing" / "folder" / "tm.db"))
    qtbot.waitUntil(lambda: bool(window.tm.service.problem), timeout=10_000)
    window.open_path(sample_folder / "article-de.txt")
    window.session.confirm(1, "Putin loses an important ally!")
    assert "Not saved in the translation memory" in window.statusBar().currentMessage()
