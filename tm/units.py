"""The memory's plain data: a translation unit, a match, the figures of a memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tm.text import escape_text, marked_to_seg, plain_text, seg_to_marked

SOURCE_LANG = "de"
TARGET_LANG = "en"


@dataclass(frozen=True)
class TranslationUnit:
    """One remembered translation. `source`/`target` are TMX `<seg>` content (inline markup
    kept, text escaped); `source_text`/`target_text` are what a reader sees."""

    source: str
    target: str
    prev_source: str = ""  # plain source of the segment before, and after (the context)
    next_source: str = ""
    author: str = ""
    document: str = ""
    created_at: datetime | None = None
    changed_at: datetime | None = None
    source_lang: str = SOURCE_LANG
    target_lang: str = TARGET_LANG
    id: int | None = None

    @classmethod
    def from_text(
        cls,
        source: str,
        target: str,
        prev_source: str = "",
        next_source: str = "",
        author: str = "",
        document: str = "",
        markers: bool = False,
    ) -> TranslationUnit:
        """A unit from plain text (a confirmed segment): `<`, `&` are text, not markup. With
        `markers`, the target's tag markers (a document segment's) become inline codes
        (`marked_to_seg`)."""
        kept = marked_to_seg(target) if markers else escape_text(target)
        return cls(escape_text(source), kept, prev_source, next_source, author, document)

    @property
    def marked_target(self) -> str | None:
        """The target with tag markers, for a unit made with `markers` (None otherwise)."""
        return seg_to_marked(self.target)

    @property
    def source_text(self) -> str:
        return plain_text(self.source)

    @property
    def target_text(self) -> str:
        return plain_text(self.target)


@dataclass(frozen=True)
class TMMatch:
    """A unit offered for a source: its score (101 in context, 100 exact, else fuzzy) and the
    target proposed for the new source (numbers repaired, inline codes left out)."""

    score: int
    unit: TranslationUnit
    target: str
    origin: str = "tm"

    @property
    def source(self) -> str:
        return self.unit.source_text

    def to_json(self) -> dict[str, object]:
        return {
            "score": self.score,
            "source": self.source,
            "target": self.target,
            "origin": self.origin,
            "author": self.unit.author,
            "changed": self.unit.changed_at.isoformat() if self.unit.changed_at else None,
            "document": self.unit.document,
        }


@dataclass(frozen=True)
class TMStats:
    units: int
    language_pairs: dict[str, int] = field(default_factory=dict)  # "de→en": count
    authors: int = 0
    documents: int = 0
    newest: datetime | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "units": self.units,
            "language_pairs": self.language_pairs,
            "authors": self.authors,
            "documents": self.documents,
            "newest": self.newest.isoformat() if self.newest else None,
        }
