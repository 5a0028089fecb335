"""Links inside a source keep working in the Digital Policy or go plain: never a dead link in
the committee's copy (a reviewer found 12 links to bookmarks that did not exist, 7 to files
beside the source)."""

import zipfile
from dataclasses import replace

from docx.oxml.ns import qn
from lxml import etree

from consolidator.model import BlockKind, MergedClause, MergedSection, Run
from tests.core.test_export import METADATA, para, ref, sample_policy, validate


def _policy_with_links():
    runs = (Run("Read "), Run("personal use", hyperlink="#personal-use"), Run(", "),
            Run("contacts", hyperlink="#contact-details"), Run(", "),
            Run("remote working", hyperlink="remote-working.md"), Run(" and "),
            Run("the framework", hyperlink="https://www.gov.uk/spf"), Run("."))
    pointer = MergedClause("c-pointer", BlockKind.PARAGRAPH, runs, sources=(ref("docemail", "9"),))
    personal = MergedSection("s-personal", "Personal use", 1,
                             clauses=(pointer,), sources=(ref("docemail", "9"),))
    policy = sample_policy()
    return replace(policy, sections=(*policy.sections, personal))


def test_a_link_to_a_heading_points_at_it_and_dead_links_go_plain(tmp_path):
    from consolidator.writers.policy_docx import export_policy

    path = export_policy(_policy_with_links(), tmp_path / "p.docx", METADATA)
    validate(path)
    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    links = body.iter(qn("w:hyperlink"))
    texts = {"".join(t.text for t in link.iter(qn("w:t"))): link for link in links}
    assert set(texts) >= {"personal use", "the framework"}
    assert "contacts" not in texts and "remote working" not in texts  # words kept, no link
    paragraph_text = "Read personal use, contacts, remote working and the framework."
    assert any("".join(t.text for t in p.iter(qn("w:t"))) == paragraph_text
               for p in body.iter(qn("w:p")))
    anchor = texts["personal use"].get(qn("w:anchor"))
    heading = next(p for p in body.iter(qn("w:p"))
                   if "".join(t.text for t in p.iter(qn("w:t"))) == "Personal use")
    names = [b.get(qn("w:name")) for b in heading.iter(qn("w:bookmarkStart"))]
    assert names == [anchor]
    rels = zipfile.ZipFile(path).read("word/_rels/document.xml.rels").decode()
    assert "remote-working.md" not in rels and "https://www.gov.uk/spf" in rels


def test_a_link_goes_to_its_own_policys_heading_of_that_name(tmp_path):
    from consolidator.writers.policy_docx import export_policy

    link = MergedClause("c-link", BlockKind.PARAGRAPH,
                        (Run("See "), Run("personal use", hyperlink="#personal-use"), Run(".")),
                        sources=(ref("docinternet", "9"),))
    email = MergedSection("s-em-pu", "Personal use", 2, sources=(ref("docemail", "3"),),
                          clauses=(para("c-e", "Email personal use is limited.",
                                        ref("docemail", "3")),))
    internet = MergedSection("s-it-pu", "Personal use", 2, sources=(ref("docinternet", "4"),),
                             clauses=(para("c-i", "Browsing at lunch is allowed.",
                                           ref("docinternet", "4")), link))
    policy = sample_policy()
    policy = replace(policy, sections=(*policy.sections,
                                       MergedSection("s-em", "Email", 1, children=(email,)),
                                       MergedSection("s-it", "Internet", 1, children=(internet,))))
    path = export_policy(policy, tmp_path / "p.docx", METADATA)
    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    anchor = next(link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink"))
                  if link.get(qn("w:anchor")))
    paragraphs = list(body.iter(qn("w:p")))
    marked = [n for n, p in enumerate(paragraphs)
              if any(b.get(qn("w:name")) == anchor for b in p.iter(qn("w:bookmarkStart")))]
    following = "".join(t.text for t in paragraphs[marked[0] + 1].iter(qn("w:t")))
    assert following == "Browsing at lunch is allowed."
