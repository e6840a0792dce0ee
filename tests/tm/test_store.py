"""The translation memory store, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from glossary.database import StoreError, sqlite_url
from glossary.storage import GlossaryStore
from glossary.terms import TermEntry
from tm.store import TMCancelled, TranslationMemory
from tm.units import TranslationUnit

FIRST = "Die Regierung hat am Montag in Berlin ein neues Gesetz zum Klimaschutz beschlossen."
FIRST_EN = "On Monday the government in Berlin passed a new climate protection law."
BEFORE, AFTER = "Es war ein langer Tag.", "Die Opposition protestierte."


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "tm.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def memory(url):  # type: ignore[no-untyped-def]
    memory = TranslationMemory.open(url)
    yield memory
    memory.close()


def test_a_confirmed_segment_is_found_again_exactly(memory):
    memory.confirm(FIRST, FIRST_EN, author="anna", document="news.txt")
    [match] = memory.lookup(FIRST)
    assert (match.score, match.target, match.origin) == (100, FIRST_EN, "tm")
    assert (match.unit.author, match.unit.document) == ("anna", "news.txt")
    assert match.unit.changed_at is not None


def test_the_same_segment_in_the_same_context_scores_101(memory):
    memory.confirm(FIRST, FIRST_EN, BEFORE, AFTER)
    assert [m.score for m in memory.lookup(FIRST, BEFORE, AFTER)] == [101]


def test_the_same_segment_in_another_context_scores_100(memory):
    memory.confirm(FIRST, FIRST_EN, BEFORE, AFTER)
    assert [m.score for m in memory.lookup(FIRST, "Anderes.", AFTER)] == [100]


def test_a_one_word_edit_is_offered_as_a_fuzzy_match(memory):
    memory.confirm(FIRST, FIRST_EN)
    [match] = memory.lookup(FIRST.replace("Montag", "Dienstag"))
    assert 85 <= match.score < 100
    assert match.source == FIRST


def test_unrelated_units_are_not_offered(memory):
    memory.confirm(FIRST, FIRST_EN)
    assert memory.lookup("Der FC Bayern gewann das Spiel gegen Dortmund mit drei zu eins.") == []


def test_fuzzy_matches_below_the_minimum_are_left_out(memory):
    memory.confirm(FIRST, FIRST_EN)
    assert memory.lookup(FIRST.replace("Montag", "Dienstag"), min_score=95) == []


def test_matches_come_best_first_and_limited(memory):
    memory.confirm(FIRST, FIRST_EN)
    memory.confirm(FIRST.replace("Montag", "Dienstag"), FIRST_EN.replace("Monday", "Tuesday"))
    memory.confirm(
        FIRST.replace("Montag", "Dienstag").replace("Berlin", "Bonn"),
        FIRST_EN.replace("Monday", "Tuesday").replace("Berlin", "Bonn"),
    )
    scores = [m.score for m in memory.lookup(FIRST, limit=2)]
    assert scores[0] == 100 and len(scores) == 2 and scores[1] < 100


def test_numbers_of_the_new_source_are_put_into_the_proposed_target(memory):
    memory.confirm("Der Preis stieg um 3,5 Prozent.", "The price rose by 3.5 percent.")
    [match] = memory.lookup("Der Preis stieg um 4,2 Prozent.")
    assert (match.score, match.target) == (99, "The price rose by 4.2 percent.")


def test_confirming_the_same_unit_twice_keeps_it_once_with_the_later_author(memory):
    memory.confirm(FIRST, FIRST_EN, author="anna")
    memory.confirm(FIRST, FIRST_EN, author="ben")
    assert memory.count() == 1
    assert memory.lookup(FIRST)[0].unit.author == "ben"


def test_two_translations_of_one_source_are_both_kept_newest_first(memory):
    memory.confirm(FIRST, FIRST_EN)
    memory.confirm(FIRST, "The government adopted a climate law on Monday.")
    targets = [m.target for m in memory.lookup(FIRST)]
    assert targets == ["The government adopted a climate law on Monday.", FIRST_EN]


def test_plain_text_with_angle_brackets_stays_text(memory):
    memory.confirm("Wert a < b & c.", "Value a < b & c.")
    assert memory.lookup("Wert a < b & c.")[0].target == "Value a < b & c."


def test_concordance_finds_units_containing_a_phrase_in_any_case(memory):
    memory.confirm(FIRST, FIRST_EN)
    memory.confirm("Der Preis stieg um 3,5 Prozent.", "The price rose by 3.5 percent.")
    assert [u.target_text for u in memory.concordance("gesetz zum")] == [FIRST_EN]
    assert [u.target_text for u in memory.concordance("PREIS")] == [
        "The price rose by 3.5 percent."
    ]


def test_stats_count_units_language_pairs_and_authors(memory):
    memory.confirm(FIRST, FIRST_EN, author="anna")
    memory.confirm("Der Preis stieg.", "The price rose.", author="ben")
    stats = memory.stats()
    assert (stats.units, stats.language_pairs, stats.authors) == (2, {"de→en": 2}, 2)


def test_a_cancelled_write_keeps_nothing(memory):
    units = (TranslationUnit.from_text(f"Satz {i}.", f"Sentence {i}.") for i in range(5000))
    with pytest.raises(TMCancelled):
        memory.add(units, cancelled=lambda: True)
    assert memory.count() == 0


def test_memory_and_glossary_share_one_database(url):
    memory = TranslationMemory.open(url)
    glossary = GlossaryStore.open(url)
    try:
        memory.confirm(FIRST, FIRST_EN)
        glossary.add(TermEntry("Klimaschutz", "climate protection"))
        assert (memory.count(), glossary.count()) == (1, 1)
    finally:
        memory.close()
        glossary.close()


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not a database at all", encoding="utf-8")
    with pytest.raises(StoreError, match=r"translation memory database .* not an SQLite database"):
        TranslationMemory.open(sqlite_url(path))


def test_sqlite_indexes_source_words_with_fts5(tmp_path: Path):
    memory = TranslationMemory.open(sqlite_url(tmp_path / "tm.db"))
    try:
        with memory.engine.connect() as connection:
            sql = connection.execute(
                sa.text("SELECT sql FROM sqlite_master WHERE name = 'tm_units_fts'")
            ).scalar()
    finally:
        memory.close()
    assert "fts5" in sql


def test_postgresql_indexes_sources_with_a_trigram_gin_index(postgres_url):
    memory = TranslationMemory.open(postgres_url)
    try:
        with memory.engine.connect() as connection:
            definition = connection.execute(
                sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_tm_units_trgm'")
            ).scalar()
    finally:
        memory.close()
    assert "gin" in definition and "gin_trgm_ops" in definition


def test_postgresql_without_pg_trgm_still_finds_fuzzy_matches(postgres_url):
    memory = TranslationMemory.open(postgres_url)
    try:
        with memory.engine.begin() as connection:  # as where the administrator did not allow it
            connection.execute(sa.text("DROP EXTENSION pg_trgm CASCADE"))
        memory.confirm(FIRST, FIRST_EN)
        [match] = TranslationMemory(memory.engine).lookup(FIRST.replace("Montag", "Dienstag"))
    finally:
        memory.close()
    assert 85 <= match.score < 100
