"""The licence files every build ships (used by wortlaut.spec; the app shows them in Help ▸ About).

Into the bundle's `resources/licences/` go: our own LICENSE, the LGPL-3.0 and GPL-3.0 texts
(checked in under resources/licences/), and two files generated here at build time from what
PyInstaller actually collected:

- `THIRD-PARTY-LICENSES.txt`: every bundled Python distribution with its licence, as
  pip-licenses reads it from the installed metadata (no hand-kept list), then the Python
  runtime's licence and the native libraries that came with neither.
- `QT-NOTICE.txt`: which Qt libraries are included, where they sit in this folder, how to replace
  them with your own build (LGPL-3.0 section 4), and where the Qt and PySide6 sources are.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

OUR_DISTRIBUTION = "wortlaut"
LICENCES_DEST = "resources/licences"
THIRD_PARTY_FILE = "THIRD-PARTY-LICENSES.txt"
QT_NOTICE_FILE = "QT-NOTICE.txt"
# Distributions whose licence text is one of the files we ship beside the list.
LGPL_DISTRIBUTIONS = {"pyside6-essentials", "pyside6", "shiboken6"}
RULE = "=" * 78


@dataclass(frozen=True)
class PackageLicence:
    name: str
    version: str
    licence: str
    url: str
    text: str  # the licence file's contents, "" when the distribution has none
    notice: str = ""


def bundled_distributions(
    modules: Iterable[str], files: Iterable[str], owners: Mapping[str, Sequence[str]]
) -> list[str]:
    """The distributions that own a bundled module or package folder (ours excluded).

    `owners` maps a top-level name to its distributions
    (`importlib.metadata.packages_distributions()`).
    """
    names = {module.split(".", 1)[0] for module in modules}
    names |= {f.replace("\\", "/").split("/", 1)[0] for f in files if "/" in f.replace("\\", "/")}
    found = {dist for name in names for dist in owners.get(name, ())}
    return sorted((dist for dist in found if normalise(dist) != OUR_DISTRIBUTION), key=str.casefold)


def normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def read_pip_licenses(distributions: Sequence[str]) -> list[PackageLicence]:
    """Licence name, URL and licence text of each distribution, as pip-licenses reports them."""
    command = [
        sys.executable, "-m", "piplicenses", "--format=json", "--with-urls",
        "--with-license-file", "--no-license-path", "--with-notice-file",
        "--packages", *distributions,
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=True)
    except FileNotFoundError as exc:  # pragma: no cover - the interpreter itself is missing
        raise SystemExit(f"cannot run pip-licenses: {exc}") from None
    except subprocess.CalledProcessError as exc:
        if "No module named piplicenses" in exc.stderr:
            raise SystemExit(
                "pip-licenses is needed to list the bundled licences: pip install pip-licenses"
            ) from None
        raise SystemExit(f"pip-licenses failed: {exc.stderr.strip()}") from None
    return parse_pip_licenses(result.stdout)


def parse_pip_licenses(output: str) -> list[PackageLicence]:
    def known(value: object) -> str:
        text = str(value or "").strip()
        return "" if text == "UNKNOWN" else text

    return [
        PackageLicence(
            name=str(row["Name"]),
            version=str(row["Version"]),
            licence=known(row.get("License")) or "not stated in the package metadata",
            url=known(row.get("URL")),
            text=known(row.get("LicenseText")),
            notice=known(row.get("NoticeText")),
        )
        for row in json.loads(output)
    ]


def render_third_party(
    packages: Sequence[PackageLicence], python_licence: str, native_libraries: Sequence[str]
) -> str:
    """THIRD-PARTY-LICENSES.txt: one section per bundled package, then the runtime's parts."""
    packages = sorted(packages, key=lambda package: package.name.casefold())
    lines = [
        "Third-party software included in Wortlaut",
        RULE,
        "",
        "Wortlaut itself is under the MIT licence (LICENSE.txt). This build bundles the",
        "following packages, each under its own licence. The list is generated from the",
        "installed package metadata (pip-licenses) when the installer is built.",
        "",
        *(f"  {p.name} {p.version}: {p.licence}" for p in packages),
        "",
    ]
    for package in packages:
        lines += ["", RULE, f"{package.name} {package.version}", f"Licence: {package.licence}"]
        if package.url:
            lines.append(f"Home page: {package.url}")
        lines.append(RULE)
        if normalise(package.name) in LGPL_DISTRIBUTIONS:
            lines.append(
                "Qt for Python: see QT-NOTICE.txt for the Qt libraries included, how to replace "
                "them, and where their sources are; the licence texts are LGPL-3.0.txt and "
                "GPL-3.0.txt."
            )
        if package.text:
            lines += ["", package.text.rstrip()]
        elif normalise(package.name) not in LGPL_DISTRIBUTIONS:
            lines.append(
                "The package ships no licence file; its licence is named above"
                + (f" and published at {package.url}." if package.url else ".")
            )
        if package.notice:
            lines += ["", "NOTICE:", package.notice.rstrip()]
    lines += ["", RULE, "Python runtime", RULE]
    lines += [
        "The Python interpreter and standard library are bundled under the PSF licence. The",
        "frozen app's launcher is PyInstaller's bootloader (GPL-2.0 with an exception that",
        "places no conditions on the programs it starts).",
        "",
        python_licence.rstrip() or "See https://docs.python.org/3/license.html",
    ]
    if native_libraries:
        lines += ["", RULE, "Other native libraries in this folder", RULE]
        lines += [
            "These came with the Python runtime, a package above (its '.libs' folder) or the",
            "build system, under their own licences (OpenSSL: Apache-2.0; ICU: Unicode-3.0;",
            "GNU libgomp and libstdc++: GPL-3.0 with the GCC Runtime Library Exception):",
            "",
            *(f"  {name}" for name in native_libraries),
        ]
    return "\n".join(lines) + "\n"


