"""Topic alignment: synonyms, content, pins, stable ids."""

from consolidator.consolidation.align import Pin, PinKind, align_sections
from consolidator.sections import iter_sections
from tests.helpers.docs import H, P, make_doc, section_id

EMAIL = make_doc("email", "Email Policy", [
    (H, 1, "Aims of this policy"), (P, 0, "This policy explains how staff use email."),
    (H, 1, "Who this policy applies to"), (P, 0, "All staff and elected Members."),
    (H, 1, "Disciplinary action"), (P, 0, "Breaches are dealt with under the procedure."),
    (H, 1, "Monitoring of use"), (P, 0, "Email traffic is logged."),
    (H, 2, "Who sees the logs"), (P, 0, "Logs are kept for a year."),
    (H, 1, "Email signatures"), (P, 0, "Signatures show name, role and phone number."),
])
SOCIAL = make_doc("social", "Social Media Policy", [
    (H, 1, "Purpose"), (P, 0, "This policy explains how staff use social media."),
    (H, 1, "Scope"), (P, 0, "All staff."),
    (H, 1, "Non-compliance"), (P, 0, "Breaches may lead to dismissal."),
    (H, 1, "Monitoring"), (P, 0, "Official accounts are reviewed."),
    (H, 1, "Official accounts"), (P, 0, "Only the communications team runs official accounts."),
])


def topic_titles(alignment):
    return {t.id: sorted(alignment.section(s).title for s in t.section_ids())
            for t in alignment.topics}


def test_synonym_headings_share_a_topic():
    alignment = align_sections([EMAIL, SOCIAL])
    titles = topic_titles(alignment)
    assert titles["t-introduction"] == ["Aims of this policy", "Purpose"]
    assert titles["t-scope"] == ["Scope", "Who this policy applies to"]
    assert titles["t-breaches"] == ["Disciplinary action", "Non-compliance"]
    # an unnamed subsection stays with its parent's topic
    assert titles["t-monitoring"] == ["Monitoring", "Monitoring of use", "Who sees the logs"]


def test_every_section_is_in_exactly_one_topic_and_unique_topics_stay_apart():
    alignment = align_sections([EMAIL, SOCIAL])
    all_ids = [s.id for d in (EMAIL, SOCIAL) for s in iter_sections(d)]
    assigned = [sid for t in alignment.topics for sid in t.section_ids()]
    assert sorted(assigned) == sorted(all_ids)
    signatures = next(t for t in alignment.topics if t.title == "Email signatures")
    assert signatures.document_ids == ("email",)
    assert signatures.canonical is None
    assert signatures.id == "t-" + section_id(EMAIL, "Email signatures")


def test_force_pin_joins_and_break_pin_separates():
    signatures = section_id(EMAIL, "Email signatures")
    official = section_id(SOCIAL, "Official accounts")
    forced = align_sections([EMAIL, SOCIAL], [Pin(PinKind.FORCE, (signatures, official))])
    topic = forced.topic(forced.topic_of_section()[signatures])
    assert topic.section_ids() == (signatures, official)

    monitoring = section_id(SOCIAL, "Monitoring")
    broken = align_sections([EMAIL, SOCIAL], [
        Pin(PinKind.BREAK, (section_id(EMAIL, "Monitoring of use"), monitoring)),
    ])
    of = broken.topic_of_section()
    assert of[monitoring] != "t-monitoring"
    assert of[section_id(EMAIL, "Monitoring of use")] == "t-monitoring"
    assert broken.topic(of[monitoring]).section_ids() == (monitoring,)


def test_pin_naming_a_missing_section_is_ignored_and_reported():
    pin = Pin(PinKind.FORCE, ("s-gone", section_id(SOCIAL, "Scope")))
    alignment = align_sections([EMAIL, SOCIAL], [pin])
    assert alignment.ignored_pins == (pin,)
    assert alignment.pins == ()


def test_topic_ids_do_not_depend_on_document_order():
    a = {t.id for t in align_sections([EMAIL, SOCIAL]).topics}
    b = {t.id for t in align_sections([SOCIAL, EMAIL]).topics}
    assert a == b


def test_word_limits_count_words_as_words_does():
    from consolidator.consolidation.topics import more_words_than, words

    for text in ("", "--", "Owner: Head of ICT", "e-mail isn't re-used -- 'quoted' a-",
                 "Caf\u00e9 na\u00efve \u00c9t\u00e9 ok", "Version 1.2, 01/05/2023",
                 " ".join(["word"] * 17)):
        for most in range(0, 20):
            assert more_words_than(text, most) == (len(words(text)) > most), (text, most)


def test_a_title_printed_again_as_the_one_top_heading_is_the_title_not_a_section():
    """The MoJ Laptops policy as Word or PDF prints 'Laptops' as a Title line and again as the
    one Heading 1 over its sections: the whole policy was one section 'Laptops' and its four
    sections were demoted to unnumbered labels in the draft (a read of the PDF drafts)."""
    from consolidator.consolidation.align import outline

    laptops = make_doc("laptops", "Laptops", [
        (P, 0, "Laptops"), (H, 1, "Laptops"),
        (H, 2, "Storing data on laptops"), (P, 0, "Store data in MoJ systems."),
        (H, 2, "How to reset your password"), (P, 0, "Call the Service Desk.")])
    titles = [s.title for s in outline(laptops) if s.heading is not None]
    assert titles == ["Storing data on laptops", "How to reset your password"]
    # a heading after the policy's own text is a section, even one named like the policy
    guide = make_doc("guide", "Laptops", [
        (P, 0, "Laptops"), (P, 0, "This guidance applies to all staff."), (H, 1, "Laptops"),
        (H, 2, "Storing data on laptops"), (P, 0, "Store data in MoJ systems.")])
    assert [s.title for s in outline(guide) if s.heading is not None][0] == "Laptops"
