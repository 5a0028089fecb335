"""FindBar: Ctrl+F in every view (Compare, Consolidate, Preview): a find field with Previous /
Next, the match count and Close (Esc). The view searches; the bar only asks and shows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QStyle, QWidget

from ui import theme


class FindBar(QWidget):
    """A find field with Previous / Next, the match count, and Close (Esc)."""

    text_changed = Signal(str)
    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()

    def __init__(self, placeholder: str = "Find", name: str = "Find",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.field = QLineEdit()
        self.field.setAccessibleName("Find text")
        self.field.setPlaceholderText(placeholder)
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self.text_changed)
        self.field.installEventFilter(self)
        style = self.style()
        self.previous_button = QPushButton("Previous")
        self.previous_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.previous_button.setAccessibleName("Previous match")
        self.previous_button.setToolTip("Previous match (Shift+Enter)")
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button = QPushButton("Next")
        self.next_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.next_button.setAccessibleName("Next match")
        self.next_button.setToolTip("Next match (Enter)")
        self.next_button.clicked.connect(self.next_requested)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Matches")
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close find")
        self.close_button.setToolTip("Close the find bar (Esc)")
        self.close_button.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, theme.SPACING_TIGHT, 0, 0)
        layout.setSpacing(theme.SPACING)
        caption = QLabel("Find:")
        caption.setBuddy(self.field)
        layout.addWidget(caption)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.count_label)
        layout.addWidget(self.close_button)

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_count(self, current: int, total: int) -> None:
        """Shows "3 of 12", "No matches", or nothing when the field is empty."""
        if not self.field.text():
            self.count_label.setText("")
        elif total == 0:
            self.count_label.setText("No matches")
        else:
            self.count_label.setText(f"{current + 1} of {total}" if current >= 0
                                     else f"{total} matches")
        self.previous_button.setEnabled(total > 0)
        self.next_button.setEnabled(total > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previous_requested.emit()
                else:
                    self.next_requested.emit()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
