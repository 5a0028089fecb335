"""A reworded clause keeps its source's formatting where its words are the source's.

The draft rewords a few words of a clause ("the IT Acceptable Use Policy (this document)"
becomes "this policy"); printed as plain text, it would lose the bold of "must be" and its links
while every other clause of its policy keeps theirs. The new wording is laid over the source's
runs, word by word: what is unchanged keeps its run's formatting, what is new takes the
formatting of the text around it when both sides have the same, else none; and a link with a
word changed is a link no more (new words are not part of one; a link is whole or not at all).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from difflib import SequenceMatcher
from itertools import accumulate

from consolidator.model import Revision, Run

LIKE_ENOUGH = 0.8  # below this likeness the wording is a new one: plain text
LONGEST = 5000  # characters: a longer wording is left plain (matching it word by word costs
# a quarter of a second at 8,500)


def restyled(text: str, runs: tuple[Run, ...]) -> tuple[Run, ...] | None:
    """Returns `text` as runs formatted like `runs` where their words are kept (see the module
    docstring), or None when the wording is too far from theirs or too long, or the runs hold
    footnote marks or tracked changes."""
    source = "".join(r.text for r in runs)
    if not source or len(text) > LONGEST or \
            any(r.note_ref or r.revision is not Revision.NONE for r in runs):
        return None
    old, new = _TOKEN.findall(source), _TOKEN.findall(text)
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < LIKE_ENOUGH or matcher.quick_ratio() < LIKE_ENOUGH or \
            matcher.ratio() < LIKE_ENOUGH:
        return None
    ends = list(accumulate(len(r.text) for r in runs))
    owner, at = [], 0  # the run of each source token (by its first character)
    for token in old:
        owner.append(bisect_right(ends, at))
        at += len(token)
    opcodes = matcher.get_opcodes()
    kept = {i for tag, i1, i2, _, _ in opcodes if tag == "equal" for i in range(i1, i2)}
    broken = {owner[i] for i in range(len(old)) if i not in kept}  # runs with a word changed
    pieces: list[Run] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":  # a link with a word changed is a link no more: whole or not at all
            pieces += [replace(runs[owner[i]], text=new[j1 + i - i1], hyperlink=None)
                       if owner[i] in broken else replace(runs[owner[i]], text=new[j1 + i - i1])
                       for i in range(i1, i2)]
        elif j2 > j1:
            style = _inserted_style(runs, owner, i1, i2)
            pieces += [replace(style, text=t) for t in new[j1:j2]]
    return _joined(pieces)


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")  # words, spaces and marks, apart


def _inserted_style(runs: tuple[Run, ...], owner: list[int], i1: int, i2: int) -> Run:
    """Returns the formatting of new words put where source tokens i1 to i2 stood: that of the
    text around them when it is the same on both sides, else plain; never a link's."""
    before = runs[owner[i1 - 1]] if i1 else None
    after = runs[owner[i2]] if i2 < len(owner) else None
    plain = replace((before or after or runs[0]), bold=None, italic=None, underline=None,
                    strike=None)
    if before is not None and after is not None and _formatting(before) == _formatting(after):
        plain = before
    return replace(plain, hyperlink=None)


def _formatting(run: Run) -> tuple:
    return run.bold, run.italic, run.underline, run.hyperlink, run.strike


def _joined(pieces: list[Run]) -> tuple[Run, ...]:
    """Returns consecutive pieces of one formatting joined into one run each."""
    out: list[Run] = []
    for piece in pieces:
        if out and replace(out[-1], text="") == replace(piece, text=""):
            out[-1] = replace(out[-1], text=out[-1].text + piece.text)
        else:
            out.append(piece)
    return tuple(out)
