"""Tables whose shape changed (a row added to a version history, a row removed): rows aligned.

Only paired tables whose rows differ in number or cell structure come here (tables of the same
shape are compared cell by cell by position, and equal tables not at all): rows of equal text
anchor the alignment, similar rows pair up in the gaps between them (the same alignment as the
document's blocks), and each kept row is compared cell by cell. A pair of rows whose cell
structure differs (cells or column spans) cannot be compared cell by cell: it becomes a deleted
row and an inserted one. A table with no row kept is no longer aligned (None: the caller shows
the old table replaced by the new one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from consolidator.diffing.blocks import align, gap_steps
from consolidator.diffing.results import CellDiff, DiffOptions, DocumentDiff, RowKind, TableRowDiff
from consolidator.diffing.words import normalise
from consolidator.model import Cell, Table

__all__ = ["TableDiff", "diff_table_rows", "row_key"]


@dataclass(frozen=True)
class TableDiff:
    """The rows of a changed table aligned: kept, inserted or deleted, in reading order; the
    changed cells of the kept rows; and the counts (an inserted or deleted row is one insertion
    or deletion, plus the word changes inside the kept rows' cells)."""

    rows: tuple[TableRowDiff, ...]
    cells: tuple[CellDiff, ...]
    insertions: int
    deletions: int
    inserted_rows: int
    deleted_rows: int


def row_key(row: tuple[Cell, ...], options: DiffOptions) -> str:
    """Returns the text a table row is aligned by: its cells' text, normalised, tab separated."""
    return "\t".join(normalise("\n".join(b.text for b in cell.blocks), options) for cell in row)


def _structure(row: tuple[Cell, ...]) -> list[int]:
    return [cell.col_span for cell in row]


def diff_table_rows(a: Table, b: Table, options: DiffOptions,
                    diff_cells: Callable[..., DocumentDiff]) -> TableDiff | None:
    """Returns OLD table `a`'s rows aligned with NEW table `b`'s, or None when no row is kept.

    `diff_cells(blocks_a, blocks_b, options)` compares the blocks of two cells (the package's
    diff_blocks: a cell holds paragraphs, lists and tables of its own)."""
    texts_a = [row_key(row, options) for row in a.rows]
    texts_b = [row_key(row, options) for row in b.rows]
    interned: dict[str, int] = {}
    keys_a = [interned.setdefault(t, len(interned)) for t in texts_a]
    keys_b = [interned.setdefault(t, len(interned)) for t in texts_b]
    steps: list[tuple[str, int, int]] = []  # ("pair" | "del" | "ins", old row, new row)
    no_tables = [False] * max(len(texts_a), len(texts_b))
    for tag, i1, i2, j1, j2 in align(keys_a, keys_b):
        if tag == "equal":
            steps.extend(("pair", i1 + k, j1 + k) for k in range(i2 - i1))
        else:
            gap_steps(steps, texts_a, texts_b, no_tables, no_tables, i1, i2, j1, j2)

    rows: list[TableRowDiff] = []
    cells: list[CellDiff] = []
    insertions = deletions = inserted_rows = deleted_rows = 0
    kept = 0
    for kind, i, j in steps:
        if kind == "pair" and _structure(a.rows[i]) != _structure(b.rows[j]):
            rows.append(TableRowDiff(RowKind.DELETED, i, -1))
            rows.append(TableRowDiff(RowKind.INSERTED, -1, j))
            deleted_rows += 1
            inserted_rows += 1
        elif kind == "pair":
            kept += 1
            changed = False
            for col, (ca, cb) in enumerate(zip(a.rows[i], b.rows[j], strict=True)):
                if [x.display_text for x in ca.blocks] == [x.display_text for x in cb.blocks]:
                    continue
                inner = diff_cells(ca.blocks, cb.blocks, options)
                if not inner.identical:
                    cells.append(CellDiff(j, col, inner.rows, old_row=i))
                    insertions += inner.counts.insertions
                    deletions += inner.counts.deletions
                    changed = True
            rows.append(TableRowDiff(RowKind.CHANGED if changed else RowKind.EQUAL, i, j))
        elif kind == "del":
            rows.append(TableRowDiff(RowKind.DELETED, i, -1))
            deleted_rows += 1
        else:
            rows.append(TableRowDiff(RowKind.INSERTED, -1, j))
            inserted_rows += 1
    if not kept:
        return None
    return TableDiff(tuple(rows), tuple(cells), insertions + inserted_rows,
                     deletions + deleted_rows, inserted_rows, deleted_rows)
