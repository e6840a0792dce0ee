"""Building a large in-memory structure (100k terms and their indexes) in one go."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while many lasting objects are created.

    Each object created counts towards a collection, and the collections that follow walk every
    object built so far: a third of the matcher's build at 100k terms, for nothing, as none of
    it is garbage. Reference counting still frees everything meanwhile; the collector is
    enabled again afterwards unless it was off already (another thread pausing it at the same
    time only makes a collection come earlier).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
