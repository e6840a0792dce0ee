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


def glossary_db() -> Path:
    """The local SQLite glossary database (used when no server URL is configured)."""
    return data_home() / "glossary.db"


def tm_db() -> Path:
    """The local SQLite translation memory (used when no server URL is configured)."""
    return data_home() / "tm.db"


def models_dir() -> Path:
    """Installed argos packages, one folder each."""
    path = data_home() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    """The rotating log of failures (tracebacks never reach the user; they go here)."""
    path = data_home() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def argos_dir() -> Path:
    """Where argostranslate may keep its own data, config and cache (never the user's home)."""
    path = data_home() / "argos"
    path.mkdir(parents=True, exist_ok=True)
    return path


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_dir() -> Path:
    """The frozen app's folder of bundled files (PyInstaller's `_internal`)."""
    return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))


def resources_dir() -> Path:
    """The shipped resources: the bundle folder when frozen, else the `wortlaut_resources`
    package through importlib.resources (an installed wheel or an editable checkout), else the
    `resources/` folder beside the sources (a checkout run without installing)."""
    if is_frozen():
        return bundle_dir() / "resources"
    try:
        from importlib.resources import files

        located = Path(str(files("wortlaut_resources")))
        if located.is_dir():
            return located
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "resources"


def bundled_models_dir() -> Path | None:
    """Argos packages shipped inside an installer (see packaging/build.py --bundle-model)."""
    folder = (bundle_dir() if is_frozen() else resources_dir()) / "models"
    return folder if folder.is_dir() else None


def licences_dir() -> Path:
    """The licence texts shipped with the app (Help ▸ About ▸ Licences). An installer's holds
    the generated THIRD-PARTY-LICENSES.txt and QT-NOTICE.txt too (packaging/licences.py)."""
    return resources_dir() / "licences"


def own_licence() -> Path:
    """Wortlaut's own licence: in the bundle when frozen, else LICENSE at the top of the
    checkout (falling back to the bundle's name for an installed wheel without one)."""
    checkout = Path(__file__).resolve().parent.parent / "LICENSE"
    if not is_frozen() and checkout.is_file():
        return checkout
    return licences_dir() / "LICENSE.txt"


def sample_path(name: str) -> Path:
    """A sample file shipped in `resources/samples/`."""
    return resources_dir() / "samples" / name


def same_file(a: Path, b: Path) -> bool:
    """True when `a` and `b` name the same file: equal once resolved (`./x`, `../d/x`, symbolic
    links), or, when both exist, the same file on disk (hard links, case-insensitive file
    systems). Writing `b` would then replace `a`."""
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:  # one of them does not exist (yet)
        pass
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: not a file we can compare
        return False
