"""Glossary exchange: CSV/TSV (as Excel, OmegaT and DeepL write them) and TBX (memoQ, Trados).

Reading never raises for a bad row: every row that cannot be imported as it stands (no target,
a control character, too long, not valid UTF-8, a quote that is never closed…) is reported with
its line number and the other rows are read. Files that cannot be read at all raise InputError
naming the file.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers.expat import XMLParserType

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from glossary.atomic import atomic_write_bytes
from glossary.columns import headerless_columns, is_deepl_row
from glossary.encoding import decode_lines
from glossary.errors import InputError, WortlautError
from glossary.terms import TermEntry
from glossary.validation import MAX_NOTES_CHARS, shown, term_problem

DELIMITERS = (",", ";", "\t")
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
    },
    "forbidden": {"forbidden", "verboten", "forbidden variants", "do not use", "nicht verwenden"},
    "case_sensitive": {
        "case_sensitive",
        "case sensitive",
        "case-sensitive",
        "groß-/kleinschreibung",
        "gross-/kleinschreibung",
    },
    "domain": {"domain", "subject", "fachgebiet", "bereich"},
}
TRUE_WORDS = {"1", "true", "yes", "ja", "y", "x", "wahr"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS = ("source", "target", "notes", "forbidden", "case_sensitive", "domain")
TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# csv's default field limit (128 KiB) makes one long cell fail the whole file; raise it once for
# the process (it is a global) so a long cell is read and reported as one row that is too long.
FIELD_LIMIT = 16 * 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
SNIFF_CHARS = 64 * 1024  # the delimiter is guessed from at most this much of the file
SNIFF_ROWS = 50
RUNAWAY_LINES = 50  # a quoted field over more lines than this has lost its closing quote
MAX_RESTARTS = 1_000  # after so many unclosed quotes the rest of the file is not worth reading
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # XML 1.0 Char
XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


class ExportError(WortlautError):
    """The glossary cannot be written in the requested format; the message names the term."""


@dataclass
class ParsedGlossary:
    """What a glossary file holds, and how it was read (shown in the import preview)."""

    rows: list[tuple[int, TermEntry]] = field(default_factory=list)  # (line, entry)
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    encoding: str = "utf-8"
    delimiter: str | None = None  # None for TBX
    columns: dict[str, int] = field(default_factory=dict)  # field → column index
    has_header: bool = False
    format: str = "csv"

    @property
    def entries(self) -> list[TermEntry]:
        return [entry for _, entry in self.rows]


def read_glossary(
    path: Path, columns: dict[str, int] | None = None, skip_first_row: bool = False
) -> ParsedGlossary:
    """Read a CSV, TSV or TBX glossary file (format by content, not only by extension).

    `columns` (field → column index, e.g. chosen by hand in the import dialog) overrides the
    header; the first row is then data unless it is a header Wortlaut recognises or
    `skip_first_row` says it is a header of other names.
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


# -- CSV / TSV ---------------------------------------------------------------------------------
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


def _column_name(cell: str) -> str | None:
    """The field a header cell names, if any."""
    name = cell.strip().lstrip("\ufeff").casefold()
    return next((field for field, aliases in COLUMN_ALIASES.items() if name in aliases), None)


