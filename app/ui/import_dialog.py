"""Glossary import: preview what was detected, then import in a worker and report the result."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.failures import user_message
from app.i18n import _, format_number, ngettext
from app.ui.column_mapper import ColumnMapper
from app.ui.glossary_service import GlossaryService
from glossary.columns import UnknownColumnsError
from glossary.errors import InputError
from glossary.exchange import ParsedGlossary, read_glossary
from glossary.storage import ImportReport, OnDuplicate

PREVIEW_ROWS = 20


def describe(parsed: ParsedGlossary) -> list[tuple[str, str]]:
    """What was detected, as (label, value) lines for the preview."""
    if parsed.format == "tbx":
        layout = "TBX"
    else:
        names = {",": _("comma"), ";": _("semicolon"), "\t": _("tab")}
        layout = f"{parsed.format.upper()}, " + names.get(parsed.delimiter or ",", _("comma"))
    columns = ", ".join(name for name, _i in sorted(parsed.columns.items(), key=lambda c: c[1]))
    return [
        (_("Format:"), layout),
        (_("Encoding:"), parsed.encoding),
        (_("Columns:"), columns or _("source, target (no header)")),
        (_("Rows:"), format_number(len(parsed.rows))),
        (_("Invalid rows:"), format_number(len(parsed.invalid))),
    ]


def report_text(report: ImportReport) -> str:
    lines = [
        ngettext("%(n)s term imported", "%(n)s terms imported", report.added)
        % {"n": format_number(report.added)},
        ngettext("%(n)s term updated", "%(n)s terms updated", report.updated)
        % {"n": format_number(report.updated)},
    ]
    if report.unchanged:
        lines.append(
            ngettext(
                "%(n)s term unchanged (already in the glossary)",
                "%(n)s terms unchanged (already in the glossary)",
                report.unchanged,
            )
            % {"n": format_number(report.unchanged)}
        )
    if not report.written:
        lines.insert(0, _("Nothing was written: the file has invalid rows (strict import)."))
    problems = report.problems()
    for line, reason in problems[:400]:
        lines.append(_("line %(line)s: skipped: %(reason)s") % {"line": line, "reason": reason})
    if len(problems) > 400:
        lines.append(_("… and %(n)s more") % {"n": format_number(len(problems) - 400)})
    return "\n".join(lines)


class ImportDialog(QDialog):
    def __init__(self, parent: QWidget | None, service: GlossaryService, path: Path):
        super().__init__(parent)
        self.service, self.path = service, Path(path)
        self.parsed: ParsedGlossary | None = None
        self.report: ImportReport | None = None
        self.setWindowTitle(_("Import glossary – %s") % self.path.name)
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        self.facts = QFormLayout()
        layout.addLayout(self.facts)
        self.mapper: ColumnMapper | None = None
        self.mapper_slot = QVBoxLayout()  # the column chooser, for files of unknown columns
        layout.addLayout(self.mapper_slot)
        self.preview = QTableWidget(0, 4)
        self.preview.setHorizontalHeaderLabels([_("Line"), _("German"), _("English"), _("Notes")])
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setAccessibleName(_("Preview of the first rows"))
        layout.addWidget(self.preview)
        options = QFormLayout()
        self.on_duplicate = QComboBox()
        self.on_duplicate.addItem(_("skip them"), OnDuplicate.SKIP)
        self.on_duplicate.addItem(_("overwrite them"), OnDuplicate.OVERWRITE)
        self.on_duplicate.addItem(_("keep both"), OnDuplicate.KEEP_BOTH)
        self.on_duplicate.setAccessibleName(_("Terms already in the glossary"))
        options.addRow(_("Terms already in the glossary:"), self.on_duplicate)
        self.strict = QCheckBox(_("Import nothing if any row is invalid"))
        options.addRow("", self.strict)
        layout.addLayout(options)
        self.progress = QProgressBar()
        self.progress.hide()
        layout.addWidget(self.progress)
        self.import_report = QPlainTextEdit()
        self.import_report.setReadOnly(True)
        self.import_report.setAccessibleName(_("Import report"))
        self.import_report.hide()
        layout.addWidget(self.import_report)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            _("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.load_preview()

    def load_preview(
        self, columns: dict[str, int] | None = None, skip_first_row: bool = False
    ) -> None:
        while self.facts.rowCount():
            self.facts.removeRow(0)
        try:
            self.parsed = read_glossary(self.path, columns, skip_first_row)
        except UnknownColumnsError as exc:
            self.parsed = None
            self._offer_column_choice(exc.cells)
            self.preview.setRowCount(0)
            self.import_button.setEnabled(False)
            return
        except InputError as exc:
            problem = QLabel(str(exc))
            problem.setWordWrap(True)
            self.facts.addRow(QLabel(_("Cannot read this file:")), problem)
            self.import_button.setEnabled(False)
            return
        for label, value in describe(self.parsed):
            self.facts.addRow(label, QLabel(value))
        rows = self.parsed.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for r, (line, entry) in enumerate(rows):
            for c, value in enumerate((str(line), entry.source, entry.target, entry.notes)):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight)
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()
        self.import_button.setEnabled(bool(self.parsed.rows))

    def _offer_column_choice(self, first_row: list[str]) -> None:
        if self.mapper is None:
            self.mapper = ColumnMapper(first_row, self)
            self.mapper.chosen.connect(self.load_preview)
            self.mapper_slot.addWidget(self.mapper)

    def start_import(self) -> None:
        assert self.parsed is not None
        self.import_button.setEnabled(False)
        self.progress.show()
        self.progress.setRange(0, 0)
        self.service.import_entries(
            self.parsed, self.on_duplicate.currentData(), self.strict.isChecked()
        ).success(lambda result: self.finish(result[0])).failure(self.fail)

    def finish(self, report: ImportReport) -> None:
        self.report = report
        self.progress.hide()
        self.import_report.setPlainText(report_text(report))
        self.import_report.show()
        self.buttons.clear()
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.accept)

    def fail(self, error: Exception) -> None:
        message = user_message(error)
        self.progress.hide()
        self.import_report.setPlainText(
            _("The import failed; nothing was written.") + "\n" + message
        )
        self.import_report.show()
        self.import_button.setEnabled(True)
