"""The application shell: start-up with --demo, menus and shortcuts, work-area slots, workers."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QThread, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from tests.conftest import ROOT
from tests.ui.helpers import visible_dialogs, write_policy
from ui import theme
from ui.app import build_main_window, ensure_std_streams, parse_args, run_app
from ui.errors import ErrorDialog
from ui.help import AboutDialog, HelpDialog, about_html

SAMPLE_KINDS = {"email", "internet", "mobile-phone", "social-media"}


def test_the_four_bundled_samples_are_found():
    names = [p.name for p in theme.sample_policies()]
    assert len(names) == 4, names
    assert all(n.endswith(".docx") for n in names)


def test_demo_opens_the_window_with_the_samples_in_the_sources_panel(qtbot, tmp_path):
    options = parse_args(["--demo", "--settings", str(tmp_path / "s.ini")])
    window = build_main_window(options)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loading_finished, timeout=30000):
        pass
    model = window.sources_model
    assert len(model) == 4
    assert {e.kind.value for e in model.entries()} == SAMPLE_KINDS
    assert all(e.words > 100 for e in model.entries())
    assert window.central.currentWidget() is window.work_tabs
    assert window.sources_panel.table.model().rowCount() == 4
    assert "Loaded 4 policies" in window.statusBar().currentMessage()
    window.close()
    assert window.runner.wait(5000)


def test_demo_window_paints_before_its_views_are_built_then_loads_the_samples(qtbot, tmp_path):
    options = parse_args(["--demo", "--settings", str(tmp_path / "s.ini")])
    window = build_main_window(options, views_after_paint=True)
    qtbot.addWidget(window)
    assert "compare" not in window.views and "consolidate" not in window.views
    assert not window.runner.is_busy()  # nothing loads before the views exist

    with qtbot.waitSignal(window.loading_finished, timeout=30000):
        pass
    assert {"compare", "consolidate"} <= set(window.views)
    assert len(window.sources_model) == 4
    window.close()
    assert window.runner.wait(5000)


def test_main_py_demo_runs_the_app_and_saves_a_screenshot(tmp_path):
    """The whole start-up path in its own process: main.py -> launcher -> run_app -> exec."""
    target = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--demo", "--screenshot", str(target),
         "--settings", str(tmp_path / "s.ini")],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert target.stat().st_size > 10_000
    assert "Traceback" not in done.stderr


def test_a_windowed_start_without_standard_streams_gets_null_ones(monkeypatch):
    """The packaged Windows app has no console: sys.stdout and sys.stderr start as None."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    ensure_std_streams()
    try:
        assert sys.stdout is not None and sys.stderr is not None
        assert sys.stderr.name == os.devnull and sys.stdout.name == os.devnull
        sys.stderr.write("Traceback (most recent call last): ...\n")  # the exception hook's echo
        print("smoke test: 4 of 4 sample policies loaded", file=sys.stderr)
        print("stdout too")
    finally:
        sys.stdout.close()
        sys.stderr.close()


def test_bad_usage_returns_2(capsys):
    assert run_app(["--no-such-option"]) == 2
    assert "unrecognized" in capsys.readouterr().err


def test_menus_follow_windows_conventions(main_window):
    acts = main_window.actions_by_name
    expected = {
        "add_policies": ["Ctrl+O"], "save_session": ["Ctrl+S"],
        "save_session_as": ["Ctrl+Shift+S"], "export_policy": ["Ctrl+E"], "undo": ["Ctrl+Z"],
        "redo": ["Ctrl+Y", "Ctrl+Shift+Z"], "find": ["Ctrl+F"],
        "next_change": ["Alt+Down", "F7"], "previous_change": ["Alt+Up", "Shift+F7"],
        "help": ["F1"], "new_session": ["Ctrl+N"], "print": ["Ctrl+P"],
        "close_session": ["Ctrl+W", "Ctrl+F4"],
    }
    for name, keys in expected.items():
        assert [s.toString() for s in acts[name].shortcuts()] == keys, name
    menus = [a.text().replace("&", "") for a in main_window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Go", "Help"]
    file_menu = main_window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions() if a.text()]
    assert texts == ["New session", "Open session...", "Recent sessions", "Add policies...",
                     "Start review...", "Save session", "Save session as...", "Close session",
                     "Export Digital Policy...", "Export comparison...", "Print...", "Exit"]


