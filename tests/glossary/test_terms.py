"""TermEntry: an immutable, hashable value with a stable identity, and its one JSON form."""

from __future__ import annotations

import dataclasses

import pytest

from glossary.terms import TermEntry, same_term, term_from_json, term_json


def test_a_term_cannot_be_changed_in_place_only_replaced():
    term = TermEntry("Bollwerk", "bulwark")
    with pytest.raises(dataclasses.FrozenInstanceError):
        term.target = "rampart"  # type: ignore[misc]
    assert dataclasses.replace(term, target="rampart").target == "rampart"


def test_equal_terms_hash_alike_and_forbidden_variants_are_a_tuple():
    one = TermEntry("Belarus", "Belarus", forbidden=["White Russia"])
    assert one.forbidden == ("White Russia",)
    assert {one, TermEntry("Belarus", "Belarus", forbidden=("White Russia",))} == {one}


def test_identity_is_the_stored_id_else_source_and_target():
    assert TermEntry("Bollwerk", "bulwark", id=7).identity == 7
    assert TermEntry("Bollwerk", "bulwark").identity == ("Bollwerk", "bulwark")


def test_term_json_round_trips():
    term = TermEntry("Kreml", "Kremlin", "Moscow", ("Kreml",), True, "politics", id=3, version=2)
    assert term_from_json(3, term_json(term)) == term


def test_an_index_recognises_a_term_by_object_or_by_id_and_source():
    stored = TermEntry("Bollwerk", "bulwark", id=7)
    assert same_term(stored, stored)
    assert same_term(stored, TermEntry("Bollwerk", "rampart", id=7))
    assert not same_term(stored, TermEntry("Bollwerke", "bulwark", id=7))
    assert not same_term(TermEntry("Kreml", "Kremlin"), TermEntry("Kreml", "Kremlin"))
