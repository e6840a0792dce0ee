"""Hostile glossary databases and database URLs, for `--db` on every command that takes it.

Each generator writes what its cases need into `folder` and returns the cases: the URL to pass,
what the one-line error must say, and what the case is. Nothing here may be changed by Wortlaut.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = "use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"


@dataclass(frozen=True)
class DbCase:
    name: str
    url: str
    problem: str  # the message names this
    description: str


def bad_urls(folder: Path) -> list[DbCase]:
    """URLs Wortlaut cannot use; none of them may create a file."""
    db = folder / "never-created.db"
    return [
        DbCase("not-a-url", "notaurl", f"not a database URL; {SUPPORTED}", "a bare word"),
        DbCase("a-path", str(db), f"not a database URL; {SUPPORTED}", "a file path, no scheme"),
        DbCase("mysql", "mysql://anna@db.example/terms", "unsupported database 'mysql'",
               "a dialect SQLAlchemy knows but Wortlaut does not support"),
        DbCase("unknown-dialect", "foo://x/y", "unsupported database 'foo'",
               "a dialect nobody knows"),
        DbCase("other-driver", "postgresql+asyncpg://anna@db.example/terms",
               "unsupported PostgreSQL driver 'asyncpg'", "a PostgreSQL driver we do not ship"),
        DbCase("memory", "sqlite://", "a database in memory keeps nothing",
               "SQLite in memory: every change would be lost"),
        DbCase("sqlite-options", f"sqlite:///{db}?timeout=abc", "a SQLite URL takes no options",
               "driver options in a SQLite URL"),
        DbCase("bad-port-with-password", "postgresql+psycopg://anna:s3cret@db.example:port/terms",
               f"not a database URL; {SUPPORTED}", "unparseable; its password must not be shown"),
    ]  # fmt: skip


def not_glossary_databases(folder: Path) -> list[DbCase]:
    """Files and folders that are not a Wortlaut glossary database."""
    text = folder / "notes.txt"
    text.write_text("Bollwerk;bulwark\n" * 50, encoding="utf-8")
    binary = folder / "random.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    tiny = folder / "tiny.db"
    tiny.write_bytes(b"\x00")
    truncated = folder / "truncated.db"
    truncated.write_bytes(b"SQLite format 3\x00" + b"\xff" * 84)
    other = folder / "crm.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE customers (name TEXT, email TEXT)")
    connection.close()
    newer = folder / "newer.db"
    with sqlite3.connect(newer) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('9999_future')")
        connection.execute("CREATE TABLE terms (id INTEGER PRIMARY KEY)")
    connection.close()
    a_folder = folder / "a-folder.db"
    a_folder.mkdir()
    a_file = folder / "a-file"
    a_file.write_text("", encoding="utf-8")
    not_a_database = "not a Wortlaut glossary database"
    return [
        DbCase("text-file", f"sqlite:///{text}", not_a_database, "a text file"),
        DbCase("binary-file", f"sqlite:///{binary}", not_a_database, "random bytes"),
        DbCase("tiny-file", f"sqlite:///{tiny}", not_a_database,
               "one byte: SQLite alone would take it for a new database and overwrite it"),
        DbCase("truncated", f"sqlite:///{truncated}", not_a_database,
               "a SQLite header followed by garbage"),
        DbCase("other-schema", f"sqlite:///{other}", f"{not_a_database} (it holds other tables",
               "another program's SQLite database: must not get our tables"),
        DbCase("newer-schema", f"sqlite:///{newer}", "comes from a newer Wortlaut",
               "a schema revision this version does not know"),
        DbCase("folder", f"sqlite:///{a_folder}", "is a folder, not a database file",
               "a folder where the file should be"),
        DbCase("missing-folder", f"sqlite:///{folder / 'missing' / 'g.db'}",
               f"the folder {folder / 'missing'} does not exist",
               "a typo in the folder: must not be created"),
        DbCase("parent-is-a-file", f"sqlite:///{a_file / 'g.db'}",
               f"the folder {a_file} is not a folder", "a file where the folder should be"),
    ]  # fmt: skip


def all_cases(folder: Path) -> list[DbCase]:
    return bad_urls(folder) + not_glossary_databases(folder)


def read_only_url(glossary_db: Path) -> DbCase:
    """A Wortlaut database opened read-only (as a file the user may not write is)."""
    return DbCase("read-only", f"sqlite:///file:{glossary_db}?mode=ro&uri=true",
                  "the database is read-only", "readable, but every write must be refused")  # fmt: skip


if __name__ == "__main__":  # python -m tests.hostile.db_faults FOLDER: build the corpus, list it
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-db")
    target.mkdir(parents=True, exist_ok=True)
    for case in all_cases(target):
        print(f"{case.name:24} {case.url}\n{'':24} {case.description} → {case.problem!r}")
