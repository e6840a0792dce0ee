"""Plain term data shared by the matcher, the exchange formats and storage."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TermEntry:
    """One glossary entry as the library works with it (independent of how it is stored)."""

    source: str
    target: str
    notes: str = ""
    forbidden: list[str] = field(default_factory=list)
    case_sensitive: bool = False
    domain: str = ""
    id: int | None = None
    version: int | None = None  # the stored row's version, for optimistic locking

    def key(self) -> tuple[str, str]:
        """What makes two entries duplicates: the same source (normalised) and target."""
        from glossary.normalize import normalise_term

        return normalise_term(self.source), self.target.strip()
