"""The editorial draft never loses, inverts or hides a rule.

Each case is a small pair of policies a reviewer built to break the draft (a ban under a purpose
lead-in, a conflict hidden by a rewording, a list item parted from its "You must not:", a scope
statement saying whom a policy does not cover ...), and the audit of tests/helpers/audit.py runs
on the bundled samples and the real policies: no reworded or merged block's words missing where
it went, no list item under another lead-in, no conflict closed by the draft itself.
"""

import re
from pathlib import Path

import pytest

from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.resolve import open_conflicts
from consolidator.consolidation.units import holds_as_written
from consolidator.model import (
    Block,
    BlockKind,
    Cell,
    Fate,
    Run,
    SourceDocument,
    Table,
    finish_blocks,
)
from consolidator.readers import read_document
from tests.conftest import SAMPLE_FILES
from tests.helpers.audit import closed_conflicts, lost_words, separated_items
from tests.helpers.docs import H, L, P, make_doc
from tests.helpers.plans import assert_ledger_complete, build

REAL = sorted((Path(__file__).parents[1] / "data" / "real-policies").glob("*.md"))


def draft(docs):
    plan = build(docs=docs)
    doc = consolidate(docs, plan)
    assert_ledger_complete(doc, docs)
    return plan, doc


def texts(doc) -> list[str]:
    return [c.text for s in doc.iter_sections() for c in s.clauses]


def in_order(doc) -> list[str]:
    return [f"{s.title}: {c.text}" for s in doc.iter_sections() for c in s.clauses]


def phishing(doc_id="email", title="Email Policy"):
    return [(H, 1, "Auto-forwarding"), (P, 0, f"Staff must report phishing to the {doc_id} team.")]


@pytest.mark.parametrize("paths", [SAMPLE_FILES, REAL], ids=["samples", "real policies"])
def test_no_rule_is_lost_parted_from_its_lead_in_or_left_undecided_unseen(paths):
    docs = [read_document(p) for p in paths]
    plan, doc = draft(docs)
    assert closed_conflicts(plan) == []
    assert lost_words(doc, docs) == [] or _known_rewordings(lost_words(doc, docs))
    assert [s for s in separated_items(doc, docs) if "must" not in s.lower()] == []


@pytest.mark.parametrize("paths", [SAMPLE_FILES, REAL], ids=["samples", "real policies"])
def test_the_ledger_says_reworded_only_of_text_not_in_the_body_as_written(paths):
    """A chapter opening moved as it was, or the Scope's widest statement, is in the body word
    for word: the ledger called it reworded (and merge --report counted it so), as if Appendix
    B had to quote it. What is reworded is nowhere in the body as written."""
    docs = [read_document(p) for p in paths]
    _, doc = draft(docs)
    body = texts(doc)
    reworded = [e.text for e in doc.ledger if e.fate is Fate.REWORDED]
    assert reworded and [t for t in reworded if any(holds_as_written(b, t) for b in body)] == []
    moved = [e for e in doc.ledger if e.note.startswith(("moved to the opening", "moved into"))]
    assert Fate.KEPT in {e.fate for e in moved}
    assert all((e.fate is Fate.KEPT) == any(holds_as_written(b, e.text) for b in body)
               for e in moved)


def _known_rewordings(lost: list[str]) -> bool:
    """The rewordings that drop words on purpose: a scope statement's people named with other
    words ("agency workers" / "agency staff"), a sentence naming a superseded document as such,
    and one sending the reader to the separate policies this one replaces."""
    allowed = {"workers", "justice", "ministry", "covered", "separate"}
    return all(set(line.rsplit("lost ", 1)[1].strip("[]'").split("', '")) <= allowed
               for line in lost)


# --- conflicts stay open ------------------------------------------------------------------------

def test_a_rewording_never_closes_a_conflict():
    allows = make_doc("email", "Email Policy", [
        (H, 1, "Personal use"),
        (P, 0, "Under this email policy, staff may send personal emails at lunchtime."),
        *phishing()])
    bans = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Personal use"), (P, 0, "Staff must not send personal emails at lunchtime."),
        (H, 1, "Web filtering"), (P, 0, "Staff must not get around the web filter.")])
    plan, doc = draft([allows, bans])
    assert len(plan.conflicts) == 1 and len(open_conflicts(plan)) == 1
    assert doc.conflicts_open == 1


