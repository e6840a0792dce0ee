"""The `.wortlaut` file format as a typed schema, and its strict decoder.

A project file is decoded with `msgspec` straight into the structs below, so a value of the
wrong type anywhere is refused with the path of the field (`segments[3].start: expected an
integer, got a string`) instead of escaping later as a TypeError. The schema has no free-form
values, so nesting deeper than the format itself is a type error at its first extra level;
`RecursionError` (deep nesting inside ignored unknown fields) is caught as well. Files larger
than `MAX_PROJECT_BYTES` are refused before they are read.
"""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from app.document import Origin, SegmentState, TermStatus
from glossary.errors import InputError

FORMAT = "wortlaut-project"
FORMAT_VERSION = 1
# A 1,000-page book with every segment translated, term-checked and flagged is about 20 MB.
MAX_PROJECT_BYTES = 256 * 1024 * 1024

DetailValue = str | int | float | bool | list[str] | None


class TermJson(msgspec.Struct, omit_defaults=False):
    source: str
    target: str
    id: int | None = None
    notes: str = ""
    forbidden: list[str] = []
    case_sensitive: bool = False
    domain: str = ""
    version: int | None = None


class TermResultJson(msgspec.Struct):
    term: TermJson
    start: int
    end: int
    status: TermStatus
    target_start: int | None = None
    target_end: int | None = None
    plural: bool = False
    method: str = ""


class FlagJson(msgspec.Struct):
    kind: str
    message: str
    details: dict[str, DetailValue] = {}


class SegmentJson(msgspec.Struct):
    start: int
    end: int
    paragraph: int
    target: str = ""
    state: SegmentState = SegmentState.NEW
    origin: Origin = Origin.NONE  # where the target came from (files before the memory: none)
    tm_score: int | None = None
    terms: list[TermResultJson] = []
    flags: list[FlagJson] = []


class OriginalJson(msgspec.Struct):
    """The document file the project was opened from: its bytes base64 in project files (and in
    autosaves before sidecars), named by their SHA-256 in autosaves (the bytes beside them)."""

    name: str
    data: bytes | None = None
    sha256: str | None = None


class ProjectJson(msgspec.Struct):
    format: str
    version: int
    text: str
    segments: list[SegmentJson]
    name: str | None = None
    source_path: str | None = None
    glossary: str | None = None
    created_at: str | None = None
    saved_at: str | None = None
    original: OriginalJson | None = None
    # present (even null) only in autosaves: the project file the autosave belongs to
    autosave_of: str | msgspec.UnsetType | None = msgspec.UNSET


class _Header(msgspec.Struct):
    """Read first, so that any other JSON is "not a Wortlaut project", not a field error."""

    format: object = None
    version: object = None


_HEADER = msgspec.json.Decoder(_Header)
_PROJECT = msgspec.json.Decoder(ProjectJson)

