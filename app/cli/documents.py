"""`wortlaut translate` for DOCX, XLIFF and HTML: the file's own format out, tags carried over."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from app.cli.common import EXIT_OK, CliError, note, progress_printer, write_output
from glossary.errors import os_problem
from glossary.workspace import GlossaryWorkspace


def cmd_translate_document(args: argparse.Namespace, glossary: GlossaryWorkspace) -> int:
    from app.document import Document
    from app.document_translation import document_segments, translate_file_document
    from app.engine import engine_for
    from app.formats import SUFFIXES, open_document
    from app.model_store import ModelError
    from app.report import qa_summary

    source = Path(args.input)
    kind = SUFFIXES[source.suffix.lower()]
    if args.output is None and not args.json:
        raise CliError(f"{source}: a {kind.upper()} document is written to a file: add -o OUT")
    document = open_document(source, comments=not getattr(args, "no_comments", False))
    if args.output is not None and SUFFIXES.get(args.output.suffix.lower()) != kind:
        note(
            f"{args.output} gets the format of {source.name} ({kind.upper()}), as its suffix may not say"
        )
    _plain, pieces = document_segments(document)
    needs_mt = any(p.segment.needs_mt for p in pieces)
    with tempfile.TemporaryDirectory(prefix="wortlaut-model-") as scratch:
        try:
            engine = None
            if needs_mt:
                from app.cli.translate import resolve_model

                engine = engine_for(resolve_model(args.model, Path(scratch)))
            tagged = translate_file_document(
                engine,
                document,
                glossary.entries,
                progress=progress_printer("translating"),
                matcher=glossary.matcher,
                forbidden=glossary.forbidden,
            )
        except ModelError as exc:
            raise CliError(str(exc)) from None
    if needs_mt and sys.stderr.isatty():
        print(file=sys.stderr)
    if not tagged:
        note(f"{source}: nothing to translate (no text, or every unit is final or locked)")
    if args.output is not None:
        try:
            document.save(args.output)
        except OSError as exc:
            raise CliError(f"{args.output}: cannot write: {os_problem(exc)}") from None
    summary = qa_summary(Document("", [t.segment for t in tagged]))
    if args.json:
        payload = {"segments": [t.to_json() for t in tagged], "summary": summary.to_json()}
        write_output(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", None)
    elif tagged:
        print(summary.text(), file=sys.stderr)
    return EXIT_OK
