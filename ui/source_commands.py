"""Undo steps on the loaded policies: removing them (Edit > Undo puts them back, with the
decisions the author had made about their clauses), and choosing what one covers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.sources_model import PolicyKind, SourceEntry, SourcesModel


def ask_remove_sources(parent: QWidget | None, names: list[str]) -> bool:
    """Returns True when the author confirms removing the named policies (tests patch this)."""
    what = names[0] if len(names) == 1 else f"these {len(names)} policies"
    box = QMessageBox(QMessageBox.Icon.Question, "Remove policies",
                      f"Remove {what} from this session?", parent=parent)
    box.setInformativeText("Its clauses leave the merged outline. The file on disk is not "
                           "touched, and Edit > Undo puts it back with your decisions.")
    remove = box.addButton("Remove", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(remove)
    box.exec()
    return box.clickedButton() is remove


class RemoveSourcesCommand(QUndoCommand):
    """Redo removes the policies; undo puts them back at their rows and hands the decisions
    made before the removal to `restore` (the Consolidate view applies them to the new draft)."""

    def __init__(self, model: SourcesModel, entries: list[tuple[int, SourceEntry]], text: str,
                 remember: Callable[[], Any] = lambda: None,
                 restore: Callable[[Any], None] = lambda memory: None) -> None:
        super().__init__(text)
        self.model = model
        self.entries = list(entries)
        self.memory = remember()
        self.restore = restore

    def redo(self) -> None:
        self.model.remove([entry.id for _row, entry in self.entries])

    def undo(self) -> None:
        self.restore(self.memory)
        self.model.restore(self.entries)


class ChooseKindCommand(QUndoCommand):
    """Redo makes `kind` the author's choice of what a policy covers (its chapter in the draft
    follows); undo puts back what was there, the draft's guess when nothing was chosen, with
    the decisions made before the change (`remember`/`restore`, as RemoveSourcesCommand: the
    draft made again for the choice may have dropped some, a renamed chapter for one). The
    policy is found by its file when a reload has given it new content."""

    def __init__(self, model: SourcesModel, document_id: str, kind: PolicyKind,
                 remember: Callable[[], Any] = lambda: None,
                 restore: Callable[[Any], None] = lambda memory: None) -> None:
        entry = model.entry(document_id)
        name = entry.document.name if entry is not None else "the policy"
        super().__init__(f"Set {name} to cover {kind.label}")
        self.model = model
        self.document_id = document_id
        self.path = entry.document.path if entry is not None else ""
        self.kind = kind
        self.before = entry.kind if entry is not None and entry.chosen else None
        self.memory = remember()
        self.restore = restore

    def _current_id(self) -> str:
        if self.model.entry(self.document_id) is None:
            self.document_id = next((e.id for e in self.model.entries()
                                     if e.document.path == self.path), self.document_id)
        return self.document_id

    def redo(self) -> None:
        self.model.set_kind(self._current_id(), self.kind)

    def undo(self) -> None:
        self.restore(self.memory)
        self.model.set_kind(self._current_id(), self.before)
