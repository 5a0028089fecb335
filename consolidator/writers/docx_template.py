"""The export template: house styles, opening a user's .docx/.dotx, and making it fit for export."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.parser import parse_xml
from docx.parts.numbering import NumberingPart
from lxml import etree

from consolidator.errors import LoadError
from consolidator.ooxml.clean import clean_package
from consolidator.ooxml.parts import WordPackage
from consolidator.ooxml.safe import Package
from consolidator.source_files import describe, read_file_bytes
from consolidator.writers import ooxml
from consolidator.writers.ooxml import Numbering, StyleSpec, w

BUNDLED_TEMPLATE = (
    Path(__file__).resolve().parents[2] / "resources" / "templates" / "digital-policy-template.docx"
)

FONT = "Arial"
NAVY = "1F3864"
BLUE = "2E5395"
GREY = "595959"
TEXT_WIDTH = 9070  # A4 (11906 twips) less two 2.5 cm margins

# numIds of the bundled template: headings, bullets, numbered clauses.
HEADING_NUM, BULLET_NUM, NUMBER_NUM = 1, 2, 3

# Roles the export needs, the style name Word uses for each, and the house definition to add
# when a template lacks it. Style names are matched case-insensitively, as Word does.
HOUSE_STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", "Normal", ui_priority=0),
    StyleSpec("Title", "Title", based_on="Normal", next_style="Normal", size=60, bold=True,
              color=NAVY, space_before=2880, space_after=240, line=240, ui_priority=10),
    StyleSpec("Subtitle", "Subtitle", based_on="Normal", next_style="Normal", size=32,
              color=BLUE, space_after=120, ui_priority=11),
    StyleSpec("Heading1", "heading 1", based_on="Normal", next_style="Normal", size=32,
              bold=True, color=NAVY, space_before=360, space_after=120, line=240, keep_next=True,
              outline_level=0, numbering=Numbering(HEADING_NUM, 0), ui_priority=9),
    StyleSpec("Heading2", "heading 2", based_on="Normal", next_style="Normal", size=26,
              bold=True, color=NAVY, space_before=240, space_after=80, keep_next=True,
              outline_level=1, numbering=Numbering(HEADING_NUM, 1), ui_priority=9),
    StyleSpec("Heading3", "heading 3", based_on="Normal", next_style="Normal", size=22,
              bold=True, color=BLUE, space_before=200, space_after=60, keep_next=True,
              outline_level=2, numbering=Numbering(HEADING_NUM, 2), ui_priority=9),
    # Unnumbered only: a sub-section's own sub-section kept as a label (never in the contents)
    StyleSpec("Heading4", "heading 4", based_on="Normal", next_style="Normal", size=21,
              bold=True, color=NAVY, space_before=160, space_after=40, keep_next=True,
              outline_level=3, ui_priority=9),
    # Deeper sub-sections' own, as labels: the MoJ email guide's "Type of hoaxes" (under
    # "Hoaxes", under "Other email problems") and its eleven kinds would otherwise look alike
    StyleSpec("Heading5", "heading 5", based_on="Normal", next_style="Normal", size=21,
              bold=True, italic=True, color=NAVY, space_before=140, space_after=40,
              keep_next=True, outline_level=4, ui_priority=9),
    StyleSpec("Heading6", "heading 6", based_on="Normal", next_style="Normal", size=20,
              italic=True, color=NAVY, space_before=120, space_after=40, keep_next=True,
              outline_level=5, ui_priority=9),
    # A source's sub-section heading kept as a label: a heading at its level (navigation, the
    # accessibility tags) that the contents leave out (its TOC field lists Heading 1-3 only)
    *(StyleSpec(f"Label{n}", f"Sub-heading {n}", based_on=f"Heading{n}", next_style="Normal",
                numbering=Numbering(0, 0), outline_level=n - 1, ui_priority=9)
      for n in (2, 3, 4, 5, 6)),
    StyleSpec("TOCHeading", "TOC Heading", based_on="Heading1", next_style="Normal",
              numbering=Numbering(0, 0), outline_level=9, ui_priority=39),
    StyleSpec("ListNumber", "List Number", based_on="Normal", space_after=80,
              numbering=Numbering(NUMBER_NUM, 0), ui_priority=99),
    StyleSpec("ListBullet", "List Bullet", based_on="Normal", space_after=60,
              numbering=Numbering(BULLET_NUM, 0), ui_priority=99),
    StyleSpec("TableText", "Table Text", based_on="Normal", size=20, space_after=0, line=240,
              ui_priority=99),
    StyleSpec("Header", "header", based_on="Normal", size=18, color=GREY, space_after=0,
              line=240, ui_priority=99),
    StyleSpec("Footer", "footer", based_on="Normal", size=18, color=GREY, space_after=0,
              line=240, ui_priority=99),
    StyleSpec("TOC1", "toc 1", based_on="Normal", next_style="Normal", bold=True,
              space_before=120, space_after=40, tab_right=TEXT_WIDTH, ui_priority=39),
    StyleSpec("TOC2", "toc 2", based_on="Normal", next_style="Normal", space_after=40,
              indent_left=340, tab_right=TEXT_WIDTH, ui_priority=39),
    StyleSpec("TOC3", "toc 3", based_on="Normal", next_style="Normal", space_after=40,
              indent_left=680, tab_right=TEXT_WIDTH, ui_priority=39),
    StyleSpec("Hyperlink", "Hyperlink", kind="character", color="0563C1", ui_priority=99),
    StyleSpec("PolicyTable", "Policy Table", kind="table", borders=True, header_fill=NAVY,
              ui_priority=59),
)

ROLE_NAMES = {spec.style_id: spec.name for spec in HOUSE_STYLES}


def house_styles_xml() -> str:
    """Returns the bundled template's styles.xml: Arial 11 pt, navy numbered headings, tables."""
    specs = [ooxml.style(spec) for spec in HOUSE_STYLES]
    specs[0] = specs[0].replace('w:styleId="Normal"', 'w:styleId="Normal" w:default="1"', 1)
    defaults = ooxml.doc_defaults(FONT, 22, after=160, line=276)
    extra = (
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" '
        'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        "</w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    )
    return ooxml.styles_part(defaults, [specs[0], extra, *specs[1:]])


def house_numbering_xml() -> str:
    """Returns the bundled template's numbering.xml: headings 1/1.1/1.1.1, bullets, clauses."""
    return ooxml.numbering_part(
        [
            ooxml.heading_abstract_num(0, ["Heading1", "Heading2", "Heading3"]),
            ooxml.list_abstract_num(1, numbered=False, style="ListBullet"),
            ooxml.list_abstract_num(2, numbered=True, style="ListNumber"),
        ],
        [ooxml.num(HEADING_NUM, 0), ooxml.num(BULLET_NUM, 1), ooxml.num(NUMBER_NUM, 2)],
    )


def build_template_bytes() -> bytes:
    """Returns the bundled template as .docx bytes, identical on every run (fixed zip dates)."""
    sample = "".join([
        ooxml.paragraph(ooxml.run("Digital Policy"), style="Title"),
        ooxml.paragraph(ooxml.run("Policy Consolidator house template"), style="Subtitle"),
        ooxml.paragraph(ooxml.run("Heading 1 (numbered 1, 2, 3)"), style="Heading1"),
        ooxml.paragraph(ooxml.run("Heading 2 (numbered 1.1)"), style="Heading2"),
        ooxml.paragraph(ooxml.run("Heading 3 (numbered 1.1.1)"), style="Heading3"),
        ooxml.paragraph(ooxml.run("Body text: Arial 11 pt, 1.15 line spacing."), style="Normal"),
        ooxml.paragraph(ooxml.run("A numbered clause (List Number)."), style="ListNumber"),
        ooxml.paragraph(ooxml.run("A bullet point (List Bullet)."), style="ListBullet"),
    ])
    parts = {
        "/word/document.xml": ooxml.document_part(sample, ooxml.a4_section()),
        "/word/styles.xml": house_styles_xml(),
        "/word/numbering.xml": house_numbering_xml(),
        "/word/settings.xml": ooxml.settings_part(),
        "/docProps/core.xml": ooxml.core_properties(
            title="Digital Policy template", creator="Policy Consolidator",
            created="2025-01-01T00:00:00Z"),
        "/docProps/app.xml": ooxml.app_properties("Policy Consolidator"),
    }
    members = {
        "[Content_Types].xml": ooxml.content_types(parts),
        "_rels/.rels": ooxml.relationships([
            ("rId1", "officeDocument", "word/document.xml"),
            ("rId2", "core", "docProps/core.xml"),
            ("rId3", "extended-properties", "docProps/app.xml"),
        ]),
        "word/_rels/document.xml.rels": ooxml.relationships([
            ("rId1", "styles", "styles.xml"),
            ("rId2", "numbering", "numbering.xml"),
            ("rId3", "settings", "settings.xml"),
        ]),
        **{name.lstrip("/"): xml for name, xml in parts.items()},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in members.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # "Unix" whatever the OS (Windows would record 0): same bytes
            archive.writestr(info, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                             + xml.encode("utf-8"))
    return out.getvalue()


# --- opening a template -------------------------------------------------------------------------

_TEMPLATE_KINDS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "dotm",
}


def open_template(path: Path | None) -> Document:
    """Returns the template as a python-docx Document: the bundled one, or a user's .docx/.dotx.

    A user's template comes in as a source does (a regular file, bounded, every part read
    through the safe package) and is cut down to the parts an export may copy (no macros,
    embedded files, external links or unused parts); a .dotx (Word template) becomes a
    document. Its styles, numbering, page setup, headers and footers are kept. Raises LoadError
    with a plain message when the file is missing or is not a Word document or template.
    """
    if path is None:
        data = BUNDLED_TEMPLATE.read_bytes() if BUNDLED_TEMPLATE.exists() else None
        if data is None:  # a checkout without the generated file: build it in memory
            data = build_template_bytes()
        return docx.Document(io.BytesIO(data))
    path = Path(path)
    what = f"The template {describe(path)}"
    try:
        data = read_file_bytes(path, what="template")
    except LoadError as exc:
        if exc.reason == "not-found":
            raise LoadError(f"{what} was not found. Choose another template, or none to use the "
                            "built-in house style.", path=str(path), reason="missing") from None
        raise
    try:
        return docx.Document(io.BytesIO(_clean_template(data, what, path)))
    except LoadError as exc:
        exc.path = str(path)
        raise
    except Exception as exc:  # python-docx raises assorted errors for a broken package
        raise LoadError(
            f"{what} is not a Word document or template that can be used ({exc}). Save it from "
            "Word as .docx or .dotx and choose it again.", path=str(path), reason="corrupt",
        ) from None


def _clean_template(data: bytes, what: str, path: Path) -> bytes:
    """Returns the template's package cut down to what an export may copy, as a document."""
    if not data.startswith(b"PK"):
        raise LoadError(f"{what} is not a Word document or template (.docx or .dotx). Save it "
                        "from Word in one of those formats and choose it again.",
                        reason="unsupported")
    clean = clean_package(WordPackage(Package(data, describe(path))))
    kind = _TEMPLATE_KINDS.get(clean.main_type)
    if kind is None:
        raise LoadError(f"{what} is not a Word document or template (.docx or .dotx).",
                        reason="unsupported")
    if kind in ("docm", "dotm"):
        raise LoadError(f"{what} contains macros (.docm/.dotm), which are not used for exports. "
                        "In Word, save it as a Word Template (.dotx) and choose that instead.",
                        reason="unsupported")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in clean.members():
            archive.writestr(name, payload)
    return out.getvalue()


# --- making a template fit for export -----------------------------------------------------------


@dataclass
class TemplateStyles:
    """The template's style ids for each role, and the numbering the export draws on."""

    ids: dict[str, str]  # role (house style id) -> the template's style id
    numbering: etree._Element  # w:numbering of the document
    bullet_abstract: int
    number_abstract: int
    _next_num: int = 0
    _nums: list[str] = field(default_factory=list)

    def bullets(self) -> int:
        """Returns the numId for bullets (one list for the whole document)."""
        return self._bullet_num

    def new_numbered_list(self) -> int:
        """Returns a fresh numId for a numbered list that starts again at 1."""
        return self._add_num(self.number_abstract, restart=True)

    def _add_num(self, abstract_id: int, *, restart: bool) -> int:
        self._next_num += 1
        self._nums.append(ooxml.num(self._next_num, abstract_id, restart=restart))
        return self._next_num

    def finish(self) -> None:
        """Adds the numbering instances handed out to the numbering part."""
        if self._nums:
            for element in parse_xml(ooxml.numbering_part([], self._nums)):
                self.numbering.append(element)
            self._nums.clear()

    def __post_init__(self) -> None:
        existing = [int(n.get(w("numId"))) for n in self.numbering.iter(w("num"))]
        self._next_num = max(existing, default=0) + 100
        self._bullet_num = self._add_num(self.bullet_abstract, restart=False)


def prepare_template(document: Document) -> TemplateStyles:
    """Returns the style ids to use, after adding what the template lacks.

    Missing roles get the house definition; Heading 1-3 get 1 / 1.1 / 1.1.1 numbering when the
    template's headings are not numbered; list numbering is added as fresh definitions so that a
    template's own lists are never disturbed.
    """
    styles_root = document.styles.element
    by_name = {}
    by_id = {}
    for element in styles_root.iter(w("style")):
        name = element.find(w("name"))
        sid = element.get(w("styleId"))
        by_id[sid] = element
        if name is not None:
            by_name.setdefault(name.get(w("val")).lower(), sid)
    ids: dict[str, str] = {}
    added: list[StyleSpec] = []
    for spec in HOUSE_STYLES:
        role, sid = spec.style_id, by_name.get(spec.name.lower())
        if role.startswith("Label") and sid is not None and _style_outline(by_id, sid) is None:
            # the template's style of that name is no heading: ours, under a name of its own
            spec = replace(spec, style_id=f"PC{spec.style_id}", name=f"{spec.name} (policy)")
            sid = None
        if sid is None and spec.style_id not in by_id:
            # based on the template's own style for that role (localized ids differ)
            added.append(replace(spec, based_on=ids.get(spec.based_on, spec.based_on)))
            sid = spec.style_id
        ids[role] = sid or spec.style_id
    numbering = _numbering_element(document)
    abstract_ids = [int(a.get(w("abstractNumId"))) for a in numbering.iter(w("abstractNum"))]
    next_abstract = max(abstract_ids, default=-1) + 1
    heading_ids = [ids["Heading1"], ids["Heading2"], ids["Heading3"]]
    new_abstracts = [
        ooxml.list_abstract_num(next_abstract, numbered=False),
        ooxml.list_abstract_num(next_abstract + 1, numbered=True),
    ]
    heading_num = 0
    if not _style_numbered(by_id, heading_ids[0]):
        new_abstracts.append(ooxml.heading_abstract_num(next_abstract + 2, heading_ids))
    for element in reversed(parse_xml(ooxml.numbering_part(new_abstracts, []))):
        _insert_abstract(numbering, element)
    book = TemplateStyles(ids=ids, numbering=numbering, bullet_abstract=next_abstract,
                          number_abstract=next_abstract + 1)
    if len(new_abstracts) == 3:
        heading_num = book._add_num(next_abstract + 2, restart=False)
    for spec in added:
        if spec.numbering is not None and spec.numbering.num_id != 0:
            spec = _with_num(spec, heading_num if spec.style_id.startswith("Heading") else
                             book.bullets() if spec.style_id == "ListBullet" else
                             book._add_num(next_abstract + 1, restart=False))
        styles_root.append(parse_xml(ooxml.styles_part("", [ooxml.style(spec)]))[0])
        by_id[spec.style_id] = styles_root[-1]
    if heading_num:
        for level, sid in enumerate(heading_ids):
            if sid in by_id and not any(s.style_id == sid for s in added):
                _set_style_numbering(by_id[sid], Numbering(heading_num, level))
    # "TOC Heading" is based on Heading 1: without numId 0 it would read "1 Contents".
    toc_heading = ids["TOCHeading"]
    if toc_heading in by_id and _style_numbered(by_id, toc_heading):
        _set_style_numbering(by_id[toc_heading], Numbering(0, 0))
    return book


def _with_num(spec: StyleSpec, num_id: int) -> StyleSpec:
    return replace(spec, numbering=Numbering(num_id, spec.numbering.level))


def _style_outline(by_id: dict, style_id: str, depth: int = 0) -> int | None:
    """Returns the style's outline level (from it or one it is based on), None without one."""
    element = by_id.get(style_id)
    if element is None or depth > 10:
        return None
    level = element.find(f"{w('pPr')}/{w('outlineLvl')}")
    if level is not None:
        value = level.get(w("val"))
        return int(value) if value and value.isdigit() and int(value) < 9 else None
    based = element.find(w("basedOn"))
    return _style_outline(by_id, based.get(w("val")), depth + 1) if based is not None else None


def _style_numbered(by_id: dict, style_id: str, depth: int = 0) -> bool:
    """Returns True when the style (or one it is based on) carries a numId other than 0."""
    element = by_id.get(style_id)
    if element is None or depth > 10:
        return False
    num_id = element.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
    if num_id is not None:
        return num_id.get(w("val")) != "0"
    based = element.find(w("basedOn"))
    return based is not None and _style_numbered(by_id, based.get(w("val")), depth + 1)


_PPR_BEFORE_NUMPR = {w(t) for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore",
                                    "framePr", "widowControl")}


