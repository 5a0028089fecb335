"""ConsolidateView: the merged outline, the topic matrix and the variants of the selected clause.

Layout and wiring only: drafting, decisions and the preview are the ConsolidateController's
(ui/consolidate_controller.py), what each author intent means is consolidation/edits.py's, and
the outline tree keeps its own state across plan changes (ui/outline_tree.py).
`install_consolidate_view(window)` puts the view, the preview and the session controller into
the main window.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from consolidator.consolidation import edits
from consolidator.consolidation.plan import Decision
from ui import theme
from ui.consolidate_controller import ConsolidateController
from ui.context import AppContext
from ui.find_bar import FindBar
from ui.outline_model import OutlineModel, OutlineRole
from ui.outline_tree import OutlineTree
from ui.preview_view import PreviewView
from ui.topic_matrix import LEGEND, TopicFilter, TopicFilterModel, TopicMatrixModel
from ui.variants_panel import VariantsPanel
from ui.view_find import OutlineFind


class ConsolidateView(QWidget):
    """The Consolidate work area: outline | topics, and the variants of the selected clause."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Consolidate")
        self.context = context
        self.controller = ConsolidateController(context, self)
        self.store = self.controller.store
        self.preview: PreviewView | None = None
        self._cell_key: tuple = ()  # the topic-matrix cell clicked last, and which of its
        self._cell_step = 0  # clauses it went to
        self.outline_model = OutlineModel(self.store, self)
        self.outline = OutlineTree(self.outline_model, self.store)
        self.variants = VariantsPanel(self.store)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Outline and topics")
        self.tabs.addTab(self.outline, "Merged outline")
        self.tabs.addTab(self._topic_matrix(), "Topics by policy")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACING, theme.SPACING, theme.SPACING, theme.SPACING)
        layout.addLayout(self._top_row())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.variants)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.find_bar = FindBar("Find in the merged outline: a section title or clause wording",
                                "Find in the merged outline")
        self.find_bar.hide()
        layout.addWidget(self.find_bar)
        self.finder = OutlineFind(self.find_bar, self.outline_model.find, self.select_item, self)
        self.outline_model.modelReset.connect(self.finder.refresh)
        self._open_conflicts = 0  # of the plan shown (_show_summary)
        self._connect()
        self._set_enabled(False)

    # --- layout -----------------------------------------------------------------------------
    def _topic_matrix(self) -> QWidget:
        self.matrix_model = TopicMatrixModel(self.store, self)
        self.matrix_filter = TopicFilterModel(self)
        self.matrix_filter.setSourceModel(self.matrix_model)
        self.matrix = QTableView()
        self.matrix.setAccessibleName("Topics by policy")
        self.matrix.setModel(self.matrix_filter)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix.horizontalHeader().setMinimumSectionSize(theme.em(self, 4))
        # A long topic title ("Accessing emails or information in an absent employee's email
        # account") is cut short, whole in its tooltip, so the policies' columns stay in view
        self.matrix.verticalHeader().setMaximumWidth(theme.em(self, 11))
        self.matrix.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.matrix.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.matrix.setWordWrap(True)
        # Fixed rows (one line each): ResizeToContents asks every cell of thousands of topics
        # for its size hint on each plan change, stalling the UI thread for half a second.
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.filter_box = QComboBox()
        self.filter_box.setAccessibleName("Show topics")
        self.filter_box.addItems([f.value for f in TopicFilter])
        self.filter_box.currentIndexChanged.connect(
            lambda i: self.matrix_filter.set_mode(list(TopicFilter)[i]))
        page = QWidget()
        page_layout = QVBoxLayout(page)
        filter_row = QHBoxLayout()
        filter_label = QLabel("&Show:")
        filter_label.setBuddy(self.filter_box)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter_box, 1)
        page_layout.addLayout(filter_row)
        page_layout.addWidget(self.matrix, 1)
        legend = QLabel(LEGEND)
        legend.setWordWrap(True)
        legend.setAccessibleName("What the symbols mean")
        page_layout.addWidget(legend)
        return page

    def _top_row(self) -> QHBoxLayout:
        self.summary = QLabel("Load two or more policies to consolidate them.")
        self.summary.setAccessibleName("Summary")
        self.summary.setWordWrap(True)
        self.next_conflict_button = QPushButton("Next conflict")
        self.next_conflict_button.setToolTip("Go to the next conflict to decide (Ctrl+F7)")
        self.next_conflict_button.clicked.connect(self.next_conflict)
        self.accept_combined_button = QPushButton("Accept all combined wordings")
        self.accept_combined_button.setToolTip(
            "Accept the proposed single wording for every clause found in several channels "
            "(one undo step)")
        self.accept_combined_button.clicked.connect(self.accept_all_combined)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.next_conflict_button)
        row.addWidget(self.accept_combined_button)
        return row

    def _connect(self) -> None:
        exclude = QAction("Exclude or include", self.outline)
        exclude.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        exclude.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        exclude.triggered.connect(self.toggle_exclude_selected)
        self.outline.addAction(exclude)
        self.outline_model.decisions_requested.connect(self.apply_decisions)
        self.variants.decisions_requested.connect(self.apply_decisions)
        self.outline.selectionModel().currentChanged.connect(self._current_changed)
        self.matrix.clicked.connect(self.go_to_cell)
        self.matrix.activated.connect(self.go_to_cell)
        self.store.plan_changed.connect(self._show_summary)
        self.store.preparation_failed.connect(self._preparation_failed)
        controller = self.controller
        controller.message.connect(self.summary.setText)
        controller.draft_incoming.connect(self._new_draft)
        controller.draft_ready.connect(lambda: self._set_enabled(True))
        controller.preview_updated.connect(self._show_preview)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.tabs, self.variants, self.accept_combined_button):
            widget.setEnabled(enabled)
        # with no conflict to decide there is nowhere to go (as after any change: _show_summary)
        self.next_conflict_button.setEnabled(enabled and self._open_conflicts > 0)

    def _new_draft(self) -> None:
        self.outline.expand_chapters = True  # when the draft's outline is swapped in

    # --- decisions --------------------------------------------------------------------------
    def apply_decisions(self, decisions: list[Decision], text: str) -> bool:
        """Pushes the decisions as one undo step; returns False when nothing changed."""
        return self.controller.apply_decisions(decisions, text)

    def apply_edit(self, edit: edits.Edit | None, *, select: bool = True) -> bool:
        """Applies an author intent worked out on the newest plan (one undo step) and selects
        the item it names; returns False when nothing changed."""
        if edit is None or not self.apply_decisions(list(edit.decisions), edit.text):
            return False
        if select and edit.select:
            self.select_item(edit.select)
        return True

    def accept_all_combined(self) -> None:
        if self.store.plan is None:
            return
        if not self.apply_edit(edits.accept_all_combined(self.store.reading()), select=False):
            self.context.status("No combined wording is waiting to be accepted: each is "
                                "already in the Digital Policy, or was set aside.", 8000)

    def take_offered_wording(self, offer) -> bool:
        """Compare's "Use in Digital Policy": the offered wording goes to the clause the other
        side stands for (one undo step); the status bar says what happened either way."""
        if self.store.plan is None:
            return False
        r = self.store.reading()
        clauses = [offer.draft_item] if offer.draft_item else \
            edits.clauses_of_block(r, offer.target_key)
        clauses = [c for c in clauses if r.kind(c) == "clause"]
        if len(clauses) != 1:
            self.context.status(
                "That paragraph is not a clause of the Digital Policy." if not clauses else
                f"That paragraph is {len(clauses)} clauses in the Digital Policy: edit them "
                "one by one in Consolidate (Edit text...).", 10000)
            return False
        edit = edits.take_wording(r, clauses[0], offer.text, offer.source_key)
        if edit is None:
            self.context.status("The Digital Policy already has that wording.", 8000)
            return False
        self.apply_edit(edit)
        self.context.status(f"The Digital Policy now uses the wording of {offer.where} for "
                            "that clause (Ctrl+Z undoes it).", 10000)
        return True

    def toggle_exclude_selected(self) -> None:
        """Delete: excludes the selected section or clause, or includes it again."""
        self.toggle_exclude(self.outline_model.item_id(self.outline.currentIndex()))

    def toggle_exclude(self, item_id: str) -> None:
        if item_id and self.store.plan is not None:
            self.apply_edit(edits.toggle_exclude(self.store.reading(), item_id), select=False)

    def _preparation_failed(self, error: Exception, details: str) -> None:
        from ui.errors import show_error

        show_error(self, "Unexpected error",
                   f"The merged outline could not be updated ({type(error).__name__}); it "
                   "shows the plan before your last change.", details)

    # --- navigation -------------------------------------------------------------------------
    def select_item(self, item_id: str) -> bool:
        """Selects (and shows) a section or clause in the outline; returns False if absent."""
        found = self.outline.select_item(item_id)
        if found and self.outline_model.index_of(item_id).isValid():
            self.tabs.setCurrentIndex(0)
        return found

    def show_find(self) -> None:
        """Ctrl+F: the find bar under the outline (Enter: next match, Esc: close)."""
        self.find_bar.open_bar()
        if self.find_bar.field.text():
            self.finder.search(self.find_bar.field.text())

    def next_conflict(self) -> str:
        """Selects the next clause with an undecided conflict (wrapping) in the newest plan;
        returns its id ("" when there is none)."""
        if self.store.plan is None:
            return ""
        found = edits.next_open_conflict(self.store.reading(), self.outline.selected)
        if not found:
            self.context.status("No conflicts left to decide.", 5000)
            return ""
        self.select_item(found)
        return found

    def navigate_to(self, target) -> None:
        """Handles the Problems dock: a conflict entry carries ("conflict", clause id), a
        review's "check again" entry ("clause", clause or section id)."""
        if isinstance(target, tuple) and len(target) == 2 and target[0] in ("conflict", "clause"):
            self.context.show_view("consolidate")
            self.select_item(target[1])

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        selected = self.outline.selected = self.outline_model.item_id(current)
        kind = self.outline_model.item_kind(current)
        self.variants.show_clause(selected if kind == "clause" else "")

    def go_to_cell(self, index: QModelIndex) -> str:
        """A topic-matrix cell clicked (or Enter): the outline shows what it counts, the
        conflicts first (each click the next one), else its merged clauses, else the topic's
        section. Returns the id selected ("" for none)."""
        if not index.isValid():
            return ""
        targets = [t for t in index.data(OutlineRole.TARGETS) or ()
                   if self.outline_model.index_of(t).isValid()]
        if not targets:
            section_id = index.data(OutlineRole.ID) or ""
            return section_id if section_id and self.select_item(section_id) else ""
        key = (index.row(), index.column(), tuple(targets))
        step = self._cell_step + 1 if key == self._cell_key else 0
        self._cell_key, self._cell_step = key, step % len(targets)
        target = targets[self._cell_step]
        self.select_item(target)
        what = "conflict" if index.data(Qt.ItemDataRole.DisplayRole).count("\u26a0") and \
            self.store.conflicts_of_clause.get(target) else "merged clause"
        self.context.status(f"{what.capitalize()} {self._cell_step + 1} of {len(targets)} in "
                            "this cell: click the cell again for the next.", 8000)
        return target

    # --- after each change ------------------------------------------------------------------
    def _show_summary(self) -> None:
        summary = self.controller.summary()
        if summary is None:
            self._set_enabled(False)
            return
        in_output, merged, open_count, _ = summary
        self._open_conflicts = open_count
        self.summary.setText(
            f"{len(self.store.docs)} policies \u2192 {in_output} clauses in the Digital Policy "
            f"({merged} merged from duplicates). "
            + (f"<b>{open_count} conflict{'s' if open_count != 1 else ''} to decide.</b>"
               if open_count else "No conflicts left to decide."))
        self.next_conflict_button.setEnabled(bool(open_count))

    def _show_preview(self, document) -> None:
        if self.preview is not None:
            self.preview.set_document(document)


def install_consolidate_view(window, data_dir: str | None = None) -> ConsolidateView:
    """Adds the Consolidate view (and the Preview, unless another view is there) to `window`;
    returns the view. Also binds Next conflict, the session actions and Export."""
    from ui.section_edits import install_section_edits
    from ui.session_controller import SessionController

    view = ConsolidateView(AppContext.of(window))
    window.add_view("consolidate", "Consolidate", view)
    if "preview" not in window.views:
        view.preview = PreviewView()
        window.add_view("preview", "Preview", view.preview)
    elif isinstance(window.views["preview"], PreviewView):
        view.preview = window.views["preview"]
    controller = view.controller
    window.sources_model.documents_changed.connect(controller.schedule_redraft)
    window.loading_finished.connect(controller.schedule_redraft)
    window.navigate_requested.connect(view.navigate_to)
    window.bind_action("next_conflict", view.next_conflict)
    window.decision_memory = (controller.remember_decisions, controller.restore_decisions)
    view.sessions = SessionController(window, view, data_dir)
    install_section_edits(view, window)
    controller.schedule_redraft()
    return view
