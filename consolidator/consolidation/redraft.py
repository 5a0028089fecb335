"""What a new draft changed for the author, in plain English: the earlier decisions that no
longer apply (and what each was), and the conflicts found before but not now, or now but not
before — so that adding or removing a policy never changes the count silently."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from consolidator.consolidation.conflicts import Conflict
from consolidator.consolidation.plan import Decision, DecisionKind, MergePlan

_VERBS = {
    DecisionKind.KEEP: "Kept", DecisionKind.CHOOSE: "Chose a wording for",
    DecisionKind.COMBINE: "Accepted the combined wording of",
    DecisionKind.CUSTOM: "Wrote your own wording of", DecisionKind.EXCLUDE: "Excluded",
    DecisionKind.INCLUDE: "Included", DecisionKind.MOVE: "Moved",
    DecisionKind.RENAME: "Renamed", DecisionKind.REORDER: "Reordered",
    DecisionKind.ADD_SECTION: "Added the section", DecisionKind.SPLIT: "Split",
    DecisionKind.MERGE_SECTION: "Merged",
}


def describe_decision(plan: MergePlan, decision: Decision) -> str:
    """Returns what a decision did, naming the clause, section or conflict it was about as the
    plan it was made on shows it ("Excluded the clause “Staff must …”")."""
    conflict = next((c for c in plan.conflicts if decision.target in (c.id, *c.aliases)), None)
    if conflict is not None:
        how = "decided it" if decision.kind is DecisionKind.CHOOSE else "kept both sides"
        return f"The conflict \u201c{_short(conflict.reason)}\u201d: you {how}"
    what = _thing(plan, decision.target)
    if decision.kind is DecisionKind.ADD_SECTION:
        return f"Added the section \u201c{_short(decision.value)}\u201d"
    if decision.kind is DecisionKind.RENAME:
        return f"Renamed {what} to \u201c{_short(decision.value)}\u201d"
    return f"{_VERBS.get(decision.kind, decision.kind.value.capitalize())} {what}"


@dataclass(frozen=True)
class ConflictChanges:
    """Conflicts found by one draft and not the other (matched by id and aliases)."""

    gone: tuple[Conflict, ...]
    new: tuple[Conflict, ...]

    def __bool__(self) -> bool:
        return bool(self.gone or self.new)


def conflict_changes(before: Sequence[Conflict], after: Sequence[Conflict]) -> ConflictChanges:
    """Returns the conflicts of `before` not in `after` and those of `after` not in `before`."""
    def ids(conflicts: Sequence[Conflict]) -> set[str]:
        return {i for c in conflicts for i in (c.id, *c.aliases)}

    before_ids, after_ids = ids(before), ids(after)
    gone = tuple(c for c in before if not {c.id, *c.aliases} & after_ids)
    new = tuple(c for c in after if not {c.id, *c.aliases} & before_ids)
    return ConflictChanges(gone, new)


def _thing(plan: MergePlan, target: str) -> str:
    try:
        return f"the clause \u201c{_short(plan.clause(target).text)}\u201d"
    except KeyError:
        pass
    try:
        return f"the section \u201c{_short(plan.section(target).title)}\u201d"
    except KeyError:
        return "the outline" if target == "outline" else "an item no longer in the policies"


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
