"""Finding the record of its session inside an exported Digital Policy (.docx).

The record is the custom XML part whose root element is in the record's namespace, whatever its
part name: Word keeps custom XML parts when it saves, LibreOffice keeps them too but may number
them anew. A document without the part says so plainly and asks for the session file.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

from lxml import etree

from consolidator.errors import LoadError
from consolidator.metadata import STATUSES, PolicyMetadata
from consolidator.ooxml.safe import Package, xml_parser
from consolidator.review.record import (
    NAMESPACE,
    ROOT,
    ApprovedRecord,
    RecordError,
    record_from_xml,
)
from consolidator.session import Session

_ITEM = re.compile(r"^customxml/item\d*\.xml$", re.IGNORECASE)
_MARK = f"{{{NAMESPACE}}}{ROOT}"
_QUICK_MARK = NAMESPACE.encode("ascii")
_PEEK_BYTES = 4096  # the root element and its namespace come first


class RecordMissing(LoadError):
    """The document holds no record of its session (reason "no-record")."""


def missing_message(name: str) -> str:
    """Returns what to say when a Digital Policy holds no record of its session."""
    return (f"{name} holds no record of the session it was made from: it was exported by an "
            "earlier version of Policy Consolidator, or a program that saved it since left the "
            "record out. Give the session file (.pcsession) the policy was made with, and the "
            "review will use that instead.")


def read_record(path: str | Path) -> ApprovedRecord:
    """Returns the record embedded in the Digital Policy at `path`.

    Raises RecordMissing (a LoadError) when it holds none, LoadError when the file cannot be
    read or the record is damaged or newer than this version reads."""
    path = Path(path)
    for data in _items(path):
        try:
            root = etree.fromstring(data, xml_parser())
        except etree.XMLSyntaxError:
            continue
        if root.tag == _MARK:
            try:
                return record_from_xml(root, path.name)
            except RecordError as exc:
                raise LoadError(str(exc), path=str(path), reason="damaged-record") from exc
    raise RecordMissing(missing_message(path.name), path=str(path), reason="no-record")


def holds_record(path: str | Path) -> bool:
    """Returns True when the file is a .docx with a record of its session. Quick enough for the
    moment a file is dropped: it reads the zip's directory and the first bytes of each custom
    XML item, parses nothing, and any error means False."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if _ITEM.match(info.filename):
                    with archive.open(info) as item:
                        if _QUICK_MARK in item.read(_PEEK_BYTES):
                            return True
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError,
            RuntimeError, zlib.error):
        return False
    return False


def _items(path: Path) -> list[bytes]:
    """Returns the bytes of the package's custom XML items (LoadError: not a Word package)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"{path.name} was not found at {path.parent}.", path=str(path),
                        reason="missing") from None
    except OSError as exc:
        raise LoadError(f"{path.name} cannot be read ({exc.strerror or exc}). Close it in "
                        "Word if it is open there, and try again.", path=str(path)) from None
    if not data.startswith(b"PK"):
        raise LoadError(f"{path.name} is not a Word document (.docx). Choose the Digital "
                        "Policy as exported by Policy Consolidator (or saved from Word as "
                        ".docx).", path=str(path), reason="unsupported")
    package = Package(data, path.name)
    return [package.read(name) for name in package.names() if _ITEM.match(name)]


_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"


def record_from_session(session: Session, approved: str | Path) -> ApprovedRecord:
    """Returns a record made from a session file, for a Digital Policy that lost its own: the
    decisions and the sources' names and hashes, without the approved text (so changed sources
    cannot be compared, and decisions about them do not carry). The title, version and status
    come from the session's metadata, else from the document's properties."""
    values = dict(session.metadata)
    try:
        values = {**_core_properties(Path(approved)), **values}
    except (LoadError, OSError):
        pass  # the session alone then says what it knows
    known = {k: v for k, v in values.items() if k in ("title", "version", "status", "council",
                                                       "owner", "author", "committee")}
    if known.get("status") not in STATUSES:
        known.pop("status", None)
    try:
        metadata = replace(PolicyMetadata(), **known)
    except (TypeError, ValueError):
        metadata = PolicyMetadata()
    return ApprovedRecord(metadata, session)


def _core_properties(path: Path) -> dict[str, str]:
    """Returns the title, version and status set in a .docx's core properties."""
    package = Package(path.read_bytes(), path.name)
    name = package.find("docProps/core.xml")
    if name is None:
        return {}
    try:
        root = etree.fromstring(package.read(name), xml_parser())
    except etree.XMLSyntaxError:
        return {}
    out = {}
    for key, tag in (("title", f"{{{_DC}}}title"), ("version", f"{{{_CP}}}version"),
                     ("status", f"{{{_CP}}}contentStatus")):
        element = root.find(tag)
        if element is not None and element.text and element.text.strip():
            out[key] = element.text.strip()
    return out
