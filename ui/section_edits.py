"""Section edits in the Consolidate view: Add section, Split section here, Merge into previous.

Each is one undo step of plan decisions (ADD_SECTION + REORDER, SPLIT, MERGE_SECTION) pushed
through `ConsolidateView.apply_decisions`; the outline follows the plan. The actions sit in the
outline's context menu and in the Edit menu. Each is about the item selected when it is asked
for and is worked out against the outline of the newest plan (`ConsolidateView.when_shown`):
while a large plan is being prepared, it runs once that plan is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QAction

from consolidator.consolidation.plan import (
    NEW_SECTION_TITLE,
    OUTLINE,
    Decision,
    DecisionKind,
    new_section_id,
    split_section_id,
)


class SectionEdits(QObject):
    """The three section actions of a ConsolidateView (see the module docstring)."""

    def __init__(self, view, window=None) -> None:
        super().__init__(view)
        self.view = view
        self.model = view.outline_model
        outline = view.outline
        self.add_action = QAction("Add section", outline)
        self.add_action.setToolTip("Add a new section after the selected one")
        self.add_action.triggered.connect(self.add_section)
        self.split_action = QAction("Split section here", outline)
        self.split_action.setToolTip(
            "Start a new section at the selected clause: it and the clauses after it move there")
        self.split_action.triggered.connect(self.split_here)
        self.merge_action = QAction("Merge into previous section", outline)
        self.merge_action.setToolTip(
            "Move the selected section's clauses and sub-sections into the section before it")
        self.merge_action.triggered.connect(self.merge_into_previous)
        self.actions = (self.add_action, self.split_action, self.merge_action)
        outline.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in self.actions:
            outline.addAction(action)
        if window is not None:
            menu = next((a.menu() for a in window.menuBar().actions()
                         if a.menu() is not None and a.text().replace("&", "") == "Edit"), None)
            if menu is not None:
                menu.addSeparator()
                menu.addActions(list(self.actions))
        outline.selectionModel().currentChanged.connect(lambda *_: self.update_actions())
        self.model.modelReset.connect(self.update_actions)
        view.store.plan_pending.connect(self.update_actions)
        self.update_actions()

    # --- state ------------------------------------------------------------------------------
    def _current(self) -> QModelIndex:
        index = self.view.outline.currentIndex()
        return index.siblingAtColumn(0) if index.isValid() else index

    def _section_index(self, index: QModelIndex) -> QModelIndex:
        return index.parent() if self.model.item_kind(index) == "clause" else index

    def _children(self, parent: QModelIndex) -> list[QModelIndex]:
        return [self.model.index(row, 0, parent) for row in range(self.model.rowCount(parent))]

    def _previous_section(self, section: QModelIndex) -> str:
        """Returns the section before `section` (its previous sibling, else its parent)."""
        parent = section.parent()
        before = [i for i in self._children(parent)[: section.row()]
                  if self.model.item_kind(i) == "section"]
        if before:
            return self.model.item_id(before[-1])
        return self.model.item_id(parent)

    def _split_allowed(self, index: QModelIndex) -> bool:
        if self.model.item_kind(index) != "clause":
            return False
        clauses = [i for i in self._children(index.parent()) if self.model.item_kind(i) == "clause"]
        return bool(clauses) and clauses[0].row() != index.row()

    def update_actions(self) -> None:
        has_plan = self.view.store.plan is not None
        if self.view.store.is_preparing():
            # The outline shown is behind: what is allowed is found out when the action runs.
            for action in self.actions:
                action.setEnabled(has_plan)
            return
        index = self._current()
        section = self._section_index(index) if index.isValid() else QModelIndex()
        self.add_action.setEnabled(has_plan)
        self.split_action.setEnabled(has_plan and self._split_allowed(index))
        self.merge_action.setEnabled(
            has_plan and section.isValid() and bool(self._previous_section(section)))

    def _status(self, text: str) -> None:
        window = getattr(self.view, "window_", None)
        if window is not None:
            window.statusBar().showMessage(text, 5000)

    # --- actions ----------------------------------------------------------------------------
    def _selected_id(self) -> str:
        return self.model.item_id(self._current())

    def add_section(self) -> str:
        """Adds a section after the selected one (a chapter when nothing is selected); returns
        its id ("" when nothing changed; while the outline is updating, the id it will have)."""
        if self.view.store.plan is None:
            return ""
        selected, new_id = self._selected_id(), new_section_id()
        done = self.view.when_shown(lambda: self._add_section(selected, new_id))
        return new_id if done is None else done

    def _add_section(self, selected: str, new_id: str) -> str:
        if self.view.store.plan is None:
            return ""
        index = self.model.index_of(selected) if selected else QModelIndex()
        section = self._section_index(index) if index.isValid() else QModelIndex()
        parent = section.parent() if section.isValid() else QModelIndex()
        parent_id = self.model.item_id(parent)
        siblings = [self.model.item_id(i) for i in self._children(parent)]
        at = section.row() + 1 if section.isValid() else len(siblings)
        order = siblings[:at] + [new_id] + siblings[at:]
        decisions = [Decision(DecisionKind.ADD_SECTION, new_id, NEW_SECTION_TITLE,
                              parent=parent_id),
                     Decision(DecisionKind.REORDER, parent_id or OUTLINE, order=tuple(order))]
        if not self.view.apply_decisions(decisions, "Add section"):
            return ""
        self.view.select_item(new_id)
        self._status("Section added: F2 renames it; drag clauses into it.")
        return new_id

    def split_here(self) -> str:
        """Splits the selected clause's section at it; returns the new section's id ("" when
        nothing changed or while the outline is updating)."""
        selected = self._selected_id()
        return self.view.when_shown(lambda: self._split_here(selected)) or ""

    def _split_here(self, clause_id: str) -> str:
        plan = self.view.store.plan
        index = self.model.index_of(clause_id)
        if plan is None or not self._split_allowed(index):
            self._status("Select a clause after the first one of a section to split it there.")
            return ""
        section_id = self.model.item_id(index.parent())
        decisions = [Decision(DecisionKind.SPLIT, section_id, clause_id)]
        earlier = plan.decision("split:" + section_id)
        if earlier is not None and earlier.value != clause_id:
            # The section is split further on already: that split moves to the new section.
            decisions.append(Decision(DecisionKind.SPLIT,
                                      split_section_id(section_id, clause_id), earlier.value))
        if not self.view.apply_decisions(decisions, "Split section"):
            return ""
        new_id = split_section_id(section_id, clause_id)
        self.view.select_item(clause_id)
        return new_id

    def merge_into_previous(self) -> str:
        """Merges the selected section into the one before it; returns the receiver's id (""
        when nothing changed or while the outline is updating)."""
        selected = self._selected_id()
        return self.view.when_shown(lambda: self._merge_into_previous(selected)) or ""

    def _merge_into_previous(self, selected: str) -> str:
        index = self.model.index_of(selected) if selected else QModelIndex()
        section = self._section_index(index) if index.isValid() else QModelIndex()
        receiver = self._previous_section(section) if section.isValid() else ""
        if self.view.store.plan is None or not receiver:
            self._status("The first chapter has no section before it to merge into.")
            return ""
        section_id = self.model.item_id(section)
        decision = Decision(DecisionKind.MERGE_SECTION, section_id, receiver)
        if not self.view.store.plan.valid(decision):
            return ""
        title = self.model.data(section, Qt.ItemDataRole.EditRole)
        if not self.view.apply_decisions([decision], f"Merge \u201c{title}\u201d into the "
                                         "previous section"):
            return ""
        self.view.select_item(receiver)
        return receiver


def install_section_edits(view, window=None) -> SectionEdits:
    """Adds the section actions to `view` (and to `window`'s Edit menu); returns them."""
    view.section_edits = SectionEdits(view, window)
    return view.section_edits
