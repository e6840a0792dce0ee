"""Word alignment from an NMT model's cross-attention, with a confidence for every aligned span.

Attention is a noisy aligner (Garg et al. 2019; Chen et al. 2020): in real Transformers the row
that best aligns target token *i* is often the one of decoding step *i+1*, where *i* is the
decoder's input, and how well any row aligns depends on the model. We do not guess either:

- **Calibration** (per translation run): anchors are tokens that stand exactly once in both the
  source and the output with the same spelling (names, numbers, copied words). For the step
  shift 0 and 1 we count how often an anchor's attention argmax points at its twin; the better
  shift is used, and its hit rate (smoothed: (hits + 1) / (anchors + 2)) says how far this
  model's attention can be trusted at all. A random-weight model scores near zero.
- **Span confidence**: calibration × attention mass the aligned target tokens put on the term's
  source tokens × contiguity of those target tokens × support of the neighbouring target tokens
  (do they align near the term?) × a length prior (at most two target words per word of the term). Below `CONFIDENCE_THRESHOLD` the span is only proposed to the
  translator, never edited.

CTranslate2 returns the attention of the layer and heads chosen when the model was converted
(`alignment_layer`/`alignment_heads`, stored in `model.bin`: by default the first head of the
last layer); it cannot be changed at load time. See docs/terminology.md.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.engine import Hypothesis
from app.pieces import argmax_alignment

CONFIDENCE_THRESHOLD = 0.5
SHIFTS = (0, 1)
NEIGHBOURHOOD = 4  # source tokens around a term where its target neighbours may align


@dataclass(frozen=True)
class Calibration:
    """How far a run's attention is an alignment: the step shift that aligns best, and how well."""

    shift: int = 0
    hits: int = 0
    anchors: int = 0

    @property
    def agreement(self) -> float:
        """Smoothed share of anchors the attention aligns right (0.5 without any evidence)."""
        return (self.hits + 1) / (self.anchors + 2)


@dataclass(frozen=True)
class AlignedSpan:
    """A character span of the target that attention aligns with a source term."""

    start: int
    end: int
    confidence: float


def _visible(token: str) -> str:
    return token.replace("▁", "").replace("@@", "").strip().lower()


def _argmax_rows(hypothesis: Hypothesis, shift: int) -> list[int]:
    """Per target token, the source token its (shifted) attention row points at (-1: none)."""
    count = len(hypothesis.tokens)
    if hypothesis.attention:
        rows: list[Sequence[float]] = list(hypothesis.attention[:count])
        if shift:
            rows = rows[shift:]
            if hypothesis.end_attention is not None:
                rows.append(hypothesis.end_attention)
        found = argmax_alignment(rows, len(rows))
    elif hypothesis.alignment is not None:  # joined from pieces: argmax only
        found = list(hypothesis.alignment[shift:count])
    else:
        return [-1] * count
    return found + [-1] * (count - len(found))


def _anchors(hypothesis: Hypothesis) -> list[tuple[int, int]]:
    """(target token, source token) pairs spelled alike that occur once on each side."""
    source = [_visible(t) for t in hypothesis.source_tokens]
    target = [_visible(t) for t in hypothesis.tokens]
    source_counts, target_counts = Counter(source), Counter(target)
    where = {token: j for j, token in enumerate(source)}
    return [
        (t, where[token])
        for t, token in enumerate(target)
        if len(token) >= 2
        and any(ch.isalnum() for ch in token)
        and target_counts[token] == 1
        and source_counts.get(token) == 1
    ]


def calibrate(hypotheses: Sequence[Hypothesis]) -> Calibration:
    """The shift whose attention points anchors at their twins most often, over all hypotheses."""
    best = Calibration()
    anchored = [(h, _anchors(h)) for h in hypotheses if h.attention or h.alignment]
    for shift in SHIFTS:
        hits = anchors = 0
        for hypothesis, pairs in anchored:
            if not pairs:
                continue
            rows = _argmax_rows(hypothesis, shift)
            anchors += len(pairs)
            hits += sum(rows[t] == j for t, j in pairs)
        candidate = Calibration(shift, hits, anchors)
        if candidate.agreement > best.agreement or (shift == 0 and best.anchors == 0):
            best = candidate
    return best


