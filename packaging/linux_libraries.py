"""Linux: the shared libraries only dropped binaries needed go too (used by wortlaut.spec).

PyInstaller copies every library its binaries link against into the top of the bundle folder,
before the spec's filters drop Qt plugins and libraries we never load. What those dropped
binaries alone needed (libgio for the GTK theme, Kerberos for Qt6Network, libjpeg for the JPEG
plugin, …) would stay behind, loaded by nothing. This removes them: a top-level library goes
when the binaries still in the build do not need it, directly or through another library, while
the full collection did. Libraries nothing in the collection links against (loaded with ctypes
or dlopen) are kept.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence

Entry = tuple[str, str, str]  # PyInstaller TOC entry: destination, source, type
NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")


def is_top_level_library(destination: str) -> bool:
    path = destination.replace("\\", "/")
    return "/" not in path and ".so" in path


def reachable(roots: Iterable[str], needed: Mapping[str, Sequence[str]]) -> set[str]:
    """Top-level library names the `roots` load, directly or through each other."""
    found: set[str] = set()
    pending = list(roots)
    while pending:
        for name in needed.get(pending.pop(), ()):
            if name not in found:
                found.add(name)
                pending.append(name)
    return found


def only_needed_by_dropped(
    collected: Sequence[str], kept: Sequence[str], needed: Mapping[str, Sequence[str]]
) -> set[str]:
    """Top-level libraries of `kept` that only binaries missing from `kept` needed.

    `needed` maps a destination (a top-level library's destination is its file name) to the
    library names it links against; `libpython` is a root (the bootloader loads it)."""

    def roots(entries: Sequence[str]) -> list[str]:
        return [e for e in entries if not is_top_level_library(e) or e.startswith("libpython")]

    before = reachable(roots(collected), needed)
    after = reachable(roots(kept), {dest: needed.get(dest, ()) for dest in kept})
    return {e for e in kept if is_top_level_library(e) and e in before and e not in after}


def readelf_needed(source: str) -> list[str]:
    """The DT_NEEDED entries of an ELF file (none for anything else)."""
    result = subprocess.run(
        ["readelf", "--dynamic", "--wide", source], capture_output=True, text=True, check=False
    )
    return NEEDED.findall(result.stdout) if result.returncode == 0 else []


def drop_orphaned_libraries(
    collected: Sequence[Entry],
    kept: Sequence[Entry],
    needed_of: Callable[[str], list[str]] = readelf_needed,
) -> tuple[list[Entry], list[str]]:
    """`kept` without the libraries only dropped binaries needed; and their names, sorted."""
    needed = {dest: needed_of(source) for dest, source, _kind in collected}
    orphaned = only_needed_by_dropped(
        [dest for dest, _s, _k in collected], [dest for dest, _s, _k in kept], needed
    )
    return [entry for entry in kept if entry[0] not in orphaned], sorted(orphaned)
