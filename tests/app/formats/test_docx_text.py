"""DOCX text as Word's text model has it: tabs and line breaks are characters of the text (so the
MT and the glossary see separate words), and a paragraph's base formatting is what its paragraph
style gives (so the plain words of a sentence with a long bold phrase stay plain)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from app.document_translation import copy_source, translate_file_document
from app.formats import read_document
from app.formats.base import FileDocument
from app.formats.inline import plain_text, to_markers
from tests.app.fake_mt import WordByWordMT
from tools.build_document_fixtures import HEAD, TAIL, package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BOLD = "<w:rPr><w:b/></w:rPr>"
ITALIC = "<w:rPr><w:i/></w:rPr>"
LINES = (
    '<w:p><w:r><w:t xml:space="preserve">Erste Zeile</w:t><w:br/>'
    "<w:t>zweite Zeile mit</w:t><w:tab/><w:t>Tabulator.</w:t></w:r></w:p>"
)
LEXICON = {
    "Erste": "First", "Zeile": "line", "zweite": "second", "mit": "with", "Tabulator": "tab",
    "Die": "The", "Ergebnisse": "results", "und": "and", "Ziele": "goals", "stehen": "are", "unten": "below",
}  # fmt: skip


def runs(*texts: tuple[str, str]) -> str:
    """A paragraph of runs, each (run properties, text)."""
    inner = "".join(
        f'<w:r>{properties}<w:t xml:space="preserve">{text}</w:t></w:r>'
        for properties, text in texts
    )
    return f"<w:p>{inner}</w:p>"


def document(tmp_path: Path, *paragraphs: str) -> FileDocument:
    return read_document(tmp_path / "in.docx", package(HEAD + "".join(paragraphs) + TAIL))


def markers(tmp_path: Path, *paragraphs: str) -> list[str]:
    return [to_markers(u.parts) for u in document(tmp_path, *paragraphs).units]


def written(tmp_path: Path, source: FileDocument) -> etree._Element:
    out = tmp_path / "out.docx"
    source.save(out)
    with zipfile.ZipFile(out) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def translated_texts(mt: WordByWordMT) -> list[str]:
    """What the MT was given to translate (its first call; later ones align tags)."""
    return mt.calls[0][0]


def content(paragraph: etree._Element) -> list[str]:
    """Each run's content in order: its text, or `<tab/>`, `<br/>` (with a page break's type)."""
    out = []
    for run in paragraph.iter(f"{W}r"):
        for child in run:
            name = etree.QName(child).localname
            if name == "t":
                out.append(child.text)
            elif name != "rPr":
                kind = child.get(f"{W}type")
                out.append(f"<{name}{' ' + kind if kind else ''}/>")
    return out


def test_a_tab_and_a_line_break_are_read_as_text():
    (unit,) = read_document(Path("in.docx"), package(HEAD + LINES + TAIL)).units
    assert unit.parts == ["Erste Zeile\nzweite Zeile mit\tTabulator."]


def test_the_text_is_cut_for_translation_at_the_break_and_the_tab_which_stay_untranslated():
    (unit,) = read_document(Path("in.docx"), package(HEAD + LINES + TAIL)).units
    assert [(p.parts, p.translatable) for p in unit.pieces] == [
        (["Erste Zeile"], True),
        (["\n"], False),
        (["zweite Zeile mit"], True),
        (["\t"], False),
        (["Tabulator."], True),
    ]


def test_the_text_between_breaks_is_still_split_into_sentences(tmp_path):
    source = document(
        tmp_path,
        '<w:p><w:r><w:t xml:space="preserve">Erster Satz. Zweiter Satz.</w:t><w:br/>'
        "<w:t>Dritter Satz.</w:t></w:r></w:p>",
    )
    translated = [p.parts for p in source.units[0].pieces if p.translatable]
    assert translated == [["Erster Satz."], ["Zweiter Satz."], ["Dritter Satz."]]


def test_the_mt_never_sees_the_words_around_a_break_or_tab_glued(tmp_path):
    mt = WordByWordMT(LEXICON)
    translate_file_document(mt, document(tmp_path, LINES), [])
    assert translated_texts(mt) == ["Erste Zeile", "zweite Zeile mit", "Tabulator."]


def test_a_link_across_a_break_is_cut_there_and_written_back_as_one_link(tmp_path):
    paragraph = (
        '<w:p><w:r><w:t xml:space="preserve">Siehe </w:t></w:r><w:hyperlink r:id="rId5"><w:r>'
        "<w:t>erste Zeile</w:t><w:br/><w:t>zweite Zeile</w:t></w:r></w:hyperlink>"
        "<w:r><w:t>.</w:t></w:r></w:p>"
    )
    source = document(tmp_path, paragraph)
    mt = WordByWordMT({"Siehe": "See", "erste": "first", **LEXICON})
    translate_file_document(mt, source, [])
    assert translated_texts(mt) == [
        "Siehe erste Zeile",
        "zweite Zeile.",
    ]
    (link,) = written(tmp_path, source).iter(f"{W}hyperlink")
    assert content(link) == ["first line", "<br/>", "second line"]


def test_a_break_inside_a_link_field_stays_in_its_sentence_and_the_mt_sees_a_space(tmp_path):
    paragraph = (
        '<w:p><w:r><w:t xml:space="preserve">Siehe </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' HYPERLINK "https://example.org/" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>erste Zeile</w:t><w:br/><w:t>zweite Zeile</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r></w:p>'
    )
    mt = WordByWordMT(LEXICON)
    translate_file_document(mt, document(tmp_path, paragraph), [])
    assert translated_texts(mt) == ["Siehe erste Zeile zweite Zeile."]


def test_a_translated_paragraph_has_w_br_and_w_tab_where_the_source_had_them(tmp_path):
    source = document(tmp_path, LINES)
    translate_file_document(WordByWordMT(LEXICON), source, [])
    paragraph = written(tmp_path, source).find(f"{W}body/{W}p")
    assert content(paragraph) == ["First line", "<br/>", "second line with", "<tab/>", "tab."]


def test_a_tab_and_a_line_break_typed_in_a_target_are_written_as_w_tab_and_w_br(tmp_path):
    source = document(tmp_path, runs(("", "Ein Satz.")))
    (piece,) = source.units[0].pieces
    piece.target = ["One\tsentence\non two lines."]
    paragraph = written(tmp_path, source).find(f"{W}body/{W}p")
    assert content(paragraph) == ["One", "<tab/>", "sentence", "<br/>", "on two lines."]


def test_a_break_inside_bold_text_is_cut_out_and_written_in_a_bold_run(tmp_path):
    paragraph = (
        '<w:p><w:r><w:t xml:space="preserve">Titel: </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>'
        "<w:t>Erste</w:t><w:br/><w:t>Zeile</w:t></w:r></w:p>"
    )
    source = document(tmp_path, paragraph)
    assert [to_markers(u.parts) for u in source.units] == [
        "Titel: <1>Erste</1><2>\n</2><3>Zeile</3>"
    ]
    translate_file_document(WordByWordMT({"Titel": "Title", **LEXICON}), source, [])
    out = written(tmp_path, source).find(f"{W}body/{W}p")
    assert content(out) == ["Title: ", "First", "<br/>", "line"]
    bold = [r.find(f"{W}rPr/{W}b") is not None for r in out.iter(f"{W}r")]
    assert bold == [False, True, True, True]


def test_page_and_column_breaks_stay_standalone_codes(tmp_path):
    paragraph = (
        '<w:p><w:r><w:t>Ende</w:t><w:br w:type="page"/><w:t>Anfang</w:t>'
        '<w:br w:type="column"/><w:t>Spalte</w:t></w:r></w:p>'
    )
    source = document(tmp_path, paragraph)
    assert [to_markers(u.parts) for u in source.units] == ["Ende<1/>Anfang<2/>Spalte"]
    copy_source(source)
    out = written(tmp_path, source).find(f"{W}body/{W}p")
    assert content(out) == ["Ende", "<br page/>", "Anfang", "<br column/>", "Spalte"]


def test_a_break_that_clears_floating_objects_stays_a_code_and_keeps_its_clear(tmp_path):
    paragraph = '<w:p><w:r><w:t>Bild</w:t><w:br w:clear="all"/><w:t>Text</w:t></w:r></w:p>'
    source = document(tmp_path, paragraph)
    assert [to_markers(u.parts) for u in source.units] == ["Bild<1/>Text"]
    copy_source(source)
    assert written(tmp_path, source).find(f"{W}body/{W}p/{W}r/{W}br").get(f"{W}clear") == "all"


def test_a_line_end_inside_a_text_element_is_a_space_as_libreoffice_shows_it(
    tmp_path, soffice_text
):
    path = tmp_path / "literal.docx"
    path.write_bytes(package(HEAD + runs(("", "Eins\nzwei")) + TAIL))
    shown = soffice_text([path])[path].splitlines()
    (unit,) = read_document(path, path.read_bytes()).units
    assert [plain_text(unit.parts)] == shown == ["Eins zwei"]


def test_libreoffice_shows_a_translated_break_as_a_new_line_and_the_tab(tmp_path, soffice_text):
    source = document(tmp_path, LINES)
    translate_file_document(WordByWordMT(LEXICON), source, [])
    out = tmp_path / "out.docx"
    source.save(out)
    assert soffice_text([out])[out].splitlines() == ["First line", "second line with\ttab."]


def test_plain_words_are_the_base_even_when_a_bold_phrase_is_longer(tmp_path):
    paragraph = runs(
        ("", "Die "),
        (BOLD, "Ergebnisse &amp; Ziele"),
        ("", " stehen "),
        (ITALIC, "unten"),
        ("", "."),
    )
    assert markers(tmp_path, paragraph) == ["Die <1>Ergebnisse & Ziele</1> stehen <2>unten</2>."]


def test_after_translation_the_full_stop_and_spaces_are_not_bold(tmp_path):
    paragraph = runs(
        ("", "Die "), (BOLD, "Ergebnisse und Ziele"), ("", " stehen "), (ITALIC, "unten"), ("", ".")
    )
    source = document(tmp_path, paragraph)
    translate_file_document(WordByWordMT(LEXICON), source, [])
    out = written(tmp_path, source).find(f"{W}body/{W}p")
    formatting = [
        (r.findtext(f"{W}t"), [etree.QName(p).localname for p in r.iterfind(f"{W}rPr/*")])
        for r in out.iter(f"{W}r")
    ]
    assert formatting == [
        ("The ", []),
        ("results and goals", ["b"]),
        (" are ", []),
        ("below", ["i"]),
        (".", []),
    ]


def test_a_paragraph_all_bold_but_one_word_keeps_bold_as_its_base(tmp_path):
    bold_italic = "<w:rPr><w:b/><w:i/></w:rPr>"
    paragraph = runs((BOLD, "Alles ist fett, nur "), (bold_italic, "ein"), (BOLD, " Wort nicht."))
    assert markers(tmp_path, paragraph) == ["Alles ist fett, nur <1>ein</1> Wort nicht."]


def test_plain_text_without_a_word_does_not_make_the_base(tmp_path):
    paragraph = runs((BOLD, "Ergebnisse und Ziele"), ("", "."))
    assert markers(tmp_path, paragraph) == ["Ergebnisse und Ziele<1>.</1>"]


def test_a_link_is_never_the_base_of_the_paragraph(tmp_path):
    paragraph = (
        '<w:p><w:hyperlink r:id="rId5"><w:r><w:t xml:space="preserve">Ein langer Link hier'
        '</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> und Text.</w:t></w:r></w:p>'
    )
    assert markers(tmp_path, paragraph) == ["<1>Ein langer Link hier</1> und Text."]
