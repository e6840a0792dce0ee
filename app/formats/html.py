"""HTML: the text of block elements and of attributes people read; inline elements are tags.

Inline elements (`strong`, `em`, `a`, `span`, `time`, `button` …) become paired tags around their
text; `br`, `img`, comments and elements whose content must stay as written (`code`, `kbd`, `samp`,
`var`, anything `translate="no"`) are standalone tags. `script`, `style`, `pre`, `textarea`,
`template`, inline SVG/MathML and `translate="no"` subtrees are not read; `noscript` is (people
without scripts read it). Attributes: `alt`, `title`, `placeholder`, `aria-label`, the `value` of
buttons and the `content` of `<meta name="description|keywords">`, as Okapi and memoQ do.
The output sets `lang` (and `xml:lang` where the page has it) to the target language on `<html>`
and on every element whose German text was read (a French quotation or a `<pre>` keeps its own),
is UTF-8 and says so, keeps the page's doctype and XML declaration (and adds none), and a fragment
(no `<html>`, `<head>` or `<body>` in the file, as CMS exports are) stays a fragment.
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
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "button", "cite", "data", "del", "dfn",
    "em", "font", "i", "ins", "label", "mark", "nobr", "q", "s", "small", "span", "strike",
    "strong", "sub", "sup", "time", "tt", "u",
}  # fmt: skip
OPAQUE_INLINE = {"br", "img", "wbr", "code", "kbd", "samp", "var", "input", "svg", "math"}
SKIPPED = {"script", "style", "pre", "textarea", "template", "svg", "math", "head"}
ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
BUTTON_TYPES = {"button", "submit", "reset"}  # <input type=…> whose `value` is its label
META_NAMES = {"description", "keywords"}
LANG_ATTRIBUTES = ("lang", "xml:lang")
EXPECTED = "HTML pages (UTF-8, UTF-16 with BOM, or the charset the page declares)"


def _name(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _is_inline(element: etree._Element) -> bool:
    name = _name(element)
    return name in INLINE or name in OPAQUE_INLINE or not isinstance(element.tag, str)


def _german(language: str | None) -> bool:
    return language is not None and language.lower().split("-")[0] == "de"


def _no(element: etree._Element) -> bool:
    return element.get("translate") == "no"


DECLARED = re.compile(
    rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding=[\"']([A-Za-z0-9_.:-]+)",
    re.IGNORECASE,
)
XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>\s*", re.IGNORECASE)
DOCTYPE = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<!doctype", re.IGNORECASE | re.DOTALL)
DOCUMENT_TAG = re.compile(r"<(?:html|head|body)[\s>/]", re.IGNORECASE)


def _decoded(data: bytes, path: Path) -> str:
    """UTF-8/UTF-16 (BOM) as every Wortlaut input, else the charset the page (or its XML
    declaration) names, else Windows-1252: what browsers assume for a German page saying nothing."""
    try:
        return decode_bytes(data, source=str(path), expected=EXPECTED).text
    except InputError as exc:
        declared = DECLARED.search(data[:4096])
        if declared is None:
            if "not valid UTF-8" not in str(exc):
                raise FormatError(str(exc)) from None
            try:
                return decode_bytes(data, source=str(path), allow_legacy=True).text
            except InputError:
                raise FormatError(str(exc)) from None
        charset = (declared.group(1) or declared.group(2)).decode("ascii")
        try:
            return data.decode(charset)
        except LookupError:
            raise FormatError(f"{path}: the page declares charset {charset}, unknown") from None
        except UnicodeDecodeError as bad:
            line = data.count(b"\n", 0, bad.start) + 1
            raise FormatError(
                f"{path}: line {line}: the page declares charset {charset}, but byte "
                f"0x{data[bad.start]:02x} at offset {bad.start} is not {charset}"
            ) from None


class HtmlDocument(FileDocument):
    kind = "html"

    def __init__(self, path: Path, data: bytes):
        super().__init__(path)
        self.encoding = "utf-8"
        text = _decoded(data, path)
        if not text.strip():
            raise FormatError(f"{path}: empty HTML file")
        declaration = XML_DECLARATION.match(text)  # XHTML: lxml refuses it in a str
        self.declaration = declaration is not None
        if declaration is not None:
            text = text[declaration.end() :]
        declared_doctype = DOCTYPE.match(text) is not None
        self.fragment = not declared_doctype and DOCUMENT_TAG.search(text) is None
        self.ending = text[len(text.rstrip()) :]
        parser = safe_parser(html=True)
        root = etree.fromstring(text, parser)
        if root is None:
            raise FormatError(f"{path}: no HTML content")
        for error in parser.error_log:  # the parser stops reading there but does not fail
            if error.type_name == "ERR_RESOURCE_LIMIT":
                problem = error.message.split(",")[0].strip()
                if "depth" in problem:
                    problem = "elements nested too deeply to read (more than 256 levels)"
                elif "Buffer size" in problem:
                    problem = "a text of more than 10 MB without markup is too long to read"
                raise FormatError(f"{path}: line {error.line}: {problem}")
        self.tree = root.getroottree()
        self.doctype = (
            str(getattr(self.tree.docinfo, "doctype", "") or "") if declared_doctype else ""
        )
        # Per unit: ("text", parent, first child index, end child index) or ("attr", el, name).
        self.places: list[tuple[str, etree._Element, int | str, int]] = []
        self.german: list[etree._Element] = []  # read elements marked lang="de…": become target
        head = root.find("head")
        if head is not None:
            for title in head.iter("title"):
                self._block(title)
            for meta in head.iter("meta"):
                if (meta.get("name") or "").lower() in META_NAMES:
                    self._attribute(meta, "content")
        self._block(root)

    def _block(self, element: etree._Element) -> None:
        """Units of `element`: runs of text and inline children between block children."""
        if _name(element) in SKIPPED or _no(element):
            return
        self._note_language(element)
        self._attributes(element)
        children = list(element)
        start = 0
        for index, child in enumerate([*children, None]):
            if child is not None and _is_inline(child):
                continue
            self._run(element, children, start, index)
            if child is not None:
                self._block(child)
            start = index + 1

    def _run(
        self, parent: etree._Element, children: list[etree._Element], start: int, end: int
    ) -> None:
        """One unit from the text before children[start] through children[end-1] and its tail."""
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
        if name in OPAQUE_INLINE or not isinstance(element.tag, str) or _no(element):
            if isinstance(element.tag, str) and not _no(element):
                self._attributes(element)
            return [Tag(TagKind.STANDALONE, tag_id, name, element)]
        self._note_language(element)
        self._attributes(element)
        # The payload is the element itself: written back with its attributes as they are then
        # (an `alt`/`title` translated meanwhile), without its old content.
        parts: list[Part] = [Tag(TagKind.OPEN, tag_id, name, element), element.text or ""]
        for child in element:
            parts += self._inline(child, counter)
            parts.append(child.tail or "")
        parts.append(Tag(TagKind.CLOSE, tag_id, name))
        return parts

    def _note_language(self, element: etree._Element) -> None:
        """Remember an element whose text is read and said to be German."""
        if any(_german(element.get(name)) for name in LANG_ATTRIBUTES):
            self.german.append(element)

    def _attributes(self, element: etree._Element) -> None:
        for attribute in ATTRIBUTES:
            self._attribute(element, attribute)
        if _name(element) == "input" and (element.get("type") or "").lower() in BUTTON_TYPES:
            self._attribute(element, "value")

    def _attribute(self, element: etree._Element, attribute: str) -> None:
        value = element.get(attribute)
        if value and value.strip():
            line = element.sourceline or "?"
            where = f"{self.path.name}: line {line}: <{_name(element)} {attribute}>"
            self.units.append(Unit.make([value], where))
            self.places.append(("attr", element, attribute, 0))

    def save(self, path: Path, target_language: str = "en") -> None:
        root = self.tree.getroot()
        # Attributes first (a run's tags copy their element's attributes), then the runs of
        # each parent at once, so a parent's children are listed once however many runs it has.
        runs: dict[int, tuple[etree._Element, list[tuple[int, int, list[Part]]]]] = {}
        for unit, (kind, element, where, end) in zip(self.units, self.places, strict=True):
            if not unit.translated:
                continue
            if kind == "attr":
                element.set(str(where), "".join(p for p in unit.target() if isinstance(p, str)))
            else:
                assert isinstance(where, int)
                runs.setdefault(id(element), (element, []))[1].append((where, end, unit.target()))
        for element in self.german:  # before the runs: their tags copy these attributes
            for name in LANG_ATTRIBUTES:
                if _german(element.get(name)):
                    element.set(name, target_language)
        for parent, replaced in runs.values():
            _replace_runs(parent, replaced)
        if _name(root) == "html":
            root.set("lang", target_language)
            if root.get("xml:lang") is not None:
                root.set("xml:lang", target_language)
        for meta in root.iter("meta"):  # the file is written as UTF-8: say so
            if meta.get("charset") is not None:
                meta.set("charset", "utf-8")
            elif (meta.get("http-equiv") or "").lower() == "content-type":
                meta.set("content", "text/html; charset=utf-8")
        atomic_write_bytes(path, self._serialized().encode(self.encoding))

    def _serialized(self) -> str:
        root = self.tree.getroot()
        if self.fragment:  # the parser's <html><head><body> around it were not in the file
            head, body = root.find("head"), root.find("body")
            out = [body.text or ""] if body is not None else []
            for holder in (head, body):
                for child in holder if holder is not None else ():
                    out.append(etree.tostring(child, method="html", encoding="unicode"))
            page = "".join(out).strip()
        else:
            page = etree.tostring(
                self.tree, method="html", encoding="unicode", doctype=self.doctype
            ).strip()
        declaration = '<?xml version="1.0" encoding="utf-8"?>\n' if self.declaration else ""
        return declaration + page + self.ending


def _replace_runs(parent: etree._Element, runs: list[tuple[int, int, list[Part]]]) -> None:
    """Replace each run (children[start:end] with the text before them) by its parts."""
    children = list(parent)
    out: list[etree._Element] = []
    position = 0
    for start, end, parts in sorted(runs, key=lambda run: run[0]):
        out += children[position:start]
        lead, nodes = _build(parts)
        if start == 0:
            parent.text = lead
        else:
            children[start - 1].tail = lead
        out += nodes
        position = end
    out += children[position:]
    parent[:] = out


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
