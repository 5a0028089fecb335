"""Tests of the bundled export template and the OOXML helpers whose output it is built from."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from consolidator.writers import ooxml
from consolidator.writers.docx_template import BUNDLED_TEMPLATE, build_template_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VALIDATOR = Path(__file__).resolve().parents[3] / "shared" / "tools" / "ooxml_validate.py"


def part(name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(build_template_bytes())) as z:
        return etree.fromstring(z.read(name))


def test_template_is_deterministic_and_committed():
    first, second = build_template_bytes(), build_template_bytes()
    assert first == second
    assert BUNDLED_TEMPLATE.read_bytes() == first, "run: uv run python tools/build_template.py"


@pytest.mark.parametrize("platform", ["win32", "linux", "darwin"])
def test_template_is_the_same_bytes_built_on_any_os(monkeypatch, platform):
    """zipfile.ZipInfo records the OS it runs on (0 Windows, 3 Unix) unless told otherwise."""
    monkeypatch.setattr(sys, "platform", platform)
    assert build_template_bytes() == BUNDLED_TEMPLATE.read_bytes()


def test_template_passes_the_validator():
    if not VALIDATOR.exists():
        pytest.skip(f"OOXML validator not found at {VALIDATOR}")
    result = subprocess.run([sys.executable, str(VALIDATOR), str(BUNDLED_TEMPLATE)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout


def test_template_page_is_a4_with_2_5_cm_margins():
    section = docx.Document(BUNDLED_TEMPLATE).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for margin in (section.left_margin, section.right_margin, section.top_margin,
                   section.bottom_margin):
        assert round(margin.cm, 2) == 2.5


def test_house_style_fonts_sizes_and_colours():
    document = docx.Document(BUNDLED_TEMPLATE)
    defaults = part("word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}ascii") == "Arial"
    assert defaults.find(f"{W}sz").get(f"{W}val") == "22"  # 11 pt
    assert defaults.find(f"{W}lang").get(f"{W}val") == "en-GB"
    heading = document.styles["Heading 1"]
    assert heading.font.size.pt == 16 and heading.font.bold
    assert str(heading.font.color.rgb) == "1F3864"
    assert document.styles["Title"].font.size.pt == 30
    for name in ("Subtitle", "Heading 2", "Heading 3", "TOC Heading", "List Number",
                 "List Bullet", "Header", "Footer", "Policy Table", "toc 1", "Hyperlink"):
        assert document.styles[name] is not None


def test_headings_carry_multilevel_numbering_linked_to_their_styles():
    styles, numbering = part("word/styles.xml"), part("word/numbering.xml")
    expected = {"Heading1": ("0", "%1"), "Heading2": ("1", "%1.%2"),
                "Heading3": ("2", "%1.%2.%3")}
    for style_id, (ilvl, text) in expected.items():
        num_pr = styles.find(f'{W}style[@{W}styleId="{style_id}"]/{W}pPr/{W}numPr')
        assert num_pr.find(f"{W}ilvl").get(f"{W}val") == ilvl
        num_id = num_pr.find(f"{W}numId").get(f"{W}val")
        abstract = numbering.find(f'{W}num[@{W}numId="{num_id}"]/{W}abstractNumId').get(f"{W}val")
        lvl = numbering.find(f'{W}abstractNum[@{W}abstractNumId="{abstract}"]'
                             f'/{W}lvl[@{W}ilvl="{ilvl}"]')
        assert lvl.find(f"{W}lvlText").get(f"{W}val") == text
        assert lvl.find(f"{W}pStyle").get(f"{W}val") == style_id
    toc = styles.find(f'{W}style[@{W}styleId="TOCHeading"]/{W}pPr/{W}numPr/{W}numId')
    assert toc.get(f"{W}val") == "0"
    for style_id, fmt in (("ListNumber", "decimal"), ("ListBullet", "bullet")):
        num_id = styles.find(f'{W}style[@{W}styleId="{style_id}"]/{W}pPr/{W}numPr/{W}numId'
                             ).get(f"{W}val")
        abstract = numbering.find(f'{W}num[@{W}numId="{num_id}"]/{W}abstractNumId').get(f"{W}val")
        assert numbering.find(f'{W}abstractNum[@{W}abstractNumId="{abstract}"]/{W}lvl/{W}numFmt'
                              ).get(f"{W}val") == fmt


def test_table_style_has_borders_and_a_shaded_header_row():
    table = part("word/styles.xml").find(f'{W}style[@{W}styleId="PolicyTable"]')
    borders = table.find(f"{W}tblPr/{W}tblBorders")
    assert {etree.QName(b).localname for b in borders} == {
        "top", "left", "bottom", "right", "insideH", "insideV"}
    first = table.find(f'{W}tblStylePr[@{W}type="firstRow"]')
    assert first.find(f"{W}tcPr/{W}shd").get(f"{W}fill") == "1F3864"
    assert first.find(f"{W}rPr/{W}color").get(f"{W}val") == "FFFFFF"


def test_settings_ask_word_to_update_fields_before_compat():
    tags = [etree.QName(c).localname for c in part("word/settings.xml")]
    assert tags.index("updateFields") < tags.index("compat")


# --- the OOXML helpers, pinned ------------------------------------------------------------------


def test_run_xml():
    assert ooxml.run("a < b") == '<w:r><w:t xml:space="preserve">a &lt; b</w:t></w:r>'
    assert ooxml.run("x", bold=True, italic=False, underline=True) == (
        '<w:r><w:rPr><w:b/><w:i w:val="0"/><w:u w:val="single"/></w:rPr>'
        '<w:t xml:space="preserve">x</w:t></w:r>')
    assert ooxml.run("a\tb\nc") == (
        '<w:r><w:t xml:space="preserve">a</w:t><w:tab/><w:t xml:space="preserve">b</w:t>'
        '<w:br/><w:t xml:space="preserve">c</w:t></w:r>')
    assert ooxml.run("bad\x0bchar") == '<w:r><w:t xml:space="preserve">badchar</w:t></w:r>'


def test_paragraph_properties_in_schema_order():
    xml = ooxml.paragraph(ooxml.run("T"), style="Heading1", numbering=ooxml.Numbering(0, 0),
                          page_break_before=True, keep_next=True, space_after=0, align="center")
    assert xml == (
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:keepNext/><w:pageBreakBefore/>'
        '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr><w:spacing w:after="0"/>'
        '<w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">T</w:t></w:r></w:p>')


def test_field_and_toc_xml():
    assert ooxml.field("PAGE", "1") == (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t xml:space="preserve">1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    paras = ooxml.toc([(1, "1 A"), (2, "1.1 B")], styles=["TOC1", "TOC2", "TOC3"],
                      placeholder="Update")
    assert len(paras) == 2
    assert paras[0].startswith('<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar '
                               'w:fldCharType="begin"/></w:r>')
    assert 'TOC \\h \\z \\t &quot;Heading 1,1,Heading 2,2,Heading 3,3&quot;' in paras[0]
    assert paras[1].endswith('<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def test_set_update_fields_goes_before_compat_and_extensions():
    settings = etree.fromstring(
        f'<w:settings xmlns:w="{W[1:-1]}" xmlns:w14="http://schemas.microsoft.com/office/word/'
        '2010/wordml"><w:zoom w:percent="100"/><w:compat/><w:rsids/><w14:docId w14:val="1"/>'
        "</w:settings>")
    ooxml.set_update_fields(settings)
    assert [etree.QName(c).localname for c in settings] == [
        "zoom", "updateFields", "compat", "rsids", "docId"]
    ooxml.set_update_fields(settings)
    assert len(settings.findall(f"{W}updateFields")) == 1


def test_table_xml_header_row_repeats_and_widths_add_up():
    xml = ooxml.table([[ooxml.CellSpec(("<w:p/>",), fill="1F3864")],
                       [ooxml.CellSpec(("<w:p/>",))]], [9070], style="PolicyTable")
    assert xml.startswith('<w:tbl><w:tblPr><w:tblStyle w:val="PolicyTable"/><w:tblW w:w="9070" '
                          'w:type="dxa"/>')
    assert '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w="9070" '\
        'w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr>' in xml
    assert xml.count("<w:tblHeader/>") == 1
