"""TBX in both versions, against a real client: translate-toolkit (whose TBX support, like
OmegaT's and memoQ's, is TBX 2) parses every TBX we export, and every TBX it writes imports."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from translate.storage import tbx as ttk_tbx

from glossary.exchange import export_glossary, read_glossary
from glossary.terms import TermEntry
from glossary.validation import term_problem
from tests.conftest import ROOT

SAMPLE_GLOSSARY = ROOT / "resources" / "samples" / "glossary.csv"
V3 = "{urn:iso:std:iso:30042:ed-2}"
ENTRY = TermEntry("Kreml", "Kremlin", "Politik", ("Cremlin",), False, "Politik")


def ttk_terms(data: bytes) -> list[tuple[str, str, str]]:
    store = ttk_tbx.tbxfile.parsestring(data)
    return [(unit.source, unit.target, unit.getnotes()) for unit in store.units]


def test_the_default_export_is_tbx_basic_2_as_martif(tmp_path):
    export_glossary([ENTRY], tmp_path / "g.tbx")
    root = ET.parse(tmp_path / "g.tbx").getroot()
    assert (root.tag, root.get("type")) == ("martif", "TBX-Basic")
    statuses = [
        (tig.findtext("term"), tig.findtext("termNote[@type='administrativeStatus']"))
        for tig in root.iter("tig")
    ]
    assert statuses == [
        ("Kreml", None),
        ("Kremlin", "preferredTerm-admn-sts"),
        ("Cremlin", "deprecatedTerm-admn-sts"),
    ]
    assert root.findtext(".//termEntry/descrip[@type='subjectField']") == "Politik"


def test_tbx_3_on_request_is_the_iso_30042_2019_dca_shape(tmp_path):
    export_glossary([ENTRY], tmp_path / "g.tbx", tbx_version=3)
    root = ET.parse(tmp_path / "g.tbx").getroot()
    assert (root.tag, root.get("type"), root.get("style")) == (f"{V3}tbx", "TBX-Basic", "dca")
    forbidden = [
        sec.findtext(f"{V3}term")
        for sec in root.iter(f"{V3}termSec")
        if sec.findtext(f"{V3}termNote") == "deprecatedTerm-admn-sts"
    ]
    assert forbidden == ["Cremlin"]


@pytest.mark.parametrize("version", [2, 3])
def test_both_versions_import_back_with_every_field(tmp_path, version):
    export_glossary([ENTRY], tmp_path / "g.tbx", tbx_version=version)
    assert read_glossary(tmp_path / "g.tbx").entries == [ENTRY]


def test_translate_toolkit_reads_the_same_terms_we_export(tmp_path):
    entries = read_glossary(SAMPLE_GLOSSARY).entries
    export_glossary(entries, tmp_path / "g.tbx")
    assert ttk_terms((tmp_path / "g.tbx").read_bytes()) == [
        (e.source, e.target, e.notes) for e in entries
    ]


def test_a_tbx_translate_toolkit_writes_imports_every_term(tmp_path):
    expected = read_glossary(SAMPLE_GLOSSARY).entries
    store = ttk_tbx.tbxfile(sourcelanguage="de", targetlanguage="en")
    for e in expected:
        unit = store.addsourceunit(e.source)
        unit.target = e.target
        if e.notes:
            unit.addnote(e.notes)
    (tmp_path / "ttk.tbx").write_bytes(bytes(store))
    parsed = read_glossary(tmp_path / "ttk.tbx")
    assert parsed.invalid == []
    assert [(e.source, e.target, e.notes) for e in parsed.entries] == [
        (e.source, e.target, e.notes) for e in expected
    ]


TEXT = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pairs=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=5))
def test_translate_toolkit_reads_any_terms_we_export(tmp_path, pairs):
    entries = [TermEntry(s, t) for s, t in pairs]
    entries = [e for e in entries if term_problem(e) is None]
    export_glossary(entries, tmp_path / "any.tbx")
    assert [(s, t) for s, t, _n in ttk_terms((tmp_path / "any.tbx").read_bytes())] == [
        (e.source, e.target) for e in entries
    ]
