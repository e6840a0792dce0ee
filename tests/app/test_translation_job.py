"""The translation worker's body, driven without Qt: chunks, streamed results, cancelling."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.model_store import Cancelled
from app.segmentation import segment_document
from app.translation_job import CHUNK, FIRST_CHUNK, TranslatedSegment, translate_rows
from glossary.matcher import Matcher
from glossary.terms import TermEntry
from tests.app.fake_mt import WordByWordMT


class RecordingContext:
    """A `JobContext` that records what the job reports and cancels after `cancel_after` chunks."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.chunks: list[list[TranslatedSegment]] = []
        self.progress_reports: list[tuple[int, int]] = []
        self.cancel_after = cancel_after

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.chunks) >= self.cancel_after

    def check(self) -> None:
        if self.cancelled():
            raise Cancelled()

    def partial(self, value: object) -> None:
        assert isinstance(value, list)
        self.chunks.append(value)

    def progress(self, done: int, total: int) -> None:
        self.progress_reports.append((done, total))


def sentences(n: int) -> str:
    return " ".join(f"Der Kreml schweigt {i}." for i in range(n))


def test_the_first_chunk_is_small_so_results_appear_quickly() -> None:
    document = segment_document(sentences(30))
    rows = list(range(len(document.segments)))
    ctx = RecordingContext()
    done = translate_rows(ctx, WordByWordMT({"Kreml": "Kremlin"}), document, rows, [], None)
    assert done == len(rows) == 30
    assert [len(chunk) for chunk in ctx.chunks] == [FIRST_CHUNK, CHUNK, 30 - FIRST_CHUNK - CHUNK]
    assert ctx.progress_reports[-1] == (30, 30)


def test_only_the_chosen_rows_are_translated_and_their_terms_reported() -> None:
    document = segment_document(sentences(5))
    terms = [TermEntry("Kreml", "Kremlin")]
    ctx = RecordingContext()
    translate_rows(ctx, WordByWordMT(), document, [1, 3], terms, Matcher(terms))
    results = [segment for chunk in ctx.chunks for segment in chunk]
    assert [r.index for r in results] == [1, 3]
    assert all("Kremlin" in r.target for r in results)
    assert all(r.terms for r in results)
    assert document.segments[0].target == ""


def test_a_cancelled_job_stops_between_chunks() -> None:
    document = segment_document(sentences(30))
    ctx = RecordingContext(cancel_after=1)
    with pytest.raises(Cancelled):
        translate_rows(ctx, WordByWordMT(), document, list(range(30)), [], None)
    assert [len(chunk) for chunk in ctx.chunks] == [FIRST_CHUNK]


def test_the_job_runs_without_qt() -> None:
    code = (
        "import sys, app.translation_job; "
        "sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
