"""MergePlan: the drafted Digital Policy outline plus the author's decisions, as frozen values.

How the GUI uses it (undo is a value swap):

    plan = draft_plan(docs, alignment, clusters, conflicts)  # draft.py: derived + defaults
    new = plan.with_decision(Decision(DecisionKind.CUSTOM, clause_id, value="New wording"))
    # an undo command stores the decision id, the old decision (plan.decision(id) or None) and
    # the new one: redo -> plan.with_decision(new); undo -> plan.with_decision(old) when old is
    # not None, else plan.without_decision(new.id).

Each Decision sits in a slot named by its `id` ("wording:<target>", "exclude:<target>",
"move:<target>", "rename:<target>", "order:<target>", "add:<target>", "split:<target>",
"merge:<target>"): a new decision replaces the one in its slot.

Targets and values by kind:
    KEEP     clause id (accept the draft wording) or conflict id (keep both variants: resolved)
    CHOOSE   clause id + value = a source clause key ("doc/block") whose wording to use; or
             conflict id + value = the winning plan clause id (the other becomes merged into it)
    COMBINE  clause id of a channel-parallel cluster + value = the accepted (possibly edited)
             combined wording ("" = the proposed wording)
    CUSTOM   clause id + value = the author's wording
    EXCLUDE  clause id or plan section id (everything under it is excluded)
    INCLUDE  clause id or plan section id: undoes a draft exclusion (the chapters
             "p-front-matter" and "p-document-control" holding the sources' title pages and
             document control; a list item naming a source policy this policy supersedes)
    REWORD   clause id + value = the proposal clause id (status PROPOSED) its content went into:
             a draft default, in the same slot as EXCLUDE / INCLUDE (INCLUDE brings the source
             clause back as it was)
    MOVE     clause id + value = the plan section id it moves to (appended at the end)
    RENAME   plan section id + value = the new title
    REORDER  plan section id + order = its clause ids and child section ids in the new order
             (ids not listed keep their relative order after the listed ones); target "outline"
             reorders the chapters
    ADD_SECTION    a new section id (the caller makes one: new_section_id()) + value = its title,
             parent = the chapter it goes under ("" = a new chapter); it is appended to its
             parent's sections (a REORDER in the same undo step places it)
    SPLIT    plan section id + value = a clause id: the section's clauses from that clause on
             (in the section's order) go to a new section right after it, with the same parent,
             id split_section_id(target, value) and title "<title> (continued)"
    MERGE_SECTION  plan section id merged away + value = the section receiving its clauses and
             sub-sections (a section of the same level, or its parent); its source headings
             are recorded in the ledger as merged into the receiving section

Sections made by ADD_SECTION and SPLIT are sections like the draft's for every other decision
(MOVE into them, RENAME, REORDER, EXCLUDE, SPLIT again, MERGE_SECTION).

After re-aligning (new documents, new pins), `plan.rebased(new_draft)` keeps every decision whose
target (and value, for CHOOSE, MOVE, SPLIT and MERGE_SECTION) still exists and returns the
others as dropped.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property
from types import MappingProxyType

from consolidator.consolidation.conflicts import Conflict
from consolidator.consolidation.units import ClauseRef
from consolidator.model import BlockKind, SourceRef, Table, quick_init

OUTLINE = "outline"  # REORDER target naming the list of chapters
AUTO_MERGE = 0.9  # near-identical clusters below this likeness are left for the author, but
# those differing only in linking words (combine.same_content): one clause, with this note
CONFIRM_NOTE = ("Near-identical wordings from several policies were merged into this one (they "
                "differ only in linking words or a name spelled out): check it, or choose "
                "another variant.")


def fuller_note(added: Sequence[str]) -> str:
    """Returns the note of near-identical wordings merged into the fullest of them, which has
    `added` words the others leave out (combine.fuller_wording)."""
    words = ", ".join(f"“{w}”" for w in added)
    return ("Near-identical wordings from several policies were merged into the fullest, which "
            f"adds {words}: check it, or choose another variant.")

# Notes of the draft's default exclusions (shown in the coverage ledger and Appendix B).
TITLE_PAGE_NOTE = "source title page: replaced by this policy's own"
DOCUMENT_CONTROL_NOTE = "source document control: superseded by this policy's own"
SUPERSEDED_NOTE = "names a source policy, which this policy supersedes"
ALONGSIDE_NOTE = "pointed at the separate policies this one replaces"
RESIDUE_NOTE = "residue of a source's template, not policy text"
PROVENANCE_NOTE = "where a source policy came from, not policy text"
BREACHES_NOTE = "a consequence of breaching the policy: gathered under Breaches"
PLACED_NOTE = "a rule stated in a source's introduction: placed with the rules on its subject"
OPENING_NOTE = ("what a source's introduction said of its own channel: moved to open that "
                "chapter, as it was (it holds a conflict to decide)")
SCOPE_NOTE = ("says whom a source policy applies to: moved to the Scope, as it was (the sources' "
              "statements name different people: a conflict to decide)")
SCOPE_MOVED_NOTE = "says whom a source policy applies to: moved to the Scope"
_DRAFT_NOTES = frozenset({TITLE_PAGE_NOTE, DOCUMENT_CONTROL_NOTE, SUPERSEDED_NOTE, ALONGSIDE_NOTE,
                          RESIDUE_NOTE, BREACHES_NOTE, PLACED_NOTE, OPENING_NOTE, SCOPE_NOTE,
                          SCOPE_MOVED_NOTE})


def is_draft_default(decision: Decision) -> bool:
    """Returns True for a decision the draft makes itself (drafted again for new sources): a
    clause reworded into a proposal, or a default exclusion or move, known by its note."""
    return decision.kind is DecisionKind.REWORD or decision.note in _DRAFT_NOTES


class ClauseStatus(str, Enum):
    UNIQUE = "unique"  # from one source block
    MERGED = "merged"  # identical or near-identical blocks: one variant stands for all
    COMBINED = "combined"  # channel-parallel blocks: one combined wording
    PROPOSED = "proposed"  # written by the draft in place of source clauses (a proposal)


class DecisionKind(str, Enum):
    KEEP = "keep"
    CHOOSE = "choose"
    COMBINE = "combine"
    CUSTOM = "custom"
    EXCLUDE = "exclude"
    INCLUDE = "include"
    MOVE = "move"
    RENAME = "rename"
    REORDER = "reorder"
    ADD_SECTION = "add-section"
    SPLIT = "split"
    MERGE_SECTION = "merge-section"
    REWORD = "reword"


# Decisions that make sections: other decisions may name the sections they make.
STRUCTURAL = frozenset({DecisionKind.ADD_SECTION, DecisionKind.SPLIT})
NEW_SECTION_TITLE = "New section"
CONTINUED = " (continued)"


def new_section_id() -> str:
    """Returns a fresh id for an ADD_SECTION decision."""
    return "p-new-" + uuid.uuid4().hex[:8]


def split_section_id(section_id: str, clause_id: str) -> str:
    """Returns the id of the section a SPLIT of `section_id` at `clause_id` makes."""
    return "p-split-" + hashlib.sha1(f"{section_id}/{clause_id}".encode()).hexdigest()[:10]


_SLOT = {
    DecisionKind.KEEP: "wording", DecisionKind.CHOOSE: "wording",
    DecisionKind.COMBINE: "wording", DecisionKind.CUSTOM: "wording",
    DecisionKind.EXCLUDE: "exclude", DecisionKind.INCLUDE: "exclude",
    DecisionKind.MOVE: "move", DecisionKind.RENAME: "rename", DecisionKind.REORDER: "order",
    DecisionKind.ADD_SECTION: "add", DecisionKind.SPLIT: "split",
    DecisionKind.MERGE_SECTION: "merge", DecisionKind.REWORD: "exclude",
}


def slot(kind: DecisionKind, target: str) -> str:
    """Returns the id of the slot a decision of this kind about `target` sits in: no module
    spells slot ids itself ("wording:" + id)."""
    return f"{_SLOT[kind]}:{target}"


@dataclass(frozen=True)
class Decision:
    """One decision of the author (or a default of the draft); see the module docstring."""

    kind: DecisionKind
    target: str
    value: str = ""
    order: tuple[str, ...] = ()
    note: str = ""  # why (for draft defaults: "superseded by the Digital Policy's own ...")
    parent: str = ""  # ADD_SECTION: the chapter the new section goes under ("" = a chapter)

    @cached_property
    def id(self) -> str:
        """The slot it sits in ("exclude:c1a2..."): computed once (outlines read it often)."""
        return slot(self.kind, self.target)


@quick_init
@dataclass(frozen=True)
class PlanClause:
    """A clause of the draft: one source block, or a cluster of duplicate blocks."""

    id: str  # "c<hash of its block>" for a unique block, the cluster id for a cluster
    kind: BlockKind
    sources: tuple[ClauseRef, ...]  # whole blocks it stands for; the first is the kept variant
    text: str  # the draft wording
    status: ClauseStatus = ClauseStatus.UNIQUE
    similarity: float = 1.0
    level: int = 0  # list level
    numbered: bool = False
    # A proposal (status PROPOSED) has no source blocks of its own: it stands for the source
    # clauses REWORD decisions send to it (`derived_from`, on each of its clauses), may
    # be a table, and may carry notes for the author (a term defined two ways) that stay open
    # until the author edits it. `proposal` names the first clause of its group (a lead
    # sentence and its bullets are one proposal).
    derived_from: tuple[ClauseRef, ...] = ()
    table: Table | None = None
    notes: tuple[str, ...] = ()
    proposal: str = ""


@dataclass(frozen=True)
class PlanSection:
    """A section of the draft outline: a chapter (level 1) or a sub-section (level 2)."""

    id: str
    title: str
    level: int
    topic_ids: tuple[str, ...]
    clause_ids: tuple[str, ...]
    parent_id: str = ""  # "" for chapters
    headings: tuple[SourceRef, ...] = ()  # source heading blocks this section stands for


@dataclass(frozen=True)
class MergePlan:
    """The draft outline (derived) and the decisions overlaying it (the author's)."""

    sections: tuple[PlanSection, ...]  # chapters and sub-sections, depth first, in draft order
    clauses: tuple[PlanClause, ...]
    conflicts: tuple[Conflict, ...]
    decisions: tuple[Decision, ...] = ()  # sorted by id: equal plans compare equal
    blanks: tuple[SourceRef, ...] = ()  # empty source paragraphs (nothing to keep)

    # --- decisions ------------------------------------------------------------------------
    def decision(self, decision_id: str) -> Decision | None:
        """Returns the decision in a slot, or None."""
        return self._decision_by_id.get(decision_id)

    @cached_property
    def _decision_by_id(self) -> dict[str, Decision]:
        by_id: dict[str, Decision] = {}
        for d in self.decisions:
            by_id.setdefault(d.id, d)  # the first one, as a scan would find
        return by_id

    def with_decision(self, decision: Decision) -> MergePlan:
        """Returns a plan with `decision` in its slot (replacing the one there)."""
        decision = self._canonical(decision)
        kept = [d for d in self.decisions if d.id != decision.id]
        kept.append(decision)
        return self._with_decisions_tuple(tuple(sorted(kept, key=lambda d: d.id)))

    def without_decision(self, decision_id: str) -> MergePlan:
        """Returns a plan with the slot `decision_id` empty (the draft's default applies)."""
        return self._with_decisions_tuple(
            tuple(d for d in self.decisions if d.id != decision_id))

    def with_decisions(self, decisions: Sequence[Decision]) -> MergePlan:
        """Returns a plan with every decision applied in turn (one undo macro in the GUI)."""
        if not decisions:
            return self
        # The same as with_decision for each in turn (the last one for a slot wins), sorted once.
        new: dict[str, Decision] = {}
        for d in map(self._canonical, decisions):
            new[d.id] = d
        kept = [d for d in self.decisions if d.id not in new]
        kept.extend(new.values())
        return self._with_decisions_tuple(tuple(sorted(kept, key=lambda d: d.id)))

    def _canonical(self, decision: Decision) -> Decision:
        """Returns the decision on the conflict a merged-away conflict id now belongs to (a
        session saved before copies of a clause were reported as one conflict names it)."""
        target = self._lookups.conflict_aliases.get(decision.target)
        return decision if target is None else replace(decision, target=target)

    def _with_decisions_tuple(self, decisions: tuple[Decision, ...]) -> MergePlan:
        """Returns a copy with other decisions; it shares this plan's draft lookups."""
        plan = replace(self, decisions=decisions)
        lookups = self.__dict__.get("_lookups_cache")
        if lookups is not None:
            plan.__dict__["_lookups_cache"] = lookups
        return plan

    @property
    def _lookups(self) -> _DraftLookups:
        """Lookups over the draft part (sections, clauses, conflicts), built once and shared
        by the plans made from this one by changing decisions."""
        lookups = self.__dict__.get("_lookups_cache")
        if lookups is None or not lookups.belongs_to(self):
            lookups = _DraftLookups(self)
            self.__dict__["_lookups_cache"] = lookups
        return lookups

    # --- lookups --------------------------------------------------------------------------
    def clause(self, clause_id: str) -> PlanClause:
        lookups = self.__dict__.get("_lookups_cache")  # (the _lookups property, inline: the
        if lookups is None or not lookups.belongs_to(self):  # draft asks for every clause)
            lookups = self._lookups
        clause = lookups.clauses.get(clause_id)
        if clause is None:
            raise KeyError(clause_id)
        return clause

    def section(self, section_id: str) -> PlanSection:
        section = self._lookups.sections.get(section_id)
        if section is not None:
            return section
        made = self.made_sections.get(section_id)
        if made is not None:
            return made
        raise KeyError(section_id)

    @cached_property
    def made_sections(self) -> dict[str, PlanSection]:
        """Returns the sections ADD_SECTION and SPLIT decisions make (id -> section), in the
        order they are made; a decision naming a section that does not exist makes none."""
        draft = self._lookups.sections
        clause_ids = self._lookups.clauses
        made: dict[str, PlanSection] = {}
        pending = [d for d in self.decisions if d.kind in STRUCTURAL]

        def known(section_id: str) -> PlanSection | None:
            return made.get(section_id) or draft.get(section_id)

        while pending:
            left = []
            for d in pending:
                if d.kind is DecisionKind.ADD_SECTION:
                    if known(d.target) is not None:
                        continue  # never shadows a section
                    parent = known(d.parent) if d.parent else None
                    if d.parent and parent is None:
                        left.append(d)
                        continue
                    if parent is not None and parent.level != 1:
                        continue
                    made[d.target] = PlanSection(
                        d.target, d.value or NEW_SECTION_TITLE, 2 if d.parent else 1, (), (),
                        d.parent)
                else:
                    if d.value not in clause_ids:
                        continue
                    base = known(d.target)
                    if base is None:
                        left.append(d)
                        continue
                    new_id = split_section_id(d.target, d.value)
                    if known(new_id) is None:
                        made[new_id] = PlanSection(new_id, base.title + CONTINUED, base.level,
                                                   (), (), base.parent_id)
            if len(left) == len(pending):
                break
            pending = left
        return made

    def clause_of_block(self) -> dict[str, str]:
        """Returns source block key ("doc/block") -> plan clause id."""
        return dict(self._lookups.clause_of_block)

    def clause_table(self) -> Mapping[str, PlanClause]:
        """Returns clause id -> clause, read-only; shared by the plans that differ from this
        one only in their decisions (no copy to make, whatever the plan's size)."""
        return MappingProxyType(self._lookups.clauses)

    def block_table(self) -> Mapping[str, str]:
        """Returns source block key -> plan clause id, read-only and shared (clause_table)."""
        return MappingProxyType(self._lookups.clause_of_block)

    def label_ids(self) -> frozenset[str]:
        """Returns the ids of the draft's label clauses (a sub-section heading kept as text)."""
        lookups = self._lookups
        if lookups.labels is None:
            lookups.labels = frozenset(
                c.id for c in self.clauses if c.kind is BlockKind.HEADING)
        return lookups.labels

    def draft_holders(self, clause_id: str) -> tuple[str, ...]:
        """Returns the draft sections listing a clause (before any decision moves it)."""
        return self._lookups.holders.get(clause_id, ())

    def draft_position(self, clause_id: str) -> int:
        """Returns where a clause stands in the draft's order (sections in order, each one's
        clauses in order); past the end for one the draft does not place."""
        positions = self._lookups.positions
        return positions.get(clause_id, len(positions))

    def conflict_clauses(self, conflict: Conflict) -> tuple[str, str]:
        """Returns the plan clause ids holding the two sides of a conflict."""
        of = self._lookups.clause_of_block
        return of.get(conflict.a.block_key, ""), of.get(conflict.b.block_key, "")

    def valid(self, decision: Decision) -> bool:
        """Returns True when the decision's target (and value, where it names one) exists."""
        lookups = self._lookups
        clauses = lookups.clauses
        sections = _SectionIds(lookups.sections, self.made_sections)
        conflicts = lookups.conflicts
        target, kind = decision.target, decision.kind
        target = lookups.conflict_aliases.get(target, target)
        if kind is DecisionKind.ADD_SECTION:
            if not target or target in lookups.sections:
                return False
            return not decision.parent or (decision.parent in sections
                                           and self.section(decision.parent).level == 1)
        if kind is DecisionKind.SPLIT:
            return target in sections and decision.value in clauses
        if kind is DecisionKind.MERGE_SECTION:
            if target not in sections or decision.value not in sections or \
                    target == decision.value:
                return False
            merged, receiver = self.section(target), self.section(decision.value)
            return merged.level == receiver.level or merged.parent_id == receiver.id
        if kind in (DecisionKind.RENAME,):
            return target in sections
        if kind is DecisionKind.REORDER:
            return target == OUTLINE or target in sections
        if kind is DecisionKind.MOVE:
            return target in clauses and decision.value in sections
        if kind in (DecisionKind.EXCLUDE, DecisionKind.INCLUDE):
            return target in clauses or target in sections
        if kind is DecisionKind.REWORD:
            return (target in clauses and decision.value in clauses
                    and clauses[decision.value].status is ClauseStatus.PROPOSED)
        if target in conflicts:
            if kind is DecisionKind.KEEP:
                return True
            if kind is DecisionKind.CHOOSE:
                return decision.value in self.conflict_clauses(conflicts[target])
            return False
        if target not in clauses:
            return False
        if kind is DecisionKind.CHOOSE:
            return decision.value in {r.key for r in clauses[target].sources}
        if kind is DecisionKind.COMBINE:
            return clauses[target].status is ClauseStatus.COMBINED
        return True

    def rebased(self, new_draft: MergePlan) -> tuple[MergePlan, tuple[Decision, ...]]:
        """Returns (new_draft with this plan's still-valid decisions, the decisions dropped).

        A REWORD that no longer applies belonged to a proposal of the old draft: the new
        draft's own proposals stand in its place, so it is not reported as dropped."""
        plan, dropped = new_draft.with_valid_decisions(self.decisions)
        return plan, tuple(d for d in dropped if d.kind is not DecisionKind.REWORD)

    def with_valid_decisions(self, decisions: Sequence[Decision]
                             ) -> tuple[MergePlan, tuple[Decision, ...]]:
        """Returns (this plan with the decisions that are valid on it, the others).

        A decision may name a section another decision makes (ADD_SECTION, SPLIT): decisions
        are applied in passes until no more become valid."""
        plan = self
        pending = list(decisions)
        while pending:
            kept = [d for d in pending if plan.valid(d)]
            if not kept:
                break
            plan = plan.with_decisions(kept)
            pending = [d for d in pending if d not in kept]
        return plan, tuple(pending)


class _DraftLookups:
    """Id lookups over a plan's draft part: sections, clauses, conflicts and the clause of
    each source block. They do not depend on decisions, so plans that differ only in their
    decisions share one (see MergePlan._with_decisions_tuple)."""

    def __init__(self, plan: MergePlan) -> None:
        self._of = (plan.sections, plan.clauses, plan.conflicts)
        self.sections: dict[str, PlanSection] = {}
        for s in plan.sections:
            self.sections.setdefault(s.id, s)  # the first one, as a scan would find
        self.clauses: dict[str, PlanClause] = {}
        for c in plan.clauses:
            self.clauses.setdefault(c.id, c)
        self.conflicts: dict[str, Conflict] = {}
        self.conflict_aliases: dict[str, str] = {}  # merged-away conflict id -> conflict id
        for x in plan.conflicts:
            self.conflicts.setdefault(x.id, x)
            for alias in x.aliases:
                self.conflict_aliases.setdefault(alias, x.id)
        self._clause_of_block: dict[str, str] | None = None
        self.labels: frozenset[str] | None = None  # filled by MergePlan.label_ids()
        self._positions: dict[str, int] | None = None
        self._holders: dict[str, tuple[str, ...]] | None = None

    def belongs_to(self, plan: MergePlan) -> bool:
        of = self._of
        return of[0] is plan.sections and of[1] is plan.clauses and of[2] is plan.conflicts

    @property
    def clause_of_block(self) -> dict[str, str]:
        if self._clause_of_block is None:
            self._clause_of_block = {ref.block_key: c.id for c in self._of[1]
                                     for ref in c.sources}
        return self._clause_of_block

    @property
    def holders(self) -> dict[str, tuple[str, ...]]:
        """Clause id -> the draft sections listing it."""
        if self._holders is None:
            holders: dict[str, list[str]] = {}
            for section in self._of[0]:
                for cid in section.clause_ids:
                    holders.setdefault(cid, []).append(section.id)
            self._holders = {cid: tuple(sids) for cid, sids in holders.items()}
        return self._holders

    @property
    def positions(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = {cid: n for n, cid in enumerate(
                cid for s in self._of[0] for cid in s.clause_ids)}
        return self._positions


class _SectionIds:
    """`in` over the draft's section ids and the ids of the sections decisions make."""

    __slots__ = ("_draft", "_made")

    def __init__(self, draft: dict[str, PlanSection], made: dict[str, PlanSection]) -> None:
        self._draft, self._made = draft, made

    def __contains__(self, section_id: object) -> bool:
        return section_id in self._draft or section_id in self._made
