"""Rows of two policies' tables about the same item: a ban against a listing, another audience,
another contact or period. Each rule with a look-alike that is no conflict."""

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.conflicts import ConflictKind, merge_copies
from consolidator.consolidation.table_rows import judge_rows, row_conflicts, status_of
from consolidator.consolidation.wording import USE_BAN, prohibits
from consolidator.model import Block, BlockKind, Cell, Run, SourceDocument, Table, finish_blocks

HEADER = "Tool name | Tool type | Conditions | Audience"


def _table(*rows: str) -> Block:
    cells = tuple(tuple(Cell((Block(id="", kind=BlockKind.PARAGRAPH, runs=(Run(t.strip()),)),))
                        for t in row.split(" | ")) for row in rows)
    return Block(id="", kind=BlockKind.TABLE, table=Table(cells))


def _doc(doc_id: str, *blocks: Block, heading: str = "Approved tools") -> SourceDocument:
    items = [Block(id="", kind=BlockKind.HEADING, runs=(Run(heading),), level=1), *blocks]
    return SourceDocument(id=doc_id, path=f"/p/{doc_id.upper()} Apps Guidance.docx", format="docx",
                          title=f"{doc_id.upper()} Apps Guidance",
                          blocks=finish_blocks(doc_id, items))


def _conflicts(a: SourceDocument, b: SourceDocument):
    return analyse_clauses([a, b], align_sections([a, b])).conflicts


def _cells(row: str) -> tuple[str, ...]:
    return tuple(row.split(" | "))


# --- Listed for use against banned ------------------------------------------------------------


def test_an_approved_tool_the_other_policy_no_longer_allows_is_a_conflict():
    a = _doc("a", _table(HEADER, "Skype for Business | Video | MoJ use approved | Internal"))
    b = _doc("b", _table(HEADER, "Skype for Business | Video | No longer needed for any "
                                 "purpose. Use Microsoft Teams instead | --"))
    (found,) = _conflicts(a, b)
    assert found.kind is ConflictKind.PERMITTED_VS_PROHIBITED
    assert found.a.row == 1 and found.a.text.startswith("Skype for Business | Video")
    assert found.reason == (
        "A Apps Guidance.docx Approved tools, row \u201cSkype for Business\u201d permits it "
        "(\u201cMoJ use approved\u201d) but B Apps Guidance.docx Approved tools, row \u201cSkype "
        "for Business\u201d prohibits it (\u201cNo longer needed for any purpose\u201d).")


def test_a_tool_listed_for_an_audience_against_avoid_for_corporate_use():
    found = judge_rows(_cells("Slido | Q&A tool | Avoid personal or sensitive data | Internal"),
                       _cells("Slido | Q&A tool | Avoid personal or sensitive data. Avoid for "
                              "corporate use, Menti is available instead. | Internal"))
    assert found.kind is ConflictKind.PERMITTED_VS_PROHIBITED
    assert (found.term_a, found.term_b) == ("listed for internal use", "Avoid for corporate use")


def test_a_preference_for_another_tool_is_no_ban():
    assert judge_rows(_cells("Miro | Whiteboard | Avoid personal or sensitive data | "
                             "Internal/External"),
                      _cells("Miro | Whiteboard | Avoid personal or sensitive data. Please "
                             "consider using Mural instead. | Internal/External")) is None


def test_rows_about_different_items_are_never_paired():
    a = _doc("a", _table(HEADER, "Skype for Business | Video | MoJ use approved | Internal"))
    b = _doc("b", _table(HEADER, "Skype (different to Skype for Business) | Video | MUST NOT be "
                                 "used for any business use. | --"))
    assert _conflicts(a, b) == ()


def test_rows_of_one_policy_are_never_paired():
    doc = _doc("a", _table(HEADER, "Slido | Q&A | MoJ use approved | Internal"),
               _table(HEADER, "Slido | Q&A | Avoid for corporate use | Internal"))
    other = _doc("b", _table(HEADER, "Zoom | Video | MoJ use approved | External"))
    assert _conflicts(doc, other) == ()


def test_a_ban_on_using_the_item_and_a_restriction_of_one_use():
    assert USE_BAN.search("Should not be used for official business since there is no audit.")
    assert USE_BAN.search("MUST NOT be used for any business use.")
    assert USE_BAN.search("Not cleared for OFFICIAL use. Avoid personal or sensitive data.")
    assert USE_BAN.search("Skype must not be used.")
    # restrictions of one use, or of the data, ban nothing
    assert not USE_BAN.search("Sway is USA based so should not be used for personal or "
                              "sensitive data")
    assert not USE_BAN.search("Must not be used for file storage, only for transfer.")
    assert not USE_BAN.search("It must not be used to facilitate meetings by the Council.")
    assert status_of(_cells("WeTransfer | File sharing | Must not be used for file storage. | "
                            "External")) == ("listed", "listed for external use")


