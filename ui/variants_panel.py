"""VariantsPanel: the selected clause's wording and every source variant, side by side.

Each variant card names its policy and section number and highlights the words that differ
from the current wording (inserted: underlined, removed: struck through, theme colours). The
buttons ask for decisions through `decisions_requested`; the panel itself changes nothing.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from consolidator.diffing import SpanOp, diff_text
from consolidator.plan import ClauseStatus, Decision, DecisionKind
from ui import theme
from ui.consolidate_commands import PlanStore


class WordingDialog(QDialog):
    """Edits a clause's wording in a plain text box."""

    def __init__(self, parent: QWidget | None, title: str, text: str, hint: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        hint_label = QLabel(hint)
        hint_label.setWordWrap(True)
        self.editor = QPlainTextEdit(text)
        self.editor.setAccessibleName("Wording")
        self.editor.setMinimumSize(theme.em(self, 28), theme.em(self, 8))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)


def ask_for_wording(parent: QWidget | None, title: str, text: str, hint: str) -> str | None:
    """Returns the edited wording, or None when the author cancels (tests patch this)."""
    dialog = WordingDialog(parent, title, text, hint)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return " ".join(dialog.editor.toPlainText().split())
    finally:
        dialog.deleteLater()


def diff_html(current: str, variant: str) -> str:
    """Returns `variant` as HTML with the words that differ from `current` highlighted."""
    colours = theme.change_colours()
    ins = (f"background-color:{colours.inserted_bg.name()};color:{colours.inserted_fg.name()};"
           "text-decoration:underline")
    dele = (f"background-color:{colours.deleted_bg.name()};color:{colours.deleted_fg.name()};"
            "text-decoration:line-through")
    out: list[str] = []
    for op in diff_text(current, variant):
        if op.op is SpanOp.EQUAL:
            out.append(html.escape(variant[op.b_start:op.b_end]))
        elif op.op is SpanOp.INSERT:
            out.append(f"<span style='{ins}'>{html.escape(variant[op.b_start:op.b_end])}</span>")
        else:
            out.append(f"<span style='{dele}'>{html.escape(current[op.a_start:op.a_end])}</span>")
    return "".join(out)


class VariantCard(QFrame):
    """One variant: where it comes from, its text with differences marked, and a Use button."""

    def __init__(self, heading: str, body_html: str, button_text: str, current: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(heading)
        self.setMinimumWidth(theme.em(self, 14))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        title = QLabel(f"<b>{html.escape(heading)}</b>" + (" \u2014 in use" if current else ""))
        title.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setAccessibleName(f"Text of {heading}")
        self.text.setHtml(f"<p>{body_html}</p>")
        self.text.setMinimumHeight(theme.em(self, 5))
        self.button = QPushButton(button_text)
        self.button.setAccessibleName(f"{button_text}: {heading}")
        self.button.setEnabled(not current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACING, theme.SPACING, theme.SPACING, theme.SPACING)
        layout.addWidget(title)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)


