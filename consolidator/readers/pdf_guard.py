"""Checks a PDF's streams before PDFium unpacks and parses them: bounded sizes, bounded work.

PDFium unpacks a page's content, its fonts and object streams in full, in one uninterruptible
call: a 1 MB stream of zeros unpacks to 1 GB and takes 2 GB and 14 s to load. So every stream
PDFium would unpack while reading text is unpacked here first, counting bytes and discarding them,
and the file is refused when one passes its limit. Parsing costs too (4 MB of text operators: 1.4 s
and ~450 MB), so a page's content streams together, and the forms it draws counted as often as
drawn, have limits of their own. Pictures and attachments are not unpacked (PDFium leaves them
packed when it reads text) unless a page names one as its content.
Pure bytes work: no PDF library, so nothing here can itself be overloaded."""

from __future__ import annotations

import base64
import binascii
import re
import time
import zlib
from dataclasses import dataclass

MiB = 1024 * 1024
CONTENT_LIMIT = 4 * MiB  # one content stream, form, object stream, colour profile ...
FONT_LIMIT = 32 * MiB  # an embedded font (whole CJK fonts run to 20 MB)
TOTAL_LIMIT = 256 * MiB  # everything PDFium may unpack to read the text
PAGE_LIMIT = 4 * MiB  # all of one page's content streams together
PAGE_WORK_LIMIT = 8 * MiB  # one page's content with every form it draws, as often as drawn
_PIECE = 4 * MiB  # the most unpacked at once, so a bomb never sits in memory whole

