"""Installed argos translation packages under `$WORTLAUT_HOME/models`.

Archives are checked before anything is written and while they are extracted
(`app.model_archive`), extracted into a locked `.staging-*` folder inside the models folder,
proven to translate (`app.model_validation`) and only then swapped in by replacing a pointer
file, so a failed install changes nothing and a reader never finds no model.
Only `download()` opens a network connection.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO

from app import paths
from app.model_archive import (
    MAX_UNCOMPRESSED_BYTES,
    CancelCheck,
    Cancelled,
    ModelError,
    ProgressCallback,
    extract_package,
    os_reason,
    validate_archive,
    write_error,
)
from app.model_validation import check_package_runs
from glossary.atomic import atomic_write_text

try:
    import fcntl
except ImportError:  # Windows: staging folders in use are recognised by their age
    fcntl = None  # type: ignore[assignment]  # the module or None, checked before each use

__all__ = ["Cancelled", "InstalledModel", "ModelError", "ModelStore", "normalise_code"]

POINTER_SUFFIX = ".current"
LEFTOVER_AGE_SECONDS = 3600  # unlocked or older than this, a leftover folder is not in use
_LEFTOVER_PREFIXES = (".staging-", ".creating-", ".removing-", ".new-", ".old-")


class OfflineError(ModelError):
    """The download could not reach the internet (no connection, name lookup failed)."""

    def __init__(self) -> None:
        super().__init__(
            "no internet connection, so the model could not be downloaded; install a "
            "downloaded .argosmodel file instead (wortlaut models install FILE, or "
            "Install from file… in the app)"
        )


def _is_network_failure(exc: OSError) -> bool:
    """Name lookup, refused or unreachable connections: what being offline looks like."""
    import socket

    return isinstance(exc, socket.gaierror | ConnectionError | TimeoutError) or exc.errno in (
        errno.ENETUNREACH,
        errno.EHOSTUNREACH,
        errno.ECONNREFUSED,
    )


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
    """The models folder: list, install, remove and download argos packages.

    Layout: each installed pair is a versioned package folder `translate-de_en.v<12 hex>` and a
    pointer file `translate-de_en.current` naming it. An install extracts into a locked
    `.staging-*` folder, proves the package runs, renames it to a new versioned folder and then
    atomically replaces the pointer, so a reader always finds the old or the new package, never
    none. Folders of older versions (`translate-de_en/`) are still read. Leftovers of killed
    installs are removed when a store is opened.
    """

    def __init__(self, root: Path | None = None):
        try:
            self.root = root if root is not None else paths.models_dir()
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # e.g. a file where the folder should be, or no permission
            folder = exc.filename or root or "in WORTLAUT_HOME"
            raise ModelError(
                f"cannot create the models folder {folder}: {os_reason(exc)}"
            ) from None
        self.cleanup_leftovers()

    # -- reading -----------------------------------------------------------------------------
    def installed(self) -> list[InstalledModel]:
        """Installed packages, sorted by code; folders that are not valid packages are ignored."""
        pointed: dict[str, InstalledModel] = {}
        legacy: list[InstalledModel] = []
        for child in self._children():
            if child.name.startswith("."):
                continue
            if child.name.endswith(POINTER_SUFFIX):
                model = self._resolve_pointer(child)
                if model is not None:
                    pointed[model.code] = model
            elif not _VERSION_FOLDER.match(child.name) and child.is_dir():
                model = _read_installed(child)
                if model is not None:
                    legacy.append(model)
        models = list(pointed.values()) + [m for m in legacy if m.code not in pointed]
        return sorted(models, key=lambda m: (m.code, m.path.name))

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
        """Validate, extract, test and install an `.argosmodel` archive.

        Replaces an installed package of the same pair only once the new one has translated a
        test sentence; on any failure the installed models are unchanged.
        """
        archive = Path(archive)
        name = archive.name
        try:
            size = archive.stat().st_size
            handle = open(archive, "rb")  # noqa: SIM115 - closed by the with below
        except (FileNotFoundError, NotADirectoryError):
            raise ModelError(f"{archive}: no such file") from None
        except IsADirectoryError:
            raise ModelError(f"{archive}: is a folder, not an .argosmodel file") from None
        except OSError as exc:
            raise ModelError(f"{archive}: cannot read: {os_reason(exc)}") from None
        with handle:
            try:
                zf = zipfile.ZipFile(handle)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
                raise ModelError(f"{name}: not a valid .argosmodel (zip) archive: {exc}") from None
            except OSError as exc:
                raise ModelError(f"{archive}: cannot read: {os_reason(exc)}") from None
            with zf:
                top, metadata = validate_archive(zf, name, size)
                code = f"{metadata['from_code']}_{metadata['to_code']}"
                self._check_free_space(sum(info.file_size for info in zf.infolist()), name)
                with self._staging() as staging:
                    package = staging / "package"
                    try:
                        package.mkdir(mode=0o755)
                        package.chmod(0o755)  # whatever the umask, others may read models
                    except OSError as exc:
                        raise write_error(self.root, exc) from None
                    extract_package(zf, name, top, package, size, progress, cancelled)
                    check_package_runs(package, name, cancelled)
                    if cancelled and cancelled():
                        raise Cancelled()
                    return self._activate(package, code, name)

    def remove(self, code: str) -> InstalledModel:
        """Remove an installed package; on failure it stays installed and the error says why."""
        wanted = normalise_code(code)
        installed = self.installed()
        for model in installed:
            if model.code == wanted or model.path.name.lower() == code.lower():
                pointer = self._pointer(model.code)
                folders = self._folders_of(model.code)
                try:
                    if pointer.exists():
                        pointer.unlink()  # the model is gone the moment its pointer is
                    for folder in folders:  # an older layout's folder goes by its rename
                        self._discard(folder, strict=not _VERSION_FOLDER.match(folder.name))
                except OSError as exc:
                    raise ModelError(
                        f"cannot remove {model.code} from {self.root}: {os_reason(exc)}"
                    ) from None
                return model
        codes = ", ".join(m.code for m in installed) or "none"
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
        except urllib.error.HTTPError as exc:
            raise ModelError(f"the package index {url} answered HTTP {exc.code}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            raise OfflineError() from exc
        except OSError as exc:
            if _is_network_failure(exc):
                raise OfflineError() from exc
            raise ModelError(f"cannot read the package index {url}: {exc}") from None
        except ValueError as exc:
            raise ModelError(f"cannot read the package index {url}: {exc}") from None
        links = _index_links(index, from_code, to_code, url)
        errors: list[str] = []
        offline = 0
        with self._staging() as staging:
            archive = staging / "download.argosmodel"
            for link in links:
                try:
                    _download_to(link, archive, progress, cancelled)
                    break
                except Cancelled:
                    raise
                except OSError as exc:
                    errors.append(f"{link}: {exc}")
                    offline += isinstance(exc, urllib.error.URLError) or _is_network_failure(exc)
            else:
                if errors and offline == len(errors):
                    raise OfflineError()
                raise ModelError("download failed: " + "; ".join(errors or ["no links"]))
            return self.install(archive, progress=None, cancelled=cancelled)

    def cleanup_leftovers(self) -> list[Path]:
        """Remove what killed installs and removals left behind; return what was removed.

        `.staging-*` folders go when no process holds their lock (or, where locks are not
        available, when older than an hour); unreferenced version folders and other leftovers
        when older than an hour (a concurrent install may be about to point to one).
        """
        referenced = {self._pointer_target(child) for child in self._children(quiet=True)}
        removed = []
        for child in self._children(quiet=True):
            leftover = child.name.startswith(_LEFTOVER_PREFIXES) or (
                _VERSION_FOLDER.match(child.name) is not None and child.name not in referenced
            )
            if not leftover or not child.is_dir():
                continue
            if child.name.startswith(".staging-"):
                if _staging_in_use(child):
                    continue
            elif not child.name.startswith(".removing-") and _age(child) < LEFTOVER_AGE_SECONDS:
                continue
            shutil.rmtree(child, ignore_errors=True)
            if not child.exists():
                removed.append(child)
        return removed

    # -- helpers -----------------------------------------------------------------------------
    def _children(self, quiet: bool = False) -> list[Path]:
        try:
            return sorted(self.root.iterdir())
        except OSError as exc:
            if quiet:
                return []
            raise ModelError(
                f"cannot read the models folder {self.root}: {os_reason(exc)}"
            ) from None

    def _pointer(self, code: str) -> Path:
        return self.root / f"translate-{code}{POINTER_SUFFIX}"

    def _pointer_target(self, pointer: Path) -> str | None:
        if not pointer.name.endswith(POINTER_SUFFIX):
            return None
        try:
            target = pointer.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return target if _VERSION_FOLDER.match(target) else None

    def _resolve_pointer(self, pointer: Path) -> InstalledModel | None:
        """The package a pointer names; retried when the pointer moved on while it was read."""
        target = self._pointer_target(pointer)
        for _attempt in range(10):
            if target is None:
                return None
            model = _read_installed(self.root / target)
            if model is not None:
                return model
            again = self._pointer_target(pointer)
            if again == target:
                return None
            target = again
        return None

    def _folders_of(self, code: str) -> list[Path]:
        """Every folder that holds the pair `code`: the pointed-to one and older layouts'."""
        folders = []
        pointer_target = self._pointer_target(self._pointer(code))
        if pointer_target is not None and (self.root / pointer_target).is_dir():
            folders.append(self.root / pointer_target)
        for child in self._children():
            if child.name.startswith(".") or _VERSION_FOLDER.match(child.name):
                continue
            if child.is_dir() and (model := _read_installed(child)) and model.code == code:
                folders.append(child)
        return folders

    def _activate(self, package: Path, code: str, name: str) -> InstalledModel:
        """Move a tested package into place and point to it; then discard the previous one."""
        previous = self._folders_of(code)
        version = self.root / f"translate-{code}.v{uuid.uuid4().hex[:12]}"
        try:
            os.rename(package, version)
        except OSError as exc:
            raise write_error(self.root, exc) from None
        try:
            _write_pointer(self._pointer(code), version.name)
        except OSError as exc:
            shutil.rmtree(version, ignore_errors=True)
            raise write_error(self.root, exc) from None
        for folder in previous:
            self._discard(folder, strict=False)
        model = _read_installed(version)
        if model is None:  # pragma: no cover - it was read and run in staging
            raise ModelError(f"{name}: the installed package cannot be read")
        return model

    def _discard(self, folder: Path, strict: bool) -> None:
        """Delete a folder no pointer names any more: rename first, so it vanishes at once."""
        trash = self.root / f".removing-{folder.name}-{uuid.uuid4().hex[:8]}"
        try:
            folder.rename(trash)
        except OSError:
            if strict:
                raise
            trash = folder
        shutil.rmtree(trash, ignore_errors=True)

    def _check_free_space(self, needed: int, name: str) -> None:
        try:
            free = shutil.disk_usage(self.root).free
        except OSError:
            return
        if free < needed + FREE_SPACE_MARGIN:
            raise ModelError(
                f"{name}: not enough free space in {self.root} "
                f"({_mb(needed)} MB needed, {_mb(free)} MB free); the installed models are unchanged"
            )

    @contextlib.contextmanager
    def _staging(self) -> Iterator[Path]:
        """A fresh `.staging-*` folder, locked while in use, removed afterwards.

        It is created as `.creating-*` and renamed once its lock is held, so a store opening
        meanwhile never sees an unlocked staging folder that is in fact in use.
        """
        try:
            creating = Path(tempfile.mkdtemp(prefix=".creating-", dir=self.root))
        except OSError as exc:
            raise write_error(self.root, exc) from None
        try:
            lock = _hold_lock(creating)
            staging = creating.with_name(".staging-" + creating.name.removeprefix(".creating-"))
            os.rename(creating, staging)
        except OSError as exc:
            shutil.rmtree(creating, ignore_errors=True)
            raise write_error(self.root, exc) from None
        try:
            yield staging
        finally:
            lock.close()
            shutil.rmtree(staging, ignore_errors=True)


