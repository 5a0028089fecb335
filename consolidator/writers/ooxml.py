"""The one place that spells WordprocessingML: small builders of XML text, pinned by tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from consolidator.ooxml.names import R_NS, W_NS, w

NSDECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# XML 1.0 forbids most C0 controls; a stray one in a source policy must not break the file.
_CONTROLS = {c: None for c in range(32) if c not in (9, 10, 13)}


def esc(text: str) -> str:
    """Returns text escaped for an XML attribute or element, with forbidden characters dropped."""
    return text.translate(_CONTROLS).translate(_ESCAPES)


# --- runs and paragraphs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Numbering:
    """A paragraph's list membership: which w:num and which level (0-8)."""

    num_id: int
    level: int = 0


def run(text: str, *, bold: bool | None = None, italic: bool | None = None,
        underline: bool | None = None, style: str = "", color: str = "",
        strike: bool = False) -> str:
    """Returns a w:r; tabs become w:tab, line breaks w:br; None formatting is left to the style."""
    props = []
    if style:
        props.append(f'<w:rStyle w:val="{esc(style)}"/>')
    if bold is not None:
        props.append("<w:b/>" if bold else '<w:b w:val="0"/>')
    if italic is not None:
        props.append("<w:i/>" if italic else '<w:i w:val="0"/>')
    if strike:
        props.append("<w:strike/>")
    if color:
        props.append(f'<w:color w:val="{color}"/>')
    if underline is not None:
        props.append('<w:u w:val="single"/>' if underline else '<w:u w:val="none"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{_run_content(text)}</w:r>"


def _run_content(text: str) -> str:
    if "\t" not in text and "\n" not in text:
        return f'<w:t xml:space="preserve">{esc(text)}</w:t>' if text else ""
    parts = []
    for i, line in enumerate(text.replace("\r\n", "\n").split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{esc(chunk)}</w:t>')
    return "".join(parts)


def hyperlink(rel_id: str, runs_xml: str) -> str:
    """Returns a w:hyperlink to an external target held by relationship `rel_id`."""
    return f'<w:hyperlink r:id="{esc(rel_id)}" w:history="1">{runs_xml}</w:hyperlink>'


def anchor_link(bookmark: str, runs_xml: str) -> str:
    """Returns a w:hyperlink to a bookmark in this document."""
    return f'<w:hyperlink w:anchor="{esc(bookmark)}" w:history="1">{runs_xml}</w:hyperlink>'


def comment_range(comment_ids: Sequence[int], content: str) -> str:
    """Returns paragraph content with Word comments anchored on it: a range start before it,
    a range end after it and each comment's reference mark."""
    starts = "".join(f'<w:commentRangeStart w:id="{i}"/>' for i in comment_ids)
    ends = "".join(f'<w:commentRangeEnd w:id="{i}"/>' for i in comment_ids)
    marks = "".join(f'<w:r><w:commentReference w:id="{i}"/></w:r>' for i in comment_ids)
    return starts + content + ends + marks


def paragraph(content: str = "", *, style: str = "", numbering: Numbering | None = None,
              keep_next: bool = False, page_break_before: bool = False, align: str = "",
              space_before: int | None = None, space_after: int | None = None,
              right_tab: int | None = None, clear_tabs: Sequence[int] = (4513, 9026)) -> str:
    """Returns a w:p with its properties in schema order; spacing is in twentieths of a point."""
    props = []
    if style:
        props.append(f'<w:pStyle w:val="{esc(style)}"/>')
    if keep_next:
        props.append("<w:keepNext/>")
    if page_break_before:
        props.append("<w:pageBreakBefore/>")
    if numbering is not None:
        props.append(
            f'<w:numPr><w:ilvl w:val="{numbering.level}"/>'
            f'<w:numId w:val="{numbering.num_id}"/></w:numPr>'
        )
    if right_tab is not None:  # the style's stops cleared, one right-aligned stop set
        stops = sorted({*clear_tabs, right_tab})
        props.append("<w:tabs>" + "".join(
            f'<w:tab w:val="right" w:pos="{pos}"/>' if pos == right_tab else
            f'<w:tab w:val="clear" w:pos="{pos}"/>' for pos in stops) + "</w:tabs>")
    if space_before is not None or space_after is not None:
        attrs = ""
        if space_before is not None:
            attrs += f' w:before="{space_before}"'
        if space_after is not None:
            attrs += f' w:after="{space_after}"'
        props.append(f"<w:spacing{attrs}/>")
    if align:
        props.append(f'<w:jc w:val="{align}"/>')
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{content}</w:p>"


def page_break() -> str:
    """Returns a paragraph holding only a page break."""
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def bookmark(name: str, bookmark_id: int, content: str) -> str:
    """Returns paragraph content wrapped in a bookmark (a TOC or cross-reference target)."""
    return (
        f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{esc(name)}"/>{content}'
        f'<w:bookmarkEnd w:id="{bookmark_id}"/>'
    )


def field(instruction: str, result: str, *, dirty: bool = False) -> str:
    """Returns the runs of a complex field (begin, instruction, separate, cached result, end)."""
    flag = ' w:dirty="true"' if dirty else ""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"{flag}/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {esc(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


# Heading 1-3 by style name: an outline-level switch (\o, \u) would also list the labels
# (writers/policy_docx.py: a source's sub-section headings, at Heading 2-4 levels)
TOC_INSTRUCTION = 'TOC \\h \\z \\t "Heading 1,1,Heading 2,2,Heading 3,3"'


def toc(entries: Sequence[tuple[int, str]], *, styles: Sequence[str],
        placeholder: str, pages: Sequence[str] = ()) -> list[str]:
    """Returns the paragraphs of a TOC field whose cached result lists `entries`.

    `entries` are (level 1-3, "1.2 Title") pairs, `styles` the TOC 1-3 style ids, `pages`
    each entry's page number after a tab ("" or none: no number yet). The field is not marked
    dirty: Word shows the cached list without asking to update fields on every open (Update
    Field, F9, rebuilds it), and other programs show it as it is.
    """
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {esc(TOC_INSTRUCTION)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    lines = list(entries) or [(1, placeholder)]
    out = []
    for i, (level, text) in enumerate(lines):
        page = pages[i] if i < len(pages) else ""
        number = f"<w:r><w:tab/></w:r>{run(page)}" if page else ""
        content = ((begin if i == 0 else "") + run(text) + number
                   + (end if i == len(lines) - 1 else ""))
        out.append(paragraph(content, style=styles[min(max(level, 1), len(styles)) - 1]))
    return out


# --- tables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellSpec:
    """One table cell: its paragraphs (XML), grid span and optional fill colour."""

    paragraphs: tuple[str, ...]
    span: int = 1
    fill: str = ""


def table(rows: Sequence[Sequence[CellSpec]], widths: Sequence[int], *, style: str,
          header_rows: int = 1, caption: str = "", description: str = "") -> str:
    """Returns a w:tbl at full text width; `widths` are column widths in twips (fifty-sixths of mm).

    Header rows repeat on every page and are shaded by the table style; cells never split
    across pages mid-row. `caption` and `description` are the table's title and alternative
    text for screen readers (Word: Table Properties > Alt Text).
    """
    total = sum(widths)
    grid = "".join(f'<w:gridCol w:w="{wd}"/>' for wd in widths)
    caption_xml = f'<w:tblCaption w:val="{esc(caption)}"/>' if caption else ""
    if description:
        caption_xml += f'<w:tblDescription w:val="{esc(description)}"/>'
    out = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{esc(style)}"/><w:tblW w:w="{total}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblLook w:val="{"0420" if header_rows else "0400"}" '
        f'w:firstRow="{int(header_rows > 0)}"'
        ' w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"{caption_xml}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    ]
    for r, row in enumerate(rows):
        trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if r < header_rows else (
            "<w:trPr><w:cantSplit/></w:trPr>")
        out.append(f"<w:tr>{trpr}")
        col = 0
        for cell in row:
            width = sum(widths[col:col + cell.span])
            col += cell.span
            span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
            fill = (f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.fill}"/>'
                    if cell.fill else "")
            body = "".join(cell.paragraphs) or "<w:p/>"
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{fill}</w:tcPr>'
                       f"{body}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


# --- numbering ----------------------------------------------------------------------------------


def heading_abstract_num(abstract_id: int, heading_styles: Sequence[str]) -> str:
    """Returns a multilevel abstractNum 1 / 1.1 / 1.1.1, its levels linked to heading styles."""
    levels = []
    for ilvl, style in enumerate(heading_styles):
        text = ".".join(f"%{k + 1}" for k in range(ilvl + 1))
        indent = (567, 709, 851)[min(ilvl, 2)]
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'<w:pStyle w:val="{esc(style)}"/><w:suff w:val="tab"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{indent}" w:hanging="{indent}"/>'
            "</w:pPr></w:lvl>"
        )
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>'
            f'{"".join(levels)}</w:abstractNum>')


_NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman")  # 1. / (a) / (i), then again
_BULLETS = ("\u2022", "\u2013", "\u25e6")


def list_abstract_num(abstract_id: int, *, numbered: bool, style: str = "") -> str:
    """Returns a 9-level abstractNum for clauses: 1. / (a) / (i) when numbered, else bullets."""
    levels = []
    for ilvl in range(9):
        left = 567 * (ilvl + 1)
        if numbered:
            fmt = _NUMBER_FORMATS[ilvl % 3]
            text = f"%{ilvl + 1}." if ilvl % 3 == 0 else f"(%{ilvl + 1})"
            rpr = ""
        else:
            fmt, text = "bullet", _BULLETS[ilvl % 3]
            rpr = '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:hint="default"/></w:rPr>'
        link = f'<w:pStyle w:val="{esc(style)}"/>' if style and ilvl == 0 else ""
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{link}'
            f'<w:lvlText w:val="{esc(text)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="567"/></w:pPr>{rpr}</w:lvl>'
        )
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="hybridMultilevel"/>'
            f'{"".join(levels)}</w:abstractNum>')


def num(num_id: int, abstract_id: int, *, restart: bool = False) -> str:
    """Returns a w:num instance of an abstractNum; `restart` starts its first level again at 1."""
    override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                if restart else "")
    return (f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}'
            "</w:num>")


