"""Clause units: a whole block of a source, or one sentence of it, with where it stands."""

from __future__ import annotations

import re
from dataclasses import dataclass

from consolidator.model import Block, Revision, cached_text, quick_init

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(\"\u201c'])")


@quick_init
@dataclass(frozen=True)
class ClauseRef:
    """A clause of a source: a whole block (sentence None) or one sentence of it."""

    document_id: str
    block_id: str
    sentence: int | None  # 0-based sentence index inside the block, None for the whole block
    text: str
    topic_id: str = ""
    section: str = ""  # the source's section number (or title) holding the block

    @cached_text
    def block_key(self) -> str:
        """Returns "document/block" (asked of every unit many times: made once)."""
        return f"{self.document_id}/{self.block_id}"

    @property
    def key(self) -> str:
        """Returns "document/block" or "document/block#sentence": unique across all sources."""
        return self.block_key if self.sentence is None else f"{self.block_key}#{self.sentence}"


def split_sentences(text: str) -> list[str]:
    """Returns the sentences of a paragraph (a single sentence when it cannot be split)."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if p]


def clause_text(block: Block) -> str:
    """Returns a block's text as a clause: tracked deletions and footnote marks left out (a
    mark "1" after "Order No. 117" is no part of the number), spaces normalised."""
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
