"""The hostile forbidden-variant corpus through the real CLI: flagged as the rules say, no
traceback, the glossary and the document untouched."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from tests.hostile.forbidden import GENERATORS, HostileVariants


@pytest.mark.parametrize("generate", GENERATORS, ids=lambda g: g.__name__)
def test_hostile_forbidden_variants_are_flagged_by_the_rules(
    generate, tmp_path, capsys, installed_model
):
    case: HostileVariants = generate(tmp_path)
    before = case.glossary.read_bytes(), case.document.read_bytes()
    code = main(["translate", "--json", "--glossary", str(case.glossary), str(case.document)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    assert (case.glossary.read_bytes(), case.document.read_bytes()) == before
    segments = json.loads(out)["segments"]
    flagged = {
        str(f["variant"]) for s in segments for f in s["flags"] if f["kind"] == "forbidden-term"
    }
    assert case.flagged <= flagged
    assert not case.not_flagged & flagged
    targets = " ".join(s["target"] for s in segments)
    assert not [word for word in case.not_in_target if word in targets]
