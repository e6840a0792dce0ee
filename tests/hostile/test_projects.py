"""The hostile project corpus through the loader, the window's Open and crash recovery.

No command-line command reads `.wortlaut` files (only `wortlaut gui` opens them), so the cases
go through the same calls the app makes: `load_project`, `MainWindow.open_path` and
`MainWindow.offer_recovery`, with the window's prompts answered by the test.
"""

from __future__ import annotations

import shutil
import time

import pytest

from app.autosave import autosave_dir, claim_orphans
from app.project import load_project, new_project
from glossary.errors import InputError
from tests.app.ui.conftest import AnsweredPrompts
from tests.hostile.projects import CASES, write_cases, write_folder_case


@pytest.fixture
def corpus(tmp_path):  # type: ignore[no-untyped-def]
    return write_cases(tmp_path / "hostile")


@pytest.fixture
def window(qtbot, wortlaut_home):  # type: ignore[no-untyped-def]
    from app import i18n
    from app.ui.main_window import MainWindow

    i18n.set_language("en")
    main = MainWindow()
    main.prompts = AnsweredPrompts()
    qtbot.addWidget(main)
    main.glossary.load_now()
    yield main
    main.session.mark_saved()
    main.close()
    main.glossary.close()


def write_cases_only(tmp_path, name):  # type: ignore[no-untyped-def]
    """Only the case `name` of the corpus."""
    description, build = CASES[name]
    path = tmp_path / f"{name}.wortlaut"
    path.write_bytes(build())
    return [(path, description)]


@pytest.mark.parametrize("name", list(CASES))
def test_each_hostile_project_is_one_clear_input_error(tmp_path, name):
    (path, _description), *_ = write_cases_only(tmp_path, name)
    started = time.perf_counter()
    with pytest.raises(InputError) as error:
        load_project(path)
    assert time.perf_counter() - started < 2.0
    message = str(error.value)
    assert message.startswith(f"{path}")
    assert len(message.splitlines()) == 1
    assert len(message) < 300


def test_a_folder_named_like_a_project_is_an_input_error(tmp_path):
    path, _description = write_folder_case(tmp_path)
    with pytest.raises(InputError) as error:
        load_project(path)
    assert str(error.value).startswith(str(path))


def test_opening_any_hostile_project_shows_one_message_and_keeps_the_open_work(window, corpus):
    work = new_project("Die Arbeit von heute.\n", name="today")
    window.session.set_project(work)
    for path, description in corpus:
        window.prompts.errors.clear()
        assert not window.open_path(path), description
        assert len(window.prompts.errors) == 1, description
        _title, message = window.prompts.errors[0]
        assert str(path) in message and "Traceback" not in message, description
        assert window.session.project is work


def test_hostile_autosaves_are_moved_aside_never_offered_never_deleted(window, corpus):
    folder = autosave_dir()
    folder.mkdir(parents=True, exist_ok=True)
    originals = {}
    for path, _description in corpus:
        target = folder / f"session-{path.stem}.wortlaut"
        shutil.copy(path, target)
        originals[target.name] = path.read_bytes()
    assert not window.offer_recovery()
    assert "restore" not in window.prompts.asked
    assert len(window.prompts.errors) == 1  # one message for all of them
    _title, message = window.prompts.errors[0]
    assert "Traceback" not in message
    damaged = folder / "damaged"
    moved = {p.name: p.read_bytes() for p in damaged.iterdir()}
    assert moved == originals  # every byte kept for a look later
    for name in originals:
        assert str(damaged / name) in message
    window.prompts.errors.clear()
    assert not window.offer_recovery()  # shown once: the next start is quiet
    assert window.prompts.errors == []
    assert claim_orphans() == ([], [])
