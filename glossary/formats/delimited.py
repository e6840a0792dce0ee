"""CSV and TSV glossaries, as Excel, LibreOffice, OmegaT, DeepL and memoQ write them.

Reading never raises for a bad row: every row that cannot be imported as it stands (no target,
a control character, too long, not valid UTF-8, a quote that is never closed…) is reported with
its line number and the other rows are read.

Export dialects (`DIALECTS`), each the shape the other tool reads:
- excel: UTF-8 with BOM, comma, CRLF, header `source,target,notes,forbidden,case_sensitive,
  domain`; cells that a spreadsheet would run as a formula get a leading ' (read back unchanged).
- deepl: no header, UTF-8 without BOM, comma: `source,target,de,en` (DeepL glossary CSV).
- memoq: UTF-8 with BOM, semicolon, header `German;English;Entry_Note;Entry_Domain`.
- omegat: no header, UTF-8, tab: `source<TAB>target<TAB>comment` (OmegaT glossary .txt/.tsv).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from glossary.atomic import atomic_write_bytes
from glossary.formats.table import EXPORT_COLUMNS, ParsedGlossary, escape_cell, read_rows
from glossary.terms import TermEntry
from glossary.validation import MAX_NOTES_CHARS

DELIMITERS = (",", ";", "\t")
# csv's default field limit (128 KiB) makes one long cell fail the whole file; raise it once for
# the process (it is a global) so a long cell is read and reported as one row that is too long.
FIELD_LIMIT = 16 * 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
SNIFF_CHARS = 64 * 1024  # the delimiter is guessed from at most this much of the file
SNIFF_ROWS = 50
RUNAWAY_LINES = 50  # a quoted field over more lines than this has lost its closing quote
MAX_RESTARTS = 1_000  # after so many unclosed quotes the rest of the file is not worth reading
DIALECTS = ("excel", "deepl", "memoq", "omegat")


def detect_delimiter(text: str) -> str:
    """The delimiter among `,` `;` tab that splits the first rows most consistently.

    Looks at a bounded sample only, so a huge first cell or a stray quote cannot break it.
    """
    sample = text[:SNIFF_CHARS]
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            counts = [
                len(row)
                for row in itertools.islice(reader, SNIFF_ROWS * 4)
                if any(cell.strip() for cell in row)
            ][:SNIFF_ROWS]
        except csv.Error:
            continue
        if not counts:
            continue
        common, frequency = Counter(counts).most_common(1)[0]
        if common < 2:
            continue
        score = (frequency / len(counts), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_rows(lines: list[str], delimiter: str) -> Iterator[tuple[int, int, list[str] | str]]:
    """(first line, last line, cells or problem) for each row of `lines` (kept line endings).

    A quote that is never closed would make one cell of the rest of the file; such a row is
    reported on the line where the quote opened and reading resumes on the next line, so the
    rows after it are not lost. Quoting errors (text after a closing quote) are row problems.
    """
    pos, restarts = 0, 0
    while pos < len(lines):
        remaining = iter(lines)
        remaining.__setstate__(pos)  # type: ignore[attr-defined]  # not in typeshed; O(1), unlike islice
        reader = csv.reader(remaining, delimiter=delimiter, strict=True)
        consumed = 0
        resume: int | None = None
        while resume is None:
            first = pos + consumed + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                last = pos + reader.line_num
                consumed = reader.line_num
                if last > first or "end of data" in str(exc):
                    yield first, first, _runaway(first, last, "end of data" in str(exc))
                    resume = first
                else:
                    yield first, last, _quoting_problem(exc)
                continue
            last = pos + reader.line_num
            consumed = reader.line_num
            if last > first and (
                last - first + 1 > RUNAWAY_LINES
                or any(len(cell) > MAX_NOTES_CHARS and "\n" in cell for cell in cells)
            ):
                yield first, first, _runaway(first, last, at_end=False)
                resume = first
                continue
            yield first, last, cells
        restarts += 1
        if restarts > MAX_RESTARTS:
            yield resume + 1, len(lines), "too many unclosed quotes; the rest was not read"
            return
        pos = resume


def _runaway(first: int, last: int, at_end: bool) -> str:
    if at_end:
        return (
            f"unterminated quote: the quoted field opened on this line runs to the end of the "
            f"file ({last - first + 1:,} line{'s' if last > first else ''})"
        )
    return (
        f"a quoted field opened on this line runs on to line {last:,}; is a closing quote missing?"
    )


def _quoting_problem(exc: csv.Error) -> str:
    message = str(exc)
    if "expected after" in message:
        return 'text follows a closing quote (write a quote inside a quoted field as "")'
    if "field larger" in message:
        return f"a field is longer than {FIELD_LIMIT // (1024 * 1024)} MiB"
    return f"cannot read this row as CSV: {message}"


def parse_table(
    text: str,
    source: str = "<input>",
    bad_lines: dict[int, str] | None = None,
    columns: dict[str, int] | None = None,
    skip_first_row: bool = False,
) -> ParsedGlossary:
    """Read CSV/TSV text; rows touching a line in `bad_lines` (line → problem) are reported.

    Without a recognised header (and without `columns`), only the headerless shapes in
    glossary.columns are accepted; otherwise UnknownColumnsError names the accepted headers.
    """
    bad_lines = bad_lines or {}
    delimiter = detect_delimiter(text)
    parsed = ParsedGlossary(delimiter=delimiter, format="tsv" if delimiter == "\t" else "csv")
    lines = io.StringIO(text, newline="").readlines()

    def rows() -> Iterator[tuple[int, list[str] | str]]:
        for first, last, cells in csv_rows(lines, delimiter):
            bad = _first_bad_line(bad_lines, first, last)
            yield (bad, bad_lines[bad]) if bad is not None else (first, cells)

    return read_rows(rows(), parsed, source=source, columns=columns, skip_first_row=skip_first_row)


def _first_bad_line(bad_lines: dict[int, str], first: int, last: int) -> int | None:
    if not bad_lines:
        return None
    if last - first < len(bad_lines):
        return next((n for n in range(first, last + 1) if n in bad_lines), None)
    return min((n for n in bad_lines if first <= n <= last), default=None)


def _one_line(value: str) -> str:
    """OmegaT's glossary has no quoting: a tab or line break inside a cell becomes a space."""
    return " ".join(value.replace("\t", " ").splitlines())


