"""The main window: segment grid, glossary and QA docks, menus, translation with progress.

The window wires things together; the work is done by the session (editing, checks, autosave),
the glossary service (terms, matcher) and tasks (translation, imports, model installs).
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.autosave import Orphan
from app.document import Document, SegmentState
from app.engine import engine_for
from app.forbidden import ForbiddenIndex
from app.i18n import _, format_number, ngettext
from app.model_store import ModelStore
from app.pipeline import translate_with_glossary
from app.project import PROJECT_SUFFIX, load_project, new_project, open_text_file
from app.ui.credentials import load_password, save_password, url_has_password
from app.ui.glossary_dock import GlossaryDock
from app.ui.glossary_service import GlossaryService, glossary_beside, public_url
from app.ui.import_dialog import ImportDialog
from app.ui.legend import Legend
from app.ui.models_dialog import ModelsDialog
from app.ui.qa_dock import QADock
from app.ui.recovery_dialog import RecoveryAnswer, ask_recovery
from app.ui.recovery_dialog import offer_recovery as recover_autosaves
from app.ui.segment_table import (
    SEGMENT_ROLE,
    RowHeights,
    SegmentDelegate,
    SegmentEditor,
    SegmentFilter,
    SegmentTableModel,
)
from app.ui.session import EditorSession, TranslatedSegment
from app.ui.settings import Settings, SettingsDialog
from app.ui.shortcuts_dialog import ShortcutsDialog
from app.ui.tasks import Task, TaskContext, TaskRunner
from app.ui.team_dialogs import ConflictDialog, HistoryDialog
from app.ui.term_dialog import TermDialog
from app.ui.welcome import WelcomePage
from glossary.errors import InputError, os_problem
from glossary.exchange import export_csv, export_tbx
from glossary.storage import ConflictError, StoreError, sqlite_url
from glossary.terms import TermEntry

FIRST_CHUNK = 4  # segments in the first translation batch: the first results appear quickly
CHUNK = 16


def conflict_text(exc: ConflictError) -> str:
    current = exc.current
    if current is None:
        return str(exc)
    return f"{exc}\n\n{current.source} → {current.target}"


class Prompts:
    """Every question the window asks the user, in one place (tests answer them instead)."""

    def __init__(self, parent: QWidget):
        self.parent = parent
        self.headless = False  # `gui --screenshot`: errors go to stderr, no dialog waits

    def restore_autosave(self, orphans: Sequence[Orphan]) -> RecoveryAnswer:
        """Which orphaned autosave to restore, which ones to delete (the rest stay)."""
        return ask_recovery(self.parent, orphans)

    def overwrite_protected(self, count: int) -> str:
        """'skip', 'overwrite' or 'cancel' for segments the translator edited or confirmed."""
        box = QMessageBox(self.parent)
        box.setWindowTitle(_("Edited segments"))
        box.setText(
            ngettext(
                "%(n)s of the selected segments was edited or confirmed by you.",
                "%(n)s of the selected segments were edited or confirmed by you.",
                count,
            )
            % {"n": format_number(count)}
        )
        skip = box.addButton(_("Keep my translations"), QMessageBox.ButtonRole.AcceptRole)
        overwrite = box.addButton(_("Overwrite them"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(skip)
        box.exec()
        clicked = box.clickedButton()
        return "skip" if clicked is skip else "overwrite" if clicked is overwrite else "cancel"

    def save_changes(self) -> str:
        """'save', 'discard' or 'cancel'."""
        answer = QMessageBox.question(
            self.parent,
            _("Unsaved changes"),
            _("Save the changes to this project before closing?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(answer, "cancel")

    def open_path(self, title: str, filters: str) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(self.parent, title, "", filters)
        return Path(path) if path else None

    def save_path(self, title: str, filters: str, suggested: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(self.parent, title, suggested, filters)
        return Path(path) if path else None

    def paste_text(self) -> str | None:
        text, ok = QInputDialog.getMultiLineText(
            self.parent,
            _("New document from text"),
            _("German text:"),
            QGuiApplication.clipboard().text(),
        )
        return text if ok and text.strip() else None

    def term(self, entry: TermEntry, title: str = "") -> TermEntry | None:
        dialog = TermDialog(self.parent, entry, title)
        return dialog.entry() if dialog.exec() == TermDialog.DialogCode.Accepted else None

    def confirm_delete(self, entry: TermEntry) -> bool:
        answer = QMessageBox.question(
            self.parent,
            _("Delete term"),
            _("Delete %(source)s → %(target)s from the glossary?")
            % {"source": entry.source, "target": entry.target},
        )
        return answer == QMessageBox.StandardButton.Yes

    def import_glossary(self, service: GlossaryService, path: Path) -> None:
        ImportDialog(self.parent, service, path).exec()

    def resolve_conflict(self, base, mine, theirs, changed_by) -> TermEntry | None:  # type: ignore[no-untyped-def]
        """None: take theirs; else the term to save (mine, or a merge)."""
        dialog = ConflictDialog(self.parent, base, mine, theirs, changed_by)
        dialog.exec()
        return dialog.result_entry

    def history(self, term: TermEntry, changes: list) -> object:  # type: ignore[type-arg]
        """The change to revert, or None."""
        dialog = HistoryDialog(self.parent, term, changes)
        dialog.exec()
        return dialog.revert_requested

    def password(self, where: str) -> str | None:
        text, ok = QInputDialog.getText(
            self.parent,
            _("Team glossary password"),
            _("Password for %s:") % where,
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def error(self, title: str, message: str) -> None:
        if self.headless:
            print(f"wortlaut: error: {message}", file=sys.stderr)
            return
        QMessageBox.warning(self.parent, title, message)


@dataclass
class TranslationJob:
    task: Task
    rows: list[int]


def translate_rows(
    ctx: TaskContext,
    package: Path,
    document: Document,
    rows: Sequence[int],
    terms: list[TermEntry],
    matcher,  # type: ignore[no-untyped-def]
    forbidden: ForbiddenIndex | None = None,
) -> int:
    """Worker body: translate `rows` of a private copy of the document, streaming results."""
    engine = engine_for(package)
    if forbidden is None:
        forbidden = ForbiddenIndex(terms)
    done = 0
    position = 0
    while position < len(rows):
        ctx.check()
        size = FIRST_CHUNK if position == 0 else CHUNK
        chunk = [document.segments[r] for r in rows[position : position + size]]
        translate_with_glossary(
            engine,
            document,
            terms,
            segments=chunk,
            matcher=matcher,
            forbidden=forbidden,
            cancelled=ctx.cancelled,
        )
        ctx.partial(
            [TranslatedSegment(s.index, s.target, list(s.terms), list(s.flags)) for s in chunk]
        )
        position += len(chunk)
        done += len(chunk)
        ctx.progress(done, len(rows))
    return done


class NoModelBanner(QFrame):
    """Shown, not blocking anything, while no German→English model is installed."""

    install_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noModelBanner")
        self.setStyleSheet(
            "#noModelBanner { background: #fff8e1; border: 1px solid #ffe082; border-radius: 4px; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        text = QLabel(
            _(
                "No German→English translation model is installed. Install a downloaded "
                "<i>.argosmodel</i> file, or download one in Models (uses the internet). "
                "Glossary, checks and editing work without it."
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text, 1)
        button = QPushButton(_("Install a model…"))
        button.setAccessibleName(_("Install a translation model"))
        button.clicked.connect(self.install_clicked)
        layout.addWidget(button)


class MainWindow(QMainWindow):
    translation_finished = Signal()

    def __init__(self, settings: Settings | None = None, glossary_url: str | None = None):
        super().__init__()
        from app import paths

        self.settings = settings or Settings()
        self.prompts = Prompts(self)
        self.runner = TaskRunner(self)
        self.models = ModelStore()
        url = glossary_url or self.settings.glossary_url or sqlite_url(paths.glossary_db())
        password = None if url_has_password(url) else load_password(url)
        self.glossary = GlossaryService(
            url, self.runner, self, password=password, author=self.settings.author
        )
        self._password_refused = False  # the translator declined to give one this session
        self._password_tried: str | None = None  # entered, not yet accepted by the server
        self.session = EditorSession(self.glossary, self)
        self.job: TranslationJob | None = None
        self.setObjectName("mainWindow")
        self.resize(1280, 800)

        self.table_model = SegmentTableModel(self.session, self)
        self.table_model.edit_requested.connect(self.session.edit_target)
        self.proxy = SegmentFilter(self)
        self.proxy.setSourceModel(self.table_model)
        self.grid = QTableView()
        self.grid.setObjectName("segmentGrid")
        self.grid.setAccessibleName(_("Segments"))
        self.grid.setModel(self.proxy)
        self.grid.setItemDelegate(SegmentDelegate(self.grid))
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.grid.setWordWrap(True)
        self.grid.setAlternatingRowColors(True)
        palette = self.grid.palette()  # a light selection keeps the term highlights readable
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#cfe2f8"))
        palette.setColor(QPalette.ColorRole.HighlightedText, palette.color(QPalette.ColorRole.Text))
        self.grid.setPalette(palette)
        self.grid.verticalHeader().hide()
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.grid.verticalHeader().setMinimumSectionSize(24)
        self.row_heights = RowHeights(self.grid, self.proxy)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setStretchLastSection(False)
        self.grid.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for column, width in ((0, 36), (3, 84), (4, 130)):
            self.grid.setColumnWidth(column, width)
        self.source_share = 0.5  # of the width left for source + target; follows the user's drag
        self._fitting = False
        header.sectionResized.connect(self._column_resized)
        self.grid.viewport().installEventFilter(self)
        self.grid.selectionModel().currentRowChanged.connect(self._current_row_changed)

        self.banner = NoModelBanner()
        self.banner.install_clicked.connect(self.show_models)
        self.find_bar = QLineEdit()
        self.find_bar.setPlaceholderText(_("Find in source and target (Esc closes)"))
        self.find_bar.setClearButtonEnabled(True)
        self.find_bar.setAccessibleName(_("Find in segments"))
        self.find_bar.textChanged.connect(self.proxy.set_search)
        self.find_bar.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.find_bar)
        self.welcome = WelcomePage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.grid)
        layout.addWidget(self.pages)
        self.setCentralWidget(central)
        self.setAcceptDrops(True)  # drop a document onto the window to open it

        self.glossary_dock = GlossaryDock(self.glossary, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.glossary_dock)
        self.qa_dock = QADock(self.session, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.qa_dock)
        self.splitDockWidget(self.glossary_dock, self.qa_dock, Qt.Orientation.Vertical)
        self.resizeDocks([self.glossary_dock], [380], Qt.Orientation.Horizontal)
        self.glossary_dock.add_requested.connect(lambda: self.add_term())
        self.glossary_dock.edit_requested.connect(self.edit_term)
        self.glossary_dock.delete_requested.connect(self.delete_term)
        self.glossary_dock.history_requested.connect(self.show_history)
        self.glossary_dock.import_requested.connect(self.import_glossary)
        self.glossary_dock.export_requested.connect(self.export_glossary)
        self.glossary_dock.insert_requested.connect(self.insert_term)
        self.glossary_dock.import_attached_requested.connect(
            lambda: (
                self.glossary.attached_path
                and self.prompts.import_glossary(self.glossary, self.glossary.attached_path)
            )
        )
        self.qa_dock.segment_chosen.connect(self.select_row)

        self._build_status_bar()
        self._build_actions()
        self._build_toolbar()
        self.session.rows_changed.connect(lambda _rows: self._update_counts())
        self.session.rows_changed.connect(self._refresh_segment_terms)
        self.glossary.changed.connect(lambda _change: self._refresh_segment_terms())
        self.session.project_replaced.connect(self._project_replaced)
        self.session.modified_changed.connect(lambda _m: self._update_title())
        self.session.autosaved.connect(self._autosaved)
        self.session.autosave_failed.connect(
            lambda why: self.statusBar().showMessage(_("Cannot autosave: %s") % why, 10_000)
        )
        self.glossary.failed.connect(lambda message: self.prompts.error(_("Glossary"), message))
        self.glossary.password_needed.connect(self._password_needed)
        self.glossary.loaded.connect(self._update_counts)
        self.glossary.loaded.connect(self._remember_password)
        self.restore_layout()
        self.refresh_model_state()
        self._update_title()
        self._update_counts()

    # -- construction ----------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts_label = QLabel()
        self.counts_label.setAccessibleName(_("Document progress"))
        bar.addWidget(self.counts_label)
        bar.addPermanentWidget(Legend())
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setFormat(_("Translating %v/%m"))
        self.progress.hide()
        bar.addPermanentWidget(self.progress)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel translation"))
        self.cancel_button.clicked.connect(self.cancel_translation)
        self.cancel_button.hide()
        bar.addPermanentWidget(self.cancel_button)

    def _action(
        self, text: str, handler, shortcut: str | QKeySequence.StandardKey | None = None, icon=None
    ) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        name = text.replace("&", "").rstrip("…").strip()
        action.setToolTip(
            f"{name} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        action.setStatusTip(name)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: handler())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        S = QKeySequence.StandardKey
        P = QStyle.StandardPixmap
        self.act_open = self._action(_("&Open…"), self.open_dialog, S.Open, P.SP_DialogOpenButton)
        self.act_paste = self._action(_("New from &text…"), self.new_from_text, "Ctrl+Shift+N")
        self.act_save = self._action(_("&Save"), self.save, S.Save, P.SP_DialogSaveButton)
        self.act_save_as = self._action(_("Save &as…"), self.save_as, "Ctrl+Shift+S")
        self.act_export_txt = self._action(
            _("Export translation (.txt)…"), self.export_text, "Ctrl+E"
        )
        self.act_export_csv = self._action(
            _("Export bilingual table (.csv)…"), self.export_csv, "Ctrl+Shift+E"
        )
        self.act_quit = self._action(_("&Quit"), self.close, S.Quit)
        if self.act_quit.shortcut().isEmpty():  # no platform binding (e.g. some Linux desktops)
            self.act_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.act_undo = self.session.undo_stack.createUndoAction(self, _("&Undo"))
        self.act_undo.setShortcut(QKeySequence(S.Undo))
        self.act_redo = self.session.undo_stack.createRedoAction(self, _("&Redo"))
        self.act_redo.setShortcut(QKeySequence(S.Redo))
        for action in (self.act_undo, self.act_redo):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        self.act_confirm = self._action(
            _("&Confirm and go to next unconfirmed"), self.confirm_and_next, "Ctrl+Return"
        )
        self.act_next = self._action(_("&Next segment"), lambda: self.move(1), "Ctrl+Down")
        self.act_previous = self._action(_("&Previous segment"), lambda: self.move(-1), "Ctrl+Up")
        self.act_edit = self._action(_("&Edit target"), self.edit_current_target, "F2")
        self.act_find = self._action(_("&Find…"), self.show_find, S.Find)
        self.act_close_find = self._action(_("Close find"), self.hide_find, "Escape")
        self.act_close_find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_bar.addAction(self.act_close_find)
        self.act_add_term = self._action(
            _("Add &term from selection…"), self.add_term_from_selection, "Ctrl+T"
        )
        self.act_insert_terms = [
            self._action(
                _("Insert term %d") % n, lambda n=n: self.insert_nth_term(n - 1), f"Alt+{n}"
            )
            for n in range(1, 10)
        ]
        self.act_translate_all = self._action(
            _("Translate &all"), self.translate_all, "Ctrl+Shift+T", P.SP_MediaPlay
        )
        self.act_translate_selected = self._action(
            _("Translate &selected"), self.translate_selected, "Ctrl+Shift+R", P.SP_MediaSeekForward
        )
        self.act_cancel = self._action(
            _("&Cancel translation"), self.cancel_translation, "Ctrl+.", P.SP_BrowserStop
        )
        self.act_cancel.setEnabled(False)
        self.act_glossary_search = self._action(
            _("Search &glossary"), self.glossary_dock.focus_search, "Ctrl+G"
        )
        self.act_new_term = self._action(_("&New term…"), lambda: self.add_term(), "Ctrl+Shift+G")
        self.act_history = self._action(
            _("Term &history…"), self.show_history_of_selected, "Ctrl+Shift+H"
        )
        self.act_import = self._action(_("&Import glossary…"), self.import_glossary, "Ctrl+I")
        self.act_export_glossary = self._action(
            _("E&xport glossary…"), self.export_glossary, "Ctrl+Shift+X"
        )
        self.act_models = self._action(_("Translation &models…"), self.show_models, "Ctrl+M")
        self.act_settings = self._action(_("&Settings…"), self.show_settings, S.Preferences)
        if self.act_settings.shortcut().isEmpty():
            self.act_settings.setShortcut(QKeySequence("Ctrl+,"))
        self.act_about = self._action(_("&About Wortlaut"), self.show_about, "F1")
        self.act_shortcuts = self._action(
            _("&Keyboard shortcuts"), self.show_shortcuts, "Ctrl+Shift+K"
        )
        self.filter_actions = {}
        for mode, text, key in (
            (SegmentFilter.ALL, _("Show &all segments"), "Ctrl+1"),
            (SegmentFilter.FLAGGED, _("Show &flagged segments"), "Ctrl+2"),
            (SegmentFilter.UNCONFIRMED, _("Show &unconfirmed segments"), "Ctrl+3"),
        ):
            action = self._action(text, lambda mode=mode: self.set_filter(mode), key)
            action.setCheckable(True)
            self.filter_actions[mode] = action
        self.filter_actions[SegmentFilter.ALL].setChecked(True)

        menus = self.menuBar()
        file_menu = menus.addMenu(_("&File"))
        file_menu.addActions([self.act_open, self.act_paste])
        self.recent_menu = file_menu.addMenu(_("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.act_reopen = self._action(_("Reopen &last file"), self.reopen_last, "Ctrl+Shift+O")
        file_menu.addAction(self.act_reopen)
        file_menu.addSeparator()
        file_menu.addActions([self.act_save, self.act_save_as])
        file_menu.addSeparator()
        file_menu.addActions([self.act_export_txt, self.act_export_csv])
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = menus.addMenu(_("&Edit"))
        edit_menu.addActions([self.act_undo, self.act_redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.act_edit, self.act_confirm, self.act_next, self.act_previous])
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_find)
        insert_menu = edit_menu.addMenu(_("Insert glossary term"))
        insert_menu.addActions(self.act_insert_terms)
        translate_menu = menus.addMenu(_("&Translate"))
        translate_menu.addActions(
            [self.act_translate_all, self.act_translate_selected, self.act_cancel]
        )
        glossary_menu = menus.addMenu(_("&Glossary"))
        glossary_menu.addActions([self.act_glossary_search, self.act_new_term, self.act_add_term])
        glossary_menu.addSeparator()
        glossary_menu.addActions([self.act_import, self.act_export_glossary])
        view_menu = menus.addMenu(_("&View"))
        view_menu.addActions(list(self.filter_actions.values()))
        view_menu.addSeparator()
        for dock, key in ((self.glossary_dock, "Ctrl+Alt+G"), (self.qa_dock, "Ctrl+Alt+Q")):
            toggle = dock.toggleViewAction()
            toggle.setShortcut(QKeySequence(key))
            view_menu.addAction(toggle)
        tools_menu = menus.addMenu(_("T&ools"))
        tools_menu.addActions([self.act_models, self.act_settings])
        help_menu = menus.addMenu(_("&Help"))
        help_menu.addActions([self.act_shortcuts, self.act_about])
        self.welcome.open_clicked.connect(self.act_open.trigger)
        self.welcome.paste_clicked.connect(self.act_paste.trigger)
        self.welcome.models_clicked.connect(self.act_models.trigger)
        self.welcome.shortcuts_clicked.connect(self.act_shortcuts.trigger)
        for menu in (
            file_menu,
            edit_menu,
            translate_menu,
            glossary_menu,
            view_menu,
            tools_menu,
            help_menu,
        ):
            menu.setAccessibleName(menu.title().replace("&", ""))

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(_("Main toolbar"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.act_open, self.act_save])
        toolbar.addSeparator()
        toolbar.addActions([self.act_translate_all, self.act_translate_selected, self.act_cancel])
        toolbar.addSeparator()
        self.filter_box = QComboBox()
        self.filter_box.setAccessibleName(_("Which segments to show"))
        self.filter_box.addItem(_("All segments"), SegmentFilter.ALL)
        self.filter_box.addItem(_("Flagged segments"), SegmentFilter.FLAGGED)
        self.filter_box.addItem(_("Unconfirmed segments"), SegmentFilter.UNCONFIRMED)
        self.filter_box.currentIndexChanged.connect(
            lambda i: self.set_filter(self.filter_box.itemData(i))
        )
        toolbar.addWidget(QLabel(_("Show:") + " "))
        toolbar.addWidget(self.filter_box)
        self.addToolBar(toolbar)

    # -- layout memory ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.grid.viewport()
            and event.type() == QEvent.Type.Resize
            and event.size().width() != event.oldSize().width()  # type: ignore[attr-defined]
        ):
            self.fit_text_columns()
        return super().eventFilter(watched, event)

    def fit_text_columns(self) -> None:
        """Source and target share the width the other columns leave, in the user's ratio."""
        fixed = sum(self.grid.columnWidth(c) for c in (0, 3, 4))
        available = max(200, self.grid.viewport().width() - fixed)
        self._fitting = True
        source = int(available * self.source_share)
        self.grid.setColumnWidth(SegmentTableModel.SOURCE, source)
        self.grid.setColumnWidth(SegmentTableModel.TARGET, available - source)
        self._fitting = False
        self.row_heights.all()

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if self._fitting:
            return
        if column == SegmentTableModel.SOURCE:
            total = self.grid.viewport().width() - sum(self.grid.columnWidth(c) for c in (0, 3, 4))
            if total > 0:
                self.source_share = min(0.8, max(0.2, self.grid.columnWidth(1) / total))
        QTimer.singleShot(0, self.fit_text_columns)

    def restore_layout(self) -> None:
        geometry = self.settings.bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.bytes("window/state")
        if state is not None:
            self.restoreState(state)
        columns = self.settings.bytes("window/columns")
        if columns is not None:
            self.grid.horizontalHeader().restoreState(columns)
        share = self.settings.qsettings.value("window/source_share")
        if share is not None:
            self.source_share = min(0.8, max(0.2, float(share)))

    def save_layout(self) -> None:
        self.settings.set_bytes("window/geometry", self.saveGeometry())
        self.settings.set_bytes("window/state", self.saveState())
        self.settings.set_bytes("window/columns", self.grid.horizontalHeader().saveState())
        self.settings.qsettings.setValue("window/source_share", self.source_share)
        self.settings.sync()

    # -- model state ----------------------------------------------------------------------------------
    def model_path(self) -> Path | None:
        installed = self.models.find("de", "en")
        return installed.path if installed else None

    def refresh_model_state(self) -> None:
        has_model = self.model_path() is not None
        self.banner.setVisible(not has_model)
        self.welcome.set_model_installed(has_model)
        busy = self.job is not None
        self.act_translate_all.setEnabled(has_model and not busy)
        self.act_translate_selected.setEnabled(has_model and not busy)
        self.act_cancel.setEnabled(busy)

    # -- documents ----------------------------------------------------------------------------------------
    def open_path(self, path: Path) -> bool:
        if not self.maybe_save():
            return False
        try:
            project = load_project(path) if path.suffix == PROJECT_SUFFIX else open_text_file(path)
        except InputError as exc:
            self.prompts.error(_("Cannot open file"), str(exc))
            return False
        document_glossary = Path(project.glossary) if project.glossary else None
        if document_glossary is None or not document_glossary.is_file():
            document_glossary = glossary_beside(project.source_path or path)
        project.glossary = str(document_glossary) if document_glossary else ""
        self.attach_document_glossary(document_glossary)
        self.session.set_project(project)
        self.settings.add_recent(path)
        return True

    def attach_document_glossary(self, path: Path | None) -> None:
        try:
            invalid = self.glossary.attach(path)
        except InputError as exc:
            self.prompts.error(_("Cannot read the document glossary"), str(exc))
            return
        if invalid:
            line, reason = invalid[0]
            self.statusBar().showMessage(
                _("%(file)s: %(n)s rows skipped (first: line %(line)s: %(reason)s)")
                % {
                    "file": path.name if path else "",
                    "n": len(invalid),
                    "line": line,
                    "reason": reason,
                },
                8000,
            )

    def open_dialog(self) -> None:
        path = self.prompts.open_path(
            _("Open a document or project"),
            _(
                "Documents and projects (*.txt *.wortlaut);;Text (*.txt);;Projects (*.wortlaut);;All files (*)"
            ),
        )
        if path is not None:
            self.open_path(path)

    def new_from_text(self) -> None:
        if not self.maybe_save():
            return
        text = self.prompts.paste_text()
        if text is not None:
            self.attach_document_glossary(None)
            self.session.set_project(new_project(text, name=_("Pasted text")))

    def save(self) -> bool:
        if self.session.project.path is None:
            return self.save_as()
        return self._save_to(self.session.project.path)

    def save_as(self) -> bool:
        project = self.session.project
        suggested = str((project.source_path or Path(project.name)).with_suffix(PROJECT_SUFFIX))
        path = self.prompts.save_path(
            _("Save project"), _("Wortlaut projects (*.wortlaut)"), suggested
        )
        return path is not None and self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        try:
            saved = self.session.save(path)
        except OSError as exc:
            self.prompts.error(_("Cannot save"), f"{path}: {os_problem(exc)}")
            return False
        self.settings.add_recent(saved)
        self.statusBar().showMessage(_("Saved %s") % saved.name, 4000)
        self._update_title()
        return True

    def export_text(self) -> None:
        project = self.session.project
        base = project.source_path or Path(project.name)
        path = self.prompts.save_path(
            _("Export translation"), _("Text (*.txt)"), str(base.with_name(base.stem + "-en.txt"))
        )
        if path is not None:
            self._export(lambda: project.export_target_text(path), path)

    def export_csv(self) -> None:
        project = self.session.project
        base = project.source_path or Path(project.name)
        path = self.prompts.save_path(
            _("Export bilingual table"),
            _("CSV (*.csv)"),
            str(base.with_name(base.stem + "-de-en.csv")),
        )
        if path is not None:
            self._export(lambda: project.export_bilingual_csv(path), path)

    def _export(self, write, path: Path) -> None:  # type: ignore[no-untyped-def]
        try:
            write()
        except OSError as exc:
            self.prompts.error(_("Cannot export"), f"{path}: {os_problem(exc)}")
            return
        self.statusBar().showMessage(_("Exported %s") % path.name, 4000)

    def reopen_last(self) -> None:
        recent = [p for p in self.settings.recent_files() if p != self.session.project.path]
        if recent:
            self.open_path(recent[0])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_files():
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(self.settings.recent_files()))

    def maybe_save(self) -> bool:
        """True when it is fine to replace or close the project (saved, discarded)."""
        self.commit_editor()
        if not self.session.modified:
            return True
        answer = self.prompts.save_changes()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def offer_recovery(self) -> bool:
        """After a crash: offer every orphaned autosave. True if one was restored."""
        return recover_autosaves(self.prompts, self.session)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.runner.cancel_all()
        self.runner.wait(10_000)
        self.session.discard_autosave()
        self.save_layout()
        self.glossary.close()
        event.accept()

    def _project_replaced(self) -> None:
        self._update_title()
        self._update_counts()
        has_text = bool(self.session.project.segments)
        self.pages.setCurrentWidget(self.grid if has_text else self.welcome)
        if self.proxy.rowCount():
            self.select_row(0)

    def _update_title(self) -> None:
        project = self.session.project
        name = project.path.name if project.path else project.name
        self.setWindowTitle(f"{name}[*] — Wortlaut")
        self.setWindowModified(self.session.modified)

    def _update_counts(self) -> None:
        project = self.session.project
        counts = project.counts()
        flagged = sum(1 for s in project.segments if s.flags)
        terms = len(self.glossary.entries)
        self.counts_label.setText(
            _(
                "%(segments)s segments · %(confirmed)s confirmed · %(flagged)s flagged · %(terms)s glossary terms"
            )
            % {
                "segments": format_number(len(project.segments)),
                "confirmed": format_number(counts[SegmentState.CONFIRMED]),
                "flagged": format_number(flagged),
                "terms": format_number(terms),
            }
        )

    def _autosaved(self, _path: str) -> None:
        self.statusBar().showMessage(_("Autosaved"), 2000)

    # -- navigation and editing -------------------------------------------------------------------
    def current_row(self) -> int | None:
        index = self.grid.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.mapToSource(index).row()

    def select_row(self, row: int, column: int = SegmentTableModel.TARGET) -> None:
        source = self.table_model.index(row, column)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.set_filter(SegmentFilter.ALL)
            index = self.proxy.mapFromSource(source)
        self.grid.setCurrentIndex(index)
        self.grid.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.grid.scrollTo(index)

    def open_editor(self) -> SegmentEditor | None:
        index = self.grid.currentIndex()
        if not index.isValid():
            return None
        editor = self.grid.indexWidget(index)
        return editor if isinstance(editor, SegmentEditor) else None

    def commit_editor(self) -> None:
        """Write an open target editor's text into the segment (as a normal edit)."""
        editor = self.open_editor()
        if editor is not None:
            self.grid.commitData(editor)
            self.grid.closeEditor(editor, SegmentDelegate.EndEditHint.NoHint)

    def edit_current_target(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self.select_row(row, SegmentTableModel.TARGET)
        self.grid.edit(self.grid.currentIndex())

    def move(self, step: int) -> None:
        self.commit_editor()
        index = self.grid.currentIndex()
        row = (index.row() if index.isValid() else -1) + step
        if 0 <= row < self.proxy.rowCount():
            self.grid.setCurrentIndex(self.proxy.index(row, SegmentTableModel.TARGET))
            self.grid.selectRow(row)

    def confirm_and_next(self) -> None:
        row = self.current_row()
        if row is None:
            return
        editor = self.open_editor()
        text = editor.toPlainText() if editor is not None and not editor.isReadOnly() else None
        if editor is not None:
            self.grid.closeEditor(editor, SegmentDelegate.EndEditHint.NoHint)
        if self.session.project.segments[row].needs_mt:
            self.session.confirm(row, text)
        segments = self.session.project.segments
        for candidate in list(range(row + 1, len(segments))) + list(range(row)):
            if not segments[candidate].done:
                self.select_row(candidate)
                return

    def _refresh_segment_terms(self, rows: list[int] | None = None) -> None:
        """Keep "Terms in this segment" true when the current segment or the glossary changes."""
        current = self.grid.currentIndex()
        if rows is None or (current.isValid() and self.proxy.mapToSource(current).row() in rows):
            self._current_row_changed(current, current)

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.glossary_dock.segment_terms.show(None, [])
            return
        row = self.proxy.mapToSource(current).row()
        segment = current.data(SEGMENT_ROLE)
        self.glossary_dock.segment_terms.show(segment, self.table_model.matches(row))

    def show_find(self) -> None:
        self.find_bar.show()
        self.find_bar.setFocus()
        self.find_bar.selectAll()

    def hide_find(self) -> None:
        self.find_bar.clear()
        self.find_bar.hide()
        self.grid.setFocus()

    def set_filter(self, mode: str) -> None:
        self.proxy.set_mode(mode)
        for key, action in self.filter_actions.items():
            action.setChecked(key == mode)
        index = self.filter_box.findData(mode)
        if index != self.filter_box.currentIndex():
            self.filter_box.setCurrentIndex(index)

    # -- glossary ---------------------------------------------------------------------------------
    def selected_source_text(self) -> str:
        editor = self.open_editor()
        if editor is not None:
            return editor.textCursor().selectedText().replace("\u2029", " ").strip()
        focus = self.focusWidget()
        if isinstance(focus, QLineEdit):
            return focus.selectedText().strip()
        if isinstance(focus, QPlainTextEdit):
            return focus.textCursor().selectedText().replace("\u2029", " ").strip()
        return ""

    def add_term_from_selection(self) -> None:
        self.add_term(self.selected_source_text())

    def add_term(self, source: str = "") -> TermEntry | None:
        if not self.glossary.ready:
            self.prompts.error(_("Glossary"), _("The glossary is still loading."))
            return None
        entry = self.prompts.term(TermEntry(source, ""), _("Add term"))
        if entry is None:
            return None
        try:
            return self.glossary.add(entry)
        except StoreError as exc:
            self.prompts.error(_("Cannot add term"), str(exc))
            return None

    def edit_term(self, term: TermEntry) -> None:
        if term.id is None:  # a document-glossary term: editing it means adopting it
            entry = self.prompts.term(term, _("Add to my glossary"))
            if entry is not None:
                try:
                    self.glossary.add(entry)
                except StoreError as exc:
                    self.prompts.error(_("Cannot add term"), str(exc))
            return
        base = self.glossary.terms.get(term.id, term)  # immutable: the dialog cannot change it
        entry = self.prompts.term(base, _("Edit term"))
        if entry is not None:
            self.save_term(base, entry)

    def save_term(self, base: TermEntry, entry: TermEntry) -> TermEntry | None:
        """Save an edit; when someone else saved the term meanwhile, let the user decide."""
        for _attempt in range(5):
            try:
                return self.glossary.update(entry)
            except ConflictError as exc:
                if exc.current is None:
                    self.prompts.error(_("Term deleted meanwhile"), str(exc))
                    self.glossary.poll()
                    return None
                changed_by = self._last_change(exc.current)
                resolved = self.prompts.resolve_conflict(base, entry, exc.current, changed_by)
                self.glossary.poll()  # their version comes in either way
                if resolved is None:
                    return None
                base, entry = exc.current, resolved
            except StoreError as exc:
                self.prompts.error(_("Cannot save term"), str(exc))
                return None
        return None

    def _last_change(self, term: TermEntry):  # type: ignore[no-untyped-def]
        try:
            changes = self.glossary.history(term.id)  # type: ignore[arg-type]
        except StoreError:
            return None
        return changes[-1] if changes else None

    def show_history(self, term: TermEntry) -> None:
        if term.id is None:
            return
        try:
            changes = self.glossary.history(term.id)
        except StoreError as exc:
            self.prompts.error(_("History"), str(exc))
            return
        change = self.prompts.history(term, changes)
        if change is None:
            return
        try:
            self.glossary.revert(change.id)
        except StoreError as exc:
            self.prompts.error(_("Cannot revert"), str(exc))
            return
        self.statusBar().showMessage(_("Reverted the change of %s") % term.source, 4000)

    def show_history_of_selected(self) -> None:
        term = self.glossary_dock.selected_term()
        if term is not None:
            self.show_history(term)

    def _password_needed(self, message: str) -> None:
        """The team server refused the connection: ask for the password and connect again.

        Asked again after a refused password; not again this session once the translator
        cancels. Meanwhile the dock shows the glossary as unreachable (or the offline copy).
        """
        if not self._password_refused:
            password = self.prompts.password(public_url(self.glossary.url))
            if password is not None:
                self._password_tried = password
                self.glossary.connect_to(self.glossary.url, password)
                return
            self._password_refused = True
        self.glossary_dock.show_status()

    def _remember_password(self) -> None:
        """Keep a password in the keychain once the server has accepted it, never before."""
        if self._password_tried is not None and self.glossary.writable:
            save_password(self.glossary.url, self._password_tried)
            self._password_tried = None

    def delete_term(self, term: TermEntry) -> None:
        if term.id is None:
            self.statusBar().showMessage(
                _("Terms of the document glossary are read-only; edit the file itself."), 6000
            )
            return
        if not self.prompts.confirm_delete(term):
            return
        try:
            self.glossary.remove(term.id, expected_version=term.version)
        except ConflictError as exc:
            self.prompts.error(_("Term changed meanwhile"), conflict_text(exc))
            self.glossary.poll()
        except StoreError as exc:
            self.prompts.error(_("Cannot delete term"), str(exc))

    def import_glossary(self) -> None:
        if not self.glossary.ready:
            self.prompts.error(_("Glossary"), _("The glossary is still loading."))
            return
        path = self.prompts.open_path(
            _("Import glossary"), _("Glossaries (*.csv *.tsv *.txt *.tbx *.xml);;All files (*)")
        )
        if path is not None:
            self.prompts.import_glossary(self.glossary, path)

    def export_glossary(self) -> None:
        path = self.prompts.save_path(
            _("Export glossary"), _("CSV (*.csv);;TBX (*.tbx)"), "glossary.csv"
        )
        if path is None:
            return
        try:
            if path.suffix.lower() in (".tbx", ".xml"):
                count = export_tbx(self.glossary.entries, path)
            else:
                count = export_csv(self.glossary.entries, path, bom=True)
        except OSError as exc:
            self.prompts.error(_("Cannot export"), f"{path}: {os_problem(exc)}")
            return
        self.statusBar().showMessage(
            _("Exported %(n)s terms to %(file)s") % {"n": format_number(count), "file": path.name},
            4000,
        )

    def insert_nth_term(self, n: int) -> None:
        items = self.glossary_dock.segment_terms.items
        if n < len(items):
            self.insert_term(items[n][0])

    def insert_term(self, term: TermEntry) -> None:
        """Type the term's target into the target editor at the cursor (opening it if needed)."""
        editor = self.open_editor()
        if editor is None or editor.isReadOnly():
            if editor is not None:
                self.grid.closeEditor(editor, SegmentDelegate.EndEditHint.NoHint)
            self.edit_current_target()
            editor = self.open_editor()
        if editor is not None:
            editor.insertPlainText(term.target)
            editor.setFocus()

    # -- translation ------------------------------------------------------------------------------
    def translate_all(self) -> TranslationJob | None:
        return self.translate(range(len(self.session.project.segments)))

    def translate_selected(self) -> TranslationJob | None:
        rows = sorted(
            {self.proxy.mapToSource(i).row() for i in self.grid.selectionModel().selectedRows()}
        )
        if not rows and self.current_row() is not None:
            rows = [self.current_row()]  # type: ignore[list-item]
        return self.translate(rows)

    def translate(self, rows) -> TranslationJob | None:  # type: ignore[no-untyped-def]
        package = self.model_path()
        if package is None or self.job is not None:
            self.refresh_model_state()
            return None
        self.commit_editor()
        segments = self.session.project.segments
        rows = [r for r in rows if segments[r].needs_mt]
        protected = [r for r in rows if segments[r].protected]
        if protected:
            answer = self.prompts.overwrite_protected(len(protected))
            if answer == "cancel":
                return None
            if answer == "skip":
                rows = [r for r in rows if not segments[r].protected]
            else:
                self.session.release_for_mt(protected)
        if not rows:
            return None
        document = copy.deepcopy(self.session.project.document)
        terms, matcher = self.glossary.entries, self.session.matcher
        forbidden = self.glossary.forbidden.copy()  # the worker's own: edits go on meanwhile
        task = Task(
            "translate",
            lambda ctx: translate_rows(ctx, package, document, rows, terms, matcher, forbidden),
        )
        task.signals.partial.connect(self.session.apply_translation)
        task.signals.progress.connect(self._translation_progress)
        task.signals.failed.connect(
            lambda message: self.prompts.error(_("Translation failed"), message)
        )
        task.signals.cancelled.connect(
            lambda: self.statusBar().showMessage(_("Translation cancelled"), 4000)
        )
        task.signals.finished.connect(self._translation_finished)
        self.job = TranslationJob(task, rows)
        self.progress.setRange(0, len(rows))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.refresh_model_state()
        self.runner.start(task)
        return self.job

    def cancel_translation(self) -> None:
        if self.job is not None:
            self.job.task.cancel()

    def _translation_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _translation_finished(self) -> None:
        self.job = None
        self.session.end_translation()  # an overwrite consent holds for one run only
        self.progress.hide()
        self.cancel_button.hide()
        self.refresh_model_state()
        self.translation_finished.emit()

    # -- dialogs ----------------------------------------------------------------------------------
    def show_models(self) -> None:
        dialog = ModelsDialog(self, self.runner, self.models)
        dialog.models_changed.connect(self.refresh_model_state)
        dialog.exec()
        self.refresh_model_state()

    def show_settings(self) -> None:
        dialog = SettingsDialog(self, self.settings)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        self.glossary.author = self.settings.author
        wanted = self.settings.glossary_url or sqlite_url(self._local_glossary())
        if wanted != self.glossary.url or dialog.password is not None:
            password = dialog.password if dialog.password is not None else load_password(wanted)
            self.glossary.connect_to(wanted, password)

    @staticmethod
    def _local_glossary() -> Path:
        from app import paths

        return paths.glossary_db()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self, self.menuBar()).exec()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_path(path))  # not inside the drag loop

    def show_about(self) -> None:
        from app import __version__

        QMessageBox.about(
            self,
            _("About Wortlaut"),
            _("Wortlaut %s — offline German→English translation with an enforced glossary.")
            % __version__,
        )


