"""Closing with unsaved decisions asks "Save changes to your session before closing?"."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QMessageBox

from consolidator.consolidation.plan import Decision, DecisionKind
from consolidator.errors import WriteError
from consolidator.session import load_session
from tests.conftest import ROOT, SAMPLE_FILES
from ui.session_controller import ask_save_changes  # the real one (conftest patches the module)


@pytest.fixture
def view(qtbot, main_window, tmp_path, monkeypatch):
    from ui.consolidate_view import install_consolidate_view

    monkeypatch.setattr("ui.session_controller.AUTOSAVE_DELAY_MS", 50)
    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files(SAMPLE_FILES)
    qtbot.waitUntil(lambda: view.store.plan is not None and not main_window.runner.is_busy(),
                    timeout=30000)
    yield view
    main_window.undo_stack.setClean()


class Answers(list):
    """The replies the prompt gives, in order ("discard" when they run out, as at teardown);
    `asked` records each reply given."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def __call__(self, parent) -> str:
        self.asked.append(self[len(self.asked)] if len(self.asked) < len(self) else "discard")
        return self.asked[-1]


@pytest.fixture
def answers(monkeypatch) -> Answers:
    given = Answers()
    monkeypatch.setattr("ui.session_controller.ask_save_changes", given)
    return given


def decide(view) -> Decision:
    decision = Decision(DecisionKind.EXCLUDE, view.store.plan.clauses[1].id)
    assert view.apply_decisions([decision], "Exclude clause")
    return decision


def test_the_prompt_offers_save_dont_save_cancel(qapp, monkeypatch):
    seen: list[dict] = []
    replies = iter([QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard,
                    QMessageBox.StandardButton.Cancel])

    def exec_(box: QMessageBox):
        seen.append({"text": box.text(),
                     "buttons": [b.text().replace("&", "") for b in box.buttons()],
                     "default": box.defaultButton().text().replace("&", ""),
                     "escape": box.escapeButton() is box.button(QMessageBox.StandardButton.Cancel)})
        return next(replies)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert [ask_save_changes(None) for _ in range(3)] == ["save", "discard", "cancel"]
    first = seen[0]
    assert first["text"] == "Save changes to your session before closing?"
    assert sorted(first["buttons"]) == ["Cancel", "Don't Save", "Save"]
    assert first["default"] == "Save" and first["escape"]


def test_a_clean_window_closes_without_asking(qtbot, main_window, view, answers):
    assert main_window.close()
    assert answers.asked == [] and not main_window.isVisible()


def test_cancel_keeps_the_window_open_with_the_work(qtbot, main_window, view, answers):
    decision = decide(view)
    answers.append("cancel")
    assert not main_window.close()
    assert answers.asked == ["cancel"]
    assert main_window.isVisible() and main_window.isWindowModified()
    assert view.store.plan.decision(decision.id) == decision
    assert main_window.undo_stack.canUndo()
    assert view.sessions._periodic.isActive()  # autosave goes on while the window is open
    qtbot.waitUntil(view.sessions.autosave_file().exists, timeout=10000)


def test_save_saves_the_session_then_closes(qtbot, main_window, view, answers, tmp_path,
                                            monkeypatch):
    decision = decide(view)
    qtbot.waitUntil(view.sessions.autosave_file().exists, timeout=10000)
    target = tmp_path / "work.session.json"
    monkeypatch.setattr("ui.session_controller.ask_session_path", lambda *a, **k: str(target))
    answers.append("save")
    assert not main_window.close()  # closes itself once the session is written
    qtbot.waitUntil(lambda: not main_window.isVisible(), timeout=10000)
    assert answers.asked == ["save"]
    assert decision in load_session(target).all_decisions
    assert not main_window.isWindowModified()
    assert str(target) in main_window.settings.recent_sessions()
    assert not view.sessions.autosave_file().exists()  # saved: nothing left to recover


def test_save_as_cancelled_keeps_the_window_open(qtbot, main_window, view, answers,
                                                 monkeypatch):
    decide(view)
    monkeypatch.setattr("ui.session_controller.ask_session_path", lambda *a, **k: "")
    answers.append("save")
    assert not main_window.close()
    assert main_window.isVisible() and main_window.isWindowModified()
    answers.append("cancel")
    assert not main_window.close()  # asked again: no save is pending
    assert answers.asked == ["save", "cancel"]


def test_a_failed_save_keeps_the_window_open_and_asks_again(qtbot, main_window, view,
                                                            answers, tmp_path, monkeypatch):
    decide(view)
    target = tmp_path / "work.session.json"
    monkeypatch.setattr("ui.session_controller.ask_session_path", lambda *a, **k: str(target))

    def locked(session, path, **kwargs):
        raise WriteError(f"{target.name} could not be saved: it is open in another program.",
                         path=str(target))

    monkeypatch.setattr("ui.session_controller.save_session", locked)
    failures = []
    monkeypatch.setattr(main_window, "_task_failed", lambda exc, details: failures.append(exc))
    answers.extend(["save", "cancel"])
    assert not main_window.close()
    qtbot.waitUntil(lambda: bool(failures) and not main_window.runner.is_busy(), timeout=10000)
    assert main_window.isVisible() and main_window.isWindowModified()
    assert not target.exists()
    assert not main_window.close()  # asked again, not stuck waiting for a save that failed
    assert answers.asked == ["save", "cancel"]


