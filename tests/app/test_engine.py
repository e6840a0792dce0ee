"""The engine on the tiny real argos package: batching, prefixes, progress, cancel, caching."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from app.engine import DecodingOptions, TranslationEngine, _chunks, engine_for
from app.model_store import Cancelled
from app.segmentation import segment_document


class BatchSpy:
    """Wraps a ctranslate2.Translator and records each translate_batch call."""

    def __init__(self, translator: Any):
        self.translator = translator
        self.calls: list[dict[str, Any]] = []

    def translate_batch(self, batch, **kwargs):
        self.calls.append({"batch": batch, **kwargs})
        return self.translator.translate_batch(batch, **kwargs)


@pytest.fixture
def engine(installed_model) -> TranslationEngine:
    return TranslationEngine(installed_model.path)


@pytest.fixture
def spy(engine) -> BatchSpy:
    spy = BatchSpy(engine.translator)
    engine._translator = spy
    return spy


def test_every_sample_segment_with_words_gets_a_target(engine, sample_text):
    document = engine.translate_document(segment_document(sample_text))
    for segment in document.segments:
        assert segment.target.strip(), segment.source
    assert document.segments[0].target == "36450:"  # no letters: copied, not translated


def test_empty_and_blank_inputs_give_empty_outputs_without_loading_the_model(engine):
    hypotheses = engine.translate_texts(["", "   ", "\n"])
    assert [h.text for h in hypotheses] == ["", "", ""]
    assert engine._translator is None


def padded_cost(batch) -> int:
    return len(batch) * max(len(tokens) for tokens in batch)


def test_whole_document_goes_through_few_batched_calls(engine, spy, sample_text):
    document = segment_document(sample_text)
    engine.translate_document(document)
    todo = [s for s in document.segments if s.needs_mt]
    assert 1 <= len(spy.calls) <= len(todo) // 4
    assert sum(len(call["batch"]) for call in spy.calls) == len(todo)
    for call in spy.calls:
        assert call["batch_type"] == "tokens"
        assert padded_cost(call["batch"]) <= engine.options.max_batch_tokens


def test_chunks_are_length_sorted_and_within_the_padded_budget():
    lengths = [5, 50, 3, 40, 10]
    order = sorted(range(len(lengths)), key=lambda k: lengths[k])
    chunks = _chunks(order, lengths, budget=100)
    assert [k for chunk in chunks for k in chunk] == order
    assert chunks == [[2, 0, 4], [3, 1]]
    assert all(len(c) * max(lengths[k] for k in c) <= 100 for c in chunks)


def test_an_input_longer_than_the_budget_gets_its_own_chunk():
    assert _chunks([0, 1], [10, 500], budget=100) == [[0], [1]]


def test_duplicate_segments_are_translated_once(engine, spy):
    hypotheses = engine.translate_texts(["Der Kreml schweigt.", "Der Kreml schweigt."])
    assert hypotheses[0].text == hypotheses[1].text
    assert sum(len(call["batch"]) for call in spy.calls) == 1


def test_target_prefix_forces_the_start_of_the_output(engine):
    source = engine.tokenize("Lukaschenko trifft Putin.")
    prefix = engine.tokenize("Lukashenko meets")
    [hypothesis] = engine.translate_tokens([source], prefixes=[prefix])
    assert hypothesis.tokens[: len(prefix)] == prefix
    assert hypothesis.text.startswith("Lukashenko meets")


def test_package_target_prefix_is_sent_and_stripped(installed_model):
    metadata_path = installed_model.path / "metadata.json"
    metadata = json.loads(metadata_path.read_text())
    metadata["target_prefix"] = "▁Kremlin"
    metadata_path.write_text(json.dumps(metadata))
    engine = TranslationEngine(installed_model.path)
    spy = BatchSpy(engine.translator)
    engine._translator = spy
    [hypothesis] = engine.translate_texts(["Der Kreml schweigt."])
    assert spy.calls[0]["target_prefix"] == [["▁Kremlin"]]
    assert not hypothesis.text.startswith("Kremlin")


def test_attention_has_one_row_per_target_token(engine):
    source = engine.tokenize("Der Kreml-Sprecher Peskow schweigt.")
    options = DecodingOptions(return_attention=True)
    [hypothesis] = engine.translate_tokens([source], options=options)
    assert hypothesis.attention is not None
    assert len(hypothesis.attention) == len(hypothesis.tokens)
    assert all(len(row) == len(source) for row in hypothesis.attention)


def test_the_attention_of_the_end_token_step_is_kept_for_the_shifted_alignment(engine):
    source = engine.tokenize("Der Kreml schweigt.")
    [hypothesis] = engine.translate_tokens([source], options=DecodingOptions(return_attention=True))
    assert not hypothesis.truncated
    assert hypothesis.end_attention is not None and len(hypothesis.end_attention) == len(source)


def test_progress_is_reported_up_to_the_total(engine, sample_text):
    seen: list[tuple[int, int]] = []
    document = segment_document(sample_text)
    engine.translate_document(document, progress=lambda done, total: seen.append((done, total)))
    todo = sum(1 for s in document.segments if s.needs_mt)
    assert seen[-1] == (todo, todo)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancel_stops_before_the_next_batch(engine, spy, sample_text):
    with pytest.raises(Cancelled):
        engine.translate_document(segment_document(sample_text), cancelled=lambda: True)
    assert spy.calls == []


def test_decoding_length_is_bounded_by_the_source_length(engine, spy):
    engine.translate_texts(["Ja."])
    assert spy.calls[0]["max_decoding_length"] <= 3 * 4 + 10


def test_model_is_loaded_once_per_package(installed_model):
    first = engine_for(installed_model.path)
    second = engine_for(installed_model.path)
    assert first is second
    assert first.translator is second.translator


def test_same_input_translates_the_same_way_twice(engine):
    a = engine.translate_texts(["Die Armee kann keine Erfolge aufweisen."])[0].text
    b = engine.translate_texts(["Die Armee kann keine Erfolge aufweisen."])[0].text
    assert a == b


# -- long input: pieces, never a silent cut --------------------------------------------------------
def long_line(sample_text: str, tokens: int, engine: TranslationEngine) -> str:
    """Words of the sample article, without punctuation, repeated to about `tokens` tokens."""
    words = re.findall(r"[^\W\d_]+", sample_text)
    line = " ".join(words)
    while len(engine.tokenize(line)) < tokens:
        line += " " + line
    return line


def word_by_word(engine: TranslationEngine, line: str) -> list[str]:
    """What the tiny model makes of each word on its own (it translates word by word)."""
    unique = sorted(set(line.split()))
    rendering = dict(zip(unique, (h.text for h in engine.translate_texts(unique)), strict=True))
    return [w for word in line.split() for w in rendering[word].split()]


def test_a_line_longer_than_the_decoder_limit_comes_back_whole(engine, sample_text):
    line = long_line(sample_text, 1200, engine)  # used to stop at 512 output tokens, unflagged
    [hypothesis] = engine.translate_texts([line])
    assert hypothesis.text.split() == word_by_word(engine, line)
    assert not hypothesis.truncated


def test_no_piece_sent_to_the_model_exceeds_the_source_token_budget(installed_model, sample_text):
    engine = TranslationEngine(installed_model.path, DecodingOptions(max_source_tokens=40))
    spy = BatchSpy(engine.translator)
    engine._translator = spy
    line = long_line(sample_text, 300, engine)
    [hypothesis] = engine.translate_texts([line])
    pieces = [tokens for call in spy.calls for tokens in call["batch"]]
    assert len(pieces) >= 300 // 40
    assert all(len(tokens) <= 40 for tokens in pieces)
    assert sum(len(tokens) for tokens in pieces) == len(engine.tokenize(line))
    assert hypothesis.text.split() == word_by_word(engine, line)


def test_a_joined_hypothesis_aligns_every_target_token_into_the_whole_source(
    installed_model, sample_text
):
    options = DecodingOptions(max_source_tokens=30, return_attention=True)
    engine = TranslationEngine(installed_model.path, options)
    line = long_line(sample_text, 200, engine)
    [hypothesis] = engine.translate_texts([line])
    alignment = hypothesis.attention_argmax()
    assert alignment is not None and len(alignment) == len(hypothesis.tokens)
    assert hypothesis.source_tokens == engine.tokenize(line)
    assert max(alignment) >= len(hypothesis.source_tokens) - 30  # last piece: offset columns


def test_output_stopped_at_the_length_cap_is_marked_truncated(engine):
    source = engine.tokenize("Der Machthaber sagte, dass die Armee kommt.")
    [cut] = engine.translate_tokens([source], options=DecodingOptions(max_decoding_length=5))
    [whole] = engine.translate_tokens([source])
    assert cut.truncated and len(cut.tokens) == 5
    assert not whole.truncated
    assert "</s>" not in whole.tokens and whole.text.endswith(".")


def test_a_truncated_segment_gets_a_truncated_flag(installed_model):
    engine = TranslationEngine(installed_model.path, DecodingOptions(max_decoding_length=4))
    document = engine.translate_document(segment_document("Der Machthaber sagte, dass er kommt."))
    assert [f.kind for f in document.segments[0].flags] == ["truncated"]
