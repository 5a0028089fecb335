"""Cancel reaches the slow parts of a comparison: alignment, pairing, splits/joins and moves.

The Compare view cancels a comparison the author no longer wants (another pair chosen, policies
still loading); before, two unrelated 400-page policies kept a worker busy for 11-14 s in the
move search, which never looked at the cancel flag.
"""

from __future__ import annotations

import pytest

from consolidator.diffing.blocks import find_moves, pair_gap
from consolidator.diffing.splits import find_groups
from consolidator.errors import Cancelled
from consolidator.model import Block, BlockKind, Run, SourceDocument, finish_blocks


def make_doc(name: str, texts: list[str]) -> SourceDocument:
    blocks = [Block(id="", kind=BlockKind.PARAGRAPH, runs=(Run(t),)) for t in texts]
    return SourceDocument(id=name, path=name, format="docx", title=name,
                          blocks=finish_blocks(name, blocks))


def _sentences(seed: str, count: int) -> list[str]:
    return [f"Clause {seed}{n}: staff must keep record {n} of type {seed} for {n % 7 + 1} years."
            for n in range(count)]


class _After:
    """A cancel check that says "stop" from its `calls`-th call on, and counts its calls."""

    def __init__(self, calls: int) -> None:
        self.calls = 0
        self.limit = calls

    def __call__(self) -> bool:
        self.calls += 1
        return self.calls >= self.limit


def test_move_search_stops_when_cancelled():
    deleted = list(enumerate(_sentences("a", 200)))
    inserted = list(enumerate(_sentences("b", 200)))
    cancel = _After(3)
    with pytest.raises(Cancelled):
        find_moves(deleted, inserted, cancel)
    assert cancel.calls == 3
    # not cancelled, the same call finds the moves (every sentence differs by two letters only)
    assert len(find_moves(deleted, inserted, lambda: False)) == 200


def test_pairing_and_split_search_stop_when_cancelled():
    texts = _sentences("a", 100)
    flags = [False] * 100
    with pytest.raises(Cancelled):
        pair_gap(texts, _sentences("b", 100), flags, flags, lambda: True)
    # block keys as plan_blocks makes them: every old paragraph split in two in NEW
    wholes = [f"P\x00{texts[k]} {texts[k + 1]}" for k in range(0, 100, 2)]
    parts = [f"P\x00{t}" for t in texts]
    with pytest.raises(Cancelled):
        find_groups(wholes, parts, flags[:50], flags, lambda: True)
    assert len(find_groups(wholes, parts, flags[:50], flags, lambda: False)) == 50
