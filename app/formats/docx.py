"""DOCX at the OOXML level: paragraphs of the body, tables, headers, footers, footnotes, endnotes
and text boxes in; the same package out with only those paragraphs' runs rewritten.

Adjacent runs whose formatting differs only in what Word adds for itself (revision ids, proofing
marks, language, `_GoBack`) are merged, so a word Word split for spell-checking is one word again.
The formatting most of a paragraph's text has is its base; text with other formatting (bold, a
link, a character style) becomes a paired tag. Fields, footnote and endnote references, tabs,
breaks, drawings and bookmarks are standalone tags. Documents with tracked changes are refused:
which version to translate is the author's decision, not ours.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from app.formats.base import FileDocument, FormatError, Unit, local, parse_xml
from app.formats.inline import Part, Tag, TagKind
from glossary.atomic import atomic_write_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
TRACKED = ("ins", "del", "moveFrom", "moveTo")
IGNORED_IN_KEY = {"lang", "noProof", "rsid", "specVanish", "webHidden"}
DROPPED = {"proofErr", "lastRenderedPageBreak"}
TRANSPARENT = {"smartTag", "customXml"}  # wrappers whose runs are read as if unwrapped
SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MAX_PART_BYTES = 256 * 2**20  # a text part larger than this unpacked is a ZIP bomb, not a letter


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass(frozen=True)
class Style:
    """The formatting context of a stretch of text: run properties and the link it is in."""

    key: str
    properties: etree._Element | None
    link: etree._Element | None


def _style(properties: etree._Element | None, link: etree._Element | None) -> Style:
    key = ""
    if properties is not None:
        kept = copy.deepcopy(properties)
        for child in list(kept):
            if local(child) in IGNORED_IN_KEY:
                kept.remove(child)
        for child in kept.iter():
            for attribute in list(child.attrib):
                if "rsid" in str(attribute) or str(attribute).endswith("}hint"):
                    del child.attrib[attribute]
        key = etree.tostring(kept, method="c14n").decode() if len(kept) else ""
    if link is not None:
        key += "|link:" + etree.tostring(_shell(link), method="c14n").decode()
    return Style(key, properties, link)


def _shell(element: etree._Element) -> etree._Element:
    return etree.Element(element.tag, {str(k): str(v) for k, v in element.attrib.items()})


def _label(style: Style) -> str:
    if style.link is not None:
        return "link"
    names = [local(c) for c in style.properties] if style.properties is not None else []
    for name, label in (("b", "b"), ("i", "i"), ("u", "u"), ("rStyle", "style")):
        if name in names:
            return label
    return "fmt"


@dataclass
class Code:
    """A standalone code: elements put back as they were (a run holding `child`, if given)."""

    elements: list[etree._Element]
    properties: etree._Element | None = None
    child: etree._Element | None = None


class _Paragraph:
    """Reads one `<w:p>` into (style, text) items and codes, in order."""

    def __init__(self, paragraph: etree._Element):
        self.items: list[tuple[Style, str] | Code] = []
        self.field: list[etree._Element] | None = None
        self.depth = 0
        for child in paragraph:
            self._node(child, None)

    def _node(self, node: etree._Element, link: etree._Element | None) -> None:
        name = local(node)
        if self.field is not None:
            self.field.append(node)
            if name == "r":
                self._track_field(node)
            return
        if name in ("pPr", *DROPPED):
            return
        if name == "r":
            self._run(node, link)
        elif name == "hyperlink":
            for child in node:
                self._node(child, node)
        elif name in TRANSPARENT:
            for child in node:
                if local(child) not in ("smartTagPr", "customXmlPr"):
                    self._node(child, link)
        elif (name == "bookmarkStart" and node.get(w("name")) == "_GoBack") or (
            name == "bookmarkEnd" and self._goback_end(node)
        ):
            return
        else:
            self.items.append(Code([node]))

    def _goback_end(self, node: etree._Element) -> bool:
        start = node.getparent()
        if start is None:
            return False
        for mark in start.iter(w("bookmarkStart")):
            if mark.get(w("id")) == node.get(w("id")):
                return mark.get(w("name")) == "_GoBack"
        return False

    def _track_field(self, run: etree._Element) -> None:
        for char in run.iter(w("fldChar")):
            kind = char.get(w("fldCharType"))
            self.depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if self.depth == 0 and self.field is not None:
            self.items.append(Code(self.field))
            self.field = None

    def _run(self, run: etree._Element, link: etree._Element | None) -> None:
        if run.find(w("fldChar")) is not None:
            self.field = [run]
            self.depth = 0
            self._track_field(run)
            return
        properties = run.find(w("rPr"))
        style = _style(properties, link)
        for child in run:
            name = local(child)
            if name == "rPr" or name in DROPPED:
                continue
            if name == "t":
                text = child.text or ""
                if child.get(SPACE) != "preserve":  # as Word and LibreOffice read it
                    text = text.strip()
                self.items.append((style, text))
            else:
                self.items.append(Code([run], properties, child))


def paragraph_parts(paragraph: etree._Element) -> tuple[list[Part], Style | None]:
    """The paragraph's parts and its base style (None when it has no text)."""
    items = _Paragraph(paragraph).items
    weight: dict[str, int] = {}
    styles: dict[str, Style] = {}
    for item in items:
        if isinstance(item, tuple) and item[0].link is None:
            weight[item[0].key] = weight.get(item[0].key, 0) + len(item[1])
            styles.setdefault(item[0].key, item[0])
    if not any(isinstance(item, tuple) and item[1] for item in items):
        return [], None
    base = styles[max(weight, key=weight.__getitem__)] if weight else None
    parts: list[Part] = []
    open_key: str | None = None
    counter = 0
    for item in items:
        if isinstance(item, Code):
            if open_key is not None:
                parts.append(Tag(TagKind.CLOSE, str(counter), ""))
                open_key = None
            counter += 1
            label = local(item.child) if item.child is not None else local(item.elements[0])
            parts.append(Tag(TagKind.STANDALONE, str(counter), label or "code", item))
            continue
        style, text = item
        plain = base is not None and style.key == base.key
        if open_key is not None and (plain or style.key != open_key):
            parts.append(Tag(TagKind.CLOSE, str(counter), ""))
            open_key = None
        if not plain and open_key is None:
            counter += 1
            parts.append(Tag(TagKind.OPEN, str(counter), _label(style), style))
            open_key = style.key
        parts.append(text)
    if open_key is not None:
        parts.append(Tag(TagKind.CLOSE, str(counter), ""))
    return _labelled_closes(parts), base


