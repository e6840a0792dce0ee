"""Proving that an extracted package runs before it replaces anything.

A package that unzips is not yet a package that translates: `model.bin` may be random bytes,
empty or truncated, `sentencepiece.model` garbage. `check_package_runs` loads the tokenizer and
the CTranslate2 model exactly as the translation engine will, and translates one short sentence
with a small decoding budget. Nothing here knows anything about a particular package.

The check runs in a child process (multiprocessing, "spawn"; the frozen app calls
`freeze_support()`): a crafted `model.bin` can crash CTranslate2 natively (a single changed byte
in the tiny test model's header makes it segfault), and that must end the check, not the app.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path

from app.cancel import CancelCheck, Cancelled
from app.model_archive import ModelError

PROBE_SENTENCE = "Test."
PROBE_DECODING_LENGTH = 8
CHECK_TIMEOUT_SECONDS = 600.0  # loading a large model on a slow disk takes a while
_POLL_SECONDS = 0.1


def check_package_runs(
    folder: Path,
    name: str,
    cancelled: CancelCheck | None = None,
    timeout: float = CHECK_TIMEOUT_SECONDS,
) -> None:
    """Raise ModelError (`NAME: PART cannot be loaded: REASON`) unless the package translates."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_check_in_child, args=(str(folder), name, sender), name="wortlaut-model-check"
    )
    try:
        process.start()
    except OSError as exc:
        raise ModelError(f"{name}: cannot start the model check: {exc.strerror or exc}") from None
    sender.close()
    deadline = time.monotonic() + timeout
    try:
        while not receiver.poll(_POLL_SECONDS):
            if cancelled and cancelled():
                raise Cancelled()
            if not process.is_alive() and not receiver.poll(0):
                raise _crashed(name, process.exitcode)
            if time.monotonic() > deadline:
                raise ModelError(
                    f"{name}: the model did not translate a test sentence within "
                    f"{timeout:.0f} s; the installed models are unchanged"
                )
        try:
            problem = receiver.recv()
        except (EOFError, OSError):
            process.join(5)
            raise _crashed(name, process.exitcode) from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if problem is not None:
        raise ModelError(str(problem))


def _crashed(name: str, exitcode: int | None) -> ModelError:
    if exitcode is not None and exitcode < 0:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = f"signal {-exitcode}"
    else:
        how = f"exit code {exitcode}"
    return ModelError(
        f"{name}: the model crashed while loading or translating ({how}); "
        "the installed models are unchanged"
    )


def _check_in_child(folder: str, name: str, result: Connection) -> None:
    """Child process: send None when the package translates, else the one-line problem."""
    try:
        check_package_here(Path(folder), name)
    except ModelError as exc:
        result.send(str(exc))
    except Exception as exc:  # anything else is still a package that does not work
        result.send(f"{name}: the package does not work: {type(exc).__name__}: {exc}")
    else:
        result.send(None)
    finally:
        result.close()


def check_package_here(folder: Path, name: str) -> None:
    """The check itself, in this process."""
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
