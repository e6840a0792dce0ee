"""The corpus script builds every area's cases (the areas' own tests feed them to Wortlaut)."""

from __future__ import annotations

from tests.hostile.build_corpus import AREAS, build_corpus


def test_the_corpus_script_writes_every_area_with_its_cases(tmp_path):
    listing = build_corpus(tmp_path)
    assert set(listing) == set(AREAS)
    for area, cases in listing.items():
        assert cases, area
        assert any((tmp_path / area).iterdir()), area
