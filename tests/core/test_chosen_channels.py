"""What a policy covers, as the author chose it (the window's Covers column): the draft gives the
policy that channel's chapter, and a session keeps the choice."""

from consolidator.consolidation.topics import channels_of_documents, chosen_channel, with_channel
from consolidator.session import load_session, save_session, session_from, with_chosen_channels
from tests.helpers.docs import H, P, make_doc
from tests.helpers.plans import build

GUIDE = make_doc("guide", "Staff Handbook Chapter 7", [
    (H, 1, "Browsing"), (P, 0, "Staff must not visit gambling sites at work.")])
EMAIL = make_doc("email", "Email Policy", [
    (H, 1, "Auto-forwarding"), (P, 0, "Staff must not forward Council email to a personal "
                                      "account.")])


def _chapters(docs) -> list[str]:
    return [s.title for s in build(docs=docs).sections if s.level == 1]


def test_a_chosen_channel_gives_the_policy_that_chapter():
    assert channels_of_documents([GUIDE, EMAIL])[GUIDE.id] == "other"
    chosen = with_channel(GUIDE, "internet")
    assert chosen.id == GUIDE.id and chosen_channel(chosen) == "internet"
    assert channels_of_documents([chosen, EMAIL])[GUIDE.id] == "internet"
    assert "Internet" in _chapters([chosen, EMAIL])
    assert "Internet" not in _chapters([GUIDE, EMAIL])
    assert chosen_channel(with_channel(chosen, "")) == ""  # no choice: guessed again


def test_a_session_keeps_the_choice_and_gives_it_back(tmp_path):
    docs = [with_channel(GUIDE, "internet"), EMAIL]
    path = save_session(session_from(docs), tmp_path / "work.pcsession")
    session = load_session(path)
    assert [(s.kind, s.chosen) for s in session.sources] == [("internet", True),
                                                              ("email", False)]
    again = with_chosen_channels([GUIDE, EMAIL], session)
    assert [chosen_channel(d) for d in again] == ["internet", ""]


def test_a_review_keeps_what_the_author_chose_each_approved_policy_covers():
    from consolidator.review.matching import SourcePair
    from consolidator.review.review import chosen_channels_kept
    from consolidator.session import SessionSource

    pairs = [SourcePair(SessionSource("g.md", "old-hash", "internet", "Guide", 0, True),
                        None, GUIDE),
             SourcePair(SessionSource("e.md", EMAIL.id, "email", "Email Policy"), None, EMAIL)]
    kept = chosen_channels_kept((GUIDE, EMAIL), pairs)
    assert [chosen_channel(d) for d in kept] == ["internet", ""]
