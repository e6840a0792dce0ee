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


def test_an_added_term_is_found_where_a_new_index_would_place_it():
    index = TermSearchIndex(TERMS)
    index.add(TermEntry("Kreml", "the Kremlin"))
    rebuilt = TermSearchIndex([*TERMS, TermEntry("Kreml", "the Kremlin")])
    assert index.search("kreml") == rebuilt.search("kreml")
    assert index.search("") == rebuilt.search("")
    assert len(index) == 6


def test_a_removed_term_is_no_longer_found_and_others_still_are():
    kreml = TermEntry("Kreml", "Kremlin", id=1)
    index = TermSearchIndex([kreml, TermEntry("Kreml-Sprecher", "Kremlin spokesman", id=2)])
    assert index.remove(TermEntry("Kreml-Sprecher", "edited", id=2))
    assert index.search("kreml").entries == [kreml]
    assert len(index) == 1


def test_removing_a_term_the_index_does_not_hold_changes_nothing():
    index = TermSearchIndex(TERMS)
    assert not index.remove(TermEntry("Bollwerk", "bulwark", id=9))  # it holds no id 9
    assert len(index) == len(TERMS)


def test_an_edit_is_a_removal_and_an_addition():
    old = TermEntry("Bollwerk", "bulwark", id=3)
    index = TermSearchIndex([*TERMS[:2], old])
    index.remove(old)
    index.add(TermEntry("Bollwerk", "rampart", id=3))
    assert [e.target for e in index.search("bollwerk").entries] == ["rampart"]
    assert sources(index.search("")) == ["Bollwerk", "Kreml", "Kreml-Sprecher"]


def test_the_last_term_can_be_removed_and_a_term_added_again():
    only = TermEntry("Bollwerk", "bulwark")
    index = TermSearchIndex([only])
    assert index.remove(only)
    assert index.search("bollwerk").total == 0
    index.add(only)
    assert index.search("bollwerk").entries == [only]
