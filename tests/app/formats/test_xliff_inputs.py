"""XLIFF as it arrives: other encodings, DTDs, CDATA, comments, nested and crossing codes,
Okapi/Trados segmentation, 2.x ignorables; and hostile or broken files refused in one clear line."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from lxml import etree

from app.document_translation import copy_source
from app.formats import FormatError, open_document
from app.formats.inline import plain_text, to_markers

NS12 = "{urn:oasis:names:tc:xliff:document:1.2}"
NS20 = "{urn:oasis:names:tc:xliff:document:2.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPEN12 = (
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    '<file source-language="de" datatype="plaintext" original="a.txt"><body>'
)
CLOSE12 = "</body></file></xliff>"
OPEN20 = (
    '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="de"><file id="f1">'
)
CLOSE20 = "</file></xliff>"


def xliff12(units: str, prolog: str = "") -> str:
    return prolog + OPEN12 + units + CLOSE12


def xliff20(units: str) -> str:
    return OPEN20 + units + CLOSE20


def unit(source: str, extra: str = "", attributes: str = "") -> str:
    return f'<trans-unit id="1"{attributes}><source>{source}</source>{extra}</trans-unit>'


# Files a translator gets from real tools; each must read, round-trip and stay readable.
GOOD: dict[str, bytes] = {
    "utf-16 with BOM": xliff12(
        unit("Größe zählt."), '<?xml version="1.0" encoding="UTF-16"?>\n'
    ).encode("utf-16"),
    "ISO-8859-1 declared": xliff12(
        unit("Größe zählt."), '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
    ).encode("latin-1"),
    "UTF-8 BOM, ISO-8859-1 declared": codecs.BOM_UTF8
    + xliff12(unit("Größe zählt."), '<?xml version="1.0" encoding="ISO-8859-1"?>\n').encode(),
    "external DTD (XLIFF 1.0/1.1 style)": xliff12(
        unit("Größe zählt."),
        '<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" '
        '"http://www.oasis-open.org/committees/xliff/documents/xliff.dtd">',
    ).encode(),
    "CDATA": xliff12(unit("Ein <![CDATA[<b>Satz</b>]]> &amp; mehr.")).encode(),
    "comment and processing instruction": xliff12(
        unit("Ein <!-- Notiz --> Satz <?okapi x?> hier.")
    ).encode(),
    "xml:space preserve": xliff12(
        unit("  Zwei   Leer-\n  zeichen.  ", attributes=' xml:space="preserve"')
    ).encode(),
    "g across a sentence boundary": xliff12(
        unit('Erster <g id="1">Satz. Zweiter</g> Satz.')
    ).encode(),
    "seg-source with an empty target": xliff12(
        unit(
            "Erster Satz. Zweiter Satz.",
            '<seg-source><mrk mtype="seg" mid="0">Erster Satz.</mrk> '
            '<mrk mtype="seg" mid="1">Zweiter <g id="1">Satz</g>.</mrk></seg-source>'
            '<target xml:lang="en"/>',
        )
    ).encode(),
    "2.x ignorable between segments": xliff20(
        '<unit id="u1"><segment id="s1"><source>Erster Satz.</source></segment>'
        "<ignorable><source> </source></ignorable>"
        '<segment id="s2"><source>Zweiter Satz.</source></segment></unit>'
    ).encode(),
    "2.x nested pc and mrk, sm/em markers": xliff20(
        '<unit id="u1"><segment><source>Ein <pc id="1">sehr <mrk id="m1" type="term">'
        'wichtiger <pc id="2">Satz</pc></mrk></pc> mit <sm id="m2" type="comment"/>Marken'
        '<em startRef="m2"/>.</source></segment></unit>'
    ).encode(),
}

READ = {
    "utf-16 with BOM": ["Größe zählt."],
    "ISO-8859-1 declared": ["Größe zählt."],
    "UTF-8 BOM, ISO-8859-1 declared": ["Größe zählt."],
    "external DTD (XLIFF 1.0/1.1 style)": ["Größe zählt."],
    "CDATA": ["Ein <b>Satz</b> & mehr."],
    "comment and processing instruction": ["Ein <1/> Satz <2/> hier."],
    "xml:space preserve": ["  Zwei   Leer-\n  zeichen.  "],
    "g across a sentence boundary": ["Erster <1>Satz. Zweiter</1> Satz."],
    "seg-source with an empty target": ["Erster Satz.", "Zweiter <1>Satz</1>."],
    "2.x ignorable between segments": ["Erster Satz.", "Zweiter Satz."],
    "2.x nested pc and mrk, sm/em markers": [
        "Ein <1>sehr <2>wichtiger <3>Satz</3></2></1> mit <4/>Marken<5/>."
    ],
}


def sample(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "in.xlf"
    path.write_bytes(data)
    return path


def copied(tmp_path: Path, name: str) -> Path:
    """The sample written back with every open unit's target a copy of its source."""
    document = open_document(sample(tmp_path, name, GOOD[name]))
    copy_source(document)
    out = tmp_path / "out.xlf"
    document.save(out)
    return out


