"""Decoding text files the way translators' tools write them.

UTF-8 (with or without BOM) and UTF-16 with BOM are always accepted. Windows-1252, as Excel and
Notepad on a German Windows write it, is accepted only where the caller allows legacy encodings
(glossaries, documents opened in the app); elsewhere undecodable bytes are a clear error.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from glossary.errors import InputError
from glossary.sniff import binary_kind


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be" or "cp1252"


DOCUMENT_FORMATS = "plain text (.txt, UTF-8 or UTF-16) and .wortlaut projects"


def decode_bytes(
    data: bytes,
    *,
    source: str = "<input>",
    allow_legacy: bool = False,
    expected: str = DOCUMENT_FORMATS,
) -> DecodedText:
    """Decode `data`, removing any BOM; raise InputError naming the line of the first bad byte
    (or, for a binary file, what kind of file it is)."""
    if (kind := binary_kind(data)) is not None:
        raise InputError(
            f"this is {kind}, not a text file; Wortlaut reads {expected} here",
            source=source,
        )
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_strict(data[3:], "utf-8", source), "utf-8-sig")
    if data.startswith(codecs.BOM_UTF16_LE):
        return DecodedText(_strict(data[2:], "utf-16-le", source), "utf-16-le")
    if data.startswith(codecs.BOM_UTF16_BE):
        return DecodedText(_strict(data[2:], "utf-16-be", source), "utf-16-be")
    if _looks_like_utf16_without_bom(data):  # ASCII in UTF-16 is valid UTF-8, full of NULs
        raise InputError(
            "looks like UTF-16 without a byte-order mark; save it as UTF-8 or UTF-16 with BOM",
            source=source,
        )
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:4096]:
            raise InputError(
                f"this is a binary file, not text; Wortlaut reads {expected} here",
                source=source,
            ) from None
        if allow_legacy and _plausible_cp1252(data):
            return DecodedText(data.decode("cp1252"), "cp1252")
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8 or UTF-16 with BOM",
            source=source,
            line=line,
        ) from None


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"invalid {encoding.upper()} data at byte offset {exc.start}", source=source
        ) from None


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    """Mostly Latin text in UTF-16 has NUL in every other byte, on one side only."""
    sample = data[:400]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    for zeros, others in ((even, odd), (odd, even)):
        if zeros.count(0) >= 0.4 * len(zeros) and others.count(0) <= 0.05 * len(others):
            return True
    return False


def _plausible_cp1252(data: bytes) -> bool:
    """cp1252 leaves five bytes undefined; text with them or with NULs is not cp1252."""
    if b"\x00" in data:
        return False
    return not any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))
