"""Draw the app icon (resources/icons/): a PNG at 1024 px (macOS .icns is made from it by
`iconutil` in the release workflow), a 256 px PNG and a Windows .ico.

    QT_QPA_PLATFORM=offscreen python tools/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPainterPath
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = size * 0.06
    box = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    gradient = QLinearGradient(box.topLeft(), box.bottomRight())
    gradient.setColorAt(0, QColor("#1e5aa8"))
    gradient.setColorAt(1, QColor("#0d3470"))
    path = QPainterPath()
    path.addRoundedRect(box, size * 0.2, size * 0.2)
    painter.fillPath(path, gradient)
    # a green underline: the "applied term" highlight of the editor
    bar = QRectF(box.left() + size * 0.2, box.bottom() - size * 0.26, size * 0.48, size * 0.06)
    painter.fillRect(bar, QColor("#7ccf86"))
    font = QFont("DejaVu Sans", 10, QFont.Weight.Bold)
    font.setPixelSize(int(size * 0.56))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    text_box = QRectF(box.left(), box.top() - size * 0.04, box.width(), box.height())
    painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, "W")
    painter.end()
    return image


def main() -> None:
    QApplication.instance() or QApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    draw(1024).save(str(OUT / "wortlaut.png"))
    draw(256).save(str(OUT / "wortlaut-256.png"))
    if not draw(256).save(str(OUT / "wortlaut.ico")):
        raise SystemExit("this Qt has no ICO writer (imageformats/qico)")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
