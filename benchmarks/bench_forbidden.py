"""Forbidden-variant check at 100,000 terms of which 10,000 have variants: old way vs the index.

    python benchmarks/bench_forbidden.py [--terms 100000] [--with-variants 10000]

The texts checked are the 29 segments of the English reference of the sample article (what an
edit re-checks). The old way — one `(?<![\\w-])VARIANT(?![\\w])` regular expression per variant
of every term, searched in each segment — runs in the same process on the same terms, and both
must report the same flags. Printed: build time, check time (all segments and per segment), the
time to update the index for one changed term, and a full rebuild for comparison.
Target: re-checking the whole article ≤ 50 ms, a one-term update ≤ 1 ms.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.document import Flag  # noqa: E402
from app.forbidden import flag_forbidden_anywhere  # noqa: E402
from app.segmentation import segment_document  # noqa: E402
from benchmarks.bench_glossary import median_ms, sample_terms, synthetic_terms  # noqa: E402
from glossary.forbidden import ForbiddenIndex  # noqa: E402
from glossary.terms import TermEntry  # noqa: E402


def old_flag_forbidden_anywhere(target: str, terms: list[TermEntry]) -> list[Flag]:
    """The implementation the index replaced (app/terminology.py before 2026-11-26)."""
    flags = []
    for term in terms:
        for variant in term.forbidden:
            occurrence = re.search(
                rf"(?<![\w-]){re.escape(variant)}(?![\w])", target, re.IGNORECASE
            )
            if occurrence:
                flags.append(
                    Flag(
                        "forbidden-term",
                        f"'{occurrence.group(0)}' is a forbidden rendering; use '{term.target}'",
                        {
                            "term": term.source,
                            "variant": variant,
                            "target_start": occurrence.start(),
                            "target_end": occurrence.end(),
                        },
                    )
                )
    return flags


def with_variants(terms: list[TermEntry], count: int, words: list[str]) -> None:
    """Give `count` terms one to three forbidden variants of one to three English words.

    One word in 30 comes from the article, so that some variants occur in it.
    """
    rng = random.Random(11)
    article = sorted(set(words))
    invented = [f"{rng.choice(article).lower()}{i}" for i in range(5000)]

    def word() -> str:
        return rng.choice(article if rng.random() < 1 / 30 else invented)

    for index in rng.sample(range(len(terms)), count):  # the same picks as sampling the terms
        variants = [
            " ".join(word() for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 3))
        ]
        terms[index] = replace(terms[index], forbidden=tuple(variants))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--with-variants", type=int, default=10_000)
    args = parser.parse_args()
    english = (ROOT / "resources" / "samples" / "article-en.ref.txt").read_text(encoding="utf-8")
    segments = [s.source for s in segment_document(english).segments if s.needs_mt]
    synthetic = synthetic_terms(args.terms - len(sample_terms()))
    words = re.findall(r"[A-Za-z]{4,}", english)
    with_variants(
        synthetic, args.with_variants - sum(bool(t.forbidden) for t in sample_terms()), words
    )
    terms = synthetic + sample_terms()
    variants = sum(len(t.forbidden) for t in terms)
    print(
        f"terms: {len(terms)}  with variants: {sum(bool(t.forbidden) for t in terms)}"
        f"  variants: {variants}  segments: {len(segments)}"
    )

    start = time.perf_counter()
    index = ForbiddenIndex(terms)
    build_ms = (time.perf_counter() - start) * 1000

    def check_new() -> list[list[Flag]]:
        return [flag_forbidden_anywhere(s, index, []) for s in segments]

    def check_old() -> list[list[Flag]]:
        return [old_flag_forbidden_anywhere(s, terms) for s in segments]

    new_flags, old_flags = check_new(), check_old()
    assert new_flags == old_flags, "the index and the old check disagree"
    new_ms = median_ms(check_new, 20)
    old_ms = median_ms(check_old, 1)

    changed = next(t for t in terms if t.forbidden)
    edited = TermEntry(changed.source, changed.target, forbidden=["strongman", "White Russia"])

    def update() -> None:
        index.remove(changed)
        index.add(edited)
        index.remove(edited)
        index.add(changed)

    update_ms = median_ms(update, 50) / 2  # two changes per run
    rebuild_ms = median_ms(lambda: ForbiddenIndex(terms), 3)

    found = sum(len(f) for f in new_flags)
    print(f"forbidden flags in the article: {found} (old and new identical)")
    print(f"{'':24}{'old regex':>12}{'index':>12}")
    print(f"{'build':24}{0.0:>9.1f} ms{build_ms:>9.1f} ms   (old: compiled on every check)")
    print(f"{'check all segments':24}{old_ms:>9.1f} ms{new_ms:>9.1f} ms   ({old_ms / new_ms:.0f}×)")
    per_old, per_new = old_ms / len(segments), new_ms / len(segments)
    print(f"{'check one segment':24}{per_old:>9.2f} ms{per_new:>9.2f} ms")
    print(
        f"{'one term changed':24}{'-':>12}{update_ms:>9.3f} ms   (full rebuild {rebuild_ms:.0f} ms)"
    )


if __name__ == "__main__":
    main()
