"""Builds tiny PDFs inside tests: text at given places in the standard fonts, and hostile parts
(streams that unpack to gigabytes, attachments, RC4 encryption), without LibreOffice."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

PAGE_WIDTH, PAGE_HEIGHT = 612, 792
FONTS = {"F1": "Helvetica", "F2": "Helvetica-Bold"}
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


@dataclass(frozen=True)
class Text:
    """A line of text whose baseline starts at (x, y) points from the page's top-left corner.
    Text between carets is raised as Word prints a footnote mark: "Order No. 117^1^"."""

    x: float
    y: float
    text: str
    size: float = 11
    bold: bool = False


def line(y: float, text: str, size: float = 11, *, x: float = 72, bold: bool = False) -> Text:
    return Text(x, y, text, size, bold)


# Helvetica's glyph widths (thousandths of the size) for printable ASCII, from its AFM file.
_WIDTHS = dict(zip(
    "".join(chr(code) for code in range(32, 127)),
    [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
     *[556] * 10, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722,
     278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,
     278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222,
     833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584],
    strict=True))


def text_width(text: str, size: float = 11) -> float:
    """Returns the width of `text` in Helvetica at `size` points."""
    return sum(_WIDTHS.get(ch, 556) for ch in text) * size / 1000


def paragraph(y: float, text: str, size: float = 11, width: float = 468) -> list[Text]:
    """Returns `text` wrapped as a word processor wraps it (a word goes to the next line when
    it does not fit in `width` points), in lines from baseline y down."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return [line(y + n * size * 1.3, part, size) for n, part in enumerate(lines)]


def content(items: list[Text]) -> bytes:
    """Returns a page's content stream drawing `items` (raised marks at 58% of the size, lifted
    by a third of it)."""
    out = []
    for item in items:
        font = "F2" if item.bold else "F1"
        small = round(item.size * 0.58, 1)
        rise = round(item.size * 0.33, 1)
        parts = [f"BT /{font} {item.size} Tf {item.x} {PAGE_HEIGHT - item.y} Td"]
        for n, piece in enumerate(item.text.split("^")):
            if not piece:
                continue
            if n % 2:
                parts.append(f"/{font} {small} Tf {rise} Ts ({_escape(piece)}) Tj "
                             f"/{font} {item.size} Tf 0 Ts")
            else:
                parts.append(f"({_escape(piece)}) Tj")
        out.append(" ".join(parts) + " ET")
    return "\n".join(out).encode("latin-1")


def _escape(text: str) -> str:
    text = text.replace("\ufb01", "\x1f").replace("\ufb02", "\x1e")  # see FONTS' Differences
    encoded = text.encode("cp1252").decode("latin-1")
    return encoded.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


