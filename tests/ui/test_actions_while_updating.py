"""Quick actions while a large plan is being prepared: each is worked out on the newest plan.

After each decision the outline of a large plan follows a few hundred milliseconds later (it is
prepared on a worker). A second action in that window — a click in the variants panel, Delete,
F2, a drag, a section edit — is an intent worked out by consolidation/edits.py on the newest
decisions and applied at once, never computed from the plan still on screen (the cases one by
one are core tests: tests/core/test_edits.py). These tests hold the preparation on a worker
until they let it go.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

import ui.consolidate_commands as consolidate_commands
from consolidator.consolidation.plan import ClauseStatus, DecisionKind
from consolidator.consolidation.resolve import open_conflicts
from tests.conftest import samples_with_a_variant
from ui.consolidate_commands import PlanStore


@pytest.fixture
def gate(monkeypatch):
    """An Event a plan's preparation on a worker waits for (set: no wait)."""
    gate = threading.Event()
    gate.set()
    real = consolidate_commands.prepare_plan

    def waiting(*args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            assert gate.wait(20), "the test never let the preparation go"
        return real(*args, **kwargs)

    monkeypatch.setattr(consolidate_commands, "prepare_plan", waiting)
    yield gate
    gate.set()


@pytest.fixture
def view(qtbot, main_window, tmp_path, monkeypatch, gate):
    from ui.consolidate_view import install_consolidate_view

    monkeypatch.setattr(PlanStore, "sync_clause_limit", 0)  # every plan prepared on a worker
    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files(samples_with_a_variant(tmp_path / "policies"))
    qtbot.waitUntil(lambda: view.store.state is not None and view.controller.document is not None,
                    timeout=30000)
    main_window.show_view("consolidate")
    yield view
    gate.set()
    main_window.undo_stack.setClean()


def settle(qtbot, view, gate) -> None:
    """Lets every preparation go and waits until the outline shows the newest plan."""
    gate.set()
    qtbot.waitUntil(lambda: not view.store.is_preparing(), timeout=10000)


def hold(qtbot, view, gate) -> None:
    """From now on a new plan stays in preparation until `settle`."""
    gate.clear()


def chapters(view) -> list[str]:
    model = view.outline_model
    return [model.item_id(model.index(r, 0)) for r in range(model.rowCount())]


def children(view, section_id: str, kind: str) -> list[str]:
    model = view.outline_model
    parent = model.index_of(section_id) if section_id else QModelIndex()
    ids = [model.index(r, 0, parent) for r in range(model.rowCount(parent))]
    return [model.item_id(i) for i in ids if model.item_kind(i) == kind]


def drop(view, qtbot, ids: list[str], parent_id: str, row: int) -> None:
    model = view.outline_model
    data = model.mimeData([model.index_of(i) for i in ids])
    parent = model.index_of(parent_id) if parent_id else QModelIndex()
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, row, 0, parent)
    stack = view.context.undo_stack
    before = stack.count()
    model.dropMimeData(data, Qt.DropAction.MoveAction, row, 0, parent)
    # the drop's decisions are asked for on the next turn of the event loop
    qtbot.waitUntil(lambda: stack.count() > before, timeout=5000)


# --- the variants panel -------------------------------------------------------------------------

def a_clause_with_variants(view, main_window, qtbot):
    """Returns (clause, resolved clause) of a duplicate worded differently in its sources,
    with its conflicts decided (so its variants can be chosen); the undo stack is empty."""
    plan = view.store.plan
    clause = next(c for c in plan.clauses if c.status is ClauseStatus.MERGED
                  and len({r.text for r in c.sources}) > 1)
    undecided = [x for x in open_conflicts(plan) if clause.id in plan.conflict_clauses(x)]
    if undecided:
        from consolidator.consolidation.plan import Decision

        view.apply_decisions([Decision(DecisionKind.KEEP, x.id) for x in undecided],
                             "Keep both variants")
        qtbot.waitUntil(lambda: not view.store.is_preparing(), timeout=10000)
    main_window.undo_stack.clear()
    rc = view.store.resolved_clause(clause.id)
    assert len(rc.kept) == 1 and not rc.excluded
    return clause, rc