# --- Audience, contact, period ---------------------------------------------------------------


def test_internal_and_external_against_external_only_is_a_scope_conflict():
    found = judge_rows(_cells("Apple Facetime | Video | Avoid personal data | Smartphone App | "
                              "Internal/External"),
                       _cells("Apple Facetime | Video | Avoid personal data | Smartphone App "
                              "(personal Apple ID required) | External"))
    assert found.kind is ConflictKind.SCOPE
    assert (found.term_a, found.term_b) == ("internal and external use", "external use")
    assert judge_rows(_cells("Zoom | Video | Web browser | External meetings"),
                      _cells("Zoom | Video | Web browser. | External")) is None


def test_another_contact_in_the_same_column_is_a_role_conflict():
    found = judge_rows(_cells("Classification and Security | MoJ Cyber Security team"),
                       _cells("Classification and Security | Information Governance team"))
    assert found.kind is ConflictKind.ROLE
    assert judge_rows(_cells("Classification and Security | Cyber Security team"),
                      _cells("Classification and Security | the Cyber Security team")) is None
    # a cell that says more than a contact (a role's duties) is not compared on roles
    assert judge_rows(_cells("Head of ICT | Reports breaches to the SIRO"),
                      _cells("Head of ICT | Reports breaches to the Data Protection Officer")
                      ) is None


def test_another_period_in_the_same_column_is_a_period_conflict():
    found = judge_rows(_cells("Email retention | 6 months"), _cells("Email retention | 2 years"))
    assert found.kind is ConflictKind.PERIOD
    assert judge_rows(_cells("Email retention | 6 months"),
                      _cells("Email retention | six months")) is None
    assert judge_rows(_cells("Passwords | Minimum 8 characters"),
                      _cells("Passwords | Minimum 12 characters")).kind is ConflictKind.NUMBER
    # duties of one role, each with its own period, are not the role's value
    assert judge_rows(_cells("Line Manager | Reviews access every 6 months"),
                      _cells("Line Manager | Approves requests within 5 days")) is None


def test_rows_numbered_not_named_are_not_items():
    a, b = _table("1 | Report within 24 hours"), _table("1 | Report within 48 hours")
    assert row_conflicts({"a/t": ("a", a), "b/t": ("b", b)}) == []
    a = _table("Incidents | Report within 24 hours")
    b = _table("Incidents | Report within 48 hours")
    ((row_a, row_b, found),) = row_conflicts({"a/t": ("a", a), "b/t": ("b", b)})
    assert found.kind is ConflictKind.PERIOD and row_a.item == row_b.item == "Incidents"


def test_document_control_tables_are_never_compared_row_by_row():
    a = _doc("a", _table("Version | 1.0", "Review date | every 6 months"),
             heading="Document control")
    b = _doc("b", _table("Version | 2.0", "Review date | every 12 months"),
             heading="Document control")
    assert _conflicts(a, b) == ()


# --- Reasons ---------------------------------------------------------------------------------


def test_an_imperative_prohibition_is_named_as_one():
    assert prohibits("Do not") and prohibits("never") and prohibits("Avoid for corporate use")
    assert not prohibits("may") and not prohibits("MoJ use approved")


def test_several_rows_of_the_same_two_tables_are_one_conflict_naming_each_row():
    a = _doc("a", _table(HEADER, "Slido | Q&A | Avoid personal data | Internal",
                         "Apple Facetime | Video | Avoid personal data | Internal/External"))
    b = _doc("b", _table(HEADER, "Slido | Q&A | Avoid for corporate use | Internal",
                         "Apple Facetime | Video | Avoid personal data | External"))
    conflicts = _conflicts(a, b)
    assert len(conflicts) == 2
    clause_of = {conflicts[0].a.block_key: "ca", conflicts[0].b.block_key: "cb"}
    names = {"a": "A Apps Guidance.docx", "b": "B Apps Guidance.docx"}
    (merged,) = merge_copies(conflicts, clause_of,
                             lambda ref: f"{names[ref.document_id]} {ref.section}")
    assert merged.reason == (
        "A Apps Guidance.docx Approved tools and B Apps Guidance.docx Approved tools disagree on "
        "2 rows. \u201cSlido\u201d: the first lists it for internal use but the second prohibits "
        "it (\u201cAvoid for corporate use\u201d). \u201cApple Facetime\u201d: the first says it "
        "applies to internal and external use but the second says it applies to external use.")
