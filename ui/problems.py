"""The Problems dock's entries, one row per kind of problem with a count (conflicts first), each
opening to its entries: what is wrong, and where to go to deal with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStyle, QTreeWidget, QTreeWidgetItem, QWidget

# The order kinds are listed in: what the author must decide first.
SEVERITY_ORDER = ("conflict", "error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    """An entry in the Problems dock: what is wrong, and where to go to deal with it."""

    message: str
    target: Any  # what navigate_requested carries: a ProblemTarget, or a later view's own value
    severity: str = "warning"  # "conflict" | "error" | "warning" | "info"
    group: str = ""  # the kind: entries of one kind share a row ("" : a row of its own)


@dataclass(frozen=True)
class ProblemTarget:
    """A place in a loaded policy: the document, and optionally a block in it."""

    document_id: str
    block_id: str = ""


ProblemRole = Qt.ItemDataRole.UserRole


class ProblemsPanel(QTreeWidget):
    """Each provider (load warnings, conflicts, the export's accessibility check ...) replaces
    its own entries; entries of one kind are grouped under one row saying how many."""

    problem_activated = Signal(object)  # the Problem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Problems")
        self.setAccessibleDescription("One row per kind of problem. Press Enter or double-click "
                                      "to open a row, and on an entry to go to it")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self._problems: dict[str, list[Problem]] = {}
        self.itemActivated.connect(self._activated)
        self._refresh()

    def set_problems(self, provider: str, problems: list[Problem]) -> None:
        self._problems[provider] = list(problems)
        self._refresh()

    def problems(self) -> list[Problem]:
        return [p for group in self._problems.values() for p in group]

    def rows(self) -> list[str]:
        """Returns the text of each top-level row, in order (what the dock shows closed)."""
        return [self.topLevelItem(n).text(0) for n in range(self.topLevelItemCount())]

    def groups(self) -> list[tuple[str, list[Problem]]]:
        """Returns (kind, its problems) in the order shown: conflicts first."""
        by_kind: dict[tuple[int, str], list[Problem]] = {}
        for problem in self.problems():
            rank = SEVERITY_ORDER.index(problem.severity) \
                if problem.severity in SEVERITY_ORDER else len(SEVERITY_ORDER)
            by_kind.setdefault((rank, problem.group or problem.message), []).append(problem)
        return [(kind, items) for (_rank, kind), items in
                sorted(by_kind.items(), key=lambda pair: pair[0][0])]

    def _refresh(self) -> None:
        expanded = {self.topLevelItem(n).data(0, ProblemRole + 1)
                    for n in range(self.topLevelItemCount())
                    if self.topLevelItem(n).isExpanded()}
        self.clear()
        style = self.style()
        icons = {"conflict": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
                 "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                 "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
                 "info": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)}
        for kind, items in self.groups():
            icon = icons.get(items[0].severity, icons["warning"])
            if len(items) == 1 and not items[0].group:
                row = QTreeWidgetItem([items[0].message])
                row.setData(0, ProblemRole, items[0])
            else:
                row = QTreeWidgetItem([f"{kind} ({len(items)})"])
                for problem in items:
                    child = QTreeWidgetItem([problem.message])
                    child.setData(0, ProblemRole, problem)
                    child.setToolTip(0, problem.message)
                    row.addChild(child)
            row.setIcon(0, icon)
            row.setData(0, ProblemRole + 1, kind)
            row.setToolTip(0, row.text(0))
            self.addTopLevelItem(row)
            row.setExpanded(kind in expanded)
        if not self.topLevelItemCount():
            empty = QTreeWidgetItem(["No problems found."])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(empty)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        problem = item.data(0, ProblemRole)
        if isinstance(problem, Problem):
            self.problem_activated.emit(problem)
        elif item.childCount():
            item.setExpanded(not item.isExpanded())
