"""Which column of a glossary table holds what, when the file has no header row we recognise.

Headerless files are accepted only in the shapes other tools write: OmegaT's tab-separated
glossary (source, target[, comment]) and DeepL's glossary CSV (source, target, or source, target,
source language, target language). Anything else without a recognised header is refused with the
column names Wortlaut understands, rather than guessed (a `foo,bar,baz` header imported as the
term "foo → bar" helps nobody).
"""

from __future__ import annotations

import re

from glossary.errors import InputError

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}([-_][a-z]{2,4})?$", re.IGNORECASE)
ACCEPTED_NAMES = (
    "source/target (or German/English, de/en, Quelle/Ziel, term/translation, memoQ's "
    "German_Germany/English_United_Kingdom), and optionally notes, forbidden, domain, "
    "case_sensitive"
)


class UnknownColumnsError(InputError):
    """No header names a source and a target column, and the shape is no known headerless one.

    `cells` holds the first row, so an import dialog can offer to map the columns by hand.
    """

    def __init__(self, cells: list[str], *, source: str, line: int):
        shown = ", ".join(repr(c.strip()) for c in cells[:6]) + (", …" if len(cells) > 6 else "")
        super().__init__(
            f"no column is recognised as source and target (first row: {shown}); add a header "
            f"row naming the columns: {ACCEPTED_NAMES}",
            source=source,
            line=line,
        )
        self.cells = cells


def _used(cells: list[str]) -> int:
    used = len(cells)
    while used and not cells[used - 1].strip():
        used -= 1
    return used


def is_deepl_row(cells: list[str]) -> bool:
    """A DeepL data row with its language pair (`Machthaber,ruler,de,en`); its codes are not a
    header even though `de`/`en` are also header names."""
    return _used(cells) == 4 and all(LANGUAGE_CODE.match(c.strip()) for c in cells[2:4])


def headerless_columns(
    cells: list[str], delimiter: str, *, source: str, line: int
) -> dict[str, int]:
    """Field → column index for a file whose first row `cells` is already data."""
    used = _used(cells)
    if delimiter == "\t" and used in (2, 3):  # OmegaT: source, target, comment
        return {"source": 0, "target": 1, "notes": 2}
    if used == 2:  # DeepL: source, target
        return {"source": 0, "target": 1}
    if is_deepl_row(cells):
        first, second = (c.strip().lower()[:2] for c in cells[2:4])
        if (first, second) == ("en", "de"):  # DeepL lists the pair as written: swap
            return {"source": 1, "target": 0}
        return {"source": 0, "target": 1}
    raise UnknownColumnsError(cells, source=source, line=line)
