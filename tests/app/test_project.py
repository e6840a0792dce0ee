"""Project files: what a .wortlaut file keeps, and how bad files are reported."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.document import SegmentState, TermStatus
from app.pipeline import recheck_segment
from app.project import load_project, new_project, open_text_file
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


def test_a_project_keeps_how_each_term_was_placed_and_the_proposals_of_missing_ones(tmp_path):
    from app.document import Flag

    project = new_project(TEXT, name="t")
    first, second = project.segments
    first.target, first.state = "The ruler is silent.", SegmentState.MT
    recheck_segment(first, Matcher([TermEntry("Machthaber", "ruler")]), [])
    first.terms[0].method = "rendering"
    second.target, second.state = "The fortress holds.", SegmentState.MT
    second.flags = [
        Flag.term_missing_proposed(
            "Bollwerk", "bulwark", "Bollwerk", 4, 12, 4, 12, "fortress", "bulwark", 0.3
        )
    ]
    again = load_project(project.save(tmp_path / "t"))
    assert again.segments[0].terms[0].method == "rendering"
    [flag] = again.segments[1].flags
    assert flag.proposal() == (4, 12, "bulwark")
    assert flag.text() == second.flags[0].message


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


# -- hostile project files: every wrong value is an InputError naming the file and the field --
def write_project(tmp_path, change) -> object:  # type: ignore[no-untyped-def]
    """The JSON of a valid project, changed by `change(data)`, written to a file."""
    data = new_project(TEXT, name="t").to_json()
    change(data)
    path = tmp_path / "hostile.wortlaut"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.update(version="2.0"),
            'version: expected a whole number from 1 up, got "2.0"',
        ),
        (lambda d: d.update(saved_at=5), "saved_at: expected a string or null, got an integer"),
        (lambda d: d.update(saved_at="gestern"), "saved_at: expected a date and time"),
        (lambda d: d.update(source_path=5), "source_path: expected a string or null, got an"),
        (lambda d: d.update(segments={}), "segments: expected a list, got an object"),
        (lambda d: d.update(text=None), "text: expected a string, got null"),
        (lambda d: d["segments"][1].update(start="3"), "segments[1].start: expected an integer"),
        (lambda d: d["segments"][0].update(state="done"), "segments[0].state: unknown value"),
        (lambda d: d["segments"][0].pop("end"), "segments[0].end: missing"),
        (lambda d: d["segments"][0].update(flags=[1]), "segments[0].flags[0]: expected an"),
        (lambda d: d["segments"].reverse(), "segments[1]: segment 2 lies outside the text"),
    ],
    ids=[
        "version-string",
        "saved_at-number",
        "saved_at-not-a-date",
        "source_path-number",
        "segments-object",
        "text-null",
        "start-string",
        "state-unknown",
        "end-missing",
        "flag-number",
        "segments-out-of-order",
    ],
)
def test_a_field_of_the_wrong_type_is_refused_naming_the_field(tmp_path, change, message):
    path = write_project(tmp_path, change)
    with pytest.raises(InputError) as error:
        load_project(path)
    assert str(error.value).startswith(f"{path}: damaged project file: ")
    assert message in str(error.value)


def test_json_that_is_not_an_object_is_not_a_project(tmp_path):
    path = tmp_path / "list.wortlaut"
    path.write_text('["wortlaut-project", 1]', encoding="utf-8")
    with pytest.raises(InputError, match="not a Wortlaut project"):
        load_project(path)


def test_deep_nesting_is_refused_quickly(tmp_path):
    import time

    path = tmp_path / "deep.wortlaut"
    depth = 50_000
    for nested in (
        "[" * depth + "]" * depth,
        '{"format": "wortlaut-project", "version": 1, "x": ' + "[" * depth + "]" * depth + "}",
        '{"format": "wortlaut-project", "version": 1, "text": "", "segments": [{"start": 0, '
        '"end": 0, "paragraph": 0, "flags": [{"kind": "k", "message": "m", "details": {"a": '
        + "[" * depth
        + "]" * depth
        + "}}]}]}",
    ):
        path.write_text(nested, encoding="utf-8")
        started = time.perf_counter()
        with pytest.raises(InputError):
            load_project(path)
        assert time.perf_counter() - started < 1.0


def test_a_file_beyond_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from app import project_schema

    monkeypatch.setattr(project_schema, "MAX_PROJECT_BYTES", 1000)
    path = tmp_path / "big.wortlaut"
    path.write_bytes(b" " * 1001)
    with pytest.raises(InputError, match="too large for a project file"):
        load_project(path)


def test_a_term_span_outside_its_segment_is_refused(tmp_path):
    project = new_project(TEXT, name="t")
    recheck_segment(project.segments[0], Matcher([TermEntry("Machthaber", "ruler")]), [])
    project.segments[0].target = "The ruler is silent."
    recheck_segment(project.segments[0], Matcher([TermEntry("Machthaber", "ruler")]), [])
    data = project.to_json()
    data["segments"][0]["terms"][0]["end"] = 999  # type: ignore[index]
    path = tmp_path / "term.wortlaut"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=r"segments\[0\]\.terms\[0\]: the term lies outside"):
        load_project(path)


# -- properties ---------------------------------------------------------------------------------
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=12,
)
FIELDS = {
    "format": st.just("wortlaut-project") | JSON_VALUES,
    "version": st.just(1) | JSON_VALUES,
    "text": st.just(TEXT) | JSON_VALUES,
    "segments": JSON_VALUES,
    "name": JSON_VALUES,
    "source_path": JSON_VALUES,
    "saved_at": JSON_VALUES,
    "autosave_of": JSON_VALUES,
}


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=JSON_VALUES | st.fixed_dictionaries({}, optional=FIELDS))
def test_any_json_value_loads_or_is_an_input_error(tmp_path, value):
    path = tmp_path / "any.wortlaut"
    path.write_text(json.dumps(value), encoding="utf-8")
    try:
        load_project(path)
    except InputError as exc:
        assert str(exc).startswith(str(path))


SMALL_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)
SEGMENT_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "start": st.integers(-2, 60) | SMALL_JSON,
        "end": st.integers(-2, 60) | SMALL_JSON,
        "paragraph": st.integers(0, 3) | SMALL_JSON,
        "target": st.text() | SMALL_JSON,
        "state": st.sampled_from(["new", "mt", "edited", "confirmed"]) | SMALL_JSON,
        "terms": SMALL_JSON,
        "flags": SMALL_JSON,
    },
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(segments=st.lists(SEGMENT_FIELDS, max_size=4))
def test_any_segment_list_loads_or_is_an_input_error(tmp_path, segments):
    data = {"format": "wortlaut-project", "version": 1, "text": TEXT, "segments": segments}
    path = tmp_path / "segments.wortlaut"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        project = load_project(path)
    except InputError as exc:
        assert str(exc).startswith(str(path))
    else:
        for segment in project.segments:
            assert segment.source == TEXT[segment.start : segment.end]


STATES = st.sampled_from(list(SegmentState))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200),
    targets=st.lists(st.tuples(st.text(max_size=40), STATES), max_size=20),
    name=st.text(max_size=30),
)
def test_a_saved_project_round_trips(tmp_path, text, targets, name):
    project = new_project(text, name=name or "Untitled")
    for segment, (target, state) in zip(project.segments, targets, strict=False):
        segment.target, segment.state = target, state
    path = project.save(tmp_path / "round")
    again = load_project(path)
    assert again.document.text == project.document.text
    assert again.name == project.name
    assert [(s.start, s.end, s.paragraph, s.target, s.state) for s in again.segments] == [
        (s.start, s.end, s.paragraph, s.target, s.state) for s in project.segments
    ]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=300)
    | st.builds(
        lambda b: b'{"format": "wortlaut-project", "version": 1' + b, st.binary(max_size=200)
    )
)
def test_any_bytes_load_or_are_an_input_error(tmp_path, data):
    path = tmp_path / "bytes.wortlaut"
    path.write_bytes(data)
    with pytest.raises(InputError) as error:
        load_project(path)
    assert str(error.value).startswith(str(path))
