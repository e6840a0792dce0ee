"""Team-glossary dialogs: a save conflict (keep mine / take theirs / merge) and term history."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_datetime
from app.ui.term_dialog import TermDialog
from glossary.merge import merge_terms
from glossary.storage import ChangeRecord
from glossary.terms import TermEntry


def field_rows() -> list[tuple[str, str]]:
    return [
        ("source", _("German")),
        ("target", _("English")),
        ("notes", _("Notes")),
        ("forbidden", _("Forbidden")),
        ("domain", _("Domain")),
    ]


def shown(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


class ConflictDialog(QDialog):
    """Someone saved the term while you edited it: choose what to keep.

    `result_entry` is None for "take theirs", else the term to save (yours, or a merge).
    """

    def __init__(
        self,
        parent: QWidget | None,
        base: TermEntry,
        mine: TermEntry,
        theirs: TermEntry,
        changed_by: ChangeRecord | None = None,
    ):
        super().__init__(parent)
        self.base, self.mine, self.theirs = base, mine, theirs
        self.result_entry: TermEntry | None = None
        self.setWindowTitle(_("Term changed by someone else"))
        layout = QVBoxLayout(self)
        who = ""
        if changed_by is not None:
            who = _(" by %(author)s at %(time)s") % {
                "author": changed_by.author or "?",
                "time": format_datetime(changed_by.changed_at),
            }
        intro = QLabel(
            _("While you edited this term, it was saved%s. Your change was not saved yet.") % who
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.addWidget(QLabel(f"<b>{_('Yours')}</b>"), 0, 1)
        grid.addWidget(QLabel(f"<b>{_('Theirs')}</b>"), 0, 2)
        for row, (name, label) in enumerate(field_rows(), start=1):
            mine_value, their_value = getattr(mine, name), getattr(theirs, name)
            grid.addWidget(QLabel(label), row, 0)
            for column, value in ((1, mine_value), (2, their_value)):
                cell = QLabel(shown(value) or "—")
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                if mine_value != their_value:
                    cell.setStyleSheet("background: #fff3cd; padding: 2px;")
                grid.addWidget(cell, row, column)
        layout.addLayout(grid)
        buttons = QDialogButtonBox()
        self.keep_mine = buttons.addButton(_("Keep mine"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.take_theirs = buttons.addButton(
            _("Take theirs"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.merge = buttons.addButton(_("Merge…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.keep_mine.clicked.connect(self.choose_mine)
        self.take_theirs.clicked.connect(self.reject)
        self.merge.clicked.connect(self.choose_merge)
        layout.addWidget(buttons)

    def choose_mine(self) -> None:
        self.result_entry = replace(self.mine, version=self.theirs.version)
        self.accept()

    def merged(self) -> tuple[TermEntry, list[str]]:
        return merge_terms(self.base, self.mine, self.theirs)

    def choose_merge(self) -> None:
        merged, clashes = self.merged()
        title = _("Merge term")
        if clashes:
            names = dict(field_rows())
            title += " – " + _("both changed: %s") % ", ".join(names.get(c, c) for c in clashes)
        dialog = TermDialog(self, merged, title)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.result_entry = dialog.entry()
            self.accept()


class HistoryDialog(QDialog):
    """Every change of one term; a selected change can be reverted."""

    def __init__(self, parent: QWidget | None, term: TermEntry, changes: list[ChangeRecord]):
        super().__init__(parent)
        self.term = term
        self.changes = changes
        self.revert_requested: ChangeRecord | None = None
        self.setWindowTitle(_("History of %s") % term.source)
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(changes), 5)
        self.table.setHorizontalHeaderLabels(
            [_("When"), _("Who"), _("Change"), _("Before"), _("After")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(_("Changes of this term"))
        actions = {
            "create": _("created"),
            "update": _("changed"),
            "delete": _("deleted"),
            "import": _("imported"),
            "revert": _("reverted"),
        }
        for row, change in enumerate(reversed(changes)):
            values = [
                format_datetime(change.changed_at),
                change.author or "?",
                actions.get(change.action, change.action),
                _describe(change.old),
                _describe(change.new),
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.revert_button = QPushButton(_("Revert this change"))
        self.revert_button.setEnabled(False)
        buttons.addButton(self.revert_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.revert_button.clicked.connect(self._revert)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(
            lambda: self.revert_button.setEnabled(bool(self.table.selectedItems()))
        )

    def selected_change(self) -> ChangeRecord | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return list(reversed(self.changes))[rows[0].row()]

    def _revert(self) -> None:
        self.revert_requested = self.selected_change()
        if self.revert_requested is not None:
            self.accept()


def _describe(term: TermEntry | None) -> str:
    if term is None:
        return "—"
    text = f"{term.source} → {term.target}"
    if term.notes:
        text += f" ({term.notes})"
    return text
