"""A DOCX project after a crash, and saving one: restored with its original, exported; without
its original's copy restored all the same, with a message, and Export asks for the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.autosave import AutosaveSlot
from app.document import SegmentState
from app.document_project import open_document_project
from app.formats import open_document
from app.formats.inline import plain_text
from app.project import load_project
from tests.app.ui.conftest import settled
from tests.conftest import FIXTURES

DOCX = FIXTURES / "documents" / "formatted.docx"


@pytest.fixture
def docx(report_docx: Path) -> Path:
    return report_docx


def crashed_docx_session(path: Path) -> AutosaveSlot:
    """The autosave of an app that was translating `path` when it crashed."""
    project = open_document_project(path)
    segment = project.segments[10]  # "Das ist das Ende."
    segment.target, segment.state = "This is the end.", SegmentState.CONFIRMED
    slot = AutosaveSlot.new()
    slot.write(project)
    slot.release()
    return slot


def exported_texts(window, out: Path) -> list[str]:  # type: ignore[no-untyped-def]
    window.prompts.save_paths.append(out)
    window.documents.export_document()
    return [plain_text(u.parts) for u in open_document(out).units]


def test_a_crashed_docx_project_is_restored_and_exports(window, docx, tmp_path):
    crashed_docx_session(docx)
    docx.unlink()
    assert window.offer_recovery()
    assert "This is the end." in exported_texts(window, tmp_path / "report-en.docx")
    assert window.prompts.errors == []


def test_without_the_original_a_project_restores_with_a_message(window, docx):
    slot = crashed_docx_session(docx)
    slot.original_path.unlink()
    docx.unlink()
    assert window.offer_recovery()
    assert window.session.project.segments[10].target == "This is the end."
    title, message = window.prompts.errors[-1]
    assert title == "Original document missing"
    assert "report.docx" in message and "export" in message


def test_export_asks_for_the_missing_original_and_then_writes(window, docx, tmp_path):
    slot = crashed_docx_session(docx)
    slot.original_path.unlink()
    moved = docx.rename(tmp_path / "elsewhere.docx")
    window.offer_recovery()
    window.prompts.open_paths.append(moved)
    assert "This is the end." in exported_texts(window, tmp_path / "report-en.docx")
    assert window.prompts.asked[-2:] == ["open", "save as"]


def test_saving_runs_in_the_background_and_keeps_the_original(qtbot, window, docx, tmp_path):
    window.open_path(docx)
    window.session.confirm(10, "This is the end.")
    target = tmp_path / "report.wortlaut"
    settled(qtbot, window.session.save_in_background(target, window.runner))
    assert not window.isWindowModified()
    docx.unlink()
    assert load_project(target).segments[10].target == "This is the end."
    assert "This is the end." in exported_texts(window, tmp_path / "report-en.docx")


def test_an_edit_made_while_saving_leaves_the_project_modified(qtbot, window, docx, tmp_path):
    window.open_path(docx)
    op = window.session.save_in_background(tmp_path / "report.wortlaut", window.runner)
    window.session.edit_target(10, "This is the end.")  # before the save reports back
    settled(qtbot, op)
    assert window.isWindowModified()


def test_a_background_save_that_cannot_write_says_why(qtbot, window, docx, tmp_path):
    window.open_path(docx)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    window.prompts.save_paths.append(blocker / "report.wortlaut")
    assert window.documents.save_as()  # started
    qtbot.waitUntil(lambda: bool(window.prompts.errors), timeout=5000)
    title, message = window.prompts.errors[-1]
    assert title == "Cannot save"
    assert str(blocker / "report.wortlaut") in message
