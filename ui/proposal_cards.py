"""What the Variants panel shows for a proposal: a wording the draft wrote in place of source
clauses (one Introduction, one Scope, one Definitions table, a chapter's opening ...).

The panel shows the proposed wording, one card per source clause it stands for (their own
words, unmarked: the proposal rewords them), the notes still to answer, and three ways to
decide: accept it, edit it, or keep the sources as they were (then: use the proposal again).
A source clause folded into a proposal shows the same, from the other side.
"""

from __future__ import annotations

from dataclasses import dataclass

from consolidator.consolidation import edits
from consolidator.consolidation.plan import ClauseStatus
from consolidator.consolidation.resolve import Resolver

ACCEPT = "Accept"
KEEP_SOURCES = "Keep the sources as they were"
USE_PROPOSAL = "Use the proposed wording"


@dataclass(frozen=True)
class ProposalView:
    """A proposal as the panel shows it."""

    head: str  # the proposal's first clause id
    heading: str
    label: str  # above the wording
    text: str  # the proposal's wording, its parts one per line
    notes: tuple[str, ...]  # still to answer
    sources: tuple[str, ...]  # the source clause ids it stands for
    in_use: bool  # printed (False: the author kept the sources)
    answered: bool  # a wording decision settles its notes


def proposal_view(r: Resolver, clause_id: str, where_section) -> ProposalView | None:
    """Returns the proposal `clause_id` is part of, or was reworded into; None otherwise.
    `where_section(clause_id)` names the section a clause is in."""
    rc = r.clause(clause_id)
    if rc.clause.status is ClauseStatus.PROPOSED:
        head = rc.clause.proposal
    elif rc.reworded_into:
        head = rc.reworded_into
    else:
        return None
    parts = edits.proposal_of(r, head)
    if not parts:
        return None
    head_rc = r.clause(head)
    sources = edits.proposal_sources(r, head)
    in_use = not head_rc.excluded
    section = where_section(head)
    count = len({ref.document_id for c in sources for ref in r.plan.clause(c).sources})
    if rc.clause.status is ClauseStatus.PROPOSED:
        heading = (f"Proposed wording in {section}, standing for {_clauses(len(sources))} from "
                   f"{_policies(count)}" if sources else
                   f"Proposed wording in {section}: a new sentence the draft adds")
    else:
        heading = f"Reworded: this clause's words are in the proposed wording in {section}"
    text = "\n".join(r.clause(p.id).text for p in parts)
    label = ("Proposed wording in the Digital Policy:" if in_use else
             "Proposed wording (not used: the sources are kept as they were):")
    return ProposalView(head, heading, label, text, parts[0].notes, sources, in_use,
                        head_rc.decided)


def _clauses(n: int) -> str:
    return f"{n} clause" + ("" if n == 1 else "s")


def _policies(n: int) -> str:
    return f"{n} " + ("policy" if n == 1 else "policies")
