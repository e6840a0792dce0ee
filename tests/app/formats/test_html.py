"""HTML: block text and alt/title attributes in; scripts, code and translate="no" untouched."""

from __future__ import annotations

from app.document_translation import copy_source
from app.formats import open_document
from app.formats.inline import plain_text, to_markers
from tests.app.formats.conftest import DOCUMENTS

PAGE = DOCUMENTS / "page.html"


def texts(document):
    return [to_markers(u.parts) for u in document.units]


def test_inline_elements_are_tags_and_code_is_a_code():
    units = texts(open_document(PAGE))
    assert "Die <1>große</1> Überschrift" in units
    assert any(u.startswith("Das ist <1>fett</1> und <2>ein Link</2>.") for u in units)
    assert any("Zweiter Satz mit <3/>." in u for u in units)


def test_alt_and_title_attributes_are_units():
    units = texts(open_document(PAGE))
    assert "Ein Bild" in units and "Ein Link" in units and "Ein Titel" in units


def test_scripts_preformatted_text_and_translate_no_are_not_read():
    joined = " ".join(texts(open_document(PAGE)))
    assert "nicht" not in joined and "bleibt" not in joined and "Nicht übersetzen" not in joined


def test_a_round_trip_without_translation_keeps_the_text_and_sets_lang(tmp_path):
    document = open_document(PAGE)
    copy_source(document)
    document.save(tmp_path / "page.html")
    reread = open_document(tmp_path / "page.html")
    assert [plain_text(u.parts) for u in reread.units] == [
        plain_text(u.parts) for u in document.units
    ]
    written = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in written
    assert '<script>var x = "<b>nicht</b>";</script>' in written


def test_translated_text_and_attributes_land_in_their_elements(tmp_path):
    document = open_document(PAGE)
    for unit in document.units:
        for piece in unit.pieces:
            if piece.translatable and plain_text(piece.parts) == "Ein Bild":
                piece.target = ["A picture"]
            if piece.translatable and plain_text(piece.parts) == "Die große Überschrift":
                opening, closing = [p for p in piece.parts if not isinstance(p, str)]
                piece.target = ["The ", opening, "big", closing, " headline"]
    document.save(tmp_path / "page.html")
    written = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert '<img src="a.png" alt="A picture">' in written
    assert "<h1>The <em>big</em> headline</h1>" in written


def test_a_windows_1252_page_is_written_as_utf_8_and_says_so(tmp_path):
    page = tmp_path / "alt.htm"
    page.write_bytes(
        '<html><head><meta charset="windows-1252"></head><body><p>Größe</p></body></html>'.encode(
            "cp1252"
        )
    )
    document = open_document(page)
    copy_source(document)
    document.save(tmp_path / "out.htm")
    written = (tmp_path / "out.htm").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in written and "Größe" in written
