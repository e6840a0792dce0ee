"""The inline-tag model every document format shares.

A translatable text is a list of *parts*: strings and `Tag`s. A paired tag is an `OPEN` and a
`CLOSE` with the same id (bold, a link, `<g>`, `<pc>`); a `STANDALONE` tag is one code (a break,
a footnote reference, a field, `<x/>`, `<ph/>`). The payload is what the format's writer needs to
put the code back (an XML element, run properties); this module never looks at it.

`split_unit` cuts a unit (a paragraph, a cell, an XLIFF segment) into pieces: leading and trailing
white space and codes stay outside the translation (as Okapi trims them), the rest is split into
sentences unless a paired tag spans the boundary.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

__all__ = [
    "MarkedText",
    "Marker",
    "Part",
    "Piece",
    "Tag",
    "TagKind",
    "TagSpans",
    "escape_literal",
    "from_markers",
    "joined",
    "kept_markers",
    "marked",
    "marker",
    "marker_view",
    "markers",
    "plain_text",
    "split_unit",
    "tag_spans",
    "to_markers",
    "unescape_literal",
    "unmarked",
]


class TagKind(enum.StrEnum):
    OPEN = "open"
    CLOSE = "close"
    STANDALONE = "standalone"


@dataclass(frozen=True)
class Tag:
    """One inline code; `id` pairs an OPEN with its CLOSE and is unique within a unit."""

    kind: TagKind
    id: str
    label: str = ""  # what it is, for people: "b", "link", "g", "footnote"
    payload: object = field(default=None, compare=False, hash=False, repr=False)

    @property
    def paired(self) -> bool:
        return self.kind is not TagKind.STANDALONE


Part = str | Tag


def joined(parts: Iterable[Part]) -> list[Part]:
    """`parts` with adjacent strings merged and empty strings dropped."""
    out: list[Part] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += part
                continue
        out.append(part)
    return out


def plain_text(parts: Iterable[Part]) -> str:
    """The text the MT and the translator read: the parts without their tags."""
    return "".join(p for p in parts if isinstance(p, str))


@dataclass
class TagSpans:
    """Where each tag sits in the plain text: paired tags as (open, close) offsets around their
    content, standalone tags at one offset; both in document order."""

    paired: list[tuple[Tag, Tag, int, int]] = field(default_factory=list)
    standalone: list[tuple[Tag, int]] = field(default_factory=list)


def tag_spans(parts: Sequence[Part]) -> TagSpans:
    """The offsets of each tag in `plain_text(parts)`; an unmatched OPEN/CLOSE counts as
    standalone (a half of a pair cut off by the format, e.g. XLIFF 2 `<sc/>` without `<ec/>`)."""
    spans = TagSpans()
    position = 0
    opened: dict[str, tuple[Tag, int]] = {}
    closes: dict[str, int] = {}
    for part in parts:
        if isinstance(part, str):
            position += len(part)
        elif part.kind is TagKind.OPEN:
            opened[part.id] = (part, position)
        elif part.kind is TagKind.CLOSE and part.id in opened:
            tag, start = opened.pop(part.id)
            spans.paired.append((tag, part, start, position))
            closes[part.id] = position
        else:
            spans.standalone.append((part, position))
    for tag, start in opened.values():
        spans.standalone.append((tag, start))
    spans.paired.sort(key=lambda item: (item[2], -item[3]))
    spans.standalone.sort(key=lambda item: item[1])
    return spans


@dataclass
class Piece:
    """A stretch of a unit: translatable (a sentence) or kept as it is (white space, edge codes)."""

    parts: list[Part]
    translatable: bool
    target: list[Part] | None = None  # set by a translation; None keeps the source

    def output(self) -> list[Part]:
        return self.parts if self.target is None else self.target


def split_unit(parts: Sequence[Part], sentences: bool = True) -> list[Piece]:
    """Cut a unit into pieces whose parts, concatenated, are `parts` again."""
    items = joined(parts)
    head, body, tail = _trim(items)
    pieces: list[Piece] = []
    if head:
        pieces.append(Piece(head, False))
    if body:
        if sentences:
            pieces += _sentences(body)
        else:
            pieces.append(Piece(body, True))
    if tail:
        pieces.append(Piece(tail, False))
    return pieces


def _trim(items: list[Part]) -> tuple[list[Part], list[Part], list[Part]]:
    """Leading/trailing white space, standalone codes and pairs enclosing everything else."""
    head: list[Part] = []
    tail: list[Part] = []
    body = list(items)
    changed = True
    while changed and body:
        changed = False
        first, last = body[0], body[-1]
        if isinstance(first, str) and (stripped := first.lstrip()) != first:
            head.append(first[: len(first) - len(stripped)])
            body[0] = stripped
            body = joined(body)
            changed = True
        elif isinstance(first, Tag) and (first.kind is not TagKind.OPEN or _encloses(body)):
            head.append(first)
            body = body[1:]
            if first.kind is TagKind.OPEN:
                tail.insert(0, body.pop())
            changed = True
        if not body:
            break
        last = body[-1]
        if isinstance(last, str) and (stripped := last.rstrip()) != last:
            tail.insert(0, last[len(stripped) :])
            body[-1] = stripped
            body = joined(body)
            changed = True
        elif (isinstance(last, Tag) and last.kind is TagKind.STANDALONE) or (
            isinstance(last, Tag) and last.kind is TagKind.CLOSE and _orphan_close(body)
        ):
            tail.insert(0, last)
            body = body[:-1]
            changed = True
    if not any(isinstance(p, str) and p.strip() for p in body):
        return joined(head + body + tail), [], []
    return joined(head), body, joined(tail)


def _encloses(body: list[Part]) -> bool:
    """True when body[0] opens a pair that closes at body[-1]."""
    first, last = body[0], body[-1]
    return (
        isinstance(first, Tag)
        and isinstance(last, Tag)
        and last.kind is TagKind.CLOSE
        and last.id == first.id
        and len(body) > 1
    )


def _orphan_close(body: list[Part]) -> bool:
    last = body[-1]
    assert isinstance(last, Tag)
    return not any(isinstance(p, Tag) and p.kind is TagKind.OPEN and p.id == last.id for p in body)


# A sentence can only end inside a text at a stop followed (after closing quotes) by a space.
MAYBE_SENTENCE_END = re.compile(r"[.!?…:;][\"'»«“”„‘’)\]]*\s+\S")


def _sentences(body: list[Part]) -> list[Piece]:
    """Sentence pieces of `body` (white space between sentences kept as its own piece)."""
    from app.segmentation import segment_document

    text = plain_text(body)
    if "\n" not in text and not MAYBE_SENTENCE_END.search(text):
        return [Piece(body, True)]  # one sentence for sure: no need to run the segmenter
    bounds = [(s.start, s.end) for s in segment_document(text).segments]
    if len(bounds) <= 1:
        return [Piece(body, True)]
    spans = tag_spans(body)
    merged: list[tuple[int, int]] = []
    for start, end in bounds:
        if merged and any(a < merged[-1][1] < b for _o, _c, a, b in spans.paired):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    # Cut points in the plain text: a sentence ends at `end`, the next starts at the next `start`.
    pieces: list[Piece] = []
    cuts = [0]
    for (_s, end), (next_start, _e) in itertools.pairwise(merged):
        cuts += [end, next_start]
    cuts.append(len(text))
    chunks = _cut(body, cuts)
    for number, chunk in enumerate(chunks):
        if not chunk:
            continue
        if number % 2:
            pieces.append(Piece(chunk, False))
            continue
        head, inner, tail = _trim(chunk)  # a break or code at a sentence's edge stays outside
        pieces += [Piece(p, t) for p, t in ((head, False), (inner, True), (tail, False)) if p]
    return pieces


def _cut(body: list[Part], cuts: list[int]) -> list[list[Part]]:
    """Split parts at plain-text offsets; a tag at a cut goes with the piece it touches
    (opening tags forward, closing and standalone tags backward)."""
    last = len(cuts) - 2
    chunks: list[list[Part]] = [[] for _ in range(last + 1)]
    position = 0

    def forward(offset: int) -> int:
        return min(bisect.bisect_right(cuts, offset) - 1, last)

    current = 0  # pieces never go back: the parts keep their order
    for part in body:
        if isinstance(part, Tag):
            if part.kind is TagKind.OPEN or position == 0:
                index = forward(position)
            else:
                index = max(bisect.bisect_left(cuts, position) - 1, 0)
            current = max(current, index)
            chunks[current].append(part)
            continue
        offset = 0
        while offset < len(part):
            index = max(forward(position), current)
            current = index
            room = cuts[index + 1] - position if index < last else len(part) - offset
            take = part[offset : offset + max(room, 1)]
            chunks[index].append(take)
            offset += len(take)
            position += len(take)
    return [joined(chunk) for chunk in chunks]


# -- markers: tags as text, for JSON and for targets edited as text ---------------------------
MARKER = re.compile(r"<(/?)(\d+)(/?)>")
_NEEDS_ESCAPE = re.compile(r"<(?=/?\d)")  # a literal `<` that would read as a marker
_ESCAPED = re.compile(r"<<(?=/?\d)")


@dataclass(frozen=True)
class Marker:
    """One tag marker in a text: where it stands, the tag's number and kind."""

    start: int
    end: int
    number: int
    kind: TagKind


