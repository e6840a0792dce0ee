"""The one place that decides where Wortlaut's files live.

`WORTLAUT_HOME` overrides the per-user data folder; otherwise the platform's usual place is used
(`%APPDATA%\\Wortlaut`, `~/Library/Application Support/Wortlaut`, `$XDG_DATA_HOME/wortlaut`).
Resources are found next to the sources, or in the bundle folder when frozen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Wortlaut"


def data_home() -> Path:
    """The per-user data folder (created on first use)."""
    override = os.environ.get("WORTLAUT_HOME")
    if override:
        home = Path(override).expanduser()
    elif sys.platform == "win32":
        home = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_NAME
    elif sys.platform == "darwin":
        home = Path.home() / "Library" / "Application Support" / APP_NAME
    else:
        xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        home = Path(xdg) / APP_NAME.lower()
    home.mkdir(parents=True, exist_ok=True)
    return home


def models_dir() -> Path:
    """Installed argos packages, one folder each."""
    path = data_home() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def argos_dir() -> Path:
    """Where argostranslate may keep its own data, config and cache (never the user's home)."""
    path = data_home() / "argos"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The `resources/` folder, from a source checkout, an installed wheel or a frozen bundle."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def sample_path(name: str) -> Path:
    """A sample file shipped in `resources/samples/`."""
    return resources_dir() / "samples" / name
