"""Folding words and normalising terms: one key for every case, ß and hyphen variant."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.normalize import WORD, fold, normalise_term, term_tokens

# What `fold` is defined to do: ß, ẞ → ss and curly apostrophe, Unicode hyphens → ASCII, then
# `casefold`. The implementation takes shortcuts (ASCII words only need `lower`).
_DEFINITION = str.maketrans({"ß": "ss", "ẞ": "ss", "’": "'", "‐": "-", "‑": "-"})


def defined_fold(text: str) -> str:
    return text.translate(_DEFINITION).casefold()


@pytest.mark.parametrize(
    ("word", "folded"),
    [("Außen", "aussen"), ("AUẞEN", "aussen"), ("NATO", "nato"), ("Öl", "öl"), ("7", "7")],
)
def test_fold_ignores_case_and_sharp_s(word: str, folded: str) -> None:
    assert fold(word) == folded


def test_fold_follows_its_definition_for_every_character() -> None:
    everything = "".join(map(chr, range(0x110000)))
    assert fold(everything) == defined_fold(everything)


@given(st.text())
def test_fold_follows_its_definition_for_any_text(text: str) -> None:
    assert fold(text) == defined_fold(text)


@pytest.mark.parametrize("variant", ["Kreml-Sprecher", "Kremlsprecher", "KREML SPRECHER"])
def test_spelling_variants_share_one_key(variant: str) -> None:
    assert normalise_term(variant) == "kremlsprecher"


def test_tokens_are_the_folded_words() -> None:
    assert term_tokens("Kreml-Sprecher, G 7") == ["kreml", "sprecher", "g", "7"]


@given(st.text())
def test_the_key_is_the_folded_tokens_joined(text: str) -> None:
    assert normalise_term(text) == "".join(term_tokens(text))


def test_a_word_is_a_run_of_alphanumeric_characters() -> None:
    characters = map(chr, range(0x110000))
    assert [c for c in characters if bool(WORD.fullmatch(c)) != c.isalnum()] == []


@given(st.text())
def test_tokens_are_the_folded_words_of_any_text(text: str) -> None:
    assert term_tokens(text) == [fold(word) for word in WORD.findall(text)]
