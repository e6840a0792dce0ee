"""The glossary store: any SQLAlchemy URL (SQLite by default), schema managed by Alembic.

Every user action is one transaction: an import either writes all its accepted rows or nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, case, create_engine, event, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from glossary.models import Glossary, Term, utcnow
from glossary.normalize import normalise_term
from glossary.terms import TermEntry

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_GLOSSARY = "default"


class OnDuplicate(enum.StrEnum):
    SKIP = "skip"
    OVERWRITE = "overwrite"
    KEEP_BOTH = "keep-both"


class StoreError(Exception):
    """A store operation failed; the message says why."""


class ConflictError(StoreError):
    """The term changed in the store since it was read: the save would lose that change."""

    def __init__(self, message: str, current: TermEntry | None):
        super().__init__(message)
        self.current = current  # the stored version now (None: the term was deleted)


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    skipped_duplicates: list[tuple[int, str]] = field(default_factory=list)  # (line, source)
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    written: bool = True

    @property
    def skipped(self) -> int:
        return len(self.skipped_duplicates) + len(self.invalid)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(connection: object) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_schema(engine: Engine) -> None:
    """Bring the schema to the newest revision, in place, keeping every row."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    with engine.begin() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        if current != head:
            command.upgrade(alembic_config(connection), "head")


