"""`wortlaut tm`: import, export, inspect and query the translation memory; record confirmations."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.common import (
    EXIT_OK,
    EXIT_PARTIAL,
    CliError,
    Subcommands,
    author,
    note,
    progress_printer,
    read_input,
    tm_store,
)
from glossary.errors import InputError


def add_tm_commands(commands: Subcommands) -> None:
    tm = commands.add_parser("tm", help="manage and query the translation memory")
    tm_commands = tm.add_subparsers(dest="tm_command", metavar="ACTION", required=True)
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL of the glossary database, which holds the memory too "
        "(default: the per-user SQLite memory)",
    )
    t_import = tm_commands.add_parser("import", parents=[db], help="import a TMX file")
    t_import.add_argument("file", type=Path, help="TMX 1.4 file (units with German and English)")
    t_import.set_defaults(handler=cmd_tm_import)
    t_export = tm_commands.add_parser("export", parents=[db], help="export as TMX 1.4b")
    t_export.add_argument("file", type=Path, help="the TMX file to write")
    t_export.set_defaults(handler=cmd_tm_export)
    t_stats = tm_commands.add_parser("stats", parents=[db], help="count units, authors, documents")
    t_stats.add_argument("--json", action="store_true", help="print the figures as JSON")
    t_stats.set_defaults(handler=cmd_tm_stats)
    t_lookup = tm_commands.add_parser(
        "lookup", parents=[db], help="best matches for each German segment (one per line)"
    )
    t_lookup.add_argument("input", help="text file with one segment per line, or - for stdin")
    t_lookup.add_argument("--json", action="store_true", help="print the matches as JSON")
    t_lookup.add_argument(
        "--min", type=int, default=50, metavar="N", help="lowest score shown (default 50)"
    )
    t_lookup.add_argument(
        "-n", type=int, default=3, dest="limit", metavar="K", help="matches per segment (3)"
    )
    t_lookup.set_defaults(handler=cmd_tm_lookup)
    t_confirm = tm_commands.add_parser(
        "confirm",
        parents=[db],
        help="remember every translated segment of `wortlaut translate --json` output",
    )
    t_confirm.add_argument("file", help="the JSON written by translate --json, or - for stdin")
    t_confirm.add_argument(
        "--document", default="", metavar="NAME", help="the document name to record"
    )
    t_confirm.set_defaults(handler=cmd_tm_confirm)


def cmd_tm_import(args: argparse.Namespace) -> int:
    from tm.tmx import import_tmx

    with tm_store(args.db) as memory:
        try:
            report = import_tmx(memory, args.file, progress=progress_printer("importing"))
        except InputError as exc:
            raise CliError(f"{exc}; nothing was imported") from None
    if sys.stderr.isatty():
        print(file=sys.stderr)
    reasons = ", ".join(f"{count} with {reason}" for reason, count in report.skipped.items())
    print(
        f"imported {report.imported} units, skipped {report.skipped_total}"
        + (f" ({reasons})" if reasons else "")
    )
    return EXIT_PARTIAL if report.skipped_total else EXIT_OK


def cmd_tm_export(args: argparse.Namespace) -> int:
    from app import __version__
    from tm.tmx import export_tmx

    with tm_store(args.db) as memory:
        try:
            count = export_tmx(
                memory, args.file, progress=progress_printer("exporting"), version=__version__
            )
        except InputError as exc:
            raise CliError(f"{args.file}: cannot write: {exc}") from None
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"exported {count} units to {args.file}")
    return EXIT_OK


def cmd_tm_stats(args: argparse.Namespace) -> int:
    with tm_store(args.db) as memory:
        stats = memory.stats()
    if args.json:
        print(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"units: {stats.units}")
    for pair, count in stats.language_pairs.items():
        print(f"  {pair}: {count}")
    print(f"authors: {stats.authors}")
    print(f"documents: {stats.documents}")
    print(f"last change: {stats.newest.isoformat() if stats.newest else '-'}")
    return EXIT_OK


def cmd_tm_lookup(args: argparse.Namespace) -> int:
    if not 0 <= args.min <= 101:
        raise CliError(f"--min {args.min}: a score is between 0 and 101")
    if args.limit < 1:
        raise CliError(f"-n {args.limit}: ask for at least one match")
    queries = [line.strip() for line in read_input(args.input).splitlines() if line.strip()]
    if not queries:
        note(f"{args.input}: no segments to look up (one German segment per line)")
    with tm_store(args.db) as memory:
        results = [
            (query, memory.lookup(query, min_score=args.min, limit=args.limit)) for query in queries
        ]
    if args.json:
        payload = {
            "results": [
                {"query": query, "matches": [m.to_json() for m in matches]}
                for query, matches in results
            ]
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    for query, matches in results:
        print(query)
        for m in matches:
            print(f"  {m.score:3d}%  {m.source}\t→ {m.target}")
        if not matches:
            print("  (no match)")
    return EXIT_OK


def cmd_tm_confirm(args: argparse.Namespace) -> int:
    from tm.units import TranslationUnit

    segments = _translated_segments(args.file)
    who = author()
    document = args.document or ("" if args.file == "-" else Path(args.file).stem)
    units = [
        TranslationUnit.from_text(
            source,
            target,
            segments[i - 1][0] if i > 0 else "",
            segments[i + 1][0] if i + 1 < len(segments) else "",
            who,
            document,
        )
        for i, (source, target) in enumerate(segments)
        if target.strip() and any(ch.isalpha() for ch in source)
    ]
    with tm_store(args.db) as memory:
        count = memory.add(units)
    print(f"remembered {count} segments")
    return EXIT_OK


def _translated_segments(name: str) -> list[tuple[str, str]]:
    """(source folded, target) of each segment in translate --json output."""
    text = read_input(name)
    try:
        segments = json.loads(text)["segments"]
        pairs = [(" ".join(str(s["source"]).split()), str(s["target"])) for s in segments]
    except json.JSONDecodeError as exc:
        raise CliError(f"{name}:{exc.lineno}: not JSON ({exc.msg})") from None
    except (KeyError, TypeError):
        raise CliError(
            f"{name}: not the output of `wortlaut translate --json` "
            '(expected {"segments": [{"source": …, "target": …}, …]})'
        ) from None
    return pairs
