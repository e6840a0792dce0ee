"""Add or edit one glossary term, with validation before anything is saved."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.i18n import _
from glossary.normalize import normalise_term
from glossary.terms import TermEntry
from glossary.validation import term_problem


def split_variants(text: str) -> list[str]:
    """Forbidden variants as typed: one per line, or separated by ';' or '|'."""
    return [v.strip() for v in re.split(r"[\n;|]", text) if v.strip()]


def validate_term(entry: TermEntry) -> str | None:
    """Why this entry cannot be saved, or None."""
    if not entry.source.strip():
        return _("The German term is empty.")
    if not normalise_term(entry.source):
        return _("The German term has no letters or digits.")
    if not entry.target.strip():
        return _("The English translation is empty.")
    if any(v.casefold() == entry.target.strip().casefold() for v in entry.forbidden):
        return _("The translation cannot also be a forbidden variant.")
    if "\n" in entry.source or "\n" in entry.target:
        return _("Terms are one line each.")
    problem = term_problem(entry)  # the store's own rules: length limits, control characters
    if problem is not None:
        return _("This term cannot be saved: %(problem)s") % {"problem": problem}
    return None


class TermDialog(QDialog):
    def __init__(self, parent: QWidget | None, entry: TermEntry | None = None, title: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title or (_("Edit term") if entry and entry.id else _("Add term")))
        self.setMinimumWidth(440)
        self.original = entry or TermEntry("", "")
        layout = QFormLayout(self)
        self.source = QLineEdit(self.original.source)
        self.target = QLineEdit(self.original.target)
        self.notes = QLineEdit(self.original.notes)
        self.forbidden = QPlainTextEdit("\n".join(self.original.forbidden))
        self.forbidden.setFixedHeight(64)
        self.forbidden.setPlaceholderText(_("one per line, e.g. White Russia"))
        self.case_sensitive = QCheckBox(_("Match exact case only"))
        self.case_sensitive.setChecked(self.original.case_sensitive)
        self.domain = QLineEdit(self.original.domain)
        for widget, name in (
            (self.source, _("German term")),
            (self.target, _("English translation")),
            (self.notes, _("Notes")),
            (self.forbidden, _("Forbidden translations")),
            (self.domain, _("Domain")),
        ):
            widget.setAccessibleName(name)
        layout.addRow(_("&German:"), self.source)
        layout.addRow(_("&English:"), self.target)
        layout.addRow(_("&Notes:"), self.notes)
        layout.addRow(_("&Forbidden:"), self.forbidden)
        layout.addRow(_("Do&main:"), self.domain)
        layout.addRow("", self.case_sensitive)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c62828;")
        layout.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addRow(self.buttons)
        for line in (self.source, self.target, self.notes, self.domain):
            line.textChanged.connect(self._validate)
        self.forbidden.textChanged.connect(self._validate)
        (self.target if self.original.source else self.source).setFocus()
        self._validate()

    def entry(self) -> TermEntry:
        return TermEntry(
            source=self.source.text().strip(),
            target=self.target.text().strip(),
            notes=self.notes.text().strip(),
            forbidden=tuple(split_variants(self.forbidden.toPlainText())),
            case_sensitive=self.case_sensitive.isChecked(),
            domain=self.domain.text().strip(),
            id=self.original.id,
            version=self.original.version,
        )

    def _validate(self) -> None:
        problem = validate_term(self.entry())
        self.problem.setText(problem or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
