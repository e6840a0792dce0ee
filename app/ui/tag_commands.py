"""Copying the source's inline tags into the target editor as chips.

Ctrl+Shift+1…9 inserts the n-th tag: a paired tag goes around the selected text, or both its
chips go at the cursor with the cursor left between them; a standalone tag goes at the cursor.
*Insert next missing tag* (F8) inserts the first source tag the target does not have yet, as
OmegaT's "Insert next missing tag" does.
"""

from __future__ import annotations

from app.document import FlagKind
from app.document_project import source_parts
from app.i18n import _
from app.ui.tag_editor import TagEditor
from app.ui.window_commands import WindowCommands

TAG_KEYS = "Ctrl+Shift+%d"  # Edit → Insert tag n (app/ui/actions.py)


class TagCommands(WindowCommands):
    def insert_nth_tag(self, n: int) -> None:
        """Insert the source's tag numbered `n` (1-based) into the current segment's target."""
        editor = self._target_editor()
        if editor is None:
            return
        if not editor.insert_tag(n):
            self.window.statusBar().showMessage(_("The source has no tag %d.") % n, 4000)
            return
        editor.setFocus()

    def insert_next_missing_tag(self) -> None:
        """Insert the first source tag the target does not hold yet."""
        editor = self._target_editor()
        if editor is None:
            return
        missing = editor.missing_tags()
        if not missing:
            message = (
                _("The target has every tag of the source.")
                if editor.has_tags
                else _("The source has no tags.")
            )
            self.window.statusBar().showMessage(message, 4000)
            return
        editor.insert_tag(missing[0])
        editor.setFocus()

    def warn_about_confirmed(self, row: int) -> None:
        """Say in the status bar when a segment was just confirmed with tag problems (the grid
        flags them too, but the translator's eyes are on the next segment by then)."""
        segment = self.window.session.project.segments[row]
        problems = [f for f in segment.flags if f.kind is FlagKind.TAG_MISMATCH]
        if problems:
            message = _("Segment %(n)d confirmed with tag problems: %(what)s") % {
                "n": row + 1,
                "what": "; ".join(f.text() for f in problems[:3]),
            }
            self.window.statusBar().showMessage(message, 10_000)

    def _target_editor(self) -> TagEditor | None:
        """The current segment's open target editor, opened if need be (None: no segment or a
        plain text project's segment without tags)."""
        window = self.window
        row = window.current_row()
        if row is None:
            return None
        if not source_parts(window.session.project, row):
            window.statusBar().showMessage(_("This segment has no tags."), 4000)
            return None
        editor = window.open_editor()
        if editor is None or editor.isReadOnly():
            window.edit_current_target()
            editor = window.open_editor()
        return editor
