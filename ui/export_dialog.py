"""ExportDialog: File > Export Digital Policy — document control fields, template, PDF, preview.

The fields are those of consolidator.metadata.PolicyMetadata and are remembered in settings.
The dialog opens window-modal without blocking; the export runs on a worker (consolidate the
plan, export_policy, then export_pdf when asked); a WriteError (the file is open in Word) shows
a plain message with Retry.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from consolidator.accessibility import Finding
from consolidator.classification import classification_of
from consolidator.consolidation.control_conflicts import ReviewStatement, review_statement
from consolidator.consolidation.plan import MergePlan
from consolidator.errors import WriteError
from consolidator.metadata import STATUSES, PolicyMetadata, add_months
from consolidator.model import SourceDocument
from consolidator.output_paths import OutputPathError, check_outputs
from ui import theme
from ui.errors import show_error
from ui.theme import format_date
from ui.workers import Task

TEXT_FIELDS = (("title", "&Title"), ("council", "&Council"), ("version", "&Version"),
               ("owner", "&Owner"), ("author", "&Author"), ("approved_by", "Approved &by"),
               ("committee", "Co&mmittee"))
BUNDLED = "Bundled house style"
DASH = "\u2014"


class ExportDialog(QDialog):
    """Asks for the document-control fields, the template and the output options."""

    def __init__(self, parent: QWidget | None, section_titles: Sequence[str],
                 remembered: dict[str, object], pdf_possible: bool,
                 classification: str = "") -> None:
        """`classification` is the marking the sources' page headers carry ("" for none):
        it is offered before the one remembered from the last export."""
        super().__init__(parent)
        self.setWindowTitle("Export Digital Policy")
        self.setAccessibleName("Export Digital Policy")
        self.section_titles = tuple(section_titles)
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
        approved_on = _remembered_date(remembered.get("approval_date"))
        self.approval = QDateEdit(QDate(approved_on.year, approved_on.month, approved_on.day)
                                  if approved_on else QDate.currentDate())
        self.approval.setCalendarPopup(True)
        self.approval.setDisplayFormat("d MMMM yyyy")
        self.approval.setAccessibleName("Approval date")
        self.approved = QCheckBox("Approved on")
        self.approved.setAccessibleName("Approved")
        self.approved.toggled.connect(self.approval.setEnabled)
        self.approved.setChecked(approved_on is not None)
        self.approval.setEnabled(approved_on is not None)
        row = QHBoxLayout()
        row.addWidget(self.approved)
        row.addWidget(self.approval, 1)
        approval_label = QLabel("Approval &date")
        approval_label.setBuddy(self.approved)
        form.addRow(approval_label, row)
        self.classification = QComboBox()
        self.classification.setEditable(True)
        self.classification.addItems(["", "OFFICIAL", "OFFICIAL-SENSITIVE"])
        self.classification.setCurrentText(
            classification or str(remembered.get("classification", "")))
        self.classification.setAccessibleName("Protective marking")
        self.classification.setToolTip(
            "Printed at the top and bottom of every page. Taken from the source policies' page "
            "headers" + (f" ({classification})" if classification else "") + "; leave it "
            "empty for none.")
        self.classification.currentTextChanged.connect(self.update_preview)
        form.addRow("Protective &marking", self.classification)
        self.review = QSpinBox()
        self.review.setRange(1, 120)
        self.review.setSuffix(" months")
        self.review.setValue(_remembered_int(remembered.get("review_months"), 6))
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
        self.preview.setMinimumSize(theme.em(self, 24), theme.em(self, 20))
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
                       classification=self.classification.currentText().strip(),
                       **values)  # type: ignore[arg-type]

    def options(self) -> dict[str, object]:
        """Returns what to remember in settings."""
        data: dict[str, object] = {n: e.text().strip() for n, e in self.edits.items()}
        approval = self.approval.date().toPython() if self.approved.isChecked() else None
        data.update(status=self.status.currentText(), review_months=self.review.value(),
                    approval_date=approval.isoformat() if approval else "",
                    template=self.template_path() or "", pdf=self.pdf.isChecked(),
                    classification=self.classification.currentText().strip())
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
                ("Approval date", format_date(meta.approval_date) if meta.approval_date else
                 "not yet approved"), ("Next review", format_date(review))]
        marking = (f"<p align='center'><b>{html.escape(meta.classification)}</b></p>"
                   if meta.classification else "")
        parts = [f"{marking}<h2>{html.escape(meta.title)}</h2><table>"]
        parts += [f"<tr><td><b>{k}</b>&nbsp;</td><td>{html.escape(v or DASH)}</td></tr>"
                  for k, v in rows]
        parts.append("</table><h3>Contents</h3><ol>")
        parts += [f"<li>{html.escape(title)}</li>" for title in self.section_titles]
        parts.append("</ol>")
        self.preview.setHtml("".join(parts))


def _remembered_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _remembered_int(value: object, default: int) -> int:
    try:
        return min(120, max(1, int(value)))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default


class ReviewIntervalWarning(QLabel):
    """Says which clauses give another review interval than the one chosen in the dialog; it
    follows the "Review every" field and hides when they agree."""

    def __init__(self, statements: Sequence[ReviewStatement], review: QSpinBox) -> None:
        super().__init__()
        self.statements = tuple(statements)
        self.setWordWrap(True)
        self.setObjectName("reviewIntervalWarning")
        self.setAccessibleName("Review interval warning")
        review.valueChanged.connect(self.update_for)
        self.update_for(review.value())

    def update_for(self, months: int) -> None:
        said = sorted({s.surface for s in self.statements if s.disagrees_with(months)})
        self.setVisible(bool(said))
        if said:
            self.setText(f"\u26a0 The policy text says it is reviewed {' and '.join(said)}, "
                         f"but \u201cReview every\u201d is {months} months. Reword those "
                         "clauses or change the interval; until then each is marked with a "
                         "comment in the document.")


def open_conflicts_warning(count: int) -> QLabel:
    """Returns the warning shown above the export fields while conflicts are undecided."""
    noun = "conflict is" if count == 1 else "conflicts are"
    label = QLabel(f"\u26a0 {count} {noun} still undecided: both wordings will appear in the "
                   "document. Use Go > Next unresolved conflict to decide them before the "
                   "policy goes to committee.")
    label.setWordWrap(True)
    label.setAccessibleName("Undecided conflicts warning")
    label.setObjectName("openConflictsWarning")
    return label


def export_folder(remembered: str) -> str:
    """Returns the folder to offer for the export: the remembered one, unless that is empty or
    inside the app's own resources (the bundled samples), where the user's Documents is better."""
    from consolidator.paths import resources_dir

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if not remembered or not Path(remembered).is_dir():
        return documents or str(Path.home())
    try:
        Path(remembered).resolve().relative_to(resources_dir().resolve())
    except ValueError:
        return remembered
    return documents or str(Path.home())


def ask_output_path(parent: QWidget | None, folder: str, title: str) -> str:
    """Returns the .docx to write ("" when cancelled)."""
    from consolidator.paths import safe_file_name

    folder = export_folder(folder)
    path, _ = QFileDialog.getSaveFileName(parent, "Export Digital Policy",
                                          str(Path(folder) / f"{safe_file_name(title)}.docx"),
                                          "Word document (*.docx)")
    if path and not path.lower().endswith(".docx"):
        path += ".docx"
    return path


def retry_box(parent: QWidget | None, message: str) -> QMessageBox:
    """Returns the (unshown) "could not save" box with Retry and Cancel, Retry the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Could not save the Digital Policy",
                      f"{message}\n\nIf the file is open in Word, close it there and press "
                      "Retry.", QMessageBox.StandardButton.Retry
                      | QMessageBox.StandardButton.Cancel, parent)
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    box.setAccessibleName("Could not save the Digital Policy")
    return box


