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


@dataclass(frozen=True)
class DecodedLines:
    """A text file decoded line by line: lines that are not in the file's encoding are kept
    (with U+FFFD in place of the bad bytes) and named in `bad_lines` (1-based line → problem)."""

    text: str
    encoding: str
    bad_lines: dict[int, str]


def decode_lines(data: bytes, *, source: str = "<input>") -> DecodedLines:
    """Decode a glossary file: UTF-8 (BOM optional), UTF-16 with BOM, or Windows-1252.

    A file that is UTF-8 except some lines (one pasted from a cp1252 file) is read as UTF-8 and
    those lines are reported as "not valid UTF-8 (byte 0x.. at column ..)", never turned into
    mojibake. Only a file with no UTF-8 beyond ASCII at all is taken to be Windows-1252.
    UTF-16 errors and unknown encodings raise InputError naming the line.
    """
    if (kind := binary_kind(data)) is not None:
        raise InputError(
            f"this is {kind}, not a text file; Wortlaut reads CSV, TSV and TBX glossaries here",
            source=source,
        )
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        encoding = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return DecodedLines(_strict_lines(data[2:], encoding, source), encoding, {})
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[3:], "utf-8-sig"
    elif _looks_like_utf16_without_bom(data):
        raise InputError(
            "looks like UTF-16 without a byte-order mark; save it as UTF-8 or UTF-16 with BOM",
            source=source,
        )
    try:
        return DecodedLines(data.decode("utf-8"), encoding, {})
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)  # \n, \r\n and \r: the same lines csv counts
    decoded: list[str] = []
    bad: dict[int, str] = {}
    utf8_beyond_ascii = False
    for number, raw in enumerate(lines, start=1):
        try:
            decoded.append(raw.decode("utf-8"))
            utf8_beyond_ascii = utf8_beyond_ascii or not raw.isascii()
        except UnicodeDecodeError as exc:
            bad[number] = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
            decoded.append(raw.decode("utf-8", errors="replace"))
    if utf8_beyond_ascii or encoding == "utf-8-sig":
        return DecodedLines("".join(decoded), encoding, bad)
    # No line is UTF-8 beyond ASCII: a legacy file (as Excel on a German Windows saves CSV).
    return DecodedLines(decode_bytes(data, source=source, allow_legacy=True).text, "cp1252", {})


def _strict_lines(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start - exc.start % 2].decode(encoding, errors="replace").count("\n") + 1
        problem = (
            "the file ends in the middle of a character (truncated?)"
            if exc.reason == "truncated data"
            else f"invalid {encoding.upper()} data (byte offset {exc.start + 2})"
        )
        raise InputError(problem, source=source, line=line) from None
