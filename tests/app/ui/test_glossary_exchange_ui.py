"""Glossary exchange in the app: the export dialog's formats and hints, export in a worker, and
the import dialog's sheet chooser for workbooks."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from app.ui.export_dialog import EXPORT_CHOICES, ExportDialog
from app.ui.import_dialog import ImportDialog
from glossary.exchange import read_glossary
from glossary.terms import TermEntry
from tests.app.ui.test_dialogs import facts


def test_the_export_dialog_offers_both_tbx_versions_and_every_dialect_with_a_hint(qtbot):
    dialog = ExportDialog(None)
    qtbot.addWidget(dialog)
    offered = [dialog.formats.itemData(i) for i in range(dialog.formats.count())]
    assert offered == ["tbx2", "tbx3", "xlsx", "excel", "deepl", "memoq", "omegat"]
    assert dialog.choice().key == "tbx2"
    hints = set()
    for index in range(dialog.formats.count()):
        dialog.formats.setCurrentIndex(index)
        assert dialog.hint.text() == EXPORT_CHOICES[index].hint
        hints.add(dialog.hint.text())
    assert len(hints) == len(EXPORT_CHOICES)


def test_export_writes_the_chosen_format_in_a_worker(qtbot, window, tmp_path):
    window.glossary.add(TermEntry("Kreml", "Kremlin", forbidden=("Cremlin",)))
    target = tmp_path / "glossary.tbx"
    window.prompts.save_paths.append(target)
    window.terms.export_glossary()
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert window.prompts.asked[-2:] == ["export format", "save as"]
    assert target.read_text(encoding="utf-8").count("<termEntry") == 1
    assert read_glossary(target).entries == [TermEntry("Kreml", "Kremlin", forbidden=("Cremlin",))]


def test_export_in_the_deepl_dialect(qtbot, window, tmp_path):
    window.glossary.add(TermEntry("Kreml", "Kremlin", notes="not exported"))
    window.prompts.export_key = "deepl"
    target = tmp_path / "deepl.csv"
    window.prompts.save_paths.append(target)
    window.terms.export_glossary()
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert target.read_bytes() == b"Kreml,Kremlin,de,en\n"


def test_an_export_that_fails_says_why(qtbot, window, tmp_path):
    window.glossary.add(TermEntry("Kreml", "Kremlin"))
    window.prompts.export_key = "deepl"
    window.prompts.save_paths.append(tmp_path / "deepl.tbx")
    window.terms.export_glossary()
    qtbot.waitUntil(lambda: bool(window.prompts.errors), timeout=10_000)
    title, message = window.prompts.errors[0]
    assert title == "Cannot export"
    assert message.endswith(
        "the name says .tbx but the format asked for is csv; give the file a matching name"
    )


def test_cancelling_the_format_writes_nothing(window):
    window.prompts.export_key = None
    window.terms.export_glossary()
    assert window.prompts.asked == ["export format"]


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Politik"
    book.active.append(["Deutsch", "Englisch"])
    book.active.append(["Kreml", "Kremlin"])
    other = book.create_sheet("Militär")
    other.append(["Deutsch", "Englisch"])
    other.append(["Bollwerk", "bulwark"])
    other.append(["Festung", "fortress"])
    book.save(path)
    return path


def test_the_import_dialog_offers_a_workbooks_sheets_and_previews_the_chosen_one(
    qtbot, window, tmp_path
):
    dialog = ImportDialog(window, window.glossary, workbook(tmp_path / "g.xlsx"))
    qtbot.addWidget(dialog)
    assert [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())] == ["Politik", "Militär"]
    assert facts(dialog)["Format:"] == "Excel workbook, sheet Politik"
    dialog.sheet.setCurrentText("Militär")
    assert facts(dialog)["Format:"] == "Excel workbook, sheet Militär"
    assert [dialog.preview.item(r, 1).text() for r in range(dialog.preview.rowCount())] == [
        "Bollwerk",
        "Festung",
    ]
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.report.added == 2
