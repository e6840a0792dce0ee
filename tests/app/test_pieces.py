"""Splitting an over-long token sequence into pieces within the budget, and joining them again."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from app.pieces import argmax_alignment, join_texts, split_points


def words(n: int) -> list[str]:
    return [f"▁w{i}" for i in range(n)]


def test_a_sequence_within_the_budget_is_one_piece():
    assert split_points(words(10), budget=10) == [(0, 10)]


def test_a_long_sequence_is_split_after_the_last_clause_mark_in_the_second_half():
    tokens = words(100)
    tokens[30] = ","  # first half of the budget: too early to prefer
    tokens[70] = "▁;"
    tokens[90] = ","  # beyond the budget
    assert split_points(tokens, budget=80)[0] == (0, 71)


def test_without_a_clause_mark_the_split_is_at_the_last_word_boundary():
    tokens = [t for i in range(30) for t in (f"▁w{i}", "ort")]  # two tokens per word
    pieces = split_points(tokens, budget=15)
    assert pieces[0] == (0, 14)
    assert all(tokens[start].startswith("▁") for start, _ in pieces)


def test_bpe_tokens_are_split_between_words_not_inside_one():
    tokens = ["Ge@@", "schicht@@", "e", "und", "Krieg@@", "s@@", "ende"] * 4
    for start, _end in split_points(tokens, budget=5)[1:]:
        assert not tokens[start - 1].endswith("@@")


def test_a_single_word_longer_than_the_budget_is_cut_at_the_budget():
    tokens = ["▁a"] + ["b"] * 25
    assert split_points(tokens, budget=10) == [(0, 10), (10, 20), (20, 26)]


@given(st.lists(st.sampled_from(["▁w", "x", ",", "▁–", "@@"]), max_size=300), st.integers(1, 64))
def test_pieces_cover_the_tokens_in_order_within_the_budget(tokens, budget):
    pieces = split_points(tokens, budget)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(tokens)
    for (_, end), (start, _) in itertools.pairwise(pieces):
        assert end == start
    assert all(0 < end - start <= budget for start, end in pieces if tokens)


def test_pieces_are_joined_with_a_space_only_where_the_source_piece_began_a_word():
    assert join_texts(["The war,", "the ruler"], [True, True]) == "The war, the ruler"
    assert join_texts(["Donaudampf", "schifffahrt"], [True, False]) == "Donaudampfschifffahrt"
    assert join_texts(["", "ruler"], [True, True]) == "ruler"


def test_argmax_alignment_takes_each_rows_strongest_source_token():
    attention = [[0.1, 0.7, 0.2], [0.5, 0.2, 0.3], [0.0, 0.0, 1.0]]
    assert argmax_alignment(attention, 3) == [1, 0, 2]
    assert argmax_alignment([[0.2, 0.8], []], 3) == [1, -1, -1]
    assert argmax_alignment(None, 2) == [-1, -1]


def test_the_translation_path_does_not_import_numpy():
    """The desktop build leaves numpy out (docs/decisions.md), so the pipeline must not need it."""
    import subprocess
    import sys

    code = "import sys, app.pipeline, app.pieces; sys.exit('numpy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
