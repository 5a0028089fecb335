"""Build the bundled sample policies (resources/samples/*.docx) from their Markdown sources.

Usage:  uv run python tools/build_samples.py [--out DIR]

Sources live in resources/samples/src/ (current policies) and resources/samples/src/versions/
(earlier versions). Each NAME.md becomes NAME.docx in the output directory (default
resources/samples/), keeping the versions/ sub-folder. The build is byte-deterministic: fixed core
property dates and fixed zip timestamps, so rebuilding gives identical files.

The source dialect is described in resources/samples/README.md. In short:

    ---                        front matter: "key: value" lines (title, version, owner, ...;
    title: Email Policy        "history:" may repeat, as "version | date | author | summary")
    ---
    # Heading 1 / ## Heading 2 / ### Heading 3    numbered 1 / 1.1 / 1.1.1 by Word
    1. clause                  numbered clause "1." (a new list after any heading or paragraph,
                               unless the first number is above 1: "6." continues the last list)
      a. sub-clause            "(a)" under the clause above (two-space indent)
    a. item                    a stand-alone "(a)" list
    - bullet / "  - " sub-bullet
    | a | b |                  pipe table; the first row is the header, the |---| row is skipped
    Anything else              a plain paragraph; **bold** spans; one line = one paragraph
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"
SOURCES = SAMPLES / "src"
COUNCIL = "Fernbrook District Council"
FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)  # the council's dark blue
HEADER_FILL = "D9E2F3"
ZIP_DATE = (2024, 1, 1, 0, 0, 0)

# Abstract numbering ids we add (the python-docx template already uses low ids).
HEADING_ABSTRACT = 20
CLAUSE_ABSTRACT = 21
LETTER_ABSTRACT = 22
BULLET_ABSTRACT = 23


# ---------------------------------------------------------------- source model


@dataclass
class Block:
    kind: str  # heading | clause | letter | bullet | para | table
    level: int = 0  # heading level 1-3, or list level 0-1
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    list_no: int = 0  # which list instance a clause/letter item belongs to


@dataclass
class Source:
    meta: dict[str, str]
    history: list[list[str]]
    blocks: list[Block]


def parse_source(text: str) -> Source:
    """Returns the front matter and body blocks of one source file."""
    lines = text.splitlines()
    meta: dict[str, str] = {}
    history: list[list[str]] = []
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        for line in lines[1:end]:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, _, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if key == "history":
                history.append([cell.strip() for cell in value.split("|")])
            else:
                meta[key] = value
        lines = lines[end + 1 :]

    blocks: list[Block] = []
    list_no = 0
    open_list: str | None = None  # "clause" or "letter" while a numbered list is running
    last_clause_list = 0

    def new_list(kind: str) -> int:
        nonlocal list_no, open_list
        list_no += 1
        open_list = kind
        return list_no

    for raw in lines:
        if not raw.strip():
            continue
        line = raw.rstrip()
        if line.startswith("#"):
            hashes, _, title = line.partition(" ")
            blocks.append(Block("heading", len(hashes), title.strip()))
            open_list = None
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue
            if blocks and blocks[-1].kind == "table":
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Block("table", rows=[cells]))
            open_list = None
        elif m := re.match(r"^(\s*)- (.*)$", line):
            blocks.append(Block("bullet", 1 if m.group(1) else 0, m.group(2)))
        elif m := re.match(r"^(\d+)\. (.*)$", line):
            if open_list == "clause":
                no = list_no
            elif int(m.group(1)) > 1 and last_clause_list:
                no = last_clause_list  # "6." after a heading continues the previous list
                open_list = "clause"
            else:
                no = new_list("clause")
            last_clause_list = no
            blocks.append(Block("clause", 0, m.group(2), list_no=no))
        elif m := re.match(r"^  [a-z]\. (.*)$", line):
            if open_list != "clause":
                raise ValueError(f"indented sub-clause outside a numbered list: {line!r}")
            blocks.append(Block("clause", 1, m.group(1), list_no=list_no))
        elif m := re.match(r"^[a-z]\. (.*)$", line):
            no = list_no if open_list == "letter" else new_list("letter")
            blocks.append(Block("letter", 0, m.group(1), list_no=no))
        else:
            blocks.append(Block("para", text=line.strip()))
            open_list = None
    return Source(meta, history, blocks)


# ---------------------------------------------------------------- numbering (raw OOXML)


def _el(tag: str, **attrs: str) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _lvl(ilvl: int, fmt: str, text: str, left: int, hanging: int, style: str | None = None,
         font: str | None = None) -> OxmlElement:
    """Returns a w:lvl, children in schema order."""
    lvl = _el("w:lvl", ilvl=str(ilvl))
    lvl.append(_el("w:start", val="1"))
    lvl.append(_el("w:numFmt", val=fmt))
    if style:
        lvl.append(_el("w:pStyle", val=style))
    lvl.append(_el("w:suff", val="tab"))
    lvl.append(_el("w:lvlText", val=text))
    lvl.append(_el("w:lvlJc", val="left"))
    ppr = _el("w:pPr")
    tabs = _el("w:tabs")
    tabs.append(_el("w:tab", val="num", pos=str(left)))
    ppr.append(tabs)
    ppr.append(_el("w:ind", left=str(left), hanging=str(hanging)))
    lvl.append(ppr)
    if font:
        rpr = _el("w:rPr")
        rpr.append(_el("w:rFonts", ascii=font, hAnsi=font, hint="default"))
        lvl.append(rpr)
    return lvl


def _abstract(abstract_id: int, nsid: str, name: str, levels: list[OxmlElement]) -> OxmlElement:
    abstract = _el("w:abstractNum", abstractNumId=str(abstract_id))
    abstract.append(_el("w:nsid", val=nsid))
    abstract.append(_el("w:multiLevelType", val="multilevel" if len(levels) > 1 else "singleLevel"))
    abstract.append(_el("w:name", val=name))
    for lvl in levels:
        abstract.append(lvl)
    return abstract


class Numbering:
    """Adds our list definitions to numbering.xml and hands out w:num ids."""

    def __init__(self, document: docx.document.Document):
        self.root = document.part.numbering_part.element
        self.next_id = 1 + max((int(n.get(qn("w:numId"))) for n in self.root.findall(qn("w:num"))),
                               default=0)
        abstracts = [
            _abstract(HEADING_ABSTRACT, "4A1F0001", "FDC Headings", [
                _lvl(0, "decimal", "%1", 567, 567, "Heading1"),
                _lvl(1, "decimal", "%1.%2", 851, 851, "Heading2"),
                _lvl(2, "decimal", "%1.%2.%3", 1134, 1134, "Heading3"),
            ]),
            _abstract(CLAUSE_ABSTRACT, "4A1F0002", "FDC Clauses", [
                _lvl(0, "decimal", "%1.", 567, 567),
                _lvl(1, "lowerLetter", "(%2)", 1134, 567),
            ]),
            _abstract(LETTER_ABSTRACT, "4A1F0003", "FDC Lettered list", [
                _lvl(0, "lowerLetter", "(%1)", 1134, 567),
            ]),
            _abstract(BULLET_ABSTRACT, "4A1F0004", "FDC Bullets", [
                _lvl(0, "bullet", "\u2022", 851, 425, "ListBullet", FONT),
                _lvl(1, "bullet", "o", 1418, 425, "ListBullet2", "Courier New"),
            ]),
        ]
        # schema order: every w:abstractNum before the first w:num
        first_num = self.root.find(qn("w:num"))
        for abstract in abstracts:
            if first_num is None:
                self.root.append(abstract)
            else:
                first_num.addprevious(abstract)
        self.heading = self.add(HEADING_ABSTRACT)
        self.bullet = self.add(BULLET_ABSTRACT)

    def add(self, abstract_id: int, restart: bool = False) -> int:
        """Returns a new w:num id on abstract_id (restarting at 1 if asked)."""
        num_id = self.next_id
        self.next_id += 1
        num = _el("w:num", numId=str(num_id))
        num.append(_el("w:abstractNumId", val=str(abstract_id)))
        if restart:
            override = _el("w:lvlOverride", ilvl="0")
            override.append(_el("w:startOverride", val="1"))
            num.append(override)
        cleanup = self.root.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self.root.append(num)
        return num_id


def _set_num(ppr, num_id: int, ilvl: int | None) -> None:
    num_pr = ppr.get_or_add_numPr()
    if ilvl is not None:
        num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


# ---------------------------------------------------------------- styles and page


def set_up_styles(document: docx.document.Document, numbering: Numbering) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1

    sizes = {1: 14, 2: 12, 3: 11}
    for level in (1, 2, 3):
        style = styles[f"Heading {level}"]
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rfonts.attrib.pop(qn(f"w:{attr}"), None)
        style.font.name = FONT
        style.font.size = Pt(sizes[level])
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = ACCENT
        style.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        style.paragraph_format.space_after = Pt(6)
        _set_num(style.element.get_or_add_pPr(), numbering.heading, level - 1)

    title = styles["Title"]
    rfonts = title.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    title.font.name = FONT
    title.font.size = Pt(26)
    title.font.color.rgb = ACCENT
    subtitle = styles["Subtitle"]
    subtitle.font.name = FONT
    subtitle.font.italic = False
    subtitle.font.size = Pt(14)
    subtitle.font.color.rgb = ACCENT

    for name, ilvl in (("List Bullet", 0), ("List Bullet 2", 1)):
        _set_num(styles[name].element.get_or_add_pPr(), numbering.bullet, ilvl)
    for name in ("List Number", "List Number 2"):
        ppr = styles[name].element.get_or_add_pPr()
        for spacing in ppr.findall(qn("w:contextualSpacing")):
            ppr.remove(spacing)
        styles[name].paragraph_format.space_after = Pt(6)


def set_up_page(document: docx.document.Document, source: Source) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)

    header = section.header.paragraphs[0]
    header.text = source.meta.get("classification", "OFFICIAL")
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].font.size = Pt(9)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label = f"{COUNCIL} \u2013 {source.meta['title']} \u2013 Version {source.meta['version']}"
    _run(footer, f"{label} \u2013 Page ", size=9)
    _field(footer, "PAGE", "1")
    _run(footer, " of ", size=9)
    _field(footer, "NUMPAGES", "1")


def _run(paragraph, text: str, bold: bool = False, size: int | None = None):
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if size:
        run.font.size = Pt(size)
    return run


def _field(paragraph, instruction: str, cached: str) -> None:
    """Appends a complex field (begin / instrText / separate / result / end)."""
    def char(kind: str):
        run = _run(paragraph, "", size=9)
        run._r.append(_el("w:fldChar", fldCharType=kind))

    char("begin")
    instr = _run(paragraph, "", size=9)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    instr._r.append(text)
    char("separate")
    _run(paragraph, cached, size=9)
    char("end")


# ---------------------------------------------------------------- body


def add_inline(paragraph, text: str) -> None:
    """Adds text to paragraph, **bold** spans as bold runs."""
    for i, part in enumerate(re.split(r"\*\*", text)):
        if part:
            _run(paragraph, part, bold=i % 2 == 1)


def add_table(document, rows: list[list[str]], widths: list[float] | None = None,
              header_row: bool = True):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, cells in enumerate(rows):
        if len(cells) != len(rows[0]):
            raise ValueError(f"table row has {len(cells)} cells, not {len(rows[0])}: {cells}")
        row = table.rows[r]
        for c, value in enumerate(cells):
            cell = row.cells[c]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_before = Pt(2)
            paragraph.paragraph_format.space_after = Pt(2)
            add_inline(paragraph, value)
            is_header = (header_row and r == 0) or (not header_row and c == 0)
            if is_header:
                for run in paragraph.runs:
                    run.bold = True
                shading = _el("w:shd", val="clear", color="auto", fill=HEADER_FILL)
                cell._tc.get_or_add_tcPr().append(shading)
        if header_row and r == 0:
            row._tr.get_or_add_trPr().append(_el("w:tblHeader"))
    if widths is None:
        widths = _column_widths(rows)
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(Cm(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def _column_widths(rows: list[list[str]], total: float = 16.0) -> list[float]:
    """Returns column widths in cm shared out by the longest text in each column."""
    longest = [max(min(len(row[c]), 60) for row in rows) + 8 for c in range(len(rows[0]))]
    return [round(total * n / sum(longest), 2) for n in longest]


def add_front(document, source: Source) -> None:
    meta = source.meta
    document.add_paragraph(COUNCIL, style="Subtitle")
    document.add_paragraph(meta["title"], style="Title")

    heading = document.add_paragraph()
    _run(heading, "Document control", bold=True, size=12)
    heading.paragraph_format.keep_with_next = True
    control = [
        ["Document reference", meta["reference"]],
        ["Version", meta["version"]],
        ["Status", meta.get("status", "Approved")],
        ["Policy owner", meta["owner"]],
        ["Author", meta["author"]],
        ["Approved by", meta["approved_by"]],
        ["Date approved", meta["date_approved"]],
        ["Next review", meta["next_review"]],
        ["Classification", meta.get("classification", "OFFICIAL")],
    ]
    add_table(document, control, widths=[5.0, 11.0], header_row=False)

    if source.history:
        heading = document.add_paragraph()
        heading.paragraph_format.space_before = Pt(12)
        _run(heading, "Version history", bold=True, size=12)
        heading.paragraph_format.keep_with_next = True
        rows = [["Version", "Date", "Author", "Summary of changes"], *source.history]
        add_table(document, rows, widths=[1.8, 2.8, 3.6, 7.8])


def add_body(document, source: Source, numbering: Numbering) -> None:
    list_nums: dict[int, int] = {}
    first_heading = True
    for block in source.blocks:
        if block.kind == "heading":
            paragraph = document.add_paragraph(style=f"Heading {block.level}")
            if first_heading:
                paragraph.paragraph_format.page_break_before = True
                first_heading = False
            add_inline(paragraph, block.text)
        elif block.kind in ("clause", "letter"):
            if block.list_no not in list_nums:
                abstract = CLAUSE_ABSTRACT if block.kind == "clause" else LETTER_ABSTRACT
                list_nums[block.list_no] = numbering.add(abstract, restart=True)
            style = "List Number 2" if block.level else "List Number"
            paragraph = document.add_paragraph(style=style)
            _set_num(paragraph._p.get_or_add_pPr(), list_nums[block.list_no], block.level)
            add_inline(paragraph, block.text)
        elif block.kind == "bullet":
            style = "List Bullet 2" if block.level else "List Bullet"
            add_inline(document.add_paragraph(style=style), block.text)
        elif block.kind == "table":
            add_table(document, block.rows)
            document.add_paragraph().paragraph_format.space_after = Pt(0)
        else:
            add_inline(document.add_paragraph(), block.text)


def set_properties(document, source: Source) -> None:
    meta = source.meta
    props = document.core_properties
    props.title = meta["title"]
    props.subject = f"{COUNCIL} {meta['title']}"
    props.author = meta["author"]
    props.last_modified_by = meta["author"]
    props.keywords = f"version {meta['version']}; {meta['reference']}; policy"
    props.category = "Policy"
    props.comments = f"Owner: {meta['owner']}. Approved by {meta['approved_by']}."
    props.version = meta["version"]
    props.revision = int(meta.get("revision", "1"))
    props.content_status = meta.get("status", "Approved")
    props.identifier = meta["reference"]
    props.language = "en-GB"
    props.created = dt.datetime.fromisoformat(meta["created"])
    props.modified = dt.datetime.fromisoformat(meta["modified"])
    props.last_printed = dt.datetime.fromisoformat(meta["modified"])


def drop_thumbnail(document) -> None:
    """The python-docx template's thumbnail shows an unrelated page: drop it."""
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[r_id]


