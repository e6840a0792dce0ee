"""Glossary enforcement around an MT model that knows nothing of glossaries.

Per segment, every glossary match ends with exactly one status and, when placed, a method:
  applied   the model's own output already held the target (or an English inflection of it):
            method `model`;
  enforced  Wortlaut put the target there, tried in this order:
            `mask`      the source term becomes a numeric placeholder that NMT models copy
                        verbatim, the target replaces it afterwards (abandoned for a segment whose
                        placeholders were lost or duplicated);
            `rendering` the model's own translation of the term alone stands in the output and
                        is replaced (app/renderings.py);
            `alignment` the words the model's attention aligns with the term are replaced, only
                        when the alignment is confident (app/alignment.py);
            `forbidden-replaced`  a forbidden variant the model used was replaced;
  missing   nothing placed it; a `term-missing` flag says so and, where attention suggested a
            span it was not confident about, proposes that span and the target.
The final statuses are verified against the final text: a span is reported only where the
target term really stands. See docs/terminology.md for the failure modes of each strategy.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from app.alignment import (
    CONFIDENCE_THRESHOLD,
    AlignedSpan,
    Calibration,
    aligned_spans,
    aligned_target_spans,
    calibrate,
)
from app.cancel import Cancelled
from app.document import Flag, PlacementMethod, TermResult, TermStatus
from app.engine import CancelCheck, Hypothesis, ProgressCallback
from app.english import (
    english_forms,
    english_plural,
    form_pattern,
    insert_term,
    is_name,
    is_plural_match,
    render_match,
    render_target,
)
from app.forbidden import ForbiddenRendering, find_variant, forbidden_renderings
from app.renderings import rendering_placements, renderings_of
from app.spans import Intervals
from glossary.matcher import Matcher, TermMatch

__all__ = [  # what callers and tests import from here (English forms live in app.english)
    "STRATEGIES",
    "MTBackend",
    "SegmentTerms",
    "Strategy",
    "aligned_target_spans",
    "enforce_terms",
    "english_forms",
    "english_plural",
    "insert_term",
    "is_name",
    "is_plural_match",
    "locate_targets",
    "mask",
    "missing_flag",
    "render_target",
    "segment_terms",
    "unmask",
]

PLACEHOLDER_BASE = 7301  # numbers survive NMT untouched; markup like ###T1### gets mangled


class MTBackend(Protocol):
    """What enforcement needs from an MT engine (TranslationEngine, or fakes in tests)."""

    def translate_for_terms(
        self,
        texts: Sequence[str],
        attention: bool,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[Hypothesis]: ...

    def source_spans(self, text: str) -> list[tuple[int, int]]: ...

    def target_spans(self, hypothesis: Hypothesis) -> list[tuple[int, int]]: ...


# -- enforcement -----------------------------------------------------------------------------
@dataclass
class SegmentTerms:
    """Working state of one segment while its terms are enforced."""

    source: str
    matches: list[TermMatch]
    target: str = ""
    results: list[TermResult] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    methods: dict[int, str] = field(default_factory=dict)  # id(match) → how Wortlaut placed it
    proposals: dict[int, Proposal] = field(default_factory=dict)  # id(match) → refused span
    # id(match) → the span of the plain translation a rendering or alignment edit replaced
    replaced: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Proposal:
    """A span attention aligned with a term but not confidently enough to edit it."""

    found: str  # the words of the target the term would replace
    near: int  # where they stood in the plain translation
    confidence: float


def placeholder_numbers(source: str, count: int) -> list[str]:
    """`count` numbers that do not occur in the source, used as placeholders."""
    numbers: list[str] = []
    candidate = PLACEHOLDER_BASE
    while len(numbers) < count:
        if str(candidate) not in source:
            numbers.append(str(candidate))
        candidate += 1
    return numbers


def mask(source: str, matches: Sequence[TermMatch]) -> tuple[str, list[str]]:
    """Replace each match with its own placeholder number."""
    placeholders = placeholder_numbers(source, len(matches))
    parts, position = [], 0
    for match, placeholder in zip(matches, placeholders, strict=True):
        parts += [source[position : match.start], placeholder]
        position = match.end
    parts.append(source[position:])
    return "".join(parts), placeholders


_DIGIT_RUN = re.compile(r"\d+")


def unmask(
    translation: str, matches: Sequence[TermMatch], placeholders: Sequence[str]
) -> str | None:
    """Substitute each placeholder by its target; None if any is lost or duplicated.

    The numbers of the translation are read once (a placeholder is a whole digit run): one
    regex scan per placeholder over a 100,000-character segment was quadratic.
    """
    wanted = set(placeholders)
    found: dict[str, list[tuple[int, int]]] = {}
    for number in _DIGIT_RUN.finditer(translation):
        if number.group(0) in wanted:
            found.setdefault(number.group(0), []).append(number.span())
    if any(len(found.get(placeholder, ())) != 1 for placeholder in placeholders):
        return None
    edits = [
        (*found[placeholder][0], match)
        for match, placeholder in zip(matches, placeholders, strict=True)
    ]
    return _apply_edits(translation, edits)


class Strategy(enum.StrEnum):
    """An enforcement step; a run uses a sequence of them, in order (none: only assess)."""

    MASK = "mask"  # the source term becomes a placeholder the model copies
    RENDERING = "rendering"  # the model's own rendering of the term is replaced
    ALIGNMENT = "alignment"  # the words confidently aligned with the source term are replaced


STRATEGIES: tuple[Strategy, ...] = (Strategy.MASK, Strategy.RENDERING, Strategy.ALIGNMENT)


def enforce_terms(
    backend: MTBackend,
    segments: Sequence[SegmentTerms],
    strategies: Sequence[Strategy] = STRATEGIES,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    confidence_threshold: float = CONFIDENCE_THRESHOLD,
) -> None:
    """Translate segments and give every match a verified status (fills target/results/flags).

    An alignment below `confidence_threshold` is proposed, not applied (0 applies every one).

    `strategies` selects the enforcement steps, in order; with none, the model's output is only
    assessed (applied or missing) and forbidden variants are flagged but left in place.
    """
    chosen = [Strategy(s) for s in strategies]  # a plain string raises ValueError if unknown
    use_alignment = Strategy.ALIGNMENT in chosen
    use_rendering = Strategy.RENDERING in chosen
    use_mask = Strategy.MASK in chosen
    has_terms = any(s.matches for s in segments)
    passes = 1 + (use_mask and has_terms)
    plain = backend.translate_for_terms(
        [s.source for s in segments],
        attention=(use_alignment or use_rendering) and has_terms,
        progress=_phase(progress, 0, passes, len(segments)),
        cancelled=cancelled,
    )
    for segment, hypothesis in zip(segments, plain, strict=True):
        segment.target = hypothesis.text
        if hypothesis.truncated:
            segment.flags.append(Flag.truncated())
    forbidden_in_output = [forbidden_renderings(s.target, s.matches) for s in segments]
    applied_before = [locate_targets(s.target, s.matches) for s in segments]
    todo = [i for i, s in enumerate(segments) if any(span is None for span in applied_before[i])]
    if use_mask and todo:
        _mask_terms(
            backend,
            segments,
            todo,
            applied_before,
            plain,
            _phase(progress, 1, passes, len(segments)),
            cancelled,
        )

    # post-edits of the plain translation, for segments masking could not fix
    post = [i for i in todo if not segments[i].methods]
    if post and (use_rendering or use_alignment):
        calibration = calibrate(plain)
        unplaced = [
            m
            for i in post
            for m, span in zip(segments[i].matches, applied_before[i], strict=True)
            if span is None
        ]
        if cancelled and cancelled():
            raise Cancelled()
        renderings = renderings_of(backend, unplaced) if use_rendering else {}
        for index in post:
            _post_edit(
                backend,
                segments[index],
                plain[index],
                calibration,
                renderings,
                confidence_threshold if use_alignment else None,
            )

    for segment, found in zip(segments, forbidden_in_output, strict=True):
        _settle_forbidden(segment, found, replace=bool(chosen))
    for index, segment in enumerate(segments):
        _final_statuses(segment, applied_before[index])
    if progress:
        progress(len(segments), len(segments))


def _mask_terms(
    backend: MTBackend,
    segments: Sequence[SegmentTerms],
    todo: list[int],
    applied_before: list[list[tuple[int, int] | None]],
    plain: list[Hypothesis],
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> None:
    """Masking, for segments where the model did not already apply every term."""
    masked_inputs, masked_meta = [], []
    for i in todo:
        missing = [
            m
            for m, span in zip(segments[i].matches, applied_before[i], strict=True)
            if span is None
        ]
        masked, placeholders = mask(segments[i].source, missing)
        masked_inputs.append(masked)
        masked_meta.append((i, missing, placeholders))
    hypotheses = backend.translate_for_terms(
        masked_inputs, attention=False, progress=progress, cancelled=cancelled
    )
    for (i, missing, placeholders), hypothesis in zip(masked_meta, hypotheses, strict=True):
        segment = segments[i]
        restored = unmask(hypothesis.text, missing, placeholders)
        if restored is not None and _applied_count(restored, segment.matches) >= _applied_count(
            segment.target, segment.matches
        ):
            segment.target = restored
            segment.methods |= {id(m): str(PlacementMethod.MASK) for m in missing}
            if hypothesis.truncated and not plain[i].truncated:
                segment.flags.append(Flag.truncated())


def _phase(
    progress: ProgressCallback | None, phase: int, phases: int, segments: int
) -> ProgressCallback | None:
    """Report one translation pass as its share of the whole job, in segments."""
    if progress is None:
        return None

    def report(done: int, total: int) -> None:
        share = (phase + (done / total if total else 1.0)) / phases
        progress(min(segments - 1, int(share * segments)), segments)

    return report


def _post_edit(
    backend: MTBackend,
    segment: SegmentTerms,
    hypothesis: Hypothesis,
    calibration: Calibration,
    renderings: dict[str, list[str]],
    threshold: float | None,
) -> None:
    """Place unplaced terms over the model's rendering of them, else over a confident alignment.

    An alignment below the confidence threshold is not applied: it becomes a proposal that the
    `term-missing` flag carries to the translator. `threshold` None: no alignment at all.
    """
    spans = locate_targets(segment.target, segment.matches)
    unplaced = [m for m, span in zip(segment.matches, spans, strict=True) if span is None]
    if not unplaced:
        return
    aligned: list[AlignedSpan | None] = [None] * len(unplaced)
    if hypothesis.attention or hypothesis.alignment:
        aligned = aligned_spans(
            hypothesis,
            backend.source_spans(segment.source),
            backend.target_spans(hypothesis),
            [(m.start, m.end) for m in unplaced],
            calibration,
            segment.source,
        )
    taken = Intervals(p for p in spans if p is not None)
    edits = rendering_placements(segment.target, unplaced, renderings, aligned, taken)
    segment.methods |= {id(match): str(PlacementMethod.RENDERING) for _, _, match in edits}
    if threshold is not None:
        for match, span in zip(unplaced, aligned, strict=True):
            if span is None or id(match) in segment.methods or taken.overlaps(span.start, span.end):
                continue
            if span.confidence < threshold:
                found = segment.target[span.start : span.end]
                segment.proposals[id(match)] = Proposal(found, span.start, span.confidence)
                continue
            taken.add(span.start, span.end)
            edits.append((span.start, span.end, match))
            segment.methods[id(match)] = str(PlacementMethod.ALIGNMENT)
    segment.replaced |= {id(match): (start, end) for start, end, match in edits}
    segment.target = _apply_edits(segment.target, edits)


def _apply_edits(text: str, edits: list[tuple[int, int, TermMatch]]) -> str:
    """Insert each match's rendering over its span (spans do not overlap); linear in the text.

    Each edit sees only a short window of the original text before it (all `insert_term` looks
    at: sentence start, a/an), and the result is assembled once. Editing the whole string per
    match, right to left, cost the segment's length per match.
    """
    parts: list[str] = []
    position = 0
    for start, end, match in sorted(edits, key=lambda e: e[0]):
        window = _context_start(text, start)
        edited, _, _ = insert_term(
            text[window:end], start - window, end - window, render_match(match)
        )
        keep = max(window, position)  # what lies before `position` is the previous edit's
        parts += [text[position:keep], edited[keep - window :]]
        position = end
    parts.append(text[position:])
    return "".join(parts)


_CONTEXT = 80
_NOT_CONTEXT = " \"'“„‚«»("  # what `insert_term` skips to tell a sentence start


def _context_start(text: str, start: int) -> int:
    """Where a window before `start` that `insert_term` can judge as well as the whole begins.

    It starts after white space (so a word is never cut) and holds a character other than
    spaces and opening quotes (so a sentence start is told right); else it is the whole text.
    """
    window = max(0, start - _CONTEXT)
    while window > 0 and start - window < 4 * _CONTEXT and not text[window - 1].isspace():
        window -= 1
    if window > 0 and (
        not text[window - 1].isspace() or not text[window:start].strip(_NOT_CONTEXT)
    ):
        return 0
    return window


def _applied_count(text: str, matches: Sequence[TermMatch]) -> int:
    return sum(span is not None for span in locate_targets(text, matches))


def locate_targets(text: str, matches: Sequence[TermMatch]) -> list[tuple[int, int] | None]:
    """For each match in order, the next unused occurrence of its target's forms in `text`.

    Each occurrence is claimed by one match only, so two matches never share a span. Each
    target's occurrences are found once and walked with a cursor (an occurrence passed over is
    claimed or overlaps a claimed one for good), so n matches of one term in a long segment cost
    n steps, not n² regex scans.
    """
    used = Intervals()
    cursors: dict[tuple[str, int], tuple[list[tuple[int, int]], list[int]]] = {}
    spans: list[tuple[int, int] | None] = []
    for match in matches:
        pattern = form_pattern(match.term)
        key = (pattern.pattern, pattern.flags)
        if key not in cursors:
            cursors[key] = ([m.span() for m in pattern.finditer(text)], [0])
        occurrences, cursor = cursors[key]
        found = None
        while cursor[0] < len(occurrences):
            span = occurrences[cursor[0]]
            cursor[0] += 1
            if not used.overlaps(*span):
                found = span
                break
        if found:
            used.add(*found)
        spans.append(found)
    return spans


def _settle_forbidden(
    segment: SegmentTerms, found: list[ForbiddenRendering], replace: bool
) -> None:
    """Flag each forbidden rendering the model produced; replace what enforcement left of it.

    A match whose forbidden rendering is replaced here, and that no strategy placed, is placed
    by the method `forbidden-replaced`.
    """
    settled: list[tuple[ForbiddenRendering, str | None]] = []  # None: left in place
    for rendering in found:
        match = rendering.match
        occurrence = find_variant(segment.target, rendering.variant)
        if occurrence is not None and not replace:
            settled.append((rendering, None))
            continue
        replacement = render_match(match)
        if occurrence is not None:
            segment.target, _, _ = insert_term(
                segment.target, occurrence[0], occurrence[1], replacement
            )
            segment.methods.setdefault(id(match), str(PlacementMethod.FORBIDDEN_REPLACED))
        settled.append((rendering, replacement))
    for rendering, rendered in settled:
        term, variant, surface = rendering.match.term.source, rendering.variant, rendering.surface
        if rendered is not None:
            segment.flags.append(Flag.forbidden_replaced(term, variant, surface, rendered))
            continue
        occurrence = find_variant(segment.target, variant)  # in the final target
        if occurrence is not None:
            segment.flags.append(Flag.forbidden_left(term, variant, surface, *occurrence))


def missing_flag(
    match: TermMatch,
    start: int,
    end: int,
    proposal: tuple[int, int, float] | None = None,
    target_text: str = "",
) -> Flag:
    """The `term-missing` flag of a match that could not be placed (offsets into the source);
    with a `proposal` (target span, confidence), the flag proposes replacing that span."""
    term = match.term
    if proposal is None:
        return Flag.term_missing(term.source, term.target, match.surface, start, end)
    target_start, target_end, confidence = proposal
    return Flag.term_missing_proposed(
        term.source,
        term.target,
        match.surface,
        start,
        end,
        target_start,
        target_end,
        target_text[target_start:target_end],
        render_match(match),
        confidence,
    )


def _proposed_span(
    segment: SegmentTerms, proposal: Proposal, placed: Intervals
) -> tuple[int, int, float] | None:
    """Where a refused alignment's words stand in the final target (nearest their old place)."""
    pattern = re.compile(rf"(?<!\w){re.escape(proposal.found)}(?!\w)")
    spans = [m.span() for m in pattern.finditer(segment.target) if not placed.overlaps(*m.span())]
    if not spans:
        return None
    start, end = min(spans, key=lambda span: abs(span[0] - proposal.near))
    return start, end, proposal.confidence


