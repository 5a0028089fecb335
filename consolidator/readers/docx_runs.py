"""Small helpers of the .docx reader: mc:AlternateContent choice, wrappers, run joining."""

from __future__ import annotations

from lxml import etree

from consolidator.model import Block, Run
from consolidator.ooxml.names import (
    FALSE_VALUES,
    MC_ALTERNATE,
    MC_CHOICE,
    MC_FALLBACK,
    W_CUSTOMXML,
    W_DEL,
    W_DROPCAP,
    W_FRAMEPR,
    W_INS,
    W_MOVEFROM,
    W_MOVETO,
    W_SDT,
    W_SDTCONTENT,
    W_VAL,
)


def choose(alternate: etree._Element) -> etree._Element | None:
    """Returns the branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    choice = alternate.find(MC_CHOICE)
    return choice if choice is not None else alternate.find(MC_FALLBACK)


def wrapped(parent: etree._Element, tag: str):
    """Yields `tag` children of parent, looking through content controls and customXml."""
    for child in parent:
        ctag = child.tag
        if ctag == tag:
            yield child
        elif ctag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from wrapped(content, tag)
        elif ctag in (W_CUSTOMXML, W_INS, W_DEL, W_MOVETO, W_MOVEFROM):
            yield from wrapped(child, tag)
        elif ctag == MC_ALTERNATE:
            branch = choose(child)
            if branch is not None:
                yield from wrapped(branch, tag)


def coalesce(parts: list[tuple]) -> tuple[Run, ...]:
    """Returns Runs from (text, bold, italic, underline, link, revision, strike, note) with
    neighbours of equal formatting joined."""
    runs: list[Run] = []
    prev_key = None
    pending: list[str] = []
    for part in parts:
        text, note, key = part[0], part[7], part[1:7]
        if note is None and key == prev_key and pending:
            pending.append(text)
            continue
        if pending:
            runs.append(make_run("".join(pending), prev_key))
            pending = []
        if note is not None:
            runs.append(make_run(text, key, note))
            prev_key = None
            continue
        if text:
            pending = [text]
            prev_key = key
    if pending:
        runs.append(make_run("".join(pending), prev_key))
    return tuple(runs)


def make_run(text: str, key: tuple, note: str | None = None) -> Run:
    """Returns the run of `text` formatted as `key`: (bold, italic, underline, link, revision,
    strike)."""
    return Run(text, key[0], key[1], key[2], key[3], key[4], note, key[5])


def is_drop_cap(ppr: etree._Element) -> bool:
    frame = ppr.find(W_FRAMEPR)
    return frame is not None and frame.get(W_DROPCAP) in ("drop", "margin")


def is_blank(block: Block) -> bool:
    return block.table is None and not block.label and not any(r.text for r in block.runs)


def toggle(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return (el.get(W_VAL) or "true") not in FALSE_VALUES


def to_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
