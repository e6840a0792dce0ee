"""Hostile long input for `wortlaut translate`: each generator writes one UTF-8 text file into a
folder and returns what it is and what the output must keep. None of them may be refused, cut,
or take more than linear time.

    python -m tests.hostile.long_input OUT_DIR     # writes the whole corpus to OUT_DIR
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE_DE = ROOT / "resources" / "samples" / "article-de.txt"


@dataclass(frozen=True)
class HostileText:
    path: Path
    description: str
    segments: int  # how many segments segmentation must find
    words_kept: bool  # the tiny model's output must hold every input word's translation


def _article_words(chars: int) -> str:
    words = re.findall(r"[^\W\d_]+", SAMPLE_DE.read_text(encoding="utf-8"))
    line = " ".join(words)
    while len(line) < chars:
        line += " " + line
    return line[:chars].rsplit(" ", 1)[0]


def line_without_punctuation(folder: Path) -> HostileText:
    path = folder / "long-line.txt"
    path.write_text(_article_words(2_600) + "\n", encoding="utf-8")
    return HostileText(
        path,
        "one 2,600-character line of article words, no punctuation (~750 tokens): it was cut "
        "at 512 output tokens without a word",
        1,
        True,
    )


def line_of_clauses(folder: Path) -> HostileText:
    path = folder / "long-clauses.txt"
    clause = "der Machthaber sagte dem Kreml-Sprecher nichts, "
    path.write_text((clause * 80).rstrip(", ") + ".\n", encoding="utf-8")
    return HostileText(
        path, "80 clauses joined by commas into one 4,000-character sentence", 1, True
    )


def run_of_dots(folder: Path) -> HostileText:
    path = folder / "dots.txt"
    path.write_text("." * 100_000 + "\n", encoding="utf-8")
    return HostileText(
        path, "100,000 dots on one line: 96 s of regex backtracking in segmentation", 1, False
    )


def dots_between_words(folder: Path) -> HostileText:
    path = folder / "dotted-words.txt"
    path.write_text("Wort" + "." * 1_000 + "Ende\n", encoding="utf-8")
    return HostileText(
        path, "1,000 dots between two words, no space (1,000 tokens to translate)", 1, False
    )


def many_short_sentences(folder: Path) -> HostileText:
    path = folder / "short-sentences.txt"
    path.write_text("Kreml schweigt. " * 20_000 + "\n", encoding="utf-8")
    return HostileText(
        path,
        "20,000 sentences on one line: each searched back to the line start for its last word",
        20_000,
        True,
    )


def soft_wrapped_lines(folder: Path) -> HostileText:
    path = folder / "soft-wrapped.txt"
    path.write_text("der Kreml,\n" * 300, encoding="utf-8")
    return HostileText(
        path, "300 soft-wrapped lines (one sentence): each copied the paragraph so far", 1, True
    )


def one_giant_word(folder: Path) -> HostileText:
    path = folder / "giant-word.txt"
    path.write_text("Kreml" * 200 + "\n", encoding="utf-8")
    return HostileText(
        path, "one 1,000-letter word: no word boundary to split at within the budget", 1, False
    )


GENERATORS: list[Callable[[Path], HostileText]] = [
    line_without_punctuation,
    line_of_clauses,
    run_of_dots,
    dots_between_words,
    many_short_sentences,
    soft_wrapped_lines,
    one_giant_word,
]


def build(folder: Path) -> list[HostileText]:
    folder.mkdir(parents=True, exist_ok=True)
    return [generate(folder) for generate in GENERATORS]


if __name__ == "__main__":
    for case in build(Path(sys.argv[1])):
        print(f"{case.path.name}: {case.description}")
