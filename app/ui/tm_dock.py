"""The translation memory dock: the best matches for the current segment, and concordance search.

Each match shows its score, author and date, the memory's source with what differs from the
current source marked (deleted words struck through in red, inserted ones underlined in green,
as OmegaT and memoQ show them), and the target it proposes. Ctrl+1…3 (or a double click) take
a match; the search field (Ctrl+K) lists units whose source holds a phrase.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_number, ngettext
from app.ui.segment_delegate import SegmentDelegate
from app.ui.segment_table import HTML_ROLE
from app.word_diff import Change, word_diff
from tm.units import TMMatch, TranslationUnit

Index = QModelIndex | QPersistentModelIndex

DIFF_STYLE = {
    Change.SAME: "",
    Change.DELETED: "background-color:#fbd9d7;color:#b71c1c;text-decoration:line-through;",
    Change.INSERTED: "background-color:#d7f0d9;color:#1b5e20;text-decoration:underline;",
}
SCORE_COLOURS = ((100, "#2e7d32"), (85, "#558b2f"), (0, "#ef6c00"))  # from this score: colour


def shortcut_text(keys: str) -> str:
    """Keys as this platform and language write them ("Strg+1" in German)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def diff_html(memory_source: str, segment_source: str) -> str:
    """The memory's source as HTML, with the differences to the segment's source marked."""
    parts = []
    previous = Change.SAME
    for piece in word_diff(memory_source, segment_source):
        text = html.escape(piece.text)
        style = DIFF_STYLE[piece.change]
        if previous is Change.DELETED and piece.change is Change.INSERTED:
            parts.append("&#8201;")  # a thin space keeps "Konflikt" and "Krieg" apart
        parts.append(f'<span style="{style}">{text}</span>' if style else text)
        previous = piece.change
    return "".join(parts)


def phrase_html(text: str, phrase: str) -> str:
    """`text` as HTML with every occurrence of `phrase` (any case) in bold."""
    if not phrase:
        return html.escape(text)
    parts, position, folded, wanted = [], 0, text.casefold(), phrase.casefold()
    while (found := folded.find(wanted, position)) >= 0 and len(folded) == len(text):
        end = found + len(phrase)
        parts += [html.escape(text[position:found]), f"<b>{html.escape(text[found:end])}</b>"]
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


@dataclass(frozen=True)
class MemoryItem:
    """One row of the dock: a unit, the target it offers, and how it relates to the query."""

    unit: TranslationUnit
    target: str
    score: int | None = None  # a match's score; None for a concordance hit
    segment_source: str = ""  # compared against (matches)
    phrase: str = ""  # searched for (concordance)


class MemoryListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.items: list[MemoryItem] = []

    def set_items(self, items: list[MemoryItem]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == HTML_ROLE:
            return self.item_html(index.row(), item)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            score = "" if item.score is None else f"{item.score} %: "
            return f"{score}{item.unit.source_text} → {item.target}"
        return None

    @staticmethod
    def item_html(row: int, item: MemoryItem) -> str:
        unit = item.unit
        when = unit.changed_at.astimezone().strftime("%Y-%m-%d") if unit.changed_at else ""
        about = " · ".join(html.escape(part) for part in (unit.author, when, unit.document) if part)
        head = f'<span style="color:#757575">{about}</span>'
        if item.score is not None:
            colour = next(c for least, c in SCORE_COLOURS if item.score >= least)
            keys = shortcut_text(f"Ctrl+{row + 1}") if row < 3 else ""
            head = (
                f'<span style="color:{colour};font-weight:600">{item.score} %</span>'
                f'&nbsp;&nbsp;<span style="color:#757575">{keys}</span>&nbsp;&nbsp;{head}'
            )
            source = diff_html(unit.source_text, item.segment_source)
        else:
            source = phrase_html(unit.source_text, item.phrase)
        return f"{head}<br>{source}<br><i>{html.escape(item.target)}</i>"


class TMDock(QDockWidget):
    take_requested = Signal(int)  # the n-th match (0-based)
    search_requested = Signal(str)  # a concordance phrase ("" goes back to the matches)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("Translation memory"), parent)
        self.setObjectName("tmDock")
        self.model = MemoryListModel(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search the memory (Ctrl+K), Enter to search"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search the translation memory"))
        self.search.returnPressed.connect(lambda: self.search_requested.emit(self.phrase))
        self.search.textChanged.connect(
            lambda text: None if text else self.search_requested.emit("")
        )
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(SegmentDelegate(self.view))
        self.view.horizontalHeader().hide()
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setAccessibleName(_("Translation memory matches"))
        self.view.doubleClicked.connect(lambda index: self.take_requested.emit(index.row()))
        header = self.view.horizontalHeader()  # wrapped text: heights follow the dock's width
        header.sectionResized.connect(lambda *_sizes: self.view.resizeRowsToContents())
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.status)
        layout.addWidget(self.view)
        self.setWidget(body)

    @property
    def phrase(self) -> str:
        return self.search.text().strip()

    @property
    def items(self) -> list[MemoryItem]:
        return self.model.items

    def focus_search(self) -> None:
        self.show()
        self.raise_()
        self.search.setFocus()
        self.search.selectAll()

    def show_matches(self, segment_source: str, matches: list[TMMatch]) -> None:
        self._show([MemoryItem(m.unit, m.target, m.score, segment_source) for m in matches])
        found = ngettext(
            "%(n)s match; Ctrl+1 or a double click takes it.",
            "%(n)s matches; Ctrl+1…%(n)s or a double click takes one.",
            len(matches),
        )
        count = {"n": format_number(len(matches))}
        self.status.setText(found % count if matches else _("No match in the memory."))

    def show_concordance(self, phrase: str, units: list[TranslationUnit]) -> None:
        self._show([MemoryItem(u, u.target_text, phrase=phrase) for u in units])
        held = ngettext(
            "%(n)s unit holds “%(phrase)s”.", "%(n)s units hold “%(phrase)s”.", len(units)
        )
        self.status.setText(held % {"n": format_number(len(units)), "phrase": phrase})

    def show_message(self, message: str) -> None:
        self._show([])
        self.status.setText(message)

    def _show(self, items: list[MemoryItem]) -> None:
        self.model.set_items(items)
        self.view.resizeRowsToContents()
