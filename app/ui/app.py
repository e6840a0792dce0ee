"""Start the desktop app: language, Qt translations, main window, crash recovery, screenshots."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from app import i18n

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

PROCESS_START = time.perf_counter()


def install_qt_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Qt's own strings (dialog buttons, file dialogs) in the UI language, from `qtbase_*.qm`."""
    translators = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase",):
        translator = QTranslator(app)
        if translator.load(QLocale(language), name, "_", folder):
            app.installTranslator(translator)
            translators.append(translator)
    return translators


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Wortlaut")
    app.setOrganizationName("Wortlaut")
    app.setApplicationDisplayName("Wortlaut")
    from PySide6.QtGui import QIcon

    from app import paths

    icon = paths.resources_dir() / "icons" / "wortlaut-256.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run(
    document: Path | None = None,
    screenshot: Path | None = None,
    report_startup: bool = False,
) -> int:
    from app.failures import setup_logging
    from app.ui.failure_hooks import FailureReporter

    setup_logging()
    app = make_application()
    route_qt_messages_to_log()
    reporter = FailureReporter(headless=screenshot is not None or report_startup)
    reporter.install()
    try:
        return _run_window(app, document, screenshot, report_startup)
    finally:
        reporter.uninstall()
        qInstallMessageHandler(None)


def _run_window(
    app: QApplication, document: Path | None, screenshot: Path | None, report_startup: bool
) -> int:
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings
    from app.ui.startup import start_loading

    settings = Settings()
    language = i18n.set_language(settings.language)
    install_qt_translations(app, language)
    window = MainWindow(settings)
    if screenshot is not None:
        window.resize(1280, 800)
    window.show()
    if report_startup:
        app.processEvents()
        shown = time.perf_counter() - PROCESS_START
        print(f"window shown ({shown * 1000:.0f} ms after importing the UI)", flush=True)
        QTimer.singleShot(0, app.quit)
        code = app.exec()
        _shut_down(app, window)
        return code
    if screenshot is not None:
        return _screenshot(app, window, document, screenshot)
    start_loading(window)
    QTimer.singleShot(0, lambda: _after_show(window, document))
    code = app.exec()
    _shut_down(app, window)
    return code


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def route_qt_messages_to_log() -> None:
    """Qt's own messages ("This plugin does not support …") go to the log, not the terminal."""
    qInstallMessageHandler(_log_qt_message)


def _log_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    logging.getLogger("wortlaut.qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def _shut_down(app: QApplication, window: MainWindow) -> None:
    """Stop workers and delete Qt objects while Python is still fully alive."""
    window.runner.cancel_all()
    window.runner.wait(10_000)
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def _after_show(window: MainWindow, document: Path | None) -> None:
    if not window.offer_recovery() and document is not None:
        window.open_path(document)


def _screenshot(app: QApplication, window: MainWindow, document: Path | None, out: Path) -> int:
    """Load, translate if a model is installed, wait, grab the window, exit."""
    from app.ui.prompts import DialogPrompts

    if isinstance(window.prompts, DialogPrompts):
        window.prompts.headless = True
    window.glossary.load_now()
    if document is not None and not window.open_path(document):
        _shut_down(app, window)  # the glossary may still be loading: stop it before exiting
        return 2
    job = window.translate_all() if window.model_path() is not None else None
    if job is not None:
        deadline = time.monotonic() + 600
        while window.job is not None and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
    if window.session.project.segments:
        window.select_row(min(4, len(window.session.project.segments) - 1))
    window.row_heights.flush()
    for _ in range(5):
        app.processEvents()
    window.session.mark_saved()  # a screenshot run leaves no "unsaved changes" behind
    image = window.grab()
    out.parent.mkdir(parents=True, exist_ok=True)
    ok = image.save(str(out))
    window.close()
    _shut_down(app, window)
    if not ok:
        print(f"wortlaut: error: cannot write {out}", file=sys.stderr)
        return 2
    print(f"wrote {out} ({image.width()}×{image.height()})")
    return 0
