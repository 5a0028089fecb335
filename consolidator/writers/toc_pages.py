"""Page numbers for the contents of an exported Digital Policy, from a LibreOffice layout.

The export writes the contents as a TOC field whose cached result lists the headings without
page numbers, and does not ask Word to update fields on open (Word would prompt on every
open). `number_contents` lays the document out once with LibreOffice (a PDF in a temporary
folder), reads on which page each heading landed (the PDF's bookmarks, one per heading), and
writes those numbers into the cached contents: Word, LibreOffice and the app's own PDF then show
them, and Word's Update Field (F9) still rebuilds the field its own way. Without LibreOffice the
file is left as it is.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from consolidator.fileio import write_bytes_atomic
from consolidator.libreoffice import find_soffice
from consolidator.progress import CancelCheck, check_cancel
from consolidator.writers.ooxml import TOC_INSTRUCTION, w

_DOCUMENT = "word/document.xml"


def number_contents(docx_path: str | Path, *, cancel: CancelCheck | None = None,
                    timeout: float = 120) -> bool:
    """Returns True after writing the contents' page numbers into `docx_path` (atomically);
    False, leaving it unchanged, when LibreOffice is not installed or the headings are not
    all found in its layout. Raises WriteError when LibreOffice fails or the file cannot be
    written, Cancelled when `cancel()` turns true."""
    from consolidator.writers.pdf_export import export_pdf

    docx_path = Path(docx_path)
    if find_soffice() is None:
        return False
    with tempfile.TemporaryDirectory(prefix="policy-toc-", ignore_cleanup_errors=True) as tmp:
        pdf = export_pdf(docx_path, Path(tmp) / "layout.pdf", timeout=timeout)
        check_cancel(cancel)
        headings = pdf_headings(pdf)
    data = docx_path.read_bytes()
    numbered = with_page_numbers(data, headings)
    if numbered is None:
        return False
    check_cancel(cancel)
    write_bytes_atomic(docx_path, numbered)
    return True


def pdf_headings(pdf_path: Path) -> list[tuple[str, int]]:
    """Returns (heading text, page number from 1) of each bookmark of a PDF, in order."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        out = []
        for item in document.get_toc():
            destination = item.get_dest()
            index = destination.get_index() if destination is not None else None
            if index is not None:
                out.append((item.get_title(), index + 1))
        return out
    finally:
        document.close()


def page_numbers(entries: Sequence[str], headings: Sequence[tuple[str, int]]) -> list[str] | None:
    """Returns the page number of each contents entry ("2\u2003Scope"), matched in order to the
    headings laid out ("2 Scope", page); None when an entry's heading is not found."""
    pages, start = [], 0
    keys = [_key(text) for text, _page in headings]
    for entry in entries:
        key = _key(entry)
        try:
            found = keys.index(key, start)
        except ValueError:
            return None
        pages.append(str(headings[found][1]))
        start = found + 1
    return pages


def with_page_numbers(docx: bytes, headings: Sequence[tuple[str, int]]) -> bytes | None:
    """Returns the .docx with a tab and page number ending each contents entry, or None when
    it has no contents field or an entry's heading is not among `headings`."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read(_DOCUMENT))
        paragraphs = contents_paragraphs(root)
        if not paragraphs:
            return None
        pages = page_numbers([_entry_text(p) for p in paragraphs], headings)
        if pages is None:
            return None
        for paragraph, page in zip(paragraphs, pages, strict=True):
            _set_page(paragraph, page)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in package.infolist():
                body = (etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                       standalone=True)
                        if info.filename == _DOCUMENT else package.read(info.filename))
                target.writestr(info, body)
    return out.getvalue()


def contents_paragraphs(root: etree._Element) -> list[etree._Element]:
    """Returns the paragraphs of the TOC field's cached result (one per entry), in order."""
    body = root.find(w("body"))
    if body is None:
        return []
    out: list[etree._Element] = []
    inside = False
    for paragraph in body.iter(w("p")):
        instructions = "".join(paragraph.itertext(w("instrText")))
        if not inside and TOC_INSTRUCTION.split()[0] in instructions.split()[:1]:
            inside = True
        if inside:
            out.append(paragraph)
            ends = [c for c in paragraph.iter(w("fldChar"))
                    if c.get(w("fldCharType")) == "end"]
            if ends:
                break
    return out


def _entry_text(paragraph: etree._Element) -> str:
    """Returns an entry's heading text: its text up to the tab before a page number."""
    parts = []
    for run in paragraph.iter(w("r")):
        if run.find(w("tab")) is not None:
            break
        parts.extend(t.text or "" for t in run.iter(w("t")))
    return "".join(parts)


def _set_page(paragraph: etree._Element, page: str) -> None:
    """Ends the entry with "<tab>page": after its text (before the field's end when it is the
    last entry), or in place of the number written by an earlier run."""
    runs = paragraph.findall(w("r"))
    texts = [r for r in runs if r.find(w("t")) is not None]
    if not texts:
        return
    last = texts[-1]
    at = runs.index(last)
    if at > 0 and runs[at - 1].find(w("tab")) is not None and len(texts) > 1:
        last.find(w("t")).text = page  # numbered before: the number is replaced
        return
    tab = etree.Element(w("r"))
    etree.SubElement(tab, w("tab"))
    number = etree.Element(w("r"))
    etree.SubElement(number, w("t")).text = page
    index = list(paragraph).index(last)
    paragraph.insert(index + 1, tab)
    paragraph.insert(index + 2, number)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())
