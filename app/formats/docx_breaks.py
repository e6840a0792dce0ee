"""Tabs and line breaks cut a DOCX paragraph's text into pieces translated apart.

Both are text ("\t", "\n") so the MT and the glossary never see words glued together, but the
MT folds white space to single spaces and writes neither back: a break or tab inside a
translated piece would be lost. So a paragraph is cut at its tabs and line breaks (with the
white space around them), which are kept untranslated and written back as they were, and the
text between them is split into sentences.
A tab in Word separates columns or a number from its heading ("1.\tEinleitung", "Name:\tWert"),
and a line break is one the author typed, so the pieces are what belongs together. A formatted
break has a pair of its own (`docx_paragraph`, also in a `w:hyperlink`, written back as one
link) and is cut out with it; a break inside a pair that spans it (a HYPERLINK field's display
text across two lines) cannot be cut out and stays in its piece.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.formats.inline import Part, Piece, Tag, TagKind, joined, split_unit

__all__ = ["cut_at_breaks"]

BREAK = re.compile(r"(\s*[\t\n]\s*)")


def cut_at_breaks(parts: Sequence[Part]) -> list[Piece]:
    """The pieces of a paragraph: its text between tabs and line breaks (outside paired tags)
    split into sentences as `split_unit` splits a unit, each break an untranslated piece; their
    parts, concatenated, are `parts`. Cutting first keeps each sentence split small (its cost
    grows with sentences times tags)."""
    items = joined(parts)
    if not any(isinstance(p, str) and ("\t" in p or "\n" in p) for p in items):
        return split_unit(items)
    return _cut(items)


def _cut(parts: list[Part]) -> list[Piece]:
    chunks: list[list[Part]] = [[]]  # text, break, text, break, …, text
    opened: list[str] = []  # ids of the pairs open at this point
    index = 0
    while index < len(parts):
        part = parts[index]
        index += 1
        if isinstance(part, Tag):
            end = _break_pair(parts, index - 1) if not opened else None
            if end is not None:
                chunks += [parts[index - 1 : end + 1], []]
                index = end + 1
                continue
            if part.kind is TagKind.OPEN:
                opened.append(part.id)
            elif part.kind is TagKind.CLOSE and part.id in opened:
                opened.remove(part.id)
            chunks[-1].append(part)
        elif opened:
            chunks[-1].append(part)
        else:
            for number, bit in enumerate(BREAK.split(part)):
                if number % 2:
                    chunks += [[bit], []]
                elif bit:
                    chunks[-1].append(bit)
    pieces: list[Piece] = []
    for number, chunk in enumerate(chunks):
        if number % 2:
            pieces.append(Piece(chunk, False))
        elif chunk:
            pieces += split_unit(chunk)
    return pieces


def _break_pair(parts: list[Part], start: int) -> int | None:
    """The index of the CLOSE of the pair opened at `start` when all it holds is white space
    with a tab or a line break (a formatted break); else None."""
    first = parts[start]
    if not isinstance(first, Tag) or first.kind is not TagKind.OPEN:
        return None
    held = ""
    for index in range(start + 1, len(parts)):
        part = parts[index]
        if isinstance(part, str):
            held += part
        elif part.kind is TagKind.CLOSE and part.id == first.id:
            return index if not held.strip() and ("\t" in held or "\n" in held) else None
        else:
            return None
    return None
