"""The main window: segment grid, glossary and QA docks, menus, translation with progress.

The window wires things together; the work is done by the session (editing, checks, autosave),
the glossary service (terms, matcher) and tasks (translation, imports, model installs).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.document_project import source_parts
from app.engine import engine_for
from app.failures import user_message
from app.i18n import _
from app.model_store import ModelStore
from app.translation_job import translate_rows
from app.ui.actions import (
    Act,
    ActionAttributes,
    action_table,
    build_actions,
    build_menus,
    menu_layout,
)
from app.ui.credentials import load_password, save_password, url_has_password
from app.ui.document_commands import DocumentCommands, dropped_file
from app.ui.glossary_dock import GlossaryDock
from app.ui.glossary_service import GlossaryService
from app.ui.models_dialog import ModelsDialog
from app.ui.no_model_banner import NoModelBanner
from app.ui.operations import Op, Outcome
from app.ui.prompts import DialogPrompts, Prompts
from app.ui.qa_dock import QADock
from app.ui.recovery_dialog import offer_recovery as recover_autosaves
from app.ui.segment_delegate import SegmentDelegate
from app.ui.segment_grid import SegmentGrid
from app.ui.segment_table import SEGMENT_ROLE, SegmentFilter, SegmentTableModel
from app.ui.session import EditorSession
from app.ui.settings import Settings, SettingsDialog
from app.ui.shortcuts_dialog import ShortcutsDialog
from app.ui.startup import install_bundled_model, start_loading  # their old import path
from app.ui.tag_commands import TagCommands
from app.ui.tag_editor import TagEditor
from app.ui.tasks import Task, TaskRunner
from app.ui.term_commands import TermCommands
from app.ui.tm_commands import TMCommands
from app.ui.welcome import WelcomePage
from app.ui.window_bars import build_status_bar, build_toolbar, counts_text
from glossary.opening import public_url
from glossary.storage import sqlite_url
from glossary.terms import TermEntry


def local_glossary_url() -> str:
    """The per-user SQLite glossary, used when no team glossary is configured."""
    from app import paths

    return sqlite_url(paths.glossary_db())


@dataclass
class TranslationJob:
    task: Task
    rows: list[int]


class MainWindow(QMainWindow, ActionAttributes):
    translation_finished = Signal()

    def __init__(self, settings: Settings | None = None, glossary_url: str | None = None):
        super().__init__()
        self.settings = settings or Settings()
        self.prompts: Prompts = DialogPrompts(self)
        self.runner = TaskRunner(self)
        self.models = ModelStore()
        url = glossary_url or self.settings.glossary_url or local_glossary_url()
        password = None if url_has_password(url) else load_password(url)
        self.glossary = GlossaryService(
            url, self.runner, self, password=password, author=self.settings.author
        )
        self._password_refused = False  # the translator declined to give one this session
        self._password_tried: str | None = None  # entered, not yet accepted by the server
        self.session = EditorSession(self.glossary, self)
        self.job: TranslationJob | None = None
        self.terms = TermCommands(self)
        self.documents = DocumentCommands(self)
        self.tags = TagCommands(self)
        self.setObjectName("mainWindow")
        self.resize(1280, 800)

        self.table_model = SegmentTableModel(self.session, self)
        self.table_model.edit_requested.connect(self.session.edit_target)
        self.proxy = SegmentFilter(self)
        self.proxy.setSourceModel(self.table_model)
        self.grid = SegmentGrid(self.proxy)
        self.row_heights = self.grid.row_heights
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
        self.glossary_dock.import_requested.connect(self.terms.import_glossary)
        self.glossary_dock.export_requested.connect(self.terms.export_glossary)
        self.glossary_dock.insert_requested.connect(self.insert_term)
        self.glossary_dock.import_attached_requested.connect(self._import_document_glossary)
        self.qa_dock.segment_chosen.connect(self.select_row)
        self.tm = TMCommands(self)  # the memory opens once the glossary has loaded

        bars = build_status_bar(self.statusBar(), self.cancel_translation)
        self.counts_label, self.progress, self.cancel_button = (
            bars.counts,
            bars.progress,
            bars.cancel,
        )
        self._build_actions()
        toolbar, self.filter_box = build_toolbar(self.acts, self.set_filter)
        self.addToolBar(toolbar)
        self.session.rows_changed.connect(lambda _rows: self._update_counts())
        self.session.rows_changed.connect(self._refresh_segment_terms)
        self.glossary.changed.connect(lambda _change: self._refresh_segment_terms())
        self.session.project_replaced.connect(self._project_replaced)
        self.session.modified_changed.connect(lambda _m: self.update_title())
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
        self.update_title()
        self._update_counts()

    # -- construction ----------------------------------------------------------------------------
    def _build_actions(self) -> None:
        table = action_table()
        text = {spec.act: spec.text for spec in table}
        own = {
            Act.UNDO: self.session.undo_stack.createUndoAction(self, text[Act.UNDO]),
            Act.REDO: self.session.undo_stack.createRedoAction(self, text[Act.REDO]),
            Act.TOGGLE_GLOSSARY_DOCK: self.glossary_dock.toggleViewAction(),
            Act.TOGGLE_QA_DOCK: self.qa_dock.toggleViewAction(),
            Act.TOGGLE_TM_DOCK: self.tm.dock.toggleViewAction(),
        }
        self.acts = build_actions(self, table, own)
        menus = build_menus(self.menuBar(), menu_layout(), self.acts)
        self.recent_menu = menus["recent"]
        self.recent_menu.aboutToShow.connect(self.documents.fill_recent_menu)
        self.act_close_find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_bar.addAction(self.act_close_find)
        self.act_cancel.setEnabled(False)
        self.acts[Act.SHOW_ALL].setChecked(True)
        self.welcome.open_clicked.connect(self.act_open.trigger)
        self.welcome.paste_clicked.connect(self.act_paste.trigger)
        self.welcome.models_clicked.connect(self.act_models.trigger)
        self.welcome.shortcuts_clicked.connect(self.act_shortcuts.trigger)

    # -- layout memory ------------------------------------------------------------------------------
    @property
    def source_share(self) -> float:
        """Of the width left for source + target, what the source column gets (0.2 to 0.8)."""
        return self.grid.source_share

    @source_share.setter
    def source_share(self, share: float) -> None:
        self.grid.source_share = share

    def fit_text_columns(self) -> None:
        self.grid.fit_text_columns()

    def restore_layout(self) -> None:
        geometry = self.settings.bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.bytes("window/state")
        if state is not None:
            self.restoreState(state)
        self.grid.restore_columns(self.settings)

    def save_layout(self) -> None:
        self.settings.set_bytes("window/geometry", self.saveGeometry())
        self.settings.set_bytes("window/state", self.saveState())
        self.grid.save_columns(self.settings)
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

    # -- documents (the work: DocumentCommands) -------------------------------------------------------
    def open_path(self, path: Path) -> bool:
        return self.documents.open_path(path)

    def save(self) -> bool:
        return self.documents.save()

    def export_text(self) -> None:
        self.documents.export_text()

    def export_csv(self) -> None:
        self.documents.export_csv()

    def maybe_save(self) -> bool:
        """True when it is fine to replace or close the project (saved, discarded)."""
        return self.documents.maybe_save()

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
        self.tm.close()
        event.accept()

    def _project_replaced(self) -> None:
        self.update_title()
        self._update_counts()
        has_text = bool(self.session.project.segments)
        self.pages.setCurrentWidget(self.grid if has_text else self.welcome)
        if self.proxy.rowCount():
            self.select_row(0)

    def update_title(self) -> None:
        project = self.session.project
        name = project.path.name if project.path else project.name
        self.setWindowTitle(f"{name}[*] — Wortlaut")
        self.setWindowModified(self.session.modified)

    def _update_counts(self) -> None:
        self.counts_label.setText(counts_text(self.session.project, len(self.glossary.entries)))

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

    def open_editor(self) -> TagEditor | None:
        index = self.grid.currentIndex()
        if not index.isValid():
            return None
        editor = self.grid.indexWidget(index)
        return editor if isinstance(editor, TagEditor) else None

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

    def step(self, offset: int) -> None:
        """Go `offset` rows down (up if negative) in the shown rows, keeping any edit."""
        self.commit_editor()
        index = self.grid.currentIndex()
        row = (index.row() if index.isValid() else -1) + offset
        if 0 <= row < self.proxy.rowCount():
            self.grid.setCurrentIndex(self.proxy.index(row, SegmentTableModel.TARGET))
            self.grid.selectRow(row)

    def confirm_and_next(self) -> None:
        row = self.current_row()
        if row is None:
            return
        editor = self.open_editor()
        text = editor.marked_text() if editor is not None and not editor.isReadOnly() else None
        if editor is not None:
            self.grid.closeEditor(editor, SegmentDelegate.EndEditHint.NoHint)
        if self.session.project.segments[row].needs_mt:
            self.session.confirm(row, text)
            self.tags.warn_about_confirmed(row)
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

    def focus_glossary_search(self) -> None:
        self.glossary_dock.focus_search()

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
            return editor.selected_plain_text().strip()
        focus = self.focusWidget()
        if isinstance(focus, QLineEdit):
            return focus.selectedText().strip()
        if isinstance(focus, QPlainTextEdit):
            return focus.textCursor().selectedText().replace("\u2029", " ").strip()
        return ""

    def add_term_from_selection(self) -> None:
        self.add_term(self.selected_source_text())

    def add_term(self, source: str = "") -> Outcome[TermEntry] | None:
        return self.terms.add_term(source)

    def edit_term(self, term: TermEntry) -> Outcome[TermEntry | None] | None:
        return self.terms.edit_term(term)

    def save_term(self, base: TermEntry, entry: TermEntry) -> Outcome[TermEntry | None]:
        return self.terms.save_term(base, entry)

    def show_history(self, term: TermEntry) -> Outcome[object] | None:
        return self.terms.show_history(term)

    def delete_term(self, term: TermEntry) -> Outcome[TermEntry] | None:
        return self.terms.delete_term(term)

    def _import_document_glossary(self) -> None:
        """Copy the document's own glossary into the stored one (through the import dialog)."""
        if self.glossary.attached_path is not None:
            self.prompts.import_glossary(self.glossary, self.glossary.attached_path)

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
        current = self.current_row()
        if not rows and current is not None:
            rows = [current]
        return self.translate(rows)

    def translate(self, rows: Iterable[int]) -> TranslationJob | None:
        """Start translating `rows` (segment indexes) in the background; None if nothing to do."""
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
        tm = self.tm.use()  # the open memory (if any) and the fuzzy threshold
        project = self.session.project
        tags = {r: parts for r in rows if (parts := source_parts(project, r)) is not None}
        op: Op[object] = Op(
            "translate",
            lambda ctx: translate_rows(
                ctx, engine_for(package), document, rows, terms, matcher, forbidden, **tm, tags=tags
            ),
        )
        op.on_partial(self.session.apply_translation).on_progress(self._translation_progress)
        op.success(lambda _result: self._translation_finished())
        op.failure(self._translation_failed)
        op.cancelled(self._translation_cancelled)
        self.job = TranslationJob(op.task, rows)
        self.progress.setRange(0, len(rows))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.refresh_model_state()
        op.run(self.runner)
        return self.job

    def cancel_translation(self) -> None:
        if self.job is not None:
            self.job.task.cancel()

    def _translation_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _translation_failed(self, error: Exception) -> None:
        self._translation_finished()
        self.prompts.error(_("Translation failed"), user_message(error))

    def _translation_cancelled(self) -> None:
        self._translation_finished()
        self.statusBar().showMessage(_("Translation cancelled"), 4000)

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
        wanted = self.settings.glossary_url or local_glossary_url()
        if wanted != self.glossary.url or dialog.password is not None:
            password = dialog.password if dialog.password is not None else load_password(wanted)
            self.glossary.connect_to(wanted, password)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self, self.menuBar()).exec()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_path(path))  # not inside the drag loop

    def show_about(self) -> None:
        from app.ui.licences_dialog import AboutDialog  # with its Licences… window

        AboutDialog(self).open()


__all__ = ["MainWindow", "TranslationJob", "install_bundled_model", "start_loading"]