def python_licence_text() -> str:
    base = Path(sys.base_prefix)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (base / "LICENSE.txt", base / "lib" / version / "LICENSE.txt"):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8", errors="replace")
    return ""


def is_qt_library(dest: str) -> bool:
    """Qt's and PySide6's own files: everything in the PySide6/shiboken6 folders."""
    path = dest.replace("\\", "/")
    return path.split("/", 1)[0] in ("PySide6", "shiboken6") and "/" in path


def qt_notice(qt_files: Sequence[str], pyside_version: str, qt_version: str) -> str:
    """QT-NOTICE.txt: the LGPL-3.0 notice for the Qt libraries this build includes."""
    listed = sorted({f.replace("\\", "/") for f in qt_files}, key=str.casefold)
    return "\n".join(
        [
            "Qt and Qt for Python (PySide6) in Wortlaut",
            RULE,
            "",
            f"Wortlaut uses Qt {qt_version} through Qt for Python (PySide6) {pyside_version},",
            "unmodified, under the GNU Lesser General Public License version 3 (LGPL-3.0).",
            "The licence texts are in this folder: LGPL-3.0.txt and GPL-3.0.txt (the LGPL",
            "adds its permissions to the GPL's terms). Qt is (c) The Qt Company Ltd and other",
            "contributors.",
            "",
            "Included Qt and PySide6 libraries and plugins (paths inside the app's bundle",
            "folder: _internal/ on Windows and Linux, Contents/Frameworks/ in the macOS app):",
            "",
            *(f"  {name}" for name in listed),
            "",
            "Replacing them",
            "--------------",
            "The app is a folder of separate files, not a single executable: the libraries above",
            "are loaded at start-up from where they are. To use your own build of Qt or PySide6,",
            "build the same version from the sources below (or a later, binary-compatible one),",
            "and put your files in place of those listed, keeping their names. The Python code",
            "that uses them is in the same folder, so Wortlaut runs with your build. On macOS,",
            "re-sign the app after the change (codesign --force --deep -s - Wortlaut.app).",
            "",
            "psycopg, the PostgreSQL driver, is under the LGPL-3.0 too: its Python files are in",
            "psycopg/ (kept as source files for this), its compiled part and libpq in",
            "psycopg_binary/ and psycopg_binary.libs/; replace them the same way. Sources:",
            "https://github.com/psycopg/psycopg and https://www.postgresql.org/ftp/source/",
            "",
            "Sources",
            "-------",
            f"Qt {qt_version}: https://download.qt.io/official_releases/qt/ (qtbase and the",
            "other modules of that release) and https://code.qt.io/cgit/qt/",
            f"Qt for Python {pyside_version}: https://download.qt.io/official_releases/QtForPython/",
            f"and https://code.qt.io/cgit/pyside/pyside-setup.git (tag v{pyside_version})",
            "",
            "We did not modify these libraries. If you cannot obtain the sources from these",
            "addresses, ask us through the project's issue tracker and we will provide them",
            "for at least three years from this release.",
            "",
        ]
    )


def native_libraries(binaries: Iterable[str]) -> list[str]:
    """Bundled shared libraries outside any Python package folder (and not Qt's)."""
    found = set()
    for dest in binaries:
        path = dest.replace("\\", "/")
        top = path.split("/", 1)[0]
        name = path.rsplit("/", 1)[-1]
        if not any(ext in name for ext in (".so", ".dll", ".dylib")) or is_qt_library(path):
            continue
        if "/" not in path or top.endswith(".libs"):
            found.add(path)
    return sorted(found, key=str.casefold)


def write_licence_files(
    folder: Path, modules: Iterable[str], binaries: Sequence[str], datas: Iterable[str]
) -> list[tuple[str, str, str]]:
    """Write the generated licence files into `folder`; every licence file the build ships, as
    PyInstaller TOC entries (destination in the bundle, source, "DATA")."""
    import importlib.metadata

    import PySide6
    from PySide6 import QtCore

    root = Path(__file__).resolve().parent.parent
    folder.mkdir(parents=True, exist_ok=True)
    distributions = bundled_distributions(
        modules, [*binaries, *datas], importlib.metadata.packages_distributions()
    )
    third_party = render_third_party(
        read_pip_licenses(distributions), python_licence_text(), native_libraries(binaries)
    )
    (folder / THIRD_PARTY_FILE).write_text(third_party, encoding="utf-8")
    qt_files = [b for b in binaries if is_qt_library(b)]
    (folder / QT_NOTICE_FILE).write_text(
        qt_notice(qt_files, PySide6.__version__, QtCore.qVersion()), encoding="utf-8"
    )
    (folder / "LICENSE.txt").write_text(
        (root / "LICENSE").read_text(encoding="utf-8"), encoding="utf-8"
    )
    shipped = [folder / n for n in (THIRD_PARTY_FILE, QT_NOTICE_FILE, "LICENSE.txt")]
    shipped += sorted((root / "resources" / "licences").glob("*.txt"))
    return [(f"{LICENCES_DEST}/{path.name}", str(path), "DATA") for path in shipped]
