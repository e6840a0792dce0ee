"""Tags through MT: placed around the words that render their source, else at the end, flagged."""

from __future__ import annotations

from app.document import TermResult, TermStatus
from app.formats.inline import Tag, TagKind, to_markers
from app.tag_placement import check_tags, place_tags
from glossary.terms import TermEntry

BOLD, END = Tag(TagKind.OPEN, "1", "b"), Tag(TagKind.CLOSE, "1", "b")
NOTE = Tag(TagKind.STANDALONE, "2", "footnoteReference")
SUP, SUP_END = Tag(TagKind.OPEN, "3", "sup"), Tag(TagKind.CLOSE, "3", "sup")
PAGE, PAGES = Tag(TagKind.STANDALONE, "4", "PAGE"), Tag(TagKind.STANDALONE, "5", "NUMPAGES")


def aligned(source: str, target: str, pairs: list[tuple[str, str]]):
    """An alignment from (source word, target word) pairs, as the MT's attention gives it."""
    alignment = []
    position = 0
    for source_word, target_word in pairs:
        t = target.index(target_word, position)
        s = source.index(source_word)
        alignment.append(((s, s + len(source_word)), (t, t + len(target_word))))
        position = t + len(target_word)
    return alignment


def test_a_tag_around_a_glossary_term_goes_around_the_terms_target():
    source = ["Die ", BOLD, "Regierung", END, " tagt."]
    term = TermResult(TermEntry("Regierung", "administration"), 4, 13, TermStatus.ENFORCED, 4, 18)
    placed = place_tags(source, "The administration meets.", [term])
    assert to_markers(placed.parts) == "The <1>administration</1> meets."
    assert placed.flag is None


def test_a_tag_whose_text_stands_unchanged_in_the_target_goes_around_it():
    source = ["Besuchen Sie ", BOLD, "example.org", END, " heute."]
    placed = place_tags(source, "Visit example.org today.")
    assert to_markers(placed.parts) == "Visit <1>example.org</1> today."


def test_a_tag_goes_around_the_words_the_attention_aligns_with_its_words():
    source_text = "Die Regierung hat ein neues Gesetz."
    target = "The government has a new law."
    pairs = [("Die", "The"), ("Regierung", "government"), ("hat", "has"), ("ein", "a"),
             ("neues", "new"), ("Gesetz", "law")]  # fmt: skip
    source = ["Die Regierung hat ein ", BOLD, "neues", END, " Gesetz."]
    placed = place_tags(source, target, alignment=aligned(source_text, target, pairs))
    assert to_markers(placed.parts) == "The government has a <1>new</1> law."


def test_a_tag_split_by_words_from_outside_it_goes_to_the_end_with_a_flag():
    source_text = "Das rote Auto fährt schnell."
    target = "The red fast car drives."
    pairs = [("Das", "The"), ("rote", "red"), ("schnell", "fast"), ("Auto", "car"),
             ("fährt", "drives")]  # fmt: skip
    source = ["Das ", BOLD, "rote Auto", END, " fährt schnell."]
    placed = place_tags(source, target, alignment=aligned(source_text, target, pairs))
    assert to_markers(placed.parts) == "The red fast car drives.<1></1>"
    assert placed.flag is not None and placed.flag.kind == "tag-placement"
    assert placed.flag.details == {"tags": "<1>"}


def test_without_any_evidence_tags_go_to_the_end_and_are_flagged():
    placed = place_tags(["Die ", BOLD, "Regierung", END, " tagt."], "The government meets.")
    assert to_markers(placed.parts) == "The government meets.<1></1>"
    assert placed.flag is not None


def test_a_footnote_reference_follows_the_target_of_the_word_before_it():
    source_text = "Er sprach über die Wirtschaft und die Zukunft."
    target = "He spoke about the economy and the future."
    pairs = [("Er", "He"), ("sprach", "spoke"), ("über", "about"), ("die", "the"),
             ("Wirtschaft", "economy"), ("und", "and"), ("Zukunft", "future")]  # fmt: skip
    source = ["Er sprach über die Wirtschaft", NOTE, " und die Zukunft."]
    placed = place_tags(source, target, alignment=aligned(source_text, target, pairs))
    assert to_markers(placed.parts) == "He spoke about the economy<1/> and the future."


def test_the_tag_check_finds_missing_extra_and_misordered_tags():
    source = ["Die ", BOLD, "Regierung", END, " tagt", NOTE, "."]
    assert check_tags(source, ["The ", BOLD, "government", END, " meets", NOTE, "."]) == []
    missing = check_tags(source, ["The ", BOLD, "government", END, " meets."])
    assert [f.details for f in missing] == [{"problem": "missing", "tag": "<2/>"}]
    extra = check_tags(source, ["The ", BOLD, "go", END, SUP, "v", SUP_END, " meets", NOTE, "."])
    assert {f.details["problem"] for f in extra} == {"extra"}
    misordered = check_tags(source, ["The ", END, "government", BOLD, " meets", NOTE, "."])
    assert [f.details for f in misordered] == [{"problem": "order", "tag": "</1>"}]


def _only_spaces_added(target: str, placed: str) -> bool:
    """True when `placed` is `target` with nothing but spaces put in."""
    position = 0
    for ch in placed:
        if position < len(target) and target[position] == ch:
            position += 1
        elif ch != " ":
            return False
    return position == len(target)


