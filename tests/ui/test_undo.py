"""Undo/redo in the Consolidate view: exact previous plans, the modified marker, drag and drop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from consolidator.consolidation.plan import OUTLINE, Decision, DecisionKind
from tests.conftest import SAMPLE_FILES


@pytest.fixture
def view(qtbot, main_window, tmp_path):
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files(SAMPLE_FILES)
    qtbot.waitUntil(lambda: view.store.plan is not None, timeout=30000)
    yield view
    main_window.undo_stack.setClean()


def test_undo_redo_restore_exact_plans_and_modified_marker(view, main_window):
    stack = main_window.undo_stack
    plans = [view.store.plan]
    clause = view.store.plan.clauses[5]
    section = view.store.plan.sections[1]
    steps = [
        ([Decision(DecisionKind.CUSTOM, clause.id, "First wording.")], "edit"),
        ([Decision(DecisionKind.CUSTOM, clause.id, "Second wording.")], "edit again"),
        ([Decision(DecisionKind.EXCLUDE, section.id)], "exclude"),
        ([Decision(DecisionKind.RENAME, section.id, "Who it covers")], "rename"),
    ]
    assert not main_window.isWindowModified()
    for decisions, text in steps:
        assert view.apply_decisions(decisions, text)
        plans.append(view.store.plan)
    assert main_window.isWindowModified()
    assert stack.count() == 4 and stack.undoText() == "rename"
    for expected in reversed(plans[:-1]):
        main_window.actions_by_name["undo"].trigger()
        assert view.store.plan == expected
    assert not main_window.isWindowModified()
    assert view.store.plan.decision("wording:" + clause.id) is None
    for expected in plans[1:]:
        main_window.actions_by_name["redo"].trigger()
        assert view.store.plan == expected
    assert main_window.isWindowModified()
    stack.setClean()
    assert not main_window.isWindowModified()
    stack.undo()
    assert main_window.isWindowModified()


def test_same_decision_again_pushes_nothing(view, main_window):
    decision = Decision(DecisionKind.EXCLUDE, view.store.plan.clauses[0].id)
    assert view.apply_decisions([decision], "exclude")
    assert not view.apply_decisions([decision], "exclude")
    assert main_window.undo_stack.count() == 1


def test_drag_and_drop_reorder_is_undoable(view, main_window, qtbot):
    model = view.outline_model
    stack = main_window.undo_stack
    before = view.store.plan
    chapter = model.index(1, 0)  # the second chapter
    chapter_id = model.item_id(chapter)
    data = model.mimeData([chapter])
    # Dropped at the top level, row 0: it becomes the first chapter.
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, model.index(-1, -1)) is False
    qtbot.waitUntil(lambda: stack.count() == 1)
    assert view.store.plan.decision("order:" + OUTLINE).order[0] == chapter_id
    assert model.item_id(model.index(0, 0)) == chapter_id
    stack.undo()
    assert view.store.plan == before
    assert model.item_id(model.index(1, 0)) == chapter_id
    stack.redo()
    assert model.item_id(model.index(0, 0)) == chapter_id


def test_drag_clause_to_another_section_moves_it_in_one_step(view, main_window, qtbot):
    model = view.outline_model
    stack = main_window.undo_stack
    plan = view.store.plan
    source = next(s for s in plan.sections if len(s.clause_ids) > 2)
    target = next(s for s in plan.sections if s.clause_ids and s.id != source.id
                  and s.level == 1)
    clause_id = source.clause_ids[1]
    data = model.mimeData([model.index_of(clause_id)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, model.index_of(target.id))
    qtbot.waitUntil(lambda: stack.count() == 1)
    assert view.store.section_of_clause(clause_id) == target.id
    assert model.item_id(model.index(0, 0, model.index_of(target.id))) == clause_id
    assert {d.kind for d in view.store.plan.decisions} >= {DecisionKind.MOVE,
                                                            DecisionKind.REORDER}
    stack.undo()  # one step undoes both the move and the new order
    assert view.store.plan == plan
    assert view.store.section_of_clause(clause_id) == source.id


def test_recovered_work_is_one_undoable_step(view, main_window):
    from ui.consolidate_commands import ReplaceDecisionsCommand

    before = view.store.plan
    new = before.with_decision(Decision(DecisionKind.EXCLUDE, before.clauses[2].id)).decisions
    main_window.undo_stack.push(ReplaceDecisionsCommand(view.store, before.decisions, new,
                                                        "Recover"))
    assert view.store.plan.decisions == new
    main_window.undo_stack.undo()
    assert view.store.plan == before
