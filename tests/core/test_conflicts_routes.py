"""Two policies sending staff to different people about the same matter (routes.py), each rule
with a look-alike that is no conflict; and how named teams are read (wording.roles)."""

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.conflicts import ConflictKind
from consolidator.consolidation.routes import pointer, same_contact
from consolidator.consolidation.wording import roles
from consolidator.model import Block, BlockKind, Cell, Run, SourceDocument, Table, finish_blocks
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



def _contact_table_doc(subject: str, contact: str) -> SourceDocument:
    def cell(text: str) -> Cell:
        return Cell((Block(id="", kind=BlockKind.PARAGRAPH, runs=(Run(text),)),))

    rows = ((cell("Subject"), cell("Contact")), (cell(subject), cell(contact)))
    blocks = [Block(id="", kind=BlockKind.HEADING, runs=(Run("Getting help"),), level=1),
              Block(id="", kind=BlockKind.TABLE, table=Table(rows))]
    return SourceDocument(id="d0", path="/p/help.docx", format="docx", title="Help",
                          blocks=finish_blocks("d0", blocks))


_BARE = make_doc("d1", "Policy 1", [(H, 1, "Privacy and personal information"),
                                     (P, 0, "Please contact the Information Governance team "
                                            "for more information.")])


def test_a_contact_table_row_against_a_bare_pointer_on_its_matter():
    docs = [_contact_table_doc("Personal Data", "Disclosure Team"), _BARE]
    (conflict,) = analyse_clauses(docs, align_sections(docs)).conflicts
    assert conflict.kind is ConflictKind.ROUTE
    assert {conflict.a.row, conflict.b.row} == {None, 1}
    assert "Disclosure Team" in conflict.reason


def test_a_contact_table_row_on_another_matter_is_no_conflict():
    docs = [_contact_table_doc("Storage and Retention", "Records Team"), _BARE]
    assert analyse_clauses(docs, align_sections(docs)).conflicts == ()
