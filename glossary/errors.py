"""Errors that carry what a user needs to fix their input: the file, the line and the problem."""

from __future__ import annotations


class WortlautError(Exception):
    """A failure the user can act on. `str()` is the whole message (one or two lines, naming the
    file, line or item and the problem); front ends show it as is and never a traceback."""


class InputError(WortlautError):
    """Bad user input. `str()` reads `FILE:LINE: problem` (line omitted when unknown)."""

    def __init__(self, problem: str, *, source: str | None = None, line: int | None = None):
        super().__init__(problem)
        self.problem = problem
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {self.problem}" if where else self.problem
