"""Markdown, plain text, OpenDocument, PDF and legacy readers, on tiny inputs built here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from consolidator import readers
from consolidator.errors import LoadError
from consolidator.model import BlockKind, Revision
from consolidator.readers import legacy
from tests.conftest import CORPUS
from tests.core.odt_build import make_odt

HAS_SOFFICE = shutil.which("soffice") is not None


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- Markdown -----------------------------------------------------------------------------------

MARKDOWN = """---
title: Email Policy
author: ICT
---

# Email Policy

<!-- editors: keep this short -->
Staff must use council email
for council business only.

## 2.1 Personal use

1. Keep it brief.
1. Never use it for **private trading** or *gambling*.
   Continued on a wrapped line.
    - see the [guidance](https://example.org/g) \\(internal\\)

Setext heading
--------------

| Channel | Allowed |
|---------|:-------:|
| Email   | Yes<br />with care |
"""


def test_markdown_headings_lists_and_tables(tmp_path):
    doc = readers.read_document(_write(tmp_path, "email.md", MARKDOWN))

    assert doc.format == "markdown"
    assert doc.title == "Email Policy"
    assert ("author", "ICT") in doc.properties
    assert doc.plain_text().splitlines() == [
        "Email Policy",
        "Staff must use council email for council business only.",
        "2.1 Personal use",
        "1. Keep it brief.",
        "2. Never use it for private trading or gambling. Continued on a wrapped line.",
        "• see the guidance (internal)",
        "Setext heading",
        "Channel",
        "Allowed",
        "Email",
        "Yes",
        "with care",
    ]
    kinds = [(b.kind, b.level, b.label) for b in doc.blocks]
    assert kinds[:6] == [
        (BlockKind.HEADING, 1, ""),
        (BlockKind.PARAGRAPH, 0, ""),
        (BlockKind.HEADING, 2, "2.1"),
        (BlockKind.LIST_ITEM, 0, "1."),
        (BlockKind.LIST_ITEM, 0, "2."),
        (BlockKind.LIST_ITEM, 1, "•"),
    ]
    assert doc.blocks[6].kind is BlockKind.HEADING and doc.blocks[6].level == 2
    table = doc.blocks[7].table
    assert table is not None and len(table.rows) == 2 and len(table.rows[0]) == 2


def test_markdown_emphasis_and_links_become_run_formatting(tmp_path):
    doc = readers.read_document(
        _write(tmp_path, "a.md", "Read **the rules** and *this* [page](https://x.org/p).\n"))

    runs = doc.blocks[0].runs
    assert "".join(r.text for r in runs) == "Read the rules and this page."
    assert [r.text for r in runs if r.bold] == ["the rules"]
    assert [r.text for r in runs if r.italic] == ["this"]
    assert [(r.text, r.hyperlink) for r in runs if r.hyperlink] == [("page", "https://x.org/p")]


def test_odt_strikethrough_is_struck_text(tmp_path):
    """An OpenDocument source's struck-through words (a tool withdrawn) read as plain text, as
    if still in force; Word's and Markdown's were read struck."""
    path = tmp_path / "a.odt"
    path.write_bytes(make_odt(
        '<text:p>Use <text:span text:style-name="T1">Skype for Business</text:span> '
        '<text:span text:style-name="T2">Teams</text:span>.</text:p>',
        automatic_styles='<style:style style:name="T1" style:family="text"><style:text-properties '
                         'style:text-line-through-style="solid"/></style:style>'
                         '<style:style style:name="T2" style:family="text"><style:text-properties '
                         'style:text-line-through-style="none" fo:font-weight="bold"/>'
                         '</style:style>'))
    runs = readers.read_document(path).blocks[0].runs
    assert [(r.text, r.strike) for r in runs if r.strike is not None] == [
        ("Skype for Business", True), ("Teams", False)]


def test_markdown_strikethrough_is_struck_text_not_tildes(tmp_path):
    """NHS England's approved tools table strikes out '~~Skype for Business~~' ('No longer
    needed for any purpose'): the draft printed the tildes."""
    doc = readers.read_document(_write(tmp_path, "a.md", (
        "Use ~~Skype **for Business**~~ Microsoft Teams; x~~y and ~~ spaced ~~ stay text.\n\n"
        "| Tool | Status |\n|--|--|\n| ~~Skype for Business~~ | No longer needed |\n")))
    runs = doc.blocks[0].runs
    assert "".join(r.text for r in runs) == (
        "Use Skype for Business Microsoft Teams; x~~y and ~~ spaced ~~ stay text.")
    assert [(r.text, r.bold) for r in runs if r.strike] == [("Skype ", None),
                                                           ("for Business", True)]
    cell = doc.blocks[1].table.rows[1][0].blocks[0]
    assert [(r.text, r.strike) for r in cell.runs] == [("Skype for Business", True)]


def test_markdown_emphasis_nested_as_real_policies_write_it(tmp_path):
    # NHS England's cloud tools table: bold inside italic, and bold italic
    text = ("*Approved for business use **only** in the Directorate*. A ***Enterprise*** "
            "licence. But *it **must not be used to host meetings***, use Teams.\n")
    runs = readers.read_document(_write(tmp_path, "a.md", text)).blocks[0].runs

    assert "".join(r.text for r in runs) == (
        "Approved for business use only in the Directorate. A Enterprise licence. But it must "
        "not be used to host meetings, use Teams.")
    assert [r.text for r in runs if r.bold] == [
        "only", "Enterprise", "must not be used to host meetings"]
    assert [r.text for r in runs if r.italic] == [
        "Approved for business use ", "only", " in the Directorate", "Enterprise", "it ",
        "must not be used to host meetings"]


def test_a_markdown_picture_on_its_own_line_is_shown_by_its_description(tmp_path):
    text = ("Look for the padlock in your browser:\n\n![A padlock beside the address]"
            "(padlock.png)\n\nA logo ![logo](logo.png) in a sentence.\n\n![](blank.png)\n")
    doc = readers.read_document(_write(tmp_path, "a.md", text))

    assert [b.text for b in doc.blocks] == [
        "Look for the padlock in your browser:", "Picture: A padlock beside the address",
        "A logo in a sentence."]
    assert doc.blocks[1].runs[0].italic
    assert [(w.code, w.count) for w in doc.warnings] == [("image", 3)]


def test_a_one_word_code_block_inside_a_sentence_stays_in_it(tmp_path):
    """Pages converted to Markdown set inline code on lines of their own: the MoJ email guide's
    "for example" / Jdbgmgr.exe / "." read as three paragraphs, "Slack:" lost its channel."""
    fence = "`" * 3
    text = (f"Warnings with no basis in fact, for example\n\n{fence}\nJdbgmgr.exe\n{fence}\n\n.\n\n"
            f"Note: The previous\n\n{fence}\nold@example.gov.uk\n{fence}\n\n"
            "email address is no longer monitored.\n\n"
            f"-   Slack:\n\n    {fence}\n    #servicedesk\n    {fence}\n\n"
            f"Run this to check:\n\n{fence}\npip install policy-tools\n{fence}\n\n"
            f"A sentence ends here.\n\n{fence}\nsetup.exe\n{fence}\n\n"
            f"Type:\n\n{fence}\nipconfig\n{fence}\n")
    doc = readers.read_document(_write(tmp_path, "a.md", text))

    assert [(b.kind.value, b.text, b.style) for b in doc.blocks] == [
        ("paragraph", "Warnings with no basis in fact, for example Jdbgmgr.exe.", ""),
        ("paragraph", "Note: The previous old@example.gov.uk email address is no longer "
                      "monitored.", ""),
        ("list_item", "Slack: #servicedesk", ""),
        ("paragraph", "Run this to check:", ""),
        ("paragraph", "pip install policy-tools", "Code"),  # more than a word: a code block
        ("paragraph", "A sentence ends here.", ""),
        ("paragraph", "setup.exe", "Code"),  # after a whole sentence: a code block
        ("paragraph", "Type:", ""),
        ("paragraph", "ipconfig", "Code"),  # after a paragraph's lead-in: a command
    ]


def test_markdown_keeps_snake_case_and_lone_asterisks(tmp_path):
    doc = readers.read_document(_write(tmp_path, "a.md", "Set max_file_size to 5 * 3 items.\n"))

    assert doc.plain_text() == "Set max_file_size to 5 * 3 items."


def test_corpus_markdown_policy_reads_well():
    path = CORPUS / "policies" / "email" / "uk-nhs-england" / "email.md"
    if not path.exists():
        pytest.skip("the shared corpus is not present")
    doc = readers.read_document(path)

    lines = doc.plain_text().splitlines()
    assert doc.title == "End User Email Services"
    assert "Acceptible use" in lines  # a heading, as written
    assert not any(line.startswith(("!>", "?>", "#", "---", "title:")) for line in lines)
    assert "• DCB1596 Secure Email Standard" in lines
    assert any(b.kind is BlockKind.HEADING and b.level == 2 for b in doc.blocks)


# --- plain text and encodings --------------------------------------------------------------------


def test_plain_text_paragraphs_and_numbered_headings(tmp_path):
    text = (
        "1. Purpose\n\nThis policy sets out how staff may use the council's email system\n"
        "for work and for limited personal use.\n\n2.1 Scope\n\n"
        "- All staff\n- Contractors\n\n3. Staff must not forward chain letters to colleagues.\n"
    )
    doc = readers.read_document(_write(tmp_path, "policy.txt", text))

    assert doc.format == "text"
    assert doc.plain_text().splitlines() == [
        "1. Purpose",
        "This policy sets out how staff may use the council's email system "
        "for work and for limited personal use.",
        "2.1 Scope",
        "• All staff",
        "• Contractors",
        "3. Staff must not forward chain letters to colleagues.",
    ]
    assert [(b.kind, b.level) for b in doc.blocks][:3] == [
        (BlockKind.HEADING, 1), (BlockKind.PARAGRAPH, 0), (BlockKind.HEADING, 2)]
    assert doc.blocks[-1].kind is BlockKind.LIST_ITEM  # a sentence, not a heading


@pytest.mark.parametrize(
    "encoded",
    [
        "Café policy – £5\n".encode("utf-8-sig"),
        "Café policy – £5\n".encode("utf-16"),
        "Café policy – £5\n".encode("cp1252"),
        "Café policy – £5\n".encode(),
    ],
    ids=["utf8-bom", "utf16-bom", "cp1252", "utf8"],
)
def test_text_encodings_are_detected(tmp_path, encoded):
    doc = readers.read_document(_write(tmp_path, "p.txt", encoded))

    assert doc.plain_text() == "Café policy – £5"


# --- OpenDocument --------------------------------------------------------------------------------

ODT_STYLES = (
    '<style:style style:name="T1" style:family="text">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    '<text:list-style style:name="L1">'
    '<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>'
    '<text:list-level-style-number text:level="2" style:num-suffix=")" style:num-format="a"/>'
    "</text:list-style>"
    '<text:list-style style:name="L2">'
    '<text:list-level-style-bullet text:level="1" text:bullet-char="-"/></text:list-style>'
)
ODT_OUTLINE = (
    '<text:outline-style style:name="Outline">'
    '<text:outline-level-style text:level="1" style:num-format="1" style:num-suffix="."/>'
    '<text:outline-level-style text:level="2" style:num-format="1" text:display-levels="2"/>'
    "</text:outline-style>"
)


def test_odt_headings_lists_spans_links_and_notes(tmp_path):
    body = (
        '<text:h text:outline-level="1">Purpose</text:h>'
        '<text:p>Use <text:span text:style-name="T1">email</text:span> with'
        "<text:s text:c=\"2\"/>care<text:note text:note-class=\"footnote\">"
        "<text:note-citation>1</text:note-citation><text:note-body><text:p>See the code."
        "</text:p></text:note-body></text:note>, see "
        '<text:a xlink:href="https://x.org">the code</text:a>.</text:p>'
        '<text:h text:outline-level="2">Scope</text:h>'
        '<text:list text:style-name="L1"><text:list-item><text:p>Staff</text:p>'
        '<text:list><text:list-item><text:p>full time</text:p></text:list-item>'
        "<text:list-item><text:p>part time</text:p></text:list-item></text:list>"
        "</text:list-item><text:list-item><text:p>Contractors</text:p></text:list-item>"
        "</text:list>"
        '<text:list text:style-name="L2"><text:list-item><text:p>A bullet</text:p>'
        "</text:list-item></text:list>"
        "<text:p><draw:frame><draw:image/></draw:frame></text:p>"
    )
    path = _write(tmp_path, "policy.odt", make_odt(body, ODT_STYLES, ODT_OUTLINE))
    doc = readers.read_document(path)

    assert doc.format == "odt"
    assert doc.plain_text().splitlines() == [
        "1. Purpose",
        "Use email with  care, see the code.",
        "1.1 Scope",
        "1. Staff",
        "a) full time",
        "b) part time",
        "2. Contractors",
        "• A bullet",
    ]
    runs = doc.blocks[1].runs
    assert [r.text for r in runs if r.bold] == ["email"]
    assert [r.hyperlink for r in runs if r.hyperlink] == ["https://x.org"]
    assert [n.text for n in doc.notes] == ["See the code."]
    assert any(r.note_ref == doc.notes[0].id for r in runs)
    assert [b.level for b in doc.blocks[3:7]] == [0, 1, 1, 0]
    assert [w.code for w in doc.warnings] == ["image"]


def test_odt_tracked_changes_accepted(tmp_path):
    body = (
        "<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion>"
        "<text:p>forty-eight</text:p></text:deletion></text:changed-region>"
        "<text:changed-region text:id=\"c2\"><text:insertion/></text:changed-region>"
        "</text:tracked-changes>"
        '<text:p>Reply within <text:change text:change-id="c1"/>'
        '<text:change-start text:change-id="c2"/>24<text:change-end text:change-id="c2"/>'
        " hours.</text:p>"
    )
    doc = readers.read_document(_write(tmp_path, "t.odt", make_odt(body)))

    block = doc.blocks[0]
    assert doc.plain_text() == "Reply within 24 hours."
    assert block.deleted_text == "forty-eight"
    assert [r.text for r in block.runs if r.revision is Revision.INSERTED] == ["24"]


def test_odt_nested_table(tmp_path):
    body = (
        "<table:table><table:table-row><table:table-cell><text:p>Outer</text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>Inner</text:p>"
        "</table:table-cell></table:table-row></table:table></table:table-cell>"
        '<table:table-cell table:number-columns-spanned="2"><text:p>Wide</text:p>'
        "</table:table-cell><table:covered-table-cell/></table:table-row></table:table>"
    )
    doc = readers.read_document(_write(tmp_path, "t.odt", make_odt(body)))

    table = doc.blocks[0].table
    assert doc.plain_text().splitlines() == ["Outer", "Inner", "Wide"]
    assert len(table.rows) == 1 and [c.col_span for c in table.rows[0]] == [1, 2]
    assert table.rows[0][0].blocks[1].table is not None


def test_encrypted_odt_is_refused(tmp_path):
    data = make_odt("<text:p>x</text:p>", manifest_extra="<manifest:encryption-data/>")
    path = _write(tmp_path, "Secret Policy.odt", data)

    with pytest.raises(LoadError) as info:
        readers.read_document(path)
    assert info.value.reason == "encrypted"
    assert "Secret Policy.odt is password-protected" in str(info.value)


def test_corpus_odt_ordered_list_numbers():
    path = CORPUS / "docx-robustness" / "pandoc" / "odt" / "odt" / "orderedListMixed.odt"
    if not path.exists():
        pytest.skip("the shared corpus is not present")
    lines = readers.read_document(path).plain_text().splitlines()

    assert lines[:5] == ["1. A list item", "2. A second", "3. A third", "3.1. New level!",
                         "a) And another!"]


# --- PDF (built with LibreOffice from a python-docx document) -------------------------------------


def _soffice_convert(source: Path, target_format: str) -> Path:
    profile = (source.parent / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", target_format, "--outdir", str(source.parent), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    return source.with_suffix("." + target_format.split(":")[0])


@pytest.fixture(scope="module")
def policy_pdf(tmp_path_factory) -> Path:
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    import docx

    folder = tmp_path_factory.mktemp("pdf")
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Riverside Council Email Policy"
    document.sections[0].footer.paragraphs[0].text = "OFFICIAL version 2"
    for n in range(1, 5):
        document.add_heading(f"{n}. Section {n}", 1)
        document.add_paragraph(
            "Staff must not use council email to send offensive or unlawful material and must "
            "report any such material they receive to the governance team without delay. " * 4)
        document.add_paragraph("Report phishing emails", style="List Bullet")
    source = folder / "policy.docx"
    document.save(source)
    return _soffice_convert(source, "pdf")


def test_pdf_headings_paragraphs_and_no_running_headers(policy_pdf):
    doc = readers.read_document(policy_pdf)

    lines = doc.plain_text().splitlines()
    assert doc.format == "pdf"
    assert [b.display_text for b in doc.blocks if b.kind is BlockKind.HEADING] == [
        "1. Section 1", "2. Section 2", "3. Section 3", "4. Section 4"]
    paragraph = ("Staff must not use council email to send offensive or unlawful material and "
                 "must report any such material they receive to the governance team without "
                 "delay. ") * 4
    assert lines.count(paragraph.strip()) == 4  # re-joined across lines (and pages)
    assert lines.count("• Report phishing emails") == 4
    assert not any("Riverside Council" in line or "OFFICIAL" in line for line in lines)


def test_pdf_without_text_is_called_a_scan(tmp_path):
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    import docx

    source = tmp_path / "scan.docx"
    docx.Document().save(source)  # one blank page: no text at all
    pdf = _soffice_convert(source, "pdf")

    with pytest.raises(LoadError) as info:
        readers.read_document(pdf)
    assert info.value.reason == "no-text"
    assert "scan.pdf" in str(info.value) and "OCR" in str(info.value)


def test_encrypted_pdf_is_refused(tmp_path):
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    import docx

    document = docx.Document()
    document.add_paragraph("Confidential policy text.")
    source = tmp_path / "Locked Policy.docx"
    document.save(source)
    options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    pdf = _soffice_convert(source, options)
    assert pdf.exists()

    with pytest.raises(LoadError) as info:
        readers.read_document(pdf)
    assert info.value.reason == "encrypted"
    assert str(info.value).startswith("Locked Policy.pdf is password-protected")


# --- legacy .doc / .rtf ---------------------------------------------------------------------------


def test_doc_without_libreoffice_says_how_to_convert(tmp_path, monkeypatch):
    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    path = _write(tmp_path, "Old Policy.rtf", r"{\rtf1\ansi Staff must comply.\par}")

    with pytest.raises(LoadError) as info:
        readers.read_document(path)
    assert info.value.reason == "needs-conversion"
    assert str(info.value).startswith("Old Policy.rtf is a Rich Text Format")
    assert "Save As" in str(info.value)


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_rtf_converted_through_libreoffice(tmp_path):
    pytest.importorskip("consolidator.readers.docx", reason="the .docx reader is not in yet")
    source = _write(tmp_path, "Old Policy.rtf",
                    r"{\rtf1\ansi{\fonttbl\f0 Arial;}\f0 Staff must comply.\par Second.\par}")
    before = source.read_bytes()

    doc = readers.read_document(source)

    assert doc.format == "rtf"
    assert doc.path == str(source)
    assert doc.plain_text().splitlines() == ["Staff must comply.", "Second."]
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Old Policy.rtf"]


def test_a_policy_without_a_title_property_finds_its_title_line(tmp_path):
    """Review: the first heading is the title only where it opens the document; a document
    control table or a protective marking before it, or a bold title line over an
    'Introduction' heading, gave the file's name instead. A numbered section heading
    ('1. Introduction') is no title."""
    import docx

    from consolidator.readers import read_document

    def titled(name: str, build) -> str:
        document = docx.Document()
        document.core_properties.title = ""
        build(document)
        document.save(tmp_path / name)
        return read_document(tmp_path / name).title

    def control_table(document):
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Version", "1.2"
        document.add_heading("Email Policy", 1)
        document.add_paragraph("This policy sets out how staff use email.")

    def marking(document):
        document.add_paragraph("OFFICIAL")
        document.add_heading("Email Policy", 1)
        document.add_paragraph("This policy sets out how staff use email.")

    def bold_line(document):
        document.add_paragraph().add_run("Acceptable Use Policy").bold = True
        document.add_heading("Introduction", 1)
        document.add_paragraph("This policy applies to all staff.")

    def numbered(document):
        document.add_heading("1. Introduction", 1)
        document.add_paragraph("This policy applies to all staff.")

    def council_over_heading(document):
        document.add_paragraph().add_run("Anytown Borough Council").bold = True
        document.add_paragraph("DRAFT")
        document.add_paragraph("OFFICIAL \u2013 SENSITIVE")
        document.add_heading("Email Policy", 1)
        document.add_paragraph("This policy sets out how staff use email.")

    def numbered_first(document):
        document.add_heading("1. Roles and responsibilities", 1)
        document.add_paragraph("Managers approve accounts.")

    assert titled("Anytown.docx", council_over_heading) == "Email Policy"
    assert titled("roles.docx", numbered_first) == "Roles"
    assert titled("DocCtl.docx", control_table) == "Email Policy"
    assert titled("email-2023-draft.docx", marking) == "Email Policy"
    assert titled("IT_AUP_v3_FINAL.docx", bold_line) == "Acceptable Use Policy"
    assert titled("internet_use.docx", numbered) == "Internet use"
