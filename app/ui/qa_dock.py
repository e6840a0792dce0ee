"""The QA dock: every flag of the document grouped by kind, with counts; a click selects the
segment it belongs to."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDockWidget, QTreeView, QWidget

from app.flags import FLAG_ORDER, flag_label
from app.i18n import _, format_number
from app.ui.session import EditorSession

ROW_ROLE = Qt.ItemDataRole.UserRole + 10


class QADock(QDockWidget):
    segment_chosen = Signal(int)

    def __init__(self, session: EditorSession, parent: QWidget | None = None):
        super().__init__(_("Quality checks"), parent)
        self.setObjectName("qaDock")
        self.session = session
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName(_("Quality check flags"))
        self.tree.activated.connect(self._chosen)
        self.tree.clicked.connect(self._chosen)
        self.setWidget(self.tree)
        session.rows_changed.connect(lambda _rows: self.refresh())
        session.project_replaced.connect(self.refresh)

    def refresh(self) -> None:
        expanded = {
            self.model.item(i).data(ROW_ROLE)
            for i in range(self.model.rowCount())
            if self.tree.isExpanded(self.model.index(i, 0))
        }
        self.model.clear()
        groups: dict[str, list[tuple[int, str]]] = {}
        for row, segment in enumerate(self.session.project.segments):
            for flag in segment.flags:
                groups.setdefault(str(flag.kind), []).append((row, flag.text()))
        known = [str(kind) for kind in FLAG_ORDER]
        order = known + sorted(set(groups) - set(known))
        for kind in order:
            if kind not in groups:
                continue
            items = groups[kind]
            group = QStandardItem(f"{flag_label(kind)} ({format_number(len(items))})")
            group.setData(kind, ROW_ROLE)
            group.setEditable(False)
            for row, message in items:
                child = QStandardItem(
                    _("Segment %(n)s: %(message)s") % {"n": row + 1, "message": message}
                )
                child.setData(row, ROW_ROLE)
                child.setEditable(False)
                child.setToolTip(message)
                group.appendRow(child)
            self.model.appendRow(group)
            if kind in expanded or not expanded:
                self.tree.expand(group.index())

    def counts(self) -> dict[str, int]:
        """Flags per kind as shown (for tests and the status bar)."""
        result = {}
        for i in range(self.model.rowCount()):
            item = self.model.item(i)
            result[item.data(ROW_ROLE)] = item.rowCount()
        return result

    def _chosen(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, int):
            self.segment_chosen.emit(row)
