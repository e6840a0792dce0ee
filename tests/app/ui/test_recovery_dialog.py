"""Crash recovery in the window: every orphaned autosave offered, none lost unseen."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app.autosave import AutosaveSlot, autosave_dir, claim_orphans
from app.document import SegmentState
from app.project import new_project
from app.ui.recovery_dialog import RecoveryAnswer, RecoveryDialog


def crashed_session(name: str, target: str, saved_at: str | None = None):  # type: ignore[no-untyped-def]
    """An autosave left by an app that is gone (written, lock let go, file kept)."""
    project = new_project("Der Machthaber schweigt.\n", name=name)
    project.segments[0].target, project.segments[0].state = target, SegmentState.EDITED
    slot = AutosaveSlot.new()
    slot.write(project)
    slot.release()
    if saved_at is not None:
        data = json.loads(slot.path.read_text(encoding="utf-8"))
        slot.path.write_text(json.dumps({**data, "saved_at": saved_at}), encoding="utf-8")
    return slot.path


@pytest.fixture
def starting_window(qtbot, prompts, wortlaut_home):  # type: ignore[no-untyped-def]
    """Opens a new main window the way a start after a crash does; closes them all."""
    from app.ui.main_window import MainWindow

    opened = []

    def start():  # type: ignore[no-untyped-def]
        window = MainWindow()
        qtbot.addWidget(window)
        window.prompts = prompts
        window.glossary.load_now()
        opened.append(window)
        return window

    yield start
    for window in opened:
        window.session.mark_saved()
        window.close()
        window.glossary.close()


def test_two_orphans_are_both_offered_newest_first(starting_window, prompts):
    crashed_session("newer", "new work")
    crashed_session("older", "old work", saved_at="2026-01-02T03:04:05+00:00")
    window = starting_window()
    assert window.offer_recovery()
    assert prompts.offered == [["newer", "older"]]
    assert window.session.project.segments[0].target == "new work"


def test_the_orphan_not_chosen_is_kept_and_offered_again(starting_window, prompts):
    crashed_session("newer", "new work")
    crashed_session("older", "old work", saved_at="2026-01-02T03:04:05+00:00")
    prompts.recovery_answer = lambda orphans: RecoveryAnswer(restore=1)
    first = starting_window()
    assert first.offer_recovery()
    assert first.session.project.segments[0].target == "old work"
    assert first.session.project.name == "older"
    prompts.recovery_answer = None
    prompts.restore = False
    second = starting_window()  # `first` still runs and holds the autosave it restored
    assert not second.offer_recovery()
    assert prompts.offered[-1] == ["newer"]


def test_declining_keeps_every_autosave(starting_window, prompts):
    paths = [crashed_session("a", "A"), crashed_session("b", "B")]
    prompts.restore = False
    window = starting_window()
    assert not window.offer_recovery()
    assert all(path.exists() for path in paths)
    assert len(claim_orphans()[0]) == 2


def test_only_explicitly_discarded_autosaves_are_deleted(starting_window, prompts):
    keep = crashed_session("keep", "kept")
    drop = crashed_session("drop", "dropped")
    prompts.recovery_answer = lambda orphans: RecoveryAnswer(
        discard=[i for i, o in enumerate(orphans) if o.project.name == "drop"]
    )
    window = starting_window()
    assert not window.offer_recovery()
    assert keep.exists() and not drop.exists()


def test_a_restored_autosave_survives_a_second_crash(starting_window, prompts):
    path = crashed_session("work", "precious")
    window = starting_window()
    assert window.offer_recovery()
    window.session.autosave_slot.release()  # the app dies before anything was saved
    assert path.exists()
    assert [o.project.name for o in claim_orphans()[0]] == ["work"]


def test_a_damaged_autosave_is_moved_aside_with_one_message(starting_window, prompts):
    autosave_dir().mkdir(parents=True, exist_ok=True)
    broken = autosave_dir() / "session-broken.wortlaut"
    broken.write_text('{"format": "wortlaut-project", "version": 1, "text": 5}', encoding="utf-8")
    good = crashed_session("good", "fine")
    window = starting_window()
    assert window.offer_recovery()
    assert len(prompts.errors) == 1
    title, message = prompts.errors[0]
    assert title == "Damaged autosave"
    assert str(autosave_dir() / "damaged" / "session-broken.wortlaut") in message
    assert "text: expected a string" in message
    assert "Traceback" not in message
    assert not broken.exists() and good.exists()
    prompts.errors.clear()
    assert not starting_window().offer_recovery()  # the next start: nothing, and no message
    assert prompts.errors == []


def test_the_dialog_lists_every_orphan_and_restores_the_selected_one(qtbot, wortlaut_home):
    crashed_session("first", "1")
    crashed_session("second", "2")
    orphans, _damaged = claim_orphans()
    dialog = RecoveryDialog(None, orphans)
    qtbot.addWidget(dialog)
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(texts) == 2
    assert all(t.endswith(" — 1 of 1 segments translated") for t in texts)
    assert texts[0].startswith(orphans[0].project.name + " — ")
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.answer == RecoveryAnswer(restore=1, discard=[])
    for orphan in orphans:
        orphan.keep()


def test_discarding_in_the_dialog_removes_the_entry_and_remembers_it(qtbot, wortlaut_home):
    crashed_session("first", "1")
    crashed_session("second", "2")
    orphans, _damaged = claim_orphans()
    dialog = RecoveryDialog(None, orphans)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 1
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert dialog.answer == RecoveryAnswer(restore=None, discard=[0, 1])
    assert dialog.result() == RecoveryDialog.DialogCode.Accepted
    for orphan in orphans:
        orphan.keep()