# --- the Introduction ---------------------------------------------------------------------------

def test_a_purpose_lead_in_stating_a_ban_keeps_its_rules():
    never = make_doc("email", "Email Policy", [
        (H, 1, "Purpose"),
        (P, 0, "The purpose of this policy is to make sure that staff never:"),
        (L, 0, "send personal data to a personal email account;"),
        (L, 0, "open attachments from unknown senders."), *phishing()])
    other = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Purpose"), (P, 0, "This policy explains how staff use the internet."),
        (H, 1, "Web filtering"), (P, 0, "Staff must not get around the web filter.")])
    _, doc = draft([never, other])
    printed = in_order(doc)
    lead = printed.index(next(t for t in printed if t.endswith("that staff never:")))
    assert printed[lead + 1].endswith("send personal data to a personal email account;")
    assert not any("aims to" in t and "personal data" in t for t in printed)


def test_the_introduction_keeps_every_rule_and_aim_of_the_purpose_statements():
    first = make_doc("email", "Email Policy", [
        (H, 1, "Purpose"), (P, 0, "This policy aims to:"),
        (L, 0, "allow staff to use Council email for personal messages;"),
        (L, 0, "protect the Council's network."), *phishing()])
    second = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Purpose"), (P, 0, "This policy aims to:"),
        (L, 0, "make clear that staff are not allowed to use Council email for personal "
               "messages;"),
        (L, 0, "protect the Council's network from harm caused by malicious websites."),
        (H, 1, "Web filtering"), (P, 0, "Staff must not get around the web filter.")])
    third = make_doc("social", "Social Media Policy", [
        (H, 1, "Purpose"),
        (P, 0, "This policy explains how staff use social media. It is a disciplinary offence "
               "to post confidential information online."),
        (H, 1, "Official accounts"), (P, 0, "Official accounts must be approved.")])
    _, doc = draft([first, second, third])
    body = " ".join(texts(doc))
    for words in ("not allowed to use Council email for personal messages",
                  "allow staff to use Council email for personal messages",
                  "from harm caused by malicious websites",
                  "explain how staff use social media",
                  "It is a disciplinary offence to post confidential information online."):
        assert words in body


# --- the Scope ----------------------------------------------------------------------------------

def test_a_statement_of_whom_a_policy_does_not_cover_is_never_turned_round():
    email = make_doc("email", "Email Policy", [
        (H, 1, "Scope"), (P, 0, "This policy applies to all staff, contractors and elected "
                                "Members."), *phishing()])
    social = make_doc("social", "Social Media Policy", [
        (H, 1, "Scope"), (P, 0, "This policy does not apply to contractors."),
        (H, 1, "Official accounts"), (P, 0, "Official accounts must be approved.")])
    _, doc = draft([email, social])
    assert "This policy does not apply to contractors." in texts(doc)
    assert not any("applies to contractors" in t for t in texts(doc))


def test_a_narrower_statement_of_a_policy_without_a_channel_chapter_stays():
    email = make_doc("email", "Email Policy", [
        (H, 1, "Scope"), (P, 0, "This policy applies to all staff and contractors."),
        *phishing()])
    remote = make_doc("remote", "Remote Working Policy", [
        (H, 1, "Scope"),
        (P, 0, "This policy applies only to staff who have been approved to work from home."),
        (H, 1, "Equipment"), (P, 0, "Staff must use a Council laptop at home.")])
    _, doc = draft([email, remote])
    body = " ".join(texts(doc))
    assert "approved to work from home" in body


def test_the_same_people_in_another_situation_keep_it():
    email = make_doc("email", "Email Policy", [
        (H, 1, "Scope"), (P, 0, "This policy applies to all staff and contractors whenever "
                                "they use Council-issued laptops, desktops or phones."),
        *phishing()])
    internet = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Scope"), (P, 0, "This policy applies to all staff and contractors, even on "
                                "their own devices."),
        (H, 1, "Web filtering"), (P, 0, "Staff must not get around the web filter.")])
    _, doc = draft([email, internet])
    assert "even on their own devices" in " ".join(texts(doc))


# --- Definitions and Roles ----------------------------------------------------------------------

