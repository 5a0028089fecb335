"""Variants panel: the heading for every case, cards that fit the width (no sideways scroll),
every conflict of the clause listed, conflicting clauses worded differently shown unmarked."""

from __future__ import annotations

import pytest

from consolidator.consolidation.plan import ClauseStatus
from tests.conftest import SAMPLES
from ui import theme
from ui.variant_cards import CARD_MIN_EM, CardGrid, diff_html
from ui.variants_panel import heading_text

SAMPLE_FILES = sorted(SAMPLES.glob("*.docx"))


# --- The heading -------------------------------------------------------------------------------

def test_heading_of_a_clause_from_one_policy_names_it():
    assert heading_text(ClauseStatus.UNIQUE, ["Email Policy.docx 5.3"],
                        {"c1": {"email"}}, 0, False) == "Clause from Email Policy.docx 5.3"


def test_heading_of_a_duplicate_cluster_counts_its_policies():
    places = ["Email Policy.docx 11", "Internet Use Policy.docx 9", "Mobile Phone Policy.docx 8"]
    docs = {"k1": {"email", "internet", "mobile"}}
    assert heading_text(ClauseStatus.MERGED, places, docs, 0, False) == (
        "Clause from 3 policies (duplicates merged)")
    assert heading_text(ClauseStatus.COMBINED, places, docs, 0, False) == (
        "Clause from 3 policies (one wording for every channel)")


def test_heading_of_a_conflict_counts_clauses_and_policies():
    # one policy's clause against a clause three policies hold
    docs = {"c1": {"email"}, "k1": {"social", "internet", "mobile"}}
    assert heading_text(ClauseStatus.UNIQUE, ["Email Policy.docx 11"], docs, 1, True) == (
        "Conflict between 2 clauses from 4 policies (to decide)")
    assert heading_text(ClauseStatus.UNIQUE, ["Email Policy.docx 11"], docs, 1, False) == (
        "Conflict between 2 clauses from 4 policies (decided)")
    docs = {"c1": {"internet"}, "c2": {"email"}, "c3": {"mobile"}}
    assert heading_text(ClauseStatus.UNIQUE, ["Internet Use Policy.docx 5.3"], docs, 2, True) \
        == "2 conflicts between 3 clauses from 3 policies (to decide)"


# --- Cards in a grid as wide as the panel --------------------------------------------------------

def test_card_grid_fits_columns_to_the_width_and_balances_rows(qtbot):
    grid = CardGrid()
    qtbot.addWidget(grid)
    card = theme.em(grid, CARD_MIN_EM) + grid.grid.spacing()
    assert grid.columns_for(3 * card, 3) == 3
    assert grid.columns_for(3 * card, 4) == 2  # 2 + 2, not 3 + 1
    assert grid.columns_for(4 * card, 4) == 4
    assert grid.columns_for(2 * card, 3) == 2
    assert grid.columns_for(card - 20, 4) == 1
    assert grid.columns_for(10 * card, 1) == 1


def test_a_variant_worded_differently_throughout_is_shown_unmarked():
    marked = diff_html("Records are kept for 12 months.", "Records are kept for six months.")
    assert "line-through" in marked and "six" in marked
    plain = diff_html("Records are kept for 12 months.",
                      "Council email accounts must not be used for personal correspondence.")
    assert plain == ("<i>Different wording (shown as it is):</i> Council email accounts must "
                     "not be used for personal correspondence.")


# --- On the samples, in the main window -------------------------------------------------------

@pytest.fixture
def view(qtbot, main_window, tmp_path):
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.resize(1400, 860)
    main_window.add_files(SAMPLE_FILES)
    qtbot.waitUntil(lambda: view.store.plan is not None and view.controller.document is not None,
                    timeout=30000)
    main_window.show_view("consolidate")
    main_window.sources_dock.hide()
    yield view
    main_window.undo_stack.setClean()


def shown_cards(view, qtbot, clause_id):
    view.select_item(clause_id)
    panel = view.variants
    qtbot.waitUntil(lambda: panel.cards.cards and all(c.isVisible() for c in panel.cards.cards))
    qtbot.wait(50)  # layout settles
    return panel


def assert_cards_fit(panel):
    viewport = panel.cards_area.viewport()
    assert panel.cards_area.horizontalScrollBar().maximum() == 0
    for card in panel.cards.cards:
        right = card.mapTo(viewport, card.rect().topRight()).x()
        assert card.width() >= theme.em(card, CARD_MIN_EM) - 1
        assert 0 <= card.mapTo(viewport, card.rect().topLeft()).x() and right < viewport.width()


