"""Conflicts: permitted vs prohibited, different periods and roles; unrelated pairs not flagged."""

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.conflicts import ConflictKind, Modality, judge_pair
from consolidator.consolidation.periods import quantities
from consolidator.consolidation.subjects import judge_texts, main_modality
from consolidator.consolidation.wording import modality
from tests.helpers.docs import H, P, make_doc

EMAIL = make_doc("email", "Email Policy", [
    (H, 1, "Personal use"),
    (P, 0, "Staff may use Council computers for personal shopping during an unpaid break."),
    (H, 1, "Security"),
    (P, 0, "A lost laptop must be reported to the ICT Service Desk within 24 hours."),
    (P, 0, "Passwords must be at least 12 characters long."),
    (H, 1, "Monitoring"),
    (P, 0, "Targeted monitoring must be authorised by the Head of Human Resources."),
])
MOBILE = make_doc("mobile", "Mobile Phone Policy", [
    (H, 1, "Personal use"),
    (P, 0, "Staff must not use Council computers for personal shopping during an unpaid break."),
    (H, 1, "Security"),
    (P, 0, "A lost laptop must be reported to the ICT Service Desk within 48 hours."),
    (P, 0, "Phones must be locked with a PIN of at least 6 digits when not in use."),
    (H, 1, "Monitoring"),
    (P, 0, "Targeted monitoring must be authorised by the Senior Information Risk Owner."),
])


def conflicts():
    docs = [EMAIL, MOBILE]
    return analyse_clauses(docs, align_sections(docs)).conflicts


def test_permitted_vs_prohibited_is_found_with_a_plain_reason():
    (found,) = [c for c in conflicts() if c.kind is ConflictKind.PERMITTED_VS_PROHIBITED]
    assert found.a.document_id == "email" and found.b.document_id == "mobile"
    assert found.reason == (
        "Email Policy.docx Personal use permits it (\u201cmay\u201d) but Mobile Phone "
        "Policy.docx Personal use prohibits it (\u201cmust not\u201d)."
    )
    assert not found.cross_channel


def test_24_hours_vs_48_hours_is_found():
    (found,) = [c for c in conflicts() if c.kind is ConflictKind.PERIOD]
    assert found.reason == (
        "Email Policy.docx Security gives 24 hours but Mobile Phone Policy.docx Security gives "
        "48 hours."
    )


def test_different_roles_are_found():
    (found,) = [c for c in conflicts() if c.kind is ConflictKind.ROLE]
    assert found.reason == (
        "Email Policy.docx Monitoring names the Head of Human Resources but Mobile Phone "
        "Policy.docx Monitoring names the Senior Information Risk Owner."
    )


def test_exactly_three_conflicts_no_false_alarm_for_unrelated_figures():
    # "12 characters" vs "6 digits" sit in the same topic but are about different things
    assert sorted(c.kind.value for c in conflicts()) == ["period", "permitted-vs-prohibited",
                                                         "role"]


def test_unrelated_pair_is_not_flagged():
    assert judge_pair("Staff may park in the Council car park after 6pm.",
                      "Staff must not use email to send chain letters.", same_topic=True) is None


def test_same_period_in_other_units_is_not_a_conflict():
    assert judge_pair("Report a lost phone within 1 day.", "Report a lost phone within 24 hours.",
                      same_topic=True) is None


def test_quantities_skip_section_numbers_and_years():
    assert quantities("See section 4 of the Data Protection Act 2018 within two weeks.") == [
        ("period", 336.0, "two weeks"),
    ]


# --- Second pass: clauses about the same subject, worded differently (consolidation.subjects) ---

def test_periods_in_words_are_comparable():
    assert [(u, v) for u, v, _ in quantities("Reviewed annually.")] == [("period", 8760.0)]
    assert [(u, v, s) for u, v, s in quantities("Reviewed every two years.")] == [
        ("period", 17520.0, "every two years"),
    ]
    assert [v for _, v, _ in quantities("Report it immediately.")] == [0.0]
    assert [v for _, v, _ in quantities("Report it straight away.")] == [0.0]
    assert [v for _, v, _ in quantities("Report it on the same working day.")] == [8.0]
    assert [v for _, v, _ in quantities("Records are kept for six months.")] == [4380.0]
    assert [v for _, v, _ in quantities("Logs are checked monthly.")] == [730.0]


