"""DOCX links written as fields (complex HYPERLINK fields, `w:fldSimple`) and comments: their text
is translated inside a paired tag, their instructions are kept as they were."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from app.document_translation import copy_source
from app.formats import open_document, read_document
from app.formats.inline import Tag, TagKind, to_markers
from tests.app.formats.conftest import DOCUMENTS
from tools.build_document_fixtures import FIELDS, HEAD, TAIL, package

FIELDS_DOCX = DOCUMENTS / "fields.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ENGLISH = {
    "Lesen Sie ": "Read ",
    "den ": "the ",
    "ganzen": "whole",
    " Bericht": " report",
    " auf unserer Seite.": " on our site.",
    "Die ": "The ",
    "Startseite": "home page",
    " ist neu.": " is new.",
    "Abschnitt drei": "section three",
    "Bitte die ": "Please check the ",
    "Zahlen": "figures",
    " prüfen.": ".",
}


def markers(path, **options):
    return [to_markers(u.parts) for u in open_document(path, **options).units]


def translated(tmp_path, source=FIELDS_DOCX, words=ENGLISH, **options):
    """`source` written with each text part replaced by its English in `words`, tags kept."""
    document = open_document(source, **options)
    for unit in document.units:
        for piece in unit.pieces:
            if piece.translatable:
                piece.target = [words.get(p, p) if isinstance(p, str) else p for p in piece.parts]
    out = tmp_path / "out.docx"
    document.save(out)
    return out


def part(path, name="word/document.xml"):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def instructions(root):
    """Every field instruction of a part, as text (complex and simple fields)."""
    return [e.text for e in root.iter(f"{W}instrText")] + [
        e.get(f"{W}instr") for e in root.iter(f"{W}fldSimple")
    ]


def test_a_hyperlink_fields_display_text_is_a_link_pair_with_its_bold_word_inside():
    assert (
        markers(FIELDS_DOCX)[0] == "Lesen Sie <1>den <2>ganzen</2> Bericht</1> auf unserer Seite."
    )


def test_a_simple_hyperlink_field_is_a_link_pair():
    assert markers(FIELDS_DOCX)[1] == "Die <1>Startseite</1> ist neu."


def test_a_hyperlink_inside_a_simple_field_is_one_link_pair():
    assert markers(FIELDS_DOCX)[2] == "Siehe <1>Abschnitt drei</1> weiter unten."


def test_a_field_nested_in_a_link_stays_a_code_inside_it():
    assert markers(FIELDS_DOCX)[3] == "Mehr steht <1>auf Seite <2/></1>."


def test_a_translated_link_keeps_its_instruction_and_carries_the_translation(tmp_path):
    out = translated(tmp_path)
    assert instructions(part(out)) == instructions(part(FIELDS_DOCX))
    assert markers(out)[0] == "Read <1>the <2>whole</2> report</1> on our site."


def test_the_bold_word_of_a_translated_link_is_still_bold_and_inside_the_field(tmp_path):
    first = part(translated(tmp_path)).find(f"{W}body/{W}p")
    runs = list(first.iter(f"{W}r"))
    kinds = [
        r.find(f"{W}fldChar").get(f"{W}fldCharType") if r.find(f"{W}fldChar") is not None else None
        for r in runs
    ]
    inside = runs[kinds.index("separate") + 1 : kinds.index("end")]
    assert [r.findtext(f"{W}t") for r in inside] == ["the ", "whole", " report"]
    assert [r.find(f"{W}rPr/{W}b") is not None for r in inside] == [False, True, False]


def test_a_hyperlink_inside_a_simple_field_is_written_back_nested(tmp_path):
    paragraph = part(translated(tmp_path)).findall(f"{W}body/{W}p")[2]
    assert paragraph.find(f"{W}fldSimple/{W}hyperlink/{W}r/{W}t").text == "section three"


def test_libreoffice_shows_the_translated_link_text_with_its_target(tmp_path, soffice_text):
    out = translated(tmp_path)
    html = soffice_text([out], to="html")[out]
    text = re.sub(r"<[^>]+>|\s+", " ", html)
    assert "Read the whole report on our site." in re.sub(r" +(?=[ .])", "", text)
    link = re.search(
        r'<a href="https://example\.org/bericht\?jahr=2026&amp;teil=2"[^>]*>(.*?)</a>', html, re.S
    )
    assert link is not None
    assert re.sub(r"<[^>]+>|\s+", "", link.group(1)) == "thewholereport"


def test_a_round_trip_reproduces_links_fields_and_comments(tmp_path):
    document = open_document(FIELDS_DOCX)
    copy_source(document)
    document.save(tmp_path / "out.docx")
    assert markers(tmp_path / "out.docx") == markers(FIELDS_DOCX)
    assert instructions(part(tmp_path / "out.docx")) == instructions(part(FIELDS_DOCX))


def test_comments_are_read_as_units_named_by_comment():
    units = {u.location: to_markers(u.parts) for u in open_document(FIELDS_DOCX).units}
    assert units["fields.docx: comment 1"] == "<1/>Bitte die <2>Zahlen</2> prüfen."
    assert units["fields.docx: comment 2, paragraph 2"] == "Zweiter Absatz."


def test_translated_comments_are_written_into_the_comments_part(tmp_path):
    comments = part(translated(tmp_path), "word/comments.xml")
    first = comments.find(f"{W}comment")
    assert "".join(t.text for t in first.iter(f"{W}t")) == "Please check the figures."
    assert first.find(f".//{W}annotationRef") is not None
    assert first.get(f"{W}author") == "Anna"


def test_comments_can_be_left_out_and_are_then_copied_unchanged(tmp_path):
    assert not any(
        "comment" in u.location for u in open_document(FIELDS_DOCX, comments=False).units
    )
    out = translated(tmp_path, comments=False)
    with zipfile.ZipFile(FIELDS_DOCX) as before, zipfile.ZipFile(out) as after:
        assert before.read("word/comments.xml") == after.read("word/comments.xml")


def test_libreoffice_opens_a_translated_document_with_comments_and_fields(tmp_path, soffice_text):
    out = translated(tmp_path)
    texts = soffice_text([FIELDS_DOCX, out])
    assert len(texts[out].splitlines()) == len(texts[FIELDS_DOCX].splitlines())
    assert "The home page is new." in texts[out]


def _field_chars(path):
    return [e.get(f"{W}fldCharType") for e in part(path).find(f"{W}body/{W}p").iter(f"{W}fldChar")]


@pytest.mark.parametrize(
    "order",
    ["close-first", "no-close", "no-open"],
)
def test_a_link_pair_in_any_order_or_half_lost_is_written_as_a_whole_field(order, tmp_path):
    document = open_document(FIELDS_DOCX)
    piece = next(p for p in document.units[0].pieces if p.translatable)
    opening, closing = (t for t in piece.parts if isinstance(t, Tag) and t.label == "link")
    assert opening.kind is TagKind.OPEN and closing.kind is TagKind.CLOSE
    piece.target = {
        "close-first": ["Read ", closing, "the whole report", opening, " on our site."],
        "no-close": ["Read ", opening, "the whole report on our site."],
        "no-open": ["Read the whole report", closing, " on our site."],
    }[order]
    document.save(tmp_path / "out.docx")
    assert _field_chars(tmp_path / "out.docx") == ["begin", "separate", "end"]
    assert instructions(part(tmp_path / "out.docx"))[0] == instructions(part(FIELDS_DOCX))[0]


def doc(body: str) -> bytes:
    return package(HEAD + body + TAIL)


BEGIN = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
SEPARATE = '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def instr(text: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve"> {text} </w:instrText></w:r>'


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_other_fields_keep_their_result_inside_their_code():
    body = "<w:p>" + run("Stand: ") + BEGIN + instr("DATE") + SEPARATE + run("1.1.2026") + END
    document = read_document(DOCUMENTS / "x.docx", doc(body + run(" heute.") + "</w:p>"))
    assert [to_markers(u.parts) for u in document.units] == ["Stand: <1/> heute."]


@pytest.mark.parametrize(
    "body",
    [
        run("Vorher ") + BEGIN + instr('HYPERLINK "https://e.org/"') + SEPARATE + run("Ziel"),
        run("Vorher ") + BEGIN + instr("TOC \\o") + SEPARATE + run("Inhalt"),
        run("Vorher ") + END + run(" nachher.") + SEPARATE,
    ],
    ids=["link-without-end", "field-without-end", "end-without-begin"],
)
def test_a_field_cut_off_by_the_paragraph_loses_nothing_in_a_round_trip(body, tmp_path):
    source = tmp_path / "cut.docx"
    source.write_bytes(doc(f"<w:p>{body}</w:p><w:p>{run('Zweiter Absatz.')}</w:p>"))
    document = open_document(source)
    copy_source(document)
    document.save(tmp_path / "out.docx")
    before = etree.tostring(part(source).find(f"{W}body/{W}p"), method="c14n")
    after = etree.tostring(part(tmp_path / "out.docx").find(f"{W}body/{W}p"), method="c14n")
    assert _normal(after) == _normal(before)


def _normal(xml: bytes) -> bytes:
    """A paragraph without white space between elements and without `xml:space` (the writer
    sets it where text needs it)."""
    return re.sub(rb'\s|xml:space="preserve"', b"", xml)


def test_the_fixture_is_the_one_the_builder_writes():
    with zipfile.ZipFile(FIELDS_DOCX) as archive:
        assert archive.read("word/document.xml").decode() == FIELDS


def test_a_link_field_without_display_text_is_one_code():
    link = BEGIN + instr('HYPERLINK "https://e.org/"') + SEPARATE + END
    document = read_document(
        DOCUMENTS / "x.docx", doc(f"<w:p>{run('Der ')}{link}{run('Rest.')}</w:p>")
    )
    assert [to_markers(u.parts) for u in document.units] == ["Der <1/>Rest."]
