"""Add section, Split section here, Merge into previous section: the outline and Ctrl+Z."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from consolidator.consolidation.plan import split_section_id
from tests.conftest import SAMPLE_FILES


@pytest.fixture
def view(qtbot, main_window, tmp_path):
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files(SAMPLE_FILES)
    qtbot.waitUntil(lambda: view.store.plan is not None, timeout=30000)
    yield view
    main_window.undo_stack.setClean()


def chapters(view):
    model = view.outline_model
    return [model.item_id(model.index(r, 0)) for r in range(model.rowCount())]


def children(view, section_id, kind):
    model = view.outline_model
    parent = model.index_of(section_id)
    ids = [model.index(r, 0, parent) for r in range(model.rowCount(parent))]
    return [model.item_id(i) for i in ids if model.item_kind(i) == kind]


def ctrl_z(main_window):
    main_window.activateWindow()
    QTest.keyClick(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def a_chapter_with_clauses(view, at_least=2):
    return next(sid for sid in chapters(view) if len(children(view, sid, "clause")) >= at_least)


def test_actions_are_in_the_context_and_edit_menus(view, main_window):
    edits = view.section_edits
    names = [a.text() for a in view.outline.actions()]
    for action in edits.actions:
        assert action.text() in names
    edit_menu = next(a.menu() for a in main_window.menuBar().actions()
                     if a.text().replace("&", "") == "Edit")
    assert all(a in edit_menu.actions() for a in edits.actions)
    assert view.outline.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu


def test_add_section_after_the_selected_chapter_and_undo(view, main_window):
    before_plan, before = view.store.plan, chapters(view)
    first = before[0]
    assert view.select_item(first)
    view.section_edits.add_action.trigger()
    after = chapters(view)
    assert len(after) == len(before) + 1
    new_id = after[1]
    assert new_id.startswith("p-new-") and after[:1] + after[2:] == before
    assert view.outline_model.item_id(view.outline.currentIndex()) == new_id
    assert main_window.undo_stack.undoText() == "Add section"
    ctrl_z(main_window)
    assert chapters(view) == before and view.store.plan == before_plan


def test_split_section_here_and_undo(view, main_window):
    before_plan = view.store.plan
    section = a_chapter_with_clauses(view, 3)
    clauses = children(view, section, "clause")
    assert view.select_item(clauses[1])
    assert view.section_edits.split_action.isEnabled()
    view.section_edits.split_action.trigger()
    new_id = split_section_id(section, clauses[1])
    assert children(view, section, "clause") == clauses[:1]
    assert children(view, new_id, "clause") == clauses[1:]
    order = chapters(view)
    assert order[order.index(section) + 1] == new_id
    ctrl_z(main_window)
    assert view.store.plan == before_plan
    assert children(view, section, "clause") == clauses
    assert view.outline_model.index_of(new_id).isValid() is False


def test_split_twice_in_one_section_keeps_both_splits(view, main_window):
    section = a_chapter_with_clauses(view, 3)
    clauses = children(view, section, "clause")
    assert view.select_item(clauses[2])
    view.section_edits.split_here()
    assert view.select_item(clauses[1])
    view.section_edits.split_here()
    first = split_section_id(section, clauses[1])
    assert children(view, section, "clause") == clauses[:1]
    assert children(view, first, "clause") == clauses[1:2]
    assert children(view, split_section_id(first, clauses[2]), "clause") == clauses[2:]
    ctrl_z(main_window)
    assert children(view, section, "clause") == clauses[:2]


def test_split_is_disabled_on_a_sections_first_clause(view):
    section = a_chapter_with_clauses(view, 1)
    assert view.select_item(children(view, section, "clause")[0])
    assert not view.section_edits.split_action.isEnabled()
    assert view.section_edits.split_here() == ""


def test_merge_into_previous_section_and_undo(view, main_window):
    before_plan, before = view.store.plan, chapters(view)
    receiver, merged = before[0], before[1]
    own = children(view, receiver, "clause")
    moved = children(view, merged, "clause")
    assert view.select_item(merged)
    assert view.section_edits.merge_action.isEnabled()
    view.section_edits.merge_action.trigger()
    assert chapters(view) == [receiver] + before[2:]
    assert children(view, receiver, "clause") == own + moved
    ctrl_z(main_window)
    assert chapters(view) == before and view.store.plan == before_plan


def test_merge_is_disabled_on_the_first_chapter(view):
    assert view.select_item(chapters(view)[0])
    assert not view.section_edits.merge_action.isEnabled()
