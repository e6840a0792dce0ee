"""Proving that an extracted package runs before it replaces anything.

A package that unzips is not yet a package that translates: `model.bin` may be random bytes,
empty or truncated, `sentencepiece.model` garbage. `check_package_runs` loads the tokenizer and
the CTranslate2 model exactly as the translation engine will, and translates one short sentence
with a small decoding budget. Nothing here knows anything about a particular package.
"""

from __future__ import annotations

from pathlib import Path

from app.model_archive import ModelError

PROBE_SENTENCE = "Test."
PROBE_DECODING_LENGTH = 8


def check_package_runs(folder: Path, name: str) -> None:
    """Raise ModelError (`NAME: PART cannot be loaded: REASON`) unless the package translates."""
    from app.engine import DecodingOptions, PackageLoadError, TranslationEngine

    options = DecodingOptions(beam_size=1, max_decoding_length=PROBE_DECODING_LENGTH)
    try:
        engine = TranslationEngine(folder, options)
        engine.load_tokenizer()
        tokens = engine.tokenize(PROBE_SENTENCE)
        if not tokens:
            raise ModelError(f"{name}: the tokenizer turns a test sentence into nothing")
        _ = engine.translator
        hypotheses = engine.translate_tokens([tokens])
    except PackageLoadError as exc:
        raise ModelError(
            f"{name}: {exc.part} {exc.reason}; the installed models are unchanged"
        ) from None
    if len(hypotheses) != 1 or not isinstance(hypotheses[0].text, str):
        raise ModelError(f"{name}: the model gave no translation for a test sentence")
