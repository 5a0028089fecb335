"""What the Compare view shows, from a DocumentDiff: row texts, move partners, change labels.

`build_presentation` is plain Python (no Qt) so it runs on the worker beside the diff; the Qt
adapter below it (ChangeListModel) only translates that data for the change list.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPixmap

from consolidator.diffing import DiffRow, DocumentDiff, RowKind, Span, plural
from consolidator.model import Block, BlockKind, SourceDocument

LINE_SEPARATOR = "\u2028"  # a line break inside one row's text (table cells), one character long
PILCROW = "\u00b6"  # shown where a split added a paragraph break, or a join removed one


class ChangeKind(str, Enum):  # noqa: UP042 - same style as consolidator.model
    """What a change (a run of non-equal rows) is, as the change list names it."""

    CHANGED = "Changed"
    INSERTED = "Inserted"
    DELETED = "Deleted"
    MOVED = "Moved"
    CHANGED_MOVED = "Changed and moved"
    SPLIT = "Paragraph split"
    JOINED = "Paragraphs joined"


@dataclass(frozen=True)
class SideText:
    """One side of one row: the text as shown, its spans, and how to lay it out."""

    text: str
    spans: tuple[Span, ...]
    heading_level: int = 0  # 1-9 for headings, 0 otherwise
    indent: int = 0  # list level + 1 for list items, 0 otherwise
    marks: tuple[int, ...] = ()  # offsets in `text` of the PILCROWs marking paragraph breaks


@dataclass(frozen=True)
class RowPresentation:
    """One aligned row: both sides (None = the side has nothing here), move partner, section."""

    kind: RowKind
    left: SideText | None
    right: SideText | None
    section: str  # the heading above the row ("2.1 Personal use"), or "" before any heading
    partner_row: int = -1  # the other end of a move
    partner_section: str = ""  # the heading above the other end of a move
    note: str = ""  # said on the side that has nothing (a further part of a split or join)


@dataclass(frozen=True)
class ChangeEntry:
    """One change of the change list."""

    kind: ChangeKind
    first_row: int
    end_row: int
    section: str
    snippet: str

    @property
    def label(self) -> str:
        return f"{self.kind.value}: {self.section or 'Opening text'}"


MAX_INDENT = 8  # indent steps a pane shows; deeper list items are drawn at this one

# (indent steps, is a heading, length of each line break-separated part) of one side
SideShape = tuple[int, bool, tuple[int, ...]]
# both sides' shapes (None: nothing on that side) and 1 when a move partner line is added
RowShape = tuple[tuple["SideShape | None", "SideShape | None"], int]


def _side_shape(side_text: SideText | None) -> SideShape | None:
    if side_text is None:
        return None
    return (min(side_text.indent, MAX_INDENT), bool(side_text.heading_level),
            tuple(map(len, side_text.text.split("\u2028"))))


def row_shape(row: RowPresentation) -> RowShape:
    """Returns what a row's estimated height depends on, apart from the panes' widths."""
    return (_side_shape(row.left), _side_shape(row.right)), 1 if row.partner_row >= 0 else 0


@dataclass(frozen=True)
class ComparePresentation:
    diff: DocumentDiff
    rows: tuple[RowPresentation, ...]
    changes: tuple[ChangeEntry, ...]
    shapes: tuple[RowShape, ...] = ()  # each row's row_shape(), worked out off the UI thread

    def row_count(self) -> int:
        return len(self.rows)


def side_text(block: Block | None, spans: tuple[Span, ...],
              breaks: tuple[int, ...] = ()) -> SideText | None:
    """Returns the side as shown; a table shows one line per table row, cells split by " │ ".

    A PILCROW is put in at each of `breaks` (offsets in the block's display_text where a split
    added a paragraph break or a join removed one); the spans move along."""
    if block is None:
        return None
    heading = block.level if block.kind is BlockKind.HEADING else 0
    indent = block.level + 1 if block.kind is BlockKind.LIST_ITEM else 0
    if block.table is not None:
        shown = _table_text(block)
        if shown is not None:
            text, position = shown
            spans = tuple(Span(s.op, position[s.start], position[s.end]) for s in spans
                          if s.end <= len(position) - 1)
            return SideText(text, spans, 0, 0)
    text = block.display_text.replace("\n", LINE_SEPARATOR)
    if not breaks:
        return SideText(text, spans, max(0, heading), indent)
    at = sorted(b for b in breaks if 0 <= b <= len(text))
    pieces, marks, pos = [], [], 0
    for n, offset in enumerate(at):
        pieces.append(text[pos:offset])
        marks.append(offset + n)
        pieces.append(PILCROW)
        pos = offset
    pieces.append(text[pos:])

    def shifted(offset: int, end: bool) -> int:  # a mark at a span's edge stays outside it
        return offset + sum(1 for b in at if b < offset or b == offset and not end)

    spans = tuple(Span(s.op, shifted(s.start, False), shifted(s.end, True)) for s in spans)
    return SideText("".join(pieces), spans, max(0, heading), indent, tuple(marks))


def _table_text(block: Block) -> tuple[str, list[int]] | None:
    """Returns the table's text as shown and, for each offset of its display_text, the shown one.

    Cells of a table row are joined by " │ ", rows by a line separator, paragraphs inside a
    cell by a space. None when the table's text does not match its cells (then shown plainly).
    """
    original = block.display_text
    pieces: list[str] = []
    position: list[int] = []
    shown = 0
    table = block.table
    assert table is not None
    cells = [(r, cell) for r, row in enumerate(table.rows) for cell in row]
    for n, (r, cell) in enumerate(cells):
        text = cell.text.replace("\n", " ")
        position.extend(range(shown, shown + len(text)))
        pieces.append(text)
        shown += len(text)
        if n + 1 < len(cells):
            separator = " │ " if cells[n + 1][0] == r else LINE_SEPARATOR
            position.append(shown)
            pieces.append(separator)
            shown += len(separator)
    position.append(shown)
    if len(position) != len(original) + 1:
        return None
    return "".join(pieces), position


def heading_title(block: Block) -> str:
    return " ".join(block.display_text.split())[:80]


def build_presentation(diff: DocumentDiff) -> ComparePresentation:
    """Returns the rows and change list of `diff`: one pass, plus one for move partners."""
    rows = diff.rows
    sections: list[str] = []
    section = ""
    for row in rows:
        block = row.right if row.right is not None else row.left
        if block is not None and block.kind is BlockKind.HEADING:
            section = heading_title(block)
        sections.append(section)
    partners = _move_partners(rows)
    presented = []
    for n, row in enumerate(rows):
        partner = partners.get(n, -1)
        left_block = row.left if row.kind is not RowKind.MOVED_TO else None
        presented.append(RowPresentation(
            kind=row.kind,
            left=side_text(left_block, row.left_spans, row.left_breaks),
            right=side_text(row.right, row.right_spans, row.right_breaks),
            section=sections[n],
            partner_row=partner,
            partner_section=sections[partner] if partner >= 0 else "",
            note=_group_note(row),
        ))
    changes = []
    for i in range(diff.nav.change_count):
        start, end = diff.nav.rows_of(i)
        kinds = {rows[r].kind for r in range(start, end)}
        first = rows[start]
        block = first.right if first.right is not None else first.left
        snippet = " ".join(block.display_text.split())[:120] if block is not None else ""
        changes.append(ChangeEntry(_change_kind(kinds), start, end, sections[start], snippet))
    return ComparePresentation(diff, tuple(presented), tuple(changes),
                               tuple(map(row_shape, presented)))


def _group_note(row: DiffRow) -> str:
    """Returns what the empty side of a further part of a split or join says."""
    if row.kind is RowKind.SPLIT and row.left is None:
        return f"{PILCROW} Split from the paragraph above"
    if row.kind is RowKind.JOINED and row.right is None:
        return f"{PILCROW} Joined into the paragraph above"
    return ""


def _change_kind(kinds: set[RowKind]) -> ChangeKind:
    if kinds == {RowKind.SPLIT}:
        return ChangeKind.SPLIT
    if kinds == {RowKind.JOINED}:
        return ChangeKind.JOINED
    moved = {RowKind.MOVED_FROM, RowKind.MOVED_TO}
    if kinds <= moved:
        return ChangeKind.MOVED
    if kinds & moved:
        return ChangeKind.CHANGED_MOVED
    if kinds == {RowKind.INSERTED}:
        return ChangeKind.INSERTED
    if kinds == {RowKind.DELETED}:
        return ChangeKind.DELETED
    return ChangeKind.CHANGED


def _move_partners(rows: tuple[DiffRow, ...]) -> dict[int, int]:
    """Returns {row: partner row} for both ends of every move (linear, by block identity)."""
    old_end = {id(r.left): n for n, r in enumerate(rows) if r.kind is RowKind.MOVED_FROM}
    new_end = {id(r.right): n for n, r in enumerate(rows) if r.kind is RowKind.MOVED_TO}
    out: dict[int, int] = {}
    for n, row in enumerate(rows):
        if row.kind is RowKind.MOVED_FROM and id(row.partner) in new_end:
            out[n] = new_end[id(row.partner)]
        elif row.kind is RowKind.MOVED_TO and id(row.partner) in old_end:
            out[n] = old_end[id(row.partner)]
    return out


def version_of(document: SourceDocument) -> str:
    """Returns the version the document's properties give ("2.1"), or ""."""
    for key, value in document.properties:
        if key in ("keywords", "version"):
            for part in value.replace(",", ";").split(";"):
                words = part.strip().split()
                if len(words) == 2 and words[0].lower() == "version":
                    return words[1]
                if key == "version" and len(words) == 1:
                    return words[0]
    return ""


