"""Compare two documents, sections or block ranges: aligned rows, word spans, moves, navigation.

Pure algorithm layer (no Qt, no files): blocks are aligned first (unique equal blocks as anchors,
similar blocks paired in the gaps), then words are diffed inside each changed pair. Rendering is
the caller's job (side-by-side view, redline .docx, HTML report).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from consolidator.diffing.blocks import align, block_key, find_moves, gap_steps, pair_gap
from consolidator.diffing.results import (
    CellDiff,
    DiffCounts,
    DiffOptions,
    DiffRow,
    DocumentDiff,
    Granularity,
    Navigation,
    RowKind,
    Span,
    SpanOp,
    TableRowDiff,
    build_navigation,
    plural,
)
from consolidator.diffing.splits import find_groups, group_spans
from consolidator.diffing.tables import diff_table_rows
from consolidator.diffing.words import EXACT, TextOp, diff_text, normalise, spans_of, tokenize
from consolidator.model import Block, BlockKind, SourceDocument
from consolidator.progress import CancelCheck, Progress, check_cancel, report

__all__ = [
    "BlockPlan",
    "CellDiff",
    "DiffCounts",
    "DiffOptions",
    "DiffRow",
    "DocumentDiff",
    "Granularity",
    "Navigation",
    "RowKind",
    "Span",
    "SpanOp",
    "TableRowDiff",
    "Tally",
    "TextOp",
    "diff_blocks",
    "plural",
    "diff_documents",
    "diff_rows",
    "diff_text",
    "move_partner",
    "normalise",
    "plan_blocks",
    "section_flags",
    "tokenize",
]


def diff_documents(
    a: SourceDocument,
    b: SourceDocument,
    options: DiffOptions = EXACT,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> DocumentDiff:
    """Returns the comparison of document `a` (old, left) with document `b` (new, right)."""
    return diff_blocks(a.blocks, b.blocks, options, progress=progress, cancel=cancel,
                       left_title=a.name, right_title=b.name)


def diff_blocks(
    a_blocks: Sequence[Block],
    b_blocks: Sequence[Block],
    options: DiffOptions = EXACT,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    left_title: str = "",
    right_title: str = "",
) -> DocumentDiff:
    """Returns the comparison of two block sequences (two sections: use Section.all_blocks())."""
    plan = plan_blocks(a_blocks, b_blocks, options, progress=progress, cancel=cancel)
    rows, tally = diff_rows(plan, 0, len(plan.steps), progress=progress, cancel=cancel)
    report(progress, 1.0, "Compared")
    counts = plan.counts(tally, section_flags(rows))
    return DocumentDiff(tuple(rows), counts, build_navigation(rows), options, left_title,
                        right_title)


class BlockPlan:
    """The block-level alignment of two documents: one step per row of the comparison, in
    reading order ("equal" | "pair" | "del" | "ins" | "split" | "join", old index, new index),
    the moves, and the splits and joins.

    A split's steps are ("split", old, new) then ("split", -1, next new part) per further part;
    a join's are ("join", old, new) then ("join", next old part, -1). `groups` holds the
    (first, stop) step range of each, in order (group id = position + 1).

    The word-level work (diff_rows) is independent per step (per group for a split or join),
    so a range of steps can be diffed on its own (the command line splits a large comparison
    between two processes, never inside a move, a split or a join)."""

    def __init__(self, a_blocks: list[Block], b_blocks: list[Block], options: DiffOptions,
                 steps: list[tuple[str, int, int]], move_of_a: dict[int, tuple[int, int]],
                 move_of_b: dict[int, tuple[int, int]],
                 groups: list[tuple[int, int]] | None = None) -> None:
        self.a_blocks, self.b_blocks, self.options = a_blocks, b_blocks, options
        self.steps, self.move_of_a, self.move_of_b = steps, move_of_a, move_of_b
        self.groups = groups or []
        self._group_firsts = [first for first, _ in self.groups]

    def group_at(self, step: int) -> tuple[int, int, int] | None:
        """Returns (first step, stop step, group id) of the split or join holding `step`."""
        n = bisect_right(self._group_firsts, step) - 1
        if n >= 0 and step < self.groups[n][1]:
            return self.groups[n][0], self.groups[n][1], n + 1
        return None

    def group_spans(self) -> list[tuple[int, int]]:
        """Returns the (first, last) step of each split or join."""
        return [(first, stop - 1) for first, stop in self.groups]

    def __len__(self) -> int:
        return len(self.steps)

    def right_block(self, step: int) -> Block | None:
        """Returns the NEW block shown on the step's row (None on a deleted or moved-away row)."""
        kind, _, j = self.steps[step]
        return self.b_blocks[j] if j >= 0 else None

    def move_spans(self) -> list[tuple[int, int]]:
        """Returns the (first, last) step of each moved group, on either side."""
        first: dict[tuple[str, int], int] = {}
        last: dict[tuple[str, int], int] = {}
        for n, (kind, i, j) in enumerate(self.steps):
            moved = self.move_of_a.get(i) if kind == "del" else \
                self.move_of_b.get(j) if kind == "ins" else None
            if moved is not None:
                key = (kind, moved[1])
                first.setdefault(key, n)
                last[key] = n
        return [(first[key], last[key]) for key in first]

    def counts(self, tally: Tally, flags: Sequence[tuple[bool, bool]]) -> DiffCounts:
        """Returns the counts of the whole comparison from its rows' tally and section flags."""
        return DiffCounts(
            insertions=tally.insertions,
            deletions=tally.deletions,
            moves=len({m for _, m in self.move_of_a.values()}),
            changed_blocks=tally.changed_blocks,
            inserted_blocks=tally.inserted_blocks,
            deleted_blocks=tally.deleted_blocks,
            moved_blocks=tally.moved_blocks,
            changed_sections=changed_sections(flags),
            splits=tally.splits,
            joins=tally.joins,
            inserted_rows=tally.inserted_rows,
            deleted_rows=tally.deleted_rows,
        )


