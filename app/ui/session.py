"""The open project as the UI edits it: targets, states, undo, re-checks, autosave.

No widgets here. Every change goes through a method that records an undo command (translator
edits) or marks the project changed (machine translation), re-checks the touched segments and
announces which rows changed; views listen and repaint only those.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.autosave import AutosaveSlot, Orphan
from app.document import Flag, Origin, Segment, SegmentState, TermResult
from app.document_project import recheck_tags
from app.formats.inline import unmarked
from app.i18n import _
from app.pipeline import recheck_segment
from app.project import Project, new_project
from app.translation_job import TranslatedSegment
from app.ui.glossary_service import GlossaryService
from glossary.forbidden import ForbiddenIndex
from glossary.matcher import Matcher
from glossary.workspace import TermChange

AUTOSAVE_INTERVAL_MS = 30_000


@dataclass
class SegmentSnapshot:
    target: str
    state: SegmentState
    terms: list[TermResult]
    flags: list[Flag]
    origin: Origin = Origin.NONE
    tm_score: int | None = None

    @classmethod
    def of(cls, segment: Segment) -> SegmentSnapshot:
        return cls(
            segment.target,
            segment.state,
            list(segment.terms),
            list(segment.flags),
            segment.origin,
            segment.tm_score,
        )

    def restore(self, segment: Segment) -> None:
        segment.target, segment.state = self.target, self.state
        segment.terms, segment.flags = list(self.terms), list(self.flags)
        segment.origin, segment.tm_score = self.origin, self.tm_score


class SetTargetCommand(QUndoCommand):
    def __init__(
        self,
        session: EditorSession,
        row: int,
        target: str,
        state: SegmentState,
        text: str,
        origin: Origin = Origin.HUMAN,
        tm_score: int | None = None,
    ):
        super().__init__(text)
        self.session, self.row = session, row
        segment = session.project.segments[row]
        self.before = SegmentSnapshot.of(segment)
        self.target, self.state = target, state
        self.origin, self.tm_score = origin, tm_score

    def redo(self) -> None:
        segment = self.session.project.segments[self.row]
        segment.target, segment.state = self.target, self.state
        segment.origin, segment.tm_score = self.origin, self.tm_score
        self.session.withhold_from_mt([self.row])  # a new edit needs a new consent
        self.session.recheck([self.row])

    def undo(self) -> None:
        self.before.restore(self.session.project.segments[self.row])
        self.session.rows_changed.emit([self.row])


class EditorSession(QObject):
    rows_changed = Signal(list)  # row numbers whose target, state, terms or flags changed
    project_replaced = Signal()
    modified_changed = Signal(bool)
    autosaved = Signal(str)  # path
    autosave_failed = Signal(str)  # why, naming the file (once until an autosave succeeds again)
    confirmed = Signal(int)  # a row the translator confirmed (the memory remembers it)

    def __init__(self, glossary: GlossaryService, parent: QObject | None = None):
        super().__init__(parent)
        self.glossary = glossary
        self.project: Project = new_project("")
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda _clean: self._announce_modified())
        self._unsaved_mt = False
        self._autosave_pending = False
        self._released: set[int] = set()  # protected rows the translator let MT replace
        self.autosave_slot = AutosaveSlot.new()
        self._autosave_failing = False
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        glossary.changed.connect(self._glossary_changed)
        self.rows_changed.connect(self._mark_autosave_pending)

    def _mark_autosave_pending(self, _rows: list[int]) -> None:
        self._autosave_pending = True

    # -- project ------------------------------------------------------------------------------
    def set_project(self, project: Project) -> None:
        self.project = project
        self._released.clear()
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._unsaved_mt = False
        self.recheck(range(len(project.segments)), announce=False)
        self.project_replaced.emit()
        self._announce_modified()

    @property
    def modified(self) -> bool:
        return self._unsaved_mt or not self.undo_stack.isClean()

    def mark_modified(self) -> None:
        """Changes exist that no undo step describes (machine translation, a restored autosave)."""
        self._unsaved_mt = True
        self._announce_modified()

    def mark_saved(self) -> None:
        self._unsaved_mt = False
        self.undo_stack.setClean()
        self._announce_modified()

    def _announce_modified(self) -> None:
        self.modified_changed.emit(self.modified)

    def save(self, path: Path | None = None) -> Path:
        saved = self.project.save(path)
        self.mark_saved()
        self.autosave()
        return saved

    # -- editing ------------------------------------------------------------------------------
    def edit_target(self, row: int, text: str) -> None:
        segment = self.project.segments[row]
        if text == segment.target:
            return
        state = SegmentState.EDITED
        self.undo_stack.push(SetTargetCommand(self, row, text, state, _("Edit segment")))

    def confirm(self, row: int, text: str | None = None) -> None:
        segment = self.project.segments[row]
        target = segment.target if text is None else text
        if segment.state is SegmentState.CONFIRMED and target == segment.target:
            return
        same = target == segment.target  # confirmed as it came: from the memory, MT or an edit
        origin = segment.origin if same else Origin.HUMAN
        score = segment.tm_score if same else None
        self.undo_stack.push(
            SetTargetCommand(
                self, row, target, SegmentState.CONFIRMED, _("Confirm segment"), origin, score
            )
        )
        self._autosave_pending = True
        self.autosave()
        self.confirmed.emit(row)

    def take_match(self, row: int, target: str, score: int) -> None:
        """The translator took a memory match's target (an edit: MT will not overwrite it)."""
        self.undo_stack.push(
            SetTargetCommand(
                self, row, target, SegmentState.EDITED, _("Take memory match"), Origin.TM, score
            )
        )

    def release_for_mt(self, rows: list[int]) -> None:
        """The translator agreed that machine translation may replace these edited segments.

        Nothing changes yet: a segment becomes `mt` only when a result actually replaces its
        target, so a cancelled or failed run leaves it edited (and protected) as it was.
        """
        self._released.update(rows)

    def withhold_from_mt(self, rows: list[int]) -> None:
        """Take back a consent (the run ended, or the translator edited the segment again)."""
        self._released.difference_update(rows)

    def end_translation(self) -> None:
        self._released.clear()

    def apply_translation(self, results: list[TranslatedSegment]) -> None:
        """Machine translation results from a worker (protected segments only with consent)."""
        rows = []
        for result in results:
            segment = self.project.segments[result.index]
            if segment.protected and result.index not in self._released:
                continue
            self._released.discard(result.index)
            segment.target, segment.terms, segment.flags = result.target, result.terms, result.flags
            segment.state = SegmentState.MT
            segment.origin, segment.tm_score = result.origin, result.tm_score
            segment.tm_matches = result.tm_matches
            rows.append(result.index)
        if rows:
            self.mark_modified()
            self.rows_changed.emit(rows)

    # -- checks -------------------------------------------------------------------------------
    @property
    def matcher(self) -> Matcher | None:
        glossary = self.glossary
        return (
            glossary.matcher if glossary.ready and (glossary.terms or glossary.attached) else None
        )

    def recheck(self, rows: Iterable[int], announce: bool = True) -> None:
        matcher, terms, forbidden = self.matcher, self.glossary.entries, self.glossary.forbidden
        listed = list(rows)
        for row in listed:
            recheck_segment(self.project.segments[row], matcher, terms, forbidden)
            recheck_tags(self.project, row)
        if announce and listed:
            self.rows_changed.emit(listed)

    def rows_concerning(self, change: TermChange) -> list[int]:
        """Segments whose source holds one of the changed terms, or that reported one, or whose
        target holds one of their forbidden variants (old or new)."""
        if change.everything:
            return list(range(len(self.project.segments)))
        changed = change.removed + change.added
        probe = Matcher(changed)
        forbidden = ForbiddenIndex(changed)
        ids = {t.id for t in changed if t.id is not None}
        sources = {t.source for t in changed}
        rows = []
        for row, segment in enumerate(self.project.segments):
            reported = any(r.term.id in ids for r in segment.terms) or any(
                f.kind == "forbidden-term" and f.details.get("term") in sources
                for f in segment.flags
            )
            if (
                reported
                or probe.find(segment.source)
                or probe.suggest(segment.source, [])
                or forbidden.find(unmarked(segment.target))
            ):
                rows.append(row)
        return rows

    def _glossary_changed(self, change: TermChange) -> None:
        self.recheck(self.rows_concerning(change))

    # -- autosave -----------------------------------------------------------------------------
    @property
    def autosave_file(self) -> Path:
        return self.autosave_slot.path

    def autosave(self) -> None:
        if not self._autosave_pending or not self.project.segments:
            return
        try:
            self.autosave_slot.write(self.project)
        except OSError as exc:  # the next tick retries; the window says so once
            if not self._autosave_failing:
                self._autosave_failing = True
                where = exc.filename or self.autosave_file
                self.autosave_failed.emit(f"{where}: {exc.strerror or exc}")
            return
        self._autosave_failing = False
        self._autosave_pending = False
        self.autosaved.emit(str(self.autosave_file))

    def discard_autosave(self) -> None:
        """The work is saved or the translator chose to drop it: the autosave goes."""
        self.autosave_slot.discard()

    def restore(self, orphan: Orphan) -> None:
        """Continue the work of a crashed session, autosaving into its file from now on."""
        self.set_project(orphan.project)
        self.autosave_slot.adopt(orphan.slot)
        self.mark_modified()  # restored work is not saved in a project file yet
