"""The comparison engine on tiny documents built in the test: alignment, words, moves, nav."""

from __future__ import annotations

import random
import time

import pytest

from consolidator.diffing import (
    DiffOptions,
    Granularity,
    RowKind,
    Span,
    SpanOp,
    diff_blocks,
    diff_documents,
    diff_text,
    move_partner,
)
from consolidator.diffing.blocks import align
from consolidator.errors import Cancelled
from consolidator.model import Block, BlockKind, Cell, Run, SourceDocument, Table, finish_blocks


def para(text: str, label: str = "", kind: BlockKind = BlockKind.PARAGRAPH, level: int = 0):
    return Block(id="", kind=kind, runs=(Run(text),), label=label, level=level)


def heading(text: str, label: str = "", level: int = 1):
    return para(text, label, BlockKind.HEADING, level)


def table(*rows: tuple[str, ...]) -> Block:
    return Block(id="", kind=BlockKind.TABLE, table=Table(tuple(
        tuple(Cell((para(t),)) for t in row) for row in rows)))


def doc(*blocks: Block, name: str = "d.docx") -> SourceDocument:
    return SourceDocument(id=name, path=name, format="docx", title=name,
                          blocks=finish_blocks(name, list(blocks)))


def kinds(diff) -> list[str]:
    return [row.kind.value for row in diff.rows]


def side_text(row, side: str, op: SpanOp) -> list[str]:
    block = row.left if side == "left" else row.right
    spans = row.left_spans if side == "left" else row.right_spans
    return [block.display_text[s.start:s.end] for s in spans if s.op is op]


def test_identical_documents_have_no_changes():
    a = doc(heading("Purpose"), para("Staff must use email responsibly."))
    diff = diff_documents(a, a)
    assert kinds(diff) == ["equal", "equal"]
    assert diff.identical and diff.counts.total == 0 and diff.nav.change_count == 0


def test_edited_paragraph_is_changed_with_word_spans():
    a = doc(para("Intro."), para("Staff must not use email for personal business."), para("End."))
    b = doc(para("Intro."), para("Staff must never use email for private business."), para("End."))
    diff = diff_documents(a, b)
    assert kinds(diff) == ["equal", "changed", "equal"]
    row = diff.rows[1]
    assert side_text(row, "left", SpanOp.DELETE) == ["not", "personal"]
    assert side_text(row, "right", SpanOp.INSERT) == ["never", "private"]
    assert diff.counts.insertions == 2 and diff.counts.deletions == 2
    assert diff.counts.changed_blocks == 1


def test_spans_partition_display_text_half_open():
    a = doc(para("one two three", label="1."))
    b = doc(para("one 2 three four", label="1."))
    row = diff_documents(a, b).rows[0]
    for block, spans in ((row.left, row.left_spans), (row.right, row.right_spans)):
        assert spans[0].start == 0 and spans[-1].end == len(block.display_text)
        assert all(x.end == y.start for x, y in zip(spans, spans[1:], strict=False))
    end = len("1. one 2 three")
    assert row.right_spans[-1] == Span(SpanOp.INSERT, end, end + len(" four"))


def test_inserted_and_deleted_paragraphs():
    a = doc(para("Alpha clause stays."), para("Beta clause goes away entirely."),
            para("Gamma clause stays."))
    b = doc(para("Alpha clause stays."), para("Gamma clause stays."),
            para("Delta: a brand new requirement on mobile phones."))
    diff = diff_documents(a, b)
    assert kinds(diff) == ["equal", "deleted", "equal", "inserted"]
    assert diff.counts.inserted_blocks == 1 and diff.counts.deleted_blocks == 1


def test_unrelated_replacement_is_delete_plus_insert_not_changed():
    a = doc(para("Keep."), para("Monitoring of internet use is carried out by IT."), para("End."))
    b = doc(para("Keep."), para("Zebras graze quietly at dawn."), para("End."))
    assert kinds(diff_documents(a, b)) == ["equal", "deleted", "inserted", "equal"]


