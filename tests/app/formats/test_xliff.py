"""XLIFF 1.2 (Okapi, OmegaT and Trados shapes) and 2.0: what is translated, what is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from app.document_translation import copy_source
from app.formats import FormatError, open_document
from app.formats.inline import Tag, plain_text
from tests.app.formats.conftest import DOCUMENTS

XLIFF_FIXTURES = sorted(DOCUMENTS.glob("*.xlf"))
NS12 = "{urn:oasis:names:tc:xliff:document:1.2}"
NS20 = "{urn:oasis:names:tc:xliff:document:2.0}"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"


def round_trip(source: Path, out: Path) -> Path:
    document = open_document(source)
    copy_source(document)
    written = out / source.name
    document.save(written)
    return written


def test_units_to_translate_are_the_open_ones():
    document = open_document(DOCUMENTS / "okapi-1.2.xlf")
    assert [plain_text(u.parts) for u in document.units] == [
        "Die Regierung hat ein neues Gesetz beschlossen.",
        "Zeile einsZeile zwei mit Link.",
        "Der Preis beträgt  Euro.",
    ]


def test_trados_segments_are_translated_one_by_one_and_confirmed_ones_are_left():
    document = open_document(DOCUMENTS / "trados-1.2.xlf")
    assert [plain_text(u.parts) for u in document.units] == [
        "Zweiter Satz mit Fett.",
        "Neuer Absatz.",
    ]


def test_a_confirmed_trados_segment_keeps_its_target_and_copied_ones_become_drafts(tmp_path):
    tree = etree.parse(str(round_trip(DOCUMENTS / "trados-1.2.xlf", tmp_path)))
    first = tree.find(f".//{NS12}target/{NS12}mrk[@mid='1']")
    assert first.text == "First sentence."
    confs = {s.get("id"): (s.get("conf"), s.get("origin")) for s in tree.iter(f"{{{SDL}}}seg")}
    assert confs == {
        "1": ("ApprovedTranslation", "interactive"),
        "2": ("Draft", "source"),
        "3": ("Draft", "source"),
    }


@pytest.mark.parametrize("fixture", XLIFF_FIXTURES, ids=lambda p: p.name)
def test_a_round_trip_without_translation_gives_targets_equal_to_their_sources(fixture, tmp_path):
    tree = etree.parse(str(round_trip(fixture, tmp_path)))
    written = 0
    for target in tree.iter(f"{NS12}target", f"{NS20}target"):
        holder = target.getparent()
        if "needs-review-translation" not in (target.get("state"), holder.get("state")) and (
            holder.get("state") != "translated"
        ):
            continue  # a target that was there before (final, signed off): not ours
        segmented = holder.find(f"{NS12}seg-source")
        if segmented is not None:  # per segment; a confirmed Trados segment keeps its target
            confirmed = {
                s.get("id") for s in holder.iter(f"{{{SDL}}}seg") if s.get("conf") != "Draft"
            }
            for mrk in segmented.iter(f"{NS12}mrk"):
                if mrk.get("mid") not in confirmed:
                    mine = target.find(f"{NS12}mrk[@mid='{mrk.get('mid')}']")
                    assert "".join(mine.itertext()) == "".join(mrk.itertext())
                    written += 1
            continue
        source = holder.find(f"{NS12}source")
        source = holder.find(f"{NS20}source") if source is None else source
        assert "".join(target.itertext()) == "".join(source.itertext())
        written += 1
    assert written > 0


@pytest.mark.parametrize("fixture", XLIFF_FIXTURES, ids=lambda p: p.name)
def test_inline_tag_ids_of_each_target_equal_those_of_its_source(fixture, tmp_path):
    tree = etree.parse(str(round_trip(fixture, tmp_path)))
    for pair in tree.iter(f"{NS12}trans-unit", f"{NS20}segment"):
        source = pair.find(f"{NS12}source")
        if pair.find(f"{NS12}seg-source") is not None:
            source = pair.find(f"{NS12}seg-source")
        source = pair.find(f"{NS20}source") if source is None else source
        target = pair.find(f"{NS12}target")
        target = pair.find(f"{NS20}target") if target is None else target
        if target is None:
            continue
        ids = [(e.tag, e.get("id")) for e in source.iter() if e is not source]
        ids_target = [(e.tag, e.get("id")) for e in target.iter() if e is not target]
        assert ids_target == ids


def test_final_signed_off_and_untranslatable_units_are_byte_identical(tmp_path):
    written = round_trip(DOCUMENTS / "okapi-1.2.xlf", tmp_path).read_text(encoding="utf-8")
    assert '<target xml:lang="en-US" state="final">Translated already.</target>' in written
    assert (
        '<trans-unit id="tu4" translate="no" xml:space="preserve">\n<source xml:lang="de-DE">Nicht übersetzen</source>\n</trans-unit>'
        in written
    )
    omegat = round_trip(DOCUMENTS / "omegat-1.2.xlf", tmp_path).read_text(encoding="utf-8")
    assert '<target state="signed-off">Done already.</target>' in omegat


def test_xliff_1_2_targets_say_they_are_machine_translation_to_review(tmp_path):
    document = open_document(DOCUMENTS / "omegat-1.2.xlf")
    for unit in document.units:
        for piece in unit.pieces:
            piece.target = ["Good morning."] if piece.translatable else None
    document.save(tmp_path / "out.xlf")
    target = etree.parse(str(tmp_path / "out.xlf")).find(
        f".//{NS12}trans-unit[@id='1']/{NS12}target"
    )
    assert target.get("state") == "needs-review-translation"
    assert target.get("state-qualifier") == "leveraged-mt"
    assert target.text == "Good morning."


def test_xliff_1_2_file_without_target_language_gets_one(tmp_path):
    tree = etree.parse(str(round_trip(DOCUMENTS / "omegat-1.2.xlf", tmp_path)))
    assert tree.find(f".//{NS12}file").get("target-language") == "en"


def test_xliff_2_segments_are_marked_translated_and_final_ones_untouched(tmp_path):
    tree = etree.parse(str(round_trip(DOCUMENTS / "xliff-2.0.xlf", tmp_path)))
    states = {s.get("id"): s.get("state") for s in tree.iter(f"{NS20}segment")}
    assert states["s1"] == "translated"
    assert states["s2"] == "final"
    assert tree.getroot().get("trgLang") == "en"
    untouched = tree.find(f".//{NS20}unit[@id='u3']/{NS20}segment")
    assert untouched.find(f"{NS20}target") is None


def test_protected_markers_are_codes_not_text_to_translate():
    document = open_document(DOCUMENTS / "xliff-2.0.xlf")
    unit = document.units[1]
    assert "Marke" not in plain_text(unit.parts)
    assert any(isinstance(p, Tag) and p.label == "mrkm1" for p in unit.parts)


@pytest.mark.parametrize("fixture", XLIFF_FIXTURES, ids=lambda p: p.name)
def test_translate_toolkit_reads_every_xliff_we_write(fixture, tmp_path):
    from translate.storage.xliff import Xliff1File
    from translate.storage.xliff2 import Xliff2File

    written = round_trip(fixture, tmp_path)
    reader = Xliff2File if fixture.name.startswith("xliff-2") else Xliff1File
    store = reader.parsefile(str(written))
    translated = [u for u in store.units if u.istranslatable() and u.target]
    assert translated


def test_broken_xml_is_refused_with_file_and_line(tmp_path):
    broken = tmp_path / "broken.xliff"
    broken.write_text('<xliff version="1.2">\n<file>\n<body></file></xliff>', encoding="utf-8")
    with pytest.raises(FormatError, match=r"broken.xliff: line 3: not well-formed XML"):
        open_document(broken)


def test_a_file_that_is_not_xliff_is_named_as_such(tmp_path):
    other = tmp_path / "other.xlf"
    other.write_text("<html/>", encoding="utf-8")
    with pytest.raises(FormatError, match="not XLIFF"):
        open_document(other)
