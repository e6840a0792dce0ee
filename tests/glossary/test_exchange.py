"""CSV/TSV/TBX glossary files as translators' tools write them."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.errors import InputError
from glossary.exchange import (
    ExportError,
    escape_cell,
    export_csv,
    export_tbx,
    parse_tbx,
    read_glossary,
    unescape_cell,
)
from glossary.normalize import normalise_term
from glossary.terms import TermEntry
from glossary.validation import term_problem
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
    assert parsed.entries[0].forbidden == ("strongman", "dictator")


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
        ("strongman",),
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


def test_an_entity_declaration_in_a_utf16_tbx_is_refused(tmp_path):
    laughs = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE tbx [<!ENTITY a "ha">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<tbx>&b;</tbx>\n'
    )
    path = write(tmp_path, "laughs.tbx", laughs.encode("utf-16"))
    assert b"<!ENTITY" not in path.read_bytes()  # the byte-level guard could not see it
    with pytest.raises(InputError, match=r"laughs\.tbx: TBX files with entity declarations"):
        read_glossary(path)


def test_an_external_entity_in_a_tbx_is_refused():
    data = b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><t>&x;</t>'
    with pytest.raises(InputError, match="entity declarations or external references"):
        parse_tbx(data, "xxe.tbx")


def test_an_over_long_term_in_a_tbx_is_reported_with_its_concept():
    long = "k" * 501
    data = f"""<tbx><text><body><conceptEntry id="c1">
