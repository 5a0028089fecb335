"""A PDFium text page as visual lines: text, font size, bold, position, superscript marks.

PDFium gives a page's text in one call, with line breaks it generated ("\\r\\n") and U+FFFE for
a hyphen at a line end (the break itself left out). Asking it about every character costs ~2 us
a call, which is most of the time on a 100-page PDF, so only a few characters a line are asked
about: the first, middle and last (size, box, font) and the last digit of each number (is it a
raised, smaller footnote marker?). PDFium also breaks its lines around a raised character, so
its pieces are joined back into the lines a reader sees.
"""

from __future__ import annotations

import ctypes
import re
import time
import unicodedata
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

from consolidator.readers.pdf_tags import PageTags, Tag

_SEGMENT = re.compile(r"[^\r\n\ufffe]+\ufffe?")
_MARK_CANDIDATE = re.compile(r"\d+|[*†‡§¶]")
_BOLD_NAME = re.compile(rb"bold|black|heavy|semibold|demi|-bd\b|,b\b", re.I)
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u00ad\ufeff\ufffd]")
_SPACES = re.compile(r"\s+")
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


class PageTimeout(Exception):
    """The reading deadline passed while a page was being read."""


@dataclass
class Line:
    """One line of text as printed: pieces of (text, raised) in reading order, and its box in
    points from the page's top-left corner."""

    pieces: list[tuple[str, bool]]
    size: float  # the font size of most of its characters
    bold: bool
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    page_width: float
    page_height: float
    font: str = ""  # the font family of most of its text ("Arial", "DejaVuSerif")
    hyphenated: bool = False  # it ends in a hyphen PDFium found at the line end
    tag: str = ""  # the structure element type in a tagged PDF ("H1", "P", "LI" ...)
    tag_key: int = -1  # that element's identity: lines sharing it are one paragraph
    wrap_right: float = 0.0  # where text wraps around this line (a table cell's right side)
    cell: tuple[int, int, int] | None = None  # a tagged table cell's (table, row, column)
    continued: bool = False  # its tagged element began on the page before
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = "".join(text for text, _ in self.pieces)

    def drop_prefix(self, count: int) -> None:
        """Removes the first `count` characters (a list number or bullet already read)."""
        pieces: list[tuple[str, bool]] = []
        for text, raised in self.pieces:
            if count >= len(text):
                count -= len(text)
                continue
            pieces.append((text[count:], raised))
            count = 0
        if pieces:
            pieces[0] = (pieces[0][0].lstrip(), pieces[0][1])
        self.pieces = [p for p in pieces if p[0]]
        self.text = "".join(text for text, _ in self.pieces)


@dataclass
class _Sample:
    size: float
    top: float
    bottom: float
    bold: bool
    font: str


@dataclass
class _Segment:
    start: int  # index of its first character in the page text (= PDFium's char index)
    text: str
    x0: float
    x1: float
    body: _Sample  # the tallest sampled character: the line's ordinary text
    bold: bool
    tag: Tag | None = None  # where a tagged PDF's structure puts it


