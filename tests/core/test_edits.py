"""Author intents worked out on the newest plan (consolidation/edits.py): a second action right
after a first is about the plan the first made, whatever the outline on screen still shows."""

from __future__ import annotations

import pytest

from consolidator.consolidation import edits
from consolidator.consolidation.plan import ClauseStatus, DecisionKind, MergePlan, slot
from consolidator.consolidation.resolve import Resolver, resolve_plan
from tests.helpers.docs import H, P, make_doc
from tests.helpers.plans import build

EMAIL = make_doc("email", "Email Policy", [
    (H, 1, "Purpose"), (P, 0, "This policy explains how staff use email."),
    (H, 1, "Acceptable use"),
    (P, 0, "Staff must not use email to send chain letters."),
    (P, 0, "Staff must keep their mailbox tidy and delete what they no longer need."),
    (P, 0, "Staff must not forward Council email to a personal account."),
    (H, 1, "Security"),
    (P, 0, "Passwords must never be shared with anyone, including ICT staff."),
    (P, 0, "A lost laptop must be reported to the ICT Service Desk within 24 hours."),
    (H, 1, "Review"), (P, 0, "This policy will be reviewed every two years by the Head of ICT."),
])
SOCIAL = make_doc("social", "Social Media Policy", [
    (H, 1, "Purpose"), (P, 0, "This policy explains how staff use social media."),
    (H, 1, "Acceptable use"),
    (P, 0, "Staff must not use social media to send chain letters."),
    (P, 0, "Staff must not post photographs taken at work."),
    (H, 1, "Security"),
    (P, 0, "Passwords must never be shared with anyone, including ICT staff!"),
    (P, 0, "A lost laptop must be reported to the ICT Service Desk within 48 hours."),
    (H, 1, "Review"), (P, 0, "This policy will be reviewed annually by the Head of ICT."),
])


@pytest.fixture
def plan() -> MergePlan:
    return build(docs=[EMAIL, SOCIAL])


def apply(plan: MergePlan, edit: edits.Edit | None) -> MergePlan:
    assert edit is not None
    return plan.with_decisions(edit.decisions)


def chapter(plan: MergePlan, title: str) -> str:
    r = Resolver(plan)
    return next(sid for sid in r.shape.chapters if r.shape.title(sid) == title)


def clauses_of(plan: MergePlan, section_id: str) -> list[str]:
    return list(Resolver(plan).shape.members[section_id])


def test_two_quick_variant_choices_both_count(plan):
    merged = [c for c in plan.clauses if c.status is ClauseStatus.MERGED
              and len({r.text for r in c.sources}) > 1]
    assert merged, "the fixture has near-identical clauses with two wordings"
    clause = merged[0]
    first = apply(plan, edits.use_variant(Resolver(plan), clause.id, clause.sources[1].key, "B"))
    again = apply(first, edits.use_variant(Resolver(first), clause.id, clause.sources[0].key,
                                           "A"))
    assert again.decision(slot(DecisionKind.CHOOSE, clause.id)).value == clause.sources[0].key
    # the wording the Edit dialog starts from is the variant now in use
    assert Resolver(first).clause(clause.id).text == clause.sources[1].text


def test_exclude_twice_toggles_back(plan):
    clause_id = clauses_of(plan, chapter(plan, "Acceptable use"))[0]
    once = apply(plan, edits.toggle_exclude(Resolver(plan), clause_id))
    assert once.decision(slot(DecisionKind.EXCLUDE, clause_id)).kind is DecisionKind.EXCLUDE
    twice = apply(once, edits.toggle_exclude(Resolver(once), clause_id))
    assert twice.decision(slot(DecisionKind.EXCLUDE, clause_id)).kind is DecisionKind.INCLUDE


def test_a_clause_of_an_excluded_section_is_included_back(plan):
    section = chapter(plan, "Security and data protection")
    clause_id = clauses_of(plan, section)[0]
    gone = apply(plan, edits.toggle_exclude(Resolver(plan), section))
    assert Resolver(gone).excluded(clause_id)  # with its section
    back = apply(gone, edits.toggle_exclude(Resolver(gone), clause_id))
    assert back.decision(slot(DecisionKind.EXCLUDE, clause_id)).kind is DecisionKind.INCLUDE
    assert not Resolver(back).excluded(clause_id) and Resolver(back).excluded(section)


