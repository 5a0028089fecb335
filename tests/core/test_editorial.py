"""Editorial consolidation: the draft reads as one policy, and every rewording is accounted for.

Tiny policies built in each test; what is checked is what a policy officer reads in the
Digital Policy (its chapters and clauses in order) and what the ledger says of each source block.
"""

from pathlib import Path

import pytest

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.plan import Decision, DecisionKind, MergePlan
from consolidator.model import BlockKind, ConsolidatedDocument, Fate
from consolidator.outline import number_sections
from consolidator.readers import read_document
from consolidator.writers.appendices import change_rows
from tests.conftest import SAMPLE_FILES
from tests.helpers.docs import H, L, P, make_doc
from tests.helpers.plans import assert_ledger_complete, build


def chapters(doc: ConsolidatedDocument) -> dict[str, list[str]]:
    """Returns section title -> its clauses' texts, for every section of the policy."""
    return {s.title: [c.text for c in s.clauses] for s in doc.iter_sections()}


def fates(doc: ConsolidatedDocument) -> dict[str, Fate]:
    return {e.text: e.fate for e in doc.ledger if e.text}


def merged(docs) -> tuple[MergePlan, ConsolidatedDocument]:
    plan = build(docs=docs)
    doc = consolidate(docs, plan)
    assert_ledger_complete(doc, docs)
    return plan, doc


# --- one Introduction, one Scope -----------------------------------------------------------------

EMAIL = make_doc("email", "Email Policy", [
    (H, 1, "Purpose"),
    (P, 0, "This policy sets out how Council email must be used so that the Council:"),
    (L, 0, "provides a courteous service to the people it writes to;"),
    (L, 0, "protects the personal information entrusted to it."),
    (H, 1, "Scope"),
    (P, 0, "This policy applies to all employees, contractors and elected Members."),
    (H, 1, "Auto-forwarding"),
    (P, 0, "Staff must not forward Council email to a personal account."),
])
INTERNET = make_doc("internet", "Internet Use Policy", [
    (H, 1, "Aims of this policy"),
    (P, 0, "This policy aims to:"),
    (L, 0, "explain how access to websites is filtered;"),
    (L, 0, "protect the Council's network from harm."),
    (H, 1, "Web filtering"),
    (P, 0, "Staff must not try to get around the web filter."),
])
SOCIAL = make_doc("social", "Social Media Policy", [
    (H, 1, "Purpose"),
    (P, 0, "This policy explains how staff use social media."),
    (H, 1, "Scope"),
    (P, 0, "This policy applies to all employees and contractors, whether they post at work or "
           "at home."),
    (H, 1, "Official accounts"),
    (P, 0, "Official accounts must be approved by the Head of Communications."),
])
MOBILE = make_doc("mobile", "Mobile Phone Policy", [
    (H, 1, "Scope"),
    (P, 0, "This policy applies to staff who have been issued with a Council mobile phone."),
    (H, 1, "Travelling abroad"),
    (P, 0, "Staff must tell the ICT Service Desk before taking a phone abroad."),
])


def test_the_purposes_become_one_lead_sentence_and_one_bullet_per_aim():
    _, doc = merged([EMAIL, INTERNET])
    assert chapters(doc)["Introduction"] == [
        "This policy sets out how staff must use email and the internet. It aims to:",
        "make sure the Council provides a courteous service to the people it writes to;",
        "make sure the Council protects the personal information entrusted to it;",
        "explain how access to websites is filtered;",
        "protect the Council's network from harm.",
    ]
    reworded = {e.text for e in doc.ledger if e.fate is Fate.REWORDED}
    assert "This policy aims to:" in reworded
    assert "provides a courteous service to the people it writes to;" in reworded
    # Appendix B quotes a lead-in's new wording as the proposal's lead-in, not an aim
    from consolidator.model import MergedClause, Run
    from consolidator.writers.appendices import _reworded

    family = [MergedClause(f"r1.{n}", BlockKind.PARAGRAPH, (Run(text),)) for n, text in
              enumerate(("This policy sets out how staff must use the internet. It aims to:",
                         "give you a quick checklist to help you decide;"))]
    assert _reworded("This guidance gives you:", family, "1") == (
        "Reworded (now section 1): \u201cThis policy sets out how staff must use the internet. "
        "It aims to:\u201d")


def test_one_scope_with_a_line_for_each_chapter_that_applies_to_fewer_people():
    _, doc = merged([EMAIL, SOCIAL, MOBILE])
    assert chapters(doc)["Scope"] == [
        "This policy applies to all employees, contractors and elected Members.",
        "The Social media chapter applies to all employees and contractors, whether they post "
        "at work or at home.",
        "The Mobile devices chapter applies only to staff who have been issued with a Council "
        "mobile phone.",
    ]
    assert fates(doc)["This policy applies to staff who have been issued with a Council mobile "
                      "phone."] is Fate.REWORDED


def test_a_chapter_for_all_of_fewer_people_says_whom_it_names_and_excludes_no_one_itself():
    issued = make_doc("mobile", "Mobile Phone Policy", [
        (H, 1, "Scope"),
        (P, 0, "This policy applies to all employees who have been issued with a Council "
               "mobile phone."),
        (H, 1, "Travelling abroad"),
        (P, 0, "Staff must tell the ICT Service Desk before taking a phone abroad."),
    ])
    _, doc = merged([EMAIL, issued])
    # the source's silence about contractors is no exclusion: no "It does not apply to ..."
    assert chapters(doc)["Scope"] == [
        "This policy applies to all employees, contractors and elected Members.",
        "The Mobile devices chapter applies to all employees who have been issued with a "
        "Council mobile phone.",
    ]


def test_a_scope_statements_other_sentences_say_what_it_meant():
    advice = make_doc("mobile", "Mobile Phone Policy", [
        (H, 1, "Scope"),
        (P, 0, "This guidance applies to all employees. It provides advice about using "
               "personal devices for work purposes."),
        (H, 1, "Travelling abroad"),
        (P, 0, "Staff must tell the ICT Service Desk before taking a phone abroad."),
    ])
    email = make_doc("email", "Email Policy", [
        (H, 1, "Scope"),
        (P, 0, "This policy applies to all employees and contractors. It covers every Council "
               "mailbox."),
        (H, 1, "Auto-forwarding"),
        (P, 0, "Staff must not forward Council email to a personal account."),
    ])
    _, doc = merged([email, advice])
    assert chapters(doc)["Scope"] == [
        "This policy applies to all employees and contractors.",
        "The Mobile devices chapter applies to all employees.",
        "This policy covers every Council mailbox.",
        "The Mobile devices chapter provides advice about using personal devices for work "
        "purposes.",
    ]


def test_keeping_the_sources_brings_their_own_wording_back():
    plan, _ = merged([EMAIL, SOCIAL, MOBILE])
    reworded = [d for d in plan.decisions if d.kind is DecisionKind.REWORD]
    kept = plan.with_decisions([Decision(DecisionKind.INCLUDE, d.target) for d in reworded])
    doc = consolidate([EMAIL, SOCIAL, MOBILE], kept)
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert "This policy applies to staff who have been issued with a Council mobile phone." \
        in texts
    assert not [e for e in doc.ledger if e.fate is Fate.REWORDED]
    assert_ledger_complete(doc, [EMAIL, SOCIAL, MOBILE])


# --- clauses placed by what they say ----------------------------------------------------------

GUIDE = make_doc("guide", "Email Security Guide", [
    (H, 1, "Overview"),
    (P, 0, "Email is how the Council talks to residents."),
    (P, 0, "In particular:"),
    (L, 0, "Never send offensive messages."),
    (L, 0, "Don't forward chain letters."),
    (P, 0, "All users must complete security awareness training every 12 months."),
    (H, 2, "Quick checklist"),
    (P, 0, "Check who an email is going to before sending it."),
    (H, 1, "Scope"),
    (P, 0, "This policy covers all staff."),
    (P, 0, "Failure to follow this policy could result in:"),
    (L, 0, "suspension of access;"),
    (L, 0, "disciplinary action up to dismissal;"),
    (L, 0, "termination of contract."),
    (H, 1, "Auto-forwarding"),
    (P, 0, "Staff must not forward email to a personal account."),
])
TRAINING = make_doc("internet", "Internet Use Policy", [
    (H, 1, "Scope"),
    (P, 0, "This policy covers all staff and contractors."),
    (H, 1, "Training"),
    (P, 0, "New staff must complete induction training in their first week."),
    (H, 1, "Web filtering"),
    (P, 0, "Staff must not try to get around the web filter."),
])


def test_a_policys_overview_opens_its_chapter_and_rules_join_their_subject():
    _, doc = merged([GUIDE, TRAINING])
    text = chapters(doc)
    assert text["Email"][:4] == [
        "Email is how the Council talks to residents.", "In particular:",
        "Never send offensive messages.", "Don't forward chain letters."]
    assert text["Training and awareness"] == [
        "New staff must complete induction training in their first week.",
        "All users must complete security awareness training every 12 months."]
    assert "Email is how the Council talks to residents." not in text["Introduction"]
    # a sub-section under an Overview is content of its own, not more introduction
    assert text["Quick checklist"] == ["Check who an email is going to before sending it."]
    assert fates(doc)["In particular:"] is Fate.REWORDED
    # Appendix B lists what does not appear word for word: the moved opening is not there
    outcomes = {r.original: r.outcome for r in change_rows(doc, number_sections(doc.sections))}
    assert "In particular:" not in outcomes
    assert "Email is how the Council talks to residents." not in outcomes