def markers(text: str) -> Iterator[Marker]:
    """The tag markers of `text`, in order (`<<1>` is an escaped literal `<1>`, no marker)."""
    for match in MARKER.finditer(text):
        if match.start() > 0 and text[match.start() - 1] == "<":
            continue
        closing, number, single = match.groups()
        kind = TagKind.CLOSE if closing else TagKind.STANDALONE if single else TagKind.OPEN
        yield Marker(match.start(), match.end(), int(number), kind)


def marker(number: int, kind: TagKind) -> str:
    """The marker of tag `number`: `<1>` opens, `</1>` closes, `<2/>` stands alone."""
    if kind is TagKind.OPEN:
        return f"<{number}>"
    if kind is TagKind.CLOSE:
        return f"</{number}>"
    return f"<{number}/>"


def escape_literal(text: str) -> str:
    """Text to stand between markers: a `<` before a digit written `<<`."""
    return _NEEDS_ESCAPE.sub("<<", text)


def unescape_literal(text: str) -> str:
    """Text between markers as written: `<<` before a digit (what `escape_literal` wrote) is
    one `<`."""
    return _ESCAPED.sub("<", text)


def to_markers(parts: Sequence[Part], numbers: dict[str, int] | None = None) -> str:
    """`<1>bold</1>`, `<2/>`: each tag numbered in source order (as OmegaT shows tags).
    A literal `<` followed by a digit is written `<<` so markers are never ambiguous."""
    numbers = dict(numbers or {}) if numbers is not None else _numbering(parts)
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(escape_literal(part))
        else:
            out.append(marker(numbers.get(part.id, 0), part.kind))
    return "".join(out)


