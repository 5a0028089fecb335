"""Sessions in the GUI: save and reopen restore every decision; damaged, newer and changed files."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from consolidator.consolidation.plan import OUTLINE, Decision, DecisionKind
from consolidator.errors import WriteError
from tests.conftest import SAMPLE_FILES


@pytest.fixture
def view(qtbot, main_window, tmp_path):
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    yield view
    main_window.undo_stack.setClean()


def load(qtbot, window, view, files):
    window.add_files(files)
    qtbot.waitUntil(lambda: view.store.plan is not None and not window.runner.is_busy(),
                    timeout=30000)


def some_decisions(plan):
    chapters = [s.id for s in plan.sections if s.level == 1]
    return [
        Decision(DecisionKind.CUSTOM, plan.clauses[4].id, "Our own wording of this clause."),
        Decision(DecisionKind.EXCLUDE, plan.clauses[7].id),
        Decision(DecisionKind.RENAME, plan.sections[0].id, "About this policy"),
        Decision(DecisionKind.KEEP, plan.conflicts[0].id),
        Decision(DecisionKind.REORDER, OUTLINE, order=tuple(reversed(chapters))),
    ]


def test_save_and_reopen_restores_every_decision(qtbot, main_window, view, tmp_path,
                                                 monkeypatch):
    load(qtbot, main_window, view, SAMPLE_FILES)
    for decision in some_decisions(view.store.plan):
        view.apply_decisions([decision], "step")
    saved_plan = view.store.plan
    target = tmp_path / "work.session.json"
    monkeypatch.setattr("ui.session_controller.ask_session_path", lambda *a, **k: str(target))
    assert main_window.isWindowModified()
    main_window.actions_by_name["save_session"].trigger()
    qtbot.waitUntil(lambda: not main_window.isWindowModified(), timeout=10000)
    assert target.exists() and str(target) in main_window.settings.recent_sessions()
    assert json.loads(target.read_text(encoding="utf-8"))["edits"]

    # Change everything, then reopen the session: the saved decisions come back exactly.
    view.apply_decisions([Decision(DecisionKind.EXCLUDE, saved_plan.sections[2].id)], "x")
    main_window.remove_sources([d.id for d in view.store.docs[:2]])
    qtbot.waitUntil(lambda: view.store.plan is None or len(view.store.docs) == 4)
    view.sessions.open(str(target))
    qtbot.waitUntil(lambda: view.store.plan is not None and len(view.store.docs) == 4
                    and view.store.plan.decisions == saved_plan.decisions
                    and not main_window.runner.is_busy(), timeout=30000)
    assert view.store.plan == saved_plan
    assert not main_window.isWindowModified()
    assert main_window.undo_stack.count() == 0
    assert view.sessions.session_path == str(target)


def test_reopen_with_same_sources_loaded(qtbot, main_window, view, tmp_path, monkeypatch):
    load(qtbot, main_window, view, SAMPLE_FILES)
    view.apply_decisions(some_decisions(view.store.plan)[:2], "two")
    saved = view.store.plan
    target = tmp_path / "same.session.json"
    view.sessions.save_to(str(target))
    qtbot.waitUntil(lambda: not main_window.isWindowModified(), timeout=10000)
    main_window.undo_stack.undo()
    assert view.store.plan != saved
    view.sessions.open(str(target))
    qtbot.waitUntil(lambda: view.store.plan == saved, timeout=10000)


@pytest.mark.parametrize("content, words", [
    ("{ not json", "damaged"),
    (json.dumps({"schema": "policy-consolidator/session", "version": 99}), "newer version"),
])
def test_damaged_or_newer_session_shows_dialog_and_leaves_file(qtbot, main_window, view,
                                                               tmp_path, monkeypatch,
                                                               content, words):
    shown = []
    monkeypatch.setattr("ui.session_controller.show_error",
                        lambda parent, title, message, *a: shown.append(message))
    path = tmp_path / "bad.session.json"
    path.write_text(content, encoding="utf-8")
    view.sessions.open(str(path))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert words in shown[0] and "left as it is" in shown[0]
    assert path.read_text(encoding="utf-8") == content


def test_changed_source_is_reported_on_reopen(qtbot, main_window, view, tmp_path, monkeypatch):
    folder = tmp_path / "policies"
    folder.mkdir()
    copies = [shutil.copy(p, folder / p.name) for p in SAMPLE_FILES]
    load(qtbot, main_window, view, copies)
    target = tmp_path / "changed.session.json"
    view.sessions.save_to(str(target))
    qtbot.waitUntil(lambda: target.exists(), timeout=10000)
    changed = SAMPLE_FILES[0].parent / "versions" / "Email Policy v2.1.docx"
    shutil.copy(changed, folder / SAMPLE_FILES[0].name)
    reported = []
    monkeypatch.setattr("ui.session_controller.report_source_changes",
                        lambda parent, messages: reported.extend(messages))
    view.sessions.open(str(target))
    qtbot.waitUntil(lambda: bool(reported), timeout=10000)
    assert "has changed since the session was saved" in reported[0]
    assert SAMPLE_FILES[0].name in reported[0]
    qtbot.waitUntil(lambda: not main_window.runner.is_busy(), timeout=30000)


def test_autosave_after_a_change_and_removed_by_a_clean_save(qtbot, main_window, view,
                                                             tmp_path, monkeypatch):
    monkeypatch.setattr("ui.session_controller.AUTOSAVE_DELAY_MS", 2000)
    load(qtbot, main_window, view, SAMPLE_FILES)
    decision = Decision(DecisionKind.EXCLUDE, view.store.plan.clauses[1].id)
    view.apply_decisions([decision], "exclude")
    path = view.sessions.autosave_file()
    qtbot.waitUntil(path.exists, timeout=10000)
    from consolidator.session import load_session

    assert decision in load_session(path).all_decisions
    view.sessions.save_to(str(tmp_path / "clean.session.json"))
    qtbot.waitUntil(lambda: not path.exists(), timeout=10000)


def test_recovery_offered_for_an_autosave_of_the_loaded_sources(qtbot, main_window, view,
                                                                tmp_path, monkeypatch):
    from consolidator.session import save_session, session_from

    load(qtbot, main_window, view, SAMPLE_FILES)
    wanted = some_decisions(view.store.plan)
    expected = view.store.plan.with_decisions(wanted)
    save_session(session_from(view.store.docs, (), expected.decisions),
                 view.sessions.autosave_file(create=True))
    asked = []
    monkeypatch.setattr("ui.session_controller.ask_recover",
                        lambda *a: asked.append(a) or True)
    view.sessions.offer_recovery()
    qtbot.waitUntil(lambda: view.store.plan == expected, timeout=10000)
    assert len(asked) == 1 and main_window.isWindowModified()
    main_window.undo_stack.undo()
    assert view.store.plan.decisions != expected.decisions


@pytest.mark.parametrize("error", [
    WriteError("Policies.session.json could not be saved: the disk is full.", path="x"),
    PermissionError(13, "Access is denied"),
], ids=["WriteError", "OSError"])
def test_a_failed_autosave_is_tried_again_at_the_next_tick(qtbot, main_window, view,
                                                           monkeypatch, error):
    import ui.session_controller as controller
    from consolidator.session import load_session

    load(qtbot, main_window, view, SAMPLE_FILES)
    real_save = controller.save_session
    attempts = []

    def save_once_failing(session, path, **kwargs):
        attempts.append(path)
        if len(attempts) == 1:
            raise error  # the antivirus has the file, the disk is full, ...
        return real_save(session, path, **kwargs)

    monkeypatch.setattr(controller, "save_session", save_once_failing)
    decision = Decision(DecisionKind.EXCLUDE, view.store.plan.clauses[1].id)
    view.apply_decisions([decision], "exclude")
    view.sessions._debounce.stop()
    path = view.sessions.autosave_file()
    view.sessions.autosave()  # the first tick: fails
    qtbot.waitUntil(lambda: "Autosave failed" in main_window.statusBar().currentMessage()
                    and not main_window.runner.is_busy(), timeout=10000)
    assert len(attempts) == 1 and not path.exists()

    view.sessions._periodic.setInterval(50)  # the next periodic tick, without waiting a minute
    qtbot.waitUntil(path.exists, timeout=10000)
    assert len(attempts) == 2
    assert decision in load_session(path).all_decisions


def test_a_session_s_policies_are_shown_and_confirmed_before_any_is_read(
        qtbot, main_window, view, tmp_path, monkeypatch):
    import os
    import sys

    from consolidator.readers import legacy
    from consolidator.session import Session, SessionSource, save_session

    folder = tmp_path / "policies"
    folder.mkdir()
    copies = [shutil.copy(p, folder / p.name) for p in SAMPLE_FILES[:2]]
    rtf = folder / "Old Policy.rtf"
    rtf.write_text("{\\rtf1 Staff must lock their screens.}", encoding="ascii")
    named = [str(c) for c in copies] + [str(rtf), "\\\\server\\share\\Remote.docx"]
    if sys.platform != "win32":
        os.mkfifo(folder / "pipe.docx")
        named.append(str(folder / "pipe.docx"))
    session = tmp_path / "hostile.session.json"
    save_session(Session(sources=tuple(SessionSource(n, "0" * 16) for n in named)), session)
    converted = []
    monkeypatch.setattr(legacy, "read", lambda *a, **k: converted.append(a))
    asked = []
    monkeypatch.setattr("ui.session_controller.confirm_session_sources",
                        lambda parent, name, checks: bool(asked.append(checks)))
    view.sessions.open(str(session))
    qtbot.waitUntil(lambda: bool(asked) and not main_window.runner.is_busy(), timeout=10000)
    statuses = {c.source.path: c.status for c in asked[0]}
    assert [c.source.path for c in asked[0]] == named  # every path, in full
    assert statuses[str(rtf)] == "ready" and statuses["\\\\server\\share\\Remote.docx"] == \
        "refused"
    assert sys.platform == "win32" or statuses[str(folder / "pipe.docx")] == "refused"
    assert len(main_window.sources_model) == 0 and converted == []
    assert "was not opened" in main_window.statusBar().currentMessage()

    monkeypatch.setattr("ui.session_controller.confirm_session_sources",
                        lambda parent, name, checks: True)
    reported = []
    monkeypatch.setattr("ui.session_controller.report_source_changes",
                        lambda parent, messages: reported.extend(messages))
    rtf.unlink()
    view.sessions.open(str(session))
    qtbot.waitUntil(lambda: len(main_window.sources_model) == 2
                    and not main_window.runner.is_busy(), timeout=30000)
    assert any("Remote.docx was not opened" in m for m in reported)
    assert converted == []


def test_a_session_naming_one_policy_twice_loads_it_once_with_its_decisions(
        qtbot, main_window, view, tmp_path):
    from consolidator.session import save_session, session_from

    folder = tmp_path / "policies"
    folder.mkdir()
    copies = [shutil.copy(p, folder / p.name) for p in SAMPLE_FILES[:2]]
    twin = shutil.copy(copies[0], folder / "Copy of the first policy.docx")
    load(qtbot, main_window, view, copies)
    decision = Decision(DecisionKind.EXCLUDE, view.store.plan.clauses[1].id)
    saved = session_from(view.store.docs, (), (decision,))
    twice = dataclasses.replace(saved, sources=(
        *saved.sources, dataclasses.replace(saved.sources[0], path=str(twin))))
    target = save_session(twice, tmp_path / "twice.session.json")
    main_window.remove_sources([d.id for d in view.store.docs])
    qtbot.waitUntil(lambda: len(main_window.sources_model) == 0, timeout=10000)
    view.sessions.open(str(target))
    qtbot.waitUntil(lambda: view.store.plan is not None and decision in view.store.plan.decisions
                    and not main_window.runner.is_busy(), timeout=30000)
    assert len(main_window.sources_model) == 2


def test_steady_work_is_autosaved_within_the_max_wait(qtbot, main_window, tmp_path,
                                                      monkeypatch):
    """Issue #19 cause 8: each change restarted the 2 s debounce, so decisions 0.7 s apart were
    never autosaved until the author paused (a crash lost them all)."""
    from consolidator.session import load_session
    from ui.consolidate_view import install_consolidate_view

    monkeypatch.setattr("ui.session_controller.AUTOSAVE_DELAY_MS", 700)
    monkeypatch.setattr("ui.session_controller.AUTOSAVE_MAX_WAIT_MS", 1200)
    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    load(qtbot, main_window, view, SAMPLE_FILES)
    path = view.sessions.autosave_file()
    clauses = view.store.plan.clauses
    first = Decision(DecisionKind.EXCLUDE, clauses[1].id)
    view.apply_decisions([first], "exclude")
    saved_during_the_work = False
    for clause in clauses[2:12]:  # a decision every 0.35 s: the debounce never runs out
        qtbot.wait(350)  # the author's pace, not a wait for the app
        view.apply_decisions([Decision(DecisionKind.EXCLUDE, clause.id)], "exclude")
        if path.exists() and first in load_session(path).all_decisions:
            saved_during_the_work = True
            break
    assert saved_during_the_work
    main_window.undo_stack.setClean()


def test_a_structural_change_is_autosaved_at_once(qtbot, main_window, tmp_path, monkeypatch):
    from consolidator.session import load_session
    from ui.consolidate_view import install_consolidate_view

    monkeypatch.setattr("ui.session_controller.AUTOSAVE_DELAY_MS", 60_000)
    monkeypatch.setattr("ui.session_controller.AUTOSAVE_MAX_WAIT_MS", 60_000)
    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    load(qtbot, main_window, view, SAMPLE_FILES)
    chapters = [s.id for s in view.store.plan.sections if s.level == 1]
    reorder = Decision(DecisionKind.REORDER, OUTLINE, order=tuple(reversed(chapters)))
    view.apply_decisions([reorder], "reorder")
    path = view.sessions.autosave_file()
    qtbot.waitUntil(lambda: path.exists() and reorder in load_session(path).all_decisions,
                    timeout=5000)
    main_window.undo_stack.setClean()


def test_temporary_files_of_an_interrupted_save_are_removed_at_start(qtbot, main_window,
                                                                      tmp_path):
    import os
    import time

    from ui.consolidate_view import install_consolidate_view

    autosave = tmp_path / "data" / "autosave"
    autosave.mkdir(parents=True)
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    main_window.settings.add_recent_session(str(sessions / "work.session.json"))
    leftovers = [autosave / ".abc123.session.json.q1w2e3r4.tmp",
                 sessions / ".work.session.json.a1s2d3f4.tmp"]
    for path in leftovers:
        path.write_bytes(b"partial")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    qtbot.waitUntil(lambda: not any(p.exists() for p in leftovers), timeout=10000)
