"""The glossary store: migrations, one transaction per action, duplicates, optimistic locking."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.orm.exc import StaleDataError

from glossary.database import MIGRATIONS, alembic_config, make_engine
from glossary.models import Term
from glossary.storage import (
    ConflictError,
    GlossaryStore,
    OnDuplicate,
    StoreError,
    sqlite_url,
)
from glossary.terms import TermEntry


@pytest.fixture
def store(tmp_path: Path):
    store = GlossaryStore.open(sqlite_url(tmp_path / "glossary.db"))
    yield store
    store.close()


def rows(*pairs: tuple[str, str]) -> list[tuple[int, TermEntry]]:
    return [(i + 2, TermEntry(source, target)) for i, (source, target) in enumerate(pairs)]


def test_new_database_is_at_the_newest_schema(store):
    with store.engine.connect() as connection:
        version = connection.execute(sa.text("select version_num from alembic_version")).scalar()
        columns = {c["name"] for c in sa.inspect(connection).get_columns("terms")}
        tables = set(sa.inspect(connection).get_table_names())
    assert version == ScriptDirectory(str(MIGRATIONS)).get_current_head() == "0004"
    assert {"case_sensitive", "domain", "author", "version", "forbidden"} <= columns
    assert "term_history" in tables


def test_sqlite_runs_in_wal_mode_with_foreign_keys(store):
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("pragma journal_mode")).scalar() == "wal"
        assert connection.execute(sa.text("pragma foreign_keys")).scalar() == 1


def test_older_database_is_upgraded_in_place_without_losing_rows(tmp_path):
    url = sqlite_url(tmp_path / "old.db")
    engine = make_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(
            sa.text(
                "insert into glossaries (id, name, source_lang, target_lang, created_at) "
                "values (1, 'default', 'de', 'en', '2024-01-01')"
            )
        )
        connection.execute(
            sa.text(
                "insert into terms (glossary_id, source, source_key, target, notes, forbidden, "
                "created_at, updated_at, version) values (1, 'Bollwerk', 'bollwerk', 'bulwark', '', "
                "'[\"rampart\"]', '2024-01-01', '2024-01-01', 1)"
            )
        )
    engine.dispose()
    store = GlossaryStore.open(url)
    try:
        [entry] = store.entries()
        assert (entry.source, entry.target, entry.forbidden, entry.case_sensitive) == (
            "Bollwerk",
            "bulwark",
            ("rampart",),
            False,
        )
    finally:
        store.close()


def test_add_list_and_remove(store):
    added = store.add(TermEntry("Bollwerk", "bulwark", notes="military", forbidden=["rampart"]))
    assert store.entries() == [added]
    assert store.remove(added.id) == added
    assert store.entries() == []


def test_adding_the_same_term_twice_is_refused(store):
    store.add(TermEntry("Kreml-Sprecher", "Kremlin spokesman"))
    with pytest.raises(StoreError, match="already exists"):
        store.add(TermEntry("Kremlsprecher", "Kremlin spokesman"))


def test_removing_an_unknown_id_is_a_clear_error(store):
    with pytest.raises(StoreError, match="no term with id 99"):
        store.remove(99)


def test_import_skips_duplicates_by_default_and_reports_them(store):
    store.add(TermEntry("Bollwerk", "bulwark"))
    report = store.import_entries(rows(("Bollwerk", "rampart"), ("Kreml", "Kremlin")))
    assert (report.added, report.updated, report.skipped_duplicates) == (1, 0, [(2, "Bollwerk")])
    assert sorted(e.target for e in store.entries()) == ["Kremlin", "bulwark"]


def test_import_overwrite_updates_the_existing_term(store):
    store.add(TermEntry("Bollwerk", "bulwark"))
    report = store.import_entries(rows(("Bollwerk", "rampart")), on_duplicate=OnDuplicate.OVERWRITE)
    assert (report.added, report.updated) == (0, 1)
    assert [e.target for e in store.entries()] == ["rampart"]


def test_import_keep_both_keeps_two_targets_but_not_exact_copies(store):
    store.add(TermEntry("Bollwerk", "bulwark"))
    report = store.import_entries(
        rows(("Bollwerk", "rampart"), ("Bollwerk", "bulwark")), on_duplicate=OnDuplicate.KEEP_BOTH
    )
    assert (report.added, report.unchanged, report.skipped_duplicates) == (1, 1, [])
    assert sorted(e.target for e in store.entries()) == ["bulwark", "rampart"]


def test_a_source_repeated_within_one_file_is_reported_for_the_second_line(store):
    report = store.import_entries(rows(("Kreml", "Kremlin"), ("Kreml", "Kremlin")))
    assert (report.added, report.repeated) == (1, [(3, 2, "Kreml")])
    assert report.problems() == [(3, "same source as line 2 ('Kreml')")]


def test_strict_import_with_an_invalid_row_writes_nothing(store):
    report = store.import_entries(
        rows(("Kreml", "Kremlin")), invalid=[(3, "no target")], strict=True
    )
    assert not report.written
    assert store.entries() == []


def test_lenient_import_writes_valid_rows_and_reports_invalid_ones(store):
    report = store.import_entries(rows(("Kreml", "Kremlin")), invalid=[(3, "no target")])
    assert report.written and report.added == 1
    assert report.invalid == [(3, "no target")]


def test_failed_import_rolls_back_completely(store, monkeypatch):
    store.add(TermEntry("Bollwerk", "bulwark"))

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    working = sa.orm.Session.execute
    monkeypatch.setattr(sa.orm.Session, "execute", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        store.import_entries(rows(("Kreml", "Kremlin")), on_duplicate=OnDuplicate.SKIP)
    monkeypatch.setattr(sa.orm.Session, "execute", working)
    assert [e.source for e in store.entries()] == ["Bollwerk"]


def test_concurrent_update_of_a_term_is_detected(postgres_url):
    store = GlossaryStore.open(postgres_url)  # SQLite writers never interleave (next test)
    try:
        added = store.add(TermEntry("Bollwerk", "bulwark"))
        with store.session() as first:
            mine = first.get(Term, added.id)
            with store.session() as second:
                second.get(Term, added.id).target = "rampart"
            mine.target = "bastion"
            with pytest.raises(StaleDataError):
                first.flush()
    finally:
        store.close()


def test_sqlite_writers_take_turns_instead_of_interleaving(store):
    added = store.add(TermEntry("Bollwerk", "bulwark"))
    events: list[str] = []

    def second_writer() -> None:
        with store.session() as second:
            events.append("second began")
            second.get(Term, added.id).target = "rampart"

    with store.session() as first:
        first.get(Term, added.id).target = "bastion"
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(0.3)
        events.append("first finishing")
    thread.join(10)
    assert events == ["first finishing", "second began"]
    assert store.entries()[0].target == "rampart"


# -- search and update (editor support) ---------------------------------------------------------
def test_search_filters_source_and_target_and_puts_prefix_hits_first(store):
    store.import_entries(
        rows(("Kreml-Sprecher", "Kremlin spokesman"), ("Kreml", "Kremlin"), ("Bollwerk", "bulwark"))
    )
    assert [e.source for e in store.search("kreml")] == ["Kreml", "Kreml-Sprecher"]
    assert [e.source for e in store.search("BULW")] == ["Bollwerk"]
    assert store.search_count("kreml") == 2
    assert store.search_count("") == 3


def test_search_treats_like_wildcards_literally(store):
    store.import_entries(rows(("G_7", "G7"), ("G 7 Gipfel", "G7 summit")))
    assert [e.source for e in store.search("_")] == ["G_7"]
    assert store.search("%") == []


def test_search_pages_with_limit_and_offset(store):
    store.import_entries(rows(*[(f"Begriff{i:03d}", f"term{i}") for i in range(50)]))
    first = store.search("begriff", limit=20)
    second = store.search("begriff", limit=20, offset=20)
    assert len(first) == len(second) == 20
    assert not {e.id for e in first} & {e.id for e in second}


def test_update_saves_and_bumps_the_version(store):
    entry = store.add(TermEntry("Bollwerk", "bastion"))
    saved = store.update(replace(entry, target="bulwark"))
    assert saved.target == "bulwark"
    assert saved.version == entry.version + 1


def test_update_from_a_stale_version_is_a_conflict_carrying_the_current_term(store):
    entry = store.add(TermEntry("Bollwerk", "bastion"))
    store.update(replace(entry, target="bulwark"))
    with pytest.raises(ConflictError) as error:
        store.update(replace(entry, target="rampart"))
    assert error.value.current is not None and error.value.current.target == "bulwark"
    assert store.entries()[0].target == "bulwark"


def test_update_of_a_deleted_term_is_a_conflict(store):
    entry = store.add(TermEntry("Bollwerk", "bastion"))
    store.remove(entry.id)
    with pytest.raises(ConflictError) as error:
        store.update(entry)
    assert error.value.current is None
