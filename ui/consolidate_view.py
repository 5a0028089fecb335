"""ConsolidateView: the merged outline, the topic matrix and the variants of the selected clause.

Drafting (align, clauses, conflicts, draft_plan) and building the preview run on workers;
decisions are cheap value swaps applied on the UI thread through undo commands. What the
views show of a plan (its resolved outline, the outline rows, the topic matrix, the summary)
is prepared off the UI thread for a large plan — with the draft on the drafting worker, after
a decision on a worker of its own (see PlanStore) — so the UI thread only swaps it in.
`install_consolidate_view(window)` puts the view, the preview and the session controller into
the main window.
"""

from __future__ import annotations

import gc
import json
import os
import threading
from collections.abc import Sequence
from contextlib import contextmanager

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from consolidator.consolidation import edits
from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.draft import draft_plan
from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.plan import (
    ClauseStatus,
    Decision,
    DecisionKind,
    MergePlan,
)
from consolidator.model import ConsolidatedDocument, SourceDocument
from consolidator.paths import path_key
from consolidator.progress import check_cancel
from ui import theme
from ui.consolidate_commands import (
    PlanState,
    PlanStore,
    prepare_plan,
    push_decisions,
    run_once,
)
from ui.outline_model import OutlineModel, OutlineRole
from ui.preview_view import PreviewView
from ui.topic_matrix import TopicFilter, TopicFilterModel, TopicMatrixModel
from ui.variants_panel import VariantsPanel

SCRIPT_ENV = "POLICY_CONSOLIDATOR_TEST_DECISIONS"  # hidden test hook: a JSON list of decisions


def build_draft(docs: Sequence[SourceDocument], pins=(), preparers=None):
    """Returns a task function giving (docs, alignment, draft plan, PreparedPlan of the draft
    or None) for the worker; `preparers` are the PlanStore's (None: nothing prepared)."""
    return run_once(_draft, tuple(docs), pins, preparers)


def _draft(context, docs: tuple[SourceDocument, ...], pins, preparers):
    with collections_paused():
        alignment = align_sections(docs, pins, progress=lambda f, m="": context.progress(
            f * 0.3, m), cancel=context.is_cancelled)
        analysis = analyse_clauses(docs, alignment, progress=lambda f, m="": context.progress(
            0.3 + f * 0.6, m), cancel=context.is_cancelled)
        check_cancel(context.is_cancelled)
        context.progress(0.93, "Drafting the merged outline")
        plan = draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)
        del analysis  # the clause index is big: gone before the outline is laid out
        prepared = None
        if preparers is not None:
            check_cancel(context.is_cancelled)
            context.progress(0.97, "Laying out the merged outline")
            prepared = prepare_plan(docs, alignment, plan, preparers)
    context.progress(1.0, "Draft ready")
    return docs, alignment, plan, prepared


_paused = 0  # tasks running with automatic collections paused
_paused_lock = threading.Lock()


@contextmanager
def collections_paused(sweep: bool = False):
    """Runs a computation that builds long-lived data without cyclic garbage collections, then
    moves everything alive out of the collector's way (gc.freeze()).

    A full collection walks every object with the GIL held. With four 400-page policies loaded
    that is millions of objects: 250-600 ms in which the UI thread cannot run, several times
    while drafting; and 100-250 ms, three times, while building each preview. The policies,
    the alignment, plans and merged documents hold no reference cycles, so frozen ones are
    still freed, by reference counting, once nothing uses them.

    `sweep` first collects the young generations — everything made while collections were
    paused — for a computation that leaves reference cycles behind (consolidate(): its nested
    functions refer to each other), so they are freed, not frozen."""
    global _paused
    with _paused_lock:
        _paused += 1
        if _paused == 1:
            gc.freeze()  # the loaded policies, the plan shown
            gc.disable()
    try:
        yield
    finally:
        with _paused_lock:
            _paused -= 1
            if sweep:
                gc.collect(1)
            gc.freeze()  # what the computation made (and whatever else is alive now)
            if _paused == 0:
                gc.enable()


def _preview(context, docs: tuple[SourceDocument, ...], plan: MergePlan) -> ConsolidatedDocument:
    with collections_paused(sweep=True):
        return consolidate(docs, plan, progress=context.progress, cancel=context.is_cancelled)


