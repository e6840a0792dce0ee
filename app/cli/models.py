"""`wortlaut models`: install, list, remove and download translation models."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli.common import EXIT_OK, CliError, Subcommands, progress_printer


def add_models_commands(commands: Subcommands) -> None:
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


def cmd_models_install(args: argparse.Namespace) -> int:
    from app.model_store import ModelError, ModelStore

    try:
        model = ModelStore().install(args.file, progress=progress_printer("installing"))
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
            args.from_code, args.to_code, progress=progress_printer("downloading")
        )
    except ModelError as exc:
        raise CliError(str(exc)) from None
    print(f"installed {model.code} ({model.from_name}→{model.to_name}, version {model.version})")
    return EXIT_OK
