"""Autosaves and crash recovery, without Qt.

Each running app writes its autosave to `$WORTLAUT_HOME/autosave/session-<id>.wortlaut` and
holds an operating-system lock on `session-<id>.wortlaut.lock` beside it (`filelock`: `flock`
on Unix, `LockFileEx` on Windows) for as long as it runs. The operating system drops the lock
when the process ends, however it ends, so an autosave whose lock can be taken belongs to a
session that is gone: it is an orphan, left by a crash. No process ids are compared (they are
reused, and probing them is not portable: `os.kill(pid, 0)` sends CTRL_C_EVENT on Windows).

`claim_orphans()` takes the lock of every orphan for the caller, so two apps starting at once
never offer the same work twice. An orphan is deleted only when the user has decided about it
(`Orphan.discard()`), or adopted by the session that restores it (`AutosaveSlot.adopt`). An
orphan that cannot be read is moved to `autosave/damaged/` and reported once.

A project made from a DOCX/XLIFF/HTML file keeps a copy of that file so it can be exported
after the source moved. The autosave JSON only names it by its SHA-256; the bytes are written
once per slot to `session-<id>.original` beside it (atomically, and again only when the project's
original changes), not on every tick: a 20 MB document would otherwise cost 27 MB of base64 per
autosave. Recovery reads the sidecar back (or the source file, if it still has the same bytes);
without either the project restores all the same and `Orphan.original_missing` names the file
that Export translated document will ask for. Discarding or adopting a slot takes its sidecar
along.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from app import paths
from app.project import PROJECT_SUFFIX, Project, load_project
from glossary.atomic import atomic_write_bytes
from glossary.errors import InputError

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
ORIGINAL_SUFFIX = ".original"
DAMAGED = "damaged"


def autosave_dir() -> Path:
    return paths.data_home() / "autosave"


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


def original_path(path: Path) -> Path:
    """The sidecar holding the original document of the autosave `path`."""
    return path.with_suffix(ORIGINAL_SUFFIX)


def _try_lock(path: Path) -> FileLock | None:
    """The lock of autosave `path`, held; None while another running app holds it."""
    lock = FileLock(str(_lock_path(path)))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return None
    return lock


class AutosaveSlot:
    """Where one session autosaves, and the lock that tells other apps it is still running."""

    def __init__(self, path: Path, lock: FileLock | None = None):
        self.path = path
        self._lock = lock
        self._original: str | None = None  # SHA-256 of the sidecar this slot wrote or read

    @property
    def original_path(self) -> Path:
        return original_path(self.path)

    @classmethod
    def new(cls) -> AutosaveSlot:
        """A fresh, unique slot (no file is written until the first autosave)."""
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
        name = f"session-{stamp}-{os.getpid()}-{secrets.token_hex(3)}{PROJECT_SUFFIX}"
        return cls(autosave_dir() / name)

    @property
    def locked(self) -> bool:
        return self._lock is not None and self._lock.is_locked

    def write(self, project: Project) -> None:
        """Autosave `project` atomically, taking the slot's lock first (OSError on failure)."""
        if not self.locked:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = _try_lock(self.path)
            if lock is None:
                raise OSError(f"{self.path}: locked by another running Wortlaut")
            self._lock = lock
        original = project.original_file
        if original is not None and original.data is not None and original.sha256 != self._original:
            atomic_write_bytes(self.original_path, original.data)
            self._original = original.sha256
        project.write_autosave(self.path)
        if original is None and self._original is not None:  # another project now: no document
            self._remove_original()

    def _remove_original(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.original_path.unlink()
        self._original = None

    def release(self) -> None:
        """Let go of the lock and keep the file (it becomes an orphan for the next start)."""
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self._lock.release()
            self._lock = None

    def discard(self) -> None:
        """Delete the autosave and its lock: the work in it is saved or was thrown away."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self._remove_original()
        self.release()
        with contextlib.suppress(OSError):
            _lock_path(self.path).unlink()

    def adopt(self, other: AutosaveSlot) -> None:
        """Continue in `other` (a restored orphan, lock held): this slot is given up."""
        self.discard()
        self.path, self._lock, self._original = other.path, other._lock, other._original
        other._lock = None

    def restore_original(self, project: Project) -> None:
        """Give a project read from this slot its original document back: from the sidecar,
        else from the source file if it still has the same bytes (the next write then puts
        them beside the autosave again)."""
        original = project.original_file
        if original is None or not original.missing:
            return
        from app.document_project import find_original

        candidates = [self.original_path]
        if project.source_path is not None:
            candidates.append(project.source_path)
        if find_original(project, candidates) == self.original_path:
            self._original = original.sha256


@dataclass
class Orphan:
    """An autosave left by a session that ended without closing; its lock is ours."""

    slot: AutosaveSlot
    project: Project

    @property
    def path(self) -> Path:
        return self.slot.path

    @property
    def original_missing(self) -> str | None:
        """The name of the document this project was made from when its copy was lost (the
        sidecar is missing or damaged and the source file moved or changed); else None."""
        original = self.project.original_file
        return original.name if original is not None and original.missing else None

    @property
    def saved_at(self) -> datetime:
        if self.project.saved_at is not None:
            return self.project.saved_at
        return datetime.fromtimestamp(self.path.stat().st_mtime, UTC)

    def keep(self) -> None:
        """Leave it for a later start."""
        self.slot.release()

    def discard(self) -> None:
        self.slot.discard()


@dataclass
class DamagedAutosave:
    path: Path
    problem: str
    moved_to: Path | None

    def message(self) -> str:
        if self.moved_to is None:
            return f"{self.problem}\nIt could not be moved aside and is left where it is."
        return f"{self.problem}\nIt was moved to {self.moved_to}."


def claim_orphans() -> tuple[list[Orphan], list[DamagedAutosave]]:
    """Every orphaned autosave that can be read (newest first, locks held by the caller), and
    the damaged ones, already moved to `autosave/damaged/`."""
    folder = autosave_dir()
    orphans: list[Orphan] = []
    damaged: list[DamagedAutosave] = []
    if not folder.is_dir():
        return orphans, damaged
    for path in sorted(folder.glob(f"session-*{PROJECT_SUFFIX}")):
        try:
            lock = _try_lock(path)
        except OSError as exc:  # a read-only folder: nothing can be claimed or cleaned up
            log.warning("cannot lock %s: %s", path, exc)
            continue
        if lock is None:
            continue  # its app is running
        slot = AutosaveSlot(path, lock)
        try:
            project = load_project(path)
        except InputError as exc:
            damaged.append(DamagedAutosave(path, str(exc), move_aside(path)))
            move_aside(slot.original_path)
            slot.discard()
            continue
        slot.restore_original(project)
        orphans.append(Orphan(slot, project))
    _remove_stale_locks(folder)
    orphans.sort(key=lambda o: o.saved_at, reverse=True)
    return orphans, damaged


def move_aside(path: Path) -> Path | None:
    """Move a damaged autosave (or its sidecar) to `autosave/damaged/` under a free name; None
    if that fails or there is no such file."""
    if not path.exists():
        return None
    target_dir = path.parent / DAMAGED
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / path.name
        n = 1
        while target.exists():
            target = target_dir / f"{path.stem}-{n}{path.suffix}"
            n += 1
        os.replace(path, target)
    except OSError as exc:
        log.warning("cannot move %s aside: %s", path, exc)
        return None
    return target


def _remove_stale_locks(folder: Path) -> None:
    """Lock files of sessions that ended before their first autosave, and sidecars of sessions
    that crashed between writing the sidecar and the autosave."""
    for sidecar in folder.glob(f"session-*{ORIGINAL_SUFFIX}"):
        autosave = sidecar.with_suffix(PROJECT_SUFFIX)
        if autosave.exists():
            continue
        with contextlib.suppress(OSError):
            lock = _try_lock(autosave)
            if lock is not None:
                sidecar.unlink()
                lock.release()
    for lock_file in folder.glob(f"session-*{PROJECT_SUFFIX}{LOCK_SUFFIX}"):
        autosave = lock_file.with_name(lock_file.name.removesuffix(LOCK_SUFFIX))
        if autosave.exists():
            continue
        with contextlib.suppress(OSError):
            lock = _try_lock(autosave)
            if lock is not None:
                lock.release()
                lock_file.unlink()