def _with_tables(doc_id: str, title: str, items) -> SourceDocument:
    blocks = []
    for item in items:
        if isinstance(item, list):
            blocks.append(Block("", BlockKind.TABLE, table=Table(tuple(
                tuple(Cell((Block("", BlockKind.PARAGRAPH, (Run(t),)),)) for t in row)
                for row in item))))
        else:
            kind, level, text = item
            blocks.append(Block("", BlockKind(kind), (Run(text),), level=level))
    return SourceDocument(id=doc_id, path=f"/p/{title}.docx", format="docx", title=title,
                          blocks=finish_blocks(doc_id, blocks))


def test_one_definitions_and_roles_table_loses_no_row_and_keeps_opposite_duties():
    email = _with_tables("email", "Email Policy", [
        (H, 1, "Definitions"),
        [["Personal data", "Information about a living person who can be identified."],
         ["Phishing", "An email that tries to trick you into giving away details."]],
        (H, 1, "Roles and responsibilities"),
        [["Role", "Responsibilities"],
         ["Line managers", "Line managers must approve personal use of Council email."],
         ["", "They must also review access every six months."]],
        *phishing()])
    internet = _with_tables("internet", "Internet Use Policy", [
        (H, 1, "Definitions"), [["Term", "Meaning"], ["Malware", "Software that does harm."]],
        (H, 1, "Roles and responsibilities"),
        [["Role", "Responsibilities"],
         ["Line managers", "Line managers must not approve personal use of Council email."]],
        (H, 1, "Web filtering"), (P, 0, "Staff must not get around the web filter.")])
    _, doc = draft([email, internet])
    cells = " ".join(c.text for c in doc.iter_sections() for c in c.clauses if c.table)
    for words in ("Personal data", "Phishing", "Malware", "review access every six months",
                  "must approve personal use", "must not approve personal use"):
        assert words in cells


def test_each_sources_owner_owns_its_chapter_not_the_whole_policy():
    def policy(doc_id, title, owner, topic, rule):
        return _with_tables(doc_id, title, [
            (H, 1, "Roles and responsibilities"),
            [["Role", "Responsibilities"], [owner, "Owns this policy and reviews it yearly."],
             ["All staff", "Follow this policy."]],
            (H, 1, topic), (P, 0, rule)])
    email = policy("email", "Email Policy", "Information Governance Manager", "Auto-forwarding",
                   "Staff must not forward Council email to a personal account.")
    internet = policy("internet", "Internet Use Policy", "Head of ICT", "Web filtering",
                      "Staff must not get around the web filter.")
    _, doc = draft([email, internet])
    table = next(c.table for s in doc.iter_sections() for c in s.clauses
                 if c.table is not None and "Head of ICT" in c.text)
    duties = {row[0].text: row[1].text for row in table.rows}
    assert duties["Information Governance Manager"].startswith(
        "Owns the Email chapter of this policy and reviews it yearly.")
    assert duties["Head of ICT"].startswith("Owns the Internet chapter of this policy")
    assert duties["All staff"] == "Follow this policy."


# --- lead-ins and their lists -------------------------------------------------------------------

def test_list_items_stay_under_their_own_lead_in():
    email = make_doc("email", "Email Policy", [
        (H, 1, "Security"), (P, 0, "You must:"),
        (L, 0, "lock your screen when you leave your desk;"),
        (L, 0, "use a password of at least 12 characters."),
        (P, 0, "You must not:"), (L, 0, "share your password with a colleague;"),
        (L, 0, "open attachments from unknown senders.")])
    mobile = make_doc("mobile", "Mobile Phone Policy", [
        (H, 1, "Security"), (P, 0, "You must not:"),
        (L, 0, "leave your phone unattended in a public place;"),
        (L, 0, "install apps from outside the app store.")])
    _, doc = draft([email, mobile])
    assert separated_items(doc, [email, mobile]) == []


def test_a_consequence_inside_a_list_of_rules_stays_in_its_list():
    email = make_doc("email", "Email Policy", [
        (H, 1, "Auto-forwarding"), (P, 0, "You must not:"),
        (L, 0, "set up rules that forward email outside the Council;"),
        (L, 0, "use another person's account, which is a disciplinary offence."),
        (H, 1, "Breaches"), (P, 0, "Failure to comply with this policy may result in "
                                   "disciplinary action.")])
    _, doc = draft([email, make_doc("internet", "Internet Use Policy", [
        (H, 1, "Web filtering"), (P, 0, "Staff must not get around the web filter.")])])
    assert separated_items(doc, [email]) == []


