"""Glossary enforcement around an MT model that knows nothing of glossaries.

Per segment, every glossary match ends with exactly one status:
  applied   the model's own output already held the target (or an English inflection of it);
  enforced  Wortlaut put the target there: (a) by masking — the source term becomes a numeric
            placeholder that NMT models copy verbatim, the target replaces it afterwards, and
            the step is abandoned for a segment whose placeholders were lost or duplicated;
            (b) by alignment post-edit — the words the model's attention aligns with the source
            term are replaced by the target;
  missing   neither worked; a `term-missing` flag says so.
The final statuses are verified against the final text: a span is reported only where the
target term really stands. See docs/terminology.md for the failure modes of each strategy.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from app.document import Flag, TermResult, TermStatus
from app.engine import CancelCheck, Hypothesis, ProgressCallback
from app.forbidden import ForbiddenRendering, find_variant, forbidden_renderings
from app.spans import Intervals
from glossary.matcher import Matcher, TermMatch
from glossary.terms import TermEntry

if TYPE_CHECKING:  # imported on first use, see _inflect
    import inflect

PLACEHOLDER_BASE = 7301  # numbers survive NMT untouched; markup like ###T1### gets mangled
GERMAN_PLURAL_ENDINGS = {
    "n",
    "en",
    "e",
    "er",
    "ern",
    "^",
    "^e",
    "^er",
    "^en",
    "^ern",
    "um>en",
    "a>en",
    "us>en",
}


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


# -- English forms ---------------------------------------------------------------------------
@cache
def _inflect() -> inflect.engine:
    """inflect's engine, imported without typeguard's run-time instrumentation.

    inflect decorates its API with `typeguard.typechecked`, which recompiles the module on
    import: 1.4 s of a single GIL-holding call that froze the UI during the first translation.
    The checks only validate argument types, which our calls get right, so the decorator is
    replaced by the identity while inflect is imported.
    """
    import sys

    if "inflect" not in sys.modules:
        import typeguard

        original = typeguard.typechecked

        def identity(function: Callable[..., Any] | None = None, **_options: object) -> Any:
            return function if function is not None else (lambda f: f)

        typeguard.typechecked = identity  # type: ignore[assignment]  # stands in for all overloads
        try:
            import inflect
        finally:
            typeguard.typechecked = original
    import inflect

    return inflect.engine()


def is_name(term: TermEntry) -> bool:
    """Names and other proper nouns never inflect (Lukashenko, not Lukashenkoes)."""
    return term.target[:1].isupper()


def english_plural(term: TermEntry) -> str:
    if is_name(term):
        return term.target
    return str(_inflect().plural_noun(term.target)) or term.target


def english_forms(term: TermEntry) -> list[str]:
    """Acceptable renderings of a target in English text, longest first."""
    forms = {term.target, f"{term.target}'s", f"{term.target}’s"}
    if not is_name(term):
        forms.add(english_plural(term))
    return sorted(forms, key=len, reverse=True)


def _form_pattern(term: TermEntry) -> re.Pattern[str]:
    return _target_pattern(term.target, term.case_sensitive)


@lru_cache(maxsize=8192)
def _target_pattern(target: str, case_sensitive: bool) -> re.Pattern[str]:
    """The pattern of a target's English forms (cached: built per match of a long segment)."""
    forms = english_forms(TermEntry(source="", target=target))
    alternatives = "|".join(re.escape(f) for f in forms)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])", flags)


def render_target(term: TermEntry, plural: bool) -> str:
    return english_plural(term) if plural else term.target


def render_match(match: TermMatch) -> str:
    """The target as this occurrence needs it: plural, possessive name, or capitals."""
    if is_name(match.term) and match.ending in ("s", "'s", "’s"):
        rendering = f"{match.term.target}'s"  # Lukaschenkos Armee → Lukashenko's army
    else:
        rendering = render_target(match.term, is_plural_match(match))
    letters = [ch for ch in match.surface if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters) and not match.term.source.isupper():
        rendering = rendering.upper()  # all-caps headline
    return rendering


def insert_term(text: str, start: int, end: int, rendering: str) -> tuple[str, int, int]:
    """Replace text[start:end] with `rendering`, fixing a/an and sentence-initial capitals."""
    before = text[:start]
    at_sentence_start = not before.strip(" \"'“„‚«»(") or re.search(
        r"[.!?]\s*[\"'“”»«]?\s*$", before
    )
    if at_sentence_start and rendering[:1].islower():
        rendering = rendering[0].upper() + rendering[1:]
    article = re.search(r"(?<![\w])(a|an|A|An)\s+$", before)
    if article:
        wanted = str(_inflect().a(rendering)).split(" ", 1)[0]
        if article.group(1)[0].isupper():
            wanted = wanted.capitalize()
        before = before[: article.start(1)] + wanted + before[article.end(1) :]
    new_start = len(before)
    return before + rendering + text[end:], new_start, new_start + len(rendering)