def test_dates_are_not_figures():
    assert quantities("Approved on 7 June 2023 by the committee.") == []
    assert quantities("Approved on June 7, 2023.") == []


def test_main_modality_skips_a_leading_condition_and_stops_at_one():
    kind, phrase, action = main_modality(
        "If a device that can access Council email is lost, staff must report it within 48 "
        "hours.")
    assert (kind, phrase) == (Modality.REQUIRED, "must")
    kind, phrase, action = main_modality(
        "Limited personal use of the internet is permitted in the member of staff's own time, "
        "provided that it does not interfere with their work.")
    assert (kind, phrase) == (Modality.PERMITTED, "is permitted")
    assert "Limited personal use of the internet" in action and "interfere" not in action


def test_modality_quotes_its_phrase_as_written_in_any_case_and_alphabet():
    assert modality("Staff MUST NOT share passwords.") == (Modality.PROHIBITED, "MUST NOT")
    assert modality("Staff Should report it.") == (Modality.REQUIRED, "Should")
    assert modality("Staff May use the caf\u00e9 Wi-Fi.") == (Modality.PERMITTED, "May")
    assert modality("Never: share the caf\u00e9 Wi-Fi password.") == (
        Modality.PROHIBITED, "Never")
    assert modality("Misuse may result in disciplinary action.") == (None, "")
    assert modality("The MUSTER point is the car park.") == (None, "")


def test_annually_vs_every_two_years_is_a_period_conflict():
    found = judge_texts("This policy will be reviewed every two years, or sooner if the law "
                        "changes.",
                        "This policy will be reviewed annually by the Data Protection Officer.",
                        same_topic=True)
    assert (found.kind, found.term_a, found.term_b) == (
        ConflictKind.PERIOD, "every two years", "annually")


def test_immediately_vs_within_48_hours_is_found_across_topics():
    found = judge_texts(
        "Staff must report the loss or theft of a laptop to the ICT Service Desk immediately.",
        "If a laptop is lost or stolen, staff must report it to the ICT Service Desk within 48 "
        "hours.",
        same_topic=False)
    assert (found.kind, found.term_a, found.term_b) == (
        ConflictKind.PERIOD, "immediately", "48 hours")


def test_six_months_in_words_vs_12_months():
    found = judge_texts("Records of email monitoring are kept for six months and then deleted.",
                        "Records of internet monitoring are kept for 12 months and then deleted.",
                        same_topic=True)
    assert found.kind is ConflictKind.PERIOD and found.cross_channel


def test_may_vs_must_not_with_different_wording():
    found = judge_texts(
        "Staff may use their own smartphone to access Council email, provided that it is "
        "enrolled in device management.",
        "Staff must not access Council email from a personal device.",
        same_topic=True)
    assert (found.kind, found.term_a, found.term_b) == (
        ConflictKind.PERMITTED_VS_PROHIBITED, "may", "must not")


def test_sending_to_a_personal_account_may_vs_must_not_across_topics():
    found = judge_texts(
        "Staff may send work documents to their personal email account when working from home.",
        "Staff must not forward Council email to a personal email account, either manually or "
        "by a rule.",
        same_topic=False)
    assert found.kind is ConflictKind.PERMITTED_VS_PROHIBITED


def test_blocked_is_a_prohibition():
    found = judge_texts(
        "Access to social networking sites is blocked for all staff except those who need it.",
        "Staff may use Council computers to access social networking sites during an unpaid "
        "break.",
        same_topic=True)
    assert (found.kind, found.term_a) == (ConflictKind.PERMITTED_VS_PROHIBITED, "is blocked")


def test_must_vs_must_not_needs_the_same_action():
    found = judge_texts("Staff must switch off mobile data when travelling abroad on holiday.",
                        "When abroad on holiday, staff must not switch off mobile data.",
                        same_topic=True)
    assert found.kind is ConflictKind.REQUIRED_VS_PROHIBITED
    # the same account, but for different things: not a conflict
    assert judge_texts("Staff must use their Council email account for all Council business.",
                       "Council email accounts must not be used for personal correspondence.",
                       same_topic=True) is None


def test_different_routes_for_the_same_report():
    found = judge_texts(
        "Any suspected data breach must be reported to the Information Governance Manager.",
        "Any suspected data breach involving a phone must be reported to the ICT Service Desk.",
        same_topic=True)
    assert (found.kind, found.term_a, found.term_b) == (
        ConflictKind.ROUTE, "Information Governance Manager", "ICT Service Desk")
    # one clause naming an extra role is not a different route
    assert judge_texts(
        "Lost phones must be reported to the ICT Service Desk.",
        "Lost phones must be reported to the ICT Service Desk and to the line manager.",
        same_topic=True) is None


