"""The two side-by-side panes of the Compare view: shared row geometry, painting, scrolling.

Both panes share one RowGeometry: every row has one height (the taller side's wrapped text), so
the panes stay aligned at equal scroll values. Heights start as estimates from the text length
and become exact (real QTextLayouts) for the rows that are painted or navigated to, so opening a
400-page comparison costs one cheap pass, and only visible rows are laid out and painted.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import OrderedDict
from itertools import accumulate

from PySide6.QtCore import QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from consolidator.diffing import RowKind, SpanOp
from ui import theme
from ui.compare_model import (
    MAX_INDENT,
    ComparePresentation,
    RowPresentation,
    RowShape,
    SideText,
    row_shape,
)

LEFT, RIGHT = 0, 1
_LAYOUT_CACHE = 800  # laid-out rows kept per geometry (both sides)

GUTTER_SYMBOL = {
    RowKind.CHANGED: "~",
    RowKind.INSERTED: "+",
    RowKind.DELETED: "\u2212",
    RowKind.MOVED_FROM: "\u21c5",
    RowKind.MOVED_TO: "\u21c5",
    RowKind.SPLIT: "\u00b6",
    RowKind.JOINED: "\u00b6",
}
GROUPS = (RowKind.SPLIT, RowKind.JOINED)  # a paragraph split or joined: neutral, not red/blue


def blend(a: QColor, b: QColor, amount: float) -> QColor:
    """Returns `a` moved `amount` (0..1) of the way towards `b`."""
    return QColor(round(a.red() + (b.red() - a.red()) * amount),
                  round(a.green() + (b.green() - a.green()) * amount),
                  round(a.blue() + (b.blue() - a.blue()) * amount))


def neutral_colours(palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """Returns the row tint, the mark background and the strong colour of a split or join: greys
    from the palette (neither inserted blue nor deleted orange), light or dark alike."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    return blend(base, text, 0.07), blend(base, text, 0.22), blend(base, text, 0.6)


def side_of(row: RowPresentation, side: int) -> SideText | None:
    return row.left if side == LEFT else row.right


def move_link_text(row: RowPresentation) -> str:
    """Returns the link line under a moved block: where its other end is."""
    where = row.partner_section or "the opening text"
    if row.kind is RowKind.MOVED_FROM:
        return f"\u25bc Moved to {where} \u2014 go there"
    return f"\u25b2 Moved from {where} \u2014 go there"


