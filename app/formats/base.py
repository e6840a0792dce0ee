"""What every format module gives: units of inline-tagged text, and a writer for their targets."""

from __future__ import annotations

import abc
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from app.formats.inline import Part, Piece, joined, split_unit
from glossary.errors import WortlautError

__all__ = ["FileDocument", "FormatError", "Unit", "least_finished", "safe_parser"]

# How far the work on a target went, least finished first: as the machine (MT, memory, copy)
# left it, changed by the translator, confirmed by the translator.
STATUSES = ("draft", "edited", "confirmed")
# Where a target's words came from: machine translation, the translation memory, the translator,
# or a copy of the source (numbers, punctuation: nothing to do, so it never holds a unit back).
ORIGINS = ("mt", "tm", "human", "copy")


class FormatError(WortlautError):
    """A document Wortlaut cannot read or write; the message names the file and the problem."""


def safe_parser(*, html: bool = False) -> etree.XMLParser | etree.HTMLParser:
    """A parser that never expands entities, loads a DTD or touches the network."""
    if html:
        return etree.HTMLParser(no_network=True, remove_comments=False)
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass
class Unit:
    """One translatable place of a file (a paragraph, a cell, an attribute, an XLIFF segment)."""

    parts: list[Part]
    location: str  # for people: "word/document.xml, paragraph 12", "trans-unit 'intro'"
    pieces: list[Piece] = field(default_factory=list)
    origin: str = "mt"  # where its target's words came from: one of ORIGINS (XLIFF says so)
    status: str = "draft"  # how far the work on its target went: one of STATUSES

    @classmethod
    def make(cls, parts: list[Part], location: str, sentences: bool = True) -> Unit:
        parts = joined(parts)
        return cls(parts, location, split_unit(parts, sentences))

    @property
    def translated(self) -> bool:
        return any(piece.target is not None for piece in self.pieces)

    def target(self) -> list[Part]:
        """The unit's content for the output: translated pieces, the rest as in the source."""
        out: list[Part] = []
        for piece in self.pieces:
            out += piece.output()
        return joined(out)


def least_finished(works: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """Of several (origin, status) pairs, the one least finished: the lowest status, and at the
    same status the least human origin (raw MT before a memory match before the translator's
    words). A copy of the source counts only when everything is a copy. None for no pairs."""

    def rank(work: tuple[str, str]) -> tuple[int, int]:
        origin, status = work
        if origin == "copy":
            return (len(STATUSES), 0)
        return (STATUSES.index(status), ORIGINS.index(origin))

    return min(works, key=rank, default=None)


class FileDocument(abc.ABC):
    """A file read into units; `save` writes the original with each unit's target in place."""

    kind: str = ""  # "docx", "xliff", "html"

    def __init__(self, path: Path):
        self.path = path
        self.units: list[Unit] = []

    @abc.abstractmethod
    def save(self, path: Path, target_language: str = "en") -> None:
        """Write the document with translated units to `path` (atomically)."""


def parse_xml(data: bytes, name: str) -> etree._ElementTree:
    """Parse XML safely; a syntax error becomes a FormatError naming file, line and problem."""
    try:
        return etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else "?"
        raise FormatError(f"{name}: line {line}: not well-formed XML: {exc.msg}") from None


def local(element: etree._Element) -> str:
    """An element's name without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""
