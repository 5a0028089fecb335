"""Author intents as decisions: what Exclude, a drop, Add / Split / Merge section, a variant
chosen ... mean for the newest plan, by ids.

Each intent is a pure function of a Resolver over the newest plan (its outline's shape and, one
at a time, clauses) and the ids the author pointed at, returning an Edit: the decisions (one
undo step) and the words for Undo; None when the intent changes nothing. The window applies it
at once, whatever the outline on screen shows, so no action waits for a large plan to be laid
out, and none is worked out from a plan already changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from consolidator.consolidation.plan import (
    NEW_SECTION_TITLE,
    OUTLINE,
    ClauseStatus,
    Decision,
    DecisionKind,
    PlanClause,
    slot,
    split_section_id,
)
from consolidator.consolidation.resolve import Resolver


class Edit(NamedTuple):
    """Decisions making one undo step, the undo text, and the item to select afterwards."""

    decisions: tuple[Decision, ...]
    text: str
    select: str = ""


# --- the outline: exclude, move, add, split, merge, rename -----------------------------------


def toggle_exclude(r: Resolver, item_id: str) -> Edit | None:
    """Excludes a section or clause, or includes it again when it is left out."""
    kind = r.kind(item_id)
    if not kind:
        return None
    excluded = r.excluded(item_id)
    decision = Decision(DecisionKind.INCLUDE if excluded else DecisionKind.EXCLUDE, item_id)
    return Edit((decision,), ("Include " if excluded else "Exclude ") + kind, item_id)


def children(r: Resolver, section_id: str) -> list[str]:
    """Returns what a section holds as the outline lists it: its clauses, then its sections
    ("" lists the chapters)."""
    if not section_id:
        return list(r.shape.chapters)
    return list(r.shape.members[section_id]) + list(r.shape.children[section_id])


def move(r: Resolver, ids: Sequence[str], target: str, after: str) -> Edit | None:
    """Moves clauses into a section, or sections among their siblings, to just after `after`
    ("" first); `target` "" is the list of chapters. Returns None when the move is not allowed
    (clauses among chapters, sections to another parent, a mix) or changes nothing."""
    ids = list(dict.fromkeys(ids))
    kinds = {r.kind(i) for i in ids}
    if not ids or len(kinds) != 1 or "" in kinds or target and r.kind(target) != "section":
        return None
    if kinds == {"section"} and any(r.parent.get(i, "") != target for i in ids):
        return None  # sections move among their siblings only (the plan has no "move section")
    if kinds == {"clause"} and not target:
        return None
    order = children(r, target)
    row = order.index(after) + 1 if after in order else (0 if not after else len(order))
    new_order = [i for i in order[:row] if i not in ids] + ids + [
        i for i in order[row:] if i not in ids]
    decisions = [Decision(DecisionKind.MOVE, cid, target) for cid in ids
                 if kinds == {"clause"} and r.parent.get(cid) != target]
    if new_order != order or decisions:
        decisions.append(Decision(DecisionKind.REORDER, target or OUTLINE,
                                  order=tuple(new_order)))
    if not decisions:
        return None
    what = "section" if kinds == {"section"} else "clause"
    return Edit(tuple(decisions), f"Move {what}" if len(ids) == 1 else f"Move {len(ids)} items",
                ids[0])


def move_by_one(r: Resolver, item_id: str, step: int) -> Edit | None:
    """Moves a clause one place up (step -1) or down (+1) among its section's clauses, or a
    section among its sibling sections (Ctrl+Up / Ctrl+Down); None at either end."""
    kind = r.kind(item_id)
    if not kind or step not in (-1, 1):
        return None
    parent = r.parent.get(item_id, "")
    order = children(r, parent)
    same = [i for i in order if r.kind(i) == kind]
    at = same.index(item_id)
    if not 0 <= at + step < len(same):
        return None
    neighbour = same[at + step]
    if step > 0:
        after = neighbour
    else:
        before = order.index(neighbour)
        after = order[before - 1] if before > 0 else ""
    edit = move(r, [item_id], parent, after)
    if edit is None:
        return None
    return edit._replace(text=f"Move {kind} {'up' if step < 0 else 'down'}")


def add_section(r: Resolver, selected: str, new_id: str) -> Edit:
    """Adds a section after the selected one (after a selected clause's section; a chapter at
    the end when nothing is selected)."""
    section = r.parent.get(selected, "") if r.kind(selected) == "clause" else selected
    if r.kind(section) != "section":
        section = ""
    parent = r.parent.get(section, "") if section else ""
    siblings = children(r, parent)
    at = siblings.index(section) + 1 if section in siblings else len(siblings)
    order = siblings[:at] + [new_id] + siblings[at:]
    return Edit((Decision(DecisionKind.ADD_SECTION, new_id, NEW_SECTION_TITLE, parent=parent),
                 Decision(DecisionKind.REORDER, parent or OUTLINE, order=tuple(order))),
                "Add section", new_id)


def split_section(r: Resolver, clause_id: str) -> Edit | None:
    """Splits a clause's section at it: it and the clauses after it go to a new section. None
    for the first clause of a section (nothing would stay)."""
    if r.kind(clause_id) != "clause":
        return None
    section = r.parent[clause_id]
    if r.shape.members[section][:1] == (clause_id,):
        return None
    decisions = [Decision(DecisionKind.SPLIT, section, clause_id)]
    earlier = r.plan.decision(slot(DecisionKind.SPLIT, section))
    if earlier is not None and earlier.value != clause_id:
        # The section is split further on already: that split moves to the new section.
        decisions.append(Decision(DecisionKind.SPLIT, split_section_id(section, clause_id),
                                  earlier.value))
    return Edit(tuple(decisions), "Split section", clause_id)


def merge_into_previous(r: Resolver, item_id: str) -> Edit | None:
    """Merges the selected section (a selected clause's section) into the section before it:
    its previous sibling section, else its parent. None for the first chapter."""
    section = r.parent.get(item_id, "") if r.kind(item_id) == "clause" else item_id
    if r.kind(section) != "section":
        return None
    parent = r.parent.get(section, "")
    siblings = list(r.shape.children[parent]) if parent else list(r.shape.chapters)
    before = siblings[: siblings.index(section)]
    receiver = before[-1] if before else parent
    if not receiver:
        return None
    decision = Decision(DecisionKind.MERGE_SECTION, section, receiver)
    if not r.plan.valid(decision):
        return None
    title = r.shape.title(section)
    return Edit((decision,), f"Merge \u201c{title}\u201d into the previous section", receiver)


def rename_section(r: Resolver, section_id: str, title: str) -> Edit | None:
    """Renames a section; None when the title is empty or unchanged."""
    title = " ".join(title.split())
    if r.kind(section_id) != "section" or not title:
        return None
    current = r.shape.title(section_id)
    if title == current:
        return None
    return Edit((Decision(DecisionKind.RENAME, section_id, title),),
                f"Rename \u201c{current}\u201d to \u201c{title}\u201d", section_id)


# --- wordings: variants, combined, the author's own, conflicts -------------------------------


def accept_all_combined(r: Resolver) -> Edit | None:
    """Accepts the proposed combined wording of every channel-parallel clause not decided."""
    decisions = tuple(Decision(DecisionKind.COMBINE, c.id) for c in r.plan.clauses
                      if c.status is ClauseStatus.COMBINED
                      and r.plan.decision(slot(DecisionKind.COMBINE, c.id)) is None)
    if not decisions:
        return None
    return Edit(decisions, f"Accept {len(decisions)} combined wordings")


def use_variant(r: Resolver, clause_id: str, source_key: str, where: str) -> Edit | None:
    """Uses one source's wording ("doc/block") for a merged clause."""
    decision = Decision(DecisionKind.CHOOSE, clause_id, source_key)
    if not r.plan.valid(decision):
        return None
    return Edit((decision,), f"Use the wording of {where}", clause_id)


def decide_conflict(r: Resolver, conflict_id: str, winner: str) -> Edit | None:
    """Settles a conflict: the winning clause stands for both."""
    decision = Decision(DecisionKind.CHOOSE, conflict_id, winner)
    if not r.plan.valid(decision):
        return None
    return Edit((decision,), "Decide the conflict", winner)


def keep_both(r: Resolver, clause_id: str) -> Edit | None:
    """Keeps both wordings of the clause's first undecided conflict (decided: both stand)."""
    open_ids = r.open_conflicts_of(clause_id)
    if not open_ids:
        return None
    return Edit((Decision(DecisionKind.KEEP, open_ids[0]),), "Keep both variants", clause_id)


def use_combined(r: Resolver, clause_id: str, text: str) -> Edit | None:
    """Accepts a channel-parallel clause's combined wording, as proposed or as edited."""
    if r.kind(clause_id) != "clause":
        return None
    proposed = r.plan.clause(clause_id).text
    decision = Decision(DecisionKind.COMBINE, clause_id, "" if text == proposed else text)
    if not r.plan.valid(decision):
        return None
    return Edit((decision,), "Use the combined wording", clause_id)


def own_wording(r: Resolver, clause_id: str, text: str) -> Edit | None:
    """Puts the author's own wording in place of a clause's.

    The author's wording settles every conflict the clause is a side of that is still
    undecided, or that the clause had lost: the clause wins it, so the Digital Policy prints the
    author's wording alone, not beside the other side's (a conflict kept both ways stays so)."""
    if r.kind(clause_id) != "clause" or not text.strip():
        return None
    decisions = [Decision(DecisionKind.CUSTOM, clause_id, text)]
    decisions += [Decision(DecisionKind.CHOOSE, conflict_id, clause_id)
                  for conflict_id in settled_by_wording(r, clause_id)]
    settled = len(decisions) - 1
    what = "Edit clause text" + (
        f" (settles {settled} conflict{'s' if settled != 1 else ''})" if settled else "")
    return Edit(tuple(decisions), what, clause_id)


def settled_by_wording(r: Resolver, clause_id: str) -> tuple[str, ...]:
    """Returns the conflicts the author's own wording of a clause settles in its favour: those
    still undecided, and those it lost (the wording is written to be printed)."""
    open_ids = set(r.open_conflicts_of(clause_id))
    out = []
    for conflict in r.conflicts_of_clause.get(clause_id, ()):
        earlier = r.plan.decision(slot(DecisionKind.KEEP, conflict.id))
        lost = (earlier is not None and earlier.kind is DecisionKind.CHOOSE
                and earlier.value != clause_id)
        if (conflict.id in open_ids or lost) and r.plan.valid(
                Decision(DecisionKind.CHOOSE, conflict.id, clause_id)):
            out.append(conflict.id)
    return tuple(dict.fromkeys(out))


def take_wording(r: Resolver, clause_id: str, text: str, source_key: str = "") -> Edit | None:
    """A wording taken from the Compare view into the Digital Policy: the clause's own variant
    when `source_key` ("doc/block") is one of its sources, else the author's wording (which
    settles the clause's conflicts, as Edit text does). None when nothing would change."""
    if r.kind(clause_id) != "clause" or not text.strip():
        return None
    clause = r.plan.clause(clause_id)
    if source_key and any(ref.key == source_key for ref in clause.sources):
        if r.clause(clause_id).text == text:
            return None
        return use_variant(r, clause_id, source_key, "the policy compared")
    if r.clause(clause_id).text == text:
        return None
    edit = own_wording(r, clause_id, text)
    return edit._replace(text=edit.text.replace("Edit clause text", "Take the wording from "
                                                "Compare")) if edit else None


def clauses_of_block(r: Resolver, block_key: str) -> list[str]:
    """Returns the clauses that stand for (part of) a source block, in outline order: one for a
    paragraph, several for a paragraph split into sentences."""
    return [c.id for c in r.plan.clauses if any(ref.block_key == block_key
                                                for ref in c.sources)
            and r.kind(c.id) == "clause"]


# --- proposals: the draft's own rewordings ---------------------------------------------------


def proposal_of(r: Resolver, clause_id: str) -> tuple[PlanClause, ...]:
    """Returns the clauses of the proposal `clause_id` is part of (its head first), () when it
    is no proposal's."""
    if r.kind(clause_id) != "clause":
        return ()
    clause = r.plan.clause(clause_id)
    if clause.status is not ClauseStatus.PROPOSED:
        return ()
    return tuple(c for c in r.plan.clauses if c.proposal == clause.proposal)


def proposal_sources(r: Resolver, clause_id: str) -> tuple[str, ...]:
    """Returns the source clauses the proposal stands for: those its provenance names."""
    parts = proposal_of(r, clause_id)
    if not parts:
        return ()
    keys = {ref.block_key for ref in parts[0].derived_from}
    return tuple(c.id for c in r.plan.clauses if c.status is not ClauseStatus.PROPOSED
                 and c.sources and {ref.block_key for ref in c.sources} <= keys)


def keep_sources(r: Resolver, clause_id: str) -> Edit | None:
    """Puts the source clauses back as they were in place of the draft's proposal (the
    proposal is left out)."""
    parts = proposal_of(r, clause_id)
    if not parts:
        return None
    decisions = tuple(Decision(DecisionKind.INCLUDE, c) for c in proposal_sources(r, clause_id)
                      ) + tuple(Decision(DecisionKind.EXCLUDE, p.id) for p in parts)
    return Edit(decisions, "Keep the sources as they were", clause_id)


def use_proposal(r: Resolver, clause_id: str) -> Edit | None:
    """Uses the draft's proposal again in place of its source clauses."""
    parts = proposal_of(r, clause_id)
    if not parts:
        return None
    note = "reworded into the proposed wording"
    decisions = tuple(Decision(DecisionKind.REWORD, c, parts[0].id, note=note)
                      for c in proposal_sources(r, clause_id)
                      ) + tuple(Decision(DecisionKind.INCLUDE, p.id) for p in parts)
    return Edit(decisions, "Use the proposed wording", parts[0].id)


def accept_proposal(r: Resolver, clause_id: str) -> Edit | None:
    """Accepts the proposal as drafted: its notes (a term defined two ways ...) are answered."""
    parts = proposal_of(r, clause_id)
    if not parts:
        return None
    return Edit((Decision(DecisionKind.KEEP, parts[0].id),), "Accept the proposed wording",
                parts[0].id)


def next_open_conflict(r: Resolver, after: str) -> str:
    """Returns the next clause (in outline order, after `after`, wrapping) with an undecided
    conflict, or "" when none is left."""
    order = r.shape.clause_ids()
    open_ids = {c for c in order if r.open_conflicts_of(c)}
    if not open_ids:
        return ""
    start = order.index(after) + 1 if after in order else 0
    return next((c for c in order[start:] + order[:start] if c in open_ids), "")
