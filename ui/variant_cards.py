"""The cards of the Variants panel: one per wording (a source's variant, or a conflicting
clause), the words that differ from the current wording marked, in a grid as wide as the panel
(as many columns as fit, rows balanced, never a sideways scroll)."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from consolidator.diffing import SpanOp, diff_text
from ui import theme

MARKED_SHARE = 0.5  # a variant sharing less of its text with the wording is shown unmarked


def diff_html(current: str, variant: str) -> str:
    """Returns `variant` as HTML with the words that differ from `current` highlighted.

    A variant worded differently throughout (less than half of it in common with `current`,
    typically the other side of a conflict) is shown as it is, under a note saying so: marking
    every word struck out and inserted would hide it.
    """
    ops = diff_text(current, variant)
    shared = sum(op.b_end - op.b_start for op in ops if op.op is SpanOp.EQUAL)
    if variant and shared < MARKED_SHARE * len(variant):
        return f"<i>Different wording (shown as it is):</i> {html.escape(variant)}"
    colours = theme.change_colours()
    ins = (f"background-color:{colours.inserted_bg.name()};color:{colours.inserted_fg.name()};"
           "text-decoration:underline")
    dele = (f"background-color:{colours.deleted_bg.name()};color:{colours.deleted_fg.name()};"
            "text-decoration:line-through")
    out: list[str] = []
    for op in ops:
        if op.op is SpanOp.EQUAL:
            out.append(html.escape(variant[op.b_start:op.b_end]))
        elif op.op is SpanOp.INSERT:
            out.append(f"<span style='{ins}'>{html.escape(variant[op.b_start:op.b_end])}</span>")
        else:
            out.append(f"<span style='{dele}'>{html.escape(current[op.a_start:op.a_end])}</span>")
    return "".join(out)


CARD_MIN_EM = 11  # a card is at least this many ems wide (about 25 characters a line)


class VariantCard(QFrame):
    """One variant: where it comes from, its text with differences marked, and a Use button.

    The text is a word-wrapped label as tall as it needs (the grid scrolls, the card does not).
    """

    def __init__(self, heading: str, body_html: str, button_text: str, current: bool,
                 parent: QWidget | None = None, status: str = "") -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(heading + (status or (" \u2014 in use" if current else "")))
        self.setMinimumWidth(theme.em(self, CARD_MIN_EM))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        status = status or (" \u2014 in use" if current else "")
        title = QLabel(f"<b>{html.escape(heading)}</b>{html.escape(status)}")
        title.setWordWrap(True)
        self.title = title
        self.text = QLabel(body_html)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName(f"Text of {heading}")
        self.text.setAutoFillBackground(True)
        self.text.setBackgroundRole(QPalette.ColorRole.Base)
        self.text.setMargin(theme.SPACING_TIGHT)
        self.text.setMinimumHeight(theme.em(self, 3))
        self.button = QPushButton(button_text)
        self.button.setAccessibleName(f"{button_text}: {heading}")
        self.button.setEnabled(not current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACING, theme.SPACING, theme.SPACING, theme.SPACING)
        layout.addWidget(title)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)

    def add_button(self, button: QPushButton) -> None:
        self.layout().addWidget(button)


class CardGrid(QWidget):
    """The variant cards in rows as wide as the available width: as many columns as fit
    (CARD_MIN_EM each), the rows balanced (4 cards in 2 columns: 2 + 2, not 3 + 1)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(theme.SPACING)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.cards: list[QWidget] = []
        self.columns = 0
        self.available = 0

    def set_cards(self, cards: Sequence[QWidget]) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards = list(cards)
        self.columns = 0
        self._place()

    def set_available_width(self, width: int) -> None:
        self.available = width
        self._place()

    def columns_for(self, width: int, count: int) -> int:
        """Returns how many columns `count` cards get in `width` pixels."""
        if count <= 1:
            return 1
        # as wide as the widest card needs (its buttons are never squeezed and clipped)
        card = max([theme.em(self, CARD_MIN_EM)]
                   + [c.minimumSizeHint().width() for c in self.cards])
        fit = max(1, (width + self.grid.spacing()) // (card + self.grid.spacing()))
        columns = min(count, fit)
        rows = math.ceil(count / columns)
        return math.ceil(count / rows)

    def _place(self) -> None:
        columns = self.columns_for(self.available or self.width(), len(self.cards))
        if columns == self.columns and all(self.grid.indexOf(c) >= 0 for c in self.cards):
            return
        for card in self.cards:
            self.grid.removeWidget(card)
        for column in range(max(self.columns, columns, self.grid.columnCount())):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for n, card in enumerate(self.cards):
            self.grid.addWidget(card, n // columns, n % columns)
        self.columns = columns


class WidthWatcher(QObject):
    """Tells the card grid the width of the scroll area's viewport (less `margins`, the room
    the page around the grid takes) whenever it changes."""

    def __init__(self, grid: CardGrid, parent: QObject, margins: int = 0) -> None:
        super().__init__(parent)
        self.grid = grid
        self.margins = margins

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            width = watched.width() - self.margins  # type: ignore[attr-defined]
            self.grid.set_available_width(max(1, width))
        return False
