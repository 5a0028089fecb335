"""The document model: frozen values every stage of the pipeline reads and produces."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

_T = TypeVar("_T")


def quick_init(cls: type[_T]) -> type[_T]:
    """Gives a frozen dataclass made by the hundred thousand an __init__ that fills the
    instance's __dict__ in one step: the generated one calls object.__setattr__ once per field,
    three times the cost (a seventh of reading a policy). Same parameters, same defaults; for
    classes without __post_init__, default factories or keyword-only fields.

    Pickled as its fields' values in order (no names, no cached texts: a document sent back
    by a worker process in two thirds of the time and half the bytes)."""
    params, items, defaults = [], [], {}
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING or f.kw_only or not f.init:
            raise TypeError(f"quick_init cannot make {cls.__name__}.{f.name}")
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            defaults[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        items.append(f"{f.name!r}: {f.name}")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"quick_init cannot make {cls.__name__}: it has a __post_init__")
    values = ", ".join(f"d[{f.name!r}]" for f in dataclasses.fields(cls))
    source = (f"def __init__(self, {', '.join(params)}):\n"
              f"    self.__dict__.update({{{', '.join(items)}}})\n"
              f"def __reduce__(self):\n"
              f"    d = self.__dict__\n"
              f"    return cls, ({values},)\n")
    namespace: dict = {}
    exec(source, {**defaults, "cls": cls}, namespace)  # noqa: S102  (as dataclasses does)
    for name in ("__init__", "__reduce__"):
        method = namespace[name]
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    return cls


class cached_text:  # noqa: N801  (used like functools.cached_property)
    """A computed attribute stored in the instance's __dict__ on first use (frozen dataclasses
    allow it: the value depends only on frozen fields). functools.cached_property does the same
    behind a lock, which costs more than the text itself here."""

    def __init__(self, fn) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"


class Revision(str, Enum):
    """Tracked-change state of a run: what Word shows in its "All Markup" view."""

    NONE = "none"
    INSERTED = "inserted"  # w:ins, w:moveTo: part of the accepted text
    DELETED = "deleted"  # w:del, w:moveFrom: shown struck through, not part of the accepted text


class NoteKind(str, Enum):
    FOOTNOTE = "footnote"
    ENDNOTE = "endnote"


@quick_init
@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting. `None` formatting means "as the style says"."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    hyperlink: str | None = None  # target URL (or "#bookmark") when the run is inside a hyperlink
    revision: Revision = Revision.NONE
    note_ref: str | None = None  # a footnote/endnote reference mark: the Note.id it points at
    strike: bool | None = None  # struck through: in a source, often a rule no longer in force


@quick_init
@dataclass(frozen=True)
class Origin:
    """Where a block came from: provenance that travels with it through every stage."""

    document_id: str
    index: int  # position among the document's top-level blocks (0-based)
    section: str = ""  # number (or title, when unnumbered) of the section holding the block


@quick_init
@dataclass(frozen=True)
class Cell:
    blocks: tuple[Block, ...]
    col_span: int = 1

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@quick_init
@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]

    def iter_cells(self) -> Iterator[Cell]:
        for row in self.rows:
            yield from row


@quick_init
@dataclass(frozen=True)
class Block:
    """One heading, paragraph, list item or table, in reading order.

    `label` is the number Word shows before the text ("2.1", "(a)", "•"); `level` is the heading
    level (1-9) for headings and the list level (0-8) for list items, 0 otherwise.
    """

    id: str
    kind: BlockKind
    runs: tuple[Run, ...] = ()
    level: int = 0
    label: str = ""
    style: str = ""
    table: Table | None = None
    origin: Origin | None = None

    @cached_text
    def text(self) -> str:
        """The accepted text (tracked deletions left out), without the number label.

        Computed once per block (blocks are frozen): the diff and the writers ask for it often."""
        if self.table is not None:
            return "\n".join(cell.text for cell in self.table.iter_cells())
        runs = self.runs
        if len(runs) == 1:  # the usual paragraph: one formatting throughout
            return runs[0].text if runs[0].revision is not Revision.DELETED else ""
        return "".join([r.text for r in runs if r.revision is not Revision.DELETED])

    @property
    def deleted_text(self) -> str:
        """The text of tracked deletions inside this block (for a markup view)."""
        return "".join(r.text for r in self.runs if r.revision is Revision.DELETED)

    @cached_text
    def display_text(self) -> str:
        """What Word shows on the line: the number label, a space (or tab), then the text."""
        if self.label and self.kind is not BlockKind.TABLE:
            return f"{self.label} {self.text}" if self.text else self.label
        return self.text

    def text_lines(self) -> list[str]:
        """The block as plain-text lines: one per paragraph, and one per paragraph in each cell."""
        if self.table is None:
            return [self.display_text]
        lines: list[str] = []
        for cell in self.table.iter_cells():
            for inner in cell.blocks:
                lines.extend(inner.text_lines())
        return lines


@dataclass(frozen=True)
class Note:
    """A footnote or endnote: its number as shown, and its paragraphs."""

    id: str
    kind: NoteKind
    label: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass(frozen=True)
class ReaderWarning:
    """Content the reader could not represent: said, never dropped silently."""

    code: str  # short machine name: "image", "equation", "embedded-object", "comment", ...
    message: str  # plain English, for the user
    count: int = 1


@dataclass(frozen=True)
class Section:
    """A heading and everything under it up to the next heading of the same or higher level."""

    id: str
    document_id: str
    number: str  # the heading's label ("2.1"), or "" when unnumbered
    title: str  # the heading text without its label
    level: int  # 1-9; 0 for the preamble before the first heading
    heading: Block | None
    blocks: tuple[Block, ...]  # body blocks directly under this heading (not in subsections)
    children: tuple[Section, ...] = ()

    def iter_all(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.iter_all()

    def all_blocks(self) -> list[Block]:
        """The heading, its body and every subsection's blocks, in document order."""
        out: list[Block] = [self.heading] if self.heading is not None else []
        out.extend(self.blocks)
        for child in self.children:
            out.extend(child.all_blocks())
        return out