_TYPE_WORDS = {
    "int": "an integer",
    "str": "a string",
    "float": "a number",
    "bool": "true or false",
    "null": "null",
    "array": "a list",
    "object": "an object",
}
_EXPECTED = re.compile(r"^Expected `(?P<want>[^`]+)`, got `(?P<got>[^`]+)`$")
_MISSING = re.compile(r"^Object missing required field `(?P<field>[^`]+)`$")
_ENUM = re.compile(r"^Invalid enum value (?P<value>.+)$")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def read_project_file(path: Path) -> ProjectJson:
    """Read, decode and check a `.wortlaut` file; every problem is an InputError naming it."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_PROJECT_BYTES:
            raise InputError(
                f"too large for a project file ({size // (1024 * 1024)} MB; "
                f"the limit is {MAX_PROJECT_BYTES // (1024 * 1024)} MB)",
                source=source,
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=source) from None
    return decode_project(raw, source)


def decode_project(raw: bytes, source: str) -> ProjectJson:
    raw = raw.removeprefix(codecs.BOM_UTF8)  # an editor may have added one
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("not a Wortlaut project (not UTF-8 text)", source=source) from None
    try:
        header = _HEADER.decode(raw)
    except msgspec.ValidationError:
        raise InputError("not a Wortlaut project", source=source) from None
    except msgspec.DecodeError as exc:
        line = _line_of(raw, str(exc))
        problem = f"damaged project file: {_decode_problem(exc)}"
        raise InputError(problem, source=source, line=line) from None
    except RecursionError:
        raise InputError("damaged project file: nested too deeply", source=source) from None
    if header.format != FORMAT:
        raise InputError("not a Wortlaut project", source=source)
    version = header.version
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        shown = msgspec.json.encode(version).decode()[:40]
        raise InputError(
            f"damaged project file: version: expected a whole number from 1 up, got {shown}",
            source=source,
        )
    if version > FORMAT_VERSION:
        raise InputError(
            f"written by a newer Wortlaut (project format {version}); please update",
            source=source,
        )
    try:
        data = _PROJECT.decode(raw)
    except msgspec.ValidationError as exc:
        raise InputError(
            f"damaged project file: {field_problem(str(exc))}", source=source
        ) from None
    except RecursionError:
        raise InputError("damaged project file: nested too deeply", source=source) from None
    check_consistency(data, source)
    return data


def field_problem(message: str) -> str:
    """msgspec's "Expected `int`, got `str` - at `$.segments[3].start`" in the user's words."""
    problem, _, where = message.partition(" - at `$")
    where = where.rstrip("`").lstrip(".")
    if match := _EXPECTED.match(problem):
        want = " or ".join(_TYPE_WORDS.get(t, t) for t in match["want"].split(" | "))
        problem = f"expected {want}, got {_TYPE_WORDS.get(match['got'], match['got'])}"
    elif match := _MISSING.match(problem):
        where = f"{where}.{match['field']}" if where else match["field"]
        problem = "missing"
    elif match := _ENUM.match(problem):
        problem = f"unknown value {match['value']}"
    return f"{where}: {problem}" if where else problem


def check_consistency(data: ProjectJson, source: str) -> None:
    """What types cannot say: segments inside the text and in order, term spans inside them."""

    def refuse(problem: str) -> None:
        raise InputError(f"damaged project file: {problem}", source=source)

    text_length = len(data.text)
    previous_end = 0
    for i, segment in enumerate(data.segments):
        if not previous_end <= segment.start <= segment.end <= text_length:
            refuse(f"segments[{i}]: segment {i + 1} lies outside the text or overlaps another")
        previous_end = segment.end
        length = segment.end - segment.start
        for j, term in enumerate(segment.terms):
            if not 0 <= term.start <= term.end <= length:
                refuse(f"segments[{i}].terms[{j}]: the term lies outside its segment")
            if (term.target_start is None) != (term.target_end is None):
                refuse(f"segments[{i}].terms[{j}]: target_start and target_end go together")
            if (
                term.target_start is not None
                and term.target_end is not None
                and not 0 <= term.target_start <= term.target_end <= len(segment.target)
            ):
                refuse(f"segments[{i}].terms[{j}]: the term lies outside the target")
    original = data.original
    if original is not None and original.data is None:
        if original.sha256 is None:
            refuse("original: needs data or sha256")
        elif not _SHA256.fullmatch(original.sha256):
            refuse(f"original.sha256: expected 64 hex digits, got {original.sha256[:70]!r}")
    for name in ("created_at", "saved_at"):
        value = getattr(data, name)
        if value is not None and parse_time(value) is None:
            refuse(f"{name}: expected a date and time, got {value[:40]!r}")


def parse_time(value: str) -> datetime | None:
    """An ISO date and time (naive ones are taken as UTC); None when it is not one."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _decode_problem(exc: msgspec.DecodeError) -> str:
    message = str(exc)
    if message == "Input data was truncated":
        return "the file ends too early (empty or cut off)"
    message = message.removeprefix("JSON is malformed: ")
    return re.sub(r" \(byte \d+\)$", "", message)


def _line_of(raw: bytes, message: str) -> int | None:
    """The line of the byte offset that msgspec names in a syntax error."""
    match = re.search(r"\(byte (\d+)\)", message)
    if match is None:
        return None
    return raw.count(b"\n", 0, int(match[1])) + 1
