"""CSV/TSV/TBX glossary files as translators' tools write them."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.errors import InputError
from glossary.exchange import (
    escape_cell,
    export_csv,
    export_tbx,
    parse_tbx,
    read_glossary,
    unescape_cell,
)
from glossary.normalize import normalise_term
from glossary.terms import TermEntry
from tests.conftest import ROOT


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pairs(parsed) -> list[tuple[str, str]]:
    return [(e.source, e.target) for e in parsed.entries]


def test_sample_glossary_reads_with_its_header():
    parsed = read_glossary(ROOT / "resources" / "samples" / "glossary.csv")
    assert parsed.has_header and parsed.delimiter == ","
    assert len(parsed.rows) == 17
    assert parsed.rows[0] == (2, parsed.entries[0])
    assert parsed.entries[0].notes.startswith("Politics; for heads of authoritarian states.")


def test_semicolon_cp1252_file_as_excel_writes_it(tmp_path):
    data = "Ausgangsbegriff;Übersetzung;Anmerkung\r\nAußenministerium;Foreign Office;für GB\r\n"
    parsed = read_glossary(write(tmp_path, "g.csv", data.encode("cp1252")))
    assert (parsed.encoding, parsed.delimiter, parsed.has_header) == ("cp1252", ";", True)
    assert pairs(parsed) == [("Außenministerium", "Foreign Office")]
    assert parsed.entries[0].notes == "für GB"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_bom_files_are_read(tmp_path, encoding):
    data = "source,target\nBollwerk,bulwark\n".encode(encoding)
    parsed = read_glossary(write(tmp_path, "g.csv", data))
    assert pairs(parsed) == [("Bollwerk", "bulwark")]


def test_tab_separated_without_header_is_positional(tmp_path):
    parsed = read_glossary(
        write(tmp_path, "g.txt", b"Machthaber\truler\tpolitics\nKreml\tKremlin\n")
    )
    assert (parsed.delimiter, parsed.has_header) == ("\t", False)
    assert pairs(parsed) == [("Machthaber", "ruler"), ("Kreml", "Kremlin")]
    assert parsed.entries[0].notes == "politics"


def test_german_header_names_in_any_order(tmp_path):
    data = b"Ziel,Quelle,Verboten\nruler,Machthaber,strongman|dictator\n"
    parsed = read_glossary(write(tmp_path, "g.csv", data))
    assert pairs(parsed) == [("Machthaber", "ruler")]
    assert parsed.entries[0].forbidden == ["strongman", "dictator"]


def test_quoted_fields_with_delimiters_quotes_and_newlines(tmp_path):
    data = b'source,target,notes\n"Kreml, der","the ""Kremlin""","line one\nline two"\nBollwerk,bulwark,\n'
    parsed = read_glossary(write(tmp_path, "g.csv", data))
    assert pairs(parsed) == [("Kreml, der", 'the "Kremlin"'), ("Bollwerk", "bulwark")]
    assert parsed.entries[0].notes == "line one\nline two"
    assert [line for line, _ in parsed.rows] == [2, 4]


def test_blank_lines_are_skipped_and_invalid_rows_reported_with_lines(tmp_path):
    data = b"source,target\n\nBollwerk,bulwark\n,orphan\nMachthaber,\n\nKreml,Kremlin\n"
    parsed = read_glossary(write(tmp_path, "g.csv", data))
    assert pairs(parsed) == [("Bollwerk", "bulwark"), ("Kreml", "Kremlin")]
    assert parsed.invalid == [(4, "no source term"), (5, "no target for 'Machthaber'")]


def test_deepl_style_two_column_file(tmp_path):
    parsed = read_glossary(write(tmp_path, "deepl.csv", b"Bollwerk,bulwark\nKreml,Kremlin\n"))
    assert not parsed.has_header
    assert pairs(parsed) == [("Bollwerk", "bulwark"), ("Kreml", "Kremlin")]


