"""What a glossary term may contain, checked the same way for every way in and every backend.

Import (CSV, TSV, TBX), `GlossaryStore.add` and `GlossaryStore.update` (so the CLI's `glossary
add/edit` and the GUI) all use `term_problem`, so SQLite accepts exactly what PostgreSQL accepts:
the limits below fit the column sizes in `glossary/models.py` (`source_key` and `domain` are
VARCHARs) and PostgreSQL's B-tree limit for the unique index on (glossary, source_key, target).
"""

from __future__ import annotations

import unicodedata

from glossary.errors import InputError
from glossary.normalize import normalise_term
from glossary.terms import TermEntry

MAX_TERM_CHARS = 500  # source, target and each forbidden variant
MAX_NOTES_CHARS = 5_000
MAX_DOMAIN_CHARS = 200  # Term.domain is String(200)
MAX_KEY_CHARS = 500  # Term.source_key is String(500); ß → ss can make the key longer
# The unique index holds source_key and target; PostgreSQL refuses index rows over 2,704 bytes
# (a third of a page). 500 characters of 4-byte UTF-8 (emoji, rare CJK) would not fit, so each
# also has a byte limit: 1,200 bytes is 500 German or 400 Chinese characters.
MAX_INDEXED_BYTES = 1_200
NOTE_WHITESPACE = frozenset("\t\n\r")  # allowed in notes only (multi-line notes are common)
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})


def bad_character(text: str, allowed: frozenset[str] = frozenset()) -> tuple[int, str] | None:
    """The first control, surrogate, private-use, unassigned or line-separator character in
    `text` as (1-based column, description), or None."""
    for index, char in enumerate(text):
        if char in allowed:
            continue
        category = unicodedata.category(char)
        if category in _REFUSED_CATEGORIES:
            if category == "Co" or (category == "Cn" and not _is_noncharacter(char)):
                continue  # private use (company fonts) and characters newer than our Unicode
            return index + 1, _describe(char)
    return None


def _is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _describe(char: str) -> str:
    code = ord(char)
    name = {0: "NUL", 9: "tab", 10: "line break", 13: "carriage return"}.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def term_problem(entry: TermEntry) -> str | None:
    """Why `entry` cannot be stored (one short sentence naming the field), or None."""
    fields: list[tuple[str, str, int, frozenset[str]]] = [
        ("source", entry.source, MAX_TERM_CHARS, frozenset()),
        ("target", entry.target, MAX_TERM_CHARS, frozenset()),
        ("notes", entry.notes, MAX_NOTES_CHARS, NOTE_WHITESPACE),
        ("domain", entry.domain, MAX_DOMAIN_CHARS, frozenset()),
    ]
    fields += [("forbidden variant", v, MAX_TERM_CHARS, frozenset()) for v in entry.forbidden]
    for name, value, limit, allowed in fields:
        if not isinstance(value, str):
            return f"{name} is not text"
        if len(value) > limit:
            return f"{name} is too long ({len(value):,} characters; at most {limit:,})"
        bad = bad_character(value, allowed)
        if bad is not None:
            column, what = bad
            return f"{name} contains the control character {what} at column {column}"
    if not entry.source.strip():
        return "no source term"
    if not entry.target.strip():
        return f"no target for {entry.source!r}"
    key = normalise_term(entry.source)
    if not key:
        return f"source {entry.source!r} has no letters or digits"
    if len(key) > MAX_KEY_CHARS:
        return f"source is too long once normalised ({len(key):,} characters; at most 500)"
    for name, value in (("source", key), ("target", entry.target)):
        size = len(value.encode("utf-8"))
        if size > MAX_INDEXED_BYTES:
            return f"{name} is too long ({size:,} bytes in UTF-8; at most {MAX_INDEXED_BYTES:,})"
    return None


def validate_term(entry: TermEntry, *, source: str | None = None, line: int | None = None) -> None:
    """Raise InputError (naming file and line when given) if `entry` cannot be stored."""
    problem = term_problem(entry)
    if problem is not None:
        raise InputError(problem, source=source, line=line)
