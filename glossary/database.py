"""Opening a glossary database and turning every database failure into one clear message.

- URLs are checked before anything is opened: only `sqlite:///PATH` (a file) and
  `postgresql+psycopg://USER@HOST/DB` are accepted, and a bad one is refused naming both forms.
- SQLite waits for a lock held by another writer (`busy_timeout`, default 10 s,
  `WORTLAUT_DB_BUSY_TIMEOUT` seconds overrides it) and starts every writing transaction with
  `BEGIN IMMEDIATE`, so a transaction never finds out half-way that another process wrote
  first (SQLite's "database is locked" without waiting). Starting a transaction is retried a few
  times, with a short pause, when SQLite refused it without waiting.
- The schema is created on an empty database and upgraded on a Wortlaut one; a database with
  other tables, or a schema revision this version does not know, is refused untouched.
- `store_errors()` maps SQLAlchemy and driver errors to `StoreError`: which database (its URL
  without the password) and what went wrong, in words a user can act on.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, RootTransaction, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from glossary.errors import WortlautError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SCHEMA_LOCK = 0x57_4F_52_54  # advisory lock id for migrations ("WORT")
SUPPORTED_URLS = "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
BUSY_TIMEOUT_ENV = "WORTLAUT_DB_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT = 10.0  # seconds a writer waits for another one to finish
RETRY_PAUSES = (0.05, 0.2, 0.5)  # between attempts to start a transaction SQLite refused at once
WRITE_OPTION = "wortlaut_write"  # execution option: False starts a reading (deferred) transaction

T = TypeVar("T")


class StoreError(WortlautError):
    """A store operation failed; the message says why."""


class ConstraintError(StoreError):
    """The database refused a change that breaks one of its rules (e.g. a duplicate term)."""


# -- URLs ------------------------------------------------------------------------------------------
def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


_PASSWORD_IN_URL = re.compile(r"(://[^/@:]*:)[^@/]*@")


def shown_url(url: URL | str) -> str:
    """The URL to show a user: never with its password."""
    if isinstance(url, str):
        with suppress(ArgumentError, ValueError):
            url = make_url(url)
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    masked = _PASSWORD_IN_URL.sub(r"\1***@", url)
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in masked)  # one line


def parse_url(url: str) -> URL:
    """The URL of a glossary database, or StoreError naming the forms Wortlaut supports."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise refusal(url, f"not a database URL; use {SUPPORTED_URLS}") from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise refusal(parsed, f"unsupported database {backend!r}; use {SUPPORTED_URLS}")
    driver = parsed.get_driver_name()  # (loads the dialect: only for the two we have)
    if backend == "sqlite" and driver != "pysqlite":
        raise refusal(parsed, f"unsupported SQLite driver {driver!r}; use sqlite:///PATH")
    if backend == "postgresql" and driver != "psycopg":
        raise refusal(
            parsed,
            f"unsupported PostgreSQL driver {driver!r}; use postgresql+psycopg://USER@HOST/DB",
        )
    if backend == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise refusal(parsed, "a database in memory keeps nothing; name a file: sqlite:///PATH")
    if backend == "sqlite" and parsed.query and parsed.query.get("uri") != "true":
        options = "&".join(f"{key}=…" for key in parsed.query)
        raise refusal(parsed, f"a SQLite URL takes no options (?{options}); use sqlite:///PATH")
    return parsed


def refusal(url: URL | str, problem: str) -> StoreError:
    """The error for a database that cannot be opened: which one (no password) and why."""
    return StoreError(f"cannot open glossary database {shown_url(url)}: {problem}")


def sqlite_file(url: URL) -> Path | None:
    """The file a SQLite URL names (None for other databases and `file:` URIs)."""
    if url.get_backend_name() != "sqlite" or url.query.get("uri") == "true":
        return None
    return Path(url.database or "")


