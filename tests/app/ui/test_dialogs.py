"""Dialogs: glossary import with preview and report, term validation, models, settings."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLabel

from app.model_store import ModelStore
from app.ui.import_dialog import ImportDialog
from app.ui.models_dialog import ModelsDialog
from app.ui.term_dialog import TermDialog
from glossary.terms import TermEntry
from tests.conftest import TINY_MODEL


def facts(dialog: ImportDialog) -> dict[str, str]:
    layout = dialog.facts
    result = {}
    for row in range(layout.rowCount()):
        label = layout.itemAt(row, layout.ItemRole.LabelRole)
        field = layout.itemAt(row, layout.ItemRole.FieldRole)
        if label and field:
            key = label.widget().text() if isinstance(label.widget(), QLabel) else str(label)
            result[key] = field.widget().text()
    return result


def test_import_dialog_previews_detects_and_imports_with_a_report(qtbot, window, tmp_path):
    csv_file = tmp_path / "terms.csv"
    csv_file.write_bytes(
        "Quelle;Übersetzung;Anmerkung\r\nMachthaber;ruler;Politik\r\n;leer\r\n"
        "Außenministerium;Foreign Office;\r\n".encode("cp1252")
    )
    dialog = ImportDialog(window, window.glossary, csv_file)
    qtbot.addWidget(dialog)
    shown = facts(dialog)
    assert shown["Encoding:"] == "cp1252"
    assert shown["Format:"] == "CSV, semicolon"
    assert shown["Rows:"] == "2" and shown["Invalid rows:"] == "1"
    assert dialog.preview.rowCount() == 2
    assert dialog.preview.item(0, 1).text() == "Machthaber"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert dialog.report.added == 2
    report = dialog.import_report.toPlainText()
    assert "2 terms imported" in report
    assert "line 3: skipped" in report
    assert sorted(t.source for t in window.glossary.entries) == ["Außenministerium", "Machthaber"]


def test_reimporting_a_file_reports_its_terms_unchanged_and_a_repeated_line(
    qtbot, window, tmp_path
):
    csv_file = tmp_path / "terms.csv"
    csv_file.write_text("source,target\nKreml,Kremlin\nBollwerk,bulwark\nKreml,Kremlin\n")
    reports = []
    for _attempt in range(2):
        dialog = ImportDialog(window, window.glossary, csv_file)
        qtbot.addWidget(dialog)
        dialog.import_button.click()
        qtbot.waitUntil(lambda d=dialog: d.report is not None, timeout=10_000)
        reports.append(dialog.import_report.toPlainText())
    assert reports[1].splitlines() == [
        "0 terms imported",
        "0 terms updated",
        "2 terms unchanged (already in the glossary)",
        "line 4: skipped: same source as line 2 ('Kreml')",
    ]


def test_an_import_rechecks_the_open_document(qtbot, window, sample_folder, tmp_path):
    window.open_path(sample_folder / "article-de.txt")
    row = next(i for i, s in enumerate(window.session.project.segments) if "Absage" in s.source)
    window.session.edit_target(row, "A firmly planned war partner refuses him publicly")
    csv_file = tmp_path / "more.csv"
    csv_file.write_text("source,target\nAbsage,refusal\n", encoding="utf-8")
    dialog = ImportDialog(window, window.glossary, csv_file)
    qtbot.addWidget(dialog)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    statuses = {r.term.source: str(r.status) for r in window.session.project.segments[row].terms}
    assert statuses["Absage"] == "missing"


def test_import_dialog_reports_an_unreadable_file_without_importing(qtbot, window, tmp_path):
    bad = tmp_path / "broken.tbx"
    bad.write_text("<tbx><text>", encoding="utf-8")
    dialog = ImportDialog(window, window.glossary, bad)
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert "broken.tbx" in " ".join(facts(dialog).values())


def test_term_dialog_refuses_an_empty_target_and_a_forbidden_target(qtbot):
    dialog = TermDialog(None, TermEntry("Bollwerk", ""))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.target.setText("bulwark")
    assert ok.isEnabled()
    dialog.forbidden.setPlainText("bastion\nBulwark")
    assert not ok.isEnabled()
    assert "forbidden" in dialog.problem.text()
    dialog.forbidden.setPlainText("bastion; rampart")
    assert dialog.entry().forbidden == ("bastion", "rampart")


def test_term_dialog_applies_the_stores_limits_before_saving(qtbot):
    dialog = TermDialog(None, TermEntry("Bollwerk", "bulwark"))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.domain.setText("d" * 201)
    assert not ok.isEnabled()
    assert dialog.problem.text() == (
        "This term cannot be saved: domain is too long (201 characters; at most 200)"
    )
    dialog.domain.setText("military")
    assert ok.isEnabled()


def test_models_dialog_installs_from_a_file_in_a_worker_and_lists_it(qtbot, window):
    dialog = ModelsDialog(window, window.runner, window.models)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    task = dialog.install(TINY_MODEL)
    qtbot.waitUntil(lambda: task.done and dialog.task is None, timeout=20_000)
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 0).data() == "German → English"
    window.refresh_model_state()
    assert not window.banner.isVisible()


def test_the_download_button_says_it_uses_the_internet(qtbot, window):
    dialog = ModelsDialog(window, window.runner, window.models)
    qtbot.addWidget(dialog)
    assert "internet" in dialog.download_button.text().lower()
    assert "internet" in dialog.download_button.toolTip().lower()


def test_the_cli_and_the_models_dialog_show_the_same_model_size(qtbot, installed_model, capsys):
    from app.cli import main
    from app.ui.models_dialog import ModelsTableModel

    table = ModelsTableModel(ModelStore())
    shown = table.index(0, 3).data()
    assert main(["models", "list"]) == 0
    assert f"  {shown}  " in capsys.readouterr().out


def test_an_offline_download_points_to_installing_a_file(qtbot, window, monkeypatch):
    import urllib.request

    from tests.app.test_model_store import offline_urlopen

    monkeypatch.setattr(urllib.request, "urlopen", offline_urlopen)
    dialog = ModelsDialog(window, window.runner)
    qtbot.addWidget(dialog)
    task = dialog.download()
    qtbot.waitUntil(lambda: dialog.task is None and task.done, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.install_button.isDefault(), timeout=2_000)
    assert dialog.status.text().startswith("No internet connection — install a downloaded")
    assert "urlopen" not in dialog.status.text()


def test_a_file_of_unknown_columns_can_be_mapped_by_hand_and_imported(qtbot, window, tmp_path):
    csv_file = tmp_path / "export.csv"
    csv_file.write_text("Wort,Uebers,Info\nMachthaber,ruler,Politik\nBollwerk,bulwark,\n")
    dialog = ImportDialog(window, window.glossary, csv_file)
    qtbot.addWidget(dialog)
    assert dialog.mapper is not None
    assert not dialog.import_button.isEnabled()
    assert [c.currentData() for c in dialog.mapper.choices] == ["source", "target", "notes"]
    dialog.mapper.apply_button.click()
    assert dialog.preview.rowCount() == 2
    assert dialog.preview.item(0, 1).text() == "Machthaber"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert sorted((t.source, t.target, t.notes) for t in window.glossary.entries) == [
        ("Bollwerk", "bulwark", ""),
        ("Machthaber", "ruler", "Politik"),
    ]


def test_the_column_choice_needs_a_german_and_an_english_column(qtbot, window, tmp_path):
    csv_file = tmp_path / "export.csv"
    csv_file.write_text("a,b,c\nMachthaber,ruler,x\n")
    dialog = ImportDialog(window, window.glossary, csv_file)
    qtbot.addWidget(dialog)
    dialog.mapper.choices[1].setCurrentIndex(dialog.mapper.choices[1].findData(""))
    dialog.mapper.apply_button.click()
    assert dialog.mapper.problem.text() == "Choose a German and an English column."
    assert dialog.preview.rowCount() == 0
