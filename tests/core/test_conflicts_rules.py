"""Conflict rules that keep false alarms out (working time vs own time, a permission about
another thing than the prohibition's channel) and reasons that name every difference."""

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.conflicts import (
    ConflictKind,
    Finding,
    combine,
    describe,
    judge_pair,
)
from consolidator.consolidation.periods import (
    ANY_TIME,
    OWN_TIME,
    WORK_TIME,
    complementary_times,
    time_scope,
)
from consolidator.consolidation.subjects import _main_modality_parts, governed_channels, judge_texts
from tests.helpers.docs import H, P, make_doc

# --- When a rule applies: working time, own time, any time -------------------------------------


def test_time_scope_reads_working_time_own_time_and_any_time():
    assert time_scope("Personal use must not take place during working time.") == WORK_TIME
    assert time_scope("Staff should keep the phone on during their working hours.") == WORK_TIME
    assert time_scope("Personal use is permitted in the member of staff's own time.") == OWN_TIME
    assert time_scope("Staff may read the news during an unpaid break.") == OWN_TIME
    assert time_scope("Staff may call home outside working hours.") == OWN_TIME
    assert time_scope("Accounts must not be used for personal email at any time.") == ANY_TIME
    assert time_scope("This applies whether they use social media at work or at home.") \
        == ANY_TIME
    # "break" as a verb is not a break; no time said, or both said, is no scope
    assert time_scope("Staff may be asked to remove posts that break this policy.") is None
    assert time_scope("Report a lost phone within 24 hours.") is None
    assert time_scope("Staff who deal with a personal matter during the working day should use "
                      "their own phone in their own time.") is None


def test_time_scope_after_except_is_turned_round():
    assert time_scope("Personal use is not permitted except during breaks.") == WORK_TIME
    assert time_scope("Personal calls are not allowed other than in their own time.") == WORK_TIME
    assert time_scope("Personal use is permitted, but not during working hours.") == OWN_TIME
    # "save" the verb is not "save for"
    assert time_scope("Staff must save documents during working hours.") == WORK_TIME


def test_complementary_times_needs_one_of_each():
    assert complementary_times("Must not happen during working time.",
                               "Is permitted in their own time.")
    assert not complementary_times("Must not happen at any time.",
                                   "Is permitted in their own time.")
    assert not complementary_times("Must not happen.", "Is permitted in their own time.")
    assert not complementary_times("Must not happen during breaks.",
                                   "Is permitted during an unpaid break.")


OWN_TIME_PERMIT = ("Limited personal use of the internet is permitted in their own time, for "
                   "example during an unpaid lunch break.")


def test_prohibited_in_working_time_and_permitted_in_own_time_is_not_flagged():
    # second pass (worded differently)
    assert judge_texts("Personal use must not take place during working time.",
                       OWN_TIME_PERMIT, same_topic=True) is None
    # first pass (the same words once the differing terms are masked)
    assert judge_pair("Staff may use Council computers for personal shopping in their own time.",
                      "Staff must not use Council computers for personal shopping in working "
                      "time.", same_topic=True) is None


def test_prohibited_at_any_time_or_always_against_own_time_is_flagged():
    found = judge_texts("Personal use of the internet is not permitted at any time.",
                        OWN_TIME_PERMIT, same_topic=True)
    assert found == Finding(ConflictKind.PERMITTED_VS_PROHIBITED, "is not permitted",
                            "is permitted")
    found = judge_texts("Personal use of the internet is prohibited.", OWN_TIME_PERMIT,
                        same_topic=True)
    assert found == Finding(ConflictKind.PERMITTED_VS_PROHIBITED, "is prohibited",
                            "is permitted")
    found = judge_pair("Staff may use Council computers for personal shopping in their own time.",
                       "Staff must not use Council computers for personal shopping at any time.",
                       same_topic=True)
    assert found == Finding(ConflictKind.PERMITTED_VS_PROHIBITED, "may", "must not")


def test_the_same_time_on_both_sides_is_flagged_also_after_except():
    # "not permitted except during breaks" covers working time, like the permission
    found = judge_texts("Personal use of the internet is not permitted except during breaks.",
                        "Personal use of the internet is permitted during working hours.",
                        same_topic=True)
    assert found is not None and found.kind is ConflictKind.PERMITTED_VS_PROHIBITED
    # ... and agrees with a permission for breaks
    assert judge_texts("Personal use of the internet is not permitted except during breaks.",
                       "Personal use of the internet is permitted during an unpaid break.",
                       same_topic=True) is None


