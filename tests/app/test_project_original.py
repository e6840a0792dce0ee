"""The original document in `.wortlaut` files: inline (base64) in project files, old files and
old autosaves still read, and what a project that lost its copy keeps."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.autosave import AutosaveSlot, claim_orphans
from app.document_project import (
    OriginalDocument,
    needs_original,
    open_document_project,
    supply_original,
)
from app.project import OriginalFile, load_project, new_project
from glossary.errors import InputError
from tests.conftest import FIXTURES

DOCUMENTS = FIXTURES / "documents"


@pytest.fixture
def docx(tmp_path: Path) -> Path:
    path = tmp_path / "report.docx"
    shutil.copy(DOCUMENTS / "formatted.docx", path)
    return path


def old_format(payload: dict[str, object]) -> dict[str, object]:
    """The JSON as Wortlaut wrote it before the hash: the original's name and base64 only."""
    original = payload["original"]
    assert isinstance(original, dict)
    del original["sha256"]
    return payload


def test_a_saved_project_holds_the_original_bytes_and_needs_no_source(docx, tmp_path):
    saved = open_document_project(docx).save(tmp_path / "job.wortlaut")
    docx.unlink()
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert set(data["original"]) == {"name", "sha256", "data"}
    assert isinstance(load_project(saved).original, OriginalDocument)


def test_a_project_file_from_before_the_hash_still_opens_with_its_original(docx, tmp_path):
    path = tmp_path / "old.wortlaut"
    path.write_text(json.dumps(old_format(open_document_project(docx).to_json())))
    docx.unlink()
    project = load_project(path)
    assert isinstance(project.original, OriginalDocument)
    assert project.original_file == OriginalFile.of(
        "report.docx", (DOCUMENTS / "formatted.docx").read_bytes()
    )


def test_an_autosave_from_before_the_sidecar_still_restores_with_its_original(wortlaut_home, docx):
    slot = AutosaveSlot.new()
    slot.write(new_project("Der Text.\n"))  # takes the lock and creates the folder
    payload = old_format(open_document_project(docx).to_json())
    payload["autosave_of"] = None
    slot.path.write_text(json.dumps(payload), encoding="utf-8")
    slot.release()
    docx.unlink()
    orphans, damaged = claim_orphans()
    assert damaged == []
    assert orphans[0].original_missing is None
    assert isinstance(orphans[0].project.original, OriginalDocument)


@pytest.mark.parametrize(
    ("original", "problem"),
    [
        ({"name": "a.docx"}, "original: needs data or sha256"),
        ({"name": "a.docx", "sha256": "abc"}, "original.sha256: expected 64 hex digits"),
    ],
)
def test_an_original_without_bytes_or_hash_is_refused(tmp_path, original, problem):
    payload = new_project("Der Text.\n").to_json()
    payload["original"] = original
    path = tmp_path / "bad.wortlaut"
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        load_project(path)


def test_a_project_that_lost_its_original_keeps_its_name_and_hash_when_saved(tmp_path):
    project = new_project("Der Text.\n")
    project.original_file = OriginalFile("report.docx", "ab" * 32)
    saved = project.save(tmp_path / "job.wortlaut")
    reopened = load_project(saved)
    assert reopened.original_file == OriginalFile("report.docx", "ab" * 32)
    assert needs_original(reopened)


def test_the_original_supplied_again_is_attached_when_its_sentences_match(docx, tmp_path):
    project = open_document_project(docx)
    project.original, project.original_file = None, OriginalFile("report.docx", "ab" * 32)
    assert supply_original(project, docx)
    assert not needs_original(project)


def test_a_different_document_is_not_taken_for_the_original(docx, tmp_path):
    project = open_document_project(docx)
    lost = OriginalFile("report.docx", "ab" * 32)
    project.original, project.original_file = None, lost
    other = tmp_path / "page.html"
    shutil.copy(DOCUMENTS / "page.html", other)
    assert not supply_original(project, other)
    assert project.original_file == lost


def test_an_older_snapshot_never_replaces_a_newer_save(tmp_path):
    project = new_project("Der Text.\n")
    older = project.snapshot()
    project.segments[0].target = "The text."
    newer = project.snapshot()
    path = tmp_path / "job.wortlaut"
    assert newer.write(path)
    assert not older.write(path)  # a background save that finished late
    assert load_project(path).segments[0].target == "The text."
