"""A reworded clause keeps its source's formatting where its words are the source's."""

from consolidator.consolidation.restyle import restyled
from consolidator.model import Revision, Run

AWARE = (Run("All Users "), Run("must be", bold=True),
         Run(" made aware of the IT Acceptable Use Policy (this document) and provided with "
             "security awareness training which covers this policy."))


def test_the_words_kept_keep_their_bold():
    """The MoJ policy bolds what its requirements ask ("must be"): the reworded requirement
    lost it, unlike every other requirement of its policy."""
    runs = restyled("All Users must be made aware of this policy and provided with security "
                    "awareness training which covers this policy.", AWARE)
    assert [(r.text, r.bold) for r in runs if r.bold] == [("must be", True)]
    assert "".join(r.text for r in runs).startswith("All Users must be made aware of this pol")


def test_new_words_next_to_a_link_are_not_part_of_it():
    runs = restyled("Read the guide today, now.",
                    (Run("Read the "), Run("guide", hyperlink="https://example.org"), Run(" now.")))
    assert [(r.text, r.hyperlink) for r in runs] == [
        ("Read the ", None), ("guide", "https://example.org"), (" today, now.", None)]


def test_a_new_wording_or_tracked_changes_are_left_plain():
    assert restyled("This policy sets out how staff must use email.", AWARE) is None
    tracked = (Run("Staff must "), Run("not ", revision=Revision.DELETED), Run("log in."))
    assert restyled("Staff must log in.", tracked) is None


def test_a_link_is_never_cut_into_pieces_and_new_words_between_formats_are_plain():
    """Matching letter by letter, "the Password Policy" reworded "the policy" printed a linked
    "the ", a plain "p" and a linked "olicy"; a word put after bold took the bold."""
    runs = restyled("Always see the policy on the intranet before you start work.", (
        Run("Always see "), Run("the Password Policy", hyperlink="https://example.org"),
        Run(" on the intranet before you start work.")))
    assert [r.text for r in runs if r.hyperlink] == []  # whole or not at all
    assert "".join(r.text for r in runs).startswith("Always see the policy on the intranet")
    runs = restyled("Staff must not ever share it.",
                    (Run("Staff "), Run("must not", bold=True), Run(" share it.")))
    assert [r.text for r in runs if r.bold] == ["must not"]


def test_a_link_to_another_source_renamed_as_its_chapter_stays_a_link():
    """Laptops' 'refer to the remote working guide' reads 'refer to the Remote Working chapter
    of this policy' once Remote Working is merged: the link still goes where its words say (the
    export sends it to that chapter); a web page of the old document, or a change reaching past
    the link's words, is a link no more."""
    def renamed(href: str, before: str = "read the ", after: str = "read the "):
        runs = restyled(f"For the rules on working away from the office, {after}Remote Working "
                        "chapter of this policy.",
                        (Run(f"For the rules on working away from the office, {before}"),
                         Run("remote working guide", hyperlink=href), Run(".")))
        return [(r.text, r.hyperlink) for r in runs if r.hyperlink]

    assert renamed("remote-working.md") == [
        ("Remote Working chapter of this policy", "remote-working.md")]
    assert renamed("https://intranet.example.org/remote-working") == []
    assert renamed("remote-working.md", before="see our ", after="read the ") == [
        ("Remote Working chapter of this policy", "remote-working.md")]  # words around: theirs
    for link in ("Internet Use Policy", "Internet guidance", "internet policy"):
        runs = restyled("Staff must comply with this policy at all times.", (
            Run("Staff must comply with the "), Run(link, hyperlink="internet.md"),
            Run(" at all times.")))  # 'this policy' is all of it: no link to one chapter
        assert runs is not None and not [r for r in runs if r.hyperlink], link


def test_a_word_only_capitalised_keeps_its_formatting():
    runs = restyled("This policy applies to all staff who use Council email.",
                    (Run("this policy applies to "), Run("all staff", bold=True),
                     Run(" who use Council email.")))
    assert [r.text for r in runs if r.bold] == ["all staff"]
