"""One WordprocessingML paragraph (`<w:p>`) read into inline-tagged parts and written back.

Adjacent runs whose formatting differs only in what Word adds for itself (revision ids, proofing
marks, language, `_GoBack`) are merged, so a word Word split for spell-checking is one word again.
A paragraph's base formatting is what its paragraph style gives: the text without direct run
properties, when that text has a word; otherwise (a paragraph all bold but for a word) the
formatting most of its text has. Text with other formatting (bold, a link, a character style)
becomes a paired tag. Tabs and line breaks are text, as in Word's own text model and
python-docx: `<w:tab/>` is "\t", `<w:br/>` (a text-wrapping break) and `<w:cr/>` are "\n", and
the writer turns them back into `<w:tab/>` and `<w:br/>` inside the run. Page and column
breaks, footnote and endnote references, drawings, bookmarks and fields are standalone codes,
put back as they were.

Links are translated inside a paired tag whatever their shape: a `<w:hyperlink>`, a
`<w:fldSimple w:instr="HYPERLINK …">` (both wrap their runs), or a complex HYPERLINK field, whose
begin…separate runs are the opening code and whose end run is the closing code, the display runs
between them read as text with their own formatting. As Okapi's OpenXML filter does by default,
only HYPERLINK fields show their result for translation; the result of any other field (PAGE,
REF, TOC, DATE…) is recomputed by Word and stays inside its code. A field cut off by the
paragraph's end (Word's TOC spans paragraphs) or an end without a begin is kept as a code too.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

from app.formats.base import local
from app.formats.inline import Part, Tag, TagKind

__all__ = ["Code", "FieldCode", "Style", "paragraph_parts", "w", "write_paragraph"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
IGNORED_IN_KEY = {"lang", "noProof", "rsid", "specVanish", "webHidden"}
DROPPED = {"proofErr", "lastRenderedPageBreak"}
TRANSPARENT = {"smartTag", "customXml"}  # wrappers whose runs are read as if unwrapped
SPACE = "{http://www.w3.org/XML/1998/namespace}space"
XML_SPACE = " \t\r\n"  # white space to XML; a no-break space is text
LETTER = re.compile(r"[^\W\d_]")  # a word of text has a letter
CONTROL = re.compile(r"(\t|\r\n|\r|\n)")  # the characters written as `w:tab` and `w:br`


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def is_hyperlink_instruction(instruction: str) -> bool:
    """True for a field instruction such as ` HYPERLINK "https://…" \\o "tip" `."""
    words = instruction.split(maxsplit=1)
    return bool(words) and words[0].upper() == "HYPERLINK"


@dataclass(frozen=True)
class Style:
    """The formatting context of a stretch of text: run properties and the links it is in
    (`w:hyperlink` and HYPERLINK `w:fldSimple` wrappers, outermost first)."""

    key: str
    properties: etree._Element | None
    links: tuple[etree._Element, ...] = ()


def _style(properties: etree._Element | None, links: tuple[etree._Element, ...]) -> Style:
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
    for link in links:
        key += "|link:" + etree.tostring(_shell(link), method="c14n").decode()
    return Style(key, properties, links)


def _shell(element: etree._Element) -> etree._Element:
    return etree.Element(element.tag, {str(k): str(v) for k, v in element.attrib.items()})


def _label(style: Style) -> str:
    if style.links:
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
    label: str = ""


@dataclass(eq=False)
class FieldCode:
    """A complex HYPERLINK field read as a pair: the begin…separate runs (instruction kept as
    it is) open it, the end run closes it, the display text in between is translated."""

    opening: list[etree._Element]
    closing: list[etree._Element] = field(default_factory=list)
    base: Style | None = None  # the formatting most of its display text has

    @property
    def closed(self) -> bool:
        return bool(self.closing)


@dataclass
class _Text:
    style: Style
    text: str
    field: FieldCode | None  # the innermost HYPERLINK field whose display text this is


@dataclass
class _Edge:
    field: FieldCode
    start: bool


@dataclass
class _Collecting:
    """A complex field being read whose result is not translated (or not yet known to be)."""

    elements: list[etree._Element]
    depth: int = 0
    instruction: str = ""
    separated: bool = False


_Item = _Text | Code | _Edge


class _Paragraph:
    """Reads one `<w:p>` into text items, codes and HYPERLINK field edges, in order."""

    def __init__(self, paragraph: etree._Element):
        self.items: list[_Item] = []
        self.collecting: _Collecting | None = None
        self.results: list[FieldCode] = []  # HYPERLINK fields whose display text is being read
        self.goback = {
            mark.get(w("id"))
            for mark in paragraph.iter(w("bookmarkStart"))
            if mark.get(w("name")) == "_GoBack"
        }
        for child in paragraph:
            self._node(child, ())
        if self.collecting is not None:  # the field goes on in the next paragraph
            self.items.append(Code(self.collecting.elements, label="field"))
        for item in self.items:  # a link whose end is in the next paragraph is no pair here
            if isinstance(item, _Text) and item.field is not None and not item.field.closed:
                item.field = None

    def _node(self, node: etree._Element, links: tuple[etree._Element, ...]) -> None:
        name = local(node)
        if self.collecting is not None:
            self.collecting.elements.append(node)
            if name == "r":
                self._collect(node)
            return
        if name in ("pPr", *DROPPED):
            return
        if name == "r":
            self._run(node, links)
        elif name == "hyperlink" or (
            name == "fldSimple" and is_hyperlink_instruction(node.get(w("instr")) or "")
        ):
            for child in node:
                self._node(child, (*links, node))
        elif name in TRANSPARENT:
            for child in node:
                if local(child) not in ("smartTagPr", "customXmlPr"):
                    self._node(child, links)
        elif name in ("bookmarkStart", "bookmarkEnd") and node.get(w("id")) in self.goback:
            return
        else:
            self.items.append(Code([node], label="field" if name == "fldSimple" else ""))

    def _collect(self, run: etree._Element) -> None:
        """Follow the field characters of a run inside a collected field."""
        state = self.collecting
        assert state is not None
        for mark in run.iter(w("fldChar"), w("instrText")):
            if local(mark) == "instrText":
                if state.depth == 1 and not state.separated:
                    state.instruction += mark.text or ""
                continue
            kind = mark.get(w("fldCharType"))
            if kind == "begin":
                state.depth += 1
            elif kind == "end":
                state.depth -= 1
            elif kind == "separate" and state.depth == 1:
                state.separated = True
                if is_hyperlink_instruction(state.instruction) and _ends_run(run, mark):
                    self.results.append(FieldCode(state.elements))
                    self.items.append(_Edge(self.results[-1], start=True))
                    self.collecting = None
                    return
            if state.depth == 0:
                self.items.append(Code(state.elements, label="field"))
                self.collecting = None
                return

    def _run(self, run: etree._Element, links: tuple[etree._Element, ...]) -> None:
        chars = run.findall(w("fldChar"))
        if chars:
            kind = chars[0].get(w("fldCharType"))
            if kind == "begin":
                self.collecting = _Collecting([run])
                self._collect(run)
            elif kind == "end" and self.results and len(chars) == 1 and _only_marks(run):
                result = self.results.pop()
                last = self.items[-1] if self.items else None
                if isinstance(last, _Edge) and last.field is result:  # a link without text
                    self.items[-1] = Code([*result.opening, run], label="field")
                    return
                result.closing = [run]
                self.items.append(_Edge(result, start=False))
            else:  # a separate or end whose begin is not in this paragraph: kept where it is
                self.items.append(Code([run], label="field"))
            return
        properties = run.find(w("rPr"))
        style = _style(properties, links)
        inside = self.results[-1] if self.results else None
        for child in run:
            name = local(child)
            if name == "rPr" or name in DROPPED:
                continue
            if name == "t":
                self.items.append(_Text(style, _text(child), inside))
            elif (character := _character(child)) is not None:
                self.items.append(_Text(style, character, inside))
            else:
                self.items.append(Code([run], properties, child))


def _character(child: etree._Element) -> str | None:
    """The text a tab or a line break stands for ("\t", "\n"); None for any other run content,
    a page or column break, or a break that clears floating objects (its `w:clear` would be
    lost when written back as `<w:br/>`)."""
    name = local(child)
    attributes = {etree.QName(str(k)).localname: v for k, v in child.attrib.items()}
    if name == "tab" and not attributes:
        return "\t"
    if name == "cr" and not attributes:
        return "\n"
    wrapping = attributes.get("type", "textWrapping") == "textWrapping"
    if name == "br" and wrapping and attributes.get("clear", "none") == "none":
        return "\n"
    return None


def _ends_run(run: etree._Element, mark: etree._Element) -> bool:
    """True when nothing but properties and field characters precede `mark`, its run's last child
    (so the runs up to it can be the opening code)."""
    return mark.getparent() is run and run[-1] is mark and _only_marks(run)


def _only_marks(run: etree._Element) -> bool:
    return all(local(child) in ("rPr", "fldChar", "instrText") for child in run)


def _text(element: etree._Element) -> str:
    """A `w:t`'s text as Word and LibreOffice show it: without edge white space unless
    `xml:space="preserve"` applies (set on it or inherited), comments and PIs inside skipped,
    a line end in it a space (a line break is `<w:br/>`; "\n" would be written back as one)."""
    text = (element.text or "") + "".join(child.tail or "" for child in element)
    space = next((e.get(SPACE) for e in element.iterancestors() if e.get(SPACE)), None)
    if element.get(SPACE, space) != "preserve":
        text = text.strip(XML_SPACE)
    return text.replace("\r", " ").replace("\n", " ")


def paragraph_parts(paragraph: etree._Element) -> tuple[list[Part], Style | None]:
    """The paragraph's parts and its base style (None when it has no text)."""
    items = _Paragraph(paragraph).items
    if not any(isinstance(item, _Text) and item.text for item in items):
        return [], None
    base = _base(items, None)
    for item in items:
        if isinstance(item, _Edge) and item.start:
            item.field.base = _base(items, item.field)
    return _Builder(base).build(items), base


