"""Translating chosen rows of a document chunk by chunk, streaming each chunk's results.

The body of the window's translation worker, without Qt: the caller passes a `JobContext` (the
UI's `TaskContext`, or a plain object in tests) for cancelling and for reporting progress.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypedDict

from app.document import Document, Flag, Origin, Segment, TermResult
from app.formats.inline import Part
from app.pipeline import FUZZY_THRESHOLD, translate_with_glossary
from app.tag_targets import tag_alignments, tag_renderings, tag_segment
from app.terminology import MTBackend
from glossary.forbidden import ForbiddenIndex
from glossary.matcher import Matcher
from glossary.terms import TermEntry

if TYPE_CHECKING:
    from tm.store import TranslationMemory
    from tm.units import TMMatch

FIRST_CHUNK = 4  # segments in the first translation batch: the first results appear quickly
CHUNK = 16


class JobContext(Protocol):
    """How a job learns it was cancelled and reports what it has done so far."""

    def check(self) -> None:
        """Raise `Cancelled` if the user cancelled the job."""
        ...

    def cancelled(self) -> bool: ...

    def partial(self, value: object) -> None:
        """Hand a finished piece of the result to the caller (here: list[TranslatedSegment])."""
        ...

    def progress(self, done: int, total: int) -> None: ...


class MemoryUse(TypedDict):
    """How a translation run uses the translation memory (keyword arguments of translate_rows)."""

    memory: TranslationMemory | None
    fuzzy_threshold: int


@dataclass
class TranslatedSegment:
    """A worker's result for one segment, applied on the UI thread."""

    index: int
    target: str
    terms: list[TermResult]
    flags: list[Flag]
    origin: Origin = Origin.MT
    tm_score: int | None = None  # the best memory match's score (the one used if origin is TM)
    tm_matches: list[TMMatch] = field(default_factory=list)  # fuzzy ones offered beside MT


def translate_rows(
    ctx: JobContext,
    backend: MTBackend,
    document: Document,
    rows: Sequence[int],
    terms: Sequence[TermEntry],
    matcher: Matcher | None,
    forbidden: ForbiddenIndex | None = None,
    memory: TranslationMemory | None = None,
    fuzzy_threshold: int = FUZZY_THRESHOLD,
    tags: Mapping[int, Sequence[Part]] | None = None,
) -> int:
    """Translate `rows` (segment indexes) of `document`, a private copy that is changed in place.

    With a translation `memory`, 100/101 % matches fill targets (origin `tm`, never sent to MT)
    and fuzzy matches from `fuzzy_threshold` come along with the MT. `tags` holds the source
    parts of the rows that have inline tags (a document's): their targets come with the tags
    placed, as markers (`tag_segment`; one extra attention pass per chunk over the tagged
    machine-translated rows). After each chunk the chunk's segments go to `ctx.partial` and the
    count to `ctx.progress`; returns the number of segments translated. Raises `Cancelled`
    between chunks.
    """
    tags = tags or {}
    if forbidden is None:
        forbidden = ForbiddenIndex(terms)
    done = 0
    position = 0
    while position < len(rows):
        ctx.check()
        size = FIRST_CHUNK if position == 0 else CHUNK
        chunk = [document.segments[r] for r in rows[position : position + size]]
        translate_with_glossary(
            backend,
            document,
            terms,
            segments=chunk,
            matcher=matcher,
            forbidden=forbidden,
            cancelled=ctx.cancelled,
            memory=memory,
            fuzzy_threshold=fuzzy_threshold,
            tags=tags,
        )
        tagged = [s for s in chunk if s.index in tags]
        if tagged:
            alignments = tag_alignments(backend, tagged)
            hints = tag_renderings(backend, [(s, tags[s.index]) for s in tagged])
            for segment in tagged:
                tag_segment(
                    segment,
                    tags[segment.index],
                    alignments.get(id(segment)),
                    hints.get(id(segment), ()),
                )
        ctx.partial([translated(s) for s in chunk])
        position += len(chunk)
        done += len(chunk)
        ctx.progress(done, len(rows))
    return done


def translated(segment: Segment) -> TranslatedSegment:
    """What the UI thread needs of a segment the worker translated (copies, not shared lists)."""
    return TranslatedSegment(
        segment.index,
        segment.target,
        list(segment.terms),
        list(segment.flags),
        segment.origin,
        segment.tm_score,
        list(segment.tm_matches),
    )
