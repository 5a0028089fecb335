"""Where the main window goes: about 85% of the available screen on first start, and a
remembered geometry brought back onto the screen it is shown on (a smaller screen, another
scaling, a monitor unplugged since)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

FIRST_SHARE = 0.85  # of the available screen (without the taskbar) on first start


def first_geometry(available: QRect, share: float = FIRST_SHARE) -> QRect:
    """Returns the window's first geometry: `share` of the available area, centred on it."""
    size = QSize(round(available.width() * share), round(available.height() * share))
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    return rect


def fitted_geometry(current: QRect, available: QRect, frame: QSize = QSize(0, 0)) -> QRect:  # noqa: B008
    """Returns `current` shrunk to fit `available` (leaving room for a window frame of `frame`
    pixels more each way) and moved fully onto it."""
    width = min(current.width(), available.width() - frame.width())
    height = min(current.height(), available.height() - frame.height())
    rect = QRect(current.x(), current.y(), max(1, width), max(1, height))
    right = available.right() - frame.width()
    bottom = available.bottom() - frame.height()
    rect.moveLeft(max(available.left(), min(rect.left(), right - rect.width() + 1)))
    rect.moveTop(max(available.top(), min(rect.top(), bottom - rect.height() + 1)))
    return rect


def fits(size: QSize, available: QRect) -> bool:
    """Returns True when a window of `size` fits in the available area."""
    return size.width() <= available.width() and size.height() <= available.height()
