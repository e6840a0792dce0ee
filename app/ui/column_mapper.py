"""Choose by hand which column holds what, for a glossary table whose header we do not know."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from app.i18n import _


def field_names() -> list[tuple[str, str]]:
    """(field, label) in the order offered; "" means the column is not imported."""
    return [
        ("", _("(not imported)")),
        ("source", _("German (source)")),
        ("target", _("English (target)")),
        ("notes", _("Notes")),
        ("forbidden", _("Forbidden variants (| between)")),
        ("domain", _("Domain")),
    ]


class ColumnMapper(QWidget):
    """One choice per column of the file's first row; `chosen` carries field → column index."""

    chosen = Signal(dict, bool)  # columns, whether the first row is a header to skip

    def __init__(self, first_row: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            QLabel(_("Wortlaut does not know these column names. Say what each column holds:")),
            0,
            0,
            1,
            max(2, len(first_row)),
        )
        defaults = ["source", "target", "notes"]
        self.choices: list[QComboBox] = []
        for column, cell in enumerate(first_row):
            layout.addWidget(QLabel(cell.strip() or _("column %d") % (column + 1)), 1, column)
            choice = QComboBox()
            for field, label in field_names():
                choice.addItem(label, field)
            default = defaults[column] if column < len(defaults) else ""
            choice.setCurrentIndex(choice.findData(default))
            choice.setAccessibleName(_("Column %d holds") % (column + 1))
            layout.addWidget(choice, 2, column)
            self.choices.append(choice)
        self.header = QCheckBox(_("The first row holds column names (do not import it)"))
        self.header.setChecked(True)
        layout.addWidget(self.header, 3, 0, 1, max(2, len(first_row)))
        self.apply_button = QPushButton(_("Use these columns"))
        self.apply_button.clicked.connect(self._apply)
        layout.addWidget(self.apply_button, 4, 0)
        self.problem = QLabel()
        layout.addWidget(self.problem, 4, 1, 1, max(1, len(first_row) - 1))

    def columns(self) -> dict[str, int]:
        mapping: dict[str, int] = {}
        for column, choice in enumerate(self.choices):
            field = choice.currentData()
            if field and field not in mapping:
                mapping[field] = column
        return mapping

    def _apply(self) -> None:
        mapping = self.columns()
        if not {"source", "target"} <= mapping.keys():
            self.problem.setText(_("Choose a German and an English column."))
            return
        self.problem.clear()
        self.chosen.emit(mapping, self.header.isChecked())