def card_of(view, key: str):
    panel = view.variants
    clause = view.store.plan.clause(panel.clause_id)
    position = [r.key for r in clause.sources].index(key)
    return panel.cards.cards[position]


def test_two_quick_variant_choices_both_count(view, main_window, qtbot, gate):
    clause, rc = a_clause_with_variants(view, main_window, qtbot)
    in_use = rc.kept[0].key
    other = next(r.key for r in clause.sources if r.text != rc.kept[0].text)
    assert view.select_item(clause.id)
    assert not card_of(view, in_use).button.isEnabled()  # "in use"
    hold(qtbot, view, gate)
    card_of(view, other).button.click()
    assert view.store.is_preparing()
    # The panel still shows the first variant in use: choosing it back must not be lost.
    card_of(view, in_use).button.click()
    settle(qtbot, view, gate)
    assert main_window.undo_stack.count() == 2
    assert view.store.plan.decision("wording:" + clause.id).value == in_use
    assert view.store.resolved_clause(clause.id).kept[0].key == in_use
    main_window.undo_stack.undo()
    settle(qtbot, view, gate)
    assert view.store.resolved_clause(clause.id).kept[0].key == other


def test_edit_text_right_after_a_variant_choice_starts_from_that_variant(
        view, main_window, qtbot, gate, monkeypatch):
    clause, rc = a_clause_with_variants(view, main_window, qtbot)
    chosen = next(r for r in clause.sources if r.text != rc.kept[0].text)
    asked: list[str] = []

    def answer(parent, title, text, hint):
        asked.append(text)
        return text + " Edited."

    monkeypatch.setattr("ui.variants_panel.ask_for_wording", answer)
    assert view.select_item(clause.id)
    hold(qtbot, view, gate)
    card_of(view, chosen.key).button.click()
    view.variants.edit_button.click()
    settle(qtbot, view, gate)
    assert asked == [chosen.text]
    assert view.store.resolved_clause(clause.id).text == chosen.text + " Edited."


def test_exclude_button_twice_toggles_back(view, main_window, qtbot, gate):
    clause, _rc = a_clause_with_variants(view, main_window, qtbot)
    assert view.select_item(clause.id)
    hold(qtbot, view, gate)
    view.variants.exclude_button.click()
    assert view.store.is_preparing()
    view.variants.exclude_button.click()  # the panel still says "Exclude"
    settle(qtbot, view, gate)
    assert main_window.undo_stack.count() == 2
    assert view.store.plan.decision("exclude:" + clause.id).kind is DecisionKind.INCLUDE
    assert not view.store.resolved_clause(clause.id).excluded


# --- the outline: Delete, rename, drag and drop ------------------------------------------------

def test_delete_on_a_clause_right_after_excluding_its_section_includes_it_back(
        view, main_window, qtbot, gate):
    def included(section):
        return [c for c in children(view, section, "clause")
                if view.store.resolved_clause(c).in_output]

    section = next(s for s in chapters(view) if len(included(s)) >= 2)
    clause_id = included(section)[0]
    assert view.select_item(section)
    hold(qtbot, view, gate)
    view.toggle_exclude_selected()
    assert view.select_item(clause_id)  # shown as included still
    view.toggle_exclude_selected()
    settle(qtbot, view, gate)
    assert view.store.plan.decision("exclude:" + section).kind is DecisionKind.EXCLUDE
    assert not view.store.resolved_clause(clause_id).excluded  # brought back into its section
    assert view.store.plan.decision("exclude:" + clause_id).kind is DecisionKind.INCLUDE


def test_rename_right_after_a_move(view, main_window, qtbot, gate):
    before = chapters(view)
    moving = before[2]
    hold(qtbot, view, gate)
    drop(view, qtbot, [moving], "", 0)  # to the top
    assert view.store.is_preparing()
    assert view.select_item(moving)
    view.outline.setFocus()
    QTest.keyClick(view.outline, Qt.Key.Key_F2)
    editor = view.outline.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    QTest.keyClicks(editor, "Renamed in a hurry")
    gate.set()
    qtbot.waitUntil(lambda: not view.store.is_preparing(), timeout=10000)
    # The outline followed the move: the rename being typed is still there, on the same section.
    editor = view.outline.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Renamed in a hurry"
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: main_window.undo_stack.count() == 2, timeout=5000)  # asked, queued
    settle(qtbot, view, gate)
    assert chapters(view)[0] == moving
    assert view.store.plan.decision("rename:" + moving).value == "Renamed in a hurry"
    assert main_window.undo_stack.count() == 2


