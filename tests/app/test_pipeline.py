"""The document flow around MT: flags that only the translation run can know survive re-checks."""

from __future__ import annotations

from app.document import SegmentState
from app.engine import Hypothesis
from app.pipeline import recheck_segment, translate_with_glossary
from app.segmentation import segment_document
from tests.app.fake_mt import WordByWordMT


class TruncatingMT(WordByWordMT):
    """Drops the last output word and reports that decoding hit the length cap."""

    def _translate(self, text: str, attention: bool) -> Hypothesis:
        full = super()._translate(text, attention)
        return Hypothesis(
            " ".join(full.tokens[:-1]), full.tokens[:-1], full.source_tokens, truncated=True
        )


def test_a_truncated_translation_is_flagged_on_its_segment():
    document = translate_with_glossary(TruncatingMT(), segment_document("Der Kreml schweigt."), [])
    assert [f.kind for f in document.segments[0].flags] == ["truncated"]


def test_the_truncated_flag_survives_a_recheck_until_the_target_is_edited():
    document = translate_with_glossary(TruncatingMT(), segment_document("Der Kreml schweigt."), [])
    segment = document.segments[0]
    recheck_segment(segment, None, [])
    assert [f.kind for f in segment.flags] == ["truncated"]
    segment.target, segment.state = "The Kremlin is silent.", SegmentState.EDITED
    recheck_segment(segment, None, [])
    assert segment.flags == []


def test_a_recheck_with_glossary_matches_keeps_the_truncated_flag_and_the_statuses():
    from glossary.matcher import Matcher
    from glossary.terms import TermEntry

    terms = [TermEntry("Kreml", "Kremlin")]
    mt = TruncatingMT({"Kreml": "Kremlin"})
    document = translate_with_glossary(mt, segment_document("Der Kreml schweigt heute."), terms)
    segment = document.segments[0]
    recheck_segment(segment, Matcher(terms), terms)
    assert [f.kind for f in segment.flags] == ["truncated"]
    assert [str(r.status) for r in segment.terms] == ["applied"]


def test_a_recheck_keeps_how_an_enforced_term_was_placed():
    from glossary.matcher import Matcher
    from glossary.terms import TermEntry

    terms = [TermEntry("Bollwerk", "bulwark")]
    document = translate_with_glossary(
        WordByWordMT(), segment_document("Das Bollwerk hält."), terms
    )
    segment = document.segments[0]
    [before] = segment.terms
    recheck_segment(segment, Matcher(terms), terms)
    assert [(str(r.status), r.method) for r in segment.terms] == [("enforced", before.method)]


def test_a_term_the_translator_typed_is_applied_by_the_translator():
    from glossary.matcher import Matcher
    from glossary.terms import TermEntry

    terms = [TermEntry("Bollwerk", "bulwark")]
    document = translate_with_glossary(
        WordByWordMT(), segment_document("Das Bollwerk hält."), terms, strategies=()
    )
    segment = document.segments[0]
    segment.target, segment.state = "The bulwark holds.", SegmentState.EDITED
    recheck_segment(segment, Matcher(terms), terms)
    assert [(str(r.status), r.method) for r in segment.terms] == [("applied", "translator")]


def test_a_no_break_space_between_a_number_and_its_unit_survives_the_translation():
    document = segment_document("Die Leistung beträgt 5\u00a0kW.")
    translate_with_glossary(WordByWordMT({"Leistung": "output", "beträgt": "is"}), document, [])
    assert "5\u00a0kW" in document.segments[0].target


def test_no_break_spaces_go_back_only_where_the_words_stand_once():
    from app.pipeline import keep_no_break_spaces

    assert keep_no_break_spaces("S.\u00a05 und S.\u00a05", "p. 5 and p. 5") == "p. 5 and p. 5"
    assert keep_no_break_spaces("Nr.\u00a07", "No. 7") == "No. 7"  # words changed: left alone
    assert keep_no_break_spaces("„10\u00a0%“", "'10 %'") == "'10\u00a0%'"
