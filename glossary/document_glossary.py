"""A glossary that travels with a document, and how it combines with the translator's own.

Like an OmegaT project's glossary folder: a `glossary.csv` (or `<name>.glossary.csv`, `.tsv`,
`.tbx`) beside a document is used for it, read-only. The translator's stored glossary wins: a
stored `Bollwerk` hides the document's `Bollwerk` (`glossary/workspace.py` applies that rule for
the app and the CLI).
"""

from __future__ import annotations

from pathlib import Path

DOCUMENT_GLOSSARY_NAMES = ("glossary.csv", "glossary.tsv", "glossary.tbx", "Glossar.csv")


def glossary_beside(document: Path) -> Path | None:
    """The glossary file next to `document`, if there is one (its own name first)."""
    folder = document.parent
    candidates = [folder / f"{document.stem}.glossary{ext}" for ext in (".csv", ".tsv", ".tbx")]
    candidates += [folder / name for name in DOCUMENT_GLOSSARY_NAMES]
    return next((c for c in candidates if c.is_file()), None)