def check_sqlite_file(url: URL) -> None:
    """Refuse, before SQLite creates anything, a path that cannot hold a database file."""
    path = sqlite_file(url)
    if path is None:
        return
    if path.is_dir():
        raise refusal(url, f"{path} is a folder, not a database file")
    if path.is_file() and not _sqlite_header(path):
        # SQLite would take a file shorter than its header for an empty database and overwrite it
        raise refusal(url, "not a Wortlaut glossary database (the file is not an SQLite database)")
    if not path.parent.is_dir():
        what = "is not a folder" if path.parent.exists() else "does not exist"
        raise refusal(url, f"the folder {path.parent} {what}")


def _sqlite_header(path: Path) -> bool:
    """True for an empty file (a new database) or one that starts like an SQLite database."""
    try:
        with path.open("rb") as file:
            start = file.read(16)
    except OSError:
        return True  # SQLite reports what is wrong with it
    return start in (b"", b"SQLite format 3\x00")


# -- engines ---------------------------------------------------------------------------------------
def busy_timeout() -> float:
    """Seconds to wait for another writer: WORTLAUT_DB_BUSY_TIMEOUT, else 10."""
    try:
        value = float(os.environ.get(BUSY_TIMEOUT_ENV, DEFAULT_BUSY_TIMEOUT))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT
    return value if value >= 0 else DEFAULT_BUSY_TIMEOUT