def aligned_spans(
    hypothesis: Hypothesis,
    source_token_spans: Sequence[tuple[int, int]],
    target_token_spans: Sequence[tuple[int, int]],
    terms: Sequence[tuple[int, int]],
    calibration: Calibration | None = None,
    source: str = "",
) -> list[AlignedSpan | None]:
    """For each source range in `terms`, the target words aligned with it and a confidence.

    With the `source` text, copies of source words in the target are used (see `_refined`): a
    copy of the term is its rendering, and words that copy another source word (a name, a number,
    a word the model left untranslated) render their twin, not the term.

    The argmax of every target row is taken once; target tokens are then sorted by the source
    token they align with, so the tokens aligned with one term are a binary-searched slice
    (a long segment with many matches stays linear-ish).
    """
    calibration = calibration or Calibration()
    found: list[AlignedSpan | None] = [None] * len(terms)
    if not source_token_spans or not terms or not (hypothesis.attention or hypothesis.alignment):
        return found
    rows = _argmax_rows(hypothesis, calibration.shift)[: len(target_token_spans)]
    order = sorted(range(len(rows)), key=rows.__getitem__)  # target tokens by source token
    by_source = [rows[t] for t in order]
    starts = [s for s, _ in source_token_spans]
    ends = [e for _, e in source_token_spans]
    monotone = all(a <= b for a, b in itertools.pairwise(starts)) and all(
        a <= b for a, b in itertools.pairwise(ends)
    )
    for k, (start, end) in enumerate(terms):
        if monotone:  # the source tokens overlapping the term are one run [low, high)
            low = bisect.bisect_right(ends, start)
            high = bisect.bisect_left(starts, end)
            members: Sequence[int] = range(low, high)
            aligned = (
                order[bisect.bisect_left(by_source, low) : bisect.bisect_left(by_source, high)]
                if high > low
                else []
            )
        else:
            members = [i for i, (s, e) in enumerate(source_token_spans) if s < end and e > start]
            member_set = set(members)
            aligned = [t for t, a in enumerate(rows) if a in member_set]
        if not aligned:
            continue
        span = _whole_words(
            hypothesis.text,
            target_token_spans[min(aligned)][0],
            target_token_spans[max(aligned)][1],
        )
        agrees = 1.0
        if span is not None and source:
            span, agrees = _refined(hypothesis.text, span, source, start, end)
        if span is None:
            continue
        contiguity = len(aligned) / (max(aligned) - min(aligned) + 1)
        mass = _mass(hypothesis, calibration.shift, aligned, members)
        support = _neighbour_support(rows, min(aligned), max(aligned), members)
        term_words = len(_WORD.findall(source[start:end])) if source else len(members)
        length = _length_plausibility(hypothesis.text[span[0] : span[1]], term_words)
        confidence = calibration.agreement * mass * contiguity * support * length * agrees
        found[k] = AlignedSpan(*span, confidence)
    return found


def _neighbour_support(rows: list[int], first: int, last: int, members: Sequence[int]) -> float:
    """Share of the target tokens just outside the span that align near the term in the source.

    Word alignments are locally monotone: the words around a term's rendering translate words
    around the term. A span whose neighbours point elsewhere is an isolated attention peak, the
    typical wrong alignment (a row that belongs to another word). No neighbour: no evidence, 1.
    """
    if not members:
        return 0.0
    low, high = min(members) - NEIGHBOURHOOD, max(members) + NEIGHBOURHOOD
    neighbours = [t for t in (first - 1, last + 1) if 0 <= t < len(rows) and rows[t] >= 0]
    if not neighbours:
        return 1.0
    return sum(low <= rows[t] <= high for t in neighbours) / len(neighbours)


def _length_plausibility(rendering: str, term_words: int) -> float:
    """1 for a span of at most two words per word of the term, halved per word beyond: a term
    whose alignment swallows its neighbours (`foreign minister in`) is suspect."""
    extra = len(_WORD.findall(rendering)) - 2 * max(1, term_words)
    return 0.5 ** max(0, extra)


def _mass(hypothesis: Hypothesis, shift: int, aligned: list[int], members: Sequence[int]) -> float:
    """Mean attention the aligned target tokens put on the term's source tokens (1.0 when only
    the argmax is known: a hypothesis joined from pieces keeps no attention weights)."""
    if not hypothesis.attention:
        return 1.0
    attention = hypothesis.attention
    total = 0.0
    for t in aligned:
        row_index = t + shift
        if row_index < len(attention) and row_index < len(hypothesis.tokens):
            row: Sequence[float] = attention[row_index]
        elif hypothesis.end_attention is not None:
            row = hypothesis.end_attention
        else:
            continue
        total += sum(row[j] for j in members if j < len(row))
    return total / len(aligned)


def aligned_target_spans(
    hypothesis: Hypothesis,
    source_token_spans: Sequence[tuple[int, int]],
    target_token_spans: Sequence[tuple[int, int]],
    terms: Sequence[tuple[int, int]],
) -> list[tuple[int, int] | None]:
    """The unshifted argmax alignment of each source range, without confidence."""
    return [
        None if span is None else (span.start, span.end)
        for span in aligned_spans(hypothesis, source_token_spans, target_token_spans, terms)
    ]


_WORD = re.compile(r"\w+")


def _refined(
    text: str, span: tuple[int, int], source: str, term_start: int, term_end: int
) -> tuple[tuple[int, int] | None, float]:
    """The span checked against copies of source words in the target, and whether it agrees.

    A copy of the term itself (a name or compound the model left as it is) is its rendering:
    the span snaps to the copy it overlaps, and a span that misses every copy disagrees (0).
    Words at the edges of a span that copy a source word outside the term are left out.
    """
    term = re.escape(" ".join(source[term_start:term_end].split()))
    copies = [m.span() for m in re.finditer(rf"(?<!\w){term}(?!\w)", text, re.IGNORECASE)]
    if copies:
        overlapping = [c for c in copies if c[0] < span[1] and c[1] > span[0]]
        return (overlapping[0], 1.0) if overlapping else (span, 0.0)
    return _without_copies(text, span, source, term_start, term_end), 1.0


def _without_copies(
    text: str, span: tuple[int, int], source: str, term_start: int, term_end: int
) -> tuple[int, int] | None:
    """`span` without the words at its edges that copy a source word outside the term."""
    outside = source[:term_start] + " " + source[term_end:]
    term_words = {w.lower() for w in _WORD.findall(source[term_start:term_end])}
    copies = {w.lower() for w in _WORD.findall(outside) if len(w) >= 3 or w.isdigit()} - term_words
    words = [m.span() for m in _WORD.finditer(text, span[0], span[1])]
    while words and text[words[0][0] : words[0][1]].lower() in copies:
        words.pop(0)
    while words and text[words[-1][0] : words[-1][1]].lower() in copies:
        words.pop()
    if not words:
        return None
    return _whole_words(text, words[0][0], words[-1][1])


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
