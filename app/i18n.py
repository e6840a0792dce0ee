"""User-interface language: gettext catalogs under `resources/locale/`, managed with Babel.

Strings are marked with `_()` (and `ngettext`; `app.flags.N_()` marks a template translated where it is shown); `tools/update_translations.py` extracts them,
updates the catalogs and compiles them. A `.mo` file is used when it is present and up to date
(installers ship them); from a source checkout the `.po` file is compiled in memory on first use,
so nothing compiled has to be committed. Numbers and dates go through Babel's locale formatting.
"""

from __future__ import annotations

import gettext as _gettext
import io
import locale as _locale
from datetime import datetime
from pathlib import Path

from app import paths

DOMAIN = "wortlaut"
LANGUAGES = {"en": "English", "de": "Deutsch"}
_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def locale_dir() -> Path:
    return paths.resources_dir() / "locale"


def system_language() -> str:
    """The UI language the system asks for, among the ones we have (else English)."""
    candidates = []
    try:
        from PySide6.QtCore import QLocale

        candidates += QLocale.system().uiLanguages()
    except ImportError:  # pragma: no cover - the CLI works without Qt
        pass
    code = _locale.getlocale()[0]
    if code:
        candidates.append(code)
    for candidate in candidates:
        language = candidate.replace("-", "_").split("_")[0].lower()
        if language in LANGUAGES:
            return language
    return "en"


def catalog(language: str) -> _gettext.NullTranslations:
    """The compiled catalog for `language` (English is the source language: no catalog)."""
    if language == "en":
        return _gettext.NullTranslations()
    folder = locale_dir() / language / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if po.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as handle:
            messages = read_po(handle, locale=language, domain=DOMAIN)
        buffer = io.BytesIO()
        write_mo(buffer, messages)
        buffer.seek(0)
        return _gettext.GNUTranslations(buffer)
    return _gettext.NullTranslations()


def set_language(language: str) -> str:
    """Switch the UI language ("" or "system" follows the system); returns the one in use."""
    global _translations, _language
    if language in ("", "system"):
        language = system_language()
    if language not in LANGUAGES:
        language = "en"
    _translations, _language = catalog(language), language
    return language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations.ngettext(singular, plural, count)


def format_number(number: int | float) -> str:
    from babel.numbers import format_decimal

    return format_decimal(number, locale=_language)


def format_size(size: int) -> str:
    """A file size in decimal units (1 MB = 1,000,000 bytes), one decimal, in the UI language:
    the same figure in the CLI and the app."""
    from babel.numbers import format_decimal

    value, unit = float(size), "B"
    for larger in ("kB", "MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, larger
    pattern = "#,##0" if unit == "B" else "#,##0.0"
    return f"{format_decimal(value, format=pattern, locale=_language)} {unit}"


def format_percent(ratio: float) -> str:
    from babel.numbers import format_percent as babel_percent

    return babel_percent(ratio, locale=_language)


def format_datetime(moment: datetime) -> str:
    from babel.dates import format_datetime as babel_datetime

    return babel_datetime(moment.astimezone(), format="short", locale=_language)