def test_a_list_of_consequences_moves_to_breaches_whole_and_in_order():
    _, doc = merged([GUIDE, TRAINING])
    assert chapters(doc)["Breaches of this policy"] == [
        "Failure to follow this policy could result in:", "suspension of access;",
        "disciplinary action up to dismissal;", "termination of contract."]
    assert "suspension of access;" not in chapters(doc)["Scope"]


LABELLED = make_doc("acceptable", "IT Acceptable Use Policy", [
    (H, 1, "Personal use"),
    (L, 0, "POL.ITAUP.018"),
    (P, 0, "Limited personal use of MoJ ICT systems is allowed outside working hours."),
    (L, 0, "POL.ITAUP.019"),
    (P, 0, "Personal use which contravenes this policy constitutes a breach of the IT Security "
           "Policy and may result in disciplinary action."),
])


def test_a_labelled_consequence_moves_to_breaches_with_its_label():
    _, doc = merged([GUIDE, LABELLED])
    breaches = chapters(doc)["Breaches of this policy"]
    consequence = LABELLED.blocks[-1].text
    assert breaches[-2:] == ["POL.ITAUP.019", consequence]
    assert chapters(doc)["Personal use"] == [
        "POL.ITAUP.018",
        "Limited personal use of MoJ ICT systems is allowed outside working hours."]


SHARED_A = make_doc("email", "Email Policy", [
    (H, 1, "Security"),
    (P, 0, "Staff must not share their password with anyone."),
    (P, 0, "Suspicious emails must be reported with the Report Phishing button."),
    (P, 0, "Attachments from unknown senders must not be opened."),
    (H, 1, "Introduction"), (P, 0, "Email is quick."), (P, 0, "Email is kept for years."),
])
SHARED_B = make_doc("mobile", "Mobile Phone Policy", [
    (H, 1, "Security"),
    (P, 0, "Staff must not share their password with anyone."),
    (P, 0, "Phones must be locked with a PIN of six digits."),
    (P, 0, "Lost phones must be reported to the ICT Service Desk."),
    (H, 1, "Introduction"), (P, 0, "Phones help staff work anywhere."),
    (P, 0, "Phones are easily lost."),
])


def test_what_one_policy_alone_says_in_a_shared_chapter_goes_under_its_channel():
    plan, doc = merged([SHARED_A, SHARED_B])
    security = next(s for s in doc.sections if s.title == "Security and data protection")
    assert [c.text for c in security.clauses] == [
        "Staff must not share their password with anyone."]
    assert [(s.title, [c.text for c in s.clauses]) for s in security.children] == [
        ("Email", ["Suspicious emails must be reported with the Report Phishing button.",
                   "Attachments from unknown senders must not be opened."]),
        ("Mobile devices", ["Phones must be locked with a PIN of six digits.",
                            "Lost phones must be reported to the ICT Service Desk."]),
    ]
    introduction = next(s for s in doc.sections if s.title == "Introduction")
    assert introduction.children == ()  # a statement about the policy is never split


# --- numbered cross-references ----------------------------------------------------------------

def _phones(reference: str):
    return make_doc("mobile", "Mobile Phone Policy", [
        (H, 1, "Purpose", "1"), (P, 0, "This policy explains how staff use Council phones."),
        (H, 1, "Keeping devices secure", "9"), (P, 0, "Phones must be locked with a PIN."),
        (H, 1, "Lost phones", "10"), (P, 0, reference),
        (H, 1, "Travelling abroad", "11"), (P, 0, "Roaming must be switched off abroad."),
    ])


def _number_of(doc: ConsolidatedDocument, text: str) -> str:
    numbers = number_sections(doc.sections)
    return next(numbers[s.id][0] for s in doc.iter_sections()
                if any(c.text == text for c in s.clauses))


def test_a_reference_to_a_source_section_gets_that_sections_new_number():
    source = _phones("A lost phone must be reported at once, as section 9 requires.")
    _, doc = merged([EMAIL, source])
    new = _number_of(doc, "Phones must be locked with a PIN.")
    assert new != "9"
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert f"A lost phone must be reported at once, as section {new} requires." in texts
    assert not doc.open_notes


def test_a_reference_that_cannot_be_renumbered_stays_and_is_raised():
    gone = "A lost phone must be reported at once, as section 14 requires."
    _, doc = merged([EMAIL, _phones(gone)])
    assert gone in [t for ts in chapters(doc).values() for t in ts]
    (note,) = doc.open_notes
    assert "section 14" in note.reason and "Mobile Phone Policy" in note.reason


def test_legislation_and_the_authors_own_wording_keep_their_numbers():
    law = "Records are kept under section 250 of the Health and Social Care Act 2012."
    plan, doc = merged([EMAIL, _phones(law)])
    assert law in [t for ts in chapters(doc).values() for t in ts] and not doc.open_notes
    clause = next(c for c in plan.clauses if c.text == "Roaming must be switched off abroad.")
    own = "Roaming must be switched off abroad (see section 9)."
    doc = consolidate([EMAIL, _phones(law)],
                      plan.with_decision(Decision(DecisionKind.CUSTOM, clause.id, own)))
    assert own in [t for ts in chapters(doc).values() for t in ts]


def test_alignment_keeps_a_subsection_of_the_scope_apart():
    alignment = align_sections([GUIDE])
    topic_of = {t.title: t.canonical for t in alignment.topics}
    assert topic_of.get("Quick checklist") != "introduction"


# --- nothing lost, provably -------------------------------------------------------------------

REAL = sorted((Path(__file__).parents[1] / "data" / "real-policies").glob("*.md"))


def _plain(text: str) -> str:
    """Returns text as a reader compares it: case and line breaks aside (a heading is kept as
    the chapter title "Acceptable use"; a table's cells read as one text)."""
    return " ".join(text.split()).lower()


@pytest.mark.parametrize("paths", [SAMPLE_FILES, REAL], ids=["samples", "real policies"])
def test_every_source_block_is_in_the_body_or_in_appendix_b(paths):
    docs = [read_document(p) for p in paths]
    plan = build(docs=docs)
    doc = consolidate(docs, plan)
    assert_ledger_complete(doc, docs)
    body = {_plain(c.text) for s in doc.iter_sections() for c in s.clauses} | {
        _plain(s.title) for s in doc.iter_sections()}
    rows = change_rows(doc, number_sections(doc.sections))
    in_b = {r.original: r.outcome for r in rows}
    reworded = [e for e in doc.ledger if e.fate is Fate.REWORDED]
    assert reworded  # the draft did reword something: the check below is not empty
    for entry in doc.ledger:
        if not entry.text.strip():
            continue
        if entry.fate is Fate.EXCLUDED:
            assert entry.text in in_b, entry
        elif entry.fate is Fate.REWORDED:  # moved word for word, or listed as reworded
            assert (entry.text in in_b) != (_plain(entry.text) in body), entry
        elif entry.fate is Fate.KEPT:
            assert _plain(entry.text) in body or entry.text in in_b or entry.note, entry
    for entry in reworded:
        if entry.text in in_b:
            assert in_b[entry.text].startswith("Reworded (now section ")


def test_the_samples_draft_shows_no_sign_of_stapling():
    from bench.editorial import staples

    docs = [read_document(p) for p in SAMPLE_FILES]
    found = staples(consolidate(docs, build(docs=docs)))
    assert (found.purpose, found.scope, found.definitions_tables) == (1, 1, 1)
    assert found.definitions_sorted and found.duplicated_terms == 0
    assert (found.superseded, found.residue, found.typed_heading_numbers,
            found.stale_cross_references) == (0, 0, 0, 0)
    assert found.disciplinary <= 2 and found.disciplinary_sections == 1


def test_near_identical_wordings_differing_in_linking_words_are_one_clause_to_confirm():
    first = make_doc("email", "Email Policy", [
        (H, 1, "Storage"), (P, 0, "Report a data breach to the Information Commissioner's "
                                  "Office (ICO) when the Data Protection Officer says so."),
        (P, 0, "Where a breach may involve a crime, the Council may refer it to the police.")])
    second = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Storage"), (P, 0, "Report a data breach to the ICO when the Data Protection "
                                  "Officer says so."),
        (P, 0, "Where a breach may involve a crime, the Council will inform the police.")])
    _, doc = merged([first, second])
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert ("Report a data breach to the Information Commissioner's Office (ICO) when the Data "
            "Protection Officer says so.") in texts
    assert "Report a data breach to the ICO when the Data Protection Officer says so." \
        not in texts
    assert any(n.reason.startswith("Near-identical wordings") for n in doc.open_notes)
    # a different verb is a different rule: both stay
    assert {"Where a breach may involve a crime, the Council may refer it to the police.",
            "Where a breach may involve a crime, the Council will inform the police."} <= \
        set(texts)


