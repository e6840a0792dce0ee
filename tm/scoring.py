"""How close a stored source is to a new one: a score from 0 to 100, and number repair.

- Identical text (white space folded) and identical inline codes score 100.
- Otherwise the score is word-level: 100 × (1 − edit distance / longer length) over the words
  and numbers (compared without case, every number alike), less small fixed penalties for what
  that leaves out — 1 per word differing only in case, per punctuation mark, per differing
  number and per inline code, each kind capped — and never more than 99.
- Sentences with few words in common stay below 50.
- `repair_numbers` puts the new source's numbers into a stored target where the stored source
  had others ("3,5" becomes "4,2", and in an English target "3.5" becomes "4.2").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from tm.text import fold

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+|[^\w\s]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NUMBER_KEY = "\x00#"  # every number is the same word for the edit distance

CASE_PENALTY = 1
PUNCTUATION_PENALTY = 1
NUMBER_PENALTY = 1
MARKUP_PENALTY = 1
PENALTY_CAP = 3  # per kind: many small differences never outweigh one real word
MARKUP_CAP = 2


@dataclass(frozen=True)
class Tokens:
    words: tuple[str, ...]  # words and numbers as written
    keys: tuple[str, ...]  # lower-cased words, numbers as NUMBER_KEY
    punctuation: tuple[str, ...]


def tokens(text: str) -> Tokens:
    words: list[str] = []
    keys: list[str] = []
    punctuation: list[str] = []
    for token in _TOKEN.findall(text):
        if token[0].isdigit():
            words.append(token)
            keys.append(NUMBER_KEY)
        elif token[0].isalnum() or token[0] == "_":
            words.append(token)
            keys.append(token.casefold())
        else:
            punctuation.append(token)
    return Tokens(tuple(words), tuple(keys), tuple(punctuation))


def score(
    query: str,
    stored: str,
    query_codes: Sequence[str] = (),
    stored_codes: Sequence[str] = (),
) -> int:
    """The match score of plain `stored` source for plain `query` (0–100), with their codes."""
    return Scorer(query, query_codes).score(stored, stored_codes)


class Scorer:
    """`score` for one query against many stored sources (the query is split once)."""

    def __init__(self, query: str, codes: Sequence[str] = ()):
        self.folded = fold(query)
        self.tokens = tokens(query)
        self.codes = list(codes)

    def score(self, stored: str, stored_codes: Sequence[str] = ()) -> int:
        if self.folded == fold(stored):
            markup = min(MARKUP_CAP, Levenshtein.distance(self.codes, list(stored_codes)))
            return 100 - markup * MARKUP_PENALTY
        return _fuzzy(self.tokens, tokens(stored), self.codes, list(stored_codes))


def _fuzzy(a: Tokens, b: Tokens, query_codes: list[str], stored_codes: list[str]) -> int:
    longer = max(len(a.keys), len(b.keys))
    if longer == 0:
        base = 100.0 if a.punctuation == b.punctuation else 0.0
    else:
        base = 100.0 * (1.0 - Levenshtein.distance(a.keys, b.keys) / longer)
    case = numbers = 0
    for block in Levenshtein.opcodes(a.keys, b.keys):
        if block.tag != "equal":
            continue
        for offset in range(block.src_end - block.src_start):
            mine, theirs = a.words[block.src_start + offset], b.words[block.dest_start + offset]
            if mine == theirs:
                continue
            if a.keys[block.src_start + offset] == NUMBER_KEY:
                numbers += 1
            else:
                case += 1
    penalty = (
        min(PENALTY_CAP, case) * CASE_PENALTY
        + min(PENALTY_CAP, Levenshtein.distance(a.punctuation, b.punctuation)) * PUNCTUATION_PENALTY
        + min(PENALTY_CAP, numbers) * NUMBER_PENALTY
        + min(MARKUP_CAP, Levenshtein.distance(query_codes, stored_codes)) * MARKUP_PENALTY
    )
    return max(0, min(99, int(base) - penalty))


def numbers_in(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _english(number: str) -> str:
    """A German-written number as English writes it: 1.000,5 → 1,000.5."""
    return number.translate(str.maketrans(".,", ",."))


def repair_numbers(stored_source: str, query: str, stored_target: str) -> str:
    """`stored_target` with each number the stored source has where the query has another
    replaced by the query's (as written, or in English notation if the target uses that).

    Numbers are paired by position; if the two sources hold different counts of numbers, or a
    number cannot be found in the target, the target is returned as it is.
    """
    old, new = numbers_in(stored_source), numbers_in(query)
    if len(old) != len(new):
        return stored_target
    target = stored_target
    for before, after in zip(old, new, strict=True):
        if before == after:
            continue
        for written, replacement in ((before, after), (_english(before), _english(after))):
            pattern = re.compile(rf"(?<![\d.,]){re.escape(written)}(?![\d]|[.,]\d)")
            if pattern.search(target):
                target = pattern.sub(replacement, target, count=1)
                break
    return target
