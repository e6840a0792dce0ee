"""Does checking an alignment placement with the model's own score (`score_batch`) pay?

    python benchmarks/bench_score_check.py [--model PACKAGE_DIR] [--kind shuffle --level 0.25]

For every term placed by alignment with the gate open (the held-out sentences and the sample
article, attention perturbed as in tests/app/placement_study.py), the edited target is scored
against the same term placed over each other run of words of the same length (up to 8, nearest
first) and against the unedited translation. Reported: how often the best-scoring placement is
the right one (the clean attention's span), how often the score would reject an edit that is
wrong, and the time of the extra `score_batch` calls against the time of translating.
Default model: the tiny test model (tests/fixtures), whose scores say little about English; the
figure that matters is the one with the real translate-de_en package.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("WORTLAUT_HOME", tempfile.mkdtemp(prefix="wortlaut-bench-home-"))

from app.english import insert_term, render_match  # noqa: E402
from tests.app.perturbed import PerturbedAttention  # noqa: E402
from tests.app.placement_study import Study  # noqa: E402

WORD = re.compile(r"\S+")


def tiny_package() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="wortlaut-tiny-"))
    with zipfile.ZipFile(ROOT / "tests" / "fixtures" / "translate-de_en-tiny.argosmodel") as zf:
        zf.extractall(folder)
    return next(folder.iterdir())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--kind", default="shuffle")
    parser.add_argument("--level", type=float, default=0.25)
    args = parser.parse_args()
    started = time.perf_counter()
    study = Study(args.model or tiny_package())
    translate_seconds = time.perf_counter() - started
    engine = study.backend.engine
    runs = study._run(PerturbedAttention(study.backend, args.kind, args.level, 7), ["alignment"], 0)
    checked = best_right = wrong = rejected_wrong = rejected_right = 0
    score_seconds = 0.0
    for c, segments in enumerate(runs):
        for s, segment in enumerate(segments):
            plain = study.backend.cache[(segment.source, True)].text
            for match in segment.matches:
                placed = segment.replaced.get(id(match))
                if placed is None:
                    continue
                right = study.reference.get((c, s, match.start))
                words = [m.span() for m in WORD.finditer(plain)]
                width = len(WORD.findall(plain[placed[0] : placed[1]])) or 1
                windows = [
                    (words[i][0], words[i + width - 1][1]) for i in range(len(words) - width + 1)
                ]
                windows.sort(key=lambda w: abs(w[0] - placed[0]))
                candidates = [placed, *[w for w in windows if w != placed][:8]]
                texts = [insert_term(plain, a, b, render_match(match))[0] for a, b in candidates]
                tick = time.perf_counter()
                source = engine.tokenize(segment.source)
                results = engine.translator.score_batch(
                    [source] * (len(texts) + 1), [engine.tokenize(t) for t in [*texts, plain]]
                )
                score_seconds += time.perf_counter() - tick
                scores = [sum(r.log_probs) / max(1, len(r.log_probs)) for r in results]
                best = max(range(len(texts)), key=scores.__getitem__)
                checked += 1
                best_right += candidates[best] == right
                is_wrong = placed != right
                wrong += is_wrong
                rejected = scores[0] < max(scores[1:])  # an alternative beats the edit
                rejected_wrong += rejected and is_wrong
                rejected_right += rejected and not is_wrong
    print(f"model: {args.model or 'tiny test model'}; attention: {args.kind} {args.level}")
    print(f"alignment edits checked: {checked}, of which wrong: {wrong}")
    print(f"best-scoring placement is the right one: {best_right}/{checked}")
    print(f"wrong edits the score would reject: {rejected_wrong}/{wrong}")
    print(f"right edits the score would reject: {rejected_right}/{checked - wrong}")
    print(
        f"score_batch time: {score_seconds:.2f} s; translating both corpora: {translate_seconds:.2f} s"
    )


if __name__ == "__main__":
    main()
