"""Clause matching stays linear whatever the repetition: identical texts are compared once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses, index_clauses
from tests.helpers.docs import P, make_doc

LINES = [
    "All staff must read this policy and follow it at all times.",
    "Passwords must never be shared with anyone, including ICT staff.",
    "Lost phones must be reported to the ICT Service Desk within 24 hours.",
    "Council email accounts must not be used for personal correspondence.",
    "This policy is reviewed every six months by the Head of ICT.",
]


def _docs(pattern: list[list[int]]):
    """Returns one policy per list, each holding LINES[k] once for every k listed."""
    return [make_doc(f"d{n}", f"Policy {n}", [(P, 0, LINES[k]) for k in lines])
            for n, lines in enumerate(pattern)]


def test_a_line_repeated_thousands_of_times_makes_as_many_pairs_as_units():
    # Two 132 KB policies repeating one boilerplate line 4,000 times took 188 s and 5.9 GB:
    # every copy was paired with every other.
    docs = _docs([[0] * 4000 + [1], [0] * 4000 + [2]])
    index = index_clauses(docs, align_sections(docs))
    assert len(index.units) == 8002
    assert len(index.pairs) <= len(index.units)
    analysis = analyse_clauses(docs, align_sections(docs))
    (cluster,) = analysis.clusters
    assert len(cluster.members) == 8000  # every copy is still one duplicate of the others


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.integers(0, len(LINES) - 1), min_size=1, max_size=60),
                min_size=2, max_size=4))
def test_pairs_grow_linearly_with_any_repetition(pattern):
    docs = _docs(pattern)
    analysis = analyse_clauses(docs, align_sections(docs))
    units = len(analysis.index.units)
    assert len(analysis.index.pairs) <= 2 * units + len(LINES) ** 2 * len(docs) ** 2
    # the same line in two or more policies is one cluster holding every copy
    for k, line in enumerate(LINES):
        holders = {n for n, lines in enumerate(pattern) if k in lines}
        copies = sum(lines.count(k) for lines in pattern)
        clusters = [c for c in analysis.clusters if c.members[0].text == line]
        if len(holders) > 1:
            assert [len(c.members) for c in clusters] == [copies]
        else:
            assert clusters == []
