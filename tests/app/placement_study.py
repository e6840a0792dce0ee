"""Robustness of term placement to bad attention, on the real engine and the tiny model.

    python -m tests.app.placement_study PACKAGE_DIR     # prints the table in docs/terminology.md

The tiny model's attention is a true word alignment, so the span each term gets from the clean
attention is the right one. The study perturbs that attention (tests/app/perturbed.py: shift,
blur, shuffle, uniform, each at several levels) and counts, over the held-out sentences and the
sample article, the matches the model did not apply itself: placed *right* (the words around
the placed term are those of the clean placement), placed *wrong*, or *refused* (missing, with a
proposal where attention suggested a span). Masking is left out: it does not use attention.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.document import TermStatus
from app.engine import CancelCheck, Hypothesis, ProgressCallback, TranslationEngine
from app.segmentation import segment_document
from app.terminology import SegmentTerms, enforce_terms
from glossary.exchange import read_glossary
from glossary.matcher import Matcher
from tests.app.perturbed import KINDS, PerturbedAttention

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [
    (
        ROOT / "tests" / "fixtures" / "heldout" / "sentences-de.txt",
        ROOT / "tests" / "fixtures" / "heldout" / "glossary.csv",
    ),
    (
        ROOT / "resources" / "samples" / "article-de.txt",
        ROOT / "resources" / "samples" / "glossary.csv",
    ),
]
LEVELS = (0.25, 0.5, 0.75, 1.0)
SETUPS: tuple[tuple[str, tuple[str, ...], float | None], ...] = (
    ("alignment, no gate", ("alignment",), 0.0),
    ("alignment, gated", ("alignment",), None),
    ("rendering + alignment, gated", ("rendering", "alignment"), None),
)


@dataclass
class CachedBackend:
    """An engine whose translations are kept per (text, attention): each perturbed run then
    costs only the enforcement steps, not another pass through the model."""

    engine: Any
    cache: dict[tuple[str, bool], Hypothesis]

    def translate_for_terms(
        self,
        texts: Sequence[str],
        attention: bool,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[Hypothesis]:
        todo = [t for t in dict.fromkeys(texts) if (t, attention) not in self.cache]
        for text, hypothesis in zip(
            todo, self.engine.translate_for_terms(todo, attention), strict=True
        ):
            self.cache[(text, attention)] = hypothesis
        return [replace(self.cache[(t, attention)]) for t in texts]

    def render_terms(self, texts: Sequence[str], alternatives: int) -> list[list[str]]:
        return list(self.engine.render_terms(texts, alternatives))

    def source_spans(self, text: str) -> list[tuple[int, int]]:
        return list(self.engine.source_spans(text))

    def target_spans(self, hypothesis: Hypothesis) -> list[tuple[int, int]]:
        return list(self.engine.target_spans(hypothesis))


Placements = dict[tuple[int, int, int], tuple[int, int] | None]


def _placements(runs: list[list[SegmentTerms]]) -> Placements:
    """(corpus, segment, match start) → the span of the plain translation its target replaced
    (None: missing); matches the model applied itself are left out."""
    found: Placements = {}
    for c, segments in enumerate(runs):
        for s, segment in enumerate(segments):
            for match, result in zip(segment.matches, segment.results, strict=True):
                if result.status is TermStatus.APPLIED:
                    continue
                placed = result.status is TermStatus.ENFORCED
                found[(c, s, match.start)] = segment.replaced.get(id(match)) if placed else None
    return found


@dataclass
class Outcome:
    right: int = 0
    wrong: int = 0
    refused: int = 0
    methods: Counter[str] | None = None

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.refused

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.total if self.total else 0.0


class Study:
    def __init__(self, package: Path):
        self.backend = CachedBackend(TranslationEngine(package), {})
        self.corpora = [
            (path.read_text(encoding="utf-8"), read_glossary(glossary).entries)
            for path, glossary in CORPORA
        ]
        self.reference = _placements(self._run(self.backend, ("alignment",), 0.0))

    def _run(
        self, backend: Any, strategies: Sequence[str], threshold: float | None
    ) -> list[list[SegmentTerms]]:
        options = {} if threshold is None else {"confidence_threshold": threshold}
        runs = []
        for text, terms in self.corpora:
            matcher = Matcher(terms)
            sources = [s.mt_input for s in segment_document(text).segments if s.needs_mt]
            segments = [SegmentTerms(source, matcher.find(source)) for source in sources]
            enforce_terms(backend, segments, strategies, **options)
            runs.append(segments)
        return runs

    def outcome(
        self,
        kind: str,
        level: float,
        strategies: Sequence[str],
        threshold: float | None,
        seed: int = 7,
    ) -> Outcome:
        backend = PerturbedAttention(self.backend, kind, level, seed)
        runs = self._run(backend, strategies, threshold)
        result = Outcome(methods=Counter())
        for key, replaced in _placements(runs).items():
            if replaced is None:
                result.refused += 1
            elif replaced == self.reference.get(key):
                result.right += 1
            else:
                result.wrong += 1
        assert result.methods is not None
        for segments in runs:
            result.methods.update(r.method for s in segments for r in s.results if r.method)
        return result


def table(study: Study) -> str:
    """The Markdown table: per perturbation and level, right / wrong / refused per setup."""
    header = "| attention | level | " + " | ".join(name for name, _, _ in SETUPS) + " |"
    lines = [header, "| --- | --- |" + " --- |" * len(SETUPS)]
    for kind in KINDS:
        for level in LEVELS:
            cells = []
            for _, strategies, threshold in SETUPS:
                o = study.outcome(kind, level, strategies, threshold)
                cells.append(f"{o.right} / {o.wrong} / {o.refused}")
            lines.append(f"| {kind} | {level:.2f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    study = Study(Path(argv[0]))
    print(
        f"{len(study.reference)} matches the model does not apply itself; right / wrong / refused"
    )
    print(table(study))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
