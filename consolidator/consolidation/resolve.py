"""resolve_plan(): the outline a MergePlan's decisions produce (GUI preview, merge input).

Two steps, each cheap to ask for on its own: `outline(plan)` works out the shape (which sections,
in which order, holding which clauses: moves, made sections, orders, splits, merges), a few
milliseconds even for four 400-page policies, so author intents (edits.py) are worked out on the
newest plan at once; `Resolver.resolve()` then works out each clause's wording and fate.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from consolidator.consolidation.conflicts import Conflict
from consolidator.consolidation.plan import (
    CONTINUED,
    OUTLINE,
    ClauseStatus,
    Decision,
    DecisionKind,
    MergePlan,
    PlanClause,
    PlanSection,
    slot,
    split_section_id,
)
from consolidator.consolidation.units import ClauseRef
from consolidator.model import SourceRef

_WORDING = frozenset({DecisionKind.KEEP, DecisionKind.CHOOSE, DecisionKind.COMBINE,
                      DecisionKind.CUSTOM})
_EXCLUSION = frozenset({DecisionKind.EXCLUDE, DecisionKind.INCLUDE, DecisionKind.REWORD})


@dataclass(frozen=True)
class ResolvedClause:
    """A plan clause with the decisions applied: its wording and what became of its sources."""

    clause: PlanClause
    text: str
    edited: bool  # a combined or the author's wording, not a source's
    kept: tuple[ClauseRef, ...]  # sources whose text the clause holds
    merged: tuple[ClauseRef, ...]  # duplicates the clause stands for
    excluded: bool = False
    merged_into: str = ""  # a conflict's losing side: the winning clause id
    note: str = ""  # why excluded, merged or reworded
    reworded_into: str = ""  # the proposal clause its content went into (REWORD)
    decided: bool = False  # a wording decision settles it (its notes are answered)

    @property
    def id(self) -> str:
        return self.clause.id

    @property
    def in_output(self) -> bool:
        return not self.excluded and not self.merged_into and not self.reworded_into


@dataclass(frozen=True)
class ResolvedSection:
    section: PlanSection
    title: str
    excluded: bool
    clauses: tuple[ResolvedClause, ...]
    children: tuple[ResolvedSection, ...] = ()
    note: str = ""
    # Source headings of sections merged into this one (MERGE_SECTION): merged into it.
    merged_headings: tuple[SourceRef, ...] = ()

    @property
    def id(self) -> str:
        return self.section.id

    def iter_all(self) -> Iterator[ResolvedSection]:
        yield self
        for child in self.children:
            yield from child.iter_all()


@dataclass(frozen=True)
class ResolutionMemo:
    """What a resolution's clauses were made from, for the next resolution to reuse them: each
    clause as it was resolved (before orphans were excluded) and the wording and exclusion
    decisions by target. Dicts, not a tuple per clause: with tens of thousands of clauses,
    every object made per clause adds to the cyclic collector's work."""

    clauses: dict[str, ResolvedClause] = field(default_factory=dict)
    wordings: dict[str, Decision] = field(default_factory=dict)
    exclusions: dict[str, Decision] = field(default_factory=dict)


@dataclass(frozen=True)
class ResolvedPlan:
    sections: tuple[ResolvedSection, ...]  # chapters in order, excluded ones included (flagged)
    open_conflict_ids: frozenset[str]
    ignored: tuple[Decision, ...] = ()  # decisions whose target or value does not exist
    memo: ResolutionMemo = field(default_factory=ResolutionMemo, compare=False, repr=False)

    def iter_sections(self) -> Iterator[ResolvedSection]:
        for section in self.sections:
            yield from section.iter_all()

    def clauses(self) -> list[ResolvedClause]:
        return [c for s in self.iter_sections() for c in s.clauses]


