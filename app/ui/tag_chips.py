"""Inline tags as compact numbered chips in the grid's rich text (as OmegaT and memoQ show them).

The source column shows the tags of the document piece at their offsets in the plain source;
the target column shows the markers the translator wrote (`<1>`, `</1>`, `<2/>`) as chips in
place of the raw markers. Qt's rich text has no rounded corners, so a chip is a small bold
coloured run padded with thin spaces.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.formats.inline import MARKER, Part, Tag, TagKind, numbering

PAIRED = "background-color:#5c6bc0;color:#ffffff;font-weight:bold;font-size:small"
STANDALONE = "background-color:#00897b;color:#ffffff;font-weight:bold;font-size:small"
THIN = "\u2009"

# (start, end, html): the text in [start, end) is shown as `html` (start == end: inserted).
Replacement = tuple[int, int, str]


def chip(number: int, kind: TagKind) -> str:
    """One chip: `1›` opens pair 1, `‹1` closes it, `1` is a standalone tag."""
    if kind is TagKind.OPEN:
        label, style = f"{number}\u203a", PAIRED
    elif kind is TagKind.CLOSE:
        label, style = f"\u2039{number}", PAIRED
    else:
        label, style = str(number), STANDALONE
    return f'<span style="{style}">{THIN}{label}{THIN}</span>'


def source_chips(parts: Sequence[Part]) -> list[Replacement]:
    """A chip for each tag of `parts`, at its offset in their plain text."""
    numbers = numbering(parts)
    out: list[Replacement] = []
    position = 0
    for part in parts:
        if isinstance(part, str):
            position += len(part)
        else:
            out.append((position, position, chip(numbers.get(part.id, 0), part.kind)))
    return out


def target_chips(target: str, source: Sequence[Part]) -> list[Replacement]:
    """A chip in place of each marker in `target` that names a tag of `source`."""
    known = {(n, p.kind) for p in source if isinstance(p, Tag) for n in [numbering(source)[p.id]]}
    out: list[Replacement] = []
    for match in MARKER.finditer(target):
        if match.start() > 0 and target[match.start() - 1] == "<":
            continue
        closing, number, selfclosing = match.group(1), int(match.group(2)), match.group(3)
        kind = TagKind.CLOSE if closing else TagKind.STANDALONE if selfclosing else TagKind.OPEN
        if (number, kind) in known:
            out.append((match.start(), match.end(), chip(number, kind)))
    return out
