"""The action table: one row per command, each wired to a window method and placed in a menu."""

from __future__ import annotations

from collections.abc import Sequence

from app.ui.actions import SEPARATOR, Act, MenuSpec, action_table, menu_layout
from app.ui.main_window import MainWindow

OFF_MENU = {Act.HISTORY, Act.CLOSE_FIND}  # keys only: the glossary dock and the find bar


def in_menus(items: Sequence[Act | MenuSpec | str]) -> list[Act]:
    found: list[Act] = []
    for item in items:
        if isinstance(item, MenuSpec):
            found += in_menus(item.items)
        elif isinstance(item, Act):
            found.append(item)
        else:
            assert item == SEPARATOR
    return found


def test_every_command_has_exactly_one_row(window: MainWindow) -> None:
    acts = [spec.act for spec in action_table()]
    assert sorted(acts, key=lambda a: a.value) == list(Act)


def test_every_handler_is_a_method_of_the_window(window: MainWindow) -> None:
    from operator import attrgetter

    def found(name: str) -> bool:
        try:
            return callable(attrgetter(name)(window))
        except AttributeError:
            return False

    missing = [s.handler for s in action_table() if s.handler is not None and not found(s.handler)]
    assert missing == []


def test_every_command_but_the_dock_keys_is_in_one_menu(window: MainWindow) -> None:
    placed = in_menus(menu_layout())
    assert len(placed) == len(set(placed))
    assert set(placed) == set(Act) - OFF_MENU


def test_the_window_keeps_its_actions_by_command_and_by_their_old_names(window: MainWindow) -> None:
    assert window.act_open is window.acts[Act.OPEN]
    assert window.act_insert_terms[8] is window.acts[Act.INSERT_TERM_9]
    assert window.filter_actions["flagged"] is window.acts[Act.SHOW_FLAGGED]
    window.acts[Act.SHOW_FLAGGED].trigger()
    assert window.proxy.mode == "flagged"
    assert window.filter_actions["flagged"].isChecked()
