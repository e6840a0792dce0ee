"""What a term may contain: the same rules for every way in and on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from glossary.errors import InputError
from glossary.storage import GlossaryStore, InvalidTermError, StoreError, sqlite_url
from glossary.terms import TermEntry
from glossary.validation import (
    MAX_NOTES_CHARS,
    MAX_TERM_CHARS,
    term_problem,
    validate_term,
)

# 500 characters of CJK Extension B: 4 bytes each in UTF-8. Source and target of this size
# would make a unique-index row of over 4,000 bytes, which PostgreSQL refuses (2,704 at most).
WIDE = "".join(chr(0x20000 + i) for i in range(MAX_TERM_CHARS))


def test_a_plain_term_is_valid():
    assert term_problem(TermEntry("Bollwerk", "bulwark", notes="Politik\n\tZeile 2")) is None


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            TermEntry("Boll\x00werk", "bulwark"),
            "source contains the control character U+0000 (NUL) at column 5",
        ),
        (
            TermEntry("Bollwerk", "bul\twark"),
            "target contains the control character U+0009 (tab) at column 4",
        ),
        (
            TermEntry("Bollwerk", "bulwark\nrampart"),
            "target contains the control character U+000A (line break) at column 8",
        ),
        (
            TermEntry("Bollwerk", "bulwark", notes="ok\x1b[31m"),
            "notes contains the control character U+001B at column 3",
        ),
        (
            TermEntry("Bollwerk", "bulwark", forbidden=["ram\x07part"]),
            "forbidden variant contains the control character U+0007 at column 4",
        ),
        (
            TermEntry("Bollwerk\udcff", "bulwark"),
            "source contains the control character U+DCFF at column 9",
        ),
        (
            TermEntry("Bollwerk", "bulwark\ufffe"),
            "target contains the control character U+FFFE at column 8",
        ),
        (
            TermEntry("Bollwerk", "bulwark\u2028x"),
            "target contains the control character U+2028 at column 8",
        ),
    ],
)
def test_control_characters_are_refused_naming_field_and_column(entry, problem):
    assert term_problem(entry) == problem


def test_tab_and_line_breaks_are_allowed_in_notes_only():
    assert term_problem(TermEntry("Kreml", "Kremlin", notes="a\tb\r\nc")) is None


def test_limits_are_500_characters_per_term_and_5000_for_notes():
    at_limit = TermEntry("K" * 500, "k" * 500, notes="n" * 5000, forbidden=["f" * 500])
    assert term_problem(at_limit) is None
    assert term_problem(TermEntry("K" * 501, "k")) == (
        "source is too long (501 characters; at most 500)"
    )
    assert term_problem(TermEntry("K", "k" * 501)) == (
        "target is too long (501 characters; at most 500)"
    )
    assert term_problem(TermEntry("K", "k", forbidden=["f" * 501])) == (
        "forbidden variant is too long (501 characters; at most 500)"
    )
    assert term_problem(TermEntry("K", "k", notes="n" * (MAX_NOTES_CHARS + 1))) == (
        "notes is too long (5,001 characters; at most 5,000)"
    )
    assert term_problem(TermEntry("K", "k", domain="d" * 201)) == (
        "domain is too long (201 characters; at most 200)"
    )


def test_a_source_that_grows_past_the_key_column_when_normalised_is_refused():
    # ß → ss: 300 characters become a 600-character key (the column holds 500)
    assert term_problem(TermEntry("ß" * 300, "x")) == (
        "source is too long once normalised (600 characters; at most 500)"
    )


def test_terms_too_wide_in_bytes_for_the_postgresql_index_are_refused():
    assert term_problem(TermEntry("Kreml", WIDE)) == (
        "target is too long (2,000 bytes in UTF-8; at most 1,200)"
    )


def test_a_source_without_letters_or_digits_is_refused():
    assert term_problem(TermEntry("---", "dash")) == "source '---' has no letters or digits"


def test_validate_term_names_file_and_line():
    with pytest.raises(InputError) as caught:
        validate_term(TermEntry("a\x00", "b"), source="g.csv", line=7)
    assert str(caught.value) == (
        "g.csv:7: source contains the control character U+0000 (NUL) at column 2"
    )


# -- the store refuses the same terms on both backends ---------------------------------------
@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):  # type: ignore[no-untyped-def]
    url = (
        sqlite_url(tmp_path / "g.db")
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    store = GlossaryStore.open(url)
    yield store
    store.close()


BAD_TERMS = [
    TermEntry("Boll\x00werk", "bulwark"),
    TermEntry("K" * 501, "k"),
    TermEntry("ß" * 300, "x"),
    TermEntry("Kreml", WIDE),
    TermEntry(WIDE[:301], "x"),
    TermEntry("Kreml", "Kremlin", domain="d" * 201),
    TermEntry("Kreml", "Kremlin", notes="n" * 5001),
]


@pytest.mark.parametrize("entry", BAD_TERMS, ids=range(len(BAD_TERMS)))
def test_add_refuses_an_invalid_term_with_a_store_error_on_every_backend(store, entry):
    with pytest.raises(InvalidTermError) as caught:
        store.add(entry)
    assert isinstance(caught.value, StoreError) and isinstance(caught.value, InputError)
    assert store.entries() == []


@pytest.mark.parametrize("entry", BAD_TERMS, ids=range(len(BAD_TERMS)))
def test_update_refuses_an_invalid_term_and_keeps_the_stored_one(store, entry):
    saved = store.add(TermEntry("Bollwerk", "bulwark"))
    changed = TermEntry(**{**vars(entry), "id": saved.id, "version": saved.version})
    with pytest.raises(InvalidTermError):
        store.update(changed)
    assert [(e.source, e.target) for e in store.entries()] == [("Bollwerk", "bulwark")]


@pytest.mark.parametrize("entry", BAD_TERMS, ids=range(len(BAD_TERMS)))
def test_import_reports_an_invalid_term_by_line_on_every_backend(store, entry):
    report = store.import_entries([(2, TermEntry("Kreml", "Kremlin")), (3, entry)])
    assert report.added == 1
    assert [line for line, _ in report.invalid] == [3]
    assert [e.source for e in store.entries()] == ["Kreml"]


def test_the_largest_valid_terms_are_stored_on_every_backend(store):
    widest = WIDE[:300]  # 1,200 bytes each: the byte limit, in source key and target
    stored = store.add(TermEntry(widest, widest, notes="n" * 5000, domain="d" * 200))
    longest = store.add(TermEntry("K" * 500, "k" * 500, forbidden=["f" * 500]))
    assert [e.id for e in store.entries()] == [stored.id, longest.id]
