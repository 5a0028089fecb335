"""A Word package cut down to the parts a writer may copy into a file it writes.

Kept: the main part and the parts it draws on (styles, numbering, settings, fonts, theme,
headers, footers, notes, comments, pictures, charts, diagrams) reached through relationships,
every one read through the bounded Package. Dropped: every other part (macros, embedded files,
custom XML, a huge unused media part), relationships to anything outside the package except
web and mail hyperlinks (a `file:` link, an image on a web server, a sub-document or template on
another computer), member names that climb out of the package, DTDs (each XML part is parsed
and written again), and settings that make Word reach out (mail merge, an attached template,
update fields on open). References to what was dropped are removed with it, so the result
stays a valid package.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from lxml import etree

from consolidator.errors import LoadError
from consolidator.ooxml.names import PKG_REL_NS, R_NS, w
from consolidator.ooxml.parts import Relationship, WordPackage, rels_name

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# Relationship kinds (the type's last word) whose internal targets are kept.
KEPT_KINDS = frozenset({
    "officeDocument", "core-properties", "extended-properties",
    "styles", "stylesWithEffects", "numbering", "settings", "webSettings", "fontTable", "theme",
    "header", "footer", "footnotes", "endnotes",
    "comments", "commentsExtended", "commentsIds", "commentsExtensible", "people",
    "image", "chart", "chartStyle", "chartColorStyle", "themeOverride", "chartUserShapes",
    "diagramData", "diagramLayout", "diagramQuickStyle", "diagramColors", "diagramDrawing",
})
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# The content type a part of each kind must have (a package that left it generic is mended).
KIND_TYPES = {
    **{kind: f"{_WML}{kind}+xml" for kind in ("styles", "numbering", "settings", "webSettings",
                                                "fontTable", "header", "footer", "footnotes",
                                                "endnotes", "comments")},
    "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
    "core-properties": "application/vnd.openxmlformats-package.core-properties+xml",
    "extended-properties": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}
_WEB_LINK = re.compile(r"^(https?://|mailto:)[^\\\s]*$", re.I)
# Elements whose reference to a part is required: dropped with the part they refer to.
_REFERENCE_ELEMENTS = frozenset({
    w("subDoc"), w("attachedTemplate"), w("sourceFileName"), w("altChunk"), w("headerReference"),
    w("footerReference"), w("dataSource"), w("recipientData"), w("printerSettings"),
    w("embedRegular"), w("embedBold"), w("embedItalic"), w("embedBoldItalic"),
    "{http://schemas.openxmlformats.org/drawingml/2006/chart}externalData",
    "{http://schemas.openxmlformats.org/drawingml/2006/chart}userShapes",
})
# Settings that make Word fetch or run something when the file is opened.
_REACHING_SETTINGS = (w("mailMerge"), w("attachedTemplate"), w("updateFields"),
                      w("linkStyles"))
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# Fields that make Word or LibreOffice open another file (a picture or text on a server, a DDE
# link) when they are updated: renamed in a copy, so only their cached result shows.
LINK_FIELDS = ("INCLUDEPICTURE", "INCLUDETEXT", "IMPORT", "LINK", "DDEAUTO", "DDE")
_LINK_FIELD = re.compile(r"^(\s*)(" + "|".join(LINK_FIELDS) + r")\b", re.I)


@dataclass
class CleanPackage:
    """The parts kept: XML parts parsed (to be changed by the writer), other parts as bytes."""

    main_part: str
    main_type: str  # the main part's original content type (a template, macro-enabled, ...)
    xml: dict[str, etree._Element] = field(default_factory=dict)
    binary: dict[str, bytes] = field(default_factory=dict)
    related: dict[str, str] = field(default_factory=dict)  # the main part's: kind -> part

    def main_root(self) -> etree._Element:
        return self.xml[self.main_part]

    def related_root(self, kind: str) -> etree._Element | None:
        """Returns the root of the main part's related part of `kind` ("styles"), or None."""
        name = self.related.get(kind)
        return self.xml.get(name) if name else None

    def members(self, written: dict[str, bytes] | None = None) -> list[tuple[str, bytes]]:
        """Returns (name, bytes) of every member, [Content_Types].xml first, for a zip;
        `written`: parts the writer serialized itself."""
        written = written or {}
        names = sorted(self.xml.keys() | self.binary.keys(),
                       key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
        return [(name, written[name] if name in written else self.binary[name]
                 if name in self.binary else serialize(self.xml[name])) for name in names]


def serialize(root: etree._Element) -> bytes:
    """Returns an XML part as Word writes it (declaration, UTF-8, standalone)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def clean_package(package: WordPackage) -> CleanPackage:
    """Returns `package` cut down to the parts a writer may copy (see the module docstring);
    raises LoadError when the main part itself cannot be read."""
    main = package.main_part()
    types = _content_types(package)
    clean = CleanPackage(main, types.get(main.lower(), DOCUMENT_MAIN))
    _Cleaner(package, clean, types).run(main)
    types[main.lower()] = DOCUMENT_MAIN  # a template or macro-enabled file becomes a document
    clean.xml["[Content_Types].xml"] = _types_root(types, clean)
    return clean


class _Cleaner:
    def __init__(self, package: WordPackage, clean: CleanPackage, types: dict[str, str]) -> None:
        self.package = package
        self.clean = clean
        self.types = types
        self.verdicts: dict[str, bool] = {}

    def run(self, main: str) -> None:
        root_rels = self.package.relationships("")
        kept = {rel_id: rel for rel_id, rel in root_rels.items()
                if not rel.external and rel.kind in ("officeDocument", "core-properties",
                                                     "extended-properties")
                and (rel.kind != "officeDocument" or rel.target.lower() == main.lower())}
        kept = {rel_id: rel for rel_id, rel in kept.items() if self.visit(rel.target, rel.kind)}
        self.clean.xml["_rels/.rels"] = _rels_root(kept)
        if main not in self.clean.xml:
            raise LoadError(f"{self.package.name} is damaged: its main part cannot be used.",
                            path=self.package.name, reason="corrupt")

    def visit(self, name: str, kind: str) -> bool:
        """Returns True when part `name` is kept (read, cleaned, its own relationships too)."""
        real = self.package.package.find(name) if safe_part_name(name) else None
        if real is None:
            return False
        if real in self.verdicts:
            return self.verdicts[real]
        self.verdicts[real] = True  # a cycle of relationships ends here
        if kind in KIND_TYPES and self.types.get(real.lower(), "application/xml") in (
                "application/xml", "text/xml"):
            self.types[real.lower()] = KIND_TYPES[kind]
        try:
            kept = self._keep(real, kind == "officeDocument")
        except LoadError:
            if kind == "officeDocument":
                raise
            kept = False
        self.verdicts[real] = kept
        return kept

    def _keep(self, name: str, is_main: bool) -> bool:
        if not self._is_xml(name):
            if is_main:
                return False
            self.clean.binary[name] = self.package.package.read(name)
            return True
        root = self.package.xml(name)  # Strict names mapped, entities refused, DTD dropped
        rels = self.package.relationships(name)
        kept: dict[str, Relationship] = {}
        for rel_id, rel in rels.items():
            if rel.external:
                if rel.kind == "hyperlink" and _WEB_LINK.match(rel.target):
                    kept[rel_id] = rel
            elif rel.kind in KEPT_KINDS and self.visit(rel.target, rel.kind):
                kept[rel_id] = rel
        _drop_references(root, set(rels) - set(kept))
        if is_main:
            for rel in kept.values():
                if not rel.external:
                    self.clean.related.setdefault(rel.kind, self.package.package.find(rel.target))
        _neutralize_link_fields(root)
        if root.tag == w("settings"):
            for tag in _REACHING_SETTINGS:
                for el in root.findall(tag):
                    root.remove(el)
        self.clean.xml[name] = root
        if kept or rels:
            self.clean.xml[rels_name(name)] = _rels_root(kept)
        return True

    def _is_xml(self, name: str) -> bool:
        lower = name.lower()
        content_type = self.types.get(lower) or self.types.get(
            "*." + posixpath.splitext(lower)[1][1:], "")
        return lower.endswith(_XML_SUFFIXES) or content_type.endswith("xml")


def safe_part_name(name: str) -> bool:
    """Returns True for a member name that stays inside the package (no "..", no drive, no
    backslash, no absolute path, no control character)."""
    if not name or name.startswith("/") or "\\" in name or ":" in name:
        return False
    if any(ord(ch) < 32 for ch in name):
        return False
    return all(segment not in ("", ".", "..") for segment in name.split("/"))


def _drop_references(root: etree._Element, dropped: set[str]) -> None:
    """Removes what refers to a dropped relationship: the element when the reference is
    required, else only the attribute (a hyperlink keeps its text, a picture its place)."""
    if not dropped:
        return
    for attr in root.xpath("//@*[namespace-uri()=$ns]", ns=R_NS):
        if str(attr) not in dropped:
            continue
        el = attr.getparent()
        if el.tag in _REFERENCE_ELEMENTS and el.getparent() is not None:
            el.getparent().remove(el)
        else:
            el.attrib.pop(attr.attrname, None)


def _neutralize_link_fields(root: etree._Element) -> None:
    """Renames INCLUDEPICTURE, INCLUDETEXT, LINK, DDE ... field instructions ("XNCLUDEPICTURE"):
    nothing fetches their target; their last result stays in the text."""
    def renamed(text: str) -> str:
        return _LINK_FIELD.sub(lambda m: m.group(1) + "X" + m.group(2)[1:], text)

    for el in root.iter(w("instrText")):
        if el.text and _LINK_FIELD.match(el.text):
            el.text = renamed(el.text)
    for el in root.iter(w("fldSimple")):
        instruction = el.get(w("instr")) or ""
        if _LINK_FIELD.match(instruction):
            el.set(w("instr"), renamed(instruction))


def _rels_root(rels: dict[str, Relationship]) -> etree._Element:
    root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    for rel_id, rel in rels.items():
        el = etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship", Id=rel_id, Type=rel.type,
                              Target=rel.href or rel.target)
        if rel.external:
            el.set("TargetMode", "External")
    return root


def _content_types(package: WordPackage) -> dict[str, str]:
    """Returns {lower-case part name or "*.ext": content type} from [Content_Types].xml."""
    name = package.package.find("[Content_Types].xml")
    if name is None:
        raise LoadError(f"{package.name} is damaged: it has no [Content_Types].xml.",
                        path=package.name, reason="corrupt")
    out: dict[str, str] = {}
    for el in package.xml(name):
        content_type = el.get("ContentType") or ""
        if el.tag == f"{{{CT_NS}}}Default" and el.get("Extension"):
            out["*." + el.get("Extension").lower()] = content_type
        elif el.tag == f"{{{CT_NS}}}Override" and el.get("PartName"):
            out[el.get("PartName").lstrip("/").lower()] = content_type
    return out


def _types_root(types: dict[str, str], clean: CleanPackage) -> etree._Element:
    root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    names = clean.xml.keys() | clean.binary.keys()
    extensions = {posixpath.splitext(n)[1][1:].lower() for n in names} | {"rels", "xml"}
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                "xml": "application/xml"}
    for ext in sorted(extensions):
        content_type = types.get("*." + ext) or defaults.get(ext)
        if ext and content_type:
            etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=ext,
                             ContentType=content_type)
    for name in sorted(names):
        content_type = types.get(name.lower())
        if content_type:
            etree.SubElement(root, f"{{{CT_NS}}}Override", PartName="/" + name,
                             ContentType=content_type)
    return root

