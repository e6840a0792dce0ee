"""The desktop app as a translator uses it (offscreen, pytest-qt)."""

from __future__ import annotations

import csv
import os
import time

from PySide6.QtCore import QTimer

from app.autosave import autosave_dir
from app.document import SegmentState, TermStatus
from app.project import load_project
from app.ui.segment_table import HIGHLIGHTS, HTML_ROLE, SegmentTableModel
from glossary.terms import TermEntry
from tests.app.ui.conftest import settled, wait_for_translation

SOURCE, TARGET = SegmentTableModel.SOURCE, SegmentTableModel.TARGET


def cell_html(window, row: int, column: int) -> str:
    return window.table_model.index(row, column).data(HTML_ROLE)


def row_of(window, text: str) -> int:
    return next(i for i, s in enumerate(window.session.project.segments) if text in s.source)


# -- opening ------------------------------------------------------------------------------------
def test_opening_the_sample_shows_its_segments_with_glossary_terms_highlighted(
    window, sample_folder
):
    assert window.open_path(sample_folder / "article-de.txt")
    assert window.table_model.rowCount() == 29
    row = row_of(window, "Belarus-Machthaber")
    html = cell_html(window, row, SOURCE)
    assert HIGHLIGHTS["found"].colour in html
    assert ">Belarus-Machthaber</span>" in html
    assert "Belarusian ruler" in window.table_model.index(row, SOURCE).data(3)  # tooltip


