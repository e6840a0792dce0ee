"""The document flow: segments → term matches → MT with term enforcement → statuses + QA flags."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from app.alignment import CONFIDENCE_THRESHOLD
from app.document import (
    Document,
    Flag,
    FlagKind,
    Origin,
    PlacementMethod,
    Segment,
    SegmentState,
    TermResult,
    TermStatus,
)
from app.engine import CancelCheck, ProgressCallback
from app.english import insert_term
from app.forbidden import flag_forbidden_anywhere
from app.formats.inline import (
    Part,
    Tag,
    kept_markers,
    marker_view,
    numbering,
    to_markers,
    unmarked,
)
from app.qa import check_segment, misspelling_flags
from app.tag_placement import placement_flag
from app.tag_targets import shift_flag
from app.terminology import (
    STRATEGIES,
    MTBackend,
    SegmentTerms,
    Strategy,
    enforce_terms,
    is_plural_match,
    locate_targets,
    missing_flag,
)
from glossary.forbidden import ForbiddenIndex
from glossary.matcher import Matcher
from glossary.terms import TermEntry

if TYPE_CHECKING:
    from tm.store import TranslationMemory
    from tm.units import TMMatch

FUZZY_THRESHOLD = 75  # fuzzy memory matches from this score are offered beside the MT
TM_MATCHES = 3  # at most this many offered per segment


def translate_with_glossary(
    backend: MTBackend | None,
    document: Document,
    terms: Sequence[TermEntry],
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    strategies: Sequence[Strategy] = STRATEGIES,
    segments: Sequence[Segment] | None = None,
    matcher: Matcher | None = None,
    forbidden: ForbiddenIndex | None = None,
    confidence_threshold: float = CONFIDENCE_THRESHOLD,
    memory: TranslationMemory | None = None,
    fuzzy_threshold: int = FUZZY_THRESHOLD,
    tags: Mapping[int, Sequence[Part]] | None = None,
) -> Document:
    """Translate segments (default: all), enforce the glossary, attach statuses and QA flags.
    (`tags`: the source parts of a document's tagged segments, by index, for memory matches.)

    With a translation `memory`, segments with a 100 % or 101 % match take its target (origin
    `tm`, never sent to MT, glossary and QA checked as on MT); fuzzy matches from
    `fuzzy_threshold` are attached as `tm_matches` beside the MT.

    `strategies=()` translates without enforcement and only reports which terms the model
    applied by itself (what `wortlaut eval` compares against). `terms` is the whole glossary
    (forbidden variants of any term are flagged); `matcher` and `forbidden`, if given, must
    index those terms.
    """
    if matcher is None and terms:
        matcher = Matcher(terms)  # callers with a big glossary pass the index they keep
    if forbidden is None:
        forbidden = ForbiddenIndex(terms)
    chosen = list(document.segments if segments is None else segments)
    todo = [s for s in chosen if s.needs_mt]
    from_memory: list[Segment] = []
    if memory is not None:
        from_memory = fill_from_memory(
            document, todo, memory, fuzzy_threshold, terms, matcher, forbidden, tags
        )
        todo = [s for s in todo if s.origin is not Origin.TM]
    filled_ids = {id(segment) for segment in from_memory}
    work = [
        SegmentTerms(source=s.mt_input, matches=matcher.find(s.mt_input) if matcher else [])
        for s in todo
    ]
    if work:
        if backend is None:
            raise ValueError("segments need machine translation, but no backend was given")
        enforce_terms(
            backend,
            work,
            strategies,
            progress=progress,
            cancelled=cancelled,
            confidence_threshold=confidence_threshold,
        )
    for segment, state in zip(todo, work, strict=True):
        mapping = segment.mt_offset_map()
        segment.target = keep_no_break_spaces(segment.source, state.target)
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
        segment.state = SegmentState.MT
        segment.origin = Origin.MT
        segment.flags += flag_forbidden_anywhere(state.target, forbidden, state.flags)
    for segment in chosen:
        if id(segment) in filled_ids:
            continue  # checked with its memory target above
        if not segment.needs_mt:
            segment.target = segment.source
            segment.terms, segment.flags = [], []
        segment.flags += check_segment(segment, matcher)
    return document


NO_BREAK = re.compile(r"(\S+)([\u00a0\u202f])(\S+)")
_OPENING, _CLOSING = "([{„“‚‘«»\"'", ".,;:!?)]}…“”’‘«»\"'"


def keep_no_break_spaces(source: str, target: str) -> str:
    """`target` with the source's no-break spaces back between words the MT kept as they were
    (`5 kW` → `5\u00a0kW`): the model reads and writes plain spaces. Each pair is restored only
    where it stands exactly once; the length of the target does not change."""
    if "\u00a0" not in source and "\u202f" not in source:
        return target
    for found in NO_BREAK.finditer(source):
        left, space, right = found.group(1).lstrip(_OPENING), found.group(2), found.group(3)
        right = right.rstrip(_CLOSING)
        if not left or not right:
            continue
        pattern = re.compile(rf"(?<![\w.,]){re.escape(left)} {re.escape(right)}(?!\w)")
        hits = list(pattern.finditer(target))
        if len(hits) == 1:
            at = hits[0].start() + len(left)
            target = target[:at] + space + target[at + 1 :]
    return target


def fill_from_memory(
    document: Document,
    segments: Sequence[Segment],
    memory: TranslationMemory,
    fuzzy_threshold: int = FUZZY_THRESHOLD,
    terms: Sequence[TermEntry] = (),
    matcher: Matcher | None = None,
    forbidden: ForbiddenIndex | None = None,
    tags: Mapping[int, Sequence[Part]] | None = None,
) -> list[Segment]:
    """Look each segment up (with the segments around it as context): a 100/101 % match fills
    the target (origin `tm`, state as an untouched proposal) and gets its glossary statuses and
    QA flags as an MT target does; fuzzy ones are attached. A tagged segment (`tags`) takes the
    unit's target with its tag markers when they are this segment's tags. Returns the filled
    segments."""
    from tm.store import EXACT

    filled: list[Segment] = []
    around = document.segments
    for segment in segments:
        i = segment.index
        prev = around[i - 1].mt_input if 0 < i <= len(around) else ""
        nxt = around[i + 1].mt_input if i + 1 < len(around) else ""
        matches = memory.lookup(
            segment.mt_input, prev, nxt, min_score=min(fuzzy_threshold, EXACT), limit=TM_MATCHES
        )
        segment.tm_matches = []
        segment.tm_score = matches[0].score if matches else None
        if matches and matches[0].score >= EXACT:
            source = tags.get(segment.index) if tags is not None else None
            target, missing = memory_target_for(matches[0], source)
            segment.terms, segment.flags = [], []
            if missing and source is not None:  # the unit lacked them: at the end, flagged
                ids = {t.id for t in missing}
                at_end = [p for p in source if isinstance(p, Tag) and p.id in ids]
                target += to_markers(at_end, numbering(source))
                segment.flags = [placement_flag(source, missing)]
            segment.target = target
            segment.origin = Origin.TM
            segment.state = SegmentState.MT
            filled.append(segment)
        else:
            segment.tm_matches = matches
    if filled:
        if matcher is None and terms:
            matcher = Matcher(terms)
        if forbidden is None:
            forbidden = ForbiddenIndex(terms)
        for segment in filled:
            recheck_segment(segment, matcher, terms, forbidden)
    return filled


def memory_target_for(match: TMMatch, source: Sequence[Part] | None) -> tuple[str, list[Tag]]:
    """A memory match's target for a segment, and the segment's tags it lacks. With the unit's
    tag markers that are tags of this segment (`source`; others taken out) when the words are
    the proposal's (no number was repaired); else the plain proposal, all of whose tags are
    then placed as an MT target's are (`missing` is empty: nothing was decided here)."""
    marked = match.unit.marked_target
    if source is None or marked is None or unmarked(marked) != match.target:
        return match.target, []
    text, missing = kept_markers(marked, source)
    if unmarked(text) == text:  # none of the unit's tags is one of this segment's
        return match.target, []
    return text, missing


def _to_source_offsets(flag: Flag, mapping: list[int]) -> Flag:
    """Flags from enforcement index the folded MT input; re-index them into the segment source."""
    span = flag.source_span()
    if span is None:
        return flag
    details = {**flag.details, "start": mapping[span[0]], "end": mapping[span[1]]}
    return replace(flag, details=details)


def recheck_segment(
    segment: Segment,
    matcher: Matcher | None,
    terms: Sequence[TermEntry],
    forbidden: ForbiddenIndex | None = None,
) -> None:
    """Re-derive term statuses and QA flags from the segment's current target, without MT.

    Used after the translator edits a target or the glossary changes; an editor passes the
    `forbidden` index it keeps for `terms` (else one is built for this call). A term still standing
    where Wortlaut enforced it stays `enforced` (with its method); any other occurrence of a target
    is `applied`, by the model in an MT segment and by the translator in an edited one.
    A term proposal (a refused alignment) is kept while its words still stand in the target.
    A segment not translated yet gets no term statuses and no flags but misspelling hints.
    """
    if not segment.needs_mt:
        segment.terms, segment.flags = [], []
        return
    if segment.state is SegmentState.NEW and not segment.target.strip():
        segment.terms = []
        segment.flags = misspelling_flags(matcher, segment) if matcher else []
        return
    # A cut-off machine translation, and tags it could not place, stay flagged until the
    # translator edits the target.
    from_mt = [f for f in segment.flags if f.kind in (FlagKind.TRUNCATED, FlagKind.TAG_PLACEMENT)]
    if segment.state is not SegmentState.MT:
        from_mt = []
    mapping = segment.mt_offset_map()
    source = segment.mt_input
    matches = matcher.find(source) if matcher else []
    # Terms are looked for in the words of the target, tag markers left out; their spans point
    # at the target as it stands (markers in).
    view = marker_view(segment.target)
    spans = [
        None if span is None else view.span(*span) for span in locate_targets(view.plain, matches)
    ]
    placed_before = {
        (r.term.source, r.start, r.target_start, r.target_end): r
        for r in segment.terms
        if r.status is not TermStatus.MISSING
    }
    found_by = (
        PlacementMethod.MODEL if segment.state is SegmentState.MT else PlacementMethod.TRANSLATOR
    )
    proposals = {
        (f.details.get("term"), f.details.get("target"), f.details.get("start")): f
        for f in segment.flags
        if _still_fits(segment, f)
    }
    results: list[TermResult] = []
    flags: list[Flag] = []
    for match, span in zip(matches, spans, strict=True):
        start, end = mapping[match.start], mapping[match.end]
        plural = is_plural_match(match)
        if span is None:
            results.append(TermResult(match.term, start, end, TermStatus.MISSING, plural=plural))
            kept = proposals.get((match.term.source, match.term.target, start))
            flags.append(kept if kept is not None else missing_flag(match, start, end))
            continue
        before = placed_before.get((match.term.source, start, span[0], span[1]))
        if before is not None and before.status is TermStatus.ENFORCED:
            status, method = TermStatus.ENFORCED, before.method
        else:
            status = TermStatus.APPLIED
            method = before.method if before is not None and before.method else str(found_by)
        results.append(TermResult(match.term, start, end, status, span[0], span[1], plural, method))
    segment.terms = results
    if forbidden is None:
        forbidden = ForbiddenIndex(terms)
    flags += [shift_flag(f, view) for f in flag_forbidden_anywhere(view.plain, forbidden, [])]
    segment.flags = from_mt + flags + check_segment(segment, matcher)


def target_with_proposal(segment: Segment) -> str | None:
    """The segment's target with the first term proposal of its `term-missing` flags applied
    (the refused alignment the translator accepts), or None if no proposal still fits the target.

    A proposal fits while the words it would replace still stand at its offsets.
    """
    for flag in segment.flags:
        proposal = flag.proposal()
        if proposal is not None and _still_fits(segment, flag):
            start, end, replacement = proposal
            target, _, _ = insert_term(segment.target, start, end, replacement)
            return target
    return None


def _still_fits(segment: Segment, flag: Flag) -> bool:
    """A term proposal whose words still stand at its offsets in the segment's target."""
    proposal = flag.proposal()
    if proposal is None:
        return False
    start, end, _ = proposal
    return end <= len(segment.target) and segment.target[start:end] == flag.details.get("found")
