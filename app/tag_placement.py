"""Inline tags through machine translation: the MT reads the sentence without its tags; this
module puts them back into the translation.

A paired tag (bold, a link) goes around the target words that render its source words, found in
this order: glossary terms the tag encloses (their target spans come from term enforcement, so a
term keeps its formatting); the tag's text itself when it stands once, unchanged, in the target
(names, numbers, URLs); the words the MT's attention aligns with the tag's words, when they are
contiguous and nothing aligned outside the tag sits between them. A literal match is placed
exactly as it stands (`4 m<sup>3</sup>` stays `m<sup>3</sup>`, an asterisk or a dash with no
letters is placed where it stands once) and only where its edges cut the target as they cut the
source (a whole word in the source is not matched inside a longer target word); term and
alignment spans are widened to whole words. No span edge falls inside a number (digits with `.`
or `,` between them) unless the source had that edge there too: an aligned span that cuts a
number is widened to the whole number when the tag's source holds that number, else refused
(`1<b>.299 €</b>` is never written; widening can only complete a number the tag formatted in
the source, and anything else goes to a person). A standalone tag (a footnote reference, a break)
goes after the target of the source word before it, moved past a number it would cut; where the
source has white space beside the tag and the target has a word directly there, a space is put
in (`Page <f/> of`, not `Page <f/>of`), and `Placement.spaced` says where. Whatever cannot be
placed that way, or would cross a tag already placed, goes to the end of the segment and the
segment gets a `tag-placement` flag: a person decides, the pipeline does not guess.

`check_tags` is the QA check for a target the translator edited: missing, extra and misordered
tags, and tags pasted more often than the source has them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.document import Flag, TermResult
from app.formats.inline import Part, Tag, TagKind, joined, numbering, plain_text, tag_spans

# Per target token: the character span in the source it aligns with (None: none) and its span.
Alignment = list[tuple[tuple[int, int] | None, tuple[int, int]]]


@dataclass
class Placement:
    parts: list[Part]
    unplaced: list[Tag]  # OPEN (for a pair) and STANDALONE tags moved to the end
    flag: Flag | None
    spaced: list[int] = field(default_factory=list)  # offsets of the target a space went before

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A (start, end) of the target given to `place_tags` in `plain_text(self.parts)`: a
        space put in at `start` goes before the span, one put in at `end` after it."""
        before = sum(1 for offset in self.spaced if offset <= start)
        inside = sum(1 for offset in self.spaced if offset < end)
        return start + before, max(start + before, end + inside)


def place_tags(
    source: Sequence[Part],
    target: str,
    terms: Sequence[TermResult] = (),
    alignment: Alignment | None = None,
) -> Placement:
    """`target` (plain MT output) with the tags of `source` inserted; see the module doc."""
    text = plain_text(source)
    spans = tag_spans(source)
    # offset, rank, order, nesting, tag, spaces: at one offset closing tags come first, then
    # standalone, then opening ones; pairs with the same span nest as in the source.
    inserts: list[tuple[int, int, int, int, Tag, str, str]] = []
    placed: list[tuple[int, int]] = []
    unplaced: list[Tag] = []
    closes: dict[str, Tag] = {}
    opened_at = {
        p.id: i for i, p in enumerate(source) if isinstance(p, Tag) and p.kind is TagKind.OPEN
    }
    for opening, closing, start, end in spans.paired:
        nesting = opened_at[opening.id]
        closes[opening.id] = closing
        found = _paired_span(text, start, end, target, terms, alignment)
        if found is None or any(_crosses(found, other) for other in placed):
            unplaced.append(opening)
            continue
        a, b = found
        placed.append(found)
        inserts.append((a, 2, -b, nesting, opening, "", ""))
        inserts.append((b, 0, -a, -nesting, closing, "", ""))
    for tag, position in spans.standalone:
        offset = _standalone_offset(text, position, target, terms, alignment)
        if offset is None or any(
            a < offset < b and _inside_word(target, offset) for a, b in placed
        ):
            unplaced.append(tag)
            continue
        if position > 0 and text[position - 1].isspace() and target[offset : offset + 1].isspace():
            offset += 1  # "Wort <x/>Wort": the tag keeps its side of the space
        before, after = _spaces(text, position, target, offset)
        inserts.append((offset, 1, 0, 0, tag, before, after))
    inserts.sort(key=lambda item: item[:4])
    parts: list[Part] = []
    spaced: list[int] = []
    position = 0
    for offset, _rank, _order, _nesting, tag, before, after in inserts:
        parts += [target[position:offset], before, tag, after]
        spaced += [offset] * (len(before) + len(after))
        position = offset
    parts.append(target[position:])
    for tag in unplaced:
        parts.append(tag)
        if tag.kind is TagKind.OPEN:
            parts.append(closes[tag.id])
    flag = placement_flag(source, unplaced) if unplaced else None
    return Placement(joined(parts), unplaced, flag, spaced)


