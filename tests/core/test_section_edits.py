"""Section edits as decisions: add, split and merge sections; undo; the ledger; sessions."""

from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.plan import (
    OUTLINE,
    Decision,
    DecisionKind,
    split_section_id,
)
from consolidator.consolidation.resolve import resolve_plan
from consolidator.model import Fate
from consolidator.session import Session, load_session, save_session
from tests.helpers.plans import DOCS, assert_ledger_complete, build


def _section(resolved, sid):
    return next(s for s in resolved.iter_sections() if s.id == sid)


def _chapter_with_clauses(plan, at_least=2):
    """Returns a chapter of source clauses (not the Introduction's proposal and the clauses
    reworded into it)."""
    reworded = {d.target for d in plan.decisions if d.kind is DecisionKind.REWORD}
    return next(s for s in plan.sections if s.level == 1 and len(s.clause_ids) >= at_least
                and not reworded & set(s.clause_ids) and plan.decision("exclude:" + s.id) is None)


def test_add_section_and_move_a_clause_into_it_as_one_step():
    plan = build()
    source = _chapter_with_clauses(plan)
    moved = source.clause_ids[-1]
    steps = [
        Decision(DecisionKind.ADD_SECTION, "p-new-1234abcd", "Monitoring"),
        Decision(DecisionKind.MOVE, moved, "p-new-1234abcd"),
        Decision(DecisionKind.REORDER, OUTLINE,
                 order=(source.id, "p-new-1234abcd")),
    ]
    assert all(plan.with_decisions(steps[:1]).valid(d) for d in steps)
    edited = plan.with_decisions(steps)
    resolved = resolve_plan(edited)
    assert not resolved.ignored
    chapters = [s.id for s in resolved.sections]
    assert chapters[chapters.index(source.id) + 1] == "p-new-1234abcd"
    new = _section(resolved, "p-new-1234abcd")
    assert new.title == "Monitoring" and [c.id for c in new.clauses] == [moved]
    assert moved not in [c.id for c in _section(resolved, source.id).clauses]
    doc = consolidate(DOCS, edited)
    assert_ledger_complete(doc)
    out = next(s for s in doc.sections if s.id == "p-new-1234abcd")
    assert out.title == "Monitoring" and [c.id for c in out.clauses] == [moved]
    # Undo, decision by decision in reverse, restores the exact plan.
    undone = edited
    for d in reversed(steps):
        undone = undone.without_decision(d.id)
    assert undone == plan


def test_added_empty_section_shows_in_the_outline_but_not_the_policy():
    plan = build()
    edited = plan.with_decision(Decision(DecisionKind.ADD_SECTION, "p-new-00000001", "Later"))
    assert "p-new-00000001" in [s.id for s in resolve_plan(edited).sections]
    doc = consolidate(DOCS, edited)
    assert "p-new-00000001" not in [s.id for s in doc.sections]
    assert_ledger_complete(doc)


def test_add_section_under_a_chapter_and_invalid_parents():
    plan = build()
    chapter = _chapter_with_clauses(plan)
    sub = Decision(DecisionKind.ADD_SECTION, "p-new-sub00001", "Sub", parent=chapter.id)
    edited = plan.with_decision(sub)
    resolved = resolve_plan(edited)
    assert _section(resolved, chapter.id).children[-1].id == "p-new-sub00001"
    assert edited.section("p-new-sub00001").level == 2
    level2 = next(s for s in plan.sections if s.level == 2)
    assert not plan.valid(Decision(DecisionKind.ADD_SECTION, "p-new-x", "X", parent=level2.id))
    assert not plan.valid(Decision(DecisionKind.ADD_SECTION, "p-new-x", "X", parent="p-gone"))
    assert not plan.valid(Decision(DecisionKind.ADD_SECTION, chapter.id, "Shadow"))


def test_split_gives_two_sections_with_the_right_clauses():
    plan = build()
    section = _chapter_with_clauses(plan)
    ids = list(section.clause_ids)
    at = ids[1]
    split = Decision(DecisionKind.SPLIT, section.id, at)
    edited = plan.with_decision(split)
    assert plan.valid(split) and split.id == "split:" + section.id
    resolved = resolve_plan(edited)
    new_id = split_section_id(section.id, at)
    chapters = [s.id for s in resolved.sections]
    assert chapters[chapters.index(section.id) + 1] == new_id
    assert [c.id for c in _section(resolved, section.id).clauses] == ids[:1]
    second = _section(resolved, new_id)
    assert [c.id for c in second.clauses] == ids[1:]
    assert second.title == section.title + " (continued)"
    # Renaming the new section, and the split composes with a rename of the first half.
    renamed = edited.with_decisions([Decision(DecisionKind.RENAME, new_id, "Part two"),
                                     Decision(DecisionKind.RENAME, section.id, "Part one")])
    titles = {s.id: s.title for s in resolve_plan(renamed).sections}
    assert (titles[section.id], titles[new_id]) == ("Part one", "Part two")
    doc = consolidate(DOCS, renamed)
    assert_ledger_complete(doc)
    assert [c.id for c in next(s for s in doc.sections if s.id == new_id).clauses] == ids[1:]
    assert edited.without_decision(split.id) == plan