def plan_blocks(
    a_blocks: Sequence[Block],
    b_blocks: Sequence[Block],
    options: DiffOptions = EXACT,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> BlockPlan:
    """Returns the block-level alignment of `a_blocks` (old) with `b_blocks` (new), moves found."""
    a_blocks, b_blocks = list(a_blocks), list(b_blocks)
    report(progress, 0.0, "Aligning paragraphs")
    interned: dict[str, int] = {}
    texts_a = [block_key(x, options) for x in a_blocks]
    texts_b = [block_key(x, options) for x in b_blocks]
    keys_a = [interned.setdefault(t, len(interned)) for t in texts_a]
    keys_b = [interned.setdefault(t, len(interned)) for t in texts_b]
    opcodes = align(keys_a, keys_b, cancel)
    check_cancel(cancel)

    tables_a = [x.table is not None for x in a_blocks]
    tables_b = [x.table is not None for x in b_blocks]
    steps: list[tuple[str, int, int]] = []
    groups: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            steps.extend(("equal", i1 + k, j1 + k) for k in range(i2 - i1))
            continue
        check_cancel(cancel)
        pairs = pair_gap(texts_a[i1:i2], texts_b[j1:j2], tables_a[i1:i2], tables_b[j1:j2],
                         cancel)
        if len(pairs) == i2 - i1 == j2 - j1:  # every block edited in place: no split or join
            gap_steps(steps, texts_a, texts_b, tables_a, tables_b, i1, i2, j1, j2, pairs)
            continue
        i, j = i1, j1
        found = find_groups(texts_a[i1:i2], texts_b[j1:j2], tables_a[i1:i2], tables_b[j1:j2],
                            cancel)
        if not found:
            gap_steps(steps, texts_a, texts_b, tables_a, tables_b, i1, i2, j1, j2, pairs)
            continue
        for group in found:  # the blocks between splits and joins are paired anew
            gi, gj = i1 + group.i, j1 + group.j
            gap_steps(steps, texts_a, texts_b, tables_a, tables_b, i, gi, j, gj, cancel=cancel)
            first = len(steps)
            if group.split:
                steps.append(("split", gi, gj))
                steps.extend(("split", -1, gj + k) for k in range(1, group.count))
            else:
                steps.append(("join", gi, gj))
                steps.extend(("join", gi + k, -1) for k in range(1, group.count))
            groups.append((first, len(steps)))
            i, j = i1 + group.a_end, j1 + group.b_end
        gap_steps(steps, texts_a, texts_b, tables_a, tables_b, i, i2, j, j2, cancel=cancel)
    report(progress, 0.3, "Finding moved text")
    check_cancel(cancel)

    # paragraphs move only to paragraphs and tables only to tables (by their flattened text):
    # two searches, so that the tables (few, and rarely deleted) cost next to nothing
    deleted = [i for kind, i, _ in steps if kind == "del"]
    inserted = [j for kind, _, j in steps if kind == "ins"]
    moves = find_moves([(i, texts_a[i]) for i in deleted if not tables_a[i]],
                       [(j, texts_b[j]) for j in inserted if not tables_b[j]], cancel)
    deleted_tables = [(i, texts_a[i]) for i in deleted if tables_a[i]]
    inserted_tables = [(j, texts_b[j]) for j in inserted if tables_b[j]]
    if deleted_tables and inserted_tables:
        moves += find_moves(deleted_tables, inserted_tables, cancel)
    move_of_a, move_of_b = _group_moves(moves)
    return BlockPlan(a_blocks, b_blocks, options, steps, move_of_a, move_of_b, groups)


def diff_rows(plan: BlockPlan, start: int, stop: int, *, progress: Progress | None = None,
              cancel: CancelCheck | None = None) -> tuple[list[DiffRow], Tally]:
    """Returns the rows of steps [start, stop) of `plan`, words diffed, and their tally."""
    a_blocks, b_blocks, options = plan.a_blocks, plan.b_blocks, plan.options
    move_of_a, move_of_b = plan.move_of_a, plan.move_of_b
    report(progress, 0.4, "Comparing words")
    rows: list[DiffRow] = []
    tally = Tally()
    total = max(1, stop - start)
    group_rows: list[DiffRow] = []
    group_first = -1
    for n in range(start, stop):
        kind, i, j = plan.steps[n]
        if (n - start) % 500 == 0:
            check_cancel(cancel)
            report(progress, 0.4 + 0.6 * (n - start) / total, "Comparing words")
        if kind == "split" or kind == "join":
            first, end, group_id = plan.group_at(n)
            if first != group_first:  # counted in the range holding its first step
                group_first = first
                group_rows = _group_rows(plan, first, end, group_id,
                                         tally if first >= start else Tally())
            rows.append(group_rows[n - first])
        elif kind == "equal":
            rows.append(_equal_or_changed(a_blocks[i], b_blocks[j], options, tally))
        elif kind == "pair":
            rows.append(_changed(a_blocks[i], b_blocks[j], options, tally))
        elif kind == "del" and i in move_of_a:
            partner, move_id = move_of_a[i]
            ops = _block_ops(a_blocks[i], b_blocks[partner], options)
            spans, changes, _ = spans_of(ops, "a")
            tally.deletions += changes
            tally.moved_blocks += 1
            rows.append(DiffRow(RowKind.MOVED_FROM, a_blocks[i], None, left_spans=spans,
                                move_id=move_id, partner=b_blocks[partner]))
        elif kind == "ins" and j in move_of_b:
            partner, move_id = move_of_b[j]
            ops = _block_ops(a_blocks[partner], b_blocks[j], options)
            spans, changes, _ = spans_of(ops, "b")
            tally.insertions += changes
            rows.append(DiffRow(RowKind.MOVED_TO, None, b_blocks[j], right_spans=spans,
                                move_id=move_id, partner=a_blocks[partner]))
        elif kind == "del":
            tally.deletions += 1
            tally.deleted_blocks += 1
            rows.append(DiffRow(RowKind.DELETED, a_blocks[i], None,
                                left_spans=_whole(a_blocks[i], SpanOp.DELETE)))
        else:
            tally.insertions += 1
            tally.inserted_blocks += 1
            rows.append(DiffRow(RowKind.INSERTED, None, b_blocks[j],
                                right_spans=_whole(b_blocks[j], SpanOp.INSERT)))
    return rows, tally


def move_partner(diff: DocumentDiff, row_index: int) -> int | None:
    """Returns the row index of the other end of the move at `row_index`, or None."""
    row = diff.rows[row_index]
    if not row.move_id:
        return None
    for n, other in enumerate(diff.rows):
        if other.move_id == row.move_id and n != row_index and (
            other.left if row.kind is RowKind.MOVED_TO else other.right
        ) is row.partner:
            return n
    return None


class Tally:
    """Running counts of a range of rows (added up across ranges with `+`)."""

    FIELDS = ("insertions", "deletions", "changed_blocks", "inserted_blocks", "deleted_blocks",
              "moved_blocks", "splits", "joins", "inserted_rows", "deleted_rows")

    def __init__(self, *values: int) -> None:
        for name, value in zip(self.FIELDS, values or (0,) * len(self.FIELDS), strict=True):
            setattr(self, name, value)

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(x + y for x, y in zip(self.values(), other.values(), strict=True)))


