"""HTML as it arrives: XHTML, CMS fragments, legacy encodings, entities, forms and attributes
people read, elements that are no text; broken or hostile pages refused in one clear line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.document_translation import copy_source
from app.formats import FormatError, open_document
from app.formats.inline import plain_text, to_markers


def page(body: str, head: str = "") -> str:
    return f'<!DOCTYPE html>\n<html lang="de">\n<head>{head}<title>Titel</title></head>\n<body>{body}</body>\n</html>\n'


def write(tmp_path: Path, text: str | bytes, name: str = "in.html") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def units(path: Path) -> list[str]:
    return [to_markers(u.parts) for u in open_document(path).units]


def copied(path: Path) -> Path:
    document = open_document(path)
    copy_source(document)
    out = path.with_name("out.html")
    document.save(out)
    return out


def translated(path: Path, translations: dict[str, str]) -> str:
    """The page written with the pieces whose text is a key of `translations` replaced."""
    document = open_document(path)
    for unit in document.units:
        for piece in unit.pieces:
            if piece.translatable and plain_text(piece.parts) in translations:
                piece.target = [translations[plain_text(piece.parts)]]
    document.save(path.with_name("out.html"))
    return path.with_name("out.html").read_text(encoding="utf-8")


# Pages whose text must survive a copy round trip exactly.
GOOD = {
    "entities": page("<p>Ein&nbsp;Wort, Silben&shy;trennung &amp; &lt;b&gt; &copy; &#8364;</p>"),
    "br inside an inline element": page("<p>Eins <b>zwei<br>drei</b> vier.</p>"),
    "pre, textarea, template": page(
        "<pre>  Code\n   eingerückt </pre><textarea>Eingabe</textarea>"
        "<template><p>Vorlage</p></template><p>Sichtbar.</p>"
    ),
    "inline SVG": page('<p>Vor <svg width="9"><text>Grafik</text></svg> nach.</p>'),
    "noscript": page("<noscript><p>Bitte Skripte erlauben.</p></noscript>"),
    "form": page(
        '<form><label>Name <input placeholder="Ihr Name"></label> '
        '<button aria-label="Senden">OK</button> <input type="submit" value="Absenden">'
        "<select><option>Erste Wahl</option></select></form>"
    ),
    "fragment": "<p>Erster Absatz.</p>\n<p>Zweiter mit <b>fett</b>.</p>\n",
    "XHTML": (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 '
        'Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="de" lang="de">\n'
        "<head><title>T</title></head>\n<body><p>Hallo<br/>Welt.</p></body>\n</html>\n"
    ),
}


@pytest.mark.parametrize("name", GOOD)
def test_a_copy_round_trip_keeps_every_text_of_the_page(tmp_path, name):
    source = write(tmp_path, GOOD[name])
    assert units(copied(source)) == units(source)
    assert units(source)


def test_entities_are_read_as_the_characters_they_stand_for(tmp_path):
    assert units(write(tmp_path, GOOD["entities"]))[-1] == (
        "Ein\xa0Wort, Silben\xadtrennung & <b> © €"
    )


def test_preformatted_text_fields_templates_and_svg_are_not_read_but_noscript_is(tmp_path):
    texts = " ".join(
        text
        for number, name in enumerate(["pre, textarea, template", "inline SVG", "noscript"])
        for text in units(write(tmp_path, GOOD[name], f"{number}.html"))
    )
    for kept in ("Code", "Eingabe", "Vorlage", "Grafik"):
        assert kept not in texts
    assert "Bitte Skripte erlauben." in texts and "Vor <1/> nach." in texts


def test_placeholders_aria_labels_button_values_and_the_description_are_translated(tmp_path):
    form = write(
        tmp_path,
        GOOD["form"].replace("<head>", '<head><meta name="description" content="Über uns">'),
    )
    read = units(form)
    for text in ("Ihr Name", "Senden", "Absenden", "Über uns"):
        assert text in read
    written = translated(form, {"Ihr Name": "Your name", "Senden": "Send", "Über uns": "About us"})
    assert 'placeholder="Your name"' in written and 'aria-label="Send"' in written
    assert '<meta name="description" content="About us">' in written


def test_a_button_inside_a_sentence_is_an_inline_tag(tmp_path):
    path = write(tmp_path, page("<p>Klicken Sie <button>hier</button> zum Senden.</p>"))
    assert "Klicken Sie <1>hier</1> zum Senden." in units(path)


def test_an_inline_element_marked_translate_no_keeps_its_title(tmp_path):
    path = write(
        tmp_path, page('<p>Die <span translate="no" title="Markenname">ACME</span> AG.</p>')
    )
    assert "Markenname" not in units(path)


def test_xhtml_keeps_its_declaration_and_gets_the_target_language_in_lang_and_xml_lang(
    tmp_path,
):
    written = copied(write(tmp_path, GOOD["XHTML"])).read_text(encoding="utf-8")
    assert written.startswith('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC')
    assert 'xml:lang="en" lang="en"' in written


def test_a_page_without_doctype_gets_none_and_a_fragment_stays_a_fragment(tmp_path):
    fragment = write(tmp_path, GOOD["fragment"])
    assert copied(fragment).read_text(encoding="utf-8") == GOOD["fragment"]
    bare = write(tmp_path, "<html><body><p>Text.</p></body></html>", "bare.html")
    assert (
        copied(bare).read_text(encoding="utf-8")
        == '<html lang="en"><body><p>Text.</p></body></html>'
    )


def test_a_full_page_comes_back_as_it_was_but_for_its_language(tmp_path):
    original = page('<p>Erster Satz. Zweiter mit <a href="/x?a=1&amp;b=2">Link</a>.</p>')
    written = copied(write(tmp_path, original)).read_text(encoding="utf-8")
    assert written == original.replace('lang="de"', 'lang="en"')


def test_a_page_that_declares_no_charset_and_is_not_utf_8_is_read_as_windows_1252(tmp_path):
    path = write(tmp_path, page("<p>Größe – „Zitat“</p>").encode("cp1252"))
    assert "Größe – „Zitat“" in units(path)


def test_an_xml_declaration_names_the_charset_of_an_xhtml_page(tmp_path):
    text = GOOD["XHTML"].replace("utf-8", "iso-8859-1").replace("Welt", "Wält")
    assert "Hallo<1/>Wält." in units(write(tmp_path, text.encode("latin-1")))


BAD = {
    "declared UTF-8, bytes are not": (
        page("<p>Größe</p>", '<meta charset="utf-8">').encode("latin-1"),
        r"line 4: the page declares charset utf-8, but byte 0xf6 at offset \d+ is not utf-8",
    ),
    "unknown charset": (
        page("<p>Größe</p>", '<meta charset="x-klingon">').encode("latin-1"),
        r"declares charset x-klingon, unknown",
    ),
    "an image renamed .html": (b"\x89PNG\r\n\x1a\n\x00\x00", r"this is a PNG image"),
    "empty": (b"  \n", r"empty HTML file"),
    "nested 300 deep": (
        ("<div>" * 300 + "Text" + "</div>" * 300).encode(),
        r"line 1: elements nested too deeply to read",
    ),
}


@pytest.mark.parametrize("name", BAD)
def test_a_broken_or_hostile_page_is_refused_naming_file_and_problem(tmp_path, name):
    data, words = BAD[name]
    path = write(tmp_path, data)
    with pytest.raises(FormatError, match=words) as refused:
        open_document(path)
    assert str(refused.value).startswith(f"{path}: ")


def test_a_page_of_many_paragraphs_opens_and_saves_in_linear_time(tmp_path):
    # Listing a parent's children once per run was quadratic: 10,000 paragraphs took 27 s to open.
    path = write(tmp_path, page("<p>Absatz</p>\n" * 10_000))
    started = time.perf_counter()
    assert len(units(copied(path))) == 10_001
    assert time.perf_counter() - started < 15


def test_german_parts_of_the_page_are_marked_english_and_other_languages_kept(tmp_path):
    path = write(
        tmp_path,
        page(
            '<p lang="de-DE">Ein <span lang="de">Satz</span> mit <q lang="fr">bonjour</q>.</p>'
            '<pre lang="de">Code bleibt</pre>'
        ),
    )
    written = copied(path).read_text(encoding="utf-8")
    assert (
        '<p lang="en">Ein <span lang="en">Satz</span> mit <q lang="fr">bonjour</q>.</p>' in written
    )
    assert '<pre lang="de">Code bleibt</pre>' in written


def test_a_text_too_long_for_the_parser_is_refused_not_cut(tmp_path):
    path = write(tmp_path, page("<p>" + "Wort " * 2_200_000 + "</p><p>Ende.</p>"))
    with pytest.raises(FormatError, match=r"line 4: a text of more than 10 MB without markup"):
        open_document(path)
