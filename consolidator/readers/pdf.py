"""PDF policies through PDFium (pypdfium2): headings from font size and numbering, re-joined
paragraphs, no running headers, footnotes as notes, streams checked before they are unpacked."""

from __future__ import annotations

import threading
import time
from io import BytesIO
from pathlib import Path

from consolidator.errors import Cancelled, LoadError
from consolidator.model import (
    Block,
    BlockKind,
    Note,
    NoteKind,
    ReaderWarning,
    SourceDocument,
    content_id,
    finish_blocks,
)
from consolidator.progress import CancelCheck, Progress, check_cancel, report
from consolidator.readers.pdf_blocks import BlockBuilder, Layout
from consolidator.readers.pdf_guard import MiB, StreamTooLarge, check_streams
from consolidator.readers.pdf_layout import (
    Footnote,
    body_size,
    drop_running_lines,
    split_footnotes,
    strip_note_mark,
)
from consolidator.readers.pdf_links import Link, page_links
from consolidator.readers.pdf_tags import ARTIFACT, PageTags
from consolidator.readers.pdf_text import Line, PageText, PageTimeout
from consolidator.readers.titles import heading_or_file_title

MAX_PAGES = 1000
TIME_LIMIT_S = 120.0
_ERR_PASSWORD = 4
_ERR_SECURITY = 5

# PDFium is not thread-safe: one document at a time in this process (the GUI reads in workers).
_PDFIUM_LOCK = threading.Lock()


