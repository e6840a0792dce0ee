"""The glossary as the open app sees it: the store, every term in memory, and the matcher.

Loading (which builds the matcher: ~1.4 s at 100k terms) and imports run in workers. A single
term edit updates the matcher incrementally and announces what changed, so the editor re-checks
only the segments that the old or new term concerns.

Team glossaries (a PostgreSQL URL): other people's changes arrive through LISTEN/NOTIFY (and a
poll every few seconds as a fallback; the poll alone serves SQLite). After every load a local
snapshot is written; when the server cannot be reached the snapshot is used read-only, and the
service keeps trying to reconnect, without a restart.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app import paths
from app.ui.tasks import Task, TaskContext, TaskRunner
from glossary.database import shown_url
from glossary.document_glossary import combined
from glossary.errors import InputError
from glossary.exchange import ParsedGlossary, read_glossary
from glossary.forbidden import ForbiddenIndex
from glossary.matcher import Matcher
from glossary.normalize import normalise_term
from glossary.records import ChangeRecord
from glossary.search import TermSearchIndex
from glossary.snapshot import read_snapshot, write_snapshot
from glossary.storage import GlossaryStore, ImportReport, OnDuplicate, StoreError
from glossary.terms import TermEntry

if TYPE_CHECKING:  # imported when a PostgreSQL glossary is watched
    from glossary.live import ChangeListener


@dataclass
class TermChange:
    """What a glossary action changed. `everything` after imports and reloads."""

    removed: list[TermEntry] = field(default_factory=list)
    added: list[TermEntry] = field(default_factory=list)
    everything: bool = False


@dataclass
class LoadedGlossary:
    store: GlossaryStore | None  # None: working from the offline snapshot
    terms: list[TermEntry]
    matcher: Matcher
    index: TermSearchIndex
    latest_change: int = 0
    snapshot_time: datetime | None = None  # set when this is the offline snapshot
    problem: str = ""  # why the server could not be used
    forbidden: ForbiddenIndex = field(default_factory=ForbiddenIndex)


def indexed(
    store: GlossaryStore | None,
    terms: list[TermEntry],
    attached: list[TermEntry],
    latest_change: int = 0,
    snapshot_time: datetime | None = None,
    problem: str = "",
) -> LoadedGlossary:
    """Everything the editor needs, built off the UI thread (~2 s at 100k terms)."""
    everything = combined(terms, attached)
    return LoadedGlossary(
        store,
        terms,
        Matcher(everything),
        TermSearchIndex(everything),
        latest_change=latest_change,
        snapshot_time=snapshot_time,
        problem=problem,
        forbidden=ForbiddenIndex(everything),
    )


def needs_password(problem: str) -> bool:
    """The server refused the connection for want of a (right) password.

    PostgreSQL says `password authentication failed for user …` or `no password supplied`; the
    URL in the message never shows a password (it is rendered as ***).
    """
    return "password" in problem.lower()


def is_team_url(url: str) -> bool:
    return not url.startswith("sqlite")


def public_url(url: str) -> str:
    """The URL without its password, for display, snapshots and the keychain (any text)."""
    return shown_url(url)


def snapshot_path(url: str) -> Path:
    digest = hashlib.sha256(public_url(url).encode()).hexdigest()[:16]
    return paths.data_home() / "snapshots" / f"glossary-{digest}.json"


def load_glossary(
    url: str, attached: list[TermEntry] | None = None, password: str | None = None
) -> LoadedGlossary:
    """Open the store and read every term; a team glossary falls back to its snapshot."""
    attached = attached or []
    try:
        store = GlossaryStore.open(url, password)
        terms, latest = store.entries(), store.latest_change()
    except StoreError as exc:
        if not is_team_url(url):
            raise
        try:
            terms, saved_at, latest = read_snapshot(snapshot_path(url))
        except ValueError:
            raise exc from None
        return indexed(
            None, terms, attached, latest_change=latest, snapshot_time=saved_at, problem=str(exc)
        )
    if is_team_url(url):
        write_snapshot(snapshot_path(url), public_url(url), terms, latest)
    return indexed(store, terms, attached, latest_change=latest)


class GlossaryService(QObject):
    loaded = Signal()
    changed = Signal(object)  # TermChange
    index_rebuilt = Signal()  # the search index caught up with the latest changes
    failed = Signal(str)
    password_needed = Signal(str)  # a team server refused us for want of a password: why
    status_changed = Signal()  # online / offline (snapshot) / reconnected
    _notified = Signal(str)  # from the listener thread, delivered on the UI thread

    POLL_MS = 3000  # how often other people's changes are looked for (NOTIFY is immediate)
    RECONNECT_MS = 10_000

    def __init__(
        self,
        url: str,
        runner: TaskRunner,
        parent: QObject | None = None,
        password: str | None = None,
        author: str = "",
    ):
        super().__init__(parent)
        self.url = url
        self.password = password
        self.author = author
        self.runner = runner
        self.offline_since: datetime | None = None  # snapshot time while offline
        self.problem = ""
        self.latest_change = 0
        self._listener: ChangeListener | None = None
        self._poll_task: Task | None = None
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(self.POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.reconnect_timer = QTimer(self)
        self.reconnect_timer.setInterval(self.RECONNECT_MS)
        self.reconnect_timer.timeout.connect(self._try_reconnect)
        self._notified.connect(lambda _payload: self.poll())
        self.store: GlossaryStore | None = None
        self.terms: dict[int, TermEntry] = {}  # stored terms by id
        self.matcher: Matcher | None = None
        self.forbidden = ForbiddenIndex()  # every forbidden variant, kept with the matcher
        self.attached_path: Path | None = None  # the document glossary, read-only
        self.attached: list[TermEntry] = []
        self.index = TermSearchIndex([])
        self._index_task: Task | None = None
        self._index_stale = False

    @property
    def ready(self) -> bool:
        """Terms are loaded (from the store, or from the offline snapshot)."""
        return self.matcher is not None

    @property
    def offline(self) -> bool:
        return self.offline_since is not None

    @property
    def writable(self) -> bool:
        return self.store is not None and not self.offline

    @property
    def is_team(self) -> bool:
        return is_team_url(self.url)

    def _require_writable(self) -> GlossaryStore:
        if self.store is None or self.offline:
            raise StoreError(
                "the team glossary is offline; changes are possible again once it reconnects"
            )
        return self.store

    @property
    def entries(self) -> list[TermEntry]:
        """Every term in use: stored ones and the document glossary's."""
        return combined(list(self.terms.values()), self.attached)

    # -- loading ------------------------------------------------------------------------------
    def load_async(self) -> Task:
        attached, url, password = list(self.attached), self.url, self.password
        task = Task("load glossary", lambda _ctx: load_glossary(url, attached, password))
        task.signals.succeeded.connect(self._install)
        task.signals.failed.connect(self._load_failed)
        return self.runner.start(task)

    def load_now(self) -> None:
        self._install(load_glossary(self.url, self.attached, self.password))

    def _load_failed(self, message: str) -> None:
        self.problem = message
        if self.is_team and needs_password(message):
            self.password_needed.emit(message)
        else:
            self.failed.emit(message)
        if self.is_team:
            self.reconnect_timer.start()
        self.status_changed.emit()

    def connect_to(self, url: str, password: str | None = None) -> Task:
        """Switch to another glossary database (e.g. the team server) without a restart."""
        self.stop()
        self.close()
        self.url, self.password = url, password
        self.terms, self.matcher, self.offline_since, self.problem = {}, None, None, ""
        self.forbidden = ForbiddenIndex()
        self.status_changed.emit()
        return self.load_async()

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
        if self.matcher is not None:
            everything = combined(list(self.terms.values()), self.attached)
            self.matcher = Matcher(everything)
            self.forbidden = ForbiddenIndex(everything)
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
        self.forbidden = loaded.forbidden
        self.index = loaded.index
        self.latest_change = loaded.latest_change
        self.offline_since, self.problem = loaded.snapshot_time, loaded.problem
        if self.offline:
            self.reconnect_timer.start()
        else:
            self.reconnect_timer.stop()
            self._start_watching()
        self.loaded.emit()
        self.changed.emit(TermChange(everything=True))
        self.status_changed.emit()
        if self.offline and needs_password(self.problem):
            self.password_needed.emit(self.problem)  # working from the snapshot meanwhile

    def close(self) -> None:
        self.stop()
        if self.store is not None:
            self.store.close()
            self.store = None

    # -- other people's changes -----------------------------------------------------------------
    def _start_watching(self) -> None:
        self.poll_timer.start()
        if self.store is not None and self.store.is_postgresql and self._listener is None:
            from glossary.live import ChangeListener

            self._listener = ChangeListener(self.url, self._notified.emit, self.password)
            self._listener.start()

    def stop(self) -> None:
        self.poll_timer.stop()
        self.reconnect_timer.stop()
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def poll(self) -> Task | None:
        """Look for changes committed by others since the last look (in a worker)."""
        if self.store is None or self.offline or self._poll_task is not None:
            return None
        store, since = self.store, self.latest_change
        task = Task("poll glossary", lambda _ctx: store.changes_since(since))
        task.signals.succeeded.connect(self._apply_remote)
        task.signals.failed.connect(self._went_offline)
        task.signals.finished.connect(lambda: setattr(self, "_poll_task", None))
        self._poll_task = self.runner.start(task)
        return self._poll_task

    def _apply_remote(self, result: tuple[int, dict[int, TermEntry | None]]) -> None:
        latest, changed = result
        self.latest_change = max(self.latest_change, latest)
        if self.matcher is None:
            return
        removed, added = [], []
        for term_id, now in changed.items():
            before = self.terms.get(term_id)
            if before == now:
                continue  # our own change, already applied
            if before is not None:
                self._index_remove(before)
                removed.append(before)
                del self.terms[term_id]
            if now is not None:
                self.terms[term_id] = now
                self._index_add(now)
                added.append(now)
        if removed or added:
            self.changed.emit(TermChange(removed=removed, added=added))
            self.rebuild_index()
            if self.is_team:
                self._save_snapshot()

    def _save_snapshot(self) -> None:
        entries, url, latest = list(self.terms.values()), self.url, self.latest_change
        self.runner.start(
            Task(
                "snapshot",
                lambda _ctx: write_snapshot(snapshot_path(url), public_url(url), entries, latest),
            )
        )

    def _went_offline(self, message: str) -> None:
        if not self.is_team:
            return
        self.offline_since = datetime.now().astimezone()
        self.problem = message
        self.poll_timer.stop()
        self.reconnect_timer.start()
        self.status_changed.emit()

    def _try_reconnect(self) -> None:
        """Offline: try the server again; on success reload everything (no restart needed)."""
        url, password, attached = self.url, self.password, list(self.attached)

        def work(_ctx: TaskContext) -> LoadedGlossary:
            loaded = load_glossary(url, attached, password)
            if loaded.store is None:
                raise StoreError(loaded.problem)
            return loaded

        self.reconnect_timer.stop()
        task = Task("reconnect glossary", work)
        task.signals.succeeded.connect(self._install)
        task.signals.failed.connect(lambda _m: self.reconnect_timer.start())
        self.runner.start(task)

    def _index_add(self, term: TermEntry) -> None:
        assert self.matcher is not None
        self.matcher.add(term)
        self.forbidden.add(term)

    def _index_remove(self, term: TermEntry) -> None:
        assert self.matcher is not None
        self.matcher.remove(term)
        self.forbidden.remove(term)

    # -- single-term edits (fast, on the UI thread: one small transaction each) ----------------
    def add(self, entry: TermEntry) -> TermEntry:
        store = self._require_writable()
        assert self.matcher is not None
        saved = store.add(entry, author=self.author)
        assert saved.id is not None  # the store gives every saved term its id
        self.terms[saved.id] = saved
        hidden = self._attached_with_source(saved.source)
        for term in hidden:
            self._index_remove(term)
        self._index_add(saved)
        self.changed.emit(TermChange(removed=hidden, added=[saved]))
        self.rebuild_index()
        return saved

    def _attached_with_source(self, source: str) -> list[TermEntry]:
        key = normalise_term(source)
        return [t for t in self.attached if normalise_term(t.source) == key]

    def update(self, entry: TermEntry) -> TermEntry:
        """Save an edited term; raises ConflictError if someone changed it meanwhile."""
        store = self._require_writable()
        assert self.matcher is not None
        old = self.terms.get(entry.id) if entry.id is not None else None
        saved = store.update(entry, author=self.author)
        if old is not None:
            self._index_remove(old)
        assert saved.id is not None  # the store gives every saved term its id
        self.terms[saved.id] = saved
        hidden = self._attached_with_source(saved.source)
        for term in hidden:
            self._index_remove(term)
        self._index_add(saved)
        uncovered = self._uncovered_attached(old)
        for term in uncovered:
            self._index_add(term)
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

    def remove(self, term_id: int, expected_version: int | None = None) -> TermEntry:
        store = self._require_writable()
        assert self.matcher is not None
        removed = store.remove(term_id, author=self.author, expected_version=expected_version)
        old = self.terms.pop(term_id, removed)
        self._index_remove(old)
        uncovered = self._uncovered_attached(old)
        for term in uncovered:
            self._index_add(term)
        self.changed.emit(TermChange(removed=[old], added=uncovered))
        self.rebuild_index()
        return removed

    # -- history ------------------------------------------------------------------------------
    def history(self, term_id: int) -> list[ChangeRecord]:
        return self._require_writable().history(term_id)

    def revert(self, change_id: int) -> TermEntry | None:
        """Undo a recorded change (anyone's) and apply the result here at once."""
        store = self._require_writable()
        change = store.change(change_id)
        now = store.revert(change_id, author=self.author)
        self._apply_remote((self.latest_change, {change.term_id: now}))
        return now

    def status_text(self) -> str:
        """One line for the UI: where the glossary comes from and whether it is live."""
        from app.i18n import _, format_datetime

        if not self.is_team:
            return ""
        where = public_url(self.url).split("@")[-1]
        if self.offline and self.offline_since is not None:
            return _("Team glossary offline – working from the copy of %(time)s; reconnecting…") % {
                "time": format_datetime(self.offline_since)
            }
        if self.store is None:
            return _("Team glossary %(where)s not reachable: %(problem)s") % {
                "where": where,
                "problem": self.problem,
            }
        return _("Team glossary: %s (live)") % where

    # -- imports (worker) ---------------------------------------------------------------------
    def import_async(
        self,
        parsed: ParsedGlossary,
        on_duplicate: OnDuplicate,
        strict: bool,
        done: Callable[[ImportReport], None],
    ) -> Task:
        store, attached, author = self._require_writable(), list(self.attached), self.author

        def work(ctx: TaskContext) -> tuple[ImportReport, LoadedGlossary]:
            ctx.progress(0, 2)
            report = store.import_entries(
                parsed.rows, parsed.invalid, on_duplicate, strict, author=author
            )
            ctx.progress(1, 2)
            terms, latest = store.entries(), store.latest_change()
            return report, indexed(store, terms, attached, latest_change=latest)

        def finished(result: tuple[ImportReport, LoadedGlossary]) -> None:
            report, loaded = result
            self._install(loaded)
            done(report)

        task = Task("import glossary", work)
        task.signals.succeeded.connect(finished)
        task.signals.failed.connect(self.failed)
        return self.runner.start(task)
