"""Carrying the approved decisions to the current sources' draft.

Every id of a plan depends on its sources' content (a clause id hashes "document/block"), so a
changed source gives new ids throughout. Each decision is translated through what its ids
referred to (the record's anchors) and where each approved block went (the block fates): the
same block (kept), a changed block (kept, marked "check again"), or none (it no longer applies).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum

from consolidator.consolidation.plan import (
    OUTLINE,
    Decision,
    DecisionKind,
    MergePlan,
    split_section_id,
)
from consolidator.consolidation.proposals import is_proposal_id
from consolidator.review.matching import BlockFate
from consolidator.review.record import ApprovedRecord


class CarryStatus(str, Enum):
    KEPT = "kept"
    CHECK = "check again"  # kept, but a clause it is about changed since approval
    DROPPED = "no longer applies"  # what it was about is not in the current sources


@dataclass(frozen=True)
class CarriedDecision:
    """One approved decision and what became of it."""

    old: Decision
    new: Decision | None  # None when dropped
    status: CarryStatus
    reason: str = ""  # plain English: why check again, or why dropped
    item_id: str = ""  # the clause or section of the current plan it is about ("" when dropped)


_CONFLICT_KINDS = (DecisionKind.KEEP, DecisionKind.CHOOSE)
_SECTION_TARGETS = (DecisionKind.RENAME, DecisionKind.REORDER, DecisionKind.SPLIT,
                    DecisionKind.MERGE_SECTION)


def carry_decisions(record: ApprovedRecord, fates: Mapping[str, BlockFate],
                    draft: MergePlan, where: Mapping[str, str]
                    ) -> tuple[MergePlan, tuple[CarriedDecision, ...]]:
    """Returns the draft with the approved author decisions that still apply, and the fate of
    each decision. `fates`: approved "document/block" -> BlockFate for every approved source
    (unchanged sources map each block to itself); `where`: current "document/block" -> "Email
    Policy 5.3", for the reasons."""
    translator = _Translator(record, fates, draft, where)
    decisions = sorted(record.decisions, key=lambda d: d.kind is not DecisionKind.SPLIT)
    outcomes = [translator.decision(d) for d in decisions]
    plan, dropped = draft.with_valid_decisions([o.new for o in outcomes if o.new is not None])
    dropped_set = set(dropped)
    carried = []
    for outcome in outcomes:
        if outcome.new is not None and outcome.new in dropped_set:
            outcome = CarriedDecision(outcome.old, None, CarryStatus.DROPPED,
                                      "what it was about is no longer in the policies")
        carried.append(outcome)
    order = {d: n for n, d in enumerate(record.decisions)}
    carried.sort(key=lambda c: order.get(c.old, 0))
    return plan, tuple(carried)


