"""One Find for every view (issue #15, point 5): Ctrl+F finds in Compare, Consolidate and
Preview; Previous / Next change are enabled only where there are changes to go to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def find(qtbot, window, text: str):
    window.actions_by_name["find"].trigger()  # Ctrl+F
    bar = window.views[window.current_view_key()].find_bar
    qtbot.waitUntil(bar.isVisible)
    bar.field.setText(text)
    return bar


def test_find_in_the_consolidate_view_selects_each_match_in_turn(qtbot, app_window):
    app_window.show_view("consolidate")
    view = app_window.views["consolidate"]
    bar = find(qtbot, app_window, "LAPTOP")  # any case
    assert bar.count_label.text() == "1 of 3"
    first = view.outline.selected
    assert "laptop" in view.store.resolved_clause(first).text
    QTest.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 3" and view.outline.selected != first
    QTest.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert view.outline.selected == first
    bar.field.setText("no such words anywhere")
    assert bar.count_label.text() == "No matches"


def test_find_in_the_preview_selects_the_text(qtbot, app_window):
    app_window.show_view("preview")
    preview = app_window.views["preview"]
    bar = find(qtbot, app_window, "Hours")  # the three undecided rules, all printed
    assert bar.count_label.text() == "1 of 3"
    assert preview.browser.textCursor().selectedText() == "hours"
    QTest.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 3"
    QTest.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_find_in_compare_and_change_navigation_only_where_there_are_changes(qtbot, app_window):
    acts = app_window.actions_by_name
    compare = app_window.views["compare"]
    app_window.show_view("compare")
    qtbot.waitUntil(lambda: compare.presentation is not None, timeout=20000)
    assert acts["next_change"].isEnabled()
    bar = find(qtbot, app_window, "laptop")
    assert bar.count_label.text().endswith("of 2")
    for key in ("consolidate", "preview"):
        app_window.show_view(key)
        assert acts["find"].isEnabled(), key
        assert not acts["next_change"].isEnabled() and not acts["previous_change"].isEnabled()
    app_window.show_view("compare")
    assert acts["next_change"].isEnabled()


def test_nothing_to_find_on_the_welcome_page(main_window):
    assert not main_window.actions_by_name["find"].isEnabled()
    assert not main_window.actions_by_name["next_change"].isEnabled()
