"""resolve_plan(): the outline a MergePlan's decisions produce (GUI preview, merge input)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

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
    split_section_id,
)
from consolidator.consolidation.units import ClauseRef
from consolidator.model import SourceRef


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
    note: str = ""  # why excluded or merged

    @property
    def id(self) -> str:
        return self.clause.id

    @property
    def in_output(self) -> bool:
        return not self.excluded and not self.merged_into


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

    def iter_all(self):
        yield self
        for child in self.children:
            yield from child.iter_all()


@dataclass(frozen=True)
class ResolvedPlan:
    sections: tuple[ResolvedSection, ...]  # chapters in order, excluded ones included (flagged)
    open_conflict_ids: frozenset[str]
    ignored: tuple[Decision, ...] = ()  # decisions whose target or value does not exist

    def iter_sections(self):
        for section in self.sections:
            yield from section.iter_all()

    def clauses(self) -> list[ResolvedClause]:
        return [c for s in self.iter_sections() for c in s.clauses]


def resolve_plan(plan: MergePlan, previous: ResolvedPlan | None = None) -> ResolvedPlan:
    """Returns the outline the plan's decisions give: titles, order, wording, exclusions.

    `previous` (optional, any earlier resolution) only saves time: its clauses are reused where
    the same clause resolves the same way again."""
    decisions = {d.id: d for d in plan.decisions}
    ignored = [d for d in plan.decisions if not plan.valid(d)]
    valid = {k: d for k, d in decisions.items() if d not in ignored}
    clauses = {c.id: c for c in plan.clauses}
    made = plan.made_sections
    sections = {s.id: s for s in plan.sections}
    sections.update(made)

    members: dict[str, list[str]] = {sid: list(s.clause_ids) for sid, s in sections.items()}
    moves = [d for d in valid.values() if d.kind is DecisionKind.MOVE]
    if moves:
        holders: dict[str, list[str]] = {}  # clause id -> the sections listing it
        for sid, ids in members.items():
            for cid in ids:
                holders.setdefault(cid, []).append(sid)
        for d in moves:
            for sid in holders.pop(d.target, ()):
                members[sid].remove(d.target)
            members[d.value].append(d.target)
            holders[d.target] = [d.value]
    children: dict[str, list[str]] = {sid: [] for sid in sections}
    chapters: list[str] = []
    for s in plan.sections:
        (children[s.parent_id] if s.parent_id else chapters).append(s.id)
    # Sections made by decisions: a split's second half right after the first, added ones last.
    splits: dict[str, Decision] = {}  # made section id -> the SPLIT making it
    for d in valid.values():
        if d.kind is DecisionKind.SPLIT and split_section_id(d.target, d.value) in made:
            splits[split_section_id(d.target, d.value)] = d
    for sid, s in made.items():
        siblings = children[s.parent_id] if s.parent_id else chapters
        base = splits[sid].target if sid in splits else ""
        if base in siblings:
            siblings.insert(siblings.index(base) + 1, sid)
        else:
            siblings.append(sid)
    order = valid.get("order:" + OUTLINE)
    if order is not None:
        chapters = _reorder(chapters, order.order)
    for sid in sections:
        d = valid.get("order:" + sid)
        if d is not None:
            members[sid] = _reorder(members[sid], d.order)
            children[sid] = _reorder(children[sid], d.order)
    # Splits, in the order their sections were made (a split of a split after its base).
    for sid in made:
        split = splits.get(sid)
        if split is None:
            continue
        ids = members[split.target]
        if split.value in ids:
            at = ids.index(split.value)
            members[sid] = ids[at:] + members[sid]
            members[split.target] = ids[:at]
            d = valid.get("order:" + sid)
            if d is not None:
                members[sid] = _reorder(members[sid], d.order)
    # Merged sections: a section is merged away once nothing still to merge goes into it, so
    # A into B then B into C gives C its own, then B's, then A's; a cycle merges nothing.
    merges = {d.target: d for d in valid.values() if d.kind is DecisionKind.MERGE_SECTION}
    merged_headings: dict[str, list[SourceRef]] = {}
    receivers: set[str] = set()
    while merges:
        ready = [sid for sid in sections if sid in merges
                 and not any(m.value == sid for m in merges.values())]
        if not ready:
            ignored.extend(merges.values())
            break
        for sid in ready:
            receiver = merges.pop(sid).value
            receivers.add(receiver)
            members[receiver].extend(members[sid])
            children[receiver].extend(children[sid])
            members[sid], children[sid] = [], []
            for siblings in (chapters, *children.values()):
                if sid in siblings:
                    siblings.remove(sid)
            merged_headings.setdefault(receiver, []).extend(
                sections[sid].headings + tuple(merged_headings.pop(sid, ())))
    for sid in receivers:
        d = valid.get("order:" + sid)
        if d is not None:
            members[sid] = _reorder(members[sid], d.order)
            children[sid] = _reorder(children[sid], d.order)
    valid = {k: d for k, d in valid.items() if d not in ignored}

    def title_of(sid: str) -> str:
        continued = ""  # a split's second half: its base's title, continued
        while "rename:" + sid not in valid and sid in splits:
            sid, continued = splits[sid].target, continued + CONTINUED
        rename = valid.get("rename:" + sid)
        return (rename.value if rename is not None else sections[sid].title) + continued

    def excluded_flag(target: str, inherited: bool) -> bool:
        d = valid.get("exclude:" + target)
        if d is None:
            return inherited
        return d.kind is DecisionKind.EXCLUDE

    # Conflicts: a decided conflict is closed; a chosen winner makes the loser merge into it.
    block_clause = plan.clause_of_block()

    def sides(conflict) -> tuple[str, str]:
        a, b = conflict.a.block_key, conflict.b.block_key
        return block_clause.get(a, ""), block_clause.get(b, "")

    merged_into: dict[str, str] = {}
    decided: set[str] = set()
    for conflict in plan.conflicts:
        d = valid.get("wording:" + conflict.id)
        if d is None:
            continue
        decided.add(conflict.id)
        if d.kind is DecisionKind.CHOOSE:
            a, b = sides(conflict)
            loser = b if d.value == a else a
            if loser and loser != d.value:
                merged_into[loser] = d.value

    section_excluded: dict[str, bool] = {}
    wordings: dict[str, Decision] = {}
    exclusions: dict[str, Decision] = {}
    for d in valid.values():
        if d.kind in _WORDING:
            wordings[d.target] = d
        elif d.kind in _EXCLUSION:
            exclusions[d.target] = d
    earlier = _Memo.of(previous)
    memo = _Memo({}, wordings, exclusions)

    def resolve_clause(cid: str, inherited: bool) -> ResolvedClause:
        clause = clauses[cid]
        exclusion = exclusions.get(cid)
        excluded = inherited if exclusion is None else exclusion.kind is DecisionKind.EXCLUDE
        wording = wordings.get(cid)
        into = merged_into.get(cid, "")
        rc = earlier.clauses.get(cid)
        if rc is None or not (rc.clause is clause and rc.excluded == excluded
                              and rc.merged_into == into
                              and _same(earlier.wordings.get(cid), wording)
                              and _same(earlier.exclusions.get(cid), exclusion)):
            rc = _resolve_clause(clause, wording, exclusion, excluded, into)
        memo.clauses[cid] = rc
        return rc

    # `build` recurses through its argument, not through its own name: a nested function that
    # calls itself by name is a reference cycle, which would keep everything it sees alive
    # until a cyclic collection (long, with four 400-page policies loaded).
    def build(sid: str, inherited: bool, build) -> ResolvedSection:
        section = sections[sid]
        excluded = excluded_flag(sid, inherited)
        section_excluded[sid] = excluded
        exclusion = valid.get("exclude:" + sid)
        built = tuple(resolve_clause(cid, excluded) for cid in members[sid])
        return ResolvedSection(
            section, title_of(sid), excluded, built,
            tuple(build(child, excluded, build) for child in children[sid]),
            exclusion.note if exclusion and excluded else "",
            tuple(merged_headings.get(sid, ())),
        )

    resolved = tuple(build(sid, False, build) for sid in chapters)
    in_output = {c.id for s in resolved for sec in s.iter_all() for c in sec.clauses
                 if c.in_output}
    # A loser merged into an excluded winner would point at nothing: it is excluded with it.
    if any(w not in in_output for w in merged_into.values()):
        resolved = tuple(_drop_orphans(s, in_output) for s in resolved)
    open_ids = set()
    for conflict in plan.conflicts:
        a, b = sides(conflict)
        if conflict.id not in decided and a in in_output and b in in_output and a != b:
            open_ids.add(conflict.id)
    result = ResolvedPlan(resolved, frozenset(open_ids), tuple(ignored))
    result.__dict__[_Memo.KEY] = memo
    return result


def open_conflicts(plan: MergePlan) -> tuple[Conflict, ...]:
    """Returns the conflicts the author has not decided (and whose clauses are both in)."""
    resolved = resolve_plan(plan)
    return tuple(c for c in plan.conflicts if c.id in resolved.open_conflict_ids)


@dataclass(frozen=True)
class _Memo:
    """What a resolution's clauses were made from, for the next resolution to reuse them: each
    clause as _resolve_clause made it (before orphans were excluded) and the wording and
    exclusion decisions by target. Dicts, not a tuple per clause: with tens of thousands of
    clauses, every object made per clause adds to the cyclic collector's work."""

    KEY: ClassVar[str] = "_resolved_clause_memo"
    clauses: dict[str, ResolvedClause]
    wordings: dict[str, Decision]
    exclusions: dict[str, Decision]

    @staticmethod
    def of(resolved: ResolvedPlan | None) -> _Memo:
        memo = resolved.__dict__.get(_Memo.KEY) if resolved is not None else None
        return memo if isinstance(memo, _Memo) else _Memo({}, {}, {})


