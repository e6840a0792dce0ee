"""`wortlaut --self-test [MODEL]`: prove a build works end to end, offline, in a temporary home.

Used on the frozen app (release workflow, `tests/test_frozen_app.py`) and from source. It opens
the sample article in the real main window (offscreen), installs the given, bundled or test
model through the normal install code, translates with the sample glossary and checks what a
translator would see: every segment translated, every glossary match with an honest status, the
misspelling flagged, the glossary database created by the bundled migrations, the German
catalog and Qt's own translations present. Prints one line per check; exit 0 when all pass.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app import paths


class SelfTestFailure(Exception):
    pass


def find_test_model(given: Path | None) -> Path:
    """The model to install: the one given, one bundled with the build, or the test fixture."""
    if given is not None:
        return given
    candidates: list[Path] = []
    bundled = paths.bundled_models_dir()
    if bundled is not None:
        candidates += sorted(bundled.glob("*.argosmodel"))
    candidates += sorted((paths.bundle_dir() / "selftest").glob("*.argosmodel"))
    source_fixture = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
    candidates += sorted(source_fixture.glob("*.argosmodel"))
    if not candidates:
        raise SelfTestFailure("no model to test with: pass one (wortlaut --self-test FILE)")
    return candidates[0]


def run_self_test(model: Path | None = None, out: Callable[[str], None] = print) -> int:
    home = tempfile.mkdtemp(prefix="wortlaut-selftest-")
    os.environ["WORTLAUT_HOME"] = home
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    try:
        _checks(find_test_model(model), out)
    except SelfTestFailure as exc:
        out(f"self-test FAILED: {exc}")
        return 2
    except Exception as exc:  # anything unexpected is a failure with its reason, not a crash
        out(f"self-test FAILED: {type(exc).__name__}: {exc}")
        return 2
    out(f"self-test passed in {time.perf_counter() - started:.1f} s (home {home})")
    return 0


def check(condition: bool, what: str, out: Callable[[str], None]) -> None:
    if not condition:
        raise SelfTestFailure(what)
    out(f"  ok  {what}")


def _checks(model: Path, out: Callable[[str], None]) -> None:
    from app import i18n
    from app.document import TermStatus
    from app.model_store import ModelStore
    from app.ui.app import install_qt_translations, make_application, route_qt_messages_to_log
    from app.ui.main_window import MainWindow

    out(f"Wortlaut self-test ({'frozen' if paths.is_frozen() else 'source'}, {sys.platform})")
    installed = ModelStore().install(model)
    check(installed.from_code == "de" and installed.to_code == "en", f"installed {model.name}", out)
    app = make_application()
    route_qt_messages_to_log()
    check(bool(install_qt_translations(app, "de")), "Qt's German translations load", out)
    check(i18n.catalog("de").gettext("Glossary") == "Glossar", "the German UI catalog loads", out)
    i18n.set_language("en")
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    window.glossary.load_now()
    check(window.glossary.store is not None, "glossary database created (migrations bundled)", out)
    sample = paths.sample_path("article-de.txt")
    check(window.open_path(sample), f"opened {sample.name}", out)
    check(len(window.glossary.attached) == 17, "sample glossary beside the document used", out)
    job = window.translate_all()
    check(job is not None, "translation started", out)
    deadline = time.monotonic() + 300
    while window.job is not None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    check(window.job is None, "translation finished within 5 minutes", out)
    segments = window.session.project.segments
    check(all(s.target.strip() for s in segments), f"all {len(segments)} segments translated", out)
    results = [r for s in segments for r in s.terms]
    check(len(results) == 36, f"every glossary match has a status ({len(results)})", out)
    placed = sum(r.status is not TermStatus.MISSING for r in results)
    check(placed / len(results) >= 0.9, f"{placed}/{len(results)} terms placed", out)
    flags = [f.details.get("suggestion") for s in segments for f in s.flags]
    check("Kriegspartner" in flags, "misspelling 'Kriesgpartner' flagged", out)
    window.row_heights.flush()
    image = window.grab()
    check(not image.isNull() and image.width() >= 1000, "window renders", out)
    window.session.mark_saved()
    window.close()
    window.glossary.close()
    window.runner.wait(10_000)
