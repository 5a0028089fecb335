"""Conflicts as real policies word them, each rule with a look-alike that is no conflict; and
clustering that stays sound when a link is refused."""

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.conflicts import ConflictKind
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