@dataclass(frozen=True)
class Outline:
    """The shape a plan's decisions give the draft, by ids: chapters in order, each section's
    clauses and sub-sections, titles, what is excluded, which decisions apply."""

    sections: Mapping[str, PlanSection]  # the draft's and those decisions make
    chapters: tuple[str, ...]
    members: Mapping[str, tuple[str, ...]]  # section id -> its clause ids, in order
    children: Mapping[str, tuple[str, ...]]  # section id -> its sub-section ids, in order
    merged_headings: Mapping[str, tuple[SourceRef, ...]]
    valid: Mapping[str, Decision]  # decision slot id -> the decision, for those that apply
    ignored: tuple[Decision, ...]
    split_from: Mapping[str, str]  # section made by a split -> the section it was split from

    def title(self, section_id: str) -> str:
        """Returns a section's title: renamed, or its base's "(continued)" for a split half."""
        continued, sid = "", section_id
        while slot(DecisionKind.RENAME, sid) not in self.valid and sid in self.split_from:
            sid, continued = self.split_from[sid], continued + CONTINUED
        rename = self.valid.get(slot(DecisionKind.RENAME, sid))
        return (rename.value if rename is not None else self.sections[sid].title) + continued

    def excluded(self, item_id: str, inherited: bool = False) -> bool:
        """Returns whether an exclusion decision (or, without one, `inherited`) leaves it out;
        a clause reworded into a proposal is not excluded (it lives on in the proposal)."""
        d = self.valid.get(slot(DecisionKind.EXCLUDE, item_id))
        if d is None:
            return inherited
        return d.kind is DecisionKind.EXCLUDE

    def parent_of(self) -> dict[str, str]:
        """Returns item id (section or clause) -> the section holding it ("" for chapters)."""
        out = dict.fromkeys(self.chapters, "")
        for sid, ids in self.children.items():
            out.update(dict.fromkeys(ids, sid))
        for sid, ids in self.members.items():
            out.update(dict.fromkeys(ids, sid))
        return out

    def walk(self) -> Iterator[tuple[str, int]]:
        """Yields (section id, depth) depth first, in outline order (chapters at depth 1)."""
        stack = [(sid, 1) for sid in reversed(self.chapters)]
        while stack:
            sid, depth = stack.pop()
            yield sid, depth
            stack.extend((child, depth + 1) for child in reversed(self.children[sid]))

    def clause_ids(self) -> list[str]:
        """Returns every clause id in outline order."""
        return [cid for sid, _ in self.walk() for cid in self.members[sid]]


def outline(plan: MergePlan) -> Outline:
    """Returns the shape the plan's decisions give its draft (see Outline)."""
    return _OutlineBuilder(plan).build()


