"""Autosaves of a project made from a DOCX: the original document is kept once, beside the
autosave, named by its hash in the autosave JSON; recovery reads it back."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from app.autosave import AutosaveSlot, autosave_dir, claim_orphans, original_path
from app.document import SegmentState
from app.document_project import OriginalDocument, export_document, open_document_project
from app.formats import open_document
from app.formats.inline import plain_text
from app.project import Project, new_project
from tests.conftest import FIXTURES

DOCX = FIXTURES / "documents" / "formatted.docx"


@pytest.fixture
def docx(report_docx: Path) -> Path:
    return report_docx


def translated(path: Path) -> Project:
    project = open_document_project(path)
    segment = project.segments[10]  # "Das ist das Ende."
    segment.target, segment.state = "This is the end.", SegmentState.CONFIRMED
    return project


def crashed(project: Project) -> AutosaveSlot:
    """An autosave of `project` whose app is gone (its lock let go, its files kept)."""
    slot = AutosaveSlot.new()
    slot.write(project)
    slot.release()
    return slot


def test_two_autosaves_write_the_original_once(wortlaut_home, docx):
    project = translated(docx)
    slot = AutosaveSlot.new()
    slot.write(project)
    first = slot.original_path.stat()
    project.segments[0].target = "Report on the situation"
    slot.write(project)
    second = slot.original_path.stat()
    assert (second.st_ino, second.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
    assert slot.original_path.read_bytes() == docx.read_bytes()


def test_the_autosave_names_the_original_by_its_hash_without_its_bytes(wortlaut_home, docx):
    slot = AutosaveSlot.new()
    slot.write(translated(docx))
    data = json.loads(slot.path.read_text(encoding="utf-8"))
    digest = hashlib.sha256(docx.read_bytes()).hexdigest()
    assert data["original"] == {"name": "report.docx", "sha256": digest}
    assert slot.path.stat().st_size < docx.stat().st_size


def test_a_crashed_docx_project_is_restored_with_its_original_and_exports(
    wortlaut_home, docx, tmp_path
):
    crashed(translated(docx))
    docx.unlink()  # the source is gone: only the sidecar has the document
    orphans, _damaged = claim_orphans()
    assert orphans[0].original_missing is None
    project = orphans[0].project
    assert isinstance(project.original, OriginalDocument)
    out = tmp_path / "report-en.docx"
    export_document(project, out)
    assert "This is the end." in [plain_text(u.parts) for u in open_document(out).units]


def test_without_its_sidecar_a_crashed_project_restores_and_names_the_missing_original(
    wortlaut_home, docx
):
    slot = crashed(translated(docx))
    slot.original_path.unlink()
    docx.unlink()
    orphans, damaged = claim_orphans()
    assert damaged == []
    assert orphans[0].original_missing == "report.docx"
    assert orphans[0].project.segments[10].target == "This is the end."
    assert orphans[0].project.original is None


def test_a_damaged_sidecar_counts_as_missing(wortlaut_home, docx):
    slot = crashed(translated(docx))
    slot.original_path.write_bytes(b"PK\x03\x04 cut off")
    docx.unlink()
    orphans, _damaged = claim_orphans()
    assert orphans[0].original_missing == "report.docx"


def test_without_its_sidecar_the_unchanged_source_file_is_used(wortlaut_home, docx):
    slot = crashed(translated(docx))
    slot.original_path.unlink()
    orphans, _damaged = claim_orphans()
    assert orphans[0].original_missing is None
    assert isinstance(orphans[0].project.original, OriginalDocument)


def test_a_source_file_changed_since_is_not_taken_for_the_original(wortlaut_home, docx):
    slot = crashed(translated(docx))
    slot.original_path.unlink()
    docx.write_bytes(docx.read_bytes() + b"\0")
    orphans, _damaged = claim_orphans()
    assert orphans[0].original_missing == "report.docx"


def test_a_discarded_orphan_takes_its_sidecar_along(wortlaut_home, docx):
    crashed(translated(docx))
    orphans, _damaged = claim_orphans()
    orphans[0].discard()
    assert list(autosave_dir().iterdir()) == []


def test_the_adopting_session_keeps_the_sidecar_and_does_not_write_it_again(wortlaut_home, docx):
    orphan_slot = crashed(translated(docx))
    before = orphan_slot.original_path.stat()
    mine = AutosaveSlot.new()
    mine.write(new_project("Der Text.\n"))
    orphans, _damaged = claim_orphans()
    mine.adopt(orphans[0].slot)
    mine.write(orphans[0].project)
    after = mine.original_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_project_without_a_document_in_the_same_slot_removes_the_sidecar(wortlaut_home, docx):
    slot = AutosaveSlot.new()
    slot.write(translated(docx))
    slot.write(new_project("Der Text.\n"))
    assert not slot.original_path.exists()
    assert sorted(p.suffix for p in autosave_dir().iterdir()) == [".lock", ".wortlaut"]


def test_a_sidecar_left_without_its_autosave_is_cleaned_up(wortlaut_home, docx):
    """A crash between writing the sidecar and the autosave's first JSON."""
    slot = AutosaveSlot.new()
    slot.write(translated(docx))
    slot.path.unlink()
    slot.release()
    claim_orphans()
    assert list(autosave_dir().iterdir()) == []


def test_the_sidecar_of_a_damaged_autosave_is_moved_aside_with_it(wortlaut_home, docx):
    slot = crashed(translated(docx))
    slot.path.write_text("{", encoding="utf-8")
    _orphans, damaged = claim_orphans()
    assert len(damaged) == 1
    kept = sorted(p.name for p in (autosave_dir() / "damaged").iterdir())
    assert kept == sorted([slot.path.name, original_path(slot.path).name])
