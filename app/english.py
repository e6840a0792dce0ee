"""English renderings of a glossary target: its forms, how an occurrence needs it (plural,
possessive, capitals), and inserting it into a sentence (a/an, sentence-initial capital)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from glossary.matcher import TermMatch
from glossary.terms import TermEntry

if TYPE_CHECKING:  # imported on first use, see _inflect
    import inflect

GERMAN_PLURAL_ENDINGS = {
    "n",
    "en",
    "e",
    "er",
    "ern",
    "^",
    "^e",
    "^er",
    "^en",
    "^ern",
    "um>en",
    "a>en",
    "us>en",
}


@cache
def _inflect() -> inflect.engine:
    """inflect's engine, imported without typeguard's run-time instrumentation.

    inflect decorates its API with `typeguard.typechecked`, which recompiles the module on
    import: 1.4 s of a single GIL-holding call that froze the UI during the first translation.
    The checks only validate argument types, which our calls get right, so the decorator is
    replaced by the identity while inflect is imported.
    """
    import sys

    if "inflect" not in sys.modules:
        import typeguard

        original = typeguard.typechecked

        def identity(function: Callable[..., Any] | None = None, **_options: object) -> Any:
            return function if function is not None else (lambda f: f)

        typeguard.typechecked = identity  # type: ignore[assignment]  # stands in for all overloads
        try:
            import inflect
        finally:
            typeguard.typechecked = original
    import inflect

    return inflect.engine()


def is_name(term: TermEntry) -> bool:
    """Names and other proper nouns never inflect (Lukashenko, not Lukashenkoes)."""
    return term.target[:1].isupper()


def english_plural(term: TermEntry) -> str:
    if is_name(term):
        return term.target
    return str(_inflect().plural_noun(term.target)) or term.target


def english_forms(term: TermEntry) -> list[str]:
    """Acceptable renderings of a target in English text, longest first."""
    forms = {term.target, f"{term.target}'s", f"{term.target}’s"}
    if not is_name(term):
        forms.add(english_plural(term))
    return sorted(forms, key=len, reverse=True)


def form_pattern(term: TermEntry) -> re.Pattern[str]:
    return _target_pattern(term.target, term.case_sensitive)


@lru_cache(maxsize=8192)
def _target_pattern(target: str, case_sensitive: bool) -> re.Pattern[str]:
    """The pattern of a target's English forms (cached: built per match of a long segment)."""
    forms = english_forms(TermEntry(source="", target=target))
    alternatives = "|".join(re.escape(f) for f in forms)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])", flags)


def render_target(term: TermEntry, plural: bool) -> str:
    return english_plural(term) if plural else term.target


def render_match(match: TermMatch) -> str:
    """The target as this occurrence needs it: plural, possessive name, or capitals."""
    if is_name(match.term) and match.ending in ("s", "'s", "’s"):
        rendering = f"{match.term.target}'s"  # Lukaschenkos Armee → Lukashenko's army
    else:
        rendering = render_target(match.term, is_plural_match(match))
    letters = [ch for ch in match.surface if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters) and not match.term.source.isupper():
        rendering = rendering.upper()  # all-caps headline
    return rendering


def insert_term(text: str, start: int, end: int, rendering: str) -> tuple[str, int, int]:
    """Replace text[start:end] with `rendering`, fixing a/an and sentence-initial capitals."""
    before = text[:start]
    at_sentence_start = not before.strip(" \"'“„‚«»(") or re.search(
        r"[.!?]\s*[\"'“”»«]?\s*$", before
    )
    if at_sentence_start and rendering[:1].islower():
        rendering = rendering[0].upper() + rendering[1:]
    article = re.search(r"(?<![\w])(a|an|A|An)\s+$", before)
    if article:
        wanted = str(_inflect().a(rendering)).split(" ", 1)[0]
        if article.group(1)[0].isupper():
            wanted = wanted.capitalize()
        before = before[: article.start(1)] + wanted + before[article.end(1) :]
    new_start = len(before)
    return before + rendering + text[end:], new_start, new_start + len(rendering)


def is_plural_match(match: TermMatch) -> bool:
    return match.ending in GERMAN_PLURAL_ENDINGS
