"""The topic matrix leads somewhere (issue #15, point 6): a cell goes to the conflicts it
counts, one click after another; headers fit on two lines; the symbols are explained; the
tooltips count in good English."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import write_conflicting_policies
from ui.outline_model import OutlineRole
from ui.topic_matrix import LEGEND, header_text


@pytest.fixture
def view(qtbot, main_window, tmp_path):
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.resize(1300, 850)
    main_window.add_files(write_conflicting_policies(tmp_path))
    qtbot.waitUntil(lambda: view.store.plan is not None and len(view.store.docs) == 3
                    and not main_window.runner.is_busy(), timeout=30000)
    main_window.show_view("consolidate")
    view.tabs.setCurrentIndex(1)
    yield view
    main_window.undo_stack.setClean()


def conflict_cell(view):
    model = view.matrix_filter
    return next(model.index(r, c) for r in range(model.rowCount())
                for c in range(model.columnCount()) if "\u26a0" in model.index(r, c).data())


def test_clicking_a_conflict_cell_shows_each_of_its_conflicts_in_turn(qtbot, view):
    cell = conflict_cell(view)
    targets = cell.data(OutlineRole.TARGETS)
    assert len(targets) == 1  # this policy's laptop rule ...
    assert "\u26a02 conflicts" in cell.data()  # ... in two conflicts
    first = view.go_to_cell(cell)
    assert view.tabs.currentIndex() == 0  # the outline, with the clause selected
    assert view.outline.selected == first and view.variants.clause_id == first
    assert view.store.open_conflicts_of(first)
    assert len(view.variants.conflict_label.text().splitlines()) == 2  # both conflicts shown
    # a cell of a topic with conflicts in two of its clauses: each click the next one
    view.tabs.setCurrentIndex(1)
    view.go_to_cell(cell)
    assert view.outline.selected == first  # one clause: the same one again


def test_headers_tooltips_and_the_legend_speak_plainly(view):
    assert header_text("Internet Use Policy") == "Internet\nUse Policy"
    assert header_text("Email Policy") == "Email Policy"
    model = view.matrix_model
    # the policy's title, as the author knows it (not its file name)
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == \
        view.store.docs[0].title
    tips = [model.index(r, c).data(Qt.ItemDataRole.ToolTipRole)
            for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert not any(" 1 clauses" in t or " 1 conflicts" in t for t in tips)
    assert any("Click to go to the conflicts" in t for t in tips)
    for symbol in ("\u2713", "\u2261", "\u26a0", "\u2013"):
        assert symbol in LEGEND
    from PySide6.QtWidgets import QLabel

    assert any(label.text() == LEGEND for label in view.findChildren(QLabel))
