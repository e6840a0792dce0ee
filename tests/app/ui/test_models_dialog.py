"""The models dialog: a package that cannot run is refused in one line, the working one stays."""

from __future__ import annotations

import gc
import weakref

from app import engine
from app.ui.models_dialog import ModelsDialog
from tests.conftest import TINY_MODEL
from tests.hostile.models import garbage_sentencepiece, random_model_bin


def install_and_wait(qtbot, dialog, path):  # type: ignore[no-untyped-def]
    task = dialog.install(path)
    qtbot.waitUntil(lambda: task.done and dialog.task is None, timeout=20_000)
    return task


def test_a_package_that_cannot_run_is_refused_and_the_working_one_stays(qtbot, window, tmp_path):
    dialog = ModelsDialog(window, window.runner, window.models)
    qtbot.addWidget(dialog)
    install_and_wait(qtbot, dialog, TINY_MODEL)
    working = window.model_path()
    assert working is not None

    for broken in (random_model_bin(tmp_path), garbage_sentencepiece(tmp_path)):
        install_and_wait(qtbot, dialog, broken.path)
        message = dialog.status.text()
        assert broken.path.name in message
        assert broken.expect in message
        assert "\n" not in message
        assert dialog.model.rowCount() == 1
        assert window.model_path() == working

    assert engine.engine_for(working).translate_texts(["Das Haus."])[0].text


def test_a_replaced_package_no_longer_holds_a_loaded_engine(qtbot, window):
    dialog = ModelsDialog(window, window.runner, window.models)
    qtbot.addWidget(dialog)
    install_and_wait(qtbot, dialog, TINY_MODEL)
    first = window.model_path()
    assert first is not None
    loaded = weakref.ref(engine.engine_for(first))

    install_and_wait(qtbot, dialog, TINY_MODEL)

    assert window.model_path() != first
    gc.collect()
    assert loaded() is None, "the replaced package's engine is still held"
