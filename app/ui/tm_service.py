"""The translation memory as the open app sees it: a thin Qt face over `tm.store`.

The memory lives in the glossary's database: the team server's URL when the window uses one
(the same `--db` URL as the CLI), else the per-user `tm.db` (as `wortlaut tm` without `--db`).
Opening, every lookup and every write run in a background `Op`; the UI thread only receives
results. Until the memory is open (or when it cannot be opened), translation runs without it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app import paths
from app.ui.operations import Op
from app.ui.tasks import TaskRunner
from glossary.storage import sqlite_url
from tm.store import TranslationMemory
from tm.units import TMMatch, TranslationUnit

MATCHES_SHOWN = 3  # matches offered in the dock (Ctrl+1…3)


def memory_url(glossary_url: str) -> str:
    """The memory's database for a window whose glossary is at `glossary_url`."""
    if glossary_url == sqlite_url(paths.glossary_db()):
        return sqlite_url(paths.tm_db())  # the local glossary file stays small
    return glossary_url


class TMService(QObject):
    opened = Signal()
    unavailable = Signal(str)  # why the memory cannot be used (the window works on without it)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.url = ""
        self.memory: TranslationMemory | None = None
        self.problem = ""
        self._opening: Op[TranslationMemory] | None = None

    @property
    def ready(self) -> bool:
        return self.memory is not None

    # -- opening ------------------------------------------------------------------------------
    def open(self, glossary_url: str, password: str | None = None) -> Op[TranslationMemory]:
        """Open (creating or upgrading the schema) the memory beside the glossary, in a worker."""
        url = memory_url(glossary_url)
        self.close()
        self.url, self.problem = url, ""
        op: Op[TranslationMemory] = Op(
            "open translation memory", lambda _ctx: TranslationMemory.open(url, password)
        )
        self._opening = op
        op.success(lambda memory: self._install(memory, op)).failure(
            lambda error: self._failed(error, op)
        )
        return op.run(self.runner)

    def _install(self, memory: TranslationMemory, op: Op[TranslationMemory]) -> None:
        if op is not self._opening:
            memory.close()  # a newer open replaced this one
            return
        self._opening = None
        self.memory = memory
        self.opened.emit()

    def _failed(self, error: Exception, op: Op[TranslationMemory]) -> None:
        if op is self._opening:
            self._opening = None
            self.problem = str(error)
            self.unavailable.emit(self.problem)

    def close(self) -> None:
        self._opening = None
        if self.memory is not None:
            self.memory.close()
            self.memory = None

    # -- reading and writing: each one call in a worker ---------------------------------------
    def lookup(
        self, source: str, prev_source: str, next_source: str, min_score: int
    ) -> Op[list[TMMatch]]:
        memory = self._memory()
        return Op(
            "look up translation memory",
            lambda _ctx: memory.lookup(
                source, prev_source, next_source, min_score=min_score, limit=MATCHES_SHOWN
            ),
        ).run(self.runner)

    def concordance(self, phrase: str) -> Op[list[TranslationUnit]]:
        memory = self._memory()
        return Op("search translation memory", lambda _ctx: memory.concordance(phrase)).run(
            self.runner
        )

    def remember(
        self,
        source: str,
        target: str,
        prev_source: str,
        next_source: str,
        author: str,
        document: str,
        markers: bool = False,
    ) -> Op[TranslationUnit]:
        """Write a confirmed segment (upsert: confirming it again keeps one unit; `markers`:
        the target's tag markers are kept as inline codes)."""
        memory = self._memory()
        return Op(
            "remember segment",
            lambda _ctx: memory.confirm(
                source, target, prev_source, next_source, author, document, markers=markers
            ),
        ).run(self.runner)

    def _memory(self) -> TranslationMemory:
        if self.memory is None:
            raise RuntimeError("the translation memory is not open")  # callers check `ready`
        return self.memory
