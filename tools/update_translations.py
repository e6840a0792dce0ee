"""Extract UI strings, update the catalogs and compile them (Babel).

python tools/update_translations.py            # extract + update (after changing strings)
python tools/update_translations.py --compile  # also write .mo files (installers do this)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
TEMPLATE = LOCALE / "wortlaut.pot"
LANGUAGES = ("de",)  # English is the source language


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    pybabel(
        "extract",
        "-F", str(ROOT / "babel.cfg"),
        "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
        "--no-location", "--sort-output",
        "--project", "Wortlaut", "--copyright-holder", "Wortlaut",
        "-o", str(TEMPLATE),
        str(ROOT / "app"),
    )  # fmt: skip


def update() -> None:
    pybabel(
        "update", "-i", str(TEMPLATE), "-d", str(LOCALE), "-D", "wortlaut", "--no-fuzzy-matching"
    )


def compile_catalogs() -> None:
    pybabel("compile", "-d", str(LOCALE), "-D", "wortlaut", "--statistics")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compile", action="store_true", help="also compile .mo files")
    args = parser.parse_args()
    extract()
    update()
    if args.compile:
        compile_catalogs()


if __name__ == "__main__":
    main()
