"""Outline edits in the Consolidate view: Add section, Split section here, Merge into previous,
Move up / Move down (Ctrl+Up / Ctrl+Down: reordering without dragging).

Each is one undo step of plan decisions worked out by consolidation/edits.py on the newest plan
from the id of the item selected, and applied at once (`ConsolidateView.apply_edit`); the
outline follows the plan. The actions sit in the outline's context menu and in the Edit menu.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from consolidator.consolidation import edits
from consolidator.consolidation.plan import new_section_id, split_section_id
from ui import shortcuts


class SectionEdits(QObject):
    """The three section actions of a ConsolidateView (see the module docstring)."""

    def __init__(self, view, window=None) -> None:
        super().__init__(view)
        self.view = view
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
        self.move_up_action = QAction("Move up", outline)
        self.move_up_action.setToolTip("Move the selected clause or section up one place "
                                       "(Ctrl+Up)")
        self.move_up_action.setShortcuts(shortcuts.MOVE_UP)
        self.move_up_action.triggered.connect(lambda: self.move_selected(-1))
        self.move_down_action = QAction("Move down", outline)
        self.move_down_action.setToolTip("Move the selected clause or section down one place "
                                         "(Ctrl+Down)")
        self.move_down_action.setShortcuts(shortcuts.MOVE_DOWN)
        self.move_down_action.triggered.connect(lambda: self.move_selected(1))
        for action in (self.move_up_action, self.move_down_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.actions = (self.add_action, self.split_action, self.merge_action,
                        self.move_up_action, self.move_down_action)
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
        view.outline_model.modelReset.connect(self.update_actions)
        view.store.plan_pending.connect(self.update_actions)
        self.update_actions()

    def _selected_id(self) -> str:
        return self.view.outline_model.item_id(self.view.outline.currentIndex())

    def update_actions(self) -> None:
        """Enables each action when it would change the newest plan for the item selected.
        While a newer plan is being prepared they stay as they are: they are set again when
        its outline is shown (working them out now would read that plan on the UI thread)."""
        store = self.view.store
        if store.is_preparing() and store.state is not None:
            return
        has_plan = store.plan is not None
        selected = self._selected_id()
        reading = store.reading() if has_plan else None
        self.add_action.setEnabled(has_plan)
        self.split_action.setEnabled(
            reading is not None and edits.split_section(reading, selected) is not None)
        self.merge_action.setEnabled(
            reading is not None and edits.merge_into_previous(reading, selected) is not None)
        # enabled for any item (at an end the status bar says why nothing moved): a disabled
        # Ctrl+Up would fall through to the tree, which moves the selection instead
        for action in (self.move_up_action, self.move_down_action):
            action.setEnabled(reading is not None and bool(reading.kind(selected)))

    def _status(self, text: str) -> None:
        self.view.context.status(text, 5000)

    def add_section(self) -> str:
        """Adds a section after the selected one (a chapter when nothing is selected); returns
        its id ("" when nothing changed)."""
        if self.view.store.plan is None:
            return ""
        edit = edits.add_section(self.view.store.reading(), self._selected_id(),
                                 new_section_id())
        if not self.view.apply_edit(edit):
            return ""
        self._status("Section added: F2 renames it; drag clauses into it.")
        return edit.select

    def split_here(self) -> str:
        """Splits the selected clause's section at it; returns the new section's id ("" when
        nothing changed)."""
        if self.view.store.plan is None:
            return ""
        edit = edits.split_section(self.view.store.reading(), self._selected_id())
        if edit is None:
            self._status("Select a clause after the first one of a section to split it there.")
            return ""
        if not self.view.apply_edit(edit):
            return ""
        split = edit.decisions[0]
        return split_section_id(split.target, split.value)

    def move_selected(self, step: int) -> bool:
        """Moves the selected clause or section one place up (-1) or down (+1), keeping it
        selected; returns False at either end (the status bar says why)."""
        if self.view.store.plan is None:
            return False
        edit = edits.move_by_one(self.view.store.reading(), self._selected_id(), step)
        if edit is None:
            self._status("It is already the " + ("first" if step < 0 else "last")
                         + " of its section: drag it to move it to another section.")
            return False
        return self.view.apply_edit(edit)

    def merge_into_previous(self) -> str:
        """Merges the selected section into the one before it; returns the receiver's id (""
        when nothing changed)."""
        if self.view.store.plan is None:
            return ""
        edit = edits.merge_into_previous(self.view.store.reading(), self._selected_id())
        if edit is None:
            self._status("The first chapter has no section before it to merge into.")
            return ""
        return edit.select if self.view.apply_edit(edit) else ""


def install_section_edits(view, window=None) -> SectionEdits:
    """Adds the section actions to `view` (and to `window`'s Edit menu); returns them."""
    view.section_edits = SectionEdits(view, window)
    return view.section_edits
