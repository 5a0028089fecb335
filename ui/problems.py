"""The Problems dock's entries: what is wrong, and where to go to deal with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget


@dataclass(frozen=True)
class Problem:
    """An entry in the Problems dock: what is wrong, and where to go to deal with it."""

    message: str
    target: Any  # what navigate_requested carries: a ProblemTarget, or a later view's own value
    severity: str = "warning"  # "warning" | "conflict" | "error"


@dataclass(frozen=True)
class ProblemTarget:
    """A place in a loaded policy: the document, and optionally a block in it."""

    document_id: str
    block_id: str = ""


class ProblemsPanel(QListWidget):
    """Load warnings now, conflicts later: each provider replaces its own entries."""

    problem_activated = Signal(object)  # the Problem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Problems")
        self.setAccessibleDescription("Double-click or press Enter to go to a problem")
        self.setWordWrap(True)
        self._problems: dict[str, list[Problem]] = {}
        self.itemActivated.connect(
            lambda item: self.problem_activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self._refresh()

    def set_problems(self, provider: str, problems: list[Problem]) -> None:
        self._problems[provider] = list(problems)
        self._refresh()

    def problems(self) -> list[Problem]:
        return [p for group in self._problems.values() for p in group]

    def _refresh(self) -> None:
        self.clear()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for problem in self.problems():
            item = QListWidgetItem(icon, problem.message)
            item.setData(Qt.ItemDataRole.UserRole, problem)
            self.addItem(item)
        if not self.count():
            item = QListWidgetItem("No problems found.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)
