"""Background work for the UI: one `Task` per long job, run on a thread pool, reporting by signal.

A task function receives a `TaskContext` to report progress, stream partial results and check
for cancellation; its return value arrives in `succeeded`, an exception as a readable message in
`failed`. Widgets never block on a task: they connect to its signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.cancel import Cancelled
from app.failures import report_failure


class TaskSignals(QObject):
    progress = Signal(int, int)  # done, total
    partial = Signal(object)  # a piece of the result, as soon as it is ready
    succeeded = Signal(object)
    failed = Signal(str)  # the user's message (app.failures)
    failed_with = Signal(object)  # the exception itself, for views that react to its kind
    cancelled = Signal()
    finished = Signal()  # after exactly one of succeeded / failed / cancelled


class TaskContext:
    def __init__(self, signals: TaskSignals, cancel: threading.Event):
        self._signals = signals
        self._cancel = cancel

    def progress(self, done: int, total: int) -> None:
        self._signals.progress.emit(done, total)

    def partial(self, value: object) -> None:
        self._signals.partial.emit(value)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


class Task(QRunnable):
    def __init__(self, label: str, function: Callable[[TaskContext], Any]):
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps it until `finished`
        self.label = label
        self.function = function
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()
        self.owner: object = None  # what must live as long as the task (its Op)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.function(TaskContext(self.signals, self._cancel))
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # a worker must never take the app down
            self.signals.failed.emit(report_failure(exc, self.label))
            self.signals.failed_with.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.done.set()
            self.signals.finished.emit()


class TaskRunner(QObject):
    """Starts tasks on a private thread pool and keeps them alive until they finish."""

    running_changed = Signal()

    def __init__(self, parent: QObject | None = None, threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self.tasks: list[Task] = []

    def start(self, task: Task) -> Task:
        self.tasks.append(task)
        task.signals.finished.connect(lambda: self._forget(task))
        self.pool.start(task)
        self.running_changed.emit()
        return task

    def _forget(self, task: Task) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        self.running_changed.emit()

    def cancel_all(self) -> None:
        for task in list(self.tasks):
            task.cancel()

    def wait(self, milliseconds: int = -1) -> bool:
        return self.pool.waitForDone(milliseconds)
