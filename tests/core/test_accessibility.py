"""Accessible outputs: the checker on good and bad documents, the export's properties, the PDF."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx
import docx.document
import docx.enum.style
import pytest
from docx.shared import Pt, RGBColor
from lxml import etree

from consolidator.accessibility import check_accessibility, contrast_ratio
from consolidator.cli import EXIT_INACCESSIBLE
from consolidator.cli import main as cli_main
from consolidator.commands import check
from consolidator.model import BlockKind, ConsolidatedDocument, MergedClause, MergedSection, Run
from consolidator.writers import pdf_export

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def png_bytes() -> bytes:
    """Returns a 1x1 white PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def dark_headings(document) -> None:
    """python-docx's template has pale blue headings (#4F81BD, 4.0:1): a contrast problem."""
    for level in (1, 2, 3):
        document.styles[f"Heading {level}"].font.color.rgb = RGBColor(0x1F, 0x38, 0x64)


def good_document(path: Path) -> Path:
    document = docx.Document()
    dark_headings(document)
    document.core_properties.title = "Email Policy"
    document.core_properties.language = "en-GB"
    document.add_heading("Email Policy", 1)
    document.add_heading("Purpose", 2)
    document.add_paragraph("Staff must use council email for council business.")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Channel", "Response time"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "Email", "48 hours"
    table.rows[0]._tr.get_or_add_trPr().append(etree.Element(f"{W}tblHeader"))
    table._tbl.tblPr.append(etree.fromstring(
        f'<w:tblCaption xmlns:w="{W[1:-1]}" w:val="Response times"/>'))
    picture = document.add_picture(io.BytesIO(png_bytes()))
    picture._inline.docPr.set("descr", "The council's logo")
    document.save(path)
    return path


def bad_document(path: Path) -> Path:
    document = docx.Document()
    dark_headings(document)
    document.core_properties.title = ""
    document.add_heading("Email Policy", 1)
    document.add_heading("Records kept", 3)  # skips level 2
    document.add_heading("", 2)  # empty
    table = document.add_table(rows=2, cols=2)  # no header row, no caption
    table.rows[0].cells[0].text = "Channel"
    document.add_picture(io.BytesIO(png_bytes()))  # no alternative text
    faint = document.add_paragraph().add_run("Light grey small print")
    faint.font.color.rgb = RGBColor(0xBB, 0xBB, 0xBB)
    document.save(path)
    # No language anywhere: python-docx's template sets one in docDefaults; take it out.
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    styles = etree.fromstring(parts["word/styles.xml"])
    for lang in styles.iter(f"{W}lang"):
        lang.getparent().remove(lang)
    parts["word/styles.xml"] = etree.tostring(styles)
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_a_document_with_headings_in_order_described_tables_and_alt_text_passes(tmp_path):
    assert check_accessibility(good_document(tmp_path / "good.docx")) == ()


def test_each_problem_of_a_bad_document_is_found_and_says_where(tmp_path):
    findings = check_accessibility(bad_document(tmp_path / "bad.docx"))
    by_code = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding.message)
    assert sorted(by_code) == ["contrast", "empty-heading", "heading-order", "image-alt",
                               "language", "table-description", "table-header", "title"]
    assert "\u201cRecords kept\u201d is level 3 straight after heading \u201cEmail Policy\u201d" \
        in by_code["heading-order"][0]
    assert "Table 1 (after heading \u201cRecords kept\u201d)" in by_code["table-header"][0]
    assert "#BBBBBB on #FFFFFF" in by_code["contrast"][0]
    assert all(len(messages) == 1 for messages in by_code.values())


def test_the_pale_headings_of_words_old_default_template_are_found(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Policy"
    document.styles["Heading 1"].font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    document.add_heading("Email Policy", 1)
    document.add_heading("Purpose", 2)
    document.save(tmp_path / "pale.docx")
    findings = check_accessibility(tmp_path / "pale.docx")
    assert [f.code for f in findings] == ["contrast"]
    assert "\u201cPurpose\u201d (colour #4F81BD on #FFFFFF) has a contrast of 4.0:1" \
        in findings[0].message


def test_large_text_needs_less_contrast_than_body_text(tmp_path):
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)
    assert 3.0 < contrast_ratio("949494", "FFFFFF") < 4.5
    document = docx.Document()
    document.core_properties.title = "Policy"
    large = document.add_paragraph().add_run("A large heading-like line")
    large.font.size, large.font.color.rgb = Pt(18), RGBColor(0x94, 0x94, 0x94)
    document.save(tmp_path / "large.docx")
    assert check_accessibility(tmp_path / "large.docx") == ()
    small = document.add_paragraph().add_run("Small print in the same grey")
    small.font.color.rgb = RGBColor(0x94, 0x94, 0x94)
    document.save(tmp_path / "small.docx")
    assert [f.code for f in check_accessibility(tmp_path / "small.docx")] == ["contrast"]


