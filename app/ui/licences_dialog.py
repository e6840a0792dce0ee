"""Help ▸ About and its Licences window: our licence, the Qt notice, LGPL/GPL, third parties.

The texts are the files the installer ships (`paths.licences_dir()`, written at build time by
packaging/licences.py); from a checkout the generated ones are absent and the window says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.i18n import _


@dataclass(frozen=True)
class LicenceDocument:
    title: str
    path: Path
    generated: bool  # written by the installer build, absent from a checkout


def licence_documents(folder: Path | None = None) -> list[LicenceDocument]:
    """The documents the Licences window lists, in order (`folder`: another licences folder,
    e.g. a build's, instead of this app's own)."""
    where = folder if folder is not None else paths.licences_dir()
    own = where / "LICENSE.txt" if folder is not None else paths.own_licence()
    return [
        LicenceDocument(_("Wortlaut (MIT)"), own, generated=False),
        LicenceDocument(
            _("Third-party packages"), where / "THIRD-PARTY-LICENSES.txt", generated=True
        ),
        LicenceDocument(_("Qt and PySide6 (LGPL-3.0)"), where / "QT-NOTICE.txt", generated=True),
        LicenceDocument(_("GNU LGPL 3.0"), where / "LGPL-3.0.txt", generated=False),
        LicenceDocument(_("GNU GPL 3.0"), where / "GPL-3.0.txt", generated=False),
    ]


def document_text(document: LicenceDocument) -> str:
    """The document's text, or one sentence saying why it cannot be shown."""
    try:
        return document.path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        if document.generated:
            return (
                _(
                    "%s is written when the installers are built (packaging/build.py); "
                    "this copy of Wortlaut runs from the sources and has none."
                )
                % document.path.name
            )
        return _("%s is missing from this copy of Wortlaut.") % document.path
    except OSError as exc:
        return _("%(file)s cannot be read: %(problem)s") % {
            "file": document.path,
            "problem": exc.strerror or exc,
        }


class LicencesDialog(QDialog):
    """A list of licence documents beside the selected one's text."""

    def __init__(self, parent: QWidget | None, folder: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Licences"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(980, 640)
        self.documents = licence_documents(folder)
        self.list = QListWidget(self)
        self.list.addItems([document.title for document in self.documents])
        self.list.setSpacing(2)
        self.list.setFixedWidth(self.list.sizeHintForColumn(0) + 24)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        # Licence texts are ~80 columns and fit; longer lines (and messages) wrap at the edge.
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.list.currentRowChanged.connect(self.show_document)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.list)
        row.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)

    def show_document(self, row: int) -> None:
        if 0 <= row < len(self.documents):
            self.text.setPlainText(document_text(self.documents[row]))
            if self.list.currentRow() != row:
                self.list.setCurrentRow(row)


class AboutDialog(QDialog):
    """Help ▸ About: name, version, what it is, our licence, and the Licences button."""

    def __init__(self, parent: QWidget | None):
        from app import __version__

        super().__init__(parent)
        self.setWindowTitle(_("About Wortlaut"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = QLabel(f"<h2>Wortlaut {__version__}</h2>", self)
        summary = QLabel(
            _("Offline German→English translation with an enforced glossary.")
            + "\n\n"
            + _(
                "Wortlaut is free software under the MIT licence. It includes Qt and other "
                "third-party software under their own licences."
            ),
            self,
        )
        summary.setWordWrap(True)
        self.licences_button = QPushButton(_("&Licences…"), self)
        self.licences_button.clicked.connect(self.show_licences)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.licences_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(summary)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def show_licences(self) -> LicencesDialog:
        dialog = LicencesDialog(self)
        dialog.open()
        return dialog
