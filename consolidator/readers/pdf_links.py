"""A PDF's links: the web and email addresses its link annotations point at, put on the words
they cover.

Word and LibreOffice print a hyperlink as a link annotation over its words (one a line when
it wraps). The words were read, the address was not: "Click the links for details on how to
activate 2FA for Facebook, Twitter and Instagram" and "watch this video" pointed nowhere.
Links to a place in the same PDF (a contents line) are left out: the headings they point at
are read as headings.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import pypdfium2.raw as pdfium_c

from consolidator.model import Run

_URI = 3  # PDFACTION_URI


@dataclass(frozen=True)
class Link:
    """A link annotation: its box (points from the page's top-left), the words under it and
    its address."""

    page: int
    left: float
    top: float
    right: float
    bottom: float
    anchor: str
    target: str


def page_links(document, page, textpage, number: int,
               box: tuple[float, float, float, float]) -> list[Link]:
    """Returns the page's links to web or email addresses, in the order PDFium lists them: one
    for each box a link marks (Acrobat marks a link over two lines with one box a line, inside
    one rectangle round both)."""
    left, _, _, top = box
    found: list[Link] = []
    position, link = ctypes.c_int(0), pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page, ctypes.byref(position), ctypes.byref(link)):
        target = _relative(_address(document, link))
        for x0, y0, x1, y1 in _boxes(link) if target else ():
            anchor = _plain(textpage.get_text_bounded(x0, y0, x1, y1))
            if anchor:
                found.append(Link(number, x0 - left, top - y1, x1 - left, top - y0, anchor,
                                  target))
    return found


def _address(document, link) -> str:
    """Returns the web or email address a link goes to ("" for any other action)."""
    action = pdfium_c.FPDFLink_GetAction(link)
    if not action or pdfium_c.FPDFAction_GetType(action) != _URI:
        return ""
    size = pdfium_c.FPDFAction_GetURIPath(document, action, None, 0)
    buffer = ctypes.create_string_buffer(max(1, size))
    pdfium_c.FPDFAction_GetURIPath(document, action, buffer, size)
    return buffer.value.decode("utf-8", "replace").strip()


def _boxes(link) -> list[tuple[float, float, float, float]]:
    """Returns the (left, bottom, right, top) boxes a link marks: its quadrilaterals when it
    has them, else its rectangle."""
    quad = pdfium_c.FS_QUADPOINTSF()
    boxes = []
    for index in range(max(0, pdfium_c.FPDFLink_CountQuadPoints(link))):
        if pdfium_c.FPDFLink_GetQuadPoints(link, index, ctypes.byref(quad)):
            xs, ys = (quad.x1, quad.x2, quad.x3, quad.x4), (quad.y1, quad.y2, quad.y3, quad.y4)
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
    rect = pdfium_c.FS_RECTF()
    if not boxes and pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
        boxes.append((rect.left, rect.bottom, rect.right, rect.top))
    return boxes


def _plain(text: str) -> str:
    """Returns the words under a link as printed: PDFium marks a hyphen it found at a line's
    end with a control character ("knowledge\x02")."""
    text = re.sub("[\x02\ufffe]", "-", text)
    return " ".join(_CONTROL.sub("", text).split())


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _relative(target: str) -> str:
    """Returns a link's address, a file on the computer that printed the PDF as its name: a
    link to another page of the policy's site ("guidance-for-using-open-internet-tools.html")
    was printed as file:///home/.../guidance-for-using-open-internet-tools.html, a path no
    reader has and which names someone's folders."""
    if not target.lower().startswith("file:"):
        return target
    parts = urlsplit(target)
    name = PurePosixPath(unquote(parts.path)).name
    return name + (f"#{parts.fragment}" if parts.fragment and name else "")


def on_line(link: Link, page: int, top: float, bottom: float, x0: float, x1: float) -> bool:
    """Returns True when the link's box covers a line's middle and overlaps it across."""
    middle = (top + bottom) / 2
    return link.page == page and link.top <= middle <= link.bottom and \
        link.left < x1 and link.right > x0


def with_links(runs: Sequence[Run], spans: Sequence[tuple[int, int, str]]) -> tuple[Run, ...]:
    """Returns the runs with the text between each span's (start, end) offsets linked to its
    address (a footnote mark is never linked)."""
    out: list[Run] = []
    at = 0
    for run in runs:
        end = at + len(run.text)
        cuts = sorted({at, end, *(p for s, e, _ in spans for p in (s, e) if at < p < end)})
        for a, b in zip(cuts, cuts[1:], strict=False):
            target = next((t for s, e, t in spans if s <= a and b <= e), None)
            piece = run.text[a - at:b - at]
            out.append(replace(run, text=piece, hyperlink=target)
                       if target and run.note_ref is None else replace(run, text=piece))
        at = end
    return tuple(out)
