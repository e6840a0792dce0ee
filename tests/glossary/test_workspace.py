"""The glossary workspace: stored terms win over the document's, and every index follows each
change per term, reporting what went out of use and what came in."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from glossary.terms import TermEntry
from glossary.workspace import GlossaryWorkspace

TEXT = "Der Machthaber besuchte das Bollwerk."
DOC = Path("glossary.csv")


def found(workspace: GlossaryWorkspace, text: str = TEXT) -> dict[str, str]:
    return {m.term.source: m.term.target for m in workspace.matcher.find(text)}


def stored(
    source: str, target: str, term_id: int, notes: str = "", forbidden: tuple[str, ...] = ()
) -> TermEntry:
    return TermEntry(source, target, notes=notes, forbidden=forbidden, id=term_id, version=1)


def test_a_stored_term_hides_the_document_term_with_the_same_source():
    workspace = GlossaryWorkspace(
        [stored("Machthaber", "ruler", 1)],
        [TermEntry("machthaber", "strongman"), TermEntry("Bollwerk", "bulwark")],
        DOC,
    )
    assert found(workspace) == {"Machthaber": "ruler", "Bollwerk": "bulwark"}
    assert [t.target for t in workspace.entries] == ["ruler", "bulwark"]


def test_adding_a_stored_term_hides_the_document_term_and_reports_both():
    document_term = TermEntry("Bollwerk", "bulwark")
    workspace = GlossaryWorkspace([], [document_term], DOC)
    saved = stored("Bollwerk", "rampart", 7)
    change = workspace.put(saved)
    assert change.removed == (document_term,) and change.added == (saved,)
    assert found(workspace) == {"Bollwerk": "rampart"}


def test_deleting_the_last_stored_term_of_a_source_brings_the_document_term_back():
    document_term = TermEntry("Bollwerk", "bulwark")
    workspace = GlossaryWorkspace([stored("Bollwerk", "rampart", 7)], [document_term], DOC)
    change = workspace.drop(7)
    assert change.added == (document_term,)
    assert found(workspace) == {"Bollwerk": "bulwark"}


def test_renaming_a_stored_term_uncovers_the_old_source_and_covers_the_new_one():
    old_doc, new_doc = TermEntry("Bollwerk", "bulwark"), TermEntry("Machthaber", "strongman")
    workspace = GlossaryWorkspace([stored("Bollwerk", "rampart", 7)], [old_doc, new_doc], DOC)
    renamed = stored("Machthaber", "ruler", 7, notes="moved")
    change = workspace.put(renamed)
    assert set(change.added) == {old_doc, renamed}
    assert new_doc in change.removed
    assert found(workspace) == {"Machthaber": "ruler", "Bollwerk": "bulwark"}


def test_a_change_already_known_reports_nothing():
    term = stored("Bollwerk", "bulwark", 1)
    workspace = GlossaryWorkspace([term])
    version = workspace.version
    assert not workspace.put(term)
    assert workspace.version == version


def test_forbidden_variants_follow_each_edit():
    term = stored("Weißrussland", "Belarus", 1, forbidden=("White Russia",))
    workspace = GlossaryWorkspace([term])
    assert [h.variant for h in workspace.forbidden.find("in White Russia")] == ["White Russia"]
    workspace.put(replace(term, forbidden=("Byelorussia",), version=2))
    assert workspace.forbidden.find("in White Russia") == []
    workspace.drop(1)
    assert len(workspace.forbidden) == 0


def test_search_follows_each_edit():
    workspace = GlossaryWorkspace([stored("Kreml", "Kremlin", 1), stored("Bollwerk", "bulwark", 2)])
    workspace.put(stored("Kreml-Sprecher", "Kremlin spokesman", 3))
    workspace.drop(2)
    assert [t.source for t in workspace.search("krem").entries] == ["Kreml", "Kreml-Sprecher"]
    assert workspace.search("bollwerk").total == 0


def test_attaching_another_document_glossary_swaps_only_its_terms():
    workspace = GlossaryWorkspace([stored("Kreml", "Kremlin", 1)], [TermEntry("Bollwerk", "x")])
    change = workspace.attach([TermEntry("Machthaber", "ruler")], DOC)
    assert [t.source for t in change.removed] == ["Bollwerk"]
    assert [t.source for t in change.added] == ["Machthaber"]
    assert found(workspace) == {"Machthaber": "ruler"}
    assert workspace.attached_path == DOC


def test_the_list_of_terms_in_use_is_built_once_per_version():
    workspace = GlossaryWorkspace([stored("Kreml", "Kremlin", 1)])
    assert workspace.entries is workspace.entries
    before = workspace.entries
    workspace.put(stored("Bollwerk", "bulwark", 2))
    assert workspace.entries is not before and len(workspace) == 2
