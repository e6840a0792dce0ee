"""Offline machine translation on an installed argos package, through CTranslate2 directly.

argostranslate.translate and argostranslate.sbd are deliberately not used: they fetch sentence
boundary models from the internet at run time. We segment ourselves (app.segmentation), tokenize
with the package's own tokenizer and send the whole document through `translate_batch` in
token-budgeted chunks, sorted by length so each chunk pads little. An input longer than
`max_source_tokens` is translated in pieces and joined (app.pieces), never cut; an output the
decoder stopped before its end token is marked `truncated`, never passed off as complete.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.cancel import CancelCheck as CancelCheck  # re-exported for callers
from app.cancel import Cancelled
from app.document import Document, Flag, FlagKind
from app.model_archive import ModelError
from app.model_store import argos_package_module
from app.pieces import END_TOKEN, argmax_alignment, join_texts, split_points, starts_word

ProgressCallback = Callable[[int, int], None]  # (segments done, segments total)


@dataclass(frozen=True)
class DecodingOptions:
    beam_size: int = 4  # argos' default
    length_penalty: float = 0.2  # argos' default
    max_batch_tokens: int = 1024  # source tokens per translate_batch call (progress granularity)
    max_length_ratio: float = 3.0  # stop runaway output: ≤ 3 × longest source + 10 tokens
    max_source_tokens: int = 256  # a longer input is split at clauses/words, translated in pieces
    decoder_limit: int = 512  # the most target tokens a model is trained for (argos: ~512)
    max_decoding_length: int | None = None  # fixed cap (benchmarks); None derives it from input
    min_decoding_length: int = 0
    return_attention: bool = False


@dataclass
class Hypothesis:
    """One translated input: detokenized text plus what later stages need (tokens, attention)."""

    text: str
    tokens: list[str]
    source_tokens: list[str]
    attention: list[list[float]] | None = None
    score: float | None = None
    truncated: bool = False  # decoding stopped at the length cap, before the end token
    # Per target token, the index of the source token it attends to most (-1: none); set
    # instead of `attention` when the hypothesis was joined from pieces.
    alignment: list[int] | None = None
    # The attention row of the step that emitted the end token (it reads the last target token):
    # what the shifted alignment of the last token needs (app.alignment).
    end_attention: list[float] | None = None

    def attention_argmax(self) -> list[int] | None:
        """`alignment`, or computed from `attention` in one pass; None without either."""
        if self.alignment is not None:
            return self.alignment
        if not self.attention:
            return None
        return argmax_alignment(self.attention, len(self.tokens))


class PackageLoadError(ModelError):
    """A part of a package (its metadata, tokenizer or model) cannot be loaded or run."""

    def __init__(self, folder: Path, part: str, reason: str):
        super().__init__(f"{folder}: {part} {reason}")
        self.folder = folder
        self.part = part
        self.reason = reason


def load_reason(exc: BaseException, folder: Path) -> str:
    """One short line from a loader's exception, without the package folder's path."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = text.replace(f"{folder}{os.sep}", "").replace(str(folder), "the package")
    return text if len(text) <= 160 else text[:157] + "..."


# What CTranslate2, SentencePiece, argos and the BPE loader raise for files they cannot use.
LOAD_ERRORS = (RuntimeError, OSError, ValueError, KeyError, TypeError, ImportError)


