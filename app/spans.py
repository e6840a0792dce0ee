"""Sets of non-overlapping character spans, for placing terms in long segments."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Intervals:
    """Non-overlapping [start, end) spans, kept sorted, with a log-time overlap test."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for span in spans:
            self.add(*span)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
