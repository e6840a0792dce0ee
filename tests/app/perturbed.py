"""A test backend that wraps any MT backend and degrades the attention it returns.

Kinds (each mixed into the true attention at `level`, 0 = untouched, 1 = fully perturbed):
  shift     row t takes row t-1's weights: attention read one step early, as in Chen et al.
  blur      each row is spread over the neighbouring source tokens
  shuffle   a share `level` of the rows are exchanged at random
  uniform   each row moves towards equal weight on every source token
The text is never changed, so the right span of every term is the one of the clean attention.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.engine import CancelCheck, Hypothesis, ProgressCallback

KINDS = ("shift", "blur", "shuffle", "uniform")


def _mix(row: Sequence[float], other: Sequence[float], level: float) -> list[float]:
    return [(1 - level) * a + level * b for a, b in zip(row, other, strict=True)]


def perturb(
    rows: list[list[float]], kind: str, level: float, rng: random.Random
) -> list[list[float]]:
    if not rows or level == 0:
        return rows
    width = len(rows[0])
    if kind == "shift":
        return [_mix(row, rows[t - 1] if t else row, level) for t, row in enumerate(rows)]
    if kind == "blur":
        blurred = []
        for row in rows:
            spread = [
                (row[j - 1] if j else 0.0) + (row[j + 1] if j + 1 < width else 0.0)
                for j in range(width)
            ]
            blurred.append(_mix(row, [0.5 * v for v in spread], level))
        return blurred
    if kind == "shuffle":
        order = list(range(len(rows)))
        chosen = [t for t in order if rng.random() < level]
        moved = chosen[:]
        rng.shuffle(moved)
        for t, u in zip(chosen, moved, strict=True):
            order[t] = u
        return [list(rows[u]) for u in order]
    if kind == "uniform":
        flat = [1.0 / width] * width
        return [_mix(row, flat, level) for row in rows]
    raise ValueError(kind)


@dataclass
class PerturbedAttention:
    """`backend` with its attention perturbed (kind, level); everything else passed through."""

    backend: Any
    kind: str
    level: float
    seed: int = 0

    def translate_for_terms(
        self,
        texts: Sequence[str],
        attention: bool,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[Hypothesis]:
        hypotheses = self.backend.translate_for_terms(texts, attention, progress, cancelled)
        rng = random.Random(self.seed)
        result = []
        for hypothesis in hypotheses:
            if not hypothesis.attention:
                result.append(hypothesis)
                continue
            rows = [list(r) for r in hypothesis.attention]
            end = [list(hypothesis.end_attention)] if hypothesis.end_attention else []
            perturbed = perturb(rows + end, self.kind, self.level, rng)
            result.append(
                replace(
                    hypothesis,
                    attention=perturbed[: len(rows)],
                    end_attention=perturbed[len(rows)] if end else None,
                )
            )
        return result

    def render_terms(self, texts: Sequence[str], alternatives: int) -> list[list[str]]:
        return list(self.backend.render_terms(texts, alternatives))

    def source_spans(self, text: str) -> list[tuple[int, int]]:
        return list(self.backend.source_spans(text))

    def target_spans(self, hypothesis: Hypothesis) -> list[tuple[int, int]]:
        return list(self.backend.target_spans(hypothesis))
