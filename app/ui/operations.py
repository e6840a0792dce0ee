"""Background operations, the way Anki's `CollectionOp`/`QueryOp` shape them.

    Op("save term", lambda ctx: store.update(entry)).success(show).failure(explain).run(runner)

The function runs on the runner's thread pool; afterwards exactly one of the `success` callbacks
(with the result) or the `failure` callbacks (with the exception itself, not a string) runs on the
UI thread, in the order they were added; a callback added after the end runs at once. An op
without a failure callback hands its exception to `sys.excepthook`, which the app routes to its
failure dialog and log (`app/ui/failure_hooks.py`): nothing fails silently. A cancelled op runs
its `cancelled` callbacks instead.

`Outcome` is the same promise without a thread, for flows made of several ops and questions to
the user (the save-with-conflict loop): the flow settles it when it ends.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar

from app.ui.tasks import Task, TaskContext, TaskRunner

T = TypeVar("T")


class Outcome(Generic[T]):
    """A result that arrives later: `done`, then `value` or `error`."""

    def __init__(self) -> None:
        self.done = False
        self.was_cancelled = False
        self.value: T | None = None
        self.error: Exception | None = None
        self._on_success: list[Callable[[T], object]] = []
        self._on_failure: list[Callable[[Exception], object]] = []
        self._on_cancel: list[Callable[[], object]] = []

    def success(self, callback: Callable[[T], object]) -> Self:
        if self.done:
            if self.error is None and not self.was_cancelled:
                callback(self.value)  # type: ignore[arg-type]  # set: done without error
        else:
            self._on_success.append(callback)
        return self

    def failure(self, callback: Callable[[Exception], object]) -> Self:
        if self.done:
            if self.error is not None:
                callback(self.error)
        else:
            self._on_failure.append(callback)
        return self

    def cancelled(self, callback: Callable[[], object]) -> Self:
        if self.done:
            if self.was_cancelled:
                callback()
        else:
            self._on_cancel.append(callback)
        return self

    def resolve(self, value: T) -> None:
        if self.done:
            return
        self.done, self.value = True, value
        for callback in self._drain()[0]:
            callback(value)

    def reject(self, error: Exception) -> None:
        if self.done:
            return
        self.done, self.error = True, error
        handlers = self._drain()[1]
        if not handlers:
            sys.excepthook(type(error), error, error.__traceback__)
        for callback in handlers:
            callback(error)

    def cancel_outcome(self) -> None:
        if self.done:
            return
        self.done = self.was_cancelled = True
        for callback in self._drain()[2]:
            callback()

    def _drain(
        self,
    ) -> tuple[
        list[Callable[[T], object]], list[Callable[[Exception], object]], list[Callable[[], object]]
    ]:
        drained = (self._on_success, self._on_failure, self._on_cancel)
        self._on_success, self._on_failure, self._on_cancel = [], [], []
        return drained

    def forward_to(self, other: Outcome[T]) -> Self:
        """Settle `other` the way this one settles."""
        self.success(other.resolve).failure(other.reject).cancelled(other.cancel_outcome)
        return self


class Op(Outcome[T]):
    """One function run in the background; its outcome delivered on the UI thread."""

    def __init__(self, label: str, function: Callable[[TaskContext], T]) -> None:
        super().__init__()
        self.label = label
        self.task = Task(label, function)
        # The runner keeps the task until it finishes, and the task keeps its op: Qt holds
        # bound-method slots weakly, so nothing else has to keep a reference to the op.
        self.task.owner = self
        self.task.signals.succeeded.connect(self.resolve)
        self.task.signals.failed_with.connect(self.reject)
        self.task.signals.cancelled.connect(self.cancel_outcome)

    def on_progress(self, callback: Callable[[int, int], object]) -> Self:
        """`callback(done, total)` whenever the function reports progress."""
        self.task.signals.progress.connect(callback)
        return self

    def on_partial(self, callback: Callable[[Any], object]) -> Self:
        """`callback(piece)` for each piece of the result the function streams."""
        self.task.signals.partial.connect(callback)
        return self

    def run(self, runner: TaskRunner) -> Self:
        runner.start(self.task)
        return self

    def cancel(self) -> None:
        self.task.cancel()