def numbering_part(abstract_nums: Iterable[str], nums: Iterable[str]) -> str:
    """Returns a whole numbering.xml: abstractNums first, then nums, as the schema orders them."""
    return (f'<w:numbering {NSDECL}>{"".join(abstract_nums)}{"".join(nums)}</w:numbering>')


# --- styles -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StyleSpec:
    """A paragraph, character or table style in the house style; sizes in half-points."""

    style_id: str
    name: str
    kind: str = "paragraph"
    based_on: str = ""
    next_style: str = ""
    font: str = ""
    size: int = 0
    bold: bool = False
    italic: bool = False
    color: str = ""
    space_before: int | None = None  # twips
    space_after: int | None = None
    line: int | None = None  # 240ths of a line
    keep_next: bool = False
    outline_level: int | None = None
    numbering: Numbering | None = None
    align: str = ""
    indent_left: int | None = None
    ui_priority: int | None = None
    borders: bool = False  # tables: single lines all round and inside
    header_fill: str = ""  # tables: first-row shading (white bold text)
    bottom_border: str = ""  # paragraphs: a rule under the paragraph in this colour
    tab_right: int | None = None  # a right tab stop with dot leader (contents lines)


def style(spec: StyleSpec) -> str:
    """Returns a w:style element with children in schema order."""
    parts = [f"<w:name w:val=\"{esc(spec.name)}\"/>"]
    if spec.based_on:
        parts.append(f'<w:basedOn w:val="{esc(spec.based_on)}"/>')
    if spec.next_style:
        parts.append(f'<w:next w:val="{esc(spec.next_style)}"/>')
    if spec.ui_priority is not None:
        parts.append(f'<w:uiPriority w:val="{spec.ui_priority}"/>')
    parts.append("<w:qFormat/>" if spec.kind == "paragraph" else "")
    ppr = []
    if spec.keep_next:
        ppr.append("<w:keepNext/><w:keepLines/>")
    if spec.numbering is not None:
        ppr.append(f'<w:numPr><w:ilvl w:val="{spec.numbering.level}"/>'
                   f'<w:numId w:val="{spec.numbering.num_id}"/></w:numPr>')
    if spec.bottom_border:
        ppr.append(f'<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="4" '
                   f'w:color="{spec.bottom_border}"/></w:pBdr>')
    if spec.tab_right is not None:
        ppr.append(f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{spec.tab_right}"/>'
                   "</w:tabs>")
    spacing = ""
    if spec.space_before is not None:
        spacing += f' w:before="{spec.space_before}"'
    if spec.space_after is not None:
        spacing += f' w:after="{spec.space_after}"'
    if spec.line is not None:
        spacing += f' w:line="{spec.line}" w:lineRule="auto"'
    if spacing:
        ppr.append(f"<w:spacing{spacing}/>")
    if spec.indent_left is not None:
        ppr.append(f'<w:ind w:left="{spec.indent_left}"/>')
    if spec.align:
        ppr.append(f'<w:jc w:val="{spec.align}"/>')
    if spec.outline_level is not None:
        ppr.append(f'<w:outlineLvl w:val="{spec.outline_level}"/>')
    if ppr and spec.kind != "character":
        parts.append(f"<w:pPr>{''.join(ppr)}</w:pPr>")
    rpr = []
    if spec.font:
        f = esc(spec.font)
        rpr.append(f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>')
    if spec.bold:
        rpr.append("<w:b/><w:bCs/>")
    if spec.italic:
        rpr.append("<w:i/><w:iCs/>")
    if spec.color:
        rpr.append(f'<w:color w:val="{spec.color}"/>')
    if spec.size:
        rpr.append(f'<w:sz w:val="{spec.size}"/><w:szCs w:val="{spec.size}"/>')
    if spec.kind == "character" and spec.color == "0563C1":
        rpr.append('<w:u w:val="single"/>')
    if rpr:
        parts.append(f"<w:rPr>{''.join(rpr)}</w:rPr>")
    if spec.kind == "table":
        parts.append(_table_style_props(spec))
    return (f'<w:style w:type="{spec.kind}" w:styleId="{esc(spec.style_id)}">'
            f'{"".join(parts)}</w:style>')


def _table_style_props(spec: StyleSpec) -> str:
    borders = ""
    if spec.borders:
        line = 'w:val="single" w:sz="4" w:space="0" w:color="8EA9C1"'
        borders = "<w:tblBorders>" + "".join(
            f"<w:{side} {line}/>" for side in ("top", "left", "bottom", "right", "insideH",
                                                "insideV")
        ) + "</w:tblBorders>"
    props = (f"<w:tblPr>{borders}<w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/>"
             '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/>'
             '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>')
    if spec.header_fill:
        props += ('<w:tblStylePr w:type="firstRow"><w:pPr><w:keepNext/></w:pPr>'
                  '<w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr><w:tcPr>'
                  f'<w:shd w:val="clear" w:color="auto" w:fill="{spec.header_fill}"/>'
                  "</w:tcPr></w:tblStylePr>")
    return props


def doc_defaults(font: str, size: int, *, after: int, line: int) -> str:
    """Returns w:docDefaults: the font, size (half-points) and spacing every style starts from."""
    f = esc(font)
    return (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:val="en-GB" w:eastAsia="en-GB"'
        ' w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>'
        f'<w:spacing w:after="{after}" w:line="{line}" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
    )


# Children of w:rPr that the schema puts after w:lang.
_AFTER_LANG = ("eastAsianLayout", "specVanish", "oMath")


def set_default_language(styles: etree._Element, language: str) -> None:
    """Sets the document's default language (w:docDefaults run properties) unless it has one.

    Screen readers pick their voice from it; a template without it leaves the text untagged.
    """
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        styles.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(w("rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(rpr_default, w("rPr"))
    lang = rpr.find(w("lang"))
    if lang is None:
        lang = etree.Element(w("lang"))
        later = [child for child in rpr if etree.QName(child).localname in _AFTER_LANG]
        if later:
            later[0].addprevious(lang)
        else:
            rpr.append(lang)
    if not lang.get(w("val")):
        lang.set(w("val"), language)


def styles_part(defaults: str, styles: Iterable[str]) -> str:
    """Returns a whole styles.xml."""
    return f'<w:styles {NSDECL}>{defaults}{"".join(styles)}</w:styles>'


# --- settings, sections, headers and footers ----------------------------------------------------

# Children of w:settings that the schema puts after w:updateFields.
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)


def set_update_fields(settings: etree._Element) -> None:
    """Sets <w:updateFields w:val="true"/> in w:settings, in schema order (before compat)."""
    existing = settings.find(w("updateFields"))
    if existing is not None:
        existing.set(w("val"), "true")
        return
    element = etree.SubElement(settings, w("updateFields"))
    element.set(w("val"), "true")
    settings.remove(element)
    later = {w(name) for name in _AFTER_UPDATE_FIELDS}
    for index, child in enumerate(settings):
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in later or (tag and not tag.startswith(f"{{{W_NS}}}")):
            settings.insert(index, element)
            return
    settings.append(element)


def set_list_separator(settings: etree._Element, separator: str = ",") -> None:
    """Sets <w:listSeparator>: Word splits a field's lists (the contents' \\t "Heading 1,1,...")
    at the document's list separator, else at the reader's regional one (";" in much of
    Europe, where the contents would then list nothing)."""
    element = settings.find(w("listSeparator"))
    if element is None:
        element = etree.Element(w("listSeparator"))
        # the last of w:settings' own children: before any other namespace's (w14:, w15:)
        later = next((c for c in settings if not isinstance(c.tag, str)
                      or not c.tag.startswith(f"{{{W_NS}}}")), None)
        if later is not None:
            later.addprevious(element)
        else:
            settings.append(element)
    element.set(w("val"), separator)


def clear_update_fields(settings: etree._Element) -> None:
    """Removes <w:updateFields>: Word asks "update the fields?" on every open while it is set
    (a template, the bundled one too, may carry it)."""
    for element in settings.findall(w("updateFields")):
        settings.remove(element)


def settings_part(*, default_tab: int = 709) -> str:
    """Returns a minimal settings.xml that asks Word to refresh fields (the contents) on open."""
    return (f'<w:settings {NSDECL}><w:defaultTabStop w:val="{default_tab}"/>'
            '<w:characterSpacingControl w:val="doNotCompress"/><w:updateFields w:val="true"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            "</w:settings>")


def a4_section(*, margin: int = 1418, header: int = 709, footer: int = 709) -> str:
    """Returns a w:sectPr for A4 portrait with equal margins (1418 twips = 2.5 cm)."""
    return (f'<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="{margin}" '
            f'w:right="{margin}" w:bottom="{margin}" w:left="{margin}" w:header="{header}" '
            f'w:footer="{footer}" w:gutter="0"/><w:cols w:space="708"/>'
            '<w:docGrid w:linePitch="360"/></w:sectPr>')


def running_header(left: str, right: str, *, style: str, tab_pos: int,
                   style_tabs: Sequence[int] = (4513, 9026)) -> str:
    """Returns the paragraph of a running header: `left`, a right-aligned tab, then `right`.

    `style_tabs` are the tab stops the header style defines; they are cleared.
    """
    return paragraph(run(left) + "<w:r><w:tab/></w:r>" + run(right), style=style,
                     right_tab=tab_pos, clear_tabs=style_tabs)


def page_x_of_y(*, style: str, prefix: str = "") -> str:
    """Returns a centred footer paragraph "Page X of Y" from PAGE and NUMPAGES fields."""
    lead = f"{prefix} \u00b7 " if prefix else ""
    return paragraph(
        run(f"{lead}Page ") + field("PAGE", "1") + run(" of ") + field("NUMPAGES", "1"),
        style=style, align="center",
    )


def story_root(tag: str, paragraphs_xml: str) -> str:
    """Returns a w:hdr or w:ftr root holding paragraphs."""
    return f"<w:{tag} {NSDECL}>{paragraphs_xml}</w:{tag}>"


def fragment(xml: str) -> str:
    """Returns body-level XML wrapped so that it parses with the w: and r: prefixes declared."""
    return f"<w:body {NSDECL}>{xml}</w:body>"


# --- package skeleton (the bundled template) ----------------------------------------------------

_CT = "application/vnd.openxmlformats-officedocument"
PART_TYPES = {
    "/word/document.xml": f"{_CT}.wordprocessingml.document.main+xml",
    "/word/styles.xml": f"{_CT}.wordprocessingml.styles+xml",
    "/word/numbering.xml": f"{_CT}.wordprocessingml.numbering+xml",
    "/word/settings.xml": f"{_CT}.wordprocessingml.settings+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/docProps/app.xml": f"{_CT}.extended-properties+xml",
}
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def content_types(part_names: Iterable[str]) -> str:
    """Returns [Content_Types].xml for the given parts (all listed in PART_TYPES)."""
    overrides = "".join(
        f'<Override PartName="{name}" ContentType="{PART_TYPES[name]}"/>' for name in part_names
    )
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    )


def relationships(rels: Iterable[tuple[str, str, str]]) -> str:
    """Returns a .rels part from (id, short type such as "styles", target) triples."""
    items = []
    for rel_id, kind, target in rels:
        uri = {
            "core": "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                    "core-properties",
        }.get(kind, f"{_REL}/{kind}")
        items.append(f'<Relationship Id="{rel_id}" Type="{uri}" Target="{esc(target)}"/>')
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{"".join(items)}</Relationships>')


def core_properties(*, title: str, creator: str, created: str) -> str:
    """Returns docProps/core.xml; `created` is a W3CDTF UTC timestamp ("2025-01-01T00:00:00Z")."""
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
        f'XMLSchema-instance"><dc:title>{esc(title)}</dc:title><dc:creator>{esc(creator)}'
        f'</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_properties(application: str) -> str:
    """Returns docProps/app.xml naming the application that wrote the file."""
    return ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'extended-properties"><Application>{esc(application)}</Application></Properties>')


def document_part(body_xml: str, section_xml: str) -> str:
    """Returns a whole document.xml: the body's paragraphs followed by the final section."""
    return f"<w:document {NSDECL}><w:body>{body_xml}{section_xml}</w:body></w:document>"
