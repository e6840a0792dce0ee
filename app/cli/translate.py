"""`wortlaut translate`, `eval` and `match`: German text through the engine and the glossary."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import (
    EXIT_OK,
    CliError,
    Subcommands,
    glossary_entries,
    note,
    progress_printer,
    read_input,
    write_output,
)
from glossary.errors import WortlautError

if TYPE_CHECKING:
    from app.document import Document
    from app.terminology import Strategy
    from glossary.terms import TermEntry
    from glossary.workspace import GlossaryWorkspace
    from tm.store import TranslationMemory

NO_MODEL_HELP = (
    "no German→English model is installed.\n"
    "  Install a downloaded package:  wortlaut models install translate-de_en.argosmodel\n"
    "  or download one (uses the internet):  wortlaut models download de en\n"
    "  or name one for this run:  wortlaut translate --model PACKAGE.argosmodel INPUT"
)


def add_translate_command(commands: Subcommands) -> None:
    translate = commands.add_parser(
        "translate",
        help="translate a German text file (or - for stdin), or a .docx/.xlf/.xliff/.sdlxliff/.html/.htm "
        "document into the same format (-o OUT)",
    )
    translate.add_argument("input", help="UTF-8 or UTF-16 text file, or - for standard input")
    add_model_option(translate)
    translate.add_argument(
        "--json", action="store_true", help="print segments, term statuses and QA flags as JSON"
    )
    add_glossary_choice(translate)
    translate.add_argument(
        "--no-tm",
        action="store_true",
        help="do not use the translation memory (default: 100 %% matches fill the target)",
    )
    translate.add_argument(
        "--tm-min",
        type=int,
        default=75,
        metavar="N",
        help="offer fuzzy memory matches from N %% in --json (default 75)",
    )
    translate.add_argument(
        "--no-comments",
        action="store_true",
        help="leave the comments of a .docx untranslated (default: translated, as Okapi and "
        "memoQ do)",
    )
    translate.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write the result to OUT (atomically) instead of standard output",
    )
    translate.set_defaults(handler=cmd_translate)


def add_eval_command(commands: Subcommands) -> None:
    evaluate = commands.add_parser(
        "eval",
        help="score a translation against a reference: chrF and term use, with/without glossary",
    )
    evaluate.add_argument("input", help="German source text file")
    evaluate.add_argument(
        "--reference", type=Path, required=True, metavar="REF", help="reference translation"
    )
    add_model_option(evaluate)
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument(
        "--per-method",
        action="store_true",
        help="also run each placement method alone, and alignment without its confidence gate",
    )
    add_glossary_choice(evaluate)
    evaluate.set_defaults(handler=cmd_eval)


def add_match_command(commands: Subcommands) -> None:
    match = commands.add_parser("match", help="find glossary terms in a German text")
    match.add_argument("input", help="text file, or - for standard input")
    match.add_argument(
        "--glossary",
        type=Path,
        metavar="FILE",
        help="CSV/TSV/TBX glossary to use instead of the stored one",
    )
    match.add_argument("--db", metavar="URL", help="SQLAlchemy URL of the glossary database")
    match.add_argument(
        "--json", action="store_true", help="print matches and suggestions as JSON (offsets)"
    )
    match.set_defaults(handler=cmd_match)


def add_model_option(parser: argparse.ArgumentParser) -> None:
    """--model: the package for this run (translate and eval take it alike)."""
    parser.add_argument(
        "--model",
        type=Path,
        metavar="FILE_OR_DIR",
        help="an .argosmodel file or unpacked package folder to use for this run",
    )


def add_glossary_choice(parser: argparse.ArgumentParser) -> None:
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument(
        "--glossary",
        type=Path,
        metavar="FILE",
        help="CSV/TSV/TBX glossary for this run (default: the stored glossary, if any)",
    )
    choice.add_argument("--db", metavar="URL", help="SQLAlchemy URL of the glossary database")
    choice.add_argument("--no-glossary", action="store_true", help="translate without any glossary")
    parser.add_argument(
        "--no-document-glossary",
        action="store_true",
        help="ignore a glossary.csv/.tsv/.tbx beside the input (used read-only by default)",
    )


def resolve_model(model: Path | None, scratch: Path) -> Path:
    """The package folder to translate with: --model (file or folder) or the installed de→en."""
    from app.model_store import ModelError, ModelStore

    if model is not None:
        if model.is_dir():
            if not (model / "metadata.json").is_file():
                raise CliError(f"{model}: not an argos package folder (no metadata.json)")
            return model
        try:
            return ModelStore(scratch).install(model).path
        except ModelError as exc:
            raise CliError(str(exc)) from None
    try:
        installed = ModelStore().find("de", "en")
    except ModelError as exc:
        raise CliError(str(exc)) from None
    if installed is None:
        raise CliError(NO_MODEL_HELP)
    return installed.path


def translation_glossary(args: argparse.Namespace) -> GlossaryWorkspace:
    """The glossary for translate/eval: --glossary FILE alone; otherwise the stored glossary
    (--db, or the per-user one if it exists) plus a glossary beside the input, which fills in
    the sources the stored one does not cover (the app's workspace, with the same rule)."""
    from app import paths
    from glossary.workspace import GlossaryWorkspace

    if args.no_glossary:
        return GlossaryWorkspace()
    if args.glossary is not None:
        entries = glossary_entries(args.glossary, None)
        if not entries:
            note(f"{args.glossary} has no terms: translating without")
        return GlossaryWorkspace(entries)
    stored: list[TermEntry] = []
    if args.db is not None or paths.glossary_db().exists():
        stored = glossary_entries(None, args.db)
        if args.db is not None and not stored:
            note("the glossary database has no terms")
    beside, attached = document_glossary_terms(args)
    return GlossaryWorkspace(stored, attached, beside)


def document_glossary_terms(args: argparse.Namespace) -> tuple[Path | None, list[TermEntry]]:
    """The glossary file beside the input document and its terms, unless turned off."""
    from glossary.document_glossary import glossary_beside

    if args.no_document_glossary or args.input == "-":
        return None, []
    beside = glossary_beside(Path(args.input))
    if beside is None:
        return None, []
    try:
        entries = glossary_entries(beside, None)
    except WortlautError as exc:  # not asked for by name: a broken one must not stop the job
        print(f"wortlaut: warning: {exc}; translating without it", file=sys.stderr)
        return None, []
    count = f"{len(entries)} term{'' if len(entries) == 1 else 's'}"
    note(f"using {beside} beside the document ({count}; stored terms win)")
    return beside, entries


@contextmanager
def translation_memory(args: argparse.Namespace) -> Iterator[TranslationMemory | None]:
    """The memory for translate: the --db database, else the per-user one if it exists; none
    with --no-tm (and for eval, which measures the MT)."""
    from app import paths
    from app.cli.common import tm_store

    if getattr(args, "no_tm", True) or (args.db is None and not paths.tm_db().exists()):
        yield None
        return
    with tm_store(args.db) as memory:
        yield memory


def translate_file(
    args: argparse.Namespace,
    glossary: GlossaryWorkspace,
    strategies: Sequence[Strategy] | None = None,
    confidence_threshold: float | None = None,
    memory: TranslationMemory | None = None,
) -> Document:
    """Segment and translate the input file of `args` (the model from --model or installed);
    with a `memory`, its 100/101 % matches fill targets before any MT."""
    from app.alignment import CONFIDENCE_THRESHOLD
    from app.engine import engine_for
    from app.model_store import ModelError
    from app.pipeline import fill_from_memory, translate_with_glossary
    from app.segmentation import segment_document
    from app.terminology import STRATEGIES

    document = segment_document(read_input(args.input))
    rest = document.segments
    if memory is not None:
        filled = fill_from_memory(
            document,
            [s for s in rest if s.needs_mt],
            memory,
            args.tm_min,
            glossary.entries,
            glossary.matcher,
            glossary.forbidden,
        )
        taken = {id(segment) for segment in filled}
        rest = [segment for segment in rest if id(segment) not in taken]
    with tempfile.TemporaryDirectory(prefix="wortlaut-model-") as scratch:
        if any(segment.needs_mt for segment in rest):
            try:
                engine = engine_for(resolve_model(args.model, Path(scratch)))
                translate_with_glossary(
                    engine,
                    document,
                    glossary.entries,
                    strategies=STRATEGIES if strategies is None else strategies,
                    progress=progress_printer("translating"),
                    segments=rest,
                    matcher=glossary.matcher,
                    forbidden=glossary.forbidden,
                    confidence_threshold=(
                        CONFIDENCE_THRESHOLD
                        if confidence_threshold is None
                        else confidence_threshold
                    ),
                )
            except ModelError as exc:  # the package's model or tokenizer cannot be loaded
                raise CliError(str(exc)) from None
            if sys.stderr.isatty():
                print(file=sys.stderr)
        else:
            translate_with_glossary(
                None, document, glossary.entries, segments=rest, matcher=glossary.matcher
            )
    return document


def refuse_overwriting_input(args: argparse.Namespace) -> None:
    """`-o` naming the input file would replace the source by its translation: refused."""
    from app.paths import same_file

    if args.output is not None and args.input != "-" and same_file(Path(args.input), args.output):
        raise CliError(
            f"{args.output}: is the input file; the translation would replace the source "
            "(write it to another file with -o OUT)"
        )


def cmd_translate(args: argparse.Namespace) -> int:
    from app.formats import is_document  # lxml loads only for translate, not at every start
    from app.report import qa_summary, segment_json

    refuse_overwriting_input(args)
    glossary = translation_glossary(args)
    if args.input != "-" and is_document(Path(args.input)):
        from app.cli.documents import cmd_translate_document

        return cmd_translate_document(args, glossary)
    with translation_memory(args) as memory:
        document = translate_file(args, glossary, memory=memory)
    if not document.segments:
        note(f"{args.input}: no text to translate (the input is empty or only white space)")
    if args.json:
        payload = {
            "segments": [segment_json(s) for s in document.segments],
            "summary": qa_summary(document).to_json(),
        }
        output = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    else:
        output = document.target_text()
        if output and not output.endswith("\n"):
            output += "\n"
    write_output(output, args.output)
    if not args.json and document.segments:
        sys.stdout.flush()
        print(qa_summary(document).text(), file=sys.stderr)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from app.report import evaluate
    from app.terminology import STRATEGIES, Strategy

    try:
        import sacrebleu  # noqa: F401
    except ImportError:  # the desktop installers leave the scorer out
        raise CliError(
            "eval needs sacrebleu, which this build does not include; "
            "use the Python package (pip install wortlaut) for evaluation"
        ) from None

    reference = read_input(str(args.reference))
    glossary = translation_glossary(args)
    runs = {"without glossary": translate_file(args, glossary, strategies=())}
    if glossary.entries:
        runs["with glossary"] = translate_file(args, glossary)
    if glossary.entries and args.per_method:
        for strategy in STRATEGIES:
            runs[f"{strategy} only"] = translate_file(args, glossary, strategies=(strategy,))
        runs["alignment, no gate"] = translate_file(
            args, glossary, strategies=(Strategy.ALIGNMENT,), confidence_threshold=0.0
        )
    report = evaluate(runs, reference)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.text())
        if glossary.entries and not args.per_method:
            print(per_method_hint(args), file=sys.stderr)
    return EXIT_OK


