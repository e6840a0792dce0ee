"""The target editor shows a segment's inline tags as chips that typing cannot damage."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from app.formats.inline import Tag, TagKind, from_markers
from app.ui.actions import Act
from app.ui.segment_table import MARKED_ROLE
from app.ui.tag_editor import TagEditor
from tests.app.formats.conftest import DOCUMENTS
from tests.app.ui.conftest import row_of

BOLD_OPEN, BOLD_CLOSE = Tag(TagKind.OPEN, "b", "b"), Tag(TagKind.CLOSE, "b", "b")
BREAK = Tag(TagKind.STANDALONE, "br", "br")
SOURCE = ["Das ist ", BOLD_OPEN, "fett", BOLD_CLOSE, " und", BREAK, " gut."]  # tags 1 (pair), 2


@pytest.fixture
def editor(qtbot):  # type: ignore[no-untyped-def]
    widget = TagEditor()
    qtbot.addWidget(widget)
    widget.set_tags(SOURCE)
    widget.show()
    return widget


def test_markers_of_the_source_tags_become_one_character_chips(editor):
    editor.set_marked_text("This is <1>bold</1> and<2/> good.")
    assert editor.plain_text() == "This is bold and good."
    assert len(editor.toPlainText()) == len("This is bold and good.") + 3
    assert editor.tag_numbers() == [(1, TagKind.OPEN), (1, TagKind.CLOSE), (2, TagKind.STANDALONE)]
    assert editor.marked_text() == "This is <1>bold</1> and<2/> good."


def test_backspace_after_a_chip_removes_the_whole_tag_and_nothing_else(editor, qtbot):
    editor.set_marked_text("This is <1>bold</1> and good.")
    cursor = editor.textCursor()
    cursor.setPosition(len("This is ") + 1 + len("bold") + 1)  # just after the closing chip
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.marked_text() == "This is <1>bold and good."


def test_typing_over_a_word_selected_with_its_chips_keeps_the_chips(editor, qtbot):
    editor.set_marked_text("Sign <1>the contract</1> now")
    cursor = editor.textCursor()
    cursor.setPosition(len("Sign "))
    cursor.setPosition(len("Sign the contract") + 2, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "the agreement")
    assert editor.marked_text() == "Sign <1>the agreement</1> now"


def test_a_double_clicked_word_inside_a_pair_is_selected_without_the_chips(editor, qtbot):
    editor.set_marked_text("Sign <1>contract</1> now")
    cursor = editor.textCursor()
    cursor.setPosition(len("Sign ") + 3)  # inside "contract"
    point = editor.cursorRect(cursor).center()
    qtbot.mouseDClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert editor.textCursor().selectedText() == "contract"


def test_ctrl_backspace_after_a_closing_chip_deletes_the_word_not_the_chips(editor, qtbot):
    editor.set_marked_text("Sign <1>contract</1>")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier)
    assert editor.marked_text() == "Sign <1></1>"


def test_ctrl_delete_before_a_pair_deletes_its_word_and_keeps_both_chips(editor, qtbot):
    editor.set_marked_text("Der <1>Vorstand</1> hat")
    cursor = editor.textCursor()
    cursor.setPosition(len("Der "))
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "board")
    assert editor.marked_text().startswith("Der <1>board</1>")


def test_ctrl_backspace_just_inside_a_pair_deletes_the_word_before_it_not_the_chip(editor, qtbot):
    editor.set_marked_text("The <1>board</1> has")
    cursor = editor.textCursor()
    cursor.setPosition(len("The ") + 1)  # just after the opening chip
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier)
    assert editor.marked_text() == "<1>board</1> has"


def test_delete_on_a_selection_of_only_chips_removes_them(editor, qtbot):
    editor.set_marked_text("a<2/>b")
    cursor = editor.textCursor()
    cursor.setPosition(1)
    cursor.setPosition(2, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.marked_text() == "ab"


def test_typing_a_marker_by_hand_stays_text_and_is_stored_escaped(editor, qtbot):
    editor.set_marked_text("")
    qtbot.keyClicks(editor, "a <1> b")
    assert editor.tag_numbers() == []
    assert editor.marked_text() == "a <<1> b"
    assert from_markers(editor.marked_text(), SOURCE) == ["a <1> b"]


def test_text_typed_right_after_a_chip_is_plain_text(editor, qtbot):
    editor.set_marked_text("x<2/>")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "yz")
    assert editor.marked_text() == "x<2/>yz"
    assert editor.tag_numbers() == [(2, TagKind.STANDALONE)]


def test_markers_the_source_has_no_tag_for_stay_text(editor):
    editor.set_marked_text("a <7>b</7> <<1> c")
    assert editor.tag_numbers() == []
    assert editor.plain_text() == "a <7>b</7> <1> c"


def test_cut_and_paste_moves_a_chip_with_its_words(editor):
    editor.set_marked_text("<1>bold</1> This is")
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(len("bold") + 3, QTextCursor.MoveMode.KeepAnchor)  # chip, word, chip, space
    editor.setTextCursor(cursor)
    editor.cut()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText(" ")
    editor.paste()
    assert editor.marked_text().strip() == "This is <1>bold</1>"


def test_a_copied_selection_carries_its_markers_to_other_programs(editor):
    editor.set_marked_text("This is <1>bold</1>.")
    editor.selectAll()
    editor.copy()
    assert QApplication.clipboard().text() == "This is <1>bold</1>."


def test_chips_dragged_from_one_editor_drop_as_chips_in_another(editor, qtbot):
    editor.set_marked_text("This is <1>bold</1>.")
    editor.selectAll()
    dragged = editor.createMimeDataFromSelection()  # what Qt's drag carries (HTML, U+FFFC)
    other = TagEditor()
    qtbot.addWidget(other)
    other.set_tags(SOURCE)
    other.insertFromMimeData(dragged)
    assert other.marked_text() == "This is <1>bold</1>."


def test_the_qt_binding_keeps_nones_reference_count():
    """PySide6 6.12.0 dropped a reference to None on every call of a method returning nothing;
    drawing a few hundred chips then aborted the app (pyproject.toml excludes that version)."""
    import sys

    from PySide6.QtCore import QPointF

    point = QPointF()
    before = sys.getrefcount(None)
    for _ in range(100):
        point.setX(1.0)
    assert sys.getrefcount(None) - before > -50


def test_pasted_rich_text_arrives_as_plain_text(editor):
    from PySide6.QtCore import QMimeData

    data = QMimeData()
    data.setHtml("<b>fat</b> <i>text</i>")
    data.setText("fat text")
    editor.set_marked_text("")
    editor.insertFromMimeData(data)
    assert editor.marked_text() == "fat text"


def test_a_pair_inserted_around_a_selection_is_one_undo_step(editor):
    editor.set_marked_text("This is bold")
    cursor = editor.textCursor()
    cursor.setPosition(len("This is "))
    cursor.setPosition(len("This is bold"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    assert editor.insert_tag(1)
    assert editor.marked_text() == "This is <1>bold</1>"
    editor.undo()
    assert editor.marked_text() == "This is bold"


def test_a_tag_the_source_does_not_have_is_not_inserted(editor):
    editor.set_marked_text("x")
    assert not editor.insert_tag(5)
    assert editor.marked_text() == "x"


def test_missing_tags_are_listed_in_source_order(editor):
    editor.set_marked_text("This <2/> is <1>bold")
    assert editor.missing_tags() == [1]  # the pair's closing chip is missing


def test_without_source_tags_the_editor_is_plain_text(qtbot):
    widget = TagEditor()
    qtbot.addWidget(widget)
    widget.set_tags(None)
    widget.set_marked_text("a <1> b")
    assert widget.marked_text() == "a <1> b"
    assert widget.tag_numbers() == []


def test_a_chip_shows_its_marker_and_format_as_a_tooltip(editor):
    editor.set_marked_text("<1>bold</1>")
    rect = editor.cursorRect(QTextCursor(editor.document()))
    assert editor.chip_tip_at(rect.center()) == "Tag <1>: b"


# -- in the window ------------------------------------------------------------------------------


def test_the_target_editor_opens_with_the_targets_tags_as_chips(window):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.session.edit_target(row, "This is <1>bold</1> and <2>a link</2>.")
    window.select_row(row)
    window.acts[Act.EDIT].trigger()
    editor = window.open_editor()
    assert editor.tag_numbers() == [
        (1, TagKind.OPEN),
        (1, TagKind.CLOSE),
        (2, TagKind.OPEN),
        (2, TagKind.CLOSE),
    ]
    assert editor.plain_text() == "This is bold and a link."


def test_an_edit_with_chips_is_stored_with_markers(window, qtbot):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.select_row(row)
    window.acts[Act.EDIT].trigger()
    editor = window.open_editor()
    editor.set_marked_text("This is <1>bold</1> and <2>a link</2>")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "!")
    window.commit_editor()
    assert window.session.project.segments[row].target == "This is <1>bold</1> and <2>a link</2>!"
    assert window.qa_dock.counts().get("tag-mismatch") is None


def test_f8_inserts_the_next_tag_the_target_is_missing(window):
    window.open_path(DOCUMENTS / "page.html")
    window.select_row(row_of(window, "Das ist"))
    window.acts[Act.EDIT].trigger()
    editor = window.open_editor()
    editor.set_marked_text("This is <1>bold</1> and ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    window.acts[Act.INSERT_MISSING_TAG].trigger()
    editor.insertPlainText("a link")
    assert editor.marked_text() == "This is <1>bold</1> and <2>a link</2>"


def test_chips_copied_in_the_source_viewer_paste_as_chips_in_the_target(window):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.select_row(row, SOURCE_COLUMN)
    window.grid.edit(window.grid.currentIndex())
    viewer = window.open_editor()
    assert viewer.isReadOnly()
    assert viewer.marked_text().startswith("Das ist <1>fett</1>")
    cursor = viewer.textCursor()
    start = len("Das ist ")
    cursor.setPosition(start)
    cursor.setPosition(start + len("fett") + 2, QTextCursor.MoveMode.KeepAnchor)
    viewer.setTextCursor(cursor)
    viewer.copy()
    window.commit_editor()
    window.edit_current_target()
    editor = window.open_editor()
    editor.set_marked_text("This is ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.paste()
    assert editor.marked_text() == "This is <1>fett</1>"


SOURCE_COLUMN = 1


def test_a_segment_with_hundreds_of_tags_paints_and_opens_in_the_editor(window, tmp_path):
    page = tmp_path / "many.html"
    words = " ".join(f"<b>Wort{n}</b>" for n in range(400))
    page.write_text(f"<p>Anfang {words} Ende</p>\n", encoding="utf-8")
    window.open_path(page)
    window.row_heights.flush()
    assert not window.grid.viewport().grab().isNull()  # PySide6 crashed here once (none_dealloc)
    window.select_row(0)
    window.edit_current_target()
    window.open_editor().set_marked_text(window.table_model.index(0, 1).data(MARKED_ROLE))
    assert len(window.open_editor().tag_numbers()) == 800
