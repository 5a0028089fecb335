"""What a new draft changed, said plainly: decisions that no longer apply, conflicts that came
or went (issue #15, point 12)."""

from __future__ import annotations

from consolidator.consolidation.plan import Decision, DecisionKind
from consolidator.consolidation.redraft import conflict_changes, describe_decision
from tests.helpers.plans import DOCS, EMAIL, build


def test_a_decision_is_described_by_what_it_was_about():
    plan = build()
    clause = plan.clauses[1]
    assert describe_decision(plan, Decision(DecisionKind.EXCLUDE, clause.id)) == \
        f"Excluded the clause \u201c{clause.text}\u201d"
    section = plan.sections[0]
    assert describe_decision(plan, Decision(DecisionKind.RENAME, section.id, "About")) == \
        f"Renamed the section \u201c{section.title}\u201d to \u201cAbout\u201d"
    conflict = plan.conflicts[0]
    said = describe_decision(plan, Decision(DecisionKind.KEEP, conflict.id))
    assert said.startswith("The conflict \u201c") and said.endswith("kept both sides")


def test_conflicts_that_came_or_went_with_another_draft():
    both = build(docs=DOCS)
    alone = build(docs=[EMAIL])
    changes = conflict_changes(both.conflicts, alone.conflicts)
    assert changes and set(changes.gone) == set(both.conflicts) and changes.new == ()
    assert not conflict_changes(both.conflicts, build(docs=DOCS).conflicts)
