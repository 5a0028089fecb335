"""Nothing changes silently (issue #15, point 12): decisions that no longer apply and conflicts
that came or went are named; the same policy twice is refused with a message; two versions of
one policy are pointed out; an export offers Open and Show in folder; actions wait for work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from consolidator.consolidation.plan import Decision, DecisionKind
from tests.ui.helpers import write_conflicting_policies, write_docx_policy


@pytest.fixture
def view(qtbot, main_window, tmp_path):
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    yield view
    main_window.undo_stack.setClean()


def load(qtbot, window, view, files, count):
    window.add_files(files)
    qtbot.waitUntil(lambda: view.store.plan is not None and len(view.store.docs) == count
                    and not window.runner.is_busy(), timeout=30000)


def rows(window) -> list[str]:
    return window.problems.rows()


def test_a_removed_policy_names_the_decision_and_the_conflicts_it_took_away(
        qtbot, main_window, view, tmp_path):
    load(qtbot, main_window, view, write_conflicting_policies(tmp_path), 3)
    internet = next(d for d in view.store.docs if d.name == "internet.docx")
    clause = next(c for c in view.store.plan.clauses
                  if c.sources[0].document_id == internet.id)
    view.apply_decisions([Decision(DecisionKind.EXCLUDE, clause.id)], "Exclude clause")
    main_window.remove_sources([internet.id])
    qtbot.waitUntil(lambda: len(view.store.docs) == 2 and not main_window.runner.is_busy(),
                    timeout=30000)
    assert "Earlier decisions that no longer apply (1)" in rows(main_window)
    assert "Conflicts that changed when the policies changed (2)" in rows(main_window)
    said = [p.message for p in main_window.problems.problems() if p.severity == "info"]
    assert any(m.startswith(f"Excluded the clause \u201c{clause.text[:30]}") for m in said)
    assert sum(m.startswith("No longer found: ") for m in said) == 2
    message = main_window.statusBar().currentMessage()
    assert "1 earlier decision no longer applies" in message
    assert "2 conflicts found before are no longer found" in message


def test_the_same_policy_under_another_name_is_refused_with_a_message(qtbot, main_window,
                                                                      view, tmp_path):
    files = write_conflicting_policies(tmp_path, 2)
    load(qtbot, main_window, view, files, 2)
    copy = tmp_path / "Email Policy (copy).docx"
    shutil.copyfile(files[0], copy)
    with qtbot.waitSignal(main_window.loading_finished, timeout=10000):
        main_window.add_files([copy])
    notices = [b for b in main_window.findChildren(QMessageBox) if b.isVisible()]
    assert notices and "Email Policy (copy).docx has the same content as email.docx" in \
        notices[-1].text()
    notices[-1].close()
    assert len(main_window.sources_model) == 2


def test_two_versions_of_one_policy_are_pointed_out(qtbot, main_window, view, tmp_path):
    old = write_docx_policy(tmp_path, "Email Policy v2.docx", "Email Policy",
                            ["Staff must not use email to send chain letters."])
    new = write_docx_policy(tmp_path, "Email Policy v3.docx", "Email Policy",
                            ["Staff must never use email to send chain letters."])
    load(qtbot, main_window, view, [old, new], 2)
    assert "Policies that look like versions of one another (1)" in rows(main_window)


def test_an_export_offers_to_open_the_document_or_show_its_folder(qtbot, main_window, view,
                                                                  tmp_path, monkeypatch):
    from consolidator.metadata import PolicyMetadata
    from ui.export_dialog import export_to

    load(qtbot, main_window, view, write_conflicting_policies(tmp_path), 3)
    opened: list[str] = []
    monkeypatch.setattr("ui.open_result.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr("ui.open_result.sys.platform", "linux")
    target = tmp_path / "out" / "Digital Policy.docx"
    target.parent.mkdir()
    export_to(main_window, view.store.docs, view.store.plan, str(target), PolicyMetadata())
    qtbot.waitUntil(lambda: main_window.last_export_box is not None, timeout=60000)
    box = main_window.last_export_box
    buttons = {b.text(): b for b in box.findChildren(QPushButton)}
    buttons["Open document"].click()
    buttons["Show in folder"].click()
    assert opened == [str(target), str(target.parent)]
    assert Path(target).exists()


def test_actions_that_need_work_wait_for_it(qtbot, main_window, view, tmp_path):
    acts = main_window.actions_by_name
    names = ("save_session", "save_session_as", "export_policy", "close_session")
    assert not any(acts[n].isEnabled() for n in names)
    assert not acts["next_change"].isEnabled() and not acts["find"].isEnabled()
    load(qtbot, main_window, view, write_conflicting_policies(tmp_path), 3)
    assert all(acts[n].isEnabled() for n in names)