class RowGeometry(QObject):
    """Row heights and offsets shared by both panes; lays out each side's text on demand."""

    changed = Signal()

    def __init__(self, font: QFont, palette: QPalette, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.presentation: ComparePresentation | None = None
        self.rows: tuple[RowPresentation, ...] = ()
        self._shapes: tuple[RowShape, ...] = ()  # what each row's estimated height depends on
        self.widths = [400, 400]
        self.heights: list[int] = []
        self.offsets: list[int] = [0]
        self.exact = bytearray()
        self.find_text = ""
        self._layouts: OrderedDict[tuple[int, int], tuple[QTextLayout, float]] = OrderedDict()
        self.set_style(font, palette)

    # --- configuration ---------------------------------------------------------------------------

    def set_style(self, font: QFont, palette: QPalette) -> None:
        self.font = QFont(font)
        self.heading_font = theme.heading_font(font, 1.1)
        self.metrics = QFontMetricsF(self.font)
        self.line = math.ceil(self.metrics.lineSpacing())
        self.pad = max(2, round(self.line * 0.3))
        self.indent_step = round(self.line * 1.2)
        self.colours = theme.change_colours(palette)
        self.palette = palette
        self._formats = self._span_formats()
        self.relayout()

    def set_presentation(self, presentation: ComparePresentation | None) -> None:
        self.presentation = presentation
        self.rows = presentation.rows if presentation is not None else ()
        self._shapes = () if presentation is None else (
            presentation.shapes or tuple(map(row_shape, presentation.rows)))
        self.relayout()

    def set_width(self, side: int, width: int) -> None:
        width = max(self.line * 4, width)
        if width != self.widths[side]:
            self.widths[side] = width
            self.relayout()

    def relayout(self) -> None:
        """Estimates every row's height again (cheap) and forgets exact layouts."""
        self._layouts.clear()
        self.heights = self._estimates()
        self.exact = bytearray(len(self.rows))
        self._update_offsets()

    # --- queries ------------------------------------------------------------------------------

    @property
    def total_height(self) -> int:
        return self.offsets[-1]

    def row_at(self, y: int) -> int:
        """Returns the row at pixel `y` of the whole document (clamped to the rows)."""
        if not self.rows:
            return -1
        return max(0, min(len(self.rows) - 1, bisect_right(self.offsets, y) - 1))

    def top_of(self, row: int) -> int:
        return self.offsets[row]

    def layout(self, row: int, side: int) -> tuple[QTextLayout, float] | None:
        """Returns the laid-out text of one side of a row and its height, or None when empty."""
        side_text = side_of(self.rows[row], side)
        if side_text is None:
            return None
        key = (row, side)
        cached = self._layouts.get(key)
        if cached is not None:
            self._layouts.move_to_end(key)
            return cached
        layout = QTextLayout(side_text.text, self.heading_font if side_text.heading_level
                             else self.font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.setFormats(self._formats_for(side_text))
        indent = self.indent_step * min(side_text.indent, MAX_INDENT)
        width = max(self.line * 2, self.widths[side] - indent)
        y = 0.0
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(indent, y))
            y += line.height()
        layout.endLayout()
        self._layouts[key] = (layout, y)
        if len(self._layouts) > _LAYOUT_CACHE:
            self._layouts.popitem(last=False)
        return layout, y

    def side_height(self, row: int, side: int) -> int:
        laid = self.layout(row, side)
        if laid is None:
            return 0
        extra = self.line if self.rows[row].partner_row >= 0 else 0
        return math.ceil(laid[1]) + extra

    def ensure_exact(self, first: int, last: int) -> bool:
        """Lays out rows first..last (inclusive) exactly; returns True when a height changed."""
        changed = False
        for row in range(max(0, first), min(len(self.rows) - 1, last) + 1):
            if self.exact[row]:
                continue
            self.exact[row] = 1
            height = max(self.side_height(row, LEFT), self.side_height(row, RIGHT),
                         self.line) + 2 * self.pad
            if height != self.heights[row]:
                self.heights[row] = height
                changed = True
        if changed:
            self._update_offsets()
        return changed

    # --- internals ------------------------------------------------------------------------------

    def _update_offsets(self) -> None:
        self.offsets = [0, *accumulate(self.heights)]
        self.changed.emit()

    def _estimates(self) -> list[int]:
        """Returns every row's estimated height: its longest side's lines at the average
        character width (a heading's a quarter more), plus a line for a move's partner.
        One pass over tens of thousands of rows on the UI thread: kept to plain arithmetic."""
        per_char = self.metrics.averageCharWidth() * 1.08
        # characters per line, by side and by indent
        per_line = [[max(1.0, self.widths[side] - self.indent_step * indent) / per_char
                     for indent in range(MAX_INDENT + 1)] for side in (LEFT, RIGHT)]
        ceil, line, pad = math.ceil, self.line, 2 * self.pad
        heights = []
        for sides, extra in self._shapes:
            lines = 1
            for side, shape in enumerate(sides):
                if shape is None:
                    continue
                indent, heading, lengths = shape
                chars = per_line[side][indent]
                count = sum(max(1, ceil(n / chars)) for n in lengths) if len(lengths) > 1 \
                    else max(1, ceil(lengths[0] / chars))
                if heading:
                    count = ceil(count * 1.25)
                lines = max(lines, count + extra)
            heights.append(lines * line + pad)
        return heights

    def _span_formats(self) -> dict[SpanOp, QTextCharFormat]:
        c = self.colours
        deleted = QTextCharFormat()
        deleted.setBackground(c.deleted_bg)
        deleted.setForeground(c.deleted_fg)
        deleted.setFontStrikeOut(True)
        inserted = QTextCharFormat()
        inserted.setBackground(c.inserted_bg)
        inserted.setForeground(c.inserted_fg)
        inserted.setFontUnderline(True)
        _tint, mark_bg, mark_fg = neutral_colours(self.palette)
        mark = QTextCharFormat()
        mark.setBackground(mark_bg)
        mark.setForeground(mark_fg)
        mark.setFontWeight(QFont.Weight.Bold)
        self._mark_format = mark
        return {SpanOp.DELETE: deleted, SpanOp.INSERT: inserted}

    def _formats_for(self, side_text: SideText) -> list[QTextLayout.FormatRange]:
        out = []
        for span in side_text.spans:
            fmt = self._formats.get(span.op)
            if fmt is None or span.end <= span.start:
                continue
            rng = QTextLayout.FormatRange()
            rng.start, rng.length, rng.format = span.start, span.end - span.start, fmt
            out.append(rng)
        for at in side_text.marks:  # the pilcrow of a paragraph break: on top of the spans
            rng = QTextLayout.FormatRange()
            rng.start, rng.length, rng.format = at, 1, self._mark_format
            out.append(rng)
        return out


class ComparePaneView(QAbstractScrollArea):
    """One side of the comparison: paints the visible rows of the shared geometry."""

    row_clicked = Signal(int)
    move_link_activated = Signal(int)  # the row whose "go there" link was clicked
    key_navigation = Signal(int)  # -1 / +1: the user pressed Up / Down

    def __init__(self, geometry: RowGeometry, side: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.geometry_ = geometry
        self.side = side
        self.current_row = -1
        self.matches: dict[int, list[tuple[int, int]]] = {}  # row -> [(start, end)] on this side
        self.current_match: tuple[int, int, int] | None = None  # (row, start, end)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Base)
        self.viewport().setMouseTracking(True)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        geometry.changed.connect(self._geometry_changed)

    # --- geometry --------------------------------------------------------------------------------

    def gutter(self) -> int:
        return round(self.geometry_.line * 1.4)

    def text_width(self) -> int:
        return self.viewport().width() - self.gutter() - self.geometry_.line

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.geometry_.set_width(self.side, self.text_width())
        self._update_scroll_range()

    def _geometry_changed(self) -> None:
        self._update_scroll_range()
        self.viewport().update()

    def _update_scroll_range(self) -> None:
        bar = self.verticalScrollBar()
        page = self.viewport().height()
        bar.setRange(0, max(0, self.geometry_.total_height - page))
        bar.setPageStep(max(1, page))
        bar.setSingleStep(self.geometry_.line * 3)

    def visible_rows(self) -> tuple[int, int]:
        top = self.verticalScrollBar().value()
        g = self.geometry_
        return g.row_at(top), g.row_at(top + self.viewport().height())

    # --- painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        g = self.geometry_
        painter = QPainter(self.viewport())
        if not g.rows:
            painter.end()
            return
        for _ in range(3):  # exact heights can pull more rows into view
            first, last = self.visible_rows()
            if not g.ensure_exact(first, last):
                break
        top = self.verticalScrollBar().value()
        first, last = self.visible_rows()
        clip = event.rect()
        for row in range(first, last + 1):
            y = g.top_of(row) - top
            rect = QRect(0, y, self.viewport().width(), g.heights[row])
            if rect.intersects(clip):
                self._paint_row(painter, row, rect)
        painter.end()

    def _paint_row(self, painter: QPainter, row: int, rect: QRect) -> None:
        g = self.geometry_
        c = g.colours
        pal = self.palette()
        item = g.rows[row]
        side_text = side_of(item, self.side)
        base = pal.color(QPalette.ColorRole.Base)
        kind = item.kind
        if side_text is None and kind in GROUPS:  # a further part: its text is in the row above
            tint, _mark, strong = neutral_colours(pal)
            painter.fillRect(rect, tint)
            painter.setPen(strong)
            font = QFont(g.font)
            font.setItalic(True)
            painter.setFont(font)
            painter.drawText(QRect(self.gutter(), rect.top() + g.pad,
                                   rect.width() - self.gutter() - g.line, g.line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             item.note)
        elif side_text is None:  # the gap on the side that has nothing: hatched filler
            painter.fillRect(rect, pal.color(QPalette.ColorRole.Window))
            hatch = QColor(pal.color(QPalette.ColorRole.Mid))
            hatch.setAlpha(90)
            painter.fillRect(rect, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
        elif kind in GROUPS:
            painter.fillRect(rect, neutral_colours(pal)[0])
        elif kind is not RowKind.EQUAL:
            tint = {RowKind.CHANGED: c.deleted_bg if self.side == LEFT else c.inserted_bg,
                    RowKind.INSERTED: c.inserted_bg, RowKind.DELETED: c.deleted_bg,
                    RowKind.MOVED_FROM: c.moved_bg, RowKind.MOVED_TO: c.moved_bg}[kind]
            amount = 0.45 if kind is RowKind.CHANGED else 0.6
            painter.fillRect(rect, blend(base, tint, amount))
        if kind is not RowKind.EQUAL:
            self._paint_gutter(painter, row, rect, side_text is not None)
        if side_text is not None:
            laid = g.layout(row, self.side)
            if laid is not None:
                origin = QPointF(self.gutter(), rect.top() + g.pad)
                painter.setPen(pal.color(QPalette.ColorRole.Text))
                laid[0].draw(painter, origin, self._find_selections(row))
                if item.partner_row >= 0:
                    link_rect = self.link_rect(row, rect)
                    painter.setPen(c.moved_fg)
                    font = QFont(g.font)
                    font.setUnderline(True)
                    painter.setFont(font)
                    painter.drawText(link_rect, Qt.AlignmentFlag.AlignLeft
                                     | Qt.AlignmentFlag.AlignVCenter, move_link_text(item))
        if row == self.current_row:
            pen = QPen(pal.color(QPalette.ColorRole.Highlight))
            pen.setWidth(2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))

    def _paint_gutter(self, painter: QPainter, row: int, rect: QRect, has_text: bool) -> None:
        g = self.geometry_
        item = g.rows[row]
        c = g.colours
        fg = {RowKind.INSERTED: c.inserted_fg, RowKind.DELETED: c.deleted_fg,
              RowKind.MOVED_FROM: c.moved_fg, RowKind.MOVED_TO: c.moved_fg}.get(
                  item.kind, c.deleted_fg if self.side == LEFT else c.inserted_fg)
        if item.kind in GROUPS:
            fg = neutral_colours(self.palette())[2]
        bar = QRect(rect.left(), rect.top(), max(3, g.pad), rect.height())
        painter.fillRect(bar, fg)
        if has_text:
            painter.setPen(fg)
            font = QFont(g.font)
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(QRect(rect.left(), rect.top() + g.pad, self.gutter(), g.line),
                             Qt.AlignmentFlag.AlignCenter, GUTTER_SYMBOL[item.kind])

    def link_rect(self, row: int, rect: QRect) -> QRect:
        g = self.geometry_
        laid = g.layout(row, self.side)
        text_height = math.ceil(laid[1]) if laid is not None else 0
        width = self.viewport().width() - self.gutter() - g.line
        return QRect(self.gutter(), rect.top() + g.pad + text_height, width, g.line)

    def _find_selections(self, row: int) -> list[QTextLayout.FormatRange]:
        found = self.matches.get(row)
        if not found:
            return []
        pal = self.palette()
        out = []
        for start, end in found:
            fmt = QTextCharFormat()
            is_current = self.current_match == (row, start, end)
            fmt.setBackground(pal.color(QPalette.ColorRole.Highlight) if is_current
                              else QColor(theme.change_colours(pal).conflict_bg))
            if is_current:
                fmt.setForeground(pal.color(QPalette.ColorRole.HighlightedText))
            rng = QTextLayout.FormatRange()
            rng.start, rng.length, rng.format = start, end - start, fmt
            out.append(rng)
        return out

    # --- input ----------------------------------------------------------------------------------

    def row_at_point(self, y: int) -> int:
        return self.geometry_.row_at(self.verticalScrollBar().value() + y)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or not self.geometry_.rows:
            super().mousePressEvent(event)
            return
        pos = event.position().toPoint()
        row = self.row_at_point(pos.y())
        g = self.geometry_
        item = g.rows[row]
        if item.partner_row >= 0 and side_of(item, self.side) is not None:
            top = g.top_of(row) - self.verticalScrollBar().value()
            rect = QRect(0, top, self.viewport().width(), g.heights[row])
            if self.link_rect(row, rect).contains(pos):
                self.move_link_activated.emit(row)
                return
        self.row_clicked.emit(row)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position().toPoint()
        g = self.geometry_
        cursor = Qt.CursorShape.ArrowCursor
        if g.rows:
            row = self.row_at_point(pos.y())
            item = g.rows[row]
            if item.partner_row >= 0 and side_of(item, self.side) is not None:
                top = g.top_of(row) - self.verticalScrollBar().value()
                if self.link_rect(row, QRect(0, top, 1, g.heights[row])).contains(pos):
                    cursor = Qt.CursorShape.PointingHandCursor
        self.viewport().setCursor(cursor)
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        bar = self.verticalScrollBar()
        if key == Qt.Key.Key_Up and not event.modifiers():
            self.key_navigation.emit(-1)
        elif key == Qt.Key.Key_Down and not event.modifiers():
            self.key_navigation.emit(1)
        elif key == Qt.Key.Key_PageDown:
            bar.setValue(bar.value() + bar.pageStep())
        elif key == Qt.Key.Key_PageUp:
            bar.setValue(bar.value() - bar.pageStep())
        elif key == Qt.Key.Key_Home and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            bar.setValue(0)
        elif key == Qt.Key.Key_End and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            bar.setValue(bar.maximum())
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_row >= 0:
            if self.geometry_.rows[self.current_row].partner_row >= 0:
                self.move_link_activated.emit(self.current_row)
        else:
            super().keyPressEvent(event)

    def set_current_row(self, row: int) -> None:
        if row != self.current_row:
            self.current_row = row
            self.viewport().update()

    def row_rect_f(self, row: int) -> QRectF:
        g = self.geometry_
        return QRectF(0, g.top_of(row) - self.verticalScrollBar().value(),
                      self.viewport().width(), g.heights[row])
