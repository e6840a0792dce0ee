"""Build the frozen app for this OS into dist/Wortlaut/ (PyInstaller, one folder).

    python packaging/build.py                          # the app, with the self-test model
    python packaging/build.py --bundle-model-file translate-de_en-1_9.argosmodel
    python packaging/build.py --bundle-model-url URL --bundle-model-sha256 HEX
    python packaging/build.py --check                  # then run the frozen self-test
    python packaging/build.py --archive                # Linux: also dist/installers/*.tar.xz

A bundled model is verified (SHA-256 when downloaded, archive layout always) before it goes in;
on first start the app installs it without touching the network. On Linux the folder gets a
.desktop file and icon (packaging/release_archive.py). Prints the size of the build, compressed
too with --archive, and its ten biggest parts.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))
DIST = ROOT / "dist"
APP_DIR = DIST / "Wortlaut"


def compile_catalogs() -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(
        ["pybabel", "-q", "compile", "-d", str(ROOT / "resources" / "locale"), "-D", "wortlaut"]
    )


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_model(url: str, expected: str, folder: Path) -> Path:
    """Download a model at build time (the build machine, not the user's laptop)."""
    target = folder / url.rsplit("/", 1)[-1].split("?")[0]
    print(f"downloading {url} (build time only)")
    with urllib.request.urlopen(url, timeout=60) as response, target.open("wb") as out:
        shutil.copyfileobj(response, out)
    actual = sha256(target)
    if actual != expected.lower():
        raise SystemExit(f"{url}: SHA-256 {actual} does not match the pinned {expected}")
    return target


def verify_model(path: Path) -> None:
    import zipfile

    from app.model_store import ModelError, validate_archive

    try:
        with zipfile.ZipFile(path) as archive:
            _top, metadata = validate_archive(archive, path.name)
    except (zipfile.BadZipFile, ModelError) as exc:
        raise SystemExit(f"{path}: not a usable argos package: {exc}") from None
    if (metadata["from_code"], metadata["to_code"]) != ("de", "en"):
        raise SystemExit(
            f"{path}: a {metadata['from_code']}→{metadata['to_code']} model, not de→en"
        )


def executable() -> Path:
    if sys.platform == "win32":
        return APP_DIR / "wortlaut-cli.exe"
    if sys.platform == "darwin" and (DIST / "Wortlaut.app").exists():
        return DIST / "Wortlaut.app" / "Contents" / "MacOS" / "wortlaut"
    return APP_DIR / "wortlaut"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    model = parser.add_mutually_exclusive_group()
    model.add_argument("--bundle-model-file", type=Path, metavar="ARGOSMODEL")
    model.add_argument("--bundle-model-url", metavar="URL")
    parser.add_argument("--bundle-model-sha256", metavar="HEX")
    parser.add_argument("--check", action="store_true", help="run the frozen self-test after")
    parser.add_argument(
        "--archive", action="store_true", help="Linux: pack the folder as dist/installers/*.tar.xz"
    )
    args = parser.parse_args()
    if args.bundle_model_url and not args.bundle_model_sha256:
        parser.error("--bundle-model-url needs --bundle-model-sha256 (a pinned checksum)")
    if args.archive and not sys.platform.startswith("linux"):
        parser.error("--archive makes the Linux .tar.xz; Windows and macOS have installers")

    compile_catalogs()
    env = dict(os.environ)
    env["WORTLAUT_SELFTEST_MODEL"] = str(
        ROOT / "tests" / "fixtures" / "translate-de_en-tiny.argosmodel"
    )
    with tempfile.TemporaryDirectory(prefix="wortlaut-build-") as scratch:
        bundled = args.bundle_model_file
        if args.bundle_model_url:
            bundled = fetch_model(args.bundle_model_url, args.bundle_model_sha256, Path(scratch))
        if bundled is not None:
            verify_model(bundled)
            env["WORTLAUT_BUNDLE_MODEL"] = str(bundled)
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
             "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
             str(ROOT / "packaging" / "wortlaut.spec")],
            check=True, env=env, cwd=ROOT,
        )  # fmt: skip
    from packaging_support import version
    from release_archive import add_desktop_files, archive_name, measure, write_tar_xz

    built = APP_DIR if APP_DIR.exists() else DIST / "Wortlaut.app"
    if sys.platform.startswith("linux"):
        add_desktop_files(APP_DIR)
    print(f"built {executable()} in {time.monotonic() - started:.0f} s; "
          f"{measure(built).on_disk / 1e6:.0f} MB on disk")  # fmt: skip
    archive = None
    if args.archive:
        archive = DIST / "installers" / archive_name(version())
        archive.unlink(missing_ok=True)  # never measure or ship the previous build's archive
        print(f"packing {archive.relative_to(ROOT)} (xz)")
        write_tar_xz(APP_DIR, archive)
    print(measure(built, archive).text())
    if args.check:
        subprocess.run([str(executable()), "--self-test"], check=True)


if __name__ == "__main__":
    main()