class _Pages:
    """What was read from the pages: lines, metadata, and what could not be read."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.links: dict[int, list[Link]] = {}  # page -> its links to web and email addresses
        self.metadata: dict[str, str] = {}
        self.total = 0
        self.attachments = 0


def read(
    path: Path,
    data: bytes,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> SourceDocument:
    """Returns the PDF as a SourceDocument; raises LoadError for encrypted, damaged, overloaded
    or scanned files."""
    name = path.name
    doc_id = content_id(data)
    report(progress, 0.0, f"Reading {name}")
    deadline = time.monotonic() + TIME_LIMIT_S
    census = _checked(data, path, deadline)
    with _PDFIUM_LOCK:
        pages = _read_pages(path, data, census.encrypted, deadline, progress, cancel)
    if not any(line.text.strip() for line in pages.lines):
        raise LoadError(
            f"{name} has no text to read: it is probably a scan (pictures of pages). Load the "
            "original Word document, or run it through OCR (text recognition) first.",
            path=str(path), reason="no-text",
        )
    blocks, notes = _structure(pages.lines, pages.links)
    report(progress, 1.0, f"Read {name}")
    return SourceDocument(
        id=doc_id,
        path=str(path),
        format="pdf",
        title=_title(pages.metadata, blocks, path),
        blocks=finish_blocks(doc_id, blocks),
        notes=tuple(notes),
        warnings=tuple(_warnings(pages, census.images)),
        properties=tuple(
            (key.lower(), pages.metadata[key]) for key in ("Author", "Title", "Subject")
            if pages.metadata.get(key, "").strip()
        ),
    )


def _checked(data: bytes, path: Path, deadline: float):
    """Returns the stream census of `data`; raises LoadError for a stream that unpacks too far."""
    try:
        return check_streams(data, deadline)
    except StreamTooLarge as exc:
        raise _too_large(exc, path) from exc


def _too_large(exc: StreamTooLarge, path: Path) -> LoadError:
    if exc.kind == "slow":
        return _timeout(path)
    what = {
        "total": "all its parts together unpack to",
        "page": "one of its pages unpacks to",
        "drawn": "one of its pages draws the same parts so often that reading it means",
    }.get(exc.kind, "one of its parts unpacks to")
    return LoadError(
        f"{path.name} cannot be read safely: {what} more than {exc.limit // MiB} MB, far more "
        "than any policy needs (the file may be damaged, or made to overload programs). Load "
        "the original Word document, or save the PDF again from the program that made it.",
        path=str(path), reason="too-large",
    )


def _timeout(path: Path) -> LoadError:
    return LoadError(
        f"{path.name} took longer than {TIME_LIMIT_S:.0f} seconds to read and was given up. "
        "Load the original Word document instead of the PDF.",
        path=str(path), reason="timeout",
    )


def _read_pages(path: Path, data: bytes, encrypted: bool, deadline: float,
                progress: Progress | None, cancel: CancelCheck | None) -> _Pages:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise _open_error(exc, path) from exc
    try:
        if encrypted:  # the check above saw only encrypted bytes: check the decrypted ones
            _checked(_decrypted(pdf), path, deadline)
        pages = _Pages()
        pages.total = len(pdf)
        pages.metadata = {k: v.strip() for k, v in pdf.get_metadata_dict(skip_empty=True).items()
                          if isinstance(v, str)}
        pages.attachments = pdf.count_attachments()
        tagged = pdf.is_tagged()
        pieces: dict[tuple[int, ...], tuple[int, int]] = {}
        for number in range(min(pages.total, MAX_PAGES)):
            check_cancel(cancel)
            if time.monotonic() > deadline:
                raise _timeout(path)
            report(progress, 0.9 * number / max(1, pages.total),
                   f"Reading {path.name}: page {number + 1}")
            lines, links = _page_lines(pdf, number, deadline, path, tagged, pieces)
            pages.lines.extend(lines)
            if links:
                pages.links[number] = links
        return pages
    except (LoadError, Cancelled):
        raise
    except pypdfium2.PdfiumError as exc:
        raise _open_error(exc, path) from exc
    finally:
        pdf.close()


def _decrypted(pdf) -> bytes:
    import pypdfium2.raw as pdfium_c

    buffer = BytesIO()
    pdf.save(buffer, flags=pdfium_c.FPDF_REMOVE_SECURITY)
    return buffer.getvalue()


def _page_lines(pdf, number: int, deadline: float, path: Path, tagged: bool,
                pieces: dict[tuple[int, ...], tuple[int, int]]) -> tuple[list[Line], list[Link]]:
    """Returns the page's lines and links; `pieces` carries the tagged elements a page break
    cuts from one page to the next (pdf_tags.PageTags)."""
    page = pdf.get_page(number)
    try:
        tags = PageTags(page.raw, number, pieces) if tagged else None
        textpage = page.get_textpage()
        try:
            box = page.get_mediabox()
            lines = PageText(textpage, number, box, deadline, tags).lines()
            return lines, page_links(pdf.raw, page.raw, textpage, number, box)
        except PageTimeout as exc:
            raise _timeout(path) from exc
        finally:
            textpage.close()
    finally:
        page.close()


def _open_error(exc: Exception, path: Path) -> LoadError:
    code = getattr(exc, "err_code", None)
    if code in (_ERR_PASSWORD, _ERR_SECURITY) or "password" in str(exc).lower():
        return LoadError(
            f"{path.name} is password-protected. Open it in a PDF reader, save a copy without "
            "the password (or load the original Word document) and load that.",
            path=str(path), reason="encrypted",
        )
    return LoadError(
        f"{path.name} is a damaged PDF and cannot be read ({type(exc).__name__}). Load the "
        "original Word document, or save the PDF again from the program that made it.",
        path=str(path), reason="corrupt",
    )


def _structure(lines: list[Line], links: dict[int, list[Link]] | None = None
               ) -> tuple[list[Block], list[Note]]:
    """Returns the body blocks and the footnotes of the document's lines. A tagged PDF marks
    its running headers and footers as artifacts (_use_tags leaves them out): its content
    lines are never taken for running lines, even one printed at the same place on each page
    ("Staff must keep sentence 1-1 ...", "... 2-1 ...")."""
    lines = _use_tags(lines)
    if not any(line.tag_key >= 0 for line in lines):
        lines = drop_running_lines(lines)
    body = body_size(lines)
    lines, footnotes = split_footnotes(lines, body)
    layout = Layout.of(lines, body)
    notes, note_ids = _notes(footnotes, layout)
    return BlockBuilder(layout, note_ids, links).build(lines), notes


def _use_tags(lines: list[Line]) -> list[Line]:
    """Returns the lines of a tagged PDF without its artifacts (running headers, footers, page
    numbers), when its tags cover at least half the text; else the lines with their tags forgotten:
    a PDF tagged in part is read by its layout alone."""
    total = sum(len(line.text) for line in lines)
    tagged = sum(len(line.text) for line in lines if line.tag_key >= 0)
    if total and tagged >= 0.5 * total:
        content = [line for line in lines if line.tag != ARTIFACT]
        if any(line.text.strip() for line in content):
            return content
    for line in lines:
        line.tag, line.tag_key, line.cell, line.continued = "", -1, None, False
    return lines


def _notes(footnotes: list[Footnote],
           layout: Layout) -> tuple[list[Note], dict[tuple[int, str], str]]:
    notes: list[Note] = []
    ids: dict[tuple[int, str], str] = {}
    for footnote in footnotes:
        note_id = f"fn{len(notes) + 1}"
        strip_note_mark(footnote.lines[0], footnote.label)
        builder = BlockBuilder(layout, {})
        blocks = [b for b in builder.build(footnote.lines) if b.text.strip()]
        blocks = [Block("", BlockKind.PARAGRAPH, b.runs) if b.kind is BlockKind.HEADING else b
                  for b in blocks]
        notes.append(Note(note_id, NoteKind.FOOTNOTE, footnote.label,
                          finish_blocks(note_id, blocks)))
        ids[(footnote.page, footnote.label)] = note_id
    return notes, ids


def _title(metadata: dict[str, str], blocks: list[Block], path: Path) -> str:
    title = metadata.get("Title", "")
    if not title or title.lower() in ("untitled", "microsoft word"):
        title = heading_or_file_title(blocks, path)
    return title


def _warnings(pages: _Pages, images: int) -> list[ReaderWarning]:
    warnings: list[ReaderWarning] = []
    if pages.total > MAX_PAGES:
        warnings.append(ReaderWarning(
            "truncated", f"Only the first {MAX_PAGES} of {pages.total} pages were read."))
    if images:
        warnings.append(ReaderWarning("image", "Pictures are not read.", images))
    if pages.attachments:
        warnings.append(ReaderWarning(
            "attachment", "Files attached to the PDF are not read.", pages.attachments))
    return warnings
