"""Term commands of the main window: add, edit (with the conflict loop), delete, history, import
and export. Questions go through the window's `Prompts`; the glossary service does the work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.i18n import _, format_number
from app.ui.glossary_dock import GlossaryDock
from app.ui.tasks import Task, TaskContext
from app.ui.window_commands import WindowCommands
from glossary.exchange import export_glossary
from glossary.records import ChangeRecord
from glossary.storage import ConflictError, StoreError
from glossary.terms import TermEntry

if TYPE_CHECKING:
    pass

CONFLICT_ROUNDS = 5  # someone who keeps saving the same term meanwhile: give up after this


def conflict_text(exc: ConflictError) -> str:
    current = exc.current
    if current is None:
        return str(exc)
    return f"{exc}\n\n{current.source} → {current.target}"


class TermCommands(WindowCommands):
    """What the window's glossary menu, dock buttons and shortcuts do to terms."""

    @property
    def glossary_dock(self) -> GlossaryDock:
        return self.window.glossary_dock

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
        for _attempt in range(CONFLICT_ROUNDS):
            try:
                return self.glossary.update(entry)
            except ConflictError as exc:
                if exc.current is None:
                    self.prompts.error(_("Term deleted meanwhile"), str(exc))
                    self.glossary.poll()
                    return None
                changed_by = self.last_change(exc.current)
                resolved = self.prompts.resolve_conflict(base, entry, exc.current, changed_by)
                self.glossary.poll()  # their version comes in either way
                if resolved is None:
                    return None
                base, entry = exc.current, resolved
            except StoreError as exc:
                self.prompts.error(_("Cannot save term"), str(exc))
                return None
        return None

    def last_change(self, term: TermEntry) -> ChangeRecord | None:
        """The latest recorded change of `term`, if the history can be read."""
        try:
            changes = self.glossary.history(term.id) if term.id is not None else []
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
        self.window.statusBar().showMessage(_("Reverted the change of %s") % term.source, 4000)

    def show_history_of_selected(self) -> None:
        term = self.glossary_dock.selected_term()
        if term is not None:
            self.show_history(term)

    def delete_term(self, term: TermEntry) -> None:
        if term.id is None:
            self.window.statusBar().showMessage(
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
            _("Import glossary"),
            _("Glossaries (*.csv *.tsv *.txt *.tbx *.xml *.xlsx);;All files (*)"),
        )
        if path is not None:
            self.prompts.import_glossary(self.glossary, path)

    def export_glossary(self) -> None:
        """Ask for a format and a file, then write the glossary there in a worker."""
        choice = self.prompts.export_choice()
        if choice is None:
            return
        path = self.prompts.save_path(
            _("Export glossary"), choice.file_filter, "glossary" + choice.suffix
        )
        if path is None:
            return
        entries = list(self.glossary.entries)

        def work(_ctx: TaskContext) -> int:
            return export_glossary(
                entries,
                path,
                choice.fmt,
                bom=True,
                tbx_version=choice.tbx_version,
                dialect=choice.dialect,
            )

        def done(count: int) -> None:
            self.window.statusBar().showMessage(
                _("Exported %(n)s terms to %(file)s")
                % {"n": format_number(count), "file": path.name},
                4000,
            )

        task = Task("export glossary", work)
        task.signals.succeeded.connect(done)
        task.signals.failed.connect(lambda message: self.prompts.error(_("Cannot export"), message))
        self.glossary.runner.start(task)
