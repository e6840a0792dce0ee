"""Work started once the main window is shown: glossary load, model warm-up, a bundled model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from app.engine import engine_for
from app.i18n import _
from app.ui.tasks import Task
from glossary.terms import TermEntry

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def warm_up(package: Path | None) -> None:
    """Load the model and the English inflection tables before the first translation needs them."""
    from app.terminology import english_plural

    if package is not None:
        _ = engine_for(package).translator
    english_plural(TermEntry("Bollwerk", "bulwark"))


def install_bundled_model(window: MainWindow) -> Task | None:
    """First start of an installer that ships a model: install it, offline, in the background."""
    from app import paths

    folder = paths.bundled_models_dir()
    if window.model_path() is not None or folder is None:
        return None
    archives = sorted(folder.glob("*.argosmodel"))
    if not archives:
        return None
    task = Task("install bundled model", lambda ctx: window.models.install(archives[0]))
    task.signals.finished.connect(window.refresh_model_state)
    task.signals.succeeded.connect(
        lambda model: window.statusBar().showMessage(_("Installed %s.") % model.code, 6000)
    )
    return window.runner.start(task)


def start_loading(window: MainWindow) -> None:
    """Work that must not delay the first paint: the glossary (matcher build) and the model."""
    QTimer.singleShot(0, window.glossary.load_async)
    QTimer.singleShot(0, lambda: install_bundled_model(window))
    package = window.model_path()
    QTimer.singleShot(
        0, lambda: window.runner.start(Task("warm up", lambda _ctx: warm_up(package)))
    )
