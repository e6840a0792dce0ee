"""Normalising German words and terms for matching: case, ß/ss, hyphen and spacing variants."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FOLD = str.maketrans({"ß": "ss", "ẞ": "ss", "’": "'", "‐": "-", "‑": "-"})


def fold(word: str) -> str:
    """Case- and ß-insensitive form of one word: `Außen` → `aussen`."""
    return word.translate(_FOLD).casefold().replace("ß", "ss")


def term_tokens(text: str) -> list[str]:
    """Folded word tokens of a term: `Kreml-Sprecher` → [kreml, sprecher], `G 7` → [g, 7]."""
    return [fold(m.group(0)) for m in WORD.finditer(text)]


def normalise_term(text: str) -> str:
    """One key for all spelling variants: `Kreml-Sprecher`, `Kremlsprecher`, `G 7`, `G-7`, `G7`."""
    return "".join(term_tokens(text))
