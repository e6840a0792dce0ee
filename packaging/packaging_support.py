"""What goes into the frozen app, in one place (used by wortlaut.spec and build.py)."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "Wortlaut"
BUNDLE_ID = "app.wortlaut.editor"

# We use QtCore, QtGui and QtWidgets only.
QT_EXCLUDES = [
    f"PySide6.{name}"
    for name in (
        "QtNetwork QtQml QtQuick QtQuickWidgets QtQuickControls2 QtSql QtSvg QtSvgWidgets "
        "QtTest QtXml QtOpenGL QtOpenGLWidgets QtPrintSupport QtDBus QtConcurrent QtDesigner "
        "QtHelp QtMultimedia QtMultimediaWidgets QtPdf QtPdfWidgets QtWebEngineCore "
        "QtWebEngineWidgets QtWebChannel QtWebSockets QtPositioning QtLocation QtBluetooth "
        "QtNfc QtSensors QtSerialPort QtStateMachine QtUiTools QtCharts QtDataVisualization "
        "Qt3DCore QtGraphs QtSpatialAudio QtTextToSpeech QtHttpServer QtRemoteObjects QtScxml"
    ).split()
]
# Not needed by the desktop app: argos' sentence splitter (onnxruntime), the eval command's
# scorer (sacrebleu with numpy; `wortlaut eval` says to use the pip package instead), test
# tools, Tk. lxml stays: DOCX, XLIFF and HTML documents are read with it (app/formats/).
PYTHON_EXCLUDES = [
    "numpy",
    "onnxruntime",
    "minisbd",
    "stanza",
    "spacy",
    "torch",
    "sacrebleu",
    "regex",
    "tabulate",
    "portalocker",
    "colorama",
    "tkinter",
    "pytest",
    "hypothesis",
    "IPython",
    "matplotlib",
    "PIL",
    "pydoc_data",
    # Syntax highlighting for Mako's error pages (Alembic's templates); Mako falls back to
    # plain HTML escaping without it.
    "pygments",
    "mako.ext.pygmentplugin",
    "mako.testing",
    "readline",  # an interactive console's line editing (with libreadline, libtinfo)
    # rapidfuzz's AVX2 build of fuzz (2.2 MB): rapidfuzz falls back to its SSE2 build when the
    # module is missing (an ImportError it suppresses); our scores are the same, a little slower.
    "rapidfuzz.fuzz_cpp_avx2",
    # lxml parts no code of ours or openpyxl imports: objectify, SAX, HTML diff/clean/soup/
    # html5lib parsers, Schematron, CSS selectors, doctest helpers (etree and html stay).
    "lxml.objectify",
    "lxml.sax",
    "lxml.isoschematron",
    "lxml.cssselect",
    "lxml.usedoctest",
    "lxml.doctestcompare",
    "lxml.html.diff",
    "lxml.html._difflib",
    "lxml.html._diffcommand",
    "lxml.html.clean",
    "lxml.html.html5parser",
    "lxml.html._html5builder",
    "lxml.html.soupparser",
    "lxml.html.ElementSoup",
    "lxml.html.formfill",
    "lxml.html.usedoctest",
]
if sys.platform.startswith("linux"):
    # keyring's Secret Service backend needs cryptography (12 MB); without it the Linux build
    # asks for a team-server password once per session. Windows and macOS keychains need nothing.
    PYTHON_EXCLUDES += ["secretstorage", "cryptography", "jeepney"]
QT_PLUGINS_KEPT = ("platforms", "styles", "imageformats", "platformthemes", "xcbglintegrations",
                   "wayland-shell-integration", "wayland-decoration-client",
                   "wayland-graphics-integration-client")  # fmt: skip
# Within the kept kinds, only the plugins a desktop session or the self-test loads.
# Images: our icons are PNG (built into QtGui); Wayland: a desktop compositor speaks xdg-shell,
# the other shells are for embedded compositors and the "-server" buffer integrations for
# clients of Qt-based compositors.
QT_PLUGIN_FILES_DROPPED = re.compile(
    r"(qeglfs|qlinuxfb|qminimalegl|qvkkhrdisplay|qvnc|qgtk3|qgif|qtga|qtiff|qwbmp|qwebp|qsvg"
    r"|qjpeg|qicns|-server\.|fullscreen-shell|ivi-shell|qt-shell|wl-shell)"
)
# Linux: libraries of every desktop distribution that PyInstaller would copy from the build
# machine (the AppImage exclude list leaves out the same): D-Bus (with libsystemd and
# libgcrypt behind it), Xlib, fontconfig/FreeType (a bundled fontconfig older than the system's
# configuration is a known source of broken fonts). Matched on top-level files only.
LINUX_SYSTEM_LIBRARIES = re.compile(r"^lib(dbus-1|X11|fontconfig|freetype)\.so")
BABEL_LOCALES_KEPT = re.compile(r"(root|en|de|en_[A-Z]+|de_[A-Z]+)\.dat$")
QT_TRANSLATIONS_KEPT = re.compile(r"qt(base)?_(de|en)\.qm$")


# Runtime dependencies imported lazily or by branches still landing: bundled when installed,
# skipped (not a PyInstaller error) when not, so the spec builds on every branch.
OPTIONAL_HIDDENIMPORTS = [
    "openpyxl",
    "lxml.etree",
    "lxml.html",
    "rapidfuzz.fuzz",
    "rapidfuzz.distance",
    "rapidfuzz.process",
]


def importable(module: str) -> bool:
    """True when `module` can be imported here (its parent packages included)."""
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:  # a parent package is missing
        return False


def keep_data(destination: str) -> bool:
    """Drop babel locale data and Qt translations of languages the UI does not speak."""
    path = destination.replace("\\", "/")
    if "babel/locale-data/" in path:
        return bool(BABEL_LOCALES_KEPT.search(path))
    if "/translations/" in path and path.endswith(".qm"):
        return bool(QT_TRANSLATIONS_KEPT.search(path.rsplit("/", 1)[-1]))
    return True


def keep_binary(destination: str) -> bool:
    """Drop Qt plugins of kinds we never load (multimedia, sql drivers, …) and Qt Quick/QML."""
    path = destination.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    if "/plugins/" in path:
        kind = path.split("/plugins/", 1)[1].split("/", 1)[0]
        return kind in QT_PLUGINS_KEPT and not QT_PLUGIN_FILES_DROPPED.search(name)
    if "/" not in path and sys.platform.startswith("linux") and LINUX_SYSTEM_LIBRARIES.match(name):
        return False
    unused = (
        "Qt6Quick", "Qt6Qml", "Qt6Pdf", "Qt6VirtualKeyboard", "Qt6Network", "Qt6Svg",
        "Qt6EglFS", "Qt6EglFsKms",
        # only the (dropped) GTK platform theme loads these
        "libgtk-", "libgdk-", "libgdk_pixbuf", "libatk", "libcairo", "libpango", "libpixman",
        "libharfbuzz", "libfribidi", "libthai", "libdatrie", "libgraphite2", "libepoxy",
    )  # fmt: skip
    return not any(part in name for part in unused)


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])
