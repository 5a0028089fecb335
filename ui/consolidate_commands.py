"""The plan store and the undo commands of the Consolidate view: every decision is a value swap.

A command stores the decision slot id, the decision that was in the slot (or None) and the new
one (or None); redo and undo put one or the other back with `MergePlan.with_decision` /
`without_decision`. Commands never hold a QModelIndex or a widget row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from consolidator.align import Alignment
from consolidator.model import SourceDocument
from consolidator.plan import Decision, MergePlan
from consolidator.resolve import ResolvedClause, ResolvedPlan, resolve_plan


class PlanStore(QObject):
    """The current MergePlan, its resolved outline and a few lookups derived from both.

    Only commands (and loading a draft or a session) change the plan; views listen to
    `plan_changed` and read.
    """

    plan_changed = Signal()
    draft_replaced = Signal()  # a new draft (sources changed): views rebuild completely

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.docs: tuple[SourceDocument, ...] = ()
        self.alignment: Alignment | None = None
        self.plan: MergePlan | None = None
        self.resolved: ResolvedPlan | None = None
        self.conflicts_of_clause: dict[str, tuple[str, ...]] = {}
        self._resolved_clauses: dict[str, ResolvedClause] = {}
        self._section_of_clause: dict[str, str] = {}

    # --- changing -------------------------------------------------------------------------
    def set_draft(self, docs: Sequence[SourceDocument], alignment: Alignment,
                  plan: MergePlan) -> None:
        self.docs = tuple(docs)
        self.alignment = alignment
        self.conflicts_of_clause = {}
        self._set(plan)
        self.draft_replaced.emit()

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
        self.resolved = resolve_plan(plan)
        if not self.conflicts_of_clause and plan.conflicts:
            by_clause: dict[str, list[str]] = defaultdict(list)
            for conflict in plan.conflicts:
                for cid in plan.conflict_clauses(conflict):
                    if cid:
                        by_clause[cid].append(conflict.id)
            self.conflicts_of_clause = {k: tuple(v) for k, v in by_clause.items()}
        self._resolved_clauses = {}
        self._section_of_clause = {}
        for section in self.resolved.iter_sections():
            for rc in section.clauses:
                self._resolved_clauses[rc.id] = rc
                self._section_of_clause[rc.id] = section.id
        self.plan_changed.emit()

    # --- reading --------------------------------------------------------------------------
    def has_plan(self) -> bool:
        return self.plan is not None

    def resolved_clause(self, clause_id: str) -> ResolvedClause | None:
        return self._resolved_clauses.get(clause_id)

    def section_of_clause(self, clause_id: str) -> str:
        return self._section_of_clause.get(clause_id, "")

    def open_conflicts_of(self, clause_id: str) -> tuple[str, ...]:
        if self.resolved is None:
            return ()
        return tuple(x for x in self.conflicts_of_clause.get(clause_id, ())
                     if x in self.resolved.open_conflict_ids)

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
