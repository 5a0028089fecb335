"""Accessibility check of a Word document: what a screen-reader user or an audit would flag.

    check_accessibility(path) -> tuple[Finding, ...]     () when nothing was found

Checks (after the UK public sector accessibility regulations and Word's own checker): headings
are heading styles in order (no level skipped) and not empty; every table has a header row that
repeats and a caption or description; every picture has alternative text (or is marked
decorative); text contrasts with its background (WCAG 2.1 AA: 4.5:1, 3:1 for large text); the
document has a title and a language. Only reads the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from consolidator.errors import LoadError
from consolidator.ooxml.names import DC_NS, REL_CORE, REL_STYLES, W_NS, WP_NS
from consolidator.ooxml.parts import WordPackage
from consolidator.ooxml.safe import Package
from consolidator.readers.docx_styles import Styles

AA_NORMAL, AA_LARGE = 4.5, 3.0
WHITE = (255, 255, 255)
_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_V_NS = "urn:schemas-microsoft-com:vml"
_O_NS = "urn:schemas-microsoft-com:office:office"
_NS = {"w": W_NS}


def _w(local: str) -> str:
    return f"{{{W_NS}}}{local}"


def _val(element: etree._Element | None, attr: str = "val") -> str:
    return (element.get(_w(attr)) or "") if element is not None else ""


@dataclass(frozen=True)
class Finding:
    """One accessibility problem: a short code, and a plain message saying where and what to do."""

    code: str  # heading-order, empty-heading, table-header, table-description, image-alt,
    #            contrast, title, language
    message: str


@dataclass(frozen=True)
class _RunStyle:
    color: str = ""  # "RRGGBB", "auto" or "" (inherited)
    size: int = 0  # half-points, 0 inherited
    bold: bool | None = None


class _StyleColours:
    """Text colour, size and weight of paragraph and character styles, after basedOn."""

    def __init__(self, styles: etree._Element | None) -> None:
        self._own: dict[str, tuple[str, _RunStyle]] = {}
        self.default = _RunStyle()
        self.default_paragraph = ""
        if styles is None:
            return
        default_rpr = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        self.default = _run_style(default_rpr)
        for style in styles.iter(_w("style")):
            style_id = style.get(_w("styleId")) or ""
            based_on = _val(style.find(_w("basedOn")))
            self._own[style_id] = (based_on, _run_style(style.find(_w("rPr"))))
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true"):
                self.default_paragraph = style_id

    def resolve(self, style_id: str) -> _RunStyle:
        color, size, bold, seen = "", 0, None, set()
        while style_id and style_id in self._own and style_id not in seen:
            seen.add(style_id)
            based_on, own = self._own[style_id]
            color, size = color or own.color, size or own.size
            bold = own.bold if bold is None else bold
            style_id = based_on
        return _RunStyle(color, size, bold)


def _run_style(rpr: etree._Element | None) -> _RunStyle:
    if rpr is None:
        return _RunStyle()
    size = _val(rpr.find(_w("sz")))
    bold_el = rpr.find(_w("b"))
    bold = None if bold_el is None else _val(bold_el) not in ("0", "false", "off")
    return _RunStyle(_val(rpr.find(_w("color"))), int(size) if size.isdigit() else 0, bold)


def check_accessibility(path: str | Path) -> tuple[Finding, ...]:
    """Returns the accessibility problems of the .docx at `path`; raises LoadError if unreadable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path.name} cannot be read ({exc.strerror or exc}).",
                        path=str(path), reason="io") from exc
    return check_bytes(data, path.name)


def check_bytes(data: bytes, name: str) -> tuple[Finding, ...]:
    """Returns the accessibility problems of a .docx held in memory."""
    package = WordPackage(Package(data, name))
    main = package.main_part()
    body = package.xml(main)
    rels = package.relationships(main)
    styles_part = package.related_part(rels, REL_STYLES)
    styles_root = package.xml(styles_part) if styles_part else None
    findings = list(_structure(body, Styles(styles_root)))
    findings += _contrast(body, _StyleColours(styles_root))
    findings += _properties(package, styles_root)
    return tuple(findings)


