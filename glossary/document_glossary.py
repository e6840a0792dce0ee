"""A glossary that travels with a document, and how it combines with the translator's own.

Like an OmegaT project's glossary folder: a `glossary.csv` (or `<name>.glossary.csv`, `.tsv`,
`.tbx`) beside a document is used for it, read-only. The translator's stored glossary wins: a
stored `Bollwerk` hides the document's `Bollwerk`. The app and the CLI both follow these rules.
"""

from __future__ import annotations

from pathlib import Path

from glossary.normalize import normalise_term
from glossary.terms import TermEntry

DOCUMENT_GLOSSARY_NAMES = ("glossary.csv", "glossary.tsv", "glossary.tbx", "Glossar.csv")


def glossary_beside(document: Path) -> Path | None:
    """The glossary file next to `document`, if there is one (its own name first)."""
    folder = document.parent
    candidates = [folder / f"{document.stem}.glossary{ext}" for ext in (".csv", ".tsv", ".tbx")]
    candidates += [folder / name for name in DOCUMENT_GLOSSARY_NAMES]
    return next((c for c in candidates if c.is_file()), None)


def combined(stored: list[TermEntry], attached: list[TermEntry]) -> list[TermEntry]:
    """Stored terms plus the document glossary's terms for sources the store does not cover."""
    if not attached:  # most documents have none: no need to normalise 100k stored sources
        return list(stored)
    keys = {normalise_term(t.source) for t in stored}
    return stored + [t for t in attached if normalise_term(t.source) not in keys]
