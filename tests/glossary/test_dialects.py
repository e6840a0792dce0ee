"""CSV as other tools write and read it: DeepL glossaries, memoQ term-base CSV, OmegaT TSV and
CSV for Excel, imported and exported in exactly those shapes."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from glossary.columns import UnknownColumnsError
from glossary.exchange import export_glossary, read_glossary
from glossary.terms import TermEntry

ENTRIES = [
    TermEntry("Kreml", "Kremlin", "Politik", ("Cremlin",), True, "Politik"),
    TermEntry("Bollwerk", "bulwark", "", (), False, ""),
]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / name).write_bytes(data)
    return tmp_path / name


def test_a_deepl_glossary_with_language_columns_imports_every_term(tmp_path):
    path = write(tmp_path, "deepl.csv", b"Machthaber,ruler,de,en\nKreml,Kremlin,de,en\n")
    parsed = read_glossary(path)
    assert (parsed.has_header, parsed.invalid) == (False, [])
    assert [(e.source, e.target) for e in parsed.entries] == [
        ("Machthaber", "ruler"),
        ("Kreml", "Kremlin"),
    ]


def test_a_memoq_csv_with_bom_semicolons_and_language_names_imports_every_term(tmp_path):
    data = (
        codecs.BOM_UTF8
        + "Entry_ID;Entry_Domain;Entry_Note;German;German_Def;English_United_Kingdom;"
        "English_United_Kingdom_Def\r\n"
        "1;Politik;für Staatschefs;Machthaber;;ruler;head of state\r\n"
        "2;;;Kreml;;Kremlin;\r\n".encode()
    )
    parsed = read_glossary(write(tmp_path, "memoq.csv", data))
    assert (parsed.encoding, parsed.delimiter, parsed.invalid) == ("utf-8-sig", ";", [])
    assert parsed.entries == [
        TermEntry("Machthaber", "ruler", "für Staatschefs", domain="Politik"),
        TermEntry("Kreml", "Kremlin"),
    ]


def test_memoq_language_names_with_a_region_in_brackets_are_recognised(tmp_path):
    data = b"English (United States);German (Germany)\nruler;Machthaber\n"
    parsed = read_glossary(write(tmp_path, "memoq.csv", data))
    assert [(e.source, e.target) for e in parsed.entries] == [("Machthaber", "ruler")]


def test_a_headerless_file_of_three_comma_separated_columns_is_refused(tmp_path):
    with pytest.raises(UnknownColumnsError, match="add a header row naming the columns"):
        read_glossary(write(tmp_path, "g.csv", b"Kreml,Kremlin,Politik\n"))


def test_deepl_export_is_headerless_source_target_and_language_pair(tmp_path):
    export_glossary(ENTRIES, tmp_path / "deepl.csv", dialect="deepl")
    assert (tmp_path / "deepl.csv").read_bytes() == b"Kreml,Kremlin,de,en\nBollwerk,bulwark,de,en\n"


def test_memoq_export_is_semicolon_separated_with_bom_and_language_names(tmp_path):
    export_glossary(ENTRIES, tmp_path / "memoq.csv", dialect="memoq")
    assert (tmp_path / "memoq.csv").read_bytes() == (
        codecs.BOM_UTF8 + b"German;English;Entry_Note;Entry_Domain\r\n"
        b"Kreml;Kremlin;Politik;Politik\r\nBollwerk;bulwark;;\r\n"
    )


def test_omegat_export_is_headerless_tab_separated_with_one_line_comments(tmp_path):
    entries = [TermEntry("Kreml", "Kremlin", "erste\nzweite\tZeile")]
    export_glossary(entries, tmp_path / "omegat.txt", dialect="omegat")
    assert (tmp_path / "omegat.txt").read_bytes() == b"Kreml\tKremlin\terste zweite Zeile\n"


def test_a_tsv_name_is_written_for_omegat(tmp_path):
    export_glossary(ENTRIES[1:], tmp_path / "glossary.tsv")
    assert (tmp_path / "glossary.tsv").read_bytes() == b"Bollwerk\tbulwark\t\n"


def test_excel_export_keeps_every_field_behind_a_bom(tmp_path):
    export_glossary(ENTRIES, tmp_path / "excel.csv", dialect="excel")
    data = (tmp_path / "excel.csv").read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + b"source,target,notes,forbidden,case_sensitive,domain")
    assert read_glossary(tmp_path / "excel.csv").entries == ENTRIES


@pytest.mark.parametrize(
    ("dialect", "kept"),
    [
        ("deepl", lambda e: TermEntry(e.source, e.target)),
        ("memoq", lambda e: TermEntry(e.source, e.target, e.notes, domain=e.domain)),
        ("omegat", lambda e: TermEntry(e.source, e.target, e.notes)),
    ],
)
def test_each_dialect_imports_back_with_the_fields_it_carries(tmp_path, dialect, kept):
    export_glossary(ENTRIES, tmp_path / "g.csv", dialect=dialect)
    assert read_glossary(tmp_path / "g.csv").entries == [kept(e) for e in ENTRIES]


def test_a_dialect_for_a_tbx_name_is_refused(tmp_path):
    from glossary.exchange import ExportError

    with pytest.raises(ExportError, match="--dialect deepl writes CSV, but the name says TBX"):
        export_glossary(ENTRIES, tmp_path / "g.tbx", dialect="deepl")
