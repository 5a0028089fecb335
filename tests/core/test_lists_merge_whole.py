"""Lists merge whole or not at all: an item never leaves its lead-in for another policy's list."""

from consolidator.consolidation.merge import consolidate
from tests.helpers.docs import H, L, P, make_doc
from tests.helpers.plans import assert_ledger_complete, build

LAWS = "Laws make us responsible for information. Some examples include:"
ACTS = ["the Freedom of Information Act", "the Data Protection Act"]


def _policy(doc_id: str, title: str, items: list[str]):
    return make_doc(doc_id, title, [
        (H, 1, "Storage"), (P, 0, LAWS), *[(L, 0, item) for item in items],
        (P, 0, f"Store {title.split()[0].lower()} records in Council systems."),
    ])


def _lists(docs) -> list[tuple[tuple[str, ...], list[str]]]:
    """Returns each printed list: (the policies behind its lead-in, its items' texts)."""
    doc = consolidate(docs, build(docs=docs))
    assert_ledger_complete(doc, docs)
    out = []
    for section in doc.iter_sections():
        for clause in section.clauses:
            if clause.text == LAWS:
                out.append((tuple(r.document_id for r in clause.sources), []))
            elif clause.kind.value == "list_item" and out:
                out[-1][1].append(clause.text)
    return out


def test_a_list_with_an_item_more_keeps_all_its_items():
    email = _policy("email", "Email Policy", ACTS)
    internet = _policy("internet", "Internet Use Policy", [*ACTS, "the Public Records Acts"])
    assert _lists([email, internet]) == [
        (("email",), ACTS), (("internet",), [*ACTS, "the Public Records Acts"])]


def test_the_same_list_in_two_policies_is_one_list_with_its_lead_in():
    email = _policy("email", "Email Policy", ACTS)
    internet = _policy("internet", "Internet Use Policy", ACTS)
    assert _lists([email, internet]) == [(("email", "internet"), ACTS)]


def test_rules_complete_in_themselves_still_merge_one_by_one():
    lead = "The following are not permitted:"
    email = make_doc("email", "Email Policy", [
        (H, 1, "Unacceptable use"), (P, 0, lead),
        (L, 0, "Staff must not use Council systems for gambling."),
        (L, 0, "Staff must not send chain letters."),
    ])
    internet = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Unacceptable use"), (P, 0, lead),
        (L, 0, "Staff must not use Council systems for gambling."),
        (L, 0, "Staff must not visit gaming sites."),
    ])
    doc = consolidate([email, internet], build(docs=[email, internet]))
    gambling = [c for s in doc.iter_sections() for c in s.clauses
                if c.text == "Staff must not use Council systems for gambling."]
    assert [sorted(r.document_id for r in c.sources) for c in gambling] == [
        ["email", "internet"]]


def test_phrases_a_modal_only_qualifies_stay_under_their_own_lead_in():
    items = [(L, 0, "material that may offend others"),
             (L, 0, "attachments that may contain viruses")]
    email = make_doc("email", "Email Policy", [(H, 1, "Content"),
                                               (P, 0, "Staff must not send:"), *items])
    internet = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Content"), (P, 0, "Staff must report to IT Security:"), *items])
    doc = consolidate([email, internet], build(docs=[email, internet]))
    printed = [(c.text, tuple(r.document_id for r in c.sources))
               for s in doc.iter_sections() for c in s.clauses]
    for lead, policy in (("Staff must not send:", "email"),
                         ("Staff must report to IT Security:", "internet")):
        at = printed.index((lead, (policy,)))
        assert printed[at + 1:at + 3] == [(t, (policy,)) for _, _, t in items]