<langSec xml:lang="de"><termSec><term>Kreml</term></termSec></langSec>
<langSec xml:lang="en"><termSec><term>{long}</term></termSec></langSec>
</conceptEntry></body></text></tbx>""".encode()
    parsed = parse_tbx(data)
    assert parsed.invalid == [(1, "concept c1: target is too long (501 characters; at most 500)")]


# -- hostile CSV: nothing swallowed, garbled or crashing ---------------------------------------
def many_rows(count: int, start: int = 0) -> str:
    return "".join(f"Begriff{n},term{n}\n" for n in range(start, start + count))


def test_an_unterminated_quote_is_reported_and_the_rows_after_it_are_read(tmp_path):
    text = 'source,target\nKreml,Kremlin\nBollwerk,"bulwark\n' + many_rows(1000)
    parsed = read_glossary(write(tmp_path, "g.csv", text.encode()))
    assert parsed.invalid == [
        (
            3,
            "unterminated quote: the quoted field opened on this line runs to the end of the "
            "file (1,001 lines)",
        )
    ]
    assert len(parsed.rows) == 1001
    assert parsed.rows[-1] == (1003, TermEntry("Begriff999", "term999"))


def test_a_quote_closed_far_below_is_reported_and_the_swallowed_rows_are_read(tmp_path):
    text = 'source,target\nBollwerk,"bulwark\n' + many_rows(100) + 'Kreml,Kremlin"\n'
    parsed = read_glossary(write(tmp_path, "g.csv", text.encode()))
    assert parsed.invalid[0] == (
        2,
        "a quoted field opened on this line runs on to line 103; is a closing quote missing?",
    )
    assert len(parsed.rows) == 101  # the line that closed the quote is read as it stands
    assert parsed.rows[0] == (3, TermEntry("Begriff0", "term0"))
    assert parsed.rows[-1] == (103, TermEntry("Kreml", 'Kremlin"'))


def test_text_after_a_closing_quote_is_a_row_problem_not_a_garbled_term(tmp_path):
    text = 'source,target\n"Bollwerk" (mil.),bulwark\nKreml,Kremlin\n'
    parsed = read_glossary(write(tmp_path, "g.csv", text.encode()))
    assert parsed.invalid == [
        (2, 'text follows a closing quote (write a quote inside a quoted field as "")')
    ]
    assert pairs(parsed) == [("Kreml", "Kremlin")]


def test_a_cp1252_line_in_a_utf8_file_is_reported_not_stored_as_mojibake(tmp_path):
    data = (
        "source,target\nAußenministerium,Foreign Office\n".encode()
        + "Größe,size\n".encode("cp1252")
        + "Bär,bear\n".encode()
    )
    parsed = read_glossary(write(tmp_path, "g.csv", data))
    assert parsed.encoding == "utf-8"
    assert parsed.invalid == [(3, "not valid UTF-8 (byte 0xf6 at column 3)")]
    assert pairs(parsed) == [("Außenministerium", "Foreign Office"), ("Bär", "bear")]


def test_a_bad_line_inside_a_multi_line_cell_rejects_that_row(tmp_path):
    data = b'source,target,notes\nKreml,Kremlin,"line one\nzw\xf6lf"\nB\xc3\xa4r,bear\n'
    parsed = read_glossary(write(tmp_path, "g.csv", data))
    assert parsed.invalid == [(3, "not valid UTF-8 (byte 0xf6 at column 3)")]
    assert pairs(parsed) == [("Bär", "bear")]


def test_a_field_over_128_kib_is_a_row_that_is_too_long_not_a_csv_crash(tmp_path):
    text = f"Quelle;Ziel\nKreml;{'k' * 200_000}\nBollwerk;bulwark\n"
    parsed = read_glossary(write(tmp_path, "g.csv", text.encode()))
    assert parsed.delimiter == ";"
    assert parsed.invalid == [(2, "target is too long (200,000 characters; at most 500)")]
    assert pairs(parsed) == [("Bollwerk", "bulwark")]


def test_a_huge_first_line_does_not_break_delimiter_detection(tmp_path):
    text = "source,target\n" + "x" * 300_000 + "\nKreml,Kremlin\n"
    parsed = read_glossary(write(tmp_path, "g.csv", text.encode()))
    assert parsed.delimiter == ","
    assert parsed.invalid == [(2, "no target for " + repr("x" * 60) + "… (300,000 characters)")]


def test_nul_bytes_are_reported_with_the_column(tmp_path):
    data = b"source,target\nBoll\x00werk,bulwark\nKreml,Kremlin\n"
    parsed = read_glossary(write(tmp_path, "g.csv", data))
    assert parsed.invalid == [(2, "source contains the control character U+0000 (NUL) at column 5")]
    assert pairs(parsed) == [("Kreml", "Kremlin")]


def test_a_truncated_utf16_file_names_the_line(tmp_path):
    data = "source,target\nKreml,Kremlin\n".encode("utf-16")[:-1]
    with pytest.raises(InputError, match=r"g\.csv:2: the file ends in the middle of a character"):
        read_glossary(write(tmp_path, "g.csv", data))


def test_utf16_without_bom_is_refused_even_where_it_is_valid_utf8(tmp_path):
    data = "source,target\nKreml,Kremlin\n".encode("utf-16-le")
    with pytest.raises(InputError, match="UTF-16 without a byte-order mark"):
        read_glossary(write(tmp_path, "g.csv", data))


# -- properties -------------------------------------------------------------------------------
valid_terms = st.lists(
    st.builds(
        TermEntry,
        source=cell_text.map(str.strip).filter(normalise_term).filter(lambda s: s[0] != "'"),
        target=cell_text.map(str.strip).filter(bool).filter(lambda s: s[0] != "'"),
        notes=st.text(
            alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp"))
            | st.sampled_from("\n\t"),
            max_size=30,
        )
        .map(str.strip)
        .filter(lambda s: not s.startswith("'")),
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(
    entries=valid_terms,
    delimiter=st.sampled_from([",", ";", "\t"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    lineterminator=st.sampled_from(["\r\n", "\n"]),
)
def test_any_valid_terms_written_by_the_csv_module_read_back_identically(
    tmp_path_factory, entries, delimiter, quoting, encoding, lineterminator
):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=lineterminator)
    writer.writerow(["source", "target", "notes"])
    writer.writerows([e.source, e.target, e.notes] for e in entries)
    path = tmp_path_factory.mktemp("csv") / "g.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    parsed = read_glossary(path)
    assert parsed.invalid == []
    assert parsed.delimiter == delimiter
    assert parsed.entries == entries


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b'"', b"<?xml", b"source,"]),
    data=st.binary(max_size=400),
    suffix=st.sampled_from([".csv", ".tsv", ".tbx"]),
)
def test_arbitrary_bytes_never_raise_anything_but_input_error(
    tmp_path_factory, prefix, data, suffix
):
    path = tmp_path_factory.mktemp("bytes") / f"g{suffix}"
    path.write_bytes(prefix + data)
    try:
        parsed = read_glossary(path)
    except InputError as exc:
        assert str(exc).startswith(str(path))
        return
    for _line, entry in parsed.rows:
        assert term_problem(entry) is None


def test_tbx_export_refuses_a_stored_nul_instead_of_writing_an_unreadable_file(tmp_path):
    target = tmp_path / "out.tbx"
    target.write_bytes(b"previous export")
    entries = [TermEntry("Kreml", "Kremlin", id=1), TermEntry("Boll\x00werk", "bulwark", id=7)]
    with pytest.raises(ExportError) as caught:
        export_tbx(entries, target)
    assert str(caught.value) == (
        f"{target}: term 7 ('Boll\\x00werk') contains U+0000, which TBX cannot hold; nothing "
        "was written (correct it with `wortlaut glossary edit 7`)"
    )
    assert target.read_bytes() == b"previous export"


def test_tbx_problems_name_the_line_the_concept_starts_on():
    data = b"""<?xml version="1.0"?>
