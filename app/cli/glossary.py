"""`wortlaut glossary`: import, export, list and edit the stored glossary, with its history."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.common import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_PARTIAL,
    CliError,
    Subcommands,
    author,
    glossary_store,
    load_glossary_file,
)
from glossary.errors import os_problem
from glossary.exchange import DIALECTS, EXPORT_FORMATS, TBX_VERSIONS


def add_glossary_commands(commands: Subcommands) -> None:
    glossary = commands.add_parser("glossary", help="manage the stored glossary")
    glossary_commands = glossary.add_subparsers(
        dest="glossary_command", metavar="ACTION", required=True
    )
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db", metavar="URL", help="SQLAlchemy URL (default: the per-user SQLite file)"
    )
    g_import = glossary_commands.add_parser("import", parents=[db], help="import CSV/TSV/TBX/XLSX")
    g_import.add_argument(
        "file",
        type=Path,
        help="CSV/TSV (header row, or OmegaT/DeepL shape), TBX 2 or 3, or Excel .xlsx file",
    )
    g_import.add_argument(
        "--sheet", metavar="NAME", help="the workbook sheet to read (default: the first)"
    )
    g_import.add_argument(
        "--strict", action="store_true", help="write nothing if any row is invalid"
    )
    g_import.add_argument(
        "--on-duplicate",
        choices=["skip", "overwrite", "keep-both"],
        default="skip",
        help="a stored term with the same source: keep it (skip), replace it, or add a second",
    )
    g_import.set_defaults(handler=cmd_glossary_import)
    g_export = glossary_commands.add_parser("export", parents=[db], help="export CSV, TBX or XLSX")
    g_export.add_argument("file", type=Path, help="the file to write: .csv, .tsv, .tbx or .xlsx")
    g_export.add_argument(
        "--format", choices=EXPORT_FORMATS, help="the format, for a name without its extension"
    )
    g_export.add_argument(
        "--tbx-version",
        type=int,
        choices=TBX_VERSIONS,
        default=2,
        help="TBX 2 (martif: OmegaT, memoQ, Trados, translate-toolkit; default) or TBX 3",
    )
    g_export.add_argument(
        "--dialect",
        choices=DIALECTS,
        help="CSV as a tool reads it: excel (header, all fields, UTF-8 BOM; without --dialect the "
        "same, BOM only with --bom), deepl "
        "(source,target,de,en), memoq (semicolon, German;English;Entry_Note;Entry_Domain), "
        "omegat (tab-separated source, target, comment; default for .tsv)",
    )
    g_export.add_argument("--bom", action="store_true", help="UTF-8 BOM, for Excel")
    g_export.set_defaults(handler=cmd_glossary_export)
    g_list = glossary_commands.add_parser("list", parents=[db], help="list terms")
    g_list.add_argument("--json", action="store_true", help="print ids, versions and fields")
    g_list.set_defaults(handler=cmd_glossary_list)
    g_add = glossary_commands.add_parser("add", parents=[db], help="add a term")
    g_add.add_argument("source", help="the German term")
    g_add.add_argument("target", help="its English translation")
    g_add.add_argument("--notes", default="", help="a note for translators")
    g_add.add_argument(
        "--forbidden",
        action="append",
        default=[],
        metavar="VARIANT",
        help="a rendering never to use (repeat for more)",
    )
    g_add.add_argument(
        "--case-sensitive", action="store_true", help="match only with the same capitals"
    )
    g_add.set_defaults(handler=cmd_glossary_add)
    g_remove = glossary_commands.add_parser("remove", parents=[db], help="remove a term by id")
    g_remove.add_argument("id", type=int, help="the term's id (glossary list)")
    g_remove.add_argument(
        "--expect-version", type=int, metavar="N", help="refuse if the term is no longer version N"
    )
    g_remove.set_defaults(handler=cmd_glossary_remove)
    g_edit = glossary_commands.add_parser(
        "edit", parents=[db], help="change a term (refused if someone changed it meanwhile)"
    )
    g_edit.add_argument("id", type=int, help="the term's id (glossary list)")
    g_edit.add_argument("--source", help="new German term")
    g_edit.add_argument("--target", help="new English translation")
    g_edit.add_argument("--notes", help="new notes")
    g_edit.add_argument(
        "--forbidden",
        action="append",
        metavar="VARIANT",
        help="replace the forbidden renderings (repeat for more)",
    )
    g_edit.add_argument(
        "--case-sensitive",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="match only with the same capitals (or not)",
    )
    g_edit.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="the version you read (glossary list --json); refused if the term has moved on",
    )
    g_edit.set_defaults(handler=cmd_glossary_edit)
    g_history = glossary_commands.add_parser("history", parents=[db], help="a term's changes")
    g_history.add_argument("id", type=int, help="the term's id (glossary list)")
    g_history.add_argument("--json", action="store_true", help="print the changes as JSON")
    g_history.set_defaults(handler=cmd_glossary_history)
    g_revert = glossary_commands.add_parser(
        "revert", parents=[db], help="undo one change (its number from glossary history)"
    )
    g_revert.add_argument("change", type=int, help="the change number (glossary history)")
    g_revert.set_defaults(handler=cmd_glossary_revert)


def cmd_glossary_import(args: argparse.Namespace) -> int:
    from glossary.storage import OnDuplicate

    parsed = load_glossary_file(args.file, sheet=args.sheet)
    for line, warning in parsed.warnings:
        print(f"{args.file}:{line}: {warning}", file=sys.stderr)
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
    if parsed.delimiter:
        described = "delimiter " + ("tab" if parsed.delimiter == "\t" else repr(parsed.delimiter))
    elif parsed.format == "xlsx":
        described = f"sheet {parsed.sheet!r}"
    else:
        described = "TBX"
    print(
        f"imported {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
        f"skipped {report.skipped} ({parsed.encoding}, {described})"
    )
    return EXIT_PARTIAL if report.skipped else EXIT_OK


def cmd_glossary_export(args: argparse.Namespace) -> int:
    from glossary.exchange import export_glossary

    with glossary_store(args.db) as store:
        entries = store.entries()
    try:
        count = export_glossary(
            entries,
            args.file,
            args.format,
            bom=args.bom,
            tbx_version=args.tbx_version,
            dialect=args.dialect,
        )
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
        when = change.changed_at.strftime("%Y-%m-%d %H:%M")
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
