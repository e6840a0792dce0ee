"""Translating chosen rows of a document chunk by chunk, streaming each chunk's results.

The body of the window's translation worker, without Qt: the caller passes a `JobContext` (the
UI's `TaskContext`, or a plain object in tests) for cancelling and for reporting progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.document import Document, Flag, TermResult
from app.pipeline import translate_with_glossary
from app.terminology import MTBackend
from glossary.forbidden import ForbiddenIndex
from glossary.matcher import Matcher
from glossary.terms import TermEntry

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


@dataclass
class TranslatedSegment:
    """A worker's result for one segment, applied on the UI thread."""

    index: int
    target: str
    terms: list[TermResult]
    flags: list[Flag]


def translate_rows(
    ctx: JobContext,
    backend: MTBackend,
    document: Document,
    rows: Sequence[int],
    terms: Sequence[TermEntry],
    matcher: Matcher | None,
    forbidden: ForbiddenIndex | None = None,
) -> int:
    """Translate `rows` (segment indexes) of `document`, a private copy that is changed in place.

    After each chunk the chunk's segments go to `ctx.partial` and the count to `ctx.progress`;
    returns the number of segments translated. Raises `Cancelled` between chunks.
    """
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
        )
        ctx.partial(
            [TranslatedSegment(s.index, s.target, list(s.terms), list(s.flags)) for s in chunk]
        )
        position += len(chunk)
        done += len(chunk)
        ctx.progress(done, len(rows))
    return done
