"""A translated segment's inline tags, placed once for the CLI and the app alike.

`tag_target` puts the tags of a segment's source into its plain translation (`place_tags`: term
spans, literal matches, the MT's attention) and gives the target twice: as parts (what a format
writer needs) and as text with markers (`<1>word</1>`, what the app's grid shows as chips and the
translator edits), with every offset that pointed into the plain target — term spans, flag spans
— moved to the marked text. `tag_alignments` is the one extra attention pass over the tagged
segments that the placement reads; targets from the translation memory have no attention and are
placed from their terms and literal matches only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from app.document import Flag, Origin, Segment, SegmentState, TermResult, TermStatus
from app.formats.inline import (
    MarkedText,
    Part,
    marked,
    numbering,
    plain_text,
    tag_spans,
    unmarked,
)
from app.renderings import ALTERNATIVES, clean_rendering
from app.tag_placement import Alignment, place_tags
from app.terminology import MTBackend
from glossary.terms import TermEntry

__all__ = [
    "TaggedTarget",
    "shift_flag",
    "tag_alignments",
    "tag_renderings",
    "tag_segment",
    "tag_target",
    "without_unplaced",
]


@dataclass
class TaggedTarget:
    parts: list[Part]  # the target with the source's tags placed
    text: str  # the same with markers (`<1>`, `</1>`, `<2/>`, `<<` for a literal `<`)
    terms: list[TermResult]  # target offsets into `text`
    flags: list[Flag]  # the flags given, target offsets into `text`; then `placement`, if any
    placement: Flag | None  # `tag-placement`: tags that went to the end of the segment


def tag_target(
    source: Sequence[Part],
    target: str,
    terms: Sequence[TermResult] = (),
    flags: Sequence[Flag] = (),
    alignment: Alignment | None = None,
    hints: Sequence[TermResult] = (),
) -> TaggedTarget:
    """`target` (plain, as the MT or the memory wrote it) with the tags of `source` placed, and
    `terms` and `flags` of that plain target re-pointed at the marked text (past any space the
    placement put in beside a standalone tag). `hints` place tags like terms do
    (`tag_renderings`) and are not kept."""
    placement = place_tags(source, target, [*terms, *hints], alignment)
    view = marked(placement.parts, numbering(source))

    def through(start: int, end: int) -> tuple[int, int]:
        return view.span(*placement.span(start, end))

    moved = [_moved_flag(flag, through, len(target)) for flag in flags]
    if placement.flag is not None:
        moved.append(placement.flag)
    return TaggedTarget(
        placement.parts,
        view.text,
        [_moved_term(term, through) for term in terms],
        moved,
        placement.flag,
    )


SpanMap = Callable[[int, int], tuple[int, int]]


def _moved_term(term: TermResult, span: SpanMap) -> TermResult:
    """`term` with its target span (if any) mapped by `span`."""
    if term.target_start is None or term.target_end is None:
        return term
    start, end = span(term.target_start, term.target_end)
    return replace(term, target_start=start, target_end=end)


def _moved_flag(flag: Flag, span: SpanMap, length: int) -> Flag:
    """`flag` with its target span (if any, and inside a text of `length`) mapped by `span`."""
    found = flag.target_span()
    if found is None or found[1] > length:
        return flag
    start, end = span(*found)
    return replace(flag, details={**flag.details, "target_start": start, "target_end": end})


TRAILING_UNPLACED = re.compile(r"(?:<(\d+)></\1>|<\d+/>)+$")


def without_unplaced(tagged: TaggedTarget) -> str:
    """The marked text without the tags placement put at the end (none when all were placed)."""
    if tagged.placement is None:
        return tagged.text
    return TRAILING_UNPLACED.sub("", tagged.text)


def tag_segment(
    segment: Segment,
    source: Sequence[Part],
    alignment: Alignment | None,
    hints: Sequence[TermResult] = (),
) -> None:
    """Give a segment the app just translated (by MT or from the memory) its tags as markers."""
    if segment.state is not SegmentState.MT or segment.origin not in (Origin.MT, Origin.TM):
        return
    if not segment.target or unmarked(segment.target) != segment.target:
        return  # nothing to place, or a memory target that came with its tags
    tagged = tag_target(source, segment.target, segment.terms, segment.flags, alignment, hints)
    segment.target, segment.terms, segment.flags = tagged.text, tagged.terms, tagged.flags


def shift_flag(flag: Flag, view: MarkedText) -> Flag:
    """`flag` with its target span (if any) re-pointed from `view.plain` to `view.text`."""
    return _moved_flag(flag, view.span, len(view.plain))


def tag_renderings(
    backend: object, items: Sequence[tuple[Segment, Sequence[Part]]]
) -> dict[int, list[TermResult]]:
    """Rendering search for tags (as `app/renderings.py` does for glossary terms): the words
    inside each pair, and the word a standalone tag follows (a footnote mark after
    `Wirtschaft`), when the target does not hold them literally, are translated on their own
    (n-best, cached per model); a rendering found exactly once in the target, as whole words,
    places the pair around it or the standalone tag after it. Returned as pseudo-terms per `id(segment)` for `tag_target(hints=)`;
    {} for a backend without `render_terms`."""
    render = getattr(backend, "render_terms", None)
    if render is None:
        return {}
    wanted: list[tuple[Segment, int, int, str]] = []
    for segment, source in items:
        if segment.state is not SegmentState.MT or not segment.target:
            continue
        text = plain_text(source)
        for _open, _close, start, end in tag_spans(source).paired:
            content = text[start:end]
            words = content.strip()
            if sum(ch.isalpha() for ch in words) < 2 or words in segment.target:
                continue
            left = start + len(content) - len(content.lstrip())
            wanted.append((segment, left, left + len(words), words))
        for _tag, position in tag_spans(source).standalone:
            before = re.search(r"[^\W\d_][\w-]*$", text[:position])  # the word the tag follows
            if before is None or position >= len(text.rstrip()) or before.group() in segment.target:
                continue
            wanted.append((segment, before.start(), position, before.group()))
    if not wanted:
        return {}
    texts = list(dict.fromkeys(words for *_rest, words in wanted))
    renderings = dict(zip(texts, render(texts, ALTERNATIVES), strict=True))
    hints: dict[int, list[TermResult]] = {}
    for segment, start, end, words in wanted:
        span = _one_rendering(segment.target, renderings.get(words, []))
        if span is not None:
            entry = TermEntry(words, segment.target[span[0] : span[1]])
            hint = TermResult(entry, start, end, TermStatus.APPLIED, *span, method="rendering")
            hints.setdefault(id(segment), []).append(hint)
    return hints


def _one_rendering(target: str, renderings: Sequence[str]) -> tuple[int, int] | None:
    """Where the longest rendering that stands exactly once in `target` stands (whole words,
    any case); None when each stands there never or more than once."""
    for rendering in sorted({clean_rendering(r) for r in renderings}, key=len, reverse=True):
        if sum(ch.isalpha() for ch in rendering) < 2:
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(rendering)}(?!\w)", re.IGNORECASE)
        found = [m.span() for m in pattern.finditer(target)]
        if len(found) == 1:
            return found[0]
    return None


def tag_alignments(backend: MTBackend | None, segments: Sequence[Segment]) -> dict[int, Alignment]:
    """Word alignment from the MT's attention for machine-translated segments with tags (one
    extra MT pass over those segments only), keyed by `id(segment)`. Where term enforcement
    rewrote part of the output, the words it left are carried over to their place in the final
    target and the rewritten ones are dropped."""
    todo = [
        s for s in segments if s.state is SegmentState.MT and s.origin is Origin.MT and s.target
    ]
    if backend is None or not todo:
        return {}
    hypotheses = backend.translate_for_terms([s.mt_input for s in todo], attention=True)
    found: dict[int, Alignment] = {}
    for segment, hypothesis in zip(todo, hypotheses, strict=True):
        argmax = hypothesis.attention_argmax()
        if argmax is None:
            continue
        mapping = segment.mt_offset_map()
        sources = [(mapping[a], mapping[b]) for a, b in backend.source_spans(segment.mt_input)]
        moved = _carried_over(hypothesis.text, segment.target)
        alignment: Alignment = []
        for i, (a, b) in enumerate(backend.target_spans(hypothesis)):
            span = moved(a, b)
            if span is None:
                continue  # rewritten by term enforcement: the term's own span places its tags
            source = argmax[i] if i < len(argmax) else -1
            alignment.append((sources[source] if 0 <= source < len(sources) else None, span))
        found[id(segment)] = alignment
    return found


def _carried_over(before: str, after: str) -> Callable[[int, int], tuple[int, int] | None]:
    """Where a span of the raw MT output stands in the final target (None: it was rewritten).

    The unchanged stretches come from rapidfuzz's Indel (LCS) opcodes: difflib's matcher is
    quadratic in the sentence's length (31 of 79 s on a 2,000-word sentence)."""
    if before == after:
        return lambda a, b: (a, b)
    from bisect import bisect_right

    from rapidfuzz.distance import Indel

    blocks = [
        (op.src_start, op.dest_start, op.src_end - op.src_start)
        for op in Indel.opcodes(before, after)
        if op.tag == "equal"
    ]
    starts = [start for start, _dest, _size in blocks]

    def moved(a: int, b: int) -> tuple[int, int] | None:
        index = bisect_right(starts, a) - 1
        if index >= 0:
            start, dest, size = blocks[index]
            if start <= a and b <= start + size:
                return a + dest - start, b + dest - start
        return None

    return moved
