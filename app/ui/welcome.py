"""What the window shows before a document is open: what to do first, in a few clear steps."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _


class WelcomePage(QFrame):
    """Open a file, paste text or drop a file; install a model when none is there (the banner
    above says why)."""

    open_clicked = Signal()
    paste_clicked = Signal()
    models_clicked = Signal()
    shortcuts_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setAccessibleName(_("Getting started"))
        self.setStyleSheet(
            "#welcomePage { background: palette(base); border: 1px solid palette(mid); }"
            "#welcomePage QPushButton { padding: 6px 14px; min-width: 16em; }"
        )
        outer = QVBoxLayout(self)
        content = QWidget()
        content.setFixedWidth(540)  # wrapped text needs a width to know its height
        outer.addWidget(content, 0, Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(content)
        layout.setSpacing(10)
        title = QLabel(_("Translate a German text into English"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        hint = QLabel(
            _(
                "Open a .txt document or a .wortlaut project, paste text, or drag a file "
                "into this window. A glossary.csv beside the document is used as well."
            )
        )
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        self.open_button = self._button(_("Open a document…"), self.open_clicked, layout)
        self.paste_button = self._button(_("Paste German text…"), self.paste_clicked, layout)
        self.models_button = self._button(
            _("Install a translation model…"), self.models_clicked, layout
        )
        self._button(_("Keyboard shortcuts"), self.shortcuts_clicked, layout, flat=True)

    def _button(
        self, text: str, signal: SignalInstance, layout: QVBoxLayout, flat: bool = False
    ) -> QPushButton:
        button = QPushButton(text)
        button.setFlat(flat)
        button.clicked.connect(signal)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        return button

    def set_model_installed(self, installed: bool) -> None:
        self.models_button.setVisible(not installed)
