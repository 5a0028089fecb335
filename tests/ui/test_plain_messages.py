"""Messages in plain English (issue #15, point 13): no exception text in the message itself
(it is behind Show details), no file-name jargon, one date format."""

from __future__ import annotations

from datetime import date

import pytest

from consolidator import LoadError, read_document
from ui.errors import plain_message, show_load_errors
from ui.theme import format_date


def damaged(tmp_path) -> LoadError:
    path = tmp_path / "Email Policy.docx"
    path.write_bytes(b"PK\x03\x04 this was never a complete Word file")
    with pytest.raises(LoadError) as caught:
        read_document(path)
    return caught.value


def test_the_exception_text_goes_behind_show_details(tmp_path, qtbot):
    error = damaged(tmp_path)
    assert error.__cause__ is not None and str(error.__cause__) in str(error)
    message, details = plain_message(error)
    assert str(error.__cause__) not in message and message.startswith("Email Policy.docx is")
    assert "()" not in message and details.endswith(str(error.__cause__))
    dialog = show_load_errors(None, [error])
    assert dialog.message() == message
    assert dialog.details_button.isVisible() or not dialog.isVisible()
    assert str(error.__cause__) in dialog.details_edit.toPlainText()
    dialog.close()


def test_a_message_without_a_quoted_exception_is_left_as_it_is():
    error = LoadError("Social Media Policy.docx is password-protected. Open it in Word ...")
    assert plain_message(error) == (str(error), "")


def test_dates_read_the_same_everywhere():
    assert format_date(date(2026, 12, 1)) == "1 December 2026"


def test_the_recovery_question_has_no_file_name_jargon(monkeypatch, qtbot):
    from datetime import datetime

    from PySide6.QtWidgets import QMessageBox

    from ui import session_controller

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    session_controller.ask_recover(None, datetime(2026, 12, 1, 9, 5), ["/x/Email Policy.docx"])
    assert "09:05 on 1 December 2026" in shown[0]
    assert ".discarded" not in shown[0]
