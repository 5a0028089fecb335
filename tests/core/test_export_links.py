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


def _read_policies(tmp_path, files: dict[str, str]):
    from consolidator.readers import read_document

    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [read_document(tmp_path / name) for name in files]


_LAPTOPS = ("# Laptops\n\n## Taking a laptop home\n\nLaptops must be locked away overnight.\n\n"
            "For the rules on working away from the office, read the "
            "[remote working guide](remote-working.md).\n")
_REMOTE = ("# Remote Working\n\n## Working from home\n\nYou must lock your screen whenever you "
           "leave your desk.\n\nDo not let family members use a work device.\n\n"
           "Keep work papers out of sight of visitors.\n")
_EMAIL = ("# Email\n\n## Scams\n\nIf you receive a scam email, "
          "[report it immediately](reporting-an-incident.md).\n")


def test_a_link_to_another_merged_policy_goes_to_the_chapter_holding_it(tmp_path):
    from consolidator.consolidation.merge import consolidate
    from consolidator.writers.policy_docx import export_policy
    from tests.helpers.plans import build

    docs = _read_policies(tmp_path, {"laptops.md": _LAPTOPS, "remote-working.md": _REMOTE})
    doc = consolidate(docs, build(docs=docs))
    assert not [n for n in doc.open_notes if "remote-working.md" in n.reason]
    path = export_policy(doc, tmp_path / "p.docx", METADATA)
    validate(path)
    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    link = next(x for x in body.iter(qn("w:hyperlink"))
                if "".join(t.text for t in x.iter(qn("w:t"))) ==
                "Remote Working chapter of this policy")  # what the link names is where it goes
    paragraphs = list(body.iter(qn("w:p")))
    marked = next(n for n, p in enumerate(paragraphs) if any(
        b.get(qn("w:name")) == link.get(qn("w:anchor")) for b in p.iter(qn("w:bookmarkStart"))))
    after = ["".join(t.text for t in p.iter(qn("w:t"))) for p in paragraphs[marked + 1:]]
    holding = next(t for t in after if "lock your screen" in t or "locked away" in t)
    assert "lock your screen" in holding  # the chapter where Remote Working's rules are


def test_a_link_to_a_page_the_policy_does_not_include_is_a_wording_to_check(tmp_path):
    from consolidator.consolidation.merge import consolidate
    from consolidator.writers.policy_docx import export_policy
    from tests.helpers.plans import build

    docs = _read_policies(tmp_path, {"email.md": _EMAIL, "laptops.md": _LAPTOPS})
    doc = consolidate(docs, build(docs=docs))
    notes = sorted((n for n in doc.open_notes if n.id.startswith("link-")),
                   key=lambda n: "remote" in n.reason)
    assert [n.reason.split(",")[0] for n in notes] == [
        "The source linked \u201creport it immediately\u201d to reporting-an-incident.md",
        "The source linked \u201cremote working guide\u201d to remote-working.md"]
    assert notes[0].clause_ids != notes[1].clause_ids
    path = export_policy(doc, tmp_path / "p.docx", METADATA)
    package = zipfile.ZipFile(path)
    comments = package.read("word/comments.xml").decode()
    assert "reporting-an-incident.md, a page this policy does not include" in comments
    assert "Wordings to check" in package.read("word/document.xml").decode()


def test_a_link_to_a_heading_goes_where_its_text_is():
    """NHS England's 'give an overview of Open Internet Tools' links to its Overview, merged
    into the Introduction while its text opens the Internet chapter: the link jumped to the
    Introduction it sits in (a councillor's read of the MoJ + NHS England draft)."""
    from consolidator.consolidation.link_targets import HeadingTargets
    from consolidator.model import Fate, LedgerEntry, SourceRef

    overview = SourceRef("docweb", "h-overview", "Overview")
    intro = MergedSection("s-intro", "Introduction", 1, sources=(overview,), clauses=(
        MergedClause("c-aim", BlockKind.PARAGRAPH, (
            Run("give an "), Run("overview", hyperlink="#overview"), Run(" of the tools;")),
            sources=(ref("docweb", "Purpose"),)),))
    internet = MergedSection("s-internet", "Internet", 1, clauses=(
        para("c-open", "Open internet tools are services on the internet.",
             ref("docweb", "Overview")),))
    policy = replace(sample_policy(), sections=(intro, internet), ledger=(
        LedgerEntry(overview, "Overview", Fate.MERGED, "s-intro", "heading merged"),))
    assert HeadingTargets(policy).target_holder("#overview", ["docweb"]) == "s-internet"


def test_dead_link_notes_name_what_was_lost_and_nothing_else(tmp_path):
    """A review: a Word bookmark ('#_Toc...') was called a heading, a link in deleted text was
    noted, 'www.gov.uk' counted as dead and '#personal%20use' missed its heading."""
    from consolidator.consolidation.link_targets import dead_link_notes
    from consolidator.model import Revision

    runs = (Run("See "), Run("contents", hyperlink="#_Toc12345"), Run(", "),
            Run("old", hyperlink="gone.md", revision=Revision.DELETED), Run(", "),
            Run("GOV.UK", hyperlink="www.gov.uk/data"), Run(" and "),
            Run("personal use", hyperlink="#personal%20use"), Run("."))
    clause = MergedClause("c-links", BlockKind.PARAGRAPH, runs, sources=(ref("docemail", "9"),))
    personal = MergedSection("s-personal", "Personal use", 1, clauses=(clause,),
                             sources=(ref("docemail", "9"),))
    (note,) = dead_link_notes(replace(sample_policy(), sections=(personal,)))
    assert note.reason == ("The source linked \u201ccontents\u201d to a bookmark in the source "
                           "that this policy does not keep, so the words are printed without a "
                           "link. Link them to a section or a full web address, or reword.")
    from consolidator.writers.policy_docx import export_policy

    path = export_policy(replace(sample_policy(), sections=(personal,)), tmp_path / "p.docx",
                         METADATA)
    rels = zipfile.ZipFile(path).read("word/_rels/document.xml.rels").decode()
    assert 'Target="https://www.gov.uk/data"' in rels
