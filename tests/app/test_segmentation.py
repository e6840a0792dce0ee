"""German segmentation: hard spots stay whole, headlines stand alone, structure is kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.segmentation import segment_document


def sources(text: str) -> list[str]:
    return [segment.source for segment in segment_document(text).segments]


def test_every_segment_is_the_exact_slice_of_the_text(sample_text):
    document = segment_document(sample_text)
    for segment in document.segments:
        assert sample_text[segment.start : segment.end] == segment.source
        assert segment.source == segment.source.strip()


def test_sample_date_with_ordinal_is_one_segment(sample_text):
    hits = [s for s in sources(sample_text) if "am 24. Februar" in s]
    assert len(hits) == 1
    assert hits[0].startswith("Kurz vor dem ersten Jahrestag")
    assert hits[0].endswith("keine neuen Erfolge aufweisen.")


def test_sample_g7_abbreviation_stays_in_its_sentence(sample_text):
    hits = [s for s in sources(sample_text) if "G 7" in s]
    assert hits == [
        "Allerdings hatte die Gruppe G 7 der wichtigsten Industrienation Belarus mit harten "
        "Konsequenzen gedroht, falls sich das Land in den Krieg in der Ukraine einschalten sollte."
    ]


def test_sample_quotation_with_pasted_quotes_is_one_segment(sample_text):
    hits = [s for s in sources(sample_text) if "Ich bin nur bereit" in s]
    assert len(hits) == 1
    assert hits[0].startswith("“Ich bin nur bereit")
    assert hits[0].endswith("töten“, erklärte Lukaschenko am Donnerstag.")


def test_sample_headlines_are_their_own_segments(sample_text):
    segs = sources(sample_text)
    assert "Lukaschenko will nicht in den Krieg eingreifen" in segs
    assert "Experten stufen Kriegseintritt von Belarus als wenig realistisch ein" in segs
    assert "Fest eingeplanter Kriegspartner erteilt ihm eine öffentliche Absage" in segs


def test_sample_stray_first_line_and_trailer_are_kept(sample_text):
    segs = sources(sample_text)
    assert segs[0] == "36450:"
    assert segs[-1] == "Beliebteste Artikel Aktuell:"


def test_sample_paragraph_numbers_follow_blank_lines(sample_text):
    document = segment_document(sample_text)
    paragraphs = sorted({s.paragraph for s in document.segments})
    assert paragraphs == list(range(8))
    lead = [s.source for s in document.segments if s.paragraph == 2]
    assert lead[0] == "Putin verliert einen wichtigen und fest eingeplanten Kriesgpartner!"
    assert lead[-1] == "Keine Unterstützung mehr aus Belarus für Putin?"


def test_abbreviation_zb_does_not_split():
    assert sources("Viele Länder, z. B. Polen, helfen. Andere nicht.") == [
        "Viele Länder, z. B. Polen, helfen.",
        "Andere nicht.",
    ]


def test_closed_abbreviation_zb_does_not_split():
    assert sources("Viele Länder, z.B. Polen, helfen.") == ["Viele Länder, z.B. Polen, helfen."]


def test_title_dr_does_not_split():
    assert sources("Das sagte Dr. Müller am Montag. Er lachte.") == [
        "Das sagte Dr. Müller am Montag.",
        "Er lachte.",
    ]


def test_number_abbreviation_nr_does_not_split():
    assert sources("Das Gesetz Nr. 5 gilt ab sofort.") == ["Das Gesetz Nr. 5 gilt ab sofort."]


def test_ordinal_before_noun_does_not_split():
    assert sources("Im 19. Jahrhundert war alles anders.") == [
        "Im 19. Jahrhundert war alles anders."
    ]


def test_year_at_sentence_end_splits():
    assert sources("Das war im Oktober 2022. Danach kam der Winter.") == [
        "Das war im Oktober 2022.",
        "Danach kam der Winter.",
    ]


def test_german_low_high_quotes_keep_inner_sentences_together():
    text = "Er sagte: „Wir kommen. Wir bleiben.“ Dann ging er."
    assert sources(text) == ["Er sagte: „Wir kommen. Wir bleiben.“", "Dann ging er."]


def test_guillemets_keep_inner_sentences_together():
    text = "Sie rief »Halt! Stehen bleiben!« und lief los."
    assert sources(text) == [text]


def test_ellipsis_stays_inside_the_segment():
    text = "Er zögerte … Dann sprach er weiter. Sie wartete..."
    assert sources(text) == ["Er zögerte … Dann sprach er weiter.", "Sie wartete..."]


def test_question_and_exclamation_end_sentences():
    assert sources("Kommt er? Ja! Sicher.") == ["Kommt er?", "Ja!", "Sicher."]


def test_initials_do_not_split():
    assert sources("Das Buch von J. R. Tolkien ist lang.") == [
        "Das Buch von J. R. Tolkien ist lang."
    ]


def test_lowercase_continuation_does_not_split():
    assert sources("Das kostet 5 Euro. usw. und so fort.") == [
        "Das kostet 5 Euro. usw. und so fort."
    ]


def test_soft_wrapped_lines_join_into_one_segment():
    document = segment_document("Die Regierung hat am Montag\nbeschlossen, dass es so bleibt.")
    assert len(document.segments) == 1
    assert (
        document.segments[0].mt_input
        == "Die Regierung hat am Montag beschlossen, dass es so bleibt."
    )


def test_each_line_of_a_list_is_a_segment():
    assert sources("Teilnehmer\nPolen\nUngarn") == ["Teilnehmer", "Polen", "Ungarn"]


def test_empty_and_blank_text_give_no_segments():
    assert sources("") == []
    assert sources("  \n\n \t\n") == []


def test_crlf_line_endings_keep_offsets_exact():
    text = "Erster Satz.\r\n\r\nZweiter Absatz hier.\r\n"
    document = segment_document(text)
    assert [s.source for s in document.segments] == ["Erster Satz.", "Zweiter Absatz hier."]
    assert [s.paragraph for s in document.segments] == [0, 1]


def test_target_text_keeps_the_layout_between_segments():
    document = segment_document("Titel\n\nEins. Zwei.\n\n42")
    for segment in document.segments:
        segment.target = segment.source.upper()
    assert document.target_text() == "TITEL\n\nEINS. ZWEI.\n\n42"


# -- hostile input: linear time, full coverage ---------------------------------------------------
# These sizes took minutes with the old backtracking regexes (quadratic: 8,000 dots took 1.5 s,
# so 60,000 took ~80 s); benchmarks/bench_long_input.py has the figures.


def test_a_long_run_of_dots_is_segmented_without_backtracking():
    text = "." * 60_000
    assert sources(text) == [text]


def test_many_sentence_candidates_after_one_another_are_segmented_in_linear_time():
    text = "Satz. " * 20_000  # each candidate used to search back from the start of the line
    assert sources(text) == ["Satz."] * 20_000


def test_many_soft_wrapped_lines_are_joined_in_linear_time():
    text = "ein wort,\n" * 40_000  # each line used to copy the whole paragraph so far
    segments = segment_document(text).segments
    assert len(segments) == 1
    assert segments[0].source == text.strip()


def test_a_long_run_of_white_space_after_a_period_is_one_boundary():
    text = "Ende." + " " * 50_000 + "Anfang."
    assert sources(text) == ["Ende.", "Anfang."]


HOSTILE_ALPHABET = "aZß .!?…,;:-–\"'„“”»«()[]\n\t 0123Dr"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=HOSTILE_ALPHABET, max_size=400))
def test_segments_cover_the_text_in_order_without_overlap(text):
    document = segment_document(text)
    position = 0
    for index, segment in enumerate(document.segments):
        assert segment.index == index
        assert position <= segment.start < segment.end <= len(text)
        assert text[segment.start : segment.end] == segment.source
        assert segment.source == segment.source.strip()
        assert text[position : segment.start].strip() == ""  # nothing but space is skipped
        position = segment.end
    assert text[position:].strip() == ""
