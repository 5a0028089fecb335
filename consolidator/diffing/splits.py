"""Split and joined paragraphs: found inside the gaps of the block alignment, diffed as a group.

A split is one old paragraph whose text is that of two or more consecutive new paragraphs put
together (white space aside, small word edits allowed); a join is the mirror image. Only blocks
that the alignment left unmatched are looked at, one gap at a time, and only gaps where pairing
edited blocks one to one leaves a block over (a split or join always does, unless an unrelated
deletion or insertion in the same gap happens to pair with one of its parts). Candidates are
screened by length and by their first and last characters before texts are compared, so the
search is near-linear. Tables are never split or joined.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from consolidator.diffing.results import DiffOptions, Span, SpanOp
from consolidator.diffing.words import diff_text
from consolidator.model import Block
from consolidator.progress import CancelCheck, check_cancel

SEP = "\x00"  # a paragraph break in the joined text of a group's parts (never in document text)
MAX_PARTS = 12  # a paragraph split in more parts than this is shown as edits
FUZZY_RATIO = 85.0  # rapidfuzz ratio of the squashed whole and its joined parts, at least
FUZZY_MIN_CHARS = 20  # a shorter paragraph is only split or joined when the text is the same
FUZZY_MIN_PART = 6  # ... and so is one with a shorter part (characters other than spaces)
EDGE_RATIO = 70.0  # ... and of the whole's start and end with the first and last part's text
COVERAGE = 0.75  # share of the whole's and of all parts' characters in equal words, at least
PART_COVERAGE = 0.6  # ... and of each part's (a new sentence beside an edit is not a part)
_LENGTH_RATIO = 0.74  # below this length ratio the fuzzy ratio cannot reach FUZZY_RATIO


@dataclass(frozen=True)
class Group:
    """One split (old block `i` -> new blocks j..j+count-1) or join (old i..i+count-1 -> new
    block `j`), indices relative to the gap."""

    split: bool
    i: int
    j: int
    count: int

    @property
    def a_end(self) -> int:
        return self.i + (1 if self.split else self.count)

    @property
    def b_end(self) -> int:
        return self.j + (self.count if self.split else 1)


def _squash(key: str) -> str:
    """Returns a block key's text without its kind prefix and without any white space."""
    text = key[2:]
    return "" if SEP in text else "".join(text.split())


def find_groups(keys_a: Sequence[str], keys_b: Sequence[str], tables_a: Sequence[bool],
                tables_b: Sequence[bool], cancel: CancelCheck | None = None) -> list[Group]:
    """Returns the splits and joins of one gap (block keys, see blocks.block_key), in order and
    never crossing: each block belongs to one group at most."""
    n, m = len(keys_a), len(keys_b)
    if n + m < 3:
        return []
    len_a = [0 if t or len(k) <= 2 else len(k) - 2 for k, t in zip(keys_a, tables_a, strict=True)]
    len_b = [0 if t or len(k) <= 2 else len(k) - 2 for k, t in zip(keys_b, tables_b, strict=True)]
    splits = m >= 2 and _may_hold(len_a, len_b)
    joins = n >= 2 and _may_hold(len_b, len_a)
    if not splits and not joins:
        return []
    side_a = _Side(keys_a, len_a)
    side_b = _Side(keys_b, len_b)
    found: dict[tuple[bool, int, int, int], float] = {}
    if splits:
        for i, j, count, score in _search(side_a, side_b, cancel):
            found[(True, i, j, count)] = score
    if joins:
        for j, i, count, score in _search(side_b, side_a, cancel):
            found[(False, i, j, count)] = score
    if not found:
        return []
    out: list[Group] = []
    a_end = b_end = 0
    for (split, i, j, count), _ in sorted(found.items(), key=lambda x: (x[0][1], x[0][2], -x[1])):
        group = Group(split, i, j, count)
        if i >= a_end and j >= b_end:
            out.append(group)
            a_end, b_end = group.a_end, group.b_end
    return out


_END = 3  # characters (spaces aside) of a text's start and end compared first


def _bounds(size: int) -> tuple[float, float]:
    """Returns the least and most length of parts that may make up a whole of `size` (spaces
    included: they may differ too)."""
    return size * _LENGTH_RATIO - 8, size / _LENGTH_RATIO + 8


def _may_hold(wholes: list[int], parts: list[int]) -> bool:
    """Returns False when no whole is long enough for any two neighbouring parts (a cheap
    screen: a gap of edited paragraphs of about the same length holds no split)."""
    if not wholes:
        return False
    pairs = [x + y for x, y in zip(parts, parts[1:], strict=False) if x and y]
    return bool(pairs) and _bounds(max(wholes))[1] >= min(pairs)