def placement_flag(source: Sequence[Part], unplaced: Sequence[Tag]) -> Flag:
    """The `tag-placement` flag for tags of `source` that went to the end of the target."""
    numbers = numbering(source)
    return Flag.tag_placement(", ".join(f"<{numbers[t.id]}>" for t in unplaced))


def _crosses(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]


def _inside_word(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1].isalnum() and text[offset].isalnum()


def _words(text: str, a: int, b: int) -> tuple[int, int]:
    """(a, b) widened to whole words and narrowed to no outer white space."""
    while a > 0 and text[a - 1].isalnum() and a < len(text) and text[a].isalnum():
        a -= 1
    while b < len(text) and b > 0 and text[b].isalnum() and text[b - 1].isalnum():
        b += 1
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _number_around(text: str, offset: int) -> tuple[int, int] | None:
    """The number (digits with `.`/`,` between them) that `offset` cuts, if any."""
    for match in _NUMBER.finditer(text):
        if match.start() < offset < match.end():
            return match.span()
        if match.start() >= offset:
            break
    return None


def _cuts(text: str, offset: int) -> bool:
    """True when `offset` falls inside a word or a number of `text`."""
    return _inside_word(text, offset) or _number_around(text, offset) is not None


def _whole_numbers(target: str, a: int, b: int, content: str) -> tuple[int, int] | None:
    """(a, b) widened over a number either edge cuts, when the tag's source `content` holds
    that number (by its digits); None when it does not."""
    held = {re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(content)}
    for edge in (a, b):
        number = _number_around(target, edge)
        if number is None:
            continue
        if re.sub(r"\D", "", target[number[0] : number[1]]) not in held:
            return None
        a, b = min(a, number[0]), max(b, number[1])
    return a, b


def _spaces(source: str, position: int, target: str, offset: int) -> tuple[str, str]:
    """Spaces to put before and after a standalone tag at `offset`: on each side where the
    source has white space beside the tag and the target has a letter or digit right there."""
    before = after = ""
    if position > 0 and source[position - 1].isspace() and offset > 0:
        before = " " if target[offset - 1].isalnum() else ""
    if position < len(source) and source[position].isspace() and offset < len(target):
        after = " " if target[offset].isalnum() else ""
    return before, after


