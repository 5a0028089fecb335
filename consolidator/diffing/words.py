"""Word- or character-level diff inside a pair of blocks (the only diff_match_patch user).

Each distinct token is diffed as one character (the lines-to-chars trick, applied to words).
Those characters are private-use code points: to diff_match_patch's scoring of where an edit
may start (letters, spaces, line breaks) every token is then alike, in its Python version and
in its C++ version alike, although the two classify real characters by different rules. The C++
version (fast_diff_match_patch) does the work where it is installed and the tokens fit in the
Basic Multilingual Plane; the Python version, the same algorithm, everywhere else.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate
from typing import NamedTuple

from consolidator.diffing.results import DiffOptions, Granularity, Span, SpanOp

# A word (letters, digits, joined by ' or - inside), a run of whitespace, or one other character.
_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\s+|[^\w\s]", re.UNICODE)

# Token strings handled by diff_match_patch are short (one paragraph); this only bounds a
# pathological giant block. A timed-out diff is still a valid (coarser) diff, so output stays exact.
DIFF_TIMEOUT_SECONDS = 2.0

EXACT = DiffOptions()  # nothing ignored, word granularity


class TextOp(NamedTuple):
    """One stretch of a text diff: `a[a_start:a_end]` became `b[b_start:b_end]` under `op`
    (a named tuple, like Span: made by the tens of thousands)."""

    op: SpanOp
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def tokenize(text: str, granularity: Granularity = Granularity.WORD) -> list[tuple[int, int]]:
    """Returns the half-open (start, end) offsets of the tokens covering `text` without gaps."""
    if granularity is Granularity.CHARACTER:
        return [(i, i + 1) for i in range(len(text))]
    return [m.span() for m in _TOKEN.finditer(text)]


def normalise(text: str, options: DiffOptions) -> str:
    """Returns the text as the comparison sees it under `options` (for block keys and equality)."""
    if options.ignore_case:
        text = text.casefold()
    if options.ignore_punctuation:
        text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
    if options.ignore_whitespace:
        text = "".join(text.split())
    return text


def _token_key(token: str, options: DiffOptions) -> str | None:
    if token.isspace():
        return None if options.ignore_whitespace else token
    if options.ignore_punctuation and all(unicodedata.category(ch).startswith("P") for ch in token):
        return None
    return token.casefold() if options.ignore_case else token


def diff_text(a: str, b: str, options: DiffOptions | None = None, *, skip_a: int = 0,
              skip_b: int = 0) -> list[TextOp]:
    """Returns the ops turning `a` into `b`, covering both texts in order.

    Tokens that `options` ignore (and the first `skip_a`/`skip_b` characters, e.g. a number label
    when numbering is ignored) count as equal. Ops are merged: no two neighbours share an op.
    """
    options = options or EXACT
    if a == b:
        return [TextOp(SpanOp.EQUAL, 0, len(a), 0, len(b))] if a else []
    if not skip_a and not skip_b and not (options.ignore_case or options.ignore_whitespace
                                          or options.ignore_punctuation):
        return _diff_exact(a, b, options.granularity)
    tok_a = tokenize(a, options.granularity)
    tok_b = tokenize(b, options.granularity)
    keys_a = [None if e <= skip_a else _token_key(a[s:e], options) for s, e in tok_a]
    keys_b = [None if e <= skip_b else _token_key(b[s:e], options) for s, e in tok_b]
    ops_a = [SpanOp.EQUAL] * len(tok_a)
    ops_b = [SpanOp.EQUAL] * len(tok_b)
    codes: dict[str, str] = {}
    if None not in keys_a and None not in keys_b:  # the usual case: every token compared
        enc_a, enc_b = _encode(keys_a, codes), _encode(keys_b, codes)
        return _direct(tok_a, tok_b, _dmp_diff(enc_a, enc_b, len(codes) <= len(_PRIVATE_BMP)))
    idx_a = [i for i, k in enumerate(keys_a) if k is not None]
    idx_b = [i for i, k in enumerate(keys_b) if k is not None]
    enc_a = _encode([keys_a[i] for i in idx_a], codes)
    enc_b = _encode([keys_b[i] for i in idx_b], codes)
    pairs: list[tuple[int, int]] = []  # (token index in a, token index in b) of equal tokens
    pa = pb = 0
    for op, n in _dmp_diff(enc_a, enc_b, len(codes) <= len(_PRIVATE_BMP)):
        if op == 0:
            pairs.extend(zip(idx_a[pa:pa + n], idx_b[pb:pb + n], strict=True))
            pa += n
            pb += n
        elif op < 0:
            for i in idx_a[pa:pa + n]:
                ops_a[i] = SpanOp.DELETE
            pa += n
        else:
            for i in idx_b[pb:pb + n]:
                ops_b[i] = SpanOp.INSERT
            pb += n
    return _interleave(tok_a, tok_b, ops_a, ops_b, pairs)


def _diff_exact(a: str, b: str, granularity: Granularity) -> list[TextOp]:
    """Returns diff_text(a, b) when every token is compared as it is (the usual case)."""
    if granularity is Granularity.CHARACTER:
        words_a, words_b = list(a), list(b)
    else:
        words_a = _TOKEN.findall(a)  # the tokens cover the text without gaps
        words_b = _TOKEN.findall(b)
    unique = dict.fromkeys(words_a + words_b)
    if len(unique) > len(_PRIVATE_BMP):  # rare: codes from the other planes' private areas
        codes: dict[str, str] = {}
        enc_a, enc_b = _encode(words_a, codes), _encode(words_b, codes)
    else:
        codes = dict(zip(unique, _PRIVATE_BMP, strict=False))  # as many codes as tokens
        enc_a = "".join(map(codes.__getitem__, words_a))
        enc_b = "".join(map(codes.__getitem__, words_b))
    return _direct_ends(list(accumulate(map(len, words_a))), list(accumulate(map(len, words_b))),
                        _dmp_diff(enc_a, enc_b, len(codes) <= len(_PRIVATE_BMP)))


def spans_of(ops: list[TextOp], side: str) -> tuple[tuple[Span, ...], int, int]:
    """Returns one side's spans ("a" or "b") and how many delete/insert stretches it holds."""
    spans: list[Span] = []
    for op in ops:
        start, end = (op.a_start, op.a_end) if side == "a" else (op.b_start, op.b_end)
        if end <= start:
            continue
        if spans and spans[-1].op is op.op:
            spans[-1] = Span(op.op, spans[-1].start, end)
        else:
            spans.append(Span(op.op, start, end))
    changes = sum(1 for s in spans if s.op is not SpanOp.EQUAL)
    return tuple(spans), changes, len(spans)


