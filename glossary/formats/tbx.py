"""TBX glossaries: TBX-Basic in TBX 2 (ISO 30042:2008, `<martif>`: what OmegaT, memoQ, Trados
and translate-toolkit read) and TBX 3 (ISO 30042:2019, `<tbx>` in the DCA style). Both are read;
either is written (`export_tbx(..., version=2|3)`, 2 by default).

Reading refuses entity declarations and external references (defusedxml) and reports concepts
without a source or target term by the line they start on.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from xml.parsers.expat import XMLParserType

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from glossary.atomic import atomic_write_bytes
from glossary.errors import InputError
from glossary.formats.table import ExportError, ParsedGlossary
from glossary.terms import TermEntry
from glossary.validation import shown, term_problem

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # XML 1.0 Char
TBX_VERSIONS = (2, 3)


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


def refuse_unwritable(entries: list[TermEntry], path: Path, what: str) -> None:
    """ExportError (nothing written) if a term holds a character XML cannot carry, such as NUL
    from a database filled before terms were validated: the file would not be readable."""
    for number, entry in enumerate(entries, start=1):
        for value in (entry.source, entry.target, entry.notes, entry.domain, *entry.forbidden):
            found = NOT_XML.search(value)
            if found is not None:
                raise ExportError(
                    f"{path}: term {entry.id or number} ({shown(entry.source)}) contains "
                    f"U+{ord(found.group()):04X}, which {what} cannot hold; nothing was written "
                    f"(correct it with `wortlaut glossary edit {entry.id or number}`)"
                )


def export_tbx(
    entries: Iterable[TermEntry],
    path: Path,
    source_lang: str = "de",
    target_lang: str = "en",
    version: int = 2,
) -> int:
    """Write TBX-Basic, TBX 2 (`martif`) or TBX 3 (DCA), atomically; return concepts written.

    Each term is one concept: domain as `subjectField`, notes as `note`, the target as
    `preferredTerm-admn-sts` and each forbidden variant as `deprecatedTerm-admn-sts` (the
    `administrativeStatus` term note, in both versions).
    """
    if version not in TBX_VERSIONS:
        raise ValueError(f"unknown TBX version {version!r}")
    entries = list(entries)
    refuse_unwritable(entries, path, "TBX")
    v2 = version == 2
    ns = "" if v2 else f"{{{TBX_NS}}}"
    names = (
        ("martif", "martifHeader", "termEntry", "langSet", "tig")
        if v2
        else ("tbx", "tbxHeader", "conceptEntry", "langSec", "termSec")
    )
    root_name, header_name, concept_name, lang_name, term_name = (ns + n for n in names)
    if not v2:
        ET.register_namespace("", TBX_NS)
    root_attributes = {"type": "TBX-Basic", XML_LANG: source_lang}
    if not v2:
        root_attributes["style"] = "dca"
    root = ET.Element(root_name, root_attributes)
    file_desc = ET.SubElement(ET.SubElement(root, header_name), ns + "fileDesc")
    source_desc = ET.SubElement(file_desc, ns + "sourceDesc")
    ET.SubElement(source_desc, ns + "p").text = "Exported from Wortlaut"
    if v2:
        encoding_desc = ET.SubElement(root[0], "encodingDesc")
        ET.SubElement(encoding_desc, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, ns + "text"), ns + "body")

    def term(parent: ET.Element, text: str, status: str | None) -> None:
        section = ET.SubElement(parent, term_name)
        ET.SubElement(section, ns + "term").text = text
        if status is not None:
            ET.SubElement(
                section, ns + "termNote", {"type": "administrativeStatus"}
            ).text = f"{status}-admn-sts"

    for number, entry in enumerate(entries, start=1):
        concept = ET.SubElement(body, concept_name, {"id": f"c{entry.id or number}"})
        if entry.domain:
            ET.SubElement(concept, ns + "descrip", {"type": "subjectField"}).text = entry.domain
        if entry.notes:
            ET.SubElement(concept, ns + "note").text = entry.notes
        term(ET.SubElement(concept, lang_name, {XML_LANG: source_lang}), entry.source, None)
        target = ET.SubElement(concept, lang_name, {XML_LANG: target_lang})
        term(target, entry.target, "preferredTerm")
        for variant in entry.forbidden:
            term(target, variant, "deprecatedTerm")
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    atomic_write_bytes(path, data + b"\n")
    return len(entries)
