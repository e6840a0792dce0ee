"""Inline tags in the app: the translator's edits of tagged segments are checked for their tags."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCursor

from app.formats.inline import TagKind
from app.ui.actions import Act
from app.ui.segment_table import HTML_ROLE, SegmentTableModel
from app.ui.tag_chips import chip
from tests.app.formats.conftest import DOCUMENTS
from tests.app.ui.conftest import row_of

FLAGS, SOURCE, TARGET = SegmentTableModel.FLAGS, SegmentTableModel.SOURCE, SegmentTableModel.TARGET


def test_an_edited_target_that_lost_a_tag_is_flagged_in_the_grid_and_the_qa_dock(window):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.session.edit_target(row, "This is <1>bold</1> and a link.")
    tip = window.table_model.index(row, FLAGS).data(Qt.ItemDataRole.ToolTipRole)
    assert "tag &lt;2&gt; of the source is missing" in tip
    assert window.qa_dock.counts().get("tag-mismatch") == 2  # <2> and </2> are missing


def test_tags_show_as_numbered_chips_in_the_source_and_target_columns(window):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.session.edit_target(row, "This is <1>bold</1> and <2>a link</2>.")
    for column in (SOURCE, TARGET):
        html = window.table_model.index(row, column).data(HTML_ROLE)
        assert "&lt;1&gt;" not in html and "&lt;/2&gt;" not in html  # no raw markers
        assert html.count('<img src="wortlaut-chip:') == 4  # 1›, ‹1, 2›, ‹2
    target = window.table_model.index(row, TARGET).data(HTML_ROLE)
    assert chip(1, TagKind.OPEN) + "bold" + chip(1, TagKind.CLOSE) in target


def test_ctrl_shift_n_puts_the_nth_source_tag_around_the_selected_target_words(window):
    window.open_path(DOCUMENTS / "page.html")
    window.select_row(row_of(window, "Das ist"))
    window.acts[Act.EDIT].trigger()
    editor = window.open_editor()
    editor.set_marked_text("This is bold and a link.")
    cursor = editor.textCursor()
    cursor.setPosition(len("This is bold and "))
    cursor.setPosition(len("This is bold and a link"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    action = window.acts[Act.INSERT_TAG_2]
    assert action.shortcut() == QKeySequence("Ctrl+Shift+2")
    action.trigger()
    assert editor.marked_text() == "This is bold and <2>a link</2>."


def test_no_two_actions_share_a_shortcut(window):
    keys = [a.shortcut().toString() for a in window.acts.values() if not a.shortcut().isEmpty()]
    assert len(keys) == len(set(keys))


def test_without_a_selection_a_pair_goes_at_the_cursor_with_the_cursor_between(window):
    window.open_path(DOCUMENTS / "page.html")
    window.select_row(row_of(window, "Das ist"))
    window.acts[Act.EDIT].trigger()
    editor = window.open_editor()
    editor.set_marked_text("This is ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    window.acts[Act.INSERT_TAG_1].trigger()
    editor.insertPlainText("bold")
    assert editor.marked_text() == "This is <1>bold</1>"


def test_a_saved_project_exports_its_document_after_the_source_file_moved(window, tmp_path):
    source = tmp_path / "page.html"
    shutil.copy(DOCUMENTS / "page.html", source)
    window.open_path(source)
    row = row_of(window, "Das ist")
    window.session.confirm(row, "This is <1>bold</1> and <2>a link</2>.")
    saved = window.session.save(tmp_path / "job.wortlaut")
    source.rename(tmp_path / "moved.html")
    window.open_path(saved)
    out = tmp_path / "page-en.html"
    window.prompts.save_paths.append(out)
    window.documents.export_document()
    assert not window.prompts.errors
    html = out.read_text(encoding="utf-8")
    assert "This is <strong>bold</strong> and <a" in html


def test_a_tag_marker_does_not_stand_for_a_number_the_target_lost(window, tmp_path):
    source = tmp_path / "price.html"
    source.write_text("<p>Es gibt <b>1</b> Preis.</p>\n", encoding="utf-8")
    window.open_path(source)
    window.session.edit_target(0, "There is <1>one</1> prize.")
    assert window.qa_dock.counts().get("number-mismatch") == 1


def test_the_text_and_table_exports_of_a_document_leave_the_tag_markers_out(window, tmp_path):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.session.confirm(row, "This is <1>bold</1> and <2>a link</2>.")
    text_file, table = tmp_path / "page.txt", tmp_path / "page.csv"
    window.prompts.save_paths += [text_file, table]
    window.documents.export_text()
    window.documents.export_csv()
    assert "This is bold and a link." in text_file.read_text(encoding="utf-8")
    assert "This is bold and a link." in table.read_text(encoding="utf-8-sig")
    assert "<1>" not in text_file.read_text(encoding="utf-8") + table.read_text(
        encoding="utf-8-sig"
    )


def test_find_matches_target_words_that_a_tag_separates(window):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.session.edit_target(row, "This is <1>bold</1> and <2>a link</2>.")
    window.proxy.set_search("bold and a link")
    assert window.proxy.rowCount() == 1


def test_exporting_a_document_with_flagged_tags_says_how_many_segments_need_a_look(
    window, tmp_path
):
    window.open_path(DOCUMENTS / "page.html")
    window.session.confirm(row_of(window, "Das ist"), "This is bold and a link.")  # no tags
    out = tmp_path / "page-en.html"
    window.prompts.save_paths.append(out)
    window.documents.export_document()
    assert out.exists()
    assert "1 segment has tags that need a look" in window.statusBar().currentMessage()


def test_confirming_a_target_that_lost_a_tag_says_so_in_the_status_bar(window):
    window.open_path(DOCUMENTS / "page.html")
    window.select_row(row_of(window, "Das ist"))
    window.acts[Act.EDIT].trigger()
    window.open_editor().set_marked_text("This is <1>bold</1> and a link.")
    window.confirm_and_next()
    message = window.statusBar().currentMessage()
    assert "confirmed with tag problems" in message and "<2>" in message
