"""Block alignment: unique equal blocks anchor, similar blocks pair up in the gaps, moves found."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from difflib import SequenceMatcher

from consolidator.diffing.words import normalise
from consolidator.model import Block
from consolidator.progress import CancelCheck, check_cancel

Opcode = tuple[str, int, int, int, int]  # the stdlib's vocabulary: equal/replace/delete/insert

PAIR_THRESHOLD = 50.0  # rapidfuzz ratio (0-100) from which two blocks in a gap are one edited block
MOVE_THRESHOLD = 80.0  # ... from which a deleted and an inserted block are one moved block
MOVE_MIN_CHARS = 12  # shorter blocks ("Yes", "", a bare number) are never called moved
SMALL_GAP = 40_000  # cells of the similarity matrix we are willing to fill for one gap
MAX_MOVE_CANDIDATES = 4_000  # deleted x inserted blocks considered for moves, per side


def block_key(block: Block, options) -> str:
    """Returns the text a block is aligned by: normalised, without its number label."""
    if block.table is not None:
        text = "\t".join(b.text for c in block.table.iter_cells() for b in c.blocks)
    else:
        text = block.text
    return ("T\x00" if block.table is not None else "P\x00") + normalise(text, options)


def align(keys_a: Sequence[int], keys_b: Sequence[int], cancel: CancelCheck | None = None
          ) -> list[Opcode]:
    """Returns opcodes aligning two key sequences: patience-style anchors, difflib in small gaps.

    Near-linear on mostly-equal sequences: common prefix/suffix are trimmed, keys unique in both
    ranges anchor the alignment (longest increasing run), and only the gaps between anchors recurse.
    """
    out: list[Opcode] = []
    _align(keys_a, keys_b, 0, len(keys_a), 0, len(keys_b), out, cancel)
    return _merge(out)


def _align(a, b, alo, ahi, blo, bhi, out, cancel) -> None:
    start_a, start_b = alo, blo
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        alo += 1
        blo += 1
    if alo > start_a:
        out.append(("equal", start_a, alo, start_b, blo))
    end_a, end_b = ahi, bhi
    while ahi > alo and bhi > blo and a[ahi - 1] == b[bhi - 1]:
        ahi -= 1
        bhi -= 1
    tail = ("equal", ahi, end_a, bhi, end_b) if ahi < end_a else None
    if alo == ahi or blo == bhi:
        if alo < ahi or blo < bhi:
            out.append(("replace" if alo < ahi and blo < bhi else
                        "delete" if alo < ahi else "insert", alo, ahi, blo, bhi))
    else:
        check_cancel(cancel)
        anchors = _unique_anchors(a, b, alo, ahi, blo, bhi)
        if anchors:
            i, j = alo, blo
            for ai, bj in anchors:
                if ai > i or bj > j:  # (an empty gap between anchors adds nothing)
                    _align(a, b, i, ai, j, bj, out, cancel)
                out.append(("equal", ai, ai + 1, bj, bj + 1))
                i, j = ai + 1, bj + 1
            _align(a, b, i, ahi, j, bhi, out, cancel)
        elif (ahi - alo) * (bhi - blo) <= SMALL_GAP * 4:
            matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                out.append((tag, alo + i1, alo + i2, blo + j1, blo + j2))
        else:
            out.append(("replace", alo, ahi, blo, bhi))
    if tail:
        out.append(tail)


def _unique_anchors(a, b, alo, ahi, blo, bhi) -> list[tuple[int, int]]:
    """Returns (i, j) pairs of keys occurring once in each range, as a longest increasing run."""
    count_a: dict[int, int] = {}
    pos_a: dict[int, int] = {}
    for i in range(alo, ahi):
        k = a[i]
        count_a[k] = count_a.get(k, 0) + 1
        pos_a[k] = i
    count_b: dict[int, int] = {}
    pos_b: dict[int, int] = {}
    for j in range(blo, bhi):
        k = b[j]
        if k in count_a:
            count_b[k] = count_b.get(k, 0) + 1
            pos_b[k] = j
    pairs = sorted((pos_a[k], pos_b[k]) for k, n in count_b.items()
                   if n == 1 and count_a[k] == 1)
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Returns the longest subsequence of `pairs` (sorted by i) whose j also increases."""
    if not pairs:
        return []
    tails: list[int] = []  # j of the smallest tail of an increasing run of each length
    tail_idx: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_idx.append(n)
        else:
            tails[k] = j
            tail_idx[k] = n
        back[n] = tail_idx[k - 1] if k > 0 else -1
    out = []
    n = tail_idx[-1]
    while n >= 0:
        out.append(pairs[n])
        n = back[n]
    out.reverse()
    return out


def _merge(opcodes: list[Opcode]) -> list[Opcode]:
    merged: list[Opcode] = []
    for op in opcodes:
        if op[1] == op[2] and op[3] == op[4]:
            continue
        if merged and merged[-1][0] == op[0] == "equal":
            prev = merged[-1]
            merged[-1] = ("equal", prev[1], op[2], prev[3], op[4])
        elif merged and merged[-1][0] != "equal" and op[0] != "equal":
            prev = merged[-1]
            merged[-1] = ("replace", prev[1], op[2], prev[3], op[4])
        else:
            merged.append(op)
    return merged