def test_the_glossary_beside_the_document_is_used_and_shown(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    assert window.glossary.attached_path == sample_folder / "glossary.csv"
    assert window.glossary_dock.model.total == 17
    assert window.session.project.glossary.endswith("glossary.csv")


def test_a_misspelt_term_is_flagged_before_any_translation(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    assert window.qa_dock.counts() == {"possible-misspelling": 1}


def test_without_a_model_the_banner_shows_and_editing_still_works(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    assert window.banner.isVisible()
    assert not window.act_translate_all.isEnabled()
    window.table_model.setData(window.table_model.index(1, TARGET), "Putin loses an ally!")
    assert window.session.project.segments[1].target == "Putin loses an ally!"


def test_an_unreadable_file_is_reported_and_changes_nothing(window, tmp_path):
    bad = tmp_path / "bad.wortlaut"
    bad.write_text("{ not json", encoding="utf-8")
    assert not window.open_path(bad)
    [(_title, message)] = window.prompts.errors
    assert "bad.wortlaut:1" in message


# -- translation --------------------------------------------------------------------------------
def test_translate_all_fills_targets_with_statuses_and_highlights(
    qtbot, window, sample_folder, installed_model
):
    window.open_path(sample_folder / "article-de.txt")
    window.refresh_model_state()
    assert not window.banner.isVisible()
    assert window.translate_all() is not None
    wait_for_translation(qtbot, window)
    segments = window.session.project.segments
    assert all(s.state is not SegmentState.NEW for s in segments)
    row = row_of(window, "Belarus-Machthaber")
    statuses = {r.term.source: r.status for r in segments[row].terms}
    assert statuses["Belarus-Machthaber"] in (TermStatus.APPLIED, TermStatus.ENFORCED)
    assert HIGHLIGHTS["enforced"].colour in cell_html(window, row, TARGET)
    assert window.qa_dock.counts()["possible-misspelling"] == 1


def test_the_ui_keeps_handling_events_while_translating(
    qtbot, window, sample_folder, installed_model
):
    """The event loop runs between the streamed results: translation is off the UI thread.

    How long the longest gap is (target ≤ 100 ms) is a speed figure, measured on a quiet machine
    by benchmarks/bench_startup.py, not asserted here where other work shares the cores."""
    window.open_path(sample_folder / "article-de.txt")
    window.row_heights.flush()  # the layout work of opening, done before anyone can click
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    results: list[float] = []
    job = window.translate_all()
    job.task.signals.partial.connect(lambda _batch: results.append(time.perf_counter()))
    wait_for_translation(qtbot, window)
    timer.stop()
    assert len(results) > 1
    between = [t for t in ticks if results[0] < t < results[-1]]
    assert len(between) >= 3, f"{len(between)} event-loop turns while results streamed in"


def test_results_stream_in_before_the_whole_document_is_done(
    qtbot, window, sample_folder, installed_model
):
    window.open_path(sample_folder / "article-de.txt")
    batches: list[int] = []
    job = window.translate_all()
    job.task.signals.partial.connect(lambda results: batches.append(len(results)))
    wait_for_translation(qtbot, window)
    assert len(batches) > 1
    assert sum(batches) == len(job.rows)


def test_cancel_stops_the_translation_and_keeps_what_was_done(
    qtbot, window, sample_folder, installed_model
):
    window.open_path(sample_folder / "article-de.txt")
    job = window.translate_all()
    job.task.signals.partial.connect(lambda _results: window.cancel_translation())
    wait_for_translation(qtbot, window)
    states = [s.state for s in window.session.project.segments]
    assert SegmentState.NEW in states and SegmentState.MT in states
    assert not window.progress.isVisible()


def test_edited_segments_are_not_overwritten_unless_the_translator_agrees(
    qtbot, window, sample_folder, installed_model
):
    window.open_path(sample_folder / "article-de.txt")
    window.session.edit_target(1, "Putin loses an important ally!")
    window.prompts.overwrite = "skip"
    window.translate_all()
    wait_for_translation(qtbot, window)
    assert "overwrite 1" in window.prompts.asked
    assert window.session.project.segments[1].target == "Putin loses an important ally!"
    window.prompts.overwrite = "overwrite"
    window.translate_all()
    wait_for_translation(qtbot, window)
    assert window.session.project.segments[1].state is SegmentState.MT


def test_cancelling_after_consent_leaves_edited_segments_edited_and_protected(
    qtbot, window, sample_folder, installed_model
):
    window.open_path(sample_folder / "article-de.txt")
    last = len(window.session.project.segments) - 1
    window.session.edit_target(last, "My own translation.")
    window.prompts.overwrite = "overwrite"
    window.translate_all()
    window.cancel_translation()  # long before the worker reaches the last segment
    wait_for_translation(qtbot, window)
    segment = window.session.project.segments[last]
    assert (segment.target, segment.state) == ("My own translation.", SegmentState.EDITED)
    window.prompts.overwrite = "skip"
    window.prompts.asked.clear()
    window.translate_all()
    wait_for_translation(qtbot, window)
    assert "overwrite 1" in window.prompts.asked  # asked again: the consent was for one run
    assert window.session.project.segments[last].target == "My own translation."


# -- editing ------------------------------------------------------------------------------------
def test_editing_a_target_can_be_undone_and_redone(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    segment = window.session.project.segments[2]
    window.table_model.setData(window.table_model.index(2, TARGET), "A firmly planned war partner")
    assert (segment.target, segment.state) == ("A firmly planned war partner", SegmentState.EDITED)
    assert window.isWindowModified()
    window.act_undo.trigger()
    assert (segment.target, segment.state) == ("", SegmentState.NEW)
    window.act_redo.trigger()
    assert segment.target == "A firmly planned war partner"


def test_an_edit_is_rechecked_against_the_glossary_at_once(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    row = row_of(window, "Fest eingeplanter Kriegspartner")
    window.session.edit_target(row, "A firmly planned ally refuses him")
    [result] = window.session.project.segments[row].terms
    assert result.status is TermStatus.MISSING
    window.session.edit_target(row, "A firmly planned war partner refuses him")
    [result] = window.session.project.segments[row].terms
    assert result.status is TermStatus.APPLIED
    assert HIGHLIGHTS["applied"].colour in cell_html(window, row, TARGET)


def test_ctrl_enter_confirms_and_moves_to_the_next_unconfirmed_segment(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    window.select_row(1)
    window.act_edit.trigger()
    editor = window.open_editor()
    editor.setPlainText("Putin loses an important ally!")
    window.act_confirm.trigger()
    segments = window.session.project.segments
    assert segments[1].state is SegmentState.CONFIRMED
    assert segments[1].target == "Putin loses an important ally!"
    assert window.current_row() == 2
    assert window.session.autosave_file.exists()  # confirming autosaves


def test_ctrl_up_and_down_move_between_segments(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    window.select_row(3)
    window.act_next.trigger()
    assert window.current_row() == 4
    window.act_previous.trigger()
    window.act_previous.trigger()
    assert window.current_row() == 2


def test_the_flagged_filter_shows_only_flagged_segments(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    window.set_filter("flagged")
    assert window.proxy.rowCount() == 1
    window.set_filter("unconfirmed")
    assert window.proxy.rowCount() == 28  # the number-only first line needs no translation


def test_find_filters_segments_by_source_or_target(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    window.act_find.trigger()
    window.find_bar.setText("Peskow")
    assert window.proxy.rowCount() == 1
    window.hide_find()
    assert window.proxy.rowCount() == 29


def test_a_qa_flag_click_selects_its_segment(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    window.qa_dock.segment_chosen.emit(row_of(window, "Kriesgpartner"))
    assert window.current_row() == row_of(window, "Kriesgpartner")


# -- glossary -----------------------------------------------------------------------------------
def test_add_term_from_a_selection_in_the_source_rechecks_the_segment(qtbot, window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    row = row_of(window, "Putin verliert wichtigen Verbündeten")
    window.session.edit_target(row, "Putin loses an important ally!")
    window.select_row(row, SOURCE)
    window.grid.edit(window.grid.currentIndex())
    viewer = window.open_editor()
    assert viewer.isReadOnly()
    cursor = viewer.textCursor()
    start = viewer.toPlainText().index("Verbündeten")
    cursor.setPosition(start)
    cursor.setPosition(start + len("Verbündeten"), cursor.MoveMode.KeepAnchor)
    viewer.setTextCursor(cursor)
    window.prompts.term_answer = lambda entry: TermEntry(entry.source, "ally")
    window.act_add_term.trigger()
    assert "term Verbündeten" in window.prompts.asked
    qtbot.waitUntil(lambda: bool(window.glossary.terms), timeout=10_000)
    assert [t.source for t in window.glossary.store.entries()] == ["Verbündeten"]
    statuses = {r.term.source: r.status for r in window.session.project.segments[row].terms}
    assert statuses == {"Verbündeten": TermStatus.APPLIED}


def test_editing_a_term_rechecks_the_segments_that_use_it(qtbot, window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    row = row_of(window, "Bollwerk")
    window.session.edit_target(row, "… the Ukrainian bastion at the front.")
    term = settled(qtbot, window.glossary.add(TermEntry("Bollwerk", "rampart")))
    assert {r.term.target: r.status for r in window.session.project.segments[row].terms}[
        "rampart"
    ] is TermStatus.MISSING
    window.prompts.term_answer = lambda entry: TermEntry(
        entry.source, "bastion", id=entry.id, version=entry.version
    )
    settled(qtbot, window.edit_term(term))
    results = window.session.project.segments[row].terms
    bollwerk = [(r.term.target, r.status) for r in results if r.term.source == "Bollwerk"]
    assert bollwerk == [("bastion", TermStatus.APPLIED)]


def test_inserting_a_segment_term_types_its_target_into_the_editor(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    row = row_of(window, "Bollwerk")
    window.select_row(row)
    assert window.glossary_dock.segment_terms.rowCount() >= 1
    window.act_insert_terms[0].trigger()
    editor = window.open_editor()
    assert editor is not None and not editor.isReadOnly()
    assert window.glossary_dock.segment_terms.items[0][0].target in editor.toPlainText()


def test_glossary_search_filters_as_you_type(qtbot, window):
    for source, target in (
        ("Kreml", "Kremlin"),
        ("Kreml-Sprecher", "Kremlin spokesman"),
        ("Bollwerk", "bulwark"),
    ):
        settled(qtbot, window.glossary.add(TermEntry(source, target)))
    window.glossary_dock.search.setText("krem")
    qtbot.waitUntil(lambda: window.glossary_dock.model.rowCount() == 2, timeout=2000)
    assert window.glossary_dock.count.text() == "2 terms"


def test_deleting_a_term_asks_and_removes_it(qtbot, window):
    term = settled(qtbot, window.glossary.add(TermEntry("Bollwerk", "bulwark")))
    settled(qtbot, window.delete_term(term))
    assert window.glossary.store.count() == 0


# -- files --------------------------------------------------------------------------------------
def test_save_and_reopen_keeps_targets_states_and_statuses(qtbot, window, sample_folder, tmp_path):
    window.open_path(sample_folder / "article-de.txt")
    window.session.confirm(2, "A firmly planned war partner turns him down")
    target = tmp_path / "article.wortlaut"
    window.prompts.save_paths.append(target)
    assert window.save()  # started: the file is written in the background
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=5000)
    project = load_project(target)
    assert project.segments[2].state is SegmentState.CONFIRMED
    assert project.segments[2].terms[0].status is TermStatus.APPLIED
    window.open_path(target)
    assert window.session.project.segments[2].target.startswith("A firmly planned war partner")


def test_export_writes_the_translation_and_a_bilingual_table(window, sample_folder, tmp_path):
    window.open_path(sample_folder / "article-de.txt")
    window.session.confirm(1, "Putin loses an important ally!")
    text_file, csv_file = tmp_path / "out.txt", tmp_path / "out.csv"
    window.prompts.save_paths += [text_file, csv_file]
    window.export_text()
    window.export_csv()
    exported = text_file.read_text(encoding="utf-8")
    assert exported.startswith("36450:\n\nPutin loses an important ally!")
    assert exported.count("\n\n") == (sample_folder / "article-de.txt").read_text().count("\n\n")
    rows = list(csv.reader(csv_file.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["segment", "source", "target", "state"]
    assert rows[2][2:] == ["Putin loses an important ally!", "confirmed"]


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    window.session.edit_target(1, "changed")
    window.prompts.save_answer = "cancel"
    assert not window.close()
    assert "save changes" in window.prompts.asked
    window.prompts.save_answer = "discard"
    assert window.close()


def test_an_autosave_left_by_a_crash_is_offered_and_restored(qtbot, window, sample_folder, prompts):
    window.open_path(sample_folder / "article-de.txt")
    window.session.edit_target(1, "Putin loses an important ally!")
    window.session.autosave()
    crashed = autosave_dir() / "session-crashed.wortlaut"  # its app no longer runs: no lock
    os.replace(window.session.autosave_file, crashed)

    from app.ui.main_window import MainWindow

    second = MainWindow()
    qtbot.addWidget(second)
    second.prompts = prompts
    second.glossary.load_now()
    assert second.offer_recovery()
    assert second.session.project.segments[1].target == "Putin loses an important ally!"
    assert second.session.modified
    assert second.session.autosave_file == crashed  # kept until the work is saved or dropped
    second.session.mark_saved()
    second.close()
    second.glossary.close()
    assert not crashed.exists()


def test_the_autosave_of_a_running_app_is_not_offered(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    window.session.edit_target(1, "x")
    window.session.autosave()
    assert not window.offer_recovery()
    assert window.session.autosave_file.exists()


def test_window_layout_and_column_widths_are_remembered(qtbot, window, prompts):
    window.source_share = 0.3
    window.fit_text_columns()
    window.save_layout()

    from app.ui.main_window import MainWindow

    again = MainWindow()
    qtbot.addWidget(again)
    assert abs(again.source_share - 0.3) < 0.01
    again.glossary.close()


def test_gui_screenshot_command_writes_a_png_of_the_translated_sample(
    installed_model, sample_folder, tmp_path, wortlaut_home
):
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    out = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "gui", "--screenshot", str(out),
         str(sample_folder / "article-de.txt")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORTLAUT_HOME": str(wortlaut_home)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    assert "Fatal" not in result.stderr


def test_every_menu_action_has_a_shortcut_and_a_name(window):
    def actions(menu):  # type: ignore[no-untyped-def]
        for action in menu.actions():
            if action.menu() is not None:
                if action.menu() is not window.recent_menu:  # filled with file names on demand
                    yield from actions(action.menu())
            elif not action.isSeparator():
                yield action

    missing = [
        a.text()
        for top in window.menuBar().actions()
        for a in actions(top.menu())
        if a.shortcut().isEmpty() or not a.text().replace("&", "").strip()
    ]
    assert missing == []
    assert all(top.menu().accessibleName() for top in window.menuBar().actions())


def test_the_recent_files_menu_lists_opened_files(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    window.recent_menu.aboutToShow.emit()  # filled when it opens
    assert [a.text() for a in window.recent_menu.actions()] == [
        str(sample_folder / "article-de.txt")
    ]


def test_a_model_shipped_in_the_installer_is_installed_on_first_start(
    qtbot, window, tmp_path, monkeypatch
):
    import shutil

    from app import paths
    from app.ui.main_window import install_bundled_model
    from tests.conftest import TINY_MODEL

    shipped = tmp_path / "models"
    shipped.mkdir()
    shutil.copy(TINY_MODEL, shipped / "translate-de_en.argosmodel")
    monkeypatch.setattr(paths, "bundled_models_dir", lambda: shipped)
    assert window.model_path() is None
    task = install_bundled_model(window)
    qtbot.waitUntil(lambda: task.done and window.model_path() is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=5000)
    assert install_bundled_model(window) is None  # installed once, not again


def test_a_failing_autosave_is_reported_once_and_retried(window, sample_folder, wortlaut_home):
    window.open_path(sample_folder / "article-de.txt")
    blocker = wortlaut_home / "autosave"
    blocker.write_text("a file where the autosave folder should be")
    failures = []
    window.session.autosave_failed.connect(failures.append)
    for text in ("first", "second"):
        window.session.edit_target(1, text)
        window.session.autosave()
    assert len(failures) == 1
    assert str(blocker) in failures[0]
    assert "Cannot autosave" in window.statusBar().currentMessage()
    blocker.unlink()
    window.session.autosave()
    assert window.session.autosave_file.exists()
