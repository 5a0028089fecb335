"""Markdown and plain-text policies: headings, lists, pipe tables, emphasis and links."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from consolidator.model import (
    Block,
    BlockKind,
    Cell,
    ReaderWarning,
    Run,
    SourceDocument,
    Table,
    content_id,
    finish_blocks,
)
from consolidator.progress import CancelCheck, Progress, check_cancel, report
from consolidator.readers.limits import MAX_PARAGRAPH_CHARS, check_text_size, paragraph_too_long
from consolidator.readers.markdown_inline import InlineParser
from consolidator.readers.titles import heading_or_file_title

BULLET = "•"

_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})")
_LIST = re.compile(r"^( *)([-*+•]|\d{1,9}[.)])(?:[ \t]+(.*)|$)")
_QUOTE = re.compile(r"^ {0,3}> ?")
_CALLOUT = re.compile(r"^ {0,3}[!?]> ?")  # docsify "!> warning" / "?> note"
_TABLE_RULE = re.compile(r"^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$")
_NUMBER_PREFIX = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,5}\.?)[ \t]+(?=\S)")
_BR = re.compile(r"<br\s*/?>", re.I)


def read(
    path: Path,
    data: bytes,
    *,
    markdown: bool = True,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> SourceDocument:
    """Returns the Markdown (or, with markdown=False, plain-text) file as a SourceDocument."""
    doc_id = content_id(data)
    report(progress, 0.0, f"Reading {path.name}")
    text = decode_text(data)
    check_text_size(path, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    properties: tuple[tuple[str, str], ...] = ()
    warnings: list[ReaderWarning] = []
    if markdown:
        text, properties = _split_front_matter(text)
        parser = _MarkdownParser(path, cancel)
        blocks = parser.parse(_without_comments(text).split("\n"))
        if parser.images:
            warnings.append(ReaderWarning(
                "image", "Pictures are not read: one on a line of its own is shown by its "
                "description (alt text), as \"Picture: ...\".", parser.images))
    else:
        blocks = _plain_blocks(path, text.split("\n"), cancel)
    check_cancel(cancel)
    title = dict(properties).get("title", "")
    if not title:
        title = heading_or_file_title(blocks, path)
    report(progress, 1.0, f"Read {path.name}")
    return SourceDocument(
        id=doc_id,
        path=str(path),
        format="markdown" if markdown else "text",
        title=title.strip() or path.stem,
        blocks=finish_blocks(doc_id, blocks),
        warnings=tuple(warnings),
        properties=properties,
    )


def decode_text(data: bytes) -> str:
    """Returns the bytes decoded: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _without_comments(text: str) -> str:
    """Returns `text` without HTML comments (an unclosed `<!--` is left as text), in one pass."""
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if end < 0:
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos:start])
        pos = end + 3