def _dropped_file(data: QMimeData) -> Path | None:
    """The one local file being dragged, if it is one."""
    urls = [url for url in data.urls() if url.isLocalFile()] if data.hasUrls() else []
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.is_file() else None


def warm_up(package: Path | None) -> None:
    """Load the model and the English inflection tables before the first translation needs them."""
    from app.terminology import english_plural

    if package is not None:
        _ = engine_for(package).translator
    english_plural(TermEntry("Bollwerk", "bulwark"))


def install_bundled_model(window: MainWindow) -> Task | None:
    """First start of an installer that ships a model: install it, offline, in the background."""
    from app import paths

    folder = paths.bundled_models_dir()
    if window.model_path() is not None or folder is None:
        return None
    archives = sorted(folder.glob("*.argosmodel"))
    if not archives:
        return None
    task = Task("install bundled model", lambda ctx: window.models.install(archives[0]))
    task.signals.finished.connect(window.refresh_model_state)
    task.signals.succeeded.connect(
        lambda model: window.statusBar().showMessage(_("Installed %s.") % model.code, 6000)
    )
    return window.runner.start(task)


def start_loading(window: MainWindow) -> None:
    """Work that must not delay the first paint: the glossary (matcher build) and the model."""
    QTimer.singleShot(0, window.glossary.load_async)
    QTimer.singleShot(0, lambda: install_bundled_model(window))
    package = window.model_path()
    QTimer.singleShot(
        0, lambda: window.runner.start(Task("warm up", lambda _ctx: warm_up(package)))
    )
