"""ConsolidateController: the Consolidate view's work, without a widget.

Drafting the plan of the loaded policies (align, clauses, conflicts, draft_plan on a worker),
the decisions of a session being opened, pushing decisions as undo steps, the Problems entries
for open conflicts, and the preview (built on a worker; only the newest is shown). What the
views show of a plan is prepared by the PlanStore (off the UI thread for a large plan).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.as_document import draft_document
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.draft import draft_plan
from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.plan import ClauseStatus, Decision, MergePlan
from consolidator.consolidation.redraft import conflict_changes, describe_decision
from consolidator.consolidation.topics import chosen_channel
from consolidator.model import ConsolidatedDocument, SourceDocument
from consolidator.paths import path_key
from consolidator.progress import check_cancel
from consolidator.sections import listed_sections
from ui.consolidate_commands import (
    PlanState,
    PlanStore,
    prepare_plan,
    push_decisions,
    run_once,
)
from ui.context import AppContext
from ui.problems import Problem
from ui.process import collections_paused
from ui.release import let_go

Summary = tuple[int, int, int, tuple[tuple[str, str], ...]]


def summary_of(state: PlanState) -> Summary:
    """Returns (clauses in the output, clauses merged from duplicates, open conflicts, (reason,
    first clause id) of each open conflict) of a plan: a preparer of the store (pure)."""
    plan, resolved = state.plan, state.resolved
    in_output = sum(1 for c in resolved.clauses() if c.in_output)
    merged = sum(1 for c in plan.clauses if c.status is not ClauseStatus.UNIQUE)
    open_conflicts = tuple((conflict.reason, plan.conflict_clauses(conflict)[0])
                           for conflict in plan.conflicts
                           if conflict.id in resolved.open_conflict_ids)
    return in_output, merged, len(resolved.open_conflict_ids), open_conflicts


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


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


def _preview(context, docs: tuple[SourceDocument, ...], plan: MergePlan):
    """Returns the merged document and the same as a document to compare with a source (the
    draft and which clause each of its blocks shows): both built here, off the UI thread."""
    with collections_paused():
        document = consolidate(docs, plan, progress=context.progress,
                               cancel=context.is_cancelled)
        draft, shows = draft_document(document)
        listed_sections(draft)  # for Compare's section pickers
        return document, draft, shows


class ConsolidateController(QObject):
    """Drafting, decisions and the preview of the Consolidate view (see the module docstring)."""

    draft_incoming = Signal()  # a new draft is about to be shown (its outline opens)
    draft_ready = Signal()  # a new draft is in the store (after the sources changed)
    preview_updated = Signal(object)  # the ConsolidatedDocument built for the preview
    # the same as a SourceDocument for Compare, and draft block id -> the clause it shows
    # (None, {} when there is no draft)
    draft_document_updated = Signal(object, object)
    message = Signal(str)  # what the Consolidate view says while there is no plan to sum up

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.store = PlanStore(self, run_task=context.run_task)
        self.store.add_preparer("summary", summary_of)
        self.document: ConsolidatedDocument | None = None
        self.draft: MergePlan | None = None  # the draft without the author's decisions
        # A session being opened: (its source files, its decisions), applied to the draft of
        # exactly those files.
        self.pending_decisions: tuple[frozenset[str], tuple[Decision, ...]] | None = None
        self.applied_pending = False
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
        self.store.plan_changed.connect(self._plan_changed)

    # --- drafting ---------------------------------------------------------------------------
    def schedule_redraft(self) -> None:
        self._redraft_timer.start()

    def redraft(self) -> None:
        """Drafts the plan for the loaded policies on a worker (after loading has finished)."""
        if self.context.loading():
            return  # loading_finished schedules again
        docs = self.context.documents()
        if len(docs) < 2:
            self.context.stop("consolidate")
            self.draft = None
            self.store.clear()
            self.message.emit("Load two or more policies to consolidate them.")
            return
        # the same policies, with the same channels chosen ("Covers": a chapter each)
        same = {(d.id, chosen_channel(d)) for d in docs} == {
            (d.id, chosen_channel(d)) for d in self.store.docs}
        if self.store.plan is not None and same and self.pending_decisions is None:
            return
        self.message.emit(f"Drafting the merged outline of {len(docs)} policies\u2026")
        self.context.run_task(build_draft(docs, preparers=self.store.preparers()),
                              description="Drafting the merged outline",
                              on_result=self._draft_done, channel="consolidate")

    def _draft_done(self, result) -> None:
        docs, alignment, draft, prepared = result
        before, before_docs = self.store.plan, self.store.docs
        self.draft = draft
        plan, dropped = self._decided(docs, draft)
        self.draft_incoming.emit()
        self.store.set_draft(docs, alignment, plan, prepared)
        self._report_redraft(before, before_docs, docs, draft, dropped)
        self.draft_ready.emit()

    def _report_redraft(self, before: MergePlan | None, before_docs, docs, draft: MergePlan,
                        dropped: Sequence[Decision]) -> None:
        """Says what the new draft changed for the author: the earlier decisions that no
        longer apply (each named, in Problems) and the conflicts found before but not now, or
        now but not before (a policy added or removed lines the sections up again)."""
        problems = [Problem(f"{describe_decision(before or draft, d)}: it is about something "
                            "no longer in the policies.", None, "info",
                            "Earlier decisions that no longer apply") for d in dropped]
        changes = conflict_changes(before.conflicts, draft.conflicts) \
            if before is not None and {d.id for d in before_docs} != {d.id for d in docs} \
            else None
        if changes:
            group = "Conflicts that changed when the policies changed"
            problems += [Problem(f"No longer found: {c.reason}", None, "info", group)
                         for c in changes.gone]
            problems += [Problem(f"Newly found: {c.reason}",
                                 ("conflict", draft.conflict_clauses(c)[0]), "info", group)
                         for c in changes.new]
        self.context.set_problems("redraft", problems)
        said = []
        if dropped:
            said.append(f"{_count(len(dropped), 'earlier decision')} no longer "
                        f"appl{'ies' if len(dropped) == 1 else 'y'}")
        if changes:
            said.append(f"{_count(len(changes.gone), 'conflict')} found before "
                        f"{'is' if len(changes.gone) == 1 else 'are'} no longer found and "
                        f"{len(changes.new)} {'is' if len(changes.new) == 1 else 'are'} new, "
                        "as the sections were lined up again")
        if said:
            self.context.status(f"The draft was made again for {len(docs)} policies: "
                                + "; ".join(said) + ". See Problems for each.", 20000)

    def _decided(self, docs, draft: MergePlan) -> tuple[MergePlan, tuple[Decision, ...]]:
        """Returns the new draft with the decisions that still apply (a session being opened
        for exactly these sources, else the plan shown), and the ones that do not."""
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
        return plan, dropped

    # --- decisions --------------------------------------------------------------------------
    def apply_decisions(self, decisions: list[Decision], text: str) -> bool:
        """Pushes the decisions as one undo step; returns False when nothing changed."""
        if self.store.plan is None:
            return False
        return push_decisions(self.context.undo_stack, self.store, decisions, text)

    def remember_decisions(self):
        """Returns (the loaded policies' files, the decisions now): what undoing a removal of
        policies gives back (restore_decisions)."""
        plan = self.store.plan
        if plan is None:
            return None
        return frozenset(path_key(d.path) for d in self.context.documents()), plan.decisions

    def restore_decisions(self, memory) -> None:
        """The decisions remembered by remember_decisions go onto the draft of those files."""
        if memory is not None:
            self.pending_decisions = memory

    def summary(self) -> Summary | None:
        """Returns the plan's summary (summary_of), as prepared with the plan shown."""
        state = self.store.state
        if state is None:
            return None
        summary = self.store.view_data.get("summary")
        return summary if summary is not None else summary_of(state)

    # --- after each change: problems, preview ------------------------------------------------
    def _plan_changed(self) -> None:
        summary = self.summary()
        if summary is None:  # no plan any more (policies removed, session closed)
            self.context.set_problems("conflicts", [])
            self.context.set_problems("redraft", [])
            self.document = None
            self.context.stop("preview")
            self.preview_updated.emit(None)
            self.draft_document_updated.emit(None, {})
            return
        self.context.set_problems("conflicts", [
            Problem(reason, ("conflict", a), "conflict", "Conflicts to decide")
            for reason, a in summary[3]])
        if len(self.store.state.plan.clauses) > self.store.sync_clause_limit:
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
        self.context.run_task(run_once(_preview, docs, plan), description="Updating the preview",
                              channel="preview", on_result=self._preview_done)

    def _preview_done(self, result) -> None:
        document, draft, shows = result
        old, self.document = self.document, document
        self.preview_updated.emit(document)
        self.draft_document_updated.emit(draft, shows)
        let_go(old)
        del old