class GlossaryStore:
    """A database of glossaries. `GlossaryStore.open(url)` creates or upgrades the schema."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> GlossaryStore:
        if url.startswith("sqlite:///"):
            folder = Path(url.removeprefix("sqlite:///")).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot open glossary database {url}: {exc}") from None
        engine = make_engine(url)
        try:
            upgrade_schema(engine)
        except Exception as exc:
            engine.dispose()
            raise StoreError(f"cannot open glossary database {engine.url!r}: {exc}") from exc
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    # -- glossaries ------------------------------------------------------------------------
    def glossary_id(self, name: str = DEFAULT_GLOSSARY, create: bool = True) -> int:
        with self.session() as session:
            glossary = session.scalar(select(Glossary).where(Glossary.name == name))
            if glossary is None:
                if not create:
                    raise StoreError(f"no glossary named {name!r}")
                glossary = Glossary(name=name, source_lang="de", target_lang="en")
                session.add(glossary)
                session.flush()
            return glossary.id

    # -- terms -----------------------------------------------------------------------------
    def entries(self, glossary: str = DEFAULT_GLOSSARY) -> list[TermEntry]:
        gid = self.glossary_id(glossary)
        with self.session() as session:
            rows = session.scalars(select(Term).where(Term.glossary_id == gid).order_by(Term.id))
            return [to_entry(row) for row in rows]

    def count(self, glossary: str = DEFAULT_GLOSSARY) -> int:
        gid = self.glossary_id(glossary)
        with self.session() as session:
            return session.scalar(select(func.count()).where(Term.glossary_id == gid)) or 0

    def get(self, term_id: int) -> Term | None:
        with self.session() as session:
            return session.get(Term, term_id)

    def add(
        self, entry: TermEntry, glossary: str = DEFAULT_GLOSSARY, author: str = ""
    ) -> TermEntry:
        gid = self.glossary_id(glossary)
        key = normalise_term(entry.source)
        with self.session() as session:
            existing = session.scalar(
                select(Term).where(
                    Term.glossary_id == gid, Term.source_key == key, Term.target == entry.target
                )
            )
            if existing is not None:
                raise StoreError(
                    f"term {entry.source!r} → {entry.target!r} already exists (id {existing.id})"
                )
            row = from_entry(entry, gid, author)
            session.add(row)
            session.flush()
            return to_entry(row)

    def search(
        self, query: str = "", limit: int = 200, offset: int = 0, glossary: str = DEFAULT_GLOSSARY
    ) -> list[TermEntry]:
        """Terms whose source or target contains `query` (case-insensitive), prefix hits first.

        Filtering happens in SQL, so a view can page through 100k terms without loading them.
        """
        statement = self._search_filter(select(Term), query, glossary)
        key = normalise_term(query)
        if key:
            prefix = Term.source_key.like(f"{_escape_like(key)}%", escape="\\")
            statement = statement.order_by(case((prefix, 0), else_=1))
        statement = statement.order_by(Term.source_key, Term.id).limit(limit).offset(offset)
        with self.session() as session:
            return [to_entry(row) for row in session.scalars(statement)]

    def search_count(self, query: str = "", glossary: str = DEFAULT_GLOSSARY) -> int:
        statement = self._search_filter(select(func.count()).select_from(Term), query, glossary)
        with self.session() as session:
            return session.scalar(statement) or 0

    def _search_filter(self, statement, query: str, glossary: str):  # type: ignore[no-untyped-def]
        statement = statement.where(Term.glossary_id == self.glossary_id(glossary))
        needle = query.strip().lower()
        if not needle:
            return statement
        contains = f"%{_escape_like(needle)}%"
        conditions = [
            func.lower(Term.source).like(contains, escape="\\"),
            func.lower(Term.target).like(contains, escape="\\"),
        ]
        key = normalise_term(query)
        if key:  # folded: ß/ss, hyphens and spaces do not matter (Kremlsprecher, Kreml-Sprecher)
            conditions.append(Term.source_key.like(f"%{_escape_like(key)}%", escape="\\"))
        return statement.where(or_(*conditions))

    def update(self, entry: TermEntry, author: str = "") -> TermEntry:
        """Save changes to a stored term; refused with ConflictError if it changed meanwhile.

        `entry.id` names the term and `entry.version` is the version the editor started from.
        """
        if entry.id is None or entry.version is None:
            raise StoreError("update needs a stored term (id and version)")
        try:
            with self.session() as session:
                row = session.get(Term, entry.id)
                if row is None:
                    raise ConflictError(f"term {entry.source!r} was deleted meanwhile", None)
                if row.version != entry.version:
                    raise ConflictError(
                        f"term {row.source!r} was changed meanwhile (version {row.version}, "
                        f"yours is based on {entry.version})",
                        to_entry(row),
                    )
                _apply(row, entry)
                row.source, row.source_key = entry.source, normalise_term(entry.source)
                if author:
                    row.author = author
                session.flush()
                return to_entry(row)
        except IntegrityError:
            raise StoreError(
                f"term {entry.source!r} → {entry.target!r} already exists in the glossary"
            ) from None
        except StaleDataError:
            raise ConflictError(
                f"term {entry.source!r} was changed meanwhile", self._current(entry.id)
            ) from None

    def _current(self, term_id: int) -> TermEntry | None:
        with self.session() as session:
            row = session.get(Term, term_id)
            return to_entry(row) if row is not None else None

    def remove(self, term_id: int) -> TermEntry:
        with self.session() as session:
            row = session.get(Term, term_id)
            if row is None:
                raise StoreError(f"no term with id {term_id}")
            entry = to_entry(row)
            session.delete(row)
            return entry

    def import_entries(
        self,
        rows: Iterable[tuple[int, TermEntry]],
        invalid: Iterable[tuple[int, str]] = (),
        on_duplicate: OnDuplicate = OnDuplicate.SKIP,
        strict: bool = False,
        glossary: str = DEFAULT_GLOSSARY,
        author: str = "",
    ) -> ImportReport:
        """Import (line, entry) rows in one transaction; with `strict`, any bad row writes nothing."""
        report = ImportReport(invalid=list(invalid))
        if strict and report.invalid:
            report.written = False
            return report
        gid = self.glossary_id(glossary)
        with self.session() as session:
            existing: dict[str, list[Term]] = {}
            for row in session.scalars(select(Term).where(Term.glossary_id == gid)):
                existing.setdefault(row.source_key, []).append(row)
            new_rows: list[dict[str, object]] = []
            now = utcnow()
            for line, entry in rows:
                key = normalise_term(entry.source)
                same_source = existing.get(key, [])
                exact = [r for r in same_source if r.target == entry.target]
                if same_source and on_duplicate is OnDuplicate.OVERWRITE:
                    target_row = (exact or same_source)[0]
                    _apply(target_row, entry)
                    report.updated += 1
                    continue
                if exact or (same_source and on_duplicate is OnDuplicate.SKIP):
                    report.skipped_duplicates.append((line, entry.source))
                    continue
                values = {
                    "glossary_id": gid,
                    "source": entry.source,
                    "source_key": key,
                    "target": entry.target,
                    "notes": entry.notes,
                    "forbidden": list(entry.forbidden),
                    "case_sensitive": entry.case_sensitive,
                    "domain": entry.domain,
                    "author": author,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
                new_rows.append(values)
                existing.setdefault(key, []).append(_Placeholder(entry.target))  # type: ignore[arg-type]
                report.added += 1
            if new_rows:
                session.execute(Term.__table__.insert(), new_rows)
        return report


class _Placeholder:
    """Stands in for a row added earlier in the same import, for duplicate detection."""

    def __init__(self, target: str):
        self.target = target


def _apply(row: Term, entry: TermEntry) -> None:
    row.target = entry.target
    row.notes = entry.notes
    row.forbidden = list(entry.forbidden)
    row.case_sensitive = entry.case_sensitive
    row.domain = entry.domain


def from_entry(entry: TermEntry, glossary_id: int, author: str = "") -> Term:
    return Term(
        glossary_id=glossary_id,
        source=entry.source,
        source_key=normalise_term(entry.source),
        target=entry.target,
        notes=entry.notes,
        forbidden=list(entry.forbidden),
        case_sensitive=entry.case_sensitive,
        domain=entry.domain,
        author=author,
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def to_entry(row: Term) -> TermEntry:
    return TermEntry(
        id=row.id,
        version=row.version,
        source=row.source,
        target=row.target,
        notes=row.notes or "",
        forbidden=list(row.forbidden or []),
        case_sensitive=bool(row.case_sensitive),
        domain=row.domain or "",
    )
