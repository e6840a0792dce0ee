"""The main window's actions and menus, from one table keyed by `Act` (as Picard's main window).

`action_table()` says what each action is (text, keys, icon, the window method it calls);
`menu_layout()` says where it appears. `build_actions` and `build_menus` turn both into Qt
objects; the window keeps them in `window.acts[Act.OPEN]` (older names: `window.act_open`).
(Not `window.actions`: that would shadow `QWidget.actions()`.)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QStyle, QWidget

from app.i18n import _
from app.ui.segment_table import PROPOSAL_KEYS, SegmentFilter
from app.ui.tag_commands import TAG_KEYS

Shortcut = str | QKeySequence.StandardKey


class Act(enum.Enum):
    """Every command of the main window."""

    OPEN = enum.auto()
    PASTE = enum.auto()
    REOPEN = enum.auto()
    SAVE = enum.auto()
    SAVE_AS = enum.auto()
    EXPORT_TXT = enum.auto()
    EXPORT_CSV = enum.auto()
    EXPORT_DOCUMENT = enum.auto()
    QUIT = enum.auto()
    UNDO = enum.auto()
    REDO = enum.auto()
    EDIT = enum.auto()
    CONFIRM = enum.auto()
    APPLY_PROPOSAL = enum.auto()
    NEXT = enum.auto()
    PREVIOUS = enum.auto()
    FIND = enum.auto()
    CLOSE_FIND = enum.auto()
    INSERT_TERM_1 = enum.auto()
    INSERT_TERM_2 = enum.auto()
    INSERT_TERM_3 = enum.auto()
    INSERT_TERM_4 = enum.auto()
    INSERT_TERM_5 = enum.auto()
    INSERT_TERM_6 = enum.auto()
    INSERT_TERM_7 = enum.auto()
    INSERT_TERM_8 = enum.auto()
    INSERT_TERM_9 = enum.auto()
    INSERT_TAG_1 = enum.auto()
    INSERT_TAG_2 = enum.auto()
    INSERT_TAG_3 = enum.auto()
    INSERT_TAG_4 = enum.auto()
    INSERT_TAG_5 = enum.auto()
    INSERT_TAG_6 = enum.auto()
    INSERT_TAG_7 = enum.auto()
    INSERT_TAG_8 = enum.auto()
    INSERT_TAG_9 = enum.auto()
    INSERT_MISSING_TAG = enum.auto()
    TRANSLATE_ALL = enum.auto()
    TRANSLATE_SELECTED = enum.auto()
    CANCEL = enum.auto()
    GLOSSARY_SEARCH = enum.auto()
    NEW_TERM = enum.auto()
    ADD_TERM = enum.auto()
    HISTORY = enum.auto()
    IMPORT = enum.auto()
    EXPORT_GLOSSARY = enum.auto()
    SHOW_ALL = enum.auto()
    SHOW_FLAGGED = enum.auto()
    SHOW_UNCONFIRMED = enum.auto()
    TOGGLE_GLOSSARY_DOCK = enum.auto()
    TOGGLE_QA_DOCK = enum.auto()
    TOGGLE_TM_DOCK = enum.auto()
    TAKE_MATCH_1 = enum.auto()
    TAKE_MATCH_2 = enum.auto()
    TAKE_MATCH_3 = enum.auto()
    TM_SEARCH = enum.auto()
    MODELS = enum.auto()
    SETTINGS = enum.auto()
    SHORTCUTS = enum.auto()
    ABOUT = enum.auto()


INSERT_TERMS = tuple(Act[f"INSERT_TERM_{n}"] for n in range(1, 10))
INSERT_TAGS = tuple(Act[f"INSERT_TAG_{n}"] for n in range(1, 10))
TAKE_MATCHES = tuple(Act[f"TAKE_MATCH_{n}"] for n in range(1, 4))
FILTERS = {
    SegmentFilter.ALL: Act.SHOW_ALL,
    SegmentFilter.FLAGGED: Act.SHOW_FLAGGED,
    SegmentFilter.UNCONFIRMED: Act.SHOW_UNCONFIRMED,
}


@dataclass(frozen=True)
class ActionSpec:
    """One row of the table. `handler` names a window method (or "terms.method": one of an object
    the window holds), called with `args` when triggered;
    None: the window brings its own QAction (undo/redo from the undo stack, dock toggles)."""

    act: Act
    text: str
    shortcut: Shortcut | None
    handler: str | None
    args: tuple[Any, ...] = ()
    icon: QStyle.StandardPixmap | None = None
    fallback: str | None = None  # the keys when the platform has no binding for `shortcut`
    checkable: bool = False


SEPARATOR = "-"


@dataclass(frozen=True)
class MenuSpec:
    """A menu: its title, its items in order, and `name` if the window keeps it (e.g. to fill)."""

    title: str
    items: Sequence[Act | MenuSpec | str] = ()
    name: str = ""


def action_table() -> list[ActionSpec]:
    """Every action of the main window (texts translated into the current language)."""
    S = QKeySequence.StandardKey
    P = QStyle.StandardPixmap
    return [
        ActionSpec(
            Act.OPEN, _("&Open…"), S.Open, "documents.open_dialog", icon=P.SP_DialogOpenButton
        ),
        ActionSpec(Act.PASTE, _("New from &text…"), "Ctrl+Shift+N", "documents.new_from_text"),
        ActionSpec(Act.SAVE, _("&Save"), S.Save, "save", icon=P.SP_DialogSaveButton),
        ActionSpec(Act.SAVE_AS, _("Save &as…"), "Ctrl+Shift+S", "documents.save_as"),
        ActionSpec(Act.EXPORT_TXT, _("Export translation (.txt)…"), "Ctrl+E", "export_text"),
        ActionSpec(
            Act.EXPORT_CSV, _("Export bilingual table (.csv)…"), "Ctrl+Shift+E", "export_csv"
        ),
        ActionSpec(
            Act.EXPORT_DOCUMENT,
            _("Export translated &document…"),
            "Ctrl+Alt+E",
            "documents.export_document",
        ),
        ActionSpec(Act.QUIT, _("&Quit"), S.Quit, "close", fallback="Ctrl+Q"),
        ActionSpec(Act.UNDO, _("&Undo"), S.Undo, None),
        ActionSpec(Act.REDO, _("&Redo"), S.Redo, None),
        ActionSpec(
            Act.CONFIRM,
            _("&Confirm and go to next unconfirmed"),
            "Ctrl+Return",
            "confirm_and_next",
        ),
        ActionSpec(
            Act.APPLY_PROPOSAL,
            _("Apply &proposed term"),
            PROPOSAL_KEYS,
            "documents.apply_proposed_term",
        ),
        ActionSpec(Act.NEXT, _("&Next segment"), "Ctrl+Down", "step", (1,)),
        ActionSpec(Act.PREVIOUS, _("&Previous segment"), "Ctrl+Up", "step", (-1,)),
        ActionSpec(Act.EDIT, _("&Edit target"), "F2", "edit_current_target"),
        ActionSpec(Act.FIND, _("&Find…"), S.Find, "show_find"),
        ActionSpec(Act.CLOSE_FIND, _("Close find"), "Escape", "hide_find"),
        ActionSpec(
            Act.ADD_TERM, _("Add &term from selection…"), "Ctrl+T", "add_term_from_selection"
        ),
        *(
            ActionSpec(act, _("Insert term %d") % n, f"Alt+{n}", "insert_nth_term", (n - 1,))
            for n, act in enumerate(INSERT_TERMS, 1)
        ),
        *(
            ActionSpec(act, _("Insert tag %d") % n, TAG_KEYS % n, "tags.insert_nth_tag", (n,))
            for n, act in enumerate(INSERT_TAGS, 1)
        ),
        ActionSpec(
            Act.INSERT_MISSING_TAG,
            _("Insert next &missing tag"),
            "F8",
            "tags.insert_next_missing_tag",
        ),
        *(
            ActionSpec(act, _("Take memory match %d") % n, f"Ctrl+{n}", "tm.take_match", (n - 1,))
            for n, act in enumerate(TAKE_MATCHES, 1)
        ),
        ActionSpec(Act.TM_SEARCH, _("Search the translation &memory"), "Ctrl+K", "tm.focus_search"),
        ActionSpec(
            Act.TRANSLATE_ALL,
            _("Translate &all"),
            "Ctrl+Shift+T",
            "translate_all",
            icon=P.SP_MediaPlay,
        ),
        ActionSpec(
            Act.TRANSLATE_SELECTED,
            _("Translate &selected"),
            "Ctrl+Shift+R",
            "translate_selected",
            icon=P.SP_MediaSeekForward,
        ),
        ActionSpec(
            Act.CANCEL,
            _("&Cancel translation"),
            "Ctrl+.",
            "cancel_translation",
            icon=P.SP_BrowserStop,
        ),
        ActionSpec(Act.GLOSSARY_SEARCH, _("Search &glossary"), "Ctrl+G", "focus_glossary_search"),
        ActionSpec(Act.NEW_TERM, _("&New term…"), "Ctrl+Shift+G", "add_term"),
        ActionSpec(
            Act.HISTORY, _("Term &history…"), "Ctrl+Shift+H", "terms.show_history_of_selected"
        ),
        ActionSpec(Act.IMPORT, _("&Import glossary…"), "Ctrl+I", "terms.import_glossary"),
        ActionSpec(
            Act.EXPORT_GLOSSARY, _("E&xport glossary…"), "Ctrl+Shift+X", "terms.export_glossary"
        ),
        ActionSpec(Act.MODELS, _("Translation &models…"), "Ctrl+M", "show_models"),
        ActionSpec(
            Act.SETTINGS, _("&Settings…"), S.Preferences, "show_settings", fallback="Ctrl+,"
        ),
        ActionSpec(Act.ABOUT, _("&About Wortlaut"), "F1", "show_about"),
        ActionSpec(Act.SHORTCUTS, _("&Keyboard shortcuts"), "Ctrl+Shift+K", "show_shortcuts"),
        ActionSpec(
            Act.SHOW_ALL,
            _("Show &all segments"),
            "Ctrl+Alt+A",
            "set_filter",
            (SegmentFilter.ALL,),
            checkable=True,
        ),
        ActionSpec(
            Act.SHOW_FLAGGED,
            _("Show &flagged segments"),
            "Ctrl+Alt+F",
            "set_filter",
            (SegmentFilter.FLAGGED,),
            checkable=True,
        ),
        ActionSpec(
            Act.SHOW_UNCONFIRMED,
            _("Show &unconfirmed segments"),
            "Ctrl+Alt+U",
            "set_filter",
            (SegmentFilter.UNCONFIRMED,),
            checkable=True,
        ),
        ActionSpec(Act.REOPEN, _("Reopen &last file"), "Ctrl+Shift+O", "documents.reopen_last"),
        ActionSpec(Act.TOGGLE_GLOSSARY_DOCK, "", "Ctrl+Alt+G", None),
        ActionSpec(Act.TOGGLE_QA_DOCK, "", "Ctrl+Alt+Q", None),
        ActionSpec(Act.TOGGLE_TM_DOCK, "", "Ctrl+Alt+K", None),
    ]


def menu_layout() -> list[MenuSpec]:
    """The menu bar: which actions appear where, in order (SEPARATOR between groups)."""
    return [
        MenuSpec(
            _("&File"),
            [
                Act.OPEN,
                Act.PASTE,
                MenuSpec(_("Open &recent"), name="recent"),
                Act.REOPEN,
                SEPARATOR,
                Act.SAVE,
                Act.SAVE_AS,
                SEPARATOR,
                Act.EXPORT_TXT,
                Act.EXPORT_CSV,
                Act.EXPORT_DOCUMENT,
                SEPARATOR,
                Act.QUIT,
            ],
        ),
        MenuSpec(
            _("&Edit"),
            [
                Act.UNDO,
                Act.REDO,
                SEPARATOR,
                Act.EDIT,
                Act.CONFIRM,
                Act.APPLY_PROPOSAL,
                Act.NEXT,
                Act.PREVIOUS,
                SEPARATOR,
                Act.FIND,
                MenuSpec(_("Insert glossary term"), INSERT_TERMS),
                Act.INSERT_MISSING_TAG,
                MenuSpec(_("Insert tag from the source"), INSERT_TAGS),
                MenuSpec(_("Take memory match"), TAKE_MATCHES),
            ],
        ),
        MenuSpec(
            _("&Translate"),
            [Act.TRANSLATE_ALL, Act.TRANSLATE_SELECTED, Act.CANCEL, SEPARATOR, Act.TM_SEARCH],
        ),
        MenuSpec(
            _("&Glossary"),
            [
                Act.GLOSSARY_SEARCH,
                Act.NEW_TERM,
                Act.ADD_TERM,
                SEPARATOR,
                Act.IMPORT,
                Act.EXPORT_GLOSSARY,
            ],
        ),
        MenuSpec(
            _("&View"),
            [
                *FILTERS.values(),
                SEPARATOR,
                Act.TOGGLE_GLOSSARY_DOCK,
                Act.TOGGLE_QA_DOCK,
                Act.TOGGLE_TM_DOCK,
            ],
        ),
        MenuSpec(_("T&ools"), [Act.MODELS, Act.SETTINGS]),
        MenuSpec(_("&Help"), [Act.SHORTCUTS, Act.ABOUT]),
    ]


def build_actions(
    window: QWidget, table: Sequence[ActionSpec], own: Mapping[Act, QAction]
) -> dict[Act, QAction]:
    """QActions for `table`, added to `window` so their keys work everywhere in it.

    Handlers are looked up on `window` when triggered. `own` holds the actions the window
    creates itself (rows without a handler); they only get the table's keys.
    """
    actions: dict[Act, QAction] = {}
    for spec in table:
        action = own.get(spec.act)
        if action is None:
            if spec.handler is None:
                raise ValueError(f"{spec.act} has no handler and no action of its own")
            action = _new_action(window, spec)
        elif spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
        if spec.fallback is not None and action.shortcut().isEmpty():
            action.setShortcut(QKeySequence(spec.fallback))  # no platform binding
        actions[spec.act] = action
    return actions


def _new_action(window: QWidget, spec: ActionSpec) -> QAction:
    action = QAction(spec.text, window)
    if spec.shortcut is not None:
        action.setShortcut(QKeySequence(spec.shortcut))
    if spec.icon is not None:
        action.setIcon(window.style().standardIcon(spec.icon))
    name = spec.text.replace("&", "").rstrip("…").strip()
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{name} ({keys})")
    action.setStatusTip(name)
    action.setObjectName(name)
    action.setCheckable(spec.checkable)
    assert spec.handler is not None  # build_actions checked
    handler, args = attrgetter(spec.handler), spec.args  # e.g. "terms.import_glossary"
    action.triggered.connect(lambda _checked=False: handler(window)(*args))
    window.addAction(action)
    return action


def build_menus(
    menu_bar: QMenuBar, layout: Sequence[MenuSpec], actions: Mapping[Act, QAction]
) -> dict[str, QMenu]:
    """Fill `menu_bar` from `layout`; returns the named submenus (e.g. "recent")."""
    named: dict[str, QMenu] = {}

    def fill(menu: QMenu, items: Sequence[Act | MenuSpec | str]) -> None:
        for item in items:
            if isinstance(item, Act):
                menu.addAction(actions[item])
            elif isinstance(item, MenuSpec):
                submenu = menu.addMenu(item.title)
                if item.name:
                    named[item.name] = submenu
                fill(submenu, item.items)
            else:
                menu.addSeparator()

    for spec in layout:
        menu = menu_bar.addMenu(spec.title)
        menu.setAccessibleName(spec.title.replace("&", ""))
        fill(menu, spec.items)
    return named


class ActionAttribute:
    """`window.act_open` for `window.acts[Act.OPEN]`: the names older code and tests use."""

    def __init__(self, act: Act) -> None:
        self.act = act

    def __get__(self, window: ActionAttributes, owner: type | None = None) -> QAction:
        return window.acts[self.act]


class ActionAttributes:
    """Mixin for the main window: one `act_*` attribute per action it has always had."""

    acts: dict[Act, QAction]
    act_open = ActionAttribute(Act.OPEN)
    act_paste = ActionAttribute(Act.PASTE)
    act_reopen = ActionAttribute(Act.REOPEN)
    act_save = ActionAttribute(Act.SAVE)
    act_save_as = ActionAttribute(Act.SAVE_AS)
    act_export_txt = ActionAttribute(Act.EXPORT_TXT)
    act_export_csv = ActionAttribute(Act.EXPORT_CSV)
    act_export_document = ActionAttribute(Act.EXPORT_DOCUMENT)
    act_quit = ActionAttribute(Act.QUIT)
    act_undo = ActionAttribute(Act.UNDO)
    act_redo = ActionAttribute(Act.REDO)
    act_edit = ActionAttribute(Act.EDIT)
    act_confirm = ActionAttribute(Act.CONFIRM)
    act_next = ActionAttribute(Act.NEXT)
    act_previous = ActionAttribute(Act.PREVIOUS)
    act_find = ActionAttribute(Act.FIND)
    act_close_find = ActionAttribute(Act.CLOSE_FIND)
    act_add_term = ActionAttribute(Act.ADD_TERM)
    act_translate_all = ActionAttribute(Act.TRANSLATE_ALL)
    act_translate_selected = ActionAttribute(Act.TRANSLATE_SELECTED)
    act_cancel = ActionAttribute(Act.CANCEL)
    act_glossary_search = ActionAttribute(Act.GLOSSARY_SEARCH)
    act_new_term = ActionAttribute(Act.NEW_TERM)
    act_history = ActionAttribute(Act.HISTORY)
    act_import = ActionAttribute(Act.IMPORT)
    act_export_glossary = ActionAttribute(Act.EXPORT_GLOSSARY)
    act_models = ActionAttribute(Act.MODELS)
    act_settings = ActionAttribute(Act.SETTINGS)
    act_about = ActionAttribute(Act.ABOUT)
    act_shortcuts = ActionAttribute(Act.SHORTCUTS)

    @property
    def act_insert_terms(self) -> list[QAction]:
        return [self.acts[act] for act in INSERT_TERMS]

    @property
    def act_take_matches(self) -> list[QAction]:
        return [self.acts[act] for act in TAKE_MATCHES]

    @property
    def filter_actions(self) -> dict[str, QAction]:
        return {mode: self.acts[act] for mode, act in FILTERS.items()}
