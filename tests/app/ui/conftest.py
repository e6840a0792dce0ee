"""Fixtures for the desktop app: a main window over a private data folder, answered prompts."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app import i18n
from app.ui.prompts import Prompts
from glossary.terms import TermEntry
from tests.conftest import ROOT

SAMPLES = ROOT / "resources" / "samples"


@dataclass
class AnsweredPrompts:
    """Stands in for the window's dialogs: answers are set by the test, questions recorded."""

    restore: bool = True  # restore the first (newest) autosave offered, or none
    recovery_answer: object = None  # a function(orphans) -> RecoveryAnswer, overrides `restore`
    offered: list[list[str]] = field(default_factory=list)  # document names, per recovery
    overwrite: str = "skip"
    save_answer: str = "discard"
    open_paths: list[Path] = field(default_factory=list)
    save_paths: list[Path] = field(default_factory=list)
    pasted: str | None = None
    term_answer: object = None  # a TermEntry, or a function(entry) -> TermEntry | None
    delete: bool = True
    asked: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)  # the names save dialogs proposed

    def restore_autosave(self, orphans):  # type: ignore[no-untyped-def]
        from app.ui.recovery_dialog import RecoveryAnswer

        self.asked.append("restore")
        self.offered.append([o.project.name for o in orphans])
        if callable(self.recovery_answer):
            return self.recovery_answer(orphans)
        return RecoveryAnswer(restore=0 if self.restore else None)

    def overwrite_protected(self, count: int) -> str:
        self.asked.append(f"overwrite {count}")
        return self.overwrite

    def save_changes(self) -> str:
        self.asked.append("save changes")
        return self.save_answer

    def open_path(self, title: str, filters: str) -> Path | None:
        self.asked.append("open")
        return self.open_paths.pop(0) if self.open_paths else None

    def save_path(self, title: str, filters: str, suggested: str) -> Path | None:
        self.asked.append("save as")
        self.suggested.append(suggested)
        return self.save_paths.pop(0) if self.save_paths else None

    def paste_text(self) -> str | None:
        return self.pasted

    def term(self, entry: TermEntry, title: str = "") -> TermEntry | None:
        self.asked.append(f"term {entry.source}")
        answer = self.term_answer
        return answer(entry) if callable(answer) else answer  # type: ignore[return-value]

    def confirm_delete(self, entry: TermEntry) -> bool:
        return self.delete

    def import_glossary(self, service, path: Path) -> None:  # type: ignore[no-untyped-def]
        self.asked.append(f"import {path.name}")

    def error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    export_key: str | None = "tbx2"  # the export dialog's choice (app.ui.export_dialog), or None

    def export_choice(self):  # type: ignore[no-untyped-def]
        from app.ui.export_dialog import export_choice

        self.asked.append("export format")
        return export_choice(self.export_key) if self.export_key else None

    conflict_answer: object = None  # "mine", "theirs", "merge" or a function(base, mine, theirs)
    revert_answer: object = None  # a function(changes) -> change to revert
    password_answer: str | None = None

    def resolve_conflict(self, base, mine, theirs, changed_by):  # type: ignore[no-untyped-def]
        from glossary.merge import merge_terms

        self.asked.append(f"conflict {changed_by.author if changed_by else '?'}")
        answer = self.conflict_answer
        if answer == "theirs":
            return None
        if answer == "mine":
            return TermEntry(**{**vars(mine), "version": theirs.version})
        if answer == "merge":
            return merge_terms(base, mine, theirs)[0]
        return answer(base, mine, theirs)  # type: ignore[operator]

    def history(self, term, changes):  # type: ignore[no-untyped-def]
        self.asked.append(f"history {len(changes)}")
        return self.revert_answer(changes) if callable(self.revert_answer) else None

    def password(self, where: str) -> str | None:
        self.asked.append("password")
        return self.password_answer


_checked: Prompts = AnsweredPrompts()  # mypy: the fake answers every question the window asks


@pytest.fixture
def prompts() -> AnsweredPrompts:
    return AnsweredPrompts()


@pytest.fixture
def sample_folder(tmp_path: Path) -> Path:
    """The sample article with its glossary beside it, in a folder the test may write to."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SAMPLES / "article-de.txt", folder / "article-de.txt")
    shutil.copy(SAMPLES / "glossary.csv", folder / "glossary.csv")
    return folder


@pytest.fixture
def window(qtbot, prompts, wortlaut_home):  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    i18n.set_language("en")
    main = MainWindow()
    main.prompts = prompts
    qtbot.addWidget(main)
    main.glossary.load_now()
    main.show()
    yield main
    main.runner.cancel_all()
    main.runner.wait(10_000)
    main.session.mark_saved()
    main.close()
    main.glossary.close()


def row_of(window, start: str) -> int:  # type: ignore[no-untyped-def]
    """The index of the first segment whose source starts with `start`."""
    segments = window.session.project.segments
    return next(i for i, s in enumerate(segments) if s.source.startswith(start))


def wait_for_translation(qtbot, window, timeout: int = 60_000) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.job is None, timeout=timeout)


def settled(qtbot, outcome, timeout: int = 10_000):  # type: ignore[no-untyped-def]
    """Wait (the event loop turning) until a background operation's outcome is in; its value.

    A failed outcome raises its exception here, so a test sees why.
    """
    outcome.failure(lambda _error: None)  # handled here, not by the app's failure dialog
    qtbot.waitUntil(lambda: outcome.done, timeout=timeout)
    if outcome.error is not None:
        raise outcome.error
    return outcome.value
