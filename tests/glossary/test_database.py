"""Opening glossary databases: URL checks, SQLite locking, schema checks, and error messages."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from glossary.database import (
    ConstraintError,
    StoreError,
    busy_timeout,
    parse_url,
    retry_locked,
    shown_url,
    sqlite_url,
    store_error,
)
from glossary.storage import GlossaryStore
from glossary.terms import TermEntry

SUPPORTED = "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"


def wrapped(message: str, error: type = OperationalError) -> Exception:
    """A driver error as SQLAlchemy hands it on."""
    return error("INSERT INTO terms …", {}, sqlite3.OperationalError(message))


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "glossary.db"
    store = GlossaryStore.open(sqlite_url(path))
    store.add(TermEntry("Bollwerk", "bulwark"))
    store.close()
    return path


# -- URLs ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["notaurl", "glossary.db", "://nothing", ""])
def test_a_text_that_is_no_url_is_refused_naming_the_supported_forms(url):
    with pytest.raises(StoreError) as refused:
        parse_url(url)
    assert "not a database URL" in str(refused.value)
    assert SUPPORTED in str(refused.value)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://anna@db.example/terms", "unsupported database 'mysql'"),
        ("foo://x/y", "unsupported database 'foo'"),
        ("oracle://anna@db.example/terms", "unsupported database 'oracle'"),
        ("postgresql+asyncpg://anna@db.example/terms", "unsupported PostgreSQL driver 'asyncpg'"),
        ("sqlite+aiosqlite:///g.db", "unsupported SQLite driver 'aiosqlite'"),
    ],
)
def test_databases_and_drivers_wortlaut_cannot_use_are_refused(url, problem):
    with pytest.raises(StoreError, match=problem):
        parse_url(url)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:"])
def test_a_database_in_memory_is_refused_because_it_keeps_nothing(url):
    with pytest.raises(StoreError, match="a database in memory keeps nothing"):
        parse_url(url)


def test_sqlite_urls_with_driver_options_are_refused(tmp_path):
    with pytest.raises(StoreError, match="takes no options"):
        parse_url(f"sqlite:///{tmp_path}/g.db?timeout=abc")


def test_a_postgresql_url_without_a_driver_uses_psycopg():
    assert parse_url("postgresql://anna@db.example/terms").get_driver_name() == "psycopg"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://anna:s3cret@db.example/terms",
        "postgresql+psycopg://anna:s3cret@db.example:notaport/terms",  # unparseable
    ],
)
def test_a_password_in_a_url_is_never_shown(url):
    assert "s3cret" not in shown_url(url)
    try:
        parse_url(url)
    except StoreError as exc:
        assert "s3cret" not in str(exc)
    assert "s3cret" not in str(store_error(wrapped("boom"), url))


# -- error messages --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("driver_message", "shown"),
    [
        ("database or disk is full", "the disk is full; nothing was changed"),
        ("database is locked", "locked by another program"),
        ("attempt to write a readonly database", "the database is read-only"),
        ("file is not a database", "not a Wortlaut glossary database"),
        ("database disk image is malformed", "the database file is damaged"),
        ("no such table: terms", "not a Wortlaut glossary database"),
    ],
)
def test_sqlite_failures_become_one_line_naming_the_database_and_the_problem(driver_message, shown):
    error = store_error(wrapped(driver_message), "sqlite:////data/glossary.db")
    assert str(error).startswith("glossary database sqlite:////data/glossary.db: ")
    assert shown in str(error)
    assert "\n" not in str(error) and "sqlalche.me" not in str(error)


def test_a_value_that_does_not_fit_says_so():
    error = store_error(
        wrapped("value too long for type character varying(200)", DataError),
        "postgresql+psycopg://anna@db.example/terms",
    )
    assert str(error) == (
        "glossary database postgresql+psycopg://anna@db.example/terms: a value does not fit the "
        "database (value too long for type character varying(200)); nothing was changed"
    )


def test_a_refused_constraint_is_a_constraint_error():
    error = store_error(wrapped("UNIQUE constraint failed", IntegrityError), "sqlite:///g.db")
    assert isinstance(error, ConstraintError)


@pytest.mark.parametrize(
    ("driver_message", "shown"),
    [
        ('connection to server at "127.0.0.1", port 1 failed: Connection refused',
         "cannot connect to server at 127.0.0.1:1: connection refused"),
        ('FATAL:  password authentication failed for user "anna"',
         "user anna was refused: wrong password"),
        ('FATAL:  role "anna" does not exist', "the server has no user anna"),
        ('FATAL:  database "terms" does not exist', "the server has no database terms"),
    ],
)  # fmt: skip
def test_postgresql_failures_say_which_server_and_what_went_wrong(driver_message, shown):
    url = "postgresql+psycopg://anna:s3cret@127.0.0.1:1/terms"
    error = store_error(wrapped(driver_message), url, opening=True)
    assert str(error).startswith("cannot open glossary database postgresql+psycopg://anna:***@")
    assert shown in str(error)


# -- SQLite locking --------------------------------------------------------------------------------
def test_the_busy_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("WORTLAUT_DB_BUSY_TIMEOUT", raising=False)
    assert busy_timeout() == 10
    monkeypatch.setenv("WORTLAUT_DB_BUSY_TIMEOUT", "0.25")
    assert busy_timeout() == 0.25


def test_sqlite_connections_wait_for_the_lock_as_configured(db_file, monkeypatch):
    monkeypatch.setenv("WORTLAUT_DB_BUSY_TIMEOUT", "2.5")
    store = GlossaryStore.open(sqlite_url(db_file))
    try:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2500
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.close()


@pytest.fixture
def held_lock(db_file: Path):
    """Another program holding the database's write lock."""
    other = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def test_a_write_while_another_program_holds_the_lock_fails_clearly_after_the_timeout(
    db_file, held_lock, monkeypatch
):
    monkeypatch.setenv("WORTLAUT_DB_BUSY_TIMEOUT", "0.3")
    store = GlossaryStore.open(sqlite_url(db_file))
    started = time.monotonic()
    try:
        with pytest.raises(StoreError, match="locked by another program") as refused:
            store.add(TermEntry("Kreml", "Kremlin"))
    finally:
        store.close()
    assert 0.3 <= time.monotonic() - started < 5
    assert str(refused.value).startswith(f"glossary database sqlite:///{db_file}: ")


