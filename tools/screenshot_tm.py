"""Make docs/tm-dock.png: the sample article translated, the translation memory dock showing
fuzzy matches for a segment with their word diff.

    QT_QPA_PLATFORM=offscreen python -m tools.screenshot_tm [OUT.png]

Runs in a throwaway data folder with the tiny test model (its "translation" copies words), and
a memory holding a few units near the sample's sentences.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "article-de.txt"
TINY_MODEL = ROOT / "tests" / "fixtures" / "translate-de_en-tiny.argosmodel"
SEGMENT = "Lukaschenko will nicht in den Krieg eingreifen"
UNITS = [  # (source, target, author): near the segment above, and one exact for another
    (
        "Lukaschenko will nicht in den Konflikt eingreifen",
        "Lukashenko does not want to intervene in the conflict",
        "Anna Berger",
    ),
    (
        "Lukaschenko will jetzt doch in den Krieg eingreifen",
        "Lukashenko now wants to enter the war after all",
        "Jonas Weber",
    ),
    (
        "Putin will nicht in den Krieg eingreifen",
        "Putin does not want to intervene in the war",
        "Anna Berger",
    ),
    (
        "Putin verliert wichtigen Verbündeten!",
        "Putin loses an important ally!",
        "Anna Berger",
    ),
]


def wait(app: object, done: object, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:  # type: ignore[operator]
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def main(out: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["WORTLAUT_HOME"] = tempfile.mkdtemp(prefix="wortlaut-shot-")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app import i18n
    from app.model_store import ModelStore
    from app.ui.main_window import MainWindow
    from tm.store import TranslationMemory

    ModelStore().install(TINY_MODEL)
    app = QApplication.instance() or QApplication(sys.argv)
    i18n.set_language("en")
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    window.glossary.load_now()
    wait(app, lambda: window.tm.service.ready)
    memory = TranslationMemory.open(window.tm.service.url)
    for source, target, author in UNITS:
        memory.confirm(source, target, author=author, document="belarus-2022-10.txt")
    memory.close()
    window.open_path(SAMPLE)
    window.translate_all()
    wait(app, lambda: window.job is None, 600)
    row = next(s.index for s in window.session.project.segments if SEGMENT in s.source)
    window.select_row(row)
    wait(app, lambda: len(window.tm.dock.items) > 1)
    window.resizeDocks([window.tm.dock], [440], Qt.Orientation.Horizontal)
    docks = [window.glossary_dock, window.tm.dock, window.qa_dock]
    window.resizeDocks(docks, [300, 320, 90], Qt.Orientation.Vertical)
    window.row_heights.flush()
    for _ in range(10):
        app.processEvents()
    window.grab().save(str(out))
    window.session.mark_saved()
    window.runner.cancel_all()
    window.runner.wait(10_000)
    window.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "tm-dock.png"))
