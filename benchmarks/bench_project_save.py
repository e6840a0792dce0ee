"""Saving and autosaving a project made from a large DOCX (20 pages of text and a 20 MB image).

    python benchmarks/bench_project_save.py [--megabytes 20] [--runs 5]

Baseline (measured in the same run): the way before sidecars, `json.dumps` of the project with
the original's base64, written atomically, for a save and for every autosave tick.
Now: Save = a snapshot on the UI thread, then msgspec encoding and the atomic write in an `Op`
(both shown, and their sum: the time of a save on closing, which runs on the UI thread);
autosave = the first tick (sidecar and JSON) and every later one (JSON only), with the bytes
each writes. Medians of `--runs`. Target: Save costs the UI thread ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.autosave import AutosaveSlot  # noqa: E402
from app.document_project import open_document_project  # noqa: E402
from app.project import Project, load_project  # noqa: E402
from glossary.atomic import atomic_write_bytes, atomic_write_text  # noqa: E402
from tools.build_document_fixtures import generated_docx  # noqa: E402

TARGET_SECONDS = 0.1


def docx_with_image(megabytes: int) -> bytes:
    """The generated 20-page DOCX with an incompressible image of `megabytes` stored in it."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(generated_docx(20))) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(zipfile.ZipInfo("word/media/image1.png"), os.urandom(megabytes << 20))
    return out.getvalue()


def timed(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def old_save(project: Project, path: Path) -> None:
    atomic_write_text(path, json.dumps(project.to_json(), ensure_ascii=False, indent=1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wortlaut-bench-") as name:
        folder = Path(name)
        os.environ["WORTLAUT_HOME"] = str(folder / "home")
        source = folder / "big.docx"
        source.write_bytes(docx_with_image(args.megabytes))
        project = open_document_project(source)
        saved = folder / "big.wortlaut"

        baseline = timed(lambda: old_save(project, saved), args.runs)
        old_size = saved.stat().st_size
        snapshot = timed(project.snapshot, args.runs)
        taken = project.snapshot()
        encode = timed(taken.encode, args.runs)
        raw = taken.encode()
        write = timed(lambda: atomic_write_bytes(saved, raw), args.runs)
        whole = timed(lambda: project.save(saved), args.runs)
        load = timed(lambda: load_project(saved), args.runs)

        slots = [AutosaveSlot.new() for _ in range(args.runs)]
        first_tick = statistics.median(timed(lambda s=s: s.write(project), 1) for s in slots)
        later_tick = statistics.median(timed(lambda s=s: s.write(project), 1) for s in slots)
        tick_size = slots[0].path.stat().st_size
        sidecar_size = slots[0].original_path.stat().st_size
        for slot in slots:
            slot.discard()

    mb = 1 << 20
    print(f"{len(project.segments)} segments, original {sidecar_size / mb:.1f} MB")
    print(
        f"baseline save/autosave (json.dumps, base64 inline): {baseline * 1000:.0f} ms, "
        f"{old_size / mb:.1f} MB per write"
    )
    print(
        f"save, UI thread (snapshot):        {snapshot * 1000:.1f} ms "
        f"(target ≤ {TARGET_SECONDS * 1000:.0f} ms)"
    )
    print(
        f"save, background: encode {encode * 1000:.0f} ms (msgspec, base64 in C), "
        f"atomic write {write * 1000:.0f} ms (fsync of {old_size / mb:.1f} MB)"
    )
    print(
        f"save on closing (all on UI thread): {whole * 1000:.0f} ms "
        f"({baseline / whole:.1f}× faster than the baseline)"
    )
    print(f"open the saved project:            {load * 1000:.0f} ms")
    print(f"autosave, first tick (sidecar + JSON): {first_tick * 1000:.0f} ms")
    print(
        f"autosave, later ticks (JSON only):     {later_tick * 1000:.1f} ms, "
        f"{tick_size / 1024:.0f} KiB per tick (baseline {old_size / mb:.1f} MB)"
    )
    ok = snapshot <= TARGET_SECONDS
    print("OK" if ok else "SLOWER THAN THE TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
