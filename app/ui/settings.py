"""User settings in `$WORTLAUT_HOME/settings.ini` (QSettings, INI format), and the dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app import paths
from app.i18n import LANGUAGES, _
from app.ui.credentials import keychain_available, save_password

MAX_RECENT = 8
TM_THRESHOLD = 75  # as app.pipeline.FUZZY_THRESHOLD


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

    @property
    def glossary_url(self) -> str:
        """The team glossary's SQLAlchemy URL (never with a password); "" for the local one."""
        return str(self.qsettings.value("glossary/url", ""))

    @glossary_url.setter
    def glossary_url(self, value: str) -> None:
        self.qsettings.setValue("glossary/url", value)

    @property
    def author(self) -> str:
        """The name the glossary history records for this user."""
        import getpass

        value = str(self.qsettings.value("user/author", ""))
        if value:
            return value
        try:
            return getpass.getuser()
        except OSError:  # pragma: no cover
            return ""

    @author.setter
    def author(self, value: str) -> None:
        self.qsettings.setValue("user/author", value)

    @property
    def tm_threshold(self) -> int:
        """Fuzzy memory matches from this score (50–100) are offered; default 75."""
        try:
            value = int(str(self.qsettings.value("tm/threshold", TM_THRESHOLD)))
        except ValueError:
            return TM_THRESHOLD
        return min(100, max(50, value))

    @tm_threshold.setter
    def tm_threshold(self, value: int) -> None:
        self.qsettings.setValue("tm/threshold", int(value))

    def recent_files(self) -> list[Path]:
        value = self.qsettings.value("files/recent", [])
        # QSettings gives a one-element list back as a plain string on some platforms.
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
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
    """Language, the name recorded in glossary history, and where the glossary lives.

    `password` is set when the user typed one (it goes to the keychain, not the settings).
    """

    def __init__(self, parent: QWidget | None, settings: Settings):
        super().__init__(parent)
        self.settings = settings
        self.password: str | None = None
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(520)
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
        self.author = QLineEdit(settings.author)
        self.author.setAccessibleName(_("Your name in the glossary history"))
        layout.addRow(_("Your &name:"), self.author)
        self.tm_threshold = QSpinBox()
        self.tm_threshold.setRange(50, 100)
        self.tm_threshold.setSuffix(" %")
        self.tm_threshold.setValue(settings.tm_threshold)
        self.tm_threshold.setAccessibleName(_("Lowest score of a memory match offered"))
        layout.addRow(_("Offer memory matches &from:"), self.tm_threshold)
        self.team = QCheckBox(_("Use a team glossary on a PostgreSQL server"))
        self.team.setChecked(bool(settings.glossary_url))
        layout.addRow(self.team)
        self.url = QLineEdit(settings.glossary_url)
        self.url.setPlaceholderText("postgresql+psycopg://anna@server/terms")
        self.url.setAccessibleName(_("Team glossary address"))
        layout.addRow(_("Server &address:"), self.url)
        self.password_field = QLineEdit()
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_field.setAccessibleName(_("Team glossary password"))
        self.password_field.setPlaceholderText(
            _("stored in the system keychain")
            if keychain_available()
            else _("asked once per session (no keychain available)")
        )
        layout.addRow(_("&Password:"), self.password_field)
        self.test_button = QPushButton(_("Test connection"))
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_button.clicked.connect(self.test_connection)
        layout.addRow(self.test_button, self.test_result)
        self.team.toggled.connect(self._team_toggled)
        self._team_toggled(self.team.isChecked())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def _team_toggled(self, on: bool) -> None:
        for widget in (self.url, self.password_field, self.test_button):
            widget.setEnabled(on)

    def team_url(self) -> str:
        """The URL as typed, without a password (a typed password moves to the keychain)."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        text = self.url.text().strip()
        if not self.team.isChecked() or not text:
            return ""
        try:
            parsed = make_url(text)
        except ArgumentError:
            return text
        if parsed.password is not None and not self.password_field.text():
            self.password_field.setText(str(parsed.password))
        return parsed.set(password=None).render_as_string(hide_password=False)

    def test_connection(self) -> bool:
        """Open the server once (the user pressed a button that says it connects)."""
        from glossary.storage import GlossaryStore, StoreError

        url = self.team_url()
        if not url.startswith("postgresql"):
            self.test_result.setText(_("Enter a postgresql+psycopg:// address."))
            return False
        try:
            store = GlossaryStore.open(url, self.password_field.text() or None)
        except StoreError as exc:
            self.test_result.setText(str(exc))
            return False
        count = store.count()
        store.close()
        self.test_result.setText(_("Connected: %s terms.") % count)
        return True

    def accept(self) -> None:
        self.settings.language = self.language.currentData()
        self.settings.author = self.author.text().strip()
        self.settings.tm_threshold = self.tm_threshold.value()
        url = self.team_url()
        self.settings.glossary_url = url
        if url and self.password_field.text():
            self.password = self.password_field.text()
            save_password(url, self.password)
        self.settings.sync()
        super().accept()