def test_unrelated_clauses_with_different_figures_are_not_flagged():
    assert judge_texts("Shared mailboxes are reviewed every six months by their owner.",
                       "This policy will be reviewed annually.", same_topic=True) is None
    assert judge_texts("Staff must report a lost laptop to the ICT Service Desk within 24 hours.",
                       "Managers receive a monthly report of the calls made on each phone.",
                       same_topic=True) is None
    assert judge_texts("Passwords must be at least 12 characters long.",
                       "Phones must be locked with a PIN of at least 6 digits when not in use.",
                       same_topic=True) is None
    assert judge_texts("Staff may use Council computers for online shopping during a break.",
                       "Staff must not use Council email to send chain letters.",
                       same_topic=True) is None


def test_the_same_obligation_worded_twice_is_not_flagged():
    assert judge_texts("Staff must not share their password with anyone.",
                       "Passwords must never be shared with anyone, including ICT staff.",
                       same_topic=True) is None
    assert judge_texts("A lost phone must be reported to the ICT Service Desk immediately.",
                       "Staff must report a lost phone to the ICT Service Desk straight away.",
                       same_topic=True) is None
    assert judge_texts("A lost phone must be reported within one working day.",
                       "Staff must report the loss of a phone within 24 hours.",
                       same_topic=True) is None


INTERNET = make_doc("internet", "Internet Use Policy", [
    (H, 1, "Document control"),
    (P, 0, "Version 4.1 approved by the Head of ICT on 7 June 2023."),
    (H, 1, "Information security"),
    (P, 0, "Staff must report the loss or theft of any laptop or tablet used to access the "
           "internet to the ICT Service Desk immediately."),
    (P, 0, "Web filtering blocks gambling and streaming sites on Council devices."),
    (H, 1, "Review"),
    (P, 0, "This policy will be reviewed every two years. Minor changes may be made by the Head "
           "of ICT."),
])
MAIL = make_doc("mail", "Email Policy", [
    (H, 1, "Document control"),
    (P, 0, "Version 3.0 approved by the Data Protection Officer on 12 March 2024."),
    (H, 1, "Personal devices"),
    (P, 0, "If a laptop or tablet that can access Council email is lost or stolen, staff must "
           "report it to the ICT Service Desk within 48 hours."),
    (P, 0, "Signatures show the sender's name, job title and telephone number."),
    (H, 1, "Review"),
    (P, 0, "This policy will be reviewed annually by the Data Protection Officer."),
])


def test_second_pass_end_to_end_finds_worded_differently_and_skips_document_control():
    docs = [INTERNET, MAIL]
    found = analyse_clauses(docs, align_sections(docs)).conflicts
    assert sorted((c.kind.value, c.a.text[:20], c.b.text[:20]) for c in found) == [
        ("period", "Staff must report th", "If a laptop or table"),
        ("period", "This policy will be ", "This policy will be "),
    ]
    review = next(c for c in found if c.a.text.startswith("This policy"))
    assert review.a.sentence == 0  # the sentence, not the whole two-sentence paragraph
    assert review.reason == ("Internet Use Policy.docx Review gives every two years but Email "
                             "Policy.docx Review gives annually.")


def test_phrase_alternation_matches_like_a_longest_first_alternation():
    import re

    from consolidator.consolidation.topics import phrase_alternation

    phrases = ["manager", "line manager", "head of hr", "head of human resources", "hr",
               "service desk", "ict service desk", "e-mail"]
    trie = re.compile(r"\b(" + phrase_alternation(phrases) + r")\b", re.IGNORECASE)
    plain = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(
        phrases, key=len, reverse=True)) + r")\b", re.IGNORECASE)
    text = ("Tell the Line Manager, HR or the Head of Human Resources, then the ICT Service Desk "
            "by e-mail; head of hrs and managers are not roles here.")
    assert [m.group(1) for m in trie.finditer(text)] == [m.group(1) for m in plain.finditer(text)]
    assert [m.group(1) for m in trie.finditer(text)] == [
        "Line Manager", "HR", "Head of Human Resources", "ICT Service Desk", "e-mail"]
