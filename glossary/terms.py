"""Plain term data shared by the matcher, the exchange formats and storage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TermEntry:
    """One glossary entry as the library works with it (independent of how it is stored).

    Immutable and hashable: change one with `dataclasses.replace`. `forbidden` is kept as a
    tuple (a list passed in is converted).
    """

    source: str
    target: str
    notes: str = ""
    forbidden: tuple[str, ...] = ()
    case_sensitive: bool = False
    domain: str = ""
    id: int | None = None
    version: int | None = None  # the stored row's version, for optimistic locking

    def __post_init__(self) -> None:
        if not isinstance(self.forbidden, tuple):
            object.__setattr__(self, "forbidden", tuple(self.forbidden))

    @property
    def identity(self) -> int | tuple[str, str]:
        """What stays the same across edits: the stored id, else (source, target)."""
        return self.id if self.id is not None else (self.source, self.target)

    def key(self) -> tuple[str, str]:
        """What makes two entries duplicates: the same source (normalised) and target."""
        from glossary.normalize import normalise_term

        return normalise_term(self.source), self.target.strip()


def same_term(stored: TermEntry, term: TermEntry) -> bool:
    """Whether `stored` is `term` as an index holds it: the same object, or the same id and
    source (the rule of every index's `remove`: an edit keeps the id, a new source is new)."""
    if stored is term:
        return True
    return term.id is not None and stored.id == term.id and stored.source == term.source


def term_json(entry: TermEntry) -> dict[str, object]:
    """The JSON form of a term (history, snapshots, project files); the id is kept apart."""
    return {
        "source": entry.source,
        "target": entry.target,
        "notes": entry.notes,
        "forbidden": list(entry.forbidden),
        "case_sensitive": entry.case_sensitive,
        "domain": entry.domain,
        "version": entry.version,
    }


def term_from_json(term_id: int | None, data: Mapping[str, Any]) -> TermEntry:
    """A term from `term_json` output or a stored row mapping; missing or null fields are empty."""
    return TermEntry(
        id=term_id,
        version=data.get("version"),
        source=data["source"],
        target=data["target"],
        notes=data.get("notes") or "",
        forbidden=tuple(data.get("forbidden") or ()),
        case_sensitive=bool(data.get("case_sensitive", False)),
        domain=data.get("domain") or "",
    )
