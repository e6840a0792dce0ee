"""Installed argos translation packages under `$WORTLAUT_HOME/models`.

Archives are validated before anything is written (a zip with one top-level folder holding
`metadata.json`, `model/` and a tokenizer; no absolute paths, `..`, links or device entries;
bounded size), extracted into a temporary folder inside the models folder and renamed into place,
so a failed install leaves nothing behind. Only `download()` opens a network connection.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
import threading
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType

from app import paths
from glossary.errors import WortlautError

MAX_UNCOMPRESSED_BYTES = 4 * 1024**3
MAX_ENTRIES = 10_000
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
REQUIRED_METADATA = ("from_code", "to_code", "package_version")

ProgressCallback = Callable[[int, int], None]  # (done, total); total 0 when unknown
CancelCheck = Callable[[], bool]


class ModelError(WortlautError):
    """A model could not be installed, found or removed; the message says why in one line."""


class Cancelled(Exception):
    """The user cancelled a long operation."""


@dataclass(frozen=True)
class InstalledModel:
    code: str  # "de_en"
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    path: Path
    size_bytes: int

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "from_code": self.from_code,
            "to_code": self.to_code,
            "from_name": self.from_name,
            "to_name": self.to_name,
            "version": self.version,
            "path": str(self.path),
            "size_bytes": self.size_bytes,
        }


_argos_lock = threading.Lock()


def argos_package_module() -> ModuleType:
    """`argostranslate.package`, imported with its folders pointed inside WORTLAUT_HOME.

    argostranslate creates its data/config/cache folders at import time from XDG variables, so
    they are set for the import only (Qt reads the same variables) and restored afterwards.
    """
    with _argos_lock:
        import sys

        if "argostranslate.package" not in sys.modules:
            base = paths.argos_dir()
            overrides = {
                "ARGOS_PACKAGES_DIR": str(paths.models_dir()),
                "XDG_DATA_HOME": str(base / "data"),
                "XDG_CONFIG_HOME": str(base / "config"),
                "XDG_CACHE_HOME": str(base / "cache"),
            }
            saved = {key: os.environ.get(key) for key in overrides}
            os.environ.update(overrides)
            try:
                import argostranslate.package  # noqa: F401
            finally:
                for key, value in saved.items():
                    if key == "ARGOS_PACKAGES_DIR":
                        continue
                    if value is None:
                        os.environ.pop(key, None)
                    else:
                        os.environ[key] = value
        return sys.modules["argostranslate.package"]


def normalise_code(code: str) -> str:
    """`de_en`, `de-en`, `translate-de_en` and `de→en` all mean `de_en`."""
    code = code.strip().lower().removeprefix("translate-")
    for separator in ("-", "→", ">", " "):
        code = code.replace(separator, "_")
    return code


class ModelStore:
    """The models folder: list, install, remove and download argos packages."""

    def __init__(self, root: Path | None = None):
        self.root = root if root is not None else paths.models_dir()
        self.root.mkdir(parents=True, exist_ok=True)

    # -- reading -----------------------------------------------------------------------------
    def installed(self) -> list[InstalledModel]:
        """Installed packages, sorted by code; folders that are not valid packages are ignored."""
        models = []
        for child in sorted(self.root.iterdir()):
            if child.name.startswith(".") or not child.is_dir():
                continue
            model = _read_installed(child)
            if model is not None:
                models.append(model)
        return models

    def find(self, from_code: str, to_code: str) -> InstalledModel | None:
        for model in self.installed():
            if model.from_code == from_code and model.to_code == to_code:
                return model
        return None

    # -- writing -----------------------------------------------------------------------------
    def install(
        self,
        archive: Path,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> InstalledModel:
        """Validate and install an `.argosmodel` archive; replaces an installed package of the pair."""
        archive = Path(archive)
        if not archive.is_file():
            raise ModelError(f"{archive}: no such file")
        try:
            with zipfile.ZipFile(archive) as zf:
                top, metadata = validate_archive(zf, archive.name)
                code = f"{metadata['from_code']}_{metadata['to_code']}"
                with self._staging() as staging:
                    _extract(zf, top, staging, progress, cancelled)
                    target = self.root / f"translate-{code}"
                    self._swap_into_place(staging, target)
        except zipfile.BadZipFile as exc:
            raise ModelError(
                f"{archive.name}: not a valid .argosmodel (zip) archive: {exc}"
            ) from None
        model = _read_installed(target)
        if model is None:  # pragma: no cover - validated above
            raise ModelError(f"{archive.name}: installed package cannot be read")
        return model

    def remove(self, code: str) -> InstalledModel:
        wanted = normalise_code(code)
        for model in self.installed():
            if model.code == wanted or model.path.name.lower() == code.lower():
                trash = self.root / f".removing-{model.path.name}"
                model.path.rename(trash)
                shutil.rmtree(trash, ignore_errors=True)
                return model
        codes = ", ".join(m.code for m in self.installed()) or "none"
        raise ModelError(f"no installed model {code!r} (installed: {codes})")

    def download(
        self,
        from_code: str,
        to_code: str,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
        index_url: str | None = None,
    ) -> InstalledModel:
        """Fetch the argos package index and the package for the pair, verify it, install it.

        The only function in Wortlaut that opens a network connection.
        """
        package = argos_package_module()
        url = index_url or package.settings.remote_package_index
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                index = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read the package index {url}: {exc}") from None
        candidates = [
            package.AvailablePackage(entry)
            for entry in index
            if entry.get("from_code") == from_code and entry.get("to_code") == to_code
        ]
        if not candidates:
            raise ModelError(f"the package index has no {from_code}→{to_code} model")
        available = candidates[0]
        errors = []
        with self._staging() as staging:
            archive = staging / "download.argosmodel"
            for link in available.links:
                try:
                    _download_to(link, archive, progress, cancelled)
                    break
                except Cancelled:
                    raise
                except OSError as exc:
                    errors.append(f"{link}: {exc}")
            else:
                raise ModelError("download failed: " + "; ".join(errors or ["no links"]))
            return self.install(archive, progress=None, cancelled=cancelled)

    # -- helpers -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def _staging(self) -> Iterator[Path]:
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.root))
        staging.chmod(0o755)  # mkdtemp's 0700 would otherwise become the package folder's mode
        try:
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _swap_into_place(self, staging: Path, target: Path) -> None:
        fresh = staging.parent / f".new-{target.name}-{staging.name}"
        staging.rename(fresh)
        staging.mkdir()  # so the staging context can clean up as usual
        old = None
        if target.exists():
            old = target.parent / f".old-{target.name}-{staging.name}"
            target.rename(old)
        try:
            fresh.rename(target)
        except OSError:
            if old is not None:
                old.rename(target)
            raise
        finally:
            if old is not None and old.exists():
                shutil.rmtree(old, ignore_errors=True)
            if fresh.exists():
                shutil.rmtree(fresh, ignore_errors=True)


def validate_archive(zf: zipfile.ZipFile, name: str) -> tuple[str, dict[str, object]]:
    """Check an archive's structure and entries; return (top-level folder, metadata)."""
    infos = zf.infolist()
    if not infos:
        raise ModelError(f"{name}: the archive is empty")
    if len(infos) > MAX_ENTRIES:
        raise ModelError(f"{name}: too many entries ({len(infos)} > {MAX_ENTRIES})")
    tops: set[str] = set()
    total = 0
    for info in infos:
        entry = info.filename
        _check_entry(info, name)
        parts = PurePosixPath(entry).parts
        tops.add(parts[0])
        if len(parts) == 1 and not info.is_dir():
            raise ModelError(f"{name}: file {entry!r} lies outside the package folder")
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise ModelError(f"{name}: uncompressed size exceeds {MAX_UNCOMPRESSED_BYTES} bytes")
    if len(tops) != 1:
        raise ModelError(
            f"{name}: expected one top-level folder, found {len(tops)}: {sorted(tops)}"
        )
    top = tops.pop()
    names = {info.filename.rstrip("/") for info in infos}
    try:
        metadata = json.loads(zf.read(f"{top}/metadata.json").decode("utf-8"))
    except KeyError:
        raise ModelError(f"{name}: {top}/metadata.json is missing") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{name}: metadata.json is not valid JSON: {exc}") from None
    if not isinstance(metadata, dict):
        raise ModelError(f"{name}: metadata.json must hold a JSON object")
    missing = [key for key in REQUIRED_METADATA if not metadata.get(key)]
    if missing:
        raise ModelError(f"{name}: metadata.json lacks {', '.join(missing)}")
    for key in ("from_code", "to_code"):
        value = str(metadata[key])
        if not value.replace("-", "").isalnum():
            raise ModelError(f"{name}: metadata.json has an invalid {key} {value!r}")
    if not any(n.startswith(f"{top}/model/") for n in names):
        raise ModelError(f"{name}: the package has no model/ folder")
    if f"{top}/model/model.bin" not in names:
        raise ModelError(f"{name}: model/model.bin is missing")
    if not any(f"{top}/{tok}" in names for tok in TOKENIZER_FILES):
        raise ModelError(f"{name}: no tokenizer (sentencepiece.model or bpe.model)")
    return top, metadata