class _Side:
    """One side of a gap: keys, lengths (0 for a table or an empty block), and each text's
    first and last few characters without spaces; squashed texts made on demand."""

    def __init__(self, keys: Sequence[str], lengths: list[int]) -> None:
        self.keys = keys
        self.lengths = lengths
        self.heads = ["".join(k[2:4 * _END + 2].split())[:_END] if n else ""
                      for k, n in zip(keys, lengths, strict=True)]
        self.tails = ["".join(k[max(2, len(k) - 4 * _END):].split())[-_END:] if n else ""
                      for k, n in zip(keys, lengths, strict=True)]
        self._squashed: dict[int, str] = {}
        self._index: tuple[dict[str, list[int]], dict[str, list[int]]] | None = None

    def squashed(self, k: int) -> str:
        found = self._squashed.get(k)
        if found is None:
            found = self._squashed[k] = _squash(self.keys[k])
        return found

    def starting(self, head: str) -> list[int]:
        """Returns the blocks (but the last) whose text starts as `head` does (a text shorter
        than `head`: `head` starts with it)."""
        if len(self.heads) <= _SCAN:
            return [j for j, x in enumerate(self.heads[:-1]) if x and head.startswith(x)]
        heads = self._indexes()[0]
        return sorted(j for n in range(1, _END + 1) for j in heads.get(head[:n], ())
                      if j < len(self.heads) - 1)

    def ending(self, tail: str) -> list[int]:
        """Returns the blocks (but the first) whose text ends as `tail` does."""
        if len(self.tails) <= _SCAN:
            return [k for k, x in enumerate(self.tails) if k and x and tail.endswith(x)]
        tails = self._indexes()[1]
        return sorted(k for n in range(1, _END + 1) for k in tails.get(tail[-n:], ()) if k)

    def _indexes(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        if self._index is None:
            heads: dict[str, list[int]] = {}
            tails: dict[str, list[int]] = {}
            for k, (head, tail) in enumerate(zip(self.heads, self.tails, strict=True)):
                if head:
                    heads.setdefault(head, []).append(k)
                    tails.setdefault(tail, []).append(k)
            self._index = heads, tails
        return self._index


_SCAN = 24  # blocks a side up to which a scan is quicker than an index


def _search(wholes: _Side, parts: _Side, cancel: CancelCheck | None = None
            ) -> list[tuple[int, int, int, float]]:
    """Returns (whole, first part, count, score) where a whole's text is that of two or more
    consecutive parts, exactly (score 101) or nearly.

    A split's first part starts as the whole does, or its last part ends as the whole does
    (small edits leave one end alone): runs of parts are only tried from such an end, and only
    while their length fits (cheap), before the squashed texts and the word diff are compared.
    """
    out = []
    lengths = parts.lengths
    m = len(lengths)
    for i, size in enumerate(wholes.lengths):
        if i % 256 == 0:
            check_cancel(cancel)
        if size < 2:
            continue
        low, high = _bounds(size)
        runs: set[tuple[int, int]] = set()
        for j in parts.starting(wholes.heads[i]):
            total = lengths[j]
            for k in range(j + 1, min(m, j + MAX_PARTS)):
                if not lengths[k]:
                    break
                total += lengths[k]
                if total > high:
                    break
                if total >= low:
                    runs.add((j, k))
        for k in parts.ending(wholes.tails[i]):
            total = lengths[k]
            for j in range(k - 1, max(-1, k - MAX_PARTS), -1):
                if not lengths[j]:
                    break
                total += lengths[j]
                if total > high:
                    break
                if total >= low:
                    runs.add((j, k))
        for j, k in sorted(runs):
            found = _match(wholes.squashed(i), [parts.squashed(x) for x in range(j, k + 1)],
                           wholes.keys[i], parts.keys[j:k + 1])
            if found:
                out.append((i, j, k - j + 1, found))
    return out


def _match(whole: str, parts: list[str], whole_key: str, part_keys: Sequence[str]) -> float:
    """Returns 101 when the squashed whole is the squashed parts joined, the similarity when it
    is nearly (small word edits), else 0."""
    if not whole or not all(parts):
        return 0.0
    joined = "".join(parts)
    if whole == joined:
        return 101.0
    if len(whole) < FUZZY_MIN_CHARS or min(map(len, parts)) < FUZZY_MIN_PART:
        return 0.0
    from rapidfuzz import fuzz

    score = fuzz.ratio(whole, joined, score_cutoff=FUZZY_RATIO)
    # a split's first part starts the whole, its last part ends it
    if not score or not fuzz.ratio(whole[:len(parts[0])], parts[0], score_cutoff=EDGE_RATIO) \
            or not fuzz.ratio(whole[-len(parts[-1]):], parts[-1], score_cutoff=EDGE_RATIO):
        return 0.0
    if not _covered(whole_key[2:], [k[2:] for k in part_keys]):
        return 0.0
    return float(score)


def _covered(whole: str, parts: Sequence[str]) -> bool:
    """Returns True when most of the whole's and of every part's characters sit in equal words
    (a new sentence beside an edited paragraph is not a part of it)."""
    joined = SEP.join(parts)
    ops = diff_text(whole, joined)
    equal_whole = 0
    equal_parts = [0] * len(parts)
    starts = _starts(parts)
    for op in ops:
        if op.op is not SpanOp.EQUAL:
            continue
        equal_whole += _solid(whole[op.a_start:op.a_end])
        p = bisect_right(starts, op.b_start) - 1
        equal_parts[p] += _solid(joined[op.b_start:op.b_end])
    sizes = [_solid(part) for part in parts]
    if equal_whole < COVERAGE * _solid(whole) or sum(equal_parts) < COVERAGE * sum(sizes):
        return False
    return all(equal >= PART_COVERAGE * size for equal, size in zip(equal_parts, sizes,
                                                                     strict=True))


def _solid(text: str) -> int:
    return len(text) - sum(1 for ch in text if ch.isspace())


def _starts(texts: Sequence[str]) -> list[int]:
    """Returns where each text starts in SEP.join(texts)."""
    out = []
    pos = 0
    for text in texts:
        out.append(pos)
        pos += len(text) + 1
    return out


# --- spans of a group --------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupSpans:
    """The display spans of a split or join: the whole paragraph's (with its breaks) and each
    part's, plus how many changed stretches each side holds (word edits made on the way)."""

    whole: tuple[Span, ...]
    breaks: tuple[int, ...]
    parts: tuple[tuple[Span, ...], ...]
    whole_changes: int
    part_changes: int


def group_spans(whole: Block, parts: Sequence[Block], options: DiffOptions,
                split: bool) -> GroupSpans:
    """Returns the spans of a split (`whole` old, `parts` new) or join (the reverse).

    White space that only stands in for a break is equal; each part's number label is equal
    (a new paragraph has its own number) except the first part's when it differs from the
    whole's and numbering is not ignored.
    """
    whole_only = SpanOp.DELETE if split else SpanOp.INSERT
    part_only = SpanOp.INSERT if split else SpanOp.DELETE
    texts = [p.text for p in parts]
    joined = SEP.join(texts)
    starts = _starts(texts)
    text = whole.text
    ops = diff_text(text, joined, options)
    relabelled = whole.label != parts[0].label and not options.ignore_numbering
    w_pre = len(whole.display_text) - len(text)
    w_spans: list[Span] = []
    _add(w_spans, whole_only if relabelled else SpanOp.EQUAL, 0, w_pre)
    p_spans: list[list[Span]] = []
    p_pre: list[int] = []
    for n, part in enumerate(parts):
        pre = len(part.display_text) - len(part.text)
        p_pre.append(pre)
        p_spans.append([])
        _add(p_spans[n], part_only if relabelled and n == 0 else SpanOp.EQUAL, 0, pre)
    breaks: list[int] = []
    for op in ops:
        equal = op.op is SpanOp.EQUAL
        if op.a_end > op.a_start:
            piece = text[op.a_start:op.a_end]
            _add(w_spans, SpanOp.EQUAL if equal or piece.isspace() else whole_only,
                 w_pre + op.a_start, w_pre + op.a_end)
        s = op.b_start
        while s < op.b_end:
            p = bisect_right(starts, s) - 1
            e = min(op.b_end, starts[p] + len(texts[p]))
            if e > s:
                piece = joined[s:e]
                _add(p_spans[p], SpanOp.EQUAL if equal or piece.isspace() else part_only,
                     p_pre[p] + s - starts[p], p_pre[p] + e - starts[p])
            if e < op.b_end:  # the separator: a break in the whole where this op sits
                at = op.a_start
                while at > 0 and text[at - 1].isspace():
                    at -= 1
                breaks.append(w_pre + at)
                s = e + 1
            else:
                s = e
    return GroupSpans(
        whole=tuple(w_spans), breaks=tuple(breaks), parts=tuple(tuple(x) for x in p_spans),
        whole_changes=sum(1 for x in w_spans if x.op is not SpanOp.EQUAL),
        part_changes=sum(1 for spans in p_spans for x in spans if x.op is not SpanOp.EQUAL))


def _add(spans: list[Span], op: SpanOp, start: int, end: int) -> None:
    if end <= start:
        return
    if spans and spans[-1].op is op and spans[-1].end == start:
        spans[-1] = Span(op, spans[-1].start, end)
    else:
        spans.append(Span(op, start, end))
