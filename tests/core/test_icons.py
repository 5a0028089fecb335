"""The Windows icon (resources/icons/app.ico, made by tools/make_icons.py) holds every size.

With only a 256 px image Windows shrinks it for the title bar, taskbar and Explorer's lists,
and the 16 and 32 px icons come out blurred.
"""

from __future__ import annotations

import struct

from consolidator.paths import resources_dir

ICONS = resources_dir() / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def ico_entries(data: bytes) -> dict[int, bytes]:
    """Returns the .ico's images by size: {pixels: the stored PNG or bitmap}."""
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1), "not an icon file"
    entries = {}
    for n in range(count):
        width, height, _colours, _, planes, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * n)
        assert width == height and planes == 1 and bits == 32
        assert offset + length <= len(data)
        entries[width or 256] = data[offset:offset + length]
    return entries


def test_app_ico_holds_every_size_each_drawn_at_that_size():
    entries = ico_entries((ICONS / "app.ico").read_bytes())
    assert sorted(entries) == list(SIZES)
    for size, image in entries.items():
        if image.startswith(b"\x89PNG\r\n\x1a\n"):
            assert struct.unpack_from(">II", image, 16) == (size, size)
        else:  # a 32-bit bitmap: colour rows and the AND mask, so twice as high
            header, width, height, _planes, bits = struct.unpack_from("<IiiHH", image)
            assert (header, width, height, bits) == (40, size, 2 * size, 32)
            assert len(image) == 40 + size * size * 4 + (size + 31) // 32 * 4 * size
    assert entries[256].startswith(b"\x89PNG")  # as Windows expects the large one


def test_the_png_sizes_the_app_window_uses_are_there():
    for size in SIZES:
        data = (ICONS / f"app-{size}.png").read_bytes()
        assert struct.unpack_from(">II", data, 16) == (size, size)