def _header_columns(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field_name = _column_name(cell)
        if field_name is not None and field_name not in columns:
            columns[field_name] = index
    return columns if {"source", "target"} <= columns.keys() else {}


def unescape_cell(value: str) -> str:
    """Undo our export's formula guard: a leading ' before a formula character or another '."""
    if value.startswith("'") and len(value) > 1 and value[1] in (*FORMULA_STARTS, "'"):
        return value[1:]
    return value


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
    header_seen = False
    lines = io.StringIO(text, newline="").readlines()
    for first, last, cells in csv_rows(lines, delimiter):
        bad = _first_bad_line(bad_lines, first, last)
        if bad is not None:
            parsed.invalid.append((bad, bad_lines[bad]))
            continue
        if isinstance(cells, str):
            parsed.invalid.append((first, cells))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if not header_seen:
            header_seen = True
            recognised = _header_columns(cells)
            if recognised and is_deepl_row(cells) and not any(map(_column_name, cells[:2])):
                recognised = {}  # `…,de,en` ends a DeepL data row; it is not a header
            if recognised or (columns and skip_first_row):
                parsed.columns, parsed.has_header = columns or recognised, True
                continue
            parsed.columns = columns or headerless_columns(
                cells, delimiter, source=source, line=first
            )
        entry_or_reason = _row_entry(cells, parsed.columns)
        if isinstance(entry_or_reason, str):
            parsed.invalid.append((first, entry_or_reason))
        else:
            parsed.rows.append((first, entry_or_reason))
    parsed.invalid.sort(key=lambda item: item[0])
    return parsed


def _first_bad_line(bad_lines: dict[int, str], first: int, last: int) -> int | None:
    if not bad_lines:
        return None
    if last - first < len(bad_lines):
        return next((n for n in range(first, last + 1) if n in bad_lines), None)
    return min((n for n in bad_lines if first <= n <= last), default=None)


def _row_entry(cells: list[str], columns: dict[str, int]) -> TermEntry | str:
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


def escape_cell(value: str) -> str:
    """Neutralise spreadsheet formulas (=, +, -, @, tab, CR) reversibly with a leading '."""
    if value.startswith(FORMULA_STARTS) or (
        value.startswith("'") and value[1:2] in (*FORMULA_STARTS, "'")
    ):
        return "'" + value
    return value


def export_csv(entries: Iterable[TermEntry], path: Path, bom: bool = False) -> int:
    """Write UTF-8 CSV (header row, optional BOM for Excel) atomically; return rows written."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for entry in entries:
        writer.writerow(
            [
                escape_cell(entry.source),
                escape_cell(entry.target),
                escape_cell(entry.notes),
                escape_cell("|".join(entry.forbidden)),
                "yes" if entry.case_sensitive else "",
                escape_cell(entry.domain),
            ]
        )
        count += 1
    data = buffer.getvalue().encode("utf-8")
    atomic_write_bytes(path, (b"\xef\xbb\xbf" if bom else b"") + data)
    return count


# -- TBX ---------------------------------------------------------------------------------------
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _LineRecorder(ET.TreeBuilder):
    """Builds the tree and notes the line each concept starts on (for messages)."""

    def __init__(self) -> None:
        super().__init__()
        self.expat: XMLParserType | None = None
        self.lines: dict[int, int] = {}  # id(concept element) → line

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if _local(tag) in ("conceptEntry", "termEntry") and self.expat is not None:
            self.lines[id(element)] = self.expat.CurrentLineNumber
        return element


def parse_tbx(
    data: bytes, source: str = "<input>", source_lang: str = "de", target_lang: str = "en"
) -> ParsedGlossary:
    """Read TBX v3 (tbx/conceptEntry/langSec/termSec) or TBX v2 (martif/termEntry/langSet/tig)."""
    builder = _LineRecorder()
    parser = DefusedXMLParser(target=builder)  # defusedxml: no entities, no external references
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise InputError(
            "TBX files with entity declarations or external references are not accepted",
            source=source,
        ) from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise InputError(f"not well-formed XML: {exc}", source=source, line=line) from None
    parsed = ParsedGlossary(format="tbx")
    for index, concept in enumerate(
        (el for el in root.iter() if _local(el.tag) in ("conceptEntry", "termEntry")), start=1
    ):
        by_lang: dict[str, list[tuple[str, str]]] = {}
        notes: list[str] = []
        domain = ""
        for child in concept:
            name = _local(child.tag)
            if name in ("note",) or (name == "descrip" and child.get("type") == "definition"):
                notes.append("".join(child.itertext()).strip())
            elif name == "descrip" and child.get("type") == "subjectField":
                domain = "".join(child.itertext()).strip()
            elif name in ("langSec", "langSet"):
                lang = (child.get(XML_LANG) or child.get("lang") or "").lower()
                for term_sec in child:
                    if _local(term_sec.tag) not in ("termSec", "tig", "ntig"):
                        if _local(term_sec.tag) == "note":
                            notes.append("".join(term_sec.itertext()).strip())
                        continue
                    term_text, status = "", ""
                    for el in term_sec.iter():
                        local = _local(el.tag)
                        if local == "term":
                            term_text = "".join(el.itertext()).strip()
                        elif local == "termNote" and el.get("type") in (
                            "administrativeStatus",
                            "normativeAuthorization",
                        ):
                            status = (el.text or "").strip()
                        elif local == "note":
                            notes.append("".join(el.itertext()).strip())
                    if term_text:
                        by_lang.setdefault(lang.split("-")[0], []).append((term_text, status))
        sources = [
            t
            for t, s in by_lang.get(source_lang, [])
            if "deprecated" not in s and "admitted" not in s
        ]
        targets = by_lang.get(target_lang, [])
        preferred = [t for t, s in targets if "deprecated" not in s and "superseded" not in s]
        forbidden = tuple(t for t, s in targets if "deprecated" in s or "superseded" in s)
        line = builder.lines.get(id(concept), index)
        if not sources:
            parsed.invalid.append(
                (line, f"concept {concept.get('id') or index}: no {source_lang} term")
            )
            continue
        if not preferred:
            parsed.invalid.append(
                (line, f"concept {concept.get('id') or index}: no {target_lang} term")
            )
            continue
        for src in sources:
            entry = TermEntry(
                source=src,
                target=preferred[0],
                notes="\n".join(n for n in notes if n),
                forbidden=forbidden,
                domain=domain,
            )
            problem = term_problem(entry)
            if problem is not None:
                parsed.invalid.append((line, f"concept {concept.get('id') or index}: {problem}"))
            else:
                parsed.rows.append((line, entry))
    return parsed


def export_tbx(
    entries: Iterable[TermEntry], path: Path, source_lang: str = "de", target_lang: str = "en"
) -> int:
    """Write TBX v3 (TBX-Basic dialect, DCA style) atomically; return concepts written.

    Refuses (ExportError, nothing written) if a term holds a character XML cannot carry, such as
    NUL from a database filled before terms were validated: the file would not be readable.
    """
    entries = list(entries)
    for number, entry in enumerate(entries, start=1):
        for value in (entry.source, entry.target, entry.notes, entry.domain, *entry.forbidden):
            found = NOT_XML.search(value)
            if found is not None:
                raise ExportError(
                    f"{path}: term {entry.id or number} ({shown(entry.source)}) contains "
                    f"U+{ord(found.group()):04X}, which TBX cannot hold; nothing was written "
                    f"(correct it with `wortlaut glossary edit {entry.id or number}`)"
                )
    ET.register_namespace("", TBX_NS)
    root = ET.Element(
        f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: source_lang}
    )
    header = ET.SubElement(root, f"{{{TBX_NS}}}tbxHeader")
    file_desc = ET.SubElement(header, f"{{{TBX_NS}}}fileDesc")
    source_desc = ET.SubElement(file_desc, f"{{{TBX_NS}}}sourceDesc")
    ET.SubElement(source_desc, f"{{{TBX_NS}}}p").text = "Exported from Wortlaut"
    body = ET.SubElement(ET.SubElement(root, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
    count = 0
    for number, entry in enumerate(entries, start=1):
        concept = ET.SubElement(body, f"{{{TBX_NS}}}conceptEntry", {"id": f"c{entry.id or number}"})
        if entry.domain:
            ET.SubElement(
                concept, f"{{{TBX_NS}}}descrip", {"type": "subjectField"}
            ).text = entry.domain
        if entry.notes:
            ET.SubElement(concept, f"{{{TBX_NS}}}note").text = entry.notes
        src = ET.SubElement(concept, f"{{{TBX_NS}}}langSec", {XML_LANG: source_lang})
        ET.SubElement(
            ET.SubElement(src, f"{{{TBX_NS}}}termSec"), f"{{{TBX_NS}}}term"
        ).text = entry.source
        tgt = ET.SubElement(concept, f"{{{TBX_NS}}}langSec", {XML_LANG: target_lang})
        preferred = ET.SubElement(tgt, f"{{{TBX_NS}}}termSec")
        ET.SubElement(preferred, f"{{{TBX_NS}}}term").text = entry.target
        ET.SubElement(
            preferred, f"{{{TBX_NS}}}termNote", {"type": "administrativeStatus"}
        ).text = "preferredTerm-admn-sts"
        for variant in entry.forbidden:
            sec = ET.SubElement(tgt, f"{{{TBX_NS}}}termSec")
            ET.SubElement(sec, f"{{{TBX_NS}}}term").text = variant
            ET.SubElement(
                sec, f"{{{TBX_NS}}}termNote", {"type": "administrativeStatus"}
            ).text = "deprecatedTerm-admn-sts"
        count += 1
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    atomic_write_bytes(path, data + b"\n")
    return count


EXPORT_FORMATS = ("csv", "tbx")


FORMAT_OF_SUFFIX = {".csv": "csv", ".txt": "csv", ".tbx": "tbx", ".xml": "tbx"}


def export_format(path: Path, requested: str | None = None) -> str:
    """The format to write: `requested` if given, else the one the file name says (.csv/.txt,
    .tbx/.xml). A name that says another format (x.xlsx) is refused rather than given CSV
    under a spreadsheet's name; a name without a known extension needs `requested`."""
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
            f"{path}: Wortlaut exports glossaries as CSV (.csv, which Excel opens) or TBX "
            f"(.tbx): {suffix + ' is not one of them' if suffix else 'name the file .csv or .tbx'}"
        )
    return requested or named or "csv"


def export_glossary(
    entries: Iterable[TermEntry], path: Path, fmt: str | None = None, bom: bool = False
) -> int:
    """Write `entries` to `path` as CSV or TBX (see `export_format`); return the terms written.

    `bom` only applies to CSV (Excel needs it to read UTF-8). Raises OSError or ExportError.
    """
    if export_format(path, fmt) == "tbx":
        return export_tbx(entries, path)
    return export_csv(entries, path, bom=bom)