def _labelled_closes(parts: list[Part]) -> list[Part]:
    labels = {p.id: p.label for p in parts if isinstance(p, Tag) and p.kind is TagKind.OPEN}
    return [
        Tag(TagKind.CLOSE, p.id, labels.get(p.id, ""))
        if isinstance(p, Tag) and p.kind is TagKind.CLOSE
        else p
        for p in parts
    ]


def write_paragraph(paragraph: etree._Element, parts: list[Part], base: Style | None) -> None:
    """Replace the content of `paragraph` (its properties stay) by runs built from `parts`."""
    for child in list(paragraph):
        if local(child) != "pPr":
            paragraph.remove(child)
    stack: list[Style | None] = [base]
    used: set[int] = set()
    link_shell: tuple[etree._Element, etree._Element] | None = None  # (original, written)
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            style = stack[-1]
            run = etree.Element(w("r"))
            if style is not None and style.properties is not None:
                run.append(copy.deepcopy(style.properties))
            text = etree.SubElement(run, w("t"))
            text.text = part
            if part != part.strip():
                text.set(SPACE, "preserve")
            link = style.link if style is not None else None
            if link is None:
                paragraph.append(run)
                link_shell = None
                continue
            if link_shell is None or link_shell[0] is not link:
                link_shell = (link, _shell(link))
                paragraph.append(link_shell[1])
            link_shell[1].append(run)
        elif part.kind is TagKind.OPEN:
            stack.append(part.payload if isinstance(part.payload, Style) else stack[-1])
        elif part.kind is TagKind.CLOSE:
            if len(stack) > 1:
                stack.pop()
        elif isinstance(part.payload, Code):
            link_shell = None
            for element in _code_elements(part.payload, id(part.payload) in used):
                paragraph.append(element)
            used.add(id(part.payload))


