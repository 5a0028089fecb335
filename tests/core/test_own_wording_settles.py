"""The author's own wording of a clause in conflict settles the conflict: the Digital Policy
prints that wording alone, not beside the clauses it replaces (issue #15, point 2)."""

from __future__ import annotations

import pytest

from consolidator.consolidation import edits
from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.plan import Decision, DecisionKind, MergePlan, slot
from consolidator.consolidation.resolve import Resolver, resolve_plan
from consolidator.metadata import PolicyMetadata
from consolidator.readers import read_document
from consolidator.writers.policy_docx import export_policy
from tests.helpers.plans import DOCS, build

OWN = "A lost laptop must be reported to the ICT Service Desk as soon as possible."


@pytest.fixture(scope="module")
def plan() -> MergePlan:
    return build()


def laptop_conflict(plan: MergePlan):
    return next(c for c in plan.conflicts if "laptop" in c.a.text and "laptop" in c.b.text)


def test_own_wording_on_a_side_of_a_conflict_settles_it_in_one_step(plan):
    conflict = laptop_conflict(plan)
    mine, other = plan.conflict_clauses(conflict)
    r = Resolver(plan)
    assert conflict.id in r.open_conflicts_of(mine)
    edit = edits.own_wording(r, mine, OWN)
    assert edit is not None and "settles 1 conflict" in edit.text
    after = plan.with_decisions(edit.decisions)
    resolved = resolve_plan(after)
    assert conflict.id not in resolved.open_conflict_ids
    by_id = {c.id: c for c in resolved.clauses()}
    assert by_id[mine].text == OWN and by_id[mine].in_output
    assert by_id[other].merged_into == mine and not by_id[other].in_output


def test_the_export_holds_only_the_authors_wording(plan, tmp_path):
    conflict = laptop_conflict(plan)
    mine, _ = plan.conflict_clauses(conflict)
    after = plan.with_decisions(edits.own_wording(Resolver(plan), mine, OWN).decisions)
    document = consolidate(DOCS, after)
    assert not document.open_conflicts
    path = export_policy(document, tmp_path / "policy.docx", PolicyMetadata())
    text = read_document(path).plain_text()
    body = text[: text.index("Appendix A: Where each section came from")]  # the policy itself
    assert OWN in body
    assert "within 24 hours" not in body and "within 48 hours" not in body


def test_editing_the_clause_that_lost_makes_it_the_one_printed(plan):
    conflict = laptop_conflict(plan)
    mine, other = plan.conflict_clauses(conflict)
    lost = plan.with_decision(Decision(DecisionKind.CHOOSE, conflict.id, other))
    assert Resolver(lost).merged_into.get(mine) == other
    after = lost.with_decisions(edits.own_wording(Resolver(lost), mine, OWN).decisions)
    assert after.decision(slot(DecisionKind.KEEP, conflict.id)).value == mine
    by_id = {c.id: c for c in resolve_plan(after).clauses()}
    assert by_id[mine].in_output and by_id[mine].text == OWN
    assert by_id[other].merged_into == mine


def test_a_conflict_kept_both_ways_stays_so(plan):
    conflict = laptop_conflict(plan)
    mine, other = plan.conflict_clauses(conflict)
    kept = plan.with_decision(Decision(DecisionKind.KEEP, conflict.id))
    edit = edits.own_wording(Resolver(kept), mine, OWN)
    assert edit is not None and edit.text == "Edit clause text"
    after = kept.with_decisions(edit.decisions)
    by_id = {c.id: c for c in resolve_plan(after).clauses()}
    assert by_id[mine].in_output and by_id[other].in_output  # both still printed


def test_own_wording_of_a_clause_in_no_conflict_is_one_decision(plan):
    r = Resolver(plan)
    in_conflict = {cid for c in plan.conflicts for cid in plan.conflict_clauses(c)}
    plain = next(cid for cid in r.shape.clause_ids() if cid not in in_conflict)
    edit = edits.own_wording(r, plain, "Staff must read this policy.")
    assert edit is not None
    assert [d.kind for d in edit.decisions] == [DecisionKind.CUSTOM]
