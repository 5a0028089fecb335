"""One policy allows personal use, another business use only: a conflict, in whatever words.

Found missing by a councillor reading the Ministry of Justice draft: its email guide says "Don't
use MoJ email ... for anything other than appropriate business purposes", its acceptable use
policy "The MoJ permits limited personal use of its ICT systems", and the draft printed both
without a word.
"""

from pathlib import Path

import pytest

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.conflicts import ConflictKind
from consolidator.consolidation.personal_use import PERMITTED, PROHIBITED, personal_use
from consolidator.readers import read_document
from tests.helpers.docs import H, P, make_doc

REAL = Path(__file__).parents[1] / "data" / "real-policies"


@pytest.mark.parametrize("text, stance", [
    ("Don't use MoJ email or other messaging systems for anything other than appropriate "
     "business purposes.", PROHIBITED),
    ("Council mobile phones must only be used for business purposes.", PROHIBITED),
    ("Personal use is not permitted.", PROHIBITED),
    ("Staff may not use email for personal purposes.", PROHIBITED),
    ("The MoJ permits limited personal use of its ICT systems.", PERMITTED),
    ("Limited personal use of email is permitted.", PERMITTED),
    ("Staff may use the internet for personal reasons in their own time.", PERMITTED),
    # about data, not a system: it says nothing of personal use of email or the internet
    ("Council data must only be used for business purposes.", ""),
    # says both: the time it is allowed in decides, not this pass
    ("Personal use is permitted in own time but not allowed during working hours.", ""),
    ("Staff must not use a personal device for work purposes.", ""),
    # from a review: a permission turned round, a ban turned round, one use restricted, "it"
    ("The Council does not permit personal use of its email system.", PROHIBITED),
    ("This policy does not prevent staff from using Council equipment for personal reasons.",
     PERMITTED),
    ("Staff must not store files for personal use on shared drives.", ""),
    ("Council data must only be used for business purposes and it must be kept secure.", ""),
])
def test_a_clause_says_whether_personal_use_is_allowed(text, stance):
    assert personal_use(text)[0] == stance


def _conflicts(*docs):
    return analyse_clauses(list(docs), align_sections(list(docs))).conflicts


def test_the_ministry_of_justice_email_and_acceptable_use_policies_disagree():
    docs = [read_document(REAL / name)
            for name in ("moj-email.md", "moj-it-acceptable-use-policy.md")]
    found = [c for c in _conflicts(*docs) if c.kind is ConflictKind.PERMITTED_VS_PROHIBITED]
    assert [(c.a.text[:40], c.b.text[:40]) for c in found] == [
        ("Don't use MoJ email or other messaging s", "The MoJ permits limited personal use of ")]
    assert found[0].reason.endswith(
        "says \u201cfor anything other than appropriate business purposes\u201d but "
        "moj-it-acceptable-use-policy.md Personal use says "
        "\u201cpermits limited personal use\u201d: one allows personal use, the other only "
        "business use.")


def _policy(doc_id: str, title: str, text: str):
    return make_doc(doc_id, title, [(H, 1, "Use"), (P, 0, text)])


EMAIL_ONLY = "Staff must not use Council email for anything other than business purposes."


def test_personal_use_of_another_channel_is_no_conflict():
    email = _policy("email", "Email Policy", EMAIL_ONLY)
    browsing = _policy("web", "Web Browsing Policy", "Reasonable personal use is allowed.")
    assert _conflicts(email, browsing) == ()


def test_personal_use_of_all_the_councils_systems_covers_email():
    email = _policy("email", "Email Policy", EMAIL_ONLY)
    browsing = _policy("web", "Web Browsing Policy",
                       "The Council permits limited personal use of its IT systems.")
    (conflict,) = _conflicts(email, browsing)
    assert conflict.kind is ConflictKind.PERMITTED_VS_PROHIBITED


def test_own_time_against_working_time_is_no_conflict():
    phones = _policy("phones", "Mobile Phone Policy",
                     "There must be no personal use of Council phones during working hours.")
    other = _policy("other", "Equipment Policy",
                    "Staff may use Council phones for personal reasons in their own time.")
    assert _conflicts(phones, other) == ()


def test_two_policies_of_one_mind_are_no_conflict():
    email = _policy("email", "Email Policy", EMAIL_ONLY)
    other = _policy("other", "IT Policy",
                    "Council IT systems must only be used for business purposes.")
    assert _conflicts(email, other) == ()


def test_the_list_holding_a_side_opens_its_chapter_whole_and_the_conflict_stays_open():
    """The email guide's overview ("In general ... In particular:" and seven rules, one of them
    the business-only rule) opens the Email chapter as it was: before, the six other rules went
    there and the conflicting one stayed behind, under the Introduction's aims."""
    from consolidator.consolidation.merge import consolidate
    from tests.helpers.plans import assert_ledger_complete, build

    docs = [read_document(REAL / name)
            for name in ("moj-email.md", "moj-it-acceptable-use-policy.md")]
    plan = build(docs=docs)
    doc = consolidate(docs, plan)
    assert_ledger_complete(doc, docs)
    email = next(s for s in doc.sections if s.title == "Email")
    opening = [c.text[:30] for c in email.clauses[:9]]
    assert opening[:3] == ["In general, always use email i", "In particular:",
                           "Never circulate messages or ma"]
    assert "Don't use MoJ email or other m" in opening
    (conflict,) = [c for c in doc.open_conflicts
                   if "personal use" in c.reason and "business" in c.reason]
    assert any(c.id in conflict.clause_ids for c in email.clauses)
