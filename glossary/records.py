"""Conversions between stored rows and TermEntry values; term JSON lives in `glossary.terms`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import RowMapping

from glossary.models import Term, TermChange
from glossary.normalize import normalise_term
from glossary.terms import TermEntry, term_from_json, term_json


@dataclass(frozen=True)
class ChangeRecord:
    """One entry of a term's history."""

    id: int
    term_id: int
    action: str
    author: str
    changed_at: datetime
    old: TermEntry | None
    new: TermEntry | None

    def to_json(self) -> dict[str, object]:
        return {
            "change": self.id,
            "term": self.term_id,
            "action": self.action,
            "author": self.author,
            "at": self.changed_at.isoformat(),
            "old": term_json(self.old) if self.old else None,
            "new": term_json(self.new) if self.new else None,
        }


def entry_from_mapping(row: RowMapping) -> TermEntry:
    """A term from a stored row read as a mapping (column name → value)."""
    return term_from_json(row["id"], cast(Mapping[str, Any], row))  # keys are column names


def change_record(row: TermChange) -> ChangeRecord:
    return ChangeRecord(
        row.id,
        row.term_id,
        row.action,
        row.author,
        row.changed_at,
        term_from_json(row.term_id, row.old) if row.old else None,
        term_from_json(row.term_id, row.new) if row.new else None,
    )


def apply_entry(row: Term, entry: TermEntry) -> None:
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


def to_entry(row: Term) -> TermEntry:
    return TermEntry(
        id=row.id,
        version=row.version,
        source=row.source,
        target=row.target,
        notes=row.notes or "",
        forbidden=tuple(row.forbidden or ()),
        case_sensitive=bool(row.case_sensitive),
        domain=row.domain or "",
    )


# The columns `entries_from_rows` reads, in order (`forbidden` as its JSON text).
EntryRow = tuple[int, int, str, str, str | None, str | None, bool | None, str | None]


def entries_from_rows(rows: Iterable[EntryRow]) -> list[TermEntry]:
    """Terms from plain column tuples, as `to_entry` makes them from ORM rows, for reading a
    whole glossary: no ORM objects (they took most of the time at 100k terms), "[]" (no
    forbidden variants) without a JSON parse, and repeated domains and notes shared as one
    string each."""
    shared: dict[str, str] = {}
    share = shared.setdefault
    loads = json.loads
    return [
        TermEntry(
            source,
            target,
            share(notes, notes) if notes else "",
            () if forbidden is None or forbidden == "[]" else tuple(loads(forbidden) or ()),
            bool(case_sensitive),
            share(domain, domain) if domain else "",
            term_id,
            version,
        )
        for term_id, version, source, target, notes, forbidden, case_sensitive, domain in rows
    ]


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
