"""The glossary dock as a translator reads it in its default, narrow width."""

from __future__ import annotations

from app.ui.glossary_dock import GlossaryTableModel


def test_every_glossary_column_is_wide_enough_for_its_header(window, sample_folder, qtbot):
    window.open_path(sample_folder / "article-de.txt")
    table = window.glossary_dock.table
    metrics = table.horizontalHeader().fontMetrics()
    qtbot.waitUntil(lambda: table.viewport().width() > 100)
    for column in range(4):
        title = window.glossary_dock.model.headerData(column, 1, 0)
        assert table.columnWidth(column) >= metrics.horizontalAdvance(title) + 8, title


def test_the_notes_column_keeps_a_fair_share_when_the_dock_is_narrow(window, qtbot):
    table = window.glossary_dock.table
    window.glossary_dock.resize(300, 400)
    qtbot.waitUntil(lambda: table.viewport().width() < 300)
    notes = table.columnWidth(GlossaryTableModel.NOTES)
    assert notes >= 0.18 * table.viewport().width()
