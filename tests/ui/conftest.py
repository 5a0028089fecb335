"""UI test fixtures: a throw-away settings file, a main window on it, and a leaked-window check."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication

from ui.process import guard_pyside_refcounts
from ui.settings import Settings

# PySide6 6.12 on Python 3.11 drops references to None/True/False on every emit and void call;
# without this a long test run aborts with "deallocating None" (see guard_pyside_refcounts).
guard_pyside_refcounts()


@pytest.fixture(autouse=True)
def _qt_test_paths(qapp):
    """Keeps user folders (AppData, logs) out of the tests' way."""
    QStandardPaths.setTestModeEnabled(True)
    yield


@pytest.fixture(autouse=True)
def _close_without_saving(monkeypatch):
    """Answers "Save changes before closing?" with Don't Save, so closing never blocks a test."""
    monkeypatch.setattr("ui.session_controller.ask_save_changes", lambda parent: "discard")
    # and "Remove these policies?" with Remove (a modal question would block the test)
    monkeypatch.setattr("ui.source_commands.ask_remove_sources", lambda parent, names: True)


@pytest.fixture(autouse=True)
def _confirm_session_policies(monkeypatch):
    """Answers "Open the session's policies?" with Open (a test of the question replaces it)."""
    monkeypatch.setattr("ui.session_controller.confirm_session_sources",
                        lambda parent, name, checks: True)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Returns Settings backed by a temporary ini file."""
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def main_window(qtbot, settings):
    """Returns a shown MainWindow on temporary settings; waits for its workers at the end."""
    from ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.runner.cancel_all()
    assert window.runner.wait(10000)


@pytest.fixture(autouse=True)
def _no_leaked_windows(qapp):
    """Fails a test that leaves top-level windows open (other than those qtbot closes)."""
    before = {id(w) for w in QApplication.topLevelWidgets()}
    yield
    leaked = [w for w in QApplication.topLevelWidgets()
              if id(w) not in before and w.isVisible() and w.parent() is None]
    for widget in leaked:
        widget.close()
        widget.deleteLater()
    assert not leaked, f"windows left open: {[type(w).__name__ for w in leaked]}"


@pytest.fixture
def view(main_window, qtbot):
    """Returns the Compare view installed in a shown main window (1100 x 700)."""
    from ui.views import install_compare_view

    view = install_compare_view(main_window)
    main_window.show_view("compare")
    main_window.resize(1100, 700)
    return view


@pytest.fixture
def app_window(qtbot, main_window, tmp_path):
    """Returns the main window with every view, three small policies in conflict loaded and
    their Digital Policy drafted."""
    from tests.ui.helpers import write_conflicting_policies
    from ui.views import install_views

    main_window.resize(1400, 900)
    install_views(main_window)
    main_window.add_files(write_conflicting_policies(tmp_path))
    consolidate = main_window.views["consolidate"]
    qtbot.waitUntil(lambda: consolidate.controller.document is not None
                    and not main_window.runner.is_busy(), timeout=30000)
    yield main_window
    main_window.undo_stack.setClean()


@pytest.fixture
def samples_view(qtbot, main_window, tmp_path):
    """Returns the Consolidate view with the four bundled samples drafted, shown."""
    from tests.conftest import SAMPLE_FILES
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files(SAMPLE_FILES)
    qtbot.waitUntil(lambda: view.store.plan is not None and view.controller.document is not None,
                    timeout=30000)
    main_window.show_view("consolidate")
    yield view
    main_window.undo_stack.setClean()  # nothing to recover after the test
