"""Plain domain objects for a document being translated: its text and its segments."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.flags import Flag, FlagKind
from glossary.terms import TermEntry, term_json

if TYPE_CHECKING:
    from tm.units import TMMatch

__all__ = [
    "Document",
    "Flag",
    "FlagKind",
    "Origin",
    "PlacementMethod",
    "Segment",
    "SegmentState",
    "TermResult",
    "TermStatus",
    "segment_json",
]


class Origin(enum.StrEnum):
    """Where a segment's target came from."""

    NONE = ""  # not translated yet
    TM = "tm"  # a 100 % or 101 % translation memory match
    MT = "mt"  # machine translation
    HUMAN = "human"  # typed or changed by the translator


class SegmentState(enum.StrEnum):
    """Where a segment is in the translator's work."""

    NEW = "new"  # not translated yet
    MT = "mt"  # machine translation, untouched
    EDITED = "edited"  # the translator changed the target
    CONFIRMED = "confirmed"  # the translator approved the target
    COPIED = "copied"  # numbers or punctuation only: the source is the target, nothing to do


class TermStatus(enum.StrEnum):
    APPLIED = "applied"
    ENFORCED = "enforced"
    MISSING = "missing"


class PlacementMethod(enum.StrEnum):
    """How a placed term got where it stands (a missing term has none: "")."""

    MODEL = "model"  # the model's own output held it (applied)
    MASK = "mask"  # a placeholder the model copied was replaced by it
    RENDERING = "rendering"  # the model's rendering of the term alone was found and replaced
    ALIGNMENT = "alignment"  # the words attention aligns with the term were replaced
    FORBIDDEN_REPLACED = "forbidden-replaced"  # a forbidden variant the model used was replaced
    TRANSLATOR = "translator"  # found in a target the translator edited


@dataclass
class TermResult:
    """The outcome for one glossary match in one segment."""

    term: TermEntry
    start: int  # into the segment's source
    end: int
    status: TermStatus
    target_start: int | None = None  # into the segment's target; None when missing
    target_end: int | None = None
    plural: bool = False
    method: str = ""  # a PlacementMethod value; "" when missing (or from an old project file)

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.term.source,
            "target": self.term.target,
            "start": self.start,
            "end": self.end,
            "status": str(self.status),
            "method": self.method,
            "target_start": self.target_start,
            "target_end": self.target_end,
        }


@dataclass
class Segment:
    """One translatable unit: a sentence or a headline line.

    `start`/`end` are character offsets into the document's text, so `source` is always
    `document.text[start:end]` and the document can be rebuilt around the targets.
    """

    index: int
    paragraph: int
    start: int
    end: int
    source: str
    target: str = ""
    terms: list[TermResult] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    state: SegmentState = SegmentState.NEW
    origin: Origin = Origin.NONE
    tm_score: int | None = None  # the score of the memory match that filled or was offered
    tm_matches: list[TMMatch] = field(default_factory=list)  # fuzzy matches offered beside MT

    @property
    def protected(self) -> bool:
        """Edited or confirmed: machine translation must not overwrite it without asking."""
        return self.state in (SegmentState.EDITED, SegmentState.CONFIRMED)

    @property
    def done(self) -> bool:
        """Confirmed by the translator, or copied because there is nothing to translate."""
        return self.state in (SegmentState.CONFIRMED, SegmentState.COPIED)

    @property
    def needs_mt(self) -> bool:
        """False for segments without letters (numbers, punctuation): they are copied as they are."""
        return any(ch.isalpha() for ch in self.source)

    @property
    def mt_input(self) -> str:
        """The source with soft line breaks and runs of white space folded to single spaces."""
        return " ".join(self.source.split())

    def mt_offset_map(self) -> list[int]:
        """For each character of `mt_input` (and its end), the matching offset in `source`."""
        mapping: list[int] = []
        i = 0
        source = self.source
        while i < len(source) and source[i].isspace():
            i += 1
        for ch in self.mt_input:
            if ch == " ":
                mapping.append(i)
                while i < len(source) and source[i].isspace():
                    i += 1
            else:
                mapping.append(i)
                i += 1
        mapping.append(i)
        return mapping


@dataclass
class Document:
    text: str
    segments: list[Segment] = field(default_factory=list)

    def target_text(self, shown: Callable[[str], str] | None = None) -> str:
        """The translation with the original paragraph and line structure between segments
        (`shown`: how a target is written, e.g. without tag markers).

        A document without segments (empty or white space only) translates to "".
        """
        if not self.segments:
            return ""
        parts: list[str] = []
        position = 0
        for segment in self.segments:
            parts.append(self.text[position : segment.start])
            target = segment.target if shown is None else shown(segment.target)
            parts.append(target if segment.needs_mt else segment.source)
            position = segment.end
        parts.append(self.text[position:])
        return "".join(parts)


def segment_json(segment: Segment, *, stored: bool = False) -> dict[str, object]:
    """A segment's JSON: for reports (`wortlaut translate --json`), or with `stored` for project
    files, which add offsets, state, each whole term and nested flag details, and leave out the
    source (it is the document text between the offsets)."""
    terms: list[dict[str, object]] = []
    for result in segment.terms:
        item = result.to_json()
        if stored:
            item |= {
                "plural": result.plural,
                "term": {"id": result.term.id, **term_json(result.term)},
            }
        terms.append(item)
    if stored:
        return {
            "start": segment.start,
            "end": segment.end,
            "paragraph": segment.paragraph,
            "target": segment.target,
            "state": str(segment.state),
            "origin": str(segment.origin),
            "tm_score": segment.tm_score,
            "terms": terms,
            "flags": [
                {"kind": str(f.kind), "message": f.message, "details": f.details}
                for f in segment.flags
            ],
        }
    return {
        "index": segment.index,  # 0-based position
        "number": segment.index + 1,  # as messages and the app number segments
        "paragraph": segment.paragraph,
        "source": segment.source,
        "target": segment.target,
        "origin": str(segment.origin) or None,
        "tm_score": segment.tm_score,
        "tm_matches": [match.to_json() for match in segment.tm_matches],
        "terms": terms,
        "flags": [f.to_json() for f in segment.flags],
    }