@pytest.mark.parametrize("title, plain", [
    ("5.2 5. Provision for staff", "Provision for staff"),
    ("IT Acceptable Use Policy", "IT Acceptable Use"),
    ("Policy review", "Review"),
    ("Policy and guidance", "Policy and guidance"),  # not "and"
    ("Guidance for using Open Internet Tools", "Guidance for using Open Internet Tools"),
])
def test_headings_lose_typed_numbers_and_document_words_but_stay_titles(title, plain):
    from consolidator.consolidation.draft import plain_title

    assert plain_title(title) == plain


def test_scope_statements_naming_different_people_stay_as_they_are_for_the_author():
    moj = make_doc("moj", "Email Policy", [
        (H, 1, "Scope"), (P, 0, "This policy covers all staff, contractors and agency staff."),
        (H, 1, "Auto-forwarding"), (P, 0, "Staff must not forward email to a personal account.")])
    nhs = make_doc("nhs", "Internet Use Policy", [
        (H, 1, "Scope"), (P, 0, "This information applies to all staff, seconded and embedded "
                                "users."),
        (H, 1, "Web filtering"), (P, 0, "Staff must not try to get around the web filter.")])
    plan, doc = merged([moj, nhs])
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert "This policy covers all staff, contractors and agency staff." in texts
    assert "This information applies to all staff, seconded and embedded users." in texts
    assert not [d for d in plan.decisions if d.kind is DecisionKind.REWORD
                and "Scope" in d.note]


@pytest.mark.parametrize("title, channel", [
    ("IT Acceptable Use Policy", "internet"),
    ("Web Browsing", "internet"),
    ("Security Guidance for Using a Personal Device", "mobile-phone"),
    ("Bring Your Own Device (BYOD) Policy", "mobile-phone"),
    ("Enterprise IT - Mobile Devices", "mobile-phone"),
    ("Email security", "email"),
    ("General Apps Guidance", "other"),
    ("Remote Working", "other"),
    ("USB Devices Policy", "other"),
    ("Web Accessibility Statement", "other"),
    ("Online Payments Policy", "other"),
    ("Laptops", "other"),
])
def test_a_policy_about_personal_devices_or_acceptable_use_is_a_channels(title, channel):
    """Its chapter is the channel's (Internet, Mobile devices), not one named after the old
    policy ("IT Acceptable Use"); a title that only mentions devices or the web is not."""
    from consolidator.consolidation.topics import channels_of_documents

    doc = make_doc("x", title, [(H, 1, "Rules"), (P, 0, "Staff must lock their screens.")])
    assert channels_of_documents([doc]) == {"x": channel}


def test_a_title_only_implying_a_channel_does_not_join_a_policy_naming_it():
    """A "Personal Device" guidance stays in its own chapter beside a Mobile Phone Policy, whose
    Scope may narrow its chapter to those issued with a Council phone."""
    from consolidator.consolidation.topics import channels_of_documents

    phones = make_doc("m", "Mobile Phone Policy", [(H, 1, "Rules"), (P, 0, "Lock it.")])
    byod = make_doc("b", "Security Guidance for Using a Personal Device", [
        (H, 1, "Rules"), (P, 0, "Enrol it.")])
    assert channels_of_documents([phones, byod]) == {"m": "mobile-phone", "b": "other"}


def test_the_ministry_of_justice_policies_read_as_channel_chapters():
    real = Path(__file__).parents[1] / "data" / "real-policies"
    docs = [read_document(real / f"moj-{name}.md") for name in (
        "email", "it-acceptable-use-policy", "personal-devices",
        "protecting-social-media-accounts")]
    _, doc = merged(docs)
    titles = [s.title for s in doc.sections]
    # the IT Acceptable Use Policy is about passwords, email and phones as well as the web
    assert {"Email", "Internet and IT use", "Social media", "Mobile devices"} <= set(titles)
    assert not {"IT Acceptable Use", "Security for Using a Personal Device"} & set(titles)
    intro = doc.sections[0].clauses[0].text
    assert intro.startswith("This policy sets out how staff must use IT, email, the internet, "
                            "social media and mobile devices.")


@pytest.mark.parametrize(("title", "general"), [
    ("IT Acceptable Use Policy", True), ("Acceptable use of Information Technology at work", True),
    ("ICT acceptable use policy", True), ("Internet Acceptable Use Policy", False),
    ("Acceptable use of the internet", False), ("Internet Use Policy", False),
    ("Web Browsing", False), ("Email Policy", False)])
def test_a_policy_on_the_use_of_it_in_general_is_told_from_an_internet_policy(title, general):
    from consolidator.consolidation.topics import is_it_use_policy

    assert is_it_use_policy(title) is general


def test_the_samples_internet_chapter_keeps_its_name():
    samples = [read_document(p) for p in SAMPLE_FILES]
    _, doc = merged(samples)
    assert "Internet" in [s.title for s in doc.sections]


POINTER = ("This Policy should be read alongside the Internet Use Policy and the Mobile Phone "
           "Policy, which cover other ways in which staff communicate.")
WIDER = ("It should be read with the Data Protection Policy, the Internet Use Policy and the "
         "Code of Conduct for Employees.")
READ_WITH = make_doc("email", "Email Policy", [
    (H, 1, "Introduction"), (P, 0, "This policy explains how staff use email."), (P, 0, POINTER),
    (H, 1, "Related documents"), (P, 0, WIDER),
    (H, 1, "Auto-forwarding"),
    (P, 0, "Staff must not forward Council email to a personal account."),
])


def test_should_be_read_alongside_the_replaced_policies_goes_but_other_documents_stay_named():
    plan, doc = merged([READ_WITH, INTERNET, MOBILE])
    texts = [t for clauses in chapters(doc).values() for t in clauses]
    entry = next(e for e in doc.ledger if e.text == POINTER)
    assert entry.fate is Fate.EXCLUDED and "separate policies" in entry.note
    assert not any("alongside" in t for t in texts)
    wider = [t for t in texts if "Data Protection Policy" in t]
    assert wider == ["It should be read with the Data Protection Policy and the Code of Conduct "
                     "for Employees."]


def test_a_sub_heading_moved_to_a_chapter_opening_keeps_its_depth():
    guide = make_doc("mobile", "Mobile Phone Policy", [
        (H, 1, "Introduction"),
        (P, 0, "This policy applies to staff who have been issued with a Council mobile phone."),
        (H, 2, "Background"),
        (P, 0, "It covers phones and tablets bought by the Council."),
        (H, 1, "Travelling abroad"),
        (P, 0, "Staff must tell the ICT Service Desk before taking a phone abroad."),
    ])
    _, doc = merged([EMAIL, guide])
    labels = {c.text: c.level for s in doc.iter_sections() for c in s.clauses
              if c.kind is BlockKind.HEADING}
    assert labels == {"Background": 1}  # its depth among the labels, as in its source


@pytest.mark.parametrize("paths", [SAMPLE_FILES, REAL], ids=["samples", "real policies"])
def test_appendix_a_counts_as_reworded_only_what_appendix_b_quotes(paths):
    """A chapter opening moved word for word is not reworded; every section Appendix A says has
    reworded clauses has them quoted in Appendix B, and the other way round (the MoJ draft's
    Appendix A said "10 reworded" for a chapter Appendix B had nothing about)."""
    from consolidator.writers.appendices import provenance_rows

    docs = [read_document(p) for p in paths]
    doc = consolidate(docs, build(docs=docs))
    numbers = number_sections(doc.sections)
    in_b = {row.outcome.split("(now section ", 1)[1].split(")", 1)[0]
            for row in change_rows(doc, numbers) if "(now section " in row.outcome}
    counted = {row.number for row in provenance_rows(doc, numbers) if row.reworded_clauses}
    assert counted and counted == in_b


def test_one_wording_several_policies_share_counts_as_duplicates_merged_when_reworded():
    from consolidator.writers.appendices import provenance_rows

    feedback = ("If you have any questions about this guidance, please contact "
                "itpolicy@council.gov.uk.")
    docs = [make_doc(doc_id, title, [(H, 1, "Use"), (P, 0, f"Staff must use {doc_id} well."),
                                     (H, 1, "Feedback"), (P, 0, feedback)])
            for doc_id, title in (("email", "Email Guidance"), ("internet", "Internet Guidance"),
                                  ("phones", "Mobile Phone Guidance"))]
    doc = consolidate(docs, build(docs=docs))
    assert_ledger_complete(doc, docs)
    numbers = number_sections(doc.sections)
    printed = [(s.id, c.text) for s in doc.iter_sections() for c in s.clauses
               if "questions" in c.text]
    assert [t for _, t in printed] == [feedback.replace("this guidance", "this policy")]
    (row,) = [r for r in provenance_rows(doc, numbers) if r.number == numbers[printed[0][0]][0]]
    assert (row.duplicates_merged, row.reworded_clauses) == (2, 1)
    (quoted,) = [r for r in change_rows(doc, numbers) if r.original == feedback]
    assert quoted.policy == "Email Guidance; Internet Guidance; Mobile Phone Guidance"
    assert quoted.outcome.startswith("Reworded (now section ")
    # one policy's two removals of the same words stay two rows (a review)
    from consolidator.writers.appendices import ChangeRow, _alike_together

    twice = [ChangeRow("Email Guidance", "3", "None.", "Removed by the author")] * 2
    assert _alike_together(twice) == twice


