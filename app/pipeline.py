"""The document flow: segments → term matches → MT with term enforcement → statuses + QA flags."""

from __future__ import annotations

from collections.abc import Sequence

from app.document import Document, Flag, Segment, TermResult
from app.engine import CancelCheck, ProgressCallback
from app.qa import check_segment
from app.terminology import (
    STRATEGIES,
    MTBackend,
    SegmentTerms,
    enforce_terms,
    flag_forbidden_anywhere,
)
from glossary.matcher import Matcher
from glossary.terms import TermEntry


def translate_with_glossary(
    backend: MTBackend,
    document: Document,
    terms: Sequence[TermEntry],
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    strategies: Sequence[str] = STRATEGIES,
    segments: Sequence[Segment] | None = None,
) -> Document:
    """Translate segments (default: all), enforce the glossary, attach statuses and QA flags.

    `strategies=()` translates without enforcement and only reports which terms the model
    applied by itself (what `wortlaut eval` compares against).
    """
    matcher = Matcher(terms) if terms else None
    chosen = list(document.segments if segments is None else segments)
    todo = [s for s in chosen if s.needs_mt]
    work = [
        SegmentTerms(source=s.mt_input, matches=matcher.find(s.mt_input) if matcher else [])
        for s in todo
    ]
    if work:
        enforce_terms(backend, work, strategies, progress=progress, cancelled=cancelled)
    for segment, state in zip(todo, work, strict=True):
        mapping = segment.mt_offset_map()
        segment.target = state.target
        segment.terms = [
            TermResult(
                r.term,
                mapping[r.start],
                mapping[r.end],
                r.status,
                r.target_start,
                r.target_end,
                r.plural,
                r.method,
            )
            for r in state.results
        ]
        segment.flags = [_to_source_offsets(flag, mapping) for flag in state.flags]
        segment.flags += flag_forbidden_anywhere(state.target, terms, state.flags)
    for segment in chosen:
        if not segment.needs_mt:
            segment.target = segment.source
            segment.terms, segment.flags = [], []
        segment.flags += check_segment(segment, matcher)
    return document


def _to_source_offsets(flag: Flag, mapping: list[int]) -> Flag:
    """Flags from enforcement index the folded MT input; re-index them into the segment source."""
    if "start" not in flag.details:
        return flag
    details = dict(flag.details)
    details["start"] = mapping[int(details["start"])]  # type: ignore[call-overload]
    details["end"] = mapping[int(details["end"])]  # type: ignore[call-overload]
    return Flag(flag.kind, flag.message, details)
