"""Three-way merge of two edits of one term (for the team-glossary conflict dialog)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from glossary.terms import TermEntry

FIELDS = ("source", "target", "notes", "forbidden", "case_sensitive", "domain")


def merge_terms(base: TermEntry, mine: TermEntry, theirs: TermEntry) -> tuple[TermEntry, list[str]]:
    """Take each field from whoever changed it; where both changed it differently, keep mine.

    Returns the merged term (with their version, ready to save) and the fields both changed.
    """
    taken: dict[str, Any] = {}
    clashes = []
    for name in FIELDS:
        b, m, t = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if m == b:
            taken[name] = t
        elif t != b and t != m:
            clashes.append(name)
    merged = replace(mine, version=theirs.version, id=theirs.id, **taken)
    return merged, clashes
