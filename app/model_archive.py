"""Checking and extracting `.argosmodel` archives (zip files) without trusting them.

`validate_archive` looks at the central directory before anything is written: one top-level
folder holding `metadata.json`, `model/model.bin` and a tokenizer; no absolute paths, `..`,
links, devices, encrypted or duplicate entries, no entry below another file's name; declared
sizes and compression ratios within bounds. `extract_package` then streams the members out,
counting the bytes it really writes (a lying header or a crafted deflate stream cannot make it
write more than the limits), and turns every zip, zlib and file-system failure into one
`ModelError` line.
"""

from __future__ import annotations

import json
import os
import stat
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from app.cancel import CancelCheck as CancelCheck  # re-exported for callers
from app.cancel import Cancelled as Cancelled
from glossary.errors import WortlautError

MAX_UNCOMPRESSED_BYTES = 4 * 1024**3
MAX_ENTRIES = 10_000
# Real argos packages compress 1.1–3×; zip bombs 1000× and more.
MAX_RATIO = 100
RATIO_FLOOR = 1024**2  # any member (and the whole) may expand to 1 MiB whatever its ratio
MAX_NAME_PART_BYTES = 255
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
REQUIRED_METADATA = ("from_code", "to_code", "package_version")
_FORBIDDEN_NAME_CHARS = set('<>:"|?*') | {chr(c) for c in range(32)}

ProgressCallback = Callable[[int, int], None]  # (done, total); total 0 when unknown


class ModelError(WortlautError):
    """A model could not be installed, found or removed; the message says why in one line."""


def allowed_size(compressed: int) -> int:
    """The most bytes `compressed` bytes may expand to before it counts as a zip bomb."""
    return max(MAX_RATIO * compressed, RATIO_FLOOR)


def os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def validate_archive(
    zf: zipfile.ZipFile, name: str, archive_size: int
) -> tuple[str, dict[str, object]]:
    """Check an archive's structure and entries; return (top-level folder, metadata)."""
    infos = zf.infolist()
    if not infos:
        raise ModelError(f"{name}: the archive is empty")
    if len(infos) > MAX_ENTRIES:
        raise ModelError(f"{name}: too many entries ({len(infos)} > {MAX_ENTRIES})")
    tops: set[str] = set()
    seen: dict[str, str] = {}
    files: set[str] = set()
    total = 0
    for info in infos:
        entry = info.filename
        _check_entry(info, name)
        parts = PurePosixPath(entry).parts
        tops.add(parts[0])
        if len(parts) == 1 and not info.is_dir():
            raise ModelError(f"{name}: file {entry!r} lies outside the package folder")
        key = entry.rstrip("/").casefold()
        if key in seen:
            if seen[key].rstrip("/") == entry.rstrip("/"):
                raise ModelError(f"{name}: entry {entry!r} appears twice")
            raise ModelError(
                f"{name}: entries {seen[key]!r} and {entry!r} differ only in letter case"
            )
        seen[key] = entry
        if not info.is_dir():
            files.add(key)
        if info.file_size > allowed_size(info.compress_size):
            raise ModelError(
                f"{name}: refused {entry!r}: it would expand {_ratio(info)} times "
                f"(a zip bomb; packages compress at most a few times)"
            )
        total += info.file_size
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ModelError(f"{name}: uncompressed size exceeds {MAX_UNCOMPRESSED_BYTES} bytes")
    if total > allowed_size(archive_size):
        raise ModelError(
            f"{name}: refused: {archive_size} bytes would expand to {total} "
            f"(a zip bomb; packages compress at most a few times)"
        )
    for key, entry in seen.items():
        parent = PurePosixPath(key).parent
        while parent.parts:
            if str(parent) in files:
                raise ModelError(f"{name}: entry {entry!r} lies below the file {str(parent)!r}")
            parent = parent.parent
    if len(tops) != 1:
        raise ModelError(
            f"{name}: expected one top-level folder, found {len(tops)}: {sorted(tops)}"
        )
    top = tops.pop()
    names = {info.filename.rstrip("/") for info in infos}
    metadata = _read_metadata(zf, name, top)
    if not any(n.startswith(f"{top}/model/") for n in names):
        raise ModelError(f"{name}: the package has no model/ folder")
    if f"{top}/model/model.bin" not in names:
        raise ModelError(f"{name}: model/model.bin is missing")
    if not any(f"{top}/{tok}" in names for tok in TOKENIZER_FILES):
        raise ModelError(f"{name}: no tokenizer (sentencepiece.model or bpe.model)")
    return top, metadata


def _ratio(info: zipfile.ZipInfo) -> int:
    return info.file_size // max(info.compress_size, 1)


def _read_metadata(zf: zipfile.ZipFile, name: str, top: str) -> dict[str, object]:
    try:
        raw = read_member(zf, f"{top}/metadata.json", name)
    except KeyError:
        raise ModelError(f"{name}: {top}/metadata.json is missing") from None
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{name}: metadata.json is not valid JSON: {exc}") from None
    if not isinstance(metadata, dict):
        raise ModelError(f"{name}: metadata.json must hold a JSON object")
    missing = [key for key in REQUIRED_METADATA if not metadata.get(key)]
    if missing:
        raise ModelError(f"{name}: metadata.json lacks {', '.join(missing)}")
    for key in ("from_code", "to_code"):
        value = str(metadata[key])
        if not value.replace("-", "").isalnum() or not value.isascii():
            raise ModelError(f"{name}: metadata.json has an invalid {key} {value!r}")
    return metadata


