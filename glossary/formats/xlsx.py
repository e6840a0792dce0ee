"""Excel workbooks (.xlsx, as Excel and LibreOffice Calc save them), read and written with
openpyxl.

Reading: the first sheet unless another is named; the same header recognition as CSV (German
and English names, language codes, memoQ's language names, `forbidden`, notes) and the same
headerless shapes. A formula cell is read as the value the spreadsheet last calculated, with a
warning naming the cell; a formula without a saved value makes its row invalid.

Writing: one sheet, header row frozen, columns as wide as their content (within bounds), every
cell a text cell (a term that starts with = stays text: no formula can be injected).
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary.atomic import atomic_write_bytes
from glossary.errors import InputError
from glossary.formats.table import EXPORT_COLUMNS, ParsedGlossary, read_rows
from glossary.formats.tbx import refuse_unwritable
from glossary.terms import TermEntry

if TYPE_CHECKING:
    from openpyxl.cell import Cell
    from openpyxl.styles import Font

# openpyxl is imported where a workbook is read or written: importing it takes most of a second
# (it pulls in numpy when installed), which the app's start-up should not pay.

# What openpyxl (and the XML parsers and zip reader under it) raise for a damaged or hostile
# workbook: each becomes "not a readable Excel workbook", never a traceback.
UNREADABLE = (
    SyntaxError,  # xml.etree ParseError and lxml's XMLSyntaxError
    ValueError,  # also defusedxml's refusal of entities
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
)
MAX_UNPACKED = 512 * 1024 * 1024  # a workbook that unpacks to more is refused (zip bomb)
MIN_WIDTH, MAX_WIDTH = 10, 60  # column widths in characters


def is_workbook(data: bytes) -> bool:
    """Whether `data` is an Office Open XML workbook (a ZIP holding xl/workbook.xml)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _open(data: bytes, source: str, *, values: bool) -> Any:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except UNREADABLE as exc:
        raise _unreadable(exc, source) from None
    if unpacked > MAX_UNPACKED:
        raise InputError(
            f"the workbook unpacks to {unpacked // (1024 * 1024):,} MiB, more than the "
            f"{MAX_UNPACKED // (1024 * 1024)} MiB Wortlaut reads; save the glossary as CSV",
            source=source,
        )
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=values)
    except (*UNREADABLE, InvalidFileException) as exc:
        raise _unreadable(exc, source) from None


def _unreadable(exc: Exception, source: str) -> InputError:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return InputError(
        f"not a readable Excel workbook ({detail}); open it in a spreadsheet and save it as .xlsx",
        source=source,
    )


FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of the workbook holds a formula (`<f>` element); only then is the
    sheet read twice (formulas, then their saved values), which halves the time otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with archive.open(info) as member:
                        tail = b""
                        while chunk := member.read(1 << 20):
                            if FORMULA_TAG.search(tail + chunk):
                                return True
                            tail = chunk[-64:]
    except UNREADABLE:
        return True  # openpyxl then says what is wrong with the file
    return False


def sheet_names(data: bytes, source: str = "<input>") -> list[str]:
    """The workbook's sheets, in order (for the import dialog's chooser)."""
    workbook = _open(data, source, values=True)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _text(value: object) -> str:
    """A cell's value as the text a user sees (12 not 12.0, dates as ISO dates)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def parse_xlsx(
    data: bytes,
    source: str = "<input>",
    sheet: str | None = None,
    columns: dict[str, int] | None = None,
    skip_first_row: bool = False,
) -> ParsedGlossary:
    """Read one sheet (`sheet`, else the first) of an .xlsx workbook; see the module docstring.

    Line numbers are the sheet's row numbers, as the spreadsheet shows them.
    """
    from openpyxl.utils import get_column_letter

    values = _open(data, source, values=True)
    formulas = _open(data, source, values=False) if _has_formulas(data) else None
    try:
        names = list(values.sheetnames)
        if not names:
            raise InputError("the workbook has no sheets", source=source)
        chosen = sheet if sheet is not None else names[0]
        if chosen not in names:
            raise InputError(
                f"the workbook has no sheet {chosen!r} (it has {', '.join(map(repr, names))})",
                source=source,
            )
        parsed = ParsedGlossary(format="xlsx", encoding="xlsx", sheet=chosen, sheets=names)
        shown_rows = values[chosen].iter_rows(values_only=True)
        formula_rows = (
            formulas[chosen].iter_rows(values_only=True)
            if formulas is not None
            else itertools.repeat(())
        )

        def rows() -> Iterator[tuple[int, list[str] | str]]:
            for line, (shown, raw) in enumerate(
                zip(shown_rows, formula_rows, strict=False), start=1
            ):
                cells: list[str] = []
                problem = None
                for index, value in enumerate(shown):
                    formula = raw[index] if index < len(raw) else None
                    # a formula cell reads as its formula here and as its saved value (or
                    # nothing) there; a text cell that starts with = reads the same in both
                    if isinstance(formula, str) and formula.startswith("=") and formula != value:
                        where = f"{get_column_letter(index + 1)}{line}"
                        if value is None:
                            problem = (
                                f"cell {where} holds a formula ({formula[:40]}) with no saved "
                                "value; type the value in, or open and save the file in a "
                                "spreadsheet"
                            )
                            break
                        parsed.warnings.append(
                            (
                                line,
                                f"cell {where} holds a formula ({formula[:40]}); its last "
                                f"calculated value {_text(value)!r} was read",
                            )
                        )
                    cells.append(_text(value))
                yield line, problem if problem is not None else cells

        try:
            return read_rows(
                rows(), parsed, source=source, columns=columns, skip_first_row=skip_first_row
            )
        except UNREADABLE as exc:
            raise _unreadable(exc, source) from None
    finally:
        values.close()
        if formulas is not None:
            formulas.close()


def export_xlsx(entries: Iterable[TermEntry], path: Path) -> int:
    """Write a one-sheet workbook (header row frozen, text cells only) atomically; return the
    terms written. Refuses (ExportError) characters an XML file cannot hold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    entries = list(entries)
    refuse_unwritable(entries, path, "an Excel workbook")
    rows = [
        [
            entry.source,
            entry.target,
            entry.notes,
            "|".join(entry.forbidden),
            "yes" if entry.case_sensitive else "",
            entry.domain,
        ]
        for entry in entries
    ]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Glossary")
    sheet.freeze_panes = "A2"
    for index, name in enumerate(EXPORT_COLUMNS):
        longest = max(
            (max((len(line) for line in row[index].splitlines()), default=0) for row in rows),
            default=0,
        )
        width = max(MIN_WIDTH, len(name) + 2, min(MAX_WIDTH, longest + 2))
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, name, bold) for name in EXPORT_COLUMNS])
    for row in rows:  # a plain string is a text cell, except that openpyxl takes =… as a
        # formula and #N/A, #REF! … as error values
        sheet.append([_text_cell(sheet, v) if v.startswith(("=", "#")) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
    return len(entries)


def _text_cell(sheet: Any, value: str, font: Font | None = None) -> Cell:
    """A cell that holds `value` as text, whatever it starts with (= + - @ are not formulas)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.number_format = "@"
    if font is not None:
        cell.font = font
    return cell
