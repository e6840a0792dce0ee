"""A word diff between a memory unit's source and the segment's source (as OmegaT and memoQ show).

Words, punctuation runs and the spaces between them are the tokens; `difflib` aligns them. A
replaced word comes out as its deletion followed by the insertion, so a view can strike the one
and underline the other.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


class Change(enum.StrEnum):
    SAME = "same"
    DELETED = "deleted"  # in the memory's source, not in the segment's
    INSERTED = "inserted"  # in the segment's source, not in the memory's


@dataclass(frozen=True)
class DiffPiece:
    change: Change
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(memory_source: str, segment_source: str) -> list[DiffPiece]:
    """How to turn `memory_source` into `segment_source`, word by word."""
    old, new = tokens(memory_source), tokens(segment_source)
    pieces: list[DiffPiece] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _add(pieces, Change.SAME, "".join(old[i1:i2]))
            continue
        if i2 > i1:
            _add(pieces, Change.DELETED, "".join(old[i1:i2]))
        if j2 > j1:
            _add(pieces, Change.INSERTED, "".join(new[j1:j2]))
    return pieces


def _add(pieces: list[DiffPiece], change: Change, text: str) -> None:
    if pieces and pieces[-1].change is change:
        pieces[-1] = DiffPiece(change, pieces[-1].text + text)
    else:
        pieces.append(DiffPiece(change, text))
