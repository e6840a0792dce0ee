"""Load test of the team glossary: concurrent writers on overlapping terms, no lost updates.

    python benchmarks/bench_team.py [--writers 20] [--updates 200] [--terms 25] [--url URL]

Starts a throwaway PostgreSQL cluster on loopback (or uses --url / WORTLAUT_TEST_POSTGRES).
Each writer process repeatedly reads a random term of a small shared set, appends its own token
(`w3:17;`) to the term's notes and saves with the version it read; a conflict is re-read and
retried. Afterwards every committed token must be in the notes exactly once: a missing token is
a lost update. The same workload then runs as naive last-writer-wins (UPDATE without a version
check) in the same run, to show what optimistic locking prevents.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def writer(args: tuple[str, int, int, list[int], bool]) -> dict[str, object]:
    from sqlalchemy import text

    from glossary.storage import ConflictError, GlossaryStore, to_entry

    url, number, updates, term_ids, naive = args
    rng = random.Random(number)
    store = GlossaryStore.open(url)
    committed, conflicts, latencies = [], 0, []
    try:
        for i in range(updates):
            term_id = rng.choice(term_ids)
            token = f"w{number}:{i};"
            while True:
                start = time.perf_counter()
                entry = to_entry(store.get(term_id))  # type: ignore[arg-type]
                entry = replace(entry, notes=entry.notes + token)
                if naive:  # last writer wins: what a plain UPDATE does
                    with store.engine.begin() as connection:
                        connection.execute(
                            text("UPDATE terms SET notes = :n WHERE id = :i"),
                            {"n": entry.notes, "i": term_id},
                        )
                    latencies.append(time.perf_counter() - start)
                    break
                try:
                    store.update(entry, author=f"w{number}")
                except ConflictError:
                    conflicts += 1
                    continue
                latencies.append(time.perf_counter() - start)
                break
            committed.append((term_id, token))
    finally:
        store.close()
    return {"committed": committed, "conflicts": conflicts, "latencies": latencies}


def run(url: str, writers: int, updates: int, terms: int, naive: bool) -> dict[str, float]:
    from glossary.storage import GlossaryStore
    from glossary.terms import TermEntry

    store = GlossaryStore.open(url)
    ids = [store.add(TermEntry(f"Lastbegriff{n}", f"load term {n}")).id for n in range(terms)]
    store.close()
    context = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    with context.Pool(writers) as pool:
        results = pool.map(writer, [(url, w, updates, ids, naive) for w in range(writers)])
    elapsed = time.perf_counter() - start
    store = GlossaryStore.open(url)
    notes = {e.id: e.notes for e in store.entries() if e.id in set(ids)}
    store.close()
    committed = [c for r in results for c in r["committed"]]  # type: ignore[attr-defined]
    lost = sum(1 for term_id, token in committed if notes[term_id].count(token) != 1)
    latencies = sorted(x for r in results for x in r["latencies"])  # type: ignore[attr-defined]
    return {
        "committed": len(committed),
        "conflicts": sum(int(r["conflicts"]) for r in results),  # type: ignore[call-overload]
        "lost": lost,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95)] * 1000,
        "seconds": elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--terms", type=int, default=25)
    parser.add_argument("--url", default=os.environ.get("WORTLAUT_TEST_POSTGRES"))
    args = parser.parse_args()
    cluster = None
    if args.url:
        urls = [args.url, args.url]
    else:
        from tools.pg_throwaway import start_cluster

        cluster = start_cluster()
        for name in ("bench_optimistic", "bench_naive"):
            cluster.create_database(name)
        urls = [cluster.url("bench_optimistic", tcp=True), cluster.url("bench_naive", tcp=True)]
    try:
        print(f"{args.writers} writers × {args.updates} updates on {args.terms} shared terms, "
              f"PostgreSQL on loopback")  # fmt: skip
        for label, url, naive in (
            ("optimistic locking (Wortlaut)", urls[0], False),
            ("naive last-writer-wins (baseline)", urls[1], True),
        ):
            r = run(url, args.writers, args.updates, args.terms, naive)
            print(f"{label:34} committed {r['committed']:5.0f}  conflicts detected "
                  f"{r['conflicts']:5.0f}  lost updates {r['lost']:4.0f}  "
                  f"p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms  "
                  f"({r['committed'] / r['seconds']:.0f} updates/s)")  # fmt: skip
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
