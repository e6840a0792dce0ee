"""Inline tags in the app: the translator's edits of tagged segments are checked for their tags."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.formats.inline import TagKind
from app.ui.segment_table import HTML_ROLE, SegmentTableModel
from app.ui.tag_chips import PAIRED, chip
from tests.app.formats.conftest import DOCUMENTS

FLAGS, SOURCE, TARGET = SegmentTableModel.FLAGS, SegmentTableModel.SOURCE, SegmentTableModel.TARGET


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


def test_tags_show_as_numbered_chips_in_the_source_and_target_columns(window):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.session.edit_target(row, "This is <1>bold</1> and <2>a link</2>.")
    for column in (SOURCE, TARGET):
        html = window.table_model.index(row, column).data(HTML_ROLE)
        assert "&lt;1&gt;" not in html and "&lt;/2&gt;" not in html  # no raw markers
        assert html.count(f'<span style="{PAIRED}">') == 4  # 1›, ‹1, 2›, ‹2
    target = window.table_model.index(row, TARGET).data(HTML_ROLE)
    assert chip(1, TagKind.OPEN) + "bold" + chip(1, TagKind.CLOSE) in target
