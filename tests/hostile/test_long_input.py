"""The long-input corpus through the real CLI: translated whole, never cut, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.engine import TranslationEngine
from tests.conftest import ROOT
from tests.hostile.long_input import GENERATORS, HostileText

SAMPLE_GLOSSARY = ROOT / "resources" / "samples" / "glossary.csv"


def translate_json(capsys, path: Path, *options: str) -> tuple[int, dict, str]:
    code = main(["translate", "--json", *options, str(path)])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out else {}, err


def word_by_word(engine: TranslationEngine, text: str) -> list[str]:
    """The tiny model's rendering of each word on its own, in order (it translates word by word)."""
    words = text.replace(",", " ").replace(".", " ").split()
    unique = sorted(set(words))
    rendering = dict(zip(unique, (h.text for h in engine.translate_texts(unique)), strict=True))
    return [w for word in words for w in rendering[word].split()]


@pytest.mark.parametrize("generate", GENERATORS, ids=lambda g: g.__name__)
def test_hostile_long_input_is_translated_whole(generate, tmp_path, capsys, installed_model):
    case: HostileText = generate(tmp_path)
    before = case.path.read_bytes()
    code, result, err = translate_json(capsys, case.path, "--no-glossary")
    assert code == 0, err
    assert "Traceback" not in err
    assert case.path.read_bytes() == before
    segments = result["segments"]
    assert len(segments) == case.segments
    assert not [f for s in segments for f in s["flags"] if f["kind"] == "truncated"]
    if case.words_kept:
        engine = TranslationEngine(installed_model.path)
        target = " ".join(s["target"] for s in segments)
        expected = word_by_word(engine, " ".join(s["source"] for s in segments))
        assert target.replace(",", " ").replace(".", " ").split() == expected
    else:
        for segment in segments:
            assert len(segment["target"]) >= len(segment["source"]) * 0.9


def test_a_long_line_with_the_sample_glossary_places_every_term(tmp_path, capsys, installed_model):
    case = GENERATORS[1](tmp_path)  # 80 clauses, 160 glossary matches
    code, result, err = translate_json(capsys, case.path, "--glossary", str(SAMPLE_GLOSSARY))
    assert code == 0, err
    assert "Traceback" not in err
    [segment] = result["segments"]
    statuses = [t["status"] for t in segment["terms"]]
    assert len(statuses) == 160
    assert set(statuses) <= {"applied", "enforced"}
    assert segment["target"].count("ruler") == 80
    assert segment["target"].count("Kremlin spokesman") == 80
    assert not [f for f in segment["flags"] if f["kind"] == "truncated"]
