"""Placement by rendering: find the model's own translation of a term in its output, replace it.

A translator fixing terminology by hand looks for the word the MT chose for the term and
overwrites it. We do the same: each unplaced source term is translated on its own (as it occurs,
with its inflection, and in its base form), with a few n-best alternatives, once per term and
model (the engine caches them). Where one of these renderings stands in the segment's output —
inside the region attention aligns with the term, or, failing that, exactly once per unplaced
occurrence of the term — it is replaced by the glossary target. No attention weight is trusted
here: attention only chooses between several occurrences of a rendering.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from app.alignment import AlignedSpan
from app.spans import Intervals
from glossary.matcher import TermMatch

ALTERNATIVES = 4  # n-best renderings asked per term
_EDGE = ".,;:!?\"'“”„«»‚‘’()[] "
_ARTICLES = ("the ", "a ", "an ")


class RenderingBackend(Protocol):
    def render_terms(self, texts: Sequence[str], alternatives: int) -> list[list[str]]: ...


def texts_to_render(matches: Sequence[TermMatch]) -> list[str]:
    """The source texts whose renderings are needed: each surface as it occurs, and the term."""
    return list(dict.fromkeys(t for m in matches for t in (m.surface, m.term.source)))


def renderings_of(backend: object, matches: Sequence[TermMatch]) -> dict[str, list[str]]:
    """The backend's n-best renderings of the matches' texts ({} for a backend without them)."""
    render = getattr(backend, "render_terms", None)
    texts = texts_to_render(matches)
    if render is None or not texts:
        return {}
    return dict(zip(texts, render(texts, ALTERNATIVES), strict=True))


def clean_rendering(rendering: str) -> str:
    """A rendering without edge punctuation and a leading article (`the fortress.` → `fortress`)."""
    text = " ".join(rendering.split()).strip(_EDGE)
    for article in _ARTICLES:
        if text.lower().startswith(article):
            return text[len(article) :].strip(_EDGE)
    return text


def candidates(match: TermMatch, renderings: Mapping[str, Sequence[str]]) -> list[str]:
    """Renderings of a match worth searching for, longest first.

    Edge punctuation and a leading article are dropped (`the fortress.` → `fortress`); renderings
    with fewer than three letters, or far longer than the term, are not a rendering of it.
    """
    words = len(match.term.source.split())
    found: dict[str, None] = {}
    for rendering in [*renderings.get(match.surface, ()), *renderings.get(match.term.source, ())]:
        text = clean_rendering(rendering)
        if sum(ch.isalpha() for ch in text) < 3 or len(text.split()) > 2 * words + 1:
            continue
        found.setdefault(text.lower(), None)
    return sorted(found, key=len, reverse=True)


def occurrences(text: str, wanted: Sequence[str], taken: Intervals) -> list[tuple[int, int]]:
    """Non-overlapping whole-word occurrences (ignoring case) of `wanted`, longest claimed first."""
    claimed = Intervals()
    spans: list[tuple[int, int]] = []
    for candidate in wanted:
        pattern = re.compile(rf"(?<![\w-]){re.escape(candidate)}(?!\w)", re.IGNORECASE)
        for found in pattern.finditer(text):
            if not taken.overlaps(*found.span()) and not claimed.overlaps(*found.span()):
                claimed.add(*found.span())
                spans.append(found.span())
    return sorted(spans)


def rendering_placements(
    target: str,
    unplaced: Sequence[TermMatch],
    renderings: Mapping[str, Sequence[str]],
    aligned: Sequence[AlignedSpan | None],
    taken: Intervals,
) -> list[tuple[int, int, TermMatch]]:
    """Spans of `target` holding the model's rendering of an unplaced match, one per match.

    A match takes the occurrence inside its aligned region; the matches of one term left over
    take the remaining occurrences in order only if there are exactly as many as matches.
    """
    placements: list[tuple[int, int, TermMatch]] = []
    by_term: dict[tuple[str, str], list[int]] = {}
    for k, match in enumerate(unplaced):
        by_term.setdefault((match.term.source, match.term.target), []).append(k)
    for indices in by_term.values():
        wanted = candidates(unplaced[indices[0]], renderings)
        spans = occurrences(target, wanted, taken) if wanted else []
        if not spans:
            continue
        left: list[int] = []
        for k in indices:
            region = aligned[k]
            inside = next(
                (s for s in spans if region and s[0] < region.end and s[1] > region.start), None
            )
            if inside is None:
                left.append(k)
                continue
            spans.remove(inside)
            placements.append((*inside, unplaced[k]))
        if left and len(spans) == len(left):
            placements += [(*span, unplaced[k]) for span, k in zip(spans, left, strict=True)]
    for start, end, _ in placements:
        taken.add(start, end)
    return placements
