"""Translation memory at scale: import, size, lookup latency and near-duplicate recall, against a
brute-force rapidfuzz scan of every unit in the same run.

    python benchmarks/bench_tm.py [--units 1000000] [--queries 200] [--brute 30] [--db URL]

Builds a TMX file of synthetic German news sentences (benchmarks/tm_corpus.py, seeded) with a
target each, imports it through `wortlaut tm import`'s code path (streaming parse, one
transaction, index built by triggers) into a fresh SQLite memory (or --db), then looks up
near-duplicates (a stored source with one word replaced, removed or inserted) and unrelated
sentences (new ones, not stored). Recall: the edited unit is among the 5 matches returned.
The brute-force baseline scans all sources with rapidfuzz's C++ `process.extract`
(Indel-normalised similarity, best 5) for a subset of the same queries.

Targets (issue 14): p95 lookup ≤ 50 ms at 1M units, import ≤ 3 minutes, recall ≥ 95 %.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tm_corpus import NewsSentences  # noqa: E402


def write_tmx(path: Path, sources: list[str]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header '
                  'creationtool="bench" creationtoolversion="1" segtype="sentence" o-tmf="x" '
                  'adminlang="en" srclang="de" datatype="plaintext"/>\n<body>\n')  # fmt: skip
        for i, source in enumerate(sources):
            out.write(
                f'<tu creationid="bench"><tuv xml:lang="de-DE"><seg>{escape(source)}</seg></tuv>'
                f'<tuv xml:lang="en-GB"><seg>English sentence number {i}.</seg></tuv></tu>\n'
            )
        out.write("</body>\n</tmx>\n")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200, help="of each kind")
    parser.add_argument("--brute", type=int, default=30, help="queries for the brute-force scan")
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()

    from rapidfuzz import fuzz, process

    from glossary.database import sqlite_url
    from tm.store import TranslationMemory
    from tm.tmx import import_tmx

    corpus = NewsSentences(seed=14)
    started = time.perf_counter()
    sources = list(dict.fromkeys(corpus.sentence() for _ in range(args.units)))
    folder = Path(tempfile.mkdtemp(prefix="bench-tm-"))
    tmx = folder / "bench.tmx"
    write_tmx(tmx, sources)
    words = statistics.mean(len(s.split()) for s in sources[:10000])
    print(f"{len(sources)} units, {words:.1f} words per source on average; TMX "
          f"{tmx.stat().st_size / 1e6:.0f} MB, built in {time.perf_counter() - started:.0f} s")  # fmt: skip

    db_file = folder / "tm.db"
    memory = TranslationMemory.open(args.db or sqlite_url(db_file))
    started, cpu = time.perf_counter(), time.process_time()
    report = import_tmx(memory, tmx)
    if not args.db:  # the file as it stays: the import's write-ahead log folded in
        raw = memory.engine.raw_connection()  # outside a transaction (BEGIN would lock it)
        try:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    import_seconds = time.perf_counter() - started
    import_cpu = time.process_time() - cpu
    size = sum(p.stat().st_size for p in folder.glob("tm.db*")) if not args.db else 0
    print(f"import: {report.imported} units in {import_seconds:.1f} s "
          f"({report.imported / import_seconds:.0f} units/s; {import_cpu:.1f} s CPU)"
          + (f"; database {size / 1e6:.0f} MB ({size / len(sources):.0f} bytes/unit)"
             if size else ""))  # fmt: skip

    rng = random.Random(7)
    picked = rng.sample(range(len(sources)), args.queries)
    near = [(corpus.one_word_edit(sources[i]), sources[i]) for i in picked]
    stored = set(sources)
    unrelated = []
    while len(unrelated) < args.queries:
        sentence = corpus.sentence()
        if sentence not in stored:
            unrelated.append(sentence)

    memory.lookup(near[0][0])  # warm the cache (the first query opens files)
    found = 0
    near_times: list[float] = []
    near_cpu: list[float] = []
    for query, original in near:
        began, cpu = time.perf_counter(), time.process_time()
        matches = memory.lookup(query, min_score=50, limit=5)
        near_times.append((time.perf_counter() - began) * 1000)
        near_cpu.append((time.process_time() - cpu) * 1000)
        found += any(m.source == original for m in matches)
    far_times: list[float] = []
    far_cpu: list[float] = []
    far_offered = 0
    for query in unrelated:
        began, cpu = time.perf_counter(), time.process_time()
        matches = memory.lookup(query, min_score=50, limit=5)
        far_times.append((time.perf_counter() - began) * 1000)
        far_cpu.append((time.process_time() - cpu) * 1000)
        far_offered += bool(matches)
    memory.close()

    brute_times: list[float] = []
    brute_found = 0
    for query, original in near[: args.brute]:
        began = time.perf_counter()
        best = process.extract(query, sources, scorer=fuzz.ratio, limit=5)
        brute_times.append((time.perf_counter() - began) * 1000)
        brute_found += any(choice == original for choice, _score, _i in best)
    n = len(near)
    print(
        f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
        "(wall-clock figures include waiting for the CPU; CPU figures do not)"
    )
    print(
        f"lookup near-duplicate: wall p50 {percentile(near_times, 0.5):.1f} ms, "
        f"p95 {percentile(near_times, 0.95):.1f} ms; CPU p50 {percentile(near_cpu, 0.5):.1f} ms, "
        f"p95 {percentile(near_cpu, 0.95):.1f} ms; recall {found / n:.1%} ({found}/{n})"
    )
    print(
        f"lookup unrelated:      wall p50 {percentile(far_times, 0.5):.1f} ms, "
        f"p95 {percentile(far_times, 0.95):.1f} ms; CPU p50 {percentile(far_cpu, 0.5):.1f} ms, "
        f"p95 {percentile(far_cpu, 0.95):.1f} ms; {far_offered}/{len(unrelated)} got a "
        f"match ≥ 50"
    )
    b = len(brute_times)
    print(f"brute-force rapidfuzz scan ({b} queries): p50 {percentile(brute_times, 0.5):.0f} ms, "
          f"p95 {percentile(brute_times, 0.95):.0f} ms; recall {brute_found / b:.1%}; "
          f"index lookup is {statistics.median(brute_times) / statistics.median(near_times):.1f}× "
          "faster at the median")  # fmt: skip
    print(f"(files in {folder}; delete when done)" if os.environ.get("KEEP") else "")
    if not os.environ.get("KEEP"):
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
