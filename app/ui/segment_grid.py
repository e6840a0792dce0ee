"""The segment grid: the table view of the document, with source and target sharing the width.

Source and target take the width the fixed columns (#, status, flags) leave, in the ratio the
user last dragged to; the ratio and the column state are remembered in the settings.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.i18n import _
from app.ui.segment_delegate import SegmentDelegate
from app.ui.segment_table import RowHeights, SegmentFilter, SegmentTableModel
from app.ui.settings import Settings

FIXED_COLUMNS = ((0, 36), (3, 84), (4, 130))  # (column, width): #, status, flags
MIN_SHARE, MAX_SHARE = 0.2, 0.8


def clamp_share(share: float) -> float:
    return min(MAX_SHARE, max(MIN_SHARE, share))


class SegmentGrid(QTableView):
    """The view over `proxy`; `row_heights` keeps wrapped rows as tall as their text."""

    def __init__(self, proxy: SegmentFilter) -> None:
        super().__init__()
        self.setObjectName("segmentGrid")
        self.setAccessibleName(_("Segments"))
        self.setModel(proxy)
        self.setItemDelegate(SegmentDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        palette = self.palette()  # a light selection keeps the term highlights readable
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#cfe2f8"))
        palette.setColor(QPalette.ColorRole.HighlightedText, palette.color(QPalette.ColorRole.Text))
        self.setPalette(palette)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setMinimumSectionSize(24)
        self.row_heights = RowHeights(self, proxy)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setStretchLastSection(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for column, width in FIXED_COLUMNS:
            self.setColumnWidth(column, width)
        self.source_share = 0.5  # of the width left for source + target; follows the user's drag
        self._fitting = False
        header.sectionResized.connect(self._column_resized)
        self.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.viewport()
            and isinstance(event, QResizeEvent)
            and event.size().width() != event.oldSize().width()
        ):
            self.fit_text_columns()
        return super().eventFilter(watched, event)

    def _fixed_width(self) -> int:
        return sum(self.columnWidth(column) for column, _width in FIXED_COLUMNS)

    def fit_text_columns(self) -> None:
        """Source and target share the width the other columns leave, in the user's ratio."""
        available = max(200, self.viewport().width() - self._fixed_width())
        self._fitting = True
        source = int(available * self.source_share)
        self.setColumnWidth(SegmentTableModel.SOURCE, source)
        self.setColumnWidth(SegmentTableModel.TARGET, available - source)
        self._fitting = False
        self.row_heights.all()

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if self._fitting:
            return
        if column == SegmentTableModel.SOURCE:
            total = self.viewport().width() - self._fixed_width()
            if total > 0:
                self.source_share = clamp_share(self.columnWidth(SegmentTableModel.SOURCE) / total)
        QTimer.singleShot(0, self.fit_text_columns)

    def restore_columns(self, settings: Settings) -> None:
        columns = settings.bytes("window/columns")
        if columns is not None:
            self.horizontalHeader().restoreState(columns)
        share = settings.qsettings.value("window/source_share")
        if share is not None:
            self.source_share = clamp_share(float(str(share)))

    def save_columns(self, settings: Settings) -> None:
        settings.set_bytes("window/columns", self.horizontalHeader().saveState())
        settings.qsettings.setValue("window/source_share", self.source_share)
