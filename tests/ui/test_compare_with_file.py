"""Compare with file...: the older version goes on the left; "Older / Newer" only for versions
of one policy (issue #15, point 4)."""

from __future__ import annotations

from dataclasses import replace

from consolidator.model import SourceDocument
from tests.ui.helpers import add, make_doc
from ui.compare_versions import is_older, looks_like_versions


def versioned(doc: SourceDocument, version: str, modified: str = "") -> SourceDocument:
    properties = (("keywords", f"version {version}; policy"),)
    if modified:
        properties += (("modified", modified),)
    return replace(doc, properties=properties)


CURRENT = versioned(make_doc("now", "Email Policy.docx", ["Staff must lock screens.",
                                                           "A new rule."]), "3.0")
OLDER = versioned(make_doc("old", "Email Policy v2.1.docx", ["Staff must lock screens."]), "2.1")


def test_older_by_version_then_by_date():
    assert is_older(OLDER, CURRENT) is True and is_older(CURRENT, OLDER) is False
    a = versioned(make_doc("a", "A.docx", ["x"]), "1.0", "2021-01-01T00:00:00Z")
    b = versioned(make_doc("b", "B.docx", ["y"]), "1.0", "2024-01-01T00:00:00Z")
    assert is_older(a, b) is True
    assert is_older(make_doc("c", "C.docx", ["x"]), make_doc("d", "D.docx", ["y"])) is None


def test_versions_of_one_policy_are_told_from_two_policies():
    assert looks_like_versions(CURRENT, OLDER)
    internet = make_doc("i", "Internet Use Policy.docx", ["x"])
    assert not looks_like_versions(CURRENT, internet)
    draft = make_doc("d2", "Email Policy (draft 3) copy.docx", ["x"])
    assert looks_like_versions(replace(draft, title=""), replace(CURRENT, title=""))


def test_an_older_file_goes_on_the_left_and_the_sides_are_older_and_newer(qtbot, main_window,
                                                                         view):
    add(main_window, CURRENT)
    view.picker.choose(0, CURRENT.id)
    messages: list[str] = []
    view.message.connect(messages.append)
    with qtbot.waitSignal(view.comparison_shown, timeout=20000):
        view._file_read(OLDER)  # what Compare with file... does once the file is read
    assert view.picker.document(0).id == OLDER.id and view.picker.document(1).id == CURRENT.id
    assert view.left_title.text() == "Older: Email Policy v2.1.docx"
    assert view.right_title.text().startswith("Newer: Email Policy.docx")
    assert [c.text() for c in view.picker.side_labels] == ["&Older:", "&Newer:"]
    assert messages and "older version" in messages[-1]


def test_a_newer_file_goes_on_the_right(qtbot, main_window, view):
    add(main_window, OLDER)
    view.picker.choose(0, OLDER.id)
    with qtbot.waitSignal(view.comparison_shown, timeout=20000):
        view._file_read(CURRENT)
    assert view.picker.document(0).id == OLDER.id and view.picker.document(1).id == CURRENT.id


def test_two_different_policies_are_left_and_right(qtbot, main_window, view):
    internet = make_doc("i", "Internet Use Policy.docx", ["Staff must lock screens."])
    add(main_window, CURRENT, internet)
    with qtbot.waitSignal(view.comparison_shown, timeout=20000):
        view.picker.choose(0, CURRENT.id)
        view.picker.choose(1, internet.id)
    assert [c.text() for c in view.picker.side_labels] == ["&Left:", "&Right:"]
    assert view.left_title.text().startswith("Left: ")
