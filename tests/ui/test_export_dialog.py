"""Export Digital Policy on the samples: fields, worker export, memory, PDF, locked file."""

from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from consolidator.writers import pdf_export, policy_docx
from tests.conftest import SAMPLE_FILES
from tests.ui.helpers import visible_dialogs
from ui.export_dialog import ExportDialog
from ui.settings import Settings

FIELDS = {"title": "Fernbrook Digital Policy", "council": "Fernbrook District Council",
          "version": "2.0", "owner": "Head of ICT"}
APPROVED = date(2025, 8, 31)  # + 6 months: 28 February 2026 (clamped to the month's end)


@pytest.fixture
def view(qtbot, main_window, tmp_path):
    from ui.consolidate_view import install_consolidate_view

    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files(SAMPLE_FILES)
    qtbot.waitUntil(lambda: view.store.plan is not None and view.controller.document is not None
                    and not main_window.runner.is_busy(), timeout=30000)
    main_window.show_view("consolidate")
    yield view
    main_window.undo_stack.setClean()


@pytest.fixture
def output(tmp_path, monkeypatch) -> Path:
    """Returns the .docx the (patched) Save dialog answers with."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "Digital Policy.docx"
    monkeypatch.setattr("ui.export_dialog.ask_output_path", lambda *a: str(target))
    return target


def open_dialog(qtbot, window) -> ExportDialog:
    window.actions_by_name["export_policy"].trigger()
    qtbot.waitUntil(lambda: bool(visible_dialogs(ExportDialog)), timeout=5000)
    (dialog,) = visible_dialogs(ExportDialog)
    return dialog


def fill(qtbot, dialog: ExportDialog) -> None:
    dialog.edits["title"].clear()
    qtbot.keyClicks(dialog.edits["title"], FIELDS["title"])
    for name in ("council", "version", "owner"):
        dialog.edits[name].setText(FIELDS[name])
    dialog.status.setCurrentText("Approved")
    qtbot.mouseClick(dialog.approved, Qt.MouseButton.LeftButton)
    dialog.approval.setDate(QDate(APPROVED.year, APPROVED.month, APPROVED.day))
    dialog.review.setValue(6)


def export(qtbot, window, dialog: ExportDialog) -> None:
    with qtbot.waitSignal(window.runner.busy_changed, timeout=5000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def control_table(document) -> dict[str, str]:
    table = next(t for t in document.tables if t.rows[1].cells[0].text == "Title")
    return {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}  # after the header


def test_export_writes_the_policy_on_a_worker(qtbot, main_window, view, output, monkeypatch):
    real_export = policy_docx.export_policy
    ui_alive = threading.Event()
    calls: list[tuple[bool, bool]] = []

    def spy(*args, **kwargs):
        # Holds the export until the UI thread has handled an event while the runner is busy:
        # on the UI thread this would wait out its timeout and record False.
        calls.append((threading.current_thread() is threading.main_thread(),
                      ui_alive.wait(10)))
        return real_export(*args, **kwargs)

    monkeypatch.setattr(policy_docx, "export_policy", spy)
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: ui_alive.set() if main_window.runner.is_busy() else None)
    ticker.start()

    dialog = open_dialog(qtbot, main_window)
    assert dialog.isModal() and dialog.accessibleName() == "Export Digital Policy"
    fill(qtbot, dialog)
    assert "28 February 2026" in dialog.preview.toPlainText()
    export(qtbot, main_window, dialog)
    assert main_window.runner.is_busy()
    qtbot.waitUntil(lambda: not main_window.runner.is_busy(), timeout=30000)
    ticker.stop()

    assert calls == [(False, True)]
    assert output.exists()
    assert main_window.statusBar().currentMessage() == (
        f"Exported {output.name}. 14 undecided conflicts, 2 clauses that contradict the "
        "document control and 7 wordings to check are marked with comments for the committee.")
    # (three review intervals; six roles described differently by the policies)
    document = docx.Document(str(output))
    opening = [p.text for p in document.paragraphs[:2]]
    assert opening == [FIELDS["title"], FIELDS["council"]]
    control = control_table(document)
    assert control["Council"] == FIELDS["council"] and control["Version"] == "2.0"
    assert control["Status"] == "Approved" and control["Policy owner"] == "Head of ICT"
    assert control["Review interval"] == "Every 6 months"
    assert control["Next review date"] == "28 February 2026"
    body = " ".join(p.text for p in document.paragraphs)
    assert any(title in body for title in (s.title for s in view.store.resolved.sections))
    assert not list(output.parent.glob("*.tmp"))


def test_the_save_dialog_offers_the_last_export_folder_not_the_policies_own(
        qtbot, main_window, view, tmp_path, monkeypatch):
    offered: list[str] = []
    target = tmp_path / "exports" / "Digital Policy.docx"
    target.parent.mkdir()

    def ask(_parent, folder, _title):
        offered.append(folder)
        return str(target)

    monkeypatch.setattr("ui.export_dialog.ask_output_path", ask)
    main_window.settings.set_last_folder(str(tmp_path / "shared policies"))
    for _ in range(2):
        dialog = open_dialog(qtbot, main_window)
        fill(qtbot, dialog)
        export(qtbot, main_window, dialog)
        qtbot.waitUntil(lambda: not main_window.runner.is_busy(), timeout=30000)
    assert offered == ["", str(target.parent)]  # Documents at first (export_folder), then it


def test_fields_are_remembered(qtbot, main_window, view, output):
    dialog = open_dialog(qtbot, main_window)
    fill(qtbot, dialog)
    dialog.review.setValue(18)
    export(qtbot, main_window, dialog)
    qtbot.waitUntil(lambda: not main_window.runner.is_busy(), timeout=30000)
    assert output.exists()

    main_window.settings.sync()
    stored = Settings(main_window.settings.file_name).export_settings()
    assert {k: stored[k] for k in FIELDS} == FIELDS
    assert stored["review_months"] == 18 and stored["approval_date"] == APPROVED.isoformat()

    again = open_dialog(qtbot, main_window)
    assert again is not dialog
    assert {name: again.edits[name].text() for name in FIELDS} == FIELDS
    assert again.status.currentText() == "Approved"
    assert again.approved.isChecked() and again.approval.isEnabled()
    assert again.approval.date().toPython() == APPROVED
    assert again.review.value() == 18
    written = output.stat().st_mtime_ns
    cancel = again.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not visible_dialogs(ExportDialog), timeout=5000)
    assert not main_window.runner.is_busy() and output.stat().st_mtime_ns == written


@pytest.mark.parametrize("available", [True, False])
def test_pdf_option_follows_libreoffice(qtbot, main_window, view, monkeypatch, available):
    main_window.settings.set_export_settings({"pdf": True})
    monkeypatch.setattr(pdf_export, "pdf_available", lambda: available)
    dialog = open_dialog(qtbot, main_window)
    assert dialog.pdf.isEnabled() is available
    assert dialog.pdf.isChecked() is available
    assert ("not installed" in dialog.pdf.toolTip()) is not available
    assert "LibreOffice" in dialog.pdf.toolTip()
    dialog.reject()


@pytest.mark.skipif(pdf_export.find_soffice() is None,
                    reason="LibreOffice (soffice) is not installed: no PDF to write")
def test_pdf_is_written_beside_the_docx(qtbot, main_window, view, output):
    dialog = open_dialog(qtbot, main_window)
    fill(qtbot, dialog)
    assert dialog.pdf.isEnabled()
    dialog.pdf.setChecked(True)
    export(qtbot, main_window, dialog)
    qtbot.waitUntil(lambda: not main_window.runner.is_busy(), timeout=180000)
    pdf = output.with_suffix(".pdf")
    assert output.exists() and pdf.exists()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main_window.statusBar().currentMessage().startswith(
        f"Exported {output.name} and {pdf.name}.")


def test_the_dialog_names_review_intervals_the_policy_text_gives_otherwise(qtbot, main_window,
                                                                          view):
    from ui.export_dialog import ReviewIntervalWarning

    dialog = open_dialog(qtbot, main_window)
    (warning,) = dialog.findChildren(ReviewIntervalWarning)
    dialog.review.setValue(6)
    assert not warning.isHidden()
    assert "reviewed annually and every two years" in warning.text()
    assert "6 months" in warning.text()
    dialog.review.setValue(12)  # "annually" now agrees
    assert "every two years" in warning.text() and "annually" not in warning.text()
    dialog.review.setValue(24)
    assert "annually" in warning.text() and "two years" not in warning.text()
    dialog.reject()


def test_locked_file_offers_retry_and_keeps_the_old_file(qtbot, main_window, view, output,
                                                         monkeypatch):
    old = b"the committee's copy, open in Word"
    output.write_bytes(old)
    locked = [True]
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if locked[0] and Path(dst) == output:
            raise PermissionError(13, "The process cannot access the file because it is being "
                                  "used by another process", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    shown: list[dict] = []

    def answer(box: QMessageBox):
        shown.append({"text": box.text(), "title": box.windowTitle(),
                      "retry": box.button(QMessageBox.StandardButton.Retry) is not None,
                      "default": box.defaultButton() is box.button(
                          QMessageBox.StandardButton.Retry),
                      "old kept": output.read_bytes() == old,
                      "temp files": sorted(p.name for p in output.parent.iterdir()
                                           if p != output)})
        locked[0] = False  # the author closes the file in Word
        return QMessageBox.StandardButton.Retry

    monkeypatch.setattr(QMessageBox, "exec", answer)
    dialog = open_dialog(qtbot, main_window)
    fill(qtbot, dialog)
    export(qtbot, main_window, dialog)
    qtbot.waitUntil(lambda: bool(shown) and not main_window.runner.is_busy(), timeout=30000)

    (box,) = shown
    assert output.name in box["text"] and "open in another program" in box["text"]
    assert "Retry" in box["text"] and box["retry"] and box["default"]
    assert box["old kept"] and box["temp files"] == []
    assert output.read_bytes() != old
    assert control_table(docx.Document(str(output)))["Next review date"] == "28 February 2026"
    assert not list(output.parent.glob("*.tmp"))


def test_locked_file_cancel_leaves_the_old_file(qtbot, main_window, view, output, monkeypatch):
    old = b"the committee's copy, open in Word"
    output.write_bytes(old)
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == output:
            raise PermissionError(13, "locked", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    asked: list[str] = []
    monkeypatch.setattr("ui.export_dialog.ask_retry",
                        lambda parent, message: asked.append(message) or False)
    dialog = open_dialog(qtbot, main_window)
    export(qtbot, main_window, dialog)
    qtbot.waitUntil(lambda: bool(asked) and not main_window.runner.is_busy(), timeout=30000)
    assert len(asked) == 1 and output.read_bytes() == old
    assert sorted(p.name for p in output.parent.iterdir()) == [output.name]
    assert main_window.statusBar().currentMessage() == f"{output.name} was not exported."


def test_the_suggested_file_name_is_one_windows_accepts(qapp, tmp_path, monkeypatch):
    """The title goes into the Save dialog's file name: no characters Windows refuses."""
    from ui.export_dialog import ask_output_path

    suggested = []

    class SaveDialog:
        @staticmethod
        def getSaveFileName(parent, caption, path, filters):  # noqa: N802 (Qt's name)
            suggested.append(path)
            return "", ""

    monkeypatch.setattr("ui.export_dialog.QFileDialog", SaveDialog)
    assert ask_output_path(None, str(tmp_path), 'Digital Policy: 2025/26 "draft"?') == ""
    assert ask_output_path(None, str(tmp_path), "CON") == ""
    assert ask_output_path(None, str(tmp_path), "  ") == ""
    assert suggested == [str(tmp_path / "Digital Policy 2025-26 draft.docx"),
                         str(tmp_path / "CON_.docx"), str(tmp_path / "Digital Policy.docx")]