def test_working_time_vs_own_time_end_to_end():
    docs = [
        make_doc("social", "Social Media Policy", [
            (H, 1, "Personal use"),
            (P, 0, "Personal use must not take place during working time, and staff should "
                   "remember that colleagues may see their screen."),
        ]),
        make_doc("internet", "Internet Use Policy", [
            (H, 1, "Personal use"), (P, 0, OWN_TIME_PERMIT),
            (H, 1, "Review"), (P, 0, "This policy will be reviewed annually."),
        ]),
        make_doc("email", "Email Policy", [
            (H, 1, "Personal use"),
            (P, 0, "Personal use of Council systems is not permitted at any time."),
            (H, 1, "Review"), (P, 0, "This policy will be reviewed every two years."),
        ]),
    ]
    found = analyse_clauses(docs, align_sections(docs)).conflicts
    assert sorted((c.kind.value, c.a.document_id, c.b.document_id) for c in found) == [
        ("period", "internet", "email"),
        ("permitted-vs-prohibited", "internet", "email"),
    ]


# --- A permission about another thing than the prohibition's channel -------------------------


def governed(text):
    _, _, before, after = _main_modality_parts(text)
    return governed_channels(before, after)


def test_governed_channels_leave_out_the_purpose_of_use():
    assert governed("Staff may use Council computers to access their personal social media "
                    "accounts during an unpaid break.") == frozenset()
    assert governed("Council email accounts must not be used for personal correspondence.") \
        == {"ch:email"}
    assert governed("Staff may use their own smartphone or tablet to access Council email.") \
        == {"ch:mobile-phone"}
    assert governed("Limited personal use of the internet is permitted in their own time.") \
        == {"ch:internet"}
    assert governed("Staff must not access Council email from a personal device.") \
        == {"ch:email"}


EMAIL_NEVER = "Council email accounts must not be used for personal messages at any time."


def test_permission_to_use_a_device_for_another_channel_is_not_flagged():
    assert judge_texts("Staff may use Council laptops to read their personal social media "
                       "accounts during a break.", EMAIL_NEVER, same_topic=True) is None


def test_permission_and_prohibition_each_about_its_channel_are_flagged():
    found = judge_texts("Staff may use their social media accounts for personal messages "
                        "during a break.", EMAIL_NEVER, same_topic=True)
    assert found == Finding(ConflictKind.PERMITTED_VS_PROHIBITED, "may", "must not",
                            cross_channel=True)
    found = judge_texts("Limited personal use of the internet is permitted during a break.",
                        EMAIL_NEVER, same_topic=True)
    assert found == Finding(ConflictKind.PERMITTED_VS_PROHIBITED, "is permitted", "must not",
                            cross_channel=True)


def test_device_permission_against_a_prohibition_of_the_same_channel_is_flagged():
    found = judge_texts("Staff may use Council laptops to access social media during a break.",
                        "Access to social media is blocked for all staff.", same_topic=True)
    assert found == Finding(ConflictKind.PERMITTED_VS_PROHIBITED, "may", "is blocked")


# --- Every difference named ------------------------------------------------------------------


def test_first_pass_names_a_period_and_a_reporting_route():
    found = judge_pair("A lost laptop must be reported to the ICT Service Desk within 24 hours.",
                       "A lost laptop must be reported to the Information Governance Manager "
                       "within 48 hours.", same_topic=True)
    assert found.kinds == (ConflictKind.PERIOD, ConflictKind.ROUTE)
    assert describe(found, "Email Policy.docx 4", "Mobile Phone Policy.docx 6") == (
        "Email Policy.docx 4 gives 24 hours and says to report to the ICT Service Desk, but "
        "Mobile Phone Policy.docx 6 gives 48 hours and says to report to the Information "
        "Governance Manager.")


def test_first_pass_names_must_vs_may_and_a_period():
    found = judge_pair("A lost laptop must be reported to the ICT Service Desk within 24 hours.",
                       "A lost laptop may be reported to the ICT Service Desk within 48 hours.",
                       same_topic=True)
    assert found.kinds == (ConflictKind.REQUIRED_VS_OPTIONAL, ConflictKind.PERIOD)
    assert describe(found, "A", "B") == (
        "A says \u201cmust\u201d and gives 24 hours, but B says \u201cmay\u201d and gives 48 "
        "hours: required in one, optional in the other.")


