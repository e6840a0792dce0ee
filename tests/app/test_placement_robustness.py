"""Perturbed attention on the real engine: the confidence gate keeps wrong placements ≤ 2 %.

The table in docs/terminology.md comes from the same study (`python -m tests.app.placement_study`).
"""

from __future__ import annotations

import pytest

from tests.app.perturbed import KINDS
from tests.app.placement_study import LEVELS, Study

GATED = [("alignment",), ("rendering", "alignment")]


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    from app.model_store import ModelStore
    from tests.conftest import TINY_MODEL

    store = ModelStore(tmp_path_factory.mktemp("models"))
    return Study(store.install(TINY_MODEL).path)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("strategies", GATED, ids="+".join)
def test_wrong_placements_stay_at_or_below_2_percent_at_every_level(study, kind, strategies):
    for level in LEVELS:
        for seed in (7, 11, 13):
            outcome = study.outcome(kind, level, strategies, None, seed)
            assert outcome.total == len(study.reference)
            assert outcome.wrong_share <= 0.02, (level, seed, outcome)


def test_clean_attention_places_every_match_right(study):
    outcome = study.outcome("uniform", 0.0, ("alignment",), None)
    assert (outcome.right, outcome.wrong) == (len(study.reference), 0)


def test_without_the_gate_shuffled_attention_places_many_terms_wrong(study):
    outcome = study.outcome("shuffle", 1.0, ("alignment",), 0.0)
    assert outcome.wrong_share > 0.1


def test_attention_read_one_step_early_is_read_shifted_and_placed_right(study):
    outcome = study.outcome("shift", 1.0, ("alignment",), None)
    assert outcome.right == len(study.reference)
