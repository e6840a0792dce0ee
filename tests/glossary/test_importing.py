"""Honest import counting: added, updated (real changes only), unchanged, skipped — on SQLite
and PostgreSQL."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.importing import OnDuplicate, plan_import
from glossary.normalize import normalise_term
from glossary.storage import GlossaryStore, sqlite_url
from glossary.terms import TermEntry


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):  # type: ignore[no-untyped-def]
    url = (
        sqlite_url(tmp_path / "g.db")
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    store = GlossaryStore.open(url)
    yield store
    store.close()


def lines(*entries: TermEntry) -> list[tuple[int, TermEntry]]:
    return [(number, entry) for number, entry in enumerate(entries, start=2)]


def counts(report) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    return report.added, report.updated, report.unchanged, report.skipped


SAMPLE = (
    TermEntry("Machthaber", "ruler", notes="Politics", forbidden=["strongman"]),
    TermEntry("Kreml", "Kremlin"),
)


@pytest.mark.parametrize("mode", list(OnDuplicate))
def test_reimporting_identical_rows_counts_them_unchanged_in_every_mode(store, mode):
    store.import_entries(lines(*SAMPLE))
    before = store.latest_change()
    report = store.import_entries(lines(*SAMPLE), on_duplicate=mode)
    assert counts(report) == (0, 0, 2, 0)
    assert report.problems() == []
    assert store.latest_change() == before  # no history entry for a change that did not happen


def test_overwrite_counts_only_rows_that_really_change(store):
    store.import_entries(lines(*SAMPLE))
    changed = TermEntry("Kreml", "Kremlin", notes="Moscow")
    report = store.import_entries(lines(SAMPLE[0], changed), on_duplicate=OnDuplicate.OVERWRITE)
    assert counts(report) == (0, 1, 1, 0)
    kreml = next(e for e in store.entries() if e.source == "Kreml")
    assert kreml.notes == "Moscow"
    assert [c.action for c in store.history(kreml.id)] == ["import", "import"]


def test_a_source_twice_in_one_file_is_not_counted_as_an_update(store):
    twice = lines(TermEntry("Kreml", "Kremlin"), TermEntry("Kreml", "Kremlin"))
    first = store.import_entries(twice, on_duplicate=OnDuplicate.OVERWRITE)
    assert counts(first) == (1, 0, 0, 1)
    again = store.import_entries(twice, on_duplicate=OnDuplicate.OVERWRITE)
    assert counts(again) == (0, 0, 1, 1)
    assert again.problems() == [(3, "same source as line 2 ('Kreml')")]


def test_an_overwrite_repeated_in_one_file_applies_the_first_line_and_reports_the_second(store):
    store.add(TermEntry("Kreml", "Kremlin"))
    rows = lines(TermEntry("Kreml", "the Kremlin"), TermEntry("Kreml", "Moscow"))
    report = store.import_entries(rows, on_duplicate=OnDuplicate.OVERWRITE)
    assert counts(report) == (0, 1, 0, 1)
    assert [e.target for e in store.entries()] == ["the Kremlin"]


def test_a_row_that_differs_from_the_stored_term_is_a_skipped_duplicate_when_skipping(store):
    store.add(TermEntry("Kreml", "Kremlin"))
    report = store.import_entries(lines(TermEntry("Kreml", "Kremlin", notes="new")))
    assert counts(report) == (0, 0, 0, 1)
    assert report.problems() == [(2, "duplicate of an existing term 'Kreml'")]
    assert store.entries()[0].notes == ""


def test_keep_both_adds_other_targets_and_reports_an_exact_repeat_in_the_file(store):
    rows = lines(
        TermEntry("Bollwerk", "bulwark"),
        TermEntry("Bollwerk", "rampart"),
        TermEntry("Bollwerk", "bulwark"),
    )
    report = store.import_entries(rows, on_duplicate=OnDuplicate.KEEP_BOTH)
    assert counts(report) == (2, 0, 0, 1)
    assert report.repeated == [(4, 2, "Bollwerk")]


def test_strict_import_with_a_repeated_source_writes_nothing(store):
    twice = lines(TermEntry("Kreml", "Kremlin"), TermEntry("Kreml", "Moscow"))
    report = store.import_entries(twice, strict=True)
    assert not report.written
    assert report.problems() == [(3, "same source as line 2 ('Kreml')")]
    assert store.entries() == []


def test_strict_import_refuses_an_invalid_term_and_writes_nothing(store):
    rows = lines(TermEntry("Kreml", "Kremlin"), TermEntry("Boll\x00werk", "bulwark"))
    report = store.import_entries(rows, strict=True)
    assert not report.written
    assert report.invalid == [(3, "source contains the control character U+0000 (NUL) at column 5")]
    assert store.entries() == []


def test_an_existing_duplicate_does_not_make_a_strict_import_refuse(store):
    store.add(TermEntry("Kreml", "Kremlin"))
    report = store.import_entries(
        lines(TermEntry("Kreml", "Moscow"), TermEntry("Bollwerk", "bulwark")), strict=True
    )
    assert report.written and counts(report) == (1, 0, 0, 1)


def test_planning_writes_nothing_and_sorts_problems_by_line():
    plan = plan_import(
        lines(TermEntry("Kreml", "Kremlin"), TermEntry("x\x01", "y"), TermEntry("Kreml", "K")),
        [(3, "no target for 'Bollwerk'")],
        {},
        OnDuplicate.SKIP,
    )
    assert [line for line, _ in plan.new] == [2]
    assert [line for line, _ in plan.report.problems()] == [3, 3, 4]


def test_a_row_another_writer_adds_meanwhile_is_counted_skipped_not_lost(postgres_url, monkeypatch):
    import glossary.storage

    store, other = GlossaryStore.open(postgres_url), GlossaryStore.open(postgres_url)
    real_plan = glossary.storage.plan_import

    def plan_then_race(*args, **kwargs):  # type: ignore[no-untyped-def]
        plan = real_plan(*args, **kwargs)
        other.add(TermEntry("Kreml", "Kremlin"))  # commits between our planning and our insert
        return plan

    monkeypatch.setattr(glossary.storage, "plan_import", plan_then_race)
    try:
        report = store.import_entries(
            lines(TermEntry("Kreml", "Kremlin"), TermEntry("Bär", "bear"))
        )
        assert counts(report) == (1, 0, 0, 1)
        assert report.skipped_duplicates == [(2, "Kreml")]
        assert sorted(e.source for e in store.entries()) == ["Bär", "Kreml"]
    finally:
        store.close()
        other.close()


term_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), max_size=12
)
valid_entries = st.lists(
    st.builds(
        TermEntry,
        source=term_text.filter(normalise_term),
        target=term_text.filter(str.strip),
        notes=term_text,
        forbidden=st.lists(term_text.filter(str.strip), max_size=2),
        case_sensitive=st.booleans(),
    ),
    max_size=8,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=valid_entries, mode=st.sampled_from(list(OnDuplicate)))
def test_importing_any_valid_rows_twice_changes_nothing_the_second_time(
    tmp_path_factory, entries, mode
):
    store = GlossaryStore.open(sqlite_url(tmp_path_factory.mktemp("twice") / "g.db"))
    try:
        first = store.import_entries(lines(*entries), on_duplicate=mode)
        stored, latest = store.entries(), store.latest_change()
        second = store.import_entries(lines(*entries), on_duplicate=mode)
        assert (second.added, second.updated, second.skipped_duplicates) == (0, 0, [])
        assert second.unchanged == first.added + first.updated
        assert second.repeated == first.repeated
        assert (store.entries(), store.latest_change()) == (stored, latest)
    finally:
        store.close()