def test_four_and_three_variants_fit_at_1400_px_without_sideways_scrolling(view, qtbot):
    plan = view.store.plan
    four = next(c for c in plan.clauses if len(c.sources) == 4
                and c.status is ClauseStatus.COMBINED)
    panel = shown_cards(view, qtbot, four.id)
    assert len(panel.cards.cards) == 4 and panel.cards.columns in (2, 4)
    assert panel.heading.text() == "Clause from 4 policies (one wording for every channel)"
    assert_cards_fit(panel)
    three = next(c for c in plan.clauses if len(c.sources) == 3
                 and c.status is ClauseStatus.COMBINED
                 and not view.store.conflicts_of_clause.get(c.id))
    panel = shown_cards(view, qtbot, three.id)
    assert (len(panel.cards.cards), panel.cards.columns) == (3, 3)
    assert_cards_fit(panel)


def test_narrow_window_stacks_the_cards_in_one_column(view, qtbot, main_window):
    main_window.resize(800, 860)
    plan = view.store.plan
    four = next(c for c in plan.clauses if len(c.sources) == 4
                and c.status is ClauseStatus.COMBINED)
    panel = shown_cards(view, qtbot, four.id)
    qtbot.waitUntil(lambda: panel.cards.columns in (1, 2))
    assert_cards_fit(panel)


def test_conflict_heading_names_the_clauses_and_policies_and_lists_every_conflict(view, qtbot):
    plan = view.store.plan
    review = next(c for c in plan.conflicts if c.aliases)  # three policies' clause vs Email's
    a, b = plan.conflict_clauses(review)
    copies = a if len(plan.clause(a).sources) > 1 else b
    panel = shown_cards(view, qtbot, copies)
    assert panel.heading.text() == "Conflict between 2 clauses from 4 policies (to decide)"
    assert panel.conflict_label.text() == f"\u26a0 Conflict (to decide): {review.reason}"
    # the clause's three copies (Internet Use, Mobile Phone, Social Media) and the
    # conflicting one, all fitting
    assert [c.accessibleName().startswith("Conflicting clause: Email Policy.docx")
            for c in panel.cards.cards] == [False, False, False, True]
    assert_cards_fit(panel)
    # a clause in two conflicts: both listed, both conflicting clauses shown
    counts: dict[str, int] = {}
    for conflict in plan.conflicts:
        for cid in plan.conflict_clauses(conflict):
            counts[cid] = counts.get(cid, 0) + 1
    busy = max(counts, key=counts.get)
    panel = shown_cards(view, qtbot, busy)
    n = counts[busy]
    assert n >= 2
    assert panel.heading.text().startswith(f"{n} conflicts between {n + 1} clauses from ")
    assert panel.conflict_label.text().count("\u26a0 Conflict (to decide)") == n
    assert sum(c.accessibleName().startswith("Conflicting clause") for c in panel.cards.cards) \
        == n


def test_single_clause_heading_names_its_policy(view, qtbot):
    plan = view.store.plan
    clause = next(c for c in plan.clauses if len(c.sources) == 1
                  and not view.store.conflicts_of_clause.get(c.id)
                  and view.store.resolved_clause(c.id).in_output)  # not folded into a proposal
    panel = shown_cards(view, qtbot, clause.id)
    ref = clause.sources[0]
    assert panel.heading.text() == (
        f"Clause from {view.store.document_name(ref.document_id)} {ref.section}".strip())
    assert len(panel.cards.cards) == 1


def test_the_two_ways_to_settle_a_conflict_name_the_clause_that_wins(view, qtbot):
    from PySide6.QtWidgets import QPushButton

    plan = view.store.plan
    conflict = next(c for c in plan.conflicts if not c.aliases)
    a, b = plan.conflict_clauses(conflict)
    panel = shown_cards(view, qtbot, a)
    card = next(c for c in panel.cards.cards if c.accessibleName().startswith("Conflicting"))
    buttons = card.findChildren(QPushButton)
    assert [button.text() for button in buttons] == ["Use this clause instead",
                                                     "Keep the selected clause", "Show in source"]
    mine = plan.clause(a).sources[0]
    where = f"{view.store.document_name(mine.document_id)} {mine.section}".strip()
    assert buttons[1].toolTip().startswith(f"The Digital Policy keeps {where} (the selected")