def _check_entry(info: zipfile.ZipInfo, name: str) -> None:
    entry = info.filename
    if "\\" in entry or entry.startswith("/") or (len(entry) > 1 and entry[1] == ":"):
        raise ModelError(f"{name}: refused unsafe path {entry!r} (absolute or Windows path)")
    if any(part == ".." for part in PurePosixPath(entry).parts):
        raise ModelError(f"{name}: refused unsafe path {entry!r} (contains '..')")
    mode = info.external_attr >> 16
    file_type = stat.S_IFMT(mode)  # 0 when the archiver recorded no Unix type (e.g. on Windows)
    if file_type and file_type not in (stat.S_IFREG, stat.S_IFDIR):
        kind = "link" if stat.S_ISLNK(mode) else "device or special file"
        raise ModelError(f"{name}: refused {kind} entry {entry!r}")


def _extract(
    zf: zipfile.ZipFile,
    top: str,
    destination: Path,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> None:
    """Extract the package folder's contents into `destination`, streaming with size checks."""
    infos = zf.infolist()
    total = sum(info.file_size for info in infos)
    done = 0
    root = destination.resolve()
    for info in infos:
        if cancelled and cancelled():
            raise Cancelled()
        relative = PurePosixPath(info.filename).relative_to(top)
        target = (destination / relative).resolve()
        if root != target and root not in target.parents:
            raise ModelError(f"refused unsafe path {info.filename!r}")
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with zf.open(info) as source, open(target, "wb") as sink:
            while chunk := source.read(1 << 20):
                written += len(chunk)
                if written > info.file_size:
                    raise ModelError(f"{info.filename}: larger than its declared size")
                sink.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)


def _download_to(
    url: str, destination: Path, progress: ProgressCallback | None, cancelled: CancelCheck | None
) -> None:
    with urllib.request.urlopen(url, timeout=60) as response, open(destination, "wb") as sink:
        total = int(response.headers.get("Content-Length") or 0)
        done = 0
        while chunk := response.read(1 << 16):
            if cancelled and cancelled():
                raise Cancelled()
            sink.write(chunk)
            done += len(chunk)
            if done > MAX_UNCOMPRESSED_BYTES:
                raise ModelError("download larger than any model package can be")
            if progress:
                progress(done, total)


def _read_installed(folder: Path) -> InstalledModel | None:
    try:
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(metadata, dict) or not (folder / "model").is_dir():
        return None
    from_code = str(metadata.get("from_code") or "")
    to_code = str(metadata.get("to_code") or "")
    if not from_code or not to_code:
        return None
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return InstalledModel(
        code=f"{from_code}_{to_code}",
        from_code=from_code,
        to_code=to_code,
        from_name=str(metadata.get("from_name", "")),
        to_name=str(metadata.get("to_name", "")),
        version=str(metadata.get("package_version", "")),
        path=folder,
        size_bytes=size,
    )
