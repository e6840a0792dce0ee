"""Cancelling long operations: the exception a cancelled job raises and the check it polls.

Neutral ground for the engine, model installs and the UI's background tasks, which all stop on
the user's request the same way.
"""

from __future__ import annotations

from collections.abc import Callable

CancelCheck = Callable[[], bool]  # True once the user asked to stop


class Cancelled(Exception):
    """The user cancelled a long operation."""
