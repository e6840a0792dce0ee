"""Quality checks on a translated segment that need no glossary: numbers and untranslated text."""

from __future__ import annotations

import re
from collections import Counter

from app.document import Flag, Segment
from app.formats.inline import MARKER, unmarked
from glossary.matcher import Matcher

NUMBER = re.compile(r"\d+(?:[.,\u202f\u00a0 ]\d{3})*(?:[.,]\d+)?")


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def number_flags(source: str, target: str) -> list[Flag]:
    """Numbers of the source (24, 2022, 10.000, 1,5) that the target lacks, by their digits."""
    wanted = Counter(_digits(m.group(0)) for m in NUMBER.finditer(source))
    present = Counter(_digits(m.group(0)) for m in NUMBER.finditer(target))
    flags = []
    for digits, count in sorted(wanted.items()):
        if present[digits] < count:
            flags.append(Flag.number_mismatch(digits))
    return flags


def untranslated_flags(segment: Segment) -> list[Flag]:
    """An `untranslated` flag when the target is empty or (terms aside) the source itself."""
    if not segment.needs_mt:
        return []
    target = unmarked(segment.target)  # tag markers are not words of the translation
    if not target.strip():
        return [Flag.untranslated_empty()]
    if target.strip() == unmarked(segment.source).strip():
        covered = sum(r.end - r.start for r in segment.terms if r.term.target == r.term.source)
        letters = sum(ch.isalpha() for ch in segment.source)
        if covered < letters:
            return [Flag.untranslated_same()]
    return []


def misspelling_flags(matcher: Matcher, segment: Segment) -> list[Flag]:
    """A `possible-misspelling` flag per source word close to a glossary term."""
    flags = []
    for suggestion in matcher.suggest(segment.source):
        flags.append(
            Flag.possible_misspelling(
                suggestion.surface,
                suggestion.start,
                suggestion.end,
                suggestion.term.source,
                suggestion.term.target,
                suggestion.distance,
            )
        )
    return flags


def check_segment(segment: Segment, matcher: Matcher | None) -> list[Flag]:
    """All glossary-independent flags, plus misspelling suggestions when a glossary is loaded."""
    flags = []
    if matcher is not None:
        flags += misspelling_flags(matcher, segment)
    if segment.needs_mt:
        # tag markers (`<1>`, `</1>`, `<2/>`) are not numbers of the translation
        flags += number_flags(segment.source, MARKER.sub(" ", segment.target))
    flags += untranslated_flags(segment)
    return flags