def test_rename_back_right_after_a_rename(view, main_window, qtbot, gate):
    section = chapters(view)[1]
    model = view.outline_model
    title = model.data(model.index_of(section), Qt.ItemDataRole.EditRole)
    hold(qtbot, view, gate)
    assert model.setData(model.index_of(section), "Another title")
    qtbot.waitUntil(view.store.is_preparing, timeout=5000)  # asked for on the next turn
    model.setData(model.index_of(section), title)  # the outline still shows the old title
    settle(qtbot, view, gate)
    assert model.data(model.index_of(section), Qt.ItemDataRole.EditRole) == title
    assert main_window.undo_stack.count() == 2


def test_two_quick_moves_in_one_chapter_keep_both(view, main_window, qtbot, gate):
    before = chapters(view)
    hold(qtbot, view, gate)
    drop(view, qtbot, [before[3]], "", 0)
    assert view.store.is_preparing()
    drop(view, qtbot, [before[4]], "", 0)  # computed from the order still shown
    settle(qtbot, view, gate)
    after = chapters(view)
    assert after[:2] == [before[4], before[3]]
    assert main_window.undo_stack.count() == 2


# --- section edits ----------------------------------------------------------------------------

def test_add_section_right_after_a_move_keeps_the_move(view, main_window, qtbot, gate):
    before = chapters(view)
    hold(qtbot, view, gate)
    drop(view, qtbot, [before[3]], "", 0)
    assert view.select_item(before[0])  # shown first still; second after the move
    new_id = view.section_edits.add_section()
    settle(qtbot, view, gate)
    after = chapters(view)
    assert after[:3] == [before[3], before[0], new_id]
    assert view.outline_model.item_id(view.outline.currentIndex()) == new_id


def test_merge_right_after_a_move_merges_into_the_section_now_before_it(view, qtbot, gate):
    before = chapters(view)
    hold(qtbot, view, gate)
    drop(view, qtbot, [before[3]], "", 1)  # before[3] now sits between before[0] and before[1]
    assert view.select_item(before[1])
    view.section_edits.merge_into_previous()
    settle(qtbot, view, gate)
    assert view.store.plan.decision("merge:" + before[1]).value == before[3]


def test_split_right_after_a_move_splits_where_the_clause_is_now(view, qtbot, gate):
    source = next(s for s in chapters(view) if len(children(view, s, "clause")) >= 3)
    target = next(s for s in chapters(view) if s != source
                  and len(children(view, s, "clause")) >= 2)
    moving = children(view, source, "clause")[1]
    hold(qtbot, view, gate)
    drop(view, qtbot, [moving], target, 0)  # to the top of another chapter: first there
    assert view.select_item(moving)
    view.section_edits.split_here()  # the outline still shows it second in its old chapter
    settle(qtbot, view, gate)
    assert view.store.plan.decision("split:" + source) is None
    assert children(view, target, "clause")[0] == moving


def test_undo_right_after_two_quick_actions_undoes_the_last(view, main_window, qtbot, gate):
    clause, _rc = a_clause_with_variants(view, main_window, qtbot)
    assert view.select_item(clause.id)
    hold(qtbot, view, gate)
    view.toggle_exclude_selected()
    view.toggle_exclude_selected()  # the outline still says "included": it includes back
    main_window.undo_stack.undo()
    settle(qtbot, view, gate)
    assert view.store.resolved_clause(clause.id).excluded
    assert main_window.undo_stack.index() == 1


def test_cancel_while_the_outline_updates_still_shows_the_plan(view, main_window, qtbot, gate):
    clause, _rc = a_clause_with_variants(view, main_window, qtbot)
    assert view.select_item(clause.id)
    hold(qtbot, view, gate)
    view.toggle_exclude_selected()
    view.toggle_exclude_selected()
    main_window.runner.cancel_all()  # Esc while "Updating the outline"
    settle(qtbot, view, gate)
    assert main_window.undo_stack.count() == 2
    assert view.store.state.plan is view.store.plan
    assert not view.store.resolved_clause(clause.id).excluded
