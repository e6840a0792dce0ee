"""Summaries of a translated document: JSON for scripts, QA counts, and evaluation figures."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from app.document import Document, PlacementMethod, TermStatus
from app.document import segment_json as segment_json  # the CLI takes it from here
from app.flags import FLAG_ORDER

STATUS_ORDER = [str(s) for s in TermStatus]
METHOD_ORDER = [str(m) for m in PlacementMethod]


@dataclass
class QASummary:
    statuses: Counter[str] = field(default_factory=Counter)
    methods: Counter[str] = field(default_factory=Counter)  # placed terms by PlacementMethod
    flags: Counter[str] = field(default_factory=Counter)
    flag_lines: list[str] = field(default_factory=list)

    @property
    def matches(self) -> int:
        return sum(self.statuses.values())

    @property
    def term_rate(self) -> float | None:
        """(applied + enforced) / matches; None without matches."""
        if not self.matches:
            return None
        placed = self.statuses[TermStatus.APPLIED] + self.statuses[TermStatus.ENFORCED]
        return placed / self.matches

    def to_json(self) -> dict[str, object]:
        return {
            "matches": self.matches,
            "statuses": {s: self.statuses[s] for s in STATUS_ORDER},
            "methods": {m: self.methods[m] for m in self.method_names()},
            "flags": {k: self.flags[k] for k in FLAG_ORDER if self.flags[k]},
            "term_rate": self.term_rate,
        }

    def method_names(self) -> list[str]:
        """The methods that placed a term, known ones in their order, then any others."""
        known = [m for m in METHOD_ORDER if self.methods[m]]
        return known + sorted(m for m in self.methods if m not in METHOD_ORDER and self.methods[m])

    def text(self, limit: int = 20) -> str:
        statuses = ", ".join(f"{self.statuses[s]} {s}" for s in STATUS_ORDER)
        flags = ", ".join(f"{self.flags[k]} {k}" for k in FLAG_ORDER if self.flags[k]) or "none"
        methods = ", ".join(f"{self.methods[m]} by {m}" for m in self.method_names())
        placed = f"; placed {methods}" if methods else ""
        lines = [f"QA: {self.matches} term matches ({statuses}{placed}); flags: {flags}"]
        lines += self.flag_lines[:limit]
        if len(self.flag_lines) > limit:
            lines.append(f"  … and {len(self.flag_lines) - limit} more (use --json)")
        return "\n".join(lines)


def qa_summary(document: Document) -> QASummary:
    summary = QASummary()
    for segment in document.segments:
        summary.statuses.update(str(t.status) for t in segment.terms)
        summary.methods.update(
            t.method or "unknown" for t in segment.terms if t.status is not TermStatus.MISSING
        )
        for flag in segment.flags:
            summary.flags[str(flag.kind)] += 1
            summary.flag_lines.append(f"  segment {segment.index + 1}: {flag.kind}: {flag.message}")
    return summary


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


@dataclass
class EvalRun:
    name: str
    chrf: float
    summary: QASummary

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "chrf": round(self.chrf, 2), **self.summary.to_json()}


@dataclass
class EvalReport:
    runs: list[EvalRun]
    aligned_by: str  # "paragraph" or "document"
    units: int

    def to_json(self) -> dict[str, object]:
        return {
            "aligned_by": self.aligned_by,
            "units": self.units,
            "runs": [r.to_json() for r in self.runs],
        }

    def text(self) -> str:
        header = f"{'':18}{'chrF':>7}{'terms':>7}{'placed':>8}" + "".join(
            f"{s:>10}" for s in STATUS_ORDER
        )
        kinds = [k for k in FLAG_ORDER if any(r.summary.flags[k] for r in self.runs)]
        header += "".join(f"  {k}" for k in kinds)
        lines = [f"chrF against the reference, aligned by {self.aligned_by} ({self.units})", header]
        for run in self.runs:
            rate = run.summary.term_rate
            row = f"{run.name:18}{run.chrf:7.2f}{run.summary.matches:7d}"
            row += f"{'' if rate is None else f'{rate:.1%}':>8}"
            row += "".join(f"{run.summary.statuses[s]:10d}" for s in STATUS_ORDER)
            row += "".join(f"  {run.summary.flags[k]:>{len(k)}d}" for k in kinds)
            lines.append(row)
        methods = [m for m in METHOD_ORDER if any(r.summary.methods[m] for r in self.runs)]
        if methods:
            lines += [
                "",
                "placed terms by method",
                f"{'':18}" + "".join(f"{m:>20}" for m in methods),
            ]
            for run in self.runs:
                row = f"{run.name:18}" + "".join(f"{run.summary.methods[m]:20d}" for m in methods)
                lines.append(row)
        return "\n".join(lines)


def evaluate(runs: dict[str, Document], reference: str) -> EvalReport:
    """chrF (sacrebleu, corpus level) per run; paragraphs are the units when their counts agree."""
    from sacrebleu.metrics import CHRF

    reference_units = paragraphs(reference)
    results, aligned_by, units = [], "document", 1
    for name, document in runs.items():
        hypothesis_units = paragraphs(document.target_text())
        if len(hypothesis_units) == len(reference_units):
            aligned_by, units = "paragraph", len(reference_units)
            hyps, refs = hypothesis_units, reference_units
        else:
            hyps, refs = [" ".join(hypothesis_units)], [" ".join(reference_units)]
        score = CHRF().corpus_score(hyps, [refs]).score
        results.append(EvalRun(name, score, qa_summary(document)))
    return EvalReport(results, aligned_by, units)
