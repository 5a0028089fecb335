"""Draft plan, decisions and consolidate(): the ledger accounts for every source block."""

from collections import Counter

from consolidator.align import Pin, PinKind, align_sections
from consolidator.clauses import analyse_clauses
from consolidator.merge import consolidate, coverage
from consolidator.model import Fate
from consolidator.plan import Decision, DecisionKind, draft_plan
from consolidator.resolve import resolve_plan
from consolidator.sections import iter_sections
from tests.core.test_align import H, P, make_doc

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
    alignment = align_sections(docs, pins)
    analysis = analyse_clauses(docs, alignment)
    return draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)


def assert_ledger_complete(doc):
    sources = Counter((d.id, b.id) for d in DOCS for b in d.blocks)
    ledgered = Counter((e.source.document_id, e.source.block_id) for e in doc.ledger)
    assert ledgered == sources  # every block exactly once
    clause_ids = {c.id for s in doc.iter_sections() for c in s.clauses}
    section_ids = {s.id for s in doc.iter_sections()}
    for entry in doc.ledger:
        if entry.fate is Fate.EXCLUDED:
            assert entry.clause_id == ""
        else:
            assert entry.clause_id in clause_ids | section_ids, entry


def test_draft_outline_has_common_chapters_then_channel_chapters():
    plan = build()
    assert [(s.title, s.level) for s in plan.sections] == [
        ("Introduction", 1), ("Acceptable use", 1), ("Email", 1), ("Email signatures", 2),
        ("Social media", 1), ("Official accounts", 2), ("Security and data protection", 1),
        ("Document control", 1), ("Front matter of the source policies", 1),
    ]
    assert {d.id for d in plan.decisions} == {"exclude:p-document-control",
                                              "exclude:p-front-matter"}


def test_consolidated_document_merges_duplicates_and_keeps_conflicts_open():
    plan = build()
    doc = consolidate(DOCS, plan)
    texts = [c.text for s in doc.iter_sections() for c in s.clauses]
    assert ("Staff must not use email or social media to send offensive or discriminatory "
            "material.") in texts
    assert texts.count("Staff must not share their password with anyone, including ICT "
                       "staff.") == 1
    assert "A lost laptop must be reported to the ICT Service Desk within 24 hours." in texts
    assert "A lost laptop must be reported to the ICT Service Desk within 48 hours." in texts
    assert doc.conflicts_open == 1
    assert coverage(doc) == {"blocks": 22, "kept": 13, "merged": 5, "excluded": 4}
    assert_ledger_complete(doc)


def test_ledger_accounts_for_every_block_after_any_decisions():
    plan = build()
    (conflict,) = plan.conflicts
    a, b = plan.conflict_clauses(conflict)
    password = next(c for c in plan.clauses if c.text.startswith("Staff must not share"))
    plan = plan.with_decisions([
        Decision(DecisionKind.CHOOSE, conflict.id, a),
        Decision(DecisionKind.EXCLUDE, password.id),
        Decision(DecisionKind.INCLUDE, "p-document-control"),
        Decision(DecisionKind.MOVE, plan.section("p-introduction").clause_ids[0],
                 "p-acceptable-use"),
        Decision(DecisionKind.RENAME, "p-introduction", "About this policy"),
    ])
    doc = consolidate(DOCS, plan)
    assert_ledger_complete(doc)
    assert doc.conflicts_open == 0
    fates = {e.text: e for e in doc.ledger}
    loser = fates["A lost laptop must be reported to the ICT Service Desk within 48 hours."]
    assert (loser.fate, loser.clause_id) == (Fate.MERGED, a)
    assert fates["Version 2.1 approved March 2021."].fate is Fate.KEPT
    assert fates["Staff must not share their password with anyone, including ICT staff."].fate \
        is Fate.EXCLUDED
    assert doc.sections[0].title == "About this policy"


def test_custom_wording_and_undo_as_value_swap():
    plan = build()
    target = next(c for c in plan.clauses if c.text.startswith("Staff must not use email or"))
    new = Decision(DecisionKind.COMBINE, target.id, "Staff must never send offensive material.")
    old = plan.decision(new.id)
    edited = plan.with_decision(new)
    texts = [c.text for c in resolve_plan(edited).clauses()]
    assert "Staff must never send offensive material." in texts
    undone = edited.with_decision(old) if old else edited.without_decision(new.id)
    assert undone == plan


def test_pin_changes_the_outline():
    official = next(s.id for s in iter_sections(SOCIAL) if s.title == "Official accounts")
    signatures = next(s.id for s in iter_sections(EMAIL) if s.title == "Email signatures")
    plan = build([Pin(PinKind.FORCE, (signatures, official))])
    chapter = plan.section("p-t-" + min(official, signatures))
    assert (chapter.title, chapter.level, len(chapter.clause_ids)) == ("Email signatures", 1, 2)


