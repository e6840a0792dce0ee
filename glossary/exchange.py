"""Glossary exchange: CSV/TSV (as Excel, OmegaT and DeepL write them) and TBX (memoQ, Trados).

Reading never raises for a bad row: rows without source or target are reported with their line
numbers. Files that cannot be read at all raise InputError naming the file.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from glossary.atomic import atomic_write_bytes
from glossary.encoding import decode_bytes
from glossary.errors import InputError
from glossary.terms import TermEntry

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


def read_glossary(path: Path) -> ParsedGlossary:
    """Read a CSV, TSV or TBX glossary file (format by content, not only by extension)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=str(path)) from None
    decoded = decode_bytes(
        data, source=str(path), allow_legacy=True, expected="CSV, TSV and TBX glossaries"
    )
    text = decoded.text
    head = text.lstrip()[:500].lower()
    # XML by extension, or by how the file starts: a CSV cell may well contain "<martif".
    if path.suffix.lower() in (".tbx", ".xml") or head.startswith(
        ("<?xml", "<tbx", "<martif", "<!doctype")
    ):
        parsed = parse_tbx(data, str(path))
    else:
        parsed = parse_table(text, str(path))
    parsed.encoding = decoded.encoding
    return parsed


# -- CSV / TSV ---------------------------------------------------------------------------------
def detect_delimiter(text: str) -> str:
    """The delimiter among `,` `;` tab that splits the first lines most consistently."""
    sample_lines = [line for line in text.splitlines()[:50] if line.strip()]
    sample = "\n".join(sample_lines)
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        if not counts:
            continue
        common, frequency = Counter(counts).most_common(1)[0]
        if common < 2:
            continue
        score = (frequency / len(counts), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _header_columns(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = cell.strip().lstrip("\ufeff").casefold()
        for field_name, aliases in COLUMN_ALIASES.items():
            if name in aliases and field_name not in columns:
                columns[field_name] = index
    return columns if {"source", "target"} <= columns.keys() else {}


def unescape_cell(value: str) -> str:
    """Undo our export's formula guard: a leading ' before a formula character or another '."""
    if value.startswith("'") and len(value) > 1 and value[1] in (*FORMULA_STARTS, "'"):
        return value[1:]
    return value


def parse_table(text: str, source: str = "<input>") -> ParsedGlossary:
    delimiter = detect_delimiter(text)
    parsed = ParsedGlossary(delimiter=delimiter, format="tsv" if delimiter == "\t" else "csv")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    first_line = 1
    header_seen = False
    try:
        for cells in reader:
            line = first_line
            first_line = reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if not header_seen:
                header_seen = True
                columns = _header_columns(cells)
                if columns:
                    parsed.columns, parsed.has_header = columns, True
                    continue
                parsed.columns = {"source": 0, "target": 1, "notes": 2}
            entry_or_reason = _row_entry(cells, parsed.columns)
            if isinstance(entry_or_reason, str):
                parsed.invalid.append((line, entry_or_reason))
            else:
                parsed.rows.append((line, entry_or_reason))
    except csv.Error as exc:
        raise InputError(
            f"cannot parse as CSV: {exc}", source=source, line=reader.line_num
        ) from None
    return parsed


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
        return f"no target for {source!r}"
    forbidden = [v.strip() for v in cell("forbidden").split("|") if v.strip()]
    return TermEntry(
        source=source,
        target=target,
        notes=cell("notes"),
        forbidden=forbidden,
        case_sensitive=cell("case_sensitive").casefold() in TRUE_WORDS,
        domain=cell("domain"),
    )


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


def parse_tbx(
    data: bytes, source: str = "<input>", source_lang: str = "de", target_lang: str = "en"
) -> ParsedGlossary:
    """Read TBX v3 (tbx/conceptEntry/langSec/termSec) or TBX v2 (martif/termEntry/langSet/tig)."""
    if b"<!ENTITY" in data:
        raise InputError("TBX files with entity declarations are not accepted", source=source)
    try:
        root = ET.fromstring(data)
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
        forbidden = [t for t, s in targets if "deprecated" in s or "superseded" in s]
        line = index
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
            parsed.rows.append(
                (
                    line,
                    TermEntry(
                        source=src,
                        target=preferred[0],
                        notes="\n".join(n for n in notes if n),
                        forbidden=forbidden,
                        domain=domain,
                    ),
                )
            )
    return parsed


def export_tbx(
    entries: Iterable[TermEntry], path: Path, source_lang: str = "de", target_lang: str = "en"
) -> int:
    """Write TBX v3 (TBX-Basic dialect, DCA style) atomically; return concepts written."""
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