def _same(a: Decision | None, b: Decision | None) -> bool:
    return a is b or a == b
_WORDING = frozenset({DecisionKind.KEEP, DecisionKind.CHOOSE, DecisionKind.COMBINE,
                      DecisionKind.CUSTOM})
_EXCLUSION = frozenset({DecisionKind.EXCLUDE, DecisionKind.INCLUDE})


def _drop_orphans(section: ResolvedSection, in_output: set[str]) -> ResolvedSection:
    from dataclasses import replace

    clauses = tuple(
        replace(c, excluded=True, merged_into="",
                note="excluded with the variant chosen over it")
        if c.merged_into and c.merged_into not in in_output else c
        for c in section.clauses
    )
    return replace(section, clauses=clauses,
                   children=tuple(_drop_orphans(ch, in_output) for ch in section.children))


def _resolve_clause(clause: PlanClause, d: Decision | None, exclusion: Decision | None,
                    excluded: bool, merged_into: str) -> ResolvedClause:
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
    note = exclusion.note if exclusion and excluded else ""
    return ResolvedClause(clause, text, edited, kept, merged, excluded, merged_into, note)


def _reorder(ids: list[str], order: tuple[str, ...]) -> list[str]:
    listed = [i for i in order if i in ids]
    return listed + [i for i in ids if i not in set(listed)]
