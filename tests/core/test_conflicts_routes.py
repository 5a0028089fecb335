"""Two policies sending staff to different people about the same matter (routes.py), each rule
with a look-alike that is no conflict; and how named teams are read (wording.roles)."""

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.conflicts import ConflictKind
from consolidator.consolidation.routes import pointer, same_contact
from consolidator.consolidation.wording import roles
from tests.helpers.docs import H, P, make_doc


def _conflicts(*sections: tuple[str, str]):
    docs = [make_doc(f"d{n}", f"Policy {n}", [(H, 1, heading), (P, 0, text)])
            for n, (heading, text) in enumerate(sections)]
    return analyse_clauses(docs, align_sections(docs)).conflicts


# --- Named teams -------------------------------------------------------------------------------


def test_two_teams_sharing_the_word_team_are_both_read():
    assert roles("Please contact the Information Governance or the Cyber Security teams.") == [
        "information governance team", "cyber security team"]
    assert roles("Your Records Management representative can help.") == [
        "records management representative"]


def test_microsoft_teams_is_a_tool_not_a_team():
    assert roles("Is the tool a plug-in for Microsoft Teams or SharePoint?") == []


# --- The same matter sent to different contacts ----------------------------------------------


def test_advice_on_one_matter_from_a_mailbox_against_a_team_is_a_route_conflict():
    (conflict,) = _conflicts(
        ("Privacy and personal information",
         "Complying with personal information requirements can be complex. Don't hesitate to "
         "ask for advice: privacy@council.gov.uk"),
        ("Privacy and personal information",
         "Please contact the Information Governance team for more information."))
    assert conflict.kind is ConflictKind.ROUTE
    assert "privacy@council.gov.uk" in conflict.reason
    assert "Information Governance team" in conflict.reason


def test_the_same_team_named_two_ways_is_no_route_conflict():
    assert _conflicts(
        ("Privacy and personal information",
         "Please contact the Information Governance team for more information."),
        ("Privacy and personal information",
         "Your local Information Governance representative can help if you are uncertain.")) == ()
    assert same_contact("moj cyber security team", "cyber security team")
    assert same_contact("it helpdesk", "service desk")
    assert same_contact("line manager", "manager")
    assert not same_contact("cyber security team", "information governance team")


def test_help_on_different_matters_from_different_teams_is_no_conflict():
    assert _conflicts(
        ("Getting help", "For advice on passwords and account lockouts, contact the Service "
                         "Desk."),
        ("Getting help", "For advice on posting to the council's social media accounts, "
                         "contact the Communications team.")) == ()


def test_a_directory_line_is_no_pointer():
    # "Email: ..." under a heading says how to reach a team, not whom to ask about what.
    assert pointer("HMPPS Information & security: Email: infosec@council.gov.uk",
                   "General enquiries") is None
    assert pointer("Don't hesitate to ask for advice: privacy@council.gov.uk",
                   "Privacy and personal information").bare
