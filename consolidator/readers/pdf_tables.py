"""A tagged PDF's tables, rebuilt from where its tags put each cell.

Word and LibreOffice tag a table's cells (Table > TR > TD) when they print a PDF for
accessibility; each cell's text was read as a block of its own ("Storage devices", "N", ...),
so the table's rows were lost. Cells of one table become one table block, row by row.

A row's cells are its tags' cells in order when it has as many as the table's fullest rows;
a row with fewer (PDFium leaves out an empty cell, a cell merged with the one above has none)
places each cell under the column it starts at.

The tags of each page number their tables apart, so a table going on over a page break is
joined here: the next page's first table goes on the one before when its columns start where
that one's do. The rest of a row the page break cut ("Q&A tool during" / "presentations")
finishes the cells above it: its cells' tags say they go on from the page before, or, where a
PDF's tags do not, it has nothing in the first column (so a row of a table whose first column
is empty, starting a page, is taken for the rest of the row before: a known limit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from consolidator.model import Block, BlockKind, Cell, Table
from consolidator.readers.pdf_text import Line


@dataclass(frozen=True)
class Place:
    """Where a block sits in a tagged table, and its first and last lines."""

    page: int
    table: int
    row: int
    column: int
    first: Line
    last: Line

    @property
    def continued(self) -> bool:
        return self.first.continued


# Whether two lines join without a space: pdf_blocks.join_lines, given (line before, its text,
# the next line, its text).
Joiner = Callable[[Line, str, Line, str], bool]


@dataclass
class _Grid:
    """One table being rebuilt: its rows (each cell's blocks by column), where its columns
    start, the page it ends on, and whether its first row is the rest of a row cut by the page
    break before it."""

    rows: list[dict[int, list[tuple[Block, Place]]]]
    columns: list[float]
    page: int
    cut: bool

    @classmethod
    def of(cls, run: list[tuple[Block, Place]]) -> _Grid:
        by_row: dict[int, dict[int, list[tuple[Block, Place]]]] = {}
        for block, place in run:
            by_row.setdefault(place.row, {}).setdefault(place.column, []).append(
                (_in_cell(block), place))
        width = max(map(len, by_row.values()))
        full = [cells for cells in by_row.values() if len(cells) == width]
        columns = [min(_left(cells[c]) for cells in full) for c in sorted(full[0])]
        rows = [cells if len(cells) == width else _by_column(cells.values(), columns)
                for _, cells in sorted(by_row.items())]
        first = by_row[min(by_row)]
        cut = any(place.continued for blocks in first.values() for _, place in blocks) or (
            len(first) < width and 0 not in rows[0])  # (not every PDF's tags say so)
        return cls(rows, columns, run[-1][1].page, cut)

    def goes_on_with(self, after: _Grid) -> bool:
        """Returns True when `after` (on the next page) is more of this table."""
        return after.page == self.page + 1 and len(after.columns) <= len(self.columns) and all(
            min(abs(x - c) for c in self.columns) < 3 for x in after.columns)

    def join(self, after: _Grid, joiner: Joiner) -> None:
        """Appends `after`'s rows, its columns placed under this table's; the rest of a row the
        page break cut finishes the last row."""
        for n, cells in enumerate(after.rows):
            placed = _by_column(cells.values(), self.columns)
            if n == 0 and after.cut and self.rows:
                for column, blocks in placed.items():
                    self.rows[-1][column] = _joined(self.rows[-1].get(column, []), blocks,
                                                    joiner)
            else:
                self.rows.append(placed)
        self.page = after.page

    def block(self) -> Block:
        width = max(len(self.columns), 1 + max((c for row in self.rows for c in row), default=0))
        return Block("", BlockKind.TABLE, table=Table(tuple(
            tuple(Cell(tuple(b for b, _ in row.get(c, ())) or (_EMPTY,)) for c in range(width))
            for row in self.rows)))


def _by_column(cells, columns: list[float]) -> dict[int, list[tuple[Block, Place]]]:
    """Returns cells placed under the columns they start at; two under one column share it
    (no text is dropped)."""
    placed: dict[int, list[tuple[Block, Place]]] = {}
    for blocks in cells:
        placed.setdefault(_nearest(columns, _left(blocks)), []).extend(blocks)
    return placed


def _left(blocks: list[tuple[Block, Place]]) -> float:
    return min(place.first.x0 for _, place in blocks)


def _nearest(columns: list[float], x: float) -> int:
    return min(range(len(columns)), key=lambda c: abs(columns[c] - x))


def with_tables(blocks: Sequence[Block], places: Sequence[Place | None],
                joiner: Joiner) -> list[Block]:
    """Returns the blocks with each run of cells (`places[i]` is where block i sits, None
    outside a table) as one table block; `joiner` tells if a cell's text cut by a page break
    goes on without a space (a word split at the cell's edge)."""
    out: list[Block | _Grid] = []
    run: list[tuple[Block, Place]] = []
    for block, place in zip(blocks, places, strict=True):
        if run and (place is None or place.table != run[-1][1].table):
            _add(out, _Grid.of(run), joiner)
            run = []
        if place is None:
            out.append(block)
        else:
            run.append((block, place))
    if run:
        _add(out, _Grid.of(run), joiner)
    return [item.block() if isinstance(item, _Grid) else item for item in out]


def _add(out: list[Block | _Grid], grid: _Grid, joiner: Joiner) -> None:
    if out and isinstance(out[-1], _Grid) and out[-1].goes_on_with(grid):
        out[-1].join(grid, joiner)
    else:
        out.append(grid)


def _in_cell(block: Block) -> Block:
    """A bold header cell is no heading: its text, as a paragraph."""
    if block.kind is BlockKind.HEADING:
        return replace(block, kind=BlockKind.PARAGRAPH, level=0, label="")
    return block


def _joined(above: list[tuple[Block, Place]], below: list[tuple[Block, Place]],
            joiner: Joiner) -> list[tuple[Block, Place]]:
    """Returns a cell's blocks with the piece the page break cut off: a paragraph goes on,
    after a space unless the break split a word ("Videoconferenci" + "ng")."""
    if not above:
        return below
    (last, at), (first, next_at) = above[-1], below[0]
    if last.kind is BlockKind.TABLE or first.kind is not BlockKind.PARAGRAPH or not first.runs:
        return [*above, *below]
    space = "" if joiner(at.last, last.text, next_at.first, first.text) else " "
    runs = (replace(first.runs[0], text=space + first.runs[0].text), *first.runs[1:])
    return [*above[:-1], (replace(last, runs=(*last.runs, *runs)), replace(at, last=next_at.last)),
            *below[1:]]


_EMPTY = Block("", BlockKind.PARAGRAPH, ())
