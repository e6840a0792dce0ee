"""The segment grid: a table model over the session's segments, a filter, and the cell painter.

Source cells highlight glossary matches (found / placed / missing); target cells highlight
placed terms and forbidden renderings. Colours are defined once, in `HIGHLIGHTS`, which the
legend shows too.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QTableView,
)

from app.document import FlagKind, Origin, Segment, SegmentState, TermStatus
from app.document_project import source_parts
from app.formats.inline import to_markers, unmarked
from app.i18n import _
from app.ui.session import EditorSession
from app.ui.tag_chips import Replacement, source_chips, target_chips
from glossary.matcher import TermMatch
from glossary.terms import TermEntry

Index = QModelIndex | QPersistentModelIndex
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
PROPOSAL_KEYS = "Ctrl+Shift+P"  # Edit → Apply proposed term (app/ui/actions.py)
SEGMENT_ROLE = Qt.ItemDataRole.UserRole + 2
TAGS_ROLE = Qt.ItemDataRole.UserRole + 3  # the source's parts with its inline tags (or None)
MARKED_ROLE = Qt.ItemDataRole.UserRole + 4  # the text with tag markers, for the chip editor


@dataclass(frozen=True)
class Highlight:
    """How one kind of term span looks. Each kind differs in its line or weight as well as its
    colour, so a translator who cannot tell the colours apart can still tell the kinds apart."""

    key: str
    colour: str  # background
    line: str = ""  # Qt's text-underline-style: "dotted", "solid", "wave"; or "strike"
    bold: bool = False

    @property
    def label(self) -> str:
        return {
            "found": _("glossary term"),
            "applied": _("term applied by MT"),
            "enforced": _("term enforced"),
            "missing": _("term missing"),
            "forbidden": _("forbidden term"),
        }[self.key]

    @property
    def css(self) -> str:
        style = f"background-color:{self.colour};"
        if self.line == "strike":
            style += "text-decoration:line-through;"
        elif self.line:
            style += f"text-underline-style:{self.line};"
        if self.bold:
            style += "font-weight:600;"
        return style


HIGHLIGHTS = {
    "found": Highlight("found", "#dbe9fb", "dotted"),
    "applied": Highlight("applied", "#d7f0d9", "solid"),
    "enforced": Highlight("enforced", "#c3e6c5", "solid", bold=True),
    "missing": Highlight("missing", "#fbd9d7", "wave"),
    "forbidden": Highlight("forbidden", "#fbd9d7", "strike"),
}
STATE_COLOURS = {
    SegmentState.NEW: "#9e9e9e",
    SegmentState.MT: "#1e88e5",
    SegmentState.EDITED: "#f9a825",
    SegmentState.CONFIRMED: "#2e7d32",
    SegmentState.COPIED: "#607d8b",
}


def state_label(state: SegmentState) -> str:
    return {
        SegmentState.NEW: _("new"),
        SegmentState.MT: _("MT"),
        SegmentState.EDITED: _("edited"),
        SegmentState.CONFIRMED: _("confirmed"),
        SegmentState.COPIED: _("copied"),
    }[state]


def status_label(segment: Segment) -> str:
    """The grid's status: "TM 100 %" / "TM 87 %" for a target from the memory not yet
    confirmed, "MT", "edited", "confirmed"…"""
    taken = segment.origin is Origin.TM and segment.tm_score is not None
    if taken and segment.state in (SegmentState.MT, SegmentState.EDITED):
        return _("TM %d %%") % segment.tm_score
    return state_label(segment.state)


def highlighted_html(
    text: str,
    spans: list[tuple[int, int, Highlight, str]],
    replacements: Sequence[Replacement] = (),
) -> str:
    """`text` as HTML with the given (start, end, highlight, tooltip) spans marked, and each
    (start, end, html) replacement (a tag chip) shown in place of its characters."""
    chosen: list[tuple[int, int, Highlight]] = []
    position = 0
    for start, end, mark, _tip in sorted(spans, key=lambda s: s[0]):
        if start < position or end <= start:
            continue
        chosen.append((start, end, mark))
        position = end
    cuts = {0, len(text)}
    for start, end, _mark in chosen:
        cuts.update((start, end))
    for start, end, _html in replacements:
        cuts.update((start, end))
    inserted: dict[int, list[str]] = {}
    hidden: list[tuple[int, int]] = []
    for start, end, markup in replacements:
        inserted.setdefault(start, []).append(markup)
        if end > start:
            hidden.append((start, end))
    parts: list[str] = []
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    for a, b in itertools.pairwise(points):
        parts += inserted.pop(a, [])
        if any(s <= a and b <= e for s, e in hidden):
            continue
        around = next((m for s, e, m in chosen if s <= a and b <= e), None)
        piece = _escape(text[a:b])
        parts.append(f'<span style="{around.css}">{piece}</span>' if around else piece)
    for rest in inserted.values():
        parts += rest
    return "".join(parts)


def rich_tooltip(markup: str | None) -> str | None:
    """A tooltip Qt always renders as rich text. Qt guesses plain text when a string has no
    tags, and would then show escaped quotes as `&#x27;`; `<qt>` removes the guess."""
    return f"<qt>{markup}</qt>" if markup else None


def _escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


class SegmentTableModel(QAbstractTableModel):
    NUMBER, SOURCE, TARGET, STATE, FLAGS = range(5)
    edit_requested = Signal(int, str)  # row, new target

    def __init__(self, session: EditorSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._matches: dict[int, list[TermMatch]] = {}
        session.rows_changed.connect(self._rows_changed)
        session.project_replaced.connect(self._reset)
        session.glossary.changed.connect(lambda _change: self._matches.clear())

    @property
    def segments(self) -> list[Segment]:
        return self.session.project.segments

    def headers(self) -> list[str]:
        return ["#", _("Source (German)"), _("Target (English)"), _("Status"), _("Flags")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.segments)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.TARGET and self.segments[index.row()].needs_mt:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == self.SOURCE:
            return base | Qt.ItemFlag.ItemIsEditable  # a read-only viewer to select text in
        return base

    def matches(self, row: int) -> list[TermMatch]:
        """Glossary matches in the segment's source (cached until the glossary changes)."""
        if row not in self._matches:
            matcher = self.session.matcher
            self._matches[row] = matcher.find(self.segments[row].source) if matcher else []
        return self._matches[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        segment = self.segments[index.row()]
        column = index.column()
        if role == SEGMENT_ROLE:
            return segment
        if role == TAGS_ROLE:
            return source_parts(self.session.project, index.row())
        if role == MARKED_ROLE and column in (self.SOURCE, self.TARGET):
            if column == self.TARGET:
                return segment.target
            parts = source_parts(self.session.project, index.row())
            return to_markers(parts) if parts else segment.source
        if column == self.NUMBER:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(segment.index + 1)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        elif column == self.SOURCE:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return segment.source
            if role == HTML_ROLE:
                parts = source_parts(self.session.project, index.row())
                chips = source_chips(parts) if parts else []
                return highlighted_html(segment.source, self._source_spans(index.row()), chips)
            if role == Qt.ItemDataRole.ToolTipRole:
                return rich_tooltip(self._source_tooltip(index.row()))
        elif column == self.TARGET:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return segment.target
            if role == HTML_ROLE:
                parts = source_parts(self.session.project, index.row())
                chips = target_chips(segment.target, parts) if parts else []
                return highlighted_html(segment.target, self._target_spans(segment), chips)
            if role == Qt.ItemDataRole.ToolTipRole:
                tips = [tip for *_span, tip in self._target_spans(segment)]
                return rich_tooltip("<br>".join(tips))
        elif column == self.STATE:
            if role == Qt.ItemDataRole.DisplayRole:
                return status_label(segment)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(STATE_COLOURS[segment.state])
        elif column == self.FLAGS:
            if role == Qt.ItemDataRole.DisplayRole:
                return "\n".join(sorted({f.label() for f in segment.flags}))
            if role == Qt.ItemDataRole.ToolTipRole:
                return rich_tooltip("<br>".join(html.escape(f.text()) for f in segment.flags))
            if role == Qt.ItemDataRole.ForegroundRole and segment.flags:
                return QColor("#c62828")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() != self.TARGET or role != Qt.ItemDataRole.EditRole:
            return False
        self.edit_requested.emit(index.row(), str(value))
        return True

    # -- highlights ---------------------------------------------------------------------------
    def _source_spans(self, row: int) -> list[tuple[int, int, Highlight, str]]:
        segment = self.segments[row]
        spans = []
        if segment.terms:  # the source shows where the terms are; the target how they were placed
            for result in segment.terms:
                key = "missing" if result.status is TermStatus.MISSING else "found"
                tip = _term_tip(result.term, str(result.status), result.method)
                spans.append((result.start, result.end, HIGHLIGHTS[key], tip))
        else:
            for match in self.matches(row):
                spans.append((match.start, match.end, HIGHLIGHTS["found"], _term_tip(match.term)))
        for flag in segment.flags:
            span = flag.source_span()
            if flag.kind == FlagKind.POSSIBLE_MISSPELLING and span is not None:
                spans.append((*span, HIGHLIGHTS["missing"], html.escape(flag.text())))
        return spans

    def _source_tooltip(self, row: int) -> str | None:
        tips = [tip for *_span, tip in self._source_spans(row)]
        return "<hr>".join(tips) or None

    @staticmethod
    def _target_spans(segment: Segment) -> list[tuple[int, int, Highlight, str]]:
        spans = []
        for result in segment.terms:
            if result.target_start is None or result.target_end is None:
                continue
            key = str(result.status)
            spans.append(
                (
                    result.target_start,
                    result.target_end,
                    HIGHLIGHTS[key],
                    _term_tip(result.term, key, result.method),
                )
            )
        for flag in segment.flags:
            span = flag.target_span()
            if not span or span[1] > len(segment.target):
                continue
            if flag.kind == FlagKind.FORBIDDEN_TERM:
                spans.append((*span, HIGHLIGHTS["forbidden"], html.escape(flag.text())))
            elif flag.proposal() is not None:  # a refused alignment: where the term would go
                keys = QKeySequence(PROPOSAL_KEYS).toString(QKeySequence.SequenceFormat.NativeText)
                hint = _("Edit → Apply proposed term (%s)") % keys
                tip = html.escape(flag.text()) + "<br>" + html.escape(hint)
                spans.append((*span, HIGHLIGHTS["missing"], tip))
        return spans

    # -- change notifications -------------------------------------------------------------------
    def _rows_changed(self, rows: list[int]) -> None:
        for row in rows:
            self._matches.pop(row, None)
        if not rows:
            return
        self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), self.FLAGS))

    def _reset(self) -> None:
        self.beginResetModel()
        self._matches.clear()
        self.endResetModel()