def _paired_span(
    source: str,
    start: int,
    end: int,
    target: str,
    terms: Sequence[TermResult],
    alignment: Alignment | None,
) -> tuple[int, int] | None:
    content = source[start:end]
    words = content.strip()
    if not words:
        return None
    inside = [t for t in terms if start <= t.start and t.end <= end and t.target_start is not None]
    if inside:
        rest = list(content)
        for term in inside:
            for i in range(term.start - start, term.end - start):
                rest[i] = " "
        if not _has_words("".join(rest)):
            a = min(t.target_start for t in inside if t.target_start is not None)
            b = max(t.target_end for t in inside if t.target_end is not None)
            return _whole_numbers(target, *_words(target, a, b), content)
    hits = [m.start() for m in re.finditer(f"(?={re.escape(words)})", target)]
    if len(hits) == 1:
        lead = start + len(content) - len(content.lstrip())
        edges = ((lead, hits[0]), (lead + len(words), hits[0] + len(words)))
        if all(_cuts(source, s) == _cuts(target, t) for s, t in edges):
            return hits[0], hits[0] + len(words)
    if alignment is None or not _has_words(content):
        return None
    mine = [t for s, t in alignment if s is not None and start <= s[0] and s[1] <= end]
    if not mine:
        return None
    a, b = min(t[0] for t in mine), max(t[1] for t in mine)
    for s, t in alignment:
        outside = s is not None and not (start <= s[0] and s[1] <= end)
        if outside and a <= t[0] and t[1] <= b and _has_words(target[t[0] : t[1]]):
            return None  # the tag's words are split by words from elsewhere: not confident
    return _whole_numbers(target, *_words(target, a, b), content)


def _standalone_offset(
    source: str,
    position: int,
    target: str,
    terms: Sequence[TermResult],
    alignment: Alignment | None,
) -> int | None:
    if position >= len(source.rstrip()):
        return len(target.rstrip())
    if position <= len(source) - len(source.lstrip()):
        return 0
    for term in terms:
        if term.end == position and term.target_end is not None:
            return term.target_end
    if alignment is None:
        return None
    before = [s for s, _t in alignment if s is not None and s[1] <= position]
    if not before:
        return None
    nearest = max(s[1] for s in before)
    ends = [t[1] for s, t in alignment if s is not None and s[1] == nearest]
    offset = max(ends)
    later = [t[0] for s, t in alignment if s is not None and s[0] >= position]
    if later and min(later) < offset:
        return None  # the words around the tag swapped places: not confident
    offset = _words(target, offset, offset)[1]
    number = _number_around(target, offset)
    return offset if number is None else number[1]


# -- QA: tags in a target the translator edited -------------------------------------------------
def check_tags(source: Sequence[Part], target: Sequence[Part]) -> list[Flag]:
    """Flags for source tags missing from the target, tags not in the source, tags in the target
    more often than in the source (pasted twice; one flag per tag), and pairs closed before they
    open or crossing another pair."""
    numbers = numbering(source)

    def shown(tag: Tag) -> str:
        n = numbers.get(tag.id, 0)
        return {TagKind.OPEN: f"<{n}>", TagKind.CLOSE: f"</{n}>"}.get(tag.kind, f"<{n}/>")

    wanted = [p for p in source if isinstance(p, Tag)]
    present = [p for p in target if isinstance(p, Tag)]
    flags: list[Flag] = []
    keys = [(t.id, t.kind) for t in present]
    for tag in wanted:
        if (tag.id, tag.kind) in keys:
            keys.remove((tag.id, tag.kind))
        else:
            flags.append(Flag.tag_mismatch("missing", shown(tag)))
    source_keys = [(t.id, t.kind) for t in wanted]
    reported: set[tuple[str, TagKind]] = set()
    for tag in present:
        key = (tag.id, tag.kind)
        if key in source_keys:
            source_keys.remove(key)
        elif key not in reported:
            reported.add(key)
            twice = any((t.id, t.kind) == key for t in wanted)
            flags.append(Flag.tag_mismatch("duplicate" if twice else "extra", shown(tag)))
    stack: list[str] = []
    for tag in present:
        if tag.kind is TagKind.OPEN:
            stack.append(tag.id)
        elif tag.kind is TagKind.CLOSE:
            if not stack or stack[-1] != tag.id:
                if any(t.kind is TagKind.OPEN and t.id == tag.id for t in present):
                    flags.append(Flag.tag_mismatch("order", shown(tag)))
                if tag.id in stack:
                    stack.remove(tag.id)
            else:
                stack.pop()
    return flags
