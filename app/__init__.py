"""Wortlaut application: translation engine, model management, CLI and Qt UI."""

from __future__ import annotations

__version__ = "0.1.0"
