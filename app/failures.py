"""The one error policy: what a user reads when something fails, and where the details go.

Every front end (CLI, GUI, workers) turns an exception into a message with `describe_failure`:
a `WortlautError` says what went wrong in its own words; an operating-system error names the file
and the problem; anything else is "unexpected" and the message points to the log file. The full
traceback of every failure goes to a rotating log under `WORTLAUT_HOME/logs/`, never to the user.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from dataclasses import dataclass
from pathlib import Path

from app import paths
from glossary.errors import WortlautError, describe_os_error

LOG_FILE_NAME = "wortlaut.log"
LOG_MAX_BYTES = 1024 * 1024
LOG_BACKUPS = 4

log = logging.getLogger("wortlaut")

_handler: logging.FileHandler | None = None


def log_file() -> Path:
    """Where failures are logged (the folder is created on first use)."""
    return paths.logs_dir() / LOG_FILE_NAME


class _QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A log that cannot be written (full disk, folder gone) is skipped, never reported on
    stderr with a traceback the way `logging` does by default."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


OUR_LOGGERS = ("wortlaut", "app", "glossary")


def _ours_or_a_warning(record: logging.LogRecord) -> bool:
    """Our own records from INFO up; libraries' (alembic's "Running upgrade …") only from
    WARNING up, so the log holds what helps with a failure."""
    return record.name.split(".")[0] in OUR_LOGGERS or record.levelno >= logging.WARNING


def setup_logging() -> Path | None:
    """Send Wortlaut's log records (and uncaught failures) to the rotating log file.

    Idempotent; follows `WORTLAUT_HOME` if it changed. Returns the log file, or None when it
    cannot be written (a read-only data folder): failures are still reported, without a log.
    """
    global _handler
    try:
        path = log_file()
    except OSError:
        return None
    if isinstance(_handler, logging.FileHandler) and Path(_handler.baseFilename) == path:
        return path
    teardown_logging()
    handler = _QuietRotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    handler.setLevel(logging.INFO)
    handler.addFilter(_ours_or_a_warning)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    _handler = handler
    return path


def teardown_logging() -> None:
    """Detach the log file (tests switch WORTLAUT_HOME between runs)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


@dataclass(frozen=True)
class Failure:
    """What to tell the user about one exception."""

    message: str  # one or two lines, no traceback
    expected: bool  # a WortlautError or an OS error we can name: nothing to debug


def describe_failure(exc: BaseException) -> Failure:
    """The user's message for `exc` (see the module docstring for the policy)."""
    if isinstance(exc, WortlautError):
        return Failure(str(exc) or type(exc).__name__, expected=True)
    if isinstance(exc, OSError) and not isinstance(exc, ConnectionError | TimeoutError):
        return Failure(describe_os_error(exc), expected=True)
    if isinstance(exc, MemoryError):
        return Failure("not enough memory for this input", expected=False)
    if isinstance(exc, RecursionError):
        return Failure("the input is nested too deeply to process", expected=False)
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = f"unexpected error ({type(exc).__name__}{': ' + detail[:200] if detail else ''})"
    return Failure(text, expected=False)


def report_failure(exc: BaseException, context: str) -> str:
    """Log `exc` with its traceback and return the message to show (with the log's place when
    the failure was unexpected)."""
    failure = describe_failure(exc)
    log_path = setup_logging()
    log.log(
        logging.WARNING if failure.expected else logging.ERROR,
        "%s: %s",
        context,
        failure.message,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    if failure.expected or log_path is None:
        return failure.message
    return f"{failure.message}\ndetails are in the log: {log_path}"


def user_message(exc: BaseException) -> str:
    """The message for `exc` that `report_failure` gave when it logged it (a worker's failure is
    logged where it happened; the UI callback only shows it)."""
    failure = describe_failure(exc)
    log_path = log_file() if not failure.expected else None
    if log_path is None:
        return failure.message
    return f"{failure.message}\ndetails are in the log: {log_path}"


def silence_broken_stdout() -> None:
    """After the reader of our standard output went away (`wortlaut match … | head`): point
    stdout at the null device so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except (OSError, ValueError):
        pass
