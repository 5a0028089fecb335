"""Near-identical clauses of several policies proposed as one wording, never when they disagree.

Tiny policies built in each test; what is checked is what a policy officer reads in the Digital
Policy and what the ledger says of each source block.
"""

import pytest

from consolidator.consolidation import edits
from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.resolve import Resolver
from consolidator.model import Fate
from tests.helpers.docs import H, L, P, make_doc
from tests.helpers.plans import assert_ledger_complete, build

RESPONSIBLE = {
    "email": "Staff are responsible for all email sent from their account and must lock their "
             "device when leaving it unattended.",
    "internet": "Staff are responsible for all internet activity carried out under their login "
                "and must lock their device when leaving it unattended.",
    "mobile": "Staff are responsible for all activity on the mobile phone issued to them and "
              "must lock their device when leaving it unattended.",
}
TITLES = {"email": "Email Policy", "internet": "Internet Use Policy",
          "mobile": "Mobile Phone Policy"}


def policies(texts: dict[str, str], heading: str = "Responsibilities") -> list:
    return [make_doc(key, TITLES[key], [(H, 1, heading), (P, 0, text)])
            for key, text in texts.items()]


def body(docs, plan) -> list[str]:
    doc = consolidate(docs, plan)
    assert_ledger_complete(doc, docs)
    return [c.text for s in doc.iter_sections() for c in s.clauses]


def test_near_identical_clauses_become_one_wording_with_every_policys_words():
    docs = policies(RESPONSIBLE)
    plan = build(docs=docs)
    doc = consolidate(docs, plan)
    texts = [c.text for s in doc.iter_sections() for c in s.clauses]
    assert texts == [
        "Staff are responsible for all email sent from their account, internet activity carried "
        "out under their login and activity on the mobile phone issued to them and must lock "
        "their device when leaving it unattended."]
    notes = {e.text: (e.fate, e.note) for e in doc.ledger if e.text}
    for text in RESPONSIBLE.values():
        fate, note = notes[text]
        assert fate is Fate.REWORDED and note.startswith("near-identical wordings of")


def test_the_author_can_keep_the_sources_instead():
    docs = policies(RESPONSIBLE)
    plan = build(docs=docs)
    head = next(c.id for c in plan.clauses if c.proposal and c.id == c.proposal)
    kept = plan.with_decisions(edits.keep_sources(Resolver(plan), head).decisions)
    assert sorted(body(docs, kept)) == sorted(RESPONSIBLE.values())


def test_clauses_committing_to_different_things_are_never_combined():
    cases = [
        {"email": "Where a breach may involve a criminal offence, the Council may refer the "
                  "matter to the police.",
         "internet": "Where a breach may involve a criminal offence, the Council will inform "
                     "the police."},
        {"email": "Staff must report the loss of a Council laptop within 24 hours of noticing "
                  "it to the ICT Service Desk.",
         "mobile": "Staff must report the loss of a Council mobile phone within 48 hours of "
                   "noticing it to the ICT Service Desk."},
        {"email": "Managers must approve access to a shared mailbox for members of their team "
                  "in writing.",
         "internet": "Managers must not approve access to a shared drive for members of their "
                     "team in writing."},
    ]
    for texts in cases:
        docs = policies(texts)
        assert sorted(body(docs, build(docs=docs))) == sorted(texts.values()), texts


def test_a_condition_lists_its_items_as_alternatives():
    docs = policies({
        "email": "If a Council laptop is lost or stolen, staff must report it to the ICT Service "
                 "Desk within 24 hours.",
        "mobile": "If a Council mobile phone is lost or stolen, staff must report it to the ICT "
                  "Service Desk within 24 hours."})
    assert body(docs, build(docs=docs)) == [
        "If a Council mobile phone or laptop is lost or stolen, staff must report it to the ICT "
        "Service Desk within 24 hours."]


@pytest.mark.parametrize("texts", [
    # two sentences each: the second would be spliced into the first
    {"email": "Staff must lock their laptop when they leave it. Lost laptops must be reported "
              "to the ICT Service Desk within 24 hours.",
     "mobile": "Staff must lock their phone when they leave it. Lost phones must be reported "
               "to the ICT Service Desk within 24 hours."},
    # a verb of its own in what differs
    {"email": "Staff must neither forward Council email to personal accounts nor store it on "
              "personal devices.",
     "mobile": "Staff must neither forward Council texts to personal accounts nor store them on "
               "personal devices."},
    # names, and lists of their own
    {"email": "Staff must not use Gmail, Hotmail or other personal accounts to send Council "
              "information.",
     "mobile": "Staff must not use WhatsApp, Facebook Messenger or other personal accounts to "
               "send Council information."},
], ids=["two sentences", "verbs", "names"])
def test_clauses_differing_in_more_than_one_plain_phrase_are_left_as_they_are(texts):
    docs = policies(texts)
    assert sorted(body(docs, build(docs=docs))) == sorted(texts.values())


def test_a_lead_in_without_a_colon_stays_with_its_own_list():
    docs = [make_doc(key, TITLES[key], [
        (H, 1, "Acceptable use"), (P, 0, f"Staff must not use Council {item} to send any of the "
                                         "following material"),
        (L, 0, f"{example} or jokes"), (H, 1, "Other"), (P, 0, f"{item} rule {key}.")])
        for key, item, example in (("email", "email", "chain letters"),
                                   ("internet", "internet access", "downloads"))]
    texts = body(docs, build(docs=docs))
    for item, example in (("email", "chain letters"), ("internet access", "downloads")):
        at = texts.index(f"{example} or jokes")
        assert texts[at - 1] == f"Staff must not use Council {item} to send any of the " \
            "following material"


def test_list_items_stay_under_their_own_lead_in():
    lead = "Staff must not use Council equipment to:"
    docs = [make_doc(key, TITLES[key], [(H, 1, "Acceptable use"), (P, 0, lead),
                                        (L, 0, f"store personal {item} on the Council network.")])
            for key, item in (("email", "email files"), ("internet", "browser downloads"))]
    texts = body(docs, build(docs=docs))
    for item in ("email files", "browser downloads"):
        at = texts.index(f"store personal {item} on the Council network.")
        assert texts[at - 1] == lead


def test_a_phrase_joining_words_of_its_own_is_listed_and_the_list_closed_by_a_comma():
    docs = policies({
        "email": "The Council monitors the use of its email system to protect its systems "
                 "and information and to make sure this policy is followed.",
        "internet": "The Council monitors internet use on its network and devices to protect "
                    "its systems and information and to make sure this policy is followed."},
        heading="Monitoring")
    assert body(docs, build(docs=docs)) == [
        "The Council monitors the use of its email system, and internet use on its network "
        "and devices, to protect its systems and information and to make sure this policy is "
        "followed."]


def test_a_phrase_holding_a_condition_is_not_listed():
    texts = {"email": "Staff may use personal email in an emergency or when travelling.",
             "internet": "Staff may use social media at lunch."}
    docs = policies(texts, heading="Personal use")
    assert sorted(body(docs, build(docs=docs))) == sorted(texts.values())
