"""TMX 1.4b exchange: streaming import by language, inline markup kept, safe parsing, round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.database import sqlite_url
from glossary.errors import InputError
from tm.store import TMCancelled, TranslationMemory
from tm.tmx import export_tmx, import_tmx

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x"
          adminlang="en" srclang="de" datatype="plaintext"/>
  <body>
    <tu creationdate="20240102T030405Z" changedate="20240203T040506Z" creationid="anna">
      <prop type="x-document">news.txt</prop>
      <prop type="x-context-pre">Es war ein langer Tag.</prop>
      <prop type="x-context-post">Die Opposition protestierte.</prop>
      <tuv xml:lang="de-DE"><seg>Die Regierung hat ein <bpt i="1">&lt;b&gt;</bpt>neues<ept i="1">&lt;/b&gt;</ept> Gesetz beschlossen.</seg></tuv>
      <tuv xml:lang="EN-GB"><seg>The government passed a <bpt i="1">&lt;b&gt;</bpt>new<ept i="1">&lt;/b&gt;</ept> law.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en"><seg>The price rose by 3.5 percent.</seg></tuv>
      <tuv xml:lang="fr"><seg>Le prix a augmenté de 3,5 pour cent.</seg></tuv>
      <tuv xml:lang="de-AT"><seg>Der Preis stieg um 3,5 Prozent.</seg></tuv>
    </tu>
    <tu>
      <tuv lang="DE"><seg>Wert a &lt; b &amp; c.</seg></tuv>
      <tuv lang="en-US"><seg>Value a &lt; b &amp; c.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="de"><seg>Nur Deutsch.</seg></tuv>
      <tuv xml:lang="fr"><seg>Seulement allemand.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="fr"><seg>Bonjour.</seg></tuv>
      <tuv xml:lang="en"><seg>Hello.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


@pytest.fixture
def memory(tmp_path: Path):
    memory = TranslationMemory.open(sqlite_url(tmp_path / "tm.db"))
    yield memory
    memory.close()


@pytest.fixture
def tmx_file(tmp_path: Path) -> Path:
    path = tmp_path / "in.tmx"
    path.write_text(TMX, encoding="utf-8")
    return path


def test_units_with_a_german_and_an_english_side_are_imported_and_others_counted(memory, tmx_file):
    report = import_tmx(memory, tmx_file)
    assert report.imported == 3
    assert report.skipped == {"no English side": 1, "no German side": 1}


def test_language_tags_match_by_primary_subtag_whatever_the_source_language(memory, tmx_file):
    import_tmx(memory, tmx_file)
    [match] = memory.lookup("Der Preis stieg um 3,5 Prozent.")
    assert match.target == "The price rose by 3.5 percent."


def test_inline_markup_is_kept_in_storage_and_left_out_of_the_text(memory, tmx_file):
    import_tmx(memory, tmx_file)
    unit = memory.concordance("Regierung")[0]
    assert '<bpt i="1">&lt;b&gt;</bpt>neues<ept i="1">&lt;/b&gt;</ept>' in unit.source
    assert unit.source_text == "Die Regierung hat ein neues Gesetz beschlossen."
    assert unit.target_text == "The government passed a new law."


def test_a_plain_query_scores_a_unit_with_markup_just_below_100(memory, tmx_file):
    import_tmx(memory, tmx_file)
    [match] = memory.lookup("Die Regierung hat ein neues Gesetz beschlossen.")
    assert (match.score, match.target) == (98, "The government passed a new law.")


def test_author_dates_document_and_context_are_read(memory, tmx_file):
    import_tmx(memory, tmx_file)
    unit = memory.concordance("Regierung")[0]
    assert (unit.author, unit.document) == ("anna", "news.txt")
    assert (unit.prev_source, unit.next_source) == (
        "Es war ein langer Tag.",
        "Die Opposition protestierte.",
    )
    assert (
        unit.created_at is not None and unit.created_at.isoformat() == "2024-01-02T03:04:05+00:00"
    )
    assert (
        unit.changed_at is not None and unit.changed_at.isoformat() == "2024-02-03T04:05:06+00:00"
    )


def test_escaped_text_stays_text(memory, tmx_file):
    import_tmx(memory, tmx_file)
    assert memory.lookup("Wert a < b & c.")[0].target == "Value a < b & c."


def test_import_export_import_loses_nothing(memory, tmx_file, tmp_path):
    import_tmx(memory, tmx_file)
    exported = tmp_path / "out.tmx"
    assert export_tmx(memory, exported) == 3
    again = TranslationMemory.open(sqlite_url(tmp_path / "again.db"))
    try:
        assert import_tmx(again, exported).imported == 3
        first = [(u.__dict__ | {"id": None}) for u in memory.units()]
        second = [(u.__dict__ | {"id": None}) for u in again.units()]
        assert first == second
        export_tmx(again, tmp_path / "again.tmx")
    finally:
        again.close()
    assert (tmp_path / "again.tmx").read_text(encoding="utf-8") == exported.read_text(
        encoding="utf-8"
    )


def test_translate_toolkit_reads_our_export(memory, tmx_file, tmp_path):
    from translate.storage.tmx import tmxfile

    import_tmx(memory, tmx_file)
    exported = tmp_path / "out.tmx"
    export_tmx(memory, exported)
    units = tmxfile(exported.read_bytes(), sourcelanguage="de", targetlanguage="en").units
    pairs = {(u.source, u.target) for u in units}
    assert ("Der Preis stieg um 3,5 Prozent.", "The price rose by 3.5 percent.") in pairs
    assert ("Wert a < b & c.", "Value a < b & c.") in pairs
    assert len(units) == 3


def test_entity_declarations_are_refused_and_nothing_is_stored(memory, tmp_path):
    path = tmp_path / "bomb.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa">]>\n'
        '<tmx version="1.4"><body><tu><tuv xml:lang="de"><seg>&a;</seg></tuv>'
        '<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"bomb\.tmx: refused: the file declares entities"):
        import_tmx(memory, path)
    assert memory.count() == 0


def test_a_broken_file_names_its_line_and_stores_nothing(memory, tmp_path):
    path = tmp_path / "broken.tmx"
    path.write_text(TMX.replace("</tu>\n    <tu>\n      <tuv lang", "<tu><tuv lang", 1))
    with pytest.raises(InputError, match=r"broken.tmx:\d+: not well-formed XML"):
        import_tmx(memory, path)
    assert memory.count() == 0


def test_a_file_that_is_not_tmx_is_refused(memory, tmp_path):
    path = tmp_path / "glossary.tbx"
    path.write_text('<?xml version="1.0"?><martif type="TBX"/>', encoding="utf-8")
    with pytest.raises(InputError, match=r"glossary\.tbx: not a TMX file"):
        import_tmx(memory, path)


def test_a_cancelled_import_stores_nothing(memory, tmp_path):
    units = "".join(
        f'<tu><tuv xml:lang="de"><seg>Satz {i}.</seg></tuv>'
        f'<tuv xml:lang="en"><seg>Sentence {i}.</seg></tuv></tu>'
        for i in range(3000)
    )
    path = tmp_path / "big.tmx"
    path.write_text(f'<tmx version="1.4"><header/><body>{units}</body></tmx>', encoding="utf-8")
    with pytest.raises(TMCancelled):
        import_tmx(memory, path, cancelled=lambda: True)
    assert memory.count() == 0


def test_progress_reports_bytes_up_to_the_file_size(memory, tmx_file):
    heard: list[tuple[int, int]] = []
    import_tmx(memory, tmx_file, progress=lambda done, total: heard.append((done, total)))
    size = tmx_file.stat().st_size
    assert heard[-1] == (size, size)


def test_a_failed_export_leaves_the_old_file_untouched(memory, tmx_file, tmp_path):
    import_tmx(memory, tmx_file)
    target = tmp_path / "out.tmx"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(TMCancelled):
        export_tmx(memory, target, cancelled=lambda: True, progress=None)
    assert target.read_text(encoding="utf-8") == "old"


def test_a_tagged_document_segment_exports_as_valid_tmx_with_inline_codes(memory, tmp_path):
    from translate.storage.tmx import tmxfile

    memory.confirm("Das ist fett.", "This is <1>bold</1>.<2/>", markers=True)
    exported = tmp_path / "out.tmx"
    export_tmx(memory, exported)
    text = exported.read_text(encoding="utf-8")
    assert '<bpt i="1" x="1">&lt;1&gt;</bpt>bold<ept i="1">&lt;/1&gt;</ept>' in text
    [unit] = tmxfile(exported.read_bytes(), sourcelanguage="de", targetlanguage="en").units
    assert unit.source == "Das ist fett."
    again = TranslationMemory.open(sqlite_url(tmp_path / "again.db"))
    try:
        import_tmx(again, exported)
        [back] = list(again.units())
        assert back.marked_target == "This is <1>bold</1>.<2/>"
    finally:
        again.close()
