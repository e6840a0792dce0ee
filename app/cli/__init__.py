"""`wortlaut` command line: the scriptable face of the engine, the glossary and model management.

Exit codes: 0 success, 1 partial success (some input skipped), 2 failure (reason on stderr).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.cli.common import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, CliError
from app.cli.glossary import add_glossary_commands
from app.cli.models import add_models_commands
from app.cli.tm import add_tm_commands
from app.cli.translate import add_eval_command, add_match_command, add_translate_command

__all__ = [
    "EXIT_FAILURE",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "CliError",
    "build_parser",
    "main",
    "run_command",
]


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

    add_translate_command(commands)
    add_models_commands(commands)
    add_eval_command(commands)
    add_match_command(commands)
    add_glossary_commands(commands)
    add_tm_commands(commands)
    return parser


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
