"""Keyboard (issue #15, point 11): reordering the outline with Ctrl+Up / Ctrl+Down, Ctrl+Enter
accepting the text being edited, and a visible mark on the focused list or text box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from consolidator.consolidation.resolve import Resolver
from tests.ui.helpers import write_conflicting_policies


@pytest.fixture
def view(qtbot, main_window, tmp_path):
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files(write_conflicting_policies(tmp_path))
    qtbot.waitUntil(lambda: view.store.plan is not None and len(view.store.docs) == 3
                    and not main_window.runner.is_busy(), timeout=30000)
    main_window.show_view("consolidate")
    yield view
    main_window.undo_stack.setClean()


def siblings(view, clause_id: str) -> list[str]:
    r = Resolver(view.store.plan)
    return list(r.shape.members[r.parent[clause_id]])


def test_ctrl_down_and_ctrl_up_reorder_the_selected_clause(qtbot, view, main_window):
    r = Resolver(view.store.plan)
    section = next(s for s in r.shape.members if len(r.shape.members[s]) >= 2)
    first, second = r.shape.members[section][:2]
    view.select_item(first)
    view.outline.setFocus()
    QTest.keyClick(view.outline, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: siblings(view, first)[:2] == [second, first])
    assert view.outline.selected == first  # the moved clause stays selected
    assert main_window.undo_stack.undoText() == "Move clause down"
    QTest.keyClick(view.outline, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: siblings(view, first)[:2] == [first, second])
    # at the top: nothing moves, the status bar says why
    QTest.keyClick(view.outline, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert siblings(view, first)[:2] == [first, second]
    assert "already the first" in main_window.statusBar().currentMessage()
    assert view.outline.selected == first


def test_ctrl_enter_accepts_the_edit_dialog(qtbot):
    from ui.variants_panel import WordingDialog

    dialog = WordingDialog(None, "Edit clause", "Old wording.", "Your own wording.")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editor.setFocus()
    QTest.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.editor.toPlainText() == "Old wording."  # Ctrl+Enter adds no new line


def test_the_focused_list_or_text_box_is_clearly_marked(qapp):
    from ui.app import application

    assert application() is qapp
    assert "QAbstractItemView:focus" in qapp.styleSheet()
    assert "palette(highlight)" in qapp.styleSheet()
