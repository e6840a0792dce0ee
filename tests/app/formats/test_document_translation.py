"""A formatted DOCX through MT and the glossary: formatting lands on the right English words."""

from __future__ import annotations

import pytest

from app.document_translation import translate_file_document
from app.formats import open_document
from app.formats.inline import to_markers
from glossary.terms import TermEntry
from tests.app.fake_mt import WordByWordMT
from tests.app.formats.conftest import DOCUMENTS

LEXICON = {
    "Bericht": "Report", "über": "on", "Lage": "situation", "Die": "The", "die": "the",
    "Regierung": "government", "hat": "has", "heute": "today", "ein": "a", "neues": "new",
    "Gesetz": "law", "beschlossen": "passed", "Weitere": "More", "Informationen": "information",
    "finden": "find", "Sie": "you", "auf": "on", "der": "the", "Webseite": "website",
    "des": "of the", "Ministeriums": "ministry", "Der": "The", "Minister": "minister",
    "sprach": "spoke", "Wirtschaft": "economy", "und": "and", "Zukunft": "future",
    "Rede": "speech", "wurde": "was", "im": "in the", "Parlament": "parliament",
    "gehalten": "given", "Kopfzeile": "Header", "Berichts": "report",
}  # fmt: skip
TERMS = [TermEntry("Regierung", "administration")]


@pytest.fixture
def translated(tmp_path):
    document = open_document(DOCUMENTS / "formatted.docx")
    segments = translate_file_document(WordByWordMT(LEXICON), document, TERMS)
    out = tmp_path / "formatted-en.docx"
    document.save(out)
    return out, segments


def units(path):
    return [to_markers(u.parts) for u in open_document(path).units]


def test_bold_and_italic_are_on_the_english_words_and_the_term_keeps_its_bold(translated):
    out, _segments = translated
    assert "The <1>administration</1> has today a <2>new</2> law passed." in units(out)


def test_the_link_is_on_the_english_word(translated):
    out, _segments = translated
    assert any("<1>website</1>" in u for u in units(out))


def test_footnote_reference_footnote_and_header_are_translated(translated):
    out, _segments = translated
    written = units(out)
    assert "The minister spoke on the economy<1/> and the future." in written
    assert any(u.endswith("The speech was in the parliament given.") for u in written)
    assert "Header of the report" in written


def test_segments_report_their_tags_and_no_placement_flags(translated):
    _out, segments = translated
    bold = next(s for s in segments if "Regierung" in s.segment.source)
    assert bold.to_json()["source_tagged"] == (
        "Die <1>Regierung</1> hat heute ein <2>neues</2> Gesetz beschlossen."
    )
    assert [f.kind for s in segments for f in s.segment.flags if f.kind == "tag-placement"] == []


def test_libreoffice_shows_the_translation(translated, soffice_text):
    out, _segments = translated
    shown = soffice_text([out])[out]
    assert "The administration has today a new law passed." in shown


def test_libreoffice_shows_bold_italic_and_link_on_the_english_words(translated, soffice_text):
    out, _segments = translated
    html = soffice_text([out], to="html")[out]
    assert "<b>administration</b>" in html
    assert "<i>new</i>" in html
    assert '<a href="https://example.org/">website</a>' in html