def test_appendix_b_quotes_a_long_clause_from_just_before_its_rewording():
    from consolidator.writers.appendices import _quoted_change

    source = ("When working from home, you still need to communicate with colleagues. " * 5
              + "This document tells you about the tools you can use.")
    new = source.replace("This document", "This policy")
    quoted = _quoted_change(source, new)
    assert quoted.startswith("\u2026") and "This policy tells you" in quoted
    assert _quoted_change("Staff must be polite.", "Staff must be courteous.") == \
        "Staff must be courteous."


def _chapter_of(doc: ConsolidatedDocument, text: str) -> str:
    """Returns the title of the chapter (top-level section) printing `text`."""
    for chapter in doc.sections:
        for section in chapter.iter_all():
            if any(text in c.text for c in section.clauses):
                return chapter.title
    raise AssertionError(text)


def test_contacts_and_feedback_are_no_related_policies_and_journalists_no_contact():
    """The MoJ draft's "Related policies" held feedback addresses and service desk numbers, and
    no policy; the samples' "Enquiries from journalists" (a social media rule) stood there too,
    for its word "enquiries"."""
    moj = [read_document(p) for p in REAL if p.name.startswith("moj-")]
    doc = consolidate(moj, build(docs=moj))
    assert _chapter_of(doc, "If you have any questions or comments about this policy") == \
        "Contacts and help"
    assert _chapter_of(doc, "Tel: 0800 917 5148") == "Contacts and help"
    samples = [read_document(p) for p in SAMPLE_FILES]
    doc = consolidate(samples, build(docs=samples))
    assert _chapter_of(doc, "Staff must not respond to media enquiries") == "Social media"


def test_contacts_under_their_own_heading_keep_it_after_a_shared_feedback_sentence():
    """Four policies' "Feedback" sentence is printed once, first; one policy's "Other help"
    (where web access requests go) followed it unlabelled and read as the feedback's own
    contacts (a councillor's read of a held-out MoJ draft)."""
    feedback = ("If you have any questions or comments about this guidance, please contact "
                "itpolicy@council.gov.uk.")
    docs = [make_doc(doc_id, title, [(H, 1, "Use"), (P, 0, f"Staff must use {doc_id} well."),
                                     *extra, (H, 1, "Feedback"), (P, 0, feedback)])
            for doc_id, title, extra in (
                ("email", "Email Guidance", []), ("phones", "Mobile Phone Guidance", []),
                ("internet", "Web Browsing", [
                    (H, 1, "Other help"),
                    (L, 0, "Prison staff - direct all requests to the Service Desk."),
                    (L, 0, "All other teams - contact the Operational Security Team.")])
            )]
    doc = consolidate(docs, build(docs=docs))
    (chapter,) = [c for c in doc.sections if c.title == "Contacts and help"]
    assert [(c.kind, c.text) for c in chapter.clauses] == [
        (BlockKind.PARAGRAPH, feedback.replace("this guidance", "this policy")),
        (BlockKind.HEADING, "Other help"),
        (BlockKind.LIST_ITEM, "Prison staff - direct all requests to the Service Desk."),
        (BlockKind.LIST_ITEM, "All other teams - contact the Operational Security Team.")]


def test_the_same_contacts_in_two_policies_are_printed_once_with_their_notes_in_place(
        tmp_path):
    """MoJ's Laptops and Remote Working guides give the same service desks, each a bold name
    over its numbers, with a note under one: merged, the note went to the top of Contacts under
    the feedback address (reading as a note on it), and the second copy's names were printed
    again with nothing under them (a councillor's read of held-out set 2)."""
    desks = ("**Technology Service Desk**\n\n-   Tel: 0800 917 5148\n\n**Note:** The previous "
             "itservicedesk@council.gov.uk address is no longer monitored.\n\n"
             "**Digital Service Desk**\n\n-   Email: servicedesk@council.gov.uk\n-   Slack: "
             "#servicedesk\n")
    feedback = "If you have any questions about this guidance, contact itpolicy@council.gov.uk."
    (tmp_path / "laptops.md").write_text(
        "# Laptops\n\n## Storing data\n\nSave your work to a shared drive.\n\n"
        f"## General enquiries\n\n{desks}\n## Feedback\n\n{feedback}\n", encoding="utf-8")
    (tmp_path / "remote.md").write_text(
        "# Remote Working\n\n## Working securely\n\nLock your screen when you leave it.\n\n"
        "## Contacts for getting help\n\nDon't be afraid to report incidents.\n\n"
        f"### General enquiries\n\n{desks}\n## Feedback\n\n{feedback}\n", encoding="utf-8")
    docs = [read_document(tmp_path / "laptops.md"), read_document(tmp_path / "remote.md")]
    _, doc = merged(docs)
    (chapter,) = [c.clauses for c in doc.sections if c.title == "Contacts and help"]
    texts = [c.text for c in chapter]
    assert texts[0] == feedback.replace("this guidance", "this policy")
    assert texts.count("Technology Service Desk") == texts.count("Digital Service Desk") == 1
    desk = texts.index("Technology Service Desk")
    assert texts[desk + 1:desk + 3] == [
        "Tel: 0800 917 5148",
        "Note: The previous itservicedesk@council.gov.uk address is no longer monitored."]
    # the copies in another order, the note in one only: it still follows its desk (a review)
    technology, digital = desks.split("**Note:**")[0], desks.split("monitored.\n\n")[1]
    (tmp_path / "laptops.md").write_text(
        "# Laptops\n\n## Storing data\n\nSave your work to a shared drive.\n\n"
        f"## General enquiries\n\n{technology}{digital}", encoding="utf-8")
    (tmp_path / "remote.md").write_text(
        "# Remote Working\n\n## Working securely\n\nLock your screen when you leave it.\n\n"
        f"## General enquiries\n\n{digital}\n{desks.split(digital)[0]}", encoding="utf-8")
    docs = [read_document(tmp_path / "laptops.md"), read_document(tmp_path / "remote.md")]
    _, doc = merged(docs)
    (chapter,) = [c.clauses for c in doc.sections if c.title == "Contacts and help"]
    texts = [c.text for c in chapter]
    desk = texts.index("Technology Service Desk")
    assert texts[desk + 1:desk + 3] == [
        "Tel: 0800 917 5148",
        "Note: The previous itservicedesk@council.gov.uk address is no longer monitored."]


def test_a_chapter_opening_does_not_repeat_the_policys_scope():
    """'This guidance applies to all staff and contractors who work for the MoJ' opened the
    General Apps chapter as 'This chapter applies to ...' under the Introduction's 'This policy
    applies to all staff and contractors who work for the Ministry of Justice (MoJ)', as if the
    other chapters might not (a councillor's read of a held-out MoJ draft)."""
    web = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Introduction"),
        (P, 0, "This policy applies to all staff and contractors who work for the Council."),
        (H, 1, "Web filtering"), (P, 0, "Staff must not try to get around the web filter.")])

    def email(audience: str):
        return make_doc("email", "Email Guidance", [
            (H, 1, "Overview"), (P, 0, "Staff send many emails. This guidance tells you how to "
                                       f"write them. This guidance applies to {audience}."),
            (H, 1, "Auto-forwarding"),
            (P, 0, "Staff must not forward Council email to a personal account.")])

    _, doc = merged([web, email("all staff and contractors who work for the Council")])
    opening = chapters(doc)["Email"]
    assert opening == ["Staff send many emails. This chapter tells you how to write them."]
    assert fates(doc)["This policy applies to all staff and contractors who work for the "
                      "Council."] is Fate.KEPT
    _, doc = merged([web, email("all staff, volunteers and contractors of the Council")])
    assert chapters(doc)["Email"][0].endswith(
        "This chapter applies to all staff, volunteers and contractors of the Council.")


def test_another_merged_policy_named_in_a_clause_is_its_chapter_not_this_policy():
    """NHS England's cloud tools guidance says 'please consult our Guidance for using Open
    Internet Tools'; merged, it read 'please consult this policy', a circle for a reader who is
    reading it (a councillor's read of the MoJ + NHS England draft)."""
    tools = make_doc("oit", "Guidance for using Open Internet Tools", [
        (H, 1, "Using open internet tools"), (P, 0, "Staff may use approved internet tools.")])
    cloud = make_doc("cloud", "Cloud Apps Guidance", [
        (H, 1, "Other tools"),
        (P, 0, "If a tool is not listed, please consult our Guidance for using Open Internet "
               "Tools or contact the Cyber Security team."),
        (P, 0, "This Cloud Apps Guidance is reviewed every year.")])
    _, doc = merged([tools, cloud])
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert ("If a tool is not listed, please consult the Internet chapter of this policy or "
            "contact the Cyber Security team.") in texts
    assert "This policy is reviewed every year." in texts  # itself: this policy
    # a rule naming it is the whole policy's, not its chapter's: the Internet Use Policy's
    # password rules may sit in Security (a review)
    cloud = make_doc("cloud", "Cloud Apps Guidance", [
        (H, 1, "Other tools"), (P, 0, "Staff must comply with our Guidance for using Open "
                                      "Internet Tools when using a cloud app.")])
    _, doc = merged([tools, cloud])
    assert "Staff must comply with this policy when using a cloud app." in [
        t for ts in chapters(doc).values() for t in ts]


