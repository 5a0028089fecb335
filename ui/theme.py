"""Spacing, colours and palette helpers: every visual constant of the app in one place.

Sizes are in device-independent pixels or font-relative (em) so the app works at 200% scaling;
colours for changes come from the Okabe-Ito colour-blind-safe set and are paired with a second
cue (strike-through, underline, an icon) wherever they are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from consolidator.paths import resources_dir, sample_policies  # noqa: F401 (re-exported)

# Spacing (logical pixels; Qt scales them with the display).
SPACING_TIGHT = 4
SPACING = 8
SPACING_WIDE = 16
MARGIN = 12
MARGIN_PAGE = 32


@dataclass(frozen=True)
class ChangeColours:
    """Background and foreground for each kind of change, readable in light or dark mode."""

    inserted_bg: QColor
    deleted_bg: QColor
    moved_bg: QColor
    conflict_bg: QColor
    inserted_fg: QColor
    deleted_fg: QColor
    moved_fg: QColor
    conflict_fg: QColor


# Okabe-Ito: blue (#0072B2) for inserted, vermillion (#D55E00) for deleted, bluish green (#009E73)
# for moved, orange (#E69F00) for conflicts.
_LIGHT = ChangeColours(
    inserted_bg=QColor("#d6eaf8"),
    deleted_bg=QColor("#fbe0cf"),
    moved_bg=QColor("#d2f0e6"),
    conflict_bg=QColor("#fdecc8"),
    inserted_fg=QColor("#005a8c"),
    deleted_fg=QColor("#a34700"),
    moved_fg=QColor("#00704f"),
    conflict_fg=QColor("#8a5d00"),
)
_DARK = ChangeColours(
    inserted_bg=QColor("#0d3a5c"),
    deleted_bg=QColor("#5c2a08"),
    moved_bg=QColor("#0b4a3a"),
    conflict_bg=QColor("#5a4205"),
    inserted_fg=QColor("#8cc8f0"),
    deleted_fg=QColor("#f5a878"),
    moved_fg=QColor("#7fdcbc"),
    conflict_fg=QColor("#f5cf7a"),
)


# A clear mark on the list, tree, table or text box that has the keyboard focus: the styles'
# own focus rectangles are faint (a dotted line round one row), easy to lose on a busy window.
FOCUS_STYLE = """
QAbstractItemView:focus, QPlainTextEdit:focus, QTextEdit:focus {
    border: 2px solid palette(highlight);
}
"""


def is_dark(palette: QPalette | None = None) -> bool:
    """Returns True when the window background is dark (system dark mode or a dark palette)."""
    if palette is None:
        app = QApplication.instance()
        palette = app.palette() if isinstance(app, QApplication) else QPalette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def change_colours(palette: QPalette | None = None) -> ChangeColours:
    """Returns the change colours that suit the current palette."""
    return _DARK if is_dark(palette) else _LIGHT


def em(widget: QWidget, count: float = 1.0) -> int:
    """Returns `count` times the height of the widget's font, in pixels (follows DPI and font)."""
    return round(QFontMetrics(widget.font()).height() * count)


def heading_font(base: QFont, scale: float = 1.6, bold: bool = True) -> QFont:
    """Returns a larger (and bold) copy of `base` for page titles."""
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * scale)
    font.setBold(bold)
    return font


def format_date(value: date | datetime) -> str:
    """Returns a date as the app writes every date: "1 December 2026" (no leading zero)."""
    return f"{value.day} {value:%B %Y}"


def muted_text_colour(palette: QPalette) -> QColor:
    """Returns the colour for secondary text: the palette's placeholder colour (theme aware)."""
    return palette.color(QPalette.ColorRole.PlaceholderText)


def warning_colour(palette: QPalette | None = None) -> QColor:
    return QColor("#f5cf7a") if is_dark(palette) else QColor("#8a5d00")


# --- Resources ----------------------------------------------------------------------------------


def app_icon() -> QIcon:
    """Returns the app icon (all sizes), or an empty icon when the files are missing."""
    icons = resources_dir() / "icons"
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = icons / f"app-{size}.png"
        if png.exists():
            icon.addFile(str(png), QSize(size, size))
    if icon.isNull() and (icons / "app.svg").exists():
        icon.addFile(str(icons / "app.svg"))
    return icon


def dark_palette() -> QPalette:
    """Returns a dark palette like Windows' dark mode (for screenshots and dark-mode checks).

    Disabled roles get dimmed colours of their own, so disabled actions look disabled.
    """
    palette = QPalette()
    active = (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#3d7ab8"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.Mid, "#555555"),
        (QPalette.ColorRole.PlaceholderText, "#9a9a9a"),
        (QPalette.ColorRole.ToolTipBase, "#353535"),
        (QPalette.ColorRole.ToolTipText, "#e6e6e6"),
        (QPalette.ColorRole.Link, "#8ab4f8"),
    )
    for role, colour in active:
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette
