"""Errors that carry what a user needs to fix their input: the file, the line and the problem."""

from __future__ import annotations

import errno

_OS_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EDQUOT: "the disk quota is exceeded",
}


def os_problem(exc: OSError) -> str:
    """What went wrong in an operating-system error, in words ("the disk is full")."""
    return _OS_PROBLEMS.get(exc.errno or 0) or exc.strerror or str(exc) or type(exc).__name__


def describe_os_error(exc: OSError) -> str:
    """`FILE: problem` for an operating-system error (the file names it carries, if any)."""
    names = [str(n) for n in (exc.filename, exc.filename2) if n not in (None, "")]
    return f"{' → '.join(names)}: {os_problem(exc)}" if names else os_problem(exc)


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
