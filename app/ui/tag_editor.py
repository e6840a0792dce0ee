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

import re
from collections.abc import Iterator, Sequence

from PySide6.QtCore import QEvent, QMimeData, QPoint, QUrl
from PySide6.QtGui import (
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from app.formats.inline import MARKER, Part, Tag, TagKind, numbering
from app.i18n import _
from app.ui.tag_chips import chip_resource, chip_url

__all__ = ["CHIP_MIME", "TagEditor"]

OBJECT = "\ufffc"
NUMBER = QTextFormat.Property.UserProperty + 1
KIND = QTextFormat.Property.UserProperty + 2
LABEL = QTextFormat.Property.UserProperty + 3
CHIP_MIME = "application/x-wortlaut-marked-text"  # text with markers, from one of our editors
ESCAPE = re.compile(r"<(?=/?\d)")


def marker(number: int, kind: TagKind) -> str:
    if kind is TagKind.OPEN:
        return f"<{number}>"
    if kind is TagKind.CLOSE:
        return f"</{number}>"
    return f"<{number}/>"


def _kind(match: re.Match[str]) -> TagKind:
    closing, selfclosing = match.group(1), match.group(3)
    return TagKind.CLOSE if closing else TagKind.STANDALONE if selfclosing else TagKind.OPEN


def is_chip(form: QTextFormat) -> bool:
    return form.isImageFormat() and form.hasProperty(NUMBER)


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
        self._insert_marked(cursor, text)
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
        chip.setName(chip_url(number, kind))
        chip.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignMiddle)
        chip.setProperty(NUMBER, number)
        chip.setProperty(KIND, str(kind))
        tag = self._tags.get((number, kind))
        chip.setProperty(LABEL, tag.label if tag is not None else "")
        return chip

    def _insert_marked(self, cursor: QTextCursor, text: str) -> None:
        text = text.replace(OBJECT, "")
        if not self._tags:
            cursor.insertText(text, QTextCharFormat())
            return
        position = 0
        for match in MARKER.finditer(text):
            if match.start() > 0 and text[match.start() - 1] == "<":
                continue  # `<<1>`: a literal `<1>`
            number, kind = int(match.group(2)), _kind(match)
            if (number, kind) not in self._tags:
                continue
            self._insert_text(cursor, text[position : match.start()])
            cursor.insertText(OBJECT, self._chip_format(number, kind))
            position = match.end()
        self._insert_text(cursor, text[position:])

    def _insert_text(self, cursor: QTextCursor, text: str) -> None:
        if text:
            cursor.insertText(re.sub(r"<<(?=/?\d)", "<", text), QTextCharFormat())

    def _fragments(self) -> Iterator[tuple[int, str, QTextCharFormat]]:
        """(position, text, format) of every fragment, with "\n" between paragraphs."""
        block = self.document().begin()
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

    def _chips(self) -> Iterator[tuple[int, int, TagKind]]:
        for position, text, form in self._fragments():
            if is_chip(form):
                for offset, char in enumerate(text):
                    if char == OBJECT:
                        yield (
                            position + offset,
                            int(form.property(NUMBER)),
                            TagKind(form.property(KIND)),
                        )

    def _marked(self, start: int, end: int) -> str:
        out: list[str] = []
        for position, text, form in self._fragments():
            a, b = max(start, position), min(end, position + len(text))
            if a >= b:
                continue
            piece = text[a - position : b - position]
            if is_chip(form):
                number, kind = int(form.property(NUMBER)), TagKind(form.property(KIND))
                for char in piece:
                    out.append(marker(number, kind) if char == OBJECT else self._escaped(char))
            else:
                out.append(self._escaped(piece.replace(OBJECT, "")))
        return "".join(out)

    def _escaped(self, text: str) -> str:
        return ESCAPE.sub("<<", text) if self._tags else text

    # -- Qt behaviour ---------------------------------------------------------------------------------
    def _type_as_text(self) -> None:
        """Text typed right after a chip must not inherit the chip's format."""
        cursor = self.textCursor()
        if not cursor.hasSelection() and is_chip(cursor.charFormat()):
            cursor.setCharFormat(QTextCharFormat())  # no selection: only what is typed next
            self.setTextCursor(cursor)

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """The image of a chip, drawn for this editor's font and screen."""
        if type == QTextDocument.ResourceType.ImageResource:
            image = chip_resource(name, self.font(), self.devicePixelRatioF())
            if image is not None:
                return image
        return super().loadResource(type, name)

    def createMimeDataFromSelection(self) -> QMimeData:
        cursor = self.textCursor()
        marked = self._marked(cursor.selectionStart(), cursor.selectionEnd())
        data = QMimeData()
        data.setText(marked if self._tags else cursor.selectedText().replace("\u2029", "\n"))
        if self._tags:
            data.setData(CHIP_MIME, marked.encode("utf-8"))
        return data

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText() or source.hasFormat(CHIP_MIME)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Pasted or dropped text: markers of this segment's tags become chips, nothing else
        does (no rich text)."""
        if source.hasFormat(CHIP_MIME):
            text = bytes(source.data(CHIP_MIME).data()).decode("utf-8", "replace")
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
            if probe.selectedText() == OBJECT and is_chip(form):
                number, kind = int(form.property(NUMBER)), TagKind(form.property(KIND))
                label = str(form.property(LABEL) or "")
                shown = marker(number, kind)
                return (
                    _("Tag %(marker)s: %(label)s") % {"marker": shown, "label": label}
                    if label
                    else shown
                )
        return ""