def _split_front_matter(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Returns the text without YAML front matter, and the simple `key: value` pairs it held."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text, ()
    for end in range(1, min(len(lines), 300)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return text, ()
    pairs: list[tuple[str, str]] = []
    for line in lines[1:end]:
        match = re.match(r"^([A-Za-z_][\w-]*):[ \t]*(.*)$", line)
        if match and match.group(2) and match.group(2) not in (">", "|", ">-", "|-"):
            pairs.append((match.group(1).lower(), match.group(2).strip().strip("\"'")))
    return "\n".join(lines[end + 1:]), tuple(pairs)


# --- Markdown blocks ---------------------------------------------------------------------------


# Text going on with the sentence before it: a small letter or punctuation first.
_GOES_ON = re.compile(r"^(?:[a-z]|[.,;:)])")
# A picture on a line of its own: ![what it shows](file.png "title")
_PICTURE = re.compile(r"^!\[([^\]]{0,2000})\]\([^)]*\)$")

class _MarkdownParser:
    def __init__(self, path: Path, cancel: CancelCheck | None) -> None:
        self.path = path
        self.cancel = cancel
        self.inline = InlineParser(cancel)

    @property
    def images(self) -> int:
        return self.inline.images

    def parse(self, lines: list[str], depth: int = 0) -> list[Block]:
        """Returns the blocks of `lines` (a whole document or a block quote's inner lines)."""
        return _Blocks(self, lines, depth).read()

    def _heading(self, raw: str, level: int) -> Block:
        runs = self._inline(raw.strip())
        label = ""
        if runs:
            match = _NUMBER_PREFIX.match(runs[0].text)
            if match:
                label = match.group(1)
                runs = (replace(runs[0], text=runs[0].text[match.end():]),) + runs[1:]
        return Block("", BlockKind.HEADING, runs, level=level, label=label)

    def _paragraph(self, raw: str) -> Block:
        picture = _PICTURE.match(raw.strip())
        if picture and picture.group(1).strip():  # its description stands in for it
            self.inline.images += 1
            words = " ".join(picture.group(1).split())
            return Block("", BlockKind.PARAGRAPH, (Run(f"Picture: {words}", italic=True),))
        return Block("", BlockKind.PARAGRAPH, self._inline(raw))

    def _table(self, rows: list[str]) -> Block:
        parsed = [_split_row(row) for row in rows]
        width = max(len(r) for r in parsed)
        table_rows = []
        for cells in parsed:
            cells = cells + [""] * (width - len(cells))
            row = []
            for cell in cells:
                paragraphs = [p.strip() for p in _BR.split(cell)]
                blocks = tuple(self._paragraph(p) for p in paragraphs if p) or (
                    Block("", BlockKind.PARAGRAPH, ()),)
                row.append(Cell(blocks))
            table_rows.append(tuple(row))
        return Block("", BlockKind.TABLE, table=Table(tuple(table_rows)))

    def _inline(self, raw: str) -> tuple[Run, ...]:
        """Returns the runs of a Markdown line (see markdown_inline), within the limits."""
        if len(raw) > MAX_PARAGRAPH_CHARS:
            raise paragraph_too_long(self.path, raw)
        return self.inline.runs(raw)


class _Blocks:
    """Markdown lines read into blocks, one construct at a time: each `_…` step takes the
    line at `i` (and those that belong with it) when it is that construct, else declines."""

    def __init__(self, parser: _MarkdownParser, lines: list[str], depth: int) -> None:
        self.parser = parser
        self.lines = lines
        self.depth = depth
        self.out: list[Block] = []
        self.para: list[str] = []
        self.lists: list[tuple[int, int]] = []  # open lists: (marker indent, content indent)
        self.counters: dict[int, int] = {}  # list level -> number shown on the last item
        self.item: list[str] | None = None  # lines of the list item being collected
        self.item_meta: tuple[int, str] = (0, "")
        self.after_blank = False
        self.joined = -1  # the block a one-word code block was joined to (_inline_code)
        self.i = 0

    def read(self) -> list[Block]:
        steps = (self._blank, self._fence, self._atx, self._setext, self._rule, self._table,
                 self._quote, self._list_item, self._continuation)
        while self.i < len(self.lines):
            if self.i % 500 == 0:
                check_cancel(self.parser.cancel)
            line = self.lines[self.i]
            if not any(step(line) for step in steps):
                self._paragraph_line(line)
        self._flush()
        return [b for b in self.out if b.kind is BlockKind.TABLE or b.text.strip() or b.label]

    # --- what is being collected ---------------------------------------------------------
    def _flush(self) -> None:
        if self.para:
            paragraph = self.parser._paragraph(" ".join(s.strip() for s in self.para))
            self.para.clear()
            if 0 <= self.joined == len(self.out) - 1 and _GOES_ON.match(paragraph.text):
                gap = "" if paragraph.text[:1] in ".,;:)" else " "
                first = paragraph.runs[0]
                self.out[-1] = replace(self.out[-1], runs=(
                    *self.out[-1].runs, replace(first, text=gap + first.text),
                    *paragraph.runs[1:]))
            else:
                self.out.append(paragraph)
            self.joined = -1
        if self.item is not None:
            level, label = self.item_meta
            runs = self.parser._inline(" ".join(s.strip() for s in self.item))
            self.out.append(Block("", BlockKind.LIST_ITEM, runs, level=level, label=label))
            self.item = None

    # --- the constructs ----------------------------------------------------------------
    def _blank(self, line: str) -> bool:
        if line.strip():
            return False
        self._flush()
        self.after_blank = True
        self.i += 1
        return True

    def _fence(self, line: str) -> bool:
        fence = _FENCE.match(line)
        if not fence and self.lists and _indent(line) >= self.lists[-1][1]:
            fence = _FENCE.match(line[self.lists[-1][1]:])  # inside a list item
        if not fence:
            return False
        self._flush()
        marker, lines = fence.group(2), self.lines
        self.i += 1
        code = []
        while self.i < len(lines) and not lines[self.i].strip().startswith(marker):
            if lines[self.i].strip():
                code.append(lines[self.i].rstrip())
            self.i += 1
        self.i += 1
        if not self._inline_code(code):
            self.out += [Block("", BlockKind.PARAGRAPH, (Run(c),), style="Code") for c in code]
            self.lists.clear()
        return True

    def _inline_code(self, code: list[str]) -> bool:
        """Joins a one-word code block to the sentence it stands in, and returns True: pages
        converted to Markdown set inline code on lines of its own ("Warnings ..., for
        example" / Jdbgmgr.exe / "."), which would read as three paragraphs. Only when the
        text before it does not end a sentence, nor a paragraph's lead-in ("Type:" then a
        command stays a code block; a list item's "Slack:" takes its channel); the text after
        it joins too when it goes on with the sentence (a small letter or a full stop: "email
        address is no longer ...")."""
        before = self.out[-1] if self.out else None
        if len(code) != 1 or " " in code[0].strip() or len(code[0].strip()) > 60 or \
                before is None or before.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) \
                or before.style or not before.text.strip() or \
                before.text.rstrip().endswith((".", "!", "?")) or (
                    before.kind is BlockKind.PARAGRAPH and before.text.rstrip().endswith(":")):
            return False
        self.out[-1] = replace(before, runs=(*before.runs, Run(" " + code[0].strip())))
        self.joined = len(self.out) - 1
        return True

    def _atx(self, line: str) -> bool:
        indent = _indent(line)
        atx = _atx_heading(line) if indent <= 3 else None
        if not atx or (self.item is not None and indent >= 2):
            return False
        self._flush()
        self.lists.clear()
        self.out.append(self.parser._heading(atx[1], atx[0]))
        self.i += 1
        return True

    def _setext(self, line: str) -> bool:
        setext = _SETEXT.match(line)
        if not (setext and self.para and self.item is None):
            return False
        level = 1 if setext.group(1)[0] == "=" else 2
        text = " ".join(s.strip() for s in self.para)
        self.para.clear()
        self.out.append(self.parser._heading(text, level))
        self.i += 1
        return True

    def _rule(self, line: str) -> bool:
        if not _RULE.match(line):
            return False
        self._flush()
        self.i += 1
        return True

    def _table(self, line: str) -> bool:
        lines, i = self.lines, self.i
        if not ("|" in line and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1])
                and "-" in lines[i + 1]):
            return False
        self._flush()
        self.lists.clear()
        rows = [line]
        self.i += 2
        while self.i < len(lines) and "|" in lines[self.i] and lines[self.i].strip():
            rows.append(lines[self.i])
            self.i += 1
        self.out.append(self.parser._table(rows))
        return True

    def _quote(self, line: str) -> bool:
        if not (_QUOTE.match(line) or _CALLOUT.match(line)):
            return False
        self._flush()
        self.lists.clear()
        inner: list[str] = []
        while self.i < len(self.lines) and self.lines[self.i].strip():
            current = self.lines[self.i]
            quoted = _CALLOUT.match(current) or _QUOTE.match(current)
            inner.append(current[quoted.end():] if quoted else current)
            self.i += 1
        if self.depth < 20:
            self.out.extend(self.parser.parse(inner, self.depth + 1))
        else:
            self.out.append(self.parser._paragraph(" ".join(s.strip() for s in inner)))
        return True

    def _list_item(self, line: str) -> bool:
        marker = _LIST.match(line)
        if not (marker and (marker.group(3) or self.item is not None or not self.para)):
            return False
        self._flush()
        level = self._list_level(len(marker.group(1)), marker.end(2) + 1)
        self.item = [marker.group(3) or ""]
        self.item_meta = (level, self._label(level, marker.group(2)))
        self.after_blank = False
        self.i += 1
        return True

    def _list_level(self, marker_indent: int, content_indent: int) -> int:
        """Returns the level of a new list item, opening or closing nested lists."""
        lists, counters = self.lists, self.counters
        while lists and marker_indent < lists[-1][0]:
            lists.pop()
        if not lists or marker_indent >= lists[-1][1]:
            lists.append((marker_indent, content_indent))
            counters.pop(len(lists) - 1, None)
        level = len(lists) - 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        return level

    def _label(self, level: int, token: str) -> str:
        """Returns the number a list item shows ("3." counting on from the list's first), or
        a bullet."""
        if not token[0].isdigit():
            self.counters.pop(level, None)
            return BULLET
        number = self.counters[level] + 1 if level in self.counters else int(token[:-1])
        self.counters[level] = number
        return f"{number}{token[-1]}"

    def _continuation(self, line: str) -> bool:
        stripped = line.strip()
        if self.item is not None and not self.after_blank:
            self.item.append(stripped)  # continuation (indented or lazy) of the list item
        elif self.lists and self.after_blank and _indent(line) >= self.lists[-1][1]:
            self.para.append(stripped)  # a further paragraph inside a list item
        else:
            return False
        self.i += 1
        return True

    def _paragraph_line(self, line: str) -> None:
        if self.after_blank and not self.para:
            self.lists.clear()
            self.counters.clear()
        self.para.append(line.strip())
        self.after_blank = False
        self.i += 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _atx_heading(line: str) -> tuple[int, str] | None:
    """Returns (level, text) of a "## Heading ##" line, else None (one pass, no regex)."""
    rest = line.lstrip(" ")
    if len(line) - len(rest) > 3:
        return None
    hashes = len(rest) - len(rest.lstrip("#"))
    rest = rest[hashes:]
    if not 1 <= hashes <= 6 or (rest and rest[0] not in " \t"):
        return None
    text = rest.strip(" \t")
    body = text.rstrip("#")
    if body != text and (not body or body[-1] in " \t"):  # a closing sequence of #s
        text = body.rstrip(" \t")
    return hashes, text