def _structure(body: etree._Element, styles: Styles) -> Iterator[Finding]:
    """Yields heading, table and picture findings, in document order."""
    previous_level, previous = 0, "the start of the document"
    tables = 0
    for element in body.iter(_w("p"), _w("tbl"), _w("drawing"), _w("pict")):
        tag = etree.QName(element).localname
        if tag == "p":
            level = _heading_level(element, styles)
            if not level:
                continue
            text = " ".join("".join(element.xpath(".//w:t/text()", namespaces=_NS)).split())
            if not text:
                yield Finding("empty-heading", f"An empty heading (level {level}) follows "
                              f"{previous}. Delete it, or type its heading text.")
                continue
            if level > previous_level + 1:
                yield Finding("heading-order", f"Heading \u201c{text}\u201d is level {level} "
                              f"straight after {previous}, skipping a level. Use Heading "
                              f"{previous_level + 1}, or add the missing heading above it.")
            previous_level, previous = level, f"heading \u201c{text}\u201d"
        elif tag == "tbl":
            tables += 1
            yield from _table_findings(element, f"Table {tables} (after {previous})")
        elif not _has_alt_text(element):
            yield Finding("image-alt", f"A picture after {previous} has no alternative text. "
                          "In Word, right-click it > View Alt Text, and describe it (or tick "
                          "Mark as decorative).")


def _heading_level(paragraph: etree._Element, styles: Styles) -> int:
    ppr = paragraph.find(_w("pPr"))
    outline = _val(ppr.find(_w("outlineLvl"))) if ppr is not None else ""
    if outline.isdigit():
        return int(outline) + 1 if int(outline) < 9 else 0
    style_id = _val(ppr.find(_w("pStyle"))) if ppr is not None else ""
    return styles.resolve(style_id or None).heading_level


def _table_findings(table: etree._Element, where: str) -> Iterator[Finding]:
    first_row = table.find(_w("tr"))
    header = first_row.find(f"{_w('trPr')}/{_w('tblHeader')}") if first_row is not None else None
    if header is None or _val(header) in ("0", "false", "off"):
        yield Finding("table-header", f"{where} has no header row. In Word, select its first "
                      "row > Table Properties > Row > tick Repeat as header row at the top of "
                      "each page.")
    props = table.find(_w("tblPr"))
    described = props is not None and any(
        _val(props.find(_w(tag))).strip() for tag in ("tblCaption", "tblDescription"))
    if not described:
        yield Finding("table-description", f"{where} has no title or description for screen "
                      "readers. In Word: Table Properties > Alt Text.")


def _has_alt_text(element: etree._Element) -> bool:
    """Returns True when a w:drawing or w:pict has alternative text or is marked decorative."""
    if etree.QName(element).localname == "drawing":
        for doc_pr in element.iter(f"{{{WP_NS}}}docPr"):
            if (doc_pr.get("descr") or doc_pr.get("title") or "").strip():
                return True
            if any(el.get("val") in ("1", "true") for el in doc_pr.iter(f"{{{_DECORATIVE}}}*")):
                return True
        return False
    if not list(element.iter(f"{{{_V_NS}}}imagedata")):
        return True  # a VML shape without a picture (a line, a text box): nothing to describe
    return any((shape.get("alt") or "").strip() for shape in element.iter(f"{{{_V_NS}}}shape")) \
        or any((img.get(f"{{{_O_NS}}}title") or "").strip()
               for img in element.iter(f"{{{_V_NS}}}imagedata"))


