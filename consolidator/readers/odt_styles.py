"""OpenDocument styles: run formatting from text styles, and list/outline number labels."""

from __future__ import annotations

from dataclasses import dataclass

from consolidator.numerals import roman_numeral

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
BULLET = "•"


def qname(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


@dataclass(frozen=True)
class TextStyle:
    parent: str = ""
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    list_style: str = ""
    strike: bool | None = None
    display: str = ""


@dataclass
class LevelFormat:
    bullet: bool = True
    num_format: str = ""
    prefix: str = ""
    suffix: str = ""
    display_levels: int = 1
    start: int = 1



def text_styles(*roots) -> dict[str, TextStyle]:
    out: dict[str, TextStyle] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(qname("style", "style")):
            props = style.find(qname("style", "text-properties"))
            bold = italic = underline = strike = None
            if props is not None:
                weight = props.get(qname("fo", "font-weight"))
                if weight:
                    bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
                slant = props.get(qname("fo", "font-style"))
                if slant:
                    italic = slant in ("italic", "oblique")
                under = props.get(qname("style", "text-underline-style"))
                if under:
                    underline = under != "none"
                through = props.get(qname("style", "text-line-through-style"))
                if through:
                    strike = through != "none"
            name = style.get(qname("style", "name"), "")
            out[name] = TextStyle(
                parent=style.get(qname("style", "parent-style-name"), ""),
                bold=bold, italic=italic, underline=underline, strike=strike,
                list_style=style.get(qname("style", "list-style-name"), ""),
                display=style.get(qname("style", "display-name"), "") or name.replace("_20_", " "),
            )
    return out


def resolve(styles: dict[str, TextStyle], name: str, attr: str):
    seen = 0
    while name and seen < 20:
        style = styles.get(name)
        if style is None:
            return None
        value = getattr(style, attr)
        if value not in (None, ""):
            return value
        name = style.parent
        seen += 1
    return None


def level_formats(list_style) -> dict[int, LevelFormat]:
    levels: dict[int, LevelFormat] = {}
    for child in list_style:
        try:
            level = int(child.get(qname("text", "level"), "1"))
        except ValueError:
            continue
        if child.tag == qname("text", "list-level-style-number") or child.tag == qname(
            "text", "outline-level-style"
        ):
            try:
                display = int(child.get(qname("text", "display-levels"), "1"))
                start = int(child.get(qname("text", "start-value"), "1"))
            except ValueError:
                display, start = 1, 1
            levels[level] = LevelFormat(
                bullet=False,
                num_format=child.get(qname("style", "num-format"), ""),
                prefix=child.get(qname("style", "num-prefix"), ""),
                suffix=child.get(qname("style", "num-suffix"), ""),
                display_levels=max(1, min(10, display)),
                start=start,
            )
        else:
            levels[level] = LevelFormat(bullet=True)
    return levels


def list_styles(*roots) -> dict[str, dict[int, LevelFormat]]:
    out: dict[str, dict[int, LevelFormat]] = {}
    for root in roots:
        if root is not None:
            for list_style in root.iter(qname("text", "list-style")):
                out[list_style.get(qname("style", "name"), "")] = level_formats(list_style)
    return out


def outline_style(root) -> dict[int, LevelFormat]:
    if root is None:
        return {}
    outline = next(root.iter(qname("text", "outline-style")), None)
    return level_formats(outline) if outline is not None else {}


def format_number(value: int, num_format: str) -> str:
    """Returns `value` written in an ODF num-format: "1", "a", "A", "i", "I" (others as "1")."""
    if num_format in ("a", "A"):
        letters = ""
        n = max(1, value)
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters.upper() if num_format == "A" else letters
    if num_format in ("i", "I"):
        roman = roman_numeral(max(1, value))
        return roman.upper() if num_format == "I" else roman
    return str(value)


def list_label(levels: dict[int, LevelFormat], counters: list[int], level: int) -> str:
    """Returns the number shown for `level` (1-based) given the counters of every level."""
    fmt = levels.get(level)
    if fmt is None:
        return ""
    if fmt.bullet:
        return BULLET
    if not fmt.num_format:
        return ""
    first = max(1, level - fmt.display_levels + 1)
    parts = []
    for k in range(first, level + 1):
        k_fmt = levels.get(k) or fmt
        if k_fmt.bullet or not k_fmt.num_format:
            continue
        parts.append(format_number(counters[k], k_fmt.num_format))
    return f"{fmt.prefix}{'.'.join(parts)}{fmt.suffix}"
