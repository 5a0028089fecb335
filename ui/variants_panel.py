"""VariantsPanel: the selected clause's wording and every source variant, side by side.

Each variant card names its policy and section number and highlights the words that differ
from the current wording (inserted: underlined, removed: struck through, theme colours). The
cards sit in a grid as wide as the panel (CardGrid): as many columns as fit, rows balanced, never
a sideways scroll. The heading says what is shown: a clause from one policy, a clause several
policies hold, or a conflict between clauses from several policies. The buttons ask for
decisions through `decisions_requested`; the panel itself changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from consolidator.consolidation import edits
from consolidator.consolidation.plan import ClauseStatus
from consolidator.consolidation.resolve import Resolver
from ui import theme
from ui.conflict_cards import (
    KEEP_MINE,
    USE_OTHER,
    Outcome,
    button_states,
    card_title,
    conflict_outcome,
    outcome_line,
)
from ui.consolidate_commands import PlanStore
from ui.proposal_cards import ACCEPT, KEEP_SOURCES, USE_PROPOSAL, ProposalView, proposal_view
from ui.variant_cards import CardGrid, VariantCard, WidthWatcher, diff_html

VARIANTS_LABEL = ("Variants in the source policies (differences from the wording above are "
                  "<u>underlined</u> or <s>struck out</s>):")


class WordingDialog(QDialog):
    """Edits a clause's wording in a plain text box."""

    def __init__(self, parent: QWidget | None, title: str, text: str, hint: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        hint_label = QLabel(f"{hint} Press Ctrl+Enter to use it.")
        hint_label.setWordWrap(True)
        self.editor = QPlainTextEdit(text)
        self.editor.setAccessibleName("Wording")
        self.editor.setMinimumSize(theme.em(self, 28), theme.em(self, 8))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setToolTip("Use this wording (Ctrl+Enter)")
        self.editor.installEventFilter(self)  # Ctrl+Enter accepts (Enter: a new line)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)


    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (watched is self.editor and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.accept()
            return True
        return super().eventFilter(watched, event)


def ask_for_wording(parent: QWidget | None, title: str, text: str, hint: str) -> str | None:
    """Returns the edited wording, or None when the author cancels (tests patch this)."""
    dialog = WordingDialog(parent, title, text, hint)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return " ".join(dialog.editor.toPlainText().split())
    finally:
        dialog.deleteLater()


class VariantsPanel(QWidget):
    """Wording decisions for one clause: variants, combined wording, edit, exclude, keep both."""

    decisions_requested = Signal(list, str)  # [Decision], the undo text
    source_requested = Signal(str, str)  # document id, block id: show the source there

    def __init__(self, store: PlanStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Variants of the selected clause")
        self.store = store
        self.clause_id = ""
        self.proposal_head = ""  # the proposal shown (the selected clause's, or its sources')
        self.heading = QLabel("Select a clause in the outline to see its variants.")
        self.heading.setWordWrap(True)
        self.heading.setFont(theme.heading_font(self.font(), 1.1))
        self.conflict_label = QLabel()
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setAccessibleName("Conflict")
        self.current = QTextBrowser()
        self.current.setAccessibleName("Current wording")
        self.current.setMaximumHeight(theme.em(self, 7))
        # The whole panel scrolls as one page (as a web page does): on a small screen the
        # conflict's explanation is never cut off mid-sentence to make room for the cards.
        self.cards_area = QScrollArea()
        self.cards_area.setWidgetResizable(True)
        self.cards_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.cards_area.setAccessibleName("Variants")
        self.cards_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards = CardGrid()
        self.cards_layout = self.cards.grid

        self.combine_button = QPushButton("Use combined wording...")
        self.combine_button.setToolTip("Accept (and optionally edit) one wording that covers "
                                       "every channel")
        self.edit_button = QPushButton("Edit text...")
        self.edit_button.setToolTip("Write your own wording for this clause")
        self.exclude_button = QPushButton("Exclude")
        self.keep_both_button = QPushButton("Keep both")
        self.keep_both_button.setToolTip("Keep both sides of the conflict: it is then resolved")
        self.accept_button = QPushButton(ACCEPT)
        self.accept_button.setToolTip("Accept the proposed wording as the draft wrote it")
        self.keep_sources_button = QPushButton(KEEP_SOURCES)
        self.keep_sources_button.setToolTip("Put the source clauses back as they were in place "
                                            "of the proposed wording")
        self.use_proposal_button = QPushButton(USE_PROPOSAL)
        self.use_proposal_button.setToolTip("Use the draft's proposed wording again in place "
                                            "of the source clauses")
        self.accept_button.clicked.connect(lambda: self._proposal(edits.accept_proposal))
        self.keep_sources_button.clicked.connect(lambda: self._proposal(edits.keep_sources))
        self.use_proposal_button.clicked.connect(lambda: self._proposal(edits.use_proposal))
        self.combine_button.clicked.connect(self.use_combined)
        self.edit_button.clicked.connect(self.edit_text)
        self.exclude_button.clicked.connect(self.toggle_exclude)
        self.keep_both_button.clicked.connect(self.keep_both)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.use_proposal_button, self.combine_button,
                       self.edit_button, self.keep_sources_button, self.exclude_button,
                       self.keep_both_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(theme.MARGIN, theme.MARGIN, theme.MARGIN, theme.MARGIN)
        layout.addWidget(self.heading)
        layout.addWidget(self.conflict_label)
        self.current_label = QLabel("Wording in the Digital Policy:")
        self.current_label.setWordWrap(True)
        self.current_label.setBuddy(self.current)
        layout.addWidget(self.current_label)
        layout.addWidget(self.current)
        layout.addLayout(buttons)
        self.variants_label = QLabel(VARIANTS_LABEL)
        self.variants_label.setWordWrap(True)
        layout.addWidget(self.variants_label)
        layout.addWidget(self.cards)
        layout.addStretch(1)
        self.cards_area.setWidget(page)
        self.cards_area.viewport().installEventFilter(
            WidthWatcher(self.cards, self, 2 * theme.MARGIN))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.cards_area)
        store.plan_changed.connect(self.refresh)
        store.plan_pending.connect(self._pending)
        self.show_clause("")

    # --- showing -----------------------------------------------------------------------------
    def show_clause(self, clause_id: str) -> None:
        self.clause_id = clause_id
        self.refresh()

    def refresh(self) -> None:
        rc = self.store.resolved_clause(self.clause_id) if self.clause_id else None
        for button in (self.combine_button, self.edit_button, self.exclude_button,
                       self.keep_both_button):
            button.setVisible(rc is not None)
        for button in (self.accept_button, self.keep_sources_button, self.use_proposal_button):
            button.setVisible(False)
        self.current.setVisible(rc is not None)
        self.current_label.setVisible(rc is not None)
        self.conflict_label.setVisible(False)
        if rc is None:
            self.cards.set_cards([])
            self.heading.setText("Select a clause in the outline to see its variants.")
            return
        clause = rc.clause
        self.variants_label.setText(VARIANTS_LABEL)
        view = proposal_view(self.store.reading(), clause.id, self._section_title)
        if view is not None:
            self._show_proposal(rc, view)
            return
        self._show_current(rc)
        self.combine_button.setVisible(clause.status is ClauseStatus.COMBINED)
        self.exclude_button.setText("Include" if rc.excluded else "Exclude")
        self.exclude_button.setToolTip(
            "Put the clause back into the Digital Policy" if rc.excluded
            else "Leave the clause out of the Digital Policy")
        cards = self._variant_cards(rc)
        open_ids = self.store.open_conflicts_of(clause.id)
        self.keep_both_button.setVisible(bool(open_ids))
        involved, lines, conflict_cards = self._conflict_cards(rc, open_ids)
        cards += conflict_cards
        if lines:
            self.conflict_label.setText("\n".join(lines))
            self.conflict_label.setVisible(True)
        self.heading.setText(heading_text(
            clause.status, [self._where(r) for r in clause.sources],
            {cid: {r.document_id for r in refs} for cid, refs in involved.items()},
            len(lines), bool(open_ids)))
        self.cards.set_cards(cards)
        if self.store.is_preparing():
            self._pending()

    def _show_proposal(self, rc, view: ProposalView) -> None:
        """Shows a proposal: its wording, the source clauses it stands for, its notes, and
        Accept / Edit / Keep the sources as they were (or Use the proposed wording)."""
        proposed = rc.clause.status is ClauseStatus.PROPOSED
        self.proposal_head = view.head
        self.heading.setText(view.heading)
        self.variants_label.setText("The source clauses it stands for, as they were:"
                                    if view.sources else "")
        self.current_label.setText(view.label)
        self.current.setPlainText(view.text)
        self.combine_button.setVisible(False)
        self.keep_both_button.setVisible(False)
        self.edit_button.setVisible(proposed and view.in_use)
        self.exclude_button.setVisible(proposed)
        self.exclude_button.setText("Include" if rc.excluded else "Exclude")
        self.accept_button.setVisible(view.in_use and bool(view.notes) and not view.answered)
        self.keep_sources_button.setVisible(view.in_use and bool(view.sources))
        self.use_proposal_button.setVisible(not view.in_use)
        if view.notes and not view.answered:
            self.conflict_label.setText("To check: " + " ".join(view.notes))
            self.conflict_label.setVisible(True)
        cards = []
        for source_id in view.sources:
            source = self.store.resolved_clause(source_id)
            if source is None:
                continue
            where = _and([self._where(r) for r in source.clause.sources])
            card = VariantCard(where, diff_html(source.text, source.text), "", False,
                               status=" \u2014 source wording")
            card.button.setVisible(False)
            if source.clause.sources:
                card.add_button(self._source_button(source.clause.sources[0], where))
            cards.append(card)
        self.cards.set_cards(cards)

    def _section_title(self, clause_id: str) -> str:
        section = self.store.section_of_clause(clause_id)
        title = self.store.reading().shape.title(section) if section else ""
        return f"\u201c{title}\u201d" if title else "the Digital Policy"

    def _proposal(self, intent) -> None:
        head = self.proposal_head
        self._request(lambda r: intent(r, head))

    def _show_current(self, rc) -> None:
        """Shows the wording the Digital Policy prints for the clause: the winning clause's
        when a conflict replaced it."""
        winner = self.store.resolved_clause(rc.merged_into) if rc.merged_into else None
        if winner is None:
            self.current_label.setText("Wording in the Digital Policy:")
            self.current.setPlainText(rc.text)
            return
        places = _and([self._where(r) for r in winner.clause.sources])
        self.current_label.setText(f"Wording in the Digital Policy (this clause is replaced by "
                                   f"{places}):")
        self.current.setPlainText(winner.text)

    def _variant_cards(self, rc) -> list[VariantCard]:
        """Returns a card for each source wording of the clause, the one in use marked (none
        when a conflict replaced the clause)."""
        clause = rc.clause
        count = len(clause.sources)
        in_use = len(rc.kept) == 1 and not rc.edited and not rc.merged_into
        chosen = rc.kept[0].key if in_use else ""
        cards: list[VariantCard] = []
        for ref in clause.sources:
            where = self._where(ref)
            card = VariantCard(where, diff_html(rc.text, ref.text), "Use this variant",
                               ref.key == chosen)
            card.button.setVisible(count > 1)
            card.button.clicked.connect(lambda _=False, cid=clause.id, key=ref.key, w=where:
                                        self._request(lambda r: edits.use_variant(r, cid, key,
                                                                                  w)))
            card.add_button(self._source_button(ref, where))
            cards.append(card)
        return cards

    def _source_button(self, ref, where: str) -> QPushButton:
        """Returns "Show in source": the source policy at this clause, beside the Digital
        Policy, in the Compare view."""
        button = QPushButton("Show in source")
        button.setFlat(True)
        button.setToolTip(f"Open {where} at this clause in Compare, beside the Digital Policy")
        button.setAccessibleName(f"Show in source: {where}")
        button.clicked.connect(lambda _=False, d=ref.document_id, b=ref.block_id:
                               self.source_requested.emit(d, b))
        return button

    def _conflict_cards(self, rc, open_ids):
        """Returns (the clauses in the clause's conflicts -> their sources, a line per
        conflict, a card per conflicting clause with the two ways to settle it)."""
        clause = rc.clause
        plan = self.store.plan
        conflict_ids = self.store.conflicts_of_clause.get(clause.id, ())
        conflicts = [c for c in plan.conflicts if c.id in conflict_ids] if plan else []
        involved = {clause.id: clause.sources}
        lines: list[str] = []
        cards: list[VariantCard] = []
        for conflict in conflicts:
            a, b = plan.conflict_clauses(conflict)
            other = b if a == clause.id else a
            other_rc = self.store.resolved_clause(other)
            outcome = conflict_outcome(plan, conflict, clause.id, open_ids)
            if other_rc is None:
                involved[other] = conflict.side_b if a == clause.id else conflict.side_a
                lines.append(outcome_line(outcome, conflict.reason, "the other clause"))
                continue
            involved[other] = other_rc.clause.sources
            places = _and([self._where(r) for r in other_rc.clause.sources])
            lines.append(outcome_line(outcome, conflict.reason, places))
            cards.append(self._conflict_card(rc, conflict.id, other, other_rc.text, places,
                                             outcome))
        return involved, lines, cards

    def _conflict_card(self, rc, conflict_id: str, other: str, other_text: str, places: str,
                       outcome: Outcome) -> VariantCard:
        """Returns the card of a conflicting clause: "Use this clause instead" and "Keep the
        selected clause", each saying in its tip which clause the Digital Policy keeps."""
        heading = f"Conflicting clause: {places}"
        card = VariantCard(heading, diff_html(rc.text, other_text), USE_OTHER, False,
                           status=card_title(places, outcome)[len(heading):])
        use_other, keep_mine = button_states(outcome)
        card.button.setEnabled(use_other)
        card.button.setToolTip(f"The Digital Policy keeps {places}; the selected clause is "
                               "replaced by it")
        card.button.setAccessibleName(f"{USE_OTHER}: {places}")
        card.button.clicked.connect(lambda _=False, x=conflict_id, win=other: self._request(
            lambda r: edits.decide_conflict(r, x, win)))
        mine_place = _and([self._where(r) for r in rc.clause.sources[:1]]) or "the selected clause"
        mine = QPushButton(KEEP_MINE)
        mine.setEnabled(keep_mine)
        mine.setToolTip(f"The Digital Policy keeps {mine_place} (the selected clause); "
                        f"{places} is replaced by it")
        mine.setAccessibleName(f"Keep the selected clause instead of {places}")
        mine.clicked.connect(lambda _=False, x=conflict_id, cid=rc.clause.id: self._request(
            lambda r: edits.decide_conflict(r, x, cid)))
        card.add_button(mine)
        other_clause = self.store.resolved_clause(other)
        if other_clause is not None and other_clause.clause.sources:
            card.add_button(self._source_button(other_clause.clause.sources[0], places))
        return card

    def _pending(self) -> None:
        """A newer plan is being prepared: which variant is in use may have changed, so every
        variant can be asked for (it is decided against the newest plan)."""
        for card in self.cards.cards:
            if isinstance(card, VariantCard):
                card.button.setEnabled(True)

    def _where(self, ref) -> str:
        return f"{self.store.document_name(ref.document_id)} {ref.section}".strip()

    # --- actions: each about the clause shown when asked, worked out on the newest plan ----
    def use_combined(self) -> None:
        clause_id = self.clause_id
        if not self._has(clause_id):
            return
        rc = self.store.reading().clause(clause_id)
        text = ask_for_wording(self, "Combined wording", rc.text,
                               "One wording for every channel. Edit it if needed, then OK.")
        if text is not None:
            self._request(lambda r: edits.use_combined(r, clause_id, text))

    def edit_text(self) -> None:
        clause_id = self.clause_id
        if not self._has(clause_id):
            return
        rc = self.store.reading().clause(clause_id)
        text = ask_for_wording(self, "Edit clause", rc.text,
                               "Your own wording for this clause in the Digital Policy.")
        if text:
            self._request(lambda r: edits.own_wording(r, clause_id, text))

    def toggle_exclude(self) -> None:
        clause_id = self.clause_id
        self._request(lambda r: edits.toggle_exclude(r, clause_id))

    def keep_both(self) -> None:
        clause_id = self.clause_id
        self._request(lambda r: edits.keep_both(r, clause_id))

    def _has(self, clause_id: str) -> bool:
        return bool(clause_id) and self.store.plan is not None and \
            self.store.reading().kind(clause_id) == "clause"

    def _request(self, intent: Callable[[Resolver], edits.Edit | None]) -> None:
        """Works the intent out on the newest plan and asks for its decisions."""
        if self.store.plan is None:
            return
        edit = intent(self.store.reading())
        if edit is not None:
            self.decisions_requested.emit(list(edit.decisions), edit.text)


def heading_text(status: ClauseStatus, places: Sequence[str],
                 documents_of: dict[str, set[str]], conflicts: int, open_: bool) -> str:
    """Returns the panel's heading for a clause.

    `places` names where the clause's sources are ("Email Policy.docx 5.3"); `documents_of`
    maps each draft clause in its conflicts (the clause itself included) to the policies it
    comes from. A clause from one policy: "Clause from Email Policy.docx 5.3"; from several:
    "Clause from 3 policies (duplicates merged)"; in conflict: "Conflict between 2 clauses from
    4 policies (to decide)", "2 conflicts between 3 clauses from 3 policies (decided)".
    """
    if conflicts:
        clauses = len(documents_of)
        policies = len(set().union(*documents_of.values()))
        what = "Conflict" if conflicts == 1 else f"{conflicts} conflicts"
        return (f"{what} between {clauses} clauses from {_count(policies, 'policy')}"
                + (" (to decide)" if open_ else " (decided)"))
    suffix = {ClauseStatus.MERGED: " (duplicates merged)",
              ClauseStatus.COMBINED: " (one wording for every channel)"}.get(status, "")
    if len(places) == 1:
        return f"Clause from {places[0]}" + suffix
    policies = len(set().union(*documents_of.values())) if documents_of else len(places)
    return f"Clause from {_count(policies, 'policy')}" + suffix


def _count(n: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def _and(parts: Sequence[str]) -> str:
    parts = list(dict.fromkeys(parts))
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
