"""Opening a glossary database for an editor: the store, every term, and the workspace over them.

A team glossary (PostgreSQL) that cannot be reached falls back to its last local snapshot,
read-only, with the reason kept for the status bar; after every successful open the snapshot is
renewed. A local SQLite glossary has no fallback: its problem is the user's to see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from glossary.database import shown_url
from glossary.snapshot import read_snapshot, write_snapshot
from glossary.storage import GlossaryStore, StoreError
from glossary.terms import TermEntry
from glossary.workspace import GlossaryWorkspace


def is_team_url(url: str) -> bool:
    return not url.startswith("sqlite")


def public_url(url: str) -> str:
    """The URL without its password, for display, snapshots and the keychain (any text)."""
    return shown_url(url)


def needs_password(problem: str) -> bool:
    """The server refused the connection for want of a (right) password.

    PostgreSQL says `password authentication failed for user …` or `no password supplied`; the
    URL in the message never shows a password (it is rendered as ***).
    """
    return "password" in problem.lower()


@dataclass
class OpenedGlossary:
    workspace: GlossaryWorkspace
    store: GlossaryStore | None  # None: working from the offline snapshot
    latest_change: int = 0
    snapshot_time: datetime | None = None  # set when this is the offline snapshot
    problem: str = ""  # why the server could not be used


def open_glossary(
    url: str,
    attached: tuple[TermEntry, ...] = (),
    attached_path: Path | None = None,
    password: str | None = None,
    snapshot: Path | None = None,
) -> OpenedGlossary:
    """Open the store, read every term and build the workspace (seconds at 100k terms: a worker's job).

    `snapshot` is where a team glossary's offline copy lives (None: no fallback).
    """
    try:
        store = GlossaryStore.open(url, password)
        terms, latest = store.entries(), store.latest_change()
    except StoreError as exc:
        if not is_team_url(url) or snapshot is None:
            raise
        try:
            terms, saved_at, latest = read_snapshot(snapshot)
        except ValueError:
            raise exc from None
        workspace = GlossaryWorkspace(terms, attached, attached_path)
        return OpenedGlossary(workspace, None, latest, saved_at, str(exc))
    if is_team_url(url) and snapshot is not None:
        write_snapshot(snapshot, public_url(url), terms, latest)
    return OpenedGlossary(GlossaryWorkspace(terms, attached, attached_path), store, latest)
