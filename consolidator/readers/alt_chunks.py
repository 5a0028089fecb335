"""Imported content (w:altChunk): a Word document, web page or plain text that Word shows inline.

Word merges the chunk into the document when it opens the file; LibreOffice reads the Word
ones. Here Word documents are read with the .docx reader (nested at most MAX_NESTING deep, every
part bounded by the safe package), web pages and plain text as paragraphs; anything else (RTF,
MHT) is left to a reader warning.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from consolidator.errors import LoadError
from consolidator.model import Block, BlockKind, Run

MAX_NESTING = 2
_BLOCK_TAGS = frozenset("p div li td th pre blockquote tr dt dd caption address".split())
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIPPED = frozenset({"script", "style", "head", "title", "template"})


# Reads a Word document's bytes (name, data, nesting) -> (its blocks, chunks it left out): the
# .docx reader hands itself in, so this module does not import it back.
WordReader = Callable[[str, bytes, int], tuple[list[Block], int]]


def read_chunk(data: bytes, name: str, nesting: int,
               read_word: WordReader) -> tuple[list[Block], int] | None:
    """Returns the blocks of an imported chunk and how many chunks inside it were left out,
    or None when its format is not read here."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(b"PK"):
        if nesting >= MAX_NESTING:
            return None
        return read_word(name, data, nesting + 1)
    if head.startswith((b"{\\rtf", b"mime-version")) or b"\x00" in data[:1024]:
        return None
    if head.startswith((b"<!doctype html", b"<html", b"<body", b"<?xml")) or b"<p" in head:
        return _html_blocks(data), 0
    from consolidator.readers.text import decode_text

    return [Block("", BlockKind.PARAGRAPH, (Run(line.strip()),))
            for line in decode_text(data).splitlines() if line.strip()], 0


def _html_blocks(data: bytes) -> list[Block]:
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                              huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise LoadError(f"an imported web page cannot be read ({exc})") from exc
    out: list[Block] = []
    if root is not None:
        _walk(root, out, [])
    return out


def _walk(el: etree._Element, out: list[Block], words: list[str]) -> None:
    """Collects the text of `el` into `words`, closing a paragraph at each block element."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _SKIPPED:
        return
    breaks = tag in _BLOCK_TAGS or tag in _HEADINGS
    if breaks:
        _flush(out, words, 0)
    if el.text:
        words.append(el.text)
    for child in el:
        _walk(child, out, words)
        if isinstance(child.tag, str) and child.tag.lower() == "br":
            words.append(" ")
        if child.tail:
            words.append(child.tail)
    if breaks:
        _flush(out, words, _HEADINGS.get(tag, 0))


def _flush(out: list[Block], words: list[str], heading: int) -> None:
    text = " ".join("".join(words).split())
    words.clear()
    if text:
        kind = BlockKind.HEADING if heading else BlockKind.PARAGRAPH
        out.append(Block("", kind, (Run(text),), level=heading))
