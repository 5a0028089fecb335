"""Sources panel: remove, choosing what a policy covers, warnings details, changed-on-disk
notice."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

import consolidator
from consolidator.model import ReaderWarning
from tests.ui.helpers import write_policy
from ui.main_window import MainWindow
from ui.problems import Problem, ProblemTarget
from ui.sources_model import Column, PolicyKind
from ui.sources_panel import KindDelegate, WarningsDialog


def _read_with_warnings(path, **kwargs):
    """The real reader, plus two warnings, as a reader reports content it could not represent."""
    from dataclasses import replace

    document = consolidator.read_document(path, **kwargs)
    return replace(document, warnings=(
        ReaderWarning("image", "2 pictures were not imported.", 2),
        ReaderWarning("equation", "An equation in section 3 was replaced by its text."),
    ))


@pytest.fixture
def loaded(qtbot, settings, tmp_path):
    window = MainWindow(settings, read=_read_with_warnings)
    qtbot.addWidget(window)
    window.show()
    paths = [write_policy(tmp_path, "Email Policy.md", "Email Policy"),
             write_policy(tmp_path, "Social Media Policy.md", "Social Media Policy", "Posts.")]
    with qtbot.waitSignal(window.loading_finished, timeout=10000):
        window.add_files(paths)
    yield window
    window.runner.cancel_all()
    assert window.runner.wait(10000)


def test_rows_show_title_file_kind_size_and_warnings(loaded):
    model = loaded.sources_model
    row = [model.index(0, c).data() for c in Column]
    assert row[0] == "Email Policy"
    assert row[1] == "Email Policy.md"
    assert row[2] == "Email"
    assert row[3] == "~1 page"
    assert row[4] == "3"
    assert "words" in model.index(0, Column.SIZE).data(Qt.ItemDataRole.ToolTipRole)


def test_remove_deletes_the_selected_policy_and_returns_to_the_welcome_page(loaded, qtbot):
    panel = loaded.sources_panel
    assert not panel.remove_action.isEnabled()
    panel.select(loaded.sources_model.entries()[0].id)
    assert panel.remove_action.isEnabled()
    panel.remove_action.trigger()
    assert [e.document.name for e in loaded.sources_model.entries()] == ["Social Media Policy.md"]
    assert "Removed Email Policy.md" in loaded.statusBar().currentMessage()
    panel.table.selectAll()
    panel.remove_action.trigger()
    assert len(loaded.sources_model) == 0
    assert loaded.central.currentWidget() is loaded.welcome


def test_the_kind_is_edited_with_a_combo_box(loaded):
    panel = loaded.sources_panel
    index = loaded.sources_model.index(0, Column.KIND)
    delegate = panel.table.itemDelegateForColumn(Column.KIND)
    assert isinstance(delegate, KindDelegate)
    editor = delegate.createEditor(panel.table.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    delegate.setEditorData(editor, index)
    assert editor.currentData() == "email"
    editor.setCurrentIndex(editor.findData(PolicyKind.INTERNET.value))
    delegate.setModelData(editor, loaded.sources_model, index)
    editor.deleteLater()
    assert index.data() == "Internet"
    assert loaded.sources_model.entries()[0].kind is PolicyKind.INTERNET
    assert not loaded.sources_model.setData(index, "not-a-kind")


def test_show_warnings_lists_what_could_not_be_read(loaded, qtbot):
    panel = loaded.sources_panel
    panel.select(loaded.sources_model.entries()[1].id)
    assert panel.warnings_action.isEnabled()
    panel.warnings_action.trigger()
    dialog = panel.last_warnings_dialog
    assert isinstance(dialog, WarningsDialog) and dialog.isVisible()
    assert "Social Media Policy.md" in dialog.windowTitle()
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 1).text() == "2 pictures were not imported."
    assert dialog.table.item(0, 0).text() == "2"
    dialog.reject()


def test_problems_list_the_warnings_and_jump_to_the_policy(loaded, qtbot):
    problems = loaded.problems.problems()
    assert len(problems) == 4
    assert problems[2].message.startswith("Social Media Policy.md: 2 pictures")
    # one row per kind, with a count: pictures (2 policies), equations (2 policies)
    assert loaded.problems.rows() == ["Pictures not imported (2)",
                                      "Equations read as plain text (2)"]
    pictures = loaded.problems.topLevelItem(0)
    loaded.problems.itemActivated.emit(pictures, 0)  # Enter on a row opens it
    assert pictures.isExpanded() and pictures.childCount() == 2
    target = problems[2].target
    assert isinstance(target, ProblemTarget)
    with qtbot.waitSignal(loaded.navigate_requested) as blocker:
        loaded.problems.itemActivated.emit(pictures.child(1), 0)
    assert blocker.args == [target]
    assert loaded.sources_panel.selected_ids() == [target.document_id]
    assert loaded.sources_panel.last_warnings_dialog.isVisible()
    loaded.sources_panel.last_warnings_dialog.reject()
    # conflicts come first, under a row of their own
    loaded.problems.set_problems("conflicts", [
        Problem("Email says 24 hours, Mobile 48", "x", "conflict", "Conflicts to decide"),
        Problem("Email forbids, Internet permits", "y", "conflict", "Conflicts to decide")])
    assert loaded.problems.rows()[0] == "Conflicts to decide (2)"
    assert loaded.problems.topLevelItemCount() == 3


def test_a_file_changed_on_disk_is_noticed_and_reloaded(loaded, qtbot):
    entry = loaded.sources_model.entries()[0]
    path = entry.document.path
    loaded.sources_model.set_kind(entry.id, PolicyKind.OTHER)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n## 2 Monitoring\n\nEmail may be monitored.\n")
    stat = os.stat(path)
    os.utime(path, (stat.st_atime, stat.st_mtime + 5))
    qtbot.waitUntil(lambda: loaded.sources_model.entries()[0].changed_on_disk, timeout=5000)
    panel = loaded.sources_panel
    assert panel.changed_banner.isVisible()
    assert "Email Policy.md has changed on disk" in panel.changed_label.text()
    with qtbot.waitSignal(loaded.loading_finished, timeout=10000):
        panel.reload_changed()
    reloaded = loaded.sources_model.entries()[0]
    assert reloaded.id != entry.id
    assert "Email may be monitored." in reloaded.document.plain_text()
    assert not reloaded.changed_on_disk
    assert reloaded.kind is PolicyKind.OTHER  # the author's choice survives a reload
    assert not panel.changed_banner.isVisible()


def test_a_file_reloaded_as_a_copy_of_another_loaded_policy_is_kept_once(loaded, qtbot):
    email, social = loaded.sources_model.entries()
    with open(social.document.path, "rb") as source:
        copied = source.read()
    with open(email.document.path, "wb") as target:  # Email Policy.md is now Social Media's
        target.write(copied)
    with qtbot.waitSignal(loaded.loading_finished, timeout=10000):
        loaded.reload_sources([email.id])
    ids = [e.id for e in loaded.sources_model.entries()]
    assert ids == [social.id]
    assert "same content as Social Media Policy.md" in loaded.statusBar().currentMessage()


def test_an_unchanged_file_touch_is_not_reported(loaded):
    path = loaded.sources_model.entries()[0].document.path
    loaded.sources_panel.check_file(path)
    assert not loaded.sources_model.entries()[0].changed_on_disk


def test_choosing_what_a_policy_covers_is_an_undo_step_and_unsaved_work(loaded):
    model, stack = loaded.sources_model, loaded.undo_stack
    email = model.entries()[0]
    assert email.kind is PolicyKind.EMAIL and not email.chosen  # the draft's own guess
    clean = stack.isClean()
    assert model.setData(model.index(0, Column.KIND), PolicyKind.INTERNET.value)
    chosen = model.entries()[0]
    assert chosen.kind is PolicyKind.INTERNET and chosen.chosen
    assert chosen.id == email.id  # the same policy, its content untouched
    assert stack.undoText() == "Set Email Policy.md to cover Internet"
    assert clean and not stack.isClean()  # Exit asks to save it
    stack.undo()
    assert model.entries()[0].kind is PolicyKind.EMAIL and not model.entries()[0].chosen
    stack.redo()
    assert model.entries()[0].kind is PolicyKind.INTERNET


def test_the_covers_column_shows_the_channel_the_draft_gives(qtbot, settings, tmp_path):
    from consolidator.consolidation.topics import channels_of_documents

    window = MainWindow(settings)
    qtbot.addWidget(window)
    paths = [write_policy(tmp_path, "a.md", "Mobile Phone Policy", "Phones."),
             write_policy(tmp_path, "b.md", "IT Acceptable Use Policy", "Use IT well."),
             write_policy(tmp_path, "c.md", "Security Guidance for Using a Personal Device",
                          "Devices.")]
    with qtbot.waitSignal(window.loading_finished, timeout=10000):
        window.add_files(paths)
    model = window.sources_model
    channels = channels_of_documents(model.documents())
    assert [e.kind.value for e in model.entries()] == [channels[d.id]
                                                     for d in model.documents()]
    assert [e.kind for e in model.entries()] == [PolicyKind.MOBILE_PHONE, PolicyKind.INTERNET,
                                                PolicyKind.OTHER]
    window.runner.cancel_all()
    assert window.runner.wait(10000)


def test_undoing_a_choice_after_the_policy_was_reloaded_still_undoes_it(loaded, qtbot):
    model, stack = loaded.sources_model, loaded.undo_stack
    assert model.setData(model.index(0, Column.KIND), PolicyKind.INTERNET.value)
    email = model.entries()[0]
    with open(email.document.path, "a", encoding="utf-8") as handle:
        handle.write("\n## 2 Monitoring\n\nEmail may be monitored.\n")
    with qtbot.waitSignal(loaded.loading_finished, timeout=10000):
        loaded.reload_sources([email.id])
    reloaded = model.entries()[0]
    assert reloaded.id != email.id and reloaded.kind is PolicyKind.INTERNET and reloaded.chosen
    stack.undo()
    assert model.entries()[0].kind is PolicyKind.EMAIL and not model.entries()[0].chosen


def test_a_sessions_choice_reaches_its_policy_by_file_and_is_forgotten_after_loading(
        qtbot, settings, tmp_path):
    from consolidator.paths import path_key

    window = MainWindow(settings)
    qtbot.addWidget(window)
    path = write_policy(tmp_path, "handbook.md", "Staff Handbook Chapter 7", "Browse well.")
    window.chosen_kinds = {path_key(path): "internet"}  # as a session being opened sets it
    with qtbot.waitSignal(window.loading_finished, timeout=10000):
        window.add_files([path])
    entry = window.sources_model.entries()[0]
    assert entry.kind is PolicyKind.INTERNET and entry.chosen
    assert window.chosen_kinds == {}  # a later load of the file is the app's guess again
    window.runner.cancel_all()
    assert window.runner.wait(10000)
