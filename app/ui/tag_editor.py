"""The segment editor: text with the document's inline tags as chips that typing cannot damage.

Each tag is one character in the editor's document (U+FFFC, Qt's object character) carrying a
chip format, drawn as a small numbered shape: `1›` opens pair 1, `‹1` closes it, `1` is a
standalone tag (as OmegaT and memoQ show them). Typing goes around a chip; Backspace and Delete
remove it whole; selecting it and dragging, or cutting and pasting, moves it. Copying writes the
selection with markers (`<1>`, `</1>`, `<2/>`, `app/formats/inline.py`), so chips copied from the
source viewer or another segment paste as chips again, and a target with markers is what the
project stores. A `<` the translator types before a digit is stored escaped (`<<`), so text can
never turn into a tag.

Without source tags (a plain text project) the editor is a plain text editor: no chips, no
escaping.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from app.formats.inline import (
    Part,
    Tag,
    TagKind,
    escape_literal,
    marker,
    markers,
    numbering,
    unescape_literal,
)
from app.i18n import _
from app.ui.tag_chips import CHIP_NAME, CHIP_SCHEME, chip_image, chip_url

__all__ = ["TagEditor"]

OBJECT = "\ufffc"
LABEL = QTextFormat.Property.UserProperty + 1


def chip_of(form: QTextFormat) -> tuple[int, TagKind] | None:
    """The (number, kind) of a chip's format (None: not a chip). Read from the image's name,
    so chips in HTML a Qt editor wrote (drag and drop, the context menu's Copy) count too."""
    if not form.isImageFormat():
        return None
    found = CHIP_NAME.fullmatch(form.toImageFormat().name())
    return (int(found.group(1)), TagKind(found.group(2))) if found else None


def fragments(document: QTextDocument) -> Iterator[tuple[int, str, QTextCharFormat]]:
    """(position, text, format) of every fragment, with "\n" between paragraphs."""
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            yield fragment.position(), fragment.text(), fragment.charFormat()
            iterator += 1
        following = block.next()
        if following.isValid():
            yield block.position() + block.length() - 1, "\n", QTextCharFormat()
        block = following


def marked(document: QTextDocument, start: int, end: int, escape: bool) -> str:
    """The text in [start, end) with chips as markers (`escape`: `<` before a digit as `<<`)."""

    def escaped(text: str) -> str:
        return escape_literal(text) if escape else text

    out: list[str] = []
    for position, text, form in fragments(document):
        a, b = max(start, position), min(end, position + len(text))
        if a >= b:
            continue
        piece = text[a - position : b - position]
        tag = chip_of(form)
        if tag is not None:
            out += [marker(*tag) if char == OBJECT else escaped(char) for char in piece]
        else:
            out.append(escaped(piece.replace(OBJECT, "")))
    return "".join(out)


class TagEditor(QTextEdit):
    """A segment's text with its tags as chips; see the module doc.

    `set_tags(parts)` names the tags the text may hold (a segment's source parts), then
    `set_marked_text` / `marked_text` read and write text with markers."""

    PASSED_THROUGH = ("Ctrl+Return", "Ctrl+Enter", "Ctrl+Up", "Ctrl+Down", "Ctrl+T")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self._tags: dict[tuple[int, TagKind], Tag] = {}
        self.cursorPositionChanged.connect(self._type_as_text)

    # -- tags and marked text ---------------------------------------------------------------------
    @property
    def has_tags(self) -> bool:
        return bool(self._tags)

    def set_tags(self, source: Sequence[Part] | None) -> None:
        """The tags of the segment's source: their markers become chips, other markers stay text."""
        self._tags = {}
        if source:
            numbers = numbering(source)
            for part in source:
                if isinstance(part, Tag):
                    self._tags[(numbers[part.id], part.kind)] = part

    def set_marked_text(self, text: str) -> None:
        """Replace the content with `text`, its markers for known tags shown as chips."""
        self.clear()
        self.setCurrentCharFormat(QTextCharFormat())
        cursor = self.textCursor()
        cursor.beginEditBlock()  # one change signal, not one per chip (the row refits on each)
        self._insert_marked(cursor, text)
        cursor.endEditBlock()
        cursor.setCharFormat(QTextCharFormat())
        self.document().clearUndoRedoStacks()
        self.setTextCursor(cursor)

    def marked_text(self) -> str:
        """The content with each chip as its marker (and `<` before a digit escaped as `<<`)."""
        return self._marked(0, self.document().characterCount() - 1)

    def plain_text(self) -> str:
        """The content without its tags: what a reader of the translation sees."""
        return self.toPlainText().replace(OBJECT, "")

    def selected_plain_text(self) -> str:
        """The selection without tags, paragraph breaks as spaces."""
        return self.textCursor().selectedText().replace(OBJECT, "").replace("\u2029", " ")

    def tag_numbers(self) -> list[tuple[int, TagKind]]:
        """The chips in the editor, in order."""
        return [(number, kind) for _position, number, kind in self._chips()]

    def insert_tag(self, number: int) -> bool:
        """Insert the source's tag `number`: a pair around the selection (both ends at the cursor,
        the cursor between them, when nothing is selected), a standalone tag at the cursor.
        False when the source has no such tag."""
        cursor = self.textCursor()
        if (number, TagKind.STANDALONE) in self._tags:
            cursor.insertText(OBJECT, self._chip_format(number, TagKind.STANDALONE))
        elif (number, TagKind.OPEN) in self._tags and (number, TagKind.CLOSE) in self._tags:
            start, end = cursor.selectionStart(), cursor.selectionEnd()
            cursor.beginEditBlock()
            cursor.setPosition(end)
            cursor.insertText(OBJECT, self._chip_format(number, TagKind.CLOSE))
            cursor.setPosition(start)
            cursor.insertText(OBJECT, self._chip_format(number, TagKind.OPEN))
            cursor.endEditBlock()
            if start == end:
                cursor.setPosition(start + 1)
            else:
                cursor.setPosition(end + 2)
        else:
            return False
        cursor.setCharFormat(QTextCharFormat())
        self.setTextCursor(cursor)
        return True

    def missing_tags(self) -> list[int]:
        """Numbers of source tags (a pair once) not yet in the editor, in source order."""
        present = set(self.tag_numbers())
        missing: list[int] = []
        for number, kind in self._tags:
            if kind is TagKind.CLOSE:
                continue
            closing = (number, TagKind.CLOSE)
            if (number, kind) not in present or (
                kind is TagKind.OPEN and closing in self._tags and closing not in present
            ):
                missing.append(number)
        return sorted(set(missing))

    # -- conversions --------------------------------------------------------------------------------
    def _chip_format(self, number: int, kind: TagKind) -> QTextCharFormat:
        chip = QTextImageFormat()
        url = chip_url(number, kind)
        chip.setName(url)
        image = chip_image(number, kind, self.font(), self.devicePixelRatioF())
        self.document().addResource(QTextDocument.ResourceType.ImageResource, QUrl(url), image)
        chip.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignMiddle)
        tag = self._tags.get((number, kind))
        chip.setProperty(LABEL, tag.label if tag is not None else "")
        return chip

    def _insert_marked(self, cursor: QTextCursor, text: str) -> None:
        text = text.replace(OBJECT, "")
        if not self._tags:
            cursor.insertText(text, QTextCharFormat())
            return
        position = 0
        for found in markers(text):
            if (found.number, found.kind) not in self._tags:
                continue
            self._insert_text(cursor, text[position : found.start])
            cursor.insertText(OBJECT, self._chip_format(found.number, found.kind))
            position = found.end
        self._insert_text(cursor, text[position:])

    def _insert_text(self, cursor: QTextCursor, text: str) -> None:
        if text:
            cursor.insertText(unescape_literal(text), QTextCharFormat())

    def _chips(self) -> Iterator[tuple[int, int, TagKind]]:
        for position, text, form in fragments(self.document()):
            tag = chip_of(form)
            if tag is not None:
                for offset, char in enumerate(text):
                    if char == OBJECT:
                        yield position + offset, *tag

    def _marked(self, start: int, end: int) -> str:
        return marked(self.document(), start, end, escape=self.has_tags)

    # -- Qt behaviour ---------------------------------------------------------------------------------
    def _type_as_text(self) -> None:
        """Text typed right after a chip must not inherit the chip's format."""
        cursor = self.textCursor()
        if not cursor.hasSelection() and chip_of(cursor.charFormat()) is not None:
            cursor.setCharFormat(QTextCharFormat())  # no selection: only what is typed next
            self.setTextCursor(cursor)

    def copy(self) -> None:
        """Copy the selection with its chips as markers, as plain text: pasted into a segment
        with the same tags they are chips again, and other programs read `<1>bold</1>`.

        (Plain text on purpose: a QMimeData made in Python and given to the clipboard crashes
        PySide6 at exit.)"""
        cursor = self.textCursor()
        if cursor.hasSelection():
            text = self._marked(cursor.selectionStart(), cursor.selectionEnd())
            QGuiApplication.clipboard().setText(text)

    def cut(self) -> None:
        if self.isReadOnly() or not self.textCursor().hasSelection():
            self.copy()
            return
        self.copy()
        self.textCursor().removeSelectedText()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+C and Ctrl+X write markers (Qt's own copy would write U+FFFC and HTML). Typing
        over a selection, Delete/Backspace on one, and deleting a word (Ctrl+Backspace,
        Ctrl+Delete) leave the chips at the selection's edges alone: a double-clicked word
        inside a pair takes both chips with it in Qt, and the formatting would be lost."""
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        if event.matches(QKeySequence.StandardKey.Cut):
            self.cut()
            return
        word_deletion = {
            QKeySequence.StandardKey.DeleteStartOfWord: QTextCursor.MoveOperation.PreviousWord,
            QKeySequence.StandardKey.DeleteEndOfWord: QTextCursor.MoveOperation.NextWord,
        }
        for key, move in word_deletion.items():
            if event.matches(key) and not self.isReadOnly() and self.has_tags:
                self._delete_word(move)
                return
        replaces = bool(event.text()) and (event.text().isprintable() or event.text() in "\b\x7f")
        deletes = event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
        if (replaces or deletes) and self.has_tags and self.textCursor().hasSelection():
            self.setTextCursor(self._without_edge_chips(self.textCursor()))
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double-click selects the word, not the chips around it."""
        super().mouseDoubleClickEvent(event)
        if self.has_tags:
            self.setTextCursor(self._without_edge_chips(self.textCursor()))

    def _without_edge_chips(self, cursor: QTextCursor) -> QTextCursor:
        """The selection less the chips at its ends, unless it holds nothing but chips (then the
        translator means the chips)."""
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        chips = {position for position, *_tag in self._chips()}
        a, b = start, end
        while a < b and a in chips:
            a += 1
        while b > a and b - 1 in chips:
            b -= 1
        if a == b:
            return cursor
        trimmed = QTextCursor(cursor)
        backwards = cursor.position() < cursor.anchor()
        trimmed.setPosition(b if backwards else a)
        trimmed.setPosition(a if backwards else b, QTextCursor.MoveMode.KeepAnchor)
        return trimmed

    def _delete_word(self, move: QTextCursor.MoveOperation) -> None:
        """Delete the word before/after the cursor, but not the chips in its way: deleting a
        word is about words (a selection of only chips is deleted: the translator means them)."""
        cursor = self.textCursor()
        every_chip = {position for position, *_tag in self._chips()}
        if cursor.hasSelection():
            start, end = cursor.selectionStart(), cursor.selectionEnd()
            if all(p in every_chip for p in range(start, end)):
                cursor.removeSelectedText()  # a selection of only chips: the translator means them
                self.setTextCursor(cursor)
                return
        else:  # Qt counts a chip as a word: step on until a word of text is in the selection
            while True:
                before = cursor.position()
                cursor.movePosition(move, QTextCursor.MoveMode.KeepAnchor)
                start, end = cursor.selectionStart(), cursor.selectionEnd()
                if cursor.position() == before or any(
                    p not in every_chip for p in range(start, end)
                ):
                    break
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        chips = {p for p in every_chip if start <= p < end}
        if len(chips) == end - start:
            return  # only chips up to the edge of the text: nothing to delete
        first = min(p for p in range(start, end) if p not in chips)
        cursor.beginEditBlock()
        for position in range(end - 1, start - 1, -1):  # backwards: positions stay valid
            if position not in chips:
                cursor.setPosition(position)
                cursor.deleteChar()
        cursor.endEditBlock()
        cursor.setPosition(first)  # where the word was, between the chips it stood between
        self.setTextCursor(cursor)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText() or source.hasHtml()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Pasted or dropped text: markers of this segment's tags become chips, nothing else
        does (no rich text)."""
        if source.hasHtml() and CHIP_SCHEME in source.html():
            text = self._marked_from_html(source.html())  # dragged, or Qt's context-menu copy
        elif source.hasText():
            text = source.text()
        else:
            return
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        self._insert_marked(cursor, text)
        cursor.setCharFormat(QTextCharFormat())
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _marked_from_html(self, html: str) -> str:
        """Text with markers from HTML a Qt text editor wrote: its chips are named images."""
        document = QTextDocument()
        document.setHtml(html)
        return marked(document, 0, document.characterCount() - 1, escape=self.has_tags)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = QKeySequence(event.keyCombination()).toString()
            if combo in self.PASSED_THROUGH or combo.startswith("Alt+"):
                event.ignore()
                return False
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.chip_tip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
                return True
        return super().event(event)

    def chip_tip_at(self, point: QPoint) -> str:
        """What the chip under the mouse stands for: its marker and the format's name."""
        cursor = self.cursorForPosition(point)
        for position in (cursor.position() - 1, cursor.position()):
            probe = QTextCursor(self.document())
            if not 0 <= position < self.document().characterCount() - 1:
                continue
            probe.setPosition(position)
            probe.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            form = probe.charFormat()
            tag = chip_of(form)
            if probe.selectedText() == OBJECT and tag is not None:
                number, kind = tag
                label = str(form.property(LABEL) or "")
                shown = marker(number, kind)
                return (
                    _("Tag %(marker)s: %(label)s") % {"marker": shown, "label": label}
                    if label
                    else shown
                )
        return ""