def test_second_pass_names_a_period_and_a_reporting_route():
    found = judge_texts("Any suspected data breach must be reported to the Information "
                        "Governance Manager on the same working day.",
                        "Any suspected data breach involving a phone must be reported to the ICT "
                        "Service Desk within 24 hours.", same_topic=True)
    assert found.kinds == (ConflictKind.PERIOD, ConflictKind.ROUTE)
    assert describe(found, "A", "B") == (
        "A gives on the same working day and says to report to the Information Governance "
        "Manager, but B gives 24 hours and says to report to the ICT Service Desk.")


def test_second_pass_names_may_vs_must_not_and_a_period():
    found = judge_texts("Staff may keep Council email on a personal device for 30 days.",
                        "Staff must not keep Council email on a personal device for more than 7 "
                        "days.", same_topic=True)
    assert found.kinds == (ConflictKind.PERMITTED_VS_PROHIBITED, ConflictKind.PERIOD)
    assert describe(found, "A", "B") == (
        "A permits it (\u201cmay\u201d) and gives 30 days, but B prohibits it (\u201cmust "
        "not\u201d) and gives 7 days.")


def test_one_difference_reads_as_before():
    found = judge_pair("Report a lost phone within 24 hours.", "Report a lost phone within 48 "
                       "hours.", same_topic=True)
    assert found == Finding(ConflictKind.PERIOD, "24 hours", "48 hours")
    assert describe(found, "A", "B") == "A gives 24 hours but B gives 48 hours."


def test_combine_keeps_each_kind_once_and_describe_names_several_places():
    a = Finding(ConflictKind.PERIOD, "every two years", "annually")
    b = Finding(ConflictKind.ROLE, "Head of ICT", "Data Protection Officer")
    found = combine([a, Finding(ConflictKind.PERIOD, "biennially", "yearly"), b])
    assert found.kinds == (ConflictKind.PERIOD, ConflictKind.ROLE)
    assert found.term_a == "every two years"
    assert found.swapped().differences[1] == Finding(ConflictKind.ROLE,
                                                     "Data Protection Officer", "Head of ICT")
    assert combine([]) is None
    assert describe(found, "Social Media Policy.docx 12 and Mobile Phone Policy.docx 14",
                    "Email Policy.docx 11", plural_a=True) == (
        "Social Media Policy.docx 12 and Mobile Phone Policy.docx 14 give every two years and "
        "name the Head of ICT, but Email Policy.docx 11 gives annually and names the Data "
        "Protection Officer.")


def test_two_differences_end_to_end_reason():
    docs = [
        make_doc("email", "Email Policy", [
            (H, 1, "Security"),
            (P, 0, "Any suspected data breach must be reported to the Information Governance "
                   "Manager on the same working day."),
        ]),
        make_doc("mobile", "Mobile Phone Policy", [
            (H, 1, "Security"),
            (P, 0, "Any suspected data breach involving a phone must be reported to the ICT "
                   "Service Desk within 24 hours."),
        ]),
    ]
    (found,) = analyse_clauses(docs, align_sections(docs)).conflicts
    assert found.kinds == (ConflictKind.PERIOD, ConflictKind.ROUTE)
    assert found.reason == (
        "Email Policy.docx Security gives on the same working day and says to report to the "
        "Information Governance Manager, but Mobile Phone Policy.docx Security gives 24 hours "
        "and says to report to the ICT Service Desk.")


def test_a_may_of_possibility_in_an_opening_condition_is_no_permission():
    from consolidator.consolidation.wording import Modality, modality

    assert modality("Where a breach may involve a criminal offence, the Council will inform "
                    "the police.")[0] is None
    assert modality("If a message may be a scam, do not open it.")[0] is Modality.PROHIBITED
    # the rule's own "may" still permits
    assert modality("Where it is safe to do so, staff may take calls on a train.")[0] \
        is Modality.PERMITTED
    assert modality("If in doubt, you may ask the Service Desk.")[0] is Modality.PERMITTED


def test_no_right_to_is_a_prohibition_and_being_made_aware_is_no_duty_of_its_own():
    from consolidator.consolidation.wording import Modality, modality

    assert modality("When an absence occurs, there is no right to access another employee's "
                    "account.")[0] is Modality.PROHIBITED
    # what the clause rules is what users are told: a permission here
    assert modality("All Users must be aware that business communication may be accessed if "
                    "they are absent from work.")[0] is Modality.PERMITTED
    # being told with nothing ruled after it is the duty itself
    assert modality("All Users must be made aware of this policy.")[0] is Modality.REQUIRED


def test_a_permission_qualified_after_its_comma_is_still_a_permission():
    from consolidator.consolidation.wording import Modality, modality

    assert modality("When working from home staff may use their own devices, but only with "
                    "approval.")[0] is Modality.PERMITTED
