"""Large plans are prepared off the UI thread: a decision, an undo, a new draft.

The samples are small, so these tests lower PlanStore.sync_clause_limit to 0: every plan is
then prepared the way a 4 x 400-page plan is (resolved, outline rows and topic matrix built on a
worker, swapped in on the UI thread when ready).
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QModelIndex

from consolidator.consolidation.plan import Decision, DecisionKind
from consolidator.consolidation.resolve import Resolver
from tests.conftest import SAMPLE_FILES
from ui.consolidate_commands import PlanStore
from ui.outline_model import ClauseBadge


def _threads_calling(monkeypatch, owner, name: str) -> list[threading.Thread]:
    """Returns the list of threads `owner.name` is called on from now (one entry a call)."""
    threads: list[threading.Thread] = []
    real = getattr(owner, name)

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return threads


@pytest.fixture
def resolve_threads(monkeypatch):
    """Returns the list of threads a plan is resolved on (one entry per resolution)."""
    return _threads_calling(monkeypatch, Resolver, "resolve")


@pytest.fixture
def reading_threads(monkeypatch):
    """Returns the list of threads a plan is read by ids on (a Resolver made)."""
    return _threads_calling(monkeypatch, Resolver, "__init__")


@pytest.fixture
def view(qtbot, main_window, tmp_path, monkeypatch, resolve_threads):
    from ui.consolidate_view import install_consolidate_view

    monkeypatch.setattr(PlanStore, "sync_clause_limit", 0)
    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files(SAMPLE_FILES)
    qtbot.waitUntil(lambda: view.store.state is not None and view.controller.document is not None,
                    timeout=30000)
    main_window.show_view("consolidate")
    yield view
    main_window.undo_stack.setClean()


def wait_until_shown(qtbot, view) -> None:
    qtbot.waitUntil(lambda: not view.store.is_preparing(), timeout=10000)


def test_the_draft_is_resolved_and_laid_out_on_the_drafting_worker(qtbot, main_window, tmp_path,
                                                                   resolve_threads):
    from ui.consolidate_view import install_consolidate_view

    # Whatever its size (the samples' plan is prepared at once after a decision), the draft
    # comes prepared from the drafting worker.
    assert PlanStore.sync_clause_limit > 300
    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files(SAMPLE_FILES)
    qtbot.waitUntil(lambda: view.store.state is not None, timeout=30000)
    assert resolve_threads, "the draft was never resolved"
    assert threading.main_thread() not in resolve_threads
    model = view.outline_model
    assert model.rowCount() > 5
    assert all(view.outline.isExpanded(model.index(r, 0)) for r in range(model.rowCount()))


def test_a_decision_is_resolved_off_the_ui_thread_and_then_shown(view, qtbot,
                                                                 resolve_threads):
    clause = view.store.plan.clauses[3]
    resolve_threads.clear()
    with qtbot.waitSignal(view.store.plan_changed, timeout=10000):
        assert view.apply_decisions([Decision(DecisionKind.EXCLUDE, clause.id)], "exclude")
        # The plan is the new one at once (commands build on it); the outline follows.
        assert view.store.plan.decision("exclude:" + clause.id) is not None
        assert view.store.is_preparing()
    assert resolve_threads and threading.main_thread() not in resolve_threads
    index = view.outline_model.index_of(clause.id)
    assert index.siblingAtColumn(1).data() == ClauseBadge.EXCLUDED
    assert view.store.resolved_clause(clause.id).excluded


def test_quick_undo_shows_the_newest_plan_only(view, main_window, qtbot):
    before = view.store.plan
    clause = before.clauses[5]
    assert view.apply_decisions([Decision(DecisionKind.CUSTOM, clause.id, "First.")], "edit")
    assert view.apply_decisions([Decision(DecisionKind.CUSTOM, clause.id, "Second.")], "edit")
    main_window.undo_stack.undo()
    main_window.undo_stack.undo()
    assert view.store.plan == before
    wait_until_shown(qtbot, view)
    with qtbot.assertNotEmitted(view.store.plan_changed, wait=200):
        pass  # no late result of the edits replaces what is shown
    assert view.store.state.plan is view.store.plan
    assert view.store.resolved_clause(clause.id).text == clause.text
    assert "First." not in view.outline_model.index_of(clause.id).data()


def test_selection_and_expanded_sections_are_kept(view, qtbot):
    model = view.outline_model
    chapter = next(model.index(r, 0) for r in range(model.rowCount())
                   if any(model.item_kind(model.index(i, 0, model.index(r, 0))) == "section"
                          for i in range(model.rowCount(model.index(r, 0)))))
    sub = next(model.index(i, 0, chapter) for i in range(model.rowCount(chapter))
               if model.item_kind(model.index(i, 0, chapter)) == "section")
    sub_id, chapter_id = model.item_id(sub), model.item_id(chapter)
    view.outline.expand(sub)
    view.outline.collapse(chapter)
    clause_id = next(model.item_id(model.index(i, 0, sub)) for i in range(model.rowCount(sub))
                     if model.item_kind(model.index(i, 0, sub)) == "clause")
    assert view.select_item(clause_id)
    other = next(c for c in view.store.plan.clauses if c.id != clause_id)
    with qtbot.waitSignal(view.store.plan_changed, timeout=10000):
        view.apply_decisions([Decision(DecisionKind.EXCLUDE, other.id)], "exclude")
    assert model.item_id(view.outline.currentIndex()) == clause_id
    assert view.outline.isExpanded(model.index_of(sub_id))
    assert view.outline.isExpanded(model.index_of(chapter_id))  # select_item opened it again
    assert view.select_item(chapter_id)  # (the current item's parents are always opened)
    view.outline.collapse(model.index_of(sub_id))
    with qtbot.waitSignal(view.store.plan_changed, timeout=10000):
        view.apply_decisions([Decision(DecisionKind.INCLUDE, other.id)], "include")
    assert not view.outline.isExpanded(model.index_of(sub_id))
    assert view.outline.isExpanded(model.index_of(chapter_id))


def test_a_section_added_while_its_plan_is_prepared_gets_selected(view, qtbot):
    model = view.outline_model
    first = model.item_id(model.index(0, 0))
    assert view.select_item(first)
    new_id = view.section_edits.add_section()
    assert new_id and view.store.is_preparing()
    assert not model.index_of(new_id).isValid()  # not shown yet
    wait_until_shown(qtbot, view)
    assert model.item_id(model.index(1, 0)) == new_id
    assert model.item_id(view.outline.currentIndex()) == new_id


def test_replaced_item_trees_are_freed(view, qtbot):
    clause = view.store.plan.clauses[2]
    with qtbot.waitSignal(view.store.plan_changed, timeout=10000):
        view.apply_decisions([Decision(DecisionKind.EXCLUDE, clause.id)], "exclude")
    assert view.outline_model._discarded  # the old rows wait for the next turn of the loop
    qtbot.waitUntil(lambda: not view.outline_model._discarded, timeout=5000)
    assert view.outline_model.index(0, 0).isValid()
    assert view.outline_model.index_of("no such item") == QModelIndex()


def test_delete_twice_before_the_outline_follows_toggles_back(view, main_window, qtbot):
    clause = next(c for c in view.store.plan.clauses
                  if not view.store.resolved_clause(c.id).excluded)
    assert view.select_item(clause.id)
    view.toggle_exclude_selected()
    assert view.store.is_preparing()
    view.toggle_exclude_selected()  # the outline still shows the clause included
    # The second press waits for the outline to show the first (see ConsolidateView.when_shown).
    qtbot.waitUntil(lambda: main_window.undo_stack.count() == 2, timeout=10000)
    assert view.store.plan.decision("exclude:" + clause.id).kind is DecisionKind.INCLUDE
    wait_until_shown(qtbot, view)
    assert not view.store.resolved_clause(clause.id).excluded


def test_after_a_decision_the_actions_read_the_plan_made_on_the_worker(view, qtbot,
                                                                      reading_threads):
    clause = view.store.plan.clauses[3]
    reading_threads.clear()
    with qtbot.waitSignal(view.store.plan_changed, timeout=10000):
        assert view.apply_decisions([Decision(DecisionKind.EXCLUDE, clause.id)], "exclude")
    qtbot.waitUntil(lambda: not view.store.is_preparing(), timeout=10000)
    assert view.store.reading() is view.store.state.reading
    assert view.store.reading().plan is view.store.plan
    assert reading_threads and threading.main_thread() not in reading_threads


def test_workers_make_no_qt_objects_for_the_outline(view, qtbot, monkeypatch):
    """A worker making or destroying a QObject takes a lock of Qt's the UI thread may hold while
    it waits for the interpreter the worker holds: the outline's scratch models are lent."""
    import ui.outline_model as outline_model

    made_on: list[threading.Thread] = []

    class Recording(outline_model.QStandardItemModel):
        def __init__(self, *args) -> None:
            made_on.append(threading.current_thread())
            super().__init__(*args)

    monkeypatch.setattr(outline_model, "QStandardItemModel", Recording)
    for _ in range(3):
        clause = next(c for c in view.store.plan.clauses
                      if not view.store.plan.decision("exclude:" + c.id))
        with qtbot.waitSignal(view.store.plan_changed, timeout=10000):
            assert view.apply_decisions([Decision(DecisionKind.EXCLUDE, clause.id)], "exclude")
    assert all(t is threading.main_thread() for t in made_on)
