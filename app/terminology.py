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

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from app.document import Flag, TermResult, TermStatus
from app.engine import CancelCheck, Hypothesis, ProgressCallback
from app.forbidden import ForbiddenRendering, find_variant, forbidden_renderings
from glossary.matcher import Matcher, TermMatch
from glossary.terms import TermEntry

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
def _inflect():  # type: ignore[no-untyped-def]
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

        def identity(function=None, **_options):  # type: ignore[no-untyped-def]
            return function if function is not None else (lambda f: f)

        typeguard.typechecked = identity  # type: ignore[assignment]
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
    alternatives = "|".join(re.escape(f) for f in english_forms(term))
    flags = 0 if term.case_sensitive else re.IGNORECASE
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


def unmask(
    translation: str, matches: Sequence[TermMatch], placeholders: Sequence[str]
) -> str | None:
    """Substitute each placeholder by its target; None if any is lost or duplicated."""
    for placeholder in placeholders:
        if len(re.findall(rf"(?<!\d){placeholder}(?!\d)", translation)) != 1:
            return None
    text = translation
    for match, placeholder in zip(matches, placeholders, strict=True):
        position = re.search(rf"(?<!\d){placeholder}(?!\d)", text)
        assert position is not None
        rendering = render_match(match)
        text, _, _ = insert_term(text, position.start(), position.end(), rendering)
    return text


def aligned_target_span(
    hypothesis: Hypothesis,
    source_token_spans: Sequence[tuple[int, int]],
    target_token_spans: Sequence[tuple[int, int]],
    start: int,
    end: int,
) -> tuple[int, int] | None:
    """Character span of the target words aligned (by attention argmax) with source[start:end]."""
    if not hypothesis.attention or not source_token_spans:
        return None
    in_term = {i for i, (s, e) in enumerate(source_token_spans) if s < end and e > start}
    if not in_term:
        return None
    aligned = []
    for t, row in enumerate(hypothesis.attention[: len(target_token_spans)]):
        if row and max(range(len(row)), key=row.__getitem__) in in_term:
            aligned.append(t)
    if not aligned:
        return None
    text = hypothesis.text
    span_start = target_token_spans[min(aligned)][0]
    span_end = target_token_spans[max(aligned)][1]
    while span_start > 0 and text[span_start - 1].isalnum():  # widen to whole words
        span_start -= 1
    while span_end < len(text) and text[span_end].isalnum():
        span_end += 1
    while span_start < span_end and not text[span_start].isalnum():
        span_start += 1
    while span_end > span_start and not text[span_end - 1].isalnum():
        span_end -= 1
    return (span_start, span_end) if span_end > span_start else None


STRATEGIES = ("mask", "alignment")