def test_white_text_on_a_dark_cell_is_fine_and_on_a_pale_one_is_not(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Policy"
    table = document.add_table(rows=1, cols=2)
    table.rows[0]._tr.get_or_add_trPr().append(etree.Element(f"{W}tblHeader"))
    table._tbl.tblPr.append(etree.fromstring(
        f'<w:tblDescription xmlns:w="{W[1:-1]}" w:val="Two cells"/>'))
    for cell, fill in zip(table.rows[0].cells, ("1F3864", "DCE3EE"), strict=True):
        cell._tc.get_or_add_tcPr().append(etree.fromstring(
            f'<w:shd xmlns:w="{W[1:-1]}" w:val="clear" w:color="auto" w:fill="{fill}"/>'))
        cell.paragraphs[0].add_run(f"White on {fill}").font.color.rgb = RGBColor(255, 255, 255)
    document.save(tmp_path / "cells.docx")
    findings = check_accessibility(tmp_path / "cells.docx")
    assert [f.code for f in findings] == ["contrast"]
    assert "#FFFFFF on #DCE3EE" in findings[0].message


# --- the exported Digital Policy ----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("demo") / "Digital Policy.docx"
    stdout = io.StringIO()
    from contextlib import redirect_stderr, redirect_stdout

    with redirect_stdout(stdout), redirect_stderr(io.StringIO()):
        assert cli_main(["merge", "--demo", "-o", str(out)]) == 0
    return out, stdout.getvalue()


def test_the_demo_export_passes_the_check_and_merge_says_so(demo_export):
    out, stdout = demo_export
    assert check_accessibility(out) == ()
    assert "Accessibility check: no problems found in Digital Policy.docx." in stdout


def test_every_exported_table_repeats_its_header_row_and_is_described(demo_export):
    document = docx.Document(demo_export[0])
    tables = document.element.body.iter(f"{W}tbl")
    count = 0
    for table in tables:
        count += 1
        first_row = table.find(f"{W}tr")
        assert first_row.find(f"{W}trPr/{W}tblHeader") is not None
        caption = table.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val")
        description = table.find(f"{W}tblPr/{W}tblDescription").get(f"{W}val")
        assert caption.strip() and description.strip()
    # document control, version history, one Definitions and one Roles table (the samples' four
    # of each are proposed as one), the samples' other tables, the appendices
    assert count >= 9


def test_the_export_sets_title_and_language_and_uses_heading_styles(demo_export):
    document = docx.Document(demo_export[0])
    assert document.core_properties.title == "Digital Policy"
    assert document.core_properties.language == "en-GB"
    headings = {p.text: p.style.name for p in document.paragraphs
                if p.style.name.startswith("Heading")}
    assert headings["Document control"] == "Heading 1"
    assert headings["Version history"] == "Heading 2"
    bold_lines = [p.text for p in document.paragraphs if p.runs and p.text.strip()
                  and all(r.bold for r in p.runs) and p.style.name == "Normal"
                  and len(p.text) < 60]
    assert not bold_lines, f"bold text standing in for headings: {bold_lines}"


def test_a_heading_among_clauses_is_a_heading_a_level_down_left_out_of_the_contents(tmp_path):
    from consolidator.metadata import PolicyMetadata
    from consolidator.writers.policy_docx import export_policy

    section = MergedSection("s", "Monitoring", 1, clauses=(
        MergedClause("h", BlockKind.HEADING, (Run("What is logged"),)),
        MergedClause("p", BlockKind.PARAGRAPH, (Run("Web addresses visited."),)),
    ))
    out = export_policy(ConsolidatedDocument("Digital Policy", (section,), (), ()),
                        tmp_path / "p.docx", PolicyMetadata())
    document = docx.Document(out)
    paragraph = next(p for p in document.paragraphs if p.text == "What is logged")
    # a heading at level 2 (navigation, tags, heading order) that the contents leave out
    assert paragraph.style.name == "Sub-heading 2"
    assert paragraph.style.base_style.name == "Heading 2"
    assert paragraph.style.element.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == "1"
    assert paragraph._p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") == "0"
    toc = " ".join(t.text for t in document.element.body.iter(f"{W}instrText") if t.text)
    assert '\\t "Heading 1,1,Heading 2,2,Heading 3,3"' in toc and "\\u" not in toc
    assert check_accessibility(out) == ()


# --- the command line ---------------------------------------------------------------------------


def test_check_exits_0_when_clean_and_4_with_the_problems_listed(tmp_path, capsys):
    assert cli_main(["check", str(good_document(tmp_path / "good.docx"))]) == 0
    assert "no problems found in good.docx" in capsys.readouterr().out
    assert cli_main(["check", str(bad_document(tmp_path / "bad.docx"))]) == EXIT_INACCESSIBLE
    out = capsys.readouterr().out
    assert "bad.docx: A picture after" in out and "[image-alt]" in out
    assert out.rstrip().endswith("Accessibility check: 8 problems in bad.docx.")
    assert check.EXIT_INACCESSIBLE == EXIT_INACCESSIBLE == 4


def test_check_of_a_file_that_is_not_a_word_document_exits_3(tmp_path, capsys):
    (tmp_path / "notes.docx").write_text("plain text", encoding="utf-8")
    assert cli_main(["check", str(tmp_path / "notes.docx")]) == 3
    assert "notes.docx" in capsys.readouterr().err


# --- the PDF ------------------------------------------------------------------------------------


@pytest.mark.skipif(not pdf_export.pdf_available() or not shutil.which("pdfinfo"),
                    reason="needs LibreOffice (soffice) and poppler's pdfinfo")
def test_the_pdf_is_tagged_and_identifies_itself_as_pdf_a_2(demo_export, tmp_path):
    pdf = pdf_export.export_pdf(demo_export[0], tmp_path / "Digital Policy.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           Digital Policy" in info
    xmp = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp


# --- labels and the contents with a council's own template -------------------------------------


def _labelled_policy() -> ConsolidatedDocument:
    section = MergedSection("s", "Monitoring", 1, clauses=(
        MergedClause("h", BlockKind.HEADING, (Run("What is logged"),)),
        MergedClause("p", BlockKind.PARAGRAPH, (Run("Web addresses visited."),)),
    ))
    return ConsolidatedDocument("Digital Policy", (section,), (), ())


def _export_with(template: Path, out: Path) -> docx.document.Document:
    from consolidator.metadata import PolicyMetadata
    from consolidator.writers.policy_docx import export_policy

    export_policy(_labelled_policy(), out, PolicyMetadata(), template=template)
    return docx.Document(out)


def test_labels_are_based_on_the_templates_own_heading_style(tmp_path):
    template = docx.Document()
    heading = template.styles["Heading 2"].element
    heading.set(f"{W}styleId", "berschrift2")  # a German Word's id for "heading 2"
    template.save(tmp_path / "council.docx")
    document = _export_with(tmp_path / "council.docx", tmp_path / "p.docx")
    label = next(p for p in document.paragraphs if p.text == "What is logged")
    assert label.style.element.find(f"{W}basedOn").get(f"{W}val") == "berschrift2"
    # (python-docx's own template fails only on colour contrast, as it did before)
    assert {f.code for f in check_accessibility(tmp_path / "p.docx")} <= {"contrast"}


def test_a_templates_sub_heading_that_is_no_heading_is_not_used_for_labels(tmp_path):
    template = docx.Document()
    template.styles.add_style("Sub-heading 2", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    template.save(tmp_path / "council.docx")
    document = _export_with(tmp_path / "council.docx", tmp_path / "p.docx")
    label = next(p for p in document.paragraphs if p.text == "What is logged")
    assert label.style.name == "Sub-heading 2 (policy)"
    assert label.style.element.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == "1"
    # (python-docx's own template fails only on colour contrast, as it did before)
    assert {f.code for f in check_accessibility(tmp_path / "p.docx")} <= {"contrast"}


def test_the_contents_style_list_is_read_with_a_comma_whatever_the_region(tmp_path):
    document = _export_with(Path(__file__).resolve().parents[2] / "resources" / "templates"
                            / "digital-policy-template.docx", tmp_path / "p.docx")
    separator = document.settings.element.find(f"{W}listSeparator")
    assert separator is not None and separator.get(f"{W}val") == ","