_VERSION_FOLDER = re.compile(r"^translate-[a-z0-9_-]+\.v[0-9a-f]{12}$")
FREE_SPACE_MARGIN = 16 * 1024**2


def _mb(size: int) -> int:
    return -(-size // 1024**2)


def _write_pointer(pointer: Path, target: str) -> None:
    """Atomically replace the pointer; retried briefly where a reader's open file blocks it."""
    for attempt in range(5):
        try:
            atomic_write_text(pointer, target + "\n")
            return
        except PermissionError:
            if os.name != "nt" or attempt == 4:
                raise
            time.sleep(0.05)


def _hold_lock(staging: Path) -> IO[str]:
    """Mark a staging folder as in use for as long as the returned file is open."""
    handle = open(staging / ".lock", "w")  # noqa: SIM115 - held until the staging is done
    if fcntl is not None:
        # no locks (ENOLCK on some network file systems): then its age protects it
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def _staging_in_use(staging: Path) -> bool:
    lock = staging / ".lock"
    if fcntl is None or not lock.exists():
        return _age(staging) < LEFTOVER_AGE_SECONDS
    try:
        with open(lock, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return _age(staging) < LEFTOVER_AGE_SECONDS
    return False


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _index_links(index: object, from_code: str, to_code: str, url: str) -> list[str]:
    """The http(s) links of the pair's first package in an argos index (a list of objects)."""
    if not isinstance(index, list):
        raise ModelError(f"the package index {url} is not a list of packages")
    for entry in index:
        if not isinstance(entry, dict):
            continue
        if entry.get("from_code") == from_code and entry.get("to_code") == to_code:
            links = entry.get("links")
            usable = [
                link
                for link in (links if isinstance(links, list) else [])
                if isinstance(link, str) and link.startswith(("https://", "http://"))
            ]
            if not usable:
                raise ModelError(
                    f"the package index lists no http(s) link for {from_code}→{to_code}"
                )
            return usable
    raise ModelError(f"the package index has no {from_code}→{to_code} model")


def _download_to(
    url: str, destination: Path, progress: ProgressCallback | None, cancelled: CancelCheck | None
) -> None:
    with urllib.request.urlopen(url, timeout=60) as response, open(destination, "wb") as sink:
        total = int(response.headers.get("Content-Length") or 0)
        done = 0
        while chunk := response.read(1 << 16):
            if cancelled and cancelled():
                raise Cancelled()
            try:
                sink.write(chunk)
            except OSError as exc:  # not the link's fault: the disk is full or read-only
                raise write_error(destination.parent.parent, exc) from None
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
    size = _folder_size(folder)
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


def _folder_size(folder: Path) -> int:
    """Bytes in a package folder; 0 for what vanishes while it is counted (a concurrent swap)."""
    size = 0
    try:
        for path in folder.rglob("*"):
            with contextlib.suppress(OSError):
                if path.is_file():
                    size += path.stat().st_size
    except OSError:
        pass
    return size