def _base(items: list[_Item], inside: FieldCode | None) -> Style | None:
    """The base style of the text directly inside `inside` (the paragraph for None): the one
    without direct properties (what the paragraph style gives) when its text has a word, else
    the one with the most text. Links are left out of the paragraph's count (a link is never
    the paragraph's base)."""
    weight: dict[str, int] = {}
    styles: dict[str, Style] = {}
    plain_words = False  # text without direct properties has a word
    for item in items:
        if isinstance(item, _Text) and item.field is inside:
            if inside is None and item.style.links:
                continue
            weight[item.style.key] = weight.get(item.style.key, 0) + len(item.text)
            styles.setdefault(item.style.key, item.style)
            plain_words = plain_words or (item.style.key == "" and bool(LETTER.search(item.text)))
    if plain_words:
        return styles[""]
    return styles[max(weight, key=weight.__getitem__)] if weight else None


class _Builder:
    """Items to parts: style tags never cross a code or a field edge; fields nest."""

    def __init__(self, base: Style | None):
        self.base = base
        self.parts: list[Part] = []
        self.counter = 0
        self.style: tuple[str, str, str] | None = None  # (id, key, label) of the open style tag
        self.fields: list[tuple[str, FieldCode]] = []

    def build(self, items: list[_Item]) -> list[Part]:
        for item in items:
            if isinstance(item, _Text):
                self._text(item)
                continue
            self._close_style()
            if isinstance(item, _Edge) and not item.start:
                opened, _field = self.fields.pop()
                self.parts.append(Tag(TagKind.CLOSE, opened, "link", item.field))
                continue
            self.counter += 1
            number = str(self.counter)
            if isinstance(item, Code):
                label = item.label or (
                    local(item.child) if item.child is not None else local(item.elements[0])
                )
                self.parts.append(Tag(TagKind.STANDALONE, number, label or "code", item))
            elif item.field.closed:
                self.parts.append(Tag(TagKind.OPEN, number, "link", item.field))
                self.fields.append((number, item.field))
            else:  # its end is in another paragraph
                code = Code(item.field.opening, label="field")
                self.parts.append(Tag(TagKind.STANDALONE, number, "field", code))
        self._close_style()
        return self.parts

    def _text(self, item: _Text) -> None:
        """Text in the context's base style as it is, other text inside a style tag; a
        formatted tab or line break gets a tag of its own, so the text is cut there for
        translation (`docx_breaks.py`) and the break keeps its run's formatting."""
        context = self.fields[-1][1].base if self.fields else self.base
        plain = context is not None and item.style.key == context.key
        alone = not plain and item.text in ("\t", "\n")
        if self.style is not None and (plain or alone or item.style.key != self.style[1]):
            self._close_style()
        if not plain and self.style is None:
            self.counter += 1
            label = _label(item.style)
            self.parts.append(Tag(TagKind.OPEN, str(self.counter), label, item.style))
            self.style = (str(self.counter), item.style.key, label)
        self.parts.append(item.text)
        if alone:
            self._close_style()

    def _close_style(self) -> None:
        if self.style is not None:
            self.parts.append(Tag(TagKind.CLOSE, self.style[0], self.style[2]))
            self.style = None


