"""The plan store and the undo commands of the Consolidate view: every decision is a value swap.

A command stores the decision slot id, the decision that was in the slot (or None) and the new
one (or None); redo and undo put one or the other back with `MergePlan.with_decision` /
`without_decision`. Commands never hold a QModelIndex or a widget row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from consolidator.consolidation.align import Alignment
from consolidator.consolidation.plan import Decision, MergePlan
from consolidator.consolidation.resolve import (
    ResolvedClause,
    ResolvedPlan,
    Resolver,
)
from consolidator.model import SourceDocument


@dataclass(frozen=True, eq=False)
class PlanState:
    """One plan with everything derived from it that the views read: its resolved outline and
    lookups. Immutable: it is made on a worker and handed to the UI thread whole."""

    docs: tuple[SourceDocument, ...]
    alignment: Alignment | None
    plan: MergePlan
    resolved: ResolvedPlan
    conflicts_of_clause: dict[str, tuple[str, ...]]
    resolved_clauses: dict[str, ResolvedClause]
    section_of_clause: dict[str, str]
    reading: Resolver  # the plan read by ids (PlanStore.reading), made with `resolved`

    def open_conflicts_of(self, clause_id: str) -> tuple[str, ...]:
        return tuple(x for x in self.conflicts_of_clause.get(clause_id, ())
                     if x in self.resolved.open_conflict_ids)


# A view's share of the work on a plan change: a pure function of the PlanState (it runs on a
# worker for large plans) whose result the view swaps in when the store says the plan changed.
Preparer = Callable[[PlanState], Any]


@dataclass(frozen=True, eq=False)
class PreparedPlan:
    state: PlanState
    views: dict[str, Any] = field(default_factory=dict)  # preparer name -> what it made


def prepare_plan(docs: Sequence[SourceDocument], alignment: Alignment | None, plan: MergePlan,
                 preparers: dict[str, Preparer], previous: PlanState | None = None
                 ) -> PreparedPlan:
    """Resolves `plan` and runs the views' preparers on it; safe on any thread.

    `previous` (the state shown until now) only saves time: unchanged clauses and the
    conflict lookup of the same draft are reused."""
    reading = Resolver(plan, previous.resolved.memo if previous is not None else None)
    resolved = reading.resolve()
    reading.forget_earlier()  # kept with the state: it must not keep the earlier one alive
    reading.parent  # noqa: B018 - the lookup author intents start from, made here, not on the UI
    if (previous is not None and previous.plan.conflicts is plan.conflicts
            and previous.plan.clauses is plan.clauses):
        conflicts_of_clause = previous.conflicts_of_clause
    else:
        by_clause: dict[str, list[str]] = defaultdict(list)
        for conflict in plan.conflicts:
            for cid in plan.conflict_clauses(conflict):
                if cid:
                    by_clause[cid].append(conflict.id)
        conflicts_of_clause = {k: tuple(v) for k, v in by_clause.items()}
    resolved_clauses: dict[str, ResolvedClause] = {}
    section_of_clause: dict[str, str] = {}
    for section in resolved.iter_sections():
        for rc in section.clauses:
            resolved_clauses[rc.id] = rc
            section_of_clause[rc.id] = section.id
    state = PlanState(tuple(docs), alignment, plan, resolved, conflicts_of_clause,
                      resolved_clauses, section_of_clause, reading)
    return PreparedPlan(state, {name: prepare(state) for name, prepare in preparers.items()})


def run_once(function: Callable[..., Any], *args: Any) -> Callable[[Any], Any]:
    """Returns a task function calling `function(context, *args)`; it lets go of the
    arguments as it starts, so a finished task the runner still holds keeps none of them
    (a plan's state, the loaded policies) alive."""
    held = [args]

    def task(context):
        (arguments,) = held
        held.clear()
        return function(context, *arguments)

    return task


class PlanStore(QObject):
    """The current MergePlan, its resolved outline and a few lookups derived from both.

    Only commands (and loading a draft or a session) change the plan; views listen to
    `plan_changed` and read. `plan` is always the newest plan (commands build on it); what the
    views show (`resolved`, the lookups, `view_data`) is the PlanState of the plan last
    prepared. A small plan is prepared at once; a large one (more than `sync_clause_limit`
    clauses: resolving and building the outline rows take hundreds of milliseconds) on a
    worker, and `plan_changed` comes when it is ready — only for the newest plan.
    """

    plan_changed = Signal()
    plan_pending = Signal()  # a newer plan is being prepared: what is shown is behind
    preparation_failed = Signal(object, str)  # the error, its traceback: the plan is not shown
    draft_replaced = Signal()  # a new draft (sources changed): views rebuild completely

    sync_clause_limit = 3000  # up to this many clauses, preparing takes a few milliseconds

    def __init__(self, parent: QObject | None = None,
                 run_task: Callable[..., Any] | None = None) -> None:
        super().__init__(parent)
        self.docs: tuple[SourceDocument, ...] = ()
        self.alignment: Alignment | None = None
        self.plan: MergePlan | None = None
        self.state: PlanState | None = None
        self.view_data: dict[str, Any] = {}
        self.run_task = run_task  # MainWindow.run_task; None: always prepared at once
        self._preparers: dict[str, Preparer] = {}
        self._new_draft = False
        self._failed: MergePlan | None = None  # the newest plan, when preparing it failed
        self._reading: Resolver | None = None

    def add_preparer(self, name: str, preparer: Preparer) -> None:
        """Registers a view's preparer; its result is `view_data[name]` on `plan_changed`."""
        self._preparers[name] = preparer

    def preparers(self) -> dict[str, Preparer]:
        return dict(self._preparers)

    # --- changing -------------------------------------------------------------------------
    def set_draft(self, docs: Sequence[SourceDocument], alignment: Alignment,
                  plan: MergePlan, prepared: PreparedPlan | None = None) -> None:
        """Shows a new draft; `prepared` (made on the drafting worker for exactly `plan`,
        `docs` and `alignment`) is swapped in as it is."""
        self.docs = tuple(docs)
        self.alignment = alignment
        self._new_draft = True
        self.plan = plan
        if (prepared is not None and prepared.state.plan is plan
                and prepared.state.alignment is alignment
                and prepared.views.keys() == self._preparers.keys()):
            self._swap(prepared)
        else:
            self._prepare()

    def clear(self) -> None:
        """Forgets the plan (fewer than two policies are loaded): the views show nothing."""
        if self.plan is None and self.state is None:
            return
        self.docs, self.alignment, self.plan, self.state = (), None, None, None
        self.view_data = {}
        self._reading = None
        self.plan_changed.emit()

    def apply(self, decision_id: str, decision: Decision | None) -> None:
        """Puts `decision` into slot `decision_id` (None empties the slot)."""
        assert self.plan is not None
        if decision is None:
            self._set(self.plan.without_decision(decision_id))
        else:
            self._set(self.plan.with_decision(decision))

    def set_decisions(self, decisions: Sequence[Decision]) -> None:
        """Replaces every decision at once (recovery, opening a session)."""
        assert self.plan is not None
        self._set(replace(self.plan, decisions=tuple(sorted(decisions, key=lambda d: d.id))))

    def _set(self, plan: MergePlan) -> None:
        self.plan = plan
        self._prepare()

    def _prepare(self) -> None:
        plan, docs, alignment = self.plan, self.docs, self.alignment
        assert plan is not None
        previous = self.state
        preparers = self.preparers()
        if self.run_task is None or len(plan.clauses) <= self.sync_clause_limit:
            self._swap(prepare_plan(docs, alignment, plan, preparers, previous))
            return

        self.run_task(run_once(lambda _context, *inputs: prepare_plan(*inputs), docs, alignment,
                               plan, preparers, previous),
                      description="Updating the outline", on_result=self._swap, channel="plan",
                      on_error=lambda error, details: self._not_prepared(plan, error, details),
                      on_cancelled=lambda: self._not_prepared(plan))
        self.plan_pending.emit()

    def _not_prepared(self, plan: MergePlan, error: Exception | None = None,
                      details: str = "") -> None:
        if plan is not self.plan:
            return
        if error is None:
            # Cancel pressed while the outline was updating: the outline must still follow.
            self._prepare()
            return
        self._failed = plan  # what is shown stays; is_preparing() no longer waits for it
        self.preparation_failed.emit(error, details)

    def _swap(self, prepared: PreparedPlan) -> None:
        if prepared.state.plan is not self.plan:
            return  # a newer plan is being prepared
        self.state = prepared.state
        self.view_data = prepared.views
        self._reading = None  # the state's own reading stands for the newest plan now
        self.plan_changed.emit()
        if self._new_draft:
            self._new_draft = False
            self.draft_replaced.emit()

    # --- reading --------------------------------------------------------------------------
    def has_plan(self) -> bool:
        return self.plan is not None

    def reading(self) -> Resolver:
        """Returns the newest plan read by ids, what author intents (consolidation/edits.py)
        are worked out on; made once per plan (its outline's shape takes a few milliseconds
        even for four 400-page policies)."""
        assert self.plan is not None
        if self.state is not None and self.state.plan is self.plan:
            return self.state.reading  # made on the worker with the outline shown
        if self._reading is None or self._reading.plan is not self.plan:
            self._reading = Resolver(self.plan)
        return self._reading

    def is_preparing(self) -> bool:
        """Returns True while the newest plan is being prepared (the views show an older)."""
        return (self.plan is not None and self._failed is not self.plan
                and (self.state is None or self.state.plan is not self.plan))

    @property
    def resolved(self) -> ResolvedPlan | None:
        return self.state.resolved if self.state is not None else None

    @property
    def conflicts_of_clause(self) -> dict[str, tuple[str, ...]]:
        return self.state.conflicts_of_clause if self.state is not None else {}

    def resolved_clause(self, clause_id: str) -> ResolvedClause | None:
        return self.state.resolved_clauses.get(clause_id) if self.state is not None else None

    def section_of_clause(self, clause_id: str) -> str:
        return self.state.section_of_clause.get(clause_id, "") if self.state is not None else ""

    def open_conflicts_of(self, clause_id: str) -> tuple[str, ...]:
        if self.state is None:
            return ()
        return self.state.open_conflicts_of(clause_id)

    def document_name(self, document_id: str) -> str:
        for doc in self.docs:
            if doc.id == document_id:
                return doc.name
        return document_id


class DecisionCommand(QUndoCommand):
    """One decision: redo puts `new` into the slot, undo puts `old` back (None: slot empty)."""

    def __init__(self, store: PlanStore, decision_id: str, old: Decision | None,
                 new: Decision | None, text: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(text, parent)
        self.store = store
        self.decision_id = decision_id
        self.old = old
        self.new = new

    def redo(self) -> None:
        self.store.apply(self.decision_id, self.new)

    def undo(self) -> None:
        self.store.apply(self.decision_id, self.old)


class MacroCommand(QUndoCommand):
    """Several decisions as one undo step (a bulk action): applied in order, undone in reverse.

    It holds (slot id, old, new) values rather than child commands, so no Python wrapper of a
    child can be collected while Qt still owns it.
    """

    def __init__(self, store: PlanStore,
                 steps: Sequence[tuple[str, Decision | None, Decision | None]], text: str) -> None:
        super().__init__(text)
        self.store = store
        self.steps = tuple(steps)

    def redo(self) -> None:
        assert self.store.plan is not None
        plan = self.store.plan
        for decision_id, _old, new in self.steps:
            plan = plan.with_decision(new) if new else plan.without_decision(decision_id)
        self.store.set_decisions(plan.decisions)

    def undo(self) -> None:
        assert self.store.plan is not None
        plan = self.store.plan
        for decision_id, old, _new in reversed(self.steps):
            plan = plan.with_decision(old) if old else plan.without_decision(decision_id)
        self.store.set_decisions(plan.decisions)


class ReplaceDecisionsCommand(QUndoCommand):
    """Every decision at once (recovered work): redo sets `new`, undo restores `old`."""

    def __init__(self, store: PlanStore, old: Sequence[Decision], new: Sequence[Decision],
                 text: str) -> None:
        super().__init__(text)
        self.store = store
        self.old = tuple(old)
        self.new = tuple(new)

    def redo(self) -> None:
        self.store.set_decisions(self.new)

    def undo(self) -> None:
        self.store.set_decisions(self.old)


def push_decisions(stack: QUndoStack, store: PlanStore, decisions: Sequence[Decision],
                   text: str) -> bool:
    """Pushes one command (several decisions: one macro); returns False when nothing changes.

    The old value of each slot is read from the plan as it will be when that decision applies,
    so a macro that fills the same slot twice still undoes to the first value.
    """
    assert store.plan is not None
    plan = store.plan
    steps: list[tuple[str, Decision | None, Decision]] = []
    for decision in decisions:
        old = plan.decision(decision.id)
        if old == decision:
            continue
        steps.append((decision.id, old, decision))
        plan = plan.with_decision(decision)
    if not steps:
        return False
    if len(steps) == 1:
        stack.push(DecisionCommand(store, *steps[0], text))
        return True
    stack.push(MacroCommand(store, steps, text))
    return True