def test_any_placement_keeps_the_target_text_and_every_tag_once():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from app.formats.inline import plain_text
    from tests.app.formats.test_inline import _units

    @settings(max_examples=300, deadline=None)
    @given(_units(), st.sampled_from(["", "The government meets.", "Das ist a Satz", "x"]))
    def check(source, target):
        placed = place_tags(source, target)
        assert _only_spaces_added(target, plain_text(placed.parts))
        tags = [p for p in source if isinstance(p, Tag)]
        assert sorted((t.id, t.kind) for t in placed.parts if isinstance(t, Tag)) == sorted(
            (t.id, t.kind) for t in tags
        )

    check()


def test_a_literal_match_is_placed_exactly_not_widened_to_the_whole_word():
    placed = place_tags(["4 m", SUP, "3", SUP_END], "4 m3")
    assert to_markers(placed.parts) == "4 m<1>3</1>"
    assert placed.flag is None


def test_a_whole_source_word_is_not_matched_inside_a_longer_target_word():
    source_text = "Das Wiki ist offen."
    target = "The Wikipedia is open."
    pairs = [("Das", "The"), ("Wiki", "Wikipedia"), ("ist", "is"), ("offen", "open")]
    source = ["Das ", BOLD, "Wiki", END, " ist offen."]
    placed = place_tags(source, target, alignment=aligned(source_text, target, pairs))
    assert to_markers(placed.parts) == "The <1>Wikipedia</1> is open."


def test_a_tag_around_content_without_letters_goes_where_that_content_stands_once():
    placed = place_tags(["Preis inkl. MwSt.", SUP, "*", SUP_END], "Price incl. VAT*")
    assert to_markers(placed.parts) == "Price incl. VAT<1>*</1>"
    assert placed.flag is None


def test_a_tag_around_content_without_letters_that_stands_twice_goes_to_the_end():
    placed = place_tags(["A ", BOLD, "–", END, " B – C"], "A – B – C")
    assert to_markers(placed.parts) == "A – B – C<1></1>"
    assert placed.flag is not None


def test_an_aligned_span_that_cuts_a_number_is_widened_to_the_number_the_tag_holds():
    source_text = "Preis: 1.299 €"
    target = "Price: 1,299 €"
    pairs = [("Preis", "Price"), ("1.299", ",299"), ("€", "€")]
    source = ["Preis: ", BOLD, "1.299 €", END]
    placed = place_tags(source, target, alignment=aligned(source_text, target, pairs))
    assert to_markers(placed.parts) == "Price: <1>1,299 €</1>"


def test_an_aligned_span_that_cuts_a_number_the_tag_does_not_hold_is_refused():
    source_text = "Nur 299 Euro."
    target = "Only 1,299 euros."
    pairs = [("Nur", "Only"), ("299", "299"), ("Euro", "euros")]
    source = ["Nur ", BOLD, "299", END, " Euro."]
    placed = place_tags(source, target, alignment=aligned(source_text, target, pairs))
    assert to_markers(placed.parts) == "Only 1,299 euros.<1></1>"
    assert placed.flag is not None


def test_a_field_between_spaces_in_the_source_gets_a_space_on_both_sides():
    source_text = "Seite  von  Seiten"
    target = "Page of pages"
    pairs = [("Seite", "Page"), ("von", "of"), ("Seiten", "pages")]
    source = ["Seite ", PAGE, " von ", PAGES, " Seiten"]
    placed = place_tags(source, target, alignment=aligned(source_text, target, pairs))
    assert to_markers(placed.parts) == "Page <1/> of <2/> pages"
    assert placed.flag is None


def test_an_image_between_spaces_is_not_glued_to_the_next_word_and_says_where_it_spaced():
    source_text = "Das Bild  zeigt es."
    target = "The picture shows it."
    pairs = [("Das", "The"), ("Bild", "picture"), ("zeigt", "shows"), ("es", "it")]
    image = Tag(TagKind.STANDALONE, "6", "image")
    source = ["Das Bild ", image, " zeigt es."]
    placed = place_tags(source, target, alignment=aligned(source_text, target, pairs))
    assert to_markers(placed.parts) == "The picture <1/> shows it."
    assert placed.spaced == [12]  # a space went in before "shows"
    assert placed.span(12, 17) == (13, 18)


def test_the_tag_check_names_a_tag_pasted_twice_as_duplicated():
    source = ["Die ", BOLD, "Regierung", END, " tagt."]
    flags = check_tags(source, ["The ", BOLD, "government", END, BOLD, "government", END, "."])
    assert [f.details for f in flags] == [
        {"problem": "duplicate", "tag": "<1>"},
        {"problem": "duplicate", "tag": "</1>"},
    ]
    assert flags[0].message == "tag <1> is in the target more often than in the source"


def test_a_footnote_after_a_number_goes_after_the_whole_number():
    source_text = "Er zahlte 1.299 Euro."
    target = "He paid 1,299 euros."
    pairs = [("Er", "He"), ("zahlte", "paid"), ("1.299", "1"), ("Euro", "euros")]
    source = ["Er zahlte 1.299", NOTE, " Euro."]
    placed = place_tags(source, target, alignment=aligned(source_text, target, pairs))
    assert to_markers(placed.parts) == "He paid 1,299<1/> euros."


def test_two_pairs_around_the_same_words_nest_as_in_the_source():
    link_open, link_close = Tag(TagKind.OPEN, "a", "a"), Tag(TagKind.CLOSE, "a", "a")
    bold_open, bold_close = Tag(TagKind.OPEN, "b", "b"), Tag(TagKind.CLOSE, "b", "b")
    source = ["Hier ", link_open, bold_open, "fett verlinkt", bold_close, link_close, "."]
    placed = place_tags(source, "Here fett verlinkt.")
    assert placed.parts == [
        "Here ", link_open, bold_open, "fett verlinkt", bold_close, link_close, ".",
    ]  # fmt: skip