# --- pointers and residue -----------------------------------------------------------------------

def test_a_rule_that_also_points_at_another_policy_is_kept():
    laptops = make_doc("laptops", "Laptops", [
        (H, 1, "Security"), (P, 0, "See also: staff must lock laptops when they leave them."),
        (L, 0, "Insert the encryption key only into Council laptops")])
    email = make_doc("email", "Email Policy", [
        (H, 1, "Lost devices"),
        (P, 0, "Staff must report a lost phone to the ICT Service Desk within one hour (see also "
               "the Mobile Phone Policy)."), *phishing()])
    _, doc = draft([laptops, email])
    kept = " ".join(texts(doc))
    assert "staff must lock laptops when they leave them" in kept
    assert "Insert the encryption key only into Council laptops" in kept
    assert "within one hour" in kept
    assert not [e for e in doc.ledger if e.fate is Fate.EXCLUDED and "laptop" in e.text]


def test_a_note_on_where_a_source_came_from_goes_to_appendix_b_not_a_rule_that_says_based():
    note = ("Please note that this guidance is based on that of the Ministry of Justice and "
            "adapted for use at NHS England.")
    rule = "This policy is based on the principle that staff must not share passwords."
    guide = make_doc("guide", "Open Internet Tools", [
        (H, 1, "Introduction"), (P, 0, note), (P, 0, "Tools help staff work well."),
        (H, 1, "Security"), (P, 0, rule + " Passwords must be long."), (P, 0, rule)])
    _, doc = draft([guide, make_doc("internet", "Internet Use Policy", [
        (H, 1, "Web filtering"), (P, 0, "Staff must not get around the web filter.")])])
    assert note not in texts(doc)
    assert any(rule + " " in t for t in texts(doc))  # two sentences: not only a note
    assert rule in texts(doc)  # one sentence, but a rule of its own
    excluded = {e.text: e.note for e in doc.ledger if e.fate is Fate.EXCLUDED}
    assert excluded == {note: "where a source policy came from, not policy text"}


@pytest.mark.parametrize("sentence", [
    "This policy is based on the Data Protection Act 2018 and applies to all staff.",
    "This policy is based on the principle of least privilege: access to email is granted "
    "only where there is a business need.",
    "This guidance is based on the NCSC's advice that personal devices are not used for "
    "Council email.",
    "The policy is derived from ISO 27001 and applies to councillors as well as staff."])
def test_a_sentence_saying_more_than_where_its_source_came_from_stays(sentence):
    guide = make_doc("guide", "Email Policy", [
        (H, 1, "Introduction"), (P, 0, sentence),
        (H, 1, "Auto-forwarding"), (P, 0, "Staff must not forward Council email.")])
    _, doc = draft([guide, make_doc("internet", "Internet Use Policy", [
        (H, 1, "Web filtering"), (P, 0, "Staff must not get around the web filter.")])])
    assert not [e for e in doc.ledger if e.fate is Fate.EXCLUDED and e.text == sentence]


def test_this_guidance_after_another_guide_is_named_stays_that_guide():
    text = ("Cloud storage is covered by the NCSC's Cloud Security Guidance. This guidance "
            "requires that personal cloud storage is never used.")
    guide = make_doc("guide", "Email Policy", [
        (H, 1, "Storage"), (P, 0, text),
        (H, 1, "Auto-forwarding"), (P, 0, "Staff must not forward Council email.")])
    _, doc = draft([guide, make_doc("internet", "Internet Use Policy", [
        (H, 1, "Web filtering"), (P, 0, "Staff must not get around the web filter.")])])
    assert text in texts(doc)


def test_a_scope_statements_rule_keeps_its_subject():
    mobile = make_doc("mobile", "Mobile Phone Policy", [
        (H, 1, "Scope"),
        (P, 0, "This policy applies to all employees who are issued with a Council mobile "
               "phone. It remains the property of the Council and must be returned when "
               "employment ends."),
        (H, 1, "Travelling abroad"), (P, 0, "Staff must tell the Service Desk before travel.")])
    email = make_doc("email", "Email Policy", [
        (H, 1, "Scope"), (P, 0, "This policy applies to all employees and contractors."),
        (H, 1, "Auto-forwarding"), (P, 0, "Staff must not forward Council email.")])
    _, doc = draft([email, mobile])
    printed = " ".join(texts(doc))
    assert "chapter remains the property" not in printed  # the phone, not the chapter
    assert "It remains the property of the Council and must be returned" in printed


