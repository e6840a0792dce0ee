"""The editor's in-memory term search."""

from __future__ import annotations

from glossary.search import TermSearchIndex
from glossary.terms import TermEntry

TERMS = [
    TermEntry("Kreml-Sprecher", "Kremlin spokesman"),
    TermEntry("Kreml", "Kremlin"),
    TermEntry("Bollwerk", "bulwark"),
    TermEntry("Außenministerium", "Foreign Office"),
    TermEntry("Militärexperte", "military expert"),
]


def sources(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.source for e in result.entries]


def test_an_empty_query_lists_every_term_in_source_order():
    result = TermSearchIndex(TERMS).search("")
    assert sources(result)[0] == "Außenministerium"
    assert result.total == 5 and result.complete


def test_prefix_hits_come_before_other_hits():
    index = TermSearchIndex([*TERMS, TermEntry("Sprecher des Kreml", "Kremlin's speaker")])
    assert sources(index.search("kreml")) == ["Kreml", "Kreml-Sprecher", "Sprecher des Kreml"]


def test_the_target_is_searched_too():
    assert sources(TermSearchIndex(TERMS).search("EXPERT")) == ["Militärexperte"]


def test_folding_finds_hyphen_space_and_sharp_s_variants():
    index = TermSearchIndex(TERMS)
    assert sources(index.search("kremlsprecher")) == ["Kreml-Sprecher"]
    assert sources(index.search("Aussenministerium")) == ["Außenministerium"]


def test_each_term_is_listed_once_even_if_it_matches_twice():
    result = TermSearchIndex(TERMS).search("kreml")
    assert len(sources(result)) == len(set(sources(result))) == 2


def test_counting_stops_at_the_limit_and_says_so():
    many = [TermEntry(f"Begriff{i:05d}", f"term {i}") for i in range(500)]
    result = TermSearchIndex(many).search("begriff", limit=20, count_limit=100)
    assert len(result.entries) == 20
    assert (result.total, result.complete) == (100, False)


def test_no_hit_gives_an_empty_complete_result():
    result = TermSearchIndex(TERMS).search("xyz")
    assert (result.entries, result.total, result.complete) == ([], 0, True)
