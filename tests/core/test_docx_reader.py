"""The .docx reader gives the text the author sees in Word, construct by construct."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from consolidator.errors import Cancelled, LoadError
from consolidator.model import BlockKind, NoteKind, Revision
from consolidator.readers import read_document
from tests.core.docx_factory import build_docx, heading_styles, p, write_docx

ROOT = Path(__file__).resolve().parents[2]


def read_body(tmp_path: Path, body: str, **kwargs):
    return read_document(write_docx(tmp_path, body, **kwargs))


def r(text: str, rpr: str = "") -> str:
    return (
        f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'
    )


# --- runs and inline content -----------------------------------------------------------------


def test_tracked_insertions_count_and_deletions_are_kept_apart(tmp_path):
    body = (
        "<w:p>" + r("Staff ") + '<w:del w:id="1" w:author="A"><w:r><w:delText>may</w:delText>'
        '</w:r></w:del><w:ins w:id="2" w:author="A">'
        + r("must not")
        + "</w:ins>"
        + r(" post.")
        + "</w:p>"
    )
    doc = read_body(tmp_path, body)
    block = doc.blocks[0]
    assert block.text == "Staff must not post."
    assert block.deleted_text == "may"
    assert [run.revision for run in block.runs] == [
        Revision.NONE,
        Revision.DELETED,
        Revision.INSERTED,
        Revision.NONE,
    ]
    assert doc.plain_text() == "Staff must not post."


def test_moves_count_at_their_destination_only(tmp_path):
    body = (
        '<w:p><w:moveFrom w:id="1" w:author="A">' + r("Old place.") + "</w:moveFrom></w:p>"
        '<w:p><w:moveTo w:id="2" w:author="A">' + r("New place.") + "</w:moveTo></w:p>"
    )
    doc = read_body(tmp_path, body)
    assert doc.plain_text() == "\nNew place."
    assert doc.blocks[0].deleted_text == "Old place."


def test_inline_content_control_text_is_read(tmp_path):
    body = (
        "<w:p>"
        + r("Managed by ")
        + "<w:sdt><w:sdtPr/><w:sdtContent>"
        + r("ICT Services")
        + "</w:sdtContent></w:sdt>"
        + r(" under this policy.")
        + "</w:p>"
    )
    assert read_body(tmp_path, body).plain_text() == "Managed by ICT Services under this policy."


def test_block_content_control_paragraphs_are_read_in_order(tmp_path):
    body = (
        p("Before")
        + "<w:sdt><w:sdtPr/><w:sdtContent>"
        + p("Cover title")
        + p("Cover date")
        + "</w:sdtContent></w:sdt>"
        + p("After")
    )
    assert read_body(tmp_path, body).plain_text() == "Before\nCover title\nCover date\nAfter"


def test_struck_through_text_stays_struck(tmp_path):
    body = ("<w:p>" + r("Use ") + r("Skype", "<w:strike/>") + r(" or ", '<w:strike w:val="0"/>')
            + r("Lync", "<w:dstrike/>") + "</w:p>")
    runs = read_body(tmp_path, body).blocks[0].runs
    assert [(run.text, run.strike) for run in runs] == [
        ("Use ", None), ("Skype", True), (" or ", False), ("Lync", True)]


def test_hyperlink_text_and_url(tmp_path):
    body = (
        "<w:p>"
        + r("See ")
        + '<w:hyperlink r:id="rId9">'
        + r("the intranet")
        + '</w:hyperlink> and <w:hyperlink w:anchor="scope">'
        + r("Scope")
        + "</w:hyperlink></w:p>"
    )
    body = body.replace(" and ", r(" and "))
    doc = read_body(tmp_path, body, hyperlinks={"rId9": "https://intranet.example/policy"})
    block = doc.blocks[0]
    assert block.text == "See the intranet and Scope"
    links = {run.text: run.hyperlink for run in block.runs}
    assert links["the intranet"] == "https://intranet.example/policy"
    assert links["Scope"] == "#scope"
    assert links["See "] is None


def test_simple_field_result_is_kept(tmp_path):
    body = "<w:p>" + r("Page ") + '<w:fldSimple w:instr=" PAGE ">' + r("7") + "</w:fldSimple></w:p>"
    assert read_body(tmp_path, body).plain_text() == "Page 7"


def test_complex_field_keeps_result_and_skips_instruction(tmp_path):
    body = (
        "<w:p>"
        + r("Version ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + '<w:r><w:instrText xml:space="preserve"> DOCPROPERTY Version </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + r("2.3")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + r(" approved")
        + "</w:p>"
    )
    assert read_body(tmp_path, body).plain_text() == "Version 2.3 approved"


def test_field_spanning_paragraphs_like_a_toc(tmp_path):
    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC \\o "1-3"'
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + r("1 Purpose\t3")
        + "</w:p>"
        + "<w:p>"
        + r("2 Scope\t4")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        + p("Body text")
    )
    assert read_body(tmp_path, body).plain_text() == "1 Purpose\t3\n2 Scope\t4\nBody text"


def test_tabs_breaks_symbols_and_no_break_hyphens(tmp_path):
    body = (
        "<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t><w:noBreakHyphen/>"
        '<w:t>D</w:t><w:sym w:font="Symbol" w:char="F0B7"/><w:br w:type="page"/></w:r></w:p>'
    )
    assert read_body(tmp_path, body).plain_text() == "A\tB\nC\u2011D\uf0b7"


def test_bold_italic_underline_are_tri_state(tmp_path):
    body = (
        "<w:p>"
        + r("plain")
        + r("bold", "<w:b/>")
        + r("not bold", '<w:b w:val="0"/>')
        + r("italic", "<w:i/>")
        + r("under", '<w:u w:val="single"/>')
        + "</w:p>"
    )
    runs = {run.text: run for run in read_body(tmp_path, body).blocks[0].runs}
    assert runs["plain"].bold is None
    assert runs["bold"].bold is True
    assert runs["not bold"].bold is False
    assert runs["italic"].italic is True
    assert runs["under"].underline is True


def test_text_box_is_read_once_after_its_paragraph(tmp_path):
    box = "<w:txbxContent>" + p("Boxed text") + "</w:txbxContent>"
    body = (
        "<w:p>" + r("Anchor") + '<w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        f"<w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>" + p("Next")
    )
    assert read_body(tmp_path, body).plain_text() == "Anchor\nBoxed text\nNext"


def test_footnotes_and_endnotes_are_numbered_and_read(tmp_path):
    body = (
        "<w:p>"
        + r("Rule")
        + '<w:r><w:footnoteReference w:id="5"/></w:r>'
        + r(" and more")
        + '<w:r><w:footnoteReference w:id="2"/></w:r>'
        + '<w:r><w:endnoteReference w:id="3"/></w:r></w:p>'
    )
    footnotes = (
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>'
        + r(" Second note")
        + '</w:p></w:footnote><w:footnote w:id="5"><w:p><w:r><w:footnoteRef/></w:r>'
        + r(" First note")
        + "</w:p></w:footnote>"
    )
    endnotes = '<w:endnote w:id="3"><w:p>' + r("An endnote") + "</w:p></w:endnote>"
    doc = read_body(tmp_path, body, footnotes=footnotes, endnotes=endnotes)
    assert doc.plain_text() == "Rule1 and more2i"
    notes = [(n.kind, n.label, n.text.strip()) for n in doc.notes]
    assert notes == [
        (NoteKind.FOOTNOTE, "1", "First note"),
        (NoteKind.FOOTNOTE, "2", "Second note"),
        (NoteKind.ENDNOTE, "i", "An endnote"),
    ]
    refs = [run.note_ref for run in doc.blocks[0].runs if run.note_ref]
    assert refs == [doc.notes[0].id, doc.notes[1].id, doc.notes[2].id]


def test_note_number_format_comes_from_the_section(tmp_path):
    body = (
        "<w:p>" + r("Rule") + '<w:r><w:endnoteReference w:id="3"/></w:r></w:p>'
        '<w:sectPr><w:endnotePr><w:numFmt w:val="decimal"/><w:numStart w:val="4"/>'
        "</w:endnotePr></w:sectPr>"
    )
    endnotes = '<w:endnote w:id="3"><w:p>' + r("Note") + "</w:p></w:endnote>"
    doc = read_body(tmp_path, body, endnotes=endnotes)
    assert doc.plain_text() == "Rule4"
    assert doc.notes[0].label == "4"


def test_drop_cap_is_joined_to_its_paragraph(tmp_path):
    body = (
        '<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="3"/></w:pPr>'
        + r("O")
        + "</w:p>"
        + p("nce upon a time")
    )
    assert read_body(tmp_path, body).plain_text() == "Once upon a time"


# --- tables ------------------------------------------------------------------------------------


def tc(inner: str, pr: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{pr}</w:tcPr>' if pr else ''}{inner}</w:tc>"


def test_nested_tables_spans_and_merges(tmp_path):
    inner = "<w:tbl><w:tr>" + tc(p("in1")) + tc(p("in2")) + "</w:tr></w:tbl>"
    body = (
        "<w:tbl><w:tr>"
        + tc(p("Wide"), '<w:gridSpan w:val="2"/>')
        + tc(p("Tall"), '<w:vMerge w:val="restart"/>')
        + "</w:tr>"
        + "<w:tr>"
        + tc(p("a"))
        + tc(inner + p(""))
        + tc(p(""), "<w:vMerge/>")
        + "</w:tr>"
        + "<w:sdt><w:sdtContent><w:tr>"
        + tc(p("in control"))
        + "</w:tr></w:sdtContent></w:sdt>"
        + "</w:tbl>"
    )
    doc = read_body(tmp_path, body)
    table = doc.blocks[0].table
    assert doc.blocks[0].kind is BlockKind.TABLE
    assert [c.col_span for c in table.rows[0]] == [2, 1]
    assert table.rows[1][0].text == "a"
    nested = table.rows[1][1].blocks[0]
    assert nested.kind is BlockKind.TABLE and nested.text == "in1\nin2"
    assert table.rows[1][2].blocks == ()  # continuation of the vertical merge
    assert table.rows[2][0].text == "in control"
    assert doc.plain_text() == "Wide\nTall\na\nin1\nin2\nin control"


# --- headings and numbering ----------------------------------------------------------------------

DECIMAL_OUTLINE = """
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
 <w:lvl w:ilvl="2"><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
 <w:lvl w:ilvl="3"><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%4."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/>
  <w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr></w:lvl>
 <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/>
  <w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/></w:rPr></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/>
 <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="0"/>
 <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