def test_a_policy_titled_with_an_ordinary_word_is_named_by_its_title_and_document_word():
    """MoJ's Laptops guidance says 'refer to the remote working guide', and Remote Working
    opens 'The Remote Working Guide gives you advice ...': merged, both still named the old
    guide (held-out set 2, whose titles are ordinary words)."""
    remote = make_doc("remote", "Remote Working", [
        (H, 1, "Overview"),
        (P, 0, "The Remote Working Guide gives you advice on working away from the office."),
        (H, 1, "Working securely"), (P, 0, "Lock your screen when you leave your desk.")])
    laptops = make_doc("laptops", "Laptops", [
        (H, 1, "Storing data"), (P, 0, "Save your work to the shared drive."),
        (P, 0, "For more on working away from the office, refer to the remote working guide."),
        (P, 0, "Only use laptops that meet the Bluetooth standard.")])
    _, doc = merged([remote, laptops])
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert "This chapter gives you advice on working away from the office." in texts
    assert ("For more on working away from the office, refer to the Remote Working chapter of "
            "this policy.") in texts
    assert "Only use laptops that meet the Bluetooth standard." in texts  # not a document
    # another organisation's, or a quoted title, is not the merged policy (a review)
    others = ["Before sending files, check the remote working policy of the recipient's "
              "organisation.", "Suppliers must follow the remote working guidance issued by the "
              "Cabinet Office.", 'Staff should read "The Remote Working Guide" (NCSC, 2021).']
    laptops = make_doc("laptops", "Laptops", [
        (H, 1, "Storing data"), (P, 0, "Save your work to the shared drive."),
        *[(P, 0, t) for t in others]])
    _, doc = merged([remote, laptops])
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert [t for t in others if t in texts] == others


def test_a_scope_statement_kept_beside_clashing_ones_names_its_chapter():
    """Where the Scope cannot be made one (two policies name people the other leaves out), a
    third policy's 'This guidance applies to all staff and contractors who work for the MoJ'
    became 'This policy applies to ...' beside NHS England's, as if it were the whole policy's
    scope (a councillor's read of the MoJ + NHS England draft)."""
    def policy(doc_id, title, scope, rule):
        return make_doc(doc_id, title, [(H, 1, "Scope"), (P, 0, scope),
                                        (H, 1, f"Using {doc_id}"), (P, 0, rule)])

    docs = [policy("email", "Email Policy", "This policy applies to all staff and students.",
                   "Staff must not send chain emails."),
            policy("internet", "Internet Use Policy",
                   "This policy applies to all staff and councillors.",
                   "Staff must not visit gambling sites."),
            policy("mobile", "Mobile Phone Guidance",
                   "This guidance applies to all staff. It explains how phones are issued.",
                   "Staff must report a lost phone.")]
    _, doc = merged(docs)
    assert "The Mobile devices chapter applies to all staff. It explains how phones are " \
           "issued." in chapters(doc)["Scope"]
    assert "This policy applies to all staff and students." in chapters(doc)["Scope"]


def test_a_section_of_contact_details_is_a_contact_whatever_its_heading():
    """The MoJ social media guidance ends with 'Cyber Security Advice': a team's name, its
    email address and Slack channel. Its heading put it under Security, between two steps for
    protecting an account (a councillor's read of the MoJ + NHS England draft)."""
    social = make_doc("social", "Social Media Policy", [
        (H, 1, "Protecting accounts"), (P, 0, "Staff must use a strong password."),
        (H, 1, "Security"), (P, 0, "Staff must check their privacy settings."),
        (H, 1, "Cyber Security Advice"), (P, 0, "Cyber Consultants & Risk Advisors"),
        (L, 0, "Email: security@council.gov.uk"), (L, 0, "Slack: #security")])
    email = make_doc("email", "Email Policy", [
        (H, 1, "Security"), (P, 0, "Staff must not open unexpected attachments."),
        (H, 1, "Contact details"), (P, 0, "For help, call the Service Desk on 01234 567890.")])
    _, doc = merged([social, email])
    assert _chapter_of(doc, "Email: security@council.gov.uk") == "Contacts and help"
    assert _chapter_of(doc, "Staff must check their privacy settings") != "Contacts and help"
    # a rule without a full stop is no label, and web pages alone are no contact (a review)
    from consolidator.consolidation.topics import only_contact_details

    assert not only_contact_details(["Staff must not share passwords",
                                     "Email: security@council.gov.uk"])
    assert not only_contact_details(["https://www.gov.uk/data", "https://www.ncsc.gov.uk/"])


def test_steps_of_a_sequence_stay_together_but_subjects_join_their_topic():
    """The MoJ social media guidance's 'Steps we can all take to protect ourselves' are eight
    instructions; 'Ensure our passwords are secure' and 'Check your privacy settings' went to
    Security and data protection, leaving the steps with gaps (a councillor's read of the
    MoJ + NHS England draft). A sub-section named for a subject still joins its topic."""
    social = make_doc("social", "Social Media Policy", [
        (H, 1, "Steps we can all take to protect ourselves"),
        (H, 2, "Ensure our passwords are secure"), (P, 0, "Use a long, unique password."),
        (H, 2, "Enable two factor authentication"), (P, 0, "Turn it on for every account."),
        (H, 2, "Remove unused applications"), (P, 0, "Review connected apps every month."),
        (H, 1, "Managing accounts"),
        (H, 2, "Retention of posts"), (P, 0, "Official posts are kept for two years."),
        (H, 2, "Account owners"), (P, 0, "Each account has a named owner."),
        (H, 2, "Approving new accounts"), (P, 0, "New accounts are approved by the Head of "
                                                "Communications.")])
    email = make_doc("email", "Email Policy", [
        (H, 1, "Security"), (P, 0, "Staff must not open unexpected attachments."),
        (H, 1, "Retention"), (P, 0, "Email is kept for two years.")])
    _, doc = merged([social, email])
    steps = _chapter_of(doc, "Turn it on for every account.")
    assert _chapter_of(doc, "Use a long, unique password.") == steps != \
        _chapter_of(doc, "Staff must not open unexpected attachments.")
    assert _chapter_of(doc, "Official posts are kept for two years.") == \
        _chapter_of(doc, "Email is kept for two years.")
    # instructions under a heading that announces no steps are subjects as before (a review:
    # "Report a breach", "Use of personal devices" must still join their topics)
    rules = make_doc("social", "Social Media Policy", [
        (H, 1, "Account rules"),
        (H, 2, "Ensure our passwords are secure"), (P, 0, "Use a long, unique password."),
        (H, 2, "Enable two factor authentication"), (P, 0, "Turn it on for every account."),
        (H, 2, "Remove unused applications"), (P, 0, "Review connected apps every month.")])
    _, doc = merged([rules, email])
    assert _chapter_of(doc, "Use a long, unique password.") == \
        _chapter_of(doc, "Staff must not open unexpected attachments.")


def test_paragraphs_saying_the_same_sentences_are_printed_once_with_what_each_adds():
    """NHS England's two tools guides both say 'You have a duty of confidentiality ... This is
    Principle 2 ... The NHS trusts you to work with OFFICIAL information.' and each end with a
    sentence of its own: the draft printed the paragraph twice, in two chapters (a
    councillor's read of the MoJ + NHS England draft)."""
    shared = ("You have a duty of confidentiality for any information you access. This is "
              "Principle 2 of the security classifications. The Council trusts you to work "
              "with OFFICIAL information.")

    def guide(doc_id, title, heading, own):
        return make_doc(doc_id, title, [(H, 1, heading), (P, 0, f"Staff may use {doc_id}."),
                                        (H, 1, "Classification"), (P, 0, f"{shared} {own}")])

    cloud = guide("cloud", "Cloud Tools Guidance", "Cloud tools",
                  "Judge whether it is safe to use an approved tool.")
    web = guide("web", "Internet Use Policy", "Web tools",
                "In the same way, decide whether a web tool is safe to use.")
    _, doc = merged([cloud, web])
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert [t for t in texts if "duty of confidentiality" in t] == [
        f"{shared} Judge whether it is safe to use an approved tool. In the same way, decide "
        "whether a web tool is safe to use."]
    rows = change_rows(doc, number_sections(doc.sections))
    # the first is in the body as written (the ledger says kept), the second is quoted in B
    assert [r.original for r in rows if "duty of confidentiality" in r.original] == [
        f"{shared} In the same way, decide whether a web tool is safe to use."]
    assert [e.fate for e in doc.ledger if "duty of" in e.text] == [Fate.KEPT, Fate.REWORDED]
    # own sentences alike ('Most OITs let you export' / 'Many tools let you export'): the
    # author's call, both paragraphs stay
    _, doc = merged([guide("cloud", "Cloud Tools Guidance", "Cloud tools",
                           "Most tools let you export your data."),
                     guide("web", "Internet Use Policy", "Web tools",
                           "Many apps lets you export your data.")])
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert len([t for t in texts if "duty of confidentiality" in t]) == 2
    # nor when one's own sentence narrows or widens whom the rule is for, or holds a link the
    # merged wording would lose (a review)
    from consolidator.consolidation.near_duplicates import _union

    assert _union(["A.", "B.", "Agency workers are exempt from this rule."],
                  ["A.", "B.", "Contractors must follow this rule as well."]) is None


