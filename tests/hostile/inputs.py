"""Hostile documents for `wortlaut translate` and `wortlaut match`: files that are not text, text
that is almost right, and output paths that cannot be written. Each generator writes one file into
a folder and says what must happen.

    python -m tests.hostile.inputs OUT_DIR     # writes the whole corpus to OUT_DIR
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HostileDocument:
    path: Path
    description: str
    exit_code: int  # of `translate` and `match` on it
    expect: str = ""  # a fragment of the message (refusals) or of the output (accepted)


def elf_binary(folder: Path) -> HostileDocument:
    path = folder / "program"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16)
    return HostileDocument(path, "an executable, not text", 2, str(path))


def docx_archive(folder: Path) -> HostileDocument:
    path = folder / "letter.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>" * 50)
    return HostileDocument(path, "a broken Word document (undeclared namespace)", 2, str(path))


def surrogate_in_utf8(folder: Path) -> HostileDocument:
    path = folder / "surrogate.txt"
    path.write_bytes(b"Das Bollwerk " + b"\xed\xa0\x80" + b" steht.\n")
    return HostileDocument(path, "an encoded UTF-16 surrogate (invalid UTF-8)", 2, ":1:")


def odd_length_utf16(folder: Path) -> HostileDocument:
    path = folder / "odd-utf16.txt"
    path.write_bytes(b"\xff\xfe" + "Das Bollwerk.".encode("utf-16-le") + b"\x00")
    return HostileDocument(path, "UTF-16 with a BOM and an odd number of bytes", 2, str(path))


def cp1252_document(folder: Path) -> HostileDocument:
    path = folder / "legacy.txt"
    path.write_bytes("Das Bollwerk der Größe.\n".encode("cp1252"))
    return HostileDocument(path, "Windows-1252 text on the command line", 2, "not valid UTF-8")


def empty_document(folder: Path) -> HostileDocument:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return HostileDocument(path, "an empty file", 0)


def white_space_only(folder: Path) -> HostileDocument:
    path = folder / "blank.txt"
    path.write_text(" \n\n\t \r\n\u00a0\n", encoding="utf-8")
    return HostileDocument(path, "white space only", 0)


def nul_bytes(folder: Path) -> HostileDocument:
    path = folder / "nul.txt"
    path.write_bytes(b"Das Bollwerk\x00steht.\n\x00\x00\n")
    return HostileDocument(path, "NUL characters inside UTF-8 text", 0, "Bollwerk")


def control_and_bidi(folder: Path) -> HostileDocument:
    path = folder / "bidi.txt"
    path.write_text(
        "Das\u200b Bollwerk \u202eeht\u202c. Cafe\u0301\u0301\u0301 \U0001f600.\r\n"
        "Zweite Zeile.\rDritte.\x0bVierte.\u2028Fünfte.\x1e\x85Ende",
        encoding="utf-8",
    )
    return HostileDocument(
        path, "zero-width, bidi overrides, combining marks, odd line breaks", 0, "Bollwerk"
    )


def a_folder(folder: Path) -> HostileDocument:
    path = folder / "a-folder.txt"
    path.mkdir()
    return HostileDocument(path, "a folder where a file is expected", 2, "is a folder")


GENERATORS: list[Callable[[Path], HostileDocument]] = [
    elf_binary,
    docx_archive,
    surrogate_in_utf8,
    odd_length_utf16,
    cp1252_document,
    empty_document,
    white_space_only,
    nul_bytes,
    control_and_bidi,
    a_folder,
]


def build(folder: Path) -> list[HostileDocument]:
    folder.mkdir(parents=True, exist_ok=True)
    return [generate(folder) for generate in GENERATORS]


if __name__ == "__main__":  # pragma: no cover - a corpus for trying things by hand
    for case in build(Path(sys.argv[1])):
        print(f"{case.path.name}\t{case.exit_code}\t{case.description}")
