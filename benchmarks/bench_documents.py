"""Opening and exporting a long DOCX: a generated 100-page document (24 formatted paragraphs,
about 550 words a page: bold, italic and underlined runs, headings).

    python benchmarks/bench_documents.py [--pages 100] [--runs 3]

Open = read the package, parse the text parts, merge runs, build tags, cut sentences, and make
the pipeline's segments (`document_segments`). Export = every sentence's target set (the source
with a word changed, its tags kept) and the package written. Medians of `--runs`.
Target: open ≤ 2 s and export ≤ 2 s at 100 pages.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.document_translation import document_segments  # noqa: E402
from app.formats import open_document  # noqa: E402
from tools.build_document_fixtures import generated_docx  # noqa: E402

TARGET_SECONDS = 2.0


def measure(path: Path, out: Path) -> tuple[float, float, int, int]:
    started = time.perf_counter()
    document = open_document(path)
    _plain, segments = document_segments(document)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    for item in segments:
        item.piece.target = [
            p.replace("Regierung", "government") if isinstance(p, str) else p
            for p in item.piece.parts
        ]
    document.save(out)
    exported = time.perf_counter() - started
    return opened, exported, len(document.units), len(segments)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wortlaut-bench-") as folder:
        source = Path(folder) / "long.docx"
        source.write_bytes(generated_docx(args.pages))
        results = [measure(source, Path(folder) / "out.docx") for _ in range(args.runs)]
        size = source.stat().st_size
    opened = statistics.median(r[0] for r in results)
    exported = statistics.median(r[1] for r in results)
    units, segments = results[0][2], results[0][3]
    print(f"{args.pages} pages: {units} paragraphs, {segments} segments, {size // 1024} KiB")
    print(f"open:   {opened:.3f} s (target ≤ {TARGET_SECONDS} s)")
    print(f"export: {exported:.3f} s (target ≤ {TARGET_SECONDS} s)")
    ok = opened <= TARGET_SECONDS and exported <= TARGET_SECONDS
    print("OK" if ok else "SLOWER THAN THE TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
