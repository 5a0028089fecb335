"""What a comparison produces: options, rows for side-by-side rendering, counts, navigation."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from consolidator.model import Block, quick_init


def plural(count: int, word: str, many: str | None = None) -> str:
    """Returns "1 move", "3 moves" (`many` for an irregular plural)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


class Granularity(str, Enum):
    WORD = "word"
    CHARACTER = "character"


class RowKind(str, Enum):
    EQUAL = "equal"
    CHANGED = "changed"  # the same block, edited: word spans on both sides
    INSERTED = "inserted"  # only on the right
    DELETED = "deleted"  # only on the left
    MOVED_FROM = "moved-from"  # left end of a move: the block's old place (right is None)
    MOVED_TO = "moved-to"  # right end of a move: the block's new place (left is the old block)
    SPLIT = "split"  # one old paragraph became several consecutive new ones (one row per part)
    JOINED = "joined"  # several consecutive old paragraphs became one new one (one row per part)


class SpanOp(str, Enum):
    EQUAL = "equal"
    DELETE = "delete"  # left side only
    INSERT = "insert"  # right side only


@dataclass(frozen=True)
class DiffOptions:
    """What the comparison ignores, and whether changes are shown by word or by character."""

    ignore_case: bool = False
    ignore_whitespace: bool = False
    ignore_punctuation: bool = False
    ignore_numbering: bool = False  # list and heading labels ("2.1", "(a)")
    granularity: Granularity = Granularity.WORD

    @property
    def exact(self) -> bool:
        """Returns True when nothing is ignored: equal rows then have identical text."""
        return not (self.ignore_case or self.ignore_whitespace or self.ignore_punctuation
                    or self.ignore_numbering)


class Span(NamedTuple):
    """A stretch of a block's display text with its op; offsets are half-open.

    A named tuple, not a frozen dataclass: a 400-page comparison makes some 50,000 of them and
    a named tuple is made four times as fast."""

    op: SpanOp
    start: int
    end: int


@dataclass(frozen=True)
class CellDiff:
    """One changed table cell of a changed table: its own block rows.

    `row` is the cell's row in NEW's table, `old_row` the same row in OLD's (None when not
    given: the same as `row`). A table whose shape did not change gives old_row == row; one
    whose rows were aligned (see DiffRow.table_rows) gives the cells of its kept rows."""

    row: int
    col: int
    rows: tuple[DiffRow, ...]
    old_row: int | None = None


@dataclass(frozen=True)
class TableRowDiff:
    """One row of a changed table whose rows were aligned, in reading order: a row kept
    (EQUAL, or CHANGED with its changed cells in DiffRow.cells), INSERTED (NEW's row `new`;
    `old` is -1) or DELETED (OLD's row `old`; `new` is -1)."""

    kind: RowKind
    old: int
    new: int


@quick_init
@dataclass(frozen=True)
class DiffRow:
    """One line of the side-by-side view.

    `left_spans`/`right_spans` partition the left/right block's `display_text` (empty for a side
    that is None, and a single EQUAL span for equal rows). Both ends of a move carry the same
    `move_id` (1-based; 0 when not moved; blocks moved together share one id), and `partner` is
    the block at the other end (the new block on a moved-from row, the old one on a moved-to row);
    the spans of a moved end show the words edited on the way. `cells` is set for a changed table
    compared cell by cell. `table_rows` is set for a changed table whose shape changed (rows
    added, removed or restructured) but whose rows could be aligned: each row kept, inserted or
    deleted, in order; `cells` then holds the changed cells of the kept rows. The spans stay
    those of the whole table's text either way.

    A split or a join is a group of consecutive rows sharing `group` (1-based; 0 elsewhere), one
    row per part. SPLIT: the first row holds the old paragraph (left) and the first new part
    (right), each further row one further part (left None). JOINED: the mirror image (the first
    row holds the first old part and the new paragraph; further rows hold further old parts,
    right None). `left_breaks`/`right_breaks` are the offsets in that side's display_text where
    a paragraph break was added (split) or removed (join): inside the whole paragraph, and at the
    end of every part but the last. Spaces that only stand in for a break are EQUAL; word edits
    made on the way are DELETE/INSERT spans as usual.
    """

    kind: RowKind
    left: Block | None
    right: Block | None
    left_spans: tuple[Span, ...] = ()
    right_spans: tuple[Span, ...] = ()
    move_id: int = 0
    cells: tuple[CellDiff, ...] = ()
    partner: Block | None = None
    ops: tuple = ()  # changed rows: the edit script (TextOp) over both display texts, in order
    group: int = 0
    left_breaks: tuple[int, ...] = ()
    right_breaks: tuple[int, ...] = ()
    table_rows: tuple[TableRowDiff, ...] = ()

    @property
    def is_change(self) -> bool:
        return self.kind is not RowKind.EQUAL


