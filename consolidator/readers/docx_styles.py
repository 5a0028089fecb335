"""Paragraph styles from styles.xml: names, basedOn chains, outline levels and style numbering."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from consolidator.ooxml.names import (
    W_BASEDON,
    W_DEFAULT,
    W_DOCDEFAULTS,
    W_ILVL,
    W_LANG,
    W_NAME,
    W_NUMID,
    W_NUMPR,
    W_OUTLINELVL,
    W_PPR,
    W_RPR,
    W_RPRDEFAULT,
    W_STYLE,
    W_STYLEID,
    W_TYPE,
    W_VAL,
)

_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


@dataclass(frozen=True)
class StyleInfo:
    """One style's own settings (not yet following basedOn)."""

    id: str
    name: str
    kind: str  # "paragraph", "character", "table", "numbering"
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline_level: int | None = None  # 0-8 as in w:outlineLvl; 9 = body text


@dataclass(frozen=True)
class ResolvedStyle:
    """A paragraph style with its basedOn chain applied."""

    name: str
    heading_level: int  # 1-9, 0 when the style is not a heading
    num_id: str | None  # numbering from the style chain ("0" = switched off)
    ilvl: int | None
    is_title: bool


class Styles:
    """The styles part: looks styles up by id and resolves inheritance once per style."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, StyleInfo] = {}
        self.default_paragraph: str | None = None
        self._resolved: dict[str | None, ResolvedStyle] = {}
        self.language = "en"  # the document's default language ("en-GB"): for list numbers
        if root is None:
            return
        lang = root.find(f"{W_DOCDEFAULTS}/{W_RPRDEFAULT}/{W_RPR}/{W_LANG}")
        if lang is not None and lang.get(W_VAL):
            self.language = lang.get(W_VAL)
        for el in root.iter(W_STYLE):
            info = _style_info(el)
            if info is None:
                continue
            self._styles.setdefault(info.id, info)
            if info.kind == "paragraph" and el.get(W_DEFAULT) in ("1", "true", "on"):
                self.default_paragraph = info.id

    def get(self, style_id: str | None) -> StyleInfo | None:
        return self._styles.get(style_id) if style_id else None

    def resolve(self, style_id: str | None) -> ResolvedStyle:
        """Returns the paragraph style's name, heading level and numbering after basedOn."""
        if style_id is None or style_id not in self._styles:
            style_id = self.default_paragraph
        cached = self._resolved.get(style_id)
        if cached is not None:
            return cached
        chain: list[StyleInfo] = []
        seen: set[str] = set()
        current = style_id
        while current and current not in seen and current in self._styles:
            seen.add(current)
            info = self._styles[current]
            chain.append(info)
            current = info.based_on
        name = chain[0].name if chain else ""
        heading = 0
        outline: int | None = None
        num_id: str | None = None
        ilvl: int | None = None
        is_title = False
        for info in chain:  # nearest first: the first value found wins
            if heading == 0:
                match = _HEADING_NAME.match(info.name) or _HEADING_NAME.match(info.id)
                if match:
                    heading = int(match.group(1))
            if outline is None and info.outline_level is not None:
                outline = info.outline_level
            if num_id is None and info.num_id is not None:
                num_id = info.num_id
            if ilvl is None and info.ilvl is not None:
                ilvl = info.ilvl
            if info.name.lower() == "title" or info.id == "Title":
                is_title = True
        if outline is not None and heading == 0 and outline < 9:
            heading = outline + 1
        if outline == 9:
            heading = 0  # an explicit "body text" outline level overrides a heading-like name
        resolved = ResolvedStyle(name, heading, num_id, ilvl, is_title)
        self._resolved[style_id] = resolved
        return resolved

    def numbering_style_num_id(self, style_id: str) -> str | None:
        """Returns the numId a numbering style (numStyleLink target) points at, if any."""
        info = self._styles.get(style_id)
        return info.num_id if info else None


def _style_info(el: etree._Element) -> StyleInfo | None:
    style_id = el.get(W_STYLEID)
    if not style_id:
        return None
    name_el = el.find(W_NAME)
    based = el.find(W_BASEDON)
    ppr = el.find(W_PPR)
    num_id = ilvl = outline = None
    if ppr is not None:
        numpr = ppr.find(W_NUMPR)
        if numpr is not None:
            num_el = numpr.find(W_NUMID)
            lvl_el = numpr.find(W_ILVL)
            if num_el is not None:
                num_id = num_el.get(W_VAL)
            if lvl_el is not None:
                ilvl = _int(lvl_el.get(W_VAL))
        out_el = ppr.find(W_OUTLINELVL)
        if out_el is not None:
            outline = _int(out_el.get(W_VAL))
    return StyleInfo(
        id=style_id,
        name=(name_el.get(W_VAL) if name_el is not None else None) or style_id,
        kind=el.get(W_TYPE) or "paragraph",
        based_on=based.get(W_VAL) if based is not None else None,
        num_id=num_id,
        ilvl=ilvl,
        outline_level=outline,
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