class VariantsPanel(QWidget):
    """Wording decisions for one clause: variants, combined wording, edit, exclude, keep both."""

    decisions_requested = Signal(list, str)  # [Decision], the undo text

    def __init__(self, store: PlanStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Variants of the selected clause")
        self.store = store
        self.clause_id = ""
        self.heading = QLabel("Select a clause in the outline to see its variants.")
        self.heading.setWordWrap(True)
        self.heading.setFont(theme.heading_font(self.font(), 1.1))
        self.conflict_label = QLabel()
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setAccessibleName("Conflict")
        self.current = QTextBrowser()
        self.current.setAccessibleName("Current wording")
        self.current.setMaximumHeight(theme.em(self, 7))
        self.cards_area = QScrollArea()
        self.cards_area.setWidgetResizable(True)
        self.cards_area.setAccessibleName("Variants")
        self.cards = QWidget()
        self.cards_layout = QHBoxLayout(self.cards)
        self.cards_area.setWidget(self.cards)

        self.combine_button = QPushButton("Use combined wording...")
        self.combine_button.setToolTip("Accept (and optionally edit) one wording that covers "
                                       "every channel")
        self.edit_button = QPushButton("Edit text...")
        self.edit_button.setToolTip("Write your own wording for this clause")
        self.exclude_button = QPushButton("Exclude")
        self.keep_both_button = QPushButton("Keep both")
        self.keep_both_button.setToolTip("Keep both sides of the conflict: it is then resolved")
        self.combine_button.clicked.connect(self.use_combined)
        self.edit_button.clicked.connect(self.edit_text)
        self.exclude_button.clicked.connect(self.toggle_exclude)
        self.keep_both_button.clicked.connect(self.keep_both)
        buttons = QHBoxLayout()
        for button in (self.combine_button, self.edit_button, self.exclude_button,
                       self.keep_both_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN, theme.MARGIN, theme.MARGIN, theme.MARGIN)
        layout.addWidget(self.heading)
        layout.addWidget(self.conflict_label)
        current_label = QLabel("Wording in the Digital Policy:")
        current_label.setBuddy(self.current)
        layout.addWidget(current_label)
        layout.addWidget(self.current)
        layout.addLayout(buttons)
        variants_label = QLabel("Variants in the source policies (differences from the "
                                "wording above are <u>underlined</u> or <s>struck out</s>):")
        variants_label.setWordWrap(True)
        layout.addWidget(variants_label)
        layout.addWidget(self.cards_area, 1)
        store.plan_changed.connect(self.refresh)
        self.show_clause("")

    # --- showing -----------------------------------------------------------------------------
    def show_clause(self, clause_id: str) -> None:
        self.clause_id = clause_id
        self.refresh()

    def refresh(self) -> None:
        while self.cards_layout.count():
            item = self.cards_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        rc = self.store.resolved_clause(self.clause_id) if self.clause_id else None
        for button in (self.combine_button, self.edit_button, self.exclude_button,
                       self.keep_both_button):
            button.setVisible(rc is not None)
        self.current.setVisible(rc is not None)
        self.conflict_label.setVisible(False)
        if rc is None:
            self.heading.setText("Select a clause in the outline to see its variants.")
            return
        clause = rc.clause
        count = len(clause.sources)
        self.heading.setText(
            f"Clause from {count} {'policy' if count == 1 else 'policies'}"
            + {ClauseStatus.MERGED: " (duplicates merged)",
               ClauseStatus.COMBINED: " (one wording for every channel)"}.get(clause.status, ""))
        self.current.setPlainText(rc.text)
        self.combine_button.setVisible(clause.status is ClauseStatus.COMBINED)
        self.exclude_button.setText("Include" if rc.excluded else "Exclude")
        self.exclude_button.setToolTip(
            "Put the clause back into the Digital Policy" if rc.excluded
            else "Leave the clause out of the Digital Policy")
        chosen = rc.kept[0].key if len(rc.kept) == 1 and not rc.edited else ""
        for ref in clause.sources:
            where = f"{self.store.document_name(ref.document_id)} {ref.section}".strip()
            card = VariantCard(where, diff_html(rc.text, ref.text), "Use this variant",
                               ref.key == chosen)
            card.button.setVisible(count > 1)
            card.button.clicked.connect(lambda _=False, key=ref.key, w=where: self._request(
                Decision(DecisionKind.CHOOSE, self.clause_id, key), f"Use the wording of {w}"))
            self.cards_layout.addWidget(card)
        conflicts = self.store.conflicts_of_clause.get(clause.id, ())
        open_ids = self.store.open_conflicts_of(clause.id)
        self.keep_both_button.setVisible(bool(open_ids))
        plan = self.store.plan
        for conflict in (c for c in plan.conflicts if c.id in conflicts) if plan else ():
            a, b = plan.conflict_clauses(conflict)
            other = b if a == clause.id else a
            other_rc = self.store.resolved_clause(other)
            state = "to decide" if conflict.id in open_ids else "decided"
            self.conflict_label.setText(f"\u26a0 Conflict ({state}): {conflict.reason}")
            self.conflict_label.setVisible(True)
            if other_rc is None:
                continue
            ref = other_rc.clause.sources[0]
            where = f"{self.store.document_name(ref.document_id)} {ref.section}".strip()
            card = VariantCard(f"Conflicting clause: {where}", diff_html(rc.text, other_rc.text),
                               "Use this one instead", False)
            card.button.clicked.connect(lambda _=False, x=conflict.id, win=other: self._request(
                Decision(DecisionKind.CHOOSE, x, win), "Decide the conflict"))
            self.cards_layout.addWidget(card)
            mine = QPushButton("Use the selected clause")
            mine.setToolTip("Keep the selected clause; the conflicting one is replaced by it")
            mine.clicked.connect(lambda _=False, x=conflict.id: self._request(
                Decision(DecisionKind.CHOOSE, x, self.clause_id), "Decide the conflict"))
            card.layout().addWidget(mine)
        self.cards_layout.addStretch(0)

    # --- actions -----------------------------------------------------------------------------
    def use_combined(self) -> None:
        rc = self.store.resolved_clause(self.clause_id)
        if rc is None:
            return
        text = ask_for_wording(self, "Combined wording", rc.text,
                               "One wording for every channel. Edit it if needed, then OK.")
        if text is not None:
            value = "" if text == rc.clause.text else text
            self._request(Decision(DecisionKind.COMBINE, self.clause_id, value),
                          "Use the combined wording")

    def edit_text(self) -> None:
        rc = self.store.resolved_clause(self.clause_id)
        if rc is None:
            return
        text = ask_for_wording(self, "Edit clause", rc.text,
                               "Your own wording for this clause in the Digital Policy.")
        if text:
            self._request(Decision(DecisionKind.CUSTOM, self.clause_id, text), "Edit clause text")

    def toggle_exclude(self) -> None:
        rc = self.store.resolved_clause(self.clause_id)
        if rc is None:
            return
        kind = DecisionKind.INCLUDE if rc.excluded else DecisionKind.EXCLUDE
        self._request(Decision(kind, self.clause_id),
                      "Include clause" if rc.excluded else "Exclude clause")

    def keep_both(self) -> None:
        open_ids = self.store.open_conflicts_of(self.clause_id)
        if open_ids:
            self._request(Decision(DecisionKind.KEEP, open_ids[0]), "Keep both variants")

    def _request(self, decision: Decision, text: str) -> None:
        self.decisions_requested.emit([decision], text)