def test_dont_save_closes_and_the_next_start_offers_nothing(qtbot, main_window, view, answers,
                                                           settings, tmp_path, monkeypatch):
    """Don't Save throws the work away on purpose: the next start must not say the app "did
    not close normally" (issue #15, point 9); the autosave is kept aside, never offered."""
    from ui.consolidate_view import install_consolidate_view
    from ui.main_window import MainWindow

    decision = decide(view)
    autosave = view.sessions.autosave_file()
    qtbot.waitUntil(autosave.exists, timeout=10000)
    answers.append("discard")
    assert main_window.close()
    assert answers.asked == ["discard"] and not main_window.isVisible()
    assert not autosave.exists()
    aside = autosave.with_name(autosave.name.replace(".session.json", ".discarded.json"))
    assert decision in load_session(aside).all_decisions

    offered = []
    monkeypatch.setattr("ui.session_controller.ask_recover",
                        lambda parent, saved_at, sources: offered.append(sources) or True)
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show()
    restarted = install_consolidate_view(again, data_dir=str(tmp_path / "data"))
    again.add_files(SAMPLE_FILES)
    qtbot.waitUntil(lambda: restarted.store.plan is not None and not again.runner.is_busy(),
                    timeout=30000)
    assert offered == [] and not again.isWindowModified()
    assert restarted.store.plan.decision(decision.id) != decision


def test_quitting_after_dont_save_prints_no_traceback(tmp_path):
    """The app closed with Don't Save (a real process): no "already deleted" traceback on
    stderr as the window is torn down."""
    import subprocess
    import sys

    script = tmp_path / "quit.py"
    script.write_text(QUIT_SCRIPT, encoding="utf-8")
    env = {**os.environ, "POLICY_CONSOLIDATOR_DATA_DIR": str(tmp_path / "data"),
           "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "s.ini")], env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "already deleted" not in done.stderr, done.stderr
    assert not list((tmp_path / "data").glob("autosave/*.session.json"))


QUIT_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from ui import session_controller
session_controller.ask_save_changes = lambda parent: "discard"
import ui.app as app

build = app.build_main_window

def build_and_decide(options, settings=None, **kwargs):
    window = build(options, settings, **kwargs)
    def decide():
        view = window.views.get("consolidate")
        if view is None or view.store.plan is None or window.runner.is_busy():
            QTimer.singleShot(100, decide)
            return
        view.toggle_exclude(view.store.plan.clauses[5].id)
        QTimer.singleShot(2500, window.close)  # after the autosave
    QTimer.singleShot(100, decide)
    return window

app.build_main_window = build_and_decide
sys.exit(app.run_app(["--demo", "--settings", sys.argv[1]]))
"""


def test_a_fresh_load_leaves_nothing_to_undo(qtbot, settings, tmp_path, monkeypatch, answers):
    """The app as started (Compare, Consolidate and Preview installed) on the samples."""
    from ui.app import build_main_window, parse_args

    monkeypatch.setenv("POLICY_CONSOLIDATOR_DATA_DIR", str(tmp_path / "data"))
    window = build_main_window(parse_args(["--demo"]), settings)
    qtbot.addWidget(window)
    consolidate = window.views["consolidate"]
    qtbot.waitUntil(lambda: consolidate.controller.document is not None
                    and not window.runner.is_busy(), timeout=30000)
    for key in ("compare", "consolidate", "preview", "compare"):
        window.show_view(key)
        qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=30000)
        assert window.undo_stack.count() == 0 and window.undo_stack.isClean(), key
        assert not window.isWindowModified(), key
        assert not window.actions_by_name["undo"].isEnabled(), key
        assert not window.actions_by_name["redo"].isEnabled(), key
    assert window.close()
    assert answers.asked == []


def test_an_autosave_of_what_is_shown_is_not_offered(qtbot, main_window, view, monkeypatch):
    from consolidator.session import save_session

    autosave = view.sessions.autosave_file(create=True)
    save_session(view.sessions.current_session(), autosave)  # no decisions, as on screen
    offered = []
    monkeypatch.setattr("ui.session_controller.ask_recover",
                        lambda *a: offered.append(a) or True)
    view.sessions.offer_recovery()
    qtbot.waitUntil(lambda: not autosave.exists() and not main_window.runner.is_busy(),
                    timeout=10000)
    assert offered == []
    assert autosave.with_name(autosave.name.replace(".session.json", ".discarded.json")).exists()
    assert main_window.undo_stack.count() == 0 and not main_window.isWindowModified()
