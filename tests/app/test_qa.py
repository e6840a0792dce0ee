"""QA flags that need no glossary: numbers, untranslated segments, misspellings of terms."""

from __future__ import annotations

from app.document import Segment
from app.qa import check_segment, number_flags
from glossary.matcher import Matcher
from glossary.terms import TermEntry


def segment(source: str, target: str) -> Segment:
    return Segment(0, 0, 0, len(source), source, target)


def test_numbers_missing_from_the_target_are_flagged():
    flags = number_flags("Am 24. Februar 2022 trafen sich die G 7.", "On February 2022 the G7 met.")
    assert [f.details["number"] for f in flags] == ["24"]


def test_numbers_are_compared_by_digits_so_german_and_english_formats_agree():
    assert (
        number_flags("10.000 Soldaten und 1,5 Millionen", "10,000 soldiers and 1.5 million") == []
    )


def test_a_number_occurring_twice_must_occur_twice():
    assert len(number_flags("7 und 7", "7 and seven")) == 1


def test_an_empty_target_is_untranslated():
    assert [f.kind for f in check_segment(segment("Guten Tag.", " "), None)] == ["untranslated"]


def test_a_target_identical_to_the_source_is_untranslated():
    flags = check_segment(segment("Putin verliert.", "Putin verliert."), None)
    assert [f.kind for f in flags] == ["untranslated"]


def test_segments_without_words_are_never_untranslated():
    assert check_segment(segment("36450:", "36450:"), None) == []


def test_a_near_miss_of_a_term_is_a_possible_misspelling():
    matcher = Matcher([TermEntry("Kriegspartner", "war partner")])
    flags = check_segment(segment("Ein Kriesgpartner.", "A war partner."), matcher)
    assert [f.kind for f in flags] == ["possible-misspelling"]
    assert flags[0].details["suggestion"] == "Kriegspartner"
    assert flags[0].details["distance"] == 1


def test_a_correct_translation_has_no_flags():
    matcher = Matcher([TermEntry("Kriegspartner", "war partner")])
    flags = check_segment(segment("Am 24. Februar.", "On 24 February."), matcher)
    assert flags == []
