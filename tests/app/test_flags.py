"""QA flags: one template per message, English for the CLI, the UI language on screen."""

from __future__ import annotations

import pytest

from app import i18n
from app.flags import Flag, FlagKind


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def test_a_constructed_flag_has_its_kind_and_an_english_message():
    flag = Flag.number_mismatch("2022")
    assert flag.kind is FlagKind.NUMBER_MISMATCH
    assert flag.message == "number 2022 of the source is missing in the target"
    assert flag.to_json() == {"kind": "number-mismatch", "message": flag.message, "number": "2022"}


def test_the_cli_message_and_the_ui_text_come_from_one_template(german):
    flag = Flag.forbidden_anywhere("Belarus", "Belarus", "Byelorussia", "Byelorussia", 0, 11)
    assert flag.message == "'Byelorussia' is a forbidden rendering; use 'Belarus'"
    assert flag.text() == "„Byelorussia“ ist eine verbotene Übersetzung; verwenden Sie „Belarus“"
    assert flag.label() == "verbotener Begriff"


def test_a_flag_read_back_from_a_file_finds_its_template_by_kind_and_details(german):
    written = Flag.forbidden_replaced("Belarus", "White Russia", "White Russia", "Belarus")
    read = Flag(str(written.kind), written.message, dict(written.details))
    assert read == written
    assert read.text() == written.text() != written.message


def test_a_flag_of_an_older_project_file_is_still_translated(german):
    old = Flag("forbidden-term", "the MT rendered X as forbidden 'y'; left in place", {
        "term": "X", "variant": "y", "surface": "y"})  # fmt: skip
    assert old.text() == "verbotene Übersetzung „y“ für X"
    assert old.target_span() is None


def test_an_unknown_kind_keeps_its_string_and_message():
    flag = Flag("custom-kind", "as written", {"a": 1})
    assert flag.kind == "custom-kind" and flag.label() == "custom-kind"
    assert flag.text() == "as written"