_WS = rb"[\x00\t\n\x0c\r ]*"
_STREAM = re.compile(rb">>" + _WS + rb"stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+obj\b")
_FILTER = re.compile(rb"/Filter" + _WS + rb"(\[[^\]]*\]|/[^\s/\[\]<>()]+|\d+\s+\d+\s+R)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_LENGTH = re.compile(rb"/Length" + _WS + rb"(\d{1,12})(?!\s+\d+\s+R)")
_IMAGE = re.compile(rb"/Subtype" + _WS + rb"/Image\b")
_FORM = re.compile(rb"/Subtype" + _WS + rb"/Form\b")
_EMBEDDED = re.compile(rb"/Type" + _WS + rb"/EmbeddedFile\b")
_FONT = re.compile(rb"/Length[123]\b|/Subtype" + _WS + rb"/(?:Type1C|CIDFontType0C|OpenType)\b")
_SMASK = re.compile(rb"/SMask" + _WS + rb"(\d{1,10})\s+\d{1,5}\s+R")
_CONTENTS = re.compile(rb"/Contents" + _WS + rb"(\[[^\]]*\]|\d{1,10}\s+\d{1,5}\s+R)")
_REF = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+R")
_DRAW = re.compile(rb"Do(?![A-Za-z0-9])")  # the operator that draws a form or picture
_ABBREVIATIONS = {b"Fl": b"FlateDecode", b"LZW": b"LZWDecode", b"AHx": b"ASCIIHexDecode",
                  b"A85": b"ASCII85Decode", b"RL": b"RunLengthDecode"}
_UNPACKING = {b"FlateDecode", b"LZWDecode", b"ASCIIHexDecode", b"ASCII85Decode",
              b"RunLengthDecode"}


class StreamTooLarge(Exception):
    """A stream, a page or the whole file unpacks past its limit (`limit` bytes; `kind` says
    which: "content", "font", "page", "drawn", "total"), or the check ran out of time ("slow")."""

    def __init__(self, limit: int, kind: str) -> None:
        super().__init__(f"{kind}: more than {limit // MiB} MB")
        self.limit = limit
        self.kind = kind


@dataclass
class StreamCensus:
    """What the check found: pictures (soft masks left out), attachments, bytes unpacked."""

    images: int = 0
    attachments: int = 0
    unpacked: int = 0
    encrypted: bool = False


@dataclass
class _Stream:
    number: int | None
    start: int  # first byte of the stream's data
    end: int  # where its data ends (the endstream keyword or /Length)
    filters: list[bytes]
    kind: str  # "image", "attachment", "font", "form" or "content"


@dataclass
class _Unpacked:
    size: int  # bytes PDFium would get
    draws: int = 0  # Do operators in it (content and forms)
    kept: bytes | None = None  # the bytes, when at most 1 MB (an object stream's page dicts)


def check_streams(data: bytes, deadline: float | None = None) -> StreamCensus:
    """Returns the census of `data`'s streams; raises StreamTooLarge when one stream unpacks past
    its limit, one page's content (with the forms it draws) past PAGE_LIMIT / PAGE_WORK_LIMIT,
    all of them together past TOTAL_LIMIT, or `deadline` (a time.monotonic()) passes."""
    census = StreamCensus(encrypted=_is_encrypted(data))
    streams = [_describe(data, match) for match in _STREAM.finditer(data)]
    pages = _content_groups(data)
    counter = _Counter(deadline)
    unpacked: dict[int, _Unpacked] = {}
    skipped: list[_Stream] = []
    for stream in streams:
        if stream.kind in ("image", "attachment"):
            skipped.append(stream)
            continue
        result = _unpack(data, stream, counter)
        if stream.number is not None:
            unpacked[stream.number] = result
        if result.kept is not None and b"/Contents" in result.kept:  # an object stream's pages
            pages += _content_groups(result.kept)
    used_as_content = {n for group in pages for n in group}
    for stream in skipped:  # a picture or attachment a page uses as its content is unpacked too
        if stream.number is not None and stream.number in used_as_content:
            unpacked[stream.number] = _unpack(data, stream, counter, kind="content")
    _check_pages(pages, unpacked, streams)
    masks = {int(n) for n in _SMASK.findall(data)}
    census.images = len({s.number for s in streams if s.kind == "image"} - masks - {None})
    census.attachments = sum(s.kind == "attachment" for s in streams)
    census.unpacked = counter.total
    return census


def _check_pages(pages: list[list[int]], unpacked: dict[int, _Unpacked],
                 streams: list[_Stream]) -> None:
    """Raises StreamTooLarge when a page's content, or what it draws, is past the page limits.

    A form drawn 100 times is parsed 100 times: each draw counts the largest form in the file,
    times every draw inside forms (forms drawing forms)."""
    forms = [unpacked[s.number] for s in streams
             if s.kind == "form" and s.number is not None and s.number in unpacked]
    largest = max((form.size for form in forms), default=0)
    form_work = largest * (1 + sum(form.draws for form in forms))
    for group in pages:
        parts = [unpacked[n] for n in group if n in unpacked]
        size = sum(part.size for part in parts)
        if size > PAGE_LIMIT:
            raise StreamTooLarge(PAGE_LIMIT, "page")
        if size + sum(part.draws for part in parts) * form_work > PAGE_WORK_LIMIT:
            raise StreamTooLarge(PAGE_WORK_LIMIT, "drawn")


def _is_encrypted(data: bytes) -> bool:
    tail = data[-4096:]
    return b"/Encrypt" in tail or (b"/Encrypt" in data and re.search(
        rb"/Encrypt" + _WS + rb"(\d+\s+\d+\s+R|<<)", data) is not None)


def _describe(data: bytes, match: re.Match) -> _Stream:
    head = data[max(0, match.start() - 4096):match.start() + 2]
    objs = list(_OBJ.finditer(head))
    number = int(objs[-1].group(1)) if objs else None
    header = head[objs[-1].end():] if objs else head
    filters: list[bytes] = []
    found = _FILTER.search(header)
    if found is not None:
        value = found.group(1)
        if value.endswith(b"R"):  # an indirect filter: treat as Flate when the data looks so
            filters = [b"FlateDecode"]
        else:
            filters = [_ABBREVIATIONS.get(n, n) for n in _NAME.findall(value)]
    start = match.end()
    return _Stream(number, start, _stream_end(data, start, header), filters, _kind(header))


def _stream_end(data: bytes, start: int, header: bytes) -> int:
    length = _LENGTH.search(header)
    if length is not None:
        candidate = start + int(length.group(1))
        if data[candidate:candidate + 12].lstrip().startswith(b"endstream"):
            return candidate
    end = data.find(b"endstream", start)
    return len(data) if end < 0 else end


def _kind(header: bytes) -> str:
    if _IMAGE.search(header):
        return "image"
    if _EMBEDDED.search(header):
        return "attachment"
    if _FONT.search(header):
        return "font"
    return "form" if _FORM.search(header) else "content"


def _content_groups(data: bytes) -> list[list[int]]:
    """Returns the object numbers of each page's content streams (each /Contents entry)."""
    return [[int(n) for n in _REF.findall(match.group(1))] for match in _CONTENTS.finditer(data)]


class _Counter:
    """Adds up unpacked bytes against the total limit and watches the clock."""

    def __init__(self, deadline: float | None) -> None:
        self.total = 0
        self.deadline = deadline

    def add(self, amount: int) -> None:
        self.total += amount
        if self.total > TOTAL_LIMIT:
            raise StreamTooLarge(TOTAL_LIMIT, "total")
        self.tick()

    def tick(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise StreamTooLarge(TOTAL_LIMIT, "slow")


def _unpack(data: bytes, stream: _Stream, counter: _Counter, kind: str = "") -> _Unpacked:
    """Returns what PDFium would get from the stream; raises StreamTooLarge past its limit."""
    kind = kind or stream.kind
    limit = FONT_LIMIT if kind == "font" else CONTENT_LIMIT
    drawing = kind in ("content", "form")
    unpacking = [f for f in stream.filters if f in _UNPACKING]
    if not unpacking:  # stored as it is (or a picture format PDFium leaves packed)
        raw = data[stream.start:stream.end]
        return _Unpacked(len(raw), len(_DRAW.findall(raw)) if drawing else 0,
                         raw if len(raw) <= MiB else None)
    current: bytes | None = None
    draws = 0
    for n, name in enumerate(unpacking):
        last = n == len(unpacking) - 1
        keep = MiB if last and drawing else 0 if last else limit
        counting = drawing and last
        if name == b"FlateDecode":
            size, current, draws = _inflate(data if current is None else current,
                                            stream.start if current is None else 0,
                                            limit, keep, counter, counting)
        else:
            source = data[stream.start:stream.end] if current is None else current
            if name == b"LZWDecode":
                size, current = _lzw(source, limit, keep > 0 or counting, counter)
            elif name == b"RunLengthDecode":
                size, current = _run_length(source, limit, keep > 0 or counting)
            else:
                current = _ascii(source, name)
                size = len(current)
            if counting and current is not None:
                draws = len(_DRAW.findall(current))
        counter.add(size)
        if size > limit:
            raise StreamTooLarge(limit, kind)
        if current is None and not last:
            return _Unpacked(size, draws)
    kept = current if current is not None and len(current) <= MiB else None
    return _Unpacked(size, draws, kept)


def _inflate(data: bytes, start: int, limit: int, keep: int, counter: _Counter,
             counting: bool = False) -> tuple[int, bytes | None, int]:
    """Returns (bytes inflated, the bytes when there are at most `keep`, Do operators in them
    when `counting`) from data[start:], stopping past `limit`.

    Fed until zlib's own end of stream, not the endstream keyword: PDFium trusts /Length, so a
    fake endstream inside the data must not end the count early."""
    inflater = zlib.decompressobj()
    size = draws = 0
    parts: list[bytes] = []
    position = start
    pending = b""
    while size <= limit:
        if not pending:
            if position >= len(data) or inflater.eof:
                break
            pending = data[position:position + 64 * 1024]
            position += len(pending)
        try:
            out = inflater.decompress(pending, min(_PIECE, limit + 1 - size))
        except zlib.error:
            break  # damaged or not Flate at all: PDFium stops here too
        pending = inflater.unconsumed_tail
        size += len(out)
        if counting:
            draws += len(_DRAW.findall(out))
        if size <= keep:
            parts.append(out)
        if inflater.eof:
            break
        counter.tick()
    return size, (b"".join(parts) if size <= keep else None), draws


def _lzw(source: bytes, limit: int, keep: bool, counter: _Counter) -> tuple[int, bytes | None]:
    """Returns (bytes an LZW decoder would produce, the bytes if `keep`), stopping past `limit`.

    Only the lengths of the table's strings are tracked unless the bytes are needed."""
    lengths = [1] * 258
    strings: list[bytes] = ([bytes([i]) for i in range(256)] + [b"", b""]) if keep else []
    out: list[bytes] = []
    width, bits, nbits, size, previous = 9, 0, 0, 0, -1
    for number, byte in enumerate(source):
        bits = ((bits << 8) | byte) & 0xFFFFFF
        nbits += 8
        while nbits >= width:
            nbits -= width
            code = (bits >> nbits) & ((1 << width) - 1)
            if code == 256:
                del lengths[258:]
                del strings[258:]
                width, previous = 9, -1
                continue
            if code == 257 or code > len(lengths) or (code == len(lengths) and previous < 0):
                return size, (b"".join(out) if keep else None)  # the end, or damaged data
            if previous >= 0 and len(lengths) < 4096:
                lengths.append(lengths[previous] + 1)
                if keep:
                    first = strings[code][:1] if code < len(strings) else strings[previous][:1]
                    strings.append(strings[previous] + first)
            size += lengths[code]
            if keep:
                out.append(strings[code])
            previous = code
            if len(lengths) + 1 >= (1 << width) and width < 12:
                width += 1
            if size > limit:
                return size, None
        if number & 0xFFFF == 0:
            counter.tick()
    return size, (b"".join(out) if keep else None)


def _run_length(source: bytes, limit: int, keep: bool) -> tuple[int, bytes | None]:
    size, i = 0, 0
    out = bytearray()
    while i < len(source) and size <= limit:
        n = source[i]
        if n == 128:
            break
        if n < 128:
            if keep:
                out += source[i + 1:i + 2 + n]
            size += n + 1
            i += n + 2
        else:
            if keep:
                out += source[i + 1:i + 2] * (257 - n)
            size += 257 - n
            i += 2
    return size, (bytes(out) if keep else None)


def _ascii(source: bytes, name: bytes) -> bytes:
    """Returns the ASCIIHex or ASCII85 layer decoded (never larger than its source)."""
    try:
        if name == b"ASCIIHexDecode":
            text = re.sub(rb"\s", b"", source.split(b">", 1)[0])
            return binascii.unhexlify(text + b"0" * (len(text) % 2))
        if name == b"ASCII85Decode":
            text = re.sub(rb"\s", b"", source.split(b"~>", 1)[0])
            return base64.a85decode(text.removeprefix(b"<~"))
    except ValueError:
        return b""
    return source
