"""Tags placed into a translated segment: the target with markers, and its offsets moved onto it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.document import Flag, Segment, SegmentState, TermResult, TermStatus
from app.document_project import (
    export_document,
    memory_target,
    open_document_project,
    recheck_tags,
)
from app.formats.inline import Tag, TagKind, marked, marker_view, numbering, to_markers
from app.pipeline import recheck_segment
from app.segmentation import segment_document
from app.tag_targets import tag_target
from app.translation_job import translate_rows
from glossary.database import sqlite_url
from glossary.matcher import Matcher
from glossary.terms import TermEntry
from tests.app.fake_mt import WordByWordMT
from tests.app.test_translation_job import RecordingContext
from tm.store import TranslationMemory

B_OPEN, B_CLOSE = Tag(TagKind.OPEN, "b1", "b"), Tag(TagKind.CLOSE, "b1", "b")
NOTE = Tag(TagKind.STANDALONE, "fn", "footnote")
# "Die <1>Regierung</1> hat das Gesetz<2/> beschlossen."
SOURCE = ["Die ", B_OPEN, "Regierung", B_CLOSE, " hat das Gesetz", NOTE, " beschlossen."]
GOVERNMENT = TermEntry("Regierung", "administration")


def administration(target: str) -> TermResult:
    start = target.index("administration")
    return TermResult(GOVERNMENT, 4, 13, TermStatus.ENFORCED, start, start + len("administration"))


def test_the_target_gets_markers_and_a_term_span_points_at_the_term_between_them():
    target = "The administration passed the law."
    placed = tag_target(SOURCE, target, [administration(target)])
    assert placed.text.startswith("The <1>administration</1> passed")
    term = placed.terms[0]
    assert placed.text[term.target_start : term.target_end] == "administration"


def test_a_flag_span_after_a_tag_is_moved_by_the_markers_before_it():
    target = "The administration passed the law."
    flag = Flag.forbidden_anywhere("Gesetz", "law", "act", "law", 30, 33)
    placed = tag_target(SOURCE, target, [administration(target)], [flag])
    moved = placed.flags[0].target_span()
    assert moved is not None
    assert placed.text[moved[0] : moved[1]] == "law"


def test_tags_that_cannot_be_placed_go_to_the_end_and_the_segment_is_flagged():
    target = "The cabinet passed it."  # nothing renders "Regierung" or follows "Gesetz" here
    placed = tag_target(SOURCE, target)
    assert placed.text == "The cabinet passed it.<1></1><2/>"
    assert placed.placement is not None
    assert [str(f.kind) for f in placed.flags] == ["tag-placement"]


def test_the_marked_text_is_what_to_markers_writes_with_literal_angle_brackets_escaped():
    parts = ["a <3 b ", B_OPEN, "c", B_CLOSE]
    view = marked(parts, numbering(parts))
    assert view.text == to_markers(parts) == "a <<3 b <1>c</1>"
    assert view.text[slice(*view.span(7, 8))] == "c"


def test_the_words_of_a_marked_target_are_read_without_its_markers():
    view = marker_view("The <1>new</1> law<2/> and a <<3 rating.")
    assert view.plain == "The new law and a <3 rating."
    assert view.text[slice(*view.span(4, 11))] == "new</1> law"


def test_a_term_split_by_a_marker_is_still_found_in_an_edited_target():
    segment = Segment(0, 0, 0, 14, "Die Regierung.", state=SegmentState.MT)
    segment.target = "The <1>administration</1>."
    recheck_segment(segment, Matcher([GOVERNMENT]), [GOVERNMENT])
    (term,) = segment.terms
    assert term.status is TermStatus.APPLIED
    assert segment.target[term.target_start : term.target_end] == "administration"


def test_a_target_that_is_the_source_with_markers_is_flagged_untranslated():
    segment = Segment(0, 0, 0, 7, "Berlin.", state=SegmentState.MT)
    segment.target = "<1>Berlin</1>."
    recheck_segment(segment, None, [])
    assert [f.details.get("reason") for f in segment.flags] == ["same"]


def test_a_placement_flag_stays_while_the_target_is_the_machine_translation():
    segment = Segment(0, 0, 0, 14, "Die Regierung.", state=SegmentState.MT)
    segment.target = "The cabinet.<1></1>"
    segment.flags = [Flag.tag_placement("<1>")]
    recheck_segment(segment, None, [])
    assert [str(f.kind) for f in segment.flags] == ["tag-placement"]


@pytest.fixture
def memory(tmp_path: Path):
    memory = TranslationMemory.open(sqlite_url(tmp_path / "tm.db"))
    yield memory
    memory.close()


def test_a_target_from_the_memory_gets_the_tags_as_markers(memory):
    memory.confirm("Die Regierung hat das Gesetz beschlossen.", "The Regierung passed the law.")
    document = segment_document("Die Regierung hat das Gesetz beschlossen.")
    ctx = RecordingContext()
    translate_rows(ctx, WordByWordMT(), document, [0], [], None, memory=memory, tags={0: SOURCE})
    (result,) = ctx.chunks[0]
    assert str(result.origin) == "tm"
    assert result.target.startswith("The <1>Regierung</1> passed")  # the literal match
    assert result.target.endswith("<2/>")  # nothing to place the footnote by: at the end
    assert [str(f.kind) for f in result.flags] == ["tag-placement"]


def test_rows_without_tags_are_translated_as_plain_text():
    document = segment_document("Die Regierung hat das Gesetz beschlossen. Der Minister sprach.")
    ctx = RecordingContext()
    mt = WordByWordMT({"Regierung": "government"})
    translate_rows(ctx, mt, document, [0, 1], [], None, tags={0: SOURCE})
    first, second = ctx.chunks[0]
    assert "<1>government</1>" in first.target
    assert "<" not in second.target


PAGE = "<p>Das ist <b>fett</b> und ein <a href='x'>Link</a>.</p>\n"


@pytest.fixture
def page(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return open_document_project(path)


def test_an_edited_target_without_any_marker_is_flagged_as_missing_its_tags(page):
    segment = page.segments[0]
    segment.target, segment.state = "This is bold and a link.", SegmentState.EDITED
    recheck_tags(page, 0)
    assert sorted(f.details["tag"] for f in segment.flags) == ["</1>", "</2>", "<1>", "<2>"]


def test_the_memory_keeps_a_tagged_document_target_with_its_markers(page):
    page.segments[0].target = "This is <1>bold</1> and <2>a link</2> <<3."
    assert memory_target(page, 0) == ("This is <1>bold</1> and <2>a link</2> <<3.", True)


def test_markers_survive_the_memorys_inline_codes_and_a_literal_angle_stays_text():
    from tm.text import marked_to_seg, plain_text, seg_to_marked

    marked = "This is <1>bold</1> and<2/> a <<3 & b."
    seg = marked_to_seg(marked)
    assert plain_text(seg) == "This is bold and a <3 & b."
    assert seg_to_marked(seg) == marked


def test_a_memory_unit_from_another_tool_gives_no_markers():
    from tm.text import seg_to_marked

    assert seg_to_marked('Go <bpt i="1" type="bold">{b}</bpt>now<ept i="1">{/b}</ept>') is None


def test_the_export_puts_the_tags_where_the_target_has_its_markers(page, tmp_path):
    segment = page.segments[0]
    segment.target, segment.state = "This <1>is</1> bold and <2>a link</2>.", SegmentState.CONFIRMED
    export_document(page, tmp_path / "out.html")
    written = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "This <b>is</b> bold and <a href=" in written
    assert ">a link</a>." in written


def test_a_plain_target_of_a_tagged_segment_still_gets_its_tags_at_export(page, tmp_path):
    segment = page.segments[0]
    segment.target, segment.state = "This is fett and a Link.", SegmentState.CONFIRMED
    export_document(page, tmp_path / "out.html")
    written = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "This is <b>fett</b> and a <a href=" in written  # placed by literal matches


def test_the_text_export_of_a_document_project_has_no_markers(page, tmp_path):
    page.segments[0].target = "This is <1>bold</1> and <2>a link</2>."
    page.export_target_text(tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "This is bold and a link.\n"


class RenderingMT:
    """A backend that knows how it renders a few words on their own (like `render_terms`)."""

    def __init__(self, renderings: dict[str, list[str]]):
        self.renderings = renderings

    def render_terms(self, texts, alternatives):  # type: ignore[no-untyped-def]
        return [self.renderings.get(text, [text])[:alternatives] for text in texts]


BOARD_SOURCE = ["Der ", B_OPEN, "Vorstand", B_CLOSE, " hat den Plan genehmigt."]


def mt_segment(target: str) -> Segment:
    segment = Segment(0, 0, 0, 0, "Der Vorstand hat den Plan genehmigt.")
    segment.target, segment.state = target, SegmentState.MT
    return segment


def test_a_pair_goes_around_the_models_own_rendering_of_its_words():
    from app.tag_targets import tag_renderings

    segment = mt_segment("The board approved the plan.")
    backend = RenderingMT({"Vorstand": ["the board", "board of directors"]})
    hints = tag_renderings(backend, [(segment, BOARD_SOURCE)])[id(segment)]
    placed = tag_target(BOARD_SOURCE, segment.target, hints=hints)
    assert placed.text == "The <1>board</1> approved the plan."
    assert placed.placement is None


def test_a_rendering_that_stands_twice_in_the_target_places_nothing():
    from app.tag_targets import tag_renderings

    segment = mt_segment("The board asked the board.")
    backend = RenderingMT({"Vorstand": ["board"]})
    assert tag_renderings(backend, [(segment, BOARD_SOURCE)]) == {}


def test_a_footnote_mark_follows_the_rendering_of_the_word_it_followed():
    from app.tag_targets import tag_renderings

    source = ["Die Wirtschaft", NOTE, " wächst schnell."]
    segment = Segment(0, 0, 0, 0, "Die Wirtschaft wächst schnell.")
    segment.target, segment.state = "The economy is growing fast.", SegmentState.MT
    backend = RenderingMT({"Wirtschaft": ["the economy"]})
    hints = tag_renderings(backend, [(segment, source)])[id(segment)]
    assert (
        tag_target(source, segment.target, hints=hints).text == "The economy<1/> is growing fast."
    )


def test_a_term_after_a_space_put_in_beside_a_field_still_points_at_its_words():
    page = Tag(TagKind.STANDALONE, "p", "PAGE")
    source = ["Seite ", page, " von drei Seiten"]
    target = "Page of three pages"
    pages = TermResult(TermEntry("Seiten", "pages"), 17, 23, TermStatus.ENFORCED, 14, 19)
    alignment = [((0, 5), (0, 4)), ((7, 10), (5, 7)), ((11, 15), (8, 13))]
    placed = tag_target(source, target, [pages], alignment=alignment)
    assert placed.text == "Page <1/> of three pages"
    term = placed.terms[0]
    assert placed.text[term.target_start : term.target_end] == "pages"


def test_the_text_export_leaves_markers_out_even_when_the_original_copy_is_missing(page, tmp_path):
    page.segments[0].target = "This is <1>bold</1> and <2>a link</2>."
    page.original = None  # the copy was lost (an autosave sidecar gone); the project is a document
    assert page.original_file is not None
    page.export_target_text(tmp_path / "out.txt")
    assert "<1>" not in (tmp_path / "out.txt").read_text(encoding="utf-8")
