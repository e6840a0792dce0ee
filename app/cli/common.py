"""What every command group shares: exit codes, CliError, input and output, the glossary store."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from glossary.errors import WortlautError, os_problem

if TYPE_CHECKING:
    from glossary.exchange import ParsedGlossary
    from glossary.storage import ConflictError, GlossaryStore
    from glossary.terms import TermEntry
    from tm.store import TranslationMemory

EXIT_OK, EXIT_PARTIAL, EXIT_FAILURE = 0, 1, 2

Subcommands = argparse._SubParsersAction  # what `add_subparsers` returns


class CliError(WortlautError):
    """A failure to report on stderr as one clear message, exit code 2."""


def read_input(name: str) -> str:
    """Read a document given on the command line (`-` is standard input), BOM removed."""
    from glossary.encoding import decode_bytes
    from glossary.errors import InputError

    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise CliError(f"{name}: {os_problem(exc)}") from None
    try:
        return decode_bytes(data, source="<stdin>" if name == "-" else name).text
    except InputError as exc:
        raise CliError(str(exc)) from None


def note(message: str) -> None:
    """Something the user should know that is not an error (stderr, so pipes stay clean)."""
    print(f"wortlaut: note: {message}", file=sys.stderr)


def write_output(text: str, path: Path | None, stream: TextIO | None = None) -> None:
    from glossary.atomic import atomic_write_text

    if path is None:
        (stream or sys.stdout).write(text)
        return
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise CliError(f"{path}: cannot write: {os_problem(exc)}") from None


def progress_printer(label: str) -> Callable[[int, int], None]:
    """A progress callback that shows a percentage on a terminal (nothing when piped)."""
    last = [-1]

    def report(done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        percent = int(done * 100 / total) if total else -1
        if percent != last[0]:
            last[0] = percent
            shown = f"{percent:3d}%" if percent >= 0 else f"{done // 1024} KiB"
            print(f"\r{label} {shown}", end="", file=sys.stderr, flush=True)

    return report


def author() -> str:
    """Who the history records: WORTLAUT_AUTHOR, else the login name."""
    import getpass

    try:
        return os.environ.get("WORTLAUT_AUTHOR") or getpass.getuser()
    except OSError:  # pragma: no cover - no login name (some containers)
        return ""


def conflict_message(exc: ConflictError) -> str:
    current = exc.current
    if current is None:
        return f"conflict: {exc}; nothing was changed"
    return (
        f"conflict: {exc}; nothing was changed.\n  now stored (version {current.version}): "
        f"{current.source} → {current.target}"
        + (f"  notes: {current.notes}" if current.notes else "")
        + "\n  run `wortlaut glossary history ID` to see who changed it, then edit again"
    )


def open_store(url: str | None) -> GlossaryStore:
    from app import paths
    from glossary.storage import GlossaryStore, StoreError, sqlite_url

    try:
        return GlossaryStore.open(url or sqlite_url(paths.glossary_db()))
    except StoreError as exc:
        raise CliError(str(exc)) from None


@contextmanager
def glossary_store(url: str | None) -> Iterator[GlossaryStore]:
    """The glossary store for one command, the one way every command reaches the database:
    its errors (and any database error the store let through) become one clear CLI message."""
    from sqlalchemy.exc import SQLAlchemyError

    from glossary.database import store_error
    from glossary.storage import ConflictError, StoreError

    store = open_store(url)
    try:
        yield store
    except ConflictError as exc:
        raise CliError(conflict_message(exc)) from None
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except SQLAlchemyError as exc:
        raise CliError(str(store_error(exc, store.engine.url))) from None
    finally:
        store.close()


def load_glossary_file(path: Path, sheet: str | None = None) -> ParsedGlossary:
    from glossary.errors import InputError
    from glossary.exchange import read_glossary

    try:
        return read_glossary(path, sheet=sheet)
    except InputError as exc:
        raise CliError(str(exc)) from None


def glossary_entries(file: Path | None, url: str | None) -> list[TermEntry]:
    """Terms from a glossary file (not stored) or from the database."""
    if file is not None:
        parsed = load_glossary_file(file)
        for line, reason in parsed.invalid:
            print(f"wortlaut: warning: {file}:{line}: {reason} (row skipped)", file=sys.stderr)
        return parsed.entries
    with glossary_store(url) as store:
        return store.entries()


@contextmanager
def tm_store(url: str | None) -> Iterator[TranslationMemory]:
    """The translation memory for one command: --db (the glossary's database, which holds it)
    or the per-user SQLite file; its errors become one clear CLI message."""
    from sqlalchemy.exc import SQLAlchemyError

    from app import paths
    from glossary.database import StoreError, sqlite_url, store_error
    from tm.store import TranslationMemory

    try:
        memory = TranslationMemory.open(url or sqlite_url(paths.tm_db()))
    except StoreError as exc:
        raise CliError(str(exc)) from None
    try:
        yield memory
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except SQLAlchemyError as exc:
        raise CliError(str(store_error(exc, memory.engine.url))) from None
    finally:
        memory.close()