# The private-use code points: 6,400 in the Basic Multilingual Plane, then planes 15 and 16
_PRIVATE_BMP = "".join(map(chr, range(0xE000, 0xF900)))
_PLANE_15, _PLANE_16, _PLANE_SIZE = 0xF0000, 0x100000, 0xFFFE


def _code(n: int) -> str:
    """Returns the character standing for the n-th distinct token (counted from 0)."""
    if n < len(_PRIVATE_BMP):
        return _PRIVATE_BMP[n]
    n -= len(_PRIVATE_BMP)
    if n < 2 * _PLANE_SIZE:
        return chr(_PLANE_15 + n if n < _PLANE_SIZE else _PLANE_16 + n - _PLANE_SIZE)
    return chr(0x20000 + n - 2 * _PLANE_SIZE)  # past 137,468 distinct tokens: any code point


def _encode(keys: list[str], codes: dict[str, str]) -> str:
    """Returns one character per token, each new key given the next code."""
    out = []
    for key in keys:
        code = codes.get(key)
        if code is None:
            code = codes[key] = _code(len(codes))
        out.append(code)
    return "".join(out)


_DMP = None
_FAST: list = []  # [fast_diff_match_patch.diff or None], once looked for
_FAST_OPS = {"=": 0, "-": -1, "+": 1}


def _dmp_diff(a: str, b: str, bmp: bool) -> list[tuple[int, int]]:
    """Returns diff_match_patch's diff of two token strings, semantically cleaned up, as
    (op, length) pairs: op 0 equal, -1 deleted from `a`, 1 inserted from `b`. `bmp`: every
    code is one of _PRIVATE_BMP (what the C++ version, UTF-16 on Windows, takes)."""
    if a == b:
        return [(0, len(a))] if a else []
    if not _FAST:
        try:
            from fast_diff_match_patch import diff as fast_diff
        except ImportError:  # no wheel for this platform: the Python version does the same
            fast_diff = None
        _FAST.append(fast_diff)
    if _FAST[0] is not None and bmp:
        return [(_FAST_OPS[op], n) for op, n in _FAST[0](
            a, b, timelimit=DIFF_TIMEOUT_SECONDS, checklines=False, cleanup="Semantic")]
    return [(op, len(text)) for op, text in _python_diff(a, b)]


