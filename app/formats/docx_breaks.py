"""Tabs and line breaks cut a DOCX paragraph's text into pieces translated apart.

Both are text ("\t", "\n") so the MT and the glossary never see words glued together, but the
MT folds white space to single spaces and writes neither back: a break or tab inside a
translated piece would be lost. So each translatable piece is cut at its tabs and line breaks
(with the white space around them), which are kept untranslated and written back as they were.
A tab in Word separates columns or a number from its heading ("1.\tEinleitung", "Name:\tWert"),
and a line break is one the author typed, so the pieces are what belongs together. A break
inside a paired tag (a link across two lines) cannot be cut out and stays in its piece; a
formatted break has a pair of its own (`docx_paragraph`) and is cut out with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.formats.inline import Part, Piece, Tag, TagKind, split_unit

__all__ = ["cut_at_breaks"]

BREAK = re.compile(r"(\s*[\t\n]\s*)")


def cut_at_breaks(pieces: Sequence[Piece]) -> list[Piece]:
    """`pieces` with each translatable one cut at the tabs and line breaks outside paired tags;
    their parts, concatenated, are the same."""
    out: list[Piece] = []
    for piece in pieces:
        if piece.translatable and any(
            isinstance(p, str) and ("\t" in p or "\n" in p) for p in piece.parts
        ):
            out += _cut(piece.parts)
        else:
            out.append(piece)
    return out


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
            pieces += split_unit(chunk, sentences=False)
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
