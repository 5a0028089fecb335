"""ExportDialog: File > Export Digital Policy — document control fields, template, PDF, preview.

The fields are those of consolidator.metadata.PolicyMetadata and are remembered in settings.
The export runs on a worker (export_policy, then export_pdf when asked); a WriteError (the file
is open in Word) shows a plain message with Retry.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from consolidator.errors import WriteError
from consolidator.metadata import STATUSES, PolicyMetadata, add_months
from consolidator.model import ConsolidatedDocument

TEXT_FIELDS = (("title", "&Title"), ("council", "&Council"), ("version", "&Version"),
               ("owner", "&Owner"), ("author", "&Author"), ("approved_by", "Approved &by"),
               ("committee", "Co&mmittee"))
BUNDLED = "Bundled house style"
DASH = "\u2014"


class ExportDialog(QDialog):
    """Asks for the document-control fields, the template and the output options."""

    def __init__(self, parent: QWidget | None, document: ConsolidatedDocument,
                 remembered: dict[str, object], pdf_possible: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Digital Policy")
        self.setAccessibleName("Export Digital Policy")
        self.document = document
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        defaults = PolicyMetadata()
        for name, label in TEXT_FIELDS:
            edit = QLineEdit(str(remembered.get(name, getattr(defaults, name))))
            edit.setAccessibleName(label.replace("&", ""))
            edit.textChanged.connect(self.update_preview)
            form.addRow(label, edit)
            self.edits[name] = edit
        self.status = QComboBox()
        self.status.addItems(list(STATUSES))
        self.status.setCurrentText(str(remembered.get("status", defaults.status)))
        self.status.setAccessibleName("Status")
        form.addRow("&Status", self.status)
        self.approval = QDateEdit(QDate.currentDate())
        self.approval.setCalendarPopup(True)
        self.approval.setAccessibleName("Approval date")
        self.approved = QCheckBox("Approved on")
        self.approved.toggled.connect(self.approval.setEnabled)
        self.approved.setChecked(False)
        self.approval.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.approved)
        row.addWidget(self.approval, 1)
        form.addRow("Approval &date", row)
        self.review = QSpinBox()
        self.review.setRange(1, 120)
        self.review.setSuffix(" months")
        self.review.setValue(int(remembered.get("review_months", 6)))  # type: ignore[arg-type]
        self.review.setAccessibleName("Review every")
        form.addRow("&Review every", self.review)
        self.template = QComboBox()
        self.template.setAccessibleName("Template")
        self.template.addItem(BUNDLED, "")
        own = str(remembered.get("template", ""))
        if own:
            self.template.addItem(Path(own).name, own)
            self.template.setCurrentIndex(1)
        self.template.addItem("Choose your own .docx or .dotx...", "choose")
        self.template.activated.connect(self._template_chosen)
        form.addRow("Te&mplate", self.template)
        self.pdf = QCheckBox("Also save as PDF")
        self.pdf.setEnabled(pdf_possible)
        self.pdf.setChecked(pdf_possible and bool(remembered.get("pdf", False)))
        self.pdf.setToolTip("Writes a PDF beside the .docx using LibreOffice" if pdf_possible
                            else "PDF needs LibreOffice, which is not installed on this computer."
                            " Install it (free) to enable this, or save as PDF from Word.")
        form.addRow("", self.pdf)
        for edit in (self.status, self.review):
            (edit.currentTextChanged if isinstance(edit, QComboBox) else edit.valueChanged
             ).connect(self.update_preview)
        self.approved.toggled.connect(self.update_preview)
        self.approval.dateChanged.connect(self.update_preview)

        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Title page and outline preview")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export...", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(buttons)
        self.update_preview()

    def _template_chosen(self, index: int) -> None:
        if self.template.itemData(index) != "choose":
            return
        path, _ = QFileDialog.getOpenFileName(self, "Choose a template", "",
                                              "Word templates (*.docx *.dotx)")
        if path:
            self.template.insertItem(1, Path(path).name, path)
            self.template.setCurrentIndex(1)
        else:
            self.template.setCurrentIndex(0)

    def metadata(self) -> PolicyMetadata:
        """Returns the fields as PolicyMetadata (raises ValueError for impossible values)."""
        values: dict[str, object] = {n: e.text().strip() for n, e in self.edits.items()}
        values["title"] = values["title"] or "Digital Policy"
        approval = self.approval.date().toPython() if self.approved.isChecked() else None
        return replace(PolicyMetadata(), status=self.status.currentText(),
                       review_months=self.review.value(), approval_date=approval,
                       **values)  # type: ignore[arg-type]

    def options(self) -> dict[str, object]:
        """Returns what to remember in settings."""
        data: dict[str, object] = {n: e.text().strip() for n, e in self.edits.items()}
        data.update(status=self.status.currentText(), review_months=self.review.value(),
                    template=self.template_path() or "", pdf=self.pdf.isChecked())
        return data

    def template_path(self) -> str:
        value = self.template.currentData()
        return value if value and value != "choose" else ""

    def update_preview(self) -> None:
        meta = self.metadata()
        review = add_months(meta.approval_date or date.today(), meta.review_months)
        rows = [("Council", meta.council), ("Version", meta.version), ("Status", meta.status),
                ("Owner", meta.owner), ("Approved by", meta.approved_by),
                ("Committee", meta.committee),
                ("Approval date", f"{meta.approval_date:%d %B %Y}" if meta.approval_date else
                 "not yet approved"), ("Next review", f"{review:%d %B %Y}")]
        parts = [f"<h2>{html.escape(meta.title)}</h2><table>"]
        parts += [f"<tr><td><b>{k}</b>&nbsp;</td><td>{html.escape(v or DASH)}</td></tr>"
                  for k, v in rows]
        parts.append("</table><h3>Contents</h3><ol>")
        parts += [f"<li>{html.escape(s.title)}</li>" for s in self.document.sections]
        parts.append("</ol>")
        self.preview.setHtml("".join(parts))


def ask_output_path(parent: QWidget | None, folder: str, title: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, "Export Digital Policy",
                                          str(Path(folder) / f"{title}.docx"),
                                          "Word document (*.docx)")
    if path and not path.lower().endswith(".docx"):
        path += ".docx"
    return path


def ask_retry(parent: QWidget | None, message: str) -> bool:
    """Returns True when the author wants to try writing again (after closing Word)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Could not save the Digital Policy",
                      f"{message}\n\nIf the file is open in Word, close it there and press "
                      "Retry.", QMessageBox.StandardButton.Retry
                      | QMessageBox.StandardButton.Cancel, parent)
    return box.exec() == QMessageBox.StandardButton.Retry


