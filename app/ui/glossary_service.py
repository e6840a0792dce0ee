"""The glossary as the open app sees it: the store, every term in memory, and the matcher.

Loading (which builds the matcher: ~1.4 s at 100k terms) and imports run in workers. A single
term edit updates the matcher incrementally and announces what changed, so the editor re-checks
only the segments that the old or new term concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.ui.tasks import Task, TaskContext, TaskRunner
from glossary.errors import InputError
from glossary.exchange import ParsedGlossary, read_glossary
from glossary.matcher import Matcher
from glossary.normalize import normalise_term
from glossary.search import TermSearchIndex
from glossary.storage import GlossaryStore, ImportReport, OnDuplicate
from glossary.terms import TermEntry


@dataclass
class TermChange:
    """What a glossary action changed. `everything` after imports and reloads."""

    removed: list[TermEntry] = field(default_factory=list)
    added: list[TermEntry] = field(default_factory=list)
    everything: bool = False


@dataclass
class LoadedGlossary:
    store: GlossaryStore
    terms: list[TermEntry]
    matcher: Matcher
    index: TermSearchIndex


def combined(stored: list[TermEntry], attached: list[TermEntry]) -> list[TermEntry]:
    """Stored terms plus the document glossary's terms for sources the store does not cover.

    The translator's own glossary wins: a stored `Bollwerk` hides the document's `Bollwerk`.
    """
    keys = {normalise_term(t.source) for t in stored}
    return stored + [t for t in attached if normalise_term(t.source) not in keys]


def indexed(store: GlossaryStore, attached: list[TermEntry]) -> LoadedGlossary:
    """Everything the editor needs from a store, built off the UI thread (~2 s at 100k terms)."""
    terms = store.entries()
    everything = combined(terms, attached)
    return LoadedGlossary(store, terms, Matcher(everything), TermSearchIndex(everything))


def load_glossary(url: str, attached: list[TermEntry] | None = None) -> LoadedGlossary:
    return indexed(GlossaryStore.open(url), attached or [])


DOCUMENT_GLOSSARY_NAMES = ("glossary.csv", "glossary.tsv", "glossary.tbx", "Glossar.csv")


def glossary_beside(document: Path) -> Path | None:
    """A glossary file that sits next to a document (`glossary.csv`, `<name>.glossary.csv`, …).

    Like an OmegaT project's glossary folder: the terms travel with the document.
    """
    folder = document.parent
    candidates = [folder / f"{document.stem}.glossary{ext}" for ext in (".csv", ".tsv", ".tbx")]
    candidates += [folder / name for name in DOCUMENT_GLOSSARY_NAMES]
    return next((c for c in candidates if c.is_file()), None)


class GlossaryService(QObject):
    loaded = Signal()
    changed = Signal(object)  # TermChange
    index_rebuilt = Signal()  # the search index caught up with the latest changes
    failed = Signal(str)

    def __init__(self, url: str, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.url = url
        self.runner = runner
        self.store: GlossaryStore | None = None
        self.terms: dict[int, TermEntry] = {}  # stored terms by id
        self.matcher: Matcher | None = None
        self.attached_path: Path | None = None  # the document glossary, read-only
        self.attached: list[TermEntry] = []
        self.index = TermSearchIndex([])
        self._index_task: Task | None = None
        self._index_stale = False

    @property
    def ready(self) -> bool:
        return self.store is not None

    @property
    def entries(self) -> list[TermEntry]:
        """Every term in use: stored ones and the document glossary's."""
        return combined(list(self.terms.values()), self.attached)

    # -- loading ------------------------------------------------------------------------------
    def load_async(self) -> Task:
        attached = list(self.attached)
        task = Task("load glossary", lambda _ctx: load_glossary(self.url, attached))
        task.signals.succeeded.connect(self._install)
        task.signals.failed.connect(self.failed)
        return self.runner.start(task)

    def load_now(self) -> None:
        self._install(load_glossary(self.url, self.attached))

    def attach(self, path: Path | None) -> list[tuple[int, str]]:
        """Use a glossary file beside the document as well (None detaches).

        Returns the file's invalid rows (line, reason); raises InputError if it cannot be read.
        """
        invalid: list[tuple[int, str]] = []
        if path is None:
            self.attached_path, self.attached = None, []
        else:
            try:
                parsed = read_glossary(path)
            except InputError:
                self.attached_path, self.attached = None, []
                raise
            self.attached_path, self.attached, invalid = Path(path), parsed.entries, parsed.invalid
        if self.store is not None:
            everything = combined(list(self.terms.values()), self.attached)
            self.matcher = Matcher(everything)
            self.index = TermSearchIndex(everything)
            self.changed.emit(TermChange(everything=True))
        return invalid

    def rebuild_index(self) -> None:
        """Bring the search index up to date after an edit, in a worker (0.5 s at 100k terms)."""
        if self._index_task is not None:
            self._index_stale = True  # one more rebuild when the running one ends
            return
        everything = self.entries
        task = Task("index glossary", lambda _ctx: TermSearchIndex(everything))
        task.signals.succeeded.connect(self._index_done)
        task.signals.finished.connect(self._index_finished)
        self._index_task = self.runner.start(task)

    def _index_done(self, index: TermSearchIndex) -> None:
        self.index = index
        self.index_rebuilt.emit()

    def _index_finished(self) -> None:
        self._index_task = None
        if self._index_stale:
            self._index_stale = False
            self.rebuild_index()

    def _install(self, loaded: LoadedGlossary) -> None:
        if self.store is not None and self.store is not loaded.store:
            self.store.close()
        self.store = loaded.store
        self.terms = {t.id: t for t in loaded.terms if t.id is not None}
        self.matcher = loaded.matcher
        self.index = loaded.index
        self.loaded.emit()
        self.changed.emit(TermChange(everything=True))

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    # -- single-term edits (fast, on the UI thread: one small transaction each) ----------------
    def add(self, entry: TermEntry) -> TermEntry:
        assert self.store is not None and self.matcher is not None
        saved = self.store.add(entry)
        self.terms[saved.id] = saved  # type: ignore[index]
        hidden = self._attached_with_source(saved.source)
        for term in hidden:
            self.matcher.remove(term)
        self.matcher.add(saved)
        self.changed.emit(TermChange(removed=hidden, added=[saved]))
        self.rebuild_index()
        return saved

    def _attached_with_source(self, source: str) -> list[TermEntry]:
        key = normalise_term(source)
        return [t for t in self.attached if normalise_term(t.source) == key]

    def update(self, entry: TermEntry) -> TermEntry:
        """Save an edited term; raises ConflictError if someone changed it meanwhile."""
        assert self.store is not None and self.matcher is not None
        old = self.terms.get(entry.id)  # type: ignore[arg-type]
        saved = self.store.update(entry)
        if old is not None:
            self.matcher.remove(old)
        self.terms[saved.id] = saved  # type: ignore[index]
        hidden = self._attached_with_source(saved.source)
        for term in hidden:
            self.matcher.remove(term)
        self.matcher.add(saved)
        uncovered = self._uncovered_attached(old)
        for term in uncovered:
            self.matcher.add(term)
        removed = ([old] if old else []) + hidden
        self.changed.emit(TermChange(removed=removed, added=[saved, *uncovered]))
        self.rebuild_index()
        return saved

    def _uncovered_attached(self, old: TermEntry | None) -> list[TermEntry]:
        """Document-glossary terms a stored term hid until it changed its source or went away."""
        if old is None:
            return []
        key = normalise_term(old.source)
        if any(normalise_term(t.source) == key for t in self.terms.values()):
            return []
        return self._attached_with_source(old.source)

    def remove(self, term_id: int) -> TermEntry:
        assert self.store is not None and self.matcher is not None
        removed = self.store.remove(term_id)
        old = self.terms.pop(term_id, removed)
        self.matcher.remove(old)
        uncovered = self._uncovered_attached(old)
        for term in uncovered:
            self.matcher.add(term)
        self.changed.emit(TermChange(removed=[old], added=uncovered))
        self.rebuild_index()
        return removed

    # -- imports (worker) ---------------------------------------------------------------------
    def import_async(
        self,
        parsed: ParsedGlossary,
        on_duplicate: OnDuplicate,
        strict: bool,
        done: Callable[[ImportReport], None],
    ) -> Task:
        assert self.store is not None
        store, attached = self.store, list(self.attached)

        def work(ctx: TaskContext) -> tuple[ImportReport, LoadedGlossary]:
            ctx.progress(0, 2)
            report = store.import_entries(parsed.rows, parsed.invalid, on_duplicate, strict)
            ctx.progress(1, 2)
            return report, indexed(store, attached)

        def finished(result: tuple[ImportReport, LoadedGlossary]) -> None:
            report, loaded = result
            self._install(loaded)
            done(report)

        task = Task("import glossary", work)
        task.signals.succeeded.connect(finished)
        task.signals.failed.connect(self.failed)
        return self.runner.start(task)
