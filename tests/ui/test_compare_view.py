"""The Compare view: choosing what to compare, synchronised panes, navigation, find, export."""

from __future__ import annotations

import threading
import zipfile

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from consolidator.diffing import RowKind, diff_blocks
from consolidator.model import Block, BlockKind, Cell, Run, SourceDocument, Table, finish_blocks
from consolidator.sections import iter_sections
from tests.ui.helpers import add, make_doc, write_docx_policy
from ui.compare_model import LINE_SEPARATOR, ChangeKind, build_presentation, side_text
from ui.compare_panes import LEFT, RIGHT
from ui.views import install_compare_view

FILLER = ("Staff must use council systems responsibly and report any misuse to their manager "
          "promptly so that the council can act on it quickly.")


def long_pair() -> tuple[SourceDocument, SourceDocument]:
    """Returns two 150-paragraph policies differing at paragraphs 40, 90 and 140."""
    old = [f"{n}. {FILLER}" for n in range(150)]
    new = list(old)
    new[40] = f"40. {FILLER.replace('responsibly', 'carefully')}"
    new[90] = f"90. {FILLER} Breaches are reported within 24 hours."
    del new[140]
    return make_doc("old", "Long v1.docx", old), make_doc("new", "Long v2.docx", new)


def compare(qtbot, view, left: SourceDocument, right: SourceDocument, left_section: str = "",
            right_section: str = ""):
    with qtbot.waitSignal(view.comparison_shown, timeout=20000) as blocker:
        view.picker.choose(0, left.id, left_section)
        view.picker.choose(1, right.id, right_section)
    return blocker.args[0]


def test_choosing_two_policies_shows_the_aligned_rows_and_the_summary(qtbot, main_window, view):
    old = make_doc("a", "Email Policy v2.1.docx", [("h", "1 Purpose"), "Email is used daily.",
                                                  "Staff must lock screens.", "Old rule."])
    new = make_doc("b", "Email Policy.docx", [("h", "1 Purpose"), "Email is used every day.",
                                             "Staff must lock screens.", "A new rule here."
                                             " Reported within 24 hours."])
    add(main_window, old, new)
    shown = compare(qtbot, view, old, new)
    assert view.presentation is shown
    assert [r.kind.value for r in shown.rows][:3] == ["equal", "changed", "equal"]
    assert view.header.text().startswith("Email Policy v2.1.docx \u2192 Email Policy.docx: ")
    assert f"{shown.diff.change_count} change" in view.header.text()
    assert view.change_model.rowCount() == shown.diff.change_count > 0
    assert view.change_model.data(view.change_model.index(0, 0)) == "Changed: 1 Purpose"
    assert view.left_title.text() == "Older: Email Policy v2.1.docx"
    changed = shown.rows[1]
    assert changed.left.text == "Email is used daily." and changed.right.text.endswith("day.")
    # both sides of every row have one height: the panes are aligned row by row
    g = view.geometry_
    g.ensure_exact(0, len(shown.rows) - 1)
    for row in range(len(shown.rows)):
        assert g.heights[row] >= max(g.side_height(row, LEFT), g.side_height(row, RIGHT))
    assert main_window.actions_by_name["export_comparison"].isEnabled()


def test_a_presentation_without_row_shapes_is_estimated_all_the_same(qtbot, main_window, view):
    from dataclasses import replace

    old = make_doc("a", "Email Policy v2.1.docx", [("h", "1 Purpose"), "Email is used daily.",
                                                  "Staff must lock screens. " * 30])
    new = make_doc("b", "Email Policy.docx", [("h", "1 Purpose"), "Email is used every day."])
    add(main_window, old, new)
    shown = compare(qtbot, view, old, new)
    g = view.geometry_
    g.set_presentation(shown)  # estimates only (painting makes the rows on screen exact)
    estimated = list(g.heights)
    g.set_presentation(replace(shown, shapes=()))  # made elsewhere than build_presentation
    assert g.heights == estimated and len(estimated) == len(shown.rows)


