"""Near-identical wordings, one holding every word of the others: one clause, the fullest
wording, with a note naming what it adds; never when the added words change what a rule asks."""

import pytest

from consolidator.consolidation.combine import fuller_wording
from consolidator.consolidation.merge import consolidate
from tests.helpers.docs import H, P, make_doc
from tests.helpers.plans import assert_ledger_complete, build

APP = ("Note: You should submit a request, and wait for a formal approval response, before you "
       "install or use the app on Council equipment.")


def test_the_wording_holding_every_word_of_the_others_is_returned_with_what_it_adds():
    fuller = APP.replace("the app", "the app/service")
    assert fuller_wording([APP, fuller]) == (fuller, ("service",))
    assert fuller_wording([fuller, APP, APP]) == (fuller, ("service",))


def test_a_channel_added_is_not_merged():
    # "email passwords" narrows a rule about every password to one channel
    assert fuller_wording(["You must not share passwords.",
                           "You must not share email passwords."]) is None


@pytest.mark.parametrize("shorter, longer", [
    ("You may use the app.", "You may only use the app."),
    ("You must lock the device.", "You must not lock the device."),
    ("Report the loss to IT.", "Report the loss to IT within 24 hours."),
    ("Report the loss to IT.", "Report the loss to IT unless it is found."),
    ("Staff use the app.", "Staff must use the app."),
    ("Staff must lock the device.", "Staff must lock the device and the email account."),
    # from a review: a role narrowed, a use turned round, deadlines and times in words, "can't"
    ("Managers must approve requests.", "Senior managers must approve requests."),
    ("Report it to the service desk.", "Report it to the security service desk."),
    ("Staff may use Council equipment for business purposes.",
     "Staff may use Council equipment for non-business purposes."),
    ("Report the loss.", "Report the loss within two hours."),
    ("Report the loss.", "Report the loss immediately."),
    ("Back up files.", "Back up files at least daily."),
    ("Staff can use the app.", "Staff can't use the app."),
    ("Staff may use the internet.", "Staff may use the internet outside working hours."),
])
def test_words_that_change_the_rule_are_never_merged(shorter, longer):
    assert fuller_wording([shorter, longer]) is None


def test_a_thing_added_to_a_duty_is_merged_for_the_author_to_confirm():
    # the fullest keeps the rule of the others and names what it adds, in a note
    assert fuller_wording(["Staff must lock the phone.", "Staff must lock the phone and laptop."]
                          ) == ("Staff must lock the phone and laptop.", ("laptop",))


def test_wordings_that_each_have_their_own_words_are_not_merged():
    assert fuller_wording(["Most tools let you export your data.",
                           "Many tools let you export your data."]) is None
    assert fuller_wording([APP, APP]) is None  # they say the same: nothing is added


def test_the_draft_prints_one_clause_in_the_fullest_wording_with_a_note():
    fuller = APP.replace("the app", "the app/service")
    email = make_doc("email", "Email Policy", [(H, 1, "Apps"), (P, 0, APP)])
    internet = make_doc("internet", "Internet Use Policy", [(H, 1, "Apps"), (P, 0, fuller)])
    doc = consolidate([email, internet], build(docs=[email, internet]))
    assert_ledger_complete(doc, [email, internet])
    printed = [c for s in doc.iter_sections() for c in s.clauses if "approval" in c.text]
    assert [(c.text, sorted(r.document_id for r in c.sources)) for c in printed] == [
        (fuller, ["email", "internet"])]
    (note,) = [n for n in doc.open_notes if printed[0].id in n.clause_ids]
    assert "adds \u201cservice\u201d" in note.reason


def test_the_exported_policy_counts_the_wordings_to_check_and_comments_on_them(tmp_path):
    """A councillor reading the MoJ + NHS export found the document control counting the
    undecided conflicts but not the merged wordings still to check, which had comments too."""
    import docx

    from consolidator.metadata import PolicyMetadata
    from consolidator.writers.policy_docx import export_policy

    fuller = APP.replace("the app", "the app/service")
    email = make_doc("email", "Email Policy", [(H, 1, "Apps"), (P, 0, APP)])
    internet = make_doc("internet", "Internet Use Policy", [(H, 1, "Apps"), (P, 0, fuller)])
    doc = consolidate([email, internet], build(docs=[email, internet]))
    out = export_policy(doc, tmp_path / "Digital Policy.docx", PolicyMetadata())
    document = docx.Document(out)
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert ["Wordings to check", "1 \u2014 see the comments in the margin"] in rows
    assert not any(r[0] == "Conflicts undecided" for r in rows)
    assert [c.text for c in document.comments if "service" in c.text] == [
        "To check: Near-identical wordings from several policies were merged into the fullest, "
        "which adds \u201cservice\u201d: check it, or choose another variant. The wording "
        "printed is to be confirmed."]