@dataclass(frozen=True)
class SourceDocument:
    """A policy as read from disk: the faithful model every later stage works on."""

    id: str  # content hash of the file's bytes (stable across renames)
    path: str
    format: str  # "docx", "odt", "pdf", "markdown", "text", "doc"
    title: str
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = ()
    warnings: tuple[ReaderWarning, ...] = ()
    properties: tuple[tuple[str, str], ...] = ()  # core properties found in the file (author, ...)
    size: int = 0  # bytes of the file it was read from (0: not read from a file)

    @property
    def name(self) -> str:
        """The file name as the user knows it (printable whatever its encoding)."""
        name = self.path.replace("\\", "/").rsplit("/", 1)[-1]
        return name.encode("utf-8", "replace").decode("utf-8")

    def plain_text(self) -> str:
        """The body text as the author sees it, tracked changes accepted, one paragraph a line."""
        lines: list[str] = []
        for block in self.blocks:
            lines.extend(block.text_lines())
        return "\n".join(lines)

    def block_by_id(self, block_id: str) -> Block:
        for block in self.blocks:
            if block.id == block_id:
                return block
        raise KeyError(block_id)

    def word_count(self) -> int:
        return len(self.plain_text().split())


def content_id(data: bytes) -> str:
    """Returns the stable id of a document: a short hash of its bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


_sha1 = hashlib.sha1
_KIND_VALUES = {kind: kind.value for kind in BlockKind}  # (an enum's .value is slow to ask)


@dataclass
class _IdMaker:
    seen: dict[str, int] = field(default_factory=dict)

    def make(self, kind: BlockKind, text: str) -> str:
        words = " ".join(text.split())
        digest = _sha1(f"{_KIND_VALUES[kind]}\x00{words}".encode()).hexdigest()[:10]
        n = self.seen.get(digest, 0) + 1
        self.seen[digest] = n
        return f"b{digest}" if n == 1 else f"b{digest}.{n}"


def _short_name(title: str, limit: int = 60) -> str:
    """Returns an unnumbered heading as the name of its section: whole, or cut at a word with
    an ellipsis ("... in an absent employee's email …", not "... employee's emai")."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def finish_blocks(document_id: str, blocks: list[Block] | tuple[Block, ...]) -> tuple[Block, ...]:
    """Returns the blocks with stable ids and origins (document, index, section number) set.

    Ids come from each block's kind and text (plus an occurrence count), so a block keeps its id
    when other parts of the document change. Every reader calls this last.
    """
    ids = _IdMaker()
    section = ""
    out: list[Block] = []
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING:
            section = block.label.rstrip(".") or _short_name(" ".join(block.text.split()))
        text = block.text if block.table is None else "\t".join(block.text_lines())
        done = Block(id=ids.make(block.kind, block.label + " " + text), kind=block.kind,
                     runs=block.runs, level=block.level, label=block.label, style=block.style,
                     table=block.table,
                     origin=Origin(document_id=document_id, index=index, section=section))
        if block.table is None:
            done.__dict__["text"] = block.text  # cached_text's value: the same runs
        out.append(done)
    return tuple(out)