# -- enforcement -----------------------------------------------------------------------------
@dataclass
class SegmentTerms:
    """Working state of one segment while its terms are enforced."""

    source: str
    matches: list[TermMatch]
    target: str = ""
    results: list[TermResult] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


def is_plural_match(match: TermMatch) -> bool:
    return match.ending in GERMAN_PLURAL_ENDINGS


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


def aligned_target_span(
    hypothesis: Hypothesis,
    source_token_spans: Sequence[tuple[int, int]],
    target_token_spans: Sequence[tuple[int, int]],
    start: int,
    end: int,
) -> tuple[int, int] | None:
    """Character span of the target words aligned (by attention argmax) with source[start:end]."""
    [span] = aligned_target_spans(
        hypothesis, source_token_spans, target_token_spans, [(start, end)]
    )
    return span


def aligned_target_spans(
    hypothesis: Hypothesis,
    source_token_spans: Sequence[tuple[int, int]],
    target_token_spans: Sequence[tuple[int, int]],
    terms: Sequence[tuple[int, int]],
) -> list[tuple[int, int] | None]:
    """`aligned_target_span` for many source ranges, with one pass over the attention matrix.

    The argmax of every target row is taken once; target tokens are then sorted by the
    source token they align with, so the tokens aligned with one term are a binary-searched
    slice. It used to be one Python argmax over the whole matrix per match: minutes for a long
    segment with many matches.
    """
    found: list[tuple[int, int] | None] = [None] * len(terms)
    argmax = hypothesis.attention_argmax()
    if argmax is None or not source_token_spans or not terms:
        return found
    rows = list(argmax[: len(target_token_spans)])
    order = sorted(range(len(rows)), key=rows.__getitem__)  # target tokens by source token
    by_source = [rows[t] for t in order]
    starts = [s for s, _ in source_token_spans]
    ends = [e for _, e in source_token_spans]
    monotone = all(a <= b for a, b in itertools.pairwise(starts)) and all(
        a <= b for a, b in itertools.pairwise(ends)
    )
    text = hypothesis.text
    for k, (start, end) in enumerate(terms):
        if monotone:  # the source tokens overlapping the term are one run [low, high)
            low = bisect.bisect_right(ends, start)
            high = bisect.bisect_left(starts, end)
            aligned = (
                order[bisect.bisect_left(by_source, low) : bisect.bisect_left(by_source, high)]
                if high > low
                else []
            )
        else:
            in_term = {i for i, (s, e) in enumerate(source_token_spans) if s < end and e > start}
            aligned = [t for t, a in enumerate(rows) if a in in_term]
        if aligned:
            span_start = target_token_spans[min(aligned)][0]
            span_end = target_token_spans[max(aligned)][1]
            found[k] = _whole_words(text, span_start, span_end)
    return found


def _whole_words(text: str, span_start: int, span_end: int) -> tuple[int, int] | None:
    """Widen a character span to whole words, then trim non-word characters at its edges."""
    while span_start > 0 and text[span_start - 1].isalnum():
        span_start -= 1
    while span_end < len(text) and text[span_end].isalnum():
        span_end += 1
    while span_start < span_end and not text[span_start].isalnum():
        span_start += 1
    while span_end > span_start and not text[span_end - 1].isalnum():
        span_end -= 1
    return (span_start, span_end) if span_end > span_start else None


class Strategy(enum.StrEnum):
    """An enforcement step; a run uses a sequence of them, in order (none: only assess)."""

    MASK = "mask"  # the source term becomes a placeholder the model copies
    ALIGNMENT = "alignment"  # the words aligned with the source term are replaced


STRATEGIES: tuple[Strategy, ...] = (Strategy.MASK, Strategy.ALIGNMENT)


