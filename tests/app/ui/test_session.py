"""The editor session re-checks exactly the segments a glossary change concerns."""

from __future__ import annotations

import dataclasses

from glossary.terms import TermEntry
from tests.app.ui.conftest import settled


def forbidden_in(window, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    segment = window.session.project.segments[row]
    return [str(f.details["variant"]) for f in segment.flags if f.kind == "forbidden-term"]


def test_a_changed_terms_forbidden_variants_are_rechecked_in_every_target(
    qtbot, window, sample_folder
):
    """The segment's source does not hold the term: only its target concerns the change."""
    (sample_folder / "glossary.csv").unlink()
    window.open_path(sample_folder / "article-de.txt")
    row = next(i for i, s in enumerate(window.session.project.segments) if "Putin" in s.source)
    window.session.edit_target(row, "The strongman of White Russia loses an ally.")
    assert forbidden_in(window, row) == []

    term = settled(
        qtbot, window.glossary.add(TermEntry("Weißrussland", "Belarus", forbidden=["White Russia"]))
    )
    assert forbidden_in(window, row) == ["White Russia"]

    settled(qtbot, window.glossary.update(dataclasses.replace(term, forbidden=["Byelorussia"])))
    assert forbidden_in(window, row) == []

    term = settled(
        qtbot,
        window.glossary.update(
            dataclasses.replace(window.glossary.terms[term.id], forbidden=["strongman"])
        ),
    )
    assert forbidden_in(window, row) == ["strongman"]

    settled(qtbot, window.glossary.remove(term.id))
    assert forbidden_in(window, row) == []
    assert len(window.glossary.forbidden) == 0
