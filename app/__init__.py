"""Wortlaut application: translation engine, model management, CLI and Qt UI."""

from __future__ import annotations


def _version() -> str:
    """The version in pyproject.toml, through the installed (or frozen) distribution metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wortlaut")
    except PackageNotFoundError:  # a checkout used without installing
        import re
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        found = re.search(r'^version = "([^"]+)"', pyproject.read_text(), re.M)
        return found.group(1) if found else "0+unknown"


__version__ = _version()
