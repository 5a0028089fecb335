"""The parts of a Word package: main part by relationship, part relationships, core properties."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from lxml import etree

from consolidator.errors import LoadError
from consolidator.ooxml.names import (
    CP_NS,
    DC_NS,
    DCTERMS_NS,
    PKG_REL_NS,
    REL_CORE,
    REL_OFFICE_DOCUMENT,
    transitional,
)
from consolidator.ooxml.safe import Package, parse_xml

_RELATIONSHIP = f"{{{PKG_REL_NS}}}Relationship"

CORE_FIELDS = (
    ("title", f"{{{DC_NS}}}title"),
    ("creator", f"{{{DC_NS}}}creator"),
    ("lastModifiedBy", f"{{{CP_NS}}}lastModifiedBy"),
    ("created", f"{{{DCTERMS_NS}}}created"),
    ("modified", f"{{{DCTERMS_NS}}}modified"),
    ("revision", f"{{{CP_NS}}}revision"),
    ("keywords", f"{{{CP_NS}}}keywords"),
    ("subject", f"{{{DC_NS}}}subject"),
    ("description", f"{{{DC_NS}}}description"),
)


@dataclass(frozen=True)
class Relationship:
    type: str
    target: str  # a package part name (no leading slash), or the URL for external targets
    external: bool
    href: str = ""  # the Target attribute as written (relative to the part's folder)

    @property
    def kind(self) -> str:
        """Returns the last word of the type ("styles", "hyperlink", "core-properties")."""
        return self.type.rstrip("/").rsplit("/", 1)[-1]


def rels_name(part: str) -> str:
    """Returns the name of the part holding `part`'s relationships ("" for the package's)."""
    if not part:
        return "_rels/.rels"
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


# The key, in a reader's `main_part` dict, of the element each block of the body was read from
# (a list beside the document's blocks, None where there is none: see readers.docx.read).
BLOCK_ELEMENTS = "policy-consolidator:block-elements"


class WordPackage:
    """A .docx/.docm/.dotx package: parts parsed with Strict names mapped to transitional ones."""

    def __init__(self, package: Package,
                 parsed: dict[str, etree._Element] | None = None) -> None:
        """`parsed`: roots of parts of this very package already parsed (by the reader), each
        taken once instead of parsing its part again."""
        self.package = package
        self.name = package.display_name
        self.parsed = dict(parsed or {})

    def xml(self, part: str) -> etree._Element:
        """Returns the parsed root of `part` (never resolving entities); raises LoadError."""
        root = self.parsed.pop(part, None)
        if root is not None:
            return root
        return parse_xml(transitional(self.package.read(part)), self.name, part)

    def relationships(self, part: str) -> dict[str, Relationship]:
        """Returns the relationships of `part` ("" for the package) by id; {} when it has none."""
        folder = posixpath.dirname(part)
        name = self.package.find(rels_name(part))
        if name is None:
            return {}
        root = self.xml(name)
        out: dict[str, Relationship] = {}
        for el in root.iter(_RELATIONSHIP):
            rel_id, target = el.get("Id"), el.get("Target")
            if not rel_id or target is None:
                continue
            external = el.get("TargetMode") == "External"
            if not external:
                if target.startswith("/"):
                    target = target[1:]
                else:
                    target = posixpath.normpath(posixpath.join(folder, target))
            out[rel_id] = Relationship(el.get("Type") or "", target, external, el.get("Target"))
        return out

    def main_part(self) -> str:
        """Returns the main document part's name, found through the package relationships."""
        for rel in self.relationships("").values():
            if rel.type == REL_OFFICE_DOCUMENT and not rel.external:
                if self.package.find(rel.target) is None:
                    break
                return self.package.find(rel.target) or rel.target
        fallback = self.package.find("word/document.xml")
        if fallback is not None:
            return fallback
        raise LoadError(
            f"{self.name} is damaged: it has no main document part (the text of the document is "
            "missing from the package). Open it in Word and save it again, or restore it from a "
            "backup.",
            path=self.name,
            reason="corrupt",
        )

    def related_part(self, rels: dict[str, Relationship], rel_type: str) -> str | None:
        """Returns the (existing) part name of the first internal relationship of `rel_type`."""
        for rel in rels.values():
            if rel.type == rel_type and not rel.external:
                return self.package.find(rel.target)
        return None

    def core_properties(self) -> tuple[tuple[str, str], ...]:
        """Returns the core properties (title, creator, ...) that are set; () when unreadable."""
        part = self.related_part(self.relationships(""), REL_CORE)
        if part is None:
            part = self.package.find("docProps/core.xml")
        if part is None:
            return ()
        root = self.xml(part)
        props: list[tuple[str, str]] = []
        for key, tag in CORE_FIELDS:
            el = root.find(tag)
            if el is not None and el.text and el.text.strip():
                props.append((key, el.text.strip()))
        return tuple(props)