def test_reading_works_while_another_program_holds_the_write_lock(db_file, held_lock, monkeypatch):
    monkeypatch.setenv("WORTLAUT_DB_BUSY_TIMEOUT", "0.3")
    store = GlossaryStore.open(sqlite_url(db_file))
    try:
        assert [e.source for e in store.entries()] == ["Bollwerk"]
    finally:
        store.close()


def test_a_writer_waits_for_another_to_finish_instead_of_failing(db_file, held_lock, monkeypatch):
    monkeypatch.setenv("WORTLAUT_DB_BUSY_TIMEOUT", "10")
    store = GlossaryStore.open(sqlite_url(db_file))
    threading.Timer(0.3, lambda: held_lock.execute("COMMIT")).start()
    try:
        store.add(TermEntry("Kreml", "Kremlin"))
        assert store.count() == 2
    finally:
        store.close()


def test_a_lock_refused_without_waiting_is_retried():
    calls: list[float] = []

    def start() -> str:
        calls.append(time.monotonic())
        if len(calls) < 3:
            raise wrapped("database is locked")
        return "began"

    assert retry_locked(start, timeout=5) == "began"
    assert len(calls) == 3


def test_a_lock_still_held_after_a_full_wait_is_not_retried():
    calls: list[int] = []

    def start() -> str:
        calls.append(1)
        time.sleep(0.05)
        raise wrapped("database is locked")

    with pytest.raises(OperationalError):
        retry_locked(start, timeout=0.05)
    assert len(calls) == 1


def test_first_starts_at_once_on_a_new_sqlite_file_all_get_the_schema(tmp_path):
    url = sqlite_url(tmp_path / "new.db")
    errors: list[Exception] = []

    def open_it() -> None:
        try:
            GlossaryStore.open(url).close()
        except Exception as exc:  # pragma: no cover - what the test looks for
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


# -- files that are not (our) databases ------------------------------------------------------------
def test_a_database_of_another_program_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "crm.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE customers (name TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"not a Wortlaut glossary database \(it holds other "):
        GlossaryStore.open(sqlite_url(path))
    assert path.read_bytes() == before


def test_a_schema_from_a_newer_wortlaut_is_refused_and_left_unchanged(db_file):
    other = sqlite3.connect(db_file)
    other.execute("UPDATE alembic_version SET version_num = '9999_future'")
    other.commit()
    other.close()
    before = db_file.read_bytes()
    with pytest.raises(StoreError, match=r"revision '9999_future'.*newer Wortlaut"):
        GlossaryStore.open(sqlite_url(db_file))
    assert db_file.read_bytes() == before


def test_a_file_that_is_no_database_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Bollwerk = bulwark\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not a Wortlaut glossary database"):
        GlossaryStore.open(sqlite_url(path))
    assert path.read_text(encoding="utf-8") == "Bollwerk = bulwark\n" * 100


def test_a_missing_folder_is_refused_and_not_created(tmp_path):
    with pytest.raises(StoreError, match=r"the folder .*missing does not exist"):
        GlossaryStore.open(sqlite_url(tmp_path / "missing" / "g.db"))
    assert not (tmp_path / "missing").exists()


def test_a_read_only_database_can_be_read_and_refuses_writes_clearly(db_file):
    store = GlossaryStore.open(f"sqlite:///file:{db_file}?mode=ro&uri=true")
    try:
        assert [e.source for e in store.entries()] == ["Bollwerk"]
        with pytest.raises(StoreError, match="the database is read-only"):
            store.add(TermEntry("Kreml", "Kremlin"))
    finally:
        store.close()


def test_a_postgresql_database_of_another_program_is_refused_and_left_unchanged(postgres_url):
    import sqlalchemy as sa

    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE invoices (id integer)"))
    try:
        with pytest.raises(StoreError, match=r"\(it holds other tables: invoices\)"):
            GlossaryStore.open(postgres_url)
        assert sa.inspect(engine).get_table_names() == ["invoices"]
    finally:
        engine.dispose()
