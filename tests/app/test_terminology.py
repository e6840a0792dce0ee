"""Term enforcement: every glossary match ends applied, enforced or missing, and honestly so."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.alignment import _whole_words
from app.document import TermStatus
from app.engine import Hypothesis
from app.terminology import (
    SegmentTerms,
    aligned_target_spans,
    enforce_terms,
    english_forms,
    insert_term,
    mask,
    unmask,
)
from glossary.matcher import Matcher
from glossary.terms import TermEntry
from tests.app.fake_mt import WordByWordMT

GLOSSARY = [
    TermEntry("Machthaber", "ruler", forbidden=["strongman"]),
    TermEntry("Bollwerk", "bulwark"),
    TermEntry("Lukaschenko", "Lukashenko"),
    TermEntry("Kreml-Sprecher", "Kremlin spokesman"),
    TermEntry("Militärexperte", "military expert"),
    TermEntry("Belarus", "Belarus", forbidden=["White Russia", "Byelorussia"]),
]
LEXICON = {
    "Der": "The",
    "der": "the",
    "die": "the",
    "Die": "The",
    "ist": "is",
    "ein": "a",
    "sind": "are",
    "und": "and",
    "sagt": "says",
    "hält": "holds",
}


def run(sentence: str, mt: WordByWordMT, strategies=("mask", "alignment")) -> SegmentTerms:
    segment = SegmentTerms(sentence, Matcher(GLOSSARY).find(sentence))
    enforce_terms(mt, [segment], strategies)
    return segment


def statuses(segment: SegmentTerms) -> list[tuple[str, TermStatus]]:
    return [(r.term.source, r.status) for r in segment.results]


def placed_text(segment: SegmentTerms) -> list[str]:
    return [
        segment.target[r.target_start : r.target_end]
        for r in segment.results
        if r.target_start is not None and r.target_end is not None
    ]


# -- statuses ---------------------------------------------------------------------------------
def test_a_term_the_model_already_renders_is_applied():
    mt = WordByWordMT({**LEXICON, "Machthaber": "ruler"})
    segment = run("Der Machthaber sagt nein.", mt)
    assert statuses(segment) == [("Machthaber", TermStatus.APPLIED)]
    assert placed_text(segment) == ["ruler"]
    assert segment.results[0].method == "model"


def test_an_english_inflection_of_the_target_counts_as_applied():
    mt = WordByWordMT({**LEXICON, "Machthabers": "ruler's"})
    segment = run("Die Macht des Machthabers.", mt)
    assert statuses(segment) == [("Machthaber", TermStatus.APPLIED)]
    assert placed_text(segment) == ["ruler's"]


def test_a_term_the_model_gets_wrong_is_enforced_by_masking():
    mt = WordByWordMT({**LEXICON, "Bollwerk": "fortress"})
    segment = run("Die Stadt ist ein Bollwerk.", mt)
    assert statuses(segment) == [("Bollwerk", TermStatus.ENFORCED)]
    assert segment.results[0].method == "mask"
    assert "fortress" not in segment.target
    assert placed_text(segment) == ["bulwark"]


def test_masking_sends_a_number_placeholder_to_the_model_instead_of_the_term():
    mt = WordByWordMT(LEXICON)
    run("Der Machthaber sagt nein.", mt)
    masked_input = mt.calls[1][0][0]
    assert "Machthaber" not in masked_input
    assert masked_input.split()[1].isdigit()


def test_lost_placeholders_fall_back_to_alignment():
    mt = WordByWordMT({**LEXICON, "Bollwerk": "fortress"}, numbers="drop")
    segment = run("Die Stadt ist ein Bollwerk.", mt)
    assert statuses(segment) == [("Bollwerk", TermStatus.ENFORCED)]
    assert segment.results[0].method == "alignment"
    assert segment.target == "The Stadt is a bulwark."


def test_duplicated_placeholders_fall_back_to_alignment():
    mt = WordByWordMT({**LEXICON, "Bollwerk": "fortress"}, numbers="duplicate")
    segment = run("Die Stadt ist ein Bollwerk.", mt)
    assert segment.results[0].method == "alignment"
    assert segment.target.count("bulwark") == 1


def test_without_attention_and_without_placeholders_the_term_is_missing_and_flagged():
    mt = WordByWordMT({**LEXICON, "Bollwerk": "fortress"}, numbers="drop", with_attention=False)
    segment = run("Die Stadt ist ein Bollwerk.", mt)
    assert statuses(segment) == [("Bollwerk", TermStatus.MISSING)]
    assert segment.results[0].target_start is None
    assert [f.kind for f in segment.flags] == ["term-missing"]
    assert "Bollwerk" in segment.flags[0].message and "bulwark" in segment.flags[0].message


def test_alignment_alone_replaces_exactly_the_words_aligned_with_the_term():
    mt = WordByWordMT({**LEXICON, "Kreml-Sprecher": "Kremlin speaker"})
    segment = run("Der Kreml-Sprecher sagt nein.", mt, strategies=("alignment",))
    assert statuses(segment) == [("Kreml-Sprecher", TermStatus.ENFORCED)]
    assert segment.target.startswith("The Kremlin spokesman")
    assert "speaker" not in segment.target


def test_no_strategies_only_assesses_the_model_output():
    mt = WordByWordMT({**LEXICON, "Bollwerk": "fortress"})
    segment = run("Die Stadt ist ein Bollwerk.", mt, strategies=())
    assert statuses(segment) == [("Bollwerk", TermStatus.MISSING)]
    assert segment.target == "The Stadt is a fortress."
    assert len(mt.calls) == 1


def test_each_of_several_terms_gets_its_own_status():
    mt = WordByWordMT({**LEXICON, "Machthaber": "ruler", "Bollwerk": "fortress"})
    segment = run("Der Machthaber und Lukaschenko sind ein Bollwerk.", mt)
    assert statuses(segment) == [
        ("Machthaber", TermStatus.APPLIED),
        ("Lukaschenko", TermStatus.ENFORCED),
        ("Bollwerk", TermStatus.ENFORCED),
    ]
    assert placed_text(segment) == ["ruler", "Lukashenko", "bulwark"]


def test_a_repeated_term_gets_a_status_and_a_distinct_span_per_occurrence():
    mt = WordByWordMT(LEXICON)
    segment = run("Lukaschenko sagt: Lukaschenko hält.", mt)
    spans = [(r.target_start, r.target_end) for r in segment.results]
    assert [r.status for r in segment.results] == [TermStatus.ENFORCED] * 2
    assert len(set(spans)) == 2
    assert placed_text(segment) == ["Lukashenko", "Lukashenko"]


# -- English agreement ------------------------------------------------------------------------
def test_a_plural_german_match_inserts_the_english_plural():
    mt = WordByWordMT(LEXICON)
    segment = run("Die Bollwerke sind stark.", mt)
    assert placed_text(segment) == ["bulwarks"]


def test_dative_plural_is_plural_too():
    mt = WordByWordMT(LEXICON)
    segment = run("Mit den Militärexperten.", mt)
    assert placed_text(segment) == ["military experts"]


def test_a_name_in_the_german_genitive_becomes_an_english_possessive():
    mt = WordByWordMT(LEXICON)
    segment = run("Lukaschenkos Armee.", mt)
    assert placed_text(segment) == ["Lukashenko's"]


def test_an_all_caps_match_is_inserted_in_capitals():
    mt = WordByWordMT(LEXICON)
    segment = run("DER MACHTHABER SCHWEIGT", mt)
    assert placed_text(segment) == ["RULER"]


def test_the_article_before_an_inserted_term_agrees_with_it():
    text, start, end = insert_term("He met a strongman.", 9, 18, "elder")
    assert text == "He met an elder."
    assert text[start:end] == "elder"
    assert insert_term("An X.", 3, 4, "ruler")[0] == "A ruler."


def test_a_term_inserted_at_the_start_of_a_sentence_is_capitalised():
    assert insert_term("X said no.", 0, 1, "ruler")[0] == "Ruler said no."
    assert insert_term("Yes. X said no.", 5, 6, "ruler")[0] == "Yes. Ruler said no."
    assert insert_term("We saw X.", 7, 8, "ruler")[0] == "We saw ruler."


def test_english_forms_cover_plural_and_possessive():
    forms = english_forms(TermEntry("Bollwerk", "bulwark"))
    assert {"bulwark", "bulwarks", "bulwark's"} <= set(forms)
    assert "Lukashenkos" not in english_forms(TermEntry("Lukaschenko", "Lukashenko"))


# -- forbidden variants -----------------------------------------------------------------------
def test_a_forbidden_rendering_of_a_matched_term_is_replaced_and_flagged():
    mt = WordByWordMT({**LEXICON, "Machthaber": "strongman"})
    segment = run("Der Machthaber sagt nein.", mt, strategies=("alignment",))
    assert "strongman" not in segment.target
    assert placed_text(segment) == ["ruler"]
    assert [f.kind for f in segment.flags] == ["forbidden-term"]


def test_when_only_assessing_a_forbidden_rendering_is_flagged_but_left():
    mt = WordByWordMT({**LEXICON, "Belarus": "White Russia"})
    segment = run("Belarus sagt nein.", mt, strategies=())
    assert "White Russia" in segment.target
    assert sorted(f.kind for f in segment.flags) == ["forbidden-term", "term-missing"]
    assert "left in place" in next(f.message for f in segment.flags if f.kind == "forbidden-term")


def test_a_forbidden_rendering_left_in_place_carries_its_offsets_in_the_target():
    mt = WordByWordMT({**LEXICON, "Belarus": "White Russia"})
    segment = run("Belarus sagt nein.", mt, strategies=())
    flag = next(f for f in segment.flags if f.kind == "forbidden-term")
    start, end = flag.target_span() or (0, 0)
    assert segment.target[start:end] == "White Russia"


def test_a_forbidden_rendering_fixed_by_masking_is_still_reported():
    mt = WordByWordMT({**LEXICON, "Belarus": "White Russia"})
    segment = run("Belarus sagt nein.", mt)
    assert segment.target == "Belarus says nein."
    assert [f.kind for f in segment.flags] == ["forbidden-term"]
    assert "replaced by 'Belarus'" in segment.flags[0].message


def test_a_term_placed_by_replacing_its_forbidden_rendering_says_so():
    mt = WordByWordMT({**LEXICON, "Machthaber": "strongman"}, with_attention=False)
    segment = run("Der Machthaber sagt nein.", mt, strategies=("alignment",))
    assert segment.target == "The ruler says nein."
    assert [(r.status, r.method) for r in segment.results] == [
        (TermStatus.ENFORCED, "forbidden-replaced")
    ]


# -- masking primitives -----------------------------------------------------------------------
def test_placeholders_avoid_numbers_already_in_the_source():
    matches = Matcher(GLOSSARY).find("7301 Machthaber")
    masked, placeholders = mask("7301 Machthaber", matches)
    assert placeholders != ["7301"]
    assert masked == f"7301 {placeholders[0]}"


@pytest.mark.parametrize("output", ["The 7301 said.", "The 7301 and 7301 said."])
def test_unmask_rejects_lost_or_duplicated_placeholders(output):
    matches = Matcher(GLOSSARY).find("Der Machthaber und Bollwerk")
    placeholders = ["7301", "7302"]
    assert unmask(output, matches, placeholders) is None


def test_unmask_does_not_touch_longer_numbers_containing_a_placeholder():
    matches = Matcher(GLOSSARY).find("Machthaber")
    assert unmask("In 173012 the 7301 left.", matches, ["7301"]) == "In 173012 the ruler left."


def test_progress_reports_both_passes_up_to_the_total():
    seen: list[tuple[int, int]] = []
    segments = [SegmentTerms(s, Matcher(GLOSSARY).find(s)) for s in ["Bollwerk.", "Nein."]]
    enforce_terms(WordByWordMT(LEXICON), segments, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (2, 2)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


# -- long segments: alignment for all matches at once, linear edits -----------------------------
def reference_span(hypothesis, source_spans, target_spans, start, end):
    """The per-match definition: target tokens whose attention argmax lies in the term."""
    in_term = {i for i, (s, e) in enumerate(source_spans) if s < end and e > start}
    aligned = [
        t
        for t, row in enumerate(hypothesis.attention[: len(target_spans)])
        if row and max(range(len(row)), key=row.__getitem__) in in_term
    ]
    if not aligned:
        return None
    return _whole_words(
        hypothesis.text, target_spans[min(aligned)][0], target_spans[max(aligned)][1]
    )


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_aligning_all_matches_at_once_agrees_with_one_match_at_a_time(data):
    words = data.draw(
        st.lists(st.sampled_from(["Kreml", "Krieg", "und", "Machthaber"]), min_size=1, max_size=12)
    )
    source = " ".join(words)
    source_spans = [m.span() for m in re.finditer(r"\S+", source)]
    target_words = data.draw(
        st.lists(st.sampled_from(["war", "and", "ruler"]), min_size=1, max_size=12)
    )
    text = " ".join(target_words)
    target_spans = [m.span() for m in re.finditer(r"\S+", text)]
    attention = [
        data.draw(st.lists(st.floats(0, 1), min_size=len(words), max_size=len(words)))
        for _ in target_words
    ]
    hypothesis = Hypothesis(text, target_words, words, attention)
    terms = [
        source_spans[i] for i in data.draw(st.lists(st.integers(0, len(words) - 1), max_size=6))
    ]
    expected = [reference_span(hypothesis, source_spans, target_spans, s, e) for s, e in terms]
    assert aligned_target_spans(hypothesis, source_spans, target_spans, terms) == expected


def test_hundreds_of_matches_in_one_long_segment_are_all_enforced_by_alignment():
    # (The fake's dense attention grows with the square of the segment; the engine's does not.)
    sentence = " ".join(["Das Bollwerk und der Kreml-Sprecher sagt"] * 200)
    segment = run(sentence, WordByWordMT(LEXICON), strategies=("alignment",))
    assert len(segment.results) == 400
    assert all(r.status is TermStatus.ENFORCED for r in segment.results)
    assert segment.target.count("bulwark") == 200
    assert segment.target.count("Kremlin spokesman") == 200
    assert segment.target.startswith("Das bulwark and the Kremlin spokesman says Das bulwark")


def test_unmask_restores_thousands_of_placeholders_in_one_pass():
    sentence = " ".join(["Das Bollwerk sagt"] * 3000)  # a regex scan per placeholder: quadratic
    segment = run(sentence, WordByWordMT(LEXICON), strategies=("mask",))
    assert all(r.method == "mask" for r in segment.results)
    assert segment.target.count("bulwark") == 3000


def test_a_truncated_translation_is_flagged_and_the_flag_says_so():
    segment = SegmentTerms("Der Machthaber sagt", Matcher(GLOSSARY).find("Der Machthaber sagt"))
    enforce_terms(TruncatingMT(LEXICON), [segment])
    assert [f.kind for f in segment.flags] == ["truncated"]
    assert "length limit" in segment.flags[0].message


class TruncatingMT(WordByWordMT):
    """Drops the last output word and says it hit the length cap."""

    def _translate(self, text: str, attention: bool) -> Hypothesis:
        full = super()._translate(text, attention)
        tokens = full.tokens[:-1]
        rows = full.attention[:-1] if full.attention else None
        return Hypothesis(" ".join(tokens), tokens, full.source_tokens, rows, truncated=True)
