"""Hear about other people's glossary changes as they are committed (PostgreSQL LISTEN/NOTIFY).

`ChangeListener` runs a background thread with its own connection and calls back with the
glossary id of every committed change. It reconnects after the server goes away. SQLite has no
notifications: editors poll `GlossaryStore.changes_since()` instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.engine import make_url

from glossary.storage import NOTIFY_CHANNEL

log = logging.getLogger(__name__)


def libpq_url(url: str, password: str | None = None) -> str:
    """A SQLAlchemy PostgreSQL URL as a libpq connection string (for psycopg directly)."""
    parsed = make_url(url).set(drivername="postgresql")
    if password is not None:
        parsed = parsed.set(password=password)
    return parsed.render_as_string(hide_password=False)


class ChangeListener:
    def __init__(
        self,
        url: str,
        on_change: Callable[[str], None],
        password: str | None = None,
        retry_seconds: float = 5.0,
    ):
        self.conninfo = libpq_url(url, password)
        self.on_change = on_change
        self.retry_seconds = retry_seconds
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="glossary-listener", daemon=True)
        self.connected = False

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def wait_listening(self, timeout: float) -> bool:
        return self._listening.wait(timeout)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    self.connected = True
                    self._listening.set()
                    while not self._stop.is_set():
                        for notice in conn.notifies(timeout=0.5):
                            self.on_change(notice.payload)
            except psycopg.Error as exc:
                log.info("glossary listener: %s; retrying in %.0f s", exc, self.retry_seconds)
            finally:
                self.connected = False
                self._listening.clear()
            self._stop.wait(self.retry_seconds)
