"""A model whose weights are random has attention that aligns nothing: Wortlaut must say so.

Before issue 13, such a model got most held-out terms `enforced` by alignment: the target pasted
over whatever word the attention pointed at. Now each placement must be one Wortlaut can stand by.
"""

from __future__ import annotations

from collections import Counter

import pytest

from app.alignment import CONFIDENCE_THRESHOLD, calibrate
from app.document import TermStatus
from app.engine import TranslationEngine
from tests.app.test_terms_on_tiny_model import HELDOUT, all_terms, assert_honest, translated


@pytest.fixture(scope="module")
def random_engine(tmp_path_factory):
    from tools.build_test_model import RANDOM, build_package_dir

    return TranslationEngine(build_package_dir(RANDOM, tmp_path_factory.mktemp("random")))


@pytest.fixture(scope="module")
def heldout_document(random_engine):
    text = (HELDOUT / "sentences-de.txt").read_text(encoding="utf-8")
    return translated(random_engine, text, HELDOUT / "glossary.csv", strategies=None)


def test_every_status_on_a_random_model_is_honest(heldout_document):
    assert len(all_terms(heldout_document)) == 28
    assert_honest(heldout_document)


def test_a_random_model_places_at_most_a_quarter_of_the_matches_by_alignment(heldout_document):
    methods = Counter(r.method for _, r in all_terms(heldout_document))
    assert methods["alignment"] <= 28 / 4


def test_the_attention_of_a_random_model_earns_no_trust(random_engine):
    """No anchor (a word copied from the source) is aligned with its twin: at most the prior."""
    text = (HELDOUT / "sentences-de.txt").read_text(encoding="utf-8")
    hypotheses = random_engine.translate_for_terms(text.splitlines(), attention=True)
    calibration = calibrate(hypotheses)
    assert calibration.hits == 0
    assert calibration.agreement <= CONFIDENCE_THRESHOLD


def test_unplaced_terms_on_a_random_model_are_missing_with_a_flag_each(heldout_document):
    for segment in heldout_document.segments:
        missing = sum(r.status is TermStatus.MISSING for r in segment.terms)
        assert sum(f.kind == "term-missing" for f in segment.flags) == missing
