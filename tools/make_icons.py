"""Renders resources/icons/app.svg to the PNG sizes and the Windows .ico the app and installer use.

    uv run python tools/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "app.svg"))
    if not renderer.isValid():
        print("app.svg is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        render(renderer, size).save(str(ICONS / f"app-{size}.png"))
    # Qt's ico writer stores one image per file; the 256 px one scales well in Explorer.
    if not render(renderer, 256).save(str(ICONS / "app.ico"), "ICO"):
        print("could not write app.ico (Qt's ico image plugin is missing)", file=sys.stderr)
        return 1
    print(f"wrote {len(SIZES)} PNGs and app.ico to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
