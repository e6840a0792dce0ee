"""Forbidden variants in translations: the flags for any glossary term's variant in a target, and
the variants of matched terms that the model itself wrote. The index lives in `glossary.forbidden`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.document import Flag
from glossary.forbidden import ForbiddenIndex, find_variant, fold
from glossary.matcher import TermMatch


@dataclass(frozen=True)
class ForbiddenRendering:
    """A forbidden variant of a term matched in the source, as the MT wrote it (`surface`)."""

    match: TermMatch
    variant: str
    surface: str


def flag_forbidden_anywhere(
    target: str, index: ForbiddenIndex, already: Sequence[Flag]
) -> list[Flag]:
    """`forbidden-term` flags for the variants of any glossary term that stand in `target`.

    Variants `already` reported (by enforcement, for the segment's own matches) are skipped.
    """
    reported = {(f.details.get("term"), f.details.get("variant")) for f in already}
    return [
        Flag.forbidden_anywhere(
            hit.term.source, hit.term.target, hit.variant, hit.surface, hit.start, hit.end
        )
        for hit in index.find(target)
        if (hit.term.source, hit.variant) not in reported
    ]


def forbidden_renderings(target: str, matches: Sequence[TermMatch]) -> list[ForbiddenRendering]:
    """Forbidden variants of the matched terms standing in `target` (the model's own output)."""
    folded = fold(target)
    found = []
    for match in matches:
        for variant in match.term.forbidden:
            span = find_variant(target, variant, folded)
            if span is not None:
                found.append(ForbiddenRendering(match, variant, target[span[0] : span[1]]))
    return found