def _contrast(body: etree._Element, colours: _StyleColours) -> Iterator[Finding]:
    """Yields one finding per pair of text and background colours with too little contrast."""
    reported: set[tuple[str, str]] = set()
    for paragraph in body.iter(_w("p")):
        ppr = paragraph.find(_w("pPr"))
        style_id = _val(ppr.find(_w("pStyle"))) if ppr is not None else ""
        paragraph_style = colours.resolve(style_id or colours.default_paragraph)
        background = _fill(ppr) or _cell_fill(paragraph) or "FFFFFF"
        for run in paragraph.iter(_w("r")):
            text = "".join(run.xpath("w:t/text()", namespaces=_NS)).strip()
            if not text:
                continue
            style = _effective(run.find(_w("rPr")), colours, paragraph_style)
            run_background = _fill(run.find(_w("rPr")), run=True) or background
            if style.color in ("", "auto") or (style.color, run_background) in reported:
                continue
            ratio = contrast_ratio(style.color, run_background)
            large = style.size >= 36 or (style.size >= 28 and bool(style.bold))
            needed = AA_LARGE if large else AA_NORMAL
            if ratio is not None and ratio < needed:
                reported.add((style.color, run_background))
                yield Finding("contrast", f"Text \u201c{_short(text)}\u201d (colour "
                              f"#{style.color} on #{run_background}) has a contrast of "
                              f"{ratio:.1f}:1; it needs {needed:.1f}:1 to be readable. Use a "
                              "darker colour.")


def _effective(rpr: etree._Element | None, colours: _StyleColours,
               paragraph: _RunStyle) -> _RunStyle:
    own = _run_style(rpr)
    character = colours.resolve(_val(rpr.find(_w("rStyle")))) if rpr is not None else _RunStyle()
    layers = (own, character, paragraph, colours.default)
    color = next((layer.color for layer in layers if layer.color), "")
    size = next((layer.size for layer in layers if layer.size), 22)
    bold = next((layer.bold for layer in layers if layer.bold is not None), False)
    return _RunStyle(color, size, bold)


def _fill(props: etree._Element | None, *, run: bool = False) -> str:
    """Returns the shading fill ("RRGGBB") of a pPr/rPr/tcPr, "" when none."""
    if props is None:
        return ""
    fill = _val(props.find(_w("shd")), "fill")
    if run and not fill:
        highlight = _val(props.find(_w("highlight")))
        fill = _HIGHLIGHTS.get(highlight, "")
    return fill.upper() if fill and fill.lower() != "auto" else ""


def _cell_fill(paragraph: etree._Element) -> str:
    for ancestor in paragraph.iterancestors(_w("tc")):
        return _fill(ancestor.find(_w("tcPr")))
    return ""


_HIGHLIGHTS = {"yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF", "magenta": "FF00FF",
               "blue": "0000FF", "red": "FF0000", "darkBlue": "000080", "darkCyan": "008080",
               "darkGreen": "008000", "darkMagenta": "800080", "darkRed": "800000",
               "darkYellow": "808000", "darkGray": "808080", "lightGray": "C0C0C0",
               "black": "000000", "white": "FFFFFF"}


def contrast_ratio(foreground: str, background: str) -> float | None:
    """Returns the WCAG contrast ratio of two "RRGGBB" colours (1 to 21), None if unreadable."""
    try:
        lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    except ValueError:
        return None
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(hex_colour: str) -> float:
    if len(hex_colour) != 6:
        raise ValueError(hex_colour)
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _properties(package: WordPackage, styles: etree._Element | None) -> Iterator[Finding]:
    """Yields findings for a missing document title or language."""
    props = dict(package.core_properties())
    if not props.get("title"):
        yield Finding("title", "The document has no title in its properties (screen readers "
                      "announce it). In Word: File > Info > Properties > Title.")
    language = ""
    core = package.related_part(package.relationships(""), REL_CORE)
    if core is not None:
        element = package.xml(core).find(f"{{{DC_NS}}}language")
        language = (element.text or "").strip() if element is not None else ""
    if not language and styles is not None:
        lang = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('lang')}")
        language = _val(lang)
    if not language:
        yield Finding("language", "The document's language is not set, so screen readers may "
                      "read it with the wrong voice. In Word: Review > Language > Set Proofing "
                      "Language > English (United Kingdom) > Set As Default.")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