class _Translator:
    """Old plan ids -> current plan ids, noting the changed blocks met on the way."""

    def __init__(self, record: ApprovedRecord, fates: Mapping[str, BlockFate],
                 draft: MergePlan, where: Mapping[str, str]) -> None:
        self.anchors = record.anchors
        self.fates = fates
        self.draft = draft
        self.where = where
        self.clause_ids = {c.id for c in draft.clauses}
        self.of_block = draft.clause_of_block()
        # a source clause the current draft folds into a proposal -> that proposal
        self.reworded = {d.target: d.value for d in draft.decisions
                         if d.kind is DecisionKind.REWORD}
        self.sections = {s.id: s for s in draft.sections}
        self.by_heading = {f"{h.document_id}/{h.block_id}": s.id
                           for s in draft.sections for h in s.headings}
        self.conflict_ids = {c.id for c in draft.conflicts} | {a for c in draft.conflicts
                                                               for a in c.aliases}
        self.conflict_by_keys = {frozenset((c.a.key, c.b.key)): c.id for c in draft.conflicts}
        self.section_alias: dict[str, str] = {}  # old split section id -> the current one
        self.changed: list[str] = []  # current keys of changed blocks met for this decision
        self.lost: list[str] = []  # approved keys of removed blocks met for this decision

    # --- one decision -------------------------------------------------------------------
    def decision(self, old: Decision) -> CarriedDecision:
        self.changed, self.lost = [], []
        new = self._translate(old)
        if new is None:
            return CarriedDecision(old, None, CarryStatus.DROPPED, self._dropped_reason())
        item = new.target if new.target != OUTLINE else ""
        if self.changed or self.lost:
            return CarriedDecision(old, new, CarryStatus.CHECK, self._check_reason(), item)
        return CarriedDecision(old, new, CarryStatus.KEPT, "", item)

    def _translate(self, d: Decision) -> Decision | None:
        kind = d.kind
        if kind in _CONFLICT_KINDS and self._is_conflict(d.target):
            target = self.conflict(d.target)
            value = self.clause(d.value) if kind is DecisionKind.CHOOSE else ""
            if target is None or (kind is DecisionKind.CHOOSE and value is None):
                return None
            return replace(d, target=target, value=value or "")
        if kind in (DecisionKind.KEEP, DecisionKind.CHOOSE, DecisionKind.COMBINE,
                    DecisionKind.CUSTOM, DecisionKind.MOVE):
            target = self.clause(d.target)
            if target is None:
                return None
            value: str | None = d.value
            if kind is DecisionKind.CHOOSE:
                value = self.key(d.value)
            elif kind is DecisionKind.MOVE:
                value = self.section(d.value)
            return None if value is None else replace(d, target=target, value=value)
        if kind in (DecisionKind.EXCLUDE, DecisionKind.INCLUDE):
            target = self.any_item(d.target)
            return None if target is None else replace(d, target=target)
        if kind is DecisionKind.ADD_SECTION:
            parent = self.section(d.parent) if d.parent else ""
            return None if parent is None else replace(d, parent=parent)
        return self._section_decision(d)

    def _section_decision(self, d: Decision) -> Decision | None:
        target = OUTLINE if d.target == OUTLINE else self.section(d.target)
        if target is None:
            return None
        if d.kind is DecisionKind.REORDER:
            order = tuple(x for x in map(self.any_item, d.order) if x is not None)
            return replace(d, target=target, order=order)
        if d.kind is DecisionKind.SPLIT:
            value = self.clause(d.value)
            if value is None:
                return None
            self.section_alias[split_section_id(d.target, d.value)] = \
                split_section_id(target, value)
            return replace(d, target=target, value=value)
        if d.kind is DecisionKind.MERGE_SECTION:
            value = self.section(d.value)
            return None if value is None else replace(d, target=target, value=value)
        return replace(d, target=target)  # RENAME

    # --- ids ----------------------------------------------------------------------------
    def key(self, old_key: str) -> str | None:
        """Returns the current source clause key for an approved one ("doc/block#n")."""
        block, hash_mark, sentence = old_key.partition("#")
        fate = self.fates.get(block)
        if fate is None or not fate.new_key:
            self.lost.append(block)
            return None
        if fate.changed:
            self.changed.append(fate.new_key)
        return fate.new_key + hash_mark + sentence

    def clause(self, old_id: str) -> str | None:
        anchor = self.anchors.clauses.get(old_id)
        if anchor is None or not anchor.keys:  # a proposal's own bullet names no source
            return old_id if old_id in self.clause_ids else None
        found = None
        for key in anchor.keys:
            new_key = self.key(key)
            if new_key is not None and found is None:
                found = self.of_block.get(new_key.partition("#")[0])
        if found is not None and is_proposal_id(old_id):
            found = self.reworded.get(found)  # the proposal that now stands for its sources
        if found is not None and self.draft.clause(found).text != anchor.text \
                and not self.changed:
            self.changed.append(self.draft.clause(found).sources[0].block_key)
        return found

    def section(self, old_id: str) -> str | None:
        if old_id in self.section_alias:
            return self.section_alias[old_id]
        if old_id in self.sections or old_id.startswith("p-new-"):
            return old_id
        anchor = self.anchors.sections.get(old_id)
        if anchor is None:
            return None
        for heading in anchor.headings:
            fate = self.fates.get(heading)
            if fate is not None and fate.new_key in self.by_heading:
                return self.by_heading[fate.new_key]
        titled = [s.id for s in self.sections.values()
                  if s.title.strip().lower() == anchor.title.strip().lower()]
        return titled[0] if len(titled) == 1 else None

    def conflict(self, old_id: str) -> str | None:
        anchor = self.anchors.conflicts.get(old_id)
        if anchor is None:
            return old_id if old_id in self.conflict_ids else None
        a, b = self.key(anchor.a), self.key(anchor.b)
        if a is None or b is None:
            return None
        found = self.conflict_by_keys.get(frozenset((a, b)))
        if found is None and old_id in self.conflict_ids:
            found = old_id
        return found

    def any_item(self, old_id: str) -> str | None:
        """A clause or a section (EXCLUDE, INCLUDE and REORDER name either)."""
        if old_id in self.anchors.sections or old_id in self.sections or \
                old_id.startswith("p-"):
            return self.section(old_id)
        return self.clause(old_id)

    def _is_conflict(self, old_id: str) -> bool:
        return old_id in self.anchors.conflicts or old_id in self.conflict_ids

    # --- reasons ------------------------------------------------------------------------
    def _check_reason(self) -> str:
        places = list(dict.fromkeys(self.where.get(k, "") for k in self.changed))
        places = [p for p in places if p]
        if self.lost and not places:
            return "part of what it was about was removed from its policy since approval"
        if not places:
            return "the wording it was about changed since approval"
        return f"{_join(places)} changed since approval"

    def _dropped_reason(self) -> str:
        if self.lost:
            return "what it was about was removed from its policy since approval"
        return "what it was about is no longer in the policies"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_DESCRIPTIONS = {
    DecisionKind.CUSTOM: "Own wording", DecisionKind.CHOOSE: "Variant chosen",
    DecisionKind.COMBINE: "Combined wording accepted", DecisionKind.EXCLUDE: "Left out",
    DecisionKind.INCLUDE: "Put back in", DecisionKind.MOVE: "Moved",
    DecisionKind.REORDER: "Reordered", DecisionKind.SPLIT: "Section split",
    DecisionKind.MERGE_SECTION: "Sections merged", DecisionKind.REWORD: "Reworded",
}


def describe_decision(decision: Decision) -> str:
    """Returns what a decision does, in a few plain words ("Own wording", "Left out")."""
    kind = decision.kind
    if kind is DecisionKind.KEEP:
        return "Both wordings kept" if decision.target.startswith("x") else "Draft wording kept"
    if kind is DecisionKind.RENAME:
        return f"Renamed \u201c{decision.value}\u201d"
    if kind is DecisionKind.ADD_SECTION:
        return f"Section added \u201c{decision.value}\u201d"
    return _DESCRIPTIONS[kind]


def carried_conflicts(record: ApprovedRecord, fates: Mapping[str, BlockFate],
                      draft: MergePlan) -> frozenset[str]:
    """Returns the ids of the draft's conflicts that the approved policy already had."""
    translator = _Translator(record, fates, draft, {})
    found = (translator.conflict(old_id) for old_id in record.anchors.conflicts)
    return frozenset(f for f in found if f is not None)
