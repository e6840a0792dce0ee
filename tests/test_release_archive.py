"""The Linux one-folder archive and the size budget (packaging/release_archive.py)."""

from __future__ import annotations

import configparser
import os
import stat
import sys
import tarfile

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
from release_archive import (
    COMPRESSED_BUDGET,
    DISK_BUDGET,
    MB,
    SizeReport,
    add_desktop_files,
    archive_name,
    biggest_parts,
    write_tar_xz,
)


def fake_build(tmp_path):
    app_dir = tmp_path / "Wortlaut"
    (app_dir / "_internal" / "PySide6").mkdir(parents=True)
    (app_dir / "wortlaut").write_bytes(b"x" * 300)
    (app_dir / "_internal" / "PySide6" / "libQt6Core.so.6").write_bytes(b"q" * 1000)
    (app_dir / "_internal" / "PySide6" / "libQt6Gui.so.6").write_bytes(b"q" * 500)
    (app_dir / "_internal" / "libpython3.11.so").write_bytes(b"p" * 700)
    return app_dir


def test_the_desktop_entry_launches_the_gui_with_the_icon_beside_it(tmp_path):
    app_dir = fake_build(tmp_path)
    add_desktop_files(app_dir)
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(app_dir / "wortlaut.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Name"] == "Wortlaut"
    assert desktop["Exec"] == "wortlaut gui %f" and desktop["Icon"] == "wortlaut"
    assert (app_dir / "wortlaut.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert os.stat(app_dir / "install-desktop-entry.sh").st_mode & stat.S_IXUSR


def test_the_archive_holds_the_folder_under_its_name_with_modes_kept(tmp_path):
    app_dir = fake_build(tmp_path)
    os.chmod(app_dir / "wortlaut", 0o755)
    target = tmp_path / "out" / archive_name("1.2.3", "x86_64")
    size = write_tar_xz(app_dir, target)
    assert target.name == "Wortlaut-1.2.3-linux-x86_64.tar.xz"
    assert size == target.stat().st_size
    with tarfile.open(target) as packed:
        members = {m.name: m for m in packed.getmembers()}
    assert "Wortlaut/_internal/PySide6/libQt6Core.so.6" in members
    assert members["Wortlaut/wortlaut"].mode & 0o111
    assert {m.uid for m in members.values()} == {0}
    assert not list(target.parent.glob("*.part"))


def test_the_biggest_parts_are_bundled_packages_and_the_files_beside_them(tmp_path):
    parts = biggest_parts(fake_build(tmp_path), count=2)
    assert parts == [("_internal/PySide6", 1500), ("_internal/libpython3.11.so", 700)]


def test_the_budget_is_240_mb_on_disk_and_70_mb_compressed():
    assert (DISK_BUDGET, COMPRESSED_BUDGET) == (240 * MB, 70 * MB)
    assert SizeReport(DISK_BUDGET, COMPRESSED_BUDGET, []).problems() == []
    assert SizeReport(DISK_BUDGET + 1, COMPRESSED_BUDGET + 1, []).problems() == [
        "240.0 MB on disk is over the 240 MB budget",
        "70.0 MB compressed is over the 70 MB budget",
    ]


def test_the_size_report_names_both_figures_and_the_parts():
    text = SizeReport(223 * MB, 63 * MB, [("_internal/PySide6", 83 * MB)]).text()
    assert "223.0 MB on disk (budget 240 MB)" in text
    assert "63.0 MB as .tar.xz (budget 70 MB)" in text
    assert "83.0 MB  _internal/PySide6" in text
