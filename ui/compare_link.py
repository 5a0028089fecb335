"""What links the Compare view with the Digital Policy being drafted: the draft offered as a
document to compare with any source, "Use in Digital Policy" taking the wording on one side of
the current row into the draft, and "Show in source" opening a source policy at a clause."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QToolButton

from consolidator.consolidation.as_document import DRAFT_ID
from consolidator.diffing import RowKind
from consolidator.model import SourceDocument
from ui.compare_panes import LEFT, RIGHT


@dataclass(frozen=True)
class WordingOffer:
    """A wording from one side of a compared row, for the clause the other side stands for."""

    text: str  # the chosen side's wording
    source_key: str  # "doc/block" of the chosen side's block
    target_key: str  # "doc/block" of the other side's block
    draft_item: str  # the clause the other side shows, when it is the Digital Policy
    where: str  # the chosen side, for the undo step and the status bar


class CompareLink(QObject):
    """Adds "Use in Digital Policy" to a CompareView and keeps the draft in its pickers."""

    wording_offered = Signal(object)  # a WordingOffer

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.shows: dict[str, str] = {}  # draft block id -> the clause (or section) it shows
        self._pending_block: tuple[str, str] = ("", "")  # (document id, block id) to go to
        self.use_button = QToolButton()
        self.use_button.setText("Use in Digital Policy")
        self.use_button.setAccessibleName("Use a wording in the Digital Policy")
        self.use_button.setToolTip("Take the wording on one side of the selected row into the "
                                   "Digital Policy, for the clause the other side stands for "
                                   "(Ctrl+Z undoes it)")
        self.use_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.use_button)
        self.use_left = menu.addAction("Use the wording on the left")
        self.use_right = menu.addAction("Use the wording on the right")
        self.use_left.triggered.connect(lambda: self.offer(LEFT))
        self.use_right.triggered.connect(lambda: self.offer(RIGHT))
        self.use_button.setMenu(menu)
        view.nav.insertWidget(1, self.use_button)
        view.current_row_changed.connect(self.update_actions)
        view.comparison_shown.connect(self._shown)
        self.update_actions()

    # --- the draft as a document to compare ------------------------------------------------
    def set_draft(self, draft: SourceDocument | None, shows: dict[str, str]) -> None:
        """Offers the newest merged policy in the pickers ("Digital Policy (draft)"): built as
        a document on the preview's worker (as_document.draft_document), with which clause
        each of its blocks shows."""
        self.shows = dict(shows) if draft is not None else {}
        self.view.picker.set_draft(draft)

    def compare_with_draft(self, document_id: str = "") -> bool:
        """Compares a source (the one on the left, or `document_id`) with the Digital Policy;
        returns False when there is no draft yet."""
        picker = self.view.picker
        if not any(d.id == DRAFT_ID for d in picker.documents()):
            return False
        if document_id:
            picker.choose(LEFT, document_id)
        picker.choose(RIGHT, DRAFT_ID)
        return True

    def show_source_at(self, document_id: str, block_id: str) -> None:
        """Shows a source policy beside the Digital Policy, at one of its blocks."""
        self._pending_block = (document_id, block_id)
        if not self.compare_with_draft(document_id):
            self.view.picker.choose(LEFT, document_id)
        if self.view.presentation is not None and self.view.request is not None and \
                self.view.request.left.document.id == document_id:
            self._shown()

    def _shown(self, *_args) -> None:
        document_id, block_id = self._pending_block
        presentation, request = self.view.presentation, self.view.request
        if not block_id or presentation is None or request is None \
                or request.left.document.id != document_id:
            self.update_actions()
            return
        self._pending_block = ("", "")
        row = next((n for n, r in enumerate(presentation.diff.rows)
                    if r.left is not None and r.left.id == block_id), -1)
        if row >= 0:
            self.view.set_current_row(row)
        self.update_actions()

    # --- taking a wording -------------------------------------------------------------------
    def offer_for(self, side: int) -> WordingOffer | None:
        """Returns what "Use the wording on the left/right" would take for the current row
        (None when that side has no wording or the other side stands for nothing)."""
        view = self.view
        presentation, request = view.presentation, view.request
        if presentation is None or request is None or view.current_row < 0:
            return None
        row = presentation.diff.rows[view.current_row]
        if row.kind in (RowKind.EQUAL, RowKind.SPLIT, RowKind.JOINED):
            return None
        chosen, other = (row.left, row.right) if side == LEFT else (row.right, row.left)
        sides = (request.left, request.right)
        chosen_doc, other_doc = sides[side].document, sides[1 - side].document
        if chosen is None or other is None or chosen.text == other.text:
            return None
        draft_item = self.shows.get(other.id, "") if other_doc.id == DRAFT_ID else ""
        if other_doc.id == DRAFT_ID and not draft_item:
            return None
        section = chosen.origin.section if chosen.origin is not None else ""
        return WordingOffer(chosen.text, f"{chosen_doc.id}/{chosen.id}",
                            f"{other_doc.id}/{other.id}", draft_item,
                            f"{chosen_doc.name} {section}".strip())

    def offer(self, side: int) -> bool:
        offer = self.offer_for(side)
        if offer is not None:
            self.wording_offered.emit(offer)
        return offer is not None

    def update_actions(self, *_args) -> None:
        left, right = self.offer_for(LEFT), self.offer_for(RIGHT)
        self.use_left.setEnabled(left is not None)
        self.use_right.setEnabled(right is not None)
        self.use_button.setEnabled(left is not None or right is not None)
