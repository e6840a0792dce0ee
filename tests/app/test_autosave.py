"""Autosaves and crash detection: which autosaves are orphans, and what happens to them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from app.autosave import AutosaveSlot, autosave_dir, claim_orphans
from app.project import new_project

TEXT = "Der Machthaber schweigt.\n\nDas Bollwerk hält.\n"


def crashed_session(name: str, saved_at: str | None = None) -> Path:
    """An autosave whose app is gone: written, then its lock let go without deleting it."""
    slot = AutosaveSlot.new()
    slot.write(new_project(TEXT, name=name))
    slot.release()
    if saved_at is not None:
        data = json.loads(slot.path.read_text(encoding="utf-8"))
        slot.path.write_text(json.dumps({**data, "saved_at": saved_at}), encoding="utf-8")
    return slot.path


def test_the_autosave_of_a_running_session_is_not_an_orphan(wortlaut_home):
    running = AutosaveSlot.new()
    running.write(new_project(TEXT, name="running"))
    gone = crashed_session("gone")
    orphans, damaged = claim_orphans()
    assert [o.path for o in orphans] == [gone]
    assert damaged == []
    assert running.path.exists()


def test_an_autosave_locked_by_another_running_process_is_not_an_orphan(wortlaut_home):
    path = crashed_session("elsewhere")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys
                from filelock import FileLock
                lock = FileLock({str(path) + ".lock"!r})
                lock.acquire(timeout=5)
                print("held", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert claim_orphans()[0] == []
    finally:
        holder.communicate("", timeout=10)
    orphans, _damaged = claim_orphans()  # the process has ended: its lock went with it
    assert [o.path for o in orphans] == [path]


def test_a_killed_process_leaves_an_orphan(wortlaut_home):
    script = textwrap.dedent(
        """
        import os
        from app.autosave import AutosaveSlot
        from app.project import new_project
        slot = AutosaveSlot.new()
        slot.write(new_project("Der Text.\\n", name="killed"))
        os._exit(3)  # a crash: nothing is cleaned up
        """
    )
    env = {**os.environ, "WORTLAUT_HOME": str(wortlaut_home)}
    result = subprocess.run([sys.executable, "-c", script], env=env, check=False)
    assert result.returncode == 3
    orphans, _damaged = claim_orphans()
    assert [o.project.name for o in orphans] == ["killed"]


def test_crash_detection_never_signals_a_process(wortlaut_home, monkeypatch):
    """On Windows os.kill(pid, 0) sends CTRL_C_EVENT: liveness must not be probed that way."""
    signalled = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: signalled.append((pid, sig)))
    crashed_session("gone")
    orphans, _damaged = claim_orphans()
    assert len(orphans) == 1
    assert signalled == []


def test_every_orphan_is_found_newest_first(wortlaut_home):
    newer = crashed_session("newer")
    older = crashed_session("older", saved_at="2026-01-02T03:04:05+00:00")
    orphans, _damaged = claim_orphans()
    assert [o.project.name for o in orphans] == ["newer", "older"]
    assert {o.path for o in orphans} == {older, newer}


def test_claimed_orphans_are_not_offered_to_a_second_app_until_kept(wortlaut_home):
    crashed_session("once")
    first, _ = claim_orphans()
    second, _ = claim_orphans()  # another app starting at the same moment
    assert len(first) == 1
    assert second == []
    first[0].keep()
    assert [o.project.name for o in claim_orphans()[0]] == ["once"]


def test_a_discarded_orphan_is_gone_with_its_lock(wortlaut_home):
    path = crashed_session("dropped")
    orphans, _ = claim_orphans()
    orphans[0].discard()
    assert not path.exists()
    assert sorted(p.name for p in autosave_dir().iterdir()) == []


def test_a_damaged_autosave_is_moved_aside_and_reported_once(wortlaut_home):
    path = crashed_session("fine")
    broken = autosave_dir() / "session-broken.wortlaut"
    broken.write_text('{"format": "wortlaut-project", "version": 1, "segments": {}}')
    orphans, damaged = claim_orphans()
    assert [o.path for o in orphans] == [path]
    assert len(damaged) == 1
    assert damaged[0].moved_to == autosave_dir() / "damaged" / "session-broken.wortlaut"
    assert damaged[0].moved_to.exists() and not broken.exists()
    assert str(broken) in damaged[0].problem
    orphans[0].keep()
    assert claim_orphans()[1] == []  # not reported again


def test_a_second_damaged_autosave_of_the_same_name_does_not_replace_the_first(wortlaut_home):
    for content in ("[1", "[2"):
        (autosave_dir()).mkdir(parents=True, exist_ok=True)
        (autosave_dir() / "session-x.wortlaut").write_text(content)
        claim_orphans()
    kept = sorted(p.read_text() for p in (autosave_dir() / "damaged").iterdir())
    assert kept == ["[1", "[2"]


def test_a_lock_left_without_an_autosave_is_cleaned_up(wortlaut_home):
    slot = AutosaveSlot.new()
    slot.write(new_project(TEXT))
    slot.path.unlink()  # the session ended before anything was worth keeping
    slot.release()
    claim_orphans()
    assert list(autosave_dir().iterdir()) == []


def test_two_sessions_never_share_an_autosave_file(wortlaut_home):
    assert AutosaveSlot.new().path != AutosaveSlot.new().path


def test_adopting_an_orphan_continues_in_its_file(wortlaut_home):
    path = crashed_session("crashed")
    mine = AutosaveSlot.new()
    mine.write(new_project(TEXT, name="mine"))
    orphans, _ = claim_orphans()
    mine_path = mine.path
    mine.adopt(orphans[0].slot)
    assert mine.path == path and mine.locked
    assert not mine_path.exists()
    assert claim_orphans()[0] == []  # held by us: not an orphan any more
