"""Archive checks that do not trust the zip's headers: sizes are counted while extracting."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from app.model_archive import ModelError, extract_package, validate_archive


def zeros_archive(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "pkg/metadata.json", b'{"from_code": "de", "to_code": "en", "package_version": "1"}'
        )
        zf.writestr("pkg/sentencepiece.model", b"sp")
        zf.writestr("pkg/model/model.bin", bytes(size))
    return path


def written(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_extraction_stops_once_the_whole_expands_beyond_the_ratio_to_the_archive(tmp_path):
    archive = zeros_archive(tmp_path / "a.argosmodel", 3 * 1024**2)
    destination = tmp_path / "out"
    with zipfile.ZipFile(archive) as zf, pytest.raises(ModelError, match="zip bomb"):
        # claim the archive is 1 KB: 3 MiB of output is then far beyond 100× (floor 1 MiB)
        extract_package(zf, "a.argosmodel", "pkg", destination, archive_size=1024)
    assert written(destination) <= 1024**2


def test_a_member_may_not_expand_beyond_its_ratio_even_if_the_header_allows_it(
    tmp_path, monkeypatch
):
    archive = zeros_archive(tmp_path / "a.argosmodel", 3 * 1024**2)
    destination = tmp_path / "out"
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("pkg/model/model.bin")
        info.compress_size = 100  # what a crafted header might say; the stream is longer
        with pytest.raises(ModelError, match=r"model/model\.bin"):
            extract_package(zf, "a.argosmodel", "pkg", destination, archive_size=10**9)
    assert written(destination) <= 1024**2 + 200


def test_a_header_claiming_a_thousandfold_expansion_is_refused_before_extraction(tmp_path):
    archive = zeros_archive(tmp_path / "a.argosmodel", 8 * 1024**2)
    with zipfile.ZipFile(archive) as zf, pytest.raises(ModelError, match="expand 1"):
        validate_archive(zf, "a.argosmodel", archive.stat().st_size)


def test_entries_that_differ_only_in_case_are_refused(tmp_path):
    archive = zeros_archive(tmp_path / "a.argosmodel", 10)
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr("pkg/model/Model.bin", b"x")
    with zipfile.ZipFile(archive) as zf, pytest.raises(ModelError, match="only in letter case"):
        validate_archive(zf, "a.argosmodel", archive.stat().st_size)
