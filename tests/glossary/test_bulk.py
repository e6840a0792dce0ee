"""Bulk builds pause the cyclic garbage collector and leave it as they found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from glossary.bulk import collector_paused


@pytest.fixture
def collector_state() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_off_during_a_build_and_on_again_after(collector_state: None) -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_failed_build_turns_the_collector_on_again(collector_state: None) -> None:
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("bad term")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_state: None) -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
