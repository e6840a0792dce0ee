"""Translation throughput: Wortlaut's engine against the raw floor and a naive integration.

    python benchmarks/bench_translate.py [--runs 3] [--length 32]

Builds a realistic-size random-weight package (Transformer-base, 32k vocabulary, int8) once into
`$XDG_CACHE_HOME/wortlaut-bench` and translates the sample article with it, three ways, in the
same process:

  engine  Wortlaut's TranslationEngine.translate_texts (tokenize, sort, chunk, detokenize)
  floor   one raw translate_batch over the pre-tokenized segments (what batching can achieve)
  naive   one translate_batch call per sentence (what a naive integration does)

Decoding length is fixed in every arm (min = max = --length) so random weights cannot skew it.
Targets: engine overhead over the floor ≤ 10 %, engine ≥ 2× faster than naive.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("WORTLAUT_HOME", tempfile.mkdtemp(prefix="wortlaut-bench-home-"))

from app.engine import DecodingOptions, TranslationEngine  # noqa: E402
from app.segmentation import segment_document  # noqa: E402
from tools.build_test_model import BASE, build_package_dir  # noqa: E402


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wortlaut-bench"


def realistic_package() -> Path:
    package = cache_dir() / "translate-de_en-1_0"
    if not (package / "model" / "model.bin").exists():
        print(f"building the Transformer-base benchmark model into {package} …", flush=True)
        build_package_dir(BASE, cache_dir())
    return package


def timed(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--length", type=int, default=32, help="fixed decoding length in tokens")
    args = parser.parse_args()

    engine = TranslationEngine(realistic_package())
    text = (ROOT / "resources" / "samples" / "article-de.txt").read_text(encoding="utf-8")
    texts = [s.mt_input for s in segment_document(text).segments if s.needs_mt]
    options = DecodingOptions(max_decoding_length=args.length, min_decoding_length=args.length)
    tokenized = [engine.tokenize(t) for t in texts]
    translator = engine.translator
    raw = {
        "beam_size": options.beam_size,
        "length_penalty": options.length_penalty,
        "max_decoding_length": args.length,
        "min_decoding_length": args.length,
        "replace_unknowns": True,
        "return_scores": True,
    }

    def run_engine() -> object:
        return engine.translate_texts(texts, options=options)

    def run_floor() -> object:
        return translator.translate_batch(
            tokenized, max_batch_size=options.max_batch_tokens, batch_type="tokens", **raw
        )

    def run_naive() -> object:
        return [translator.translate_batch([tokens], **raw) for tokens in tokenized]

    run_floor()  # warm-up: first call allocates caches
    engine_s = timed(run_engine, args.runs)
    floor_s = timed(run_floor, args.runs)
    naive_s = timed(run_naive, args.runs)
    engine_s = min(engine_s, timed(run_engine, args.runs))  # interleaved second measurement
    floor_s = min(floor_s, timed(run_floor, args.runs))

    tokens = sum(len(t) for t in tokenized)
    print(f"segments: {len(texts)}  source tokens: {tokens}  decoding length: {args.length}")
    print(f"cores: {os.cpu_count()}  runs per arm: {args.runs} (median, best of two rounds)")
    print(f"engine  {engine_s * 1000:8.1f} ms")
    print(f"floor   {floor_s * 1000:8.1f} ms   (one raw translate_batch)")
    print(f"naive   {naive_s * 1000:8.1f} ms   (one translate_batch per sentence)")
    overhead = (engine_s / floor_s - 1) * 100
    speedup = naive_s / engine_s
    print(f"engine overhead over floor: {overhead:+.1f} %  (target ≤ 10 %)")
    print(f"engine speed-up over naive: {speedup:.2f}×  (target ≥ 2×)")


if __name__ == "__main__":
    main()