def test_next_and_previous_change_keys_move_and_scroll_both_panes(qtbot, main_window, view):
    old, new = long_pair()
    add(main_window, old, new)
    shown = compare(qtbot, view, old, new)
    starts = [c.first_row for c in shown.changes]
    assert len(starts) == 3
    left, right = view.left_pane.verticalScrollBar(), view.right_pane.verticalScrollBar()
    assert left.value() == right.value() == 0
    main_window.activateWindow()
    view.left_pane.setFocus()
    QTest.keyClick(view.left_pane, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: view.current_row == starts[0])
    assert view.counter.text() == "Change 1 of 3"
    first = left.value()
    assert first > 0 and right.value() == first
    QTest.keyClick(view.left_pane, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.current_row == starts[1])
    assert left.value() > first and right.value() == left.value()
    assert view.counter.text() == "Change 2 of 3"
    assert view.change_list.currentIndex().row() == 1
    QTest.keyClick(view.left_pane, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: view.current_row == starts[0])
    assert right.value() == left.value() == first
    main_window.actions_by_name["next_change"].trigger()
    main_window.actions_by_name["next_change"].trigger()
    assert view.counter.text() == "Change 3 of 3"
    assert not view.next_button.isEnabled() and view.previous_button.isEnabled()


def test_scrolling_one_pane_scrolls_the_other(qtbot, main_window, view):
    old, new = long_pair()
    add(main_window, old, new)
    compare(qtbot, view, old, new)
    left, right = view.left_pane.verticalScrollBar(), view.right_pane.verticalScrollBar()
    assert left.maximum() == right.maximum() > 500
    left.setValue(420)
    assert right.value() == 420
    right.setValue(610)
    assert left.value() == 610
    # the same row is at the top of both panes
    assert view.left_pane.visible_rows() == view.right_pane.visible_rows()


def test_a_superseded_comparison_is_dropped(qtbot, main_window):
    release = threading.Event()
    calls: list[str] = []

    def slow_first(a, b, options, **kwargs):
        calls.append(kwargs["right_title"])
        if len(calls) == 1:
            release.wait(20)  # ignores cancel on purpose: its result must still be dropped
        return diff_blocks(a, b, options, **kwargs)

    from ui.compare_view import CompareView
    view = CompareView(main_window.sources_model, main_window.run_task, diff=slow_first)
    main_window.add_view("compare", "Compare", view)
    main_window.show_view("compare")
    a = make_doc("a", "A.docx", ["One.", "Two."])
    b = make_doc("b", "B.docx", ["One.", "Two changed."])
    c = make_doc("c", "C.docx", ["One.", "Three.", "Four."])
    add(main_window, a, b, c)
    try:
        view.picker.choose(0, a.id)
        view.picker.choose(1, b.id)
        view.compare_now()
        qtbot.waitUntil(lambda: len(calls) == 1)
        with qtbot.waitSignal(view.comparison_shown, timeout=20000) as blocker:
            view.picker.choose(1, c.id)
            view.compare_now()
        assert blocker.args[0].diff.right_title == "C.docx"
    finally:
        release.set()
    assert main_window.runner.wait(10000)
    qtbot.wait(50)  # let the first worker's (stale) signals arrive on the UI thread
    assert view.presentation.diff.right_title == "C.docx"
    assert view.right_title.text() == "Right: C.docx"  # two different policies


def test_section_against_a_section_of_another_policy(qtbot, main_window, view):
    email = make_doc("e", "Email Policy.docx", [("h", "1 Scope"), "All staff.",
                                                ("h", "2 Personal use"), "Limited use allowed.",
                                                ("h", "3 Monitoring"), "Email is monitored."])
    internet = make_doc("i", "Internet Policy.docx", [("h", "1 Scope"), "All staff.",
                                                      ("h", "2 Personal use"),
                                                      "Limited use is allowed.",
                                                      ("h", "3 Filtering"), "Sites are blocked."])
    add(main_window, email, internet)
    section_a = next(s for s in iter_sections(email) if s.title == "Personal use")
    section_b = next(s for s in iter_sections(internet) if s.title == "Personal use")
    combo = view.picker.section_combos[0]
    compare(qtbot, view, email, internet)
    assert [combo.itemText(n).strip() for n in range(combo.count())] == [
        "Whole policy", "1 Scope", "2 Personal use", "3 Monitoring"]
    shown = compare(qtbot, view, email, internet, section_a.id, section_b.id)
    texts = [(r.left.text if r.left else None, r.right.text if r.right else None)
             for r in shown.rows]
    assert texts == [("2 Personal use", "2 Personal use"),
                     ("Limited use allowed.", "Limited use is allowed.")]
    assert "Email Policy.docx, 2 Personal use \u2192 Internet Policy.docx, 2 Personal use" \
        in view.header.text()
    assert view.change_model.rowCount() == 1


