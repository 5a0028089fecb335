"""The exception hook in the packaged windowed app, which has no console: sys.stderr is None."""

from __future__ import annotations

import sys

from tests.helpers.errors import raise_and_catch
from ui.errors import ErrorDialog, ExceptionHook


def test_the_hook_logs_and_shows_the_dialog_without_a_stderr(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)
    hook = ExceptionHook(directory=tmp_path / "logs")
    hook(*raise_and_catch())
    assert hook.last_log is not None
    assert "deliberate failure" in hook.last_log.read_text(encoding="utf-8")
    dialog = hook.last_dialog
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ErrorDialog) and dialog.isVisible()
    assert str(hook.last_log) in dialog.message()
    dialog.accept()