def set_language(document) -> None:
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _el("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")


def build_document(source: Source) -> docx.document.Document:
    """Returns the Word document for one parsed source."""
    document = docx.Document()
    numbering = Numbering(document)
    set_up_styles(document, numbering)
    set_language(document)
    set_up_page(document, source)
    add_front(document, source)
    add_body(document, source, numbering)
    set_properties(document, source)
    drop_thumbnail(document)
    return document


def deterministic_bytes(document) -> bytes:
    """Returns the saved .docx with every zip entry stamped with a fixed date."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename.startswith("docProps/thumbnail"):
                continue
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_all(out_dir: Path = SAMPLES, sources: Path = SOURCES) -> list[Path]:
    """Builds every source under sources into out_dir; returns the written paths."""
    written = []
    for md in sorted(sources.rglob("*.md")):
        relative = md.relative_to(sources).with_suffix(".docx")
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        document = build_document(parse_source(md.read_text(encoding="utf-8")))
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(deterministic_bytes(document))
        tmp.replace(target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SAMPLES, help="output directory")
    args = parser.parse_args(argv)
    for path in build_all(args.out):
        document = docx.Document(str(path))
        texts = [p.text for p in document.paragraphs]
        texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        words = sum(len(text.split()) for text in texts)
        print(f"{path.relative_to(args.out)}: {words} words, {len(document.tables)} tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