def test_paragraphs_sharing_sentences_stay_apart_when_one_would_lose_its_link(tmp_path):
    shared = ("You have a duty of confidentiality for any information you access. The Council "
              "trusts you to work with OFFICIAL information.")
    files = {"cloud.md": f"# Cloud Tools Guidance\n\n## Classification\n\n{shared} Judge "
                         "whether a tool is safe.\n",
             "web.md": f"# Internet Use Policy\n\n## Classification\n\n{shared} Read the "
                       "[classification guide](https://www.gov.uk/gsc) first.\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    _, doc = merged([read_document(tmp_path / name) for name in files])
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert len([t for t in texts if "duty of confidentiality" in t]) == 2


def test_a_chapter_opening_in_its_sources_words_keeps_their_links():
    """A paragraph moved word for word to open its policy's chapter is printed with its
    source's runs: before, the proposal printed plain text, and a link ('chain letters' in the
    MoJ email guide) was lost."""
    from consolidator.model import Block, Run, SourceDocument, finish_blocks

    def policy(doc_id, title, intro, heading, rule):
        blocks = [Block(id="", kind=BlockKind.HEADING, runs=(Run("Introduction"),), level=1),
                  Block(id="", kind=BlockKind.PARAGRAPH, runs=intro),
                  Block(id="", kind=BlockKind.HEADING, runs=(Run(heading),), level=1),
                  Block(id="", kind=BlockKind.PARAGRAPH, runs=(Run(rule),))]
        return SourceDocument(id=doc_id, path=f"/p/{title}.docx", format="docx", title=title,
                              blocks=finish_blocks(doc_id, blocks))

    link = "https://example.org/phish"
    email = policy("email", "Email Policy", (
        Run("Phishing emails are common: see the "), Run("phishing guide", hyperlink=link),
        Run(" for examples.")), "Etiquette", "Staff must not send chain emails.")
    internet = policy("internet", "Internet Use Policy", (
        Run("Web filtering blocks harmful sites."),), "Web filtering",
        "Staff must not visit gambling sites.")
    doc = consolidate([email, internet], build(docs=[email, internet]))
    (opening,) = [c for s in doc.iter_sections() if s.title == "Email" for c in s.clauses]
    assert opening.edited  # the draft's proposal, accepted by default
    assert [(r.text, r.hyperlink) for r in opening.runs if r.hyperlink] == [
        ("phishing guide", link)]


def test_a_requirement_reworded_by_the_draft_keeps_its_bold():
    """The MoJ acceptable use policy bolds "must be" in every requirement; the one the draft
    rewords ("... (this document)" is "this policy") printed it plain."""
    docs = [read_document(p) for p in REAL if p.name.startswith("moj-")]
    doc = consolidate(docs, build(docs=docs))
    (aware,) = [c for s in doc.iter_sections() for c in s.clauses
                if c.text.startswith("All Users must be made aware of this policy")]
    assert aware.edited
    assert [r.text for r in aware.runs if r.bold] == ["must be"]


def test_service_and_support_is_no_training():
    """NHS England's "Service and support" (no technical support for the tools it lists) was
    printed under Training and awareness, for its word "support"."""
    tools = make_doc("tools", "Internet Tools Guidance", [
        (H, 1, "Using tools"), (P, 0, "Staff may use approved internet tools."),
        (H, 1, "Service and support"),
        (P, 0, "We cannot provide technical support for internet tools.")])
    email = make_doc("email", "Email Policy", [
        (H, 1, "Training"), (P, 0, "Staff must complete email security training."),
        (H, 1, "Email use"), (P, 0, "Staff must not send chain emails.")])
    doc = consolidate([tools, email], build(docs=[tools, email]))
    assert _chapter_of(doc, "Staff must complete email security training") == \
        "Training and awareness"
    assert _chapter_of(doc, "We cannot provide technical support") != "Training and awareness"


def test_a_list_of_references_keeps_the_heading_saying_where_it_comes_from():
    """The MoJ email guide's "Further reading from the NCSC" was merged into the Related
    policies heading, and its one link then read as a related policy. "Feedback" says no more
    than its chapter's title and prints no label (the sections after a label print theirs, as
    everywhere: their text would otherwise read as more of it)."""
    email = make_doc("email", "Email Policy", [
        (H, 1, "Use"), (P, 0, "Staff must not send chain emails."),
        (H, 1, "Further reading from the NCSC"), (L, 0, "Email security and anti-spoofing"),
        (H, 1, "Feedback"), (P, 0, "Send comments to policy@council.gov.uk.")])
    internet = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Use"), (P, 0, "Staff must not visit gambling sites."),
        (H, 1, "Related policies and legislation"), (L, 0, "Data Protection Policy")])
    doc = consolidate([email, internet], build(docs=[email, internet]))
    labels = [c.text for s in doc.iter_sections() for c in s.clauses
              if c.kind is BlockKind.HEADING]
    assert labels == ["Further reading from the NCSC", "Related policies and legislation"]


def test_a_policys_heading_repeating_its_title_is_no_sub_section_of_its_own_chapter():
    """MoJ's Bluetooth guidance repeats its title as its first heading: its chapter read
    '3 Bluetooth', then '3.1 Bluetooth' (a councillor's read of held-out set 2)."""
    bluetooth = make_doc("bt", "Bluetooth", [
        (H, 1, "Bluetooth"), (P, 0, "Bluetooth lets devices near each other talk."),
        (H, 1, "Risks"), (P, 0, "Do not pair with devices you do not recognise.")])
    email = make_doc("email", "Email Policy", [
        (H, 1, "Sending email"), (P, 0, "Staff must not send chain emails.")])
    _, doc = merged([bluetooth, email])
    (chapter,) = [s for s in doc.sections if s.title == "Bluetooth"]
    assert [c.text for c in chapter.clauses] == ["Bluetooth lets devices near each other talk."]
    assert [s.title for s in chapter.children] == ["Risks"]
    assert fates(doc)["Bluetooth"] is Fate.KEPT


def test_a_policy_saying_what_it_helps_you_do_is_its_chapter_saying_so():
    """Bluetooth's 'This guidance helps you use Bluetooth enabled devices' and 'This guidance
    tells you more about the MoJ view of Bluetooth' opened its chapter as 'This policy helps
    you ...', as if the whole Digital Policy were about Bluetooth; Remote Working's 'Guidance and
    suggestions ... appear throughout this guide' kept its 'this guide' (a councillor's read of
    held-out set 2)."""
    bluetooth = make_doc("bt", "Bluetooth", [
        (H, 1, "Introduction"),
        (P, 0, "This guidance helps you use Bluetooth enabled devices."),
        (P, 0, "Bluetooth is a short range radio technology. This guidance tells you more "
               "about the Council's view of Bluetooth."),
        (H, 1, "Privacy"),
        (P, 0, "Guidance and suggestions for improving privacy appear throughout this guide, "
               "but these points are worth repeating."),
        (H, 1, "Risks"), (P, 0, "Do not pair with devices you do not recognise.")])
    email = make_doc("email", "Email Policy", [
        (H, 1, "Sending email"), (P, 0, "Staff must not send chain emails.")])
    _, doc = merged([bluetooth, email])
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert "This chapter helps you use Bluetooth enabled devices." in texts
    assert ("Bluetooth is a short range radio technology. This chapter tells you more about the "
            "Council's view of Bluetooth.") in texts
    assert ("Guidance and suggestions for improving privacy appear throughout this policy, but "
            "these points are worth repeating.") in texts
    # another text named before 'the guidance' or 'this guidance' is what it means (a review)
    others = ["Staff must read the Cabinet Office security policy. The policy sets out what you "
              "must report.",
              "The NCSC publishes advice on Bluetooth. The guidance explains how to pair safely.",
              "Guidance from the NCSC covers pairing. This guidance says to switch Bluetooth off."]
    bluetooth = make_doc("bt", "Bluetooth", [
        (H, 1, "Pairing"), *[(P, 0, t) for t in others],
        (H, 1, "Risks"), (P, 0, "Do not pair with devices you do not recognise.")])
    _, doc = merged([bluetooth, email])
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert [t for t in others if t in texts] == others


