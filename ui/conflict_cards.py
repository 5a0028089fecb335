"""What the Variants panel says about each conflict of the selected clause: its outcome, the card
of the other clause, and the two ways to settle it (each naming the clause that wins).

Pure wording over a plan (`conflict_outcome`, `outcome_line`, `card_title`) and the card's
buttons; the panel lays the cards out.
"""

from __future__ import annotations

from enum import Enum

from consolidator.consolidation.conflicts import Conflict
from consolidator.consolidation.plan import DecisionKind, MergePlan, slot


class Outcome(str, Enum):  # noqa: UP042 - the project's str Enums
    """What became of one conflict, seen from the selected clause."""

    OPEN = "open"  # undecided: both wordings printed, marked for the committee
    BOTH = "both"  # decided: both kept
    MINE = "mine"  # decided: the selected clause is printed, the other replaced by it
    THEIRS = "theirs"  # decided: the other clause is printed, the selected one replaced
    INACTIVE = "inactive"  # not decided, but one side is left out: nothing to decide


def conflict_outcome(plan: MergePlan, conflict: Conflict, clause_id: str,
                     open_ids: tuple[str, ...] | frozenset[str]) -> Outcome:
    """Returns what became of `conflict` for the selected clause `clause_id`."""
    if conflict.id in open_ids:
        return Outcome.OPEN
    decision = plan.decision(slot(DecisionKind.KEEP, conflict.id))
    if decision is None:
        return Outcome.INACTIVE
    if decision.kind is DecisionKind.KEEP:
        return Outcome.BOTH
    return Outcome.MINE if decision.value == clause_id else Outcome.THEIRS


def outcome_line(outcome: Outcome, reason: str, other_places: str) -> str:
    """Returns the panel's line about one conflict: its state, then what differs."""
    state = {
        Outcome.OPEN: "\u26a0 Conflict (to decide)",
        Outcome.BOTH: "\u2713 Conflict decided: both clauses are kept",
        Outcome.MINE: "\u2713 Conflict decided: the selected clause is used",
        Outcome.THEIRS: f"\u2713 Conflict decided: {other_places} is used instead",
        Outcome.INACTIVE: "Conflict (one side is left out)",
    }[outcome]
    return f"{state}: {reason}"


def card_title(places: str, outcome: Outcome) -> str:
    """Returns the heading of the other clause's card, saying whether it is in use."""
    suffix = {
        Outcome.OPEN: " \u2014 to decide",
        Outcome.BOTH: " \u2014 in use (both kept)",
        Outcome.MINE: " \u2014 replaced by the selected clause",
        Outcome.THEIRS: " \u2014 in use instead of the selected clause",
        Outcome.INACTIVE: "",
    }[outcome]
    return f"Conflicting clause: {places}{suffix}"


USE_OTHER = "Use this clause instead"
KEEP_MINE = "Keep the selected clause"


def button_states(outcome: Outcome) -> tuple[bool, bool]:
    """Returns whether (Use this clause instead, Keep the selected clause) would change
    anything: the one already in effect is disabled."""
    return outcome is not Outcome.THEIRS, outcome is not Outcome.MINE
