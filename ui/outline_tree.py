"""OutlineTree: the merged outline's tree view and what it keeps across plan changes.

Each plan change resets the outline model; the tree then opens the sections open before (the
chapters too, for a new draft), keeps the selection, reopens a rename being typed, and selects
an item of a plan still being prepared once it is shown. Sections are tracked by id as they
open and close, so a plan change never walks the tree: no per-row work on the UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTreeView

from ui import theme
from ui.consolidate_commands import PlanStore
from ui.outline_model import OutlineModel

_SELECT = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


class OutlineTree(QTreeView):
    """The outline's tree (see the module docstring)."""

    def __init__(self, model: OutlineModel, store: PlanStore) -> None:
        super().__init__()
        self.model_ = model
        self.store = store
        self.selected = ""  # the id of the current item
        self.expand_chapters = False  # a new draft: its chapters open when it is shown
        self._select_when_ready = ""  # an item of a plan still being prepared, to select
        self._editing: tuple[str, str] | None = None  # (section id, text) of an open rename
        self._expanded: set[str] = set()
        self._restoring = False
        self.setAccessibleName("Merged outline")
        self.setAccessibleDescription(
            "The Digital Policy's chapters, sections and clauses. F2 renames a section, Delete "
            "excludes, Ctrl+Up and Ctrl+Down (or dragging) reorder.")
        self.setModel(model)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A fixed, font-relative width: ResizeToContents measures every row of a long outline
        # on the UI thread each time the plan changes.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, theme.em(self, 17))
        header.setStretchLastSection(False)
        model.modelAboutToBeReset.connect(self._remember_editor)
        model.modelReset.connect(self._restore)
        self.expanded.connect(self._section_expanded)
        self.collapsed.connect(self._section_collapsed)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """The Status column takes at most a third of a narrow tree: the outline's text keeps
        the rest (each row's whole text is in its tooltip)."""
        super().resizeEvent(event)
        width = self.viewport().width()
        self.header().resizeSection(1, max(theme.em(self, 6),
                                           min(theme.em(self, 15), width // 3)))

    def select_item(self, item_id: str) -> bool:
        """Selects (and shows) a section or clause; returns False if absent. While a newer plan
        is being prepared, an item not shown yet (a section just added) is selected when that
        plan is shown."""
        index = self.model_.index_of(item_id)
        if not index.isValid():
            if self.store.is_preparing() and item_id:
                self._select_when_ready = item_id
                return True
            return False
        self._select_when_ready = ""
        parent = index.parent()
        while parent.isValid():
            self.expand(parent)
            parent = parent.parent()
        self.selectionModel().setCurrentIndex(index, _SELECT)
        self.scrollTo(index)
        return True

    def _section_expanded(self, index: QModelIndex) -> None:
        if not self._restoring:
            self._expanded.add(self.model_.item_id(index))

    def _section_collapsed(self, index: QModelIndex) -> None:
        if not self._restoring:
            self._expanded.discard(self.model_.item_id(index))

    def _open_editor(self) -> QLineEdit | None:
        return next((e for e in self.viewport().findChildren(QLineEdit) if e.isVisible()), None)

    def _remember_editor(self) -> None:
        """Before the model is reset: a rename being typed (the reset closes its editor)."""
        self._editing = None
        index = self.currentIndex().siblingAtColumn(0)
        editor = self._open_editor()
        if editor is not None and self.model_.item_kind(index) == "section":
            self._editing = (self.model_.item_id(index), editor.text())

    def _reopen_editor(self) -> None:
        """After the reset: the rename being typed goes on, on the same section."""
        editing, self._editing = self._editing, None
        index = self.model_.index_of(editing[0]) if editing else QModelIndex()
        if editing is None or not index.isValid():
            return
        self.selectionModel().setCurrentIndex(index, _SELECT)
        self.edit(index)
        editor = self._open_editor()
        if editor is not None:
            editor.setText(editing[1])

    def _restore(self) -> None:
        """After the model is reset: open sections, then the rename, the item waited for, or
        the selection."""
        model = self.model_
        if self.expand_chapters and model.rowCount():
            self.expand_chapters = False
            self._expanded.update(model.top_level_ids())
        self._restoring = True
        try:
            for item_id in self._expanded:
                index = model.index_of(item_id)
                if index.isValid() and model.item_kind(index) == "section":
                    self.expand(index)
        finally:
            self._restoring = False
        if self._editing is not None:
            self._reopen_editor()
            return
        if self._select_when_ready and not self.store.is_preparing():
            target, self._select_when_ready = self._select_when_ready, ""
            if self.select_item(target):
                return
        index = model.index_of(self.selected) if self.selected else QModelIndex()
        if index.isValid():
            self.selectionModel().setCurrentIndex(index, _SELECT)
