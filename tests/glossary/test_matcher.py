"""The German matcher: finds every inflected, compounded or re-spelled term, and nothing else."""

from __future__ import annotations

import itertools

import pytest

from glossary.matcher import Matcher, osa_distance
from glossary.terms import TermEntry

GLOSSARY = [
    TermEntry("Machthaber", "ruler"),
    TermEntry("Bollwerk", "bulwark"),
    TermEntry("Jahrestag", "anniversary"),
    TermEntry("Verteidigungsministerium", "Ministry of Defence"),
    TermEntry("Militärexperte", "military expert"),
    TermEntry("Lukaschenko", "Lukashenko"),
    TermEntry("Kreml-Sprecher", "Kremlin spokesman"),
    TermEntry("G 7", "G7"),
    TermEntry("Außenministerium", "Foreign Office"),
    TermEntry("Wladimir Putin", "Vladimir Putin"),
    TermEntry("Kriegspartner", "war partner"),
    TermEntry("Vertrag", "treaty"),
    TermEntry("Pressekonferenz", "press conference"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(GLOSSARY)


def found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.term.source) for m in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "surface", "term"),
    [
        ("Der Machthaber sprach.", "Machthaber", "Machthaber"),
        ("Die Rede des Machthabers war kurz.", "Machthabers", "Machthaber"),
        ("Mit den Machthabern redet niemand.", "Machthabern", "Machthaber"),
        ("Das Bollwerk hielt.", "Bollwerk", "Bollwerk"),
        ("Die Mauern des Bollwerks fielen.", "Bollwerks", "Bollwerk"),
        ("Alle Bollwerke fielen.", "Bollwerke", "Bollwerk"),
        ("Hinter den Bollwerken warteten sie.", "Bollwerken", "Bollwerk"),
        ("Am Tag des Jahrestages blieb es ruhig.", "Jahrestages", "Jahrestag"),
        (
            "Ein Bericht des Verteidigungsministeriums.",
            "Verteidigungsministeriums",
            "Verteidigungsministerium",
        ),
        (
            "Die Verteidigungsministerien der Länder.",
            "Verteidigungsministerien",
            "Verteidigungsministerium",
        ),
        ("Einige Militärexperten warnen.", "Militärexperten", "Militärexperte"),
        ("Der Vorschlag des Militärexperten.", "Militärexperten", "Militärexperte"),
        ("Die Verträge wurden unterzeichnet.", "Verträge", "Vertrag"),
        ("Zwei Pressekonferenzen fanden statt.", "Pressekonferenzen", "Pressekonferenz"),
    ],
)
def test_inflected_forms_match(matcher, text, surface, term):
    assert found(matcher, text) == [(surface, term)]


def test_genitive_of_a_name_matches(matcher):
    assert found(matcher, "Lukaschenkos Land bleibt neutral.") == [("Lukaschenkos", "Lukaschenko")]


def test_genitive_with_apostrophe_includes_it(matcher):
    assert found(matcher, "Lukaschenko's Land.") == [("Lukaschenko's", "Lukaschenko")]


@pytest.mark.parametrize(
    "surface", ["Kreml-Sprecher", "Kremlsprecher", "Kreml-Sprechers", "Kremlsprechers"]
)
def test_hyphenated_and_closed_compounds_match(matcher, surface):
    assert found(matcher, f"Der {surface} schwieg.") == [(surface, "Kreml-Sprecher")]


def test_term_as_last_part_of_a_hyphenated_compound(matcher):
    assert found(matcher, "Belarus-Machthaber Lukaschenko") == [
        ("Machthaber", "Machthaber"),
        ("Lukaschenko", "Lukaschenko"),
    ]


def test_longer_glossary_term_covers_the_compound_part():
    matcher = Matcher([*GLOSSARY, TermEntry("Belarus-Machthaber", "Belarusian ruler")])
    assert found(matcher, "Der Belarus-Machthaber kommt.") == [
        ("Belarus-Machthaber", "Belarus-Machthaber")
    ]


def test_longest_match_wins_over_its_parts():
    matcher = Matcher(
        [
            TermEntry("Kreml", "Kremlin"),
            TermEntry("Sprecher", "spokesman"),
            TermEntry("Kreml-Sprecher", "Kremlin spokesman"),
        ]
    )
    assert found(matcher, "Kreml-Sprecher Peskow") == [("Kreml-Sprecher", "Kreml-Sprecher")]


@pytest.mark.parametrize("surface", ["G 7", "G7", "G-7"])
def test_spacing_and_hyphen_variants_of_abbreviations(matcher, surface):
    assert found(matcher, f"Die Gruppe {surface} drohte.") == [(surface, "G 7")]


def test_abbreviation_as_first_part_of_a_compound(matcher):
    assert found(matcher, "Die G7-Staaten drohten.") == [("G7", "G 7")]


@pytest.mark.parametrize("surface", ["Außenministerium", "Aussenministerium", "AUSSENMINISTERIUM"])
def test_sharp_s_and_ss_are_the_same(matcher, surface):
    assert found(matcher, f"Das {surface} teilte mit.") == [(surface, "Außenministerium")]


def test_all_caps_headline_matches(matcher):
    assert found(matcher, "LUKASCHENKO WILL NICHT IN DEN KRIEG") == [("LUKASCHENKO", "Lukaschenko")]


def test_multi_word_term_matches(matcher):
    assert found(matcher, "Präsident Wladimir Putin reist.") == [
        ("Wladimir Putin", "Wladimir Putin")
    ]


