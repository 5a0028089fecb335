"""SideBySide: an approved source's text beside its current text, the Compare view's panes without
its picker (for the Review view)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.compare_model import ComparePresentation
from ui.compare_panes import LEFT, RIGHT, ComparePaneView, RowGeometry


class SideBySide(QWidget):
    """Two synchronised panes over one presentation, with Previous / Next change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presentation: ComparePresentation | None = None
        self.change = -1
        self._syncing = False
        self.geometry_ = RowGeometry(self.font(), self.palette(), self)
        self.left_pane = ComparePaneView(self.geometry_, LEFT)
        self.right_pane = ComparePaneView(self.geometry_, RIGHT)
        self.left_pane.setAccessibleName("Approved text")
        self.right_pane.setAccessibleName("Current text")
        self.left_title, self.right_title = QLabel(), QLabel()
        for label in (self.left_title, self.right_title):
            label.setFont(theme.heading_font(self.font(), 1.0))
            label.setWordWrap(True)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setAccessibleName("What this comparison shows")
        self.previous_button = QPushButton("Previous change")
        self.next_button = QPushButton("Next change")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        for one, other in ((self.left_pane, self.right_pane), (self.right_pane, self.left_pane)):
            one.verticalScrollBar().valueChanged.connect(
                lambda value, o=other: self._sync(o, value))
        nav = QHBoxLayout()
        nav.addWidget(self.header, 1)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.next_button)
        titles = QHBoxLayout()
        titles.addWidget(self.left_title, 1)
        titles.addWidget(self.right_title, 1)
        panes = QHBoxLayout()
        panes.setSpacing(theme.SPACING_TIGHT)
        panes.addWidget(self.left_pane, 1)
        panes.addWidget(self.right_pane, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(nav)
        layout.addLayout(titles)
        layout.addLayout(panes, 1)
        self.show_message("Choose a changed policy to see its approved and current text.")

    def show_presentation(self, presentation: ComparePresentation, left: str, right: str,
                          header: str) -> None:
        """Shows a comparison: `left` and `right` title the panes, `header` sums it up."""
        self.presentation = presentation
        self.geometry_.set_presentation(presentation)
        self.left_title.setText(left)
        self.right_title.setText(right)
        self.header.setText(header)
        self.change = 0 if presentation.changes else -1
        self.left_pane.verticalScrollBar().setValue(0)
        self._update_buttons()
        self._show_change()

    def show_message(self, text: str) -> None:
        """Empties the panes and says why."""
        self.presentation = None
        self.geometry_.set_presentation(None)
        self.left_title.setText("")
        self.right_title.setText("")
        self.header.setText(text)
        self._update_buttons()

    def step(self, direction: int) -> None:
        """Goes to the next (1) or previous (-1) change, round from the last to the first."""
        changes = self.presentation.changes if self.presentation else ()
        if not changes:
            return
        self.change = (self.change + direction) % len(changes)
        self._show_change()

    def _show_change(self) -> None:
        """Marks the current change in both panes and scrolls it a quarter down the page."""
        changes = self.presentation.changes if self.presentation else ()
        if not 0 <= self.change < len(changes):
            return
        row = changes[self.change].first_row
        for pane in (self.left_pane, self.right_pane):
            pane.set_current_row(row)
        geometry = self.geometry_
        geometry.ensure_exact(row - 40, row + 40)
        page = self.left_pane.viewport().height()
        self.left_pane.verticalScrollBar().setValue(max(0, geometry.top_of(row) - page // 4))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Keeps the current change in view when the panes' widths change its position."""
        super().resizeEvent(event)
        QTimer.singleShot(0, self._show_change)

    def _update_buttons(self) -> None:
        several = self.presentation is not None and len(self.presentation.changes) > 1
        self.previous_button.setEnabled(several)
        self.next_button.setEnabled(several)

    def _sync(self, other: ComparePaneView, value: int) -> None:
        if self._syncing:
            return  # the other pane is already following (re-entrant event dropped)
        self._syncing = True
        try:
            other.verticalScrollBar().setValue(value)
        finally:
            self._syncing = False

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_F7,):
            self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            return
        super().keyPressEvent(event)
