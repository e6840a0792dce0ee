"""The states an exported XLIFF says: raw MT and memory matches to review, the translator's
edits and confirmations as human work (1.2, 2.0 and Trados' sdl:seg)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from app.document import Origin, SegmentState
from app.document_project import export_document, open_document_project
from app.document_translation import translate_file_document
from app.formats import open_document
from app.formats.base import least_finished
from app.project import Project
from tests.app.fake_mt import WordByWordMT
from tests.app.formats.conftest import DOCUMENTS

NS12 = "{urn:oasis:names:tc:xliff:document:1.2}"
NS20 = "{urn:oasis:names:tc:xliff:document:2.0}"
SDL = "{http://sdl.com/FileTypes/SdlXliff/1.0}"

MT = (SegmentState.MT, Origin.MT)
TM = (SegmentState.MT, Origin.TM)
COPIED = (SegmentState.COPIED, Origin.NONE)
EDITED = (SegmentState.EDITED, Origin.HUMAN)
TAKEN_MATCH = (SegmentState.EDITED, Origin.TM)
CONFIRMED = (SegmentState.CONFIRMED, Origin.HUMAN)
CONFIRMED_MT = (SegmentState.CONFIRMED, Origin.MT)

# A Trados trans-unit of two segments still to translate.
TWO_SEGMENTS = b"""<?xml version="1.0" encoding="utf-8"?>
<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"
 xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2" sdl:version="1.0">
<file original="a.docx" datatype="x-sdlfilterframework2" source-language="de-DE"
 target-language="en-US"><body>
<trans-unit id="t1"><source>Eins. Zwei.</source>
<seg-source><mrk mtype="seg" mid="1">Eins.</mrk> <mrk mtype="seg" mid="2">Zwei.</mrk></seg-source>
<sdl:seg-defs><sdl:seg id="1"/><sdl:seg id="2"/></sdl:seg-defs>
</trans-unit>
</body></file></xliff>
"""


# A 1.2 file with a sentence and a unit of a number only (nothing to translate: copied).
SENTENCE_AND_NUMBER = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.txt" source-language="de" datatype="plaintext"><body>
<trans-unit id="s"><source>Guten Morgen.</source></trans-unit>
<trans-unit id="n"><source>2026</source></trans-unit>
</body></file></xliff>
"""


def worked(path: Path, *states: tuple[SegmentState, Origin]) -> Project:
    """The document as a project whose segments, in order, went through `states`."""
    project = open_document_project(path)
    for segment, (state, origin) in zip(project.segments, states, strict=False):
        segment.target = f"Translated {segment.index}."
        segment.state, segment.origin = state, origin
    return project


def exported(project: Project, out: Path) -> etree._ElementTree:
    export_document(project, out)
    return etree.parse(str(out))


def target_12(tree: etree._ElementTree, unit_id: str) -> etree._Element:
    return tree.find(f".//{NS12}trans-unit[@id='{unit_id}']/{NS12}target")


@pytest.mark.parametrize(
    ("work", "state", "qualifier"),
    [
        (MT, "needs-review-translation", "leveraged-mt"),
        (TM, "needs-review-translation", "leveraged-tm"),
        (COPIED, "needs-review-translation", None),
        (EDITED, "needs-review-translation", None),
        (TAKEN_MATCH, "needs-review-translation", "leveraged-tm"),
        (CONFIRMED, "translated", None),
        (CONFIRMED_MT, "translated", "leveraged-mt"),
    ],
    ids=["mt", "tm", "copied", "edited", "taken-match", "confirmed", "confirmed-mt"],
)
def test_xliff_1_2_state_says_how_far_the_work_went_and_where_the_words_came_from(
    work, state, qualifier, tmp_path
):
    tree = exported(worked(DOCUMENTS / "omegat-1.2.xlf", work), tmp_path / "out.xlf")
    target = target_12(tree, "1")
    assert (target.get("state"), target.get("state-qualifier")) == (state, qualifier)
    assert target.text == "Translated 0."


def test_xliff_1_2_untranslated_units_keep_no_target(tmp_path):
    tree = exported(worked(DOCUMENTS / "omegat-1.2.xlf", CONFIRMED), tmp_path / "out.xlf")
    assert target_12(tree, "3") is None


def test_xliff_1_2_qualifier_of_an_earlier_tool_goes_when_the_translator_wrote_the_words(
    tmp_path,
):
    source = tmp_path / "in.xlf"
    text = (DOCUMENTS / "omegat-1.2.xlf").read_text(encoding="utf-8")
    source.write_text(
        text.replace(
            "<source>Guten Morgen.</source>",
            "<source>Guten Morgen.</source>\n"
            '<target state="new" state-qualifier="mt-suggestion">Good morning.</target>',
        ),
        encoding="utf-8",
    )
    target = target_12(exported(worked(source, CONFIRMED), tmp_path / "out.xlf"), "1")
    assert "state-qualifier" not in target.attrib


