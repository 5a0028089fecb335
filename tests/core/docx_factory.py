"""Builds tiny .docx packages for tests from raw body XML (and optional styles, numbering...)."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W}" xmlns:r="{R}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'mc:Ignorable=""'
)
_REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/{main}"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""


def p(text: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    """Returns the XML of a paragraph with one plain run (optionally a style and numPr)."""
    ppr = ""
    if style or num:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if num:
            inner += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr = f"<w:pPr>{inner}</w:pPr>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def heading_styles(*extra: str) -> str:
    """Returns styles.xml content: Normal, Title and Heading 1-3, plus `extra` style elements."""
    styles = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
        '<w:name w:val="Normal"/></w:style>',
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
        '<w:basedOn w:val="Normal"/></w:style>',
    ]
    for n in (1, 2, 3):
        styles.append(
            f'<w:style w:type="paragraph" w:styleId="Heading{n}">'
            f'<w:name w:val="heading {n}"/><w:basedOn w:val="Normal"/>'
            f'<w:pPr><w:outlineLvl w:val="{n - 1}"/></w:pPr></w:style>'
        )
    return "".join(styles) + "".join(extra)


def build_docx(
    body: str,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    footnotes: str | None = None,
    endnotes: str | None = None,
    comments: str | None = None,
    hyperlinks: dict[str, str] | None = None,
    footers: tuple[str, ...] = (),
    core_title: str | None = None,
    main_part: str = "word/document.xml",
    strict: bool = False,
) -> bytes:
    """Returns the bytes of a .docx whose body is `body` (inner XML of w:body).

    `styles`, `numbering`, `footnotes`, `endnotes` and `comments` are the inner XML of those
    parts, `footers` one inner XML per footer part; `hyperlinks` maps relationship ids to
    external URLs. `strict` writes Strict OOXML namespaces.
    """
    folder = main_part.rsplit("/", 1)[0]
    base = main_part.rsplit("/", 1)[1]
    parts: dict[str, str] = {}
    rels: list[tuple[str, str, str, bool]] = []

    def add(rel_id: str, kind: str, name: str, root: str, inner: str) -> None:
        parts[f"{folder}/{name}"] = f"<w:{root} {NAMESPACES}>{inner}</w:{root}>"
        rels.append((rel_id, kind, name, False))

    if styles is not None:
        add("rIdStyles", "styles", "styles.xml", "styles", styles)
    if numbering is not None:
        add("rIdNumbering", "numbering", "numbering.xml", "numbering", numbering)
    if footnotes is not None:
        add(
            "rIdFootnotes",
            "footnotes",
            "footnotes.xml",
            "footnotes",
            _notes("footnote") + footnotes,
        )
    if endnotes is not None:
        add("rIdEndnotes", "endnotes", "endnotes.xml", "endnotes", _notes("endnote") + endnotes)
    if comments is not None:
        add("rIdComments", "comments", "comments.xml", "comments", comments)
    for n, footer in enumerate(footers, 1):
        add(f"rIdFooter{n}", "footer", f"footer{n}.xml", "ftr", footer)
    for rel_id, url in (hyperlinks or {}).items():
        rels.append((rel_id, "hyperlink", url, True))

    parts[main_part] = f"<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"
    parts[f"{folder}/_rels/{base}.rels"] = _rels(rels)
    package_rels = [("rId1", "officeDocument", main_part, False)]
    if core_title is not None:
        parts["docProps/core.xml"] = (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{core_title}</dc:title><dc:creator>Test Author</dc:creator>"
            "</cp:coreProperties>"
        )
        package_rels.append(("rId2", "core", "docProps/core.xml", False))
    parts["_rels/.rels"] = _rels(package_rels)
    parts["[Content_Types].xml"] = _CONTENT_TYPES.format(main=main_part)

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            data = xml.encode("utf-8")
            if strict:
                data = _to_strict(data)
            archive.writestr(name, data)
    return buffer.getvalue()


def write_docx(tmp_path: Path, body: str, name: str = "policy.docx", **kwargs) -> Path:
    """Returns the path of a .docx written under tmp_path (see build_docx)."""
    path = tmp_path / name
    path.write_bytes(build_docx(body, **kwargs))
    return path


def _notes(kind: str) -> str:
    return (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f"</w:{kind}>"
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{kind}>"
    )


def _rels(rels: list[tuple[str, str, str, bool]]) -> str:
    items = []
    for rel_id, kind, target, external in rels:
        rel_type = (
            f"http://schemas.openxmlformats.org/package/2006/relationships/metadata/{kind}"
            if kind == "core"
            else f"{_REL_BASE}/{kind}"
        )
        mode = ' TargetMode="External"' if external else ""
        items.append(f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"{mode}/>')
    return (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(items)
        + "</Relationships>"
    )


def _to_strict(data: bytes) -> bytes:
    data = data.replace(W.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
    return data.replace(
        _REL_BASE.encode(), b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    )
