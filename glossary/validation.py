"""What a glossary term may contain, checked the same way for every way in and every backend.

Import (CSV, TSV, TBX), `GlossaryStore.add` and `GlossaryStore.update` (so the CLI's `glossary
add/edit` and the GUI) all use `term_problem`, so SQLite accepts exactly what PostgreSQL accepts:
the limits below fit the column sizes in `glossary/models.py` (`source_key` and `domain` are
VARCHARs) and PostgreSQL's B-tree limit for the unique index on (glossary, source_key, target).
"""

from __future__ import annotations

import re

from glossary.errors import InputError
from glossary.normalize import WORD, normalise_term
from glossary.terms import TermEntry

MAX_TERM_CHARS = 500  # source, target and each forbidden variant
MAX_NOTES_CHARS = 5_000
MAX_DOMAIN_CHARS = 200  # Term.domain is String(200)
MAX_KEY_CHARS = 500  # Term.source_key is String(500); ß → ss can make the key longer
# The unique index holds source_key and target; PostgreSQL refuses index rows over 2,704 bytes
# (a third of a page). 500 characters of 4-byte UTF-8 (emoji, rare CJK) would not fit, so each
# also has a byte limit: 1,200 bytes is 500 German or 400 Chinese characters.
MAX_INDEXED_BYTES = 1_200
# Refused everywhere: C0/C1 controls (Cc), lone surrogates (Cs), the line and paragraph
# separators (Zl, Zp) and the noncharacters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF; not valid in XML
# exports). Notes may hold tab and line breaks. Private-use and format characters are allowed.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_REFUSED = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029{_NONCHARACTERS}]")
_REFUSED_IN_NOTES = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029{_NONCHARACTERS}]"
)


def shown(term: str, limit: int = 60) -> str:
    """A term quoted for a message: repr (so control characters show), cut to `limit`."""
    return (
        repr(term) if len(term) <= limit else repr(term[:limit]) + f"… ({len(term):,} characters)"
    )


def bad_character(text: str, *, notes: bool = False) -> tuple[int, str] | None:
    """The first refused character in `text` as (1-based column, description), or None."""
    found = (_REFUSED_IN_NOTES if notes else _REFUSED).search(text)
    if found is None:
        return None
    return found.start() + 1, _describe(found.group())


def _describe(char: str) -> str:
    code = ord(char)
    name = {0: "NUL", 9: "tab", 10: "line break", 13: "carriage return"}.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def term_problem(entry: TermEntry) -> str | None:
    """Why `entry` cannot be stored (one short sentence naming the field), or None."""
    source, target, notes, domain = entry.source, entry.target, entry.notes, entry.domain
    try:  # the common case, fast: every field is text, short enough and clean
        suspect = (
            len(source) > MAX_TERM_CHARS
            or len(target) > MAX_TERM_CHARS
            or len(notes) > MAX_NOTES_CHARS
            or len(domain) > MAX_DOMAIN_CHARS
            or _REFUSED.search(source) is not None
            or _REFUSED.search(target) is not None
            or (bool(notes) and _REFUSED_IN_NOTES.search(notes) is not None)
            or (bool(domain) and _REFUSED.search(domain) is not None)
            or any(len(v) > MAX_TERM_CHARS or _REFUSED.search(v) for v in entry.forbidden)
        )
    except TypeError:
        suspect = True
    if suspect:
        problem = _field_problem(entry)
        if problem is not None:
            return problem
    if not entry.source.strip():
        return "no source term"
    if not entry.target.strip():
        return f"no target for {shown(entry.source)}"
    if not WORD.search(entry.source):
        return f"source {shown(entry.source)} has no letters or digits"
    # A character grows to at most 12 UTF-8 bytes when folded (ΐ → ΐ), so short terms need no
    # further checks; the long ones are measured as stored (the key folded, the target as is).
    if len(entry.source) > MAX_INDEXED_BYTES // 12:
        key = normalise_term(entry.source)
        if len(key) > MAX_KEY_CHARS:
            return f"source is too long once normalised ({len(key):,} characters; at most 500)"
        size = len(key.encode("utf-8"))
        if size > MAX_INDEXED_BYTES:
            return f"source is too long ({size:,} bytes in UTF-8; at most {MAX_INDEXED_BYTES:,})"
    if len(entry.target) > MAX_INDEXED_BYTES // 4:
        size = len(entry.target.encode("utf-8"))
        if size > MAX_INDEXED_BYTES:
            return f"target is too long ({size:,} bytes in UTF-8; at most {MAX_INDEXED_BYTES:,})"
    return None


def _field_problem(entry: TermEntry) -> str | None:
    """The first field that is not text, too long or holds a refused character."""
    fields: list[tuple[str, object, int]] = [
        ("source", entry.source, MAX_TERM_CHARS),
        ("target", entry.target, MAX_TERM_CHARS),
        ("notes", entry.notes, MAX_NOTES_CHARS),
        ("domain", entry.domain, MAX_DOMAIN_CHARS),
    ]
    fields += [("forbidden variant", v, MAX_TERM_CHARS) for v in entry.forbidden]
    for name, value, limit in fields:
        if not isinstance(value, str):
            return f"{name} is not text"
        if len(value) > limit:
            return f"{name} is too long ({len(value):,} characters; at most {limit:,})"
        bad = bad_character(value, notes=name == "notes")
        if bad is not None:
            column, what = bad
            return f"{name} contains the control character {what} at column {column}"
    return None


def validate_term(entry: TermEntry, *, source: str | None = None, line: int | None = None) -> None:
    """Raise InputError (naming file and line when given) if `entry` cannot be stored."""
    problem = term_problem(entry)
    if problem is not None:
        raise InputError(problem, source=source, line=line)
