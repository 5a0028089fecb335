"""PDF lines sorted into what a policy is made of: running headers and footers dropped by
repetition, footnotes at page feet recognised by their marks, the body's text size found."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from consolidator.readers.pdf_text import Line

_PAGE_NO = re.compile(r"^(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_NOTE_START = re.compile(r"^(\d{1,3}|[*†‡§¶]{1,3})(?=[\s.):]|[A-Z])\.?\)?\s*")
MARGIN = 0.12  # share of the page height at the top and bottom where running lines sit


@dataclass
class Footnote:
    """A footnote's text found at a page's foot, with the mark that refers to it."""

    page: int
    label: str
    lines: list[Line]


def body_size(lines: list[Line]) -> float:
    """Returns the font size of most of the text."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 0.0


def drop_running_lines(lines: list[Line]) -> list[Line]:
    """Returns the lines without running headers/footers (the same text at the same height on
    at least half the pages) and page numbers in the margins. When that would leave no text at
    all, every line is kept: a document is never read as empty because of where its text sits."""
    pages = len({line.page for line in lines})

    def key(line: Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text.lower()), round(line.top / 6)

    counts = Counter(key(line) for line in lines if _in_margin(line))
    needed = max(2, int(pages * 0.5 + 0.5))
    out = [
        line for line in lines
        if not (_in_margin(line) and (
            _PAGE_NO.match(line.text) or (pages >= 2 and counts[key(line)] >= needed)))
    ]
    if not any(any(ch.isalpha() for ch in line.text) for line in out):
        return lines
    return out


def _in_margin(line: Line) -> bool:
    return line.top < MARGIN * line.page_height or line.bottom > (1 - MARGIN) * line.page_height


def split_footnotes(lines: list[Line], body: float) -> tuple[list[Line], list[Footnote]]:
    """Returns (the body lines, the footnotes found at page feet).

    A page's footnotes are recognised only when they run from a line starting with a mark that
    a raised mark in the page's text refers to, down to the foot of the page, in text no larger
    than the body's, set apart by a smaller size, a raised mark or space above. Anything less
    certain stays in the body (in a paragraph of its own: its size or position breaks it off)."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    kept: list[Line] = []
    notes: list[Footnote] = []
    for page_lines in by_page.values():
        found = _page_footnotes(page_lines, body)
        if found:
            first = found[0].lines[0]
            cut = page_lines.index(first)
            kept.extend(page_lines[:cut])
            notes.extend(found)
        else:
            kept.extend(page_lines)
    return kept, notes


def _page_footnotes(lines: list[Line], body: float) -> list[Footnote]:
    refs = [text.strip() for line in lines for text, raised in line.pieces if raised]
    if not refs:
        return []
    for index, line in enumerate(lines):
        label = _note_label(line, refs, body)
        if label is None or line.top < 0.4 * line.page_height:
            continue
        rest = lines[index:]
        if not _is_foot(rest, line, lines[:index], body):
            continue
        notes: list[Footnote] = []
        for item in rest:
            item_label = _note_label(item, refs, body) if item is not line else label
            if item_label is not None and (not notes or item_label != notes[-1].label):
                notes.append(Footnote(item.page, item_label, [item]))
            else:
                notes[-1].lines.append(item)
        return notes
    return []


def _note_label(line: Line, refs: list[str], body: float) -> str | None:
    """Returns the mark a footnote line starts with, when the page's text refers to it."""
    first_text, raised = line.pieces[0]
    if raised and first_text.strip() in refs:
        return first_text.strip()
    match = _NOTE_START.match(line.text)
    if match is not None and match.group(1) in refs:
        return match.group(1)
    return None


def _is_foot(rest: list[Line], start: Line, above: list[Line], body: float) -> bool:
    """Returns True when `rest` (from `start` on) is a block of notes at the page's foot."""
    size = start.size
    if size > body + 0.3 or any(line.size > size + 0.6 or line.top < start.top - 1
                                for line in rest):
        return False
    smaller = size < body - 0.4
    raised_mark = start.pieces[0][1]
    body_above = [line for line in above if line.bottom <= start.top + 1]
    gap = start.top - max((line.bottom for line in body_above), default=0.0)
    return smaller or raised_mark or gap > 1.2 * (start.bottom - start.top)


def strip_note_mark(line: Line, label: str) -> None:
    """Removes the footnote mark a note's first line starts with."""
    first_text, raised = line.pieces[0]
    if raised and first_text.strip() == label:
        line.drop_prefix(len(first_text))
        return
    match = _NOTE_START.match(line.text)
    if match is not None:
        line.drop_prefix(match.end())
