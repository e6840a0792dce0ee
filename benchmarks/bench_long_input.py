"""Hostile long input: one 100,000-character line, and runs of dots, end to end.

    python benchmarks/bench_long_input.py [--chars 100000]

Translates one line of `--chars` characters without any punctuation (words of the sample article
and every sample-glossary source term, repeated) with the sample glossary and the tiny test model
(installed through app.model_store into a temporary WORTLAUT_HOME), through the same pipeline as
`wortlaut translate --glossary`. Prints wall time, peak traced Python memory (tracemalloc) and
max RSS, and the output length against the input: the tiny model copies word by word, so every
input word must come back (before: 100,000 characters in, 1.7 KB out — silently cut at 512
tokens; with the glossary it ran for more than 5 minutes).

Then segmentation of 10k and 100k dots (the ratio shows linearity: ~10 for linear, ~100 for
quadratic), and the pre-fix candidate regex on 5k dots in the same run for comparison.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["WORTLAUT_HOME"] = tempfile.mkdtemp(prefix="wortlaut-bench-home-")

from app.engine import TranslationEngine  # noqa: E402
from app.model_store import ModelStore  # noqa: E402
from app.pipeline import translate_with_glossary  # noqa: E402
from app.segmentation import CLOSERS, segment_document  # noqa: E402
from glossary.exchange import read_glossary  # noqa: E402

TINY_MODEL = ROOT / "tests" / "fixtures" / "translate-de_en-tiny.argosmodel"
SAMPLE_GLOSSARY = ROOT / "resources" / "samples" / "glossary.csv"
SAMPLE_DE = ROOT / "resources" / "samples" / "article-de.txt"

# The candidate regex before the fix, kept here to measure against in the same run.
OLD_CANDIDATE = re.compile(
    r"(?P<punct>[.!?…]+)(?P<close>[" + re.escape(CLOSERS) + r"]*)(?=\s+(?P<next>\S))"
)


def long_line(chars: int, terms: list[str]) -> str:
    """Article words and glossary terms, no punctuation, cut at a word boundary near `chars`."""
    words = re.findall(r"[^\W\d_]+", SAMPLE_DE.read_text(encoding="utf-8"))
    pool: list[str] = []
    for i, word in enumerate(words):
        pool.append(word)
        if i % 7 == 0:
            pool.append(terms[(i // 7) % len(terms)])
    line = " ".join(pool)
    while len(line) < chars:
        line += " " + line
    return line[:chars].rsplit(" ", 1)[0]


def seconds(function, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=100_000)
    args = parser.parse_args()

    engine = TranslationEngine(ModelStore().install(TINY_MODEL).path)
    terms = read_glossary(SAMPLE_GLOSSARY).entries
    line = long_line(args.chars, [t.source for t in terms if " " not in t.source])
    tokens = len(engine.tokenize(line))
    print(f"input: one line of {len(line):,} characters, {tokens:,} tokens, no punctuation")
    unique = sorted(set(line.split()))  # the tiny model translates word by word
    rendering = dict(zip(unique, (h.text for h in engine.translate_texts(unique)), strict=True))
    expected = [w for word in line.split() for w in rendering[word].split()]

    for label, glossary in (("without glossary", []), ("with sample glossary", terms)):
        document = segment_document(line)
        tracemalloc.start()
        start = time.perf_counter()
        translate_with_glossary(engine, document, glossary)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        target = document.target_text()
        segment = document.segments[0]
        statuses: dict[str, int] = {}
        for result in segment.terms:
            statuses[str(result.status)] = statuses.get(str(result.status), 0) + 1
        flags = sorted({f.kind for f in segment.flags})
        whole = "every word" if target.split() == expected else "WORDS DIFFER"
        if glossary:
            whole = f"terms {statuses}"
        print(
            f"{label:22} {elapsed:7.2f} s  peak traced {peak / 2**20:6.1f} MiB  "
            f"out {len(target):,} chars ({len(target) / len(line):.0%} of input)  "
            f"{whole}  flags {flags}"
        )
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"max RSS of the process: {maxrss / 1024:.0f} MiB")

    small, big = seconds(segment_document, "." * 10_000), seconds(segment_document, "." * 100_000)
    print(
        f"segmentation: 10k dots {small * 1000:.1f} ms, 100k dots {big * 1000:.1f} ms, "
        f"ratio {big / small:.1f} (linear ≈ 10, quadratic ≈ 100)"
    )
    old = seconds(lambda text: list(OLD_CANDIDATE.finditer(text)), "." * 5_000)
    new = seconds(segment_document, "." * 5_000)
    print(
        f"5k dots: old candidate regex alone {old * 1000:.0f} ms, whole new segmentation "
        f"{new * 1000:.1f} ms (old on 100k extrapolated ×400: {old * 400:.0f} s)"
    )


if __name__ == "__main__":
    main()
