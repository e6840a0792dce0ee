"""Our Excel workbooks against a real spreadsheet: LibreOffice Calc opens every row of our
export, and the workbooks Calc writes import every term. Needs `soffice` (see conftest `calc`)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from glossary.exchange import export_glossary, read_glossary
from glossary.terms import TermEntry
from tests.conftest import ROOT
from tests.libreoffice import CSV_UTF8_SEMICOLON

SAMPLE_GLOSSARY = ROOT / "resources" / "samples" / "glossary.csv"
AWKWARD = [
    TermEntry("Kreml", "Kremlin", "erste Zeile\nzweite Zeile", ("Kreml",), True, "Politik"),
    TermEntry('=HYPERLINK("http://x")', "+1 cmd", "@SUM(A1)", (), False, ""),
    TermEntry("007", "0.5", "1/2", (), False, "2024-01-01"),
    TermEntry("'Zitat", "-quote", "", ("a", "b"), False, ""),
    TermEntry("Straßenbahn", "tram", "ÄÖÜ äöü ß – „“", (), False, ""),
]


def calc_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle) if row]


def test_our_xlsx_export_opens_in_calc_with_every_row_as_written(tmp_path, calc):
    workbook = tmp_path / "glossary.xlsx"
    export_glossary(AWKWARD, workbook)
    rows = calc_rows(calc.convert(workbook, "csv", tmp_path / "out"))
    assert rows[0] == ["source", "target", "notes", "forbidden", "case_sensitive", "domain"]
    expected = [
        [
            e.source,
            e.target,
            e.notes,
            "|".join(e.forbidden),
            "yes" if e.case_sensitive else "",
            e.domain,
        ]
        for e in AWKWARD
    ]
    assert [row + [""] * (6 - len(row)) for row in rows[1:]] == expected


def test_an_xlsx_written_by_calc_with_a_german_header_imports_every_term(tmp_path, calc):
    expected = read_glossary(SAMPLE_GLOSSARY).entries
    german = tmp_path / "Glossar.csv"
    with german.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Deutsch", "Englisch", "Anmerkung", "Verboten", "Fachgebiet"])
        for e in expected:
            writer.writerow([e.source, e.target, e.notes, "|".join(e.forbidden), e.domain])
    workbook = calc.convert(german, "xlsx", tmp_path / "calc", infilter=f"CSV:{CSV_UTF8_SEMICOLON}")
    parsed = read_glossary(workbook)
    assert (parsed.format, parsed.invalid, parsed.warnings) == ("xlsx", [], [])
    assert parsed.entries == expected


def test_a_formula_calc_calculated_is_read_as_its_value_with_a_warning(tmp_path, calc):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["German", "English"])
    sheet.append(["Kreml", '=LOWER("KREMLIN")'])
    book.save(tmp_path / "formel.xlsx")
    parsed = read_glossary(calc.convert(tmp_path / "formel.xlsx", "xlsx", tmp_path / "calc"))
    assert parsed.entries == [TermEntry("Kreml", "kremlin")]
    assert parsed.warnings == [
        (
            2,
            "cell B2 holds a formula (=LOWER(\"KREMLIN\")); its last calculated value 'kremlin' was read",
        )
    ]
