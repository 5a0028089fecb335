"""Word redline: the new document with real tracked changes (w:ins, w:del, w:moveFrom/w:moveTo).

This module reads the packages and saves the result; redline_xml.py builds the revision markup.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from consolidator.diffing import DiffOptions, DocumentDiff, diff_documents
from consolidator.fileio import write_atomic
from consolidator.model import SourceDocument
from consolidator.progress import CancelCheck, Progress, check_cancel, report
from consolidator.writers.redline_xml import (
    BODY,
    TBL,
    Marker,
    P,
    block_elements,
    holds_hidden_text,
    holds_revisions,
    map_blocks,
    w,
)

MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)



def write_redline(
    diff: DocumentDiff,
    old: SourceDocument,
    new: SourceDocument,
    out_path: str | Path,
    *,
    author: str = "Policy Consolidator",
    date: _dt.datetime | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Path:
    """Returns the path of the written redline: NEW's package with its body rebuilt from `diff`.

    `diff` must be diff_documents(old, new) (its rows hold old's and new's block objects).
    NEW's styles, numbering, page setup, headers and footers are kept; a NEW that is not a .docx
    is laid out on python-docx's default template. Accepting every change gives NEW's text,
    rejecting every change gives OLD's: so a diff that ignored case, spaces, punctuation or
    numbering is redone exactly first (a redline cannot leave a real difference unmarked).
    """
    report(progress, 0.0, "Writing the redline")
    if not diff.options.exact:
        diff = diff_documents(old, new, DiffOptions(granularity=diff.options.granularity),
                              cancel=cancel)
    when = (date or _dt.datetime.now(_dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    entries, main_part = _base_package(new)
    root = etree.fromstring(entries[main_part], _parser())
    body = root.find(BODY)
    old_root = _old_document(old)
    styles = _style_ids(entries, main_part)
    nums = _num_ids(entries, main_part)
    max_id = max((int(x) for x in re.findall(rb'w:id="(\d+)"', entries[main_part])), default=0)
    check_cancel(cancel)
    marker = Marker(author, when, max_id + 1, styles, nums)

    marker.revisions = holds_revisions(body)
    new_elements = block_elements(body)
    new_map = map_blocks(new.blocks, new_elements, plain=not holds_hidden_text(body))
    old_map = map_blocks(old.blocks, block_elements(old_root.find(BODY)),
                         plain=not holds_hidden_text(old_root)) if old_root is not None else {}
    marker.old_map = old_map
    report(progress, 0.3, "Writing the redline")
    sect = body.find(w("sectPr"))
    children = marker.render_rows(diff.rows, new_elements, new_map, cancel)
    for child in list(body):
        body.remove(child)
    for child in children:
        body.append(child)
    if children and children[-1].tag == TBL:
        body.append(etree.Element(P))
    if sect is not None:
        body.append(sect)
    report(progress, 0.8, "Saving the redline")
    entries[main_part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                        standalone=True)
    target = write_atomic(out_path, lambda handle: _write_zip(handle, entries, main_part))
    report(progress, 1.0, "Redline saved")
    return target


# --- package -----------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    from consolidator.readers.safe import xml_parser

    return xml_parser()


def _base_package(new: SourceDocument) -> tuple[dict[str, bytes], str]:
    """Returns every part of NEW's .docx (or of the default template) and the main part's name."""
    data = None
    if new.format == "docx" and Path(new.path).is_file():
        data = Path(new.path).read_bytes()
    if data is None or not zipfile.is_zipfile(io.BytesIO(data)):
        data = _default_template()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()
                   if not info.is_dir()}
    types = etree.fromstring(entries["[Content_Types].xml"], _parser())
    main_part = "word/document.xml"
    for override in types:
        if override.get("ContentType") in MAIN_TYPES:
            main_part = override.get("PartName", "/word/document.xml").lstrip("/")
            # a macro-enabled or template NEW is written as a plain document
            override.set("ContentType", MAIN_TYPES[0])
    entries["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True,
                                                    encoding="UTF-8", standalone=True)
    return entries, main_part


def _default_template() -> bytes:
    import importlib.util

    spec = importlib.util.find_spec("docx")  # python-docx's blank document, not importing it
    assert spec is not None and spec.submodule_search_locations
    return (Path(spec.submodule_search_locations[0]) / "templates" / "default.docx").read_bytes()


def _old_document(old: SourceDocument) -> etree._Element | None:
    if old.format != "docx" or not Path(old.path).is_file():
        return None
    try:
        with zipfile.ZipFile(old.path) as archive:
            name = "word/document.xml"
            if name not in archive.namelist():
                return None
            return etree.fromstring(archive.read(name), _parser())
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError):
        return None


def _part_root(entries: dict[str, bytes], name: str) -> etree._Element | None:
    data = entries.get(name)
    if data is None:
        return None
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        return None


def _style_ids(entries: dict[str, bytes], main_part: str) -> dict[str, str]:
    """Returns NEW's paragraph styles as {id: id, name: id} (lower-case keys)."""
    folder = main_part.rsplit("/", 1)[0]
    root = _part_root(entries, f"{folder}/styles.xml")
    out: dict[str, str] = {}
    if root is None:
        return out
    for style in root.iter(w("style")):
        sid = style.get(w("styleId"))
        if not sid:
            continue
        out[sid.lower()] = sid
        name = style.find(w("name"))
        if name is not None and name.get(w("val")):
            out.setdefault(name.get(w("val")).lower(), sid)
    return out


def _num_ids(entries: dict[str, bytes], main_part: str) -> set[str]:
    folder = main_part.rsplit("/", 1)[0]
    root = _part_root(entries, f"{folder}/numbering.xml")
    if root is None:
        return set()
    return {num.get(w("numId")) for num in root.iter(w("num"))}


def _write_zip(handle, entries: dict[str, bytes], main_part: str) -> None:
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", entries["[Content_Types].xml"])
        for name, data in entries.items():
            if name != "[Content_Types].xml":
                archive.writestr(name, data)
