"""The glossary dock: search-as-you-type over the whole glossary, term editing, import/export,
and the terms found in the current segment (insertable into the target with Alt+1…9)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.document import Segment, TermStatus
from app.i18n import _, format_number
from app.ui.glossary_service import GlossaryService
from glossary.matcher import TermMatch
from glossary.terms import TermEntry
from glossary.workspace import TermChange

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
SEARCH_DELAY_MS = 120


class GlossaryTableModel(QAbstractTableModel):
    """Search results over every term in use (stored and document glossary), a page at a time.

    Searches run on the service's in-memory index: ~20 ms for a one-letter query at 100k terms.
    """

    SOURCE, TARGET, FORBIDDEN, NOTES = range(4)
    SHARES = (0.3, 0.3, 0.18, 0.22)  # of the table's width; notes last, where eliding hurts least

    def __init__(self, service: GlossaryService, parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.query = ""
        self.rows: list[TermEntry] = []
        self.total = 0
        self.complete = True

    def search(self, query: str, size: int = PAGE) -> None:
        self.beginResetModel()
        self.query = query
        result = self.service.search(query, limit=size)
        self.rows, self.total, self.complete = result.entries, result.total, result.complete
        self.endResetModel()

    def refresh(self) -> None:
        self.search(self.query, max(PAGE, len(self.rows)))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        result = self.service.search(self.query, limit=len(self.rows) + PAGE)
        more = result.entries[len(self.rows) :]
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows += more
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_("German"), _("English"), _("Forbidden"), _("Notes")][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return entry
        if entry.id is None:  # from the document glossary
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                name = self.service.attached_path.name if self.service.attached_path else ""
                return _("From %s beside the document (read-only; import it to edit)") % name
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return [entry.source, entry.target, "; ".join(entry.forbidden), entry.notes][
                index.column()
            ]
        return None


class SegmentTermsModel(QAbstractListModel):
    """Glossary terms in the current segment, numbered for Alt+1…9."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.items: list[tuple[TermEntry, str]] = []  # (term, status or "")

    def show(self, segment: Segment | None, matches: list[TermMatch]) -> None:
        self.beginResetModel()
        if segment is None:
            self.items = []
        elif segment.terms:
            self.items = [(r.term, str(r.status)) for r in segment.terms]
        else:
            self.items = [(m.term, "") for m in matches]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        term, status = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            number = f"Alt+{index.row() + 1}  " if index.row() < 9 else ""
            mark = {
                str(TermStatus.APPLIED): "✓",
                str(TermStatus.ENFORCED): "✓",
                str(TermStatus.MISSING): "✗",
            }.get(status, "•")
            return f"{number}{mark} {term.source} → {term.target}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return term.notes or None
        if role == Qt.ItemDataRole.UserRole:
            return term
        return None