@pytest.mark.parametrize("work", [MT, EDITED, CONFIRMED], ids=["mt", "edited", "confirmed"])
def test_xliff_2_segments_hold_a_translation_whoever_made_it(work, tmp_path):
    tree = exported(worked(DOCUMENTS / "xliff-2.0.xlf", work), tmp_path / "out.xlf")
    states = {s.get("id"): s.get("state") for s in tree.iter(f"{NS20}segment")}
    assert states == {"s1": "translated", "s2": "final", None: None}


@pytest.mark.parametrize(
    ("work", "conf", "origin"),
    [
        (MT, "Draft", "mt"),
        (TM, "Draft", "tm"),
        (COPIED, "Draft", "source"),
        (EDITED, "Draft", "interactive"),
        (CONFIRMED, "Translated", "interactive"),
        (CONFIRMED_MT, "Translated", "mt"),
    ],
    ids=["mt", "tm", "copied", "edited", "confirmed", "confirmed-mt"],
)
def test_trados_segments_say_what_trados_studio_would(work, conf, origin, tmp_path):
    tree = exported(worked(DOCUMENTS / "trados-1.2.xlf", work), tmp_path / "out.xlf")
    segs = {s.get("id"): (s.get("conf"), s.get("origin")) for s in tree.iter(f"{SDL}seg")}
    assert segs["2"] == (conf, origin)
    assert segs["1"] == ("ApprovedTranslation", "interactive")  # not ours: untouched


def test_a_trados_unit_of_several_segments_gets_the_state_of_its_least_finished(tmp_path):
    source = tmp_path / "two.xlf"
    source.write_bytes(TWO_SEGMENTS)
    tree = exported(worked(source, MT, CONFIRMED), tmp_path / "out.xlf")
    target = target_12(tree, "t1")
    assert (target.get("state"), target.get("state-qualifier")) == (
        "needs-review-translation",
        "leveraged-mt",
    )
    segs = {s.get("id"): s.get("conf") for s in tree.iter(f"{SDL}seg")}
    assert segs == {"1": "Draft", "2": "Translated"}


def test_a_trados_unit_whose_segments_are_all_confirmed_is_translated(tmp_path):
    source = tmp_path / "two.xlf"
    source.write_bytes(TWO_SEGMENTS)
    tree = exported(worked(source, CONFIRMED, CONFIRMED), tmp_path / "out.xlf")
    target = target_12(tree, "t1")
    assert (target.get("state"), target.get("state-qualifier")) == ("translated", None)


def test_least_finished_is_the_lowest_status_then_the_least_human_origin():
    assert least_finished([("human", "confirmed"), ("tm", "edited"), ("mt", "edited")]) == (
        "mt",
        "edited",
    )


def test_a_copy_of_the_source_never_holds_a_unit_back():
    assert least_finished([("copy", "draft"), ("human", "confirmed")]) == ("human", "confirmed")
    assert least_finished([("copy", "draft")]) == ("copy", "draft")


@pytest.mark.parametrize(
    ("fixture", "work"),
    [
        ("omegat-1.2.xlf", EDITED),
        ("omegat-1.2.xlf", CONFIRMED),
        ("trados-1.2.xlf", CONFIRMED),
        ("xliff-2.0.xlf", CONFIRMED),
    ],
    ids=["1.2-edited", "1.2-confirmed", "trados-confirmed", "2.0-confirmed"],
)
def test_translate_toolkit_reads_the_human_states_we_write(fixture, work, tmp_path):
    from translate.storage.xliff import Xliff1File
    from translate.storage.xliff2 import Xliff2File

    out = tmp_path / fixture
    export_document(worked(DOCUMENTS / fixture, work), out)
    reader = Xliff2File if fixture.startswith("xliff-2") else Xliff1File
    store = reader.parsefile(str(out))
    targets = [u.target for u in store.units if u.istranslatable() and u.target]
    assert any("Translated 0." in target for target in targets)


def test_translating_a_file_marks_mt_as_mt_and_a_copied_number_as_a_copy(tmp_path):
    source = tmp_path / "in.xlf"
    source.write_bytes(SENTENCE_AND_NUMBER)
    document = open_document(source)
    translate_file_document(WordByWordMT({"Guten": "Good", "Morgen": "morning"}), document, [])
    document.save(tmp_path / "out.xlf")
    tree = etree.parse(str(tmp_path / "out.xlf"))
    sentence, number = target_12(tree, "s"), target_12(tree, "n")
    assert (sentence.get("state"), sentence.get("state-qualifier")) == (
        "needs-review-translation",
        "leveraged-mt",
    )
    assert (number.get("state"), number.get("state-qualifier")) == (
        "needs-review-translation",
        None,
    )
    assert number.text == "2026"
