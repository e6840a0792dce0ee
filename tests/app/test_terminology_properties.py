"""Properties of enforcement for any glossary and text: one honest status per match."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.document import TermStatus
from app.terminology import STRATEGIES, SegmentTerms, enforce_terms, english_forms
from glossary.matcher import Matcher
from glossary.terms import TermEntry
from tests.app.fake_mt import WordByWordMT

STEMS = ["Bollwerk", "Machthaber", "Grenze", "Sprecher", "Kreml", "Zeitung", "Abkommen", "Lager"]
FILLER = ["der", "die", "und", "sagt", "nicht", "heute", "2022", "7", ",", "."]
ENGLISH = ["bulwark", "ruler", "border", "spokesman", "Kremlin", "paper", "deal", "camp", "fort"]

terms = st.lists(
    st.builds(
        TermEntry,
        source=st.sampled_from(STEMS)
        | st.tuples(st.sampled_from(STEMS), st.sampled_from(STEMS)).map("-".join),
        target=st.sampled_from(ENGLISH)
        | st.tuples(st.sampled_from(ENGLISH), st.sampled_from(ENGLISH)).map(" ".join),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda t: t.source,
)
words = st.lists(
    st.sampled_from(STEMS)
    | st.sampled_from(FILLER)
    | st.tuples(st.sampled_from(STEMS), st.sampled_from(["s", "e", "en", "n"])).map("".join),
    min_size=1,
    max_size=14,
).map(" ".join)
engines = st.builds(
    WordByWordMT,
    lexicon=st.dictionaries(st.sampled_from(STEMS), st.sampled_from(ENGLISH), max_size=4),
    numbers=st.sampled_from(["copy", "drop", "duplicate"]),
    with_attention=st.booleans(),
)
strategy_sets = st.sampled_from(
    [(), ("mask",), ("rendering",), ("alignment",), ("mask", "alignment"), STRATEGIES]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(glossary=terms, text=words, mt=engines, strategies=strategy_sets)
def test_every_match_gets_exactly_one_status_and_placed_spans_hold_the_target(
    glossary, text, mt, strategies
):
    segment = SegmentTerms(text, Matcher(glossary).find(text))
    enforce_terms(mt, [segment], strategies)

    assert [(r.start, r.end) for r in segment.results] == [
        (m.start, m.end) for m in segment.matches
    ]
    placed_spans = []
    for result in segment.results:
        assert result.status in set(TermStatus)
        if result.status is TermStatus.MISSING:
            assert result.target_start is None and result.target_end is None
        else:
            placed = segment.target[result.target_start : result.target_end]
            assert placed.lower() in {f.lower() for f in english_forms(result.term)}
            placed_spans.append((result.target_start, result.target_end))
    for (_, b), (c, _) in zip(sorted(placed_spans), sorted(placed_spans)[1:], strict=False):
        assert b <= c, "two terms claim overlapping target text"
    missing = sum(r.status is TermStatus.MISSING for r in segment.results)
    assert sum(f.kind == "term-missing" for f in segment.flags) == missing
    if not strategies:
        assert all(r.status is not TermStatus.ENFORCED for r in segment.results)
    for result in segment.results:  # a placed term names its method, one of those chosen
        if result.status is TermStatus.ENFORCED:
            assert result.method in {*strategies, "forbidden-replaced"}
        assert (result.method == "") == (result.status is TermStatus.MISSING)


@settings(max_examples=150, deadline=None)
@given(glossary=terms, text=words)
def test_with_a_copying_model_masking_places_every_match(glossary, text):
    segment = SegmentTerms(text, Matcher(glossary).find(text))
    enforce_terms(WordByWordMT(), [segment], ("mask",))
    assert all(r.status is not TermStatus.MISSING for r in segment.results)
