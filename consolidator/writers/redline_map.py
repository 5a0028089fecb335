"""Find OLD's element for a block on demand: the redline needs only a few (deleted, moved away).

Mapping every block of a 400-page OLD by text costs as much as writing a tenth of the redline;
the few blocks whose formatting the redline copies from OLD are found by position instead,
checked by text, and only when that fails is the whole document mapped (map_blocks).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from lxml import etree

from consolidator.model import Block
from consolidator.writers.redline_xml import (
    TBL,
    P,
    _block_plain,
    _element_text,
    _plain_element_text,
    _squash,
    map_blocks,
)


class LazyBlockMap:
    """`get(id(block))` → (element index, element) or None, like the dict map_blocks returns
    (`in` and `[]` work too). Blocks asked in reading order cost one text comparison each; a
    part of the document (the second half of a split redline) can be mapped on its own."""

    def __init__(self, blocks: Sequence[Block], elements: list[etree._Element], plain: bool,
                 window: int = 64,
                 elements_read: Sequence[etree._Element | None] | None = None) -> None:
        """`elements_read`: the element each block was read from, where known (the reader's,
        see ooxml.parts.BLOCK_ELEMENTS): such a block needs no search."""
        self.blocks = list(blocks)
        self.elements = elements
        self.plain = plain
        self.window = window
        self.position = {id(b): k for k, b in enumerate(self.blocks)}
        self.elements_read = elements_read if elements_read is not None and \
            len(elements_read) == len(self.blocks) else None
        self.index_of = {el: e for e, el in enumerate(elements)} if self.elements_read else {}
        self.anchors: list[tuple[int, int]] = []  # (block index, element index), sorted
        self.texts: dict[int, str] = {}
        self.full: dict[int, tuple[int, etree._Element]] | None = None
        self.found: dict[int, tuple[int, etree._Element] | None] = {}
        self.ratio = len(elements) / max(1, len(self.blocks))  # elements per block

    def __contains__(self, key: int) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: int) -> tuple[int, etree._Element]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: int, default=None) -> tuple[int, etree._Element] | None:
        if self.full is not None:
            return self.full.get(key, default)
        if key in self.found:
            return self.found[key] or default
        k = self.position.get(key)
        if k is None:
            return default
        found = self._as_read(k) or self._near(k)
        if found is None:  # not where it should be: map the whole document once, by text
            self.full = map_blocks(self.blocks, self.elements, self.window, plain=self.plain)
            return self.full.get(key, default)
        self.found[key] = found
        return found

    def _as_read(self, k: int) -> tuple[int, etree._Element] | None:
        """Returns block k's element when the reader said which it is (and it is still here)."""
        if self.elements_read is None:
            return None
        el = self.elements_read[k]
        e = self.index_of.get(el) if el is not None else None
        if e is None:
            return None
        bisect.insort(self.anchors, (k, e))
        return e, el

    def _near(self, k: int) -> tuple[int, etree._Element] | None:
        """Returns block k's element: searched outwards from where the nearest mapped block
        before it puts it (one element per block), matching its text."""
        n = bisect.bisect_right(self.anchors, (k, len(self.elements)))
        if n:
            base_block, base_element = self.anchors[n - 1]
            guess = base_element + (k - base_block)
        else:  # nothing mapped before it yet: where the elements per block put it
            base_element = -1
            guess = int(k * self.ratio)
        block = self.blocks[k]
        want = TBL if block.table is not None else P
        plain = _block_plain(block)
        key = None  # the block's text without spaces: made when the texts as written differ
        element_text = _plain_element_text if self.plain else _element_text
        lo = max(base_element + 1, 0)
        for offset in range(self.window):
            for e in ((guess + offset, guess - offset) if offset else (guess,)):
                if e < lo or e >= len(self.elements):
                    continue
                el = self.elements[e]
                if el.tag != want:
                    continue
                text = self.texts.get(e)
                if text is None:
                    text = self.texts[e] = element_text(el)
                if text != plain:  # the same text but for spaces is a match too
                    key = _squash(plain) if key is None else key
                    if _squash(text) != key:
                        continue
                bisect.insort(self.anchors, (k, e))
                return e, el
        return None
