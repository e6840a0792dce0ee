"""Copying the source's inline tags into the target editor (Ctrl+Shift+1…9 for the n-th tag).

A paired tag goes around the selected text, or both its markers go at the cursor with the cursor
left between them; a standalone tag goes at the cursor. The markers (`<1>`, `</1>`, `<2/>`) are
what the grid shows as chips and what export turns back into the document's own codes.
"""

from __future__ import annotations

from app.document_project import source_parts
from app.formats.inline import Tag, TagKind, numbering
from app.i18n import _
from app.ui.window_commands import WindowCommands

TAG_KEYS = "Ctrl+Shift+%d"  # Edit → Insert tag n (app/ui/actions.py)


class TagCommands(WindowCommands):
    def insert_nth_tag(self, n: int) -> None:
        """Insert the source's tag numbered `n` (1-based) into the current segment's target."""
        window = self.window
        row = window.current_row()
        if row is None:
            return
        parts = source_parts(window.session.project, row) or []
        numbers = numbering(parts)
        tag = next((p for p in parts if isinstance(p, Tag) and numbers[p.id] == n), None)
        if tag is None:
            window.statusBar().showMessage(_("The source has no tag %d.") % n, 4000)
            return
        editor = window.open_editor()
        if editor is None or editor.isReadOnly():
            window.edit_current_target()
            editor = window.open_editor()
        if editor is None:
            return
        cursor = editor.textCursor()
        if tag.kind is TagKind.STANDALONE:
            cursor.insertText(f"<{n}/>")
        else:
            selected = cursor.selectedText()
            cursor.insertText(f"<{n}>{selected}</{n}>")
            if not selected:
                cursor.setPosition(cursor.position() - len(f"</{n}>"))
        editor.setTextCursor(cursor)
        editor.setFocus()
