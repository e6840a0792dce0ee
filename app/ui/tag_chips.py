"""Inline tags as compact numbered chips (as OmegaT and memoQ show them), drawn the same way in
the grid and in the target editor.

A chip is a small image: `1›` (pointed right) opens pair 1, `‹1` (pointed left) closes it, `1`
(rounded) is a standalone tag. The grid's rich text names it `<img src="wortlaut-chip:1-open">`
and `add_chip_images` gives the cell's document those images; the editor (`tag_editor.py`) adds
each chip's image to its document as it inserts the chip. The source column shows the tags of the document piece at their offsets in the
plain source; the target column shows the markers the translator wrote (`<1>`, `</1>`, `<2/>`) as
chips in place of the raw markers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QTextDocument,
)

from app.formats.inline import Part, Tag, TagKind, markers, numbering

CHIP_SCHEME = "wortlaut-chip"  # image names of chips: wortlaut-chip:1-open
COLOURS = {TagKind.OPEN: "#5c6bc0", TagKind.CLOSE: "#5c6bc0", TagKind.STANDALONE: "#00897b"}

# (start, end, html): the text in [start, end) is shown as `html` (start == end: inserted).
Replacement = tuple[int, int, str]


def chip_label(number: int, kind: TagKind) -> str:
    if kind is TagKind.OPEN:
        return f"{number}\u203a"
    if kind is TagKind.CLOSE:
        return f"\u2039{number}"
    return str(number)


def chip_url(number: int, kind: TagKind) -> str:
    return f"{CHIP_SCHEME}:{number}-{kind}"


def chip(number: int, kind: TagKind) -> str:
    """One chip in rich text (its image comes from `add_chip_images`)."""
    return f'<img src="{chip_url(number, kind)}" align="middle">'


def chip_image(number: int, kind: TagKind, font: QFont, ratio: float) -> QImage:
    """A chip as tall as a line of `font` (`ratio`: the screen's device pixel ratio).

    Not cached: a module-level cache of QImages outlives the QApplication and crashed the
    interpreter at exit; drawing one takes about as long as looking it up (see the test)."""
    label = chip_label(number, kind)
    small = QFont(font)
    small.setBold(True)
    small.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
    height = QFontMetricsF(font).height()
    width = QFontMetricsF(small).horizontalAdvance(label) + height * 0.7
    image = QImage(
        max(1, round(width * ratio)), max(1, round(height * ratio)), QImage.Format.Format_ARGB32
    )
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    box = QRectF(0.5, 1.5, width - 1, height - 2.5)
    tip = box.height() / 3
    path = QPainterPath()
    if kind is TagKind.OPEN:
        path.moveTo(box.left(), box.top())
        path.lineTo(box.right() - tip, box.top())
        path.lineTo(box.right(), box.center().y())
        path.lineTo(box.right() - tip, box.bottom())
        path.lineTo(box.left(), box.bottom())
        path.closeSubpath()
    elif kind is TagKind.CLOSE:
        path.moveTo(box.left() + tip, box.top())
        path.lineTo(box.right(), box.top())
        path.lineTo(box.right(), box.bottom())
        path.lineTo(box.left() + tip, box.bottom())
        path.lineTo(box.left(), box.center().y())
        path.closeSubpath()
    else:
        path.addRoundedRect(box, tip, tip)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillPath(path, QColor(COLOURS[kind]))
    painter.setPen(QColor("#ffffff"))
    painter.setFont(small)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)
    painter.end()
    return image


CHIP_NAME = re.compile(CHIP_SCHEME + r":(\d+)-(open|close|standalone)")


def add_chip_images(document: QTextDocument, text: str, font: QFont, ratio: float) -> None:
    """Give `document` the image of every chip `text` (HTML) names.

    The images are added as resources, not drawn from a `loadResource` override: PySide6
    crashed (`none_dealloc`) answering that virtual for hundreds of chips in one paint."""
    for number, kind in set(CHIP_NAME.findall(text)):
        url = QUrl(chip_url(int(number), TagKind(kind)))
        image = chip_image(int(number), TagKind(kind), font, ratio)
        document.addResource(QTextDocument.ResourceType.ImageResource, url, image)


def source_chips(parts: Sequence[Part]) -> list[Replacement]:
    """A chip for each tag of `parts`, at its offset in their plain text."""
    numbers = numbering(parts)
    out: list[Replacement] = []
    position = 0
    for part in parts:
        if isinstance(part, str):
            position += len(part)
        else:
            out.append((position, position, chip(numbers.get(part.id, 0), part.kind)))
    return out


def target_chips(target: str, source: Sequence[Part]) -> list[Replacement]:
    """A chip in place of each marker in `target` that names a tag of `source`."""
    numbers = numbering(source)
    known = {(numbers[p.id], p.kind) for p in source if isinstance(p, Tag)}
    out: list[Replacement] = []
    for found in markers(target):
        if (found.number, found.kind) in known:
            out.append((found.start, found.end, chip(found.number, found.kind)))
    return out
