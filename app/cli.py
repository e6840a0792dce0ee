"""`wortlaut` command line: the scriptable face of the engine, the glossary and model management.

Exit codes: 0 success, 1 partial success (some input skipped), 2 failure (reason on stderr).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from app import __version__
from glossary.errors import WortlautError, os_problem

EXIT_OK, EXIT_PARTIAL, EXIT_FAILURE = 0, 1, 2

NO_MODEL_HELP = (
    "no German→English model is installed.\n"
    "  Install a downloaded package:  wortlaut models install translate-de_en.argosmodel\n"
    "  or download one (uses the internet):  wortlaut models download de en\n"
    "  or name one for this run:  wortlaut translate --model PACKAGE.argosmodel INPUT"
)


class CliError(WortlautError):
    """A failure to report on stderr as one clear message, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wortlaut",
        description="Offline German→English translation with an enforced terminology glossary.",
    )
    parser.add_argument("--version", action="version", version=f"wortlaut {__version__}")
    parser.add_argument(
        "--self-test",
        nargs="?",
        const="",
        metavar="MODEL",
        help="check this installation end to end, offline, in a temporary folder, and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("gui", help="open the desktop app (also: wortlaut with no command)")
    gui.add_argument("document", nargs="?", type=Path, help="a .txt document or .wortlaut project")
    gui.add_argument(
        "--screenshot",
        type=Path,
        metavar="OUT.png",
        help="open DOCUMENT, translate it if a model is installed, save a screenshot, exit",
    )
    gui.add_argument(
        "--report-startup", action="store_true", help=argparse.SUPPRESS
    )  # benchmarks/bench_startup.py
    gui.set_defaults(handler=cmd_gui)

    translate = commands.add_parser(
        "translate", help="translate a German text file (or - for stdin)"
    )
    translate.add_argument("input", help="UTF-8 or UTF-16 text file, or - for standard input")
    translate.add_argument(
        "--model",
        type=Path,
        metavar="FILE_OR_DIR",
        help="an .argosmodel file or unpacked package folder to use for this run",
    )
    translate.add_argument(
        "--json", action="store_true", help="print segments, term statuses and QA flags as JSON"
    )
    add_glossary_choice(translate)
    translate.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write the result to OUT (atomically) instead of standard output",
    )
    translate.set_defaults(handler=cmd_translate)

    models = commands.add_parser(
        "models", help="install, list, remove or download translation models"
    )
    model_commands = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    install = model_commands.add_parser("install", help="install an .argosmodel file")
    install.add_argument("file", type=Path, help="the .argosmodel package file")
    install.set_defaults(handler=cmd_models_install)
    listing = model_commands.add_parser("list", help="list installed models")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(handler=cmd_models_list)
    remove = model_commands.add_parser("remove", help="remove an installed model (e.g. de_en)")
    remove.add_argument("code", help="the model's code, as models list shows it (de_en)")
    remove.set_defaults(handler=cmd_models_remove)
    download = model_commands.add_parser(
        "download",
        help="download and install a model from the argos package index (uses the internet)",
    )
    download.add_argument("from_code", help="source language code (de)")
    download.add_argument("to_code", help="target language code (en)")
    download.set_defaults(handler=cmd_models_download)

    evaluate = commands.add_parser(
        "eval",
        help="score a translation against a reference: chrF and term use, with/without glossary",
    )
    evaluate.add_argument("input", help="German source text file")
    evaluate.add_argument(
        "--reference", type=Path, required=True, metavar="REF", help="reference translation"
    )
    evaluate.add_argument(
        "--model",
        type=Path,
        metavar="FILE_OR_DIR",
        help="an .argosmodel file or unpacked package folder to use for this run",
    )
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    add_glossary_choice(evaluate)
    evaluate.set_defaults(handler=cmd_eval)

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

    glossary = commands.add_parser("glossary", help="manage the stored glossary")
    glossary_commands = glossary.add_subparsers(
        dest="glossary_command", metavar="ACTION", required=True
    )
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db", metavar="URL", help="SQLAlchemy URL (default: the per-user SQLite file)"
    )
    g_import = glossary_commands.add_parser("import", parents=[db], help="import CSV/TSV/TBX")
    g_import.add_argument("file", type=Path)
    g_import.add_argument(
        "--strict", action="store_true", help="write nothing if any row is invalid"
    )
    g_import.add_argument(
        "--on-duplicate", choices=["skip", "overwrite", "keep-both"], default="skip"
    )
    g_import.set_defaults(handler=cmd_glossary_import)
    g_export = glossary_commands.add_parser("export", parents=[db], help="export CSV or TBX")
    g_export.add_argument("file", type=Path)
    g_export.add_argument("--format", choices=["csv", "tbx"])
    g_export.add_argument("--bom", action="store_true", help="UTF-8 BOM, for Excel")
    g_export.set_defaults(handler=cmd_glossary_export)
    g_list = glossary_commands.add_parser("list", parents=[db], help="list terms")
    g_list.add_argument("--json", action="store_true", help="print ids, versions and fields")
    g_list.set_defaults(handler=cmd_glossary_list)
    g_add = glossary_commands.add_parser("add", parents=[db], help="add a term")
    g_add.add_argument("source")
    g_add.add_argument("target")
    g_add.add_argument("--notes", default="")
    g_add.add_argument("--forbidden", action="append", default=[], metavar="VARIANT")
    g_add.add_argument("--case-sensitive", action="store_true")
    g_add.set_defaults(handler=cmd_glossary_add)
    g_remove = glossary_commands.add_parser("remove", parents=[db], help="remove a term by id")
    g_remove.add_argument("id", type=int)
    g_remove.add_argument(
        "--expect-version", type=int, metavar="N", help="refuse if the term is no longer version N"
    )
    g_remove.set_defaults(handler=cmd_glossary_remove)
    g_edit = glossary_commands.add_parser(
        "edit", parents=[db], help="change a term (refused if someone changed it meanwhile)"
    )
    g_edit.add_argument("id", type=int)
    g_edit.add_argument("--source")
    g_edit.add_argument("--target")
    g_edit.add_argument("--notes")
    g_edit.add_argument("--forbidden", action="append", metavar="VARIANT")
    g_edit.add_argument("--case-sensitive", action=argparse.BooleanOptionalAction, default=None)
    g_edit.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="the version you read (glossary list --json); refused if the term has moved on",
    )
    g_edit.set_defaults(handler=cmd_glossary_edit)
    g_history = glossary_commands.add_parser("history", parents=[db], help="a term's changes")
    g_history.add_argument("id", type=int)
    g_history.add_argument("--json", action="store_true", help="print the changes as JSON")
    g_history.set_defaults(handler=cmd_glossary_history)
    g_revert = glossary_commands.add_parser(
        "revert", parents=[db], help="undo one change (its number from glossary history)"
    )
    g_revert.add_argument("change", type=int)
    g_revert.set_defaults(handler=cmd_glossary_revert)
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; whatever happens, return 0 (done), 1 (partly done, reported) or 2
    (refused or failed, with one or two lines on stderr and the traceback in the log)."""
    from app.failures import report_failure, setup_logging, silence_broken_stdout

    parser = build_parser()
    args = parser.parse_args(argv)  # usage errors: argparse's message, exit 2
    try:
        setup_logging()
        code = run_command(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except KeyboardInterrupt:
        print("wortlaut: cancelled", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader stopped early (`wortlaut match … | head`): what it took was delivered.
        silence_broken_stdout()
        return EXIT_PARTIAL
    except Exception as exc:
        message = report_failure(
            exc, f"wortlaut {' '.join(sys.argv[1:] if argv is None else argv)}"
        )
        print(f"wortlaut: error: {message}", file=sys.stderr)
        return EXIT_FAILURE


def run_command(args: argparse.Namespace) -> int:
    if args.self_test is not None:
        from app.selftest import run_self_test

        return run_self_test(Path(args.self_test) if args.self_test else None)
    if args.command is None:
        return cmd_gui(argparse.Namespace(document=None, screenshot=None, report_startup=False))
    return int(args.handler(args) or EXIT_OK)


# -- gui ---------------------------------------------------------------------------------------
def cmd_gui(args: argparse.Namespace) -> int:
    from app.platform_check import missing_libraries, missing_libraries_message, uses_xcb

    if uses_xcb() and (missing := missing_libraries()):
        raise CliError(missing_libraries_message(missing))
    try:
        from app.ui.app import run
    except ImportError as exc:  # e.g. Qt's system libraries missing on a server
        raise CliError(f"the desktop app cannot start: {exc}") from None
    if args.document is not None and not args.document.is_file():
        raise CliError(f"{args.document}: no such file")
    return run(args.document, args.screenshot, args.report_startup)


# -- translate ---------------------------------------------------------------------------------
def read_input(name: str) -> str:
    """Read a document given on the command line (`-` is standard input), BOM removed."""
    from glossary.encoding import decode_bytes
    from glossary.errors import InputError

    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise CliError(f"{name}: {os_problem(exc)}") from None
    try:
        return decode_bytes(data, source="<stdin>" if name == "-" else name).text
    except InputError as exc:
        raise CliError(str(exc)) from None


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


def translation_terms(args: argparse.Namespace) -> list:
    """The glossary for translate/eval: --glossary, --db, else the stored one if it exists."""
    from app import paths

    if args.no_glossary:
        return []
    if args.glossary is not None or args.db is not None:
        entries = glossary_entries(args.glossary, args.db)
        if not entries:
            note(f"{args.glossary or 'the glossary database'} has no terms: translating without")
        return entries
    if paths.glossary_db().exists():
        return glossary_entries(None, None)
    return []


def translate_file(args: argparse.Namespace, terms: list, strategies=None):  # type: ignore[no-untyped-def]
    from app.engine import engine_for
    from app.model_store import ModelError
    from app.pipeline import translate_with_glossary
    from app.segmentation import segment_document
    from app.terminology import STRATEGIES

    document = segment_document(read_input(args.input))
    with tempfile.TemporaryDirectory(prefix="wortlaut-model-") as scratch:
        if any(segment.needs_mt for segment in document.segments):
            try:
                engine = engine_for(resolve_model(args.model, Path(scratch)))
                translate_with_glossary(
                    engine,
                    document,
                    terms,
                    strategies=STRATEGIES if strategies is None else strategies,
                    progress=_progress_printer("translating"),
                )
            except ModelError as exc:  # the package's model or tokenizer cannot be loaded
                raise CliError(str(exc)) from None
            if sys.stderr.isatty():
                print(file=sys.stderr)
        else:
            translate_with_glossary(None, document, terms)  # type: ignore[arg-type]
    return document


def cmd_translate(args: argparse.Namespace) -> int:
    from app.report import qa_summary, segment_json

    terms = translation_terms(args)
    document = translate_file(args, terms)
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

    try:
        import sacrebleu  # noqa: F401
    except ImportError:  # the desktop installers leave the scorer out
        raise CliError(
            "eval needs sacrebleu, which this build does not include; "
            "use the Python package (pip install wortlaut) for evaluation"
        ) from None

    reference = read_input(str(args.reference))
    terms = translation_terms(args)
    runs = {"without glossary": translate_file(args, terms, strategies=())}
    if terms:
        runs["with glossary"] = translate_file(args, terms)
    report = evaluate(runs, reference)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.text())
    return EXIT_OK


def note(message: str) -> None:
    """Something the user should know that is not an error (stderr, so pipes stay clean)."""
    print(f"wortlaut: note: {message}", file=sys.stderr)


def write_output(text: str, path: Path | None, stream: TextIO | None = None) -> None:
    from glossary.atomic import atomic_write_text

    if path is None:
        (stream or sys.stdout).write(text)
        return
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise CliError(f"{path}: cannot write: {os_problem(exc)}") from None


# -- models ------------------------------------------------------------------------------------
def _progress_printer(label: str):
    last = [-1]

    def report(done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        percent = int(done * 100 / total) if total else -1
        if percent != last[0]:
            last[0] = percent
            shown = f"{percent:3d}%" if percent >= 0 else f"{done // 1024} KiB"
            print(f"\r{label} {shown}", end="", file=sys.stderr, flush=True)

    return report


def cmd_models_install(args: argparse.Namespace) -> int:
    from app.model_store import ModelError, ModelStore

    try:
        model = ModelStore().install(args.file, progress=_progress_printer("installing"))
    except ModelError as exc:
        raise CliError(str(exc)) from None
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"installed {model.code} ({model.from_name}→{model.to_name}, version {model.version})")
    return EXIT_OK


def cmd_models_list(args: argparse.Namespace) -> int:
    from app.i18n import format_size
    from app.model_store import ModelError, ModelStore

    try:
        models = ModelStore().installed()
    except ModelError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print(json.dumps([m.to_json() for m in models], ensure_ascii=False, indent=2))
    elif not models:
        print("no models installed")
    else:
        for m in models:
            size = format_size(m.size_bytes)
            print(f"{m.code:8} {m.from_name}→{m.to_name}  version {m.version}  {size}  {m.path}")
    return EXIT_OK


def cmd_models_remove(args: argparse.Namespace) -> int:
    from app.engine import forget_engine
    from app.model_store import ModelError, ModelStore

    try:
        model = ModelStore().remove(args.code)
    except ModelError as exc:
        raise CliError(str(exc)) from None
    forget_engine(model.path)
    print(f"removed {model.code}")
    return EXIT_OK


def cmd_models_download(args: argparse.Namespace) -> int:
    from app.model_store import ModelError, ModelStore

    print(
        f"Downloading the {args.from_code}→{args.to_code} model from the internet "
        "(the argos package index)…",
        file=sys.stderr,
    )
    try:
        model = ModelStore().download(
            args.from_code, args.to_code, progress=_progress_printer("downloading")
        )
    except ModelError as exc:
        raise CliError(str(exc)) from None
    print(f"installed {model.code} ({model.from_name}→{model.to_name}, version {model.version})")
    return EXIT_OK


# -- glossary ----------------------------------------------------------------------------------
def open_store(url: str | None):  # type: ignore[no-untyped-def]
    from app import paths
    from glossary.storage import GlossaryStore, StoreError, sqlite_url

    try:
        return GlossaryStore.open(url or sqlite_url(paths.glossary_db()))
    except StoreError as exc:
        raise CliError(str(exc)) from None


def load_glossary_file(path: Path):  # type: ignore[no-untyped-def]
    from glossary.errors import InputError
    from glossary.exchange import read_glossary

    try:
        return read_glossary(path)
    except InputError as exc:
        raise CliError(str(exc)) from None


def glossary_entries(file: Path | None, url: str | None) -> list:
    """Terms from a glossary file (not stored) or from the database."""
    if file is not None:
        parsed = load_glossary_file(file)
        for line, reason in parsed.invalid:
            print(f"wortlaut: warning: {file}:{line}: {reason} (row skipped)", file=sys.stderr)
        return parsed.entries
    with glossary_store(url) as store:
        return store.entries()


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


def cmd_glossary_import(args: argparse.Namespace) -> int:
    from glossary.storage import OnDuplicate

    parsed = load_glossary_file(args.file)
    with glossary_store(args.db) as store:  # a store failure is one message, nothing written
        report = store.import_entries(
            parsed.rows,
            parsed.invalid,
            on_duplicate=OnDuplicate(args.on_duplicate),
            strict=args.strict,
            author=author(),
        )
    for line, problem in report.problems():
        print(f"{args.file}:{line}: {problem} (row skipped)", file=sys.stderr)
    if not report.written:
        print(
            f"wortlaut: error: {args.file}: {report.refusals} bad row(s); "
            "--strict: nothing was imported",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    described = (
        "delimiter " + ("tab" if parsed.delimiter == "\t" else repr(parsed.delimiter))
        if parsed.delimiter
        else "TBX"
    )
    print(
        f"imported {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
        f"skipped {report.skipped} ({parsed.encoding}, {described})"
    )
    return EXIT_PARTIAL if report.skipped else EXIT_OK


def cmd_glossary_export(args: argparse.Namespace) -> int:
    from glossary.exchange import export_csv, export_tbx

    fmt = args.format or ("tbx" if args.file.suffix.lower() in (".tbx", ".xml") else "csv")
    with glossary_store(args.db) as store:
        entries = store.entries()
    try:
        if fmt == "tbx":
            count = export_tbx(entries, args.file)
        else:
            count = export_csv(entries, args.file, bom=args.bom)
    except OSError as exc:
        raise CliError(f"{args.file}: cannot write: {os_problem(exc)}") from None
    print(f"exported {count} terms to {args.file}")
    return EXIT_OK


def cmd_glossary_list(args: argparse.Namespace) -> int:
    with glossary_store(args.db) as store:
        entries = store.entries()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": e.id,
                        "source": e.source,
                        "target": e.target,
                        "notes": e.notes,
                        "forbidden": e.forbidden,
                        "case_sensitive": e.case_sensitive,
                        "domain": e.domain,
                        "version": e.version,
                    }
                    for e in entries
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for e in entries:
            extra = f"  (not: {', '.join(e.forbidden)})" if e.forbidden else ""
            print(f"{e.id}\t{e.source}\t→ {e.target}{extra}")
    return EXIT_OK


def cmd_glossary_add(args: argparse.Namespace) -> int:
    from glossary.terms import TermEntry

    if not args.source.strip() or not args.target.strip():
        raise CliError("source and target must not be empty")
    with glossary_store(args.db) as store:
        entry = store.add(
            TermEntry(
                source=args.source.strip(),
                target=args.target.strip(),
                notes=args.notes,
                forbidden=args.forbidden,
                case_sensitive=args.case_sensitive,
            ),
            author=author(),
        )
    print(f"added {entry.id}: {entry.source} → {entry.target}")
    return EXIT_OK


def author() -> str:
    """Who the history records: WORTLAUT_AUTHOR, else the login name."""
    import getpass

    try:
        return os.environ.get("WORTLAUT_AUTHOR") or getpass.getuser()
    except OSError:  # pragma: no cover - no login name (some containers)
        return ""


def conflict_message(exc) -> str:  # type: ignore[no-untyped-def]
    current = exc.current
    if current is None:
        return f"conflict: {exc}; nothing was changed"
    return (
        f"conflict: {exc}; nothing was changed.\n  now stored (version {current.version}): "
        f"{current.source} → {current.target}"
        + (f"  notes: {current.notes}" if current.notes else "")
        + "\n  run `wortlaut glossary history ID` to see who changed it, then edit again"
    )


@contextmanager
def glossary_store(url: str | None) -> Iterator:  # type: ignore[type-arg]
    """The glossary store for one command, the one way every command reaches the database:
    its errors (and any database error the store let through) become one clear CLI message."""
    from sqlalchemy.exc import SQLAlchemyError

    from glossary.database import store_error
    from glossary.storage import ConflictError, StoreError

    store = open_store(url)
    try:
        yield store
    except ConflictError as exc:
        raise CliError(conflict_message(exc)) from None
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except SQLAlchemyError as exc:
        raise CliError(str(store_error(exc, store.engine.url))) from None
    finally:
        store.close()


def cmd_glossary_remove(args: argparse.Namespace) -> int:
    with glossary_store(args.db) as store:
        entry = store.remove(args.id, author=author(), expected_version=args.expect_version)
    print(f"removed {args.id}: {entry.source} → {entry.target}")
    return EXIT_OK


def cmd_glossary_edit(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from glossary.storage import to_entry

    with glossary_store(args.db) as store:
        row = store.get(args.id)
        if row is None:
            raise CliError(f"no term with id {args.id}")
        current = to_entry(row)
        changed = replace(
            current,
            source=args.source.strip() if args.source is not None else current.source,
            target=args.target.strip() if args.target is not None else current.target,
            notes=args.notes if args.notes is not None else current.notes,
            forbidden=args.forbidden if args.forbidden is not None else current.forbidden,
            case_sensitive=(
                args.case_sensitive if args.case_sensitive is not None else current.case_sensitive
            ),
            version=args.expect_version if args.expect_version is not None else current.version,
        )
        if not changed.source or not changed.target:
            raise CliError("source and target must not be empty")
        saved = store.update(changed, author=author())
    print(f"saved {saved.id} (version {saved.version}): {saved.source} → {saved.target}")
    return EXIT_OK


def cmd_glossary_history(args: argparse.Namespace) -> int:
    with glossary_store(args.db) as store:
        changes = store.history(args.id)
    if not changes:
        raise CliError(f"no recorded changes for term {args.id}")
    if args.json:
        print(json.dumps([c.to_json() for c in changes], ensure_ascii=False, indent=2))
        return EXIT_OK
    for change in changes:
        when = change.changed_at.strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
        old = f"{change.old.source} → {change.old.target}" if change.old else "—"
        new = f"{change.new.source} → {change.new.target}" if change.new else "—"
        print(f"#{change.id}\t{when}\t{change.action:7}\t{change.author or '?'}\t{old}  ⇒  {new}")
    return EXIT_OK


def cmd_glossary_revert(args: argparse.Namespace) -> int:
    with glossary_store(args.db) as store:
        entry = store.revert(args.change, author=author())
    if entry is None:
        print(f"reverted change #{args.change}: the term is deleted")
    else:
        print(f"reverted change #{args.change}: {entry.id}: {entry.source} → {entry.target}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