def _code_elements(code: Code, again: bool) -> list[etree._Element]:
    if code.child is None:
        return [copy.deepcopy(e) if again else e for e in code.elements]
    run = etree.Element(w("r"))
    if code.properties is not None:
        run.append(copy.deepcopy(code.properties))
    run.append(copy.deepcopy(code.child) if again else code.child)
    return [run]


class DocxDocument(FileDocument):
    kind = "docx"

    def __init__(self, path: Path, data: bytes):
        super().__init__(path)
        self.data = data
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise FormatError(f"{path}: not a DOCX file (not a ZIP package)") from None
        with archive:
            names = archive.namelist()
            if "word/document.xml" not in names:
                raise FormatError(f"{path}: not a DOCX file (no word/document.xml)")
            for info in archive.infolist():
                if TEXT_PARTS.fullmatch(info.filename) and info.file_size > MAX_PART_BYTES:
                    raise FormatError(
                        f"{path}: {info.filename} unpacks to {info.file_size // 2**20} MiB; "
                        f"Wortlaut reads text parts up to {MAX_PART_BYTES // 2**20} MiB"
                    )
            ordered = [
                "word/document.xml",
                *sorted(n for n in names if TEXT_PARTS.fullmatch(n) and n != "word/document.xml"),
            ]
            self.trees = {n: parse_xml(archive.read(n), f"{path}: {n}") for n in ordered}
        self._refuse_tracked_changes()
        self.places: list[tuple[str, etree._Element, Style | None]] = []
        for name, tree in self.trees.items():
            for number, paragraph in enumerate(tree.getroot().iter(w("p")), 1):
                parts, base = paragraph_parts(paragraph)
                if not any(isinstance(p, str) and p.strip() for p in parts):
                    continue
                self.units.append(Unit.make(parts, f"{path.name}: {name}, paragraph {number}"))
                self.places.append((name, paragraph, base))

    def _refuse_tracked_changes(self) -> None:
        for name, tree in self.trees.items():
            for kind in TRACKED:
                found = next(tree.getroot().iter(w(kind)), None)
                if found is not None:
                    raise FormatError(
                        f"{self.path}: {name}, line {found.sourceline}: the document has tracked "
                        "changes; Wortlaut does not translate them (it would have to choose "
                        "between the versions). Accept or reject all changes in Word or "
                        "LibreOffice (Review ▸ Accept All), save, and open it again."
                    )

    def save(self, path: Path, target_language: str = "en") -> None:
        changed: set[str] = set()
        # Last first: a text box's paragraphs sit inside a run of an earlier paragraph, and
        # rewriting that paragraph moves the (already translated) text box along.
        for unit, (name, paragraph, base) in reversed(
            list(zip(self.units, self.places, strict=True))
        ):
            if unit.translated:
                write_paragraph(paragraph, unit.target(), base)
                changed.add(name)
        del target_language  # the document's language settings stay the author's
        out = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(self.data)) as source,
            zipfile.ZipFile(out, "w") as target,
        ):
            for info in source.infolist():
                if info.filename in changed:
                    body = etree.tostring(
                        self.trees[info.filename],
                        xml_declaration=True,
                        encoding="UTF-8",
                        standalone=True,
                    )
                else:
                    body = source.read(info)
                target.writestr(info, body, compress_type=info.compress_type)
        atomic_write_bytes(path, out.getvalue())