def summary_text(diff: DocumentDiff, left_name: str, right_name: str) -> str:
    """Returns the header line: "A (v2.1) → B: 14 changes — 5 insertions, 4 deletions, ..."."""
    counts = diff.counts
    head = f"{left_name} \u2192 {right_name}"
    if diff.identical:
        ignoring = ignored_text(diff)
        return f"{head}: no differences{f' ({ignoring})' if ignoring else ''}"
    parts = [plural(n, word) for n, word in ((counts.inserted_blocks, "insertion"),
                                             (counts.deleted_blocks, "deletion"),
                                             (counts.moves, "move"),
                                             (counts.changed_blocks, "changed paragraph"),
                                             (counts.splits, "paragraph split"),
                                             (counts.joins, "paragraph join")) if n]
    line = f"{head}: {plural(diff.change_count, 'change')} \u2014 {', '.join(parts)}"
    # paragraphs the two have in common, as they are or edited (a version reworded throughout
    # is all CHANGED rows): unrelated policies have next to none
    paired = len(diff.rows) - counts.inserted_blocks - counts.deleted_blocks
    if len(diff.rows) >= 20 and paired < 0.1 * len(diff.rows):
        line += (" \u2014 these share almost no text: Compare shows two versions of a policy; "
                 "to combine different policies, use Consolidate")
    return line


