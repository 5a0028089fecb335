"""ReviewView: the approved Digital Policy against the current policies, and its next version.

Layout and fields only: which policies changed (each with its approved and current text side by
side), the approved decisions carried forward ("check again" where a clause changed), the
conflicts new since approval, and the next version's number, dates and version-history row.
Starting a review and making the committee pack are the ReviewController's
(ui/review_controller.py).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from consolidator.diffing import plural
from consolidator.metadata import STATUSES, PolicyMetadata, add_months
from consolidator.review.carry import CarryStatus, describe_decision
from consolidator.review.matching import SourceStatus
from consolidator.review.review import Review
from consolidator.review.versioning import draft_next_metadata, history_summary, next_version
from consolidator.writers.appendices import format_date
from ui import theme
from ui.compare_model import ComparePresentation
from ui.review_compare import SideBySide

_MARKS = {CarryStatus.KEPT: "\u2713 Carried", CarryStatus.CHECK: "\u26a0 Check again",
          CarryStatus.DROPPED: "\u2715 No longer applies"}


def _about(review: Review, carried, limit: int = 70) -> str:
    """Returns the start of the clause's text (or the section's title) a decision is about."""
    text = ""
    try:
        if carried.item_id.startswith("p-"):
            text = review.plan.section(carried.item_id).title
        elif carried.item_id:
            text = review.plan.clause(carried.item_id).text
    except KeyError:
        text = ""
    if not text:
        anchor = review.record.anchors.clauses.get(carried.old.target)
        text = anchor.text if anchor is not None else ""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class ReviewView(QWidget):
    """What changed since approval (left), the chosen policy's two texts (right), and the next
    version (below)."""

    item_requested = Signal(str)  # a clause or section of the current plan to show
    pack_requested = Signal()
    start_requested = Signal()  # "Start review..." of the view before any review

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Review")
        self.review: Review | None = None
        self.presentations: list[ComparePresentation | None] = []
        self._history_edited = False
        self.header = QLabel("No review is open")
        self.header.setFont(theme.heading_font(self.font(), 1.15))
        self.header.setWordWrap(True)
        self.empty = self._before_any_review()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Review summary")
        self.sources = self._list("Policies", "Select a changed policy to compare its texts")
        self.decisions = self._list("Decisions", "Double-click to show the clause")
        self.conflicts = self._list("New conflicts", "Double-click to show the clause")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("What changed")
        for widget, title in ((self.sources, "Policies"), (self.decisions, "Decisions"),
                              (self.conflicts, "New conflicts")):
            self.tabs.addTab(widget, title)
        self.compare = SideBySide()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.compare)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([theme.em(self, 22), theme.em(self, 60)])
        self.body = QWidget()  # shown once a review is made
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.summary)
        body.addWidget(splitter, 1)
        body.addWidget(self._next_version_box())
        self.body.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACING, theme.SPACING, theme.SPACING, theme.SPACING)
        layout.addWidget(self.header)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        self.sources.currentRowChanged.connect(self._source_chosen)
        for widget in (self.decisions, self.conflicts):
            widget.itemActivated.connect(self._item_activated)

    def _before_any_review(self) -> QWidget:
        """Returns what the view says before a review: what one is, and how to start it."""
        empty = QWidget()
        text = QLabel("A review compares the approved Digital Policy with the current source "
                      "policies: what changed in each, which of the decisions made last time "
                      "still apply, the new conflicts, and the next version for committee.")
        text.setWordWrap(True)
        start = QPushButton("Start review...")
        start.setAccessibleDescription("Open the approved Digital Policy, then choose the "
                                       "current policies")
        start.clicked.connect(self.start_requested.emit)
        layout = QVBoxLayout(empty)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text)
        layout.addWidget(start, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return empty

    # --- layout -----------------------------------------------------------------------------
    def _list(self, name: str, description: str) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName(name)
        widget.setAccessibleDescription(description)
        widget.setWordWrap(True)
        return widget

    def _next_version_fields(self) -> None:
        """Makes the next version's fields (laid out by _next_version_box)."""
        self.version = QLineEdit()
        self.version.setAccessibleName("Version")
        self.major = QCheckBox("Major version")
        self.major.setToolTip("A major version starts a new number: 1.3 becomes 2.0")
        self.major.toggled.connect(self._major_toggled)
        self.reviewed = QDateEdit()
        self.status = QComboBox()
        self.status.addItems(list(STATUSES))
        self.status.setAccessibleName("Status")
        self.approved = QCheckBox("Committee on")
        self.approved.setToolTip("The committee date that approves this version: the next "
                                 "review is counted from it")
        self.approval = QDateEdit()
        for edit, name in ((self.reviewed, "Review date"), (self.approval, "Approval date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMMM yyyy")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self._update_next_review)
        self.approved.toggled.connect(self.approval.setEnabled)
        self.approved.toggled.connect(self._update_next_review)
        self.interval = QSpinBox()
        self.interval.setRange(1, 120)
        self.interval.setSuffix(" months")
        self.interval.setAccessibleName("Review every")
        self.interval.valueChanged.connect(self._interval_changed)
        self.next_review = QLabel()
        self.next_review.setAccessibleName("Next review date")
        self.history = QLineEdit()
        self.history.setAccessibleName("Version history row")
        self.history.textEdited.connect(lambda _text: setattr(self, "_history_edited", True))
        self.pdf = QCheckBox("Also save the Digital Policy as PDF")
        self.pack_button = QPushButton("Make committee pack...")
        self.pack_button.setToolTip("Writes the new Digital Policy, a tracked-changes copy "
                                    "against the approved version and a one-page summary")
        self.pack_button.clicked.connect(self.pack_requested)
        self.pack_result = QLabel()
        self.pack_result.setWordWrap(True)
        self.pack_result.setAccessibleName("Committee pack")

    def _next_version_box(self) -> QGroupBox:
        self._next_version_fields()
        box = QGroupBox("Next version")
        version_row = QHBoxLayout()
        version_row.addWidget(self.version, 1)
        version_row.addWidget(self.major)
        approval_row = QHBoxLayout()
        approval_row.addWidget(self.approved)
        approval_row.addWidget(self.approval, 1)
        left, right = QFormLayout(), QFormLayout()
        version_label = QLabel("Versio&n")
        version_label.setBuddy(self.version)
        left.addRow(version_label, version_row)
        left.addRow("Review &date", self.reviewed)
        approval_label = QLabel("&Approval")
        approval_label.setBuddy(self.approved)
        left.addRow(approval_label, approval_row)
        right.addRow("&Status", self.status)
        right.addRow("Review ever&y", self.interval)
        right.addRow("Next review", self.next_review)
        right.addRow("", self.pdf)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        history_row = QFormLayout()
        history_row.addRow("Version h&istory", self.history)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pack_result, 1)
        buttons.addWidget(self.pack_button)
        layout = QVBoxLayout(box)
        layout.addLayout(columns)
        layout.addLayout(history_row)
        layout.addLayout(buttons)
        return box

    # --- showing a review -------------------------------------------------------------------
    def show_review(self, review: Review,
                    presentations: list[ComparePresentation | None]) -> None:
        """Shows a review just made: its policies, decisions, new conflicts, next version."""
        self.review, self.presentations = review, list(presentations)
        approved = review.record.metadata
        when = (f", approved {format_date(approved.approval_date)}"
                if approved.approval_date else "")
        self.header.setText(f"Review of {approved.title} {approved.version}{when}, against "
                            f"{plural(len(review.docs), 'current policy', 'current policies')}")
        self._fill_sources(review)
        self._fill_decisions(review)
        self._fill_conflicts(review)
        changed = sum(1 for p in review.pairs if p.status is SourceStatus.CHANGED)
        self.summary.setText(
            f"{plural(changed, 'policy', 'policies')} changed "
            f"({plural(sum(1 for c in review.changes if c.counts), 'change')} in the "
            f"Digital Policy) \u00b7 {plural(len(review.carried), 'decision')}: "
            f"{review.count(CarryStatus.KEPT)} carried, "
            f"{review.count(CarryStatus.CHECK)} to check again, "
            f"{review.count(CarryStatus.DROPPED)} no longer apply \u00b7 "
            f"{plural(len(review.new_conflicts), 'new conflict')}")
        self._fill_next_version(review)
        self.pack_result.setText("")
        self.empty.hide()
        self.body.show()
        first_changed = next((n for n, p in enumerate(presentations) if p is not None), 0)
        self.sources.setCurrentRow(first_changed)

    def _fill_sources(self, review: Review) -> None:
        self.sources.clear()
        for pair in review.pairs:
            count = sum(1 for c in review.changes if c.source == pair.title)
            detail = f" ({plural(count, 'change')})" if pair.status is SourceStatus.CHANGED \
                else ""
            item = QListWidgetItem(f"{pair.name}: {pair.status.value}{detail}")
            item.setToolTip(pair.new.path if pair.new is not None else pair.name)
            self.sources.addItem(item)

    def _fill_decisions(self, review: Review) -> None:
        self.decisions.clear()
        for carried in review.carried:
            text = f"{_MARKS[carried.status]}: {describe_decision(carried.old)}"
            about = _about(review, carried)
            if about:
                text += f" \u201c{about}\u201d"
            if carried.reason:
                text += f" \u2014 {carried.reason}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, carried.item_id)
            self.decisions.addItem(item)
        if not review.carried:
            self.decisions.addItem("The approved policy holds no decisions of the author's.")

    def _fill_conflicts(self, review: Review) -> None:
        self.conflicts.clear()
        for conflict in review.new_conflicts:
            item = QListWidgetItem(f"{conflict.where}: {conflict.reason}")
            item.setData(Qt.ItemDataRole.UserRole, conflict.clause_ids[0])
            self.conflicts.addItem(item)
        if not review.new_conflicts:
            self.conflicts.addItem("No conflict the approved policy did not have.")

    def _fill_next_version(self, review: Review) -> None:
        meta = review.metadata
        self.major.blockSignals(True)
        self.major.setChecked(False)
        self.major.blockSignals(False)
        self.version.setText(meta.version)
        self.status.setCurrentText(meta.status)
        self.reviewed.setDate(_qdate(meta.date))
        self.approved.setChecked(meta.approval_date is not None)
        self.approval.setEnabled(meta.approval_date is not None)
        self.approval.setDate(_qdate(meta.approval_date or meta.date))
        self.interval.blockSignals(True)
        self.interval.setValue(meta.review_months)
        self.interval.blockSignals(False)
        self.history.setText(meta.history()[-1].summary)
        self._history_edited = False
        self._update_next_review()

    # --- the next version -------------------------------------------------------------------
    def metadata(self) -> PolicyMetadata:
        """Returns the next version's document control as the fields say."""
        assert self.review is not None
        approval = self.approval.date().toPython() if self.approved.isChecked() else None
        return draft_next_metadata(
            self.review.record.metadata, self.history.text().strip(),
            reviewed_on=self.reviewed.date().toPython(),
            version=self.version.text().strip() or self.review.metadata.version,
            approval_date=approval, review_months=self.interval.value(),
            status=self.status.currentText())

    def _major_toggled(self, major: bool) -> None:
        if self.review is not None:
            approved = self.review.record.metadata.version
            self.version.setText(next_version(approved, major=major) or self.version.text())

    def _interval_changed(self, months: int) -> None:
        if self.review is not None and not self._history_edited:
            self.history.setText(history_summary(
                self.review.changes, self.review.record.metadata.review_months, months))
        self._update_next_review()

    def _update_next_review(self, *_args) -> None:
        start = (self.approval.date() if self.approved.isChecked() else self.reviewed.date())
        when = add_months(start.toPython(), self.interval.value())
        basis = "approval" if self.approved.isChecked() else "the review date"
        self.next_review.setText(f"{format_date(when)} ({self.interval.value()} months from "
                                 f"{basis})")

    # --- navigation -------------------------------------------------------------------------
    def _source_chosen(self, row: int) -> None:
        review = self.review
        if review is None or not 0 <= row < len(review.pairs):
            return
        pair, presentation = review.pairs[row], self.presentations[row]
        if presentation is None:
            reasons = {
                SourceStatus.UNCHANGED: f"{pair.name} has not changed since approval.",
                SourceStatus.ADDED: f"{pair.name} is new: the approved policy was not made "
                                    "from it.",
                SourceStatus.REMOVED: f"{pair.name} is not among the current policies: what "
                                      "the Digital Policy took from it will go.",
                SourceStatus.CHANGED: f"{pair.name} has changed, but its approved text is not "
                                      "known (the review started from a session file).",
            }
            self.compare.show_message(reasons[pair.status])
            return
        changes = [c for c in review.changes if c.source == pair.title]
        self.compare.show_presentation(
            presentation, f"Approved: {pair.title}", f"Now: {pair.name}",
            f"{pair.title}: {plural(len(changes), 'change')} since approval")

    def _item_activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target:
            self.item_requested.emit(target)
