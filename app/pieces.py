"""Inputs longer than the model's token budget, translated in pieces and joined again.

NMT models are trained on sentences (argos packages on ≤ ~512 tokens) and decode at most a fixed
number of tokens, so a 100,000-character line without a full stop used to come back cut at 512
tokens, silently. Instead, a tokenized input longer than the budget is split — at a clause mark
(`,` `;` `:` or a dash) in the second half of the budget if there is one, else at the last word
boundary, else (a single word longer than the budget) hard — and each piece is translated on its
own. The pieces' hypotheses are joined into one: text with the spacing of the source, target
tokens and source tokens concatenated, and for each target token the index (into the joined
source tokens) of the source token it attends to most, so alignment keeps working on the whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

CLAUSE_MARKS = ",;:–—"
END_TOKEN = "</s>"


def _visible(token: str) -> str:
    return token.replace("▁", "").removesuffix("@@")


def starts_word(tokens: Sequence[str], index: int, sentencepiece: bool = True) -> bool:
    """Whether tokens[index] begins a new word: SentencePiece marks it with `▁`, BPE marks the
    token before a continuation with `@@`."""
    if index == 0:
        return True
    if sentencepiece:
        return tokens[index].startswith("▁")
    return not tokens[index - 1].endswith("@@")


def ends_clause(token: str) -> bool:
    visible = _visible(token)
    return bool(visible) and (visible[-1] in CLAUSE_MARKS or visible == "-")


def split_points(tokens: Sequence[str], budget: int) -> list[tuple[int, int]]:
    """(start, end) token ranges of at most `budget` tokens each, covering `tokens` in order."""
    budget = max(1, budget)
    sentencepiece = any("▁" in token for token in tokens)
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(tokens) - start > budget:
        limit = start + budget
        cut = _last(start + budget // 2, limit, lambda p: ends_clause(tokens[p - 1]))
        if cut is None:
            cut = _last(start + 1, limit, lambda p: starts_word(tokens, p, sentencepiece))
        if cut is None:
            cut = limit  # one word longer than the budget: no boundary to respect
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(tokens)))
    return pieces


def _last(low: int, high: int, ok: Callable[[int], bool]) -> int | None:
    """The largest p in (low, high] with ok(p), scanning down."""
    for p in range(high, max(low, 0), -1):
        if ok(p):
            return p
    return None


def argmax_alignment(attention: Sequence[Sequence[float]] | None, rows: int) -> list[int]:
    """For each of the first `rows` target tokens, the source token it attends to most (-1: none).

    One pass over the matrix, each row reduced by C builtins (`max`, `list.index`: the first
    maximum, like argmax). numpy would do the same, but the desktop build leaves numpy out.
    """
    result = [-1] * rows
    for t, row in enumerate((attention or [])[:rows]):
        if len(row):
            result[t] = row.index(max(row)) if isinstance(row, list) else _first_max(row)
    return result


def _first_max(row: Sequence[float]) -> int:
    values = list(row)
    return values.index(max(values))


def join_texts(texts: Sequence[str], new_word: Sequence[bool]) -> str:
    """Piece translations joined with a space where the source piece began a new word."""
    joined = ""
    for text, spaced in zip(texts, new_word, strict=True):
        if joined and text and spaced and not joined[-1].isspace() and not text[0].isspace():
            joined += " "
        joined += text
    return joined
