"""Machine translation of a document in the app: target cells carry the tags as chips right away,
term highlights sit on the words between them, and the export puts the formatting there."""

from __future__ import annotations

import shutil

import pytest

from app.document import FlagKind, TermStatus
from app.document_project import source_parts
from app.formats import open_document
from app.formats.inline import TagKind, from_markers, to_markers
from app.tag_placement import check_tags
from app.ui.segment_table import HIGHLIGHTS, HTML_ROLE, SegmentTableModel
from app.ui.tag_chips import chip
from tests.app.formats.conftest import DOCUMENTS
from tests.app.ui.conftest import row_of, wait_for_translation
from tm.store import TranslationMemory

TARGET = SegmentTableModel.TARGET


@pytest.fixture
def translated(qtbot, window, tmp_path, installed_model):  # type: ignore[no-untyped-def]
    """formatted.docx (bold, italic, a link, a footnote) with a glossary beside it, translated
    with the tiny model."""
    source = tmp_path / "formatted.docx"
    shutil.copy(DOCUMENTS / "formatted.docx", source)
    (tmp_path / "glossary.csv").write_text("source,target\nRegierung,administration\n", "utf-8")
    assert window.open_path(source)
    qtbot.waitUntil(lambda: window.session.matcher is not None, timeout=10_000)
    assert window.translate_all() is not None
    wait_for_translation(qtbot, window)
    return window


def test_every_tag_of_a_translated_segment_stands_in_its_target_as_a_marker(translated):
    project = translated.session.project
    tagged = [r for r in range(len(project.segments)) if source_parts(project, r) is not None]
    assert len(tagged) >= 3  # bold and italic, the link, the footnote reference
    for row in tagged:
        parts = source_parts(project, row)
        target = project.segments[row].target
        assert check_tags(parts, from_markers(target, parts)) == [], target


def test_the_target_cell_shows_the_tags_as_chips_after_translation(translated):
    row = row_of(translated, "Die Regierung")
    html = translated.table_model.index(row, TARGET).data(HTML_ROLE)
    assert chip(1, TagKind.OPEN) in html and chip(2, TagKind.CLOSE) in html
    assert "&lt;1&gt;" not in html


def test_the_term_highlight_points_at_the_term_inside_the_marked_target(translated):
    row = row_of(translated, "Die Regierung")
    segment = translated.session.project.segments[row]
    (term,) = segment.terms
    assert term.status in (TermStatus.APPLIED, TermStatus.ENFORCED)
    assert segment.target[term.target_start : term.target_end] == "administration"
    assert "<1>administration</1>" in segment.target  # the term keeps its bold
    html = translated.table_model.index(row, TARGET).data(HTML_ROLE)
    colour = HIGHLIGHTS[str(term.status)].css
    assert f'<span style="{colour}">administration</span>{chip(1, TagKind.CLOSE)}' in html


def test_the_export_puts_the_bold_on_the_translated_term(translated, tmp_path):
    out = tmp_path / "formatted-en.docx"
    translated.prompts.save_paths.append(out)
    translated.documents.export_document()
    assert not translated.prompts.errors
    written = [to_markers(u.parts) for u in open_document(out).units]
    assert any("<1>administration</1>" in unit for unit in written), written


@pytest.fixture
def memory(qtbot, window):  # type: ignore[no-untyped-def]
    """The window's memory once open, and a second connection to it for the test's checks."""
    qtbot.waitUntil(lambda: window.tm.service.ready, timeout=10_000)
    other = TranslationMemory.open(window.tm.service.url)
    yield other
    other.close()


def test_a_confirmed_document_segment_is_remembered_with_its_tags_as_inline_codes(
    qtbot, window, memory
):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.session.confirm(row, "This is <1>bold</1> and <2>a link</2>.")
    qtbot.waitUntil(lambda: memory.count() == 1, timeout=10_000)
    [unit] = list(memory.units())
    assert unit.target_text == "This is bold and a link."  # what the dock shows, TMX-valid codes
    assert unit.target.startswith('This is <bpt i="1" x="1">&lt;1&gt;</bpt>bold')
    assert unit.marked_target == "This is <1>bold</1> and <2>a link</2>."


def test_a_100_percent_match_brings_back_the_tags_where_the_translator_put_them(
    qtbot, window, memory, installed_model
):
    from tests.app.ui.conftest import wait_for_translation

    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.session.confirm(row, "This <1>is</1> bold and <2>a link</2>.")
    qtbot.waitUntil(lambda: memory.count() == 1, timeout=10_000)
    window.session.mark_saved()
    window.open_path(DOCUMENTS / "page.html")
    window.translate_all()
    wait_for_translation(qtbot, window)
    assert window.session.project.segments[row].target == "This <1>is</1> bold and <2>a link</2>."


def test_a_memory_match_taken_into_a_document_segment_gets_its_tags(qtbot, window, memory):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    source = window.session.project.segments[row].mt_input
    memory.confirm(source.replace("ist", "war"), "This was fett and ein Link.")
    window.select_row(row)
    qtbot.waitUntil(lambda: len(window.tm.dock.items) == 1, timeout=10_000)
    window.act_take_matches[0].trigger()
    assert window.session.project.segments[row].target == (
        "This was <1>fett</1> and <2>ein Link</2>."
    )


def test_the_segment_search_finds_words_a_tag_marker_stands_between(window):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    window.session.edit_target(row, "This is <1>bold</1> and <2>a link</2>.")
    window.proxy.set_search("bold and a link")
    assert window.proxy.rowCount() == 1
    assert window.proxy.mapToSource(window.proxy.index(0, 0)).row() == row


def test_a_fuzzy_match_with_the_same_tags_is_taken_with_them(qtbot, window, memory):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    source = window.session.project.segments[row].mt_input
    memory.confirm(
        source.replace("ist", "war"), "This <1>was</1> bold and <2>a link</2>.", markers=True
    )
    window.select_row(row)
    qtbot.waitUntil(lambda: len(window.tm.dock.items) == 1, timeout=10_000)
    window.act_take_matches[0].trigger()
    assert window.session.project.segments[row].target == "This <1>was</1> bold and <2>a link</2>."


def test_a_fuzzy_match_with_other_tags_keeps_the_shared_ones_and_the_rest_are_flagged_missing(
    qtbot, window, memory
):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    source = window.session.project.segments[row].mt_input
    memory.confirm(
        source.replace("ist", "war"), "This <1>was</1> bold <7/>and a link.", markers=True
    )
    window.select_row(row)
    qtbot.waitUntil(lambda: len(window.tm.dock.items) == 1, timeout=10_000)
    window.act_take_matches[0].trigger()
    segment = window.session.project.segments[row]
    assert segment.target == "This <1>was</1> bold and a link."  # <7/> is no tag of this one
    missing = {f.details["tag"] for f in segment.flags if f.details.get("problem") == "missing"}
    assert missing == {"<2>", "</2>"}


def test_a_100_percent_match_that_lacks_a_tag_keeps_the_others_and_flags_it(
    qtbot, window, memory, installed_model
):
    window.open_path(DOCUMENTS / "page.html")
    row = row_of(window, "Das ist")
    source = window.session.project.segments[row].mt_input
    memory.confirm(source, "This <1>is</1> bold and a link.", markers=True)
    window.translate_all()
    wait_for_translation(qtbot, window)
    segment = window.session.project.segments[row]
    assert segment.target == "This <1>is</1> bold and a link.<2></2>"
    assert [f.kind for f in segment.flags if f.kind is FlagKind.TAG_PLACEMENT]