def test_actions_without_a_view_are_disabled_until_bound(main_window, qtbot):
    acts = main_window.actions_by_name
    for name in ("open_session", "start_review", "save_session", "export_policy",
                 "export_comparison", "find",
                 "next_change", "previous_change", "next_conflict", "view_compare"):
        assert not acts[name].isEnabled(), name
    assert not acts["undo"].isEnabled()  # nothing to undo yet
    calls = []
    main_window.bind_action("next_change", lambda: calls.append("next"))
    assert acts["next_change"].isEnabled()
    acts["next_change"].trigger()
    assert calls == ["next"]


def test_add_view_fills_a_slot_and_enables_its_view_action(main_window):
    placeholder_index = main_window._slot_index("compare")
    assert isinstance(main_window.work_tabs.widget(placeholder_index).heading, QLabel)
    view = QLabel("the real compare view")
    main_window.add_view("compare", "Compare", view)
    assert main_window.work_tabs.widget(main_window._slot_index("compare")) is view
    assert main_window.work_tabs.count() == 3
    assert main_window.actions_by_name["view_compare"].isEnabled()
    main_window.show_view("preview")
    assert main_window.work_tabs.tabText(main_window.work_tabs.currentIndex()) == "Preview"
    main_window.actions_by_name["view_compare"].trigger()
    assert main_window.work_tabs.currentWidget() is view