def test_moved_section_with_inner_edit_is_one_move():
    s1 = [heading("Scope"), para("This policy applies to all staff and councillors.")]
    s2 = [heading("Monitoring"), para("The council monitors internet use for security reasons."),
          para("Records are kept for twelve months and then destroyed.")]
    s3 = [heading("Breaches"), para("Breaches may lead to disciplinary action being taken.")]
    moved = [s2[0], para("The council monitors internet and email use for security reasons."),
             s2[2]]
    a = doc(*s1, *s2, *s3)
    b = doc(*s1, *s3, *moved)
    diff = diff_documents(a, b)
    assert kinds(diff) == ["equal", "equal", "moved-from", "moved-from", "moved-from", "equal",
                           "equal", "moved-to", "moved-to", "moved-to"]
    assert diff.counts.moves == 1 and diff.counts.moved_blocks == 3
    assert {row.move_id for row in diff.rows if row.move_id} == {1}
    assert side_text(diff.rows[8], "right", SpanOp.INSERT) == ["and email "]
    assert diff.rows[8].partner is diff.rows[3].left
    assert move_partner(diff, 2) == 7 and move_partner(diff, 8) == 3


def test_renumbered_clause_is_changed_unless_numbering_ignored():
    a = doc(para("Use strong passwords.", label="2.1", kind=BlockKind.LIST_ITEM))
    b = doc(para("Use strong passwords.", label="2.2", kind=BlockKind.LIST_ITEM))
    diff = diff_documents(a, b)
    assert kinds(diff) == ["changed"]
    assert side_text(diff.rows[0], "right", SpanOp.INSERT) == ["2"]
    assert side_text(diff.rows[0], "left", SpanOp.DELETE) == ["1"]
    assert side_text(diff.rows[0], "left", SpanOp.EQUAL) == \
        side_text(diff.rows[0], "right", SpanOp.EQUAL) == ["2.", " Use strong passwords."]
    assert kinds(diff_documents(a, b, DiffOptions(ignore_numbering=True))) == ["equal"]


@pytest.mark.parametrize(("old", "new", "options"), [
    ("Email Policy", "EMAIL policy", DiffOptions(ignore_case=True)),
    ("Staff  must   comply", "Staff must comply", DiffOptions(ignore_whitespace=True)),
    ("Staff must comply.", "Staff must comply", DiffOptions(ignore_punctuation=True)),
])
def test_ignore_options_make_rows_equal(old, new, options):
    a, b = doc(para(old)), doc(para(new))
    assert kinds(diff_documents(a, b)) == ["changed"]
    assert kinds(diff_documents(a, b, options)) == ["equal"]


def test_ignored_tokens_inside_a_changed_paragraph_are_not_highlighted():
    ops = diff_text("Use EMAIL wisely, always", "use email wisely always and well",
                    DiffOptions(ignore_case=True, ignore_punctuation=True))
    changed = [(op.op, "use email wisely always and well"[op.b_start:op.b_end])
               for op in ops if op.op is not SpanOp.EQUAL]
    assert changed == [(SpanOp.INSERT, " and well")]


def test_character_granularity():
    ops = diff_text("colour", "color", DiffOptions(granularity=Granularity.CHARACTER))
    assert [(op.op, op.a_start, op.a_end) for op in ops if op.op is SpanOp.DELETE] == \
        [(SpanOp.DELETE, 4, 5)]


def test_diff_text_ops_rebuild_both_texts_exactly():
    rng = random.Random(7)
    words = "the council staff must not use email internet phone data 24 hours , .".split()
    for _ in range(200):
        a = " ".join(rng.choice(words) for _ in range(rng.randint(0, 15)))
        b = " ".join(rng.choice(words) for _ in range(rng.randint(0, 15)))
        ops = diff_text(a, b)
        assert "".join(a[o.a_start:o.a_end] for o in ops if o.op is not SpanOp.INSERT) == a
        assert "".join(b[o.b_start:o.b_end] for o in ops if o.op is not SpanOp.DELETE) == b
        for o in ops:
            if o.op is SpanOp.EQUAL:
                assert a[o.a_start:o.a_end] == b[o.b_start:o.b_end]