def _final_statuses(segment: SegmentTerms, before: list[tuple[int, int] | None]) -> None:
    spans = locate_targets(segment.target, segment.matches)
    placed = Intervals(span for span in spans if span is not None)
    by_target = {
        m.term.target: segment.methods[id(m)] for m in segment.matches if id(m) in segment.methods
    }
    for match, span, earlier in zip(segment.matches, spans, before, strict=True):
        plural = is_plural_match(match)
        if span is None:
            segment.results.append(
                TermResult(match.term, match.start, match.end, TermStatus.MISSING, plural=plural)
            )
            proposal = segment.proposals.get(id(match))
            proposed = _proposed_span(segment, proposal, placed) if proposal else None
            flag = missing_flag(match, match.start, match.end, proposed, segment.target)
            segment.flags.append(flag)
            continue
        if earlier is not None:
            status, method = TermStatus.APPLIED, str(PlacementMethod.MODEL)
        else:
            # A match no strategy placed stands where one placed another match of its target.
            status = TermStatus.ENFORCED
            method = segment.methods.get(id(match)) or by_target.get(
                match.term.target, str(PlacementMethod.MODEL)
            )
        segment.results.append(
            TermResult(match.term, match.start, match.end, status, span[0], span[1], plural, method)
        )


def segment_terms(matcher: Matcher, sources: Sequence[str]) -> list[SegmentTerms]:
    return [SegmentTerms(source=s, matches=matcher.find(s)) for s in sources]
