"""DOCX at the OOXML level: paragraphs of the body, tables, headers, footers, footnotes, endnotes,
text boxes and (unless turned off) comments in; the same package out with only those paragraphs'
runs rewritten (`docx_paragraph.py` reads and writes one paragraph: merged runs, formatting and
links as paired tags, HYPERLINK fields' display text translated, other fields kept as codes,
tabs and line breaks as text that cuts a paragraph's sentences into pieces translated apart).

Documents with tracked changes are refused: which version to translate is the author's decision,
not ours. So are packages no Office program writes: OLE files (password-protected or .doc),
member names outside the package, duplicates, DTDs in a part, and ZIP bombs (by declared size;
a size the ZIP directory understates fails its CRC and is named too).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from lxml import etree

from app.formats.base import FileDocument, FormatError, Unit, parse_xml
from app.formats.docx_breaks import cut_at_breaks
from app.formats.docx_paragraph import Style, paragraph_parts, w, write_paragraph
from app.formats.inline import joined
from glossary.atomic import atomic_write_bytes

TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
DOCUMENT = "word/document.xml"
COMMENTS = "word/comments.xml"
TRACKED = ("ins", "del", "moveFrom", "moveTo")
MAX_PART_BYTES = 256 * 2**20  # a text part larger than this unpacked is a ZIP bomb, not a letter
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and .doc files are OLE containers
MAX_PACKAGE_BYTES = 2 * 2**30  # the whole package unpacked (Word stops at 512 MB)


READING_ORDER = ("header", "document", "footnotes", "endnotes", "footer", "comments")


def _reading(name: str) -> tuple[int, str]:
    """Parts in the order a reader meets them on the page: headers, the body, the notes,
    footers, then comments (header1 before header2)."""
    stem = name.removeprefix("word/").removesuffix(".xml").rstrip("0123456789")
    number = name.removeprefix("word/").removesuffix(".xml")[len(stem) :]
    return READING_ORDER.index(stem), number.zfill(4)


class DocxDocument(FileDocument):
    kind = "docx"

    def __init__(self, path: Path, data: bytes, *, comments: bool = True):
        super().__init__(path)
        self.data = data
        with _package(path, data) as archive:
            names = [info.filename for info in archive.infolist()]
            _check_names(path, names)
            _check_sizes(path, archive.infolist())
            wanted = [n for n in names if TEXT_PARTS.fullmatch(n)]
            if comments and COMMENTS in names:
                wanted.append(COMMENTS)
            self.trees = {n: _parse_part(path, archive, n) for n in sorted(wanted, key=_reading)}
        self._refuse_tracked_changes()
        self.places: list[tuple[str, etree._Element, Style | None]] = []
        for name, tree in self.trees.items():
            for location, paragraph in _paragraphs(name, tree):
                parts, base = paragraph_parts(paragraph)
                if not any(isinstance(p, str) and p.strip() for p in parts):
                    continue
                where = f"{path.name}: {location}"
                self.units.append(Unit(joined(parts), where, cut_at_breaks(parts)))
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
        with _package(self.path, self.data) as source, zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                if info.filename in changed:
                    body = etree.tostring(
                        self.trees[info.filename],
                        xml_declaration=True,
                        encoding="UTF-8",
                        standalone=True,
                    )
                else:
                    body = _read(self.path, source, info.filename)
                target.writestr(info, body, compress_type=info.compress_type)
        atomic_write_bytes(path, out.getvalue())


def _paragraphs(name: str, tree: etree._ElementTree) -> Iterator[tuple[str, etree._Element]]:
    """Each paragraph of a part with its location for people ("comment 2", "paragraph 12")."""
    if name != COMMENTS:
        for number, paragraph in enumerate(tree.getroot().iter(w("p")), 1):
            yield f"{name}, paragraph {number}", paragraph
        return
    for number, comment in enumerate(tree.getroot().iter(w("comment")), 1):
        paragraphs = list(comment.iter(w("p")))
        for index, paragraph in enumerate(paragraphs, 1):
            more = f", paragraph {index}" if len(paragraphs) > 1 else ""
            yield f"comment {number}{more}", paragraph


def _package(path: Path, data: bytes) -> zipfile.ZipFile:
    if data.startswith(OLE):
        raise FormatError(
            f"{path}: not a DOCX package but an OLE file: a password-protected Word document or "
            "an old Word 97–2003 .doc. Remove the password (File ▸ Info ▸ Protect Document) or "
            "save it as .docx, and open it again."
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise FormatError(
            f"{path}: not a DOCX file (not a ZIP package, or a damaged or truncated one)"
        ) from None


def _check_names(path: Path, names: list[str]) -> None:
    """Refuse member names no Office package has: ones that climb out of the package or are
    absolute (a ZIP made to overwrite files where it is unpacked), and duplicates."""
    seen: set[str] = set()
    for name in names:
        segments = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in segments or re.match(r"[A-Za-z]:", name):
            raise FormatError(
                f"{path}: not a valid DOCX file: the package holds a member named {name!r}, "
                "a path outside the package (Word never writes one; the file may be a trap)"
            )
        if name in seen:
            raise FormatError(f"{path}: not a valid DOCX file: {name} is in the package twice")
        seen.add(name)
    if DOCUMENT not in seen:
        raise FormatError(f"{path}: not a DOCX file (no {DOCUMENT})")


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        text = TEXT_PARTS.fullmatch(info.filename) or info.filename == COMMENTS
        if text and info.file_size > MAX_PART_BYTES:
            raise FormatError(
                f"{path}: {info.filename} unpacks to {info.file_size // 2**20} MiB; "
                f"Wortlaut reads text parts up to {MAX_PART_BYTES // 2**20} MiB"
            )
    total = sum(info.file_size for info in infos)
    if total > MAX_PACKAGE_BYTES:
        raise FormatError(
            f"{path}: the package unpacks to {total // 2**20} MiB; Wortlaut reads DOCX files "
            f"up to {MAX_PACKAGE_BYTES // 2**20} MiB unpacked (Word's own limit is 512 MB)"
        )


def _read(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
        raise FormatError(
            f"{path}: {name} cannot be unpacked: the file is damaged ({exc})"
        ) from None
    except (NotImplementedError, RuntimeError) as exc:  # compression method, encryption
        raise FormatError(f"{path}: {name} cannot be unpacked: {exc}") from None


def _parse_part(path: Path, archive: zipfile.ZipFile, name: str) -> etree._ElementTree:
    data = _read(path, archive, name)
    root = re.search(rb"<[A-Za-z_]", data)
    prolog = data[: root.start() if root else 4096]
    if b"<!DOCTYPE" in prolog:  # looked for first: an entity bomb fails the parse otherwise
        _refuse_dtd(path, name)
    tree = parse_xml(data, f"{path}: {name}")
    if tree.docinfo.internalDTD is not None:  # in an encoding the byte search cannot see
        _refuse_dtd(path, name)
    return tree


def _refuse_dtd(path: Path, name: str) -> NoReturn:
    raise FormatError(
        f"{path}: {name}, line 1: the part declares a DTD (<!DOCTYPE>); Word refuses such "
        "files and Wortlaut does not read them (entities could hide or fetch content)"
    )