def make_engine(url: str | URL, password: str | None = None) -> Engine:
    parsed = parse_url(url) if isinstance(url, str) else url
    if password is not None:
        parsed = parsed.set(password=password)
    options: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        options = {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}
    else:
        options = {"connect_args": {"timeout": busy_timeout()}}
    engine = create_engine(parsed, **options)
    if engine.dialect.name == "sqlite":
        timeout_ms = int(busy_timeout() * 1000)

        def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            _sqlite_settings(dbapi_connection, timeout_ms)

        event.listen(engine, "connect", on_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_settings(dbapi_connection: sqlite3.Connection, timeout_ms: int) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Writers take the write lock at BEGIN, waiting there (busy_timeout) for one another."""
    writing = connection.get_execution_options().get(WRITE_OPTION, True)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def retry_locked(start: Callable[[], T], timeout: float | None = None) -> T:
    """`start()` (which begins a transaction), again after a pause while SQLite refuses it as
    locked without having waited for the lock; a refusal after a full wait is final."""
    limit = busy_timeout() if timeout is None else timeout
    for pause in RETRY_PAUSES:
        began = time.monotonic()
        try:
            return start()
        except DBAPIError as exc:
            if not is_locked(exc) or time.monotonic() - began >= limit / 2:
                raise  # (a busy handler that waited is not worth asking again)
        time.sleep(pause)
    return start()


def begin(engine: Engine, write: bool = True) -> tuple[Connection, RootTransaction]:
    """A connection with its transaction begun (on SQLite, a writing one holds the write lock)."""
    connection = engine.connect().execution_options(**{WRITE_OPTION: write})
    try:
        return connection, connection.begin()
    except BaseException:
        connection.close()
        raise


# -- schema ----------------------------------------------------------------------------------------
def alembic_config(connection: object) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_schema(engine: Engine) -> None:
    """Bring the schema to the newest revision, in place, keeping every row.

    A database holding other tables, or a revision this version does not know, is refused
    untouched. Concurrent first starts take turns: on PostgreSQL through an advisory lock, on
    SQLite through a lock file named after the database in the temporary folder (the check, the switch to WAL and the
    migration need the file to themselves, and SQLite's own locks can leave one of several
    simultaneous openers waiting out its whole busy timeout).
    """
    with _schema_turn(engine):
        _upgrade_schema(engine)


@contextmanager
def _schema_turn(engine: Engine) -> Iterator[None]:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database:
        yield
        return
    import hashlib
    import tempfile

    from filelock import FileLock, Timeout

    key = hashlib.sha1(str(Path(database).resolve()).encode("utf-8")).hexdigest()[:16]
    where = Path(tempfile.gettempdir()) / f"wortlaut-schema-{key}.lock"  # never beside the file
    lock = FileLock(str(where), timeout=busy_timeout() * 3)
    try:
        lock.acquire()
    except (OSError, Timeout):  # a read-only folder: no turn-taking, SQLite's locks still hold
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _upgrade_schema(engine: Engine) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    connection, transaction = retry_locked(lambda: begin(engine, write=False))
    with connection, transaction:  # reading first: an up-to-date database needs no write lock
        current = _known_revision(connection, script)
    if engine.dialect.name == "sqlite":
        _use_wal(engine)  # only now: the file is empty or ours
    if current == head:
        return
    connection, transaction = retry_locked(lambda: begin(engine))
    with connection, transaction:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SCHEMA_LOCK})
        if _known_revision(connection, script) != head:
            command.upgrade(alembic_config(connection), "head")


def _use_wal(engine: Engine) -> None:
    """Write-ahead logging (kept in the file): readers never wait for a writer."""
    connection = engine.raw_connection()
    try:
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode=WAL")  # needs the lock for a moment
    except sqlite3.OperationalError as exc:
        if _sqlite_code(exc) != "SQLITE_READONLY":
            raise  # a read-only file keeps its journal mode and can still be read
    finally:
        connection.close()


def _known_revision(connection: Connection, script: Any) -> str | None:
    """The schema revision of a Wortlaut database (None: empty); refuses any other database."""
    from alembic.runtime.migration import MigrationContext

    current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        tables = sorted(set(inspect(connection).get_table_names()) - {"alembic_version"})
        if tables:
            listed = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
            raise refusal(
                connection.engine.url,
                f"not a Wortlaut glossary database (it holds other tables: {listed}); "
                "nothing was changed",
            )
    elif current not in {rev.revision for rev in script.walk_revisions()}:
        raise refusal(
            connection.engine.url,
            f"its schema (revision {current!r}) comes from a newer Wortlaut or another "
            "program; nothing was changed",
        )
    return current


# -- errors ----------------------------------------------------------------------------------------
@contextmanager
def store_errors(url: URL | str, opening: bool = False) -> Iterator[None]:
    """Database and driver errors inside become one StoreError about the database at `url`."""
    try:
        yield
    except StoreError:
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise store_error(exc, url, opening) from exc
    except Exception as exc:
        if type(exc).__module__.startswith("psycopg"):
            raise store_error(exc, url, opening) from exc
        raise


def store_error(exc: BaseException, url: URL | str, opening: bool = False) -> StoreError:
    """The StoreError a user sees for `exc` on the database at `url`."""
    where = shown_url(url)
    prefix = f"cannot open glossary database {where}" if opening else f"glossary database {where}"
    problem = describe(exc, url)
    kind = ConstraintError if isinstance(exc, IntegrityError) else StoreError
    return kind(f"{prefix}: {problem}")


def is_locked(exc: BaseException) -> bool:
    original = getattr(exc, "orig", None) or exc
    return _sqlite_code(original) in ("SQLITE_BUSY", "SQLITE_LOCKED") or (
        "database is locked" in str(original) or "database table is locked" in str(original)
    )


def describe(exc: BaseException, url: URL | str) -> str:
    """What went wrong, in words; the driver's own first line when nothing better is known."""
    if isinstance(exc, NoSuchModuleError | ArgumentError):
        return f"not a usable database URL ({_first_line(exc)}); use {SUPPORTED_URLS}"
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        return exc.strerror or str(exc)
    original = getattr(exc, "orig", None) or exc
    message = _first_line(original)
    lowered = str(original).lower()
    code = _sqlite_code(original)
    if is_locked(exc):
        return (
            f"the database is locked by another program (waited {busy_timeout():g} s); "
            "nothing was changed, try again when it has finished"
        )
    sqlite_problems = {
        "SQLITE_FULL": "the disk is full; nothing was changed (free some space and try again)",
        "SQLITE_NOTADB": "not a Wortlaut glossary database (the file is not an SQLite database)",
        "SQLITE_READONLY": "the database is read-only (check the file's permissions); "
        "nothing was changed",
        "SQLITE_CANTOPEN": "cannot open the database file (check the path and its permissions)",
        "SQLITE_CORRUPT": "the database file is damaged (restore it from a backup)",
        "SQLITE_IOERR": "the disk reported an error while reading or writing the database",
    }
    for name, problem in sqlite_problems.items():
        if code.startswith(name):
            return problem
    for needle, problem in (
        ("database or disk is full", sqlite_problems["SQLITE_FULL"]),
        ("file is not a database", sqlite_problems["SQLITE_NOTADB"]),
        ("readonly database", sqlite_problems["SQLITE_READONLY"]),
        ("unable to open database file", sqlite_problems["SQLITE_CANTOPEN"]),
        ("malformed", sqlite_problems["SQLITE_CORRUPT"]),
        ("disk i/o error", sqlite_problems["SQLITE_IOERR"]),
        ("no such table", "not a Wortlaut glossary database (a table is missing)"),
        ("no such column", "not a Wortlaut glossary database (a column is missing)"),
    ):
        if needle in lowered:
            return problem
    if isinstance(url, str):
        try:
            url = make_url(url)
        except (ArgumentError, ValueError):
            return message
    if url.get_backend_name() == "postgresql":
        return (
            _describe_postgresql(lowered, message, url) or _kind_of_failure(exc, message) or message
        )
    return _kind_of_failure(exc, message) or message


def _kind_of_failure(exc: BaseException, message: str) -> str | None:
    if isinstance(exc, DataError):
        return f"a value does not fit the database ({message}); nothing was changed"
    if isinstance(exc, IntegrityError):
        return f"the database refused the change ({message}); nothing was changed"
    return None


def _describe_postgresql(lowered: str, message: str, url: URL) -> str | None:
    server = f"{url.host}:{url.port or 5432}" if url.host else str(url.query.get("host", "local"))
    user = url.username or "(your login name)"
    for needle, problem in (
        ("password authentication failed", f"user {user} was refused: wrong password"),
        ("no password supplied", f"the server asks user {user} for a password; put it in "
         "PGPASSWORD or ~/.pgpass"),
        (f'role "{url.username}" does not exist', f"the server has no user {user}"),
        (f'database "{url.database}" does not exist', f"the server has no database {url.database}"),
        ("connection refused", f"cannot connect to server at {server}: connection refused "
         "(is PostgreSQL running there?)"),
        ("timeout expired", f"cannot connect to server at {server}: no answer (timed out)"),
        ("could not translate host name", f"cannot connect to server at {server}: unknown host"),
        ("no such file or directory", f"cannot connect to server at {server}: no server there"),
        ("server closed the connection", f"the connection to {server} was lost; try again"),
        ("terminating connection", f"the connection to {server} was lost; try again"),
        ("permission denied", f"user {user} lacks a permission on the server ({message}); "
         "ask its administrator"),
        ("deadlock detected", "a concurrent change got in the way; nothing was changed, try again"),
        ("could not serialize", "a concurrent change got in the way; nothing was changed, "
         "try again"),
    ):  # fmt: skip
        if needle in lowered:
            return problem
    return None


def _sqlite_code(exc: BaseException) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def open_engine(url: str, password: str | None = None) -> Engine:
    """An engine for `url` with the schema created or upgraded; `password` completes a URL
    without one. Raises StoreError naming the database and the problem (a refused database is
    left unchanged and its engine disposed)."""
    parsed = parse_url(url)
    check_sqlite_file(parsed)
    engine = make_engine(parsed, password)
    try:
        with store_errors(parsed, opening=True):
            upgrade_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


class TransactionalStore:
    """What the glossary store and the translation memory share: an engine and transactions
    that retry while SQLite is locked and report database failures as StoreError."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error, and any database
        failure raised as StoreError. `write=False` reads without SQLite's write lock."""
        with store_errors(self.engine.url):
            session, transaction = retry_locked(lambda: self._begin(write))
            with session, transaction:
                yield session

    def _begin(self, write: bool) -> tuple[Session, SessionTransaction]:
        session = self._sessions()
        try:
            transaction = session.begin()
            session.connection(execution_options={WRITE_OPTION: write})
        except BaseException:
            session.close()
            raise
        return session, transaction
