"""What the window does with the translation memory: open it beside the glossary, look up the
current segment, remember confirmed segments, take a match (Ctrl+1…3), search (Ctrl+K).

Every memory call runs in an `Op` through `TMService`; results for a segment the translator
has already left are dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer

from app.document import Segment
from app.document_project import memory_target, source_parts
from app.failures import user_message
from app.i18n import _
from app.pipeline import memory_target_for
from app.tag_targets import tag_target, without_unplaced
from app.translation_job import MemoryUse
from app.ui.segment_table import SEGMENT_ROLE
from app.ui.tm_dock import TMDock
from app.ui.tm_service import TMService, memory_url
from app.ui.window_commands import WindowCommands
from tm.store import TranslationMemory
from tm.units import TMMatch, TranslationUnit

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class TMCommands(WindowCommands):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.service = TMService(window.runner, window)
        self.dock = TMDock(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.splitDockWidget(window.glossary_dock, self.dock, Qt.Orientation.Vertical)
        # Once the window has its size (before that, Qt splits by size hints and the memory's
        # list would take the glossary table's room).
        QTimer.singleShot(
            0,
            lambda: window.resizeDocks(
                [window.glossary_dock, self.dock, window.qa_dock],
                [470, 170, 110],
                Qt.Orientation.Vertical,
            ),
        )
        self._asked = 0  # the latest lookup or search; older answers are dropped
        self.dock.take_requested.connect(self.take_match)
        self.dock.search_requested.connect(self.search)
        self.service.opened.connect(self.refresh)
        self.service.unavailable.connect(self._unavailable)
        self.glossary.loaded.connect(self._open_beside_glossary)
        window.grid.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self.refresh()
        )
        window.session.confirmed.connect(self.remember)
        window.session.project_replaced.connect(self.refresh)
        if self.glossary.ready:
            self._open_beside_glossary()

    @property
    def memory(self) -> TranslationMemory | None:
        """The open memory for a translation run (None until it is open: MT only)."""
        return self.service.memory

    def use(self) -> MemoryUse:
        return MemoryUse(memory=self.memory, fuzzy_threshold=self.fuzzy_threshold)

    @property
    def fuzzy_threshold(self) -> int:
        return self.window.settings.tm_threshold

    def close(self) -> None:
        self.service.close()

    def _open_beside_glossary(self) -> None:
        wanted = memory_url(self.glossary.url)
        if not self.service.ready or wanted != self.service.url:
            self.dock.show_message(_("Opening the translation memory…"))
            self.service.open(self.glossary.url, self.glossary.password)

    def _unavailable(self, why: str) -> None:
        self.dock.show_message(_("The translation memory cannot be used: %s") % why)

    # -- the current segment --------------------------------------------------------------------
    def current_segment(self) -> Segment | None:
        index: QModelIndex = self.window.grid.currentIndex()
        segment = index.data(SEGMENT_ROLE) if index.isValid() else None
        return segment if isinstance(segment, Segment) else None

    def context(self, row: int) -> tuple[str, str]:
        """The plain sources before and after segment `row` (the memory's context)."""
        segments = self.window.session.project.segments
        before = segments[row - 1].mt_input if row > 0 else ""
        after = segments[row + 1].mt_input if row + 1 < len(segments) else ""
        return before, after

    def refresh(self) -> None:
        """Show the best matches for the current segment (unless a search is shown)."""
        if self.dock.phrase:
            return
        segment = self.current_segment()
        self._asked += 1
        if not self.service.ready:
            if self.service.problem:
                self._unavailable(self.service.problem)
            return
        if segment is None or not segment.needs_mt:
            self.dock.show_matches("", [])
            return
        asked, source = self._asked, segment.mt_input
        before, after = self.context(segment.index)
        op = self.service.lookup(source, before, after, self.fuzzy_threshold)

        def found(matches: list[TMMatch]) -> None:
            if asked == self._asked:
                self.dock.show_matches(source, matches)

        op.success(found).failure(self._failed)

    def _failed(self, error: Exception) -> None:
        self.dock.show_message(_("The translation memory cannot be read: %s") % user_message(error))

    # -- commands -------------------------------------------------------------------------------
    def take_match(self, n: int) -> None:
        """Put the n-th match's target (0-based) into the current segment."""
        segment = self.current_segment()
        items = self.dock.items
        if segment is None or n >= len(items) or items[n].score is None:
            return
        item = items[n]
        self.window.commit_editor()
        target = item.target
        parts = source_parts(self.window.session.project, segment.index)
        if parts is not None:  # the unit's own tags if they are this segment's, else placed
            kept, _missing = memory_target_for(
                TMMatch(item.score or 0, item.unit, item.target), parts
            )
            # the unit's tags that are this segment's stay where they were; a unit without any
            # gets them placed; tags that found no place are left out, so the tag check flags
            # them as missing (F8 inserts them) instead of hiding them at the end
            target = kept if kept != item.target else without_unplaced(tag_target(parts, target))
        self.window.session.take_match(segment.index, target, item.score or 0)
        self.window.statusBar().showMessage(_("Took the %d %% memory match") % item.score, 3000)

    def search(self, phrase: str) -> None:
        """Concordance: the units whose source holds `phrase` ("" shows the matches again)."""
        if not phrase:
            self.refresh()
            return
        if not self.service.ready:
            return
        self._asked += 1
        asked = self._asked

        def found(units: list[TranslationUnit]) -> None:
            if asked == self._asked:
                self.dock.show_concordance(phrase, units)

        self.service.concordance(phrase).success(found).failure(self._failed)

    def focus_search(self) -> None:
        self.dock.focus_search()

    def remember(self, row: int) -> None:
        """Write a confirmed segment to the memory, with its neighbours as context."""
        segment = self.window.session.project.segments[row]
        if not segment.needs_mt or not segment.target.strip():
            return
        if not self.service.ready:
            why = self.service.problem or _("it is still opening")
            self.window.statusBar().showMessage(
                _("Not saved in the translation memory: %s") % why, 10_000
            )
            return
        project = self.window.session.project
        document = project.source_path.name if project.source_path else project.name
        before, after = self.context(row)
        target, markers = memory_target(project, row)  # a document's tags as inline codes
        author = self.window.settings.author
        self.service.remember(
            segment.mt_input, target, before, after, author, document, markers
        ).success(lambda _unit: self.refresh()).failure(self._not_remembered)

    def _not_remembered(self, error: Exception) -> None:
        self.window.statusBar().showMessage(
            _("Not saved in the translation memory: %s") % user_message(error), 10_000
        )