class PdfBuilder:
    """Collects numbered objects and writes them as a PDF with a cross-reference table."""

    def __init__(self) -> None:
        self.objects: list[bytes | None] = [None, None, None]  # catalog, pages, fonts
        self.pages: list[int] = []
        self.names = b""
        self.encrypt_user: str | None = None
        self.fonts: dict[str, bytes] = {}  # a font dictionary instead of a standard font

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def stream(self, data: bytes, extra: bytes = b"", compress: bool = True) -> int:
        """Adds a stream (Flate-compressed unless `compress` is False) and returns its number."""
        if compress:
            return self.packed(zlib.compress(data, 9), extra)
        return self.packed(data, extra, b"")

    def packed(self, data: bytes, extra: bytes = b"", filters: bytes = b"/FlateDecode") -> int:
        """Adds a stream of already packed `data` read through `filters`; returns its number."""
        filter_entry = b"/Filter %s " % filters if filters else b""
        return self.add(b"<< /Length %d %s%s >>\nstream\n" % (len(data), filter_entry, extra)
                        + data + b"\nendstream")

    def page(self, items: list[Text], contents: int | None = None,
             links: list[tuple[Text, str, str]] = (), annotations: list[bytes] = ()) -> int:
        """Adds a page drawing `items` (or the content stream object `contents`), with a link
        annotation to each (line, words of it, address) of `links` over those words, and the
        annotation dictionaries `annotations` as they are."""
        if contents is None:
            contents = self.stream(content(items))
        annots = [self.add(_link_annotation(*link)) for link in links]
        annots += [self.add(annotation) for annotation in annotations]
        refs = b" ".join(b"%d 0 R" % n for n in annots)
        number = self.add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                          b"/Resources << /Font 3 0 R >> /Contents %d 0 R %s>>"
                          % (PAGE_WIDTH, PAGE_HEIGHT, contents,
                             b"/Annots [%s] " % refs if annots else b""))
        self.pages.append(number)
        return number

    def attach(self, name: str, data: bytes) -> None:
        """Adds an embedded file (an attachment) to the document's name tree."""
        stream = self.stream(data, b"/Type /EmbeddedFile ")
        spec = self.add(b"<< /Type /Filespec /F (%s) /EF << /F %d 0 R >> >>"
                        % (name.encode(), stream))
        self.names = b"/Names << /EmbeddedFiles << /Names [(%s) %d 0 R] >> >> " % (
            name.encode(), spec)

    def build(self) -> bytes:
        fonts = b" ".join(
            b"/%s %s" % (key.encode(), self.fonts.get(key) or (
                b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding << /BaseEncoding "
                b"/WinAnsiEncoding /Differences [30 /fl /fi] >> >>" % name.encode()))
            for key, name in FONTS.items())
        self.objects[0] = b"<< /Type /Catalog /Pages 2 0 R %s>>" % self.names
        kids = b" ".join(b"%d 0 R" % n for n in self.pages)
        self.objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(self.pages))
        self.objects[2] = b"<< " + fonts + b" >>"
        encrypt = _Rc4(self.encrypt_user) if self.encrypt_user is not None else None
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, 1):
            assert body is not None
            if encrypt is not None:
                body = encrypt.object(number, body)
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        trailer = b"/Size %d /Root 1 0 R" % (len(self.objects) + 1)
        if encrypt is not None:
            offsets.append(len(out))
            out += b"%d 0 obj\n%s\nendobj\n" % (len(self.objects) + 1, encrypt.dictionary())
            trailer = (b"/Size %d /Root 1 0 R /Encrypt %d 0 R /ID [<%s> <%s>]"
                       % (len(self.objects) + 2, len(self.objects) + 1,
                          encrypt.file_id.hex().encode(), encrypt.file_id.hex().encode()))
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
        out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
        return bytes(out)


def _link_annotation(item: Text, words: str, target: str) -> bytes:
    """Returns a link annotation over `words` of a line, as Word prints a hyperlink."""
    start = item.x + text_width(item.text[:item.text.index(words)], item.size)
    end = start + text_width(words, item.size)
    bottom = PAGE_HEIGHT - item.y - 0.25 * item.size
    return (b"<< /Type /Annot /Subtype /Link /Rect [%.2f %.2f %.2f %.2f] /Border [0 0 0] "
            b"/A << /S /URI /URI (%s) >> >>"
            % (start, bottom, end, bottom + 1.2 * item.size, _escape(target).encode("latin-1")))


def embed_font(builder: PdfBuilder, key: str, font_file: int) -> None:
    """Makes font `key` a TrueType font whose program is the stream `font_file`."""
    descriptor = builder.add(
        b"<< /Type /FontDescriptor /FontName /Embedded /Flags 32 /FontBBox [0 -200 1000 800] "
        b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 "
        b"/FontFile2 %d 0 R >>" % font_file)
    builder.fonts[key] = (b"<< /Type /Font /Subtype /TrueType /BaseFont /Embedded "
                          b"/Encoding /WinAnsiEncoding /FontDescriptor %d 0 R >>" % descriptor)