class _OutlineBuilder:
    """Applies the structural decisions in their order: moves, made sections, orders, splits,
    merges. Each step is a method; the lists it changes are this object's."""

    def __init__(self, plan: MergePlan) -> None:
        self.plan = plan
        self.ignored = [d for d in plan.decisions if not plan.valid(d)]
        self.valid = {d.id: d for d in plan.decisions if d not in self.ignored}
        self.made = plan.made_sections
        self.sections: dict[str, PlanSection] = {s.id: s for s in plan.sections}
        self.sections.update(self.made)
        self.members = {sid: list(s.clause_ids) for sid, s in self.sections.items()}
        self.children: dict[str, list[str]] = {sid: [] for sid in self.sections}
        self.chapters: list[str] = []
        self.splits: dict[str, Decision] = {}  # made section id -> the SPLIT making it
        self.merged_headings: dict[str, list[SourceRef]] = {}

    def build(self) -> Outline:
        self._move_clauses()
        self._place_sections()
        self._apply_orders()
        self._apply_splits()
        self._apply_merges()
        return Outline(
            sections=self.sections, chapters=tuple(self.chapters),
            members={sid: tuple(ids) for sid, ids in self.members.items()},
            children={sid: tuple(ids) for sid, ids in self.children.items()},
            merged_headings={sid: tuple(refs) for sid, refs in self.merged_headings.items()},
            valid={k: d for k, d in self.valid.items() if d not in self.ignored},
            ignored=tuple(self.ignored),
            split_from={sid: d.target for sid, d in self.splits.items()},
        )

    def _move_clauses(self) -> None:
        moves = [d for d in self.valid.values() if d.kind is DecisionKind.MOVE]
        if not moves:
            return
        # clauses moved to one section follow each other in draft order, not decision order
        moves.sort(key=lambda d: self.plan.draft_position(d.target))
        for d in moves:  # made sections start empty: only draft sections list a clause
            for sid in self.plan.draft_holders(d.target):
                self.members[sid].remove(d.target)
            members = self.members[d.value]
            members.insert(self._before_labels(members), d.target)

    def _before_labels(self, members: list[str]) -> int:
        """Returns where a clause moved into a section goes: after its own text, before its
        first sub-section label (under a label it would read as that sub-section's)."""
        labels = self.plan.label_ids()
        return next((n for n, cid in enumerate(members) if cid in labels), len(members))

    def _place_sections(self) -> None:
        """Draft sections in draft order; a split's second half right after the first, added
        sections last."""
        for s in self.plan.sections:
            (self.children[s.parent_id] if s.parent_id else self.chapters).append(s.id)
        for d in self.valid.values():
            if d.kind is not DecisionKind.SPLIT:
                continue
            made_id = split_section_id(d.target, d.value)
            if made_id in self.made:
                self.splits[made_id] = d
        for sid, s in self.made.items():
            siblings = self.children[s.parent_id] if s.parent_id else self.chapters
            base = self.splits[sid].target if sid in self.splits else ""
            if base in siblings:
                siblings.insert(siblings.index(base) + 1, sid)
            else:
                siblings.append(sid)

    def _apply_orders(self) -> None:
        order = self.valid.get(slot(DecisionKind.REORDER, OUTLINE))
        if order is not None:
            self.chapters = _reorder(self.chapters, order.order)
        for sid in self.sections:
            self._reorder_section(sid)

    def _reorder_section(self, sid: str, *, children: bool = True) -> None:
        d = self.valid.get(slot(DecisionKind.REORDER, sid))
        if d is not None:
            self.members[sid] = _reorder(self.members[sid], d.order)
            if children:
                self.children[sid] = _reorder(self.children[sid], d.order)

    def _apply_splits(self) -> None:
        """Splits, in the order their sections were made (a split of a split after its base)."""
        for sid in self.made:
            split = self.splits.get(sid)
            if split is None:
                continue
            ids = self.members[split.target]
            if split.value in ids:
                at = ids.index(split.value)
                self.members[sid] = ids[at:] + self.members[sid]
                self.members[split.target] = ids[:at]
                self._reorder_section(sid, children=False)

    def _apply_merges(self) -> None:
        """A section is merged away once nothing still to merge goes into it, so A into B then
        B into C gives C its own, then B's, then A's; a cycle merges nothing."""
        merges = {d.target: d for d in self.valid.values()
                  if d.kind is DecisionKind.MERGE_SECTION}
        receivers: set[str] = set()
        while merges:
            ready = [sid for sid in self.sections if sid in merges
                     and not any(m.value == sid for m in merges.values())]
            if not ready:
                self.ignored.extend(merges.values())
                break
            for sid in ready:
                receiver = merges.pop(sid).value
                receivers.add(receiver)
                self._merge(sid, receiver)
        for sid in receivers:
            self._reorder_section(sid)

    def _merge(self, sid: str, receiver: str) -> None:
        self.members[receiver].extend(self.members[sid])
        self.children[receiver].extend(self.children[sid])
        self.members[sid], self.children[sid] = [], []
        for siblings in (self.chapters, *self.children.values()):
            if sid in siblings:
                siblings.remove(sid)
        self.merged_headings.setdefault(receiver, []).extend(
            self.sections[sid].headings + tuple(self.merged_headings.pop(sid, ())))


