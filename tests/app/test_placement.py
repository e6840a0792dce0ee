"""Placement without guessing: the model's own rendering first, then only confident alignment."""

from __future__ import annotations

from app.alignment import Calibration, aligned_spans, calibrate
from app.document import TermStatus
from app.engine import Hypothesis
from app.terminology import SegmentTerms, enforce_terms
from glossary.matcher import Matcher
from tests.app.fake_mt import WordByWordMT
from tests.app.perturbed import PerturbedAttention
from tests.app.test_terminology import GLOSSARY, LEXICON

FORTRESS = {**LEXICON, "Bollwerk": "fortress", "Stadt": "city", "Burg": "castle"}


def run(sentences, mt, strategies=("rendering", "alignment"), **options) -> list[SegmentTerms]:
    segments = [SegmentTerms(s, Matcher(GLOSSARY).find(s)) for s in sentences]
    enforce_terms(mt, segments, strategies, **options)
    return segments


def outcome(segment: SegmentTerms) -> list[tuple[str, str]]:
    return [(str(r.status), r.method) for r in segment.results]


# -- rendering ----------------------------------------------------------------------------------
def test_the_models_own_rendering_of_the_term_is_replaced_without_attention():
    mt = WordByWordMT(FORTRESS, with_attention=False)
    [segment] = run(["Die Stadt ist ein Bollwerk."], mt, strategies=("rendering",))
    assert outcome(segment) == [("enforced", "rendering")]
    assert segment.target == "The city is a bulwark."


def test_each_term_is_rendered_once_per_run_as_it_occurs_and_in_its_base_form():
    mt = WordByWordMT(FORTRESS, with_attention=False)
    run(["Die Stadt ist ein Bollwerk.", "Die Bollwerke und das Bollwerk."], mt)
    [texts] = mt.rendered
    assert sorted(texts) == ["Bollwerk", "Bollwerke"]


def test_a_rendering_that_stands_twice_outside_any_aligned_region_is_not_guessed():
    mt = WordByWordMT(FORTRESS, with_attention=False, renderings={"Bollwerk": ["castle"]})
    [segment] = run(["Die Burg und die Burg sind ein Bollwerk."], mt, strategies=("rendering",))
    assert outcome(segment) == [("missing", "")]
    assert segment.target.count("castle") == 2


def test_attention_chooses_between_occurrences_of_a_rendering():
    mt = WordByWordMT({**FORTRESS, "Bollwerk": "castle"})
    [segment] = run(["Die Burg ist ein Bollwerk."], mt, strategies=("rendering",))
    assert outcome(segment) == [("enforced", "rendering")]
    assert segment.target == "The castle is a bulwark."


def test_an_article_or_full_stop_in_a_rendering_is_not_searched_for():
    mt = WordByWordMT(FORTRESS, with_attention=False, renderings={"Bollwerk": ["The fortress."]})
    [segment] = run(["Die Stadt ist ein Bollwerk."], mt, strategies=("rendering",))
    assert segment.target == "The city is a bulwark."


# -- calibration and the confidence gate ---------------------------------------------------------
def test_clean_attention_places_by_alignment_with_full_confidence():
    mt = WordByWordMT(FORTRESS)
    [segment] = run(["Die Stadt Minsk ist ein Bollwerk."], mt, strategies=("alignment",))
    assert outcome(segment) == [("enforced", "alignment")]
    assert segment.target == "The city Minsk is a bulwark."


def test_attention_read_one_step_early_is_recognised_and_read_shifted():
    mt = PerturbedAttention(WordByWordMT(FORTRESS), "shift", 1.0)
    sentence = "Die Stadt Minsk und Kiew ist ein Bollwerk gegen Moskau."
    [hypothesis] = mt.translate_for_terms([sentence], attention=True)
    assert calibrate([hypothesis]).shift == 1
    [segment] = run([sentence], mt, strategies=("alignment",))
    assert segment.target == "The city Minsk and Kiew is a bulwark gegen Moskau."


def test_shuffled_attention_places_nothing_and_says_so():
    mt = PerturbedAttention(WordByWordMT(FORTRESS), "shuffle", 1.0, seed=3)
    sentence = "Die Stadt Minsk und Kiew ist ein Bollwerk gegen Moskau und Riga."
    [segment] = run([sentence], mt, strategies=("alignment",))
    assert outcome(segment) == [("missing", "")]
    assert [f.kind for f in segment.flags] == ["term-missing"]