def test_rename_right_after_a_move_and_back(plan):
    order = list(Resolver(plan).shape.chapters)
    moving = order[2]
    moved = apply(plan, edits.move(Resolver(plan), [moving], "", ""))
    assert Resolver(moved).shape.chapters[0] == moving
    renamed = apply(moved, edits.rename_section(Resolver(moved), moving, "Renamed in a hurry"))
    assert Resolver(renamed).shape.chapters[0] == moving  # the move stands
    assert Resolver(renamed).shape.title(moving) == "Renamed in a hurry"
    title = Resolver(plan).shape.title(moving)
    back = apply(renamed, edits.rename_section(Resolver(renamed), moving, title))
    assert Resolver(back).shape.title(moving) == title
    assert edits.rename_section(Resolver(back), moving, f"  {title} ") is None  # unchanged


def test_two_quick_moves_in_one_section_keep_both(plan):
    section = chapter(plan, "Acceptable use")
    first, second, third = clauses_of(plan, section)[:3]
    once = apply(plan, edits.move(Resolver(plan), [third], section, ""))
    twice = apply(once, edits.move(Resolver(once), [first], section, second))
    assert clauses_of(twice, section)[:3] == [third, second, first]


def test_a_clause_moves_into_another_section_and_sections_only_among_siblings(plan):
    source, target = chapter(plan, "Acceptable use"), chapter(plan, "Security and data protection")
    clause_id = clauses_of(plan, source)[0]
    moved = apply(plan, edits.move(Resolver(plan), [clause_id], target, ""))
    assert clauses_of(moved, target)[0] == clause_id and clause_id not in clauses_of(moved,
                                                                                     source)
    r = Resolver(moved)
    assert edits.move(r, [clause_id], "", "") is None  # a clause is no chapter
    assert edits.move(r, [source], target, "") is None  # a chapter stays a chapter
    assert edits.move(r, [source, clause_id], "", "") is None  # not a mix
    assert edits.move(r, [clause_id], target, "") is None  # already there: nothing changes


def test_add_section_right_after_a_move_keeps_the_move(plan):
    order = list(Resolver(plan).shape.chapters)
    moved = apply(plan, edits.move(Resolver(plan), [order[2]], "", ""))
    edit = edits.add_section(Resolver(moved), order[2], "p-new-00000001")
    added = apply(moved, edit)
    chapters = Resolver(added).shape.chapters
    assert chapters[:2] == (order[2], "p-new-00000001") and edit.select == "p-new-00000001"


def test_merge_right_after_a_move_merges_into_the_section_now_before_it(plan):
    order = list(Resolver(plan).shape.chapters)
    moved = apply(plan, edits.move(Resolver(plan), [order[3]], "", order[0]))
    edit = edits.merge_into_previous(Resolver(moved), order[3])
    merged = apply(moved, edit)
    assert edit.select == order[0]
    assert merged.decision(slot(DecisionKind.MERGE_SECTION, order[3])).value == order[0]
    assert order[3] not in Resolver(merged).shape.chapters
    assert edits.merge_into_previous(Resolver(plan), order[0]) is None  # the first chapter


def test_split_right_after_a_move_splits_where_the_clause_is_now(plan):
    source, target = chapter(plan, "Acceptable use"), chapter(plan, "Security and data protection")
    clause_id = clauses_of(plan, source)[1]
    moved = apply(plan, edits.move(Resolver(plan), [clause_id], target, ""))
    assert edits.split_section(Resolver(moved), clause_id) is None  # now first of Security
    last = clauses_of(moved, target)[-1]
    split = apply(moved, edits.split_section(Resolver(moved), last))
    assert split.decision(slot(DecisionKind.SPLIT, target)).value == last
    assert clauses_of(split, target)[-1] != last


def test_a_second_split_earlier_in_a_split_section_moves_the_first_split_on(plan):
    section = chapter(plan, "Acceptable use")
    ids = clauses_of(plan, section)
    assert len(ids) >= 3
    once = apply(plan, edits.split_section(Resolver(plan), ids[2]))
    twice = apply(once, edits.split_section(Resolver(once), ids[1]))
    titles = [Resolver(twice).shape.title(s) for s, _ in Resolver(twice).shape.walk()]
    assert titles.count("Acceptable use (continued)") == 1
    assert titles.count("Acceptable use (continued) (continued)") == 1


