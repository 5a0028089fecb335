"""Proposals: clauses the draft writes in place of source clauses, as decisions the author sees.

A Proposal is new clauses (status PROPOSED) placed in a section of the draft, and the source
clauses it stands for. Applied to a plan, each replaced clause gets a REWORD decision naming the
proposal: the coverage ledger records it as reworded, Appendix B shows where it went, and the
author can keep the sources as they were (edits.keep_sources) or edit the proposal like any
clause. Other editorial defaults (moves, renames, exclusions with a note) are plain decisions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from consolidator.consolidation.plan import (
    ClauseStatus,
    Decision,
    DecisionKind,
    MergePlan,
    PlanClause,
    PlanSection,
)
from consolidator.consolidation.units import ClauseRef
from consolidator.model import Block, BlockKind, Cell, Run, Table


@dataclass(frozen=True)
class Proposal:
    """New clauses for one section, standing for the source clauses `replaces`."""

    section_id: str
    clauses: tuple[PlanClause, ...]  # the first is the proposal's head
    replaces: tuple[str, ...]  # plan clause ids reworded into it
    note: str  # why, in the ledger and Appendix B: "reworded into the Introduction"
    before: str = ""  # the clause it goes before in its section ("" first)
    additive: bool = False  # new wording standing for no source clause (a lead sentence)


def proposal_id(kind: str, replaces: Sequence[str]) -> str:
    """Returns a stable id for a proposal of `kind` standing for these clauses."""
    return "r" + hashlib.sha1(f"{kind}/{'|'.join(replaces)}".encode()).hexdigest()[:10]


def is_proposal_id(clause_id: str) -> bool:
    """Returns True for the id of a proposal's clause (proposal_id, and its ".n" bullets)."""
    return clause_id.startswith("r")


def proposal_clauses(head_id: str, parts: Sequence[tuple[BlockKind, str]],
                     derived_from: Sequence[ClauseRef], *, table: Table | None = None,
                     notes: Sequence[str] = (),
                     levels: Sequence[int] = ()) -> tuple[PlanClause, ...]:
    """Returns the clauses of a proposal: a lead paragraph, bullets, or a table, each with its
    provenance (the source clauses it stands for), the head carrying its notes. `levels`, when
    given, are the parts' own (a label's depth among its section's labels), else 0."""
    out = []
    for n, (kind, text) in enumerate(parts):
        cid = head_id if n == 0 else f"{head_id}.{n}"
        out.append(PlanClause(
            cid, kind, (), text, ClauseStatus.PROPOSED, level=levels[n] if levels else 0,
            numbered=False,
            derived_from=tuple(derived_from),
            table=table if n == 0 else None, notes=tuple(notes) if n == 0 else (),
            proposal=head_id))
    return tuple(out)


def text_table(header: Sequence[str], rows: Sequence[Sequence[Sequence[str]]]) -> Table:
    """Returns a table of plain text: a header row, then rows whose cells hold paragraphs."""
    def cell(paragraphs: Sequence[str]) -> Cell:
        return Cell(tuple(Block("", BlockKind.PARAGRAPH, (Run(p),)) for p in paragraphs))

    return Table((tuple(cell([h]) for h in header),
                  *(tuple(cell(c) for c in row) for row in rows)))


def apply_proposals(plan: MergePlan, proposals: Sequence[Proposal],
                    defaults: Sequence[Decision] = (),
                    new_sections: Sequence[tuple[PlanSection, str]] = ()) -> MergePlan:
    """Returns the plan with the proposals' clauses placed in their sections and the REWORD
    decisions sending their sources to them, plus the other editorial defaults; `new_sections`
    (a section, the chapter it goes before: "" last) are added first."""
    proposals = [p for p in proposals if p.clauses and (p.replaces or p.additive)]
    if not proposals and not defaults and not new_sections:
        return plan
    ordered = list(plan.sections)
    for section, before in new_sections:
        at = next((i for i, s in enumerate(ordered) if s.id == before), len(ordered))
        ordered.insert(at, section)
    placed: dict[str, list[str]] = {s.id: list(s.clause_ids) for s in ordered}
    for p in proposals:
        ids = placed[p.section_id]
        at = ids.index(p.before) if p.before in ids else 0
        ids[at:at] = [c.id for c in p.clauses]
    sections = tuple(replace(s, clause_ids=tuple(placed[s.id])) for s in ordered)
    clauses = plan.clauses + tuple(c for p in proposals for c in p.clauses)
    draft = MergePlan(sections, clauses, plan.conflicts, (), plan.blanks)
    rewords = [Decision(DecisionKind.REWORD, cid, p.clauses[0].id, note=p.note)
               for p in proposals for cid in p.replaces]
    return draft.with_decisions([*plan.decisions, *defaults, *rewords])
