"""Which current source is which approved one, what changed in each, and where each approved block
went (the same block, a changed one, or none)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePath

from consolidator.consolidation.topics import channel_of_document
from consolidator.diffing import DiffRow, DocumentDiff, RowKind, SpanOp
from consolidator.model import Block, BlockKind, SourceDocument
from consolidator.session import SessionSource


class SourceStatus(str, Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"  # a source the approved policy was not made from
    REMOVED = "removed"  # an approved source not given any more


@dataclass(frozen=True)
class SourcePair:
    """An approved source and the current one standing for it (either may be absent)."""

    approved: SessionSource | None  # name and content hash as approved (None: added since)
    old: SourceDocument | None  # the approved text (None: added, or only a session is known)
    new: SourceDocument | None  # the current text (None: not given any more)

    @property
    def status(self) -> SourceStatus:
        if self.new is None:
            return SourceStatus.REMOVED
        if self.approved is None:
            return SourceStatus.ADDED
        if self.new.id == self.approved.content_hash:
            return SourceStatus.UNCHANGED
        return SourceStatus.CHANGED

    @property
    def name(self) -> str:
        """Returns the file name as the author knows it (the current one when there is one)."""
        if self.new is not None:
            return self.new.name
        return PurePath(self.approved.path).name if self.approved else ""

    @property
    def title(self) -> str:
        """Returns the policy's title ("Email Policy"), else its file name without extension."""
        for doc in (self.new, self.old):
            if doc is not None and doc.title:
                return doc.title
        if self.approved is not None and self.approved.title:
            return self.approved.title
        return PurePath(self.name).stem


def match_sources(approved: Sequence[SessionSource], old_docs: Sequence[SourceDocument],
                  new_docs: Sequence[SourceDocument]) -> tuple[SourcePair, ...]:
    """Returns the approved sources paired with the current ones, in the approved order, then
    the sources added since.

    A current source stands for an approved one when its content is the same, else its file
    name, else its title, else its kind (Email, Internet ...) when one of each is left."""
    old_by_hash = {d.id: d for d in old_docs}
    left = list(new_docs)
    found: dict[int, SourceDocument] = {}
    rules = (
        lambda s, d: d.id == s.content_hash,
        lambda s, d: d.name.lower() == PurePath(s.path).name.lower(),
        lambda s, d: bool(s.title) and d.title.strip().lower() == s.title.strip().lower(),
    )
    for rule in rules:
        for n, source in enumerate(approved):
            if n in found:
                continue
            match = next((d for d in left if rule(source, d)), None)
            if match is not None:
                found[n] = match
                left.remove(match)
    for n, source in enumerate(approved):
        if n in found or source.kind == "other":
            continue
        same_kind = [d for d in left if channel_of_document(d.title, d.path) == source.kind]
        unmatched_of_kind = [s for m, s in enumerate(approved)
                             if m not in found and s.kind == source.kind]
        if len(same_kind) == 1 and len(unmatched_of_kind) == 1:
            found[n] = same_kind[0]
            left.remove(same_kind[0])
    pairs = [SourcePair(s, old_by_hash.get(s.content_hash), found.get(n))
             for n, s in enumerate(approved)]
    pairs += [SourcePair(None, None, d) for d in left]
    return tuple(pairs)


# --- what changed in one source -----------------------------------------------------------------


class ChangeKind(str, Enum):
    REWORDED = "reworded"
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"


@dataclass(frozen=True)
class BlockFate:
    """Where an approved block went: the current block's key ("" when it was removed), and
    whether its text changed on the way."""

    new_key: str
    changed: bool


@dataclass(frozen=True)
class ClauseChange:
    """One change in one source since approval, with where it is."""

    kind: ChangeKind
    source: str  # the policy's title: "Email Policy"
    section: str  # the source's section number (or title): "5.3"
    topic: str  # the title of the section it is in: "Generative AI tools"
    old_text: str
    new_text: str
    old_key: str = ""  # "document/block" of the approved block ("" when added)
    new_key: str = ""  # ... of the current block ("" when removed)
    heading: bool = False
    in_policy: bool = True  # its block is in the Digital Policy (not left out)
    note: str = ""  # why the policy's text does not follow it: "" when it does

    @property
    def counts(self) -> bool:
        """Returns True when the change changes the Digital Policy's text."""
        return self.in_policy and not self.note

    @property
    def where(self) -> str:
        return f"{self.source} {self.section}".strip()


