"""The global exception hook: a log file with the traceback and versions, and a plain dialog."""

from __future__ import annotations

import sys

from PySide6.QtCore import QStandardPaths

from tests.helpers.errors import raise_and_catch
from ui.errors import ErrorDialog, ExceptionHook, log_directory, write_crash_log


def test_the_hook_writes_a_log_and_shows_a_dialog_with_details(qtbot, tmp_path):
    hook = ExceptionHook(directory=tmp_path / "logs")
    hook(*raise_and_catch())
    log = hook.last_log
    assert log is not None and log.parent == tmp_path / "logs"
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: deliberate failure for the test" in text
    assert "raise_and_catch" in text  # the traceback
    assert "PySide6:" in text and "Python:" in text and "python-docx:" in text
    dialog = hook.last_dialog
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ErrorDialog) and dialog.isVisible()
    assert str(log) in dialog.message()
    assert "Traceback" not in dialog.message()
    assert not dialog.details_edit.isVisible()
    dialog.details_button.click()
    assert "deliberate failure" in dialog.details_edit.toPlainText()
    dialog.accept()


def test_install_replaces_sys_excepthook_and_uninstall_restores_it(tmp_path):
    before = sys.excepthook
    hook = ExceptionHook(directory=tmp_path).install()
    try:
        assert sys.excepthook is hook
    finally:
        hook.uninstall()
    assert sys.excepthook is before


def test_keyboard_interrupt_goes_to_the_previous_hook(tmp_path):
    seen = []
    hook = ExceptionHook(directory=tmp_path)
    hook._previous = lambda *info: seen.append(info[0])
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt:
        hook(*sys.exc_info())
    assert seen == [KeyboardInterrupt]
    assert hook.last_log is None and not list(tmp_path.iterdir())


def test_logs_go_to_the_app_data_folder(qapp, tmp_path):
    qapp.setApplicationName("Policy Consolidator")
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert log_directory() == __import__("pathlib").Path(base) / "logs"
    path = write_crash_log(*raise_and_catch(), directory=tmp_path)
    assert path.name.startswith("error-") and path.suffix == ".log"