def ignored_text(diff: DocumentDiff) -> str:
    options = diff.options
    ignored = [name for name, on in (("case", options.ignore_case),
                                     ("white space", options.ignore_whitespace),
                                     ("punctuation", options.ignore_punctuation),
                                     ("numbering", options.ignore_numbering)) if on]
    return f"ignoring {', '.join(ignored)}" if ignored else ""


# --- the change list ---------------------------------------------------------------------------

ChangeRole = Qt.ItemDataRole.UserRole + 1  # the ChangeEntry
RowRole = Qt.ItemDataRole.UserRole + 2  # its first row


class ChangeListModel(QAbstractListModel):
    """Adapter: one item per change of the shown comparison ("Moved: 5 Monitoring")."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._changes: tuple[ChangeEntry, ...] = ()
        self._icons: dict[ChangeKind, QPixmap] = {}

    def set_changes(self, changes: tuple[ChangeEntry, ...], colours: dict[ChangeKind, QColor],
                    size: int) -> None:
        self.beginResetModel()
        self._changes = changes
        self._icons = {}
        for kind, colour in colours.items():
            pixmap = QPixmap(size, size)
            pixmap.fill(colour)
            self._icons[kind] = pixmap
        self.endResetModel()

    def change(self, number: int) -> ChangeEntry:
        return self._changes[number]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._changes)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._changes):
            return None
        change = self._changes[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return change.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{change.label}\n{change.snippet}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(change.kind)
        if role == ChangeRole:
            return change
        if role == RowRole:
            return change.first_row
        return None