def ask_retry(parent: QWidget | None, message: str) -> bool:
    """Returns True when the author wants to try writing again (after closing Word)."""
    return retry_box(parent, message).exec() == QMessageBox.StandardButton.Retry


def open_export_dialog(window, view) -> ExportDialog | None:
    """Opens the Export dialog (window-modal, without blocking) and returns it.

    Accepting it asks for the file name and exports the plan as it is at that moment on a
    worker. Returns None (with a status-bar hint) when no plan has been drafted yet.
    """
    from consolidator.writers import pdf_export

    store = view.store
    if store.plan is None or store.resolved is None:
        window.statusBar().showMessage("Load two or more policies first: there is nothing to "
                                       "export yet.", 8000)
        return None
    titles = [s.title for s in store.resolved.sections if not s.excluded]
    dialog = ExportDialog(window, titles, window.settings.export_settings(),
                          pdf_export.pdf_available(), classification_of(store.docs))
    open_count = len(store.resolved.open_conflict_ids)
    if open_count:
        dialog.layout().insertWidget(0, open_conflicts_warning(open_count))
    statements = [said for c in store.resolved.clauses() if c.in_output
                  and (said := review_statement(c.id, c.text)) is not None]
    if statements:
        dialog.layout().insertWidget(0, ReviewIntervalWarning(statements, dialog.review))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: _export_accepted(window, view, dialog))
    dialog.open()
    return dialog


def _export_accepted(window, view, dialog: ExportDialog) -> None:
    try:
        metadata = dialog.metadata()
    except ValueError as exc:
        show_error(window, "Export Digital Policy", str(exc))
        return
    window.settings.set_export_settings(dialog.options())
    template, pdf = dialog.template_path(), dialog.pdf.isChecked()
    docs, plan = view.store.docs, view.store.plan
    path = ask_output_path(window, window.settings.export_folder(), metadata.title)
    if not path or plan is None:
        return
    window.settings.set_export_folder(str(Path(path).parent))
    problem = output_problem(path, docs, template, pdf)
    if problem:
        show_error(window, "Export Digital Policy", problem)
        return
    export_to(window, docs, plan, path, metadata, template, pdf)