def test_swap_and_options_start_a_new_comparison(qtbot, main_window, view):
    a = make_doc("a", "A.docx", ["Staff MUST report.", "Same."])
    b = make_doc("b", "B.docx", ["Staff must report.", "Same."])
    add(main_window, a, b)
    assert not compare(qtbot, view, a, b).diff.identical
    with qtbot.waitSignal(view.comparison_shown, timeout=20000) as blocker:
        view.picker.ignore_case.setChecked(True)
    assert blocker.args[0].diff.identical
    assert "no differences (ignoring case)" in view.header.text()
    with qtbot.waitSignal(view.comparison_shown, timeout=20000) as blocker:
        view.picker.swap()
    assert blocker.args[0].diff.left_title == "B.docx"


def test_find_highlights_matches_and_steps_through_them(qtbot, main_window, view):
    old, new = long_pair()
    add(main_window, old, new)
    compare(qtbot, view, old, new)
    main_window.actions_by_name["find"].trigger()
    assert view.find_bar.isVisible()
    view.find_bar.field.setText("24 HOURS")
    assert len(view.matches) == 1
    match = view.matches[0]
    assert match.side == RIGHT and view.current_row == match.row
    assert view.right_pane.current_match == (match.row, match.start, match.end)
    assert view.find_bar.count_label.text() == "1 of 1"
    view.find_bar.field.setText("carefully")
    assert [(m.side, m.row) for m in view.matches] == [(RIGHT, 40)]
    view.find_bar.field.setText("council")
    total = len(view.matches)
    assert total == 2 * (150 + 149)  # twice in every paragraph, on both sides
    start = view.current_match  # the search starts from the current row (40), not the top
    assert view.matches[start].row == 40
    for _ in range(5):
        QTest.keyClick(view.find_bar.field, Qt.Key.Key_Return)
    assert view.current_match == start + 5 and view.current_row == 41
    assert view.find_bar.count_label.text() == f"{start + 6} of {total}"
    QTest.keyClick(view.find_bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert view.current_match == start + 4
    view.find_bar.field.setText("no such words")
    assert view.find_bar.count_label.text() == "No matches"
    QTest.keyClick(view.find_bar.field, Qt.Key.Key_Escape)
    assert not view.find_bar.isVisible() and not view.left_pane.matches


def test_moved_text_links_to_its_other_end(qtbot, main_window, view):
    paragraphs = [f"{n}. {FILLER} Clause {n}." for n in range(12)]
    moved = paragraphs[:2] + paragraphs[3:10] + [paragraphs[2]] + paragraphs[10:]
    a, b = make_doc("a", "A.docx", paragraphs), make_doc("b", "B.docx", moved)
    add(main_window, a, b)
    shown = compare(qtbot, view, a, b)
    ends = [n for n, r in enumerate(shown.rows) if r.partner_row >= 0]
    assert len(ends) == 2
    assert [c.kind for c in shown.changes] == [ChangeKind.MOVED, ChangeKind.MOVED]
    view.follow_move(ends[0])
    assert view.current_row == ends[1]
    view.follow_move(ends[1])
    assert view.current_row == ends[0]


def test_overview_strip_click_goes_to_the_nearest_change(qtbot, main_window, view):
    old, new = long_pair()
    add(main_window, old, new)
    shown = compare(qtbot, view, old, new)
    strip = view.strip
    last = shown.changes[-1]
    y = round(view.geometry_.top_of(last.first_row) * strip._scale()) + 2
    QTest.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(2, y))
    assert view.current_row == last.first_row