def open_export_dialog(window, view) -> None:
    """Runs the Export flow: dialog, file name, export on a worker, Retry on WriteError."""
    from consolidator.writers.pdf_export import pdf_available

    document = view.document
    if document is None:
        window.statusBar().showMessage("Load two or more policies first: there is nothing to "
                                       "export yet.", 8000)
        return
    dialog = ExportDialog(window, document, window.settings.export_settings(), pdf_available())
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            metadata = dialog.metadata()
        except ValueError as exc:
            QMessageBox.warning(window, "Export Digital Policy", str(exc))
            return
        window.settings.set_export_settings(dialog.options())
        template, pdf = dialog.template_path(), dialog.pdf.isChecked()
    finally:
        dialog.deleteLater()
    path = ask_output_path(window, window.settings.last_folder(), metadata.title)
    if path:
        export_to(window, document, path, metadata, template, pdf)


def export_to(window, document: ConsolidatedDocument, path: str, metadata: PolicyMetadata,
              template: str = "", pdf: bool = False):
    """Exports on a worker; returns the Task."""
    from consolidator.writers.pdf_export import export_pdf
    from consolidator.writers.policy_docx import export_policy

    def task(context):
        written = export_policy(document, path, metadata,
                                template=Path(template) if template else None,
                                progress=lambda f, m="": context.progress(f * 0.8, m),
                                cancel=context.is_cancelled)
        if pdf:
            context.progress(0.85, "Saving the PDF")
            export_pdf(written, Path(written).with_suffix(".pdf"))
        return written

    def failed(exc: Exception, details: str) -> None:
        if isinstance(exc, WriteError):
            if ask_retry(window, str(exc)):
                export_to(window, document, path, metadata, template, pdf)
        else:
            window._task_failed(exc, details)

    def done(written) -> None:
        window.statusBar().showMessage(f"Exported {Path(written).name}.", 10000)

    return window.run_task(task, description=f"Exporting {Path(path).name}", on_result=done,
                           on_error=failed)
