"""User settings in `$WORTLAUT_HOME/settings.ini` (QSettings, INI format), and the dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from app import paths
from app.i18n import LANGUAGES, _

MAX_RECENT = 8


class Settings:
    def __init__(self) -> None:
        self.qsettings = QSettings(
            str(paths.data_home() / "settings.ini"), QSettings.Format.IniFormat
        )

    @property
    def language(self) -> str:
        return str(self.qsettings.value("ui/language", "system"))

    @language.setter
    def language(self, value: str) -> None:
        self.qsettings.setValue("ui/language", value)

    def recent_files(self) -> list[Path]:
        value = self.qsettings.value("files/recent", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [Path(p) for p in items if p]

    def add_recent(self, path: Path) -> None:
        items = [str(path)] + [str(p) for p in self.recent_files() if p != path]
        self.qsettings.setValue("files/recent", items[:MAX_RECENT])

    def bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, settings: Settings):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Settings"))
        layout = QFormLayout(self)
        self.language = QComboBox()
        self.language.addItem(_("System language"), "system")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.setAccessibleName(_("User interface language"))
        layout.addRow(_("&Language:"), self.language)
        note = QLabel(_("A new language applies the next time Wortlaut starts."))
        note.setWordWrap(True)
        layout.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def accept(self) -> None:
        self.settings.language = self.language.currentData()
        self.settings.sync()
        super().accept()
