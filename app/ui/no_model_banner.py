"""The notice above the grid while no German→English model is installed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.i18n import _


class NoModelBanner(QFrame):
    """Shown, not blocking anything, while no German→English model is installed."""

    install_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noModelBanner")
        self.setStyleSheet(
            "#noModelBanner { background: #fff8e1; border: 1px solid #ffe082; border-radius: 4px; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        text = QLabel(
            _(
                "No German→English translation model is installed. Install a downloaded "
                "<i>.argosmodel</i> file, or download one in Models (uses the internet). "
                "Glossary, checks and editing work without it."
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text, 1)
        button = QPushButton(_("Install a model…"))
        button.setAccessibleName(_("Install a translation model"))
        button.clicked.connect(self.install_clicked)
        layout.addWidget(button)