def _python_diff(a: str, b: str) -> list[tuple[int, str]]:
    global _DMP
    if _DMP is None:
        from diff_match_patch import diff_match_patch

        _DMP = diff_match_patch()
        _DMP.Diff_Timeout = DIFF_TIMEOUT_SECONDS
    diffs = _DMP.diff_main(a, b, False)
    _DMP.diff_cleanupSemantic(diffs)  # readable stretches instead of scattered one-token matches
    return diffs


def _direct(tok_a, tok_b, diffs) -> list[TextOp]:
    """Returns ops straight from a token-level diff (tokens cover each text without gaps)."""
    return _direct_ends([e for _, e in tok_a], [e for _, e in tok_b], diffs)


def _direct_ends(ends_a, ends_b, diffs) -> list[TextOp]:
    """Returns ops from a token-level diff, given the end offset of every token of each text."""
    out: list[TextOp] = []
    pa = pb = 0  # token positions
    ca = cb = 0  # character positions
    pending_delete: TextOp | None = None
    pending_insert: TextOp | None = None
    for op, n in diffs:
        if op == 0:
            if pending_delete:
                out.append(pending_delete)
            if pending_insert:
                out.append(pending_insert)
            pending_delete = pending_insert = None
            ea, eb = ends_a[pa + n - 1], ends_b[pb + n - 1]
            out.append(TextOp(SpanOp.EQUAL, ca, ea, cb, eb))
            pa, pb, ca, cb = pa + n, pb + n, ea, eb
        elif op < 0:
            ea = ends_a[pa + n - 1]
            start = pending_delete.a_start if pending_delete else ca
            pending_delete = TextOp(SpanOp.DELETE, start, ea, cb, cb)
            pa, ca = pa + n, ea
        else:
            eb = ends_b[pb + n - 1]
            start = pending_insert.b_start if pending_insert else cb
            pending_insert = TextOp(SpanOp.INSERT, ca, ca, start, eb)
            pb, cb = pb + n, eb
    if pending_delete:
        out.append(pending_delete)
    if pending_insert:
        out.append(pending_insert)
    return out


def _interleave(tok_a, tok_b, ops_a, ops_b, pairs) -> list[TextOp]:
    """Returns merged ops in reading order: deletions, then insertions, before each equal."""
    out: list[TextOp] = []

    def emit(op: SpanOp, a0: int, a1: int, b0: int, b1: int) -> None:
        if a1 <= a0 and b1 <= b0:
            return
        if out and out[-1].op is op and out[-1].a_end == a0 and out[-1].b_end == b0:
            out[-1] = TextOp(op, out[-1].a_start, a1, out[-1].b_start, b1)
        else:
            out.append(TextOp(op, a0, a1, b0, b1))

    ia = ib = 0
    na, nb = len(tok_a), len(tok_b)
    a_pos = b_pos = 0  # character positions reached

    def flush(limit_a: int, limit_b: int) -> None:
        # emit tokens of a up to limit_a and of b up to limit_b that are not in `pairs`
        nonlocal ia, ib, a_pos, b_pos
        while ia < limit_a:
            s, e = tok_a[ia]
            if ops_a[ia] is SpanOp.DELETE:
                emit(SpanOp.DELETE, s, e, b_pos, b_pos)
            else:  # ignored token: equal, but it has no partner in b
                emit(SpanOp.EQUAL, s, e, b_pos, b_pos)
            a_pos = e
            ia += 1
        while ib < limit_b:
            s, e = tok_b[ib]
            if ops_b[ib] is SpanOp.INSERT:
                emit(SpanOp.INSERT, a_pos, a_pos, s, e)
            else:
                emit(SpanOp.EQUAL, a_pos, a_pos, s, e)
            b_pos = e
            ib += 1

    for pa, pb in pairs:
        flush(pa, pb)
        s_a, e_a = tok_a[pa]
        s_b, e_b = tok_b[pb]
        emit(SpanOp.EQUAL, s_a, e_a, s_b, e_b)
        a_pos, b_pos = e_a, e_b
        ia, ib = pa + 1, pb + 1
    flush(na, nb)
    return out