class GlossaryDock(QDockWidget):
    add_requested = Signal()
    edit_requested = Signal(object)  # TermEntry
    delete_requested = Signal(object)
    import_requested = Signal()
    export_requested = Signal()
    insert_requested = Signal(object)  # TermEntry: put its target into the target editor
    import_attached_requested = Signal()
    history_requested = Signal(object)  # TermEntry

    def __init__(self, service: GlossaryService, parent: QWidget | None = None):
        super().__init__(_("Glossary"), parent)
        self.setObjectName("glossaryDock")
        self.service = service
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search German or English (Ctrl+G)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search the glossary"))
        layout.addWidget(self.search)
        self.team_status = QLabel()
        self.team_status.setWordWrap(True)
        self.team_status.setAccessibleName(_("Team glossary status"))
        self.team_status.hide()
        layout.addWidget(self.team_status)
        self.attached = QWidget()
        attached_row = QHBoxLayout(self.attached)
        attached_row.setContentsMargins(0, 0, 0, 0)
        self.attached_label = QLabel()
        self.attached_label.setWordWrap(True)
        attached_row.addWidget(self.attached_label, 1)
        attached_import = QPushButton(_("Import…"))
        attached_import.setAccessibleName(_("Import the document glossary into my glossary"))
        attached_import.clicked.connect(self.import_attached_requested)
        attached_row.addWidget(attached_import)
        self.attached.hide()
        layout.addWidget(self.attached)
        self.count = QLabel()
        self.count.setAccessibleName(_("Number of matching terms"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = GlossaryTableModel(service, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(48)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.viewport().installEventFilter(self)  # columns follow the dock's width
        self.table.setAccessibleName(_("Glossary terms"))
        self.table.doubleClicked.connect(lambda _i: self._edit_selected())
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table)
        top_layout.addWidget(self.count)
        buttons = QGridLayout()
        for position, (text, handler, name) in enumerate(
            (
                (_("Add…"), self.add_requested.emit, _("Add a term")),
                (_("Edit…"), self._edit_selected, _("Edit the selected term")),
                (_("Delete"), self._delete_selected, _("Delete the selected term")),
                (_("History…"), self._history_selected, _("Show the history of the selected term")),
                (_("Import…"), self.import_requested.emit, _("Import a glossary file")),
                (_("Export…"), self.export_requested.emit, _("Export the glossary")),
            )
        ):
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.clicked.connect(handler)
            buttons.addWidget(button, position // 3, position % 3)
        top_layout.addLayout(buttons)
        splitter.addWidget(top)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.addWidget(QLabel(_("Terms in this segment")))
        self.segment_terms = SegmentTermsModel(self)
        self.segment_list = QListView()
        self.segment_list.setModel(self.segment_terms)
        self.segment_list.setAccessibleName(_("Terms in this segment"))
        self.segment_list.activated.connect(
            lambda index: self.insert_requested.emit(index.data(Qt.ItemDataRole.UserRole))
        )
        bottom_layout.addWidget(self.segment_list)
        splitter.addWidget(bottom)
        splitter.setSizes([420, 160])
        layout.addWidget(splitter)
        self.setWidget(body)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        service.changed.connect(self._glossary_changed)
        service.status_changed.connect(self.show_status)

    def run_search(self) -> None:
        self.model.search(self.search.text())
        total = self.model.total
        self.count.setText(
            _("%(shown)s of %(total)s terms")
            % {
                "shown": format_number(min(total, len(self.model.rows))),
                "total": format_number(total),
            }
            if total > len(self.model.rows)
            else _("%(total)s terms") % {"total": format_number(total)}
        )

    def _glossary_changed(self, _change: TermChange) -> None:
        self.run_search()
        path = self.service.attached_path
        self.attached.setVisible(path is not None)
        if path is not None:
            self.attached_label.setText(
                _("Also using <b>%(file)s</b> beside the document (%(n)s terms).")
                % {"file": path.name, "n": format_number(len(self.service.attached))}
            )

    def selected_term(self) -> TermEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def _edit_selected(self) -> None:
        term = self.selected_term()
        if term is not None:
            self.edit_requested.emit(term)

    def _history_selected(self) -> None:
        term = self.selected_term()
        if term is not None and term.id is not None:
            self.history_requested.emit(term)

    def show_status(self) -> None:
        text = self.service.status_text()
        self.team_status.setText(text)
        self.team_status.setVisible(bool(text))
        offline = self.service.offline or (self.service.is_team and self.service.store is None)
        colour = "#fff3cd" if offline else "#e8f5e9"
        self.team_status.setStyleSheet(f"background: {colour}; padding: 3px; border-radius: 3px;")

    def _delete_selected(self) -> None:
        term = self.selected_term()
        if term is not None:
            self.delete_requested.emit(term)

    def focus_search(self) -> None:
        self.show()
        self.raise_()
        self.search.setFocus()
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Share the table's width among the columns (the dock is narrow: fixed widths left
        the notes a sliver)."""
        width = self.table.viewport().width()
        for column, share in enumerate(GlossaryTableModel.SHARES[:-1]):
            self.table.setColumnWidth(column, max(48, int(width * share)))
