"""The glossary store: any SQLAlchemy URL (SQLite by default, PostgreSQL for teams), schema
managed by Alembic.

Every user action is one transaction: an import either writes all its accepted rows or nothing.
Every change of a term is recorded in `term_history` (who, when, old and new values) in the
same transaction, and on PostgreSQL announced with NOTIFY so open apps pick it up at once.
Updates are optimistic (the term's version must still be the one the editor read); imports
into one glossary are serialised with an advisory lock and insert with ON CONFLICT, so two
concurrent imports of the same file leave each term exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import TypeVarTuple

from sqlalchemy import Select, Text, case, cast, func, or_, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from glossary.bulk import collector_paused
from glossary.database import ConstraintError, StoreError, TransactionalStore, open_engine
from glossary.database import sqlite_url as sqlite_url  # callers import it from here
from glossary.errors import InputError
from glossary.importing import ImportReport, OnDuplicate, plan_import
from glossary.models import Glossary, Term, TermChange, utcnow
from glossary.normalize import normalise_term
from glossary.records import (
    ChangeRecord,
    change_record,
    entries_from_rows,
    escape_like,
    from_entry,
    to_entry,
)
from glossary.records import apply_entry as _apply
from glossary.records import entry_from_mapping as _entry_from_mapping
from glossary.terms import TermEntry, term_json
from glossary.validation import term_problem

DEFAULT_GLOSSARY = "default"
NOTIFY_CHANNEL = "wortlaut_glossary"
IMPORT_LOCK_BASE = 0x57_4C_00_00  # + glossary id: one import per glossary at a time
_Columns = TypeVarTuple("_Columns")  # the column types of a SELECT a filter is added to


class InvalidTermError(StoreError, InputError):
    """The term cannot be stored as given (control characters, too long…): bad input, refused
    before the database sees it, the same on every backend."""


def check_term(entry: TermEntry) -> None:
    problem = term_problem(entry)
    if problem is not None:
        raise InvalidTermError(problem)


class ConflictError(StoreError):
    """The term changed in the store since it was read: the save would lose that change."""

    def __init__(self, message: str, current: TermEntry | None):
        super().__init__(message)
        self.current = current  # the stored version now (None: the term was deleted)


class GlossaryStore(TransactionalStore):
    """A database of glossaries. `GlossaryStore.open(url)` creates or upgrades the schema."""

    @classmethod
    def open(cls, url: str, password: str | None = None) -> GlossaryStore:
        """Open (creating or upgrading the schema); `password` completes a URL without one.

        Raises StoreError naming the database and the problem; a refused database is unchanged.
        """
        return cls(open_engine(url, password))

    # -- glossaries ------------------------------------------------------------------------
    def glossary_id(self, name: str = DEFAULT_GLOSSARY, create: bool = True) -> int:
        with self.session(write=False) as session:
            found = session.scalar(select(Glossary.id).where(Glossary.name == name))
        if found is not None:
            return found
        if not create:
            raise StoreError(f"no glossary named {name!r}")
        for _attempt in range(3):  # two apps creating the same glossary at once: one wins
            try:
                with self.session() as session:
                    glossary = session.scalar(select(Glossary).where(Glossary.name == name))
                    if glossary is None:
                        glossary = Glossary(name=name, source_lang="de", target_lang="en")
                        session.add(glossary)
                        session.flush()
                    return glossary.id
            except ConstraintError:
                continue
        raise StoreError(f"cannot create glossary {name!r}")

    def _record(
        self,
        session: Session,
        gid: int,
        term_id: int,
        action: str,
        author: str,
        old: TermEntry | None,
        new: TermEntry | None,
    ) -> None:
        session.add(
            TermChange(
                glossary_id=gid,
                term_id=term_id,
                action=action,
                author=author,
                changed_at=utcnow(),
                old=term_json(old) if old else None,
                new=term_json(new) if new else None,
            )
        )
        self._notify(session, gid)

    def _notify(self, session: Session, gid: int) -> None:
        """PostgreSQL delivers this at commit (and only then) to every listening app."""
        if self.is_postgresql:
            session.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": NOTIFY_CHANNEL, "payload": str(gid)},
            )

    # -- terms -----------------------------------------------------------------------------
    def entries(self, glossary: str = DEFAULT_GLOSSARY) -> list[TermEntry]:
        """Every term of a glossary, in id order (read as columns: 100k terms well under 1 s)."""
        gid = self.glossary_id(glossary)
        columns = select(
            Term.id,
            Term.version,
            Term.source,
            Term.target,
            Term.notes,
            cast(Term.forbidden, Text),  # parsed only when not "[]"
            Term.case_sensitive,
            Term.domain,
        )
        query = columns.where(Term.glossary_id == gid).order_by(Term.id)
        with self.session(write=False) as session, collector_paused():
            batches = session.connection().execute(query).partitions(4096)  # never all rows
            return entries_from_rows(chain.from_iterable(batches))

    def count(self, glossary: str = DEFAULT_GLOSSARY) -> int:
        gid = self.glossary_id(glossary)
        with self.session(write=False) as session:
            return session.scalar(select(func.count()).where(Term.glossary_id == gid)) or 0

    def get(self, term_id: int) -> Term | None:
        with self.session(write=False) as session:
            return session.get(Term, term_id)

    def add(
        self, entry: TermEntry, glossary: str = DEFAULT_GLOSSARY, author: str = ""
    ) -> TermEntry:
        check_term(entry)
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
            try:
                session.flush()
            except IntegrityError:  # someone added the same term a moment ago
                raise StoreError(
                    f"term {entry.source!r} → {entry.target!r} already exists"
                ) from None
            saved = to_entry(row)
            self._record(session, gid, row.id, "create", author, None, saved)
            return saved

    def search(
        self, query: str = "", limit: int = 200, offset: int = 0, glossary: str = DEFAULT_GLOSSARY
    ) -> list[TermEntry]:
        """Terms whose source or target contains `query` (case-insensitive), prefix hits first.

        Filtering happens in SQL, so a view can page through 100k terms without loading them.
        """
        statement = self._search_filter(select(Term), query, glossary)
        key = normalise_term(query)
        if key:
            prefix = Term.source_key.like(f"{escape_like(key)}%", escape="\\")
            statement = statement.order_by(case((prefix, 0), else_=1))
        statement = statement.order_by(Term.source_key, Term.id).limit(limit).offset(offset)
        with self.session(write=False) as session:
            return [to_entry(row) for row in session.scalars(statement)]

    def search_count(self, query: str = "", glossary: str = DEFAULT_GLOSSARY) -> int:
        statement = self._search_filter(select(func.count()).select_from(Term), query, glossary)
        with self.session(write=False) as session:
            return session.scalar(statement) or 0

    def _search_filter(
        self, statement: Select[*_Columns], query: str, glossary: str
    ) -> Select[*_Columns]:
        statement = statement.where(Term.glossary_id == self.glossary_id(glossary))
        needle = query.strip().lower()
        if not needle:
            return statement
        contains = f"%{escape_like(needle)}%"
        conditions = [
            func.lower(Term.source).like(contains, escape="\\"),
            func.lower(Term.target).like(contains, escape="\\"),
        ]
        key = normalise_term(query)
        if key:  # folded: ß/ss, hyphens and spaces do not matter (Kremlsprecher, Kreml-Sprecher)
            conditions.append(Term.source_key.like(f"%{escape_like(key)}%", escape="\\"))
        return statement.where(or_(*conditions))

    def update(self, entry: TermEntry, author: str = "", action: str = "update") -> TermEntry:
        """Save changes to a stored term; refused with ConflictError if it changed meanwhile.

        `entry.id` names the term and `entry.version` is the version the editor started from.
        """
        if entry.id is None or entry.version is None:
            raise StoreError("update needs a stored term (id and version)")
        check_term(entry)
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
                before = to_entry(row)
                _apply(row, entry)
                row.source, row.source_key = entry.source, normalise_term(entry.source)
                if author:
                    row.author = author
                session.flush()
                saved = to_entry(row)
                self._record(session, row.glossary_id, row.id, action, author, before, saved)
                return saved
        except ConstraintError:
            raise StoreError(
                f"term {entry.source!r} → {entry.target!r} already exists in the glossary"
            ) from None
        except StaleDataError:
            raise ConflictError(
                f"term {entry.source!r} was changed meanwhile", self._current(entry.id)
            ) from None

    def _current(self, term_id: int) -> TermEntry | None:
        with self.session(write=False) as session:
            row = session.get(Term, term_id)
            return to_entry(row) if row is not None else None

    def remove(
        self, term_id: int, author: str = "", expected_version: int | None = None
    ) -> TermEntry:
        """Delete a term; with `expected_version`, refused if it changed since it was read."""
        with self.session() as session:
            row = session.get(Term, term_id, with_for_update=self.is_postgresql)
            if row is None:
                raise StoreError(f"no term with id {term_id}")
            entry = to_entry(row)
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(
                    f"term {row.source!r} was changed meanwhile (version {row.version}, "
                    f"yours is based on {expected_version})",
                    entry,
                )
            session.delete(row)
            self._record(session, row.glossary_id, term_id, "delete", author, entry, None)
            return entry

    # -- history ---------------------------------------------------------------------------
    def history(self, term_id: int) -> list[ChangeRecord]:
        """Every recorded change of a term, oldest first."""
        with self.session(write=False) as session:
            rows = session.scalars(
                select(TermChange).where(TermChange.term_id == term_id).order_by(TermChange.id)
            )
            return [change_record(row) for row in rows]

    def change(self, change_id: int) -> ChangeRecord:
        with self.session(write=False) as session:
            row = session.get(TermChange, change_id)
            if row is None:
                raise StoreError(f"no change with id {change_id}")
            return change_record(row)

    def revert(self, change_id: int, author: str = "") -> TermEntry | None:
        """Undo one recorded change: the term gets the values it had before it.

        Reverting a creation deletes the term; reverting a deletion re-creates it (same id).
        Returns the term as it is now (None when it was deleted).
        """
        change = self.change(change_id)
        with self.session() as session:
            row = session.get(Term, change.term_id, with_for_update=self.is_postgresql)
            gid = (
                row.glossary_id if row is not None else self._glossary_of_change(session, change_id)
            )
            if change.old is None:  # a creation: remove the term again
                if row is None:
                    return None
                before = to_entry(row)
                session.delete(row)
                self._record(session, gid, change.term_id, "revert", author, before, None)
                return None
            if row is None:  # a deletion: bring the term back under its id
                restored = from_entry(change.old, gid, author)
                restored.id = change.term_id
                session.add(restored)
                try:
                    session.flush()
                except IntegrityError:
                    raise StoreError(
                        f"cannot restore {change.old.source!r}: an equal term exists again"
                    ) from None
                saved = to_entry(restored)
                self._record(session, gid, change.term_id, "revert", author, None, saved)
                return saved
            before = to_entry(row)
            _apply(row, change.old)
            row.source, row.source_key = change.old.source, normalise_term(change.old.source)
            try:
                session.flush()
            except IntegrityError:
                raise StoreError(
                    f"cannot revert: {change.old.source!r} → {change.old.target!r} exists"
                ) from None
            saved = to_entry(row)
            self._record(session, gid, change.term_id, "revert", author, before, saved)
            return saved

    @staticmethod
    def _glossary_of_change(session: Session, change_id: int) -> int:
        row = session.get(TermChange, change_id)
        assert row is not None
        return row.glossary_id

    def latest_change(self, glossary: str = DEFAULT_GLOSSARY) -> int:
        """The id of the newest recorded change in the glossary (0 for none)."""
        gid = self.glossary_id(glossary)
        with self.session(write=False) as session:
            statement = select(func.max(TermChange.id)).where(TermChange.glossary_id == gid)
            return session.scalar(statement) or 0

    def changes_since(
        self, change_id: int, glossary: str = DEFAULT_GLOSSARY
    ) -> tuple[int, dict[int, TermEntry | None]]:
        """Terms changed after `change_id`: (newest change id, {term id: term now or None})."""
        gid = self.glossary_id(glossary)
        with self.session(write=False) as session:
            rows = session.execute(
                select(TermChange.id, TermChange.term_id).where(
                    TermChange.glossary_id == gid, TermChange.id > change_id
                )
            ).all()
            if not rows:
                return change_id, {}
            ids = {term_id for _, term_id in rows}
            current = {
                row.id: to_entry(row)
                for row in session.scalars(select(Term).where(Term.id.in_(ids)))
            }
            return max(i for i, _ in rows), {i: current.get(i) for i in ids}

    def import_entries(
        self,
        rows: Iterable[tuple[int, TermEntry]],
        invalid: Iterable[tuple[int, str]] = (),
        on_duplicate: OnDuplicate = OnDuplicate.SKIP,
        strict: bool = False,
        glossary: str = DEFAULT_GLOSSARY,
        author: str = "",
    ) -> ImportReport:
        """Import (line, entry) rows in one transaction; with `strict`, any bad row writes nothing.

        Every row is validated here (whatever read it); see glossary.importing for the counting.
        """
        rows = list(rows)
        gid = self.glossary_id(glossary)
        with self.session() as session:
            if self.is_postgresql:  # concurrent imports into one glossary take turns
                session.execute(
                    text("SELECT pg_advisory_xact_lock(:k)"), {"k": IMPORT_LOCK_BASE + gid}
                )
            existing: dict[str, list[Term]] = {}
            for row in session.scalars(select(Term).where(Term.glossary_id == gid)):
                existing.setdefault(row.source_key, []).append(row)
            plan = plan_import(rows, invalid, existing, on_duplicate)
            report = plan.report
            if strict and report.refusals:
                report.written, report.updated = False, 0
                return report
            updated: list[tuple[TermEntry, Term]] = []
            for stored, entry in plan.updates:
                assert isinstance(stored, Term)
                updated.append((to_entry(stored), stored))
                _apply(stored, entry)
            session.flush()
            history = [
                _history_row(gid, row.id, "import", author, before, to_entry(row))
                for before, row in updated
            ]
            now = utcnow()
            new_rows = [
                {
                    "glossary_id": gid,
                    "source": entry.source,
                    "source_key": normalise_term(entry.source),
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
                for _line, entry in plan.new
            ]
            if new_rows:
                inserted = self._insert_new(session, new_rows)
                report.added = len(inserted)
                written = {(normalise_term(e.source), e.target) for _id, e in inserted}
                report.skipped_duplicates += [  # another writer added them a moment ago
                    (line, e.source)
                    for line, e in plan.new
                    if (normalise_term(e.source), e.target) not in written
                ]
                for term_id, values in inserted:
                    history.append(_history_row(gid, term_id, "import", author, None, values))
            if history:
                session.execute(TermChange.__table__.insert(), history)
                self._notify(session, gid)
        return report

    def _insert_new(
        self, session: Session, new_rows: list[dict[str, object]]
    ) -> list[tuple[int, TermEntry]]:
        """INSERT … ON CONFLICT DO NOTHING RETURNING: rows another writer added are skipped."""
        dialect_insert = pg_insert if self.is_postgresql else sqlite_insert
        if self.engine.dialect.name not in ("postgresql", "sqlite"):
            result = session.execute(Term.__table__.insert().returning(Term.__table__), new_rows)
        else:
            statement = (
                dialect_insert(Term.__table__)
                .on_conflict_do_nothing(index_elements=["glossary_id", "source_key", "target"])
                .returning(Term.__table__)
            )
            result = session.execute(statement, new_rows)
        inserted = []
        for row in result.mappings():
            inserted.append((int(row["id"]), _entry_from_mapping(row)))
        return inserted


def _history_row(
    gid: int, term_id: int, action: str, author: str, old: TermEntry | None, new: TermEntry | None
) -> dict[str, object]:
    return {
        "glossary_id": gid,
        "term_id": term_id,
        "action": action,
        "author": author,
        "changed_at": utcnow(),
        "old": term_json(old) if old else None,
        "new": term_json(new) if new else None,
    }
