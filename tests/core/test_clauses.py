"""Clause clusters: identical, near-identical and channel-parallel clauses with combined wording."""

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import (
    ClusterKind,
    analyse_clauses,
    combine_channels,
    split_sentences,
)
from tests.helpers.docs import H, P, make_doc

EMAIL = make_doc("email", "Email Policy", [
    (H, 1, "Acceptable use"),
    (P, 0, "Staff must not use email to send offensive or discriminatory material."),
    (P, 0, "Staff must not share their password with anyone, including ICT staff."),
    (P, 0, "Signatures must show the sender's name and job title."),
    (H, 1, "Breaches"),
    (P, 0, "Breaches will be dealt with under the Council's Disciplinary Procedure."),
])
SOCIAL = make_doc("social", "Social Media Policy", [
    (H, 1, "Acceptable use"),
    (P, 0, "Staff must not use social media to send offensive or discriminatory material."),
    (P, 0, "Staff must not share their password with anyone, including ICT staff."),
    (H, 1, "Non-compliance"),
    (P, 0, "Breaches will be dealt with under the Council Disciplinary Procedure. "
           "Serious cases may lead to dismissal."),
])
INTERNET = make_doc("internet", "Internet Use Policy", [
    (H, 1, "Acceptable use"),
    (P, 0, "Staff must not use the internet to send offensive or discriminatory material."),
    (P, 0, "Web filtering blocks gambling sites."),
])
DOCS = [EMAIL, SOCIAL, INTERNET]


def clusters_by_kind():
    analysis = analyse_clauses(DOCS, align_sections(DOCS))
    out: dict[ClusterKind, list] = {}
    for c in analysis.clusters:
        out.setdefault(c.kind, []).append(c)
    return out, analysis


def test_channel_parallel_clauses_get_the_combined_wording():
    by_kind, _ = clusters_by_kind()
    (parallel,) = by_kind[ClusterKind.CHANNEL_PARALLEL]
    assert [m.document_id for m in parallel.members] == ["email", "social", "internet"]
    assert parallel.proposed_text == (
        "Staff must not use email, the internet or social media to send offensive or "
        "discriminatory material."
    )
    assert parallel.similarity == 1.0


def test_identical_and_sentence_level_near_identical_clusters():
    by_kind, _ = clusters_by_kind()
    (identical,) = by_kind[ClusterKind.IDENTICAL]
    assert identical.document_ids == ("email", "social")
    assert identical.whole_blocks
    assert identical.proposed_text.startswith("Staff must not share their password")
    (near,) = by_kind[ClusterKind.NEAR_IDENTICAL]
    # the Social Media clause is the first sentence of a longer paragraph
    assert [(m.document_id, m.sentence) for m in near.members] == [("email", None), ("social", 0)]
    assert 0.9 <= near.similarity < 1.0


def test_unrelated_clauses_are_not_clustered():
    _, analysis = clusters_by_kind()
    clustered = {m.text for c in analysis.clusters for m in c.members}
    assert "Signatures must show the sender's name and job title." not in clustered
    assert "Web filtering blocks gambling sites." not in clustered


def test_cluster_ids_are_stable_across_runs_and_document_order():
    _, first = clusters_by_kind()
    again = analyse_clauses(DOCS[::-1], align_sections(DOCS[::-1]))
    assert {c.id for c in first.clusters} == {c.id for c in again.clusters}


def test_combined_wording_capitalises_a_leading_channel_and_uses_and():
    assert combine_channels([
        "Email accounts are monitored by the Council.",
        "Social media accounts are monitored by the Council.",
    ]) == "Email and social media accounts are monitored by the Council."


def test_split_sentences_keeps_abbreviations_in_numbers_together():
    assert split_sentences("Report it within 2.5 hours. Then tell your manager.") == [
        "Report it within 2.5 hours.", "Then tell your manager.",
    ]


def test_split_sentences_keeps_each_mark_with_its_sentence():
    assert split_sentences(" Is it lost?  Report it; (Then) tell \u201cIT\u201d! Now. ") == [
        "Is it lost?", "Report it;", "(Then) tell \u201cIT\u201d!", "Now.",
    ]
    assert split_sentences("Tell IT, e.g. by phone.") == ["Tell IT, e.g. by phone."]
    assert split_sentences("Wait. . Then go.") == ["Wait. .", "Then go."]
    assert split_sentences("No end") == ["No end"]
    assert split_sentences("  ") == []


def test_clauses_differing_in_a_period_said_in_words_conflict_and_do_not_cluster():
    docs = [
        make_doc("social", "Social Media Policy", [
            (H, 1, "Review"),
            (P, 0, "This policy will be reviewed every two years by the Head of Communications."),
        ]),
        make_doc("email", "Email Policy", [
            (H, 1, "Policy review"),
            (P, 0, "This policy will be reviewed annually by the Head of Communications."),
        ]),
    ]
    analysis = analyse_clauses(docs, align_sections(docs))
    assert analysis.clusters == ()
    (conflict,) = analysis.conflicts
    assert conflict.reason == ("Social Media Policy.docx Review gives every two years but Email "
                               "Policy.docx Policy review gives annually.")
