"""The main window's status bar (progress, counts, legend) and toolbar (commands, filter)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QProgressBar, QPushButton, QStatusBar, QToolBar

from app.document import SegmentState
from app.i18n import _, format_number
from app.project import Project
from app.ui.actions import SEPARATOR, Act
from app.ui.legend import Legend
from app.ui.segment_table import SegmentFilter

TOOLBAR = (
    Act.OPEN,
    Act.SAVE,
    SEPARATOR,
    Act.TRANSLATE_ALL,
    Act.TRANSLATE_SELECTED,
    Act.CANCEL,
    SEPARATOR,
)


@dataclass
class StatusWidgets:
    counts: QLabel  # "29 segments · 3 confirmed · …"
    progress: QProgressBar  # shown while translating
    cancel: QPushButton  # shown while translating


def build_status_bar(bar: QStatusBar, cancel: Callable[[], None]) -> StatusWidgets:
    """Fill `bar`; `cancel` is what the Cancel button (shown while translating) does."""
    counts = QLabel()
    counts.setAccessibleName(_("Document progress"))
    bar.addWidget(counts)
    bar.addPermanentWidget(Legend())
    progress = QProgressBar()
    progress.setMaximumWidth(220)
    progress.setFormat(_("Translating %v/%m"))
    progress.hide()
    bar.addPermanentWidget(progress)
    button = QPushButton(_("Cancel"))
    button.setAccessibleName(_("Cancel translation"))
    button.clicked.connect(cancel)
    button.hide()
    bar.addPermanentWidget(button)
    return StatusWidgets(counts, progress, button)


def build_toolbar(
    actions: Mapping[Act, QAction], set_filter: Callable[[str], None]
) -> tuple[QToolBar, QComboBox]:
    """The main toolbar and its "Show:" filter box (which calls `set_filter` with a mode)."""
    toolbar = QToolBar(_("Main toolbar"))
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for item in TOOLBAR:
        if isinstance(item, Act):
            toolbar.addAction(actions[item])
        else:
            toolbar.addSeparator()
    filter_box = QComboBox()
    filter_box.setAccessibleName(_("Which segments to show"))
    filter_box.addItem(_("All segments"), SegmentFilter.ALL)
    filter_box.addItem(_("Flagged segments"), SegmentFilter.FLAGGED)
    filter_box.addItem(_("Unconfirmed segments"), SegmentFilter.UNCONFIRMED)
    filter_box.currentIndexChanged.connect(lambda i: set_filter(filter_box.itemData(i)))
    toolbar.addWidget(QLabel(_("Show:") + " "))
    toolbar.addWidget(filter_box)
    return toolbar, filter_box


def counts_text(project: Project, terms: int) -> str:
    """The status bar's summary of the document and the glossary size."""
    counts = project.counts()
    flagged = sum(1 for s in project.segments if s.flags)
    return _(
        "%(segments)s segments · %(confirmed)s confirmed · %(flagged)s flagged · %(terms)s glossary terms"
    ) % {
        "segments": format_number(len(project.segments)),
        "confirmed": format_number(counts[SegmentState.CONFIRMED]),
        "flagged": format_number(flagged),
        "terms": format_number(terms),
    }