def test_export_comparison_writes_a_redline_and_a_report(qtbot, main_window, view, tmp_path):
    old_path = write_docx_policy(tmp_path, "old.docx", "Email Policy",
                                 ["Staff must lock screens.", "Email is monitored."])
    new_path = write_docx_policy(tmp_path, "new.docx", "Email Policy",
                                 ["Staff must lock their screens.", "Email is monitored."])
    import consolidator
    old, new = consolidator.read_document(old_path), consolidator.read_document(new_path)
    add(main_window, old, new)
    compare(qtbot, view, old, new)
    target = tmp_path / "out" / "redline.docx"
    target.parent.mkdir()
    with qtbot.waitSignal(view.export_finished, timeout=20000):
        view.export_comparison(str(target))
    with zipfile.ZipFile(target) as package:
        body = package.read("word/document.xml").decode()
    assert "w:ins" in body and "their" in body
    report = tmp_path / "out" / "report.html"
    with qtbot.waitSignal(view.export_finished, timeout=20000):
        view.export_comparison(str(report))
    assert "lock" in report.read_text(encoding="utf-8")
    assert "saved to report.html" in main_window.statusBar().currentMessage()


def test_export_comparison_refuses_to_replace_a_compared_policy(qtbot, main_window, view,
                                                               tmp_path, monkeypatch):
    old_path = write_docx_policy(tmp_path, "old.docx", "Email Policy", ["Staff lock screens."])
    new_path = write_docx_policy(tmp_path, "new.docx", "Email Policy", ["Staff lock them."])
    import consolidator
    old, new = consolidator.read_document(old_path), consolidator.read_document(new_path)
    add(main_window, old, new)
    compare(qtbot, view, old, new)
    before = new_path.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr("ui.errors.show_error",
                        lambda parent, title, message: shown.append(message))
    view.export_comparison(str(new_path))
    assert shown and "new.docx is the policy" in shown[0]
    assert not main_window.runner.is_busy() and new_path.read_bytes() == before


def test_compare_with_file_reads_it_on_a_worker(qtbot, main_window, view, tmp_path):
    path = write_docx_policy(tmp_path, "Email Policy v3.docx", "Email Policy",
                             ["Staff must lock their screens."])
    current = make_doc("a", "Email Policy.docx", [("h", "1 Email Policy"),
                                                  "Staff must lock screens."])
    add(main_window, current)
    with qtbot.waitSignal(view.comparison_shown, timeout=20000) as blocker:
        view.compare_with_file(str(path))
    assert blocker.args[0].diff.right_title.startswith("Email Policy v3.docx")
    assert view.picker.document(0).id == current.id
    assert "(from disk)" in view.picker.doc_combos[1].currentText()


def test_one_policy_alone_explains_what_to_do(qtbot, main_window, view):
    add(main_window, make_doc("a", "A.docx", ["Only one."]))
    qtbot.waitUntil(lambda: "Both sides" in view.header.text())
    assert view.presentation is None and view.counter.text() == ""


def test_tables_show_one_line_per_row_with_spans_kept_on_the_words():
    def para(text):
        return Block("", BlockKind.PARAGRAPH, (Run(text),))

    table = Table(((Cell((para("Role"),)), Cell((para("Duty"),))),
                   (Cell((para("Staff"),)), Cell((para("Comply"), para("Report"))))))
    old = finish_blocks("a", [Block("", BlockKind.TABLE, table=table)])
    changed = Table(((Cell((para("Role"),)), Cell((para("Duty"),))),
                     (Cell((para("Staff"),)), Cell((para("Obey"), para("Report"))))))
    new = finish_blocks("b", [Block("", BlockKind.TABLE, table=changed)])
    diff = diff_blocks(old, new)
    shown = side_text(new[0], diff.rows[0].right_spans)
    assert shown.text == f"Role \u2502 Duty{LINE_SEPARATOR}Staff \u2502 Obey Report"
    inserted = [shown.text[s.start:s.end] for s in shown.spans if s.op.value == "insert"]
    assert inserted == ["Obey"]
    assert build_presentation(diff).rows[0].right.text == shown.text


def test_policies_loaded_one_by_one_end_up_on_different_sides(view):
    """Policies added in turn must not leave both sides comparing the same policy."""
    first = make_doc("p1", "Email Policy.docx", ["Staff must lock their screens."])
    second = make_doc("p2", "Internet Use Policy.docx", ["Staff must not stream video."])
    add(view.window(), first)
    add(view.window(), second)
    left, right = (combo.currentData() for combo in view.picker.doc_combos)
    assert (left, right) == ("p1", "p2")


