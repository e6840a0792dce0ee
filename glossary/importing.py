"""Deciding what an import does with each row, before anything is written.

`plan_import` sorts the file's rows against the stored terms into: new terms, real updates,
unchanged rows (identical to the stored term: neither skipped nor updated), duplicates of a
stored term (kept as stored), repeats of an earlier line of the same file, and invalid rows.
The store then writes the plan in one transaction, or nothing (strict import with problems).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from glossary.normalize import normalise_term
from glossary.terms import TermEntry
from glossary.validation import shown, term_problem


class OnDuplicate(enum.StrEnum):
    SKIP = "skip"
    OVERWRITE = "overwrite"
    KEEP_BOTH = "keep-both"


class StoredTerm(Protocol):
    """What planning reads of a stored term row (glossary.models.Term)."""

    target: str
    notes: str
    forbidden: list[str]
    case_sensitive: bool
    domain: str


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0  # identical to the stored term: nothing to do, nothing wrong
    skipped_duplicates: list[tuple[int, str]] = field(default_factory=list)  # (line, source)
    repeated: list[tuple[int, int, str]] = field(default_factory=list)  # (line, first line, src)
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    written: bool = True

    @property
    def skipped(self) -> int:
        return len(self.skipped_duplicates) + len(self.repeated) + len(self.invalid)

    @property
    def refusals(self) -> int:
        """Rows that are wrong in themselves (a strict import writes nothing if there are any)."""
        return len(self.repeated) + len(self.invalid)

    def problems(self) -> list[tuple[int, str]]:
        """Every skipped row as (line, message), in file order."""
        found = list(self.invalid)
        found += [
            (line, f"same source as line {first} ({shown(source)})")
            for line, first, source in self.repeated
        ]
        found += [
            (line, f"duplicate of an existing term {shown(source)}")
            for line, source in self.skipped_duplicates
        ]
        return sorted(found, key=lambda item: item[0])


@dataclass
class ImportPlan:
    report: ImportReport
    new: list[tuple[int, TermEntry]] = field(default_factory=list)
    updates: list[tuple[StoredTerm, TermEntry]] = field(default_factory=list)  # (row, new values)


def same_values(row: StoredTerm, entry: TermEntry) -> bool:
    """Whether importing `entry` over `row` would change nothing."""
    return (
        row.target == entry.target
        and (row.notes or "") == entry.notes
        and list(row.forbidden or []) == list(entry.forbidden)
        and bool(row.case_sensitive) == entry.case_sensitive
        and (row.domain or "") == entry.domain
    )


def plan_import(
    rows: Iterable[tuple[int, TermEntry]],
    invalid: Iterable[tuple[int, str]],
    existing: Mapping[str, Sequence[StoredTerm]],
    on_duplicate: OnDuplicate,
) -> ImportPlan:
    """Sort `rows` against `existing` (stored terms by source key); writes nothing."""
    plan = ImportPlan(ImportReport(invalid=list(invalid)))
    report = plan.report
    first_line: dict[object, int] = {}  # what makes a repeat → the line it first appeared on
    for line, entry in rows:
        problem = term_problem(entry)
        if problem is not None:
            report.invalid.append((line, problem))
            continue
        key = normalise_term(entry.source)
        repeat_key: object = (key, entry.target) if on_duplicate is OnDuplicate.KEEP_BOTH else key
        if repeat_key in first_line:
            report.repeated.append((line, first_line[repeat_key], entry.source))
            continue
        first_line[repeat_key] = line
        same_source = existing.get(key, ())
        exact = [r for r in same_source if r.target == entry.target]
        if any(same_values(r, entry) for r in exact):
            report.unchanged += 1
        elif same_source and on_duplicate is OnDuplicate.OVERWRITE:
            plan.updates.append(((exact or list(same_source))[0], entry))
        elif exact or (same_source and on_duplicate is OnDuplicate.SKIP):
            report.skipped_duplicates.append((line, entry.source))
        else:
            plan.new.append((line, entry))
    report.invalid.sort(key=lambda item: item[0])
    report.updated = len(plan.updates)
    return plan
