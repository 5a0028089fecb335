"""Messages in plain words (issue #19 cause 15): no programmer's advice in a refusal, and valid
text with bidirectional marks is read as text."""

from __future__ import annotations

import olefile
import pytest

from consolidator.errors import LoadError
from consolidator.readers import read_document

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_a_damaged_ole_file_is_refused_in_plain_words(tmp_path, monkeypatch):
    def broken(*args, **kwargs):  # what olefile raised on a crafted sector count
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion; use "
                         "sys.set_int_max_str_digits() to increase the limit")

    monkeypatch.setattr(olefile, "OleFileIO", broken)
    path = tmp_path / "Policy.doc"
    path.write_bytes(OLE_MAGIC + b"\0" * 1024)
    with pytest.raises(LoadError) as info:
        read_document(path)
    message = str(info.value)
    assert info.value.reason == "corrupt" and "Policy.doc is damaged" in message
    assert "sys." not in message and "digits" not in message


def test_text_with_bidirectional_marks_is_read_as_text(tmp_path):
    line = "\u200fسياسة البريد الإلكتروني\u200f \u202bStaff must lock screens.\u202c\u200e\n"
    path = tmp_path / "Policy.txt"
    path.write_text(line * 40, encoding="utf-8")
    document = read_document(path)
    assert document.format == "text" and "Staff must lock screens." in document.plain_text()
