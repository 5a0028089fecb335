"""Conflicts: permitted vs prohibited, different periods and roles; unrelated pairs not flagged."""

from consolidator.align import align_sections
from consolidator.clauses import analyse_clauses
from consolidator.conflicts import ConflictKind, judge_pair, quantities
from tests.core.test_align import H, P, make_doc

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
    assert "head of human resources" in found.reason
    assert "senior information risk owner" in found.reason


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
