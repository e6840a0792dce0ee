"""The glossary as the open app sees it: a thin Qt face over `glossary.workspace`.

Every database call and every full index build runs in a background `Op`; the UI thread only
applies a finished result to the workspace (per changed term: microseconds) and announces it.
`changed` carries the workspace's `TermChange`, so the editor re-checks only the segments the
changed terms concern.

Team glossaries (a PostgreSQL URL): other people's changes arrive through LISTEN/NOTIFY (and a
poll every few seconds as a fallback; the poll alone serves SQLite). After every load a local
snapshot is written; when the server cannot be reached the snapshot is used read-only, and the
service keeps trying to reconnect, without a restart.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from app import paths
from app.ui.operations import Op, Outcome
from app.ui.tasks import TaskContext, TaskRunner
from glossary.bulk import collector_paused
from glossary.exchange import ParsedGlossary, read_glossary
from glossary.forbidden import ForbiddenIndex
from glossary.matcher import Matcher
from glossary.opening import OpenedGlossary, is_team_url, needs_password, open_glossary, public_url
from glossary.records import ChangeRecord
from glossary.search import SearchResult, TermSearchIndex
from glossary.snapshot import write_snapshot
from glossary.storage import GlossaryStore, ImportReport, OnDuplicate, StoreError
from glossary.terms import TermEntry
from glossary.workspace import EVERYTHING, GlossaryWorkspace, TermChange

if TYPE_CHECKING:  # imported when a PostgreSQL glossary is watched
    from glossary.live import ChangeListener

__all__ = ["GlossaryService", "TermChange", "public_url", "snapshot_path"]

T = TypeVar("T")

OFFLINE = "the team glossary is offline; changes are possible again once it reconnects"


def snapshot_path(url: str) -> Path:
    digest = hashlib.sha256(public_url(url).encode()).hexdigest()[:16]
    return paths.data_home() / "snapshots" / f"glossary-{digest}.json"


def load_glossary(
    url: str,
    attached: tuple[TermEntry, ...] = (),
    password: str | None = None,
    attached_path: Path | None = None,
) -> OpenedGlossary:
    """Open the glossary at `url` for the editor (a team glossary falls back to its snapshot)."""
    snapshot = snapshot_path(url) if is_team_url(url) else None
    with collector_paused():
        opened = open_glossary(url, attached, attached_path, password, snapshot)
    # Move what was just built to the permanent generation: later full collections skip the
    # 100k terms' objects instead of walking them while holding the interpreter lock (the UI
    # thread would stall meanwhile). Reference counting still frees them.
    gc.freeze()
    return opened


class GlossaryService(QObject):
    loaded = Signal()
    changed = Signal(object)  # TermChange
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
        self._poll: Op[tuple[int, dict[int, TermEntry | None]]] | None = None
        self._loading: Op[OpenedGlossary] | None = None
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(self.POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self.reconnect_timer = QTimer(self)
        self.reconnect_timer.setInterval(self.RECONNECT_MS)
        self.reconnect_timer.timeout.connect(self._try_reconnect)
        self._notified.connect(lambda _payload: self.poll())
        self.store: GlossaryStore | None = None
        self.workspace: GlossaryWorkspace | None = None
        self.attached_path: Path | None = None  # the document glossary, read-only
        self.attached: tuple[TermEntry, ...] = ()
        self._empty_index = TermSearchIndex([])

    # -- what the views read --------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        """Terms are loaded (from the store, or from the offline snapshot)."""
        return self.workspace is not None

    @property
    def offline(self) -> bool:
        return self.offline_since is not None

    @property
    def writable(self) -> bool:
        return self.store is not None and not self.offline

    @property
    def is_team(self) -> bool:
        return is_team_url(self.url)

    @property
    def terms(self) -> Mapping[int, TermEntry]:
        """Stored terms by id."""
        return self.workspace.stored if self.workspace is not None else {}

    @property
    def entries(self) -> list[TermEntry]:
        """Every term in use: stored ones and the document glossary's (one list per version)."""
        return self.workspace.entries if self.workspace is not None else list(self.attached)

    @property
    def matcher(self) -> Matcher | None:
        return self.workspace.matcher if self.workspace is not None else None

    @property
    def forbidden(self) -> ForbiddenIndex:
        return self.workspace.forbidden if self.workspace is not None else ForbiddenIndex()

    def search(self, query: str, limit: int = 200) -> SearchResult:
        """Terms in use holding `query` (the glossary dock's list)."""
        if self.workspace is None:
            return self._empty_index.search(query, limit)
        return self.workspace.search(query, limit)

    # -- loading ------------------------------------------------------------------------------
    def load_async(self) -> Op[OpenedGlossary]:
        url, password = self.url, self.password
        attached, attached_path = self.attached, self.attached_path
        op = Op(
            "load glossary",
            lambda _ctx: load_glossary(url, attached, password, attached_path),
        )
        self._loading = op
        op.success(lambda opened: self._install(opened, op)).failure(self._load_failed)
        return op.run(self.runner)

    def load_now(self) -> None:
        """Load and wait, the event loop turning meanwhile (scripted runs: tests, screenshots)."""
        wait_outcome(self.load_async())

    def _load_failed(self, error: Exception) -> None:
        message = str(error)
        self.problem = message
        if self.is_team and needs_password(message):
            self.password_needed.emit(message)
        else:
            self.failed.emit(message)
        if self.is_team:
            self.reconnect_timer.start()
        self.status_changed.emit()

    def connect_to(self, url: str, password: str | None = None) -> Op[OpenedGlossary]:
        """Switch to another glossary database (e.g. the team server) without a restart."""
        self.close()
        self.url, self.password = url, password
        self.workspace, self.offline_since, self.problem = None, None, ""
        self.status_changed.emit()
        return self.load_async()

    def attach(self, path: Path | None) -> list[tuple[int, str]]:
        """Use a glossary file beside the document as well (None detaches).

        Returns the file's invalid rows (line, reason); raises InputError if it cannot be read
        (then no document glossary is used). The workspace takes the file's terms in per term.
        """
        invalid: list[tuple[int, str]] = []
        attached: tuple[TermEntry, ...] = ()
        used: Path | None = None
        try:
            if path is not None:
                parsed = read_glossary(path)
                attached, invalid, used = tuple(parsed.entries), parsed.invalid, Path(path)
        finally:
            self.attached_path, self.attached = used, attached
            if self.workspace is not None:  # else the running (or next) load picks it up
                self._announce(self.workspace.attach(self.attached, self.attached_path))
        return invalid

    def _install(self, opened: OpenedGlossary, op: Op[OpenedGlossary] | None = None) -> None:
        if op is not None and op is not self._loading:
            if opened.store is not None:
                opened.store.close()  # a newer load replaced this one
            return
        self._loading = None
        workspace = opened.workspace
        if self.store is not None and self.store is not opened.store:
            self.store.close()
        self.store = opened.store
        self.workspace = workspace
        self.latest_change = opened.latest_change
        self.offline_since, self.problem = opened.snapshot_time, opened.problem
        if self.offline:
            self.reconnect_timer.start()
        else:
            self.reconnect_timer.stop()
            self._start_watching()
        self.loaded.emit()
        self.changed.emit(EVERYTHING)
        self.status_changed.emit()
        if self.offline and needs_password(self.problem):
            self.password_needed.emit(self.problem)  # working from the snapshot meanwhile
        if (workspace.attached_path, workspace.attached) != (self.attached_path, self.attached):
            self._announce(workspace.attach(self.attached, self.attached_path))  # changed meanwhile

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

    def poll(self) -> Op[tuple[int, dict[int, TermEntry | None]]] | None:
        """Look for changes committed by others since the last look (in a worker)."""
        if self.store is None or self.offline or self._poll is not None:
            return None
        store, since = self.store, self.latest_change
        op = Op("poll glossary", lambda _ctx: store.changes_since(since))
        self._poll = op

        def done(result: tuple[int, dict[int, TermEntry | None]]) -> None:
            self._poll = None
            self._apply_remote(*result)

        def lost(error: Exception) -> None:
            self._poll = None
            self._went_offline(str(error))

        return op.success(done).failure(lost).run(self.runner)

    def _apply_remote(self, latest: int, changed: Mapping[int, TermEntry | None]) -> None:
        self.latest_change = max(self.latest_change, latest)
        if self.workspace is None:
            return
        change = self.workspace.apply(changed)
        if change:
            self._announce(change)
            if self.is_team:
                self._save_snapshot()

    def _announce(self, change: TermChange) -> None:
        self.changed.emit(change)

    def _save_snapshot(self) -> None:
        entries, url, latest = list(self.terms.values()), self.url, self.latest_change
        Op(
            "snapshot",
            lambda _ctx: write_snapshot(snapshot_path(url), public_url(url), entries, latest),
        ).failure(lambda _error: None).run(self.runner)  # logged; the next change tries again

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
        url, password = self.url, self.password
        attached, attached_path = self.attached, self.attached_path

        def work(_ctx: TaskContext) -> OpenedGlossary:
            opened = load_glossary(url, attached, password, attached_path)
            if opened.store is None:
                raise StoreError(opened.problem)
            return opened

        self.reconnect_timer.stop()
        op = Op("reconnect glossary", work)
        self._loading = op
        op.success(lambda opened: self._install(opened, op))
        op.failure(lambda _error: self.reconnect_timer.start()).run(self.runner)

    # -- writes: each one transaction in a worker; the workspace follows on success ------------
    def _write(self, label: str, work: Callable[[GlossaryStore], T]) -> Op[T]:
        store = self.store if self.writable else None

        def run(_ctx: TaskContext) -> T:
            if store is None:
                raise StoreError(OFFLINE)
            return work(store)

        return Op(label, run).run(self.runner)

    def add(self, entry: TermEntry) -> Op[TermEntry]:
        """Store a new term; `changed` follows before the op's own success callbacks run."""
        author = self.author
        op = self._write("add term", lambda store: store.add(entry, author=author))
        return op.success(self._saved)

    def update(self, entry: TermEntry) -> Op[TermEntry]:
        """Save an edited term; fails with ConflictError if someone changed it meanwhile."""
        author = self.author
        op = self._write("save term", lambda store: store.update(entry, author=author))
        return op.success(self._saved)

    def remove(self, term_id: int, expected_version: int | None = None) -> Op[TermEntry]:
        author = self.author
        op = self._write(
            "delete term",
            lambda store: store.remove(term_id, author=author, expected_version=expected_version),
        )
        return op.success(lambda _removed: self._dropped(term_id))

    def _saved(self, saved: TermEntry) -> None:
        if self.workspace is not None:
            self._announce(self.workspace.put(saved))

    def _dropped(self, term_id: int) -> None:
        if self.workspace is not None:
            self._announce(self.workspace.drop(term_id))

    # -- history ------------------------------------------------------------------------------
    def history(self, term_id: int) -> Op[list[ChangeRecord]]:
        return self._write("term history", lambda store: store.history(term_id))

    def revert(self, change_id: int) -> Op[tuple[int, TermEntry | None]]:
        """Undo a recorded change (anyone's) and apply the result here at once."""
        author = self.author

        def work(store: GlossaryStore) -> tuple[int, TermEntry | None]:
            change = store.change(change_id)
            return change.term_id, store.revert(change_id, author=author)

        op = self._write("revert change", work)
        return op.success(lambda result: self._apply_remote(self.latest_change, dict([result])))

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

    # -- imports ------------------------------------------------------------------------------
    def import_entries(
        self, parsed: ParsedGlossary, on_duplicate: OnDuplicate, strict: bool
    ) -> Op[tuple[ImportReport, OpenedGlossary]]:
        """Import rows in one transaction, then rebuild the workspace (all in a worker)."""
        attached, path, author = self.attached, self.attached_path, self.author
        store = self.store if self.writable else None

        def work(ctx: TaskContext) -> tuple[ImportReport, OpenedGlossary]:
            if store is None:
                raise StoreError(OFFLINE)
            ctx.progress(0, 2)
            report = store.import_entries(
                parsed.rows, parsed.invalid, on_duplicate, strict, author=author
            )
            ctx.progress(1, 2)
            terms, latest = store.entries(), store.latest_change()
            return report, OpenedGlossary(GlossaryWorkspace(terms, attached, path), store, latest)

        op = Op("import glossary", work)
        self._loading = None
        return op.success(lambda result: self._install(result[1])).run(self.runner)


def wait_outcome(outcome: Outcome[T], timeout_ms: int = 60_000) -> None:
    """Turn the event loop until `outcome` settles (scripted runs only)."""
    if outcome.done:
        return
    loop = QEventLoop()
    outcome.success(lambda _v: loop.quit()).failure(lambda _e: loop.quit())
    outcome.cancelled(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
