"""Conflicts as real policies word them, each rule with a look-alike that is no conflict; and
clustering that stays sound when a link is refused."""

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.conflicts import ConflictKind
from consolidator.consolidation.subjects import judge_texts
from consolidator.consolidation.wording import audience
from tests.helpers.docs import H, P, make_doc


def _analyse(*texts: str, heading: str = "Lost devices"):
    docs = [make_doc(f"d{n}", f"Policy {n}", [(H, 1, heading), (P, 0, t)])
            for n, t in enumerate(texts)]
    return analyse_clauses(docs, align_sections(docs))


def test_a_clause_whose_only_link_is_refused_stands_alone():
    # The plain clause links to both; the 48-hour one may not join the 24-hour one's cluster.
    analysis = _analyse(
        "Staff must report lost devices to the Service Desk within 24 hours of noticing.",
        "Staff must report lost devices to the Service Desk of noticing.",
        "Staff must report lost devices to the Service Desk within 48 hours of noticing.")
    (cluster,) = analysis.clusters
    assert len(cluster.members) == 2
    assert not any("48 hours" in m.text for m in cluster.members)
    assert [c.kind for c in analysis.conflicts] == [ConflictKind.PERIOD]


# --- Scope statements ------------------------------------------------------------------------


def test_a_guide_naming_casual_staff_and_service_providers_against_secondees():
    found = judge_texts(
        "This guide applies to all staff in the Council, including contractors, agency and "
        "casual staff and service providers, who use computing equipment provided by the",
        "This guidance applies to all staff, seconded, embedded, and contractor users who work "
        "with and for the Council.", same_topic=True)
    assert found.kind is ConflictKind.SCOPE
    assert found.term_a.endswith("who use computing equipment provided")  # no dangling "by the"


def test_agency_and_casual_staff_include_agency_staff():
    who, _ = audience("This guide applies to all staff, including agency and casual staff.")
    assert {"agency workers", "temporary staff"} <= who
    assert judge_texts(
        "This guide applies to all staff, including contractors, agency and casual staff.",
        "This policy covers all Users (including contractors and agency staff).",
        same_topic=True) is None  # one audience inside the other: a narrower policy


def test_scope_statements_for_different_organisations_disagree():
    """MoJ's apps guidance 'applies to all staff and contractors who work for the MoJ', NHS
    England's adaptation 'to all staff, seconded, embedded, and contractor users who work with
    and for NHS England': one audience holds the other's people, but not its employer. One
    organisation named two ways, or a team of it, is no disagreement."""
    found = judge_texts(
        "This guidance applies to all staff and contractors who work for the MoJ.",
        "This guidance applies to all staff, seconded, embedded, and contractor users who work "
        "with and for NHS England.", same_topic=True)
    assert found is not None and found.kind is ConflictKind.SCOPE
    for same in ("This policy applies to all staff in the MoJ, its Agencies and Arm's Length "
                 "Bodies (ALBs), including contractors.",
                 "This policy applies to all staff in ICT Services."):
        assert judge_texts("This guidance applies to all staff and contractors who work for "
                           "the Ministry of Justice (MoJ).", same, same_topic=True) is None
    # one council's own words: a team, a place, itself by another name (a review)
    for own in ("all employees of Fernbrook District Council", "all staff in Housing",
                "all staff in Adult Social Care", "all staff of the Authority",
                "all employees of FDC", "all staff working in the Council's offices",
                "all staff who are users of Microsoft 365",
                "all staff working with Personal Data"):
        assert judge_texts("This policy applies to all employees of the Council.",
                           f"This policy applies to {own}.", same_topic=True) is None, own


def test_this_information_applies_to_is_a_scope_statement():
    assert audience("This information applies to all staff and contractors.")[0] == {
        "staff", "contractors"}
    assert audience("This information applies whether you use email or the internet.")[0] \
        == frozenset()
