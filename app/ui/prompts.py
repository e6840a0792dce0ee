"""Every question the main window asks the user: a Protocol, and its Qt dialogs.

The window only talks to `Prompts`; `DialogPrompts` answers with real dialogs, the test fake
(`tests/app/ui/conftest.py: AnsweredPrompts`) answers from values the test sets.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from app.autosave import Orphan
from app.i18n import _, format_number, ngettext
from app.ui.export_dialog import ExportChoice, ExportDialog
from app.ui.glossary_service import GlossaryService
from app.ui.import_dialog import ImportDialog
from app.ui.recovery_dialog import RecoveryAnswer, ask_recovery
from app.ui.team_dialogs import ConflictDialog, HistoryDialog
from app.ui.term_dialog import TermDialog
from glossary.records import ChangeRecord
from glossary.terms import TermEntry


class Prompts(Protocol):
    """The questions; each returns the user's answer (None: cancelled)."""

    def restore_autosave(self, orphans: Sequence[Orphan]) -> RecoveryAnswer:
        """Which orphaned autosave to restore, which ones to delete (the rest stay)."""
        ...

    def overwrite_protected(self, count: int) -> str:
        """'skip', 'overwrite' or 'cancel' for segments the translator edited or confirmed."""
        ...

    def save_changes(self) -> str:
        """'save', 'discard' or 'cancel' for a modified project about to be replaced or closed."""
        ...

    def open_path(self, title: str, filters: str) -> Path | None: ...

    def save_path(self, title: str, filters: str, suggested: str) -> Path | None: ...

    def paste_text(self) -> str | None:
        """German text for a new document; None when cancelled or blank."""
        ...

    def term(self, entry: TermEntry, title: str = "") -> TermEntry | None:
        """The term as the user edited it, starting from `entry`."""
        ...

    def confirm_delete(self, entry: TermEntry) -> bool: ...

    def import_glossary(self, service: GlossaryService, path: Path) -> None:
        """Run the import dialog for `path` into `service` (it reports by itself)."""
        ...

    def export_choice(self) -> ExportChoice | None:
        """The format to export the glossary in (TBX version, workbook or CSV dialect)."""
        ...

    def resolve_conflict(
        self,
        base: TermEntry,
        mine: TermEntry,
        theirs: TermEntry,
        changed_by: ChangeRecord | None,
    ) -> TermEntry | None:
        """None: take theirs; else the term to save (mine, or a merge)."""
        ...

    def history(self, term: TermEntry, changes: list[ChangeRecord]) -> ChangeRecord | None:
        """The change to revert, or None."""
        ...

    def password(self, where: str) -> str | None:
        """The team glossary password for `where` (a URL without password); None: cancelled."""
        ...

    def error(self, title: str, message: str) -> None:
        """Tell the user something failed (no answer)."""
        ...


class DialogPrompts:
    """`Prompts` answered by the user through Qt dialogs over `parent`."""

    def __init__(self, parent: QWidget):
        self.parent = parent
        self.headless = False  # `gui --screenshot`: errors go to stderr, no dialog waits

    def restore_autosave(self, orphans: Sequence[Orphan]) -> RecoveryAnswer:
        return ask_recovery(self.parent, orphans)

    def overwrite_protected(self, count: int) -> str:
        box = QMessageBox(self.parent)
        box.setWindowTitle(_("Edited segments"))
        box.setText(
            ngettext(
                "%(n)s of the selected segments was edited or confirmed by you.",
                "%(n)s of the selected segments were edited or confirmed by you.",
                count,
            )
            % {"n": format_number(count)}
        )
        skip = box.addButton(_("Keep my translations"), QMessageBox.ButtonRole.AcceptRole)
        overwrite = box.addButton(_("Overwrite them"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(skip)
        box.exec()
        clicked = box.clickedButton()
        return "skip" if clicked is skip else "overwrite" if clicked is overwrite else "cancel"

    def save_changes(self) -> str:
        answer = QMessageBox.question(
            self.parent,
            _("Unsaved changes"),
            _("Save the changes to this project before closing?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(answer, "cancel")

    def open_path(self, title: str, filters: str) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(self.parent, title, "", filters)
        return Path(path) if path else None

    def save_path(self, title: str, filters: str, suggested: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(self.parent, title, suggested, filters)
        return Path(path) if path else None

    def paste_text(self) -> str | None:
        text, ok = QInputDialog.getMultiLineText(
            self.parent,
            _("New document from text"),
            _("German text:"),
            QGuiApplication.clipboard().text(),
        )
        return text if ok and text.strip() else None

    def term(self, entry: TermEntry, title: str = "") -> TermEntry | None:
        dialog = TermDialog(self.parent, entry, title)
        return dialog.entry() if dialog.exec() == TermDialog.DialogCode.Accepted else None

    def confirm_delete(self, entry: TermEntry) -> bool:
        answer = QMessageBox.question(
            self.parent,
            _("Delete term"),
            _("Delete %(source)s → %(target)s from the glossary?")
            % {"source": entry.source, "target": entry.target},
        )
        return answer == QMessageBox.StandardButton.Yes

    def import_glossary(self, service: GlossaryService, path: Path) -> None:
        ImportDialog(self.parent, service, path).exec()

    def export_choice(self) -> ExportChoice | None:
        dialog = ExportDialog(self.parent)
        return dialog.choice() if dialog.exec() == ExportDialog.DialogCode.Accepted else None

    def resolve_conflict(
        self,
        base: TermEntry,
        mine: TermEntry,
        theirs: TermEntry,
        changed_by: ChangeRecord | None,
    ) -> TermEntry | None:
        dialog = ConflictDialog(self.parent, base, mine, theirs, changed_by)
        dialog.exec()
        return dialog.result_entry

    def history(self, term: TermEntry, changes: list[ChangeRecord]) -> ChangeRecord | None:
        dialog = HistoryDialog(self.parent, term, changes)
        dialog.exec()
        return dialog.revert_requested

    def password(self, where: str) -> str | None:
        text, ok = QInputDialog.getText(
            self.parent,
            _("Team glossary password"),
            _("Password for %s:") % where,
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def error(self, title: str, message: str) -> None:
        if self.headless:
            print(f"wortlaut: error: {message}", file=sys.stderr)
            return
        QMessageBox.warning(self.parent, title, message)
