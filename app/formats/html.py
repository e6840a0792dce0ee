"""HTML: the text of block elements and `alt`/`title` attributes; inline elements are tags.

Inline elements (`strong`, `em`, `a`, `span`, `time` …) become paired tags around their text;
`br`, `img`, comments and elements whose content must stay as written (`code`, `kbd`, `samp`,
`var`, anything `translate="no"`) are standalone tags. `script`, `style`, `pre`, `textarea` and
`translate="no"` subtrees are not read. The output sets `lang` on `<html>` to the target language.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from lxml import etree

from app.formats.base import FileDocument, FormatError, Unit, safe_parser
from app.formats.inline import Part, Tag, TagKind
from glossary.atomic import atomic_write_bytes
from glossary.encoding import decode_bytes
from glossary.errors import InputError

INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "font", "i", "ins",
    "label", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "time", "u",
}  # fmt: skip
OPAQUE_INLINE = {"br", "img", "wbr", "code", "kbd", "samp", "var", "input", "svg", "math"}
SKIPPED = {"script", "style", "pre", "textarea", "template", "noscript", "svg", "math", "head"}
ATTRIBUTES = ("alt", "title")


def _name(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _is_inline(element: etree._Element) -> bool:
    name = _name(element)
    return name in INLINE or name in OPAQUE_INLINE or not isinstance(element.tag, str)


def _no(element: etree._Element) -> bool:
    return element.get("translate") == "no"


DECLARED = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _decoded(data: bytes, path: Path) -> str:
    """UTF-8/UTF-16 (BOM) as every Wortlaut input, else the charset the page declares."""
    try:
        return decode_bytes(data, source=str(path)).text
    except InputError as exc:
        declared = DECLARED.search(data[:4096])
        if declared is None:
            raise FormatError(str(exc)) from None
        charset = declared.group(1).decode("ascii")
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise FormatError(
                f"{path}: the page declares charset {charset}, but its bytes are not {charset}"
            ) from None


class HtmlDocument(FileDocument):
    kind = "html"

    def __init__(self, path: Path, data: bytes):
        super().__init__(path)
        self.encoding = "utf-8"
        text = _decoded(data, path)
        if not text.strip():
            raise FormatError(f"{path}: empty HTML file")
        self.doctype = ""
        root = etree.fromstring(text, safe_parser(html=True))
        if root is None:
            raise FormatError(f"{path}: no HTML content")
        self.tree = root.getroottree()
        self.doctype = str(getattr(self.tree.docinfo, "doctype", "") or "")
        # Per unit: ("text", parent, first child index, end child index) or ("attr", el, name).
        self.places: list[tuple[str, etree._Element, int | str, int]] = []
        head = root.find("head")
        if head is not None:
            for title in head.iter("title"):
                self._block(title)
        self._block(root)

    def _block(self, element: etree._Element) -> None:
        """Units of `element`: runs of text and inline children between block children."""
        if _name(element) in SKIPPED or _no(element):
            return
        self._attributes(element)
        children = list(element)
        start = 0
        for index, child in enumerate([*children, None]):
            if child is not None and _is_inline(child):
                continue
            self._run(element, start, index)
            if child is not None:
                self._block(child)
            start = index + 1

    def _run(self, parent: etree._Element, start: int, end: int) -> None:
        """One unit from the text before children[start] through children[end-1] and its tail."""
        children = list(parent)
        lead = parent.text if start == 0 else children[start - 1].tail
        parts: list[Part] = [lead or ""]
        counter = [0]
        for child in children[start:end]:
            parts += self._inline(child, counter)
            parts.append(child.tail or "")
        if not any(isinstance(p, str) and p.strip() for p in parts):
            return
        line = parent.sourceline or "?"
        self.units.append(Unit.make(parts, f"{self.path.name}: line {line}: <{_name(parent)}>"))
        self.places.append(("text", parent, start, end))

    def _inline(self, element: etree._Element, counter: list[int]) -> list[Part]:
        counter[0] += 1
        tag_id = str(counter[0])
        name = _name(element) or "comment"
        self._attributes(element)
        if name in OPAQUE_INLINE or not isinstance(element.tag, str) or _no(element):
            return [Tag(TagKind.STANDALONE, tag_id, name, element)]
        # The payload is the element itself: written back with its attributes as they are then
        # (an `alt`/`title` translated meanwhile), without its old content.
        parts: list[Part] = [Tag(TagKind.OPEN, tag_id, name, element), element.text or ""]
        for child in element:
            parts += self._inline(child, counter)
            parts.append(child.tail or "")
        parts.append(Tag(TagKind.CLOSE, tag_id, name))
        return parts

    def _attributes(self, element: etree._Element) -> None:
        for attribute in ATTRIBUTES:
            value = element.get(attribute)
            if value and value.strip():
                line = element.sourceline or "?"
                where = f"{self.path.name}: line {line}: <{_name(element)} {attribute}>"
                self.units.append(Unit.make([value], where))
                self.places.append(("attr", element, attribute, 0))

    def save(self, path: Path, target_language: str = "en") -> None:
        root = self.tree.getroot()
        # Attributes first, then text runs from the last to the first: replacing a run changes
        # the children of its parent, which would move the indices of runs read before it.
        for unit, (kind, element, where, _end) in zip(self.units, self.places, strict=True):
            if kind == "attr" and unit.translated:
                element.set(str(where), "".join(p for p in unit.target() if isinstance(p, str)))
        for unit, (kind, element, where, end) in reversed(
            list(zip(self.units, self.places, strict=True))
        ):
            if kind == "text" and unit.translated:
                assert isinstance(where, int)
                _replace_run(element, where, end, unit.target())
        if _name(root) == "html":
            root.set("lang", target_language)
        for meta in root.iter("meta"):  # the file is written as UTF-8: say so
            if meta.get("charset") is not None:
                meta.set("charset", "utf-8")
            elif (meta.get("http-equiv") or "").lower() == "content-type":
                meta.set("content", "text/html; charset=utf-8")
        body = etree.tostring(root, method="html", encoding="unicode")
        doctype = self.doctype + "\n" if self.doctype else ""
        atomic_write_bytes(path, (doctype + body).encode(self.encoding))


def _replace_run(parent: etree._Element, start: int, end: int, parts: list[Part]) -> None:
    children = list(parent)
    after = children[end - 1].tail if end > start else None
    for child in children[start:end]:
        parent.remove(child)
    del after  # the run's last tail is part of `parts`, rebuilt below
    lead, nodes = _build(parts)
    if start == 0:
        parent.text = lead
    else:
        children[start - 1].tail = lead
    for offset, node in enumerate(nodes):
        parent.insert(start + offset, node)


def _code(element: etree._Element) -> etree._Element:
    code = copy.deepcopy(element)
    code.tail = None
    return code


def _shell(element: etree._Element) -> etree._Element:
    return etree.Element(element.tag, {str(k): str(v) for k, v in element.attrib.items()})


def _build(parts: list[Part]) -> tuple[str, list[etree._Element]]:
    """Top-level text (first item, if any) and elements with their tails, from parts."""
    holder = etree.Element("holder")
    stack = [holder]
    last: list[etree._Element | None] = [None]

    def add_text(text: str) -> None:
        node = last[-1]
        if node is None:
            stack[-1].text = (stack[-1].text or "") + text
        else:
            node.tail = (node.tail or "") + text

    for part in parts:
        if isinstance(part, str):
            add_text(part)
        elif part.kind is TagKind.OPEN and isinstance(part.payload, etree._Element):
            new = _shell(part.payload)
            stack[-1].append(new)
            stack.append(new)
            last.append(None)
        elif part.kind is TagKind.CLOSE and len(stack) > 1:
            closed = stack.pop()
            last.pop()
            last[-1] = closed
        elif part.kind is TagKind.STANDALONE and isinstance(part.payload, etree._Element):
            code = _code(part.payload)
            stack[-1].append(code)
            last[-1] = code
    while len(stack) > 1:  # an unclosed tag (a hand-edited target): close it at the end
        closed = stack.pop()
        last.pop()
        last[-1] = closed
    return holder.text or "", list(holder)