def test_a_source_naming_itself_as_guidance_or_document_names_this_policy():
    guide = make_doc("acceptable", "IT Acceptable Use Policy", [
        (H, 1, "Email threats"),
        (P, 0, "Email has problems. In this guidance, we describe some of them."),
        (P, 0, "All Users must be made aware of the IT Acceptable Use Policy (this document)."),
        (P, 0, "To follow some links in this guide you need the Intranet.")])
    _, doc = draft([guide, make_doc("internet", "Internet Use Policy", [
        (H, 1, "Web filtering"), (P, 0, "Staff must not get around the web filter.")])])
    printed = texts(doc)
    assert "Email has problems. In this policy, we describe some of them." in printed
    assert "All Users must be made aware of this policy." in printed
    assert "To follow some links in this policy you need the Intranet." in printed


# --- clauses that only look alike ---------------------------------------------------------------

@pytest.mark.parametrize("first, second", [
    ("Staff must lock Council phones when away from their desk.",
     "Staff must lock Council laptops when away from their desk."),
    ("Staff must not share passwords.", "Staff must not share email passwords."),
    ("Staff must not forward email from Council accounts to personal accounts.",
     "Staff must not forward email from personal accounts to Council accounts."),
])
def test_near_identical_clauses_that_say_something_else_are_both_printed(first, second):
    a = make_doc("email", "Email Policy", [(H, 1, "Security"), (P, 0, first), *phishing()])
    b = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Security"), (P, 0, second),
        (H, 1, "Web filtering"), (P, 0, "Staff must not get around the web filter.")])
    _, doc = draft([a, b])
    printed = texts(doc)
    # both as they were, or one wording holding every word of each (near_duplicates.py)
    assert {first, second} <= set(printed) or any(
        _words(first) <= _words(t) and _words(second) <= _words(t) for t in printed), printed


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def test_two_sources_whose_titles_differ_in_case_only_can_be_merged():
    a = make_doc("a", "Acceptable use policy", [
        (H, 1, "Security"), (P, 0, "Staff must not share their password with anyone."),
        (P, 0, "Screens must be locked when staff leave their desk."),
        (P, 0, "Laptops must be encrypted.")])
    b = make_doc("b", "Acceptable Use Policy", [
        (H, 1, "Security"), (P, 0, "Staff must not share their password with anyone."),
        (P, 0, "Printers must be collected from promptly."),
        (P, 0, "Visitors must be signed in.")])
    plan, doc = draft([a, b])
    ids = [s.id for s in plan.sections]
    assert len(ids) == len(set(ids))
    assert "Visitors must be signed in." in texts(doc)


# --- cross-references ---------------------------------------------------------------------------

def _phones(reference: str):
    return make_doc("mobile", "Mobile Phone Policy", [
        (H, 1, "Purpose", "1"), (P, 0, "This policy explains how staff use Council phones."),
        (H, 1, "Allowances", "2"), (H, 2, "Data", "2.5"), (P, 0, "Data is capped monthly."),
        (H, 1, "Keeping devices secure", "9"), (P, 0, "Phones must be locked with a PIN."),
        (H, 1, "Lost phones", "10"), (P, 0, reference),
        (H, 1, "Travelling abroad", "11"), (P, 0, "Roaming must be switched off abroad.")])


@pytest.mark.parametrize("reference", [
    "Misuse may be handled under section 3 of our Disciplinary Procedure.",
    "Your data allowance is reset in 2.5 days if you exceed it.",
    "Records are kept as the Computer Misuse Act 1990, section 1 requires.",
])
def test_numbers_that_are_no_reference_to_the_policy_keep_their_value(reference):
    _, doc = draft([make_doc("email", "Email Policy", phishing()), _phones(reference)])
    assert reference in texts(doc)


def test_a_reference_ending_a_sentence_is_renumbered_whole():
    source = _phones("A lost phone must be reported at once, as set out in sections 9 and 10.")
    _, doc = draft([make_doc("email", "Email Policy", phishing()), source])
    line = next(t for t in texts(doc) if t.startswith("A lost phone"))
    assert "sections 9 and 10." not in line and line.endswith(".")
    assert "section" in line and not doc.open_notes or any(
        "section" in n.reason for n in doc.open_notes)
