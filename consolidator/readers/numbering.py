"""List and heading number labels ("2.1.", "(a)", "iv.", "•") computed from numbering.xml."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import etree

from consolidator.ooxml.names import W_ILVL, W_VAL, w
from consolidator.readers.docx_styles import Styles
from consolidator.readers.number_formats import format_number

_ABSTRACT = w("abstractNum")
_ABSTRACT_ID = w("abstractNumId")
_NUM = w("num")
_NUM_ID_ATTR = w("numId")
_LVL = w("lvl")
_LVL_OVERRIDE = w("lvlOverride")
_START_OVERRIDE = w("startOverride")
_START = w("start")
_NUMFMT = w("numFmt")
_LVLTEXT = w("lvlText")
_ISLGL = w("isLgl")
_LVLRESTART = w("lvlRestart")
_PSTYLE = w("pStyle")
_RPR = w("rPr")
_RFONTS = w("rFonts")
_ASCII = w("ascii")
_HANSI = w("hAnsi")
_NUMSTYLELINK = w("numStyleLink")
_STYLELINK = w("styleLink")

_PLACEHOLDER = re.compile(r"%([1-9])")

# Glyphs of the Symbol/Wingdings fonts (private-use code points) as the Unicode character a reader
# sees; LibreOffice's text export does the same mapping.
_SYMBOL_BULLETS = {
    "\uf0b7": "•", "\uf0a7": "▪", "\uf0a8": "□", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓",
    "\uf0e8": "➔", "\uf06e": "■", "\uf071": "❑", "\uf0a1": "○", "\uf02d": "–", "\uf0de": "⇒",
}
_SYMBOL_FONTS = ("symbol", "wingdings", "webdings", "courier new")


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    is_legal: bool = False
    restart: int | None = None  # w:lvlRestart: None = after any higher level, 0 = never
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to
    font: str = ""


_DEFAULT = Level()  # a level the numbering does not define (frozen: shared)


@dataclass(frozen=True)
class _Num:
    abstract_id: str
    levels: dict[int, Level]
    start_overrides: frozenset[int]  # levels whose w:startOverride restarts the list on first use


class Numbering:
    """numbering.xml with live counters: label() advances them as paragraphs are read in order."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self._styles = styles
        abstracts: dict[str, etree._Element] = {}
        self._nums: dict[str, _Num] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._restarted: set[tuple[str, int]] = set()
        if root is None:
            return
        for el in root.iter(_ABSTRACT):
            abstracts.setdefault(el.get(_ABSTRACT_ID) or "", el)
        by_style_link: dict[str, str] = {}
        for key, el in abstracts.items():
            link = el.find(_STYLELINK)
            if link is not None and link.get(W_VAL):
                by_style_link.setdefault(link.get(W_VAL), key)
        num_elements = {el.get(_NUM_ID_ATTR): el for el in root.iter(_NUM)}
        for num_id, el in num_elements.items():
            if num_id is None:
                continue
            abstract = self._resolve_abstract(el, abstracts, by_style_link, num_elements, 0)
            if abstract is None:
                continue
            abstract_id, abstract_el = abstract
            levels = {lvl: level for lvl, level in _levels(abstract_el).items()}
            overrides: set[int] = set()
            for override in el.iter(_LVL_OVERRIDE):
                ilvl = _int(override.get(W_ILVL), 0)
                lvl_el = override.find(_LVL)
                if lvl_el is not None:
                    levels[ilvl] = _level(lvl_el)
                start = override.find(_START_OVERRIDE)
                if start is not None:
                    base = levels.get(ilvl, Level())
                    levels[ilvl] = replace(base, start=_int(start.get(W_VAL), 0))
                    overrides.add(ilvl)
            self._nums[num_id] = _Num(abstract_id, levels, frozenset(overrides))

    def _resolve_abstract(self, num_el, abstracts, by_style_link, num_elements, depth):
        ref = num_el.find(_ABSTRACT_ID)
        key = ref.get(W_VAL) if ref is not None else None
        abstract_el = abstracts.get(key) if key is not None else None
        if abstract_el is None:
            return None
        link = abstract_el.find(_NUMSTYLELINK)
        if link is None or depth > 4:
            return key, abstract_el
        style = link.get(W_VAL)
        target = by_style_link.get(style)
        if target is not None and target != key:
            return target, abstracts[target]
        linked_num = self._styles.numbering_style_num_id(style) if style else None
        if linked_num and linked_num in num_elements:
            return self._resolve_abstract(num_elements[linked_num], abstracts, by_style_link,
                                          num_elements, depth + 1)
        return key, abstract_el

    def has(self, num_id: str | None) -> bool:
        """Returns True when `num_id` switches numbering on (it exists and is not "0")."""
        return bool(num_id) and num_id != "0" and num_id in self._nums

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        """Returns the level whose w:pStyle is `style_id` (style numbering without ilvl), else 0."""
        num = self._nums.get(num_id)
        if num is not None and style_id:
            for ilvl, level in num.levels.items():
                if level.style == style_id:
                    return ilvl
        return 0

    def label(self, num_id: str, ilvl: int) -> str:
        """Returns the label Word shows for the next paragraph numbered (num_id, ilvl)."""
        num = self._nums.get(num_id)
        if num is None:
            return ""
        ilvl = min(max(ilvl, 0), 8)
        # Word keeps one counter array per abstractNum, shared by every w:num pointing at it; a
        # num with a startOverride restarts that level the first time the num is used.
        counters = self._counters.get(num.abstract_id)
        if counters is None:
            counters = self._counters[num.abstract_id] = [None] * 9
        if ilvl in num.start_overrides and (num_id, ilvl) not in self._restarted:
            self._restarted.add((num_id, ilvl))
            counters[ilvl] = None
        for higher in range(ilvl):  # an unused higher level counts as at its start value
            if counters[higher] is None:
                counters[higher] = num.levels.get(higher, _DEFAULT).start
        level = num.levels.get(ilvl, _DEFAULT)
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = num.levels.get(deeper, _DEFAULT).restart
            limit = deeper if restart is None else restart
            if ilvl < limit:
                counters[deeper] = None
        if level.fmt == "bullet":
            return _bullet(level)
        if level.fmt == "none" and not _PLACEHOLDER.search(level.text):
            return level.text.strip()

        def substitute(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            other = num.levels.get(k, _DEFAULT)
            value = counters[k] if counters[k] is not None else other.start
            fmt = "decimal" if level.is_legal and k != ilvl else other.fmt
            return format_number(value, fmt, self._styles.language)

        return _PLACEHOLDER.sub(substitute, level.text).strip()


def _levels(abstract_el: etree._Element) -> dict[int, Level]:
    return {_int(el.get(W_ILVL), 0): _level(el) for el in abstract_el.findall(_LVL)}


def _level(el: etree._Element) -> Level:
    def val(tag: str) -> str | None:
        child = el.find(tag)
        return child.get(W_VAL) if child is not None else None

    restart = val(_LVLRESTART)
    is_legal = el.find(_ISLGL)
    font = ""
    rpr = el.find(_RPR)
    if rpr is not None:
        fonts = rpr.find(_RFONTS)
        if fonts is not None:
            font = fonts.get(_ASCII) or fonts.get(_HANSI) or ""
    text = val(_LVLTEXT)
    return Level(
        start=_int(val(_START), 1),
        fmt=val(_NUMFMT) or "decimal",
        text="" if text is None else text,
        is_legal=is_legal is not None and is_legal.get(W_VAL) not in ("0", "false", "off"),
        restart=None if restart is None else _int(restart, 0),
        style=val(_PSTYLE),
        font=font,
    )


def _bullet(level: Level) -> str:
    text = level.text.strip()
    if not text:
        return ""
    if text in _SYMBOL_BULLETS:
        return _SYMBOL_BULLETS[text]
    if len(text) == 1 and "\uf000" <= text <= "\uf0ff":
        return "•"
    if text == "o" and level.font.lower() in _SYMBOL_FONTS:
        return "◦"
    if text == "§" and level.font.lower().startswith("wingdings"):
        return "▪"
    if text == "·" and level.font.lower() == "symbol":
        return "•"
    return text


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
