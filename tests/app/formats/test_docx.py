"""DOCX: what is read from a LibreOffice and a Word-style file, and what is written back."""

from __future__ import annotations

import zipfile

import pytest

from app.document_translation import copy_source
from app.formats import FormatError, open_document
from app.formats.inline import plain_text, to_markers
from tests.app.formats.conftest import DOCUMENTS

FORMATTED = DOCUMENTS / "formatted.docx"
FRAGMENTED = DOCUMENTS / "fragmented.docx"
DOCX_FIXTURES = [FORMATTED, FRAGMENTED]


def markers(path):
    return [to_markers(u.parts) for u in open_document(path).units]


def test_body_table_list_footnote_header_and_footer_are_read():
    units = markers(FORMATTED)
    for text in (
        "Bericht über die Lage",
        "Erster Punkt der Liste",
        "Gutes Wachstum",
        "Kopfzeile des Berichts",
        "Fußzeile mit Kontakt",
    ):
        assert text in units
    assert any(u.endswith("Die Rede wurde im Parlament gehalten.") for u in units)


def test_differently_formatted_runs_are_paired_tags_and_a_footnote_reference_a_code():
    units = markers(FORMATTED)
    assert "Die <1>Regierung</1> hat heute ein <2>neues</2> Gesetz beschlossen." in units
    assert "Weitere Informationen finden Sie auf der <1>Webseite</1> des Ministeriums." in units
    assert "Der Minister sprach über die Wirtschaft<1/> und die Zukunft." in units


def test_runs_split_by_word_for_revisions_and_proofing_are_one_word_again():
    units = markers(FRAGMENTED)
    assert units[0] == "Die Belarus-Macht wächst"
    assert units[1] == "Der <1>Minister</1> besucht die <2>Hauptstadt</2>."


def test_a_field_is_a_standalone_code_and_a_tab_and_a_line_break_are_text():
    units = markers(FRAGMENTED)
    assert units[2] == "Seite\t<1/> von zwei Seiten\nNeue Zeile im Absatz."


def test_tracked_changes_are_refused_with_what_to_do():
    with pytest.raises(FormatError, match=r"tracked changes.*Accept All"):
        open_document(DOCUMENTS / "tracked.docx")


def test_a_file_that_is_not_a_zip_is_named(tmp_path):
    fake = tmp_path / "letter.docx"
    fake.write_text("Hallo", encoding="utf-8")
    with pytest.raises(FormatError, match=r"letter\.docx: not a DOCX file"):
        open_document(fake)


@pytest.mark.parametrize("fixture", DOCX_FIXTURES, ids=lambda p: p.name)
def test_a_round_trip_without_translation_reproduces_the_text(fixture, tmp_path):
    document = open_document(fixture)
    copy_source(document)
    document.save(tmp_path / fixture.name)
    again = open_document(tmp_path / fixture.name)
    assert [to_markers(u.parts) for u in again.units] == [
        to_markers(u.parts) for u in document.units
    ]


def test_parts_without_text_are_copied_byte_for_byte(tmp_path):
    document = open_document(FORMATTED)
    copy_source(document)
    document.save(tmp_path / "out.docx")
    with zipfile.ZipFile(FORMATTED) as before, zipfile.ZipFile(tmp_path / "out.docx") as after:
        assert before.namelist() == after.namelist()
        for name in ("word/styles.xml", "word/numbering.xml", "word/_rels/document.xml.rels"):
            assert before.read(name) == after.read(name)


def test_libreoffice_opens_every_docx_we_write_with_the_same_paragraphs(tmp_path, soffice_text):
    written = []
    for fixture in DOCX_FIXTURES:
        document = open_document(fixture)
        copy_source(document)
        out = tmp_path / f"written-{fixture.name}"
        document.save(out)
        written.append(out)
    texts = soffice_text([*DOCX_FIXTURES, *written])
    for fixture, out in zip(DOCX_FIXTURES, written, strict=True):
        assert texts[out].splitlines() == texts[fixture].splitlines()


def test_unit_text_is_what_libreoffice_shows(soffice_text):
    shown = soffice_text([FORMATTED])[FORMATTED]
    body = [u for u in open_document(FORMATTED).units if "word/document.xml" in u.location]
    for unit in body[:3]:
        assert plain_text(unit.parts) in shown


def test_parts_come_in_reading_order_header_body_notes_footer():
    parts = [u.location.split(": ")[1].split(",")[0] for u in open_document(FORMATTED).units]
    order = list(dict.fromkeys(parts))
    assert order[:2] == ["word/header1.xml", "word/document.xml"]
    assert order.index("word/footnotes.xml") < order.index("word/footer1.xml")


def test_malformed_xml_inside_the_package_names_part_and_line(tmp_path):
    from tools.build_document_fixtures import package

    broken = tmp_path / "broken.docx"
    broken.write_bytes(package('<?xml version="1.0"?>\n<w:document>\n<w:body></w:document>'))
    with pytest.raises(FormatError, match=r"broken\.docx: word/document\.xml: line \d"):
        open_document(broken)