def dialect_rows(entries: Iterable[TermEntry], dialect: str) -> Iterator[list[str]]:
    """The rows (header first, if the dialect has one) that `dialect` writes for `entries`."""
    if dialect == "excel":
        yield list(EXPORT_COLUMNS)
        for entry in entries:
            yield [
                escape_cell(entry.source),
                escape_cell(entry.target),
                escape_cell(entry.notes),
                escape_cell("|".join(entry.forbidden)),
                "yes" if entry.case_sensitive else "",
                escape_cell(entry.domain),
            ]
    elif dialect == "deepl":
        for entry in entries:
            yield [entry.source, entry.target, "de", "en"]
    elif dialect == "memoq":
        yield ["German", "English", "Entry_Note", "Entry_Domain"]
        for entry in entries:
            yield [entry.source, entry.target, entry.notes, entry.domain]
    elif dialect == "omegat":
        for entry in entries:
            yield [_one_line(entry.source), _one_line(entry.target), _one_line(entry.notes)]
    else:
        raise ValueError(f"unknown CSV dialect {dialect!r}")


def export_csv(
    entries: Iterable[TermEntry], path: Path, bom: bool = False, dialect: str = "excel"
) -> int:
    """Write `entries` as CSV/TSV in `dialect` (see the module docstring) atomically; return the
    terms written. `bom` adds a UTF-8 BOM to the excel dialect (memoq always has one)."""
    rows = list(dialect_rows(entries, dialect))
    if dialect == "omegat":  # no quoting at all: OmegaT reads a quote as part of the term
        text = "".join("\t".join(row) + "\n" for row in rows)
    else:
        buffer = io.StringIO(newline="")
        writer = csv.writer(
            buffer,
            delimiter=";" if dialect == "memoq" else ",",
            lineterminator="\n" if dialect == "deepl" else "\r\n",
        )
        writer.writerows(rows)
        text = buffer.getvalue()
    with_bom = dialect == "memoq" or (dialect == "excel" and bom)
    atomic_write_bytes(path, (b"\xef\xbb\xbf" if with_bom else b"") + text.encode("utf-8"))
    return len(rows) - (1 if dialect in ("excel", "memoq") else 0)
