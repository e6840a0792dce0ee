"""Project files: what a .wortlaut file keeps, how bad files are reported, autosave orphans."""

from __future__ import annotations

import json
import os

import pytest

from app.document import SegmentState, TermStatus
from app.pipeline import recheck_segment
from app.project import (
    autosave_dir,
    load_project,
    new_project,
    open_text_file,
    orphaned_autosaves,
)
from glossary.errors import InputError
from glossary.matcher import Matcher
from glossary.terms import TermEntry

TEXT = "Der Machthaber schweigt.\n\nDas Bollwerk hält.\n"


def test_a_project_round_trips_targets_states_terms_and_flags(tmp_path):
    project = new_project(TEXT, name="t")
    segment = project.segments[0]
    segment.target, segment.state = "The ruler is silent.", SegmentState.CONFIRMED
    recheck_segment(segment, Matcher([TermEntry("Machthaber", "ruler")]), [])
    path = project.save(tmp_path / "t")
    assert path.name == "t.wortlaut"
    again = load_project(path)
    assert again.document.text == TEXT
    assert again.segments[0].target == "The ruler is silent."
    assert again.segments[0].state is SegmentState.CONFIRMED
    assert again.segments[0].terms[0].status is TermStatus.APPLIED
    assert again.segments[1].state is SegmentState.NEW
    assert again.path == path


def test_saving_is_atomic_and_leaves_no_temporary_files(tmp_path):
    project = new_project(TEXT)
    project.save(tmp_path / "a.wortlaut")
    project.save(tmp_path / "a.wortlaut")
    assert [p.name for p in tmp_path.iterdir()] == ["a.wortlaut"]


def test_a_damaged_project_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.wortlaut"
    path.write_text('{\n "format": "wortlaut-project",\n oops\n}', encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_project(path)
    assert str(error.value).startswith(f"{path}:3: damaged project file")


def test_a_project_whose_segments_do_not_fit_its_text_is_refused(tmp_path):
    project = new_project(TEXT)
    data = project.to_json()
    data["segments"][0]["end"] = 10_000  # type: ignore[index]
    path = tmp_path / "bad.wortlaut"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="outside the text"):
        load_project(path)


def test_a_project_from_a_newer_version_asks_for_an_update(tmp_path):
    data = new_project(TEXT).to_json()
    data["version"] = 99
    path = tmp_path / "new.wortlaut"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match="newer Wortlaut"):
        load_project(path)


def test_a_cp1252_text_file_opens(tmp_path):
    path = tmp_path / "alt.txt"
    path.write_bytes("Die Außenministerin sprach über Größe.\n".encode("cp1252"))
    project = open_text_file(path)
    assert project.segments[0].source == "Die Außenministerin sprach über Größe."
    assert project.name == "alt"


def test_lines_without_words_start_copied_not_confirmed(tmp_path):
    project = new_project("36450:\n\nDer Text.\n")
    assert project.segments[0].state is SegmentState.COPIED
    assert project.segments[0].done
    assert project.segments[0].target == "36450:"


def test_only_autosaves_of_dead_processes_are_orphans(wortlaut_home):
    project = new_project(TEXT)
    mine = autosave_dir() / f"session-{os.getpid()}.wortlaut"
    dead = autosave_dir() / "session-999999.wortlaut"
    project.write_autosave(mine)
    project.write_autosave(dead)
    assert orphaned_autosaves() == [dead]
    restored = load_project(dead)
    assert restored.path is None  # an autosave never becomes the project file


def test_recheck_of_an_untranslated_segment_reports_only_misspellings():
    project = new_project("Ein Kriesgpartner im Jahr 2022.\n")
    segment = project.segments[0]
    recheck_segment(segment, Matcher([TermEntry("Kriegspartner", "war partner")]), [])
    assert [f.kind for f in segment.flags] == ["possible-misspelling"]
    assert segment.terms == []


def test_recheck_keeps_enforced_terms_that_still_stand():
    from app.document import TermResult

    project = new_project("Das Bollwerk hält.\n")
    segment = project.segments[0]
    term = TermEntry("Bollwerk", "bulwark")
    segment.target, segment.state = "The bulwark holds.", SegmentState.MT
    segment.terms = [TermResult(term, 4, 12, TermStatus.ENFORCED, 4, 11)]
    recheck_segment(segment, Matcher([term]), [term])
    assert segment.terms[0].status is TermStatus.ENFORCED
    segment.target = "The mighty bulwark holds."
    recheck_segment(segment, Matcher([term]), [term])
    assert segment.terms[0].status is TermStatus.APPLIED