def write_paragraph(paragraph: etree._Element, parts: list[Part], base: Style | None) -> None:
    """Replace the content of `paragraph` (its properties stay) by runs built from `parts`."""
    for child in list(paragraph):
        if local(child) != "pPr":
            paragraph.remove(child)
    _Writer(paragraph, base).write(parts)


class _Writer:
    """Parts to runs. Whatever order the tags come in, every field written is whole: a field
    closed before it opened is written empty there, one never closed is closed at the end."""

    def __init__(self, paragraph: etree._Element, base: Style | None):
        self.paragraph = paragraph
        self.stack: list[tuple[str, Style | None]] = [("", base)]
        self.used: set[int] = set()
        self.open_fields: dict[str, FieldCode] = {}
        self.done_fields: set[str] = set()
        self.links: list[tuple[etree._Element, etree._Element]] = []  # (original, written)

    def write(self, parts: list[Part]) -> None:
        for part in parts:
            if isinstance(part, str):
                self._run(part)
            elif part.kind is TagKind.OPEN:
                self._open(part)
            elif part.kind is TagKind.CLOSE:
                self._close(part)
            elif isinstance(part.payload, Code):
                self._append(_code_elements(part.payload, id(part.payload) in self.used))
                self.used.add(id(part.payload))
        for opened in self.open_fields.values():
            self._append(opened.closing)

    def _open(self, tag: Tag) -> None:
        if isinstance(tag.payload, FieldCode):
            if tag.id in self.done_fields or tag.id in self.open_fields:
                return
            self._append(tag.payload.opening)
            self.open_fields[tag.id] = tag.payload
            self.stack.append((tag.id, tag.payload.base or self.stack[-1][1]))
        else:
            style = tag.payload if isinstance(tag.payload, Style) else self.stack[-1][1]
            self.stack.append((tag.id, style))

    def _close(self, tag: Tag) -> None:
        if isinstance(tag.payload, FieldCode) and tag.id not in self.done_fields:
            if tag.id not in self.open_fields:
                self._append([*tag.payload.opening, *tag.payload.closing])
            else:
                self._append(self.open_fields.pop(tag.id).closing)
            self.done_fields.add(tag.id)
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag.id:
                del self.stack[index]
                break

    def _append(self, elements: list[etree._Element]) -> None:
        self.links = []
        for element in elements:
            self.paragraph.append(element)

    def _run(self, text: str) -> None:
        """One run of `text` in the current style: tabs and line breaks in it as `<w:tab/>` and
        `<w:br/>` between its `<w:t>`s, so they keep the run's properties."""
        if not text:
            return
        style = self.stack[-1][1]
        run = etree.Element(w("r"))
        if style is not None and style.properties is not None:
            run.append(copy.deepcopy(style.properties))
        for chunk in CONTROL.split(text):
            if chunk == "\t":
                etree.SubElement(run, w("tab"))
            elif chunk in ("\n", "\r", "\r\n"):
                etree.SubElement(run, w("br"))
            elif chunk:
                element = etree.SubElement(run, w("t"))
                element.text = chunk
                if chunk != chunk.strip():
                    element.set(SPACE, "preserve")
        self._container(style.links if style is not None else ()).append(run)

    def _container(self, links: tuple[etree._Element, ...]) -> etree._Element:
        """The written wrapper for `links`, reusing the wrappers the previous run is in."""
        shared = 0
        while shared < min(len(links), len(self.links)) and self.links[shared][0] is links[shared]:
            shared += 1
        del self.links[shared:]
        for link in links[shared:]:
            shell = _shell(link)
            (self.links[-1][1] if self.links else self.paragraph).append(shell)
            self.links.append((link, shell))
        return self.links[-1][1] if self.links else self.paragraph


def _code_elements(code: Code, again: bool) -> list[etree._Element]:
    if code.child is None:
        return [copy.deepcopy(e) if again else e for e in code.elements]
    run = etree.Element(w("r"))
    if code.properties is not None:
        run.append(copy.deepcopy(code.properties))
    run.append(copy.deepcopy(code.child) if again else code.child)
    return [run]
