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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from app.document import Flag, Origin, Segment, SegmentState, TermResult
from app.formats.inline import MarkedText, Part, marked, numbering
from app.tag_placement import Alignment, Placement, place_tags
from app.terminology import MTBackend

__all__ = ["TaggedTarget", "shift_flag", "tag_alignments", "tag_segment", "tag_target"]


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
) -> TaggedTarget:
    """`target` (plain, as the MT or the memory wrote it) with the tags of `source` placed, and
    `terms` and `flags` of that plain target re-pointed at the marked text (past any space the
    placement put in beside a standalone tag)."""
    placement = place_tags(source, target, terms, alignment)
    view = marked(placement.parts, numbering(source))
    moved = [shift_flag(_respaced_flag(flag, placement), view) for flag in flags]
    if placement.flag is not None:
        moved.append(placement.flag)
    return TaggedTarget(
        placement.parts,
        view.text,
        [_shift_term(_respaced_term(term, placement), view) for term in terms],
        moved,
        placement.flag,
    )


def _respaced_term(term: TermResult, placement: Placement) -> TermResult:
    if term.target_start is None or term.target_end is None or not placement.spaced:
        return term
    start, end = placement.span(term.target_start, term.target_end)
    return replace(term, target_start=start, target_end=end)


def _respaced_flag(flag: Flag, placement: Placement) -> Flag:
    span = flag.target_span()
    if span is None or not placement.spaced:
        return flag
    start, end = placement.span(*span)
    return replace(flag, details={**flag.details, "target_start": start, "target_end": end})


def tag_segment(segment: Segment, source: Sequence[Part], alignment: Alignment | None) -> None:
    """Give a segment the app just translated (by MT or from the memory) its tags as markers."""
    if segment.state is not SegmentState.MT or segment.origin not in (Origin.MT, Origin.TM):
        return
    if not segment.target:
        return
    tagged = tag_target(source, segment.target, segment.terms, segment.flags, alignment)
    segment.target, segment.terms, segment.flags = tagged.text, tagged.terms, tagged.flags


def _shift_term(term: TermResult, view: MarkedText) -> TermResult:
    if term.target_start is None or term.target_end is None:
        return term
    start, end = view.span(term.target_start, term.target_end)
    return replace(term, target_start=start, target_end=end)


def shift_flag(flag: Flag, view: MarkedText) -> Flag:
    """`flag` with its target span (if any) re-pointed from `view.plain` to `view.text`."""
    span = flag.target_span()
    if span is None or span[1] > len(view.plain):
        return flag
    start, end = view.span(*span)
    return replace(flag, details={**flag.details, "target_start": start, "target_end": end})


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
    """Where a span of the raw MT output stands in the final target (None: it was rewritten)."""
    from difflib import SequenceMatcher

    blocks = SequenceMatcher(None, before, after, autojunk=False).get_matching_blocks()

    def moved(a: int, b: int) -> tuple[int, int] | None:
        for block in blocks:
            if block.a <= a and b <= block.a + block.size:
                shift = block.b - block.a
                return a + shift, b + shift
        return None

    return moved
