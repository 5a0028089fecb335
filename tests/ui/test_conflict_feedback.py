"""Deciding a conflict in the Variants panel: the panel and the outline say what is in use
(issue #15, points 1 and 2)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from tests.ui.helpers import write_conflicting_policies
from ui.conflict_cards import KEEP_MINE, USE_OTHER
from ui.outline_model import ClauseBadge, OutlineRole


@pytest.fixture
def view(qtbot, main_window, tmp_path):
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.resize(1400, 900)
    main_window.add_files(write_conflicting_policies(tmp_path))
    qtbot.waitUntil(lambda: view.store.plan is not None and len(view.store.docs) == 3,
                    timeout=30000)
    main_window.show_view("consolidate")
    yield view
    main_window.undo_stack.setClean()


def laptop_clauses(view) -> dict[str, str]:
    """Returns hours ("24", "48", "72") -> the clause id saying so."""
    return {hours: c.id for c in view.store.plan.clauses for hours in ("24", "48", "72")
            if f"within {hours} hours" in c.text}


def badge(view, clause_id: str) -> str:
    return view.outline_model.index_of(clause_id).data(OutlineRole.STATUS)


def conflict_cards(view):
    return [c for c in view.variants.cards.cards if c.accessibleName().startswith("Conflicting")]


def show(view, qtbot, clause_id):
    view.select_item(clause_id)
    panel = view.variants
    qtbot.waitUntil(lambda: panel.clause_id == clause_id and bool(panel.cards.cards))
    return view.variants


def test_three_way_conflict_buttons_never_say_both_and_are_not_clipped(view, qtbot):
    clauses = laptop_clauses(view)
    panel = show(view, qtbot, clauses["24"])
    cards = conflict_cards(view)
    assert len(cards) == 2
    qtbot.waitUntil(lambda: all(c.isVisible() for c in cards))
    for card in cards:
        labels = [b.text() for b in card.findChildren(QPushButton)]
        assert labels == [USE_OTHER, KEEP_MINE, "Show in source"]
        for button in card.findChildren(QPushButton):
            assert "both" not in button.text()
            assert button.width() >= button.minimumSizeHint().width()  # never clipped
    assert panel.cards_area.horizontalScrollBar().maximum() == 0


def test_using_the_other_clause_updates_the_panel_and_the_outline(view, qtbot):
    clauses = laptop_clauses(view)
    panel = show(view, qtbot, clauses["24"])
    assert badge(view, clauses["24"]) == ClauseBadge.CONFLICT
    other = next(c for c in conflict_cards(view) if "Social Media" in c.accessibleName())
    other.button.click()
    qtbot.waitUntil(lambda: badge(view, clauses["24"]) == ClauseBadge.MERGED_INTO)
    assert badge(view, clauses["48"]) == ClauseBadge.CONFLICT  # 48 v 72 is still to decide
    # the panel: the selected clause is replaced; its own wording is no longer "in use"
    assert "replaced by" in panel.current_label.text()
    assert "within 48 hours" in panel.current.toPlainText()
    own = [c for c in panel.cards.cards if not c.accessibleName().startswith("Conflicting")]
    assert own and not any("in use" in c.accessibleName() for c in own)
    chosen = next(c for c in conflict_cards(view) if "Social Media" in c.accessibleName())
    assert chosen.accessibleName().endswith("in use instead of the selected clause")
    assert not chosen.button.isEnabled()  # already in effect
    assert any(line.startswith("\u2713 Conflict decided") for line in
               panel.conflict_label.text().splitlines())
    # the chosen clause, selected: the replaced one is said to be replaced by it
    show(view, qtbot, clauses["48"])
    replaced = next(c for c in conflict_cards(view) if "Email Policy" in c.accessibleName())
    assert replaced.accessibleName().endswith("replaced by the selected clause")
    internet = next(c for c in conflict_cards(view) if "Internet" in c.accessibleName())
    next(b for b in internet.findChildren(QPushButton) if b.text() == KEEP_MINE).click()
    qtbot.waitUntil(lambda: badge(view, clauses["48"]) == ClauseBadge.CONFLICT_WON)
    assert badge(view, clauses["72"]) == ClauseBadge.MERGED_INTO


def test_keep_the_selected_clause_marks_it_chosen(view, qtbot):
    clauses = laptop_clauses(view)
    show(view, qtbot, clauses["72"])
    card = next(c for c in conflict_cards(view) if "Email Policy" in c.accessibleName())
    keep = next(b for b in card.findChildren(QPushButton) if b.text() == KEEP_MINE)
    keep.click()
    qtbot.waitUntil(lambda: badge(view, clauses["24"]) == ClauseBadge.MERGED_INTO)
    assert badge(view, clauses["72"]) == ClauseBadge.CONFLICT  # 48 v 72 is still to decide


def test_edit_text_settles_the_conflicts_and_the_preview_holds_only_it(view, qtbot, monkeypatch):
    clauses = laptop_clauses(view)
    show(view, qtbot, clauses["24"])
    own = "A lost laptop must be reported to the ICT Service Desk at once."
    monkeypatch.setattr("ui.variants_panel.ask_for_wording", lambda *args: own)
    before = view.controller.summary()[2]
    view.variants.edit_button.click()
    assert before == 3
    # both of its conflicts are won by the author's wording; 48 v 72 has no side printed
    qtbot.waitUntil(lambda: view.controller.summary()[2] == 0)
    assert badge(view, clauses["24"]) == ClauseBadge.EDITED
    qtbot.waitUntil(lambda: view.controller.document is not None and any(
        own in c.text for s in view.controller.document.iter_sections() for c in s.clauses))
    texts = [c.text for s in view.controller.document.iter_sections() for c in s.clauses]
    assert not any("hours" in t for t in texts)  # no original wording beside the author's
    assert view.context.undo_stack.undoText().startswith("Edit clause text (settles 2")