def _group_moves(moves: list[tuple[int, int, float]]
                 ) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """Returns {old index: (new index, move id)} and {new index: (old index, move id)}.

    Blocks moved together (consecutive on both sides) share one move id, numbered from 1 in the
    old document's order.
    """
    move_of_a: dict[int, tuple[int, int]] = {}
    move_of_b: dict[int, tuple[int, int]] = {}
    move_id = 0
    prev: tuple[int, int] | None = None
    for i, j, _ in sorted(moves):
        if prev is None or not (i == prev[0] + 1 and j == prev[1] + 1):
            move_id += 1
        move_of_a[i] = (j, move_id)
        move_of_b[j] = (i, move_id)
        prev = (i, j)
    return move_of_a, move_of_b


def _group_rows(plan: BlockPlan, first: int, stop: int, group_id: int, tally: Tally
                ) -> list[DiffRow]:
    """Returns the rows of the split or join at steps [first, stop), and counts it."""
    steps = plan.steps[first:stop]
    split = steps[0][0] == "split"
    if split:
        whole = plan.a_blocks[steps[0][1]]
        parts = [plan.b_blocks[j] for _, _, j in steps]
    else:
        whole = plan.b_blocks[steps[0][2]]
        parts = [plan.a_blocks[i] for _, i, _ in steps]
    found = group_spans(whole, parts, plan.options, split)
    last = len(parts) - 1
    ends = [(len(part.display_text),) if n < last else () for n, part in enumerate(parts)]
    rows = []
    if split:
        tally.splits += 1
        tally.deletions += found.whole_changes
        tally.insertions += found.part_changes
        for n, part in enumerate(parts):
            rows.append(DiffRow(RowKind.SPLIT, whole if n == 0 else None, part,
                                left_spans=found.whole if n == 0 else (),
                                right_spans=found.parts[n], group=group_id,
                                left_breaks=found.breaks if n == 0 else (),
                                right_breaks=ends[n]))
    else:
        tally.joins += 1
        tally.insertions += found.whole_changes
        tally.deletions += found.part_changes
        for n, part in enumerate(parts):
            rows.append(DiffRow(RowKind.JOINED, part, whole if n == 0 else None,
                                left_spans=found.parts[n],
                                right_spans=found.whole if n == 0 else (), group=group_id,
                                left_breaks=ends[n],
                                right_breaks=found.breaks if n == 0 else ()))
    return rows


