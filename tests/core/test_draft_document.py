"""The Digital Policy compared with a source, and a wording taken from the comparison into it
(issue #15, point 14)."""

from __future__ import annotations

from consolidator.consolidation import edits
from consolidator.consolidation.as_document import DRAFT_ID, draft_document
from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.plan import DecisionKind, slot
from consolidator.consolidation.resolve import Resolver, resolve_plan
from consolidator.diffing import RowKind, diff_blocks
from consolidator.model import BlockKind
from tests.helpers.plans import DOCS, EMAIL, build


def test_the_draft_is_a_document_of_numbered_headings_and_clauses():
    plan = build()
    merged = consolidate(DOCS, plan)
    document, shows = draft_document(merged)
    assert document.id == DRAFT_ID and document.name == "Digital Policy (draft)"
    headings = [b for b in document.blocks if b.kind is BlockKind.HEADING]
    assert [h.label for h in headings][:2] == ["1", "2"]
    clause_ids = {c.id for s in merged.iter_sections() for c in s.clauses}
    assert {shows[b.id] for b in document.blocks if b.kind is not BlockKind.HEADING} == \
        clause_ids


def test_the_draft_compared_with_a_source_shows_what_the_merge_changed():
    merged = consolidate(DOCS, build())
    document, _ = draft_document(merged)
    diff = diff_blocks(list(EMAIL.blocks), list(document.blocks))
    kinds = {row.kind for row in diff.rows}
    assert RowKind.EQUAL in kinds and kinds - {RowKind.EQUAL}  # kept clauses and changes


def test_taking_a_wording_uses_the_clauses_own_variant_or_the_authors():
    plan = build()
    r = Resolver(plan)
    clause = next(c for c in plan.clauses if len({ref.text for ref in c.sources}) > 1)
    other = clause.sources[1]
    edit = edits.take_wording(r, clause.id, other.text, other.key)
    assert edit is not None
    assert [d.kind for d in edit.decisions] == [DecisionKind.CHOOSE]
    # a wording from elsewhere (an older version compared) is the author's own
    own = edits.take_wording(r, clause.id, "Staff must follow the older rule.", "old/b9")
    assert own is not None and own.decisions[0].kind is DecisionKind.CUSTOM
    assert own.text.startswith("Take the wording from Compare")
    assert edits.take_wording(r, clause.id, Resolver(plan).clause(clause.id).text) is None


def test_taking_a_wording_into_a_clause_in_conflict_settles_it():
    plan = build()
    conflict = plan.conflicts[0]
    mine, _ = plan.conflict_clauses(conflict)
    edit = edits.take_wording(Resolver(plan), mine, "Report it at once.", "old/b1")
    after = plan.with_decisions(edit.decisions)
    assert after.decision(slot(DecisionKind.KEEP, conflict.id)).value == mine
    assert conflict.id not in resolve_plan(after).open_conflict_ids


def test_a_block_split_into_sentences_names_each_clause():
    plan = build()
    r = Resolver(plan)
    block = plan.clauses[0].sources[0].block_key
    assert plan.clauses[0].id in edits.clauses_of_block(r, block)
