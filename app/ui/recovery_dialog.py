"""After a crash: every orphaned autosave in one list, restore one, discard or keep the others.

The window asks through `Prompts.restore_autosave(orphans)` (tests answer it instead of the
dialog). Nothing is deleted that the translator has not seen: an autosave goes only when it is
discarded in this dialog, or, once restored, when its work is saved or dropped on closing.
Orphans not chosen stay for the next start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.autosave import DamagedAutosave, Orphan, claim_orphans
from app.document import SegmentState
from app.i18n import _, format_datetime, format_number
from app.ui.session import EditorSession


@dataclass
class RecoveryAnswer:
    """Which orphan to restore (an index into the offered list) and which ones to delete."""

    restore: int | None = None
    discard: list[int] = field(default_factory=list)


class RecoveryPrompts(Protocol):
    def restore_autosave(self, orphans: Sequence[Orphan]) -> RecoveryAnswer: ...

    def error(self, title: str, message: str) -> None: ...


def describe(orphan: Orphan) -> str:
    """ "article-de — 26.11.26, 14:02 — 12 of 40 segments translated" """
    project = orphan.project
    counts = project.counts()
    done = len(project.segments) - counts[SegmentState.NEW]
    return _("%(name)s — %(when)s — %(done)s of %(total)s segments translated") % {
        "name": project.path.name if project.path else project.name,
        "when": format_datetime(orphan.saved_at),
        "done": format_number(done),
        "total": format_number(len(project.segments)),
    }


def damaged_message(damaged: Sequence[DamagedAutosave]) -> str:
    parts = []
    for item in damaged:
        if item.moved_to is not None:
            parts.append(
                _("An autosave could not be read and was moved to %(moved)s:\n%(problem)s")
                % {"moved": item.moved_to, "problem": item.problem}
            )
        else:
            parts.append(
                _("An autosave could not be read (and not moved aside):\n%(problem)s")
                % {"problem": item.problem}
            )
    return "\n\n".join(parts)


def original_missing_message(orphan: Orphan) -> str:
    return _(
        "The copy of %(name)s kept with this autosave is missing or damaged, and the source "
        "file has moved or changed. Your translation is restored; to export the translated "
        "document, Wortlaut will ask you for %(name)s."
    ) % {"name": orphan.original_missing}


def offer_recovery(prompts: RecoveryPrompts, session: EditorSession) -> bool:
    """Offer every orphaned autosave; True if one was restored into `session`."""
    orphans, damaged = claim_orphans()
    if damaged:
        prompts.error(_("Damaged autosave"), damaged_message(damaged))
    if not orphans:
        return False
    try:
        answer = prompts.restore_autosave(orphans)
    except BaseException:
        for orphan in orphans:
            orphan.keep()
        raise
    chosen = answer.restore
    if not isinstance(chosen, int) or isinstance(chosen, bool) or chosen not in range(len(orphans)):
        chosen = None
    for i, orphan in enumerate(orphans):
        if i == chosen:
            session.restore(orphan)
            if orphan.original_missing is not None:
                prompts.error(_("Original document missing"), original_missing_message(orphan))
        elif i in answer.discard:
            orphan.discard()
        else:
            orphan.keep()
    return chosen is not None


class RecoveryDialog(QDialog):
    """The orphans, newest first; Restore the selected one, Discard the selected, or Later."""

    def __init__(self, parent: QWidget | None, orphans: Sequence[Orphan]):
        super().__init__(parent)
        self.setWindowTitle(_("Restore unsaved work?"))
        self.answer = RecoveryAnswer()
        layout = QVBoxLayout(self)
        label = QLabel(
            _(
                "Wortlaut did not close properly. This work was autosaved and never saved in a "
                "project file. Restore one now; the others are offered again at the next start "
                "unless you discard them."
            )
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget()
        self.list.setObjectName("recoveryList")
        self.list.setAccessibleName(_("Autosaved work"))
        for i, orphan in enumerate(orphans):
            item = QListWidgetItem(describe(orphan))
            item.setData(Qt.ItemDataRole.UserRole, i)
            item.setToolTip(str(orphan.path))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self._restore())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(
            _("Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.discard_button = buttons.addButton(
            _("Discard"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        later = buttons.addButton(_("Later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard)
        later.clicked.connect(self.reject)
        self.restore_button.setDefault(True)
        layout.addWidget(buttons)
        self.resize(640, 300)

    def _selected(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _restore(self) -> None:
        self.answer.restore = self._selected()
        self.accept()

    def _discard(self) -> None:
        index = self._selected()
        if index is None:
            return
        self.answer.discard.append(index)
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0:
            self.accept()


def ask_recovery(parent: QWidget | None, orphans: Sequence[Orphan]) -> RecoveryAnswer:
    dialog = RecoveryDialog(parent, orphans)
    dialog.exec()
    return dialog.answer