def test_multi_word_term_across_a_line_break(matcher):
    assert found(matcher, "Präsident Wladimir\nPutin reist.") == [
        ("Wladimir\nPutin", "Wladimir Putin")
    ]


def test_multi_word_term_does_not_match_across_punctuation(matcher):
    assert found(matcher, "Er rief Wladimir. Putin kam.") == []


def test_genitive_of_a_multi_word_name(matcher):
    assert found(matcher, "Wladimir Putins Plan") == [("Wladimir Putins", "Wladimir Putin")]


def test_adjective_in_a_multi_word_term_inflects():
    matcher = Matcher([TermEntry("russische Armee", "Russian army")])
    assert found(matcher, "Die Erfolge der russischen Armee blieben aus.") == [
        ("russischen Armee", "russische Armee")
    ]


@pytest.mark.parametrize(
    ("glossary", "text"),
    [
        (TermEntry("Machthaber", "ruler"), "Die Macht des Staates."),
        (TermEntry("Kreml-Sprecher", "Kremlin spokesman"), "Der Sprecher schwieg."),
        (TermEntry("Bollwerk", "bulwark"), "Das Werk ist fertig."),
        (TermEntry("Kriegspartner", "war partner"), "Er ist kein Partner des Krieges."),
        (TermEntry("Macht", "power"), "Der Machthaber sprach."),
        (TermEntry("Werk", "plant"), "Das Bollwerk hielt."),
        (TermEntry("Sprecher", "spokesman"), "Der Kremlsprecher schwieg."),
        (TermEntry("Macht", "power"), "Er macht das gern."),
        (TermEntry("Partner", "partner"), "Die Partnerschaft hält."),
        (TermEntry("G 7", "G7"), "Die G 20 tagt."),
    ],
)
def test_does_not_match(glossary, text):
    assert Matcher([glossary]).find(text) == []


def test_case_sensitive_term_matches_its_exact_case_only():
    matcher = Matcher([TermEntry("AG", "plc", case_sensitive=True)])
    assert [m.surface for m in matcher.find("Die Siemens AG wächst.")] == ["AG"]
    assert matcher.find("Die Ag-Werte steigen.") == []


def test_case_insensitive_lowercase_term_matches_capitalised_at_sentence_start():
    matcher = Matcher([TermEntry("russisch", "Russian")])
    assert [m.surface for m in matcher.find("Russisch ist schwer.")] == ["Russisch"]


def test_offsets_index_the_original_text(matcher):
    text = "„Bollwerke“ – sagte der Kreml-Sprecher über Lukaschenkos G7-Pläne."
    for match in matcher.find(text):
        assert text[match.start : match.end] == match.surface
    assert len(matcher.find(text)) == 4


def test_matches_do_not_overlap_and_are_in_text_order(sample_text):
    import csv

    from tests.conftest import ROOT

    with open(ROOT / "resources" / "samples" / "glossary.csv", encoding="utf-8") as handle:
        terms = [TermEntry(r["source"], r["target"]) for r in csv.DictReader(handle)]
    matches = Matcher(terms).find(sample_text)
    for before, after in itertools.pairwise(matches):
        assert before.end <= after.start


def test_typo_is_a_suggestion_not_a_match(matcher):
    text = "Putin verliert einen fest eingeplanten Kriesgpartner!"
    assert matcher.find(text) == []
    [suggestion] = matcher.suggest(text)
    assert (suggestion.surface, suggestion.term.source, suggestion.distance) == (
        "Kriesgpartner",
        "Kriegspartner",
        1,
    )
    assert text[suggestion.start : suggestion.end] == "Kriesgpartner"


def test_inflected_typo_is_suggested(matcher):
    [suggestion] = matcher.suggest("Die Rede des Machthabres.")
    assert suggestion.term.source == "Machthaber"


def test_correct_words_are_not_suggested(matcher):
    assert matcher.suggest("Die Militärspezialisten und Experten berieten lange.") == []


def test_osa_distance_counts_a_transposition_as_one_edit():
    assert osa_distance("kriesgpartner", "kriegspartner", 2) == 1
    assert osa_distance("abc", "abd", 2) == 1
    assert osa_distance("abc", "xyz", 1) == 2


def test_a_removed_term_is_no_longer_found_and_others_still_are():
    kreml = TermEntry("Kreml", "Kremlin", id=1)
    sprecher = TermEntry("Kreml-Sprecher", "Kremlin spokesman", id=2)
    matcher = Matcher([kreml, sprecher])
    assert matcher.remove(TermEntry("Kreml-Sprecher", "x", id=2))
    assert [m.term for m in matcher.find("Der Kreml-Sprecher")] == [kreml]
    assert matcher.suggest("Kremlsprechr") == []
    assert not matcher.remove(TermEntry("Bollwerk", "bulwark", id=3))


@pytest.mark.parametrize("order", [1, -1])
def test_terms_added_one_by_one_match_as_if_built_at_once(order: int):
    terms = [TermEntry("Kreml", "Kremlin"), TermEntry("Kreml-Sprecher", "Kremlin spokesman")]
    text = "Der Kreml und seine Kreml-Sprecher, im Kreml Sprecher"
    matcher = Matcher([])
    for term in terms[::order]:
        matcher.add(term)
    assert matcher.find(text) == Matcher(terms).find(text)
    found = [m.term.source for m in matcher.find(text)]
    assert found == ["Kreml", "Kreml-Sprecher", "Kreml-Sprecher"]