def test_accept_all_combined_and_keep_both(plan):
    edit = edits.accept_all_combined(Resolver(plan))
    assert edit is not None and edit.text == f"Accept {len(edit.decisions)} combined wordings"
    done = apply(plan, edit)
    assert edits.accept_all_combined(Resolver(done)) is None
    r = Resolver(plan)
    with_conflict = next(c for c in r.shape.clause_ids() if r.open_conflicts_of(c))
    kept = apply(plan, edits.keep_both(r, with_conflict))
    assert not Resolver(kept).open_conflicts_of(with_conflict)


def test_open_conflicts_item_by_item_agree_with_the_whole_resolution(plan):
    security = chapter(plan, "Security and data protection")
    decided = apply(plan, edits.toggle_exclude(Resolver(plan), security))
    for candidate in (plan, decided):
        r = Resolver(candidate)
        resolved = resolve_plan(candidate)
        by_item = {x for c in r.shape.clause_ids() for x in r.open_conflicts_of(c)}
        assert by_item == set(resolved.open_conflict_ids)


def test_next_open_conflict_wraps_and_stops_when_none_is_left(plan):
    r = Resolver(plan)
    first = edits.next_open_conflict(r, "")
    assert first and r.open_conflicts_of(first)
    assert edits.next_open_conflict(r, first)  # wraps round to one
    settled = plan.with_decisions([edits.Decision(edits.DecisionKind.KEEP, x.id)
                                   for x in plan.conflicts])
    assert edits.next_open_conflict(Resolver(settled), "") == ""


def test_move_by_one_moves_a_clause_among_its_section_and_stops_at_the_ends(plan):
    section = chapter(plan, "Acceptable use")
    first, second = clauses_of(plan, section)[:2]
    down = apply(plan, edits.move_by_one(Resolver(plan), first, 1))
    assert clauses_of(down, section)[:2] == [second, first]
    back = apply(down, edits.move_by_one(Resolver(down), first, -1))
    assert clauses_of(back, section)[:2] == [first, second]
    assert edits.move_by_one(Resolver(plan), first, -1) is None  # already first
    last = clauses_of(plan, section)[-1]
    assert edits.move_by_one(Resolver(plan), last, 1) is None


def test_move_by_one_moves_a_chapter_among_the_chapters(plan):
    chapters = list(Resolver(plan).shape.chapters)
    edit = edits.move_by_one(Resolver(plan), chapters[1], -1)
    assert edit is not None and edit.text == "Move section up"
    assert list(Resolver(apply(plan, edit)).shape.chapters)[:2] == [chapters[1], chapters[0]]


# --- proposals ----------------------------------------------------------------------------------

LEAD = "This policy sets out how staff must use email and social media. It aims to:"
PURPOSES = ["This policy explains how staff use the Council email system.",
            "This policy explains how staff use social media."]


def _texts(plan: MergePlan) -> list[str]:
    from consolidator.consolidation.merge import consolidate
    from tests.helpers.plans import DOCS

    return [c.text for s in consolidate(DOCS, plan).iter_sections() for c in s.clauses]


@pytest.fixture
def drafted() -> MergePlan:
    return build()  # the Email and Social Media policies of tests/helpers/plans.py


def test_keeping_the_sources_of_a_proposal_and_using_it_again(drafted):
    plan = drafted
    assert LEAD in _texts(plan) and not set(PURPOSES) & set(_texts(plan))
    head = next(c.id for c in plan.clauses if c.text == LEAD)
    r = Resolver(plan)
    assert {plan.clause(c).text for c in edits.proposal_sources(r, head)} == set(PURPOSES)

    kept = plan.with_decisions(edits.keep_sources(r, head).decisions)
    assert LEAD not in _texts(kept) and set(PURPOSES) <= set(_texts(kept))

    again = kept.with_decisions(edits.use_proposal(Resolver(kept), head).decisions)
    assert LEAD in _texts(again) and not set(PURPOSES) & set(_texts(again))


def test_accepting_a_proposal_answers_its_notes_and_other_clauses_have_no_proposal(drafted):
    plan = drafted
    head = next(c for c in plan.clauses if c.status is ClauseStatus.PROPOSED)
    edit = edits.accept_proposal(Resolver(plan), head.id)
    assert edit.decisions[0].kind is DecisionKind.KEEP
    assert Resolver(plan.with_decisions(edit.decisions)).clause(head.id).decided
    plain = next(c for c in plan.clauses if c.status is not ClauseStatus.PROPOSED)
    r = Resolver(plan)
    assert edits.keep_sources(r, plain.id) is None and edits.accept_proposal(r, plain.id) is None