def test_a_line_that_is_not_utf8_is_reported_with_its_line_and_column(tmp_path):
    data = codecs.BOM_UTF8 + b"source,target\nBollwerk,\xff\xfe\nKreml,Kremlin\n"
    parsed = read_glossary(write(tmp_path, "bad.csv", data))
    assert parsed.invalid == [(2, "not valid UTF-8 (byte 0xff at column 10)")]
    assert pairs(parsed) == [("Kreml", "Kremlin")]


def test_formula_cells_are_neutralised_and_round_trip():
    for value in ["=SUM(A1)", "+49 30", "-ismus", "@home", "\tTab", "'=quoted", "''", "'Tis"]:
        escaped = escape_cell(value)
        assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert unescape_cell(escaped) == value


def test_exported_csv_starts_with_bom_only_when_asked(tmp_path):
    entries = [TermEntry("Bollwerk", "bulwark")]
    export_csv(entries, tmp_path / "plain.csv")
    export_csv(entries, tmp_path / "excel.csv", bom=True)
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"source,target,notes")
    assert (tmp_path / "excel.csv").read_bytes().startswith(codecs.BOM_UTF8 + b"source,target")


cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), max_size=20
)
entries_strategy = st.lists(
    st.builds(
        TermEntry,
        source=cell_text.map(str.strip).filter(normalise_term).filter(lambda s: "|" not in s),
        target=cell_text.map(str.strip).filter(bool),
        notes=cell_text.map(str.strip),
        forbidden=st.lists(
            cell_text.map(str.strip).filter(lambda s: s and "|" not in s), max_size=2
        ),
        case_sensitive=st.booleans(),
        domain=cell_text.map(str.strip),
    ),
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(entries=entries_strategy, bom=st.booleans())
def test_csv_export_round_trips_through_import(tmp_path_factory, entries, bom):
    path = tmp_path_factory.mktemp("rt") / "g.csv"
    export_csv(entries, path, bom=bom)
    parsed = read_glossary(path)
    assert parsed.invalid == []
    assert parsed.entries == entries


def test_tbx_round_trips_terms_notes_forbidden_and_domain(tmp_path):
    entries = [
        TermEntry(
            "Machthaber", "ruler", notes="Politics", forbidden=["strongman"], domain="politics"
        ),
        TermEntry("Bollwerk", "bulwark"),
    ]
    export_tbx(entries, tmp_path / "g.tbx")
    parsed = read_glossary(tmp_path / "g.tbx")
    assert parsed.format == "tbx"
    assert parsed.entries == entries


def test_tbx_v2_martif_from_older_tools():
    data = b"""<?xml version="1.0"?>
<martif type="TBX" xml:lang="de"><text><body>
<termEntry id="e1"><descrip type="definition">Staatschef</descrip>
<langSet xml:lang="de"><tig><term>Machthaber</term></tig></langSet>
<langSet xml:lang="en-GB"><tig><term>ruler</term></tig>
<tig><term>strongman</term><termNote type="normativeAuthorization">deprecatedTerm</termNote></tig></langSet>
</termEntry></body></text></martif>"""
    parsed = parse_tbx(data)
    [entry] = parsed.entries
    assert (entry.source, entry.target, entry.forbidden, entry.notes) == (
        "Machthaber",
        "ruler",
        ["strongman"],
        "Staatschef",
    )


def test_tbx_concept_without_target_is_reported():
    data = b"""<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="c9">
<langSec xml:lang="de"><termSec><term>Kreml</term></termSec></langSec></conceptEntry></body></text></tbx>"""
    parsed = parse_tbx(data)
    assert parsed.entries == []
    assert parsed.invalid == [(1, "concept c9: no en term")]


def test_tbx_with_entities_is_refused():
    data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><tbx>&a;</tbx>'
    with pytest.raises(InputError, match="entity declarations"):
        parse_tbx(data, "evil.tbx")


def test_malformed_tbx_names_the_line():
    with pytest.raises(InputError, match=r"bad\.tbx:3: not well-formed XML"):
        parse_tbx(b"<tbx>\n<text>\n<body></text>", "bad.tbx")
