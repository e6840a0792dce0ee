"""Term enforcement on the real engine and the tiny hand-built model, offline."""

from __future__ import annotations

from collections import Counter

import pytest

from app.document import TermStatus
from app.engine import TranslationEngine
from app.pipeline import translate_with_glossary
from app.segmentation import segment_document
from app.terminology import STRATEGIES, english_forms
from glossary.exchange import read_glossary
from tests.conftest import FIXTURES, ROOT

HELDOUT = FIXTURES / "heldout"
SAMPLE_GLOSSARY = ROOT / "resources" / "samples" / "glossary.csv"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from app.model_store import ModelStore
    from tests.conftest import TINY_MODEL

    store = ModelStore(tmp_path_factory.mktemp("models"))
    return TranslationEngine(store.install(TINY_MODEL).path)


def translated(engine, text: str, glossary, strategies=("mask", "alignment"), **options):
    """`text` translated with the glossary file; `strategies` None: the default ones."""
    document = segment_document(text)
    terms = read_glossary(glossary).entries
    chosen = STRATEGIES if strategies is None else strategies
    return translate_with_glossary(engine, document, terms, strategies=chosen, **options)


def all_terms(document):
    return [(segment, result) for segment in document.segments for result in segment.terms]


def assert_honest(document) -> None:
    """Placed terms stand where their spans say; missing ones have a flag; nothing twice."""
    for segment in document.segments:
        spans = []
        for result in segment.terms:
            assert segment.source[result.start : result.end].strip()
            if result.status is TermStatus.MISSING:
                assert result.target_start is None
                assert any(
                    f.kind == "term-missing" and f.details["start"] == result.start
                    for f in segment.flags
                )
                continue
            placed = segment.target[result.target_start : result.target_end]
            assert placed.lower() in {f.lower() for f in english_forms(result.term)}
            spans.append((result.target_start, result.target_end))
        assert len(spans) == len(set(spans))


def test_held_out_terms_each_get_one_honest_status_and_at_least_90_percent_are_placed(engine):
    text = (HELDOUT / "sentences-de.txt").read_text(encoding="utf-8")
    document = translated(engine, text, HELDOUT / "glossary.csv")
    results = all_terms(document)
    assert len(results) == 28  # every expected occurrence was matched once
    assert_honest(document)
    placed = sum(r.status is not TermStatus.MISSING for _, r in results)
    assert placed / len(results) >= 0.9


def test_the_default_strategies_keep_at_least_90_percent_of_held_out_matches_placed(engine):
    text = (HELDOUT / "sentences-de.txt").read_text(encoding="utf-8")
    document = translated(engine, text, HELDOUT / "glossary.csv", strategies=None)
    results = all_terms(document)
    assert_honest(document)
    assert sum(r.status is not TermStatus.MISSING for _, r in results) >= 0.9 * len(results)


def test_without_masking_the_models_own_renderings_place_the_held_out_terms(engine):
    text = (HELDOUT / "sentences-de.txt").read_text(encoding="utf-8")
    document = translated(
        engine, text, HELDOUT / "glossary.csv", strategies=("rendering", "alignment")
    )
    results = all_terms(document)
    assert_honest(document)
    assert Counter(r.method for _, r in results)["rendering"] >= 0.9 * len(results)


def test_the_engine_renders_a_term_alone_with_alternatives(engine):
    [renderings] = engine.render_terms(["Krieg"], 3)
    assert 1 <= len(renderings) <= 3
    assert renderings[0] == "war"


def test_alignment_alone_places_held_out_terms_using_the_models_attention(engine):
    text = (HELDOUT / "sentences-de.txt").read_text(encoding="utf-8")
    document = translated(engine, text, HELDOUT / "glossary.csv", strategies=("alignment",))
    results = all_terms(document)
    assert_honest(document)
    assert Counter(r.method for _, r in results)["alignment"] >= 0.9 * len(results)


def test_every_match_in_the_sample_article_gets_a_status(engine, sample_text):
    document = translated(engine, sample_text, SAMPLE_GLOSSARY)
    results = all_terms(document)
    assert len(results) == 36
    assert_honest(document)
    kinds = Counter(f.kind for s in document.segments for f in s.flags)
    assert kinds["possible-misspelling"] == 1
    assert kinds["term-missing"] == sum(r.status is TermStatus.MISSING for _, r in results)


def test_a_term_the_tiny_model_translates_itself_is_applied(engine):
    document = translated(engine, "Der Kreml schweigt.\n", SAMPLE_GLOSSARY)
    [result] = document.segments[0].terms
    assert result.status is TermStatus.APPLIED
    assert document.segments[0].target == "Der Kremlin schweigt."


def test_term_offsets_index_the_segment_source_even_across_line_breaks(engine):
    text = "Der  Kreml-Sprecher und\n  der Machthaber sprachen.\n"
    document = translated(engine, text, SAMPLE_GLOSSARY)
    [segment] = document.segments
    surfaces = [segment.source[r.start : r.end] for r in segment.terms]
    assert surfaces == ["Kreml-Sprecher", "Machthaber"]


def test_without_strategies_nothing_is_enforced(engine):
    text = (HELDOUT / "sentences-de.txt").read_text(encoding="utf-8")
    document = translated(engine, text, HELDOUT / "glossary.csv", strategies=())
    assert {r.status for _, r in all_terms(document)} == {TermStatus.MISSING}


def test_alignment_places_terms_in_every_piece_of_a_segment_split_for_length(engine):
    from dataclasses import replace

    from glossary.terms import TermEntry

    split_engine = TranslationEngine(
        engine.package_path, replace(engine.options, max_source_tokens=24)
    )
    clause = "der Machthaber sagte dem Kreml-Sprecher nichts"
    text = " ".join([clause] * 12) + "."
    terms = [TermEntry("Machthaber", "ruler"), TermEntry("Kreml-Sprecher", "Kremlin spokesman")]
    document = translate_with_glossary(
        split_engine, segment_document(text), terms, strategies=("alignment",)
    )
    [segment] = document.segments
    assert len(split_engine.tokenize(text)) > 5 * 24  # at least six pieces
    assert len(segment.terms) == 24
    assert all(r.status is TermStatus.ENFORCED and r.method == "alignment" for r in segment.terms)
    assert_honest(document)
    assert segment.target.count("ruler") == 12
    assert segment.target.count("Kremlin spokesman") == 12