def _label_skip(block: Block, options: DiffOptions) -> int:
    if options.ignore_numbering and block.label and block.table is None:
        return len(block.display_text) - len(block.text)
    return 0


def _block_ops(a: Block, b: Block, options: DiffOptions) -> list[TextOp]:
    renumbered = a.text == b.text and a.label != b.label and a.label and b.label
    if renumbered and a.table is None and b.table is None and not options.ignore_numbering:
        ops = diff_text(a.label, b.label, options)
        la, lb = len(a.label), len(b.label)
        rest_a, rest_b = len(a.display_text) - la, len(b.display_text) - lb
        if ops and ops[-1].op is SpanOp.EQUAL:
            last = ops.pop()
            ops.append(TextOp(SpanOp.EQUAL, last.a_start, la + rest_a, last.b_start, lb + rest_b))
        elif rest_a or rest_b:
            ops.append(TextOp(SpanOp.EQUAL, la, la + rest_a, lb, lb + rest_b))
        return ops
    return diff_text(a.display_text, b.display_text, options, skip_a=_label_skip(a, options),
                     skip_b=_label_skip(b, options))


def _whole(block: Block, op: SpanOp) -> tuple[Span, ...]:
    n = len(block.display_text)
    return (Span(op, 0, n),) if n else ()


