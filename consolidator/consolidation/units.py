"""Clause units: a whole block of a source, or one sentence of it, with where it stands."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from consolidator.model import (
    Block,
    BlockKind,
    Revision,
    SourceDocument,
    cached_text,
    quick_init,
)

# The end of a sentence: its mark (kept with the sentence), the space after it (dropped), and a
# capital or an opening bracket or quote next. (Starting with the mark, not a lookbehind: found
# twice as fast.)
_SENTENCE_END = re.compile(r"([.!?;])\s+(?=[A-Z(\"\u201c'])")


ROW_PLACE = ", row \u201c{}\u201d"  # after a table's section: the row a clause is


_ROW_PLACE = re.compile(r"(?:^|, )row \u201c.*\u201d$")


def row_place(section: str, item: str) -> str:
    """Returns where a table row is: "Approved tools, row \u201cSlido\u201d"."""
    return (section + ROW_PLACE.format(item)).removeprefix(", ")


@quick_init
@dataclass(frozen=True)
class ClauseRef:
    """A clause of a source: a whole block, one sentence of it, or one row of a table."""

    document_id: str
    block_id: str
    sentence: int | None  # 0-based sentence index inside the block, None for the whole block
    text: str
    topic_id: str = ""
    section: str = ""  # the source's section number (or title) holding the block
    row: int | None = None  # 0-based row of a table block, None for no row
    # A list item's lead-in ("You must not:", "Examples of acceptable use include:") when the
    # item states no duty of its own: the item is judged with it, and items under lead-ins
    # saying different things are never one clause ("Never:" + "use X" / "Always:" + "use X").
    lead: str = ""

    @property
    def judged(self) -> str:
        """Returns the text a clause commits to: its lead-in, if any, then its own words."""
        return f"{self.lead} {self.text}" if self.lead else self.text

    @property
    def block_section(self) -> str:
        """Returns the section of the block holding the clause (a row's place without its
        row: "Approved tools" for "Approved tools, row \u201cSlido\u201d")."""
        return self.section if self.row is None else _ROW_PLACE.sub("", self.section)

    @property
    def whole(self) -> bool:
        """Returns True when the clause is a whole block, not a sentence or a row of it."""
        return self.sentence is None and self.row is None

    @cached_text
    def block_key(self) -> str:
        """Returns "document/block" (asked of every unit many times: made once)."""
        return f"{self.document_id}/{self.block_id}"

    @property
    def key(self) -> str:
        """Returns "document/block", "document/block#sentence" or "document/block#rROW":
        unique across all sources."""
        if self.row is not None:
            return f"{self.block_key}#r{self.row}"
        return self.block_key if self.sentence is None else f"{self.block_key}#{self.sentence}"


def list_lead_ins(docs: Sequence[SourceDocument]) -> frozenset[str]:
    """Returns the keys ("document/block") of the paragraphs that introduce a list or a table:
    those ending with a colon, and those the next non-empty block of which is a list item or a
    table ("Staff must not send any of the following material", "... listed below.")."""
    out = set()
    for doc in docs:
        blocks = [b for b in doc.blocks if b.text.strip() or b.table is not None]
        for block, following in zip(blocks, [*blocks[1:], None], strict=True):
            if block.kind is BlockKind.LIST_ITEM or block.table is not None:
                continue
            if block.text.rstrip().endswith(":") or following is not None and (
                    following.kind is BlockKind.LIST_ITEM or following.table is not None):
                out.add(f"{doc.id}/{block.id}")
    return frozenset(out)


def split_sentences(text: str) -> list[str]:
    """Returns the sentences of a paragraph (a single sentence when it cannot be split)."""
    return list(_sentences(text))


@lru_cache(maxsize=65536)  # the clause index and the editorial steps split the same texts
def _sentences(text: str) -> tuple[str, ...]:
    pieces = _SENTENCE_END.split(text.strip())  # text, mark, text, mark, ..., text
    parts = [pieces[k] + pieces[k + 1] for k in range(0, len(pieces) - 1, 2)]
    parts.append(pieces[-1])
    return tuple(p for p in map(str.strip, parts) if p)


def clause_text(block: Block) -> str:
    """Returns a block's text as a clause: tracked deletions and footnote marks left out (a
    mark "1" after "Order No. 117" is no part of the number), spaces normalised. (Made once
    per block: the clause index and the draft both ask.)"""
    text = block.__dict__.get("_clause_text")
    if text is None:
        text = block.__dict__["_clause_text"] = _clause_text(block)
    return text


def _clause_text(block: Block) -> str:
    if block.table is not None:
        return " ".join(block.text.split())
    runs = block.runs
    if len(runs) == 1:  # the usual paragraph: one formatting throughout
        run = runs[0]
        text = run.text if run.revision is not Revision.DELETED and not run.note_ref else ""
    else:
        text = "".join([r.text for r in runs if r.revision is not Revision.DELETED
                        and not r.note_ref])
    return " ".join(text.split())


_WORD = re.compile(r"\w")
MIN_WORDS_FOUND = 4  # fewer words found in a longer wording may be there by chance


def holds_as_written(text: str, source: str) -> bool:
    """Returns True when `text` holds the source wording as it was, as whole sentences (a
    paragraph of a chapter opening moved there whole): not "make sure the Council protects
    ..." for a list item "protects ...", which was reworded to stand on its own."""
    source, text = " ".join(source.split()), " ".join(text.split())
    if len(source.split()) < MIN_WORDS_FOUND:
        return False
    return re.search(rf"(?:^|(?<=[.!?:;] )){re.escape(source)}(?=$| )", text) is not None


def struck_blocks(docs: Sequence[SourceDocument]) -> frozenset[str]:
    """Returns the keys ("document/block") of blocks struck through as a whole: in a source,
    a rule or tool withdrawn ("~~Skype for Business~~"), not one in force."""
    return frozenset(f"{d.id}/{b.id}" for d in docs for b in d.blocks
                     if b.runs and all(r.strike for r in b.runs if _WORD.search(r.text))
                     and any(r.strike for r in b.runs))  # (its full stop may not be struck)
