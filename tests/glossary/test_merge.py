"""Merging two edits of one term."""

from __future__ import annotations

from glossary.merge import merge_terms
from glossary.terms import TermEntry

BASE = TermEntry("Bollwerk", "bastion", notes="", id=1, version=1)


def edit(**changes) -> TermEntry:  # type: ignore[no-untyped-def]
    return TermEntry(**{**vars(BASE), **changes})


def test_changes_to_different_fields_are_both_kept():
    merged, clashes = merge_terms(BASE, edit(target="bulwark"), edit(notes="UK usage", version=2))
    assert (merged.target, merged.notes, merged.version) == ("bulwark", "UK usage", 2)
    assert clashes == []


def test_a_field_both_changed_differently_keeps_mine_and_is_reported():
    merged, clashes = merge_terms(BASE, edit(target="bulwark"), edit(target="rampart", version=2))
    assert merged.target == "bulwark"
    assert clashes == ["target"]


def test_the_same_change_on_both_sides_is_no_clash():
    merged, clashes = merge_terms(BASE, edit(target="bulwark"), edit(target="bulwark", version=2))
    assert (merged.target, clashes) == ("bulwark", [])
