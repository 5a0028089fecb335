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

from consolidator.consolidation.link_targets import is_external
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
    # (a word only capitalised is the same word: "the remote working guide" is "the Remote
    # Working chapter of this policy")
    matcher = SequenceMatcher(None, [t.lower() for t in old], [t.lower() for t in new],
                              autojunk=False)
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
    renamed = _renamed_links(runs, owner, opcodes, broken, new)
    pieces: list[Run] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":  # a link with a word changed is a link no more: whole or not at all
            pieces += [replace(runs[owner[i]], text=new[j1 + i - i1], hyperlink=None)
                       if owner[i] in broken else replace(runs[owner[i]], text=new[j1 + i - i1])
                       for i in range(i1, i2)]
        elif j2 > j1:
            style = _inserted_style(runs, owner, i1, i2)
            pieces += [replace(style, text=t) for t in new[j1:j2]]
    for j, run in renamed.items():
        pieces[j] = replace(run, text=pieces[j].text)
    return _joined(pieces)


def _renamed_links(runs: tuple[Run, ...], owner: list[int], opcodes, broken: set[int],
                   new: list[str]) -> dict[int, Run]:
    """Returns {new token: link run} for links to another source file whose words were renamed
    and nothing around them ("refer to the [remote working guide](remote-working.md)" is "refer
    to the [Remote Working chapter of this policy]": the export sends such a link to the chapter
    holding that file's text, so the link still goes where its words say). A web address is the
    old document's page, and a change reaching past a link's words ("the [Internet Use Policy]"
    is "this policy"), or to other words than a chapter's, leaves it a link no more."""
    out: dict[int, Run] = {}
    for index in broken:
        href = runs[index].hyperlink
        if href is None or is_external(href) or href.startswith("#"):
            continue
        tokens = [i for i, o in enumerate(owner) if o == index]
        a, b = tokens[0], tokens[-1] + 1
        span: list[int] = []  # the new tokens the link's stand for
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal" and i1 < b and i2 > a:
                span += [j1 + max(i1, a) - i1, j1 + min(i2, b) - i1]
            elif tag != "equal" and (i1 < b and i2 > a or a < i1 == i2 < b):
                if i1 < a or i2 > b:
                    break  # the change reaches past the link's words
                span += [j1, j2]
        else:
            if _AS_CHAPTER.search("".join(new[min(span):max(span)])):
                out |= {j: runs[index] for j in range(min(span), max(span))}
    return out


# What a merged policy's name became where the reader is sent to read it (reading._named_now):
# the link to its file goes to that chapter; "this policy" is all of it, no link's target.
_AS_CHAPTER = re.compile(r"\bchapter of this policy$")
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