def enforce_terms(
    backend: MTBackend,
    segments: Sequence[SegmentTerms],
    strategies: Sequence[str] = STRATEGIES,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Translate segments and give every match a verified status (fills target/results/flags).

    `strategies` selects the enforcement steps, in order; with none, the model's output is only
    assessed (applied or missing) and forbidden variants are flagged but left in place.
    """
    use_alignment = "alignment" in strategies
    has_terms = any(s.matches for s in segments)
    passes = 1 + ("mask" in strategies and has_terms)
    plain = backend.translate_for_terms(
        [s.source for s in segments],
        attention=use_alignment and has_terms,
        progress=_phase(progress, 0, passes, len(segments)),
        cancelled=cancelled,
    )
    for segment, hypothesis in zip(segments, plain, strict=True):
        segment.target = hypothesis.text
    forbidden_in_output = [forbidden_renderings(s.target, s.matches) for s in segments]
    applied_before = [locate_targets(s.target, s.matches) for s in segments]
    todo = [i for i, s in enumerate(segments) if any(span is None for span in applied_before[i])]
    placed_by_mask: dict[int, set[int]] = {}

    # (a) masking, for segments where the model did not already apply every term
    if "mask" in strategies and todo:
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

    # (b) alignment post-edit on the plain translation, for segments masking could not fix
    if use_alignment:
        for index in todo:
            if index not in placed_by_mask:
                _align_terms(backend, segments[index], plain[index])

    replaced = [
        _settle_forbidden(segment, found, replace=bool(strategies))
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
    source_spans = backend.source_spans(segment.source)
    target_spans = backend.target_spans(hypothesis)
    edits: list[tuple[int, int, TermMatch]] = []
    for match, span in zip(segment.matches, spans, strict=True):
        if span is not None:
            continue
        aligned = aligned_target_span(
            hypothesis, source_spans, target_spans, match.start, match.end
        )
        if aligned is None:
            continue
        overlaps = any(a < aligned[1] and aligned[0] < b for a, b, _ in edits)
        overlaps_placed = any(
            p is not None and p[0] < aligned[1] and aligned[0] < p[1] for p in spans
        )
        if not overlaps and not overlaps_placed:
            edits.append((aligned[0], aligned[1], match))
    text = segment.target
    for start, end, match in sorted(edits, key=lambda e: e[0], reverse=True):
        text, _, _ = insert_term(text, start, end, render_match(match))
    segment.target = text


def _applied_count(text: str, matches: Sequence[TermMatch]) -> int:
    return sum(span is not None for span in locate_targets(text, matches))


def locate_targets(text: str, matches: Sequence[TermMatch]) -> list[tuple[int, int] | None]:
    """For each match in order, the next unused occurrence of its target's forms in `text`.

    Each occurrence is claimed by one match only, so two matches never share a span.
    """
    used: list[tuple[int, int]] = []
    spans: list[tuple[int, int] | None] = []
    for match in matches:
        found = None
        for occurrence in _form_pattern(match.term).finditer(text):
            span = (occurrence.start(), occurrence.end())
            if not any(a < span[1] and span[0] < b for a, b in used):
                found = span
                break
        if found:
            used.append(found)
        spans.append(found)
    return spans


def _settle_forbidden(
    segment: SegmentTerms, found: list[ForbiddenRendering], replace: bool
) -> set[int]:
    """Flag each forbidden rendering the model produced; replace what enforcement left of it.

    Returns the ids of the matches whose forbidden rendering was replaced by their target here.
    """
    replaced: set[int] = set()
    for match, variant, surface in ((f.match, f.variant, f.surface) for f in found):
        rendering = render_match(match)
        occurrence = find_variant(segment.target, variant)
        if occurrence is not None and replace:
            segment.target, _, _ = insert_term(
                segment.target, occurrence[0], occurrence[1], rendering
            )
            replaced.add(id(match))
            occurrence = None
        outcome = "left in place" if occurrence is not None else f"replaced by '{rendering}'"
        segment.flags.append(
            Flag(
                "forbidden-term",
                f"the MT rendered {match.term.source} as forbidden '{surface}'; {outcome}",
                {"term": match.term.source, "variant": variant, "surface": surface},
            )
        )
    return replaced


def missing_flag(match: TermMatch, start: int, end: int) -> Flag:
    """The `term-missing` flag of a match that could not be placed (offsets into the source)."""
    return Flag(
        "term-missing",
        f"'{match.surface}' should be translated as '{match.term.target}'",
        {
            "term": match.term.source,
            "target": match.term.target,
            "surface": match.surface,
            "start": start,
            "end": end,
        },
    )


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
                method = "mask"
            elif id(match) in forbidden_replaced:
                method = "forbidden-replaced"
            else:
                method = "alignment"
        segment.results.append(
            TermResult(match.term, match.start, match.end, status, span[0], span[1], plural, method)
        )


def segment_terms(matcher: Matcher, sources: Sequence[str]) -> list[SegmentTerms]:
    return [SegmentTerms(source=s, matches=matcher.find(s)) for s in sources]
