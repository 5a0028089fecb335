"""ChangeOverviewStrip: a thin bar beside the panes with a mark for every change; click to jump."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import theme
from ui.compare_model import ChangeKind
from ui.compare_panes import RowGeometry, neutral_colours


def change_colour(kind: ChangeKind, palette: QPalette) -> QColor:
    """Returns the strong colour of a change kind (the text colour of its highlight)."""
    c = theme.change_colours(palette)
    if kind in (ChangeKind.SPLIT, ChangeKind.JOINED):  # neutral: no text was added or removed
        return neutral_colours(palette)[2]
    return {ChangeKind.INSERTED: c.inserted_fg, ChangeKind.DELETED: c.deleted_fg,
            ChangeKind.MOVED: c.moved_fg, ChangeKind.CHANGED: c.conflict_fg,
            ChangeKind.CHANGED_MOVED: c.moved_fg}[kind]


class ChangeOverviewStrip(QWidget):
    """Marks where the changes are in the whole comparison and where the panes are showing."""

    row_requested = Signal(int)  # the row under the click

    def __init__(self, geometry: RowGeometry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.geometry_ = geometry
        self.visible_span = (0, 0)  # pixels of the whole comparison the panes show
        self.setAccessibleName("Change overview")
        self.setAccessibleDescription("A mark for every change; click one to go to it")
        self.setToolTip("Where the changes are. Click to go there.")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        geometry.changed.connect(self.update)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(theme.em(self, 0.9), theme.em(self, 4))

    def set_visible_span(self, top: int, height: int) -> None:
        self.visible_span = (top, height)
        self.update()

    def _scale(self) -> float:
        total = self.geometry_.total_height
        return (self.height() - 2) / total if total > 0 else 0.0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Window))
        g = self.geometry_
        presentation = g.presentation
        scale = self._scale()
        if presentation is not None and scale > 0:
            width = self.width()
            for change in presentation.changes:
                y = round(g.top_of(change.first_row) * scale) + 1
                bottom = round(g.top_of(change.end_row) * scale) + 1
                painter.fillRect(QRect(2, y, width - 4, max(3, bottom - y)),
                                 change_colour(change.kind, pal))
            top, height = self.visible_span
            pen = QPen(pal.color(QPalette.ColorRole.WindowText))
            pen.setWidth(1)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRect(0, round(top * scale), width - 1,
                                   max(4, round(height * scale))))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        scale = self._scale()
        if event.button() == Qt.MouseButton.LeftButton and scale > 0:
            self.row_requested.emit(self.geometry_.row_at(round((event.position().y() - 1)
                                                                / scale)))
