"""Find glossary terms in German text: inflected, compounded, hyphenated, spaced, in capitals.

How it works: the text is cut into word tokens (maximal runs of letters and digits), so a match
always starts and ends at a word edge — `Macht` can never match inside `Machthaber`, nor `Werk`
inside `Bollwerk`. Terms sit in a trie keyed by folded tokens (case, ß/ss), once as their words
(`kreml`, `sprecher`) and once closed up (`kremlsprecher`), so hyphen and space variants meet.
The last token of a term may carry a German inflection ending allowed for its word class
(`Machthabers`, `Bollwerken`, `Ministerien`, `Verträge`, `Lukaschenkos`); non-final words of a
multi-word term may carry adjective endings. Terms may be the first or last part of a
hyphenated compound (`Belarus-Machthaber`, `G7-Staaten`); overlapping candidates are resolved
longest first. Near misses (typos) are returned separately as suggestions with an edit distance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from rapidfuzz.distance import OSA

from glossary.bulk import collector_paused
from glossary.normalize import WORD, fold, term_tokens
from glossary.terms import TermEntry, same_term

# Endings a German noun may add, by how its base form ends (longest ending first).
GENERAL_ENDINGS = ("ern", "ens", "es", "en", "er", "ns", "e", "n", "s")
E_ENDINGS = ("ns", "n", "s")  # Experte → Experten, Name → Namens
ER_EL_EN_ENDINGS = ("s", "n")  # Machthaber → Machthabers, Machthabern
FEMININE_SUFFIXES = ("ung", "heit", "keit", "schaft", "ion", "tät", "ei", "ik", "ur", "enz", "anz")
FEMININE_ENDINGS = ("en",)  # Pressekonferenz → Pressekonferenzen
ADJECTIVE_ENDINGS = ("en", "em", "er", "es", "e", "n", "m", "r", "s")
UMLAUTS = {"ä": "a", "ö": "o", "ü": "u"}
ALL_ENDINGS = tuple(
    sorted(set(GENERAL_ENDINGS + E_ENDINGS + FEMININE_ENDINGS), key=len, reverse=True)
)
_JOINABLE = re.compile(r"[ \t\u00a0]{0,2}|[ \t]*\r?\n[ \t]*|[ \t]?[-‐‑][ \t]?")
_APOSTROPHE = ("'", "’")


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in text: `text[start:end] == surface`."""

    start: int
    end: int
    surface: str
    term: TermEntry
    ending: str  # inflection ending found on the last word ("" for the base form)


@dataclass(frozen=True)
class Suggestion:
    """A word that is probably a misspelling of a glossary term (never counted as a match)."""

    start: int
    end: int
    surface: str
    term: TermEntry
    distance: int


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    folded: str
    surface: str


_NO_CHILDREN: Mapping[str, _Node] = MappingProxyType({})  # a leaf's (most nodes are leaves)


# A term as the indexes hold it: (term, the endings its last word may take, its folded words
# closed up). One tuple serves the trie and the suggestion pools.
_Held = tuple[TermEntry, frozenset[str], str]


class _Node:
    __slots__ = ("children", "terms")

    def __init__(self, *terms: _Held) -> None:
        self.children: Mapping[str, _Node] = _NO_CHILDREN  # a dict once it has a child
        self.terms = terms


@cache
def _ending_set(endings: tuple[str, ...], umlauts: bool = True) -> frozenset[str]:
    """One shared set per word class: a glossary has a handful of them, not one per term."""
    umlauted = ("^", "^e", "^er", "^ern", "^en") if umlauts else ()
    return frozenset({"", *endings, *umlauted})


def allowed_endings(last_word: str, source: str) -> frozenset[str]:
    """Inflection endings the last word of a term may take (plus "" for the base form)."""
    return _allowed_endings(last_word, fold(last_word), source)


def _allowed_endings(last_word: str, word: str, source: str) -> frozenset[str]:
    """`allowed_endings` with the last word already folded (`word`)."""
    if word.isdigit() or len(word) <= 1:
        return _ending_set((), umlauts=False)
    if last_word.isupper() and len(last_word) <= 5:  # acronyms: NATO, EU → NATOs
        return _ending_set(("s",), umlauts=False)
    if word.endswith(FEMININE_SUFFIXES):
        endings: tuple[str, ...] = FEMININE_ENDINGS
    elif word.endswith("e"):
        endings = E_ENDINGS
    elif word.endswith(("er", "el", "en", "chen", "lein")):
        endings = ER_EL_EN_ENDINGS
    elif word.endswith(("um", "a")) and source[:1].isupper():
        endings = ("s", "um>en", "a>en")  # Ministerium → Ministerien, Firma → Firmen
    elif word.endswith("us"):
        endings = ("us>en", "se", "ses")
    else:
        endings = GENERAL_ENDINGS
    return _ending_set(endings)


