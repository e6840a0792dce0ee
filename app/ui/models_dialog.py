"""Installed translation models: list, install from a file, remove, download (internet)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.engine import forget_engines_except
from app.failures import user_message
from app.i18n import _, format_size
from app.model_store import InstalledModel, ModelError, ModelStore, OfflineError
from app.ui.operations import Op
from app.ui.tasks import TaskContext, TaskRunner

Index = QModelIndex | QPersistentModelIndex


class ModelsTableModel(QAbstractTableModel):
    def __init__(self, store: ModelStore):
        super().__init__()
        self.store = store
        self.rows: list[tuple[InstalledModel, int]] = []
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.rows = [(m, m.size_bytes) for m in self.store.installed()]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_("Languages"), _("Code"), _("Version"), _("Size")][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        model, size = self.rows[index.row()]
        return [
            f"{model.from_name} → {model.to_name}",
            model.code,
            model.version,
            format_size(size),
        ][index.column()]


class ModelsDialog(QDialog):
    models_changed = Signal()

    def __init__(self, parent: QWidget | None, runner: TaskRunner, store: ModelStore | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Translation models"))
        self.resize(620, 360)
        self.runner = runner
        self.store = store or ModelStore()
        self.task: Op[InstalledModel] | None = None
        layout = QVBoxLayout(self)
        self.model = ModelsTableModel(self.store)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_("Installed models"))
        layout.addWidget(self.table)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.progress = QProgressBar()
        self.progress.hide()
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        self.install_button = QPushButton(_("Install from file…"))
        self.install_button.clicked.connect(self.choose_file)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.download_button = QPushButton(_("Download from the internet…"))
        self.download_button.setToolTip(
            _(
                "Downloads the German→English package from the Argos package index. Uses the internet."
            )
        )
        self.download_button.clicked.connect(self.confirm_download)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        for button in (
            self.install_button,
            self.remove_button,
            self.download_button,
            self.cancel_button,
        ):
            button.setAccessibleName(button.text().rstrip("…"))
            row.addWidget(button)
        row.addStretch()
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Install a translation model"),
            "",
            _("Argos models (*.argosmodel);;All files (*)"),
        )
        if path:
            self.install(Path(path))

    def install(self, path: Path) -> Op[InstalledModel]:
        def work(ctx: TaskContext) -> InstalledModel:
            return self.store.install(path, progress=ctx.progress, cancelled=ctx.cancelled)

        return self._run(_("Installing %s…") % path.name, Op("install model", work))

    def confirm_download(self) -> None:
        answer = QMessageBox.question(
            self,
            _("Download a model"),
            _(
                "This downloads the German→English model (about 100 MB) from the Argos Translate "
                "package index over the internet. Continue?"
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.download()

    def download(self) -> Op[InstalledModel]:
        def work(ctx: TaskContext) -> InstalledModel:
            return self.store.download("de", "en", progress=ctx.progress, cancelled=ctx.cancelled)

        return self._run(_("Downloading the German→English model…"), Op("download model", work))

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        model, _size = self.model.rows[rows[0].row()]
        try:
            self.store.remove(model.code)
        except ModelError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(_("Removed %s.") % model.code)
        self._refresh()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _run(self, message: str, op: Op[InstalledModel]) -> Op[InstalledModel]:
        self.task = op
        self.status.setText(message)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        for button in (self.install_button, self.remove_button, self.download_button):
            button.setEnabled(False)
        op.on_progress(self._progress)
        op.success(lambda model: self._done(_("Installed %s.") % model.code))
        op.failure(self._failed)
        op.cancelled(lambda: self._done(_("Cancelled; nothing was installed.")))
        return op.run(self.runner)

    def _failed(self, exc: Exception) -> None:
        """Say why; offline, the way forward is a package file: point at the button."""
        self._done(user_message(exc))
        if isinstance(exc, OfflineError):
            self.status.setText(
                _(
                    "No internet connection — install a downloaded .argosmodel file instead "
                    "(Install from file…)."
                )
            )
            self.install_button.setDefault(True)
            self.install_button.setFocus()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _done(self, message: str) -> None:
        self.task = None
        self.status.setText(message)
        self.progress.hide()
        self.cancel_button.hide()
        for button in (self.install_button, self.remove_button, self.download_button):
            button.setEnabled(True)
        self._refresh()

    def _refresh(self) -> None:
        """List the models again; drop loaded engines of packages no longer installed."""
        self.model.refresh()
        forget_engines_except(model.path for model, _size in self.model.rows)
        self.models_changed.emit()
