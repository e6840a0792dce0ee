"""The word diff the memory dock shows between a unit's source and the segment's source."""

from __future__ import annotations

from app.word_diff import Change, DiffPiece, word_diff


def test_equal_sources_are_one_unchanged_piece():
    assert word_diff("Der Kreml schweigt.", "Der Kreml schweigt.") == [
        DiffPiece(Change.SAME, "Der Kreml schweigt.")
    ]


def test_a_replaced_word_is_deleted_then_inserted():
    assert word_diff("Lukaschenko will doch eingreifen", "Lukaschenko will nicht eingreifen") == [
        DiffPiece(Change.SAME, "Lukaschenko will "),
        DiffPiece(Change.DELETED, "doch"),
        DiffPiece(Change.INSERTED, "nicht"),
        DiffPiece(Change.SAME, " eingreifen"),
    ]


def test_an_added_word_is_inserted_and_a_dropped_one_deleted():
    assert [p.change for p in word_diff("am Freitag", "am kommenden Freitag")] == [
        Change.SAME,
        Change.INSERTED,
        Change.SAME,
    ]
    assert "".join(p.text for p in word_diff("am kommenden Freitag", "am Freitag")) == (
        "am kommenden Freitag"
    )


def test_words_are_compared_whole_not_letter_by_letter():
    pieces = word_diff("Kriegspartner", "Kriesgpartner")
    assert pieces == [
        DiffPiece(Change.DELETED, "Kriegspartner"),
        DiffPiece(Change.INSERTED, "Kriesgpartner"),
    ]


def test_a_number_that_differs_is_marked_and_the_full_stop_after_it_is_not():
    assert word_diff("seit Oktober 2022.", "seit Oktober 2023.") == [
        DiffPiece(Change.SAME, "seit Oktober "),
        DiffPiece(Change.DELETED, "2022"),
        DiffPiece(Change.INSERTED, "2023"),
        DiffPiece(Change.SAME, "."),
    ]
