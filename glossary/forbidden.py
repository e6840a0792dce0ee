"""Forbidden target variants (`White Russia` for Belarus): one index for the whole glossary.

A variant stands in an English text where it occurs case-insensitively, not preceded by a word
character or a hyphen and not followed by a word character — the rule of the regular expression
`(?<![\\w-])VARIANT(?![\\w])` with `re.IGNORECASE` that Wortlaut used per variant, and the
reference the tests compare against.

Compiling that expression for each of 10k variants for every segment took 7.9 s for the sample
article (Python's pattern cache holds 512). Instead, every variant is folded once into a key
that equals the folded text exactly where the regular expression matches (see `fold`), and the
index is a dict from keys to (term, variant). Checking a text folds it once, lists the positions
where a variant may start and end (the same two look-arounds, run once per text), and looks up
the text between each start and each end no longer than the longest variant. Adding or removing
a term touches only its own variants. `benchmarks/bench_forbidden.py` measures both ways.
"""

from __future__ import annotations

import bisect
import importlib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from glossary.terms import TermEntry, same_term

_STARTS = re.compile(r"(?<![\w-])")  # where a variant may begin
_ENDS = re.compile(r"(?![\w])")  # where it may end
_WORD = re.compile(r"\w")


def _case_classes() -> tuple[Callable[[int], int], dict[int, tuple[int, ...]]]:
    """The lower-casing and the extra case equivalences (ı ~ i, ſ ~ s, …) of Python's `re`.

    `re.IGNORECASE` compares `_sre.unicode_tolower` of each character, plus the classes in
    `re._casefix`; both are private, so a Python without them gets plain `str.lower` (the
    equivalence tests in tests/app/test_forbidden.py would then show any difference).
    """
    try:
        # Imported by name: both are private, so neither has type information.
        sre = importlib.import_module("_sre")
        casefix = importlib.import_module("re._casefix")

        return sre.unicode_tolower, dict(casefix._EXTRA_CASES)
    except (ImportError, AttributeError):  # pragma: no cover - other Python versions
        return (lambda code: ord(chr(code).lower()[:1] or chr(code))), {}


_TOLOWER, _EXTRA = _case_classes()


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """One representative per class of characters that `re.IGNORECASE` treats as equal."""
    lower = _TOLOWER(ord(ch))
    return chr(min((lower, *_EXTRA.get(lower, ()))))


def fold(text: str) -> str:
    """`text` with every character replaced by its case class; same length, same offsets.

    Two strings of the same length match each other under `re.IGNORECASE` (as literals) if and
    only if their folds are equal: that is how `re` compares characters.
    """
    return "".join(map(_fold_char, text))


def _starts_ok(text: str, position: int) -> bool:
    return position == 0 or not (text[position - 1] == "-" or _WORD.match(text, position - 1))


def _ends_ok(text: str, position: int) -> bool:
    return _WORD.match(text, position) is None


def find_variant(text: str, variant: str, folded: str | None = None) -> tuple[int, int] | None:
    """The first occurrence of one forbidden variant in `text` (start, end), or None."""
    folded = fold(text) if folded is None else folded
    key = fold(variant)
    position = folded.find(key)
    while position != -1:
        end = position + len(key)
        if _starts_ok(text, position) and _ends_ok(text, end):
            return position, end
        position = folded.find(key, position + 1)
    return None


@dataclass(frozen=True)
class ForbiddenHit:
    """A forbidden variant of `term` standing in a text: `text[start:end] == surface`."""

    term: TermEntry
    variant: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Entry:
    order: int  # the term's place in the index (insertion order), for a stable output order
    position: int  # the variant's place in term.forbidden
    term: TermEntry
    variant: str


class ForbiddenIndex:
    """Every forbidden variant of a glossary, found in a text in one pass.

    Kept next to the `Matcher`: `add` and `remove` one term when it changes.
    """

    def __init__(self, terms: Iterable[TermEntry] = ()) -> None:
        self._by_key: dict[str, tuple[_Entry, ...]] = {}  # tuples: a copy can share them
        self._lengths: Counter[int] = Counter()
        self._counter = itertools.count()
        self._sorted_lengths: list[int] | None = []
        for term in terms:
            self.add(term)

    def copy(self) -> ForbiddenIndex:
        """An independent index with the same entries, for a worker thread to read (~1 ms at
        20,000 variants: the buckets are tuples, shared)."""
        twin = ForbiddenIndex()
        twin._by_key = dict(self._by_key)
        twin._lengths = Counter(self._lengths)
        twin._counter = itertools.count(next(self._counter))
        twin._sorted_lengths = None
        return twin

    def __len__(self) -> int:
        """How many (term, variant) pairs the index holds."""
        return sum(self._lengths.values())

    def add(self, term: TermEntry) -> None:
        order = next(self._counter)
        for position, variant in enumerate(term.forbidden):
            key = fold(variant)
            self._by_key[key] = (*self._by_key.get(key, ()), _Entry(order, position, term, variant))
            self._lengths[len(key)] += 1
            self._sorted_lengths = None

    def remove(self, term: TermEntry) -> bool:
        """Take a term's variants out (the same object, or one with the same id and source)."""
        removed = False
        for key in {fold(v) for v in term.forbidden}:
            bucket = self._by_key.get(key, ())
            kept = tuple(e for e in bucket if not same_term(e.term, term))
            if len(kept) == len(bucket):
                continue
            removed = True
            self._lengths[len(key)] -= len(bucket) - len(kept)
            self._sorted_lengths = None
            if kept:
                self._by_key[key] = kept
            else:
                del self._by_key[key]
        return removed

    def _lengths_in_use(self) -> list[int]:
        if self._sorted_lengths is None:
            self._sorted_lengths = sorted(n for n, count in self._lengths.items() if count > 0)
        return self._sorted_lengths

    def find(self, text: str) -> list[ForbiddenHit]:
        """The first occurrence of each (term, variant) in `text`, in the index's term order."""
        lengths = self._lengths_in_use()
        if not lengths:
            return []
        longest, wanted = lengths[-1], set(lengths)
        folded = fold(text)
        ends = [m.start() for m in _ENDS.finditer(text)]
        first: dict[int, tuple[_Entry, int, int]] = {}
        for match in _STARTS.finditer(text):
            start = match.start()
            for end in itertools.islice(ends, bisect.bisect_left(ends, start), None):
                if end - start > longest:
                    break
                if end - start not in wanted:
                    continue
                for entry in self._by_key.get(folded[start:end], ()):
                    first.setdefault(id(entry), (entry, start, end))
        hits = sorted(first.values(), key=lambda found: (found[0].order, found[0].position))
        return [
            ForbiddenHit(entry.term, entry.variant, start, end, text[start:end])
            for entry, start, end in hits
        ]
