"""Hostile forbidden variants for `wortlaut translate --glossary`: each generator writes a glossary
and a German document into a folder and says which variants must (and must not) be flagged.

The tiny test model copies the words it does not know, so German words reach the target and can
stand for English renderings there. Matching rules: ignoring case as Python's `re` does, not
inside a longer word, not after a hyphen (docs/terminology.md, "Forbidden variants").

    python -m tests.hostile.forbidden OUT_DIR     # writes the whole corpus to OUT_DIR
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE_DE = ROOT / "resources" / "samples" / "article-de.txt"
SAMPLE_GLOSSARY = ROOT / "resources" / "samples" / "glossary.csv"


@dataclass(frozen=True)
class HostileVariants:
    glossary: Path
    document: Path
    description: str
    flagged: set[str] = field(default_factory=set)  # variants that must be flagged
    not_flagged: set[str] = field(default_factory=set)  # variants that must not be
    not_in_target: set[str] = field(default_factory=set)  # replaced renderings


def _write(
    folder: Path, name: str, rows: list[tuple[str, str, str]], text: str
) -> tuple[Path, Path]:
    glossary, document = folder / f"{name}.csv", folder / f"{name}.txt"
    with open(glossary, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "notes", "forbidden"])
        for source, target, forbidden in rows:
            writer.writerow([source, target, "", forbidden])
    document.write_text(text, encoding="utf-8")
    return glossary, document


def regex_metacharacters(folder: Path) -> HostileVariants:
    variants = [".*", "(", "[a-z]+", "\\", "$", "^", "nein?", "(?i)x", "\\w+"]
    glossary, document = _write(
        folder, "metachars", [("Bollwerk", "bulwark", "|".join(variants))], "Der Kreml sagt nein.\n"
    )
    return HostileVariants(
        glossary,
        document,
        "variants made of regular-expression syntax are literal text, never patterns",
        not_flagged=set(variants),
    )


def variant_is_a_word_in_every_segment(folder: Path) -> HostileVariants:
    glossary, document = _write(
        folder,
        "common-word",
        [("Bollwerk", "bulwark", "nein|NEIN-Sager")],
        "Der Kreml sagt nein. Peskow sagt nein. Ein Nein-Sager? neinsagen.\n",
    )
    return HostileVariants(
        glossary,
        document,
        "a variant that is a common word of the output is flagged wherever it stands alone "
        "(the term is not matched, so it is not replaced); not inside neinsagen",
        flagged={"nein", "NEIN-Sager"},
    )


def forbidden_rendering_of_a_matched_term(folder: Path) -> HostileVariants:
    glossary, document = _write(
        folder,
        "matched",
        [("Quatschkopf", "fool", "Quatschkopf|QUATSCHKÖPFE")],
        "Der Quatschkopf sagt nein.\n",
    )
    return HostileVariants(
        glossary,
        document,
        "the model copies the German term, which is forbidden: flagged and replaced by the target",
        flagged={"Quatschkopf"},
        not_in_target={"Quatschkopf"},
    )


def unicode_case_edges(folder: Path) -> HostileVariants:
    glossary, document = _write(
        folder,
        "unicode",
        [
            ("Belarus", "Belarus", "weißrussland|WEIẞRUSSLAND|Weissrussland|ΣΊΣΥΦΟΣ"),
            ("Kreml", "Kremlin", "ıstanbul"),
        ],
        "Weißrussland grüßt Istanbul und Σίσυφος.\n",
    )
    return HostileVariants(
        glossary,
        document,
        "case is ignored as Python's re does it (ẞ ~ ß, ı ~ I, final sigma ~ Σ), ß is not ss",
        flagged={"weißrussland", "WEIẞRUSSLAND", "ıstanbul", "ΣΊΣΥΦΟΣ"},
        not_flagged={"Weissrussland"},
    )


def invisible_and_bidi_characters(folder: Path) -> HostileVariants:
    variants = ["Weiß\u200brussland", "\u202ednalssurßieW", "Weiß\u00adrussland", "\ufeffWeiß"]
    glossary, document = _write(
        folder,
        "invisible",
        [("Belarus", "Belarus", "|".join(variants))],
        "Weißrussland sagt nein.\n",
    )
    return HostileVariants(
        glossary,
        document,
        "zero-width, bidi-override, soft-hyphen and BOM characters in variants match only "
        "themselves",
        not_flagged=set(variants),
    )


def ten_thousand_variants(folder: Path) -> HostileVariants:
    rows = [(f"Begriff{i}", f"term {i}", f"variant {i}|old{i}") for i in range(10_000)]
    with open(SAMPLE_GLOSSARY, encoding="utf-8", newline="") as handle:
        rows += [(row[0], row[1], row[3]) for row in csv.reader(handle)][1:]
    rows.append(("Kriegsbegriff", "war term", "Putin"))
    glossary, document = _write(folder, "many", rows, SAMPLE_DE.read_text(encoding="utf-8"))
    return HostileVariants(
        glossary,
        document,
        "the sample article against 10,000 terms with 20,000 variants (one regex per variant "
        "per segment took seconds)",
        flagged={"Putin"},
        not_flagged={"variant 1", "old9999"},
    )


GENERATORS: list[Callable[[Path], HostileVariants]] = [
    regex_metacharacters,
    variant_is_a_word_in_every_segment,
    forbidden_rendering_of_a_matched_term,
    unicode_case_edges,
    invisible_and_bidi_characters,
    ten_thousand_variants,
]


def build(folder: Path) -> list[HostileVariants]:
    folder.mkdir(parents=True, exist_ok=True)
    return [generate(folder) for generate in GENERATORS]


if __name__ == "__main__":
    for case in build(Path(sys.argv[1])):
        print(f"{case.document.name}: {case.description}")