def test_split_and_joined_paragraphs_are_labelled_not_shown_as_deleted_and_inserted(
        qtbot, main_window, view):
    from ui.compare_model import PILCROW
    from ui.compare_panes import neutral_colours
    from ui.overview_strip import change_colour

    report = "Staff must report a lost device at once."
    approve = "Managers approve every personal device."
    old = make_doc("a", "Device Policy v1.docx", [("h", "1 Devices"), f"{report} {approve}",
                                                  ("h", "2 Accounts"), "Passwords change.",
                                                  "Accounts are reviewed."])
    new = make_doc("b", "Device Policy v2.docx", [("h", "1 Devices"), report, approve,
                                                  ("h", "2 Accounts"),
                                                  "Passwords change. Accounts are reviewed."])
    add(main_window, old, new)
    shown = compare(qtbot, view, old, new)
    assert [r.kind.value for r in shown.rows] == ["equal", "split", "split", "equal", "joined",
                                                  "joined"]
    assert [c.label for c in shown.changes] == ["Paragraph split: 1 Devices",
                                                "Paragraphs joined: 2 Accounts"]
    assert [view.change_model.data(view.change_model.index(n, 0)) for n in range(2)] == \
        ["Paragraph split: 1 Devices", "Paragraphs joined: 2 Accounts"]
    assert view.header.text().endswith("2 changes \u2014 1 paragraph split, 1 paragraph join")
    split, part = shown.rows[1], shown.rows[2]
    # the old paragraph and the first part carry a pilcrow where the break is; no word is
    # highlighted as deleted or inserted
    assert split.left.text == f"{report}{PILCROW} {approve}" and split.left.marks == (40,)
    assert split.right.text == f"{report}{PILCROW}" and split.right.marks == (40,)
    assert part.left is None and part.note == f"{PILCROW} Split from the paragraph above"
    assert part.right.text == approve and part.right.marks == ()
    joined, rest = shown.rows[4], shown.rows[5]
    assert joined.right.text == f"Passwords change.{PILCROW} Accounts are reviewed."
    assert rest.right is None and rest.note == f"{PILCROW} Joined into the paragraph above"
    for row in shown.rows:
        for side in (row.left, row.right):
            assert side is None or all(s.op.value == "equal" for s in side.spans)
    # one stop each on the keyboard, neutral colours (not the inserted/deleted ones)
    view.next_change()
    assert view.current_row == 1 and view.counter.text() == "Change 1 of 2"
    view.next_change()
    assert view.current_row == 4 and view.counter.text() == "Change 2 of 2"
    view.set_current_row(5)
    assert view.right_pane.accessibleDescription() == \
        f"Change 2 of 2. Row 6, joined: {PILCROW} Joined into the paragraph above"
    grey = neutral_colours(view.palette())[2]
    assert change_colour(ChangeKind.SPLIT, view.palette()) == grey
    assert change_colour(ChangeKind.JOINED, view.palette()) == grey
    assert not view.left_pane.grab().isNull() and not view.right_pane.grab().isNull()


def test_no_comparison_starts_while_policies_load_or_behind_another_view(qtbot, main_window):
    """Four large policies loading, or the Consolidate view in front: the Compare view waits,
    so its comparison does not take a core from reading and drafting; it compares once the
    loading has finished and the view is shown."""
    from ui.compare_view import CompareView

    calls: list[str] = []
    loading = [True]
    stopped: list[int] = []

    def counted(a, b, options, **kwargs):
        calls.append(kwargs["right_title"])
        return diff_blocks(a, b, options, **kwargs)

    view = CompareView(main_window.sources_model, main_window.run_task, diff=counted,
                       loading=lambda: loading[0], stop_stale=lambda: stopped.append(1))
    main_window.add_view("compare", "Compare", view)
    main_window.add_view("other", "Other", QLabel())
    main_window.show_view("compare")
    a = make_doc("a", "A.docx", ["One.", "Two."])
    b = make_doc("b", "B.docx", ["One.", "Two changed."])
    with qtbot.assertNotEmitted(view.comparison_shown, wait=400):
        add(main_window, a, b)  # the picker takes the first two: a comparison is due
    assert calls == [] and stopped == [1]
    assert "once the policies have loaded" in view.header.text()

    loading[0] = False
    main_window.show_view("other")  # loading ends while the author looks at another view
    with qtbot.assertNotEmitted(view.comparison_shown, wait=400):
        view.resume()
    assert calls == []
    with qtbot.waitSignal(view.comparison_shown, timeout=20000) as blocker:
        main_window.show_view("compare")
    assert calls == ["B.docx"]
    assert blocker.args[0].diff.right_title == "B.docx"