# --- The consolidated Digital Policy: what merge produces and the writers export -------------


class Fate(str, Enum):
    """What happened to a source block in the consolidated policy."""

    KEPT = "kept"  # its text is in the merged document (as it was, or as part of a clause)
    MERGED = "merged"  # a duplicate: the merged document holds another variant in its place
    REWORDED = "reworded"  # its content is in a clause the draft (or the author) rewrote
    EXCLUDED = "excluded"  # the author removed it


@dataclass(frozen=True)
class SourceRef:
    """One block of one source policy, as provenance."""

    document_id: str
    block_id: str
    section: str = ""  # the source's section number (or title) holding the block


@dataclass(frozen=True)
class MergedClause:
    """A paragraph, list item or table of the merged policy, with where it came from."""

    id: str
    kind: BlockKind
    runs: tuple[Run, ...] = ()
    level: int = 0  # list level for list items
    numbered: bool = False  # a numbered clause (True) or a bullet (False), for list items
    table: Table | None = None
    sources: tuple[SourceRef, ...] = ()
    edited: bool = False  # the wording is the author's or a combined wording, not a source's

    @property
    def text(self) -> str:
        if self.table is not None:
            return "\n".join(cell.text for cell in self.table.iter_cells())
        return "".join(r.text for r in self.runs if r.revision is not Revision.DELETED)


@dataclass(frozen=True)
class MergedSection:
    """A section of the merged policy: a heading, its clauses, its subsections."""

    id: str
    title: str
    level: int  # 1 = chapter
    clauses: tuple[MergedClause, ...] = ()
    children: tuple[MergedSection, ...] = ()
    sources: tuple[SourceRef, ...] = ()  # the source sections (heading blocks) it was built from

    def iter_all(self) -> Iterator[MergedSection]:
        yield self
        for child in self.children:
            yield from child.iter_all()


@dataclass(frozen=True)
class LedgerEntry:
    """The fate of one source block: the coverage ledger has one for every block of every source."""

    source: SourceRef
    text: str
    fate: Fate
    clause_id: str = ""  # the merged clause holding it (kept) or standing for it (merged)
    note: str = ""  # plain English: "duplicate of Email Policy 4.2", "excluded by the author"


@dataclass(frozen=True)
class SourceInfo:
    document_id: str
    title: str
    path: str
    kind: str = "other"  # "social-media", "internet", "email", "mobile-phone", "other"
    version: str = ""
    not_read: tuple[str, ...] = ()  # what its reader could not carry over, in plain English


@dataclass(frozen=True)
class OpenConflict:
    """A disagreement the author has not decided, for the committee to see in the export: the
    merged clauses that state it and, in plain English, what differs."""

    id: str
    reason: str
    clause_ids: tuple[str, ...]  # the merged clauses printed for each side, in order


@dataclass(frozen=True)
class ConsolidatedDocument:
    title: str
    sections: tuple[MergedSection, ...]
    ledger: tuple[LedgerEntry, ...]
    sources: tuple[SourceInfo, ...]
    conflicts_open: int = 0
    open_conflicts: tuple[OpenConflict, ...] = ()
    # Notes on clauses the author has not answered (a term defined two ways, similar wordings
    # merged): not conflicts, but marked with comments for the committee all the same.
    open_notes: tuple[OpenConflict, ...] = ()

    def clause_text(self, clause_id: str) -> str:
        """Returns the text of a merged clause ("" when the policy holds no such clause)."""
        for section in self.iter_sections():
            for clause in section.clauses:
                if clause.id == clause_id:
                    return clause.text
        return ""

    def iter_sections(self) -> Iterator[MergedSection]:
        for section in self.sections:
            yield from section.iter_all()
