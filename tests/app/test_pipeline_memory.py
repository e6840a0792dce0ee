"""The translation memory in the document flow: exact matches before MT, fuzzy ones beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.pipeline import translate_with_glossary
from app.segmentation import segment_document
from glossary.database import sqlite_url
from glossary.terms import TermEntry
from tests.app.fake_mt import WordByWordMT
from tm.store import TranslationMemory

TEXT = "Der Kreml schweigt. Die Regierung hat am Montag in Berlin ein Gesetz beschlossen."
KREML_EN = "The Kremlin is silent."


@pytest.fixture
def memory(tmp_path: Path):
    memory = TranslationMemory.open(sqlite_url(tmp_path / "tm.db"))
    yield memory
    memory.close()


def test_an_exact_match_fills_the_target_and_is_not_sent_to_mt(memory):
    memory.confirm("Der Kreml schweigt.", KREML_EN)
    mt = WordByWordMT()
    document = translate_with_glossary(mt, segment_document(TEXT), [], memory=memory)
    first, second = document.segments
    assert (first.target, str(first.origin), first.tm_score) == (KREML_EN, "tm", 100)
    assert str(second.origin) == "mt"
    assert all("Kreml" not in text for texts, _ in mt.calls for text in texts)


def test_a_match_in_the_same_context_scores_101(memory):
    second = "Die Regierung hat am Montag in Berlin ein Gesetz beschlossen."
    memory.confirm("Der Kreml schweigt.", KREML_EN, "", second)
    document = translate_with_glossary(WordByWordMT(), segment_document(TEXT), [], memory=memory)
    assert document.segments[0].tm_score == 101


def test_glossary_terms_are_checked_on_a_memory_target_as_on_mt(memory):
    memory.confirm("Der Kreml schweigt.", "Moscow is silent.")
    terms = [TermEntry("Kreml", "Kremlin")]
    document = translate_with_glossary(WordByWordMT(), segment_document(TEXT), terms, memory=memory)
    first = document.segments[0]
    assert [(r.term.source, str(r.status)) for r in first.terms] == [("Kreml", "missing")]
    assert [str(f.kind) for f in first.flags] == ["term-missing"]


def test_fuzzy_matches_above_the_threshold_are_offered_beside_the_mt(memory):
    memory.confirm(
        "Die Regierung hat am Dienstag in Berlin ein Gesetz beschlossen.",
        "On Tuesday the government in Berlin passed a law.",
    )
    document = translate_with_glossary(WordByWordMT(), segment_document(TEXT), [], memory=memory)
    second = document.segments[1]
    assert str(second.origin) == "mt"
    assert [m.score for m in second.tm_matches] == [second.tm_score]
    assert 75 <= (second.tm_score or 0) < 100


def test_fuzzy_matches_below_the_threshold_are_not_offered(memory):
    memory.confirm(
        "Die Regierung hat am Dienstag in Berlin ein Gesetz beschlossen.",
        "On Tuesday the government in Berlin passed a law.",
    )
    document = translate_with_glossary(
        WordByWordMT(), segment_document(TEXT), [], memory=memory, fuzzy_threshold=95
    )
    assert document.segments[1].tm_matches == []