def test_split_follows_the_sections_order():
    plan = build()
    section = _chapter_with_clauses(plan)
    ids = list(section.clause_ids)
    reordered = tuple(reversed(ids))
    edited = plan.with_decisions([
        Decision(DecisionKind.REORDER, section.id, order=reordered),
        Decision(DecisionKind.SPLIT, section.id, reordered[1]),
    ])
    resolved = resolve_plan(edited)
    new_id = split_section_id(section.id, reordered[1])
    assert [c.id for c in _section(resolved, section.id).clauses] == list(reordered[:1])
    assert [c.id for c in _section(resolved, new_id).clauses] == list(reordered[1:])


def test_merge_section_moves_clauses_and_records_the_heading_as_merged():
    plan = build()
    chapters = [s for s in plan.sections if s.level == 1
                and plan.decision("exclude:" + s.id) is None]
    receiver, merged = next((a, b) for a, b in zip(chapters, chapters[1:], strict=False)
                            if b.headings and b.clause_ids)
    merge = Decision(DecisionKind.MERGE_SECTION, merged.id, receiver.id)
    assert plan.valid(merge)
    edited = plan.with_decision(merge)
    resolved = resolve_plan(edited)
    assert merged.id not in [s.id for s in resolved.iter_sections()]
    got = _section(resolved, receiver.id)
    assert [c.id for c in got.clauses] == list(receiver.clause_ids + merged.clause_ids)
    assert [c.id for c in got.children] == [
        s.id for s in plan.sections if s.parent_id in (receiver.id, merged.id)]
    doc = consolidate(DOCS, edited)
    assert_ledger_complete(doc)
    by_block = {(e.source.document_id, e.source.block_id): e for e in doc.ledger}
    for ref in merged.headings:
        entry = by_block[(ref.document_id, ref.block_id)]
        assert entry.fate is Fate.MERGED and entry.clause_id == receiver.id
    assert edited.without_decision(merge.id) == plan


def test_merge_cycles_and_bad_targets_are_ignored():
    plan = build()
    a, b = [s for s in plan.sections if s.level == 1][:2]
    level2 = next(s for s in plan.sections if s.level == 2)
    assert not plan.valid(Decision(DecisionKind.MERGE_SECTION, a.id, a.id))
    assert not plan.valid(Decision(DecisionKind.MERGE_SECTION, a.id, level2.id))
    assert plan.valid(Decision(DecisionKind.MERGE_SECTION, level2.id, level2.parent_id))
    cycle = plan.with_decisions([Decision(DecisionKind.MERGE_SECTION, a.id, b.id),
                                 Decision(DecisionKind.MERGE_SECTION, b.id, a.id)])
    resolved = resolve_plan(cycle)
    assert len(resolved.ignored) == 2
    assert {a.id, b.id} <= {s.id for s in resolved.sections}
    assert_ledger_complete(consolidate(DOCS, cycle))


def test_merge_chain_and_merge_back_a_split():
    plan = build()
    section = _chapter_with_clauses(plan)
    ids = list(section.clause_ids)
    new_id = split_section_id(section.id, ids[1])
    edited = plan.with_decisions([
        Decision(DecisionKind.SPLIT, section.id, ids[1]),
        Decision(DecisionKind.MERGE_SECTION, new_id, section.id),
    ])
    resolved = resolve_plan(edited)
    assert [c.id for c in _section(resolved, section.id).clauses] == ids
    assert new_id not in [s.id for s in resolved.iter_sections()]
    assert_ledger_complete(consolidate(DOCS, edited))


def test_rebase_keeps_section_edits_and_what_names_their_sections():
    plan = build()
    section = _chapter_with_clauses(plan)
    ids = list(section.clause_ids)
    new_id = split_section_id(section.id, ids[1])
    decisions = [
        Decision(DecisionKind.ADD_SECTION, "p-new-aaaa0000", "Added"),
        Decision(DecisionKind.MOVE, ids[0], "p-new-aaaa0000"),
        Decision(DecisionKind.SPLIT, section.id, ids[1]),
        Decision(DecisionKind.RENAME, new_id, "Second half"),
        Decision(DecisionKind.SPLIT, "p-gone", ids[1]),
        Decision(DecisionKind.MERGE_SECTION, "p-gone", section.id),
    ]
    edited = plan.with_decisions(decisions)
    rebased, dropped = edited.rebased(build())
    assert rebased == plan.with_decisions(decisions[:4])
    assert set(dropped) == set(decisions[4:])
    # Decisions naming made sections are valid only once those sections are made.
    assert not build().valid(decisions[1])


def test_session_round_trips_section_edits(tmp_path):
    plan = build()
    section = _chapter_with_clauses(plan)
    decisions = (
        Decision(DecisionKind.ADD_SECTION, "p-new-bbbb0000", "Added", parent=section.id),
        Decision(DecisionKind.SPLIT, section.id, section.clause_ids[1]),
        Decision(DecisionKind.MERGE_SECTION, plan.sections[-1].id, plan.sections[-2].id),
    )
    path = save_session(Session(decisions=decisions), tmp_path / "s.session.json")
    assert set(load_session(path).all_decisions) == set(decisions)
    import json

    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 2