def simple_pdf(pages: list[list[Text]]) -> bytes:
    """Returns a PDF with one page per list of texts."""
    builder = PdfBuilder()
    for items in pages:
        builder.page(items)
    return builder.build()


def rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


class _Rc4:
    """The PDF standard security handler, revision 2 (40-bit RC4): streams encrypted, anyone can
    open the file when the user password is empty."""

    permissions = -44

    def __init__(self, user: str) -> None:
        self.file_id = hashlib.md5(b"policy-consolidator test").digest()
        owner_key = hashlib.md5(_pad("owner-secret")).digest()[:5]
        self.owner = rc4(owner_key, _pad(user))
        self.key = hashlib.md5(_pad(user) + self.owner
                               + self.permissions.to_bytes(4, "little", signed=True)
                               + self.file_id).digest()[:5]
        self.user = rc4(self.key, _PAD)

    def dictionary(self) -> bytes:
        return (b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
                % (self.owner.hex().encode(), self.user.hex().encode(), self.permissions))

    def object(self, number: int, body: bytes) -> bytes:
        start = body.find(b"stream\n")
        end = body.rfind(b"\nendstream")
        if start < 0 or end < 0:
            return body
        key = hashlib.md5(self.key + number.to_bytes(3, "little") + b"\0\0").digest()[:10]
        data = body[start + 7:end]
        return body[:start + 7] + rc4(key, data) + body[end:]


def _pad(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


def lzw(data: bytes) -> bytes:
    """Returns `data` LZW-encoded as PDF's LZWDecode reads it (early change, a clear code
    whenever the table fills)."""
    out = bytearray()
    bits = nbits = 0

    def emit(code: int, size: int) -> None:
        nonlocal bits, nbits
        width = 9 if size < 512 else 10 if size < 1024 else 11 if size < 2048 else 12
        bits = ((bits << width) | code) & ((1 << 40) - 1)
        nbits += width
        while nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)

    table = {bytes([i]): i for i in range(256)}
    size = 258
    emit(256, size)
    current = b""
    for byte in data:
        candidate = current + bytes([byte])
        if candidate in table:
            current = candidate
            continue
        emit(table[current], size)
        table[candidate] = size
        size += 1
        current = bytes([byte])
        if size >= 4094:
            emit(256, size)
            table = {bytes([i]): i for i in range(256)}
            size = 258
    if current:
        emit(table[current], size)
        size += 1
    emit(257, size)
    if nbits:
        out.append((bits << (8 - nbits)) & 0xFF)
    return bytes(out)


def zeros_bomb(size: int, chunk: int = 16 * 1024 * 1024) -> bytes:
    """Returns a zlib stream that unpacks to `size` zero bytes (a multiple of `chunk`), made
    by repeating one fully flushed deflate block instead of compressing gigabytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(chunk)) + packer.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    return b"\x78\xda" + block * (size // chunk) + end + b"\0\0\0\0"  # checksum left wrong


def lzw_zeros(cycles: int) -> bytes:
    """Returns LZW data that unpacks to about 7.4 MB of zero bytes per cycle: each cycle after a
    clear code names ever longer runs of zeros until the table is full (no encoding loop)."""
    out = bytearray()
    bits = nbits = 0
    for _ in range(cycles):
        codes = [(256, 9), (0, 9)]
        codes += [(code, 9 if code < 511 else 10 if code < 1023 else 11 if code < 2047 else 12)
                  for code in range(258, 4094)]
        for code, width in codes:
            bits = ((bits << width) | code) & ((1 << 40) - 1)
            nbits += width
            while nbits >= 8:
                nbits -= 8
                out.append((bits >> nbits) & 0xFF)
    bits = ((bits << 12) | 257) & ((1 << 40) - 1)
    nbits += 12
    while nbits >= 8:
        nbits -= 8
        out.append((bits >> nbits) & 0xFF)
    if nbits:
        out.append((bits << (8 - nbits)) & 0xFF)
    return bytes(out)
