"""The grid's cell painter and editors: source and target cells as highlighted rich text, the
target edited (and the source viewed) in a `TagEditor` that shows inline tags as chips."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.i18n import _
from app.ui.segment_table import HTML_ROLE, MARKED_ROLE, TAGS_ROLE, SegmentTableModel
from app.ui.tag_chips import ChipDocument
from app.ui.tag_editor import TagEditor

Index = QModelIndex | QPersistentModelIndex


class SegmentDelegate(QStyledItemDelegate):
    """Paints source/target cells as highlighted rich text; edits targets in a multi-line editor
    with tag chips (the source opens in the same editor, read-only, to select and copy from)."""

    PADDING = 4

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        widget = option.widget
        document = ChipDocument(widget.devicePixelRatioF() if widget is not None else 1.0)
        document.setDefaultFont(option.font)
        document.setDocumentMargin(self.PADDING)
        document.setHtml(index.data(HTML_ROLE) or "")
        document.setTextWidth(max(40, option.rect.width()))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(HTML_ROLE) is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text_option = QStyleOptionViewItem(option)
        text_option.text = ""
        style.drawControl(
            QStyle.ControlElement.CE_ItemViewItem, text_option, painter, option.widget
        )
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if index.data(HTML_ROLE) is None:
            return super().sizeHint(option, index)
        view = option.widget
        width = view.columnWidth(index.column()) if isinstance(view, QTableView) else 300
        option = QStyleOptionViewItem(option)
        option.rect.setWidth(width)
        document = self._document(option, index)
        return QSize(width, int(document.size().height()) + 2)

    EDITOR_MIN_HEIGHT = 60

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = TagEditor(parent)
        editor.setTabChangesFocus(True)
        editor.setFrameShape(QFrame.Shape.NoFrame)
        editor.document().setDocumentMargin(self.PADDING)
        if index.column() == SegmentTableModel.SOURCE:
            editor.setReadOnly(True)
            editor.setAccessibleName(_("Source text"))
        else:
            editor.setAccessibleName(_("Target text editor"))
        row = index.row()
        editor.textChanged.connect(lambda: self._fit_row_to_editor(editor, row))
        editor.destroyed.connect(lambda: self._fit_row_to_content(row))
        return editor

    def _fit_row_to_editor(self, editor: TagEditor, row: int) -> None:
        """While editing, the row grows with the text: the editor never covers the next row."""
        view = self.parent()
        if not isinstance(view, QTableView):
            return
        document = editor.document()
        document.setTextWidth(editor.viewport().width())
        needed = int(document.size().height()) + 2 * self.PADDING
        wanted = max(self.EDITOR_MIN_HEIGHT, needed)
        if view.rowHeight(row) < wanted:
            view.setRowHeight(row, wanted)

    def _fit_row_to_content(self, row: int) -> None:
        view = self.parent()
        if isinstance(view, QTableView) and row < view.model().rowCount():
            view.resizeRowToContents(row)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, TagEditor)
        editor.set_tags(index.data(TAGS_ROLE))
        editor.set_marked_text(index.data(MARKED_ROLE) or "")
        editor.moveCursor(editor.textCursor().MoveOperation.End)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, TagEditor)
        if index.column() == SegmentTableModel.TARGET:
            model.setData(index, editor.marked_text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        editor.setGeometry(option.rect)  # the row was grown to fit (see _fit_row_to_editor)
