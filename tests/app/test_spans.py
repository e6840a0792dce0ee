"""Intervals: the overlap test term placement uses on long segments."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.spans import Intervals


def test_touching_spans_do_not_overlap_but_shared_characters_do():
    spans = Intervals([(10, 20), (30, 40)])
    assert not spans.overlaps(20, 30)
    assert not spans.overlaps(0, 10)
    assert spans.overlaps(19, 21)
    assert spans.overlaps(5, 45)
    assert spans.overlaps(35, 36)


@given(
    st.lists(st.tuples(st.integers(0, 200), st.integers(1, 20))),
    st.integers(0, 220),
    st.integers(1, 20),
)
def test_overlaps_agrees_with_checking_every_span(pairs, start, length):
    spans, kept = Intervals(), []
    for a, n in pairs:
        if not spans.overlaps(a, a + n):
            spans.add(a, a + n)
            kept.append((a, a + n))
    expected = any(a < start + length and start < b for a, b in kept)
    assert spans.overlaps(start, start + length) == expected