class TranslationEngine:
    """One argos package: its tokenizer and a lazily loaded `ctranslate2.Translator`.

    Every failure to load or run the package's parts is a `PackageLoadError` naming the part.
    """

    def __init__(self, package_path: Path, options: DecodingOptions | None = None):
        self.package_path = Path(package_path)
        self.options = options or DecodingOptions()
        try:
            self.package = argos_package_module().Package(self.package_path)
        except LOAD_ERRORS as exc:
            raise PackageLoadError(
                self.package_path,
                "metadata.json",
                "cannot be read: " + load_reason(exc, self.package_path),
            ) from None
        if getattr(self.package, "tokenizer", None) is None:
            raise PackageLoadError(
                self.package_path,
                "the package",
                "has no tokenizer (sentencepiece.model or bpe.model)",
            )
        self.tokenizer = self.package.tokenizer
        self.target_prefix: str = self.package.target_prefix or ""
        self._translator: Any = None
        self._renderings: dict[str, list[str]] = {}  # term text → n-best renderings
        self._tokenizer_ready = False
        self._lock = threading.Lock()
        self._tokenizer_lock = (
            threading.Lock()
        )  # not _lock: tokenizing need not wait for a model load

    @property
    def translator(self) -> Any:
        """The CTranslate2 translator, loaded on first use and then kept."""
        with self._lock:
            if self._translator is None:
                import ctranslate2

                try:
                    self._translator = ctranslate2.Translator(
                        str(self.package_path / "model"), device="cpu", inter_threads=1
                    )
                except LOAD_ERRORS as exc:
                    raise PackageLoadError(
                        self.package_path,
                        "the model (model/)",
                        "cannot be loaded: " + load_reason(exc, self.package_path),
                    ) from None
            return self._translator

    def load_tokenizer(self) -> None:
        """Load the tokenizer's model file now (argos loads it lazily on first use)."""
        with self._tokenizer_lock:
            if self._tokenizer_ready:
                return
            loader = getattr(self.tokenizer, "lazy_processor", None) or getattr(
                self.tokenizer, "lazy_load", None
            )
            try:
                if loader is not None:
                    loader()
            except LOAD_ERRORS as exc:
                part = Path(str(getattr(self.tokenizer, "model_file", "tokenizer"))).name
                raise PackageLoadError(
                    self.package_path,
                    part,
                    "cannot be loaded: " + load_reason(exc, self.package_path),
                ) from None
            self._tokenizer_ready = True

    def tokenize(self, text: str) -> list[str]:
        self.load_tokenizer()
        return list(self.tokenizer.encode(text))

    def detokenize(self, tokens: Sequence[str]) -> str:
        """The package tokenizer's decoding, without argos' leading space."""
        self.load_tokenizer()
        text = self.tokenizer.decode(list(tokens))
        return text[1:] if text.startswith(" ") else text

    def translate_tokens(
        self,
        batch: Sequence[Sequence[str]],
        prefixes: Sequence[Sequence[str] | None] | None = None,
        options: DecodingOptions | None = None,
        **extra: Any,
    ) -> list[Hypothesis]:
        """One `translate_batch` call over pre-tokenized inputs; prefixes force each output start."""
        opts = options or self.options
        if not batch:
            return []
        package_prefix = [self.target_prefix] if self.target_prefix else []
        target_prefix = None
        if package_prefix or (prefixes and any(prefixes)):
            target_prefix = [
                package_prefix + list((prefixes[i] if prefixes else None) or [])
                for i in range(len(batch))
            ]
        if opts.max_decoding_length is not None:
            max_len = opts.max_decoding_length
        else:
            longest = max(len(tokens) for tokens in batch)
            max_len = min(opts.decoder_limit, int(longest * opts.max_length_ratio) + 10)
        translator = self.translator
        try:
            results = translator.translate_batch(
                [list(tokens) for tokens in batch],
                target_prefix=target_prefix,
                max_batch_size=opts.max_batch_tokens,
                batch_type="tokens",
                beam_size=opts.beam_size,
                length_penalty=opts.length_penalty,
                max_decoding_length=max_len,
                min_decoding_length=opts.min_decoding_length,
                replace_unknowns=True,
                return_scores=True,
                return_attention=opts.return_attention,
                return_end_token=True,
                **extra,
            )
        except (RuntimeError, ValueError) as exc:
            raise PackageLoadError(
                self.package_path,
                "the model",
                "failed to translate: " + load_reason(exc, self.package_path),
            ) from None
        hypotheses = []
        for source_tokens, result in zip(batch, results, strict=True):
            tokens = list(result.hypotheses[0])
            attention = result.attention[0] if opts.return_attention else None
            finished = bool(tokens) and tokens[-1] == END_TOKEN
            end_attention = None
            if finished:
                tokens = tokens[:-1]
                if attention and len(attention) > len(tokens):
                    end_attention = list(attention[len(tokens)])
                attention = attention[: len(tokens)] if attention else None
            if package_prefix and tokens[:1] == package_prefix:
                tokens = tokens[1:]
                attention = attention[1:] if attention else attention
            hypotheses.append(
                Hypothesis(
                    text=self.detokenize(tokens),
                    tokens=tokens,
                    source_tokens=list(source_tokens),
                    attention=attention,
                    score=result.scores[0] if result.scores else None,
                    truncated=not finished,
                    end_attention=end_attention,
                )
            )
        return hypotheses

    def translate_texts(
        self,
        texts: Sequence[str],
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
        options: DecodingOptions | None = None,
    ) -> list[Hypothesis]:
        """Translate many texts in length-sorted, token-budgeted chunks; duplicates translated once.

        Empty or white-space-only texts give empty hypotheses without touching the model.
        """
        opts = options or self.options
        results: list[Hypothesis | None] = [None] * len(texts)
        unique: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            if text.strip():
                unique.setdefault(text.strip(), []).append(i)
            else:
                results[i] = Hypothesis(text="", tokens=[], source_tokens=[])
        keys = list(unique)
        tokenized = [self.tokenize(key) for key in keys]
        # Work items are pieces: (key, start, end) token ranges within the model's budget.
        work = [
            (k, start, end)
            for k, tokens in enumerate(tokenized)
            for start, end in split_points(tokens, opts.max_source_tokens)
        ]
        pieces_of: list[list[int]] = [[] for _ in keys]
        for w, (k, _, _) in enumerate(work):
            pieces_of[k].append(w)
        pieces_left = [len(p) for p in pieces_of]
        translated: dict[int, Hypothesis] = {}
        order = sorted(range(len(work)), key=lambda w: work[w][2] - work[w][1])
        total = len(texts)
        done = total - sum(len(v) for v in unique.values())
        if progress:
            progress(done, total)
        lengths = [end - start for _, start, end in work]
        for chunk in _chunks(order, lengths, opts.max_batch_tokens):
            if cancelled and cancelled():
                raise Cancelled()
            batch = [tokenized[work[w][0]][work[w][1] : work[w][2]] for w in chunk]
            for w, hypothesis in zip(
                chunk, self.translate_tokens(batch, options=opts), strict=True
            ):
                if len(pieces_of[work[w][0]]) > 1 and hypothesis.attention:
                    # Keep only what the join needs: a 256 × 256 matrix of Python floats per
                    # piece is ~2 MB, and a 100,000-character segment has a hundred pieces.
                    hypothesis.alignment = argmax_alignment(
                        hypothesis.attention, len(hypothesis.tokens)
                    )
                    hypothesis.attention = None
                    hypothesis.end_attention = None
                translated[w] = hypothesis
                k = work[w][0]
                pieces_left[k] -= 1
                if pieces_left[k]:
                    continue
                parts = [(work[v][1], translated.pop(v)) for v in pieces_of[k]]
                whole = self._joined(parts, tokenized[k], opts.return_attention)
                for i in unique[keys[k]]:
                    results[i] = replace(whole)
                    done += 1
            if progress:
                progress(done, total)
        return [r for r in results if r is not None]

    def _joined(
        self, parts: list[tuple[int, Hypothesis]], source_tokens: list[str], attention: bool
    ) -> Hypothesis:
        """One hypothesis from the pieces (start token, hypothesis) of one input, in order."""
        if len(parts) == 1:
            return parts[0][1]
        sentencepiece = any("▁" in token for token in source_tokens)
        text = join_texts(
            [h.text for _, h in parts],
            [starts_word(source_tokens, start, sentencepiece) for start, _ in parts],
        )
        alignment = None
        if attention:
            alignment = [
                a + start if a >= 0 else -1
                for start, h in parts
                for a in (h.attention_argmax() or [-1] * len(h.tokens))
            ]
        scores = [h.score for _, h in parts if h.score is not None]
        return Hypothesis(
            text=text,
            tokens=[token for _, h in parts for token in h.tokens],
            source_tokens=list(source_tokens),
            score=sum(scores) / len(scores) if scores else None,
            truncated=any(h.truncated for _, h in parts),
            alignment=alignment,
        )

    # -- what glossary enforcement needs (app.terminology.MTBackend) -------------------------
    def translate_for_terms(
        self,
        texts: Sequence[str],
        attention: bool,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[Hypothesis]:
        options = replace(self.options, return_attention=attention)
        return self.translate_texts(texts, progress=progress, cancelled=cancelled, options=options)

    def render_terms(self, texts: Sequence[str], alternatives: int) -> list[list[str]]:
        """The model's n-best translations of short texts (glossary terms on their own).

        Cached per text for the engine's lifetime (one engine per package, see `engine_for`),
        so a term is translated once per model however many segments hold it.
        """
        missing = [t for t in dict.fromkeys(texts) if t.strip() and t not in self._renderings]
        if missing:
            options = replace(
                self.options,
                beam_size=max(self.options.beam_size, alternatives),
                return_attention=False,
            )
            batch = [self.tokenize(text.strip()) for text in missing]
            package_prefix = [self.target_prefix] if self.target_prefix else None
            try:
                results = self.translator.translate_batch(
                    batch,
                    target_prefix=[package_prefix] * len(batch) if package_prefix else None,
                    beam_size=options.beam_size,
                    num_hypotheses=alternatives,
                    max_decoding_length=min(options.decoder_limit, 3 * max(map(len, batch)) + 10),
                    replace_unknowns=True,
                )
            except (RuntimeError, ValueError) as exc:
                raise PackageLoadError(
                    self.package_path,
                    "the model",
                    "failed to translate: " + load_reason(exc, self.package_path),
                ) from None
            for text, result in zip(missing, results, strict=True):
                renderings = []
                for tokens in result.hypotheses:
                    if package_prefix and tokens[:1] == package_prefix:
                        tokens = tokens[1:]
                    renderings.append(self.detokenize(tokens))
                self._renderings[text] = renderings
        return [self._renderings.get(text, []) for text in texts]

    def source_spans(self, text: str) -> list[tuple[int, int]]:
        """Character span in `text` of each source token `tokenize(text.strip())` produces."""
        text = text.strip()
        self.load_tokenizer()
        processor = getattr(self.tokenizer, "lazy_processor", None)
        if processor is None:
            return _approximate_spans(text, self.tokenize(text))
        proto = processor().encode(text, return_type="proto")
        char_at = _byte_to_char(text)
        return [(char_at[p.begin], char_at[p.end]) for p in proto.pieces]

    def target_spans(self, hypothesis: Hypothesis) -> list[tuple[int, int]]:
        """Character span in `hypothesis.text` of each target token (approximate for odd pieces)."""
        return _approximate_spans(hypothesis.text, hypothesis.tokens)

    def translate_document(
        self,
        document: Document,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Document:
        """Fill every segment's target; segments without letters are copied unchanged."""
        todo = [segment for segment in document.segments if segment.needs_mt]
        hypotheses = self.translate_texts(
            [segment.mt_input for segment in todo], progress=progress, cancelled=cancelled
        )
        for segment, hypothesis in zip(todo, hypotheses, strict=True):
            segment.target = hypothesis.text
            segment.flags = [f for f in segment.flags if f.kind != FlagKind.TRUNCATED]
            if hypothesis.truncated:
                segment.flags.append(Flag.truncated())
        for segment in document.segments:
            if not segment.needs_mt:
                segment.target = segment.source
        return document


def _byte_to_char(text: str) -> list[int]:
    """Map each UTF-8 byte offset of `text` (and its end) to a character offset."""
    mapping: list[int] = []
    for index, ch in enumerate(text):
        mapping += [index] * len(ch.encode("utf-8"))
    mapping.append(len(text))
    return mapping


def _approximate_spans(text: str, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Locate each token's visible characters in `text`, left to right."""
    spans = []
    position = 0
    for token in tokens:
        visible = token.replace("▁", " ").replace("@@", "").strip()
        # Bounded search: an unmatched token must not scan the rest of a 100,000-character text.
        found = text.find(visible, position, position + len(visible) + 4) if visible else -1
        if found < 0 or found - position > 3:
            spans.append((position, position))
            continue
        spans.append((found, found + len(visible)))
        position = found + len(visible)
    return spans


def _chunks(order: list[int], lengths: list[int], budget: int) -> list[list[int]]:
    """Group indices (sorted by ascending length) into batches of at most `budget` padded tokens.

    A batch costs (examples × longest example), as CTranslate2 counts it for batch_type="tokens",
    so each group is exactly one CTranslate2 batch and no call is split again internally.
    """
    chunks: list[list[int]] = []
    current: list[int] = []
    for k in order:
        size = max(1, lengths[k])
        if current and (len(current) + 1) * max(size, max(1, lengths[current[-1]])) > budget:
            chunks.append(current)
            current = []
        current.append(k)
    if current:
        chunks.append(current)
    return chunks


_engines: dict[Path, TranslationEngine] = {}
_engines_lock = threading.Lock()


def engine_for(package_path: Path) -> TranslationEngine:
    """The shared engine of a package folder, so its model is loaded once per process."""
    key = Path(package_path).resolve()
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = TranslationEngine(key)
            _engines[key] = engine
        return engine


def forget_engine(package_path: Path) -> None:
    """Drop a cached engine (after a model is removed or replaced)."""
    with _engines_lock:
        _engines.pop(Path(package_path).resolve(), None)


def forget_engines_except(package_paths: Iterable[Path]) -> None:
    """Drop every cached engine but those of `package_paths` (the models still installed), so a
    replaced or removed package's model no longer holds memory."""
    keep = {Path(path).resolve() for path in package_paths}
    with _engines_lock:
        for key in [key for key in _engines if key not in keep]:
            del _engines[key]
