"""Work started once the main window is shown: glossary load, model warm-up, a bundled model."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from app.engine import engine_for
from app.failures import user_message
from app.i18n import _
from app.model_store import InstalledModel
from app.ui.operations import Op
from glossary.terms import TermEntry

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def warm_up(package: Path | None) -> None:
    """Load the model and the English inflection tables before the first translation needs them."""
    from app.terminology import english_plural

    if package is not None:
        _ = engine_for(package).translator
    english_plural(TermEntry("Bollwerk", "bulwark"))


def install_bundled_model(window: MainWindow) -> Op[InstalledModel] | None:
    """First start of an installer that ships a model: install it, offline, in the background."""
    from app import paths

    folder = paths.bundled_models_dir()
    if window.model_path() is not None or folder is None:
        return None
    archives = sorted(folder.glob("*.argosmodel"))
    if not archives:
        return None

    def installed(model: InstalledModel) -> None:
        window.refresh_model_state()
        window.statusBar().showMessage(_("Installed %s.") % model.code, 6000)

    def refused(error: Exception) -> None:  # the installer's model: logged, the banner stays
        window.refresh_model_state()
        window.statusBar().showMessage(user_message(error), 10_000)

    op = Op("install bundled model", lambda _ctx: window.models.install(archives[0]))
    return op.success(installed).failure(refused).run(window.runner)


def start_loading(window: MainWindow) -> None:
    """Work that must not delay the first paint: the glossary (matcher build) and the model."""
    QTimer.singleShot(0, window.glossary.load_async)
    QTimer.singleShot(0, lambda: install_bundled_model(window))
    package = window.model_path()
    warming = Op("warm up", lambda _ctx: warm_up(package))
    QTimer.singleShot(0, lambda: warming.failure(lambda _error: None).run(window.runner))
