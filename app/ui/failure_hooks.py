"""Uncaught exceptions in the desktop app (Qt slots, event handlers, threads) become one message.

Qt calls `sys.excepthook` for an exception escaping a slot or an overridden event handler; Python
calls `threading.excepthook` for one escaping a thread. Both are routed here: the traceback goes
to the log (`app.failures`), the user sees the message in a dialog (on stderr when the app runs
headless, e.g. `wortlaut gui --screenshot`), and the app keeps running.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.failures import report_failure
from app.i18n import _

_ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
_ThreadExceptHook = Callable[[threading.ExceptHookArgs], object]


class FailureReporter(QObject):
    """Installs the hooks; shows at most one failure dialog at a time (the rest are logged)."""

    failure_reported = Signal(str)  # the user's message; emitted from any thread

    def __init__(
        self,
        parent_widget: Callable[[], QWidget | None] = QApplication.activeWindow,
        headless: bool = False,
    ):
        super().__init__()
        self.parent_widget = parent_widget
        self.headless = headless
        self.messages: list[str] = []
        self._showing = False
        self._previous: tuple[_ExceptHook, _ThreadExceptHook] | None = None
        self.failure_reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def _excepthook(
        self,
        kind: type[BaseException],
        value: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        value.__traceback__ = traceback
        self.failure_reported.emit(report_failure(value, "desktop app"))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or isinstance(args.exc_value, SystemExit):
            return
        thread = args.thread.name if args.thread is not None else "a thread"
        self.failure_reported.emit(report_failure(args.exc_value, f"desktop app ({thread})"))

    @Slot(str)
    def _show(self, message: str) -> None:
        self.messages.append(message)
        if self.headless:
            print(f"wortlaut: error: {message}", file=sys.stderr)
            return
        if self._showing:  # one dialog at a time: a failing repaint must not stack dialogs
            return
        self._showing = True
        try:
            QMessageBox.critical(
                self.parent_widget(),
                _("Something went wrong"),
                _("Wortlaut could not finish what it was doing. Your work is kept.")
                + "\n\n"
                + message,
            )
        finally:
            self._showing = False