"""


def labels(doc) -> list[str]:
    return [b.label for b in doc.blocks]


def test_multilevel_list_labels(tmp_path):
    body = (
        p("One", num=(1, 0))
        + p("One.one", num=(1, 1))
        + p("a", num=(1, 2))
        + p("b", num=(1, 2))
        + p("i", num=(1, 3))
        + p("ii", num=(1, 3))
        + p("One.two", num=(1, 1))
        + p("Two", num=(1, 0))
        + p("Two.one", num=(1, 1))
    )
    doc = read_body(tmp_path, body, numbering=DECIMAL_OUTLINE)
    assert labels(doc) == ["1.", "1.1", "(a)", "(b)", "i.", "ii.", "1.2", "2.", "2.1"]
    assert all(b.kind is BlockKind.LIST_ITEM for b in doc.blocks)
    assert [b.level for b in doc.blocks][:3] == [0, 1, 2]
    assert doc.plain_text().splitlines()[:3] == ["1. One", "1.1 One.one", "(a) a"]


def test_bullets_show_as_unicode_characters(tmp_path):
    doc = read_body(
        tmp_path, p("Dot", num=(2, 0)) + p("Circle", num=(2, 1)), numbering=DECIMAL_OUTLINE
    )
    assert labels(doc) == ["•", "◦"]


def test_shared_list_continues_and_start_override_restarts(tmp_path):
    body = (
        p("a", num=(1, 0))
        + p("b", num=(1, 0))
        + p("restart", num=(3, 0))
        + p("continues", num=(1, 0))
        + p("five", num=(4, 0))
        + p("off", num=(0, 0))
    )
    doc = read_body(tmp_path, body, numbering=DECIMAL_OUTLINE)
    assert labels(doc) == ["1.", "2.", "1.", "2.", "5.", ""]
    assert doc.blocks[-1].kind is BlockKind.PARAGRAPH


def test_heading_numbering_through_the_style(tmp_path):
    styles = (
        heading_styles()
        .replace(
            '<w:outlineLvl w:val="0"/>',
            '<w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/>',
        )
        .replace(
            '<w:outlineLvl w:val="1"/>',
            '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/>',
        )
    )
    body = (
        p("Policy", style="Title")
        + p("Purpose", style="Heading1")
        + p("Scope", style="Heading1")
        + p("Staff", style="Heading2")
        + p("Text")
    )
    doc = read_body(tmp_path, body, styles=styles, numbering=DECIMAL_OUTLINE)
    heads = [(b.kind, b.level, b.label, b.text) for b in doc.blocks]
    assert heads == [
        (BlockKind.PARAGRAPH, 0, "", "Policy"),
        (BlockKind.HEADING, 1, "1.", "Purpose"),
        (BlockKind.HEADING, 1, "2.", "Scope"),
        (BlockKind.HEADING, 2, "2.1", "Staff"),
        (BlockKind.PARAGRAPH, 0, "", "Text"),
    ]
    assert doc.blocks[1].style == "heading 1"
    assert doc.title == "Policy"  # no core title: the Title-style paragraph
    assert doc.blocks[2].origin.section == "2"


def test_outline_level_on_paragraph_makes_a_heading(tmp_path):
    body = '<w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr>' + r("Deep") + "</w:p>"
    block = read_body(tmp_path, body).blocks[0]
    assert (block.kind, block.level) == (BlockKind.HEADING, 3)


def test_title_from_core_properties(tmp_path):
    doc = read_body(tmp_path, p("Text"), core_title="Email Policy")
    assert doc.title == "Email Policy"
    assert ("creator", "Test Author") in doc.properties


def test_title_falls_back_to_file_name(tmp_path):
    doc = read_document(write_docx(tmp_path, p("Just text"), name="Internet Use.docx"))
    assert doc.title == "Internet Use"


# --- packages --------------------------------------------------------------------------------


def test_strict_ooxml_is_read(tmp_path):
    doc = read_body(
        tmp_path, p("Strict text") + p("Item", num=(1, 0)), strict=True, numbering=DECIMAL_OUTLINE
    )
    assert doc.plain_text() == "Strict text\n1. Item"


def test_main_part_is_found_through_relationships(tmp_path):
    doc = read_body(tmp_path, p("Renamed"), main_part="word/blah.xml")
    assert doc.plain_text() == "Renamed"
    assert doc.format == "docx"


def test_missing_main_part_is_a_clear_error(tmp_path):
    data = build_docx(p("x"))
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item))
    path = tmp_path / "Broken.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(LoadError, match="Broken.docx is damaged") as info:
        read_document(path)
    assert info.value.reason == "corrupt"


def test_malformed_xml_is_a_clear_error(tmp_path):
    path = write_docx(tmp_path, "<w:p><w:r><w:t>unclosed</w:r></w:p>", name="Bad.docx")
    with pytest.raises(LoadError, match="Bad.docx is damaged.*not well-formed"):
        read_document(path)


# --- warnings ----------------------------------------------------------------------------------


def test_images_equations_and_comments_are_reported(tmp_path):
    picture = (
        '<w:r><w:drawing><wp:inline><a:graphic><a:graphicData uri="pic">'
        "<pic:pic/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
    math = "<m:oMath><m:r><m:t>x=2</m:t></m:r></m:oMath>"
    body = (
        "<w:p>"
        + r("Logo")
        + picture
        + "</w:p><w:p>"
        + r("Solve ")
        + math
        + "</w:p>"
        + '<w:p><w:commentRangeStart w:id="0"/>'
        + r("Disputed")
        + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>'
    )
    comments = '<w:comment w:id="0" w:author="B"><w:p>' + r("Is this right?") + "</w:p></w:comment>"
    doc = read_body(tmp_path, body, comments=comments)
    warnings = {w.code: w for w in doc.warnings}
    assert set(warnings) == {"image", "equation", "comment"}
    assert warnings["image"].message.startswith("1 picture left out")
    assert "not imported" in warnings["comment"].message
    assert doc.plain_text() == "Logo\nSolve x=2\nDisputed"


def test_footer_text_is_reported_but_a_bare_page_number_is_not(tmp_path):
    footers = (
        p("OFFICIAL - Internal use"),
        '<w:p><w:fldSimple w:instr="PAGE">' + r("3") + "</w:fldSimple></w:p>",
    )
    doc = read_body(tmp_path, p("Body"), footers=footers)
    (warning,) = doc.warnings
    assert warning.code == "header-footer" and warning.count == 1
    assert "OFFICIAL - Internal use" in warning.message
    assert doc.plain_text() == "Body"


def test_cancel_stops_a_long_read(tmp_path):
    path = write_docx(tmp_path, p("para") * 3000)
    with pytest.raises(Cancelled):
        read_document(path, cancel=lambda: True)


def test_progress_is_reported(tmp_path):
    seen: list[float] = []
    read_document(write_docx(tmp_path, p("para") * 600), progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and len(seen) >= 3


# --- command line ------------------------------------------------------------------------------


def test_extract_command_prints_text_and_json(tmp_path):
    path = write_docx(
        tmp_path, p("Purpose", style="Heading1") + p("Keep it short."), styles=heading_styles()
    )
    text = subprocess.run(
        [sys.executable, "main.py", "extract", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert text.returncode == 0, text.stderr
    assert text.stdout == "Purpose\nKeep it short.\n"
    as_json = subprocess.run(
        [sys.executable, "main.py", "extract", str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["format"] == "docx"
    assert [b["kind"] for b in data["blocks"]] == ["heading", "paragraph"]
    assert data["blocks"][0]["level"] == 1