@dataclass(frozen=True)
class SourceComparison:
    """The blocks' fates and the changes of one source pair."""

    fates: dict[str, BlockFate]  # approved "document/block" key -> where it went
    changes: tuple[ClauseChange, ...]


def unchanged_fates(doc: SourceDocument) -> dict[str, BlockFate]:
    """Returns the fates of an unchanged source's blocks: each one is itself."""
    return {f"{doc.id}/{b.id}": BlockFate(f"{doc.id}/{b.id}", False) for b in doc.blocks}


def compare_source(title: str, old: SourceDocument, new: SourceDocument,
                   diff: DocumentDiff) -> SourceComparison:
    """Returns where each approved block went and the changes, from `diff` (old against new)."""
    walker = _ChangeWalker(title, old, new)
    rows = diff.rows
    index = 0
    while index < len(rows):
        row = rows[index]
        if row.group:
            end = index
            while end < len(rows) and rows[end].group == row.group:
                end += 1
            walker.group(rows[index:end])
            index = end
            continue
        walker.row(row)
        index += 1
    return SourceComparison(walker.fates, tuple(walker.changes))


class _ChangeWalker:
    """Turns diff rows into block fates and changes, one row (or split/join group) at a time."""

    def __init__(self, title: str, old: SourceDocument, new: SourceDocument) -> None:
        self.title = title
        self.old, self.new = old, new
        self.fates: dict[str, BlockFate] = {}
        self.changes: list[ClauseChange] = []
        self.topics = {**_topics(old), **_topics(new)}

    def row(self, row: DiffRow) -> None:
        kind, left, right = row.kind, row.left, row.right
        if kind is RowKind.EQUAL and left is not None and right is not None:
            self.fates[self._old(left)] = BlockFate(self._new(right), False)
        elif kind is RowKind.CHANGED and left is not None and right is not None:
            self.fates[self._old(left)] = BlockFate(self._new(right), True)
            self._change(ChangeKind.REWORDED, left, right)
        elif kind is RowKind.INSERTED and right is not None:
            self._change(ChangeKind.ADDED, None, right)
        elif kind is RowKind.DELETED and left is not None:
            self.fates[self._old(left)] = BlockFate("", True)
            self._change(ChangeKind.REMOVED, left, None)
        elif kind is RowKind.MOVED_TO and left is not None and right is not None:
            edited = any(s.op is not SpanOp.EQUAL for s in row.left_spans + row.right_spans)
            self.fates[self._old(left)] = BlockFate(self._new(right), edited)
            self._change(ChangeKind.MOVED, left, right)

    def group(self, rows: Sequence[DiffRow]) -> None:
        """A paragraph split in several, or several joined in one: one rewording."""
        lefts = [r.left for r in rows if r.left is not None]
        rights = [r.right for r in rows if r.right is not None]
        if not lefts or not rights:
            return
        for left in lefts:
            self.fates[self._old(left)] = BlockFate(self._new(rights[0]), True)
        self._change(ChangeKind.REWORDED, lefts[0], rights[0],
                     old_text=" ".join(_words(b) for b in lefts),
                     new_text=" ".join(_words(b) for b in rights))

    def _old(self, block: Block) -> str:
        return f"{self.old.id}/{block.id}"

    def _new(self, block: Block) -> str:
        return f"{self.new.id}/{block.id}"

    def _change(self, kind: ChangeKind, left: Block | None, right: Block | None, *,
                old_text: str | None = None, new_text: str | None = None) -> None:
        shown = right if right is not None else left
        assert shown is not None
        self.changes.append(ClauseChange(
            kind, self.title, shown.origin.section if shown.origin else "",
            self.topics.get(id(shown), ""),
            old_text if old_text is not None else (_words(left) if left else ""),
            new_text if new_text is not None else (_words(right) if right else ""),
            self._old(left) if left is not None else "",
            self._new(right) if right is not None else "",
            heading=shown.kind is BlockKind.HEADING))


def _words(block: Block) -> str:
    """Returns a block's text without its number, one space between words (table cells
    separated by " | ")."""
    if block.table is not None:
        return " | ".join(" ".join(line.split()) for line in block.text_lines() if line.strip())
    return " ".join(block.text.split())


def _topics(doc: SourceDocument) -> dict[int, str]:
    """Returns id(block) -> the title of the heading it is under (a heading: its own)."""
    out: dict[int, str] = {}
    title = ""
    for block in doc.blocks:
        if block.kind is BlockKind.HEADING:
            title = " ".join(block.text.split())
        out[id(block)] = title
    return out