def test_a_chapter_of_two_topics_keeps_the_heading_of_the_second():
    """Security and data protection gathers two topics under one title: the OIT guidance's
    'Privacy and personal information' lost its heading there, its privacy rules running on from
    the classification rules before them (a councillor's read of held-out set 2)."""
    tools = make_doc("oit", "Open Internet Tools", [
        (H, 1, "Security"), (P, 0, "An online tool can only hold information marked OFFICIAL."),
        (H, 1, "Privacy and personal information"),
        (P, 0, "Do not store personal data in an online tool until consent is addressed.")])
    email = make_doc("email", "Email Policy", [
        (H, 1, "Security"), (P, 0, "Staff must lock their screen when away from it."),
        (H, 1, "Data protection"), (P, 0, "Staff must not email personal data outside.")])
    _, doc = merged([tools, email])
    texts = [t for ts in chapters(doc).values() for t in ts]
    at = texts.index("Privacy and personal information")
    assert texts[at + 1] == "Do not store personal data in an online tool until consent is " \
                            "addressed."
    # nor when its policy has nothing in the chapter's first topic (a review)
    tools = make_doc("oit", "Open Internet Tools", [
        (H, 1, "Privacy and personal information"),
        (P, 0, "Do not store personal data in an online tool until consent is addressed."),
        (H, 1, "Using online tools"), (P, 0, "Staff may use approved online tools.")])
    _, doc = merged([tools, email])
    texts = [t for ts in chapters(doc).values() for t in ts]
    at = texts.index("Privacy and personal information")
    assert texts[at + 1] == "Do not store personal data in an online tool until consent is " \
                            "addressed."


def test_a_summary_after_sections_sums_them_up_where_they_are():
    """The OIT guidance's '### Summary' follows 'Why OITs are a risk' and sums it up ('With
    careful use, OITs help you ...'): taken for an introduction, it was printed in the
    Introduction, before the checklist and risks it concludes (a councillor's read of held-out
    set 2). A summary opening its policy is still its introduction."""
    tools = make_doc("oit", "Open Internet Tools", [
        (H, 1, "Overview"), (P, 0, "Online tools are services on the open internet."),
        (H, 2, "Why online tools are a risk"), (P, 0, "Their security may be weak."),
        (H, 2, "Summary"), (P, 0, "With careful use, online tools help you work well."),
        (H, 1, "Using online tools"), (P, 0, "Staff must not store personal data in them.")])
    email = make_doc("email", "Email Policy", [
        (H, 1, "Summary"), (P, 0, "This policy sets out how staff must use email."),
        (H, 1, "Sending email"), (P, 0, "Staff must not send chain emails.")])
    _, doc = merged([tools, email])
    texts = [t for ts in chapters(doc).values() for t in ts]
    risk = texts.index("Their security may be weak.")
    assert texts[risk + 1:risk + 3] == ["Summary", "With careful use, online tools help you work "
                                                   "well."]
    assert "With careful use" not in " ".join(chapters(doc)["Introduction"])
    # after what is about the document, a Summary opens the policy's text (a review: its rules
    # went out with the document control)
    for before in ([(H, 1, "Document control"), (P, 0, "Version: 1.2"), (P, 0, "Owner: ICT")],
                   [(H, 1, "Contacts"), (P, 0, "Email itpolicy@council.gov.uk with questions.")]):
        nhs = make_doc("nhs", "Email Policy", [
            *before, (H, 1, "Summary"), (P, 0, "Staff must never auto-forward clinical email."),
            (H, 1, "Sending email"), (P, 0, "Staff must not send chain emails.")])
        _, doc = merged([nhs, tools])
        assert fates(doc)["Staff must never auto-forward clinical email."] is Fate.KEPT
        assert "Staff must never auto-forward clinical email." not in chapters(doc).get(
            "Contacts and help", [])


def test_the_introduction_names_what_the_policy_covers_when_its_one_purpose_moves_away():
    """Held-out set 2's one purpose statement, the OIT guidance's 'This guidance gives you:',
    went to open its chapter, leaving the Introduction with nothing on what the policy covers
    (a councillor's read). The lead names every policy's subject, in the words they use."""
    tools = make_doc("oit", "Guidance for using Open Internet Tools", [
        (H, 1, "Overview"), (P, 0, "This guidance gives you:"),
        (L, 0, "an overview of open internet tools"), (L, 0, "a checklist for using them"),
        (H, 1, "Using open internet tools"), (P, 0, "Staff must not store personal data in them.")])
    laptops = make_doc("laptops", "Laptops", [
        (H, 1, "Storing data"), (P, 0, "Save the data on your laptops to a shared drive."),
        (H, 1, "Passwords"), (P, 0, "Contact the Service Desk to reset your password.")])
    bluetooth = make_doc("bt", "Bluetooth", [
        (H, 1, "Pairing"), (P, 0, "Only pair Bluetooth devices you recognise."),
        (H, 1, "Risks"), (P, 0, "Turn Bluetooth off in public places.")])
    _, doc = merged([tools, laptops, bluetooth])
    intro = chapters(doc)["Introduction"]
    assert intro[0] == "This policy sets out the rules on the internet, laptops and Bluetooth."
    assert "This chapter gives you:" in [t for ts in chapters(doc).values() for t in ts]


def test_a_source_calling_itself_this_information_is_this_policy_in_its_scope_statement():
    """MoJ's acceptable use page opens 'This information applies to all staff and contractors
    who work for the MoJ': merged, 'this information' named nothing (held-out set 2). Other
    information stays what it is."""
    page = make_doc("aup", "Acceptable use policy", [
        (H, 1, "Introduction"),
        (P, 0, "This information applies to all staff and contractors who work for the Council."),
        (H, 1, "Handling"), (P, 0, "This information is confidential: do not share it.")])
    email = make_doc("email", "Email Policy", [
        (H, 1, "Sending email"), (P, 0, "Staff must not send chain emails.")])
    _, doc = merged([page, email])
    texts = [t for ts in chapters(doc).values() for t in ts]
    assert "This policy applies to all staff and contractors who work for the Council." in texts
    assert "This information is confidential: do not share it." in texts


def test_an_aim_keeps_the_words_its_lead_in_put_before_it():
    """'This policy aims to stop staff from:' then 'visiting websites that put the network at
    risk' was printed under 'It aims to:' as 'visiting websites ...', the aim inverted into
    what the policy is for; the ledger called it kept (a review)."""
    internet = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Aims of this policy"), (P, 0, "This policy aims to stop staff from:"),
        (L, 0, "visiting websites that put the Council's network at risk;"),
        (L, 0, "using Council equipment for personal trading online."),
        (H, 1, "Web filtering"), (P, 0, "Staff must not try to get around the web filter.")])
    phones = make_doc("phones", "Mobile Phone Policy", [
        (H, 1, "Purpose"), (P, 0, "This policy explains the rules for:"),
        (L, 0, "ordering a Council phone;"), (L, 0, "returning it when you leave."),
        (H, 1, "Using phones"), (P, 0, "Staff must not lend their Council phone to others.")])
    _, doc = merged([internet, phones])
    intro = chapters(doc)["Introduction"]
    assert "stop staff from visiting websites that put the Council's network at risk;" in intro
    assert "explain the rules for ordering a Council phone;" in intro
    assert fates(doc)["visiting websites that put the Council's network at risk;"] is \
        Fate.REWORDED


def test_the_introduction_opens_with_its_lead_sentence():
    """In the MoJ + NHS England draft, NHS England's scope line (a side of a scope conflict,
    left as it is) came before the lead sentence 'This policy sets out ...' it had preceded in
    its source (a councillor's read)."""
    nhs = make_doc("nhs", "Open Internet Tools", [
        (H, 1, "Overview"),
        (P, 0, "This information applies to all staff who work with and for NHS England."),
        (P, 0, "This guidance gives you:"), (L, 0, "an overview of open internet tools"),
        (H, 1, "Using tools"), (P, 0, "Staff may use approved online tools.")])
    moj = make_doc("moj", "Email Policy", [
        (H, 1, "Purpose"), (P, 0, "This policy aims to:"), (L, 0, "keep email secure."),
        (P, 0, "This policy applies to all staff and contractors who work for the MoJ."),
        (H, 1, "Sending email"), (P, 0, "Staff must not send chain emails.")])
    _, doc = merged([nhs, moj])
    assert chapters(doc)["Introduction"][0].startswith("This policy sets out how staff must use")


def test_scope_statements_of_different_organisations_wait_in_the_scope_not_the_introduction():
    """In the MoJ + NHS England draft the Scope held the MoJ IT policy's 'This policy covers
    all Users ...' while three other statements of whom a policy applies to (sides of the open
    scope conflicts, never reworded) stayed in the Introduction, after its aims: one question
    asked in two chapters. They go to the Scope as they are, after its own statement, and stay
    conflicts; the move is the draft's, for the author to undo."""
    nhs = make_doc("nhs", "Open Internet Tools", [
        (H, 1, "Overview"),
        (P, 0, "Various tools are approved for staff. This information applies to all staff "
               "who work with and for NHS England."),
        (H, 1, "Using tools"), (P, 0, "Staff may use approved online tools.")])
    aup = make_doc("aup", "IT Acceptable Use Policy", [
        (H, 1, "Purpose"), (P, 0, "This policy aims to:"), (L, 0, "keep IT systems secure."),
        (H, 1, "Scope"),
        (P, 0, "This policy covers all Users (including contractors) who work for the MoJ."),
        (P, 0, "All Users must complete security training every 12 months."),
        (H, 1, "Passwords"), (P, 0, "Users must not share passwords.")])
    devices = make_doc("devices", "Personal Devices Guidance", [
        (H, 1, "Overview"),
        (P, 0, "This guidance applies to all staff and contractors who work for the MoJ. It "
               "provides advice about using personal devices."),
        (H, 1, "Updates"), (P, 0, "Staff must keep their device up to date.")])
    plan, doc = merged([nhs, aup, devices])
    introduction, scope = chapters(doc)["Introduction"], chapters(doc)["Scope"]
    assert not [t for t in introduction if "applies to" in t or "covers all" in t]
    assert scope[0] == "This policy covers all Users (including contractors) who work for the MoJ."
    assert "Various tools are approved for staff. This information applies to all staff who " \
           "work with and for NHS England." in scope[1:3]
    assert "This guidance applies to all staff and contractors who work for the MoJ. It " \
           "provides advice about using personal devices." in scope[1:3]
    sides = {cid for c in doc.open_conflicts for cid in c.clause_ids}
    assert sides and sides <= {c.id for s in doc.iter_sections() if s.title == "Scope"
                               for c in s.clauses}
    assert [d for d in plan.decisions if d.kind is DecisionKind.MOVE and d.value == "p-scope"]