def _equal_or_changed(a: Block, b: Block, options: DiffOptions, tally: Tally) -> DiffRow:
    # equal keys: the same normalised text; the number label may still differ
    if options.ignore_numbering or a.label == b.label or a.table is not None:
        return DiffRow(RowKind.EQUAL, a, b, _whole(a, SpanOp.EQUAL), _whole(b, SpanOp.EQUAL))
    return _changed(a, b, options, tally)


def _changed(a: Block, b: Block, options: DiffOptions, tally: Tally) -> DiffRow:
    ops = _block_ops(a, b, options)
    left, deletions, right, insertions = _both_spans(ops)
    cells: tuple[CellDiff, ...] = ()
    table_rows: tuple[TableRowDiff, ...] = ()
    if a.table is not None and b.table is not None:
        if _same_shape(a, b):
            cells = _cell_diffs(a, b, options)
        else:  # rows added, removed or restructured: aligned row by row when rows are kept
            found = diff_table_rows(a.table, b.table, options, diff_blocks)
            if found is not None:
                cells, table_rows = found.cells, found.rows
                deletions, insertions = found.deletions, found.insertions  # by row and cell
                tally.inserted_rows += found.inserted_rows
                tally.deleted_rows += found.deleted_rows
    if not deletions and not insertions and not cells and not table_rows:
        return DiffRow(RowKind.EQUAL, a, b, left, right)
    tally.deletions += deletions
    tally.insertions += insertions
    tally.changed_blocks += 1
    return DiffRow(RowKind.CHANGED, a, b, left, right, cells=cells, ops=tuple(ops),
                   table_rows=table_rows)


def _both_spans(ops: list[TextOp]) -> tuple[tuple[Span, ...], int, tuple[Span, ...], int]:
    """Returns spans_of(ops, "a") and spans_of(ops, "b") without their span counts, in one
    pass: (left spans, deletions, right spans, insertions)."""
    left: list[Span] = []
    right: list[Span] = []
    for op, a_start, a_end, b_start, b_end in ops:
        if a_end > a_start:
            if left and left[-1].op is op:
                left[-1] = Span(op, left[-1].start, a_end)
            else:
                left.append(Span(op, a_start, a_end))
        if b_end > b_start:
            if right and right[-1].op is op:
                right[-1] = Span(op, right[-1].start, b_end)
            else:
                right.append(Span(op, b_start, b_end))
    equal = SpanOp.EQUAL
    return (tuple(left), sum(1 for s in left if s.op is not equal),
            tuple(right), sum(1 for s in right if s.op is not equal))


def _same_shape(a: Block, b: Block) -> bool:
    rows_a, rows_b = a.table.rows, b.table.rows
    return len(rows_a) == len(rows_b) and all(
        [c.col_span for c in ra] == [c.col_span for c in rb]
        for ra, rb in zip(rows_a, rows_b, strict=True)
    )


def _cell_diffs(a: Block, b: Block, options: DiffOptions) -> tuple[CellDiff, ...]:
    out = []
    for r, (ra, rb) in enumerate(zip(a.table.rows, b.table.rows, strict=True)):
        for c, (ca, cb) in enumerate(zip(ra, rb, strict=True)):
            inner = diff_blocks(ca.blocks, cb.blocks, options)
            if not inner.identical:
                out.append(CellDiff(r, c, inner.rows, old_row=r))
    return tuple(out)


def section_flags(rows: Sequence[DiffRow]) -> list[tuple[bool, bool]]:
    """Returns (opens a section, is a change) per row: what changed_sections() counts from."""
    out = []
    for row in rows:
        block = row.right if row.right is not None else row.left
        out.append((block is not None and block.kind is BlockKind.HEADING, row.is_change))
    return out


def changed_sections(flags: Sequence[tuple[bool, bool]]) -> int:
    """Returns how many sections (each opened by a heading on either side) hold a change."""
    section = 0
    changed: set[int] = set()
    for heading, change in flags:
        if heading:
            section += 1
        if change:
            changed.add(section)
    return len(changed)