def per_method_hint(args: argparse.Namespace) -> str:
    """The command that measures each placement method on this input (docs/terminology.md)."""
    command = ["wortlaut", "eval", "--per-method"]
    command += ["--model", str(args.model) if args.model else "PATH/translate-de_en.argosmodel"]
    command += ["--reference", str(args.reference)]
    if args.glossary:
        command += ["--glossary", str(args.glossary)]
    command.append(str(args.input))
    return (
        "To measure each placement method (mask, rendering, alignment; alignment without its "
        "confidence gate) with the real model, run:\n  " + " ".join(shlex.quote(c) for c in command)
    )


def cmd_match(args: argparse.Namespace) -> int:
    from glossary.matcher import Matcher

    text = read_input(args.input)
    entries = glossary_entries(args.glossary, args.db)
    if not entries:
        note("the glossary is empty: nothing can match (wortlaut glossary import FILE)")
    elif not text.strip():
        note(f"{args.input}: no text to search (the input is empty or only white space)")
    matcher = Matcher(entries)
    matches = matcher.find(text)
    suggestions = matcher.suggest(text, matches)
    if args.json:
        payload = {
            "matches": [
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.surface,
                    "source": m.term.source,
                    "target": m.term.target,
                }
                for m in matches
            ],
            "suggestions": [
                {
                    "start": s.start,
                    "end": s.end,
                    "text": s.surface,
                    "source": s.term.source,
                    "target": s.term.target,
                    "distance": s.distance,
                }
                for s in suggestions
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    for m in matches:
        print(f"{m.start}-{m.end}\t{m.surface}\t→ {m.term.target}")
    for s in suggestions:
        print(
            f"{s.start}-{s.end}\t{s.surface}\tdid you mean {s.term.source}? (distance {s.distance})"
        )
    return EXIT_OK
