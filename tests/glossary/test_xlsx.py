"""Excel workbooks (.xlsx): read like CSV (same header names and shapes), written as text cells
under a frozen header."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from glossary.columns import UnknownColumnsError
from glossary.errors import InputError
from glossary.exchange import export_glossary, read_glossary
from glossary.terms import TermEntry


def workbook(path: Path, *sheets: tuple[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_the_first_sheet_is_read_with_a_german_header(tmp_path):
    path = workbook(
        tmp_path / "g.xlsx",
        ("Begriffe", [["Deutsch", "Englisch", "Anmerkung"], ["Kreml", "Kremlin", "Politik"]]),
        ("Alt", [["Deutsch", "Englisch"], ["Bollwerk", "bulwark"]]),
    )
    parsed = read_glossary(path)
    assert (parsed.format, parsed.sheet, parsed.sheets) == ("xlsx", "Begriffe", ["Begriffe", "Alt"])
    assert parsed.entries == [TermEntry("Kreml", "Kremlin", "Politik")]


def test_another_sheet_is_read_when_named(tmp_path):
    path = workbook(
        tmp_path / "g.xlsx",
        ("Begriffe", [["Deutsch", "Englisch"], ["Kreml", "Kremlin"]]),
        ("Alt", [["de", "en"], ["Bollwerk", "bulwark"]]),
    )
    assert read_glossary(path, sheet="Alt").entries == [TermEntry("Bollwerk", "bulwark")]


def test_a_sheet_that_does_not_exist_is_refused_naming_those_that_do(tmp_path):
    path = workbook(tmp_path / "g.xlsx", ("Begriffe", [["de", "en"]]))
    with pytest.raises(
        InputError, match=r"g\.xlsx: the workbook has no sheet 'X' \(it has 'Begriffe'\)"
    ):
        read_glossary(path, sheet="X")


def test_line_numbers_are_the_sheet_rows(tmp_path):
    path = workbook(
        tmp_path / "g.xlsx", ("S", [["source", "target"], ["Kreml", "Kremlin"], ["Bollwerk", None]])
    )
    assert read_glossary(path).invalid == [(3, "no target for 'Bollwerk'")]


def test_numbers_and_flags_read_as_the_text_a_user_sees(tmp_path):
    path = workbook(
        tmp_path / "g.xlsx",
        ("S", [["source", "target", "case_sensitive"], ["Paragraf 12", 12.0, True]]),
    )
    assert read_glossary(path).entries == [TermEntry("Paragraf 12", "12", case_sensitive=True)]


def test_a_formula_without_a_saved_value_makes_its_row_invalid(tmp_path):
    path = workbook(
        tmp_path / "g.xlsx",
        ("S", [["de", "en"], ["Kreml", '=LOWER("KREMLIN")'], ["Bollwerk", "bulwark"]]),
    )
    parsed = read_glossary(path)
    assert parsed.entries == [TermEntry("Bollwerk", "bulwark")]
    assert parsed.invalid == [
        (
            2,
            'cell B2 holds a formula (=LOWER("KREMLIN")) with no saved value; type the value '
            "in, or open and save the file in a spreadsheet",
        )
    ]


def test_a_headerless_sheet_in_no_known_shape_is_refused_with_the_accepted_names(tmp_path):
    path = workbook(tmp_path / "g.xlsx", ("S", [["foo", "bar", "baz"], ["Kreml", "Kremlin", "x"]]))
    with pytest.raises(UnknownColumnsError, match="add a header row naming the columns"):
        read_glossary(path)


def test_a_two_column_sheet_without_header_keeps_its_first_row(tmp_path):
    path = workbook(tmp_path / "g.xlsx", ("S", [["Kreml", "Kremlin"], ["Bollwerk", "bulwark"]]))
    assert [e.source for e in read_glossary(path).entries] == ["Kreml", "Bollwerk"]


def test_a_broken_workbook_is_a_clear_error(tmp_path):
    path = tmp_path / "g.xlsx"
    good = workbook(tmp_path / "good.xlsx", ("S", [["de", "en"]])).read_bytes()
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError, match=r"g\.xlsx"):
        read_glossary(path)


def test_an_ods_file_is_refused_with_what_to_save_it_as(tmp_path):
    path = tmp_path / "g.ods"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match=r"save it as \.xlsx"):
        read_glossary(path)


ENTRIES = [
    TermEntry("Kreml", "Kremlin", "Politik", ("Kreml", "Cremlin"), True, "Politik"),
    TermEntry("=1+1", "@cmd", "-x", (), False, "+y"),
    TermEntry("#N/A", "#REF!", "", (), False, ""),
]


def test_export_round_trips_every_field(tmp_path):
    export_glossary(ENTRIES, tmp_path / "out.xlsx")
    parsed = read_glossary(tmp_path / "out.xlsx")
    assert (parsed.entries, parsed.warnings) == (ENTRIES, [])


def test_export_writes_text_cells_so_nothing_runs_as_a_formula(tmp_path):
    export_glossary(ENTRIES, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert sheet["A3"].value == "=1+1"
    assert {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value} == {"s"}


def test_export_freezes_the_header_and_sizes_the_columns(tmp_path):
    long_note = TermEntry("Bollwerk", "bulwark", "x" * 200)
    export_glossary([*ENTRIES, long_note], tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == [
        "source",
        "target",
        "notes",
        "forbidden",
        "case_sensitive",
        "domain",
    ]
    assert sheet.column_dimensions["A"].width == 10
    assert sheet.column_dimensions["C"].width == 60


def test_export_refuses_a_character_a_workbook_cannot_hold(tmp_path):
    from glossary.exchange import ExportError

    with pytest.raises(ExportError, match="U\\+0000, which an Excel workbook cannot hold"):
        export_glossary([TermEntry("Kre\x00ml", "Kremlin")], tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def rewritten(path: Path, member: str, change) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the workbook at `path` with one member's bytes changed by `change`."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, change(data) if name == member else data)
    hostile = path.with_name("hostile.xlsx")
    hostile.write_bytes(out.getvalue())
    return hostile


LAUGHS = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'


def test_a_workbook_sheet_with_entity_declarations_is_refused(tmp_path):
    path = workbook(tmp_path / "g.xlsx", ("S", [["de", "en"], ["Kreml", "Kremlin"]]))
    hostile = rewritten(
        path,
        "xl/worksheets/sheet1.xml",
        lambda d: LAUGHS + d.replace(b"<sheetPr>", b"<sheetPr>&b;"),
    )
    with pytest.raises(InputError, match=r"hostile\.xlsx: not a readable Excel workbook"):
        read_glossary(hostile)


def test_a_workbook_with_broken_sheet_xml_is_a_clear_error(tmp_path):
    path = workbook(tmp_path / "g.xlsx", ("S", [["de", "en"], ["Kreml", "Kremlin"]]))
    hostile = rewritten(path, "xl/worksheets/sheet1.xml", lambda d: d[: len(d) // 2])
    with pytest.raises(InputError, match=r"not a readable Excel workbook \(unclosed token"):
        read_glossary(hostile)


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    from glossary.formats import xlsx

    monkeypatch.setattr(xlsx, "MAX_UNPACKED", 1024)
    path = workbook(tmp_path / "g.xlsx", ("S", [["de", "en"], ["Kreml", "Kremlin"]]))
    with pytest.raises(
        InputError, match=r"the workbook unpacks to .* MiB Wortlaut reads; save the glossary as CSV"
    ):
        read_glossary(path)


def test_reading_csv_or_tbx_does_not_import_openpyxl():
    """openpyxl takes most of a second to import; the app's start-up reads glossaries without it."""
    import subprocess
    import sys

    code = "import sys, glossary.exchange; sys.exit('openpyxl' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