def test_decisions_survive_realignment_and_dead_ones_are_reported():
    plan = build()
    signatures = plan.section("p-" + "t-" + next(
        s.id for s in iter_sections(EMAIL) if s.title == "Email signatures"))
    keep = Decision(DecisionKind.RENAME, "p-acceptable-use", "Using Council systems")
    dead = Decision(DecisionKind.RENAME, signatures.id, "Signatures")
    plan = plan.with_decisions([keep, dead])
    # the Email Policy changed on disk: its signatures section is gone
    changed = make_doc("email-v2", "Email Policy", [
        (k, lvl, t) for k, lvl, t in EMAIL_ITEMS if "ignature" not in t
    ])
    redrafted = build(docs=[changed, SOCIAL])
    rebased, dropped = plan.rebased(redrafted)
    assert rebased.decision(keep.id) == keep
    assert dropped == (dead,)
    assert rebased.decision("exclude:p-front-matter") is not None


# --- On the bundled samples (resources/samples/planted.json) ----------------------------------

def _sample_analysis():
    import json

    import pytest

    from tests.conftest import SAMPLES

    planted = SAMPLES / "planted.json"
    if not planted.exists():
        pytest.skip("bundled samples not present")
    from consolidator.readers import read_document

    data = json.loads(planted.read_text(encoding="utf-8"))
    docs = [read_document(SAMPLES / name) for name in data["files"] if "/" not in name]
    alignment = align_sections(docs)
    return data, docs, alignment, analyse_clauses(docs, alignment)


def _norm(text):
    return " ".join(text.split())


def test_samples_every_planted_duplicate_is_found():
    data, docs, _, analysis = _sample_analysis()
    names = {d.id: d.name for d in docs}
    clustered = [{(names[m.document_id], _norm(m.text)) for m in c.members}
                 for c in analysis.clusters]
    missing = [dup["id"] for dup in data["duplicates"]
               if not any({(c["file"], _norm(c["text"])) for c in dup["clauses"]} <= have
                          for have in clustered)]
    assert missing == []


# Conflicts flagged on the samples that match no planted conflict, at most. Today there are 2,
# both permitted-vs-prohibited pairs under Personal use that an author merging the personal-use
# rules has to read anyway: "may use Council computers to access their personal social media
# accounts during an unpaid break" (Social Media) vs "Council email accounts must not be used for
# personal correspondence at any time" (Email), and "Personal use must not take place during
# working time" (Social Media) vs "Limited personal use of the internet is permitted in ... own
# time" (Internet). Raise this only for a flagged pair an author would want to see.
MAX_SAMPLE_FALSE_ALARMS = 2


def _planted_conflict_matcher(data, names):
    """Returns (groups, matches(ref, group)): a clause matches a planted conflict's clause by
    file and text, or by text alone when a planted `identical` duplicate links the two files
    (the same sentence in two policies is the same clause, e.g. "reviewed every two years")."""
    groups = [[(c["file"], _norm(c["text"])) for c in con["clauses"]] for con in data["conflicts"]]
    copies = {
        (_norm(c["text"]), c["file"]): {o["file"] for o in dup["clauses"]}
        for dup in data["duplicates"] if dup["kind"] == "identical" for c in dup["clauses"]
    }

    def matches(ref, group):
        name, text = names[ref.document_id], _norm(ref.text)
        return [
            k for k, (f, t) in enumerate(group)
            if text in t and (f == name or name in copies.get((t, f), ()))
        ]

    return groups, matches


def test_samples_every_planted_conflict_is_found(capsys):
    data, docs, _, analysis = _sample_analysis()
    names = {d.id: d.name for d in docs}
    groups, matches = _planted_conflict_matcher(data, names)
    missing = []
    for con, group in zip(data["conflicts"], groups, strict=True):
        # every clause of the planted conflict is one side of a flagged conflict whose other
        # side is another clause of the same planted conflict
        covered: set[int] = set()
        for c in analysis.conflicts:
            ka, kb = matches(c.a, group), matches(c.b, group)
            if ka and kb and set(ka) | set(kb) != set(ka) & set(kb):
                covered |= set(ka) | set(kb)
        missing += [(con["id"], group[k][1]) for k in range(len(group)) if k not in covered]
    with capsys.disabled():
        print(f"\nsamples: {len(groups)} planted conflicts, clauses not flagged: {missing}")
    assert missing == []


def test_samples_conflicts_found_have_few_false_alarms_and_ledger_is_complete(capsys):
    data, docs, alignment, analysis = _sample_analysis()
    names = {d.id: d.name for d in docs}
    planted, matches = _planted_conflict_matcher(data, names)

    def is_planted(conflict):
        return any(matches(conflict.a, group) and matches(conflict.b, group)
                   for group in planted)

    true = [c for c in analysis.conflicts if is_planted(c)]
    false = [c for c in analysis.conflicts if not is_planted(c)]
    with capsys.disabled():
        print(f"\nsamples: {len(true)} conflicts flagged that were planted "
              f"({len(planted)} planted), {len(false)} false alarms")
        for c in false:
            print(f"  false alarm: {c.reason}\n    {c.a.text!r}\n    {c.b.text!r}")
    assert len(false) <= MAX_SAMPLE_FALSE_ALARMS
    assert len(true) >= 2  # monitoring retention (12 vs six months), authorisation (roles)
    plan = draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)
    doc = consolidate(docs, plan)
    sources = Counter((d.id, b.id) for d in docs for b in d.blocks)
    assert Counter((e.source.document_id, e.source.block_id) for e in doc.ledger) == sources
