"""ReviewsDue: the welcome page's way into a review, and the Digital Policies due for one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from consolidator.writers.appendices import format_date
from ui import theme

DUE_WITHIN_DAYS = 30  # a review is shown as due this many days before its date


def due_text(title: str, version: str, next_review: date, today: date) -> str | None:
    """Returns the line for a policy whose review is due within 30 days or past, else None."""
    days = (next_review - today).days
    name = f"{title} {version}".strip()
    if days < 0:
        return f"{name}: review overdue since {format_date(next_review)}"
    if days == 0:
        return f"{name}: review due today"
    if days <= DUE_WITHIN_DAYS:
        return f"{name}: review due {format_date(next_review)} (in {days} " \
               f"day{'s' if days != 1 else ''})"
    return None


class ReviewsDue(QWidget):
    """"Start review..." and the reviews due soon (each opens that policy's review)."""

    review_requested = Signal()
    policy_requested = Signal(str)  # the path of a Digital Policy whose review is due

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QCommandLinkButton(
            "Start review...", "Open an approved Digital Policy to see what changed in its "
            "policies since, and draft its next version.")
        self.button.setAccessibleName("Start review")
        self.button.clicked.connect(self.review_requested)
        self.title = QLabel("Reviews due")
        self.title.setFont(theme.heading_font(self.font(), 1.15))
        self.list = QListWidget()
        self.list.setAccessibleName("Reviews due")
        self.list.setAccessibleDescription("Double-click or press Enter to start the review")
        self.list.setMaximumHeight(theme.em(self, 6))
        self.list.itemActivated.connect(
            lambda item: self.policy_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.set_policies([], date.today())

    def set_policies(self, policies: list[dict[str, str]], today: date) -> int:
        """Lists the remembered policies whose review is due; returns how many are listed."""
        self.list.clear()
        for policy in policies:
            try:
                when = date.fromisoformat(policy.get("next_review", ""))
            except ValueError:
                continue
            text = due_text(policy.get("title", "") or Path(policy["path"]).stem,
                            policy.get("version", ""), when, today)
            if text is None:
                continue
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, policy["path"])
            item.setToolTip(policy["path"])
            self.list.addItem(item)
        shown = self.list.count()
        self.title.setVisible(bool(shown))
        self.list.setVisible(bool(shown))
        return shown
