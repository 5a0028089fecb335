"""The draft's proposals in the Consolidate view (the bundled samples): the Scope proposal
shown with the source clauses it stands for, kept as the sources were and used again, and a
source clause folded into it showing where its words went."""

from __future__ import annotations

import pytest

from consolidator.consolidation.plan import ClauseStatus
from ui.outline_model import ClauseBadge


@pytest.fixture
def view(samples_view):
    return samples_view


SCOPE = "This policy applies to all employees of the Council, including temporary and agency"


def _preview(window) -> str:
    return window.views["preview"].text()


def _scope(view):
    return next(c for c in view.store.plan.clauses
                if c.status is ClauseStatus.PROPOSED and c.text.startswith(SCOPE))


def test_a_proposal_shows_its_sources_and_can_give_way_to_them(view, main_window, qtbot):
    scope = _scope(view)
    index = view.outline_model.index_of(scope.id)
    assert index.siblingAtColumn(1).data() == ClauseBadge.PROPOSED
    assert view.select_item(scope.id)
    panel = view.variants
    assert panel.heading.text().startswith("Proposed wording in \u201cScope\u201d, standing for")
    assert panel.current.toPlainText().startswith(SCOPE)
    wheres = [card.title.text() for card in panel.cards.cards]
    assert len(wheres) >= 3 and any("Mobile Phone Policy" in w for w in wheres)
    assert panel.keep_sources_button.isVisibleTo(panel)
    assert not panel.use_proposal_button.isVisibleTo(panel)
    mobile = "This policy applies to all employees of the Council, including temporary and " \
             "agency staff, contractors and volunteers who have been issued with"
    assert mobile not in _preview(main_window)

    with qtbot.waitSignal(view.controller.preview_updated, timeout=10000):
        panel.keep_sources_button.click()
    assert mobile in _preview(main_window)
    assert "The Mobile devices chapter applies to all employees" not in _preview(main_window)
    assert panel.use_proposal_button.isVisibleTo(panel)
    assert main_window.undo_stack.undoText() == "Keep the sources as they were"

    with qtbot.waitSignal(view.controller.preview_updated, timeout=10000):
        panel.use_proposal_button.click()
    assert mobile not in _preview(main_window)
    assert "The Mobile devices chapter applies to all employees" in _preview(main_window)


def test_a_source_clause_folded_into_a_proposal_says_where_its_words_went(view):
    scope = _scope(view)
    source = next(c for c in view.store.plan.clauses
                  if view.store.resolved_clause(c.id).reworded_into == scope.id)
    index = view.outline_model.index_of(source.id)
    assert index.siblingAtColumn(1).data() == ClauseBadge.REWORDED
    assert view.select_item(source.id)
    panel = view.variants
    assert panel.heading.text() == ("Reworded: this clause's words are in the proposed wording "
                                    "in \u201cScope\u201d")
    assert panel.current.toPlainText().startswith(SCOPE)
    assert panel.keep_sources_button.isVisibleTo(panel)
    assert not panel.edit_button.isVisibleTo(panel)