def test_an_alignment_below_the_threshold_is_proposed_not_applied():
    mt = PerturbedAttention(WordByWordMT(FORTRESS), "blur", 0.9)
    [segment] = run(["Die Stadt Minsk ist ein Bollwerk."], mt, strategies=("alignment",))
    assert outcome(segment) == [("missing", "")]
    [flag] = segment.flags
    assert flag.details["found"] == "fortress" and flag.details["proposed"] == "bulwark"
    start, end, replacement = flag.proposal() or (0, 0, "")
    assert segment.target[start:end] == "fortress" and replacement == "bulwark"
    assert "proposed: 'bulwark' in place of 'fortress'" in flag.message


def test_the_gate_can_be_opened_to_apply_every_alignment():
    mt = PerturbedAttention(WordByWordMT(FORTRESS), "blur", 0.9)
    sentence = "Die Stadt Minsk ist ein Bollwerk."
    [segment] = run([sentence], mt, strategies=("alignment",), confidence_threshold=0.0)
    assert outcome(segment) == [("enforced", "alignment")]


def test_a_span_confidence_falls_with_the_attention_mass_on_the_term():
    text = "war ruler"
    hypothesis = Hypothesis(
        text, ["war", "ruler"], ["Krieg", "Machthaber"], [[0.9, 0.1], [0.4, 0.6]]
    )
    source, target = [(0, 5), (6, 16)], [(0, 3), (4, 9)]
    [first, second] = aligned_spans(hypothesis, source, target, [(0, 5), (6, 16)], Calibration())
    assert first is not None and second is not None
    assert (first.start, first.end, second.start, second.end) == (0, 3, 4, 9)
    assert first.confidence > second.confidence


def test_a_run_without_a_single_anchor_trusts_attention_only_half():
    hypothesis = Hypothesis("a b", ["a", "b"], ["x", "y"], [[1.0, 0.0], [0.0, 1.0]])
    assert calibrate([hypothesis]).agreement == 0.5


def test_a_term_already_applied_by_the_model_is_not_rendered():
    mt = WordByWordMT({**LEXICON, "Machthaber": "ruler"})
    run(["Der Machthaber sagt nein."], mt)
    assert mt.rendered == []


def test_missing_statuses_stay_honest_when_rendering_and_alignment_both_fail():
    mt = WordByWordMT(FORTRESS, with_attention=False, renderings={"Bollwerk": ["rampart"]})
    [segment] = run(["Die Stadt ist ein Bollwerk."], mt)
    assert [r.status for r in segment.results] == [TermStatus.MISSING]
    assert segment.target == "The city is a fortress."


def test_accepting_a_proposal_puts_the_target_over_the_proposed_words():
    from app.document import Segment
    from app.pipeline import target_with_proposal

    mt = PerturbedAttention(WordByWordMT(FORTRESS), "blur", 0.9)
    [state] = run(["Die Stadt Minsk ist ein Bollwerk."], mt, strategies=("alignment",))
    segment = Segment(0, 0, 0, len(state.source), state.source, state.target, flags=state.flags)
    assert target_with_proposal(segment) == "The city Minsk is a bulwark."
    segment.target = "The city Minsk is strong."  # the translator changed the words since
    assert target_with_proposal(segment) is None


def test_only_the_terms_left_unplaced_are_rendered():
    mt = WordByWordMT({**FORTRESS, "Machthaber": "ruler"}, numbers="drop")
    run(["Der Machthaber und das Bollwerk."], mt, strategies=("mask", "rendering"))
    assert mt.rendered == [["Bollwerk"]]


def test_a_recheck_keeps_a_proposal_while_its_words_stand_and_drops_it_after_an_edit():
    from app.document import Segment, SegmentState
    from app.pipeline import recheck_segment

    mt = PerturbedAttention(WordByWordMT(FORTRESS), "blur", 0.9)
    [state] = run(["Die Stadt Minsk ist ein Bollwerk."], mt, strategies=("alignment",))
    segment = Segment(0, 0, 0, len(state.source), state.source, state.target, flags=state.flags)
    segment.state = SegmentState.MT
    recheck_segment(segment, Matcher(GLOSSARY), GLOSSARY)
    assert [f.details.get("proposed") for f in segment.flags] == ["bulwark"]
    segment.target, segment.state = "The city Minsk is a castle.", SegmentState.EDITED
    recheck_segment(segment, Matcher(GLOSSARY), GLOSSARY)
    assert [(f.kind, f.details.get("proposed")) for f in segment.flags] == [("term-missing", None)]