def shape(element: etree._Element) -> tuple[str, list[tuple[str, dict[str, str]]]]:
    """The text and the inline codes (name, attributes) of a source or target."""
    codes = [(str(e.tag), dict(e.attrib)) for e in element.iter() if e is not element]
    return "".join(element.itertext()), codes


@pytest.mark.parametrize("name", READ)
def test_each_real_world_shape_is_read_with_its_text_and_codes(tmp_path, name):
    document = open_document(sample(tmp_path, name, GOOD[name]))
    assert [to_markers(u.parts) for u in document.units] == READ[name]


@pytest.mark.parametrize("name", GOOD)
def test_a_copy_round_trip_gives_each_target_the_text_and_codes_of_its_source(tmp_path, name):
    tree = etree.parse(str(copied(tmp_path, name)))
    holders = list(tree.iter(f"{NS12}trans-unit", f"{NS20}segment"))
    assert holders
    for holder in holders:
        segmented = holder.find(f"{NS12}seg-source")  # Okapi/Trados: compared per segment
        source = segmented if segmented is not None else holder.find("{*}source")
        target = holder.find("{*}target")
        assert shape(target) == shape(source)


@pytest.mark.parametrize("name", GOOD)
def test_translate_toolkit_reads_the_targets_we_write(tmp_path, name):
    from translate.storage.xliff import Xliff1File
    from translate.storage.xliff2 import Xliff2File

    written = copied(tmp_path, name)
    reader = Xliff2File if name.startswith("2.x") else Xliff1File
    store = reader.parsefile(str(written))
    units = [u for u in store.units if u.source]
    assert units and all(u.target == u.source for u in units)


def test_an_empty_source_is_not_a_unit_and_gets_no_target(tmp_path):
    path = tmp_path / "empty.xlf"
    path.write_text(xliff12(unit("") + unit("Text.").replace('"1"', '"2"')), encoding="utf-8")
    document = open_document(path)
    assert [plain_text(u.parts) for u in document.units] == ["Text."]
    copy_source(document)
    document.save(tmp_path / "out.xlf")
    tree = etree.parse(str(tmp_path / "out.xlf"))
    assert tree.find(f".//{NS12}trans-unit[@id='1']/{NS12}target") is None


def test_the_empty_target_of_a_segmented_unit_gets_every_segment_and_the_space_between(
    tmp_path,
):
    target = etree.parse(str(copied(tmp_path, "seg-source with an empty target"))).find(
        f".//{NS12}target"
    )
    assert [m.get("mid") for m in target] == ["0", "1"]
    assert target[0].tail == " "
    assert target.get(XML_LANG) == "en"


def test_ignorable_content_of_a_2_x_unit_is_kept_and_not_translated(tmp_path):
    tree = etree.parse(str(copied(tmp_path, "2.x ignorable between segments")))
    children = [etree.QName(e).localname for e in tree.find(f".//{NS20}unit")]
    assert children == ["segment", "ignorable", "segment"]
    assert tree.find(f".//{NS20}ignorable/{NS20}target") is None


def test_comments_and_processing_instructions_in_a_source_stay_in_the_target(tmp_path):
    written = copied(tmp_path, "comment and processing instruction").read_text(encoding="utf-8")
    assert (
        '<target state="needs-review-translation">Ein <!-- Notiz --> Satz <?okapi x?> hier.'
        in written
    )


