"""What the tabular formats (CSV/TSV and XLSX) share: recognising header names, turning a row of
cells into a term, and the result of reading a file (`ParsedGlossary`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from glossary.columns import headerless_columns, is_deepl_row
from glossary.errors import WortlautError
from glossary.terms import TermEntry
from glossary.validation import shown, term_problem

COLUMN_ALIASES = {
    "source": {
        "source",
        "term",
        "de",
        "de-de",
        "german",
        "deutsch",
        "quelle",
        "ausgangsbegriff",
        "ausgangssprache",
        "source term",
        "begriff",
        "quellbegriff",
    },
    "target": {
        "target",
        "translation",
        "en",
        "en-gb",
        "en-us",
        "english",
        "englisch",
        "ziel",
        "übersetzung",
        "uebersetzung",
        "zielbegriff",
        "target term",
        "zielsprache",
    },
    "notes": {
        "notes",
        "note",
        "comment",
        "comments",
        "anmerkung",
        "anmerkungen",
        "kommentar",
        "hinweis",
        "bemerkung",
        "entry_note",  # memoQ
    },
    "forbidden": {"forbidden", "verboten", "forbidden variants", "do not use", "nicht verwenden"},
    "case_sensitive": {
        "case_sensitive",
        "case sensitive",
        "case-sensitive",
        "groß-/kleinschreibung",
        "gross-/kleinschreibung",
    },
    "domain": {"domain", "subject", "fachgebiet", "bereich", "entry_domain", "entry_subject"},
}
# memoQ names language columns by language and region: German, German_Germany,
# English_United_Kingdom, "English (United States)"; `<language>_Def` holds a definition.
MEMOQ_LANGUAGE = re.compile(r"^(german|deutsch|english|englisch)(?:[ _(].*)?$")
MEMOQ_FIELD = {"german": "source", "deutsch": "source", "english": "target", "englisch": "target"}
TRUE_WORDS = {"1", "true", "yes", "ja", "y", "x", "wahr"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS = ("source", "target", "notes", "forbidden", "case_sensitive", "domain")


class ExportError(WortlautError):
    """The glossary cannot be written in the requested format; the message names the term."""


@dataclass
class ParsedGlossary:
    """What a glossary file holds, and how it was read (shown in the import preview)."""

    rows: list[tuple[int, TermEntry]] = field(default_factory=list)  # (line, entry)
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # imported, but look (line, why)
    encoding: str = "utf-8"
    delimiter: str | None = None  # None for TBX and XLSX
    columns: dict[str, int] = field(default_factory=dict)  # field → column index
    has_header: bool = False
    format: str = "csv"  # csv, tsv, tbx or xlsx
    sheet: str | None = None  # XLSX: the sheet read
    sheets: list[str] = field(default_factory=list)  # XLSX: every sheet of the workbook

    @property
    def entries(self) -> list[TermEntry]:
        return [entry for _, entry in self.rows]


def column_name(cell: str) -> str | None:
    """The field a header cell names, if any (our names, German ones, memoQ's)."""
    name = cell.strip().lstrip("\ufeff").casefold()
    found = next((field for field, aliases in COLUMN_ALIASES.items() if name in aliases), None)
    if found is not None:
        return found
    definition = name.endswith("_def")
    memoq = MEMOQ_LANGUAGE.match(name.removesuffix("_def"))
    if memoq is None:
        return None
    return "notes" if definition else MEMOQ_FIELD[memoq.group(1)]


def header_columns(cells: list[str]) -> dict[str, int]:
    """Field → column index if `cells` is a header naming at least a source and a target."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field_name = column_name(cell)
        if field_name is not None and field_name not in columns:
            columns[field_name] = index
    return columns if {"source", "target"} <= columns.keys() else {}


def unescape_cell(value: str) -> str:
    """Undo our export's formula guard: a leading ' before a formula character or another '."""
    if value.startswith("'") and len(value) > 1 and value[1] in (*FORMULA_STARTS, "'"):
        return value[1:]
    return value


def escape_cell(value: str) -> str:
    """Neutralise spreadsheet formulas (=, +, -, @, tab, CR) reversibly with a leading '."""
    if value.startswith(FORMULA_STARTS) or (
        value.startswith("'") and value[1:2] in (*FORMULA_STARTS, "'")
    ):
        return "'" + value
    return value


def row_entry(cells: list[str], columns: dict[str, int]) -> TermEntry | str:
    """The term a row holds, or why it holds none."""

    def cell(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(cells):
            return ""
        return unescape_cell(cells[index]).strip()

    source, target = cell("source"), cell("target")
    if not source and not target:
        return "no source and no target"
    if not source:
        return "no source term"
    if not target:
        return f"no target for {shown(source)}"
    forbidden = tuple(v.strip() for v in cell("forbidden").split("|") if v.strip())
    entry = TermEntry(
        source=source,
        target=target,
        notes=cell("notes"),
        forbidden=forbidden,
        case_sensitive=cell("case_sensitive").casefold() in TRUE_WORDS,
        domain=cell("domain"),
    )
    return term_problem(entry) or entry


def read_rows(
    rows: Iterable[tuple[int, list[str] | str]],
    parsed: ParsedGlossary,
    *,
    source: str,
    columns: dict[str, int] | None = None,
    skip_first_row: bool = False,
) -> ParsedGlossary:
    """Fill `parsed` from (line, cells or problem) rows: the first non-empty row is a header if
    it names a source and a target (or `skip_first_row` says so), else data in a headerless shape
    (glossary.columns; UnknownColumnsError otherwise). `columns` overrides the header."""
    header_seen = False
    for line, cells in rows:
        if isinstance(cells, str):
            parsed.invalid.append((line, cells))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if not header_seen:
            header_seen = True
            recognised = header_columns(cells)
            if recognised and is_deepl_row(cells) and not any(map(column_name, cells[:2])):
                recognised = {}  # `…,de,en` ends a DeepL data row; it is not a header
            if recognised or (columns and skip_first_row):
                parsed.columns, parsed.has_header = columns or recognised, True
                continue
            parsed.columns = columns or headerless_columns(
                cells, parsed.delimiter or "", source=source, line=line
            )
        entry_or_reason = row_entry(cells, parsed.columns)
        if isinstance(entry_or_reason, str):
            parsed.invalid.append((line, entry_or_reason))
        else:
            parsed.rows.append((line, entry_or_reason))
    parsed.invalid.sort(key=lambda item: item[0])
    return parsed
