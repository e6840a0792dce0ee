"""Inline tags in the app: the translator's edits of tagged segments are checked for their tags."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.segment_table import SegmentTableModel
from tests.app.formats.conftest import DOCUMENTS

FLAGS = SegmentTableModel.FLAGS


def row_of(window, start: str) -> int:
    segments = window.session.project.segments
    return next(i for i, s in enumerate(segments) if s.source.startswith(start))


def test_an_edited_target_that_lost_a_tag_is_flagged_in_the_grid_and_the_qa_dock(window):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.session.edit_target(row, "This is <1>bold</1> and a link.")
    tip = window.table_model.index(row, FLAGS).data(Qt.ItemDataRole.ToolTipRole)
    assert "tag &lt;2&gt; of the source is missing" in tip
    assert window.qa_dock.counts().get("tag-mismatch") == 2  # <2> and </2> are missing
