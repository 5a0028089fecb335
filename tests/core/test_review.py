"""The review's core on tiny policies: the record, carrying decisions, changes, the next version."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.plan import Decision, DecisionKind
from consolidator.metadata import PolicyMetadata, add_months
from consolidator.review.carry import CarryStatus
from consolidator.review.matching import ChangeKind, ClauseChange, SourceStatus
from consolidator.review.pack import change_line
from consolidator.review.record import (
    RecordError,
    build_record,
    record_from_xml,
    record_to_xml,
)
from consolidator.review.review import start_review
from consolidator.review.source_codec import document_from_data, document_to_data
from consolidator.review.versioning import history_summary, next_version
from consolidator.writers.review_summary import (
    DELETE,
    INSERT,
    ReviewSummary,
    write_review_summary,
)
from tests.helpers.docs import H, P, make_doc
from tests.helpers.plans import EMAIL, EMAIL_ITEMS, SOCIAL, build

VALIDATOR = Path(__file__).resolve().parents[3] / "shared" / "tools" / "ooxml_validate.py"
APPROVED = PolicyMetadata(council="Fernbrook District Council", status="Approved",
                          date=date(2026, 11, 20), approval_date=date(2026, 12, 10),
                          committee="Corporate Governance Committee")


def clause_of(plan, doc, text: str) -> str:
    """Returns the plan clause holding the block of `doc` that contains `text`."""
    block = next(b for b in doc.blocks if text in b.text)
    return plan.clause_of_block()[f"{doc.id}/{block.id}"]


def approved_record(decisions=(), docs=(EMAIL, SOCIAL)):
    plan = build(docs=list(docs)).with_decisions(decisions(build(docs=list(docs)))
                                                 if callable(decisions) else decisions)
    merged = consolidate(docs, plan)
    xml = record_to_xml(build_record(docs, plan, APPROVED, merged, app_version="0.1.0"))
    return record_from_xml(etree.fromstring(xml)), plan


def edited_email(replacements: dict[str, str], added=(), doc_id="email-v2"):
    items = [(k, lvl, replacements.get(text, text)) for k, lvl, text in EMAIL_ITEMS]
    items = [item for item in items if item[2] is not None]
    for after, new_items in added:
        at = next(n for n, item in enumerate(items) if item[2] == after) + 1
        items[at:at] = new_items
    return make_doc(doc_id, "Email Policy", items)


# --- the record ---------------------------------------------------------------------------------


def test_the_record_keeps_metadata_decisions_and_the_approved_text():
    record, plan = approved_record(lambda p: [
        Decision(DecisionKind.CUSTOM, clause_of(p, EMAIL, "ICT Service Desk"),
                 value="Report a lost laptop at once.")])
    assert record.metadata == APPROVED
    assert [d.kind for d in record.decisions] == [DecisionKind.CUSTOM]
    assert record.decisions[0].value == "Report a lost laptop at once."
    assert [(s.path, s.content_hash) for s in record.session.sources] == [
        ("Email Policy.docx", "email"), ("Social Media Policy.docx", "social")]
    assert [d.plain_text() for d in record.sources] == [EMAIL.plain_text(), SOCIAL.plain_text()]
    assert [b.id for b in record.sources[0].blocks] == [b.id for b in EMAIL.blocks]
    assert record.app_version == "0.1.0"
    # the draft's own defaults are not the author's decisions
    assert len(record.session.all_decisions) > len(record.decisions)


def test_the_record_names_sources_without_the_authors_folders():
    record, _ = approved_record()
    xml = record_to_xml(record).decode("utf-8")
    assert "/p/" not in xml  # the sources' folder on the author's computer
    assert "Email Policy.docx" in xml


def test_a_source_survives_the_codec_exactly():
    data = document_to_data(EMAIL)
    assert document_from_data(data, EMAIL.path) == EMAIL
    from consolidator.model import Run, finish_blocks

    struck = replace(EMAIL, blocks=finish_blocks(EMAIL.id, [replace(
        EMAIL.blocks[0], id="", runs=(Run("Skype", strike=True), Run(" is gone")))]))
    assert document_from_data(document_to_data(struck), EMAIL.path) == struck


def test_a_newer_or_damaged_record_is_refused_with_a_plain_message():
    record, _ = approved_record()
    root = etree.fromstring(record_to_xml(record))
    root.set("format", "99")
    with pytest.raises(RecordError, match="newer version of Policy Consolidator"):
        record_from_xml(root, "Digital Policy.docx")
    root.set("format", "1")
    root.find("{urn:policy-consolidator:approved-policy}plan").text = "not base64!"
    with pytest.raises(RecordError, match="damaged"):
        record_from_xml(root, "Digital Policy.docx")


# --- the next version ---------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "major", "expected"), [
    ("1.0", False, "1.1"), ("1.9", False, "1.10"), ("1.3", True, "2.0"), ("2", False, "2.1"),
    ("v3.2", False, "3.3"), ("Draft A", False, ""),
])
def test_the_next_version_number(version, major, expected):
    assert next_version(version, major=major) == expected


def change(kind, topic="", in_policy=True, heading=False):
    return ClauseChange(kind, "Email Policy", "5.1", topic, "old", "new", in_policy=in_policy,
                        heading=heading)


def test_the_history_row_is_drafted_from_what_reached_the_policy():
    changes = [change(ChangeKind.REWORDED)] * 3 + [
        change(ChangeKind.ADDED, "Generative AI tools"),
        change(ChangeKind.REWORDED, in_policy=False),  # a source's own document control
        change(ChangeKind.ADDED, "Generative AI tools", heading=True)]
    assert history_summary(changes, 6, 6) == (
        "3 clauses reworded, 1 added on generative AI tools; review interval unchanged")
    assert history_summary([change(ChangeKind.REMOVED)], 6, 12) == (
        "1 clause removed; review interval changed from every 6 to every 12 months")
    assert history_summary([], 6, 6) == (
        "Reviewed: no change to the policy's text; review interval unchanged")


# --- carrying decisions -------------------------------------------------------------------------


def test_unchanged_sources_carry_every_decision_as_it_was():
    record, plan = approved_record(lambda p: [
        Decision(DecisionKind.EXCLUDE, clause_of(p, EMAIL, "Signatures show")),
        Decision(DecisionKind.CUSTOM, clause_of(p, SOCIAL, "Only the communications"),
                 value="Only the communications team runs the Council's accounts.")])
    review = start_review("approved.docx", record, [EMAIL, SOCIAL])
    assert [p.status for p in review.pairs] == [SourceStatus.UNCHANGED] * 2
    assert [c.status for c in review.carried] == [CarryStatus.KEPT] * 2
    assert review.changes == () and review.new_conflicts == ()
    assert set(record.decisions) <= set(review.plan.decisions)


def test_a_changed_source_carries_decisions_to_its_new_ids_and_flags_changed_clauses():
    record, _ = approved_record(lambda p: [
        Decision(DecisionKind.EXCLUDE, clause_of(p, EMAIL, "Signatures show")),
        Decision(DecisionKind.CUSTOM, clause_of(p, EMAIL, "must not use email to send"),
                 value="Staff must not send offensive material by email.")])
    new_email = edited_email({
        "Staff must not use email to send offensive or discriminatory material.":
            "Staff must not use email to send offensive, abusive or discriminatory material."})
    review = start_review("approved.docx", record, [new_email, SOCIAL])
    assert [p.status for p in review.pairs] == [SourceStatus.CHANGED, SourceStatus.UNCHANGED]
    excluded, custom = review.carried
    # the signature clause did not change: its decision is kept, on the clause's new id
    assert excluded.status is CarryStatus.KEPT
    assert excluded.new.target == clause_of(review.plan, new_email, "Signatures show")
    assert excluded.new.target != excluded.old.target
    # the author's wording was about a clause that changed: kept, and to be checked again
    assert custom.status is CarryStatus.CHECK
    assert custom.new.target == clause_of(review.plan, new_email, "abusive")
    assert custom.new.value == "Staff must not send offensive material by email."
    assert "Email Policy" in custom.reason and "changed since approval" in custom.reason
    document = consolidate(review.docs, review.plan)
    texts = [c.text for s in document.iter_sections() for c in s.clauses]
    assert "Staff must not send offensive material by email." in texts
    assert not any("Signatures show" in t for t in texts)


def test_a_decision_about_a_removed_clause_no_longer_applies():
    record, _ = approved_record(lambda p: [
        Decision(DecisionKind.CUSTOM, clause_of(p, EMAIL, "Signatures show"),
                 value="Every email carries a signature.")])
    new_email = edited_email({"Signatures show the sender's name and job title.": None})
    review = start_review("approved.docx", record, [new_email, SOCIAL])
    (carried,) = review.carried
    assert carried.status is CarryStatus.DROPPED and carried.new is None
    assert "removed" in carried.reason
    assert [(c.kind, c.where) for c in review.changes] == [(ChangeKind.REMOVED,
                                                            "Email Policy Email signatures")]


def test_a_decided_conflict_stays_decided_and_a_new_one_is_raised():
    def decide(p):
        (conflict,) = [c for c in p.conflicts if "hours" in c.reason]
        return [Decision(DecisionKind.KEEP, conflict.id)]

    record, plan = approved_record(decide)
    new_email = edited_email({}, added=[("Signatures show the sender's name and job title.", [
        (H, 1, "Official accounts"),
        (P, 0, "Only the ICT team runs official accounts.")])])
    review = start_review("approved.docx", record, [new_email, SOCIAL])
    (kept,) = review.carried
    assert kept.status is CarryStatus.KEPT
    assert kept.new.target in {c.id for c in review.plan.conflicts}
    (new,) = review.new_conflicts
    assert "Email Policy" in new.where and "Social Media Policy" in new.where
    assert [(c.kind, c.topic) for c in review.changes if not c.heading] == [
        (ChangeKind.ADDED, "Official accounts")]


def test_the_next_version_is_drafted_with_its_history_row_and_review_dates():
    record, _ = approved_record()
    new_email = edited_email({"A lost laptop must be reported to the ICT Service Desk within "
                              "24 hours.": "A lost laptop must be reported to the ICT Service "
                                           "Desk at once."})
    review = start_review("approved.docx", record, [new_email, SOCIAL],
                          reviewed_on=date(2027, 5, 20), approval_date=date(2027, 6, 9))
    meta = review.metadata
    assert (meta.version, meta.status, meta.date) == ("1.1", "For approval", date(2027, 5, 20))
    assert meta.next_review_date == add_months(date(2027, 6, 9), 6) == date(2027, 12, 9)
    history = meta.history()
    assert [e.version for e in history] == ["1.0", "1.1"]
    assert history[-1].summary == "1 clause reworded; review interval unchanged"
    assert history[-1].date == date(2027, 5, 20)
    major = start_review("approved.docx", record, [new_email, SOCIAL], major=True,
                         review_months=12)
    assert major.metadata.version == "2.0" and major.metadata.review_months == 12
    assert major.metadata.history()[-1].summary.endswith(
        "review interval changed from every 6 to every 12 months")


def test_sources_are_matched_by_name_title_or_kind_and_new_ones_are_added():
    record, _ = approved_record()
    renamed = replace(edited_email({}, doc_id="email-v3"), path="/q/Council Email Rules.docx")
    extra = make_doc("byod", "Bring Your Own Device Policy",
                     [(H, 1, "Scope"), (P, 0, "Staff may use their own phone for email.")])
    review = start_review("approved.docx", record, [renamed, SOCIAL, extra])
    assert [(p.status, p.name) for p in review.pairs] == [
        (SourceStatus.CHANGED, "Council Email Rules.docx"),  # other bytes, the same text
        (SourceStatus.UNCHANGED, "Social Media Policy.docx"),
        (SourceStatus.ADDED, "Bring Your Own Device Policy.docx")]
    assert review.changes == ()
    dropped = start_review("approved.docx", record, [SOCIAL])
    assert [p.status for p in dropped.pairs] == [SourceStatus.REMOVED, SourceStatus.UNCHANGED]


# --- the summary ---------------------------------------------------------------------------------


def test_a_reworded_clause_shows_its_words_struck_and_added(tmp_path):
    line = change_line(ClauseChange(
        ChangeKind.REWORDED, "Email Policy", "6.4", "Personal devices",
        "A lost phone must be reported within 24 hours to the ICT Service Desk.",
        "A lost phone must be reported within 48 hours to the ICT Service Desk."))
    assert (line.where, line.verb) == ("Email Policy 6.4", "changed")
    assert (DELETE, "24") in line.segments and (INSERT, "48") in line.segments
    out = write_review_summary(ReviewSummary(
        "Digital Policy: changes in version 1.1", "Version 1.1 is proposed.",
        (("Version proposed", "1.1"),), (line,), "", (), ()), tmp_path / "summary.docx")
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<w:strike/>" in body and '<w:u w:val="single"/>' in body
    if VALIDATOR.exists():  # the workplace's ECMA-376 validator, beside the repository
        result = subprocess.run([sys.executable, str(VALIDATOR), str(out)], capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
