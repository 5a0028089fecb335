"""Consolidate view on the four sample policies: draft, badges, decisions, preview, matrix."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex

from consolidator.consolidation.plan import ClauseStatus, Decision, DecisionKind
from consolidator.consolidation.resolve import open_conflicts
from tests.conftest import SAMPLE_FILES, samples_with_a_variant
from ui.outline_model import ClauseBadge, OutlineRole
from ui.topic_matrix import TopicFilter


@pytest.fixture
def view(samples_view):
    return samples_view


def preview_text(window) -> str:
    return window.views["preview"].text()


def test_drafts_plan_for_the_four_samples(view, main_window):
    plan = view.store.plan
    assert len(view.store.docs) == 4 == len(SAMPLE_FILES)
    assert len(plan.sections) > 5 and len(plan.clauses) > 50
    model = view.outline_model
    chapters = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert any("Monitoring" in c for c in chapters)
    badges = {model.data(model.index_of(c.id), OutlineRole.STATUS) for c in plan.clauses}
    assert ClauseBadge.CONFLICT in badges and ClauseBadge.COMBINED in badges
    assert any(b.startswith(ClauseBadge.DUPLICATE) for b in badges)
    conflicts = [p for p in main_window.problems.problems() if p.severity == "conflict"]
    assert len(conflicts) == len(plan.conflicts) > 0
    assert "Digital Policy" in preview_text(main_window)


@pytest.fixture
def variant_view(qtbot, main_window, tmp_path):
    """The Consolidate view on the samples with one clause worded two ways (a linking word)."""
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files(samples_with_a_variant(tmp_path / "policies"))
    qtbot.waitUntil(lambda: view.store.plan is not None and view.controller.document is not None,
                    timeout=30000)
    main_window.show_view("consolidate")
    yield view
    main_window.undo_stack.setClean()


def test_choose_variant_changes_outline_and_preview(variant_view, main_window, qtbot):
    view = variant_view
    plan = view.store.plan
    clause = next(c for c in plan.clauses if c.status is ClauseStatus.MERGED
                  and len({r.text for r in c.sources}) > 1)
    # a clause that is also one side of an open conflict stays "to decide" until the conflict
    # itself is decided: decide those first (keep both), so the badge shows the chosen variant
    undecided = [x for x in open_conflicts(plan) if clause.id in plan.conflict_clauses(x)]
    if undecided:
        with qtbot.waitSignal(view.controller.preview_updated, timeout=10000):
            view.apply_decisions([Decision(DecisionKind.KEEP, x.id) for x in undecided],
                                 "Keep both variants")
        plan = view.store.plan
    other = next(r for r in clause.sources[1:] if r.text != clause.text)
    assert view.select_item(clause.id)
    assert view.variants.clause_id == clause.id
    cards = [view.variants.cards_layout.itemAt(i).widget()
             for i in range(view.variants.cards_layout.count())]
    card = next(c for c in cards if c is not None and other.section in c.accessibleName()
                and view.store.document_name(other.document_id) in c.accessibleName())
    with qtbot.waitSignal(view.controller.preview_updated, timeout=10000):
        card.button.click()
    assert view.store.plan.decision("wording:" + clause.id).value == other.key
    index = view.outline_model.index_of(clause.id)
    assert index.data().startswith(other.text[:40])
    assert index.siblingAtColumn(1).data() == ClauseBadge.CHOSEN
    assert other.text[:60] in " ".join(preview_text(main_window).split())


def test_custom_text_and_exclude(view, main_window, qtbot, monkeypatch):
    clause = next(c for c in view.store.plan.clauses[3:]
                  if view.store.resolved_clause(c.id).in_output)
    view.select_item(clause.id)
    monkeypatch.setattr("ui.variants_panel.ask_for_wording",
                        lambda *a: "Staff must follow this brand new rule.")
    with qtbot.waitSignal(view.controller.preview_updated, timeout=10000):
        view.variants.edit_button.click()
    index = view.outline_model.index_of(clause.id)
    assert index.siblingAtColumn(1).data() == ClauseBadge.EDITED
    assert "brand new rule" in preview_text(main_window)
    with qtbot.waitSignal(view.controller.preview_updated, timeout=10000):
        view.variants.exclude_button.click()
    index = view.outline_model.index_of(clause.id)
    assert index.siblingAtColumn(1).data() == ClauseBadge.EXCLUDED
    assert "brand new rule" not in preview_text(main_window)
    assert view.variants.exclude_button.text() == "Include"


def test_rename_section_through_the_model(view, qtbot):
    section = next(s for s in view.store.plan.sections if s.title == "Monitoring")
    index = view.outline_model.index_of(section.id)
    assert view.outline_model.setData(index, "Monitoring of use")
    qtbot.waitUntil(lambda: view.store.plan.decision("rename:" + section.id) is not None)
    assert "Monitoring of use" in view.outline_model.index_of(section.id).data()


def test_next_conflict_and_problems_navigation(view, main_window, qtbot):
    first = view.next_conflict()
    assert first and view.store.open_conflicts_of(first)
    assert view.outline.currentIndex() == view.outline_model.index_of(first)
    second = view.next_conflict()
    assert second and second != first
    problem = next(p for p in main_window.problems.problems() if p.severity == "conflict")
    main_window.problems.problem_activated.emit(problem)
    assert view.outline_model.item_id(view.outline.currentIndex()) == problem.target[1]
    # Keeping both resolves the conflict: it leaves the Problems dock.
    view.select_item(problem.target[1])
    count = len(view.store.resolved.open_conflict_ids)
    view.variants.keep_both_button.click()
    assert len(view.store.resolved.open_conflict_ids) == count - 1
    assert len([p for p in main_window.problems.problems() if p.severity == "conflict"]) \
        == count - 1


def test_topic_matrix_filters_and_selects_section(view):
    model = view.matrix_model
    assert model.columnCount() == 4 and model.rowCount() == len(view.store.alignment.topics)
    view.matrix_filter.set_mode(TopicFilter.UNRESOLVED)
    unresolved = view.matrix_filter.rowCount()
    assert 0 < unresolved < model.rowCount()
    view.matrix_filter.set_mode(TopicFilter.UNIQUE)
    for row in range(view.matrix_filter.rowCount()):
        cells = [view.matrix_filter.index(row, c).data() for c in range(4)]
        assert sum(1 for c in cells if c != "\u2013") == 1
    view.matrix_filter.set_mode(TopicFilter.CONFLICTS)
    cell = next(view.matrix_filter.index(0, c) for c in range(4)
                if "\u26a0" in view.matrix_filter.index(0, c).data())
    chosen = view.go_to_cell(cell)  # a click: the cell's first conflict, in the outline
    assert chosen == view.outline_model.item_id(view.outline.currentIndex())
    assert view.store.conflicts_of_clause.get(chosen)
    model = view.matrix_model
    busy = next(model.index(r, c) for r in range(model.rowCount())
                for c in range(model.columnCount())
                if len(model.index(r, c).data(OutlineRole.TARGETS)) >= 2)
    targets = busy.data(OutlineRole.TARGETS)
    assert [view.go_to_cell(busy) for _ in targets] == targets  # each click the next one
    assert view.go_to_cell(busy) == targets[0]  # and round again


def test_accept_all_combined_is_one_undo_step(view, main_window):
    stack = main_window.undo_stack
    before = view.store.plan
    combined = [c for c in before.clauses if c.status is ClauseStatus.COMBINED]
    view.accept_combined_button.click()
    assert stack.count() == 1
    assert all(view.store.plan.decision("wording:" + c.id).kind is DecisionKind.COMBINE
               for c in combined)
    stack.undo()
    assert view.store.plan == before
    stack.redo()
    view.accept_combined_button.click()  # nothing left to accept: said, no empty undo step
    assert stack.count() == 1
    assert main_window.statusBar().currentMessage().startswith(
        "No combined wording is waiting to be accepted")


def test_sections_cannot_be_dropped_into_another_chapter(view):
    model = view.outline_model
    sub = next(s for s in view.store.plan.sections if s.level == 2)
    other_chapter = next(s for s in view.store.plan.sections
                         if s.level == 1 and s.id != sub.parent_id)
    data = model.mimeData([model.index_of(sub.id)])
    assert not model.canDropMimeData(data, None, 0, 0, model.index_of(other_chapter.id))
    assert model.index_of("nothing") == QModelIndex()


def test_decisions_requested_before_a_plan_are_ignored(main_window):
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=None)
    assert not view.apply_decisions([Decision(DecisionKind.EXCLUDE, "c1")], "x")
    assert main_window.undo_stack.count() == 0


def test_topic_matrix_marks_every_policy_holding_a_copy_of_a_conflicting_clause(view):
    """A conflict between a clause several policies hold and another is reported once, but the
    matrix still shows it in the cell of every policy with a copy."""
    from ui.topic_matrix import topic_matrix

    plan = view.store.plan
    conflict = next(c for c in plan.conflicts if c.a_copies or c.b_copies)
    matrix = topic_matrix(view.store)
    names = {doc.id: n for n, doc in enumerate(view.store.docs)}
    for ref in (*conflict.side_a, *conflict.side_b):
        row = next(r for r in matrix.rows if r.topic_id == ref.topic_id)
        assert row.cells[names[ref.document_id]].conflicts >= 1, ref


def test_next_conflict_is_offered_only_while_there_is_a_conflict_to_decide(
        qtbot, main_window, tmp_path, view):
    assert view.next_conflict_button.isEnabled()  # the samples: 15 to decide
    clause = next(c for c in view.store.plan.clauses
                  if c.id not in view.store.conflicts_of_clause)
    view.apply_decisions([Decision(DecisionKind.EXCLUDE, clause.id)], "Exclude")
    assert view.next_conflict_button.isEnabled()  # an unrelated change leaves it offered


def test_next_conflict_is_not_offered_without_conflicts(qtbot, main_window, tmp_path):
    from tests.ui.helpers import write_policy
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files([write_policy(tmp_path, "a.md", "Email Policy", "Staff must be kind."),
                           write_policy(tmp_path, "b.md", "Internet Use Policy",
                                        "Web pages are filtered.")])
    qtbot.waitUntil(lambda: view.store.plan is not None and view.tabs.isEnabled(),
                    timeout=30000)
    assert not view.store.plan.conflicts
    assert not view.next_conflict_button.isEnabled()
    main_window.undo_stack.setClean()


def test_a_table_in_the_outline_says_it_is_one(view):
    from consolidator.model import BlockKind

    table = next(c for c in view.store.plan.clauses if c.kind is BlockKind.TABLE)
    index = view.outline_model.index_of(table.id)
    assert index.isValid() and index.data().startswith("Table: ")
    # the one Definitions table the draft proposes: its cells kept apart
    proposed = next(c for c in view.store.plan.clauses if c.kind is BlockKind.TABLE
                    and c.proposal and "Term" in c.text)
    text = view.outline_model.index_of(proposed.id).data()
    assert text.startswith("Table: Term \u00b7 Meaning \u00b7 "), text


def test_choosing_what_a_policy_covers_makes_the_draft_again_with_its_chapter(
        qtbot, view, main_window):
    from ui.sources_model import Column, PolicyKind

    model = main_window.sources_model
    row = next(n for n, e in enumerate(model.entries()) if e.kind is PolicyKind.SOCIAL_MEDIA)
    chapters = {s.id for s in view.store.plan.sections if s.level == 1}
    assert "p-ch-social-media" in chapters
    model.setData(model.index(row, Column.KIND), PolicyKind.OTHER.value)
    qtbot.waitUntil(lambda: "p-ch-social-media" not in {
        s.id for s in view.store.plan.sections if s.level == 1}, timeout=30000)
    main_window.undo_stack.undo()  # the guess again: its chapter comes back
    qtbot.waitUntil(lambda: "p-ch-social-media" in {
        s.id for s in view.store.plan.sections if s.level == 1}, timeout=30000)


def test_a_covers_choice_is_saved_at_once_and_undo_brings_back_what_the_redraft_dropped(
        qtbot, view, main_window):
    from ui.sources_model import Column, PolicyKind

    model = main_window.sources_model
    row = next(n for n, e in enumerate(model.entries()) if e.kind is PolicyKind.SOCIAL_MEDIA)
    social = model.entries()[row].id
    view.apply_decisions([Decision(DecisionKind.RENAME, "p-ch-social-media",
                                   "Social media and blogs")], "Rename")
    model.setData(model.index(row, Column.KIND), PolicyKind.OTHER.value)
    # saved before the draft made again for it is ready: the choice is in the session
    saved = {s.content_hash: (s.kind, s.chosen) for s in view.sessions.current_session().sources}
    assert saved[social] == ("other", True)
    qtbot.waitUntil(lambda: "p-ch-social-media" not in {
        s.id for s in view.store.plan.sections}, timeout=30000)
    main_window.undo_stack.undo()  # the choice, and with it the chapter and its new title
    qtbot.waitUntil(lambda: "p-ch-social-media" in {s.id for s in view.store.plan.sections},
                    timeout=30000)
    qtbot.waitUntil(lambda: any(d.kind is DecisionKind.RENAME and d.target ==
                                "p-ch-social-media" and d.value == "Social media and blogs"
                                for d in view.store.plan.decisions), timeout=30000)
