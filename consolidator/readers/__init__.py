"""read_document(): detect the format from the content (not the extension) and read it."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

from consolidator.errors import LoadError, printable
from consolidator.model import SourceDocument
from consolidator.progress import CancelCheck, Progress, check_cancel
from consolidator.readers.limits import check_document
from consolidator.source_files import read_file_bytes

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"
WORDPERFECT_MAGIC = b"\xffWPC"
RTF_MAGIC = b"{\\rtf"


TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text"}


def read_document(
    path: str | Path,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    main_part: dict | None = None,
) -> SourceDocument:
    """Returns the document at `path` as a SourceDocument; raises LoadError when it can't be read.

    The file is opened read-only, once; nothing is ever written to it. `main_part`: for a Word
    document, receives its parsed main part (see readers.docx.read).
    """
    path = Path(path)
    data = read_file_bytes(path)
    check_cancel(cancel)
    kind = detect_format(data, path)
    doc = check_document(_read_kind(kind, path, data, progress, cancel, main_part))
    # the size lets a session check a file before reading it; a title taken from a file name
    # that is not valid UTF-8 is made printable
    return dataclasses.replace(doc, size=len(data), title=printable(doc.title))


def _read_kind(kind: str, path: Path, data: bytes, progress: Progress | None,
               cancel: CancelCheck | None, main_part: dict | None = None) -> SourceDocument:
    """Returns the document read by the reader for `kind`."""
    if kind == "docx":
        from consolidator.readers import docx

        return docx.read(path, data, progress=progress, cancel=cancel, main_part=main_part)
    if kind == "odt":
        from consolidator.readers import odt

        return odt.read(path, data, progress=progress, cancel=cancel)
    if kind == "pdf":
        from consolidator.readers import pdf

        return pdf.read(path, data, progress=progress, cancel=cancel)
    if kind in ("doc", "rtf"):
        from consolidator.readers import legacy

        return legacy.read(path, data, kind=kind, progress=progress, cancel=cancel)
    if kind in ("markdown", "text"):
        from consolidator.readers import text

        return text.read(path, data, markdown=(kind == "markdown"), progress=progress,
                         cancel=cancel)
    raise LoadError(  # detect_format raises for everything else; this is a safety net
        f"{path.name} is in a format Policy Consolidator cannot read.", path=str(path),
        reason="unsupported",
    )


def detect_format(data: bytes, path: Path) -> str:
    """Returns "docx", "odt", "pdf", "doc", "rtf", "markdown" or "text"; else raises LoadError."""
    name = path.name
    head = data[:8]
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(data, path)
    if head.startswith(OLE2_MAGIC):
        return _ole_kind(data, path)
    if data.lstrip()[:5] == PDF_MAGIC or data[:1024].find(PDF_MAGIC) >= 0:
        return "pdf"
    if head.startswith(WORDPERFECT_MAGIC):
        raise LoadError(
            f"{name} is a WordPerfect document, not a Word document (despite its name). Open it in "
            "Word or LibreOffice, save it as a Word document (.docx) and load that.",
            path=str(path), reason="unsupported",
        )
    if data.lstrip()[:5] == RTF_MAGIC:
        return "rtf"
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<?xml") or start.startswith(b"<office:document"):
        if b"<office:document" in start:
            return "odt"  # flat OpenDocument (.fodt)
        if b"word.document" in start or b"<w:worddocument" in start:
            raise LoadError(
                f"{name} is a Word 2003 XML document. Open it in Word, save it as a Word "
                "Document (.docx) and load that.",
                path=str(path), reason="unsupported",
            )
    if start.startswith((b"<!doctype html", b"<html")) or b"mime-version:" in start[:200]:
        raise LoadError(
            f"{name} is a web page (HTML or MHT), not a Word document, even if Word can open it. "
            "Open it in Word, save it as a Word Document (.docx) and load that.",
            path=str(path), reason="unsupported",
        )
    if _looks_like_text(data):
        suffix = path.suffix.lower()
        if suffix in (".md", ".markdown"):
            return "markdown"
        if suffix in (".docx", ".docm", ".dotx", ".doc", ".odt", ".pdf"):
            raise LoadError(
                f"{name} is named like a {suffix} document but holds plain text. Rename it to "
                f"{path.stem}.txt if it is text, or find the real document.",
                path=str(path), reason="wrong-extension",
            )
        return "text"
    raise LoadError(
        f"{name} is not a format Policy Consolidator can read. Save it from Word as a .docx "
        "(or as .odt, .pdf, .md or .txt) and load that.",
        path=str(path), reason="unsupported",
    )


def _zip_kind(data: bytes, path: Path) -> str:
    from consolidator.ooxml.safe import Package

    package = Package(data, path.name)
    names = {n.lower() for n in package.names()}
    if "mimetype" in names:
        mimetype = package.read("mimetype").decode("ascii", "replace").strip()
        if mimetype.startswith("application/vnd.oasis.opendocument.text"):
            return "odt"
        if mimetype.startswith("application/vnd.oasis.opendocument"):
            raise LoadError(
                f"{path.name} is an OpenDocument spreadsheet or presentation, not a text "
                "document. Load the policy itself (.docx or .odt).",
                path=str(path), reason="unsupported",
            )
    if "[content_types].xml" in names and any(n.startswith("word/") for n in names):
        return "docx"
    if "[content_types].xml" in names and any(n.startswith(("xl/", "ppt/")) for n in names):
        raise LoadError(
            f"{path.name} is an Excel workbook or PowerPoint presentation, not a Word document. "
            "Load the policy itself (.docx).",
            path=str(path), reason="unsupported",
        )
    if "[content_types].xml" in names:
        return "docx"  # the docx reader finds the main part through the relationships
    raise LoadError(
        f"{path.name} is a zip archive, not a Word document. If the policy is inside it, extract "
        "it first (right-click > Extract All) and load the .docx.",
        path=str(path), reason="unsupported",
    )


def _ole_kind(data: bytes, path: Path) -> str:
    import io

    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
        ole.close()
    except Exception as exc:  # olefile raises assorted errors, some in programmers' words
        raise LoadError(
            f"{path.name} is damaged: it looks like an old Word (.doc) or an encrypted file but "
            "its structure cannot be read. Restore it from a backup or re-save it from Word.",
            path=str(path), reason="corrupt",
        ) from exc
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise LoadError(
            f"{path.name} is password-protected. Open it in Word, remove the password "
            "(File > Info > Protect Document > Encrypt with Password, clear it) and load it again.",
            path=str(path), reason="encrypted",
        )
    if "worddocument" in streams:
        return "doc"
    raise LoadError(
        f"{path.name} is an old Office file but not a Word document (no WordDocument stream). "
        "Load the policy itself, saved from Word as .docx.",
        path=str(path), reason="unsupported",
    )


def _looks_like_text(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [sample.decode("utf-16", "replace")]
    elif b"\x00" in sample:
        return False
    else:
        candidates = []
        for cut in range(4):  # the sample may end inside a multi-byte character
            try:
                candidates = [sample[: len(sample) - cut].decode("utf-8-sig")]
                break
            except UnicodeDecodeError:
                continue
        if not candidates:
            candidates = [sample.decode("cp1252", "replace")]
    text = candidates[0]
    # Format characters (bidi marks, zero-width joiners, soft hyphens) are part of real text
    shown = sum(ch.isprintable() or ch in "\r\n\t\f" or unicodedata.category(ch) == "Cf"
                for ch in text)
    return shown >= 0.95 * max(1, len(text))
