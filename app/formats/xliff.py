"""XLIFF 1.2 and 2.0/2.1: the units still to translate in, their `<target>`s out.

1.2: a `trans-unit` is translated when it is not `translate="no"`, not `approved="yes"` and its
target (if any) is in none of the states that mean a person already worked on it
(`translated`, `needs-review-*`, `final`, `signed-off`). Segmented units (`<seg-source>` with
`<mrk mtype="seg">`, as Okapi and Trados write them) are translated segment by segment; a Trados
segment whose `sdl:seg` is locked or confirmed is left. The state we write says how far the
work went (`Unit.status`) and where the words came from (`Unit.origin`):
- as the machine left it: `state="needs-review-translation"` with `state-qualifier=
  "leveraged-mt"` (`leveraged-tm` for a memory match, none for a copy of the source);
- edited by the translator, not confirmed: `needs-review-translation` (the spec: "only the text
  of the item needs to be reviewed"; the translator has not approved it yet);
- confirmed by the translator: `translated` ("the item has been translated"). Not `signed-off`:
  that is "changes are reviewed and approved", a reviewer's step after the translator's.
The qualifier names the words' origin whatever the state ("the translation is derived from a
machine translation" stays true of MT confirmed unchanged); 1.2 has none for a person's words,
so typed or changed text gets none. A `trans-unit` of several segments gets the state of its
least finished one. Trados' `sdl:seg` says the same as Trados Studio does: `conf="Draft"`
until confirmed, then `conf="Translated"`; `origin` "mt", "tm", "source" (a copy) or
"interactive" (the translator's words).
2.x: a `<segment>` is translated when its unit is not `translate="no"` and its state is
`initial` (the default); we write `state="translated"`, the spec's state for a segment that
holds a translation (MT, edited or confirmed alike: `reviewed` and `final` are a reviewer's).
Inline codes (`<g>`, `<x/>`, `<bx/>`, `<ex/>`, `<bpt>`, `<ept>`, `<ph>`, `<it>`, `<mrk>`;
`<pc>`, `<ph/>`, `<sc/>`, `<ec/>`, `<mrk>`, `<sm/>`, `<em/>`, `<cp/>`) keep their ids and
attributes; `originalData` is not touched.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from lxml import etree

from app.formats.base import (
    FileDocument,
    FormatError,
    Unit,
    least_finished,
    local,
    safe_parser,
)
from app.formats.inline import Part, Tag, TagKind
from glossary.atomic import atomic_write_bytes
from glossary.sniff import binary_kind

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"

PAIRED = {"g", "mrk", "pc"}
# Target states that mean a person worked on the text (needs-adaptation/-l10n: only non-textual
# information is still to do).
DONE_12 = {"translated", "final", "signed-off", "needs-adaptation", "needs-l10n"}
SDL_DONE = {"Translated", "ApprovedTranslation", "ApprovedSignOff"}
# 1.2 has qualifiers for leveraged words only: a copy of the source or a person's words get none.
QUALIFIER_12 = {"mt": "leveraged-mt", "tm": "leveraged-tm"}
SDL_ORIGIN = {"copy": "source", "human": "interactive"}  # Trados' names for the other origins


def xml_parts(element: etree._Element, seen: dict[str, int] | None = None) -> list[Part]:
    """The content of a `<source>`/`<target>`/`<mrk>` as parts; inline elements become tags."""
    seen = {} if seen is None else seen
    parts: list[Part] = [element.text or ""]
    for child in element:
        name = local(child)
        base = child.get("id") or child.get("startRef") or child.get("rid") or name
        seen[base] = seen.get(base, 0) + 1
        tag_id = base if seen[base] == 1 else f"{base}#{seen[base]}"
        label = f"{name}{child.get('id', '')}"
        protected = child.get("translate") == "no" or child.get("mtype") == "protected"
        if name in PAIRED and not protected:
            shell = etree.Element(child.tag, {str(k): str(v) for k, v in child.attrib.items()})
            parts.append(Tag(TagKind.OPEN, tag_id, label, shell))
            parts += xml_parts(child, seen)
            parts.append(Tag(TagKind.CLOSE, tag_id, label))
        else:
            code = copy.deepcopy(child)
            code.tail = None
            parts.append(Tag(TagKind.STANDALONE, tag_id, label or "code", code))
        parts.append(child.tail or "")
    return parts


def fill(element: etree._Element, parts: list[Part]) -> None:
    """Replace the content of `element` (keeping its attributes) by `parts`."""
    for child in list(element):
        element.remove(child)
    element.text = None
    stack: list[etree._Element] = [element]
    last: etree._Element | None = None  # the element whose tail the next text extends

    def add_text(text: str) -> None:
        if last is None:
            stack[-1].text = (stack[-1].text or "") + text
        else:
            last.tail = (last.tail or "") + text

    for part in parts:
        if isinstance(part, str):
            add_text(part)
        elif part.kind is TagKind.OPEN:
            shell = part.payload
            new = copy.deepcopy(shell) if isinstance(shell, etree._Element) else None
            if new is None:
                continue
            stack[-1].append(new)
            stack.append(new)
            last = None
        elif part.kind is TagKind.CLOSE:
            if len(stack) > 1:
                last = stack.pop()
        elif isinstance(part.payload, etree._Element):
            code = copy.deepcopy(part.payload)
            stack[-1].append(code)
            last = code


class XliffDocument(FileDocument):
    kind = "xliff"

    def __init__(self, path: Path, data: bytes):
        super().__init__(path)
        self.tree = _parsed(data, path)
        root = self.tree.getroot()
        if local(root) != "xliff":
            raise FormatError(f"{path}: not XLIFF (the root element is <{local(root)}>)")
        self.namespace = etree.QName(root).namespace or ""
        self.version = root.get("version", "")
        if next(root.iter(f"{{{self.namespace}}}file" if self.namespace else "file"), None) is None:
            raise FormatError(f"{path}: line {root.sourceline}: <xliff> has no <file> element")
        # Per unit, where its target goes: (container element, segment mrk id or None, sdl seg).
        self.places: list[tuple[etree._Element, str | None]] = []
        if self.namespace == NS20 or self.version.startswith("2"):
            self._read_20(root)
        elif self.namespace in (NS12, "") or self.version.startswith("1"):
            self._read_12(root)
        else:
            raise FormatError(
                f"{path}: XLIFF version {self.version or '?'} is not supported "
                "(Wortlaut reads XLIFF 1.2 and 2.0/2.1)"
            )

    def q(self, name: str) -> str:
        return f"{{{self.namespace}}}{name}" if self.namespace else name

    # -- 1.2 ----------------------------------------------------------------------------------
    def _read_12(self, root: etree._Element) -> None:
        for unit in root.iter(self.q("trans-unit")):
            if _inherited_no(unit) or unit.get("approved") == "yes":  # <group translate="no">
                continue
            name = f"{self.path.name}: line {unit.sourceline}: trans-unit '{unit.get('id', '')}'"
            target = unit.find(self.q("target"))
            state = (target.get("state") or "") if target is not None else ""
            if state in DONE_12 or state.startswith("needs-review"):
                continue
            segmented = unit.find(self.q("seg-source"))
            if segmented is not None and _segments(segmented, self.q("mrk")):
                for mrk in _segments(segmented, self.q("mrk")):
                    mid = mrk.get("mid", "")
                    existing = _segment_in(target, self.q("mrk"), mid)
                    if existing is not None and self._sdl_done(unit, mid):
                        continue
                    self._add(unit, mid, xml_parts(mrk), f"{name} segment {mid}")
                continue
            source = unit.find(self.q("source"))
            if source is None:
                raise FormatError(f"{name}: has no <source>")
            self._add(unit, None, xml_parts(source), name)

    def _sdl_done(self, unit: etree._Element, mid: str) -> bool:
        for seg in unit.iter(f"{{{SDL}}}seg"):
            if seg.get("id") == mid:
                return seg.get("locked") == "true" or seg.get("conf") in SDL_DONE
        return False

    def _add(self, unit: etree._Element, mid: str | None, parts: list[Part], name: str) -> None:
        made = Unit.make(parts, name, sentences=False)
        if not any(piece.translatable for piece in made.pieces):
            return  # an empty <source/>, or only white space and codes: nothing to translate
        self.units.append(made)
        self.places.append((unit, mid))

    # -- 2.x ----------------------------------------------------------------------------------
    def _read_20(self, root: etree._Element) -> None:
        for unit in root.iter(self.q("unit")):
            if _inherited_no(unit):
                continue
            for number, segment in enumerate(unit.iter(self.q("segment")), 1):
                if segment.get("state", "initial") != "initial":
                    continue
                source = segment.find(self.q("source"))
                if source is None:
                    raise FormatError(
                        f"{self.path.name}: line {segment.sourceline}: segment has no <source>"
                    )
                name = (
                    f"{self.path.name}: line {segment.sourceline}: unit "
                    f"'{unit.get('id', '')}' segment {segment.get('id', number)}"
                )
                self._add(segment, None, xml_parts(source), name)

    # -- writing ------------------------------------------------------------------------------
    def save(self, path: Path, target_language: str = "en") -> None:
        root = self.tree.getroot()
        twenty = self.namespace == NS20 or self.version.startswith("2")
        if twenty:
            if not root.get("trgLang"):
                root.set("trgLang", target_language)
        else:
            for file in root.iter(self.q("file")):
                if not file.get("target-language"):
                    file.set("target-language", target_language)
        written: dict[int, tuple[etree._Element, list[tuple[str, str]]]] = {}
        for unit, (container, mid) in zip(self.units, self.places, strict=True):
            if not unit.translated:
                continue
            if twenty:
                self._write_20(container, unit)
            else:
                self._write_12(container, mid, unit)
                written.setdefault(id(container), (container, []))[1].append(
                    (unit.origin, unit.status)
                )
        for trans_unit, works in written.values():
            target = trans_unit.find(self.q("target"))
            work = least_finished(works)
            if target is not None and work is not None:
                _set_state_12(target, *work)
        data = _serialized(self.tree)
        atomic_write_bytes(path, data)

    def _write_20(self, segment: etree._Element, unit: Unit) -> None:
        target = segment.find(self.q("target"))
        if target is None:
            source = segment.find(self.q("source"))
            target = etree.Element(self.q("target"))
            if source is None:
                segment.append(target)
            else:
                source.addnext(target)
                target.tail = source.tail
        fill(target, unit.target())
        segment.set("state", "translated")

    def _write_12(self, trans_unit: etree._Element, mid: str | None, unit: Unit) -> None:
        target = trans_unit.find(self.q("target"))
        if target is None:
            target = etree.Element(self.q("target"))
            anchor = trans_unit.find(self.q("seg-source"))
            if anchor is None:
                anchor = trans_unit.find(self.q("source"))
            assert anchor is not None
            anchor.addnext(target)
            target.tail = anchor.tail
        if mid is None:
            fill(target, unit.target())
        else:
            if not _segments(target, self.q("mrk")):  # `<target/>` left empty: take the segments
                _copy_content(trans_unit.find(self.q("seg-source")), target)
            mrk = _segment_in(target, self.q("mrk"), mid)
            if mrk is None:
                mrk = etree.SubElement(target, self.q("mrk"), {"mtype": "seg", "mid": mid})
            fill(mrk, unit.target())
            for seg in trans_unit.iter(f"{{{SDL}}}seg"):
                if seg.get("id") == mid:
                    seg.set("conf", "Translated" if unit.status == "confirmed" else "Draft")
                    seg.set("origin", SDL_ORIGIN.get(unit.origin, unit.origin))


def _set_state_12(target: etree._Element, origin: str, status: str) -> None:
    """A 1.2 `<target>`'s state for work that went so far, its qualifier for where it came from."""
    target.set("state", "translated" if status == "confirmed" else "needs-review-translation")
    qualifier = QUALIFIER_12.get(origin)
    if qualifier:
        target.set("state-qualifier", qualifier)
    elif "state-qualifier" in target.attrib:  # an earlier tool's qualifier no longer says true
        del target.attrib["state-qualifier"]


