"""The desktop app with a team glossary: live changes, conflicts, history, offline snapshot."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.ui.glossary_service import GlossaryService, public_url, snapshot_path
from app.ui.team_dialogs import ConflictDialog, HistoryDialog
from glossary.snapshot import write_snapshot
from glossary.storage import GlossaryStore, StoreError, sqlite_url
from glossary.terms import TermEntry
from tests.app.ui.conftest import settled


@pytest.fixture
def team_window(qtbot, prompts, postgres_url, wortlaut_home):  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    window = MainWindow(glossary_url=postgres_url)
    window.prompts = prompts
    qtbot.addWidget(window)
    window.glossary.load_now()
    yield window
    window.runner.cancel_all()
    window.session.mark_saved()
    window.close()
    window.glossary.close()
    window.runner.wait(10_000)


@pytest.fixture
def colleague(postgres_url):  # type: ignore[no-untyped-def]
    """Another translator's app, writing to the same server."""
    store = GlossaryStore.open(postgres_url)
    yield store
    store.close()


def segment_terms(window, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    row = next(i for i, s in enumerate(window.session.project.segments) if text in s.source)
    return [m.term.target for m in window.table_model.matches(row)]


def test_a_colleagues_new_term_reaches_the_open_document_within_5_seconds(
    qtbot, team_window, colleague, sample_folder
):
    (sample_folder / "glossary.csv").unlink()  # only the team glossary
    team_window.open_path(sample_folder / "article-de.txt")
    assert team_window.glossary.status_text().endswith("(live)")
    assert segment_terms(team_window, "Bollwerk") == []
    colleague.add(TermEntry("Bollwerk", "bulwark"), author="ben")
    qtbot.waitUntil(lambda: segment_terms(team_window, "Bollwerk") == ["bulwark"], timeout=5000)


def test_saving_over_a_colleagues_change_asks_and_keep_mine_wins(
    qtbot, team_window, colleague, prompts
):
    mine = settled(qtbot, team_window.glossary.add(TermEntry("Bollwerk", "bastion")))
    theirs = colleague.get(mine.id)
    from glossary.storage import to_entry

    their_edit = replace(to_entry(theirs), target="rampart")
    colleague.update(their_edit, author="ben")
    edited = TermEntry(**{**vars(mine), "target": "bulwark"})
    prompts.conflict_answer = "mine"
    saved = settled(qtbot, team_window.save_term(mine, edited))
    assert prompts.asked[-1] == "conflict ben"
    assert saved.target == "bulwark"
    assert colleague.entries()[0].target == "bulwark"


def test_take_theirs_saves_nothing(qtbot, team_window, colleague, prompts):
    from glossary.storage import to_entry

    mine = settled(qtbot, team_window.glossary.add(TermEntry("Bollwerk", "bastion")))
    their_edit = replace(to_entry(colleague.get(mine.id)), target="rampart")
    colleague.update(their_edit, author="ben")
    prompts.conflict_answer = "theirs"
    edited = TermEntry(**{**vars(mine), "target": "bulwark"})
    assert settled(qtbot, team_window.save_term(mine, edited)) is None
    assert colleague.entries()[0].target == "rampart"


def test_merge_keeps_both_translators_changes(qtbot, team_window, colleague, prompts):
    from glossary.storage import to_entry

    mine = settled(qtbot, team_window.glossary.add(TermEntry("Bollwerk", "bastion")))
    their_edit = replace(to_entry(colleague.get(mine.id)), notes="military register")
    colleague.update(their_edit, author="ben")
    prompts.conflict_answer = "merge"
    edited = TermEntry(**{**vars(mine), "target": "bulwark"})
    saved = settled(qtbot, team_window.save_term(mine, edited))
    assert (saved.target, saved.notes) == ("bulwark", "military register")


def test_history_shows_who_changed_what_and_a_change_can_be_reverted(
    qtbot, team_window, colleague, prompts
):
    from glossary.storage import to_entry

    team_window.glossary.author = "anna"
    term = settled(qtbot, team_window.glossary.add(TermEntry("Bollwerk", "bulwark")))
    edit = replace(to_entry(colleague.get(term.id)), target="bastion")
    colleague.update(edit, author="ben")
    prompts.revert_answer = lambda changes: changes[-1]  # ben's change
    settled(qtbot, team_window.show_history(term))
    assert prompts.asked[-1] == "history 2"
    assert colleague.entries()[0].target == "bulwark"
    assert [c.author for c in colleague.history(term.id)] == ["anna", "ben", "anna"]


def test_conflict_dialog_shows_both_versions_and_its_buttons_decide(qtbot):
    base = TermEntry("Bollwerk", "bastion", id=1, version=1)
    mine = TermEntry("Bollwerk", "bulwark", id=1, version=1)
    theirs = TermEntry("Bollwerk", "rampart", notes="new", id=1, version=2)
    dialog = ConflictDialog(None, base, mine, theirs)
    qtbot.addWidget(dialog)
    dialog.keep_mine.click()
    assert (dialog.result_entry.target, dialog.result_entry.version) == ("bulwark", 2)
    dialog = ConflictDialog(None, base, mine, theirs)
    qtbot.addWidget(dialog)
    dialog.take_theirs.click()
    assert dialog.result_entry is None
    merged, clashes = dialog.merged()
    assert (merged.target, merged.notes, clashes) == ("bulwark", "new", ["target"])


def test_history_dialog_lists_changes_newest_first(qtbot, tmp_path):
    store = GlossaryStore.open(sqlite_url(tmp_path / "g.db"))
    term = store.add(TermEntry("Bollwerk", "bastion"), author="anna")
    store.remove(term.id, author="ben")
    dialog = HistoryDialog(None, term, store.history(term.id))
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 1).text() == "ben"
    dialog.table.selectRow(1)
    dialog.revert_button.click()
    assert dialog.revert_requested.action == "create"
    store.close()


