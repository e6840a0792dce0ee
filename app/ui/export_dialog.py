"""Glossary export: which format (TBX version, spreadsheet, or a tool's CSV dialect), each with a
one-line hint saying who reads it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from app.i18n import _


@dataclass(frozen=True)
class ExportChoice:
    """What to write: `fmt` for glossary.exchange.export_glossary, with its options."""

    key: str
    fmt: str  # csv, tbx or xlsx
    suffix: str  # the file name's extension
    tbx_version: int = 2
    dialect: str | None = None

    @property
    def label(self) -> str:
        return {
            "tbx2": _("TBX 2 (TBX-Basic)"),
            "tbx3": _("TBX 3 (ISO 30042:2019)"),
            "xlsx": _("Excel workbook (.xlsx)"),
            "excel": _("CSV for Excel"),
            "deepl": _("DeepL glossary (CSV)"),
            "memoq": _("memoQ term base (CSV)"),
            "omegat": _("OmegaT glossary (tab-separated)"),
        }[self.key]

    @property
    def hint(self) -> str:
        return {
            "tbx2": _("For OmegaT, memoQ, Trados and translate-toolkit; keeps every field."),
            "tbx3": _("The current TBX standard, for tools that read TBX 3; keeps every field."),
            "xlsx": _("Opens in Excel and LibreOffice; every field, header row frozen."),
            "excel": _("Comma-separated with every field, UTF-8 with BOM so Excel reads umlauts."),
            "deepl": _("Source, target and language pair only; notes and variants are left out."),
            "memoq": _("Semicolon-separated German, English, note and domain, as memoQ imports."),
            "omegat": _("Source, target and comment, as OmegaT reads its glossary files."),
        }[self.key]

    @property
    def file_filter(self) -> str:
        return f"{self.label} (*{self.suffix})"


EXPORT_CHOICES = (
    ExportChoice("tbx2", "tbx", ".tbx", tbx_version=2),
    ExportChoice("tbx3", "tbx", ".tbx", tbx_version=3),
    ExportChoice("xlsx", "xlsx", ".xlsx"),
    ExportChoice("excel", "csv", ".csv", dialect="excel"),
    ExportChoice("deepl", "csv", ".csv", dialect="deepl"),
    ExportChoice("memoq", "csv", ".csv", dialect="memoq"),
    ExportChoice("omegat", "csv", ".txt", dialect="omegat"),
)


def export_choice(key: str) -> ExportChoice:
    return next(choice for choice in EXPORT_CHOICES if choice.key == key)


class ExportDialog(QDialog):
    """Asks for the export format; `choice()` is the one selected."""

    def __init__(self, parent: QWidget | None, selected: str = "tbx2"):
        super().__init__(parent)
        self.setWindowTitle(_("Export glossary"))
        layout = QFormLayout(self)
        self.formats = QComboBox()
        self.formats.setAccessibleName(_("Export format"))
        for choice in EXPORT_CHOICES:
            self.formats.addItem(choice.label, choice.key)
        layout.addRow(_("Format:"), self.formats)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addRow("", self.hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)
        self.formats.currentIndexChanged.connect(self._show_hint)
        self.formats.setCurrentIndex(max(0, self.formats.findData(selected)))
        self._show_hint()

    def choice(self) -> ExportChoice:
        return export_choice(self.formats.currentData())

    def _show_hint(self) -> None:
        self.hint.setText(self.choice().hint)
