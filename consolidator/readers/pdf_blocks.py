"""PDF lines into blocks: headings from font size, bold and number prefixes; list items from
bullets and numbers; wrapped lines and words split at line ends joined back together."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from consolidator.model import Block, BlockKind, Run
from consolidator.readers.pdf_links import Link, on_line, with_links
from consolidator.readers.pdf_tables import Place, with_tables
from consolidator.readers.pdf_text import SUPERSCRIPT_DIGITS, Line

BULLET = "•"

BULLET_PREFIX = re.compile(r"^([•●▪■◦○‣∙·\uf0b7\uf0a7\uf076\uf0d8\uf0fc]|[-–*o])\s+(?=\S)")
NUMBER_PREFIX = re.compile(
    r"^(\d{1,3}(?:\.\d{1,3}){0,5}\.?|\(?[a-z]\)|\(?[ivx]{1,5}\)|[a-z]\.)\s+(?=\S)"
    r"|^(\d{1,3}(?:\.\d{1,3}){0,5}\.)(?=[A-Z][a-z])")  # "10.Annually": no space printed
_CODE = re.compile(r"^\S*\d\S*$")  # one token with a digit: "POL.ITAUP.001", "v2.1"
_WORD_END = re.compile(r"(\w+)-$")
_WORD_START = re.compile(r"^(\w+)")
_LAST_WORD = re.compile(r"([^\W\d_]+)$")
_FIRST_WORD = re.compile(r"^([^\W\d_]+)")
MAX_LEVEL = 6


@dataclass
class Layout:
    """What the whole document's lines say about its headings, paragraphs and lists."""

    body: float  # the body text's font size
    size_level: dict[float, int]  # heading level of each font size larger than the body's
    bold_level: int  # level of a bold heading in body size
    gap: float  # the usual space between two lines of one paragraph
    right_margin: float  # where body lines usually end
    bullet_x: list[float]  # where bullets sit (their indents are list levels)
    vocabulary: set[str] = field(default_factory=set)  # every word, lower case
    title_size: float = 0.0  # the size of the document's title lines, when it has them
    bold_fonts: set[str] = field(default_factory=set)  # families of bold headings in body size

    @classmethod
    def of(cls, lines: list[Line], body: float) -> Layout:
        title_size = _title_size(lines, body)
        heading_sizes = sorted({ln.size for ln in lines
                                if ln.size >= body * 1.15 and ln.size != title_size},
                               reverse=True)
        gaps = [
            b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False)
            if a.page == b.page and abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5
            and b.top > a.bottom - 1
        ]
        right = sorted(line.x1 for line in lines if abs(line.size - body) < 0.5)
        vocabulary = {w.lower() for line in lines  # inside lines: no piece of a broken word
                      for w in re.findall(r"[\w-]+", line.text)[1:-1]}
        right_margin = _right_margin(lines, right)
        _mark_wrap_edges(lines, right_margin)
        return cls(
            body=body,
            size_level={size: min(MAX_LEVEL, i + 1) for i, size in enumerate(heading_sizes)},
            bold_level=min(MAX_LEVEL, len(heading_sizes) + 1),
            gap=sorted(gaps)[len(gaps) // 2] if gaps else body * 0.3,
            right_margin=right_margin,
            bullet_x=[ln.x0 for ln in lines if BULLET_PREFIX.match(ln.text)],
            vocabulary=vocabulary,
            title_size=title_size,
            bold_fonts=_bold_heading_fonts(lines, body, heading_sizes),
        )

    def heading_level(self, line: Line) -> int:
        words = len(line.text.split())
        if line.tag:
            return _tag_level(line.tag)
        if line.size in self.size_level and words <= 20:
            return self.size_level[line.size]
        if _bold_heading_like(line, self.body) and (
            not self.bold_fonts or line.font in self.bold_fonts
        ):
            return self.bold_level
        return 0


def _bold_heading_like(line: Line, body: float) -> bool:
    """Returns True for a short bold line in body size that does not read as a sentence."""
    return (
        line.bold and abs(line.size - body) < 0.5 and len(line.text.split()) <= 12
        and not line.text.endswith((".", ",", ";", ":"))
        and not BULLET_PREFIX.match(line.text) and not _CODE.match(line.text)
    )


def _bold_heading_fonts(lines: list[Line], body: float, heading_sizes: list[float]) -> set[str]:
    """Returns the font families headings use when they differ from the body text's family
    (headings in Arial over text in Times): then a bold line in the body's own family is
    emphasis, not a heading. Empty when headings and text share a family."""
    fonts = Counter(line.font for line in lines if abs(line.size - body) < 0.5)
    if not fonts:
        return set()
    body_font = fonts.most_common(1)[0][0]
    heading_fonts = {line.font for line in lines if line.size in heading_sizes}
    heading_fonts |= {line.font for line in lines
                      if line.font != body_font and _bold_heading_like(line, body)}
    return set() if body_font in heading_fonts else heading_fonts


def _right_margin(lines: list[Line], ends: list[float]) -> float:
    """Returns where body lines end: most of them (ragged right, so not the commonest end); with
    too few lines to tell, at least as far from the right edge as the text is from the left."""
    if not lines:
        return 0.0
    margin = ends[int(len(ends) * 0.9)] if ends else max(line.x1 for line in lines)
    if len(ends) < 20:
        left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
        margin = max(margin, lines[0].page_width - left)
    return margin


def _mark_wrap_edges(lines: list[Line], right_margin: float, reach: int = 6) -> None:
    """Sets each line's wrap_right: the page's right margin, or, for a line in a narrow column
    (a table cell), the furthest right that lines nearby starting at the same place reach."""
    for n, line in enumerate(lines):
        neighbours = [other.x1 for other in lines[max(0, n - reach):n + reach + 1]
                      if other.page == line.page and abs(other.x0 - line.x0) < 3]
        edge = max(neighbours, default=line.x1)
        narrow = edge - line.x0 < 0.7 * (right_margin - line.x0)
        line.wrap_right = edge if narrow else right_margin


def _title_size(lines: list[Line], body: float) -> float:
    """Returns the size of the title: the largest text, on the first lines of the first page
    only (and at most three lines of it); 0.0 when the document has no such title."""
    if not lines:
        return 0.0
    largest = max(line.size for line in lines)
    if largest < body * 1.15:
        return 0.0
    leading = 0
    while leading < len(lines) and lines[leading].size == largest:
        leading += 1
    if leading == 0 or leading > 3 or lines[0].page != lines[leading - 1].page:
        return 0.0
    if any(line.size == largest for line in lines[leading:]):
        return 0.0
    return largest


def _tag_level(tag: str) -> int:
    if len(tag) == 2 and tag[0] == "H" and tag[1].isdigit():
        return min(9, max(1, int(tag[1])))
    return 1 if tag == "H" else 0


class BlockBuilder:
    """Gathers lines into blocks, one block at a time."""

    def __init__(self, layout: Layout, note_ids: dict[tuple[int, str], str],
                 links: dict[int, list[Link]] | None = None) -> None:
        self.layout = layout
        self.note_ids = note_ids  # (page, mark) -> Note.id of a footnote found at the page foot
        self.links = links or {}  # page -> its link annotations
        self.blocks: list[Block] = []
        self.kind = BlockKind.PARAGRAPH
        self.level = 0
        self.label = ""
        self.style = ""
        self.lines: list[Line] = []
        self.places: list[Place | None] = []  # where each block sits in a tagged table

    def build(self, lines: list[Line]) -> list[Block]:
        previous: Line | None = None
        for line in lines:
            heading_level = self.layout.heading_level(line)
            if self._starts_block(previous, line, heading_level):
                self.flush()
                self._begin(line, heading_level)
            self.lines.append(line)
            previous = line
        self.flush()
        if any(self.places):
            return with_tables(self.blocks, self.places, self._joins)
        return self.blocks

    def _starts_block(self, previous: Line | None, line: Line, heading_level: int) -> bool:
        if previous is None:
            return True
        if line.tag_key >= 0 and previous.tag_key >= 0:  # a tagged PDF says where blocks end
            if line.tag_key == previous.tag_key:
                return False
            # on the next page only the rest of an element the page break cut goes on (a cell's
            # rest is a block of its own all the same: pdf_tables finds its cell)
            return line.page == previous.page or not line.continued or bool(line.cell) or \
                line.tag != previous.tag or bool(heading_level)
        if self.kind is BlockKind.LIST_ITEM and self.lines and \
                line.x0 < self.lines[0].x0 - _DEDENT:
            return True  # back at the margin after an item: a new paragraph, across pages too
        current = self.level if self.kind is BlockKind.HEADING else 0
        if heading_level and self.kind is BlockKind.HEADING and heading_level == self.level and (
            line.page == previous.page and line.top - previous.bottom < line.size
        ):
            return False  # a heading wrapped onto a second line
        return (
            heading_level != current
            or bool(BULLET_PREFIX.match(line.text))
            or (bool(NUMBER_PREFIX.match(line.text)) and heading_level == 0)
            or abs(line.size - previous.size) >= 1.0
            or paragraph_break(previous, line, self.layout)
        )

    def _begin(self, line: Line, heading_level: int) -> None:
        self.label = ""
        self.style = ""
        if line.tag == "Title" or (self.layout.title_size and not line.tag
                                   and line.size == self.layout.title_size):
            self.kind, self.level, self.style = BlockKind.PARAGRAPH, 0, "Title"
            return
        bullet = BULLET_PREFIX.match(line.text)
        number = NUMBER_PREFIX.match(line.text)
        if heading_level:
            self.kind, self.level = BlockKind.HEADING, heading_level
            if number and _label(number)[0].isdigit():
                self.label = _label(number)
                line.drop_prefix(number.end())
                depth = len(self.label.rstrip(".").split("."))
                self.level = min(9, max(heading_level, depth))
        elif bullet:
            self.kind, self.label = BlockKind.LIST_ITEM, BULLET
            line.drop_prefix(bullet.end())
            self.level = _indent_level(line.x0, self.layout.bullet_x)
        elif number:
            self.kind, self.label = BlockKind.LIST_ITEM, _label(number)
            line.drop_prefix(number.end())
            depth = len(self.label.rstrip(".").split("."))
            self.level = min(8, max(0, depth - 1)) if self.label[0].isdigit() else 1
        else:
            self.kind, self.level = BlockKind.PARAGRAPH, 0

    def flush(self) -> None:
        if self.lines:
            runs = self.runs(self.lines)
            if runs:
                self.blocks.append(Block("", self.kind, runs, level=self.level,
                                         label=self.label, style=self.style))
                first = self.lines[0]
                self.places.append(Place(first.page, *first.cell, first, self.lines[-1])
                                   if first.cell else None)
        self.lines = []

    def _joins(self, before: Line, text: str, after: Line, next_text: str) -> bool:
        """Returns True when `after` goes on from `before` without a space (join_lines)."""
        return join_lines(before, text, next_text, self.layout.vocabulary,
                          _cell_width([before])) is not None

    def runs(self, lines: list[Line]) -> tuple[Run, ...]:
        """Returns the lines' text as runs: lines joined with a space (or without, across a
        word split at the line end), footnote marks as runs of their own."""
        pieces: list[tuple[str, str | None]] = []  # (text, note id or "" for a raised mark)
        starts: list[int] = []  # where each line's text starts, about (joins move it a little)
        length = 0
        cell_width = _cell_width(lines) if lines[0].cell else 0.0
        for n, line in enumerate(lines):
            line_pieces = [(t, self._mark_id(line, t) if raised else None)
                           for t, raised in line.pieces]
            if n and pieces and line_pieces:
                joint = join_lines(lines[n - 1], pieces[-1][0], line_pieces[0][0],
                                   self.layout.vocabulary, cell_width)
                if joint is not None and pieces[-1][1] is None and line_pieces[0][1] is None:
                    pieces[-1] = (joint[0], None)
                    line_pieces[0] = (joint[1], None)
                else:
                    pieces.append((" ", None))
                    length += 1
            starts.append(length)
            length += sum(len(t) for t, _ in line_pieces)
            pieces.extend(line_pieces)
        runs = _merge_runs(pieces)
        if self.kind is not BlockKind.HEADING and all(ln.bold for ln in lines):  # a label
            runs = tuple(replace(r, bold=True) if r.note_ref is None else r for r in runs)
        spans = self._link_spans(lines, starts, "".join(r.text for r in runs)) \
            if self.links else []
        return with_links(runs, spans) if spans else runs

    def _link_spans(self, lines: list[Line], starts: list[int], text: str
                    ) -> list[tuple[int, int, str]]:
        """Returns (start, end, address) of the words each link annotation over the lines
        covers: its words found in the text where its box says, on its line."""
        spans: list[tuple[int, int, str]] = []
        for n, line in enumerate(lines):
            for link in self.links.get(line.page, ()):
                if not on_line(link, line.page, line.top, line.bottom, line.x0, line.x1):
                    continue
                char_width = glyph_width(line)
                expected = starts[n] + (link.left - line.x0) / char_width
                words = r"\s*".join(re.escape(w) for w in link.anchor.split())
                found = sorted(re.finditer(words, text),
                               key=lambda m: abs(m.start() - expected))
                for match in found:  # the nearest free words; a link marked twice over the
                    taken = [t for s, e, t in spans  # same words stays on them
                             if s < match.end() and match.start() < e]
                    if not taken:
                        spans.append((match.start(), match.end(), link.target))
                    if not taken or link.target in taken:
                        break
        return _joined_spans(sorted(spans), text)

    def _mark_id(self, line: Line, text: str) -> str:
        return self.note_ids.get((line.page, text.strip()), "")


def _joined_spans(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Returns the spans with those of one address parted only by a line break as one: a link
    wrapped over two lines is one link ("Civil Service Code" / "of Conduct")."""
    out: list[tuple[int, int, str]] = []
    for start, end, target in spans:
        if out and out[-1][2] == target and not text[out[-1][1]:start].strip():
            out[-1] = (out[-1][0], end, target)
        else:
            out.append((start, end, target))
    return out


def glyph_width(line: Line) -> float:
    """Returns the line's average character width (its own font and size)."""
    return (line.x1 - line.x0) / max(1, len(line.text))


def _cell_width(lines: list[Line]) -> float:
    """Returns how wide a table cell's column is: as far as its widest line, or the lines
    near it in the column, reach (wrap_right)."""
    left = min(ln.x0 for ln in lines)
    return max(max(ln.x1 for ln in lines), max(ln.wrap_right for ln in lines)) - left


def _label(number: re.Match) -> str:
    return number.group(1) or number.group(2)


def _merge_runs(pieces: list[tuple[str, str | None]]) -> tuple[Run, ...]:
    runs: list[Run] = []
    plain: list[str] = []
    for text, note in pieces:
        if note is None:
            plain.append(text)
            continue
        if plain:
            runs.append(Run("".join(plain)))
            plain = []
        mark = text.strip().translate(SUPERSCRIPT_DIGITS)
        runs.append(Run(mark, note_ref=note or None))
    if plain:
        runs.append(Run("".join(plain)))
    text_runs = [r for r in runs if r.text.strip() or r.note_ref]
    if text_runs and text_runs[-1].note_ref is None:
        last = text_runs[-1]
        text_runs[-1] = Run(last.text.rstrip())
    return tuple(text_runs)


def join_lines(previous: Line, left: str, right: str, vocabulary: set[str],
               cell_width: float = 0.0) -> tuple[str, str] | None:
    """Returns (left, right) to be joined without a space, or None when the lines are joined
    with one. Without a space: a word split at the line end, with a hyphen ("organi-" +
    "sation") or without one in a narrow table cell ("Audien" + "ce"), or after a slash.

    A hyphen stays ("pre-installed", "OFFICIAL-SENSITIVE") unless the word without it is used
    elsewhere in the document and the hyphenated one is not. A word split without a hyphen is
    joined when the joined word is used elsewhere and its first piece is not, or, in a table
    cell `cell_width` wide, when the joined word is too wide for the cell: a word that fits is
    wrapped whole, so only such a word is ever split ("Communicati" + "on")."""
    end = _WORD_END.search(left)
    start = _WORD_START.match(right)
    if left.endswith("/") and right[:1].isalnum():
        return left, right  # broken after a slash: "Internal/" + "External", a web address
    if end is None:
        return _broken_word(left, right, vocabulary) or _split_in_cell(
            previous, left, right, vocabulary, cell_width)
    if start is None or not (previous.hyphenated or end.group(1)[-1].isalpha()):
        return None
    if not previous.hyphenated and not right[:1].islower():
        return None
    whole = (end.group(1) + start.group(1)).lower()
    hyphenated = f"{end.group(1)}-{start.group(1)}".lower()
    if whole in vocabulary and hyphenated not in vocabulary:
        return left[:-1], right
    return left, right


def _broken_word(left: str, right: str, vocabulary: set[str]) -> tuple[str, str] | None:
    head = _LAST_WORD.search(left)
    tail = _FIRST_WORD.match(right)
    if head is None or tail is None or not right[:1].islower():
        return None
    piece = head.group(1).lower()
    if piece not in vocabulary and piece + tail.group(1).lower() in vocabulary:
        return left, right
    return None


def _split_in_cell(previous: Line, left: str, right: str, vocabulary: set[str],
                   cell_width: float) -> tuple[str, str] | None:
    """Returns (left, right) for a word split across a table cell's lines: the line before
    is one word and full (it reaches its column's edge), the joined word would not fit the
    cell, neither piece is a word the document uses or a common one ("Not" / "allowed", "Yes"
    / "but"), and the piece after is a letter or two ending its line ("Communicati" / "on").
    Not "Communication" / "tool", a line filled by a whole word."""
    head = _LAST_WORD.search(left)
    tail = _FIRST_WORD.match(right)
    if not cell_width or head is None or tail is None or not right[:1].islower() or \
            " " in previous.text.strip():
        return None  # a word is split only where it alone cannot fit: it fills its line alone
    char_width = glyph_width(previous)
    joined = len(head.group(1)) + len(right.split(" ", 1)[0])  # "Interna" + "l/"
    first, then = head.group(1).lower(), tail.group(1).lower()
    if first in vocabulary or first in _COMMON or then in _COMMON:
        return None  # a word (a "not" above all) is never glued to the next: "Not allowed"
    piece = len(tail.group(1)) <= _CUT_OFF and " " not in right.strip()  # ends its line
    return (left, right) if _full(previous, char_width, right[0]) and piece and \
        joined * char_width > cell_width else None


def _full(line: Line, char_width: float, next_char: str) -> bool:
    """Returns True when `next_char` would not have fitted after the line in its column: so
    the line was broken there because it had to be."""
    scale = 0.6 if next_char in _NARROW else 1.4 if next_char in "mwMW" else 1.0
    return line.wrap_right - line.x1 < scale * char_width


_NARROW = frozenset("ijlrtf/.,;:'!|()")
# Words never taken for a piece of a split word: those carrying a rule's sense, and short
# common ones a narrow cell wraps whole ("Yes" / "but not abroad").
_COMMON = frozenset("""not no never nor must may should shall can cannot will only without unless
except do if yes and but the for any all are was were has had its our you your use own one
two off out per via who how why new old see get set put end top few a an as at be by in is it
of on or so to up us we am pm eg ie ok go ex vs et me my id he his her etc""".split())


_DEDENT = 6  # points left of a list item's first line: text that is not more of the item
# Letters a cell's edge cut off a word: more, and a whole word wrapped would be taken for one
# ("shared" / "dev ices"); a longer cut keeps a space ("Micros oft"), which loses no sense.
_CUT_OFF = 2


def _indent_level(x0: float, bullet_x: list[float]) -> int:
    stops = sorted({round(x / 12) for x in bullet_x})
    position = round(x0 / 12)
    return min(8, stops.index(position)) if position in stops else 0


def paragraph_break(previous: Line, line: Line, layout: Layout) -> bool:
    """Returns True when `line` starts a new paragraph rather than continuing `previous`."""
    gap, right_margin = layout.gap, layout.right_margin
    if line.page != previous.page:  # no gap to go by: a line that could have held more ended
        ended = previous.text.endswith((".", ":", "!", "?"))
        return ended and previous.x1 < right_margin - 40 or previous.text.endswith(":") or \
            _next_word_fits(previous, line, previous.wrap_right or right_margin, 1.6)
    space = line.top - previous.bottom
    if space > max(gap * 1.8, gap + line.size * 0.4):
        return True
    if space < -line.size:  # a new column
        return True
    if previous.bold != line.bold:  # a bold lead-in line ("POL.ITAUP.001") stands alone
        return True
    if previous.hyphenated:  # a word goes on on this line
        return False
    ended = previous.text.endswith((".", ":", "!", "?"))
    return _next_word_fits(previous, line, previous.wrap_right or right_margin,
                           1.0 if ended else 1.6)


def _next_word_fits(previous: Line, line: Line, right_margin: float, slack: float) -> bool:
    """Returns True when the next line's first word (`slack` times its width, measured with the
    line's own average glyph width) would have fitted at the end of `previous`: the line was
    ended on purpose, not wrapped."""
    first = line.text.split(" ", 1)[0]
    glyph = glyph_width(line)
    return previous.x1 + slack * glyph * (len(first) + 1) < right_margin - 2
