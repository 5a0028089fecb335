"""Combined wordings are good English and say everything each policy said.

Every channel-parallel clause of the bundled samples is checked word for word, and on the
samples and the real policies every word of every variant is in the combined wording.
"""

import re
from pathlib import Path

import pytest

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import ClusterKind, analyse_clauses
from consolidator.consolidation.combine import combine_channels, same_content
from consolidator.readers import read_document
from tests.conftest import SAMPLE_FILES

REAL = sorted((Path(__file__).parents[1] / "data" / "real-policies").glob("*.md"))

SAMPLES = [
    (["Staff are responsible for all email sent from their account.",
      "Staff are responsible for all internet activity carried out under their login."],
     "Staff are responsible for all email sent from their account and internet activity carried "
     "out under their login."),
    (["Council email is provided for Council business.",
      "Council mobile phones are provided for Council business."],
     "Council email and mobile phones are provided for Council business."),
    (["Staff must not use email to express views on behalf of the Council.",
      "Staff must not use internet forums, blogs or review sites to express views on behalf of "
      "the Council.",
      "Staff must not use social media to express views on behalf of the Council."],
     "Staff must not use email, internet forums, blogs or review sites, or social media to "
     "express views on behalf of the Council."),
    (["Staff must not use email to send material that is offensive.",
      "Staff must not use the internet to access material that is offensive.",
      "Staff must not use a Council mobile phone to send or store material that is offensive.",
      "Staff must not use social media to post material that is offensive."],
     "Staff must not use email to send, the internet to access, social media to post, or a "
     "Council mobile phone to send or store material that is offensive."),
    (["Staff must not use email to send or share material that infringes copyright.",
      "Staff must not use the internet to download or share material that infringes copyright.",
      "Staff must not use social media to share material that infringes copyright."],
     "Staff must not use email to send or share, the internet to download or share, or social "
     "media to share material that infringes copyright."),
    (["Council email accounts must not be used for gambling.",
      "Council internet access must not be used for gambling.",
      "Council mobile phones must not be used for gambling."],
     "Council email accounts, internet access and mobile phones must not be used for "
     "gambling."),
    (["Email accounts are monitored by the Council.",
      "Social media accounts are monitored by the Council."],
     "Email and social media accounts are monitored by the Council."),
    (["Staff must not use email to bully anyone.",
      "Staff must not use text messages or messaging apps to bully anyone.",
      "Staff must not use social media to bully anyone."],
     "Staff must not use email, social media, or text messages or messaging apps, to bully "
     "anyone."),  # the purpose is of the whole list, not of "messaging apps" alone
    (["The Council monitors the use of its email system to protect its systems.",
      "The Council monitors internet use on its network and devices to protect its systems."],
     "The Council monitors the use of its email system, and internet use on its network and "
     "devices, to protect its systems."),
]


@pytest.mark.parametrize("texts, combined", SAMPLES)
def test_a_combined_wording_lists_what_differs_in_channel_order(texts, combined):
    assert combine_channels(texts) == combined


def _words(text: str) -> set[str]:
    """Returns the words of a text, but the verb a listed subject puts in the plural."""
    return set(re.findall(r"[a-z0-9']+", text.lower())) - {"is", "are", "was", "were", "has",
                                                              "have"}


@pytest.mark.parametrize("paths", [SAMPLE_FILES, REAL], ids=["samples", "real policies"])
def test_no_word_of_any_variant_is_lost_and_no_list_is_left_open(paths):
    docs = [read_document(p) for p in paths]
    analysis = analyse_clauses(docs, align_sections(docs))
    combined = [c for c in analysis.clusters if c.kind is ClusterKind.CHANNEL_PARALLEL]
    assert combined or paths is REAL
    for cluster in combined:
        text = cluster.proposed_text
        for member in cluster.members:
            assert _words(member.text) <= _words(text), (member.text, text)
        assert not re.search(r"\b(?:or|and),|\b(?:or|and) (?:or|and)\b|,,", text), text
        assert not re.search(r"\bphones (?:accounts|access)\b", text), text


@pytest.mark.parametrize("texts, same", [
    (["This guidance applies to all staff who work for the Ministry of Justice (MoJ).",
      "This guidance applies to all staff who work for the MoJ."], True),
    (["Therefore, always store NHS information in NHS systems.",
      "Always store NHS information in NHS systems."], True),
    (["Driving at Work Policy", "Dignity at Work Policy"], False),
    (["Where a breach may involve a criminal offence, the Council may refer the matter to the "
      "police.", "Where a breach may involve a criminal offence, the Council will inform the "
      "police."], False),
    (["Staff must report a lost phone.", "Staff must not report a lost phone."], False),
    (["Records are kept for six months.", "Records are kept for 12 months."], False),
])
def test_only_wordings_differing_in_linking_words_say_the_same(texts, same):
    assert same_content(texts) is same


def test_a_name_keeps_its_capitals_when_it_is_listed_inside_a_sentence():
    combined = combine_channels([
        "MoJ Intranet pages must not be copied to personal email accounts.",
        "Internet pages must not be copied to personal email accounts."])
    assert combined == "Internet and MoJ Intranet pages must not be copied to personal email "\
        "accounts."