def output_problem(path: str, docs: Sequence[SourceDocument], template: str, pdf: bool) -> str:
    """Returns why the export may not be written to `path` ("" when it may): it (or the PDF
    beside it) would replace a source policy or the template."""
    outputs = [(Path(path), "the Digital Policy")]
    if pdf:
        outputs.append((Path(path).with_suffix(".pdf"), "the PDF"))
    inputs = [(Path(doc.path), f"the policy {doc.name}") for doc in docs]
    if template:
        inputs.append((Path(template), "the template"))
    try:
        check_outputs(outputs, inputs)
    except OutputPathError as exc:
        return str(exc)
    return ""


def export_to(window, docs: Sequence[SourceDocument], plan: MergePlan, path: str,
              metadata: PolicyMetadata, template: str = "", pdf: bool = False) -> Task:
    """Returns the Task building the merged policy from `plan` and writing it on a worker.

    A WriteError (the file is open in Word) asks whether to retry; Retry runs the export again.
    """
    from consolidator import __version__
    from consolidator.accessibility import check_accessibility
    from consolidator.consolidation.control_conflicts import control_conflicts
    from consolidator.consolidation.merge import consolidate
    from consolidator.review.record import build_record, record_to_xml
    from consolidator.writers import pdf_export, policy_docx, toc_pages

    def task(context):
        context.progress(0.0, "Building the Digital Policy")
        document = consolidate(docs, plan, progress=lambda f, m="": context.progress(f * 0.2, m),
                               cancel=context.is_cancelled)
        record = build_record(docs, plan, metadata, document, app_version=__version__)
        written = policy_docx.export_policy(
            document, path, metadata, template=Path(template) if template else None,
            progress=lambda f, m="": context.progress(0.2 + f * 0.6, m),
            cancel=context.is_cancelled, record=record_to_xml(record))
        context.progress(0.75, "Adding page numbers to the contents")
        numbered = toc_pages.number_contents(written, cancel=context.is_cancelled)
        context.progress(0.8, "Checking accessibility")
        findings = check_accessibility(written)
        if pdf:
            context.progress(0.85, "Saving the PDF")
            pdf_export.export_pdf(written, Path(written).with_suffix(".pdf"))
        undecided = (len(document.open_conflicts), len(control_conflicts(document, metadata)),
                     len(document.open_notes))
        return written, findings, undecided, numbered

    def failed(exc: Exception, details: str) -> None:
        if isinstance(exc, WriteError):
            if ask_retry(window, str(exc)):
                export_to(window, docs, plan, path, metadata, template, pdf)
            else:
                window.statusBar().showMessage(f"{Path(path).name} was not exported.", 10000)
        else:
            window._task_failed(exc, details)

    def done(result: tuple[Path, tuple[Finding, ...], tuple[int, int, int], bool]) -> None:
        written, findings, undecided, numbered = result
        window.settings.set_last_folder(str(Path(written).parent))
        window.settings.add_recent_policy(written, metadata.title, metadata.version,
                                          metadata.next_review_date.isoformat())
        names = Path(written).name + (f" and {Path(written).with_suffix('.pdf').name}"
                                      if pdf else "")
        show_accessibility_findings(window, Path(written), findings)
        marked = undecided_text(*undecided)
        count = len(findings)
        checked = (f" The accessibility check found {count} problem{'s' if count != 1 else ''}: "
                   "see Problems.") if findings else ""
        pages = "" if numbered else (" The contents have no page numbers (they need "
                                     "LibreOffice): in Word, right-click them > Update Field.")
        window.statusBar().showMessage(f"Exported {names}.{marked}{checked}{pages}", 15000)
        from ui.open_result import offer_to_open

        window.last_export_box = offer_to_open(
            window, written, f"The Digital Policy was saved as {names} in "
            f"{Path(written).parent}.{marked}{checked}{pages}")

    return window.run_task(task, description=f"Exporting {Path(path).name}", on_result=done,
                           on_error=failed, on_cancelled=lambda: window.statusBar().showMessage(
                               f"Export of {Path(path).name} cancelled.", 8000))


def undecided_text(conflicts: int, against_control: int, notes: int = 0) -> str:
    """Returns what the status bar says of the comments marking undecided points ("" none):
    conflicts, clauses against the document control, wordings to check."""
    parts = []
    if conflicts:
        parts.append(f"{conflicts} undecided conflict{'s' if conflicts != 1 else ''}")
    if against_control:
        parts.append(f"{against_control} clause{'s' if against_control != 1 else ''} that "
                     "contradict the document control")
    if notes:
        parts.append(f"{notes} wording{'s' if notes != 1 else ''} to check")
    if not parts:
        return ""
    verb = "is" if conflicts + against_control + notes == 1 else "are"
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f" {listed} {verb} marked with comments for the committee."


def show_accessibility_findings(window, written: Path, findings: Sequence[Finding]) -> None:
    """Lists the accessibility check of the exported file in the Problems dock (replacing the
    last export's), and shows the dock when there is something to fix."""
    from ui.problems import Problem

    window.problems.set_problems("accessibility", [
        Problem(f"{written.name}: {finding.message}", ("accessibility", str(written)),
                "warning", "Accessibility of the exported document")
        for finding in findings])
    if findings:
        window.problems_dock.show()
