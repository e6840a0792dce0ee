"""Team glossary behaviour of the store, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import replace

import pytest

from glossary.storage import ConflictError, GlossaryStore, StoreError, sqlite_url
from glossary.terms import TermEntry
from tests.conftest import ROOT


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "team.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(url):  # type: ignore[no-untyped-def]
    store = GlossaryStore.open(url)
    yield store
    store.close()


def test_entries_reads_every_field_of_every_term_in_id_order(store):
    full = TermEntry(
        "Belarus", "Belarus", "country", ("White Russia", "Byelorussia"), True, "politics"
    )
    added = [
        store.add(full),
        store.add(TermEntry("Bollwerk", "bulwark")),
        store.add(TermEntry("Minsk", "Minsk", domain="politics")),
    ]
    assert store.entries() == added
    assert [(e.id, e.version) for e in store.entries()] == [(e.id, 1) for e in added]


# -- no lost updates ------------------------------------------------------------------------
def test_the_second_of_two_edits_from_the_same_version_is_a_conflict(store):
    term = store.add(TermEntry("Bollwerk", "bastion"), author="anna")
    anna, ben = replace(term, target="bulwark"), replace(term, target="rampart")
    store.update(anna, author="anna")
    with pytest.raises(ConflictError) as conflict:
        store.update(ben, author="ben")
    assert conflict.value.current.target == "bulwark"
    assert store.entries()[0].target == "bulwark"


def test_a_delete_from_a_stale_version_is_a_conflict(store):
    term = store.add(TermEntry("Bollwerk", "bastion"))
    newer = replace(term, target="bulwark")
    store.update(newer)
    with pytest.raises(ConflictError):
        store.remove(term.id, expected_version=term.version)
    assert store.count() == 1


def test_adding_a_term_twice_is_refused_clearly(store):
    store.add(TermEntry("Bollwerk", "bulwark"))
    with pytest.raises(StoreError, match="already exists"):
        store.add(TermEntry("BOLLWERK", "bulwark"))


# -- history and revert -----------------------------------------------------------------------
def test_every_change_is_recorded_with_author_time_and_values(store):
    term = store.add(TermEntry("Bollwerk", "bastion"), author="anna")
    edited = replace(term, target="bulwark")
    store.update(edited, author="ben")
    store.remove(term.id, author="carla")
    history = store.history(term.id)
    assert [(c.action, c.author) for c in history] == [
        ("create", "anna"),
        ("update", "ben"),
        ("delete", "carla"),
    ]
    assert history[1].old.target == "bastion" and history[1].new.target == "bulwark"
    assert history[2].new is None
    assert history[0].changed_at <= history[2].changed_at


def test_reverting_an_update_restores_the_old_values(store):
    term = store.add(TermEntry("Bollwerk", "bastion", notes="old"))
    edited = replace(term, target="bulwark", notes="new")
    store.update(edited)
    update = store.history(term.id)[-1]
    restored = store.revert(update.id, author="dora")
    assert (restored.target, restored.notes) == ("bastion", "old")
    assert store.history(term.id)[-1].action == "revert"
    assert store.history(term.id)[-1].author == "dora"


def test_reverting_a_deletion_brings_the_term_back_under_its_id(store):
    term = store.add(TermEntry("Bollwerk", "bulwark"))
    store.remove(term.id)
    deletion = store.history(term.id)[-1]
    restored = store.revert(deletion.id)
    assert restored.id == term.id
    assert [(e.source, e.target) for e in store.entries()] == [("Bollwerk", "bulwark")]


def test_reverting_a_creation_deletes_the_term(store):
    term = store.add(TermEntry("Bollwerk", "bulwark"))
    assert store.revert(store.history(term.id)[0].id) is None
    assert store.count() == 0


def test_imports_are_recorded_in_the_history(store):
    store.import_entries([(2, TermEntry("Kreml", "Kremlin"))], author="importer")
    [term] = store.entries()
    [change] = store.history(term.id)
    assert (change.action, change.author, change.new.target) == ("import", "importer", "Kremlin")


def test_changes_since_reports_what_others_changed(store):
    start = store.latest_change()
    term = store.add(TermEntry("Kreml", "Kremlin"))
    other = store.add(TermEntry("Bollwerk", "bulwark"))
    store.remove(other.id)
    latest, changed = store.changes_since(start)
    assert latest == store.latest_change() > start
    assert changed[term.id].target == "Kremlin"
    assert changed[other.id] is None
    assert store.changes_since(latest) == (latest, {})


# -- PostgreSQL only ----------------------------------------------------------------------------
CSV = "source,target\n" + "".join(f"Begriff{i},term {i}\n" for i in range(400))


def test_two_processes_importing_the_same_csv_at_once_leave_each_term_once(postgres_url, tmp_path):
    csv_file = tmp_path / "terms.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    GlossaryStore.open(postgres_url).close()  # schema first, so both race on the import itself
    command = [sys.executable, "-m", "app.cli", "glossary", "import", "--db", postgres_url,
               str(csv_file)]  # fmt: skip
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert all(p.returncode in (0, 1) for p in processes), outputs
    store = GlossaryStore.open(postgres_url)
    try:
        entries = store.entries()
        assert len(entries) == 400
        assert len({(e.source, e.target) for e in entries}) == 400
        imported = [int(out.split()[1].rstrip(",")) for out, _err in outputs]
        assert sorted(imported) == [0, 400]
    finally:
        store.close()


def test_two_first_starts_at_once_both_get_the_schema(postgres_url):
    errors: list[Exception] = []

    def open_it() -> None:
        try:
            GlossaryStore.open(postgres_url).close()
        except Exception as exc:  # pragma: no cover - what the test looks for
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_changes_are_announced_to_listeners(postgres_url):
    from glossary.live import ChangeListener

    store = GlossaryStore.open(postgres_url)
    heard: list[str] = []
    listener = ChangeListener(postgres_url, lambda payload: heard.append(payload))
    listener.start()
    try:
        assert listener.wait_listening(10)
        started = time.monotonic()
        store.add(TermEntry("Kreml", "Kremlin"))
        while not heard and time.monotonic() - started < 5:
            time.sleep(0.02)
        assert heard == [str(store.glossary_id())]
    finally:
        listener.stop()
        store.close()


@pytest.mark.loopback
def test_a_tcp_loopback_url_works_too(postgres_server, postgres_url):
    if not hasattr(postgres_server, "port"):
        pytest.skip("WORTLAUT_TEST_POSTGRES names an external server; TCP is tested on the cluster")
    from sqlalchemy.engine import make_url

    database = make_url(postgres_url).database
    store = GlossaryStore.open(postgres_server.url(database, tcp=True))
    try:
        store.add(TermEntry("Kreml", "Kremlin"))
        assert store.count() == 1
    finally:
        store.close()
