"""The UI in German: catalogs complete and in sync with the code, Qt's own strings included."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app import i18n
from tests.conftest import ROOT

CATALOG = ROOT / "resources" / "locale" / "de" / "LC_MESSAGES" / "wortlaut.po"


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def test_every_message_has_a_german_translation():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="de")
    untranslated = [m.id for m in catalog if m.id and not m.string]
    assert untranslated == []
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert fuzzy == []


def test_the_catalog_holds_every_string_marked_in_the_code():
    found = extract_from_dir(
        str(ROOT / "app"),
        [("**.py", "python")],
        keywords={"_": None, "N_": None, "ngettext": (1, 2)},
    )
    marked = {message for _file, _line, message, _comments, _context in found}
    with CATALOG.open("rb") as handle:
        translated = {m.id for m in read_po(handle) if m.id}
    assert marked - translated == set(), "run: python tools/update_translations.py"


def test_the_main_window_speaks_german(qtbot, german, wortlaut_home):
    from app.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles[:3] == ["&Datei", "&Bearbeiten", "Ü&bersetzen"]
    assert window.table_model.headers()[1] == "Ausgangstext (Deutsch)"
    assert window.glossary_dock.windowTitle() == "Glossar"
    window.glossary.close()


def test_numbers_follow_the_language(german):
    assert i18n.format_number(100000) == "100.000"
    i18n.set_language("en")
    assert i18n.format_number(100000) == "100,000"


def test_qt_dialog_buttons_are_translated_too(qtbot, german):
    from PySide6.QtCore import QCoreApplication

    from app.ui.app import install_qt_translations

    app = QCoreApplication.instance()
    translators = install_qt_translations(app, "de")
    try:
        assert translators, "qtbase_de.qm not found"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_an_unknown_language_falls_back_to_english():
    assert i18n.set_language("xx") == "en"
    assert i18n._("Glossary") == "Glossary"


def test_qa_messages_are_shown_in_the_ui_language(german):
    from app.document import Flag

    flag = Flag(
        "term-missing",
        "'Bollwerk' should be translated as 'bulwark'",
        {"term": "Bollwerk", "target": "bulwark", "surface": "Bollwerk", "start": 0, "end": 8},
    )
    assert flag.text() == "„Bollwerk“ sollte mit „bulwark“ übersetzt werden"
    assert Flag("untranslated", "x", {"reason": "empty"}).text() == "Der Zieltext ist leer"
    assert Flag("custom-kind", "as written").text() == "as written"


def test_counts_in_questions_use_the_languages_plural_forms(german):
    one = i18n.ngettext(
        "%(n)s of the selected segments was edited or confirmed by you.",
        "%(n)s of the selected segments were edited or confirmed by you.",
        1,
    )
    assert (
        one % {"n": 1} == "1 der ausgewählten Segmente wurde von Ihnen bearbeitet oder bestätigt."
    )
    i18n.set_language("en")
    many = i18n.ngettext(
        "%(n)s of the selected segments was edited or confirmed by you.",
        "%(n)s of the selected segments were edited or confirmed by you.",
        3,
    )
    assert many % {"n": 3} == "3 of the selected segments were edited or confirmed by you."
