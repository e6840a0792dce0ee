"""Glossary exchange: which format a file is in, and reading or writing it.

The formats live in glossary/formats/: CSV/TSV and the dialects of other tools (`delimited`),
TBX 2 and 3 (`tbx`), Excel workbooks (`xlsx`). Reading never raises for a bad row: such rows are
reported with their line number and the others are read. Files that cannot be read at all raise
InputError naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from glossary.encoding import decode_lines
from glossary.errors import InputError
from glossary.formats.delimited import DIALECTS, detect_delimiter, export_csv, parse_table
from glossary.formats.table import (
    EXPORT_COLUMNS,
    ExportError,
    ParsedGlossary,
    escape_cell,
    unescape_cell,
)
from glossary.formats.tbx import TBX_VERSIONS, export_tbx, parse_tbx
from glossary.formats.xlsx import export_xlsx, is_workbook, parse_xlsx
from glossary.terms import TermEntry

__all__ = [
    "DIALECTS",
    "EXPORT_COLUMNS",
    "EXPORT_FORMATS",
    "TBX_VERSIONS",
    "ExportError",
    "ParsedGlossary",
    "detect_delimiter",
    "escape_cell",
    "export_csv",
    "export_format",
    "export_glossary",
    "export_tbx",
    "export_xlsx",
    "parse_table",
    "parse_tbx",
    "parse_xlsx",
    "read_glossary",
    "unescape_cell",
]

XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
EXPORT_FORMATS = ("csv", "tbx", "xlsx")
FORMAT_OF_SUFFIX = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".tbx": "tbx",
    ".xml": "tbx",
    ".xlsx": "xlsx",
}


def read_glossary(
    path: Path,
    columns: dict[str, int] | None = None,
    skip_first_row: bool = False,
    sheet: str | None = None,
) -> ParsedGlossary:
    """Read a CSV, TSV, TBX or XLSX glossary file (format by content, not only by extension).

    `columns` (field → column index, e.g. chosen by hand in the import dialog) overrides the
    header; the first row is then data unless it is a header Wortlaut recognises or
    `skip_first_row` says it is a header of other names. `sheet` picks a workbook's sheet (the
    first by default).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=str(path)) from None
    if _looks_like_xml(path, data):
        parsed = parse_tbx(data, str(path))
        parsed.encoding = _xml_encoding(data)
        return parsed
    if is_workbook(data) or path.suffix.lower() in (".xlsx", ".xlsm"):
        return parse_xlsx(data, str(path), sheet, columns, skip_first_row)
    if path.suffix.lower() in (".ods", ".xls"):
        raise InputError(
            f"Wortlaut reads spreadsheets saved as Excel 2007-365 (.xlsx), not {path.suffix}; "
            "save it as .xlsx (File → Save As) or as CSV",
            source=str(path),
        )
    decoded = decode_lines(data, source=str(path))
    parsed = parse_table(decoded.text, str(path), decoded.bad_lines, columns, skip_first_row)
    parsed.encoding = decoded.encoding
    return parsed


def _looks_like_xml(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in (".tbx", ".xml"):
        return True
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = data[:1000].decode("utf-16", errors="ignore")
    else:
        head = data[:500].removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    head = head.lstrip().lower()
    return head.startswith(("<?xml", "<tbx", "<martif", "<!doctype"))


def _xml_encoding(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    declared = XML_ENCODING.match(data[:200])
    return declared.group(1).decode("ascii").lower() if declared else "utf-8"


def export_format(path: Path, requested: str | None = None) -> str:
    """The format to write: `requested` if given, else the one the file name says (.csv/.txt/
    .tsv, .tbx/.xml, .xlsx). A name that says another format is refused rather than written in
    the wrong one; a name without a known extension needs `requested`."""
    if requested is not None and requested not in EXPORT_FORMATS:
        raise ValueError(f"unknown glossary format {requested!r}")
    suffix = path.suffix.lower()
    named = FORMAT_OF_SUFFIX.get(suffix)
    if named is not None and requested not in (None, named):
        raise ExportError(
            f"{path}: the name says {suffix} but the format asked for is {requested}; "
            "give the file a matching name"
        )
    if named is None and (suffix or requested is None):
        raise ExportError(
            f"{path}: Wortlaut exports glossaries as CSV (.csv, .tsv, .txt), TBX (.tbx) or "
            f"Excel (.xlsx): "
            f"{suffix + ' is not one of them' if suffix else 'name the file .csv, .tbx or .xlsx'}"
        )
    return requested or named or "csv"


def export_glossary(
    entries: Iterable[TermEntry],
    path: Path,
    fmt: str | None = None,
    bom: bool = False,
    *,
    tbx_version: int = 2,
    dialect: str | None = None,
) -> int:
    """Write `entries` to `path` as CSV, TBX or XLSX (see `export_format`); return the terms
    written. `tbx_version` (2 or 3) applies to TBX; `dialect` (glossary.formats.delimited
    DIALECTS: excel, deepl, memoq, omegat) to CSV, where it defaults to omegat for a .tsv name
    and otherwise to the excel shape, with a BOM only if `bom` (naming excel implies one). Raises OSError or ExportError."""
    chosen = export_format(path, fmt)
    if dialect is not None and dialect not in DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}")
    if dialect is not None and chosen != "csv":
        raise ExportError(
            f"{path}: --dialect {dialect} writes CSV, but the name says {chosen.upper()}; "
            "name the file .csv (or .tsv for omegat)"
        )
    if chosen == "tbx":
        return export_tbx(entries, path, version=tbx_version)
    if chosen == "xlsx":
        return export_xlsx(entries, path)
    if dialect == "excel":
        bom = True  # asked for by name: Excel reads UTF-8 without a BOM as its legacy code page
    elif dialect is None:
        dialect = "omegat" if path.suffix.lower() == ".tsv" else "excel"
    return export_csv(entries, path, bom=bom, dialect=dialect)