def method_label(method: str) -> str:
    """How a placed term got there, in the UI language; an unknown method as written."""
    labels = {
        "model": _("placed by the MT model itself"),
        "mask": _("placed through a placeholder the MT kept"),
        "rendering": _("placed over the MT's own rendering of the term"),
        "alignment": _("placed where the MT's attention points (check the words around it)"),
        "forbidden-replaced": _("placed over a forbidden rendering"),
        "translator": _("typed by the translator"),
    }
    return labels.get(method, method)


def _term_tip(term: TermEntry, status: str = "", method: str = "") -> str:
    lines = [f"<b>{html.escape(term.source)}</b> → <b>{html.escape(term.target)}</b>"]
    if status:
        label = HIGHLIGHTS[status].label if status in HIGHLIGHTS else status
        if method and status != "missing":
            label += f" — {method_label(method)}"
        lines.append(html.escape(label))
    if term.notes:
        lines.append(f"<i>{html.escape(term.notes)}</i>")
    if term.forbidden:
        lines.append(_("Forbidden: ") + html.escape(", ".join(term.forbidden)))
    return "<br>".join(lines)


class SegmentFilter(QSortFilterProxyModel):
    """Show all segments, only flagged ones, or only unconfirmed ones; plus a text search."""

    ALL, FLAGGED, UNCONFIRMED = "all", "flagged", "unconfirmed"

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.mode = self.ALL
        self.needle = ""

    def set_mode(self, mode: str) -> None:
        self._change_filter(lambda: setattr(self, "mode", mode))

    def set_search(self, needle: str) -> None:
        self._change_filter(lambda: setattr(self, "needle", needle.casefold()))

    def _change_filter(self, change: Callable[[], object]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter() is deprecated
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        segment: Segment = model.index(source_row, 0, source_parent).data(SEGMENT_ROLE)
        if self.mode == self.FLAGGED and not segment.flags:
            return False
        if self.mode == self.UNCONFIRMED and segment.done:
            return False
        if self.needle:
            target = segment.target.casefold()  # with tag markers, and as the reader sees it
            return self.needle in segment.source.casefold() or any(
                self.needle in text for text in (target, unmarked(target))
            )
        return True


class RowHeights(QObject):
    """Keeps row heights fitted to the wrapped text without relayouting the whole grid.

    Qt's ResizeToContents mode measures every row whenever anything changes; with rich-text
    cells that is O(document) per streamed translation batch. Here only changed rows are
    measured, a few dozen per event-loop turn, visible rows first.
    """

    BATCH = 12  # rows measured per event-loop turn: ~10 ms with two rich-text cells each

    def __init__(self, view: QTableView, proxy: QSortFilterProxyModel) -> None:
        super().__init__(view)
        self.view, self.proxy = view, proxy
        self.pending: set[int] = set()  # proxy rows
        from PySide6.QtCore import QTimer

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._work)
        proxy.modelReset.connect(self.all)
        proxy.layoutChanged.connect(self.all)
        proxy.rowsInserted.connect(lambda *_args: self.all())
        proxy.rowsRemoved.connect(lambda *_args: self.all())
        proxy.dataChanged.connect(self._changed)

    def all(self) -> None:
        self.pending = set(range(self.proxy.rowCount()))
        self.timer.start()

    def rows(self, source_rows: list[int]) -> None:
        model = self.proxy.sourceModel()
        for row in source_rows:
            index = self.proxy.mapFromSource(model.index(row, 0))
            if index.isValid():
                self.pending.add(index.row())
        self.timer.start()

    def _changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, _roles: Sequence[int] = ()
    ) -> None:
        self.pending.update(range(top_left.row(), bottom_right.row() + 1))
        self.timer.start()

    def _work(self) -> None:
        if not self.pending:
            return
        first = self.view.rowAt(0)
        last = self.view.rowAt(self.view.viewport().height() - 1)
        if first < 0:
            first, last = 0, self.BATCH
        elif last < 0:
            last = self.proxy.rowCount() - 1
        visible = [r for r in self.pending if first <= r <= last + self.BATCH]
        batch = sorted(visible)[: self.BATCH] or sorted(self.pending)[: self.BATCH]
        for row in batch:
            self.pending.discard(row)
            if row < self.proxy.rowCount() and not self._editing(row):
                self.view.resizeRowToContents(row)
        if self.pending:
            self.timer.start()

    def _editing(self, row: int) -> bool:
        """An open editor sizes its own row (and resizes it when it closes)."""
        columns = (SegmentTableModel.SOURCE, SegmentTableModel.TARGET)
        return any(self.view.indexWidget(self.proxy.index(row, c)) is not None for c in columns)

    def flush(self) -> None:
        """Measure everything now (tests, screenshots)."""
        while self.pending:
            self._work()