def pair_gap(texts_a: list[str], texts_b: list[str], tables_a: list[bool], tables_b: list[bool],
             cancel: CancelCheck | None = None) -> list[tuple[int, int]]:
    """Returns order-preserving (i, j) pairs of similar blocks in one gap (an edited block).

    Maximises the summed similarity over pairs scoring at least PAIR_THRESHOLD (a weighted LCS).
    Tables pair only with tables. Gaps too large for the matrix pair by position when similar.
    """
    n, m = len(texts_a), len(texts_b)
    if not n or not m:
        return []
    from rapidfuzz import fuzz

    if n * m > SMALL_GAP:
        return [(i, i) for i in range(min(n, m))
                if tables_a[i] == tables_b[i]
                and fuzz.ratio(texts_a[i], texts_b[i]) >= PAIR_THRESHOLD]
    scores = _similarities(texts_a, texts_b, PAIR_THRESHOLD, cancel)
    # best[i][j]: best total for a[i:], b[j:]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = best[i], best[i + 1]
        srow = scores[i]
        for j in range(m - 1, -1, -1):
            value = max(below[j], row[j + 1])
            s = srow[j]
            if s and tables_a[i] == tables_b[j] and s + below[j + 1] > value:
                value = s + below[j + 1]
            row[j] = value
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        s = scores[i][j]
        if s and tables_a[i] == tables_b[j] and best[i][j] == s + best[i + 1][j + 1]:
            pairs.append((i, j))
            i += 1
            j += 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def gap_steps(steps: list[tuple[str, int, int]], texts_a: list[str], texts_b: list[str],
              tables_a: list[bool], tables_b: list[bool], i1: int, i2: int, j1: int,
              j2: int, pairs: list[tuple[int, int]] | None = None, *,
              cancel: CancelCheck | None = None) -> None:
    """Appends the steps of old blocks [i1, i2) against new blocks [j1, j2): similar blocks
    paired (edited; `pairs` when already known), the rest deleted or inserted."""
    if pairs is None:
        pairs = pair_gap(texts_a[i1:i2], texts_b[j1:j2], tables_a[i1:i2], tables_b[j1:j2],
                         cancel)
    i, j = i1, j1
    for pi, pj in pairs:
        steps.extend(("del", k, -1) for k in range(i, i1 + pi))
        steps.extend(("ins", -1, k) for k in range(j, j1 + pj))
        steps.append(("pair", i1 + pi, j1 + pj))
        i, j = i1 + pi + 1, j1 + pj + 1
    steps.extend(("del", k, -1) for k in range(i, i2))
    steps.extend(("ins", -1, k) for k in range(j, j2))


def find_moves(deleted: list[tuple[int, str]], inserted: list[tuple[int, str]],
               cancel: CancelCheck | None = None) -> list[tuple[int, int, float]]:
    """Returns (deleted index, inserted index, score) for blocks deleted in one place and inserted
    (possibly edited) in another; each block is used once, best matches first."""
    dels = [(i, t) for i, t in deleted if len(t) >= MOVE_MIN_CHARS][:MAX_MOVE_CANDIDATES]
    inss = [(j, t) for j, t in inserted if len(t) >= MOVE_MIN_CHARS][:MAX_MOVE_CANDIDATES]
    if not dels or not inss:
        return []
    found: list[tuple[int, int, float]] = []
    by_text: dict[str, list[int]] = {}
    for j, t in inss:
        by_text.setdefault(t, []).append(j)
    used_j: set[int] = set()
    rest_d = []
    for i, t in dels:
        js = by_text.get(t)
        if js:
            j = js.pop(0)
            used_j.add(j)
            found.append((i, j, 100.0))
        else:
            rest_d.append((i, t))
    rest_i = [(j, t) for j, t in inss if j not in used_j]
    if rest_d and rest_i:
        # only the pairs over the threshold are kept: two unrelated 400-page policies give
        # 4,000 x 4,000 candidates, and a dense matrix of them would take over 100 MB
        candidates = [(-s, x, y) for x, y, s in _similar_pairs(
            [t for _, t in rest_d], [t for _, t in rest_i], MOVE_THRESHOLD, cancel)]
        candidates.sort()
        taken_x: set[int] = set()
        taken_y: set[int] = set()
        for s, x, y in candidates:
            if x in taken_x or y in taken_y:
                continue
            taken_x.add(x)
            taken_y.add(y)
            found.append((rest_d[x][0], rest_i[y][0], -s))
    return found


_CANCEL_EVERY = 32  # rows of similarities scored between two looks at the cancel flag


def _similar_pairs(texts_a: list[str], texts_b: list[str], cutoff: float,
                   cancel: CancelCheck | None = None) -> list[tuple[int, int, float]]:
    """Returns (x, y, rapidfuzz ratio) of every pair scoring at least `cutoff`."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import extract

    out = []
    for x, text in enumerate(texts_a):
        if x % _CANCEL_EVERY == 0:
            check_cancel(cancel)
        out.extend((x, y, float(score)) for _, score, y in extract(
            text, texts_b, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None))
    return out


def _similarities(texts_a: list[str], texts_b: list[str], cutoff: float,
                  cancel: CancelCheck | None = None) -> list[list[float]]:
    """Returns the rapidfuzz ratio of every pair, 0.0 where it is below `cutoff`."""
    out = [[0.0] * len(texts_b) for _ in texts_a]
    for x, y, score in _similar_pairs(texts_a, texts_b, cutoff, cancel):
        out[x][y] = score
    return out
