"""Hostile `.argosmodel` packages: archives that unzip but cannot run, and archives that fight
the unzipper. Each generator writes one file into a folder and returns what it is and which
words the one-line refusal must contain.

    python -m tests.hostile.models OUT_DIR     # writes the whole corpus to OUT_DIR
"""

from __future__ import annotations

import json
import os
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TINY_MODEL = FIXTURES / "translate-de_en-tiny.argosmodel"
TOP = "translate-de_en-1_0"


@dataclass(frozen=True)
class HostileModel:
    path: Path
    description: str
    expect: str  # a fragment of the refusal message


def tiny_members() -> dict[str, bytes]:
    """The tiny test package's members, in archive order (directories map to b"")."""
    with zipfile.ZipFile(TINY_MODEL) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_package(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            if name.endswith("/"):
                zf.writestr(zipfile.ZipInfo(name), b"")
            else:
                zf.writestr(name, data)
    return path


def _replaced(member: str, data: bytes) -> dict[str, bytes]:
    members = tiny_members()
    members[f"{TOP}/{member}"] = data
    return members


def random_model_bin(folder: Path) -> HostileModel:
    size = len(tiny_members()[f"{TOP}/model/model.bin"])
    path = write_package(
        folder / "random-model-bin.argosmodel", _replaced("model/model.bin", os.urandom(size))
    )
    return HostileModel(path, "model.bin is random bytes", "the model (model/) cannot be loaded")


def empty_model_bin(folder: Path) -> HostileModel:
    path = write_package(folder / "empty-model-bin.argosmodel", _replaced("model/model.bin", b""))
    return HostileModel(path, "model.bin is empty", "the model (model/) cannot be loaded")


def truncated_model_bin(folder: Path) -> HostileModel:
    data = tiny_members()[f"{TOP}/model/model.bin"]
    path = write_package(
        folder / "truncated-model-bin.argosmodel",
        _replaced("model/model.bin", data[: len(data) // 3]),
    )
    return HostileModel(path, "model.bin cut to a third", "the model (model/) cannot be loaded")


def garbage_sentencepiece(folder: Path) -> HostileModel:
    path = write_package(
        folder / "garbage-sentencepiece.argosmodel",
        _replaced("sentencepiece.model", os.urandom(4096)),
    )
    return HostileModel(
        path, "sentencepiece.model is garbage", "sentencepiece.model cannot be loaded"
    )


def foreign_config(folder: Path) -> HostileModel:
    """A model.bin from the package but a config.json that is not JSON."""
    path = write_package(
        folder / "broken-config.argosmodel", _replaced("model/config.json", b"{not json")
    )
    return HostileModel(
        path, "model/config.json is not JSON", "the model (model/) cannot be loaded"
    )


def _deflate_start(data: bytes, info: zipfile.ZipInfo) -> int:
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + name_len + extra_len


def damaged_deflate(folder: Path) -> HostileModel:
    """model.bin's deflate stream starts with an invalid block type (zlib.error when read)."""
    path = folder / "damaged-deflate.argosmodel"
    data = bytearray(TINY_MODEL.read_bytes())
    with zipfile.ZipFile(TINY_MODEL) as zf:
        info = zf.getinfo(f"{TOP}/model/model.bin")
    start = _deflate_start(data, info)
    data[start : start + 4] = b"\xff" * 4
    path.write_bytes(bytes(data))
    return HostileModel(path, "invalid deflate stream in model.bin", "model/model.bin is damaged")


def damaged_crc(folder: Path) -> HostileModel:
    """Bytes in the middle of model.bin's deflate stream overwritten (a checksum mismatch)."""
    path = folder / "damaged-crc.argosmodel"
    data = bytearray(TINY_MODEL.read_bytes())
    with zipfile.ZipFile(TINY_MODEL) as zf:
        info = zf.getinfo(f"{TOP}/model/model.bin")
    start = _deflate_start(data, info) + info.compress_size // 2
    data[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    return HostileModel(path, "corrupted data in model.bin", "model/model.bin is damaged")


def file_below_file(folder: Path) -> HostileModel:
    members = tiny_members() | {f"{TOP}/metadata.json/inner": b"x"}
    path = write_package(folder / "file-below-file.argosmodel", members)
    return HostileModel(path, "an entry below another file's name", "lies below the file")


def duplicate_entry(folder: Path) -> HostileModel:
    path = folder / "duplicate-entry.argosmodel"
    write_package(path, tiny_members())
    with zipfile.ZipFile(path, "a") as zf, _quiet_duplicates():
        zf.writestr(f"{TOP}/model/model.bin", b"second copy")
    return HostileModel(path, "model.bin appears twice", "appears twice")


def zip_bomb(folder: Path) -> HostileModel:
    """64 MiB of zeros in about 64 KiB beside the real package (1000×)."""
    path = folder / "zip-bomb.argosmodel"
    write_package(path, tiny_members())
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open(f"{TOP}/model/zeros.bin", "w") as sink,
    ):
        block = bytes(1 << 20)
        for _ in range(64):
            sink.write(block)
    return HostileModel(path, "a member expanding ~1000 times", "zip bomb")


def lying_header(folder: Path) -> HostileModel:
    """model.bin's sizes in both headers say 1000 bytes; its stream holds far more."""
    path = folder / "lying-header.argosmodel"
    write_package(path, tiny_members())
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(f"{TOP}/model/model.bin")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header: size
    offset = data.find(b"PK\x01\x02")  # central directory records follow the data
    patched = False
    while offset >= 0 and not patched:
        name_len = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46 : offset + 46 + name_len] == info.filename.encode():
            struct.pack_into("<I", data, offset + 24, 1000)  # central record: size
            patched = True
        offset = data.find(b"PK\x01\x02", offset + 4)
    assert patched
    path.write_bytes(bytes(data))
    return HostileModel(
        path, "model.bin's headers understate its size", "model/model.bin is damaged"
    )


def not_a_zip(folder: Path) -> HostileModel:
    path = folder / "not-a-zip.argosmodel"
    path.write_bytes(b"PK\x03\x04" + os.urandom(2048))
    return HostileModel(path, "random bytes after a zip signature", "not a valid .argosmodel")


def wrong_metadata(folder: Path) -> HostileModel:
    metadata = {"package_version": "1", "from_code": "../../x", "to_code": "en"}
    path = write_package(
        folder / "wrong-metadata.argosmodel",
        _replaced("metadata.json", json.dumps(metadata).encode()),
    )
    return HostileModel(path, "from_code that is a path", "invalid from_code")


GENERATORS: list[Callable[[Path], HostileModel]] = [
    random_model_bin,
    empty_model_bin,
    truncated_model_bin,
    garbage_sentencepiece,
    foreign_config,
    damaged_deflate,
    damaged_crc,
    file_below_file,
    duplicate_entry,
    zip_bomb,
    lying_header,
    not_a_zip,
    wrong_metadata,
]


def build(folder: Path) -> list[HostileModel]:
    folder.mkdir(parents=True, exist_ok=True)
    return [generate(folder) for generate in GENERATORS]


class _quiet_duplicates:
    """zipfile warns about a duplicate name; the duplicate is the point here."""

    def __enter__(self) -> None:
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("ignore", UserWarning)

    def __exit__(self, *exc: object) -> None:
        self._catch.__exit__(*exc)


if __name__ == "__main__":
    for case in build(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-models")):
        print(f"{case.path.name}: {case.description}")
