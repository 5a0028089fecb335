"""A reworded clause keeps its source's formatting where its words are the source's.

The draft rewords a few words of a clause ("the IT Acceptable Use Policy (this document)"
becomes "this policy"); printed as plain text, it would lose the bold of "must be" and its links
while every other clause of its policy keeps theirs. The new wording is laid over the source's
runs, character by character: what is unchanged keeps its run's formatting, what is new takes
the formatting of the text just before it (outside a link: new words are not part of one).
"""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

from consolidator.model import Revision, Run

LIKE_ENOUGH = 0.8  # below this likeness the wording is a new one: plain text


def restyled(text: str, runs: tuple[Run, ...]) -> tuple[Run, ...] | None:
    """Returns `text` as runs formatted like `runs` where their characters are kept (see the
    module docstring), or None when the wording is too far from theirs, or the runs hold
    footnote marks or tracked changes."""
    source = "".join(r.text for r in runs)
    if not source or any(r.note_ref or r.revision is not Revision.NONE for r in runs):
        return None
    matcher = SequenceMatcher(None, source, text, autojunk=False)
    if matcher.ratio() < LIKE_ENOUGH:
        return None
    owner = [n for n, r in enumerate(runs) for _ in r.text]  # the run of each source character
    styles: list[Run] = []  # the run whose formatting each character of `text` takes
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            styles += [runs[owner[i]] for i in range(i1, i2)]
        elif j2 > j1:  # inserted or replaced: as the text before it, but never inside a link
            before = runs[owner[i1 - 1]] if i1 else runs[owner[0]]
            styles += [replace(before, hyperlink=None)] * (j2 - j1)
    return _joined(text, styles)


def _joined(text: str, styles: list[Run]) -> tuple[Run, ...]:
    """Returns the characters of `text` joined into runs of one formatting each."""
    out: list[Run] = []
    start = 0
    for n in range(1, len(text) + 1):
        if n == len(text) or replace(styles[n], text="") != replace(styles[start], text=""):
            out.append(replace(styles[start], text=text[start:n]))
            start = n
    return tuple(out)