def test_lists_alike_but_nested_differently_are_not_one():
    def policy(doc_id, title, nested):
        return make_doc(doc_id, title, [
            (H, 1, "Storage"), (P, 0, "Some examples include:"), (L, 0, "Acts:"),
            (L, 1, "the Data Protection Act"), (L, nested, "the Public Records Act")])
    email, internet = policy("email", "Email Policy", 1), policy("internet", "Internet", 0)
    doc = consolidate([email, internet], build(docs=[email, internet]))
    records = [c for s in doc.iter_sections() for c in s.clauses
               if c.text == "the Public Records Act"]
    assert sorted((c.level, [r.document_id for r in c.sources]) for c in records) == [
        (0, ["internet"]), (1, ["email"])]


def test_a_list_whose_lead_in_adds_a_word_is_one_list_under_the_fuller_lead_in():
    """NHS England's two guides give the same three reasons under lead-ins that differ by one
    word ("appropriate official corporate systems" / "appropriate corporate systems")."""
    fuller = LAWS.replace("responsible", "legally responsible")
    email = _policy("email", "Email Policy", ACTS)
    internet = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Storage"), (P, 0, fuller), *[(L, 0, item) for item in ACTS]])
    doc = consolidate([email, internet], build(docs=[email, internet]))
    assert_ledger_complete(doc, [email, internet])
    printed = [c for s in doc.iter_sections() for c in s.clauses]
    leads = [c for c in printed if c.text in (LAWS, fuller)]
    assert [(c.text, sorted(r.document_id for r in c.sources)) for c in leads] == [
        (fuller, ["email", "internet"])]
    at = printed.index(leads[0])
    assert [c.text for c in printed[at + 1:at + 3]] == ACTS
    assert [n.reason for n in doc.open_notes if leads[0].id in n.clause_ids] == [
        "Near-identical wordings from several policies were merged into the fullest, which "
        "adds \u201clegally\u201d: check it, or choose another variant."]


def test_a_list_whose_lead_in_adds_a_restriction_stays_apart():
    narrower = LAWS.replace("for information", "for personal information only")
    email = _policy("email", "Email Policy", ACTS)
    internet = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Storage"), (P, 0, narrower), *[(L, 0, item) for item in ACTS]])
    doc = consolidate([email, internet], build(docs=[email, internet]))
    leads = [c.text for s in doc.iter_sections() for c in s.clauses
             if c.text in (LAWS, narrower)]
    assert sorted(leads) == sorted([LAWS, narrower])


def test_lists_whose_lead_ins_are_in_conflict_stay_apart():
    from consolidator.consolidation.align import align_sections
    from consolidator.consolidation.lists import source_lists, whole_lists
    from consolidator.consolidation.units import list_lead_ins

    fuller = LAWS.replace("responsible", "legally responsible")
    email = _policy("email", "Email Policy", ACTS)
    internet = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Storage"), (P, 0, fuller), *[(L, 0, item) for item in ACTS]])
    lists = source_lists(align_sections([email, internet]).sections,
                         list_lead_ins([email, internet]))
    assert [len(g) for g in whole_lists(lists)[0]] == [2]
    at_odds = {frozenset(s.lead for s in lists)}
    groups, alone = whole_lists(lists, at_odds)
    assert groups == [] and len(alone) == 4


def test_the_merged_list_is_printed_by_the_paragraph_that_draws_on_it():
    """NHS England's cloud tools guide follows its list of reasons with "Therefore, always store
    NHS information in NHS systems"; merged into the other guide's copy, printed elsewhere, the
    list left "Therefore" with nothing to follow from."""
    email = _policy("email", "Email Policy", ACTS)
    internet = make_doc("internet", "Internet Use Policy", [
        (H, 1, "Storage"), (P, 0, LAWS), *[(L, 0, item) for item in ACTS],
        (P, 0, "Therefore, store internet records in Council systems.")])
    doc = consolidate([email, internet], build(docs=[email, internet]))
    assert_ledger_complete(doc, [email, internet])
    printed = [c.text for s in doc.iter_sections() for c in s.clauses]
    assert printed.count(LAWS) == 1
    at = printed.index("Therefore, store internet records in Council systems.")
    assert printed[at - 3:at] == [LAWS, *ACTS]
