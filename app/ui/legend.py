"""The status-bar legend: one sample per kind of term highlight, drawn exactly as the grid draws it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.i18n import _
from app.ui.segment_table import HIGHLIGHTS


class Legend(QWidget):
    KEYS = ("found", "applied", "enforced", "missing", "forbidden")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.chips: dict[str, QLabel] = {}
        for key in self.KEYS:
            mark = HIGHLIGHTS[key]
            chip = QLabel(f'<span style="{mark.css}">&nbsp;{html.escape(mark.label)}&nbsp;</span>')
            chip.setTextFormat(Qt.TextFormat.RichText)
            chip.setAccessibleName(mark.label)
            layout.addWidget(chip)
            self.chips[key] = chip
        self.setAccessibleName(_("Highlight legend"))
