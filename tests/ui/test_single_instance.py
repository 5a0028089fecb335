"""One app per user: a second launch (its own process) hands its files to the running window."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from consolidator.readers import read_document
from consolidator.session import save_session, session_from
from tests.conftest import ROOT, SAMPLES
from ui.app import build_main_window, parse_args
from ui.session_controller import DATA_DIR_ENV
from ui.single_instance import INSTANCE_ENV, hand_over, serve_window


@pytest.fixture
def instance(monkeypatch) -> str:
    """Returns a socket name of this test's own (this process and the launches it starts)."""
    name = f"pc-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv(INSTANCE_ENV, name)
    return name


def launch(qtbot, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Runs `main.py ARGS` in a second process, handling this process's Qt events meanwhile."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=60000)
    finally:
        if child.poll() is None:
            child.kill()
        stdout, stderr = child.communicate(timeout=30)
    return subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)


def test_a_second_launch_hands_its_policy_to_the_running_window_and_exits(
        qtbot, main_window, instance):
    server = serve_window(main_window, main_window.open_paths)
    assert server is not None and server.name == instance
    # A relative name, from another folder: the running window gets the full path.
    done = launch(qtbot, "Email Policy.docx", cwd=SAMPLES)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: len(main_window.sources_model.documents()) == 1, timeout=30000)
    (document,) = main_window.sources_model.documents()
    assert Path(document.path) == SAMPLES / "Email Policy.docx"
    server.close()


def test_a_second_launch_with_a_session_file_opens_the_session(qtbot, main_window, instance,
                                                                tmp_path):
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    policies = [SAMPLES / "Email Policy.docx", SAMPLES / "Internet Use Policy.docx"]
    session = save_session(session_from([read_document(p) for p in policies]),
                           tmp_path / "Committee draft.pcsession")
    serve_window(main_window, main_window.open_paths)
    done = launch(qtbot, str(session), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: view.sessions.session_path == str(session), timeout=30000)
    assert {Path(d.path) for d in main_window.sources_model.documents()} == set(policies)
    main_window.undo_stack.setClean()


def test_a_session_named_on_the_command_line_is_opened_not_read_as_a_policy(qtbot, settings,
                                                                            tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))  # no other test's autosave
    policies = [SAMPLES / "Mobile Phone Policy.docx", SAMPLES / "Social Media Policy.docx"]
    session = save_session(session_from([read_document(p) for p in policies]),
                           tmp_path / "work.pcsession")
    window = build_main_window(parse_args([str(session)]), settings)
    qtbot.addWidget(window)
    view = window.views["consolidate"]
    qtbot.waitUntil(lambda: view.sessions.session_path == str(session), timeout=30000)
    assert {Path(d.path) for d in window.sources_model.documents()} == set(policies)
    window.undo_stack.setClean()
    window.close()
    assert window.runner.wait(10000)


def test_with_no_app_running_nothing_takes_the_files(qapp, instance):
    assert hand_over([str(SAMPLES / "Email Policy.docx")]) is False


def test_only_one_window_listens(qtbot, main_window, instance):
    first = serve_window(main_window, main_window.open_paths)
    assert first is not None
    assert serve_window(main_window, main_window.open_paths) is None
    first.close()
