"""The segment grid as a translator reads it: whole targets, readable tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiFunctions
from PySide6.QtGui import QTextDocument

from app.ui.segment_table import SegmentTableModel
from tests.app.ui.conftest import settled

SOURCE, TARGET, FLAGS = SegmentTableModel.SOURCE, SegmentTableModel.TARGET, SegmentTableModel.FLAGS
LONG_TARGET = " ".join(["The bulwark stands firm against every storm of the season."] * 8)


def open_text(window, tmp_path, text: str):
    document = tmp_path / "doc.txt"
    document.write_text(text, encoding="utf-8")
    assert window.open_path(document)


def test_a_target_longer_than_its_source_fits_in_its_row(window, tmp_path, qtbot):
    open_text(window, tmp_path, "Ja.\n\nNein.\n")
    window.table_model.setData(window.table_model.index(0, TARGET), LONG_TARGET)
    window.row_heights.flush()
    needed = QTextDocument()
    needed.setDefaultFont(window.grid.font())
    needed.setDocumentMargin(4)
    needed.setPlainText(LONG_TARGET)
    needed.setTextWidth(window.grid.columnWidth(TARGET))
    assert window.grid.rowHeight(0) >= needed.size().height()


def test_a_row_grows_again_when_its_target_is_translated_later(window, tmp_path):
    open_text(window, tmp_path, "Ja.\n\nNein.\n")
    window.row_heights.flush()
    short = window.grid.rowHeight(0)
    window.table_model.setData(window.table_model.index(0, TARGET), LONG_TARGET)
    window.row_heights.flush()
    assert window.grid.rowHeight(0) > 2 * short


def test_a_flag_tooltip_shows_quotes_not_html_entities(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    row = next(
        i for i, s in enumerate(window.session.project.segments) if "Kriesgpartner" in s.source
    )
    for column in (SOURCE, FLAGS):
        tip = window.table_model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
        shown = QTextDocument()
        if QtGuiFunctions.mightBeRichText(tip):  # what QToolTip does with the text
            shown.setHtml(tip)
        else:
            shown.setPlainText(tip)
        text = shown.toPlainText()
        assert "'Kriesgpartner' looks like a misspelling of 'Kriegspartner'" in text
        assert "&#x27;" not in text


def test_a_placed_term_tooltip_says_how_the_term_got_there(window, tmp_path):
    from app.document import TermResult, TermStatus
    from glossary.terms import TermEntry

    open_text(window, tmp_path, "Das Bollwerk hält.\n")
    segment = window.session.project.segments[0]
    segment.target = "The bulwark holds."
    segment.terms = [
        TermResult(TermEntry("Bollwerk", "bulwark"), 4, 12, TermStatus.ENFORCED, 4, 11,
                   method="alignment")
    ]  # fmt: skip
    tip = window.table_model.index(0, TARGET).data(Qt.ItemDataRole.ToolTipRole)
    assert "term enforced" in tip and "attention" in tip


def test_the_target_editor_stays_inside_its_row_as_the_text_grows(window, tmp_path, qtbot):
    from app.ui.tag_editor import TagEditor

    open_text(window, tmp_path, "Ja.\n\nNein.\n")
    window.row_heights.flush()
    index = window.proxy.index(0, TARGET)
    window.grid.setCurrentIndex(index)
    window.grid.edit(index)
    editor = window.grid.findChild(TagEditor)
    assert editor is not None and editor.isVisible()
    editor.setPlainText(LONG_TARGET + "\n" + LONG_TARGET)
    qtbot.waitUntil(lambda: editor.geometry().bottom() < window.grid.rowViewportPosition(1))
    assert editor.geometry().top() >= window.grid.rowViewportPosition(0)
    assert window.grid.rowHeight(0) > 100


def panel_lines(window) -> list[str]:
    model = window.glossary_dock.segment_terms
    return [model.index(i).data() for i in range(model.rowCount())]


def test_the_terms_panel_shows_statuses_once_the_translation_arrives(
    qtbot, window, sample_folder, installed_model
):
    from tests.app.ui.conftest import wait_for_translation

    window.open_path(sample_folder / "article-de.txt")
    window.refresh_model_state()
    row = next(i for i, s in enumerate(window.session.project.segments) if "Bollwerk" in s.source)
    window.select_row(row)
    assert "Alt+2  • Bollwerk → bulwark" in panel_lines(window)
    window.translate_all()
    wait_for_translation(qtbot, window)
    assert "Alt+2  ✓ Bollwerk → bulwark" in panel_lines(window)


def test_the_terms_panel_lists_a_term_added_from_the_current_segment(qtbot, window, tmp_path):
    from glossary.terms import TermEntry

    open_text(window, tmp_path, "Der Verbündete kommt.\n")
    window.select_row(0)
    assert panel_lines(window) == []
    settled(qtbot, window.glossary.add(TermEntry("Verbündete", "ally")))
    assert panel_lines(window) == ["Alt+1  • Verbündete → ally"]


def test_every_highlight_differs_in_more_than_colour():
    from app.ui.segment_table import HIGHLIGHTS

    shapes = {(mark.line, mark.bold) for mark in HIGHLIGHTS.values()}
    assert len(shapes) == len(HIGHLIGHTS)


def test_the_legend_draws_each_kind_as_the_grid_does(window):
    from app.ui.legend import Legend
    from app.ui.segment_table import HIGHLIGHTS

    legend = window.findChild(Legend)
    assert set(legend.chips) == set(HIGHLIGHTS)
    for key, chip in legend.chips.items():
        assert HIGHLIGHTS[key].css in chip.text()


def test_source_terms_stay_marked_as_glossary_terms_after_translation(
    qtbot, window, sample_folder, installed_model
):
    from app.ui.segment_table import HIGHLIGHTS, HTML_ROLE
    from tests.app.ui.conftest import wait_for_translation

    window.open_path(sample_folder / "article-de.txt")
    window.refresh_model_state()
    window.translate_all()
    wait_for_translation(qtbot, window)
    row = next(i for i, s in enumerate(window.session.project.segments) if "Bollwerk" in s.source)
    html = window.table_model.index(row, SOURCE).data(HTML_ROLE)
    assert f'<span style="{HIGHLIGHTS["found"].css}">Bollwerk</span>' in html


def test_a_forbidden_rendering_is_highlighted_where_its_flag_says(window, tmp_path):
    from app.document import Flag
    from app.ui.segment_table import HTML_ROLE

    open_text(window, tmp_path, "Weißrussland und Weißrussland.\n")
    segment = window.session.project.segments[0]
    segment.target = "White Russia and White Russia."
    segment.flags = [Flag.forbidden_anywhere("Weißrussland", "Belarus", "White Russia",
                                             "White Russia", 17, 29)]  # fmt: skip
    html = window.table_model.index(0, TARGET).data(HTML_ROLE)
    assert html.count("<span") == 1
    assert html.startswith("White Russia and <span")


def test_one_keystroke_applies_the_current_segments_term_proposal_and_undo_takes_it_back(
    window, tmp_path
):
    from PySide6.QtGui import QKeySequence

    from app.document import Flag
    from app.ui.actions import Act

    open_text(window, tmp_path, "Das Bollwerk hält.\n")
    segment = window.session.project.segments[0]
    segment.target = "The fortress holds."
    segment.flags = [
        Flag.term_missing_proposed(
            "Bollwerk", "bulwark", "Bollwerk", 4, 12, 4, 12, "fortress", "bulwark", 0.3
        )
    ]
    shown = QTextDocument()
    shown.setHtml(window.table_model.index(0, TARGET).data(Qt.ItemDataRole.ToolTipRole))
    tip = shown.toPlainText()
    assert "proposed: 'bulwark' in place of 'fortress'" in tip and "Apply proposed term" in tip
    window.select_row(0)
    action = window.acts[Act.APPLY_PROPOSAL]
    assert action.shortcut() == QKeySequence("Ctrl+Shift+P")
    action.trigger()
    assert window.session.project.segments[0].target == "The bulwark holds."
    window.session.undo_stack.undo()
    assert window.session.project.segments[0].target == "The fortress holds."
