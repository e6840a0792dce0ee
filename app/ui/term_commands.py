"""Term commands of the main window: add, edit (with the conflict loop), delete, history, import
and export. Questions go through the window's `Prompts`; the glossary service does the work."""

from __future__ import annotations

from collections.abc import Callable

from app.failures import user_message
from app.i18n import _, format_number
from app.ui.glossary_dock import GlossaryDock
from app.ui.operations import Outcome
from app.ui.window_commands import WindowCommands
from glossary.errors import os_problem
from glossary.exchange import ExportError, export_glossary
from glossary.records import ChangeRecord
from glossary.storage import ConflictError
from glossary.terms import TermEntry

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

    def add_term(self, source: str = "") -> Outcome[TermEntry] | None:
        if not self.glossary.ready:
            self.prompts.error(_("Glossary"), _("The glossary is still loading."))
            return None
        entry = self.prompts.term(TermEntry(source, ""), _("Add term"))
        if entry is None:
            return None
        return self._add(entry)

    def _add(self, entry: TermEntry) -> Outcome[TermEntry]:
        return self.glossary.add(entry).failure(self._failed(_("Cannot add term")))

    def _failed(self, title: str) -> Callable[[Exception], None]:
        """A failure callback that tells the user (the log has the details)."""

        def tell(error: Exception) -> None:
            self.prompts.error(title, user_message(error))

        return tell

    def edit_term(self, term: TermEntry) -> Outcome[TermEntry | None] | None:
        if term.id is None:  # a document-glossary term: editing it means adopting it
            entry = self.prompts.term(term, _("Add to my glossary"))
            if entry is None:
                return None
            adopted: Outcome[TermEntry | None] = Outcome()
            self._add(entry).success(adopted.resolve).failure(lambda _e: adopted.resolve(None))
            return adopted
        base = self.glossary.terms.get(term.id, term)  # immutable: the dialog cannot change it
        entry = self.prompts.term(base, _("Edit term"))
        if entry is None:
            return None
        return self.save_term(base, entry)

    def save_term(self, base: TermEntry, entry: TermEntry) -> Outcome[TermEntry | None]:
        """Save an edit in the background; when someone else saved the term meanwhile, let the
        user decide (up to CONFLICT_ROUNDS times). Settles with the saved term, or None."""
        outcome: Outcome[TermEntry | None] = Outcome()
        self._save_round(base, entry, CONFLICT_ROUNDS, outcome)
        return outcome

    def _save_round(
        self, base: TermEntry, entry: TermEntry, rounds: int, outcome: Outcome[TermEntry | None]
    ) -> None:
        def conflict(error: Exception) -> None:
            if not isinstance(error, ConflictError):
                self._failed(_("Cannot save term"))(error)
                outcome.resolve(None)
            elif error.current is None:
                self.prompts.error(_("Term deleted meanwhile"), str(error))
                self.glossary.poll()
                outcome.resolve(None)
            elif rounds <= 1:
                self.prompts.error(_("Cannot save term"), conflict_text(error))
                outcome.resolve(None)
            else:
                current = error.current
                self.last_change(current).success(
                    lambda changed_by: decide(current, entry, changed_by)
                )

        def decide(current: TermEntry, mine: TermEntry, changed_by: ChangeRecord | None) -> None:
            resolved = self.prompts.resolve_conflict(base, mine, current, changed_by)
            self.glossary.poll()  # their version comes in either way
            if resolved is None:
                outcome.resolve(None)
            else:
                self._save_round(current, resolved, rounds - 1, outcome)

        self.glossary.update(entry).success(outcome.resolve).failure(conflict)

    def last_change(self, term: TermEntry) -> Outcome[ChangeRecord | None]:
        """The latest recorded change of `term` (None if there is none or it cannot be read)."""
        latest: Outcome[ChangeRecord | None] = Outcome()
        if term.id is None:
            latest.resolve(None)
            return latest
        self.glossary.history(term.id).success(
            lambda changes: latest.resolve(changes[-1] if changes else None)
        ).failure(lambda _error: latest.resolve(None))
        return latest

    def show_history(self, term: TermEntry) -> Outcome[object] | None:
        """Show a term's history; reverting a change there saves in the background."""
        if term.id is None:
            return None
        shown: Outcome[object] = Outcome()

        def pick(changes: list[ChangeRecord]) -> None:
            change = self.prompts.history(term, changes)
            if change is None:
                shown.resolve(None)
                return
            self.glossary.revert(change.id).success(reverted).failure(
                self._failed(_("Cannot revert"))
            ).success(lambda _r: shown.resolve(None)).failure(lambda _e: shown.resolve(None))

        def reverted(_result: object) -> None:
            self.window.statusBar().showMessage(_("Reverted the change of %s") % term.source, 4000)

        def unreadable(error: Exception) -> None:
            self._failed(_("History"))(error)
            shown.resolve(None)

        self.glossary.history(term.id).success(pick).failure(unreadable)
        return shown

    def show_history_of_selected(self) -> None:
        term = self.glossary_dock.selected_term()
        if term is not None:
            self.show_history(term)

    def delete_term(self, term: TermEntry) -> Outcome[TermEntry] | None:
        if term.id is None:
            self.window.statusBar().showMessage(
                _("Terms of the document glossary are read-only; edit the file itself."), 6000
            )
            return None
        if not self.prompts.confirm_delete(term):
            return None

        def refused(error: Exception) -> None:
            if isinstance(error, ConflictError):
                self.prompts.error(_("Term changed meanwhile"), conflict_text(error))
                self.glossary.poll()
            else:
                self._failed(_("Cannot delete term"))(error)

        return self.glossary.remove(term.id, expected_version=term.version).failure(refused)

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
            count = export_glossary(self.glossary.entries, path, bom=True)
        except OSError as exc:
            self.prompts.error(_("Cannot export"), f"{path}: {os_problem(exc)}")
            return
        except ExportError as exc:
            self.prompts.error(_("Cannot export"), str(exc))
            return
        self.window.statusBar().showMessage(
            _("Exported %(n)s terms to %(file)s") % {"n": format_number(count), "file": path.name},
            4000,
        )