def test_a_task_shows_progress_and_cancel_stops_it(main_window, qtbot):
    started = threading.Event()
    results, cancelled = [], []

    def endless(context):
        while not context.is_cancelled():
            context.progress(0.5, "Working hard")
            started.set()
            QThread.msleep(5)
        return "finished anyway"

    with qtbot.waitSignal(main_window.runner.busy_changed, timeout=5000):
        main_window.run_task(endless, description="Endless", on_result=results.append,
                             on_cancelled=lambda: cancelled.append(True))
    assert started.wait(5)
    qtbot.waitUntil(lambda: main_window.progress_label.text() == "Working hard", timeout=5000)
    assert main_window.cancel_button.isVisible() and main_window.progress_bar.isVisible()
    with qtbot.waitSignal(main_window.runner.busy_changed, timeout=5000) as blocker:
        qtbot.mouseClick(main_window.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [False]
    assert cancelled == [True] and results == []
    assert not main_window.cancel_button.isVisible()


def test_a_newer_task_on_the_same_channel_makes_the_older_result_stale(main_window, qtbot):
    release = threading.Event()
    results = []

    def slow(context):
        release.wait(5)
        return "old"

    main_window.run_task(slow, description="old", on_result=results.append, channel="diff")
    main_window.run_task(lambda context: "new", description="new", on_result=results.append,
                         channel="diff")
    release.set()
    qtbot.waitUntil(lambda: not main_window.runner.is_busy(), timeout=5000)
    assert results == ["new"]


def test_results_arrive_on_the_ui_thread(main_window, qtbot):
    threads = []
    with qtbot.waitSignal(main_window.runner.busy_changed, timeout=5000,
                          check_params_cb=lambda busy: not busy):
        main_window.run_task(lambda context: QThread.currentThread(), description="where",
                             on_result=lambda worker_thread: threads.append(
                                 (worker_thread, QThread.currentThread())))
    worker_thread, callback_thread = threads[0]
    assert callback_thread is QApplication.instance().thread()
    assert worker_thread is not callback_thread


def test_an_unexpected_error_in_a_task_shows_details_not_a_bare_traceback(main_window, qtbot):
    def broken(context):
        raise ZeroDivisionError("boom")

    main_window.run_task(broken, description="broken")
    qtbot.waitUntil(lambda: bool(visible_dialogs(ErrorDialog)) or
                    any(isinstance(c, ErrorDialog) and c.isVisible()
                        for c in main_window.findChildren(ErrorDialog)), timeout=5000)
    dialog = next(d for d in main_window.findChildren(ErrorDialog) if d.isVisible())
    assert "Traceback" not in dialog.message()
    assert "ZeroDivisionError" in dialog.details_edit.toPlainText()
    assert not dialog.details_edit.isVisible()
    dialog.details_button.click()
    assert dialog.details_edit.isVisible()
    dialog.accept()


def _drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    return drop


def test_dropping_a_folder_loads_the_documents_inside(main_window, qtbot, tmp_path):
    write_policy(tmp_path, "Email Policy.md", "Email Policy")
    write_policy(tmp_path, "Internet Policy.txt", "Internet Policy", "Other text.")
    write_policy(tmp_path, "~$Email Policy.md", "Word lock file")
    (tmp_path / "notes.png").write_bytes(b"\x89PNG")
    (tmp_path / "sub").mkdir()
    write_policy(tmp_path / "sub", "Deep.md", "Not loaded: in a subfolder")
    with qtbot.waitSignal(main_window.loading_finished, timeout=10000):
        _drop(main_window, [tmp_path])
    names = sorted(e.document.name for e in main_window.sources_model.entries())
    assert names == ["Email Policy.md", "Internet Policy.txt"]


def test_dropping_files_loads_them(main_window, qtbot, tmp_path):
    path = write_policy(tmp_path, "Mobile Phone Policy.md", "Mobile Phone Policy")
    with qtbot.waitSignal(main_window.loading_finished, timeout=10000):
        drop = _drop(main_window, [path])
    assert drop.isAccepted()
    assert main_window.sources_model.entries()[0].kind.value == "mobile-phone"


def test_dragging_non_file_urls_is_refused(main_window):
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/policy.docx")])
    enter = QDragEnterEvent(QPoint(1, 1), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    main_window.dragEnterEvent(enter)
    assert not enter.isAccepted()


def test_a_file_that_cannot_be_read_shows_a_plain_dialog_naming_it(main_window, qtbot, tmp_path):
    bad = tmp_path / "Broken Policy.docx"
    bad.write_text("this is not a Word document", encoding="utf-8")
    good = write_policy(tmp_path, "Email Policy.md", "Email Policy")
    with qtbot.waitSignal(main_window.loading_finished, timeout=10000):
        main_window.add_files([bad, good])
    dialogs = [d for d in main_window.findChildren(ErrorDialog) if d.isVisible()]
    assert len(dialogs) == 1
    assert "Broken Policy.docx" in dialogs[0].message()
    assert "Traceback" not in dialogs[0].message()
    assert len(main_window.sources_model) == 1
    assert "1 could not be loaded" in main_window.statusBar().currentMessage()
    dialogs[0].accept()


def test_the_same_content_is_not_loaded_twice(main_window, qtbot, tmp_path):
    first = write_policy(tmp_path, "Email Policy.md", "Email Policy")
    copy = tmp_path / "Copy of Email Policy.md"
    copy.write_bytes(first.read_bytes())
    with qtbot.waitSignal(main_window.loading_finished, timeout=10000):
        main_window.add_files([first, copy])
    assert len(main_window.sources_model) == 1
    message = main_window.statusBar().currentMessage()
    assert "Copy of Email Policy.md has the same content as Email Policy.md" in message
    assert main_window.add_files([first]) is None  # the same path: nothing to read
    assert "already loaded" in main_window.statusBar().currentMessage()


def test_help_and_about_show_versions(main_window, qtbot):
    main_window.actions_by_name["help"].trigger()
    help_dialog = next(d for d in main_window.findChildren(HelpDialog) if d.isVisible())
    assert "Where your data goes" in help_dialog.browser.toPlainText()
    help_dialog.close()
    main_window.actions_by_name["about"].trigger()
    about = next(d for d in main_window.findChildren(AboutDialog) if d.isVisible())
    text = about_html()
    for component in ("Python", "Qt", "PySide6", "python-docx"):
        assert f"<td>{component}</td>" in text
    about.accept()


@pytest.mark.parametrize("name", ["F1", "Ctrl+O"])
def test_shortcuts_are_declared_once(name):
    from ui import shortcuts

    owners = [k for k, v in vars(shortcuts).items()
              if isinstance(v, list) and any(isinstance(s, QKeySequence) and s.toString() == name
                                             for s in v) and k != "TABLE"]
    assert len(owners) == 1, owners