def summary_of(state: PlanState) -> tuple[int, int, int, tuple[tuple[str, str], ...]]:
    """Returns (clauses in the output, clauses merged from duplicates, open conflicts, (reason,
    first clause id) of each open conflict) of a plan: the view's preparer (pure)."""
    plan, resolved = state.plan, state.resolved
    in_output = sum(1 for c in resolved.clauses() if c.in_output)
    merged = sum(1 for c in plan.clauses if c.status is not ClauseStatus.UNIQUE)
    open_conflicts = tuple((conflict.reason, plan.conflict_clauses(conflict)[0])
                           for conflict in plan.conflicts
                           if conflict.id in resolved.open_conflict_ids)
    return in_output, merged, len(resolved.open_conflict_ids), open_conflicts


class ConsolidateView(QWidget):
    """The Consolidate work area: outline | topics, and the variants of the selected clause."""

    draft_ready = Signal()  # a new draft is in the store (after the sources changed)
    preview_updated = Signal(object)  # the ConsolidatedDocument shown in the preview

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Consolidate")
        self.window_ = window
        self.undo_stack = window.undo_stack
        self.store = PlanStore(self, run_task=window.run_task)
        self.store.add_preparer("summary", summary_of)
        self.document: ConsolidatedDocument | None = None
        self.preview: PreviewView | None = None
        # A session being opened: (its source files, its decisions), applied to the draft of
        # exactly those files.
        self.pending_decisions: tuple[frozenset[str], tuple[Decision, ...]] | None = None
        self.applied_pending = False
        self._selected = ""
        self._select_when_ready = ""  # an item of a plan still being prepared, to select
        self._expand_chapters = False  # a new draft: its chapters open when it is shown
        self.draft: MergePlan | None = None  # the draft without the author's decisions
        self._editing: tuple[str, str] | None = None  # (section id, text) of an open rename

        self.outline_model = OutlineModel(self.store, self)
        self.outline = QTreeView()
        self.outline.setAccessibleName("Merged outline")
        self.outline.setAccessibleDescription(
            "The Digital Policy's chapters, sections and clauses. F2 renames a section, Delete "
            "excludes, drag to reorder.")
        self.outline.setModel(self.outline_model)
        self.outline.setUniformRowHeights(True)
        self.outline.setAlternatingRowColors(True)
        self.outline.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.outline.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.outline.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.outline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.outline.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A fixed, font-relative width: ResizeToContents measures every row of a long outline
        # on the UI thread each time the plan changes.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, theme.em(self.outline, 17))
        header.setStretchLastSection(False)
        exclude = QAction("Exclude or include", self.outline)
        exclude.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        exclude.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        exclude.triggered.connect(self.toggle_exclude_selected)
        self.outline.addAction(exclude)

        self.matrix_model = TopicMatrixModel(self.store, self)
        self.matrix_filter = TopicFilterModel(self)
        self.matrix_filter.setSourceModel(self.matrix_model)
        self.matrix = QTableView()
        self.matrix.setAccessibleName("Topics by policy")
        self.matrix.setModel(self.matrix_filter)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Fixed rows (one line each): ResizeToContents asks every cell of thousands of topics
        # for its size hint on each plan change, stalling the UI thread for half a second.
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.filter_box = QComboBox()
        self.filter_box.setAccessibleName("Show topics")
        self.filter_box.addItems([f.value for f in TopicFilter])
        self.filter_box.currentIndexChanged.connect(
            lambda i: self.matrix_filter.set_mode(list(TopicFilter)[i]))
        matrix_page = QWidget()
        matrix_layout = QVBoxLayout(matrix_page)
        filter_row = QHBoxLayout()
        filter_label = QLabel("&Show:")
        filter_label.setBuddy(self.filter_box)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter_box, 1)
        matrix_layout.addLayout(filter_row)
        matrix_layout.addWidget(self.matrix, 1)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Outline and topics")
        self.tabs.addTab(self.outline, "Merged outline")
        self.tabs.addTab(matrix_page, "Topics by policy")

        self.variants = VariantsPanel(self.store)

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
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.next_conflict_button)
        top.addWidget(self.accept_combined_button)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.variants)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACING, theme.SPACING, theme.SPACING, theme.SPACING)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.outline_model.decisions_requested.connect(self.apply_decisions)
        self.variants.decisions_requested.connect(self.apply_decisions)
        self.outline_model.modelAboutToBeReset.connect(self._remember_editor)
        # Expanded sections are tracked by id as they open and close, so a plan change never
        # walks the tree to remember them.
        self._expanded: set[str] = set()
        self._restoring = False
        self.outline.expanded.connect(self._section_expanded)
        self.outline.collapsed.connect(self._section_collapsed)
        self.outline_model.modelReset.connect(self._restore_tree_state)
        self.outline.selectionModel().currentChanged.connect(self._current_changed)
        self.matrix.selectionModel().currentChanged.connect(self._matrix_cell_chosen)
        self.store.plan_changed.connect(self._plan_changed)
        self.store.preparation_failed.connect(self._preparation_failed)
        self._set_enabled(False)

        self._redraft_timer = QTimer(self)
        self._redraft_timer.setSingleShot(True)
        self._redraft_timer.setInterval(150)
        self._redraft_timer.timeout.connect(self.redraft)
        # A large plan's preview starts once the outline has been swapped in and painted: the
        # paint calls into Python for every visible cell, and each call would wait for the GIL
        # while the preview's worker runs. Quick decisions in a row build one preview.
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(150)
        self._preview_timer.timeout.connect(self._deferred_preview)

    # --- drafting ---------------------------------------------------------------------------
    def schedule_redraft(self) -> None:
        self._redraft_timer.start()

    def redraft(self) -> None:
        """Drafts the plan for the loaded policies on a worker (after loading has finished)."""
        if any(t.channel == "sources" for t in self.window_.runner.running()):
            return  # loading_finished schedules again
        docs = self.window_.sources_model.documents()
        if len(docs) < 2:
            self.window_.runner.invalidate("consolidate")
            self.summary.setText("Load two or more policies to consolidate them.")
            return
        same = {d.id for d in docs} == {d.id for d in self.store.docs}
        if self.store.plan is not None and same and self.pending_decisions is None:
            return
        self.summary.setText(f"Drafting the merged outline of {len(docs)} policies\u2026")
        self.window_.run_task(build_draft(docs, preparers=self.store.preparers()),
                              description="Drafting the merged outline",
                              on_result=self._draft_done, channel="consolidate")

    def _draft_done(self, result) -> None:
        docs, alignment, draft, prepared = result
        self.draft = draft
        dropped: tuple[Decision, ...] = ()
        plan = draft
        self.applied_pending = False
        pending = self.pending_decisions
        if pending is not None and {path_key(d.path) for d in docs} == pending[0]:
            plan, dropped = draft.with_valid_decisions(pending[1])
            self.pending_decisions = None
            self.applied_pending = True
        elif self.store.plan is not None:
            plan, dropped = self.store.plan.rebased(draft)
        if plan is not draft and plan == draft:
            plan = draft  # the same decisions: what the worker prepared for the draft holds
        self._expand_chapters = True  # when the draft's outline is swapped in
        self.store.set_draft(docs, alignment, plan, prepared)
        if dropped:
            self.window_.statusBar().showMessage(
                f"{len(dropped)} earlier decisions no longer apply: the clauses they were "
                "about are not in the policies any more.", 15000)
        self._set_enabled(True)
        self.draft_ready.emit()
        self._run_script_hook()

    # --- decisions --------------------------------------------------------------------------
    def _preparation_failed(self, error: Exception, details: str) -> None:
        from ui.errors import show_error

        show_error(self, "Unexpected error",
                   f"The merged outline could not be updated ({type(error).__name__}); it "
                   "shows the plan before your last change.", details)

    def apply_decisions(self, decisions: list[Decision], text: str) -> bool:
        """Pushes the decisions as one undo step; returns False when nothing changed."""
        if self.store.plan is None:
            return False
        return push_decisions(self.undo_stack, self.store, decisions, text)

    def apply_edit(self, edit: edits.Edit | None) -> bool:
        """Applies an author intent worked out on the newest plan (one undo step) and selects
        the item it names; returns False when nothing changed."""
        if edit is None or not self.apply_decisions(list(edit.decisions), edit.text):
            return False
        if edit.select:
            self.select_item(edit.select)
        return True

    def accept_all_combined(self) -> None:
        if self.store.plan is not None:
            self.apply_decisions_of(edits.accept_all_combined(self.store.reading()))

    def apply_decisions_of(self, edit: edits.Edit | None) -> bool:
        """Applies an intent's decisions without changing the selection."""
        return edit is not None and self.apply_decisions(list(edit.decisions), edit.text)

    def toggle_exclude_selected(self) -> None:
        """Delete: excludes the selected section or clause, or includes it again."""
        item_id = self.outline_model.item_id(self.outline.currentIndex())
        if item_id and self.store.plan is not None:
            self.apply_decisions_of(edits.toggle_exclude(self.store.reading(), item_id))

    def toggle_exclude(self, item_id: str) -> None:
        if self.store.plan is not None:
            self.apply_decisions_of(edits.toggle_exclude(self.store.reading(), item_id))

    # --- navigation -------------------------------------------------------------------------
    def select_item(self, item_id: str) -> bool:
        """Selects (and shows) a section or clause in the outline; returns False if absent.

        While a newer plan is being prepared, an item not in the outline yet (a section just
        added) is selected when that plan is shown."""
        index = self.outline_model.index_of(item_id)
        if not index.isValid():
            if self.store.is_preparing() and item_id:
                self._select_when_ready = item_id
                return True
            return False
        self._select_when_ready = ""
        self.tabs.setCurrentIndex(0)
        parent = index.parent()
        while parent.isValid():
            self.outline.expand(parent)
            parent = parent.parent()
        self.outline.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.outline.scrollTo(index)
        return True

    def next_conflict(self) -> str:
        """Selects the next clause with an undecided conflict (wrapping) in the newest plan;
        returns its id ("" when there is none)."""
        if self.store.plan is None:
            return ""
        found = edits.next_open_conflict(self.store.reading(), self._selected)
        if not found:
            self.window_.statusBar().showMessage("No conflicts left to decide.", 5000)
            return ""
        self.select_item(found)
        return found

    def navigate_to(self, target) -> None:
        """Handles the Problems dock: a conflict entry carries ("conflict", clause id)."""
        if isinstance(target, tuple) and len(target) == 2 and target[0] == "conflict":
            self.window_.show_view("consolidate")
            self.select_item(target[1])

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._selected = self.outline_model.item_id(current)
        kind = self.outline_model.item_kind(current)
        self.variants.show_clause(self._selected if kind == "clause" else "")

    def _matrix_cell_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        section_id = current.data(OutlineRole.ID) if current.isValid() else ""
        if section_id:
            self.select_item(section_id)
            self.tabs.setCurrentIndex(1)  # stay on the matrix; the outline keeps the selection

    def _section_expanded(self, index: QModelIndex) -> None:
        if not self._restoring:
            self._expanded.add(self.outline_model.item_id(index))

    def _section_collapsed(self, index: QModelIndex) -> None:
        if not self._restoring:
            self._expanded.discard(self.outline_model.item_id(index))

    def _remember_editor(self) -> None:
        """Before the outline is reset: a rename being typed (the reset closes its editor)."""
        self._editing = None
        index = self.outline.currentIndex().siblingAtColumn(0)
        editor = next((e for e in self.outline.viewport().findChildren(QLineEdit)
                       if e.isVisible()), None)
        if editor is not None and self.outline_model.item_kind(index) == "section":
            self._editing = (self.outline_model.item_id(index), editor.text())

    def _reopen_editor(self) -> None:
        """After the reset: the rename being typed goes on, on the same section."""
        editing, self._editing = self._editing, None
        if editing is None:
            return
        index = self.outline_model.index_of(editing[0])
        if not index.isValid():
            return
        self.outline.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.outline.edit(index)
        editor = next((e for e in self.outline.viewport().findChildren(QLineEdit)
                       if e.isVisible()), None)
        if editor is not None:
            editor.setText(editing[1])

    def _restore_tree_state(self) -> None:
        """After the outline model is reset: the sections open before are open again (the
        chapters too, for a new draft), and the selection is kept.

        Only indexes are stored here, before the view lays the tree out again (once, when it
        next needs it): no walk over the tree, no per-row work on the UI thread."""
        model = self.outline_model
        if self._expand_chapters and model.rowCount():
            self._expand_chapters = False
            self._expanded.update(model.top_level_ids())
        self._restoring = True
        try:
            for item_id in self._expanded:
                index = model.index_of(item_id)
                if index.isValid() and model.item_kind(index) == "section":
                    self.outline.expand(index)
        finally:
            self._restoring = False
        if self._editing is not None:
            self._reopen_editor()
            return
        if self._select_when_ready and not self.store.is_preparing():
            target, self._select_when_ready = self._select_when_ready, ""
            if self.select_item(target):
                return
        if self._selected:
            index = model.index_of(self._selected)
            if index.isValid():
                self.outline.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)

    # --- after each change: summary, problems, preview --------------------------------------
    def _plan_changed(self) -> None:
        from ui.main_window import Problem

        state = self.store.state
        if state is None:
            return
        summary = self.store.view_data.get("summary")
        if summary is None:
            summary = summary_of(state)
        in_output, merged, open_count, open_conflicts = summary
        self.summary.setText(
            f"{len(self.store.docs)} policies \u2192 {in_output} clauses in the Digital Policy "
            f"({merged} merged from duplicates). "
            + (f"<b>{open_count} conflict{'s' if open_count != 1 else ''} to decide.</b>"
               if open_count else "No conflicts left to decide."))
        self.next_conflict_button.setEnabled(bool(open_count))
        problems = [Problem(f"Conflict: {reason}", ("conflict", a), "conflict")
                    for reason, a in open_conflicts]
        self.window_.problems.set_problems("conflicts", problems)
        if len(state.plan.clauses) > self.store.sync_clause_limit:
            self._preview_timer.start()
        else:
            self.update_preview()

    def _deferred_preview(self) -> None:
        if not self.store.is_preparing():  # else the newer plan's swap schedules it again
            self.update_preview()

    def update_preview(self) -> None:
        """Builds the merged document on a worker; only the newest result is shown."""
        plan, docs = self.store.plan, self.store.docs
        if plan is None:
            return

        self.window_.run_task(run_once(_preview, docs, plan), description="Updating the preview",
                              channel="preview", on_result=self._preview_done)

    def _preview_done(self, document: ConsolidatedDocument) -> None:
        self.document = document
        if self.preview is not None:
            self.preview.set_document(document)
        self.preview_updated.emit(document)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.tabs, self.variants, self.next_conflict_button,
                       self.accept_combined_button):
            widget.setEnabled(enabled)

    # --- hidden test hook -------------------------------------------------------------------
    def _run_script_hook(self) -> None:
        path = os.environ.get(SCRIPT_ENV)
        if not path or getattr(self, "_script_done", False):
            return
        self._script_done = True
        with open(path, encoding="utf-8") as handle:
            entries = json.load(handle)
        decisions = [Decision(DecisionKind(e["kind"]), e["target"], e.get("value", ""),
                              tuple(e.get("order", ()))) for e in entries]

        def step(remaining: list[Decision]) -> None:
            if remaining:
                self.apply_decisions([remaining[0]], "Scripted decision")
                QTimer.singleShot(50, lambda: step(remaining[1:]))

        step(decisions)


def install_consolidate_view(window, data_dir: str | None = None):
    """Adds the Consolidate view (and the Preview, unless another view is there) to `window`;
    returns the view. Also binds Next conflict, the session actions and Export."""
    from ui.session_controller import SessionController

    view = ConsolidateView(window)
    window.add_view("consolidate", "Consolidate", view)
    if "preview" not in window.views:
        view.preview = PreviewView()
        window.add_view("preview", "Preview", view.preview)
    elif isinstance(window.views["preview"], PreviewView):
        view.preview = window.views["preview"]
    window.sources_model.documents_changed.connect(view.schedule_redraft)
    window.loading_finished.connect(view.schedule_redraft)
    window.navigate_requested.connect(view.navigate_to)
    window.bind_action("next_conflict", view.next_conflict)
    view.sessions = SessionController(window, view, data_dir)
    from ui.section_edits import install_section_edits

    install_section_edits(view, window)
    view.schedule_redraft()
    return view