def enforce_terms(
    backend: MTBackend,
    segments: Sequence[SegmentTerms],
    strategies: Sequence[Strategy] = STRATEGIES,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Translate segments and give every match a verified status (fills target/results/flags).

    `strategies` selects the enforcement steps, in order; with none, the model's output is only
    assessed (applied or missing) and forbidden variants are flagged but left in place.
    """
    chosen = [Strategy(s) for s in strategies]  # a plain string raises ValueError if unknown
    use_alignment = Strategy.ALIGNMENT in chosen
    use_mask = Strategy.MASK in chosen
    has_terms = any(s.matches for s in segments)
    passes = 1 + (use_mask and has_terms)
    plain = backend.translate_for_terms(
        [s.source for s in segments],
        attention=use_alignment and has_terms,
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
    placed_by_mask: dict[int, set[int]] = {}

    # (a) masking, for segments where the model did not already apply every term
    if use_mask and todo:
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
            masked_inputs,
            attention=False,
            progress=_phase(progress, 1, passes, len(segments)),
            cancelled=cancelled,
        )
        for (i, missing, placeholders), hypothesis in zip(masked_meta, hypotheses, strict=True):
            restored = unmask(hypothesis.text, missing, placeholders)
            if restored is not None and _applied_count(
                restored, segments[i].matches
            ) >= _applied_count(segments[i].target, segments[i].matches):
                segments[i].target = restored
                placed_by_mask[i] = {id(m) for m in missing}
                if hypothesis.truncated and not plain[i].truncated:
                    segments[i].flags.append(Flag.truncated())

    # (b) alignment post-edit on the plain translation, for segments masking could not fix
    if use_alignment:
        for index in todo:
            if index not in placed_by_mask:
                _align_terms(backend, segments[index], plain[index])

    replaced = [
        _settle_forbidden(segment, found, replace=bool(chosen))
        for segment, found in zip(segments, forbidden_in_output, strict=True)
    ]
    for index, segment in enumerate(segments):
        _final_statuses(
            segment, applied_before[index], placed_by_mask.get(index, set()), replaced[index]
        )
    if progress:
        progress(len(segments), len(segments))


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


def _align_terms(backend: MTBackend, segment: SegmentTerms, hypothesis: Hypothesis) -> None:
    """Replace the words aligned with each unplaced source term by its target."""
    spans = locate_targets(segment.target, segment.matches)
    unplaced = [m for m, span in zip(segment.matches, spans, strict=True) if span is None]
    if not unplaced:
        return
    aligned_spans = aligned_target_spans(
        hypothesis,
        backend.source_spans(segment.source),
        backend.target_spans(hypothesis),
        [(m.start, m.end) for m in unplaced],
    )
    taken = Intervals(p for p in spans if p is not None)
    edits: list[tuple[int, int, TermMatch]] = []
    for match, aligned in zip(unplaced, aligned_spans, strict=True):
        if aligned is None or taken.overlaps(*aligned):
            continue
        taken.add(*aligned)
        edits.append((aligned[0], aligned[1], match))
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
        pattern = _form_pattern(match.term)
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
) -> set[int]:
    """Flag each forbidden rendering the model produced; replace what enforcement left of it.

    Returns the ids of the matches whose forbidden rendering was replaced by their target here.
    """
    replaced: set[int] = set()
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
            replaced.add(id(match))
        settled.append((rendering, replacement))
    for rendering, rendered in settled:
        term, variant, surface = rendering.match.term.source, rendering.variant, rendering.surface
        if rendered is not None:
            segment.flags.append(Flag.forbidden_replaced(term, variant, surface, rendered))
            continue
        occurrence = find_variant(segment.target, variant)  # in the final target
        if occurrence is not None:
            segment.flags.append(Flag.forbidden_left(term, variant, surface, *occurrence))
    return replaced


def missing_flag(match: TermMatch, start: int, end: int) -> Flag:
    """The `term-missing` flag of a match that could not be placed (offsets into the source)."""
    return Flag.term_missing(match.term.source, match.term.target, match.surface, start, end)


def _final_statuses(
    segment: SegmentTerms,
    before: list[tuple[int, int] | None],
    masked: set[int],
    forbidden_replaced: set[int],
) -> None:
    spans = locate_targets(segment.target, segment.matches)
    for match, span, earlier in zip(segment.matches, spans, before, strict=True):
        plural = is_plural_match(match)
        if span is None:
            segment.results.append(
                TermResult(match.term, match.start, match.end, TermStatus.MISSING, plural=plural)
            )
            segment.flags.append(missing_flag(match, match.start, match.end))
            continue
        if earlier is not None:
            status, method = TermStatus.APPLIED, "model"
        else:
            status = TermStatus.ENFORCED
            if id(match) in masked:
                method = str(Strategy.MASK)
            elif id(match) in forbidden_replaced:
                method = "forbidden-replaced"
            else:
                method = str(Strategy.ALIGNMENT)
        segment.results.append(
            TermResult(match.term, match.start, match.end, status, span[0], span[1], plural, method)
        )


def segment_terms(matcher: Matcher, sources: Sequence[str]) -> list[SegmentTerms]:
    return [SegmentTerms(source=s, matches=matcher.find(s)) for s in sources]