def test_without_the_server_the_snapshot_is_used_read_only_and_it_reconnects(
    qtbot, postgres_server, wortlaut_home
):
    if not hasattr(postgres_server, "pause"):
        pytest.skip("needs the throwaway cluster, to stop and start it")
    from app.ui.tasks import TaskRunner

    url = postgres_server.create_database("wortlaut_offline")
    store = GlossaryStore.open(url)
    store.add(TermEntry("Bollwerk", "bulwark"))
    store.close()
    runner = TaskRunner()
    online = GlossaryService(url, runner)
    online.load_now()
    online.close()
    assert snapshot_path(url).exists()
    postgres_server.pause()
    try:
        service = GlossaryService(url, runner)
        service.RECONNECT_MS = 300
        service.reconnect_timer.setInterval(300)
        service.load_now()
        assert service.offline and not service.writable
        assert [t.target for t in service.entries] == ["bulwark"]
        assert "offline" in service.status_text()
        with pytest.raises(StoreError, match="offline"):
            settled(qtbot, service.add(TermEntry("Kreml", "Kremlin")))
    finally:
        postgres_server.resume()
    qtbot.waitUntil(lambda: not service.offline, timeout=15_000)
    assert service.writable
    assert settled(qtbot, service.add(TermEntry("Kreml", "Kremlin"))).id is not None
    service.close()
    runner.wait(10_000)


def test_a_local_glossary_changed_by_another_process_is_picked_up(qtbot, window):
    other = GlossaryStore.open(window.glossary.url)
    other.add(TermEntry("Bollwerk", "bulwark"))
    other.close()
    window.glossary.poll()
    qtbot.waitUntil(lambda: len(window.glossary.terms) == 1, timeout=5000)


# -- a server that wants a password ---------------------------------------------------------
PROTECTED_URL = "postgresql+psycopg://anna@team.example/glossary"


@pytest.fixture
def protected_server(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """A team server that refuses every password but "secret" (a SQLite file behind it)."""
    real_open = GlossaryStore.open
    tried: list[str | None] = []

    def open_store(url: str, password: str | None = None) -> GlossaryStore:
        tried.append(password)
        if password != "secret":
            raise StoreError(
                f"cannot open glossary database {public_url(url)}: "
                'password authentication failed for user "anna"'
            )
        return real_open(sqlite_url(tmp_path / "team.db"))

    monkeypatch.setattr(GlossaryStore, "open", staticmethod(open_store))
    saved: list[str] = []
    monkeypatch.setattr(
        "app.ui.main_window.save_password", lambda _url, password: saved.append(password)
    )
    return tried, saved


@pytest.fixture
def protected_window(qtbot, prompts, wortlaut_home, protected_server):  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    window = MainWindow(glossary_url=PROTECTED_URL)
    window.prompts = prompts
    qtbot.addWidget(window)
    yield window
    window.runner.cancel_all()
    window.close()
    window.glossary.close()
    window.runner.wait(10_000)


def test_a_refused_password_is_asked_for_and_the_glossary_connects_with_the_answer(
    qtbot, protected_window, protected_server, prompts
):
    tried, saved = protected_server
    prompts.password_answer = "secret"
    protected_window.glossary.load_async()
    qtbot.waitUntil(lambda: protected_window.glossary.writable, timeout=10_000)
    assert prompts.asked == ["password"]
    assert tried == [None, "secret"]
    assert saved == ["secret"]
    assert protected_window.glossary.status_text().endswith("(live)")


def test_a_wrong_password_is_asked_again_and_never_saved(
    qtbot, protected_window, protected_server, prompts
):
    tried, saved = protected_server
    answers = ["typo", "secret"]

    def password(where: str) -> str | None:
        prompts.asked.append(f"password for {where}")
        return answers.pop(0)

    prompts.password = password  # type: ignore[method-assign]
    protected_window.glossary.load_async()
    qtbot.waitUntil(lambda: protected_window.glossary.writable, timeout=10_000)
    assert prompts.asked == [f"password for {PROTECTED_URL}"] * 2
    assert tried == [None, "typo", "secret"]
    assert saved == ["secret"]


def test_a_cancelled_password_prompt_is_not_shown_again_this_session(
    qtbot, protected_window, protected_server, prompts
):
    tried, saved = protected_server
    prompts.password_answer = None
    for _attempt in range(2):
        with qtbot.waitSignal(protected_window.glossary.password_needed, timeout=10_000):
            protected_window.glossary.load_async()
    assert prompts.asked == ["password"]
    assert tried == [None, None]
    assert saved == [] and prompts.errors == []
    assert "not reachable" in protected_window.glossary.status_text()


def test_a_refused_password_is_asked_for_while_working_from_the_offline_copy(
    qtbot, protected_window, protected_server, prompts
):
    write_snapshot(
        snapshot_path(PROTECTED_URL), PROTECTED_URL, [TermEntry("Bollwerk", "bulwark")], 0
    )
    prompts.password_answer = "secret"
    protected_window.glossary.load_async()
    qtbot.waitUntil(lambda: protected_window.glossary.writable, timeout=10_000)
    assert prompts.asked == ["password"]
