"""A source's sub-sections keep their headings in the draft: the text under "Chain letters"
stays labelled, not run together with the sub-sections beside it."""

from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.plan import Decision, DecisionKind
from consolidator.model import BlockKind, Fate
from tests.helpers.docs import H, P, make_doc
from tests.helpers.plans import DOCS, assert_ledger_complete, build

CHAIN = "Staff must not forward chain letters, even to warn colleagues."
HOAX = "Virus hoaxes must be deleted, not forwarded to colleagues."
PROBLEMS = make_doc("problems", "Email Problems Policy", [
    (H, 1, "Other email problems"), (P, 0, "Some email causes problems for everyone."),
    (H, 2, "Chain letters"), (P, 0, CHAIN),
    (H, 2, "Virus hoaxes"), (P, 0, HOAX),
])
ALL = [*DOCS, PROBLEMS]


def _section_with(doc, text):
    return next(s for s in doc.iter_sections() if any(c.text == text for c in s.clauses))


def _layout(section):
    return [(c.kind is BlockKind.HEADING, c.text) for c in section.clauses]


def test_sub_section_headings_label_their_text_in_the_draft():
    doc = consolidate(ALL, build(docs=ALL))
    assert_ledger_complete(doc, ALL)
    layout = _layout(_section_with(doc, CHAIN))
    assert layout.index((True, "Chain letters")) + 1 == layout.index((False, CHAIN))
    assert layout.index((True, "Virus hoaxes")) + 1 == layout.index((False, HOAX))
    fate = {e.text: e.fate for e in doc.ledger if e.source.document_id == "problems"}
    assert fate["Chain letters"] is Fate.KEPT


def test_a_sub_heading_whose_text_was_removed_goes_too_and_the_ledger_says_so():
    plan = build(docs=ALL)
    hoax = next(c for c in plan.clauses if c.text == HOAX)
    doc = consolidate(ALL, plan.with_decision(Decision(DecisionKind.EXCLUDE, hoax.id)))
    assert_ledger_complete(doc, ALL)
    assert (True, "Virus hoaxes") not in _layout(_section_with(doc, CHAIN))
    entry = next(e for e in doc.ledger if e.text == "Virus hoaxes")
    assert entry.fate is Fate.EXCLUDED and "nothing under it" in entry.note


PRIVACY = "Check who can see your posts before you share anything about your work."
SOCIAL = make_doc("social", "Social Media Accounts Policy", [
    (H, 1, "Protecting accounts"),  # (subjects, but one: no sequence of steps)
    (H, 2, "Strong passwords"),
    (P, 0, "Passwords are the main protection on our accounts and must be long."),
    (H, 2, "Cyber security advice"), (P, 0, "Contact the Cyber Security team for advice."),
    (H, 2, "Check your privacy settings"), (P, 0, PRIVACY),
])
INTERNET = make_doc("internet", "IT Acceptable Use Policy", [
    (H, 1, "Passwords"), (P, 0, "Users must never share their password with anyone."),
    (H, 1, "Web filtering"), (P, 0, "Users must not get around the web filter."),
])


def test_text_after_a_label_keeps_its_own_heading_even_from_another_topic():
    docs = [INTERNET, SOCIAL]
    doc = consolidate(docs, build(docs=docs))
    assert_ledger_complete(doc, docs)
    section = _section_with(doc, PRIVACY)
    layout = _layout(section)
    at = layout.index((False, PRIVACY))
    assert layout[at - 1] == (True, "Check your privacy settings"), layout
    # a sibling of the label printed before it in the source, so at the same depth
    depths = {c.text: c.level for c in section.clauses if c.kind is BlockKind.HEADING}
    assert depths["Check your privacy settings"] == depths["Cyber security advice"] == 1


NESTED = make_doc("nested", "Email Problems Policy", [
    (H, 1, "Other email problems"), (P, 0, "Some email causes problems for everyone."),
    (H, 2, "Types of hoax"), (P, 0, "Hoaxes come in several kinds."),
    (H, 3, "Scam chains"), (P, 0, "Scam chains promise money for forwarding a message."),
    (H, 2, "Auto-forwarding"), (P, 0, "Staff must not forward email outside the Council."),
])


def test_a_labels_own_sub_sections_sit_one_level_below_it():
    docs = [*DOCS, NESTED]
    doc = consolidate(docs, build(docs=docs))
    section = _section_with(doc, "Hoaxes come in several kinds.")
    depths = {c.text: c.level for c in section.clauses if c.kind is BlockKind.HEADING}
    assert depths == {"Types of hoax": 1, "Scam chains": 2, "Auto-forwarding": 1}


SANCTION = "Sending offensive email may result in disciplinary action."


def test_a_clause_moved_into_a_section_goes_before_its_labels():
    email = make_doc("a", "Email Policy", [
        (H, 1, "Email use"), (P, 0, "Email is for work."), (P, 0, SANCTION),
        (H, 1, "Breaches of this policy"), (P, 0, "Breaches will be investigated."),
        (H, 2, "Reporting a breach"), (P, 0, "Report any breach to your line manager at once.")])
    internet = make_doc("b", "Internet Use Policy", [
        (H, 1, "Internet use"), (P, 0, "The internet is provided for work."),
        (H, 1, "Breaches"), (P, 0, "Misuse of the internet will be investigated by Audit.")])
    docs = [email, internet]
    doc = consolidate(docs, build(docs=docs))
    layout = _layout(_section_with(doc, SANCTION))
    first_label = next(n for n, (heading, _) in enumerate(layout) if heading)
    assert layout.index((False, SANCTION)) < first_label, layout


def test_a_blank_sub_heading_prints_no_empty_label():
    blank = make_doc("blank", "Email Problems Policy", [
        (H, 1, "Other email problems"), (P, 0, "Some email causes problems for everyone."),
        (H, 2, "Chain letters"), (P, 0, CHAIN),
        (H, 2, "   "), (P, 0, HOAX),
    ])
    docs = [*DOCS, blank]
    doc = consolidate(docs, build(docs=docs))
    assert_ledger_complete(doc, docs)
    layout = _layout(_section_with(doc, HOAX))
    assert (False, HOAX) in layout
    assert all(text.strip() for is_label, text in layout if is_label)
