"""The first start explains itself: what to do with no document, and every shortcut in one place."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app.ui.shortcuts_dialog import menu_shortcuts


def test_without_a_document_the_window_shows_what_to_do(window):
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.open_button.isVisible()
    assert window.welcome.paste_button.isVisible()
    assert window.welcome.models_button.isVisible()  # no model installed yet


def test_the_welcome_buttons_run_the_menu_commands(window, qtbot):
    window.welcome.open_button.click()
    window.welcome.paste_button.click()
    assert window.prompts.asked[:1] == ["open"]
    assert window.pages.currentWidget() is window.welcome  # both were cancelled


def test_opening_a_document_replaces_the_welcome_by_the_segments(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    assert window.pages.currentWidget() is window.grid


def test_with_a_model_installed_the_welcome_does_not_offer_one(window, installed_model):
    window.refresh_model_state()
    assert not window.welcome.models_button.isVisible()


def test_a_file_dropped_on_the_window_is_opened(window, sample_folder, qtbot):
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(sample_folder / "article-de.txt"))])
    drop = QDropEvent(
        QPointF(100, 100),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 29)
    assert window.pages.currentWidget() is window.grid


def test_the_shortcuts_window_lists_every_menu_shortcut(window):
    rows = menu_shortcuts(window.menuBar())
    commands = {command: keys for _menu, command, keys in rows}
    assert commands["Confirm and go to next unconfirmed"] == "Ctrl+Return"
    assert commands["Add term from selection"] == "Ctrl+T"
    assert commands["Insert term 9"] == "Alt+9"
    assert ("Help", "Keyboard shortcuts", "Ctrl+Shift+K") in rows
    assert len(rows) == len({(menu, command) for menu, command, _keys in rows})