def test_table_with_same_shape_is_compared_cell_by_cell():
    a = doc(table(("Device", "Allowed"), ("Phone", "Yes"), ("Tablet", "No")))
    b = doc(table(("Device", "Allowed"), ("Phone", "Yes"), ("Tablet", "With approval")))
    row = diff_documents(a, b).rows[0]
    assert row.kind is RowKind.CHANGED
    assert [(c.row, c.col) for c in row.cells] == [(2, 1)]
    inner = row.cells[0].rows
    assert [r.kind for r in inner] == [RowKind.DELETED, RowKind.INSERTED]
    assert inner[1].right.text == "With approval"


def test_table_with_new_row_is_changed_as_text():
    a = doc(table(("Device", "Allowed"), ("Phone", "Yes")))
    b = doc(table(("Device", "Allowed"), ("Phone", "Yes"), ("Laptop", "Yes")))
    row = diff_documents(a, b).rows[0]
    assert row.kind is RowKind.CHANGED and row.cells == ()
    assert "".join(side_text(row, "right", SpanOp.INSERT)).split() == ["Laptop", "Yes"]


def test_navigation_is_precomputed_over_runs_of_changes():
    blocks_a = [para(f"Clause number {n} says something distinct.") for n in range(10)]
    blocks_b = list(blocks_a)
    blocks_b[2] = para("Clause number 2 says something else entirely distinct.")
    blocks_b[3] = para("Clause number 3 says nothing.")
    blocks_b[7] = para("Clause number 7 says something quite distinct.")
    diff = diff_blocks(blocks_a, blocks_b)
    nav = diff.nav
    assert nav.change_count == 2
    assert nav.rows_of(0) == (2, 4) and nav.rows_of(1) == (7, 8)
    assert nav.current(0) is None and nav.next(0) == 0 and nav.previous(0) is None
    assert nav.current(3) == 0 and nav.next(3) == 1 and nav.previous(3) is None
    assert nav.current(5) is None and nav.next(5) == 1 and nav.previous(5) == 0
    assert nav.current(7) == 1 and nav.next(7) is None and nav.previous(7) == 0
    assert nav.previous(9) == 1


def test_changed_sections_counts_sections_holding_changes():
    a = doc(heading("One"), para("Same text here."), heading("Two"), para("Old wording here."),
            heading("Three"), para("Same again."))
    b = doc(heading("One"), para("Same text here."), heading("Two"), para("New wording here."),
            heading("Three"), para("Same again."), para("Brand new closing paragraph added."))
    assert diff_documents(a, b).counts.changed_sections == 2


def test_align_anchors_on_unique_blocks_and_handles_duplicates():
    a = [1, 2, 0, 0, 3, 4, 5]
    b = [1, 0, 2, 0, 3, 5, 4]
    ops = align(a, b)
    covered_a = sum(i2 - i1 for _, i1, i2, _, _ in ops)
    covered_b = sum(j2 - j1 for _, _, _, j1, j2 in ops)
    assert covered_a == len(a) and covered_b == len(b)
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]


def test_cancel_raises():
    a = doc(para("x y z"))
    with pytest.raises(Cancelled):
        diff_documents(a, a, cancel=lambda: True)


def test_progress_reaches_one():
    seen = []
    a = doc(para("x y z"))
    diff_documents(a, doc(para("x y q")), progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0


def test_large_mostly_equal_documents_align_quickly():
    rng = random.Random(3)
    vocab = [f"w{n}" for n in range(400)]
    blocks_a = [para(" ".join(rng.choice(vocab) for _ in range(40))) for _ in range(8000)]
    blocks_b = list(blocks_a)
    for k in rng.sample(range(8000), 200):
        words = blocks_b[k].text.split()
        words[rng.randrange(len(words))] = "edited"
        blocks_b[k] = para(" ".join(words))
    start = time.perf_counter()
    diff = diff_blocks(blocks_a, blocks_b)
    elapsed = time.perf_counter() - start
    assert diff.counts.changed_blocks == 200
    assert elapsed < 3.0  # generous on a shared 2-core machine; ~0.2 s expected
