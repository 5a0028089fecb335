"""split_sections(): the heading tree of a document (headings from the readers' levels)."""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import replace

from consolidator.model import Block, BlockKind, Section, SourceDocument


def split_sections(doc: SourceDocument) -> tuple[Section, ...]:
    """Returns the document's top-level sections; a preamble (level 0) holds blocks before any
    heading.

    A section holds its heading, the body blocks up to the next heading, and as children the
    sections of deeper headings that follow it.
    """
    root = _Builder(doc.id, None, 0)
    stack = [root]
    for block in doc.blocks:
        if block.kind is BlockKind.HEADING:
            level = max(1, block.level)
            while len(stack) > 1 and stack[-1].level >= level:
                stack.pop()
            node = _Builder(doc.id, block, level)
            stack[-1].children.append(node)
            stack.append(node)
        else:
            stack[-1].blocks.append(block)
    sections = [child.build() for child in root.children]
    if root.blocks:
        preamble = Section(
            id=section_id(doc.id, None, 0),
            document_id=doc.id,
            number="",
            title="",
            level=0,
            heading=None,
            blocks=tuple(root.blocks),
        )
        sections.insert(0, preamble)
    return tuple(sections)


def iter_sections(doc: SourceDocument) -> list[Section]:
    """Returns every section of the document, depth first, in document order."""
    out: list[Section] = []
    for section in split_sections(doc):
        out.extend(section.iter_all())
    return out


# id(document) -> (a weak reference to it, its sections listed)
_listed: dict[int, tuple[weakref.ref, tuple[Section, ...]]] = {}


def listed_sections(doc: SourceDocument) -> tuple[Section, ...]:
    """Returns iter_sections(doc), worked out once per document while it is in use: the
    worker that reads or builds a document lists its sections, and the window finds them
    listed (60 ms for a 400-page policy, otherwise taken from the UI thread)."""
    key = id(doc)
    entry = _listed.get(key)
    if entry is not None and entry[0]() is doc:
        return entry[1]
    sections = tuple(iter_sections(doc))
    _keep(doc, sections)
    return sections


def _keep(doc: SourceDocument, sections: tuple[Section, ...]) -> None:
    """Keeps `sections` listed for `doc` while it is alive."""
    key = id(doc)

    def forget(ref: weakref.ref, key: int = key) -> None:
        current = _listed.get(key)
        if current is not None and current[0] is ref:
            _listed.pop(key, None)

    _listed[key] = (weakref.ref(doc, forget), sections)


def list_like(doc: SourceDocument, same: SourceDocument) -> None:
    """Lists `doc`'s sections as those listed for `same`, a copy of it with other properties
    (nothing is listed when `same`'s are not)."""
    entry = _listed.get(id(same))
    if entry is not None and entry[0]() is same:
        _keep(doc, entry[1])


def forget_listed(doc: SourceDocument) -> tuple[Section, ...]:
    """Returns the sections listed for `doc` (() when none were), no longer kept for it: let
    go of with the document, they let it be freed a piece at a time (ui/release.py)."""
    entry = _listed.get(id(doc))
    if entry is None or entry[0]() is not doc:
        return ()
    _listed.pop(id(doc), None)
    return entry[1]


def section_id(document_id: str, heading: Block | None, level: int) -> str:
    """Returns the stable id of a section: its document, heading block and level."""
    key = f"{document_id}/{heading.id if heading else 'preamble'}/{level}"
    return "s" + hashlib.sha1(key.encode()).hexdigest()[:10]


class _Builder:
    def __init__(self, document_id: str, heading: Block | None, level: int) -> None:
        self.document_id = document_id
        self.heading = heading
        self.level = level
        self.blocks: list[Block] = []
        self.children: list[_Builder] = []

    def build(self) -> Section:
        heading = self.heading
        title = " ".join(heading.text.split()) if heading else ""
        number = heading.label.rstrip(".") if heading else ""
        section = Section(
            id=section_id(self.document_id, heading, self.level),
            document_id=self.document_id,
            number=number,
            title=title,
            level=self.level,
            heading=heading,
            blocks=tuple(self.blocks),
            children=tuple(child.build() for child in self.children),
        )
        return replace(section)