def read_member(zf: zipfile.ZipFile, member: str, name: str) -> bytes:
    """One (small) member's bytes; damaged data becomes a ModelError, a missing one KeyError."""
    try:
        return zf.read(member)
    except KeyError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ModelError(f"{name}: {member} is damaged ({_zip_reason(exc)})") from None
    except OSError as exc:
        raise ModelError(f"{name}: cannot read the archive: {os_reason(exc)}") from None


def _check_entry(info: zipfile.ZipInfo, name: str) -> None:
    entry = info.filename
    if "\\" in entry or entry.startswith("/") or (len(entry) > 1 and entry[1] == ":"):
        raise ModelError(f"{name}: refused unsafe path {entry!r} (absolute or Windows path)")
    parts = PurePosixPath(entry).parts
    if any(part == ".." for part in parts):
        raise ModelError(f"{name}: refused unsafe path {entry!r} (contains '..')")
    if any(ch in _FORBIDDEN_NAME_CHARS for ch in entry):
        raise ModelError(f"{name}: refused entry {entry!r} (characters not allowed in file names)")
    if any(len(part.encode("utf-8")) > MAX_NAME_PART_BYTES for part in parts):
        raise ModelError(f"{name}: refused entry {entry[:60]!r}…: name too long")
    if info.flag_bits & 0x1:
        raise ModelError(f"{name}: refused encrypted entry {entry!r}")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ModelError(
            f"{name}: entry {entry!r} uses compression method {info.compress_type}; "
            "packages use deflate"
        )
    mode = info.external_attr >> 16
    file_type = stat.S_IFMT(mode)  # 0 when the archiver recorded no Unix type (e.g. on Windows)
    if file_type and file_type not in (stat.S_IFREG, stat.S_IFDIR):
        kind = "link" if stat.S_ISLNK(mode) else "device or special file"
        raise ModelError(f"{name}: refused {kind} entry {entry!r}")


def _zip_reason(exc: BaseException) -> str:
    """zipfile's and zlib's complaint, without the member name they repeat."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    text = text.split(" for file ")[0]
    return text[:160]


def extract_package(
    zf: zipfile.ZipFile,
    name: str,
    top: str,
    destination: Path,
    archive_size: int,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Extract the package folder's contents into `destination`, counting what is written.

    Refuses (ModelError) as soon as a member writes more than its header declared or more than
    `allowed_size` of its compressed size, or the whole more than `allowed_size(archive_size)`
    or MAX_UNCOMPRESSED_BYTES. File-system errors name `destination`'s parent folder.
    """
    infos = zf.infolist()
    declared = sum(info.file_size for info in infos)
    overall_limit = min(allowed_size(archive_size), MAX_UNCOMPRESSED_BYTES)
    done = 0
    root = destination.resolve()
    for info in infos:
        if cancelled and cancelled():
            raise Cancelled()
        relative = PurePosixPath(info.filename).relative_to(top)
        member = str(relative)
        target = (destination / relative).resolve()
        if root != target and root not in target.parents:
            raise ModelError(f"{name}: refused unsafe path {info.filename!r}")
        member_limit = min(info.file_size, allowed_size(info.compress_size))
        try:
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            sink = open(target, "wb")  # noqa: SIM115 - closed below, errors told apart
        except OSError as exc:
            raise write_error(destination.parent, exc) from None
        with sink:
            written = 0
            try:
                source = zf.open(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                raise ModelError(f"{name}: {member} is damaged ({_zip_reason(exc)})") from None
            with source:
                while True:
                    try:
                        chunk = source.read(1 << 20)
                    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                        raise ModelError(
                            f"{name}: {member} is damaged ({_zip_reason(exc)})"
                        ) from None
                    except OSError as exc:
                        raise ModelError(
                            f"{name}: cannot read the archive: {os_reason(exc)}"
                        ) from None
                    if not chunk:
                        break
                    written += len(chunk)
                    done += len(chunk)
                    if written > member_limit:
                        raise ModelError(
                            f"{name}: refused {info.filename!r}: it expands beyond its "
                            f"declared size or {MAX_RATIO}× its compressed size (a zip bomb)"
                        )
                    if done > overall_limit:
                        raise ModelError(
                            f"{name}: refused: the archive expands beyond "
                            f"{overall_limit} bytes (a zip bomb)"
                        )
                    try:
                        sink.write(chunk)
                    except OSError as exc:
                        raise write_error(destination.parent, exc) from None
                    if progress:
                        progress(done, declared)
    try:
        _fsync_tree(destination)
    except OSError as exc:
        raise write_error(destination.parent, exc) from None


def _fsync_tree(folder: Path) -> None:
    """Flush every extracted file to disk, so a crash after the swap cannot leave it empty."""
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def write_error(folder: Path, exc: OSError) -> ModelError:
    return ModelError(
        f"cannot write to {folder}: {os_reason(exc)}; the installed models are unchanged"
    )