def test_the_accessibility_check_of_the_export_is_listed_under_problems(qtbot, main_window, view,
                                                                          output, tmp_path):
    # A corporate template with the pale blue headings of Word's old default (#4F81BD on white,
    # 4.0:1): the exported policy's subheadings are too faint, and the author is told so.
    template = tmp_path / "Old corporate.docx"
    docx.Document().save(template)
    dialog = open_dialog(qtbot, main_window)
    fill(qtbot, dialog)
    dialog.pdf.setChecked(False)
    dialog.template.addItem(template.name, str(template))
    dialog.template.setCurrentIndex(dialog.template.count() - 1)
    export(qtbot, main_window, dialog)
    qtbot.waitUntil(lambda: not main_window.runner.is_busy(), timeout=60000)
    assert output.exists()
    found = [p.message for p in main_window.problems.problems()
             if p.target == ("accessibility", str(output))]
    assert found and all(m.startswith("Digital Policy.docx: ") for m in found)
    assert any("#4F81BD on #FFFFFF" in m for m in found)
    assert main_window.problems_dock.isVisibleTo(main_window)
    assert "The accessibility check found" in main_window.statusBar().currentMessage()

    # Exported again with the house style: the check passes and its entries go.
    dialog = open_dialog(qtbot, main_window)
    dialog.template.setCurrentIndex(0)
    export(qtbot, main_window, dialog)
    qtbot.waitUntil(lambda: not main_window.runner.is_busy(), timeout=60000)
    assert not [p for p in main_window.problems.problems()
                if isinstance(p.target, tuple) and p.target[0] == "accessibility"]
    assert main_window.statusBar().currentMessage().startswith(f"Exported {output.name}.")
    assert "accessibility" not in main_window.statusBar().currentMessage()


def test_export_refuses_a_source_policy_as_its_target(qtbot, main_window, tmp_path,
                                                      monkeypatch):
    import hashlib
    import shutil

    from ui.consolidate_view import install_consolidate_view

    copies = [Path(shutil.copy(source, tmp_path / source.name)) for source in SAMPLE_FILES[:2]]
    view = install_consolidate_view(main_window, data_dir=str(tmp_path / "data"))
    main_window.add_files([str(c) for c in copies])
    qtbot.waitUntil(lambda: view.store.plan is not None and not main_window.runner.is_busy(),
                    timeout=30000)
    main_window.show_view("consolidate")
    before = hashlib.sha256(copies[0].read_bytes()).hexdigest()
    monkeypatch.setattr("ui.export_dialog.ask_output_path", lambda *a: str(copies[0]))
    shown: list[str] = []
    monkeypatch.setattr("ui.export_dialog.show_error", lambda parent, title, message:
                        shown.append(message))
    dialog = open_dialog(qtbot, main_window)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert f"{copies[0].name} is the policy" in shown[0] and "Nothing was written" in shown[0]
    assert not main_window.runner.is_busy()
    assert hashlib.sha256(copies[0].read_bytes()).hexdigest() == before
    main_window.undo_stack.setClean()