class Resolver:
    """Works out what a plan's decisions give: the outline's shape, each conflict's outcome,
    then each clause's wording and fate. `memo` (an earlier resolution's) only saves time: its
    clauses are reused where the same clause resolves the same way again."""

    def __init__(self, plan: MergePlan, memo: ResolutionMemo | None = None) -> None:
        self.plan = plan
        self.shape = outline(plan)
        self.earlier = memo or ResolutionMemo()
        self.clauses = plan.clause_table()
        self.clause_of_block = plan.block_table()
        wordings: dict[str, Decision] = {}
        exclusions: dict[str, Decision] = {}
        for d in self.shape.valid.values():
            if d.kind in _WORDING:
                wordings[d.target] = d
            elif d.kind in _EXCLUSION:
                exclusions[d.target] = d
        self.memo = ResolutionMemo({}, wordings, exclusions)
        self.decided, self.merged_into = self._conflict_outcomes()

    # --- item by item: what author intents (edits.py) ask of the newest plan -------------
    # (Lookups made on first use, without functools.cached_property: on Python 3.11 its lock
    # is shared by every Resolver, so the UI thread would wait while a worker makes its own.
    # Two threads making one at once make the same value.)
    @property
    def parent(self) -> dict[str, str]:
        """Returns item id (section or clause) -> the section holding it ("" for chapters)."""
        parent = self.__dict__.get("_parent")
        if parent is None:
            parent = self.__dict__["_parent"] = self.shape.parent_of()
        return parent

    def kind(self, item_id: str) -> str:
        """Returns "section", "clause" or "" (not in the outline)."""
        if item_id in self.shape.sections and item_id in self.parent:
            return "section"
        return "clause" if item_id in self.parent else ""

    def excluded(self, item_id: str) -> bool:
        """Returns True when the item is left out: by a decision of its own, else with the
        section holding it."""
        chain = []
        while item_id:
            chain.append(item_id)
            item_id = self.parent.get(item_id, "")
        excluded = False
        for item in reversed(chain):
            excluded = self.shape.excluded(item, excluded)
        return excluded

    def clause(self, clause_id: str) -> ResolvedClause:
        """Returns one clause resolved (its wording, what became of its sources)."""
        section = self.parent.get(clause_id, "")
        return self._clause(clause_id, self.excluded(section) if section else False)

    def in_output(self, clause_id: str) -> bool:
        """Returns True when the clause is printed: placed, not excluded, not merged into a
        conflict's winner (nor into a winner that is itself left out)."""
        d = self.shape.valid.get(slot(DecisionKind.REWORD, clause_id))
        return (clause_id in self.parent and not self.excluded(clause_id)
                and clause_id not in self.merged_into
                and (d is None or d.kind is not DecisionKind.REWORD))

    @property
    def conflicts_of_clause(self) -> dict[str, tuple[Conflict, ...]]:
        """Returns clause id -> the conflicts it is a side of."""
        made = self.__dict__.get("_conflicts_of_clause")
        if made is not None:
            return made
        found: dict[str, list[Conflict]] = {}
        for conflict in self.plan.conflicts:
            for cid in dict.fromkeys(self._sides(conflict)):
                if cid:
                    found.setdefault(cid, []).append(conflict)
        made = self.__dict__["_conflicts_of_clause"] = {
            cid: tuple(conflicts) for cid, conflicts in found.items()}
        return made

    def forget_earlier(self) -> None:
        """Lets go of the earlier resolution's memo (kept only to save time while resolving):
        a Resolver kept with its plan would otherwise keep every earlier one alive."""
        self.earlier = ResolutionMemo()

    def open_conflicts_of(self, clause_id: str) -> tuple[str, ...]:
        """Returns the ids of the clause's conflicts the author has not decided (both sides
        printed), as resolve() would find them."""
        return tuple(
            c.id for c in self.conflicts_of_clause.get(clause_id, ())
            if c.id not in self.decided and (sides := self._sides(c))[0] != sides[1]
            and self.in_output(sides[0]) and self.in_output(sides[1]))

    # --- the whole plan -------------------------------------------------------------------
    def resolve(self) -> ResolvedPlan:
        resolved = tuple(self._section(sid, False) for sid in self.shape.chapters)
        in_output = {c.id for s in resolved for sec in s.iter_all() for c in sec.clauses
                     if c.in_output}
        # A loser merged into an excluded winner, or a clause reworded into a proposal the
        # author removed, would point at nothing: it is excluded with it.
        targets = {*self.merged_into.values(),
                   *(c.reworded_into for s in resolved for sec in s.iter_all()
                     for c in sec.clauses if c.reworded_into)}
        if any(w not in in_output for w in targets):
            resolved = tuple(_drop_orphans(s, in_output) for s in resolved)
        open_ids = frozenset(
            c.id for c in self.plan.conflicts if c.id not in self.decided
            and (sides := self._sides(c))[0] in in_output and sides[1] in in_output
            and sides[0] != sides[1])
        return ResolvedPlan(resolved, open_ids, self.shape.ignored, self.memo)

    def _sides(self, conflict: Conflict) -> tuple[str, str]:
        of = self.clause_of_block
        return of.get(conflict.a.block_key, ""), of.get(conflict.b.block_key, "")

    def _conflict_outcomes(self) -> tuple[set[str], dict[str, str]]:
        """Returns (decided conflict ids, losing clause id -> winning clause id): a decided
        conflict is closed; a chosen winner makes the loser merge into it."""
        decided: set[str] = set()
        merged_into: dict[str, str] = {}
        for conflict in self.plan.conflicts:
            d = self.shape.valid.get(slot(DecisionKind.KEEP, conflict.id))
            if d is None:
                continue
            decided.add(conflict.id)
            if d.kind is DecisionKind.CHOOSE:
                a, b = self._sides(conflict)
                loser = b if d.value == a else a
                if loser and loser != d.value:
                    merged_into[loser] = d.value
        return decided, merged_into

    def _section(self, sid: str, inherited: bool) -> ResolvedSection:
        shape = self.shape
        excluded = shape.excluded(sid, inherited)
        exclusion = shape.valid.get(slot(DecisionKind.EXCLUDE, sid))
        return ResolvedSection(
            shape.sections[sid], shape.title(sid), excluded,
            tuple(self._clause(cid, excluded) for cid in shape.members[sid]),
            tuple(self._section(child, excluded) for child in shape.children[sid]),
            exclusion.note if exclusion and excluded else "",
            shape.merged_headings.get(sid, ()),
        )

    def _clause(self, cid: str, inherited: bool) -> ResolvedClause:
        clause = self.clauses[cid]
        memo, earlier = self.memo, self.earlier
        exclusion = memo.exclusions.get(cid)
        excluded = inherited if exclusion is None else exclusion.kind is DecisionKind.EXCLUDE
        wording = memo.wordings.get(cid)
        into = self.merged_into.get(cid, "")
        rc = earlier.clauses.get(cid)
        if rc is None or not (rc.clause is clause and rc.excluded == excluded
                              and rc.merged_into == into
                              and _same(earlier.wordings.get(cid), wording)
                              and _same(earlier.exclusions.get(cid), exclusion)):
            rc = _resolve_clause(clause, wording, exclusion, excluded, into)
        memo.clauses[cid] = rc
        return rc


