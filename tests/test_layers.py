"""The layers stay as docs/architecture.md draws them: imports only point down."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """File → top-level module names it imports (anywhere in the file, also inside functions)."""
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_the_glossary_library_imports_neither_the_app_nor_qt():
    offenders = {
        path: sorted(names & {"app", "PySide6"})
        for path, names in imported_modules(ROOT / "glossary").items()
        if names & {"app", "PySide6"}
    }
    assert offenders == {}


def test_the_translation_memory_library_imports_neither_the_app_nor_qt():
    offenders = {
        path: sorted(names & {"app", "PySide6"})
        for path, names in imported_modules(ROOT / "tm").items()
        if names & {"app", "PySide6"}
    }
    assert offenders == {}


# i18n asks Qt for the system's UI languages when Qt is there (macOS and Windows keep them where
# Python's locale module does not look) and works without it.
OPTIONAL_QT = {"app/i18n.py"}


def test_the_engine_outside_the_ui_imports_no_qt():
    engine = {
        path: names
        for path, names in imported_modules(ROOT / "app").items()
        if not Path(path).is_relative_to("app/ui") and path not in OPTIONAL_QT
    }
    assert {path for path, names in engine.items() if "PySide6" in names} == set()