def _copy_content(origin: etree._Element | None, target: etree._Element) -> None:
    """Give `target` the text and children of `origin` (a `<seg-source>`), keeping its own
    attributes: the segment markers and the white space between them."""
    if origin is None:
        return
    for child in list(target):
        target.remove(child)
    duplicate = copy.deepcopy(origin)
    target.text = duplicate.text
    for child in duplicate:
        target.append(child)


def _segments(seg_source: etree._Element, mrk: str) -> list[etree._Element]:
    return [m for m in seg_source.iter(mrk) if m.get("mtype") == "seg"]


def _segment_in(target: etree._Element | None, mrk: str, mid: str) -> etree._Element | None:
    if target is None:
        return None
    return next((m for m in _segments(target, mrk) if m.get("mid") == mid), None)


def _inherited_no(unit: etree._Element) -> bool:
    node: etree._Element | None = unit
    while node is not None:
        value = node.get("translate")
        if value is not None:
            return value == "no"
        node = node.getparent()
    return False


SYNTAX_POSITION = re.compile(r", line \d+, column \d+$")


def _parsed(data: bytes, path: Path) -> etree._ElementTree:
    """The file's XML, never expanding entities or loading a DTD; entity declarations (the
    stuff of "billion laughs" and external-entity attacks, never used by XLIFF) are refused."""
    if (kind := binary_kind(data)) is not None:
        raise FormatError(f"{path}: this is {kind}, not an XLIFF file")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        problem = SYNTAX_POSITION.sub("", exc.msg or "syntax error")
        if "amplification" in problem or "entity loop" in problem.lower():
            problem = "its entity declarations expand without bound (a 'billion laughs' file)"
        elif "Text node too long" in problem:
            problem = "a text of more than 10 MB in one element is too long to read"
        column = f" (column {exc.offset + 1})" if exc.offset is not None else ""
        raise FormatError(
            f"{path}: line {exc.lineno or '?'}: not well-formed XML: {problem}{column}"
        ) from None
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    entities = getattr(dtd, "iterentities", None)  # the internal subset, never loaded
    entity = next(iter(entities()), None) if entities is not None else None
    if entity is not None:
        raise FormatError(
            f"{path}: the document type declares the entity '{entity.name}'; XLIFF does not "
            "use entities and Wortlaut does not expand them (remove the <!DOCTYPE …> part)"
        )
    return tree


def _serialized(tree: etree._ElementTree) -> bytes:
    if tree.docinfo.standalone:
        return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
