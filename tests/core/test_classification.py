"""The sources' protective marking is carried into the Digital Policy's header and footer."""

from __future__ import annotations

import zipfile
from dataclasses import replace

from consolidator.classification import classification_of, marking_in
from consolidator.consolidation.merge import consolidate
from consolidator.metadata import PolicyMetadata, metadata_from_dict
from consolidator.model import ReaderWarning
from consolidator.writers.policy_docx import export_policy
from tests.helpers.plans import DOCS, build

HEADER = ('Text in 2 page headers/footers not imported (for example "{}"); only the body of '
          'the policy is read.')


def with_header(doc, text):
    return replace(doc, warnings=(ReaderWarning("header-footer", HEADER.format(text), 2),))


def test_the_marking_is_read_from_the_header_warning_and_the_strictest_wins():
    assert marking_in('for example "OFFICIAL"') == "OFFICIAL"
    assert marking_in("OFFICIAL - SENSITIVE: Email Policy") == "OFFICIAL-SENSITIVE"
    assert marking_in("Official guidance for staff") == ""  # a word, not a marking
    email, social = DOCS
    assert classification_of([with_header(email, "OFFICIAL"), social]) == "OFFICIAL"
    assert classification_of([with_header(email, "OFFICIAL"),
                              with_header(social, "OFFICIAL-SENSITIVE")]) == "OFFICIAL-SENSITIVE"
    assert classification_of(DOCS) == ""


def test_the_export_carries_the_marking_on_every_page_header_and_footer(tmp_path):
    metadata = replace(PolicyMetadata(), classification="OFFICIAL")
    path = export_policy(consolidate(DOCS, build()), tmp_path / "p.docx", metadata)
    with zipfile.ZipFile(path) as z:
        stories = {n: z.read(n).decode() for n in z.namelist()
                   if n.startswith(("word/header", "word/footer"))}
    assert len(stories) == 4  # first page and other pages, header and footer
    assert all(">OFFICIAL<" in xml for xml in stories.values())


def test_no_marking_no_extra_header(tmp_path):
    path = export_policy(consolidate(DOCS, build()), tmp_path / "p.docx", PolicyMetadata())
    with zipfile.ZipFile(path) as z:
        assert not any(">OFFICIAL<" in z.read(n).decode() for n in z.namelist()
                       if n.startswith(("word/header", "word/footer")))


def test_the_metadata_json_has_a_classification_field():
    assert metadata_from_dict({"classification": "OFFICIAL"}).classification == "OFFICIAL"
    assert '"classification": "OFFICIAL"' in replace(PolicyMetadata(),
                                                     classification="OFFICIAL").to_json()


def test_merge_carries_the_samples_marking_unless_told_otherwise(tmp_path):
    from consolidator.cli import main

    def marked(*options):
        out = tmp_path / f"out{len(options)}.docx"
        assert main(["merge", "--demo", "-o", str(out), *options]) == 0
        with zipfile.ZipFile(out) as z:
            return any(">OFFICIAL<" in z.read(n).decode() for n in z.namelist()
                       if n.startswith("word/header"))

    assert marked()  # the bundled samples are marked OFFICIAL in their headers
    assert not marked("--classification", "none")
