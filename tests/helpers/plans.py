"""Two small policies (Email, Social Media) and their draft: shared by the plan tests."""

from collections import Counter

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.draft import draft_plan
from consolidator.model import Fate
from tests.helpers.docs import H, P, make_doc

EMAIL_ITEMS = [
    (P, 0, "Email Policy"),
    (H, 1, "Purpose"), (P, 0, "This policy explains how staff use the Council email system."),
    (H, 1, "Acceptable use"),
    (P, 0, "Staff must not use email to send offensive or discriminatory material."),
    (P, 0, "Staff must not share their password with anyone, including ICT staff."),
    (P, 0, ""),
    (H, 1, "Security"),
    (P, 0, "A lost laptop must be reported to the ICT Service Desk within 24 hours."),
    (H, 1, "Email signatures"), (P, 0, "Signatures show the sender's name and job title."),
    (H, 1, "Document control"), (P, 0, "Version 2.1 approved March 2021."),
]
EMAIL = make_doc("email", "Email Policy", EMAIL_ITEMS)
SOCIAL = make_doc("social", "Social Media Policy", [
    (H, 1, "Aims of this policy"), (P, 0, "This policy explains how staff use social media."),
    (H, 1, "Acceptable use"),
    (P, 0, "Staff must not use social media to send offensive or discriminatory material."),
    (P, 0, "Staff must not share their password with anyone, including ICT staff."),
    (H, 1, "Security"),
    (P, 0, "A lost laptop must be reported to the ICT Service Desk within 48 hours."),
    (H, 1, "Official accounts"), (P, 0, "Only the communications team runs official accounts."),
])
DOCS = [EMAIL, SOCIAL]


def build(pins=(), docs=DOCS):
    """Returns the draft plan of `docs`."""
    alignment = align_sections(docs, pins)
    analysis = analyse_clauses(docs, alignment)
    return draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)


def assert_ledger_complete(doc, docs=DOCS):
    """Asserts the coverage ledger holds every source block once, pointing at what is there."""
    sources = Counter((d.id, b.id) for d in docs for b in d.blocks)
    ledgered = Counter((e.source.document_id, e.source.block_id) for e in doc.ledger)
    assert ledgered == sources  # every block exactly once
    clause_ids = {c.id for s in doc.iter_sections() for c in s.clauses}
    section_ids = {s.id for s in doc.iter_sections()}
    for entry in doc.ledger:
        if entry.fate is Fate.EXCLUDED:
            assert entry.clause_id == ""
        else:
            assert entry.clause_id in clause_ids | section_ids, entry
