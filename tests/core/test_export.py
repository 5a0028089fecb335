"""Tests of the Digital Policy export: structure, numbering, appendices, templates, safety."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import docx
import pytest
from lxml import etree

from consolidator.errors import Cancelled, LoadError, WriteError
from consolidator.metadata import (
    PolicyMetadata,
    VersionEntry,
    add_months,
    load_metadata_json,
    metadata_from_dict,
)
from consolidator.model import (
    Block,
    BlockKind,
    Cell,
    ConsolidatedDocument,
    Fate,
    LedgerEntry,
    MergedClause,
    MergedSection,
    Run,
    SourceInfo,
    SourceRef,
    Table,
)

SM, EM, NET = "docsocial", "docemail", "docinternet"
URL = "https://www.gov.uk/government/publications/social-media-guidance"


def ref(doc: str, section: str, n: int = 0) -> SourceRef:
    return SourceRef(document_id=doc, block_id=f"{doc}-{section}-{n}", section=section)


def para(cid: str, text: str, *sources: SourceRef, edited: bool = False) -> MergedClause:
    return MergedClause(cid, BlockKind.PARAGRAPH, (Run(text),), sources=sources, edited=edited)


def item(cid: str, text: str, *sources: SourceRef, numbered: bool = True,
         level: int = 0) -> MergedClause:
    return MergedClause(cid, BlockKind.LIST_ITEM, (Run(text),), level=level, numbered=numbered,
                        sources=sources)


def cell(text: str) -> Cell:
    return Cell((Block(id="", kind=BlockKind.PARAGRAPH, runs=(Run(text),)),))


def sample_policy() -> ConsolidatedDocument:
    """Returns 3 chapters with subsections, numbered clauses, bullets, a table, a link, a ledger."""
    table = Table(rows=(
        (cell("Channel"), cell("Response time")),
        (cell("Email"), cell("48 hours")),
        (cell("Social media"), cell("24 hours")),
    ))
    purpose = MergedSection(
        "s-purpose", "Purpose", 2,
        clauses=(
            MergedClause("c-purpose", BlockKind.PARAGRAPH, (
                Run("This policy sets out how staff "), Run("must", bold=True),
                Run(" use digital channels. See the "),
                Run("national guidance", hyperlink=URL), Run(" for "),
                Run("background", italic=True), Run("."),
            ), sources=(ref(SM, "1.1"), ref(EM, "1"))),
        ),
        sources=(ref(SM, "1.1"), ref(EM, "1")),
    )
    scope = MergedSection(
        "s-scope", "Scope", 2,
        clauses=(
            para("c-scope", "It applies to all employees, councillors and contractors.",
                 ref(NET, "2")),
            item("c-scope-a", "Employees on any contract.", ref(NET, "2"), numbered=False),
            item("c-scope-b", "Agency workers.", ref(NET, "2"), numbered=False),
            item("c-scope-c", "Including temporary placements.", ref(NET, "2"), numbered=False,
                 level=1),
        ),
        sources=(ref(NET, "2"),),
    )
    intro = MergedSection("s-intro", "Introduction", 1, children=(purpose, scope),
                          sources=(ref(SM, "1"),))
    rules = MergedSection(
        "s-use", "Acceptable use", 1,
        clauses=(
            item("c-use-1", "Staff must not share passwords.", ref(EM, "3.1"), ref(NET, "4.2")),
            item("c-use-2", "Staff must lock unattended devices.", ref(NET, "4.3")),
            MergedClause("c-use-3", BlockKind.LIST_ITEM,
                         (Run("Staff must report a lost phone within 24 hours."),),
                         numbered=True, sources=(ref(SM, "5.2"),), edited=True),
            MergedClause("c-table", BlockKind.TABLE, table=table, sources=(ref(EM, "6"),)),
        ),
        children=(MergedSection(
            "s-monitor", "Monitoring", 2,
            clauses=(para("c-mon", "The council may monitor use of its systems.",
                          ref(EM, "7"), ref(NET, "7")),),
            children=(MergedSection(
                "s-records", "Records kept", 3,
                clauses=(para("c-rec", "Logs are kept for 12 months.", ref(NET, "7.1")),),
                sources=(ref(NET, "7.1"),)),),
            sources=(ref(EM, "7"), ref(NET, "7"))),),
        sources=(ref(EM, "3"), ref(NET, "4")),
    )
    breaches = MergedSection(
        "s-breach", "Breaches of this policy", 1,
        clauses=(para("c-breach", "Breaches may lead to disciplinary action.", ref(SM, "9")),),
        sources=(ref(SM, "9"),),
    )
    ledger = (
        LedgerEntry(ref(EM, "3.1"), "Staff must not share passwords.", Fate.KEPT, "c-use-1"),
        LedgerEntry(ref(NET, "4.2"), "Employees must never share their password.", Fate.MERGED,
                    "c-use-1", "duplicate of Email Policy 3.1"),
        LedgerEntry(ref(SM, "5.2"), "Staff must report a lost phone within 48 hours.",
                    Fate.KEPT, "c-use-3"),
        LedgerEntry(ref(SM, "8.4"), "Staff may use MySpace during lunch breaks.", Fate.EXCLUDED,
                    "", "excluded by the author: out of date"),
        LedgerEntry(ref(EM, "2.3"), "Fax messages must be logged.", Fate.EXCLUDED),
    )
    sources = (
        SourceInfo(SM, "Social Media Policy", "Social Media Policy.docx", "social-media", "2.1"),
        SourceInfo(EM, "Email Policy", "Email Policy.docx", "email", "3.0"),
        SourceInfo(NET, "Internet Policy", "Internet Policy.docx", "internet", ""),
    )
    return ConsolidatedDocument("Digital Policy", (intro, rules, breaches), ledger, sources)


# --- helpers ------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VALIDATOR = Path(__file__).resolve().parents[3] / "shared" / "tools" / "ooxml_validate.py"
METADATA = PolicyMetadata(
    council="Little Snoring Parish Council", version="1.1", status="Approved",
    date=date(2025, 8, 1), owner="Head of ICT", author="Jo Bloggs",
    approved_by="Sam Clerk", committee="Policy and Resources Committee",
    approval_date=date(2025, 8, 31), effective_date=date(2025, 9, 1),
    version_history=(VersionEntry("1.0", date(2025, 3, 1), "Jo Bloggs", "First version"),),
)


def export(tmp_path: Path, name: str = "Digital Policy.docx", **kwargs) -> Path:
    from consolidator.writers.policy_docx import export_policy

    return export_policy(sample_policy(), tmp_path / name, kwargs.pop("metadata", METADATA),
                         **kwargs)


def validate(path: Path) -> None:
    if not VALIDATOR.exists():
        pytest.skip(f"OOXML validator not found at {VALIDATOR}")
    result = subprocess.run([sys.executable, str(VALIDATOR), str(path)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def paragraphs_after(document, heading: str) -> list:
    paras = document.paragraphs
    index = next(i for i, p in enumerate(paras) if p.text.startswith(heading))
    return paras[index + 1:]


def table_after(document, heading_text: str):
    """Returns the first table after the paragraph whose text starts with heading_text."""
    body = document.element.body
    seen = False
    for child in body:
        if child.tag == f"{W}p" and "".join(child.itertext()).startswith(heading_text):
            seen = True
        elif seen and child.tag == f"{W}tbl":
            return docx.table.Table(child, document._body)
    raise AssertionError(f"no table after {heading_text!r}")


def rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    return export(tmp_path_factory.mktemp("export"))


# --- metadata -----------------------------------------------------------------------------------


def test_next_review_is_approval_plus_interval_clamped_to_month_end():
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2025, 10, 15), 6) == date(2026, 4, 15)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert METADATA.next_review_date == date(2026, 2, 28)
    assert PolicyMetadata(date=date(2025, 5, 31)).next_review_date == date(2025, 11, 30)


def test_metadata_json_round_trip_and_plain_errors(tmp_path):
    path = tmp_path / "meta.json"
    path.write_text(METADATA.to_json(), encoding="utf-8")
    assert load_metadata_json(path) == METADATA
    assert metadata_from_dict({"version_history": [["0.9", "2024-01-02", "A", "Draft"]]}
                              ).version_history[0].date == date(2024, 1, 2)
    for bad, words in [
        ('{"approval_date": "31/08/2025"}', "approval_date"),
        ('{"status": "Done"}', "status"),
        ('{"review_months": "six"}', "review_months"),
        ('{"colour": "blue"}', "colour"),
        ('{"title": ', "not valid JSON"),
    ]:
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(LoadError) as err:
            load_metadata_json(path)
        assert words in str(err.value) and "meta.json" in str(err.value)


def test_supersedes_derived_from_sources_with_versions():
    assert METADATA.superseded(sample_policy().sources) == (
        "Social Media Policy (version 2.1)", "Email Policy (version 3.0)", "Internet Policy")
    assert PolicyMetadata(supersedes=("Old IT Policy",)).superseded(()) == ("Old IT Policy",)


# --- the exported document ----------------------------------------------------------------------


def test_export_passes_the_ooxml_validator(exported):
    validate(exported)


def test_headings_numbered_through_their_styles_in_order(exported):
    document = docx.Document(exported)
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Document control"), ("Heading 2", "Version history"),
        ("Heading 2", "This policy supersedes"),
        ("Heading 1", "Introduction"), ("Heading 2", "Purpose"), ("Heading 2", "Scope"),
        ("Heading 1", "Acceptable use"), ("Heading 2", "Monitoring"),
        ("Heading 3", "Records kept"), ("Heading 1", "Breaches of this policy"),
        ("Heading 1", "Appendix A: Where each section came from"),
        ("Heading 1", "Appendix B: What was removed or reworded"),
    ]
    numbering = document.part.numbering_part.element
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"].element
        num_id = style.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
        ilvl = style.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val")
        abstract = numbering.xpath(f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')[0]
        lvl_text = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract}"]'
                                   f'/w:lvl[@w:ilvl="{ilvl}"]/w:lvlText/@w:val')[0]
        assert lvl_text == ".".join(f"%{k}" for k in range(1, level + 1))
    # Body headings take their number from the style; appendices switch it off.
    for p in document.paragraphs:
        if p.style.name.startswith("Heading"):
            own = p._p.find(f"{W}pPr/{W}numPr/{W}numId")
            expect_off = p.text.startswith("Appendix") or p.text in (
                "Document control", "Version history", "This policy supersedes")
            assert (own is not None and own.get(f"{W}val") == "0") == expect_off, p.text


def test_contents_is_a_toc_field_word_opens_without_asking_to_update(exported):
    with zipfile.ZipFile(exported) as z:
        body = z.read("word/document.xml").decode()
        settings = etree.fromstring(z.read("word/settings.xml"))
    assert 'TOC \\h \\z \\t "Heading 1,1,Heading 2,2,Heading 3,3"' in body
    # neither a dirty field nor updateFields: either makes Word ask on every open
    assert "w:dirty" not in body
    assert settings.find(f"{W}updateFields") is None
    document = docx.Document(exported)
    toc = [p.text for p in document.paragraphs if re.fullmatch(r"toc \d", p.style.name.lower())]
    assert toc[:3] == ["1\u2003Introduction", "1.1\u2003Purpose", "1.2\u2003Scope"]
    assert "2.1.1\u2003Records kept" in toc


def test_title_page_and_document_control(exported):
    document = docx.Document(exported)
    assert document.paragraphs[0].text == "Digital Policy"
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[1].text == "Little Snoring Parish Council"
    text = "\n".join(p.text for p in document.paragraphs[:10])
    assert "Version: 1.1" in text and "Status: Approved" in text and "Date: 1 August 2025" in text
    control = dict(rows(table_after(document, "Document control")))
    assert control["Policy owner"] == "Head of ICT"
    assert control["Author"] == "Jo Bloggs"
    assert control["Approved by"] == "Sam Clerk"
    assert control["Committee and date of approval"] == (
        "Policy and Resources Committee, 31 August 2025")
    assert control["Effective date"] == "1 September 2025"
    assert control["Next review date"] == "28 February 2026"
    history = rows(table_after(document, "Version history"))
    assert history == [["Version", "Date", "Author", "Summary of changes"],
                       ["1.0", "1 March 2025", "Jo Bloggs", "First version"],
                       ["1.1", "1 August 2025", "Jo Bloggs", ""]]
    supersedes = paragraphs_after(document, "This policy supersedes")[:3]
    assert [p.text for p in supersedes] == [
        "Social Media Policy (version 2.1)", "Email Policy (version 3.0)", "Internet Policy"]


def test_clauses_keep_formatting_links_lists_and_tables(exported):
    document = docx.Document(exported)
    purpose = next(p for p in document.paragraphs if p.text.startswith("This policy sets out"))
    assert [r.text for r in purpose.runs if r.bold] == ["must"]
    assert [r.text for r in purpose.runs if r.italic] == ["background"]
    link = purpose.hyperlinks[0]
    assert (link.text, link.address) == ("national guidance", URL)
    by_text = {p.text: p for p in document.paragraphs}
    numbered = [by_text[t] for t in ("Staff must not share passwords.",
                                     "Staff must lock unattended devices.",
                                     "Staff must report a lost phone within 24 hours.")]
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(num_ids) == 1 and all(p.style.name == "List Number" for p in numbered)
    numbering = document.part.numbering_part.element
    lvl0 = numbering.xpath(f'w:abstractNum[@w:abstractNumId=//w:num[@w:numId="{num_ids.pop()}"]'
                           '/w:abstractNumId/@w:val]/w:lvl[@w:ilvl="0"]')[0]
    assert lvl0.find(f"{W}numFmt").get(f"{W}val") == "decimal"
    bullet = by_text["Including temporary placements."]
    assert bullet.style.name == "List Bullet" and bullet._p.pPr.numPr.ilvl.val == 1
    body_table = table_after(document, "Staff must report a lost phone")
    assert rows(body_table) == [["Channel", "Response time"], ["Email", "48 hours"],
                                ["Social media", "24 hours"]]
    assert body_table.style.name == "Policy Table"


def test_appendix_a_lists_each_section_with_its_sources(exported):
    document = docx.Document(exported)
    table = rows(table_after(document, "Appendix A:"))
    assert table[0][:2] == ["Section of this policy", "Taken from (policy: sections)"]
    by_section = {r[0]: r[1:] for r in table[1:]}
    assert list(by_section) == ["1 Introduction", "1.1 Purpose", "1.2 Scope", "2 Acceptable use",
                                "2.1 Monitoring", "2.1.1 Records kept",
                                "3 Breaches of this policy"]
    assert by_section["1.1 Purpose"][0] == "Social Media Policy: 1.1\nEmail Policy: 1"
    assert by_section["2 Acceptable use"] == [
        "Social Media Policy: 5.2\nEmail Policy: 3, 3.1, 6\nInternet Policy: 4, 4.2, 4.3",
        "1", "1"]
    assert by_section["2.1 Monitoring"][0] == "Email Policy: 7\nInternet Policy: 7"


def test_appendix_b_lists_excluded_and_reworded_clauses(exported):
    document = docx.Document(exported)
    table = rows(table_after(document, "Appendix B:"))
    assert table[1:] == [
        ["Social Media Policy", "8.4", "Staff may use MySpace during lunch breaks.",
         "Excluded by the author: out of date"],
        ["Email Policy", "2.3", "Fax messages must be logged.", "Removed by the author"],
        ["Social Media Policy", "5.2", "Staff must report a lost phone within 48 hours.",
         "Reworded (now section 2): \u201cStaff must report a lost phone within 24 hours.\u201d"],
    ]


def test_appendix_b_says_what_the_readers_could_not_carry_over(tmp_path):
    from consolidator.consolidation.merge import consolidate
    from consolidator.readers import read_document
    from consolidator.writers.policy_docx import export_policy
    from tests.helpers.plans import build

    guide = tmp_path / "Open Internet Tools.md"
    guide.write_text("# Open Internet Tools\n\n## Security\n\nLook for the padlock in your "
                     "browser:\n\n![A padlock beside the address](padlock.png)\n\nStaff must "
                     "not use tools that are not approved.\n", encoding="utf-8")
    email = tmp_path / "Email Policy.md"
    email.write_text("# Email Policy\n\n## Auto-forwarding\n\nStaff must not forward Council "
                     "email to a personal account.\n", encoding="utf-8")
    docs = [read_document(guide), read_document(email)]
    out = export_policy(consolidate(docs, build(docs=docs)), tmp_path / "p.docx", METADATA)
    texts = [p.text for p in docx.Document(out).paragraphs]
    at = texts.index("What the source policies held that could not be carried over:")
    assert texts[at + 1] == ("Open Internet Tools: Pictures are not read: one on a line of its "
                             "own is shown by its description (alt text), as \"Picture: ...\".")
    assert "Picture: A padlock beside the address" in texts  # where the picture was
    assert texts.index("Appendix B: What was removed or reworded") < at


def test_core_properties(exported):
    props = docx.Document(exported).core_properties
    assert props.title == "Digital Policy"
    assert props.author == "Jo Bloggs"
    assert props.version == "1.1"
    assert props.content_status == "Approved"
    assert "Social Media Policy" in props.subject
    assert "email" in props.keywords
    now = datetime.now()
    for stamp in (props.modified, props.created):
        assert abs(stamp.replace(tzinfo=None) - now) < timedelta(hours=15)
    assert props.modified.year >= 2025 and props.created != datetime(2025, 1, 1)


def test_header_and_footer_carry_title_version_and_page_x_of_y(exported):
    document = docx.Document(exported)
    section = document.sections[-1]
    header = "".join(section.header._element.itertext())
    assert "Digital Policy" in header and "Version 1.1" in header
    footer = etree.tostring(section.footer._element).decode()
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "Page " in "".join(section.footer._element.itertext())
    assert section.different_first_page_header_footer  # no header on the title page
    assert abs(section.page_width.cm - 21.0) < 0.1 and abs(section.left_margin.cm - 2.5) < 0.05


def test_progress_and_cancel(tmp_path):
    from consolidator.writers.policy_docx import export_policy

    seen = []
    export(tmp_path, progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    target = tmp_path / "cancelled.docx"
    with pytest.raises(Cancelled):
        export_policy(sample_policy(), target, METADATA, cancel=lambda: True)
    assert not target.exists()


# --- templates ----------------------------------------------------------------------------------


def user_template(tmp_path: Path) -> Path:
    """Returns a corporate .docx: Georgia body text, Verdana headings, headings not numbered."""
    document = docx.Document()
    document.styles["Normal"].font.name = "Georgia"
    document.styles["Heading 1"].font.name = "Verdana"
    document.sections[0].left_margin = docx.shared.Cm(3)
    document.add_paragraph("Corporate template boilerplate that must not survive.")
    path = tmp_path / "Corporate.docx"
    document.save(path)
    return path


def test_user_template_styles_and_page_setup_are_used(tmp_path):
    out = export(tmp_path, template=user_template(tmp_path))
    validate(out)
    document = docx.Document(out)
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Heading 1"].font.name == "Verdana"
    assert abs(document.sections[-1].left_margin.cm - 3.0) < 0.05
    assert "boilerplate" not in "\n".join(p.text for p in document.paragraphs)
    numpr = document.styles["Heading 2"].element.find(f"{W}pPr/{W}numPr")
    assert numpr is not None and numpr.find(f"{W}ilvl").get(f"{W}val") == "1"
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][:2] == [
        "Document control", "Introduction"]
    # The template's own "TOC Heading" (based on Heading 1) must not read "1 Contents".
    toc_num = document.styles["TOC Heading"].element.find(f"{W}pPr/{W}numPr/{W}numId")
    assert toc_num is not None and toc_num.get(f"{W}val") == "0"


def test_dotx_template_becomes_a_document(tmp_path):
    source = user_template(tmp_path)
    dotx = tmp_path / "Corporate.dotx"
    with zipfile.ZipFile(source) as z_in, zipfile.ZipFile(dotx, "w") as z_out:
        for info in z_in.infolist():
            data = z_in.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            z_out.writestr(info, data)
    out = export(tmp_path, template=dotx)
    validate(out)
    with zipfile.ZipFile(out) as z:
        types = z.read("[Content_Types].xml")
    assert b"document.main+xml" in types and b"template.main+xml" not in types
    assert docx.Document(out).styles["Normal"].font.name == "Georgia"


def test_unusable_template_is_a_plain_load_error(tmp_path):
    bad = tmp_path / "notes.docx"
    bad.write_text("just text", encoding="utf-8")
    with pytest.raises(LoadError, match="notes.docx is not a Word document"):
        export(tmp_path, template=bad)
    with pytest.raises(LoadError, match="was not found"):
        export(tmp_path, template=tmp_path / "missing.dotx")


# --- safe writing -------------------------------------------------------------------------------


def test_locked_target_raises_write_error_and_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "Digital Policy.docx"
    target.write_bytes(b"previous version")

    def locked(*args, **kwargs):
        raise PermissionError(13, "The process cannot access the file", str(target))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(WriteError, match="open in another program"):
        export(tmp_path)
    assert target.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["Digital Policy.docx"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root may write read-only files")
def test_read_only_target_raises_write_error(tmp_path):
    target = tmp_path / "Digital Policy.docx"
    target.write_bytes(b"previous version")
    target.chmod(0o444)
    with pytest.raises(WriteError):
        export(tmp_path)
    assert target.read_bytes() == b"previous version"


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_export_renders_every_page(exported, tmp_path):
    from consolidator.writers.pdf_export import export_pdf, pdf_available

    if not pdf_available():
        pytest.skip("LibreOffice is not installed")
    pdf = export_pdf(exported, tmp_path / "Digital Policy.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                              capture_output=True, encoding="utf-8", check=True).stdout
        assert "1.1 Purpose" in " ".join(text.split())
        assert re.search(r"Page 2 of \d", text)
        assert "Appendix B" in text


def test_pdf_without_libreoffice_is_a_plain_message(tmp_path, monkeypatch):
    from consolidator.writers import pdf_export

    monkeypatch.setattr(pdf_export, "find_soffice", lambda: None)
    assert not pdf_export.pdf_available()
    with pytest.raises(WriteError, match="needs LibreOffice"):
        pdf_export.export_pdf(tmp_path / "x.docx", tmp_path / "x.pdf")


def test_template_with_numbered_headings_keeps_its_own_numbering(tmp_path):
    from consolidator.writers.docx_template import BUNDLED_TEMPLATE, HEADING_NUM

    document = docx.Document(export(tmp_path, template=BUNDLED_TEMPLATE))
    num_id = document.styles["Heading 1"].element.find(f"{W}pPr/{W}numPr/{W}numId")
    assert num_id.get(f"{W}val") == str(HEADING_NUM)
    numbering = document.part.numbering_part.element
    linked = numbering.xpath('w:abstractNum[w:lvl/w:pStyle/@w:val="Heading1"]')
    assert len(linked) == 1  # no second heading list was added


def test_long_source_lists_and_titles_fit_the_core_properties(tmp_path):
    # fifteen real policies made a subject of 400 characters: python-docx refused it (limit 255)
    sources = tuple(SourceInfo(f"d{n}", f"Guidance for using Open Internet Tools part {n}",
                               f"/p/{n}.docx") for n in range(15))
    doc = ConsolidatedDocument("Digital Policy", sample_policy().sections,
                               sample_policy().ledger, sources)
    from consolidator.writers.policy_docx import export_policy

    out = export_policy(doc, tmp_path / "long.docx", PolicyMetadata(title="T" * 300))
    props = docx.Document(out).core_properties
    assert len(props.subject) == 255 and props.subject.endswith("\u2026")
    assert props.subject.startswith("Consolidated policy replacing: Guidance for using")
    assert len(props.title) == 255


def test_a_sub_sections_own_sub_sections_keep_their_depth_as_labels(tmp_path):
    """The MoJ email guide's "Type of hoaxes" and its eleven kinds ("Scam chains", "Jokes", one
    level down) were all printed as Sub-heading 4: a councillor could not tell the list of kinds
    from its title."""
    from consolidator.consolidation.merge import consolidate
    from consolidator.readers import read_document
    from consolidator.writers.policy_docx import export_policy
    from tests.helpers.plans import build

    real = Path(__file__).parents[1] / "data" / "real-policies"
    docs = [read_document(real / "moj-email.md"), read_document(real / "moj-personal-devices.md")]
    out = export_policy(consolidate(docs, build(docs=docs)), tmp_path / "Digital Policy.docx",
                        PolicyMetadata())
    styles = {p.text: p.style.name for p in docx.Document(out).paragraphs}
    assert styles["Hoaxes"] == "Sub-heading 3"
    assert styles["Type of hoaxes"] == "Sub-heading 4"
    assert styles["Scam chains"] == styles["Jokes"] == "Sub-heading 5"


def test_struck_through_source_text_is_struck_in_the_policy(tmp_path):
    """A tool struck out in a source's table ('~~Skype for Business~~' in NHS England's approved
    tools) is printed struck through, not with tildes nor as if it were still approved."""
    from consolidator.consolidation.merge import consolidate
    from consolidator.readers import read_document
    from consolidator.writers.policy_docx import export_policy
    from tests.helpers.plans import build

    source = tmp_path / "tools.md"
    source.write_text("# Approved tools\n\n## Video calls\n\n| Tool | Status |\n|--|--|\n"
                      "| ~~Skype for Business~~ | No longer needed. Use Microsoft Teams. |\n"
                      "| Microsoft Teams | Approved |\n", encoding="utf-8")
    docs = [read_document(source)]
    path = export_policy(consolidate(docs, build(docs=docs)), tmp_path / "p.docx", METADATA)
    validate(path)
    (tools,) = [t for t in docx.Document(path).tables if t.cell(0, 0).text == "Tool"]
    struck = [r.text for r in tools.cell(1, 0).paragraphs[0].runs if r.font.strike]
    body = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "~~" not in body
    assert struck == ["Skype for Business"]


def test_appendix_a_credits_a_source_section_where_its_text_is():
    """A source's 'Summary' merged into the Introduction whose text opens another chapter was
    listed as a source of the Introduction too (a councillor's read of a held-out MoJ draft)."""
    from consolidator.outline import number_sections
    from consolidator.writers.appendices import provenance_rows

    intro = MergedSection("s-intro", "Introduction", 1,
                          clauses=(para("c-i", "This policy applies to all staff.",
                                        ref("docemail", "Purpose")),),
                          sources=(ref("docemail", "Purpose"), ref("docemail", "Summary")))
    email = MergedSection("s-email", "Email", 1,
                          clauses=(para("c-s", "Email is for work.", ref("docemail", "Summary")),),
                          sources=(ref("docemail", "Email"),))
    empty = MergedSection("s-empty", "Feedback", 1, sources=(ref("docemail", "Feedback"),))
    policy = replace(sample_policy(), sections=(intro, email, empty))
    rows = {r.title: r.sources for r in provenance_rows(policy, number_sections(policy.sections))}
    assert rows["Introduction"] == ("Email Policy: Purpose",)
    assert rows["Email"] == ("Email Policy: Email, Summary",)
    assert rows["Feedback"] == ("Email Policy: Feedback",)  # a heading with no text at all


def test_a_clause_struck_through_in_one_source_is_not_merged_with_one_in_force(tmp_path):
    """A review: the same sentence, struck through (withdrawn) in one policy and in force in
    another, merged into one clause, struck or not as the files' order fell."""
    from consolidator.consolidation.merge import consolidate
    from consolidator.readers import read_document
    from tests.helpers.plans import build

    rule = "Staff may use Skype for Business for calls."
    (tmp_path / "a.md").write_text(f"# Email Policy\n\n## Tools\n\n{rule}\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(f"# Internet Use Policy\n\n## Tools\n\n~~{rule}~~\n",
                                   encoding="utf-8")
    # struck but for its full stop: still withdrawn (a review)
    (tmp_path / "c.md").write_text(f"# Internet Use Policy\n\n## Tools\n\n~~{rule[:-1]}~~.\n",
                                   encoding="utf-8")
    for names in (("a.md", "b.md"), ("b.md", "a.md"), ("a.md", "c.md"), ("c.md", "a.md")):
        docs = [read_document(tmp_path / name) for name in names]
        doc = consolidate(docs, build(docs=docs))
        printed = sorted(bool(c.runs[0].strike) for s in doc.iter_sections()
                         for c in s.clauses if c.text == rule)
        assert printed == [False, True]
    # nor listed as duplicates by the analysis (merge --report, the Consolidate view)
    from consolidator.consolidation.align import align_sections
    from consolidator.consolidation.clauses import analyse_clauses

    assert analyse_clauses(docs, align_sections(docs)).clusters == ()
