"""The word diff gives the same result whichever diff_match_patch does the work: the C++ one
(fast_diff_match_patch, where a wheel is installed) or the Python one (everywhere else), so a
redline made on one computer is the redline made on another."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consolidator.diffing import DiffOptions, Granularity, SpanOp, words

pytest.importorskip("fast_diff_match_patch")

# Repeated words and spaces leave diff_match_patch a choice of where an insertion goes, which
# its two versions decide differently when they class the characters standing for tokens
# differently (letters, spaces: by different rules). Up to 200 distinct tokens give those
# characters many a class; letters beyond ASCII and unusual spaces are among the tokens.
WORDS = [f"w{n}" for n in range(160)] + ["the", "staff", "must", "24", "é", "日本", "ß"]
SEPARATORS = [" ", " ", "  ", ", ", ". ", "\t", "\n", "\x1c", "\u00a0", "("]
tokens = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=80)


@st.composite
def text_pairs(draw) -> tuple[str, str]:
    """Returns a text and an edited copy: tokens inserted, deleted and replaced."""
    old = draw(tokens)
    new = list(old)
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(new)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert" or not new:
            new.insert(at, draw(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS))))
        elif action == "delete":
            del new[min(at, len(new) - 1)]
        else:
            new[min(at, len(new) - 1)] = (draw(st.sampled_from(WORDS)), " ")
    return "".join(w + s for w, s in old), "".join(w + s for w, s in new)


OPTIONS = [DiffOptions(), DiffOptions(granularity=Granularity.CHARACTER),
           DiffOptions(ignore_case=True), DiffOptions(ignore_whitespace=True),
           DiffOptions(ignore_punctuation=True)]


def diff_with(engine: object, a: str, b: str, options: DiffOptions):
    saved = list(words._FAST)
    words._FAST[:] = [engine]
    try:
        return words.diff_text(a, b, options)
    finally:
        words._FAST[:] = saved


@settings(max_examples=300, deadline=None)
@given(pair=text_pairs(), which=st.integers(0, len(OPTIONS) - 1))
def test_cpp_and_python_diff_agree(pair: tuple[str, str], which: int) -> None:
    from fast_diff_match_patch import diff

    a, b = pair
    options = OPTIONS[which]
    assert diff_with(diff, a, b, options) == diff_with(None, a, b, options)


def test_an_insertion_the_engines_once_placed_differently() -> None:
    """With tokens coded as the characters 1, 2, 3 ... the 28th distinct token was a space to
    one engine and not to the other: this insertion went before or after a space by engine."""
    from fast_diff_match_patch import diff

    a = ("staff report data security report messages team personal may access and must phone "
         "devices media be data hours to to breach access social within monitored the for to "
         "not access 24 not for media not.")
    b = a.replace("security report", "security not council report")
    ops = diff_with(diff, a, b, DiffOptions())
    assert ops == diff_with(None, a, b, DiffOptions())
    assert [b[o.b_start:o.b_end] for o in ops if o.op is SpanOp.INSERT] == ["not council "]


def test_edits_of_repeated_words_agree_and_cover_both_texts() -> None:
    from fast_diff_match_patch import diff

    a = "Staff must not use the the email. Staff must  not\tuse it.\x1c日本"
    b = "Staff must use the email the. Staff must not use it, staff must not.\n日本 ß"
    for options in OPTIONS:
        ops = diff_with(diff, a, b, options)
        assert ops == diff_with(None, a, b, options)
        assert "".join(a[o.a_start:o.a_end] for o in ops) == a
        assert "".join(b[o.b_start:o.b_end] for o in ops) == b
        assert any(o.op is not SpanOp.EQUAL for o in ops)


def test_more_distinct_tokens_than_the_private_plane_holds() -> None:
    """Past 6,400 distinct tokens the codes leave the Basic Multilingual Plane: the Python
    version takes over, and the diff is still exact."""
    a = " ".join(f"w{n}" for n in range(7000))
    b = " ".join(f"w{n}" for n in range(7000) if n % 1000) + " new"
    ops = words.diff_text(a, b)
    assert "".join(a[o.a_start:o.a_end] for o in ops) == a
    assert "".join(b[o.b_start:o.b_end] for o in ops) == b
    assert [b[o.b_start:o.b_end] for o in ops if o.op is SpanOp.INSERT] == [" new"]