@pytest.mark.parametrize(
    ("original", "attribute", "expected"),
    [
        (xliff12(unit("Hallo.")), "target-language", "en"),
        (xliff12(unit("Hallo.")).replace('original="a.txt"', 'original="a.txt" target-language="fr"'), "target-language", "fr"),
        (xliff20('<unit id="u"><segment><source>Hallo.</source></segment></unit>'), "trgLang", "en"),
        (xliff20('<unit id="u"><segment><source>Hallo.</source></segment></unit>').replace('srcLang="de"', 'srcLang="de" trgLang="fr"'), "trgLang", "fr"),
    ],
    ids=["1.2 missing", "1.2 present", "2.x missing", "2.x present"],
)  # fmt: skip
def test_a_missing_target_language_is_set_and_a_present_one_kept(
    tmp_path, original, attribute, expected
):
    path = tmp_path / "in.xlf"
    path.write_text(original, encoding="utf-8")
    document = open_document(path)
    copy_source(document)
    document.save(tmp_path / "out.xlf")
    tree = etree.parse(str(tmp_path / "out.xlf"))
    holder = tree.getroot() if attribute == "trgLang" else tree.find(f".//{NS12}file")
    assert holder.get(attribute) == expected


LAUGHS = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
    f'<!ENTITY {name} "{("&" + previous + ";") * 10}">'
    for previous, name in zip("abcdefghi", "bcdefghij", strict=True)
)

# Broken or hostile files, and the words the message must hold (after "<file>: ").
BAD: dict[str, tuple[bytes, str]] = {
    "external entity (XXE)": (
        xliff12(
            unit("a &xxe; b"),
            '<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        ).encode(),
        r"declares the entity 'xxe'; XLIFF does not use entities",
    ),
    "billion laughs": (
        xliff12(unit("&j;"), f'<?xml version="1.0"?><!DOCTYPE xliff [{LAUGHS}]>').encode(),
        r"line 1: not well-formed XML: .*billion laughs",
    ),
    "truncated": (
        xliff12(unit("Ein Satz."))[:-40].encode(),
        r"line 1: not well-formed XML: .+ \(column \d+\)$",
    ),
    "empty": (b"", r"line 1: not well-formed XML: Document is empty"),
    "a DOCX renamed .xlf": (b"PK\x03\x04\x14\x00rest", r"this is a ZIP archive .*not an XLIFF"),
    "no <file>": (
        b'<?xml version="1.0"?>\n<xliff version="1.2" '
        b'xmlns="urn:oasis:names:tc:xliff:document:1.2"/>',
        r"line 2: <xliff> has no <file> element",
    ),
    "unknown version": (
        b'<xliff version="3.0" xmlns="urn:example:xliff:3"><file/></xliff>',
        r"XLIFF version 3.0 is not supported \(Wortlaut reads XLIFF 1.2 and 2.0/2.1\)",
    ),
    "an HTML entity XML does not know": (
        xliff12(unit("Ein&nbsp;Satz.")).encode(),
        r"line 1: not well-formed XML: Entity 'nbsp' not defined",
    ),
}


@pytest.mark.parametrize("name", BAD)
def test_a_broken_or_hostile_file_is_refused_naming_file_line_and_problem(tmp_path, name):
    data, words = BAD[name]
    path = tmp_path / "job.xlf"
    path.write_bytes(data)
    with pytest.raises(FormatError) as refused:
        open_document(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: ")
    assert re.search(words, message), message
    assert "root:" not in message and "lollol" not in message


def test_units_in_a_group_marked_translate_no_are_left(tmp_path):
    path = tmp_path / "group.xlf"
    path.write_text(
        xliff12(f'<group translate="no">{unit("Nicht.")}</group>{unit("Doch.")}'),
        encoding="utf-8",
    )
    assert [plain_text(u.parts) for u in open_document(path).units] == ["Doch."]


@pytest.mark.parametrize("state", ["needs-review-translation", "needs-adaptation", "needs-l10n"])
def test_a_segmented_unit_whose_target_a_person_worked_on_is_left(tmp_path, state):
    segmented = unit(
        "Erster Satz.",
        '<seg-source><mrk mtype="seg" mid="0">Erster Satz.</mrk></seg-source>'
        f'<target state="{state}"><mrk mtype="seg" mid="0">First sentence.</mrk></target>',
    )
    path = tmp_path / "worked.xlf"
    path.write_text(xliff12(segmented), encoding="utf-8")
    assert open_document(path).units == []


def test_a_file_we_wrote_offers_nothing_more_to_translate(tmp_path):
    for name in GOOD:
        assert open_document(copied(tmp_path, name)).units == [], name


def test_a_text_too_long_for_the_parser_is_refused_in_words_a_translator_reads(tmp_path):
    path = tmp_path / "huge.xlf"
    path.write_text(xliff12(unit("Wort " * 2_200_000)), encoding="utf-8")
    with pytest.raises(FormatError, match=r"line 1: .*a text of more than 10 MB in one element"):
        open_document(path)