def _deumlaut_last(word: str) -> str | None:
    for i in range(len(word) - 1, -1, -1):
        if word[i] in UMLAUTS:
            return word[:i] + UMLAUTS[word[i]] + word[i + 1 :]
    return None


def _base_forms(word: str) -> list[tuple[str, str]]:
    """Candidate (base, ending) readings of an inflected word form, the bare word first."""
    readings = [(word, "")]
    for ending in ALL_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            readings.append((word[: -len(ending)], ending))
    if word.endswith("en") and len(word) > 4:
        readings += [
            (word[:-2] + "um", "um>en"),
            (word[:-2] + "a", "a>en"),
            (word[:-2] + "us", "us>en"),
        ]
    umlaut_readings = []
    for base, ending in readings:
        plain = _deumlaut_last(base)
        if plain is not None and ending in ("", "e", "er", "ern", "en"):
            umlaut_readings.append((plain, f"^{ending}"))
    return readings + umlaut_readings


def _adjective_bases(word: str) -> list[str]:
    bases = [word]
    for ending in ADJECTIVE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            bases.append(word[: -len(ending)])
            bases.append(word[: -len(ending)] + "e")
    return bases


def tokenize(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), fold(m.group(0)), m.group(0)) for m in WORD.finditer(text)]


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (edits + adjacent transpositions); limit+1 if above.

    rapidfuzz's C implementation: the typo check runs it against every term of a length and
    first or last letters, for every long word of every segment (a Python loop took most of
    a second for the sample article at 100k terms).
    """
    return int(OSA.distance(a, b, score_cutoff=limit))


class Matcher:
    """An index over a glossary's terms; build once, then `find()` in any number of texts."""

    def __init__(self, terms: Iterable[TermEntry]):
        self._root_children: dict[str, _Node] = {}
        self.root = _Node()
        self.root.children = self._root_children
        self._by_head: dict[tuple[int, str], list[_Held]] = {}  # for suggestions
        self._by_tail: dict[tuple[int, str], list[_Held]] = {}
        self.size = 0
        with collector_paused():
            self._add_all(terms)

    def add(self, term: TermEntry) -> None:
        self._add_all((term,))

    def _add_all(self, terms: Iterable[TermEntry]) -> None:
        """`add` for each term; one loop with its names bound locally (100k terms on open)."""
        findall, root_children = WORD.findall, self._root_children
        by_head, by_tail = self._by_head, self._by_tail
        added = 0
        for term in terms:
            source = term.source
            words = [source] if source.isalnum() else findall(source)  # as term_tokens
            if not words:
                continue
            tokens = [word.lower() if word.isascii() else fold(word) for word in words]
            joined = tokens[0] if len(tokens) == 1 else "".join(tokens)
            held = (term, _allowed_endings(words[-1], tokens[-1], source), joined)
            if len(tokens) > 1:
                self._insert(tokens, held)
            child = root_children.get(joined)  # a one-word term, or the words closed up
            if child is None:
                root_children[joined] = _Node(held)
            else:
                child.terms = (*child.terms, held)
            if len(joined) >= 5 and joined.isalpha():
                for index, key in (
                    (by_head, (len(joined), joined[:2])),
                    (by_tail, (len(joined), joined[-3:])),
                ):
                    pool = index.get(key)
                    if pool is None:
                        index[key] = [held]
                    else:
                        pool.append(held)
            added += 1
        self.size += added

    def remove(self, term: TermEntry) -> bool:
        """Take a term out of the index (the same object, or one with the same id and source).

        Lets an editor update the index after one term changed instead of rebuilding it.
        """
        tokens = term_tokens(term.source)
        removed = False
        for path in ([*tokens], ["".join(tokens)]) if len(tokens) > 1 else ([*tokens],):
            node: _Node | None = self.root
            for token in path:
                node = node.children.get(token) if node is not None else None
            if node is not None:
                kept = tuple(held for held in node.terms if not same_term(held[0], term))
                removed |= len(kept) != len(node.terms)
                node.terms = kept
        joined = "".join(tokens)
        for index, key in (
            (self._by_head, (len(joined), joined[:2])),
            (self._by_tail, (len(joined), joined[-3:])),
        ):
            if key in index:
                index[key] = [held for held in index[key] if not same_term(held[0], term)]
        if removed:
            self.size -= 1
        return removed

    def _insert(self, tokens: list[str], held: _Held) -> None:
        node = self.root
        for token in tokens:
            children = node.children
            if not isinstance(children, dict):
                children = node.children = {}
            child = children.get(token)
            if child is None:
                child = children[token] = _Node()
            node = child
        node.terms = (*node.terms, held)

    # -- matching --------------------------------------------------------------------------
    def find(self, text: str) -> list[TermMatch]:
        """Non-overlapping matches in text order; offsets index `text` as given."""
        tokens = tokenize(text)
        candidates: list[tuple[int, int, TermMatch]] = []
        for i in range(len(tokens)):
            candidates += self._matches_from(text, tokens, i)
        candidates.sort(key=lambda c: (-(c[2].end - c[2].start), c[2].start))
        taken: list[TermMatch] = []
        used: set[int] = set()
        for first, last, match in candidates:
            span = set(range(first, last + 1))
            if span & used:
                continue
            used |= span
            taken.append(match)
        return sorted(taken, key=lambda m: m.start)

    def _matches_from(
        self, text: str, tokens: list[_Token], i: int
    ) -> list[tuple[int, int, TermMatch]]:
        found: list[tuple[int, int, TermMatch]] = []
        frontier = [self.root]
        j = i
        while frontier and j < len(tokens):
            token = tokens[j]
            if j > i and not _JOINABLE.fullmatch(text[tokens[j - 1].end : token.start]):
                break
            next_frontier: list[_Node] = []
            for node in frontier:
                for base, ending in _base_forms(token.folded):
                    child = node.children.get(base)
                    if child is None:
                        continue
                    for term, endings, _joined in child.terms:
                        if ending in endings and self._case_ok(term, tokens[i : j + 1], ending):
                            end = self._with_genitive_apostrophe(text, tokens, j, endings)
                            match = TermMatch(
                                tokens[i].start, end, text[tokens[i].start : end], term, ending
                            )
                            found.append((i, j, match))
                    if ending == "" and child.children:
                        next_frontier.append(child)
                if j + 1 < len(tokens):
                    for base in _adjective_bases(token.folded)[1:]:
                        child = node.children.get(base)
                        if child is not None and child.children:
                            next_frontier.append(child)
            frontier = next_frontier
            j += 1
        return found

    @staticmethod
    def _with_genitive_apostrophe(
        text: str, tokens: list[_Token], j: int, endings: frozenset[str]
    ) -> int:
        """Extend `Lukaschenko's` to include the apostrophe-s when the term takes an s."""
        if "s" in endings and j + 1 < len(tokens) and tokens[j + 1].folded == "s":
            between = text[tokens[j].end : tokens[j + 1].start]
            if between in _APOSTROPHE:
                return tokens[j + 1].end
        return tokens[j].end

    @staticmethod
    def _case_ok(term: TermEntry, span: list[_Token], ending: str) -> bool:
        surface_first = span[0].surface
        if term.case_sensitive:
            words = WORD.findall(term.source)
            if len(words) == len(span):
                pairs = list(zip(words, (t.surface for t in span), strict=True))
                head_ok = all(w == s for w, s in pairs[:-1])
                last_word, last_surface = pairs[-1]
                return head_ok and (
                    last_surface == last_word
                    or (bool(ending) and last_surface.startswith(last_word))
                )
            return "".join(words) == "".join(t.surface for t in span)
        if term.source[:1].isupper():
            # German nouns and names are capitalised: `macht` (verb) is not `Macht` (noun).
            return surface_first[:1].isupper() or surface_first.isupper()
        return True

    # -- suggestions -----------------------------------------------------------------------
    def suggest(self, text: str, matches: list[TermMatch] | None = None) -> list[Suggestion]:
        """Words that are not matches but lie within a small edit distance of a term."""
        if matches is None:
            matches = self.find(text)
        covered = [(m.start, m.end) for m in matches]
        suggestions = []
        for token in tokenize(text):
            if len(token.folded) < 6 or not token.folded.isalpha():
                continue
            if any(start <= token.start < end for start, end in covered):
                continue
            best = self._closest(token.folded)
            if best is not None:
                term, distance = best
                suggestions.append(
                    Suggestion(token.start, token.end, token.surface, term, distance)
                )
        return suggestions

    def _closest(self, word: str) -> tuple[TermEntry, int] | None:
        best: tuple[TermEntry, int] | None = None
        for base, ending in _base_forms(word):
            if ending.startswith("^") or len(base) < 5:
                continue
            limit = 1 if len(base) < 10 else 2
            for length in range(len(base) - limit, len(base) + limit + 1):
                pools = (
                    self._by_head.get((length, base[:2]), []),
                    self._by_tail.get((length, base[-3:]), []),
                )
                for pool in pools:
                    for term, _endings, key in pool:
                        if key == base:
                            return None  # a real form of a term (e.g. an unusual inflection)
                        distance = osa_distance(base, key, limit)
                        if distance <= limit and (best is None or distance < best[1]):
                            best = (term, distance)
        return best
