"""Session housekeeping (issue #15, point 10): the title names the session, Save suggests a name
in Documents, New / Close session, removing a policy asks and can be undone, and the compare
pair is saved with the session."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from consolidator.consolidation.plan import Decision, DecisionKind
from tests.conftest import SAMPLES
from tests.ui.helpers import write_conflicting_policies
from ui.session_controller import DEFAULT_SESSION_NAME


@pytest.fixture
def view(qtbot, main_window, tmp_path):
    from ui.consolidate_view import install_consolidate_view
    from ui.views import install_compare_view

    install_compare_view(main_window)
    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    yield view
    main_window.undo_stack.setClean()


def load(qtbot, window, view, files):
    window.add_files(files)
    qtbot.waitUntil(lambda: view.store.plan is not None and len(view.store.docs) == len(files)
                    and not window.runner.is_busy(), timeout=30000)


def exclude_first(view) -> Decision:
    decision = Decision(DecisionKind.EXCLUDE, view.store.plan.clauses[0].id)
    view.apply_decisions([decision], "Exclude clause")
    return decision


def test_the_title_names_the_session(qtbot, main_window, view, tmp_path, monkeypatch):
    assert main_window.windowTitle() == "Policy Consolidator[*]"
    load(qtbot, main_window, view, write_conflicting_policies(tmp_path))
    assert main_window.windowTitle() == "Untitled session[*] - Policy Consolidator"
    exclude_first(view)
    target = tmp_path / "Committee draft.pcsession"
    monkeypatch.setattr("ui.session_controller.ask_session_path", lambda *a, **k: str(target))
    main_window.actions_by_name["save_session"].trigger()
    qtbot.waitUntil(lambda: target.exists() and not main_window.isWindowModified())
    assert main_window.windowTitle() == "Committee draft[*] - Policy Consolidator"


def test_save_suggests_a_name_in_documents_not_the_samples_folder(qtbot, main_window, view,
                                                                 tmp_path, monkeypatch):
    load(qtbot, main_window, view, write_conflicting_policies(tmp_path))
    main_window.settings.set_last_folder(str(SAMPLES))  # as after the samples were opened
    asked: list[str] = []
    monkeypatch.setattr("ui.session_controller.ask_session_path",
                        lambda parent, folder, save: asked.append(folder) or "")
    view.sessions.save_as()
    view.sessions.open()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert asked[0] == str(Path(documents) / DEFAULT_SESSION_NAME)
    assert asked[1] == documents and "samples" not in asked[1]


def test_close_session_asks_then_unloads_everything(qtbot, main_window, view, tmp_path,
                                                    monkeypatch):
    load(qtbot, main_window, view, write_conflicting_policies(tmp_path))
    exclude_first(view)
    answers = ["cancel", "discard"]
    monkeypatch.setattr("ui.session_controller.ask_save_changes", lambda parent: answers.pop(0))
    main_window.actions_by_name["close_session"].trigger()
    assert len(main_window.sources_model) == 3  # Cancel: nothing happened
    main_window.actions_by_name["close_session"].trigger()
    assert len(main_window.sources_model) == 0 and answers == []
    assert main_window.central.currentWidget() is main_window.welcome
    assert main_window.undo_stack.count() == 0 and not main_window.isWindowModified()
    assert main_window.windowTitle() == "Policy Consolidator[*]"
    qtbot.waitUntil(lambda: view.store.plan is None)
    assert not [p for p in main_window.problems.problems() if p.severity == "conflict"]


def test_new_session_closes_and_asks_for_policies(qtbot, main_window, view, tmp_path,
                                                  monkeypatch):
    load(qtbot, main_window, view, write_conflicting_policies(tmp_path))
    asked = []
    monkeypatch.setattr(main_window, "ask_for_files", lambda: asked.append(True))
    main_window.actions_by_name["new_session"].trigger()  # nothing unsaved: no question
    assert asked == [True] and len(main_window.sources_model) == 0


def test_removing_a_policy_asks_and_undo_brings_it_back_with_its_decisions(
        qtbot, main_window, view, tmp_path, monkeypatch):
    load(qtbot, main_window, view, write_conflicting_policies(tmp_path))
    decision = exclude_first(view)
    asked: list[list[str]] = []
    answer = [False]
    monkeypatch.setattr("ui.source_commands.ask_remove_sources",
                        lambda parent, names: asked.append(names) or answer[0])
    owner = next(r.document_id for r in view.store.plan.clause(decision.target).sources)
    main_window.sources_panel.select(owner)
    main_window.sources_panel.remove_action.trigger()
    assert len(asked) == 1 and len(main_window.sources_model) == 3  # No: kept
    answer[0] = True
    main_window.sources_panel.remove_action.trigger()
    assert main_window.sources_model.entry(owner) is None
    qtbot.waitUntil(lambda: view.store.plan is not None and len(view.store.docs) == 2
                    and not main_window.runner.is_busy(), timeout=30000)
    assert main_window.undo_stack.undoText().startswith("Remove ")
    main_window.undo_stack.undo()
    assert main_window.sources_model.row_of(owner) >= 0
    qtbot.waitUntil(lambda: len(view.store.docs) == 3 and view.store.plan is not None
                    and view.store.plan.decision(decision.id) == decision, timeout=30000)


def test_the_compare_pair_is_saved_and_reopened(qtbot, main_window, view, tmp_path):
    files = write_conflicting_policies(tmp_path)
    load(qtbot, main_window, view, files)
    compare = main_window.views["compare"]
    main_window.show_view("compare")
    docs = {Path(d.path).name: d for d in main_window.sources_model.documents()}
    with qtbot.waitSignal(compare.comparison_shown, timeout=20000):
        compare.picker.choose(0, docs["internet.docx"].id)
        compare.picker.choose(1, docs["email.docx"].id)
    target = tmp_path / "pair.pcsession"
    view.sessions.save_to(str(target))
    qtbot.waitUntil(target.exists)
    compare.picker.swap()
    main_window.show_view("consolidate")
    view.sessions.open(str(target))
    qtbot.waitUntil(lambda: compare.picker.document(0) is not None
                    and compare.picker.document(0).id == docs["internet.docx"].id
                    and compare.picker.document(1).id == docs["email.docx"].id, timeout=20000)