def _set_style_numbering(style: etree._Element, numbering: Numbering) -> None:
    """Puts a w:numPr into a style's w:pPr, in schema order."""
    ppr = style.find(w("pPr"))
    if ppr is None:
        ppr = etree.SubElement(style, w("pPr"))
        style.remove(ppr)
        later = {w(t) for t in ("rPr", "tblPr", "trPr", "tcPr", "tblStylePr")}
        index = next((i for i, c in enumerate(style) if c.tag in later), len(style))
        style.insert(index, ppr)
    old = ppr.find(w("numPr"))
    if old is not None:
        ppr.remove(old)
    num_pr = parse_xml(ooxml.fragment(ooxml.paragraph(numbering=numbering)))[0][0][0]
    index = next((i for i, c in enumerate(ppr) if c.tag not in _PPR_BEFORE_NUMPR), len(ppr))
    ppr.insert(index, num_pr)


def _insert_abstract(numbering: etree._Element, abstract: etree._Element) -> None:
    """Inserts an abstractNum after the last one (before any w:num), as the schema requires."""
    first_num = numbering.find(w("num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)


def _numbering_element(document: Document) -> etree._Element:
    """Returns the document's w:numbering, creating the numbering part when there is none."""
    part = document.part
    try:
        return part.part_related_by(RT.NUMBERING).element
    except KeyError:
        pass
    numbering = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                              parse_xml(ooxml.numbering_part([], [])), part.package)
    part.relate_to(numbering, RT.NUMBERING)
    return numbering.element
