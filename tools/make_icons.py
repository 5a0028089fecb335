"""Renders resources/icons/app.svg to the PNG sizes and the Windows .ico (all sizes) the app uses.

    uv run python tools/make_icons.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
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


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image: QImage) -> bytes:
    """Returns the image as an icon's 32-bit BGRA bitmap: header, colour rows, then AND mask.

    Rows are bottom-up; the header's height counts both halves (colours and mask); the mask
    marks the fully transparent pixels, for programs that ignore the alpha channel.
    """
    size = image.width()
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)  # the same bytes on any CPU
    stride = rgba.bytesPerLine()
    raw = bytes(rgba.constBits())[: stride * size]
    rows = [bytearray(raw[y * stride: y * stride + size * 4]) for y in range(size)]
    mask_stride = (size + 31) // 32 * 4
    colours, mask = bytearray(), bytearray()
    for row in reversed(rows):
        row[0::4], row[2::4] = row[2::4], row[0::4]  # RGBA -> BGRA
        colours += row
        bits = bytearray(mask_stride)
        for x in range(size):
            if row[x * 4 + 3] == 0:
                bits[x // 8] |= 0x80 >> (x % 8)
        mask += bits
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0,
                         len(colours) + len(mask), 0, 0, 0, 0)
    return header + bytes(colours) + bytes(mask)


def ico_bytes(images: dict[int, QImage]) -> bytes:
    """Returns a Windows .ico holding every size: PNG for 256 px, bitmaps below (as Windows'
    own icons are), so Explorer, the taskbar and the title bar each find an exact size."""
    sizes = sorted(images)
    payloads = [png_bytes(images[s]) if s >= 256 else dib_bytes(images[s]) for s in sizes]
    offset = 6 + 16 * len(sizes)
    directory = struct.pack("<HHH", 0, 1, len(sizes))
    for size, payload in zip(sizes, payloads, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(payload), offset)
        offset += len(payload)
    return directory + b"".join(payloads)


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "app.svg"))
    if not renderer.isValid():
        print("app.svg is not a valid SVG", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in SIZES}
    for size, image in images.items():
        image.save(str(ICONS / f"app-{size}.png"))
    # Each size drawn from the SVG (Qt's own ico writer would store only one image, which
    # Windows then scales down blurrily for the 16 and 32 px icons).
    (ICONS / "app.ico").write_bytes(ico_bytes(images))
    print(f"wrote {len(SIZES)} PNGs and app.ico ({', '.join(map(str, SIZES))} px) to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
