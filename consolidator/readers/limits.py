"""Sizes no real policy reaches: a document over them is refused when it is read, not later.

A 400-page policy holds about 16,000 paragraphs and 1.2 million characters; its longest
paragraph a few thousand characters. The limits leave room for far larger documents, and stop
ones that would take minutes and gigabytes to consolidate, or that Word's XML cannot hold (a
text node over 10 MB), before any work is done on them.
"""

from __future__ import annotations

from pathlib import Path

from consolidator.errors import LoadError
from consolidator.model import Block, SourceDocument
from consolidator.source_files import describe

MAX_PARAGRAPH_CHARS = 1_000_000
MAX_BLOCKS = 100_000  # paragraphs, list items, headings and table cells' paragraphs
MAX_DOCUMENT_CHARS = 10_000_000


def paragraph_too_long(path: Path, text: str) -> LoadError:
    """Returns the error for a paragraph over MAX_PARAGRAPH_CHARS, quoting its start."""
    start = " ".join(text[:60].split())
    return LoadError(
        f"{describe(path)} was refused: one paragraph (starting \"{start}\") is "
        f"{len(text):,} characters long, far longer than any real policy paragraph (the limit "
        f"is {MAX_PARAGRAPH_CHARS:,}). The file may be damaged or not a policy; if it is one, "
        "break that paragraph up and load it again.",
        path=str(path), reason="too-large",
    )


def too_many(path: Path, count: int, what: str, limit: int) -> LoadError:
    """Returns the error for a document with more than `limit` paragraphs or characters."""
    return LoadError(
        f"{describe(path)} was refused: it holds {count:,} {what}, far more than any policy (a "
        f"400-page policy has about {16_000 if what == 'paragraphs' else 1_200_000:,}; the "
        f"limit is {limit:,}). Check that you chose the right file; if it is one very long "
        "document, split it into parts and load those.",
        path=str(path), reason="too-large",
    )


def check_text_size(path: Path, text: str) -> None:
    """Raises LoadError when decoded text is over MAX_DOCUMENT_CHARS (before it is parsed)."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise too_many(path, len(text), "characters", MAX_DOCUMENT_CHARS)


def check_document(doc: SourceDocument) -> SourceDocument:
    """Returns `doc` when it is within the limits; raises LoadError (plain message) otherwise."""
    path = Path(doc.path)
    blocks = chars = 0
    stack: list[Block] = list(doc.blocks)
    while stack:
        block = stack.pop()
        if block.table is not None:
            stack.extend(b for cell in block.table.iter_cells() for b in cell.blocks)
            continue
        blocks += 1
        runs = block.runs
        size = len(runs[0].text) if len(runs) == 1 else sum([len(run.text) for run in runs])
        if size > MAX_PARAGRAPH_CHARS:
            raise paragraph_too_long(path, block.text)
        chars += size
    if blocks > MAX_BLOCKS:
        raise too_many(path, blocks, "paragraphs", MAX_BLOCKS)
    if chars > MAX_DOCUMENT_CHARS:
        raise too_many(path, chars, "characters", MAX_DOCUMENT_CHARS)
    return doc