class PageText:
    """Reads one PDFium text page into Lines."""

    def __init__(self, textpage, number: int, box: tuple[float, float, float, float],
                 deadline: float | None = None, tags: PageTags | None = None) -> None:
        self.textpage = textpage
        self.number = number
        left, bottom, right, top = box
        self.width = right - left
        self.height = top - bottom
        self.left = left
        self.top_y = top
        self.deadline = deadline
        self.tags = tags
        self._rect = pdfium_c.FS_RECTF()
        self._matrix = pdfium_c.FS_MATRIX()
        self._name = ctypes.create_string_buffer(128)
        self._flags = ctypes.c_int()
        self._fonts: dict[bytes, tuple[bool, str]] = {}  # font name -> (bold, family)

    def text(self) -> str:
        """Returns the page's text, one character per PDFium character index."""
        count = pdfium_c.FPDFText_CountChars(self.textpage)
        if count <= 0:
            return ""
        buffer = ctypes.create_string_buffer(count * 2 + 2)
        written = pdfium_c.FPDFText_GetText(
            self.textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
        text = buffer.raw[:max(0, written - 1) * 2].decode("utf-16-le", errors="replace")
        if len(text) != count:  # characters outside the BMP: ask for each one
            text = "".join(_char(pdfium_c.FPDFText_GetUnicode(self.textpage, i))
                           for i in range(count))
        return text

    def lines(self) -> list[Line]:
        """Returns the page's lines in PDFium's (the content's) order."""
        text = self.text()
        segments: list[_Segment] = []
        for n, match in enumerate(_SEGMENT.finditer(text)):
            if n % 64 == 63 and self.deadline is not None and time.monotonic() > self.deadline:
                raise PageTimeout
            for start, piece in self._tag_pieces(match.start(), match.group()):
                segment = self._segment(start, piece)
                if segment is not None:
                    segments.append(segment)
        return self._join(segments)

    # --- PDFium, a character at a time ---------------------------------------------------------

    def _box(self, index: int) -> tuple[float, float, float, float]:
        """Returns (left, top, right, bottom) of a character, from the page's top-left."""
        rect = self._rect
        pdfium_c.FPDFText_GetLooseCharBox(self.textpage, index, rect)
        return (rect.left - self.left, self.top_y - rect.top, rect.right - self.left,
                self.top_y - rect.bottom)

    def _sample(self, index: int, scale: float) -> tuple[_Sample, float, float]:
        """Returns the character's size, height and boldness, and its left and right edges."""
        left, top, right, bottom = self._box(index)
        size = pdfium_c.FPDFText_GetFontSize(self.textpage, index) * scale
        pdfium_c.FPDFText_GetFontInfo(self.textpage, index, self._name, 128, self._flags)
        name = self._name.value
        known = self._fonts.get(name)
        if known is None:
            bold = bool(_BOLD_NAME.search(name)) or (
                pdfium_c.FPDFText_GetFontWeight(self.textpage, index) >= 600)
            known = self._fonts[name] = (bold, font_family(name))
        return _Sample(round(size, 1), top, bottom, known[0], known[1]), left, right

    def _scale(self, index: int) -> float:
        """Returns how much the text matrix enlarges the font size (1 for most PDFs)."""
        matrix = self._matrix
        if pdfium_c.FPDFText_GetMatrix(self.textpage, index, matrix):
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            if scale > 0:
                return scale
        return 1.0

    def _tag_pieces(self, start: int, text: str) -> list[tuple[int, str]]:
        """Returns the segment cut where a tagged PDF's blocks change inside it (PDFium joins
        the cells of a table row into one line): (start, text) pieces."""
        if self.tags is None or len(text) < 2:
            return [(start, text)]
        cuts: list[int] = []
        self._find_cuts(start, 0, len(text) - 1, cuts)
        bounds = [0, *sorted(cuts), len(text)]
        return [(start + a, text[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]

    def _find_cuts(self, start: int, low: int, high: int, cuts: list[int]) -> None:
        """Adds to `cuts` the offsets in [low, high] where the tag changes (by halving)."""
        tag_of = self.tags.tag_of  # type: ignore[union-attr]
        if tag_of(self.textpage, start + low) == tag_of(self.textpage, start + high):
            return  # taken as one block: a block does not come back after another in a line
        if high - low == 1:
            cuts.append(high)
            return
        middle = (low + high) // 2
        self._find_cuts(start, low, middle, cuts)
        self._find_cuts(start, middle, high, cuts)

    def _segment(self, start: int, text: str) -> _Segment | None:
        first = len(text) - len(text.lstrip())
        last = len(text.rstrip()) - 1
        if last < first:
            return None
        scale = self._scale(start + first)
        head, x0, x1 = self._sample(start + first, scale)
        samples = [head]
        if last != first:
            tail, _, x1 = self._sample(start + last, scale)
            samples.append(tail)
            if tail.size != head.size or tail.bold != head.bold:
                middle = (first + last) // 2
                while middle < last and text[middle].isspace():
                    middle += 1
                samples.append(self._sample(start + middle, scale)[0])
        body = max(samples, key=lambda s: (s.bottom - s.top, s.size))
        tag = self.tags.tag_of(self.textpage, start + first) if self.tags is not None else None
        return _Segment(start, text, x0, x1, body, all(s.bold for s in samples), tag)

    def _raised(self, index: int, body: _Sample) -> bool:
        """Returns True when the character is smaller than the line's text and lifted above it."""
        _, top, _, bottom = self._box(index)
        height = body.bottom - body.top
        return (bottom - top) < 0.85 * height and bottom < body.bottom - 0.2 * height

    # --- pieces into lines -------------------------------------------------------------------

    def _join(self, segments: list[_Segment]) -> list[Line]:
        lines: list[Line] = []
        group: list[_Segment] = []
        for segment in segments:
            if group and not _same_line(group, segment):
                lines.append(self._line(group))
                group = []
            group.append(segment)
        if group:
            lines.append(self._line(group))
        return [line for line in lines if line.text]

    def _line(self, group: list[_Segment]) -> Line:
        body = max((s.body for s in group), key=lambda b: (b.bottom - b.top, b.size))
        pieces: list[tuple[str, bool]] = []
        previous_x1 = None
        for segment in group:
            marked = self._marks(segment, body)
            if previous_x1 is not None and segment.x0 - previous_x1 > 0.15 * body.size and (
                not marked[0][1]  # a raised mark belongs to the word before it
            ):
                pieces.append((" ", False))
            pieces.extend(marked)
            previous_x1 = segment.x1
        hyphenated = group[-1].text.rstrip().endswith("\ufffe")
        longest = max(group, key=lambda s: len(s.text))
        return Line(
            pieces=_clean(pieces), size=longest.body.size, font=longest.body.font,
            bold=all(s.bold for s in group), x0=group[0].x0, x1=group[-1].x1,
            top=body.top, bottom=body.bottom, page=self.number, page_width=self.width,
            page_height=self.height, hyphenated=hyphenated,
            tag=group[0].tag.kind if group[0].tag else "",
            tag_key=group[0].tag.key if group[0].tag else -1,
            cell=group[0].tag.cell if group[0].tag else None,
            continued=group[0].tag.continued if group[0].tag else False,
        )

    def _marks(self, segment: _Segment, body: _Sample) -> list[tuple[str, bool]]:
        """Returns the segment's text as pieces, raised footnote marks apart."""
        text = segment.text
        pieces: list[tuple[str, bool]] = []
        done = 0
        for match in _MARK_CANDIDATE.finditer(text):
            end = match.end()
            if not self._raised(segment.start + end - 1, body):
                continue
            start = end - 1
            while start > match.start() and self._raised(segment.start + start - 1, body):
                start -= 1
            if start > done:
                pieces.append((text[done:start], False))
            pieces.append((text[start:end], True))
            done = end
        if done < len(text):
            pieces.append((text[done:], False))
        return pieces


def _same_line(group: list[_Segment], segment: _Segment) -> bool:
    """Returns True when `segment` continues the line of `group` (to its right, level with it)."""
    last = group[-1]
    if last.tag is not None and segment.tag is not None and last.tag.key != segment.tag.key:
        return False  # a tagged PDF says these are different blocks (table cells, say)
    body = max((s.body for s in group), key=lambda b: b.bottom - b.top)
    if segment.x0 < last.x1 - 0.5 * body.size:
        return False
    overlap = min(body.bottom, segment.body.bottom) - max(body.top, segment.body.top)
    smaller = min(body.bottom - body.top, segment.body.bottom - segment.body.top)
    return smaller > 0 and overlap >= 0.5 * smaller


def _clean(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Returns the pieces with ligatures spelt out, control characters gone, runs of white space
    as one space, no space at either end, and a line-end hyphen as "-"."""
    out: list[tuple[str, bool]] = []
    space_before = True  # drops leading white space
    for text, raised in pieces:
        text = text.replace("\ufffe", "-")
        text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        text = _SPACES.sub(" ", _CONTROL.sub("", text))
        if space_before:
            text = text.lstrip(" ")
        if not text:
            continue
        space_before = text.endswith(" ")
        if out and out[-1][1] == raised:
            out[-1] = (out[-1][0] + text, raised)
        else:
            out.append((text, raised))
    if out:
        out[-1] = (out[-1][0].rstrip(" "), out[-1][1])
    return [p for p in out if p[0]]


def font_family(name: bytes) -> str:
    """Returns the family of a PDF font name: "ABCDEF+Arial-BoldMT" -> "Arial"."""
    text = name.decode("latin-1").split("+", 1)[-1]
    return re.split(r"[-,]", text, maxsplit=1)[0]


def _char(code: int) -> str:
    try:
        return chr(code) if code else "\x00"
    except (ValueError, OverflowError):
        return "\ufffd"