def _split_row(row: str) -> list[str]:
    """Returns the cells of a pipe-table row (escaped pipes stay in the text)."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [c.replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row)]


# --- plain text ---------------------------------------------------------------------------------

_TEXT_BULLET = re.compile(r"^[ \t]*([-*•·o▪–])[ \t]+(\S.*)$")
_TEXT_NUMBER = re.compile(r"^[ \t]*(\d{1,3}(?:\.\d{1,3}){0,4}\.?|\(?[a-z]\)|[a-z]\.)[ \t]+(\S.*)$")


def _plain_blocks(path: Path, lines: list[str], cancel: CancelCheck | None) -> list[Block]:
    """Returns paragraphs split on blank lines; wrapped lines re-joined, numbered headings found."""
    lengths = sorted(len(s.rstrip()) for s in lines if s.strip())
    wrap = lengths[int(len(lengths) * 0.9)] if lengths else 0
    hard_wrapped = 40 <= wrap <= 100 and len(lengths) >= 3
    paragraphs: list[str] = []
    current: list[str] = []
    for index, line in enumerate(lines):
        if index % 1000 == 0:
            check_cancel(cancel)
        text = line.strip()
        if not text:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        starts_item = bool(_TEXT_BULLET.match(line) or _TEXT_NUMBER.match(line))
        if current and (starts_item or not hard_wrapped or _ends_line(current[-1], wrap)):
            paragraphs.append(" ".join(current))
            current = []
        current.append(text)
    if current:
        paragraphs.append(" ".join(current))
    blocks: list[Block] = []
    for paragraph in paragraphs:
        if len(paragraph) > MAX_PARAGRAPH_CHARS:
            raise paragraph_too_long(path, paragraph)
        blocks.append(_plain_block(paragraph))
    return blocks


def _ends_line(previous: str, wrap: int) -> bool:
    """Returns True when a hard-wrapped line ends its paragraph (short, or ending in a colon)."""
    return len(previous) < 0.6 * wrap or previous.endswith(":")


def _plain_block(paragraph: str) -> Block:
    bullet = _TEXT_BULLET.match(paragraph)
    if bullet:
        return Block("", BlockKind.LIST_ITEM, (Run(bullet.group(2)),), label=BULLET)
    number = _TEXT_NUMBER.match(paragraph)
    if number:
        label, rest = number.group(1), number.group(2)
        if label[0].isdigit() and _looks_like_heading(rest):
            level = min(9, len(label.rstrip(".").split(".")))
            return Block("", BlockKind.HEADING, (Run(rest),), level=level, label=label)
        level = len(label.rstrip(".").split(".")) - 1 if label[0].isdigit() else 1
        return Block("", BlockKind.LIST_ITEM, (Run(rest),), level=min(8, level), label=label)
    return Block("", BlockKind.PARAGRAPH, (Run(paragraph),))


def _looks_like_heading(text: str) -> bool:
    """Returns True for a short title-like line ("Purpose", "Use of personal devices")."""
    words = text.split()
    return (
        len(words) <= 10
        and len(text) <= 80
        and text[0].isupper()
        and not text.endswith((".", ",", ";", ":"))
    )