<tbx><text><body>
<conceptEntry id="c1"><langSec xml:lang="de"><termSec><term>Kreml</term></termSec></langSec>
<langSec xml:lang="en"><termSec><term>Kremlin</term></termSec></langSec></conceptEntry>
<conceptEntry id="c2">
<langSec xml:lang="de"><termSec><term>Bollwerk</term></termSec></langSec>
</conceptEntry>
</body></text></tbx>"""
    parsed = parse_tbx(data)
    assert parsed.rows == [(3, TermEntry("Kreml", "Kremlin"))]
    assert parsed.invalid == [(5, "concept c2: no en term")]


# -- headerless files: only the shapes other tools write ---------------------------------------
def test_a_header_of_unknown_names_is_refused_with_the_accepted_names(tmp_path):
    from glossary.columns import UnknownColumnsError

    with pytest.raises(UnknownColumnsError) as caught:
        read_glossary(write(tmp_path, "g.csv", b"foo,bar,baz\nMachthaber,ruler,x\n"))
    assert str(caught.value).startswith(f"{tmp_path / 'g.csv'}:1: no column is recognised")
    assert "source/target (or German/English" in str(caught.value)
    assert caught.value.cells == ["foo", "bar", "baz"]


def test_a_deepl_glossary_without_header_keeps_its_first_row(tmp_path):
    parsed = read_glossary(write(tmp_path, "g.csv", b"Machthaber,ruler\nBollwerk,bulwark\n"))
    assert pairs(parsed) == [("Machthaber", "ruler"), ("Bollwerk", "bulwark")]


def test_a_deepl_glossary_listed_english_first_is_swapped(tmp_path):
    data = b"ruler,Machthaber,en,de\nbulwark,Bollwerk,en,de\n"
    assert pairs(read_glossary(write(tmp_path, "g.csv", data))) == [
        ("Machthaber", "ruler"),
        ("Bollwerk", "bulwark"),
    ]


def test_an_omegat_glossary_without_header_keeps_its_comments(tmp_path):
    parsed = read_glossary(write(tmp_path, "g.tsv", b"Bollwerk\tbulwark\tmilitary\n"))
    assert [(e.source, e.target, e.notes) for e in parsed.entries] == [
        ("Bollwerk", "bulwark", "military")
    ]


def test_columns_chosen_by_hand_override_an_unknown_header(tmp_path):
    path = write(tmp_path, "g.csv", b"foo,bar,baz\nMachthaber,ruler,x\n")
    parsed = read_glossary(path, columns={"source": 0, "target": 1, "notes": 2})
    assert [(e.source, e.target, e.notes) for e in parsed.entries] == [
        ("foo", "bar", "baz"),
        ("Machthaber", "ruler", "x"),
    ]


def test_the_export_format_follows_the_suffix_unless_one_is_asked_for(tmp_path):
    from glossary.exchange import export_format, export_glossary

    assert export_format(Path("terms.TBX")) == "tbx"
    assert export_format(Path("terms.xml")) == "tbx"
    assert export_format(Path("terms.csv")) == "csv"
    assert export_format(Path("terms.txt")) == "csv"
    assert export_format(Path("terms"), "tbx") == "tbx"
    assert export_format(Path("terms.xlsx")) == "xlsx"
    for refused, asked in (
        (Path("terms.ods"), None),
        (Path("terms"), None),
        (Path("t.csv"), "tbx"),
    ):
        with pytest.raises(ExportError):
            export_format(refused, asked)
    path = tmp_path / "out.tbx"
    assert export_glossary([TermEntry("Kreml", "Kremlin")], path) == 1
    assert path.read_bytes().startswith(b"<?xml")