def resolve_plan(plan: MergePlan, previous: ResolvedPlan | None = None) -> ResolvedPlan:
    """Returns the outline the plan's decisions give: titles, order, wording, exclusions.

    `previous` (optional, any earlier resolution) only saves time: its clauses are reused where
    the same clause resolves the same way again."""
    return Resolver(plan, previous.memo if previous is not None else None).resolve()


def open_conflicts(plan: MergePlan) -> tuple[Conflict, ...]:
    """Returns the conflicts the author has not decided (and whose clauses are both in)."""
    resolved = resolve_plan(plan)
    return tuple(c for c in plan.conflicts if c.id in resolved.open_conflict_ids)


def _same(a: Decision | None, b: Decision | None) -> bool:
    return a is b or a == b


def _drop_orphans(section: ResolvedSection, in_output: set[str]) -> ResolvedSection:
    def orphan(c: ResolvedClause) -> ResolvedClause:
        if c.merged_into and c.merged_into not in in_output:
            return replace(c, excluded=True, merged_into="",
                           note="excluded with the variant chosen over it")
        if c.reworded_into and c.reworded_into not in in_output:
            return replace(c, excluded=True, reworded_into="",
                           note="excluded with the proposed wording it went into")
        return c

    return replace(section, clauses=tuple(map(orphan, section.clauses)),
                   children=tuple(_drop_orphans(ch, in_output) for ch in section.children))


def _resolve_clause(clause: PlanClause, d: Decision | None, exclusion: Decision | None,
                    excluded: bool, merged_into: str) -> ResolvedClause:
    """Returns one clause with its wording and exclusion decisions applied."""
    sources = clause.sources
    if clause.status is ClauseStatus.COMBINED:
        kept, merged = sources, ()
    else:
        kept, merged = sources[:1], sources[1:]
    text, edited = clause.text, clause.status is ClauseStatus.COMBINED
    if d is not None and d.kind is DecisionKind.CUSTOM:
        text, edited = d.value, True
    elif d is not None and d.kind is DecisionKind.COMBINE:
        text, edited = d.value or clause.text, True
    elif d is not None and d.kind is DecisionKind.CHOOSE:
        chosen = next(r for r in sources if r.key == d.value)
        kept, merged = (chosen,), tuple(r for r in sources if r is not chosen)
        text, edited = chosen.text, False
    if exclusion is not None and exclusion.kind is DecisionKind.REWORD:
        return ResolvedClause(clause, text, edited, kept, merged, False, merged_into,
                              exclusion.note, exclusion.value)
    if clause.status is ClauseStatus.PROPOSED:
        kept, merged, edited = (), (), True
    note = exclusion.note if exclusion and excluded else ""
    return ResolvedClause(clause, text, edited, kept, merged, excluded, merged_into, note,
                          decided=d is not None)


def _reorder(ids: list[str], order: tuple[str, ...]) -> list[str]:
    listed = [i for i in order if i in ids]
    return listed + [i for i in ids if i not in set(listed)]