def _numbering(parts: Sequence[Part]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for part in parts:
        if isinstance(part, Tag) and part.id not in numbers:
            numbers[part.id] = len(numbers) + 1
    return numbers


def numbering(parts: Sequence[Part]) -> dict[str, int]:
    """Tag id → the number the translator sees (1, 2, … in source order)."""
    return _numbering(parts)


def kept_markers(text: str, source: Sequence[Part]) -> tuple[str, list[Tag]]:
    """`text` with only the markers of `source`'s tags (each once; a pair only with both
    halves, in order), the others taken out; and the source tags (OPEN for a pair) it lacks."""
    numbers = _numbering(source)
    by_key = {(numbers[p.id], p.kind): p for p in source if isinstance(p, Tag)}
    found = list(markers(text))
    seen: dict[tuple[int, TagKind], int] = {}
    for index, found_marker in enumerate(found):
        key = (found_marker.number, found_marker.kind)
        if key in by_key and key not in seen:
            seen[key] = index
    keep: set[int] = set()
    for (number, kind), index in seen.items():
        if kind is TagKind.STANDALONE:
            keep.add(index)
        elif kind is TagKind.OPEN:
            close = seen.get((number, TagKind.CLOSE))
            if close is not None and close > index:
                keep.update((index, close))
    out: list[str] = []
    position = 0
    for index, dropped in enumerate(found):
        if index not in keep:
            out.append(text[position : dropped.start])
            position = dropped.end
    out.append(text[position:])
    kept = {(found[i].number, found[i].kind) for i in keep}
    missing = [
        tag
        for (number, kind), tag in by_key.items()
        if kind is not TagKind.CLOSE and (number, kind) not in kept
    ]
    return "".join(out), missing


def unmarked(text: str) -> str:
    """A target written with markers as a reader sees it: the markers gone, `<<` unescaped."""
    out: list[str] = []
    position = 0
    for found in markers(text):
        out.append(unescape_literal(text[position : found.start]))
        position = found.end
    out.append(unescape_literal(text[position:]))
    return "".join(out)


def from_markers(text: str, source: Sequence[Part]) -> list[Part]:
    """Parts of a target written with markers, tags taken from `source` by number.

    Markers whose number no source tag has stay text (the QA check then reports the tag as
    missing); `<<` is a literal `<`.
    """
    numbers = _numbering(source)
    by_number: dict[tuple[int, TagKind], Tag] = {}
    for part in source:
        if isinstance(part, Tag):
            by_number[(numbers[part.id], part.kind)] = part
    out: list[Part] = []
    position = 0
    for found in markers(text):
        tag = by_number.get((found.number, found.kind))
        if tag is None:
            continue
        out.append(unescape_literal(text[position : found.start]))
        out.append(tag)
        position = found.end
    out.append(unescape_literal(text[position:]))
    return joined(out)


@dataclass
class MarkedText:
    """A text with tag markers and its plain text (markers out, `<<` read as `<`), with where
    each plain offset stands in the marked text.

    A span of the plain text maps to the marked text with `span()`: its start after the markers
    that stand at it, its end before them, so `<1>word</1>` gives the span of `word` alone.
    """

    text: str
    plain: str
    starts: list[int]  # per plain character: where it starts in `text`
    ends: list[int]  # per plain character: where it ends in `text`

    def start(self, offset: int) -> int:
        """Where plain `offset` stands in `text`, after any markers standing there."""
        return self.starts[offset] if offset < len(self.starts) else len(self.text)

    def end(self, offset: int) -> int:
        """Where plain `offset` stands in `text` as the end of a span: before any markers."""
        return self.ends[offset - 1] if offset > 0 else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A plain (start, end) as (start, end) in `text`; an empty span stays empty."""
        a = self.start(start)
        return (a, a) if end <= start else (a, max(a, self.end(end)))


def marked(parts: Sequence[Part], numbers: dict[str, int]) -> MarkedText:
    """`to_markers(parts, numbers)` with the place of each plain character in it."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    length = 0
    for part in parts:
        if isinstance(part, Tag):
            shown = to_markers([part], numbers)
            out.append(shown)
            length += len(shown)
            continue
        escaped = {m.start() for m in _NEEDS_ESCAPE.finditer(part)}
        for i, ch in enumerate(part):
            shown = "<<" if i in escaped else ch
            starts.append(length)
            out.append(shown)
            length += len(shown)
            ends.append(length)
    return MarkedText("".join(out), plain_text(parts), starts, ends)


def marker_view(text: str) -> MarkedText:
    """The plain text of a target written with markers (every marker out, `<<` before a digit
    read as `<`, as `unmarked` reads them), with the place of each plain character in `text`."""
    plain: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def take(a: int, b: int) -> None:
        chunk = text[a:b]
        i = 0
        while i < len(chunk):
            width = 2 if _ESCAPED.match(chunk, i) else 1
            plain.append(chunk[i])
            starts.append(a + i)
            ends.append(a + i + width)
            i += width

    position = 0
    for found in markers(text):
        take(position, found.start)
        position = found.end
    take(position, len(text))
    return MarkedText(text, "".join(plain), starts, ends)