def test_a_shared_clause_goes_first_only_where_it_opens_its_section():
    """NHS England's two tools guides both end a paragraph run with 'Remember that it is
    impossible to delete information after it's released in public.': printed first, as
    shared clauses are, it opened 9.3 and led into the classification text after it (a
    councillor's read of the MoJ + NHS England draft). A shared sentence opening its section
    (the feedback address) still goes first."""
    remember = "Remember that it is impossible to delete information after it is released."
    feedback = "If you have any questions about this guidance, contact itpolicy@council.gov.uk."

    def guide(doc_id, title, *own):
        return make_doc(doc_id, title, [
            (H, 1, "Information management"), (P, 0, own[0]), (P, 0, remember),
            *[(P, 0, t) for t in own[1:]], (H, 1, "Feedback"), (P, 0, feedback)])

    _, doc = merged([guide("cloud", "Cloud Tools Guidance", "Post with care in public."),
                     guide("web", "Web Tools Guidance", "Think before you share online.",
                           "Classify what you hold before you share it.")])
    section = next(ts for ts in chapters(doc).values() if remember in ts)
    assert section.index(remember) == section.index("Post with care in public.") + 1
    assert chapters(doc)["Contacts and help"][0] == feedback.replace("this guidance",
                                                                     "this policy")


def test_a_paragraph_after_a_list_in_another_order_follows_the_whole_list():
    """A review: when the second policy lists the same contacts in another order, the
    paragraphs after its list went after the first policy's copy of its last item, inside the
    printed list ('Each of these teams ...' after the first of three), and a two-paragraph
    note was torn apart."""
    contacts = ["ICT Service Desk: 01234 567890", "Information Governance: ig@council.gov.uk",
                "Human Resources: hr@council.gov.uk"]
    email = make_doc("email", "Email Policy", [
        (H, 1, "Auto-forwarding"), (P, 0, "Staff must not forward email to a personal account."),
        (H, 1, "Contacts"), *[(L, 0, c) for c in contacts]])
    notes = ["Each of these teams answers within two working days.",
             "Out of hours, leave a message and the team will call back."]
    internet = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Web filtering"), (P, 0, "Staff must not try to get around the web filter."),
        (H, 1, "Contacts"), *[(L, 0, c) for c in contacts[1:] + contacts[:1]],
        *[(P, 0, n) for n in notes]])
    _, doc = merged([email, internet])
    assert chapters(doc)["Contacts and help"] == contacts + notes


def test_a_linked_this_document_names_the_linked_page_and_stays():
    """MoJ's Web Browsing policy: 'The access rules that apply are described in this
    document.', 'this document' a link to the access rules' page. The draft made it 'described
    in this policy' and dropped the link: this policy does not hold the access rules (a read of
    the drafts made from the .docx and PDF)."""
    from dataclasses import replace

    from consolidator.model import Run

    web = make_doc("web", "Web Browsing Guidance", [
        (H, 1, "Access rules"),
        (P, 0, "The access rules that apply are described in this document."),
        (P, 0, "This guidance explains how websites are filtered."),
        (H, 1, "Blocked sites"), (P, 0, "Staff must not try to get around the web filter.")])
    linked = (Run("The access rules that apply are described in "),
              Run("this document", hyperlink="https://intranet.example/access-rules"), Run("."))
    web = replace(web, blocks=tuple(replace(b, runs=linked) if b.text.startswith("The access")
                                    else b for b in web.blocks))
    _, doc = merged([web, EMAIL])
    clause = next(c for s in doc.iter_sections() for c in s.clauses
                  if c.text.startswith("The access rules"))
    assert clause.text == "The access rules that apply are described in this document."
    assert [r.hyperlink for r in clause.runs if r.text == "this document"] == [
        "https://intranet.example/access-rules"]
    texts = [c.text for s in doc.iter_sections() for c in s.clauses]
    assert not any("This guidance explains" in t for t in texts)  # unlinked: reworded as ever


def test_a_policy_read_whole_into_its_chapter_is_named_in_the_appendices_once():
    """MoJ's Laptops as Word or PDF prints 'Laptops' as a Title line and again as its one top
    heading. Appendix A said its chapter was 'New in this policy' (all its text is in the four
    sub-sections) and Appendix B's source cell read 'Laptops; Laptops (Laptops)' (a read of the
    drafts made from PDFs)."""
    from consolidator.writers.appendices import provenance_rows

    laptops = make_doc("laptops", "Laptops", [
        (P, 0, "Laptops"), (H, 1, "Laptops"),
        (H, 2, "Storing data on laptops"), (P, 0, "Store data in MoJ systems."),
        (H, 2, "How to reset your password"), (P, 0, "Call the Service Desk.")])
    docs = [laptops, EMAIL]
    doc = consolidate(docs, build(docs=docs))
    assert_ledger_complete(doc, docs)
    numbers = number_sections(doc.sections)
    chapter = next(s for s in doc.sections if s.title == "Laptops")
    (row,) = [r for r in provenance_rows(doc, numbers) if r.number == numbers[chapter.id][0]]
    assert row.sources == ("Laptops: its sections below",)
    title_rows = [r for r in change_rows(doc, numbers) if r.original == "Laptops"]
    assert title_rows and {(r.policy, r.section) for r in title_rows} == {("Laptops", "")}


def test_a_scope_statement_moved_to_a_scope_opening_with_context_follows_its_text():
    """Review: where the Scope opens with context ('Council IT systems hold ...'), NHS
    England's statement moved from the Introduction had been put first, opening the merged
    Scope with another organisation's audience. It follows the Scope's own text; a moved
    statement that is no side of a conflict is not noted as one."""
    from consolidator.consolidation.plan import SCOPE_NOTE

    aup = make_doc("aup", "IT Acceptable Use Policy", [
        (H, 1, "Purpose"), (P, 0, "This policy aims to:"), (L, 0, "keep IT systems secure."),
        (H, 1, "Scope"),
        (P, 0, "Council IT systems hold sensitive information about residents."),
        (P, 0, "This policy covers all Users (including contractors) who work for the MoJ."),
        (H, 1, "Passwords"), (P, 0, "Users must not share passwords.")])
    nhs = make_doc("nhs", "Open Internet Tools", [
        (H, 1, "Overview"),
        (P, 0, "This guidance applies to all staff who work with and for NHS England."),
        (H, 1, "Using tools"), (P, 0, "Staff may use approved online tools.")])
    plan, doc = merged([aup, nhs])
    scope = chapters(doc)["Scope"]
    assert scope[0] == "Council IT systems hold sensitive information about residents."
    assert scope.index("This guidance applies to all staff who work with and for NHS "
                       "England.") > scope.index("This policy covers all Users (including "
                                                 "contractors) who work for the MoJ.")
    alone = make_doc("alone", "Email Policy", [
        (H, 1, "Overview"), (P, 0, "This policy applies to all staff."),
        (H, 1, "Scope"), (P, 0, "Council email holds sensitive information."),
        (H, 1, "Sending"), (P, 0, "Staff must not send chain emails.")])
    plan, doc = merged([alone, EMAIL])
    notes = {d.note for d in plan.decisions if d.kind is DecisionKind.MOVE
             and d.value == "p-scope"}
    assert SCOPE_NOTE not in notes
    assert "This policy applies to all staff." not in chapters(doc)["Introduction"]


def test_a_policys_own_scope_statement_moved_to_its_scope_keeps_its_order():
    """Review: one policy's 'This policy applies to all staff.' (its Introduction) was moved
    after its Scope's 'It applies to councillors too.', so 'too' came before what it adds to."""
    email = make_doc("email", "Email Policy", [
        (H, 1, "Introduction"), (P, 0, "This policy applies to all staff."),
        (H, 1, "Scope"), (P, 0, "It applies to councillors too."),
        (H, 1, "Using email"), (P, 0, "Staff must not send personal data by email.")])
    _, doc = merged([email])
    scope = chapters(doc)["Scope"]
    assert scope.index("This policy applies to all staff.") < scope.index(
        "It applies to councillors too.")
