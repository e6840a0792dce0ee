"""Deterministic stand-ins for an MT engine, for testing term enforcement strategy by strategy.

They translate word by word: every source token (a word, number or punctuation mark) becomes the
lexicon's rendering (or itself), and the attention of each output token points at the source
token it came from, exactly like the alignment a real model's attention gives at best.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.engine import CancelCheck, Hypothesis, ProgressCallback

TOKEN = re.compile(r"\w+|[^\w\s]")


def token_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN.finditer(text)]


def join_tokens(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Detokenize: spaces between tokens except before punctuation; also return token spans."""
    text, spans = "", []
    for token in tokens:
        if text and (token[0].isalnum() or token[0] in "(„“"):
            text += " "
        spans.append((len(text), len(text) + len(token)))
        text += token
    return text, spans


@dataclass
class WordByWordMT:
    """lexicon: German word → English words. numbers: what happens to numbers (placeholders).

    "copy" keeps them, "drop" loses them, "duplicate" emits them twice.
    """

    lexicon: dict[str, str] = field(default_factory=dict)
    numbers: str = "copy"
    with_attention: bool = True
    calls: list[tuple[list[str], bool]] = field(default_factory=list)
    renderings: dict[str, list[str]] = field(default_factory=dict)  # term alone → n-best
    rendered: list[list[str]] = field(default_factory=list)  # render_terms calls

    def translate_for_terms(
        self,
        texts: Sequence[str],
        attention: bool,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[Hypothesis]:
        self.calls.append((list(texts), attention))
        results = []
        for done, text in enumerate(texts, 1):
            if cancelled and cancelled():
                from app.model_store import Cancelled

                raise Cancelled()
            results.append(self._translate(text.strip(), attention))
            if progress:
                progress(done, len(texts))
        return results

    def _translate(self, text: str, attention: bool) -> Hypothesis:
        source_tokens = [text[a:b] for a, b in token_spans(text)]
        out_tokens: list[str] = []
        origin: list[int] = []
        for index, token in enumerate(source_tokens):
            if token.isdigit():
                copies = {"copy": 1, "drop": 0, "duplicate": 2}[self.numbers]
                rendering = [token] * copies
            else:
                rendering = self.lexicon.get(token, token).split()
            out_tokens += rendering
            origin += [index] * len(rendering)
        text_out, _ = join_tokens(out_tokens)
        rows = None
        if attention and self.with_attention:
            rows = [
                [1.0 if column == source else 0.0 for column in range(len(source_tokens))]
                for source in origin
            ]
        return Hypothesis(text_out, out_tokens, source_tokens, rows)

    def render_terms(self, texts: Sequence[str], alternatives: int) -> list[list[str]]:
        """A term on its own, translated as in a sentence (or as `renderings` says)."""
        self.rendered.append(list(texts))
        return [
            self.renderings.get(text, [self._translate(text.strip(), False).text])[:alternatives]
            for text in texts
        ]

    def source_spans(self, text: str) -> list[tuple[int, int]]:
        return token_spans(text.strip())

    def target_spans(self, hypothesis: Hypothesis) -> list[tuple[int, int]]:
        return join_tokens(hypothesis.tokens)[1]
