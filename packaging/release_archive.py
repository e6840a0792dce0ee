"""The Linux one-folder release and the size budget every build is held to (used by build.py
and the slow frozen-app test).

Linux: `dist/Wortlaut/` gets a `.desktop` file, its icon and a script that adds both to the
user's application menu, and is packed as `Wortlaut-VERSION-linux-ARCH.tar.xz`. The xz size of
that folder is also the budget's stand-in for an installer download on every OS.
"""

from __future__ import annotations

import os
import platform
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000
DISK_BUDGET = 240 * MB  # dist/Wortlaut on disk
COMPRESSED_BUDGET = 70 * MB  # the same folder as .tar.xz
DESKTOP_FILES = {  # name in the app folder: source
    "wortlaut.desktop": ROOT / "packaging" / "linux" / "wortlaut.desktop",
    "install-desktop-entry.sh": ROOT / "packaging" / "linux" / "install-desktop-entry.sh",
    "wortlaut.png": ROOT / "resources" / "icons" / "wortlaut-256.png",
}


def add_desktop_files(app_dir: Path) -> None:
    """Put the .desktop file, the 256 px icon and the menu-entry script into the app folder."""
    for name, source in DESKTOP_FILES.items():
        target = app_dir / name
        shutil.copyfile(source, target)
        os.chmod(target, 0o755 if name.endswith(".sh") else 0o644)


def archive_name(version: str, machine: str | None = None) -> str:
    arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(
        (machine or platform.machine()).lower(), (machine or platform.machine()).lower()
    )
    return f"Wortlaut-{version}-linux-{arch}.tar.xz"


def _normalised(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def write_tar_xz(folder: Path, target: Path, preset: int = 6) -> int:
    """Pack `folder` (as its own name at the top) into `target`, atomically; returns its size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with tarfile.open(partial, "w:xz", preset=preset) as archive:
        archive.add(folder, arcname=folder.name, filter=_normalised)
    partial.replace(target)
    return target.stat().st_size


def folder_size(path: Path) -> int:
    """Bytes of the regular files under `path` (symlinks not counted twice)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def biggest_parts(app_dir: Path, count: int = 10) -> list[tuple[str, int]]:
    """The largest parts of a build: each package folder or library in the bundle folder
    (`_internal`), and each file beside it (the executables), largest first."""
    bundle = app_dir / "_internal"
    entries = [p for p in app_dir.iterdir() if p != bundle]
    if bundle.is_dir():
        entries += list(bundle.iterdir())
    sizes = [
        (
            entry.relative_to(app_dir).as_posix(),
            folder_size(entry) if entry.is_dir() else entry.stat().st_size,
        )
        for entry in entries
        if not entry.is_symlink()
    ]
    return sorted(sizes, key=lambda item: (-item[1], item[0]))[:count]


@dataclass(frozen=True)
class SizeReport:
    on_disk: int
    compressed: int | None
    parts: list[tuple[str, int]]

    def problems(self) -> list[str]:
        """One sentence per budget exceeded (none: within budget)."""
        found = []
        if self.on_disk > DISK_BUDGET:
            found.append(
                f"{self.on_disk / MB:.1f} MB on disk is over the {DISK_BUDGET / MB:.0f} MB budget"
            )
        if self.compressed is not None and self.compressed > COMPRESSED_BUDGET:
            found.append(
                f"{self.compressed / MB:.1f} MB compressed is over the "
                f"{COMPRESSED_BUDGET / MB:.0f} MB budget"
            )
        return found

    def text(self) -> str:
        lines = [f"size: {self.on_disk / MB:.1f} MB on disk (budget {DISK_BUDGET / MB:.0f} MB)"]
        if self.compressed is not None:
            lines.append(
                f"size: {self.compressed / MB:.1f} MB as .tar.xz "
                f"(budget {COMPRESSED_BUDGET / MB:.0f} MB)"
            )
        lines.append(f"the {len(self.parts)} biggest parts:")
        lines += [f"  {size / MB:8.1f} MB  {name}" for name, size in self.parts]
        return "\n".join(lines)


def measure(app_dir: Path, archive: Path | None = None) -> SizeReport:
    return SizeReport(
        on_disk=folder_size(app_dir),
        compressed=archive.stat().st_size if archive is not None else None,
        parts=biggest_parts(app_dir),
    )