def test_the_window_compares_after_loading_finishes(qtbot, main_window, tmp_path):
    """Through the real window: files added while the Compare view shows are compared once,
    after the batch has loaded."""
    view = install_compare_view(main_window)
    main_window.show_view("compare")
    first = write_docx_policy(tmp_path, "Email Policy.docx", "Email Policy",
                              ["Staff must lock screens.", "Email is monitored."])
    second = write_docx_policy(tmp_path, "Internet Policy.docx", "Internet Policy",
                               ["Staff must lock screens.", "The internet is monitored."])
    started: list[str] = []
    main_window.runner.task_started.connect(started.append)
    with qtbot.waitSignal(view.comparison_shown, timeout=30000) as blocker:
        main_window.add_files([first, second])
    assert {blocker.args[0].diff.left_title, blocker.args[0].diff.right_title} == {
        "Email Policy.docx", "Internet Policy.docx"}
    assert [d for d in started if d.startswith("Comparing")] == ["Comparing Email Policy.docx"]


def test_a_moved_table_is_listed_and_linked_as_a_move(qtbot, main_window, view):
    """The bundled Email Policy against its v2.1: the Roles section, table included, moved."""
    import consolidator
    from tests.conftest import SAMPLES

    old = consolidator.read_document(SAMPLES / "Email Policy.docx")
    new = consolidator.read_document(SAMPLES / "versions" / "Email Policy v2.1.docx")
    add(main_window, old, new)
    shown = compare(qtbot, view, old, new)
    tables = [n for n, r in enumerate(shown.rows)
              if r.kind in (RowKind.MOVED_FROM, RowKind.MOVED_TO) and
              (r.left or r.right).text.startswith("Role \u2502 Responsibilities")]
    assert [shown.rows[n].kind for n in tables] == [RowKind.MOVED_FROM, RowKind.MOVED_TO]
    old_end, new_end = tables
    assert shown.rows[old_end].partner_row == new_end
    assert shown.rows[new_end].partner_row == old_end
    assert shown.rows[new_end].partner_section == "4 Roles and responsibilities"
    labels = [view.change_model.data(view.change_model.index(n))
              for n in range(view.change_model.rowCount())]
    holding = [shown.changes[n].label for n, c in enumerate(shown.changes)
               if c.first_row <= new_end < c.end_row]
    assert holding == ["Moved: 8 Roles and responsibilities"]
    assert holding[0] in labels
    assert "Deleted: 4 Roles and responsibilities" not in labels
    assert "Inserted: 8 Roles and responsibilities" not in labels
    assert view.header.text().endswith("1 move, 38 changed paragraphs")
    view.set_current_row(old_end)
    view.follow_move(old_end)
    assert view.current_row == new_end
    assert not view.grab().isNull()  # the moved table's rows paint


def test_two_policies_that_share_almost_no_text_are_pointed_to_consolidate():
    from consolidator.diffing import DiffOptions, diff_documents
    from tests.helpers.docs import P, make_doc
    from ui.compare_model import summary_text

    email = make_doc("email", "Email Policy", [
        (P, 0, f"Email rule {n}: staff must file message type {n} in folder {n}.")
        for n in range(12)])
    phones = make_doc("phones", "Mobile Phone Policy", [
        (P, 0, f"Handsets of model {n} are locked with a code and kept away from water.")
        for n in range(12)])
    unrelated = summary_text(diff_documents(email, phones, DiffOptions()), "Email", "Phones")
    assert "share almost no text" in unrelated and "use Consolidate" in unrelated
    edited = make_doc("email2", "Email Policy", [*((P, 0, b.text) for b in email.blocks[:11]),
                                                 (P, 0, "Email rule 11: staff must not.")])
    versions = summary_text(diff_documents(email, edited, DiffOptions()), "v1", "v2")
    assert "share almost no text" not in versions
    reworded = make_doc("email3", "Email Policy", [  # every paragraph edited: still a version
        (P, 0, b.text.replace("must file", "should file")) for b in email.blocks])
    assert "share almost" not in summary_text(diff_documents(email, reworded, DiffOptions()),
                                              "v1", "v3")
