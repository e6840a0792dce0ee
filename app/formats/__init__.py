"""Documents in their own formats (DOCX, XLIFF 1.2/2.x, HTML): units with inline tags in, the
same file with translated text out. Plain Python over lxml; no Qt."""

from __future__ import annotations

from pathlib import Path

from app.formats.base import FileDocument, FormatError, Unit
from glossary.errors import os_problem

__all__ = [
    "SUFFIXES",
    "FileDocument",
    "FormatError",
    "Unit",
    "is_document",
    "open_document",
    "read_document",
]

SUFFIXES = {
    ".docx": "docx",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".sdlxliff": "xliff",  # Trados Studio's XLIFF 1.2 with sdl: segment states
    ".html": "html",
    ".htm": "html",
}


def is_document(path: Path) -> bool:
    """True for the files read by a format module rather than as plain text."""
    return path.suffix.lower() in SUFFIXES


def open_document(path: Path, *, comments: bool = True) -> FileDocument:
    """Read `path` by its suffix; bad input raises FormatError naming file, line and problem.
    `comments`: read a DOCX file's comments too (as Okapi and memoQ do by default)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise FormatError(f"{path}: not a document format Wortlaut reads ({known})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{path}: {os_problem(exc)}") from None
    return read_document(path, data, comments=comments)


def read_document(path: Path, data: bytes, *, comments: bool = True) -> FileDocument:
    """A document from the bytes of a file named `path` (read by its suffix; FormatError)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise FormatError(f"{path}: not a document format Wortlaut reads ({known})")
    if kind == "docx":
        from app.formats.docx import DocxDocument

        return DocxDocument(path, data, comments=comments)
    if kind == "xliff":
        from app.formats.xliff import XliffDocument

        return XliffDocument(path, data)
    from app.formats.html import HtmlDocument

    return HtmlDocument(path, data)
