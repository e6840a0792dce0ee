"""The inline-tag model: units cut into sentences and edges without losing a part."""

from __future__ import annotations

from app.formats.inline import Tag, TagKind, from_markers, joined, split_unit, to_markers

BOLD = Tag(TagKind.OPEN, "1", "b")
END_BOLD = Tag(TagKind.CLOSE, "1", "b")
BREAK = Tag(TagKind.STANDALONE, "2", "br")


def concatenated(pieces):
    return joined(part for piece in pieces for part in piece.parts)


def test_pieces_put_together_are_the_unit_again():
    parts = ["  Das ist ", BOLD, "fett", END_BOLD, ". Noch ein Satz.", BREAK, " "]
    assert concatenated(split_unit(parts)) == joined(parts)


def test_sentences_become_separate_pieces():
    pieces = split_unit(["Erster Satz. Zweiter Satz."])
    assert [p.parts for p in pieces if p.translatable] == [["Erster Satz."], ["Zweiter Satz."]]


def test_a_pair_spanning_two_sentences_keeps_them_in_one_piece():
    pieces = split_unit(["Eins. ", BOLD, "Zwei. Drei", END_BOLD, " vier."])
    translatable = [p.parts for p in pieces if p.translatable]
    assert translatable == [["Eins."], [BOLD, "Zwei. Drei", END_BOLD, " vier."]]


def test_codes_and_white_space_at_the_edges_stay_outside_the_translation():
    pieces = split_unit([BREAK, "  Text.  ", BREAK])
    assert [p.parts for p in pieces if p.translatable] == [["Text."]]


def test_a_pair_around_the_whole_unit_stays_outside_the_translation():
    pieces = split_unit([BOLD, "Alles fett.", END_BOLD])
    assert [p.parts for p in pieces if p.translatable] == [["Alles fett."]]


def test_markers_number_tags_in_source_order_and_read_back():
    parts = ["Das ist ", BOLD, "fett", END_BOLD, BREAK, " a<1 b"]
    text = to_markers(parts)
    assert text == "Das ist <1>fett</1><2/> a<<1 b"
    assert from_markers(text, parts) == joined(parts)


def test_a_double_angle_bracket_that_escapes_nothing_reads_back_as_written():
    parts = ["x << y ", BOLD, "fett", END_BOLD]
    assert from_markers(to_markers(parts), parts) == joined(parts)


def _units():
    from hypothesis import strategies as st

    words = st.sampled_from(["Das", "ist", " ", ". ", "Satz", "! ", "\n", "  ", "„Zitat.“ ", "a"])
    text = st.lists(words, min_size=0, max_size=6).map("".join)

    @st.composite
    def unit(draw):
        parts, opened, counter = [], [], 0
        for _ in range(draw(st.integers(0, 8))):
            choice = draw(st.integers(0, 3))
            if choice == 0:
                counter += 1
                parts.append(Tag(TagKind.OPEN, str(counter), "b"))
                opened.append(str(counter))
            elif choice == 1 and opened:
                parts.append(Tag(TagKind.CLOSE, opened.pop(), "b"))
            elif choice == 2:
                counter += 1
                parts.append(Tag(TagKind.STANDALONE, str(counter), "x"))
            parts.append(draw(text))
        parts += [Tag(TagKind.CLOSE, i, "b") for i in reversed(opened)]
        return parts

    return unit()


def test_any_unit_cut_into_pieces_is_the_same_unit_again():
    from hypothesis import given, settings

    @settings(max_examples=300, deadline=None)
    @given(_units())
    def check(parts):
        assert concatenated(split_unit(parts)) == joined(parts)

    check()
