"""Document commands of the main window: open (with the document's own glossary), new from
text, save, export, recent files. Questions go through the window's `Prompts`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData

from app.document import FlagKind
from app.i18n import _, format_number, ngettext
from app.paths import same_file
from app.pipeline import target_with_proposal
from app.project import PROJECT_SUFFIX, Project, load_project, new_project, open_text_file
from app.ui.session import EditorSession
from app.ui.settings import Settings
from app.ui.window_commands import WindowCommands
from glossary.document_glossary import glossary_beside
from glossary.errors import InputError, WortlautError, os_problem

DOCUMENT_SUFFIXES = (
    ".docx",
    ".xlf",
    ".xliff",
    ".sdlxliff",
    ".html",
    ".htm",
)  # as app.formats.SUFFIXES

if TYPE_CHECKING:
    pass


def document_glossary_for(project: Project, opened: Path) -> Path | None:
    """The document's own glossary: the one the project names if it still exists, else a
    glossary file beside the source document (or beside `opened`), else None."""
    named = Path(project.glossary) if project.glossary else None
    if named is not None and named.is_file():
        return named
    return glossary_beside(project.source_path or opened)


def dropped_file(data: QMimeData) -> Path | None:
    """The one local file being dragged, if it is one."""
    urls = [url for url in data.urls() if url.isLocalFile()] if data.hasUrls() else []
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.is_file() else None


class DocumentCommands(WindowCommands):
    """What the File menu, the welcome page and dropped files do to the open project."""

    @property
    def session(self) -> EditorSession:
        return self.window.session

    @property
    def settings(self) -> Settings:
        return self.window.settings

    def open_path(self, path: Path) -> bool:
        if not self.maybe_save():
            return False
        try:
            project = self._project_for(path)
        except WortlautError as exc:
            self.prompts.error(_("Cannot open file"), str(exc))
            return False
        document_glossary = document_glossary_for(project, path)
        project.glossary = str(document_glossary) if document_glossary else ""
        self.attach_document_glossary(document_glossary)
        self.session.set_project(project)
        self.settings.add_recent(path)
        return True

    @staticmethod
    def _project_for(path: Path) -> Project:
        if path.suffix == PROJECT_SUFFIX:
            return load_project(path)
        if path.suffix.lower() in DOCUMENT_SUFFIXES:  # lxml loads only when one is opened
            from app.document_project import open_document_project

            return open_document_project(path)
        return open_text_file(path)

    def attach_document_glossary(self, path: Path | None) -> None:
        try:
            invalid = self.glossary.attach(path)
        except InputError as exc:
            self.prompts.error(_("Cannot read the document glossary"), str(exc))
            return
        if invalid:
            line, reason = invalid[0]
            self.window.statusBar().showMessage(
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
                "Documents and projects (*.txt *.docx *.xlf *.xliff *.sdlxliff *.html *.htm *.wortlaut);;"
                "Text (*.txt);;Word (*.docx);;XLIFF (*.xlf *.xliff *.sdlxliff);;HTML (*.html *.htm);;"
                "Projects (*.wortlaut);;All files (*)"
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

    def save(self, background: bool = True) -> bool:
        """File ▸ Save. In the `background` the window goes on while the file is written (a
        project keeps a copy of its DOCX, which takes a moment to encode); True when the save
        succeeded, or started. Closing the window saves at once (`maybe_save`)."""
        if self.session.project.path is None:
            return self.save_as(background)
        return self.save_to(self.session.project.path, background)

    def save_as(self, background: bool = True) -> bool:
        project = self.session.project
        suggested = str((project.source_path or Path(project.name)).with_suffix(PROJECT_SUFFIX))
        path = self.prompts.save_path(
            _("Save project"), _("Wortlaut projects (*.wortlaut)"), suggested
        )
        return path is not None and self.save_to(path, background)

    def save_to(self, path: Path, background: bool = False) -> bool:
        if background:
            op = self.session.save_in_background(path, self.window.runner)
            op.success(self._saved).failure(lambda exc: self._save_failed(path, exc))
            return True
        try:
            saved = self.session.save(path)
        except OSError as exc:
            self._save_failed(path, exc)
            return False
        self._saved(saved)
        return True

    def _saved(self, saved: Path) -> None:
        self.settings.add_recent(saved)
        self.window.statusBar().showMessage(_("Saved %s") % saved.name, 4000)
        self.window.update_title()

    def _save_failed(self, path: Path, exc: Exception) -> None:
        if not isinstance(exc, OSError):
            sys.excepthook(type(exc), exc, exc.__traceback__)  # a bug: the failure dialog
            return
        self.prompts.error(_("Cannot save"), f"{path}: {os_problem(exc)}")

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

    def export_document(self) -> None:
        """Write the translation into a copy of the DOCX/XLIFF/HTML file the project came from."""
        from app.document_project import export_document, needs_original

        project = self.session.project
        source = project.source_path
        if needs_original(project) and not self._locate_original(project):
            return
        if project.original is None or source is None:
            self.prompts.error(
                _("Cannot export"),
                _(
                    "Only documents opened from a .docx, .xlf, .xliff, .sdlxliff, .html or .htm file can be "
                    "exported in their own format; use Export translation (.txt) instead."
                ),
            )
            return
        suggested = source.with_name(source.stem + "-en" + source.suffix)  # never the source
        path = self.prompts.save_path(
            _("Export translated document"), _("Same format (*%s)") % source.suffix, str(suggested)
        )
        if path is None:
            return
        if same_file(path, source):
            problem = _(
                "%s is the document this project was made from: the translation would replace it."
            )
        elif project.path is not None and same_file(path, project.path):
            problem = _("%s is this project's own file: the translation would replace it.")
        else:
            self._export(lambda: export_document(project, path), path, self._tag_warning())
            return
        suggestion = _("Choose another name, such as %s.") % suggested.name
        self.prompts.error(_("Cannot export"), f"{problem % path} {suggestion}")

    def _tag_warning(self) -> str | None:
        """What the export status says when segments have tags that went to the end of the
        segment or that the translator's target lacks (they are in the file, maybe misplaced)."""
        kinds = (FlagKind.TAG_PLACEMENT, FlagKind.TAG_MISMATCH)
        count = sum(
            1 for s in self.session.project.segments if any(f.kind in kinds for f in s.flags)
        )
        if not count:
            return None
        return ngettext(
            "%(n)s segment has tags that need a look: see Quality checks.",
            "%(n)s segments have tags that need a look: see Quality checks.",
            count,
        ) % {"n": format_number(count)}

    def _locate_original(self, project: Project) -> bool:
        """Ask for the original document of a project that lost its copy; True once attached
        (the copy is kept with the project again from the next save and autosave)."""
        from app.document_project import supply_original
        from app.formats import FormatError

        assert project.original_file is not None  # needs_original checked
        name = project.original_file.name
        path = self.prompts.open_path(
            _("Export needs the original document %s: where is it?") % name,
            _("Same format (*%s)") % Path(name).suffix,
        )
        if path is None:
            return False
        try:
            attached = supply_original(project, path)
        except FormatError as exc:
            self.prompts.error(_("Cannot read the original document"), str(exc))
            return False
        if not attached:
            self.prompts.error(
                _("Cannot export"),
                _(
                    "%(file)s does not hold this project's sentences. Choose %(name)s, the "
                    "document the project was made from."
                )
                % {"file": path, "name": name},
            )
            return False
        self.session.mark_modified()
        return True

    def _export(self, write: Callable[[], object], path: Path, warning: str | None = None) -> None:
        try:
            write()
        except OSError as exc:
            self.prompts.error(_("Cannot export"), f"{path}: {os_problem(exc)}")
            return
        done = _("Exported %s") % path.name
        if warning:
            self.window.statusBar().showMessage(f"{done}. {warning}", 15000)
        else:
            self.window.statusBar().showMessage(done, 4000)

    def apply_proposed_term(self) -> None:
        """Accept the current segment's term proposal (a `term-missing` flag's span and target):
        an edit by the translator, undoable like any other."""
        row = self.window.current_row()
        if row is None:
            return
        target = target_with_proposal(self.session.project.segments[row])
        if target is None:
            self.window.statusBar().showMessage(_("No term proposal for this segment"), 3000)
            return
        self.session.edit_target(row, target)

    def reopen_last(self) -> None:
        recent = [p for p in self.settings.recent_files() if p != self.session.project.path]
        if recent:
            self.open_path(recent[0])

    def fill_recent_menu(self) -> None:
        """Fill File ▸ Open recent with the recently opened files (done each time it opens)."""
        self.window.recent_menu.clear()
        for path in self.settings.recent_files():
            action = self.window.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.window.recent_menu.setEnabled(bool(self.settings.recent_files()))

    def maybe_save(self) -> bool:
        """True when it is fine to replace or close the project (saved, discarded)."""
        self.window.commit_editor()
        if not self.session.modified:
            return True
        answer = self.prompts.save_changes()
        if answer == "save":
            return self.save(background=False)
        return answer == "discard"