@dataclass(frozen=True)
class DiffCounts:
    """How much changed. Insertions/deletions count stretches of words (a whole block is one)."""

    insertions: int = 0
    deletions: int = 0
    moves: int = 0  # moved groups of consecutive blocks (a moved section counts one)
    changed_blocks: int = 0  # rows of kind CHANGED
    inserted_blocks: int = 0
    deleted_blocks: int = 0
    moved_blocks: int = 0
    changed_sections: int = 0  # sections (by the heading above them) holding any change
    splits: int = 0  # paragraphs split in two or more (each counts one, whatever its parts)
    joins: int = 0  # runs of paragraphs joined into one
    inserted_rows: int = 0  # rows added to a table that is otherwise kept (each also an insertion)
    deleted_rows: int = 0  # rows removed from a table that is otherwise kept (... a deletion)

    @property
    def total(self) -> int:
        return self.insertions + self.deletions + self.moves + self.splits + self.joins


@dataclass(frozen=True)
class Navigation:
    """Precomputed change navigation (Meld-style): a change is a run of consecutive non-equal rows;
    the rows of a split or join are one change of their own (never merged with their neighbours).

    `starts[i]`/`ends[i]` are the half-open row range of change i.
    """

    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    @property
    def change_count(self) -> int:
        return len(self.starts)

    def rows_of(self, change: int) -> tuple[int, int]:
        """Returns the half-open row range of change `change`."""
        return self.starts[change], self.ends[change]

    def current(self, row: int) -> int | None:
        """Returns the index of the change holding `row`, or None when the row is equal."""
        i = bisect_right(self.starts, row) - 1
        if i >= 0 and row < self.ends[i]:
            return i
        return None

    def next(self, row: int) -> int | None:
        """Returns the index of the first change starting after `row`, or None at the end."""
        i = bisect_right(self.starts, row)
        return i if i < len(self.starts) else None

    def previous(self, row: int) -> int | None:
        """Returns the index of the last change ending before `row`'s change, or None."""
        current = self.current(row)
        limit = self.starts[current] if current is not None else row
        i = bisect_left(self.ends, limit + 1) - 1  # ends are exclusive: end <= limit
        return i if i >= 0 else None


@dataclass(frozen=True)
class DocumentDiff:
    """The comparison of two documents (or sections, or block ranges)."""

    rows: tuple[DiffRow, ...]
    counts: DiffCounts
    nav: Navigation
    options: DiffOptions = field(default_factory=DiffOptions)
    left_title: str = ""
    right_title: str = ""

    @property
    def change_count(self) -> int:
        return self.nav.change_count

    @property
    def identical(self) -> bool:
        return self.nav.change_count == 0


def build_navigation(rows: tuple[DiffRow, ...] | list[DiffRow]) -> Navigation:
    """Returns the navigation index over `rows`: each run of non-equal rows is one change, and
    each split or join (its rows) is one change of its own."""
    starts: list[int] = []
    ends: list[int] = []
    in_change = False
    group = 0
    for i, row in enumerate(rows):
        if in_change and (not row.is_change or row.group != group):
            ends.append(i)
            in_change = False
        if row.is_change and not in_change:
            starts.append(i)
            in_change = True
            group = row.group
    if in_change:
        ends.append(len(rows))
    return Navigation(tuple(starts), tuple(ends))
