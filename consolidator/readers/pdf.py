"""PDF policies: headings from font size and numbering, re-joined paragraphs, no running headers."""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from consolidator.errors import Cancelled, LoadError
from consolidator.model import (
    Block,
    BlockKind,
    ReaderWarning,
    Run,
    SourceDocument,
    content_id,
    finish_blocks,
)
from consolidator.progress import CancelCheck, Progress, check_cancel, report

MAX_PAGES = 1000
TIME_LIMIT_S = 120.0
BULLET = "•"

_BULLET = re.compile(r"^([•●▪■◦○‣∙·\uf0b7\uf0a7\uf076\uf0d8]|[-–*o])\s+(?=\S)")
_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,5}\.?|\(?[a-z]\)|\(?[ivx]{1,5}\)|[a-z]\.)\s+(?=\S)")
_PAGE_NO = re.compile(r"^(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)


@dataclass
class _Line:
    text: str
    size: float
    bold: bool
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    page_width: float
    page_height: float


def read(
    path: Path,
    data: bytes,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> SourceDocument:
    """Returns the PDF as a SourceDocument; raises LoadError for encrypted or scanned files."""
    import pdfplumber

    name = path.name
    doc_id = content_id(data)
    report(progress, 0.0, f"Reading {name}")
    warnings: list[ReaderWarning] = []
    started = time.monotonic()
    lines: list[_Line] = []
    images = 0
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            metadata = dict(pdf.metadata or {})
            pages = pdf.pages
            if len(pages) > MAX_PAGES:
                warnings.append(ReaderWarning(
                    "truncated", f"Only the first {MAX_PAGES} of {len(pages)} pages were read."))
            for number, page in enumerate(pages[:MAX_PAGES]):
                check_cancel(cancel)
                if time.monotonic() - started > TIME_LIMIT_S:
                    raise LoadError(
                        f"{name} took longer than {TIME_LIMIT_S:.0f} seconds to read and was "
                        "given up. Load the original Word document instead of the PDF.",
                        path=str(path), reason="timeout",
                    )
                report(progress, 0.9 * number / max(1, len(pages)),
                       f"Reading {name}: page {number + 1}")
                images += len(page.images)
                lines.extend(_page_lines(page, number))
                page.flush_cache()
    except (LoadError, Cancelled):
        raise
    except Exception as exc:  # pdfminer raises many types for damaged or encrypted files
        raise _open_error(exc, path) from exc
    if not any(line.text.strip() for line in lines):
        raise LoadError(
            f"{name} has no text to read: it is probably a scan (pictures of pages). Load the "
            "original Word document, or run it through OCR (text recognition) first.",
            path=str(path), reason="no-text",
        )
    if images:
        warnings.append(ReaderWarning("image", "Pictures are not read.", images))
    lines = _drop_running_lines(lines)
    blocks = _blocks(lines)
    title = str(metadata.get("Title") or "").strip()
    if not title or title.lower() in ("untitled", "microsoft word"):
        first = next((b for b in blocks if b.kind is BlockKind.HEADING), None)
        title = first.text if first is not None else path.stem
    report(progress, 1.0, f"Read {name}")
    properties = tuple(
        (key.lower(), str(metadata[key])) for key in ("Author", "Title", "Subject")
        if isinstance(metadata.get(key), str) and metadata[key].strip()
    )
    return SourceDocument(
        id=doc_id,
        path=str(path),
        format="pdf",
        title=title,
        blocks=finish_blocks(doc_id, blocks),
        warnings=tuple(warnings),
        properties=properties,
    )


def _open_error(exc: Exception, path: Path) -> LoadError:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    words = " ".join(f"{type(e).__name__} {e}" for e in chain).lower()
    if "password" in words or "encrypt" in words:
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


def _page_lines(page, number: int) -> list[_Line]:
    out: list[_Line] = []
    for raw in page.extract_text_lines(strip=True, return_chars=True):
        chars = [c for c in raw.get("chars", []) if str(c.get("text", "")).strip()]
        text = " ".join(str(raw.get("text", "")).split())
        if not text or not chars:
            continue
        sizes = Counter(round(float(c.get("size", 0.0)), 1) for c in chars)
        bold = sum(1 for c in chars if _BOLD.search(str(c.get("fontname", "")))) > 0.6 * len(chars)
        out.append(_Line(
            text=text, size=sizes.most_common(1)[0][0], bold=bold,
            x0=float(raw["x0"]), x1=float(raw["x1"]), top=float(raw["top"]),
            bottom=float(raw["bottom"]), page=number, page_width=float(page.width),
            page_height=float(page.height),
        ))
    return out


def _drop_running_lines(lines: list[_Line]) -> list[_Line]:
    """Returns the lines without running headers/footers and page numbers in the margins."""
    pages = len({line.page for line in lines})

    def key(line: _Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text.lower()), round(line.top / 6)

    def in_margin(line: _Line) -> bool:
        return line.top < 0.12 * line.page_height or line.bottom > 0.88 * line.page_height

    counts = Counter(key(line) for line in lines if in_margin(line))
    needed = max(2, int(pages * 0.5 + 0.5))
    out = []
    for line in lines:
        if in_margin(line):
            if _PAGE_NO.match(line.text) or (pages >= 2 and counts[key(line)] >= needed):
                continue
        out.append(line)
    return out


def _blocks(lines: list[_Line]) -> list[Block]:
    if not lines:
        return []
    weights: Counter = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0]
    heading_sizes = sorted({ln.size for ln in lines if ln.size >= body * 1.15}, reverse=True)
    size_level = {size: min(3, i + 1) for i, size in enumerate(heading_sizes)}
    bold_level = min(3, len(heading_sizes) + 1)
    gaps = [
        b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5
        and b.top > a.bottom - 1
    ]
    gap = sorted(gaps)[len(gaps) // 2] if gaps else body * 0.3
    right = Counter(round(line.x1 / 5) for line in lines if abs(line.size - body) < 0.5)
    right_margin = right.most_common(1)[0][0] * 5 if right else max(ln.x1 for ln in lines)
    bullet_x = [ln.x0 for ln in lines if _BULLET.match(ln.text)]

    blocks: list[Block] = []
    kind = BlockKind.PARAGRAPH
    level = 0
    label = ""
    parts: list[str] = []
    previous: _Line | None = None

    def flush() -> None:
        nonlocal parts
        if parts:
            text = ""
            for part in parts:
                if text.endswith("-") and text[-2:-1].isalpha() and part[:1].islower():
                    text = text[:-1] + part  # a word split at the line end
                else:
                    text = f"{text} {part}" if text else part
            blocks.append(Block("", kind, (Run(text),), level=level, label=label))
        parts = []

    for line in lines:
        text = line.text
        heading_level = _heading_level(line, body, size_level, bold_level)
        bullet = _BULLET.match(text)
        number = _NUMBER.match(text)
        starts_block = (
            previous is None
            or heading_level != (level if kind is BlockKind.HEADING else 0)
            or bool(bullet)
            or (bool(number) and heading_level == 0)
            or _paragraph_break(previous, line, gap, right_margin)
        )
        if heading_level and kind is BlockKind.HEADING and previous is not None and (
            heading_level == level and line.page == previous.page
            and line.top - previous.bottom < line.size
        ):
            starts_block = False  # a heading wrapped onto a second line
        if starts_block:
            flush()
            label = ""
            if heading_level:
                kind, level = BlockKind.HEADING, heading_level
                if number and number.group(1)[0].isdigit():
                    label = number.group(1)
                    text = text[number.end():]
                    level = min(9, max(heading_level, len(label.rstrip(".").split("."))))
            elif bullet:
                kind, label = BlockKind.LIST_ITEM, BULLET
                text = text[bullet.end():]
                level = _indent_level(line.x0, bullet_x)
            elif number:
                kind, label = BlockKind.LIST_ITEM, number.group(1)
                text = text[number.end():]
                level = min(8, max(0, len(label.rstrip(".").split(".")) - 1)) if label[
                    0].isdigit() else 1
            else:
                kind, level = BlockKind.PARAGRAPH, 0
        parts.append(text)
        previous = line
    flush()
    return blocks


def _heading_level(line: _Line, body: float, size_level: dict[float, int], bold_level: int) -> int:
    words = len(line.text.split())
    if line.size in size_level and words <= 20:
        return size_level[line.size]
    if line.bold and abs(line.size - body) < 0.5 and words <= 12 and not line.text.endswith(
        (".", ",", ";")
    ) and not _BULLET.match(line.text):
        return bold_level
    return 0


def _indent_level(x0: float, bullet_x: list[float]) -> int:
    stops = sorted({round(x / 12) for x in bullet_x})
    position = round(x0 / 12)
    return min(8, stops.index(position)) if position in stops else 0


def _paragraph_break(previous: _Line, line: _Line, gap: float, right_margin: float) -> bool:
    """Returns True when `line` starts a new paragraph rather than continuing `previous`."""
    if line.page != previous.page:
        ended = previous.text.endswith((".", ":", "!", "?")) and previous.x1 < right_margin - 40
        return ended or previous.text.endswith(":")
    space = line.top - previous.bottom
    if space > max(gap * 1.8, gap + line.size * 0.4):
        return True
    if space < -line.size:  # a new column
        return True
    short = previous.x1 < right_margin - max(60.0, 0.15 * (right_margin - previous.x0))
    return short and previous.text.endswith((".", ":", "!", "?"))
