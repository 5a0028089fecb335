"""The comparison engine on tiny documents built in the test: alignment, words, moves, nav."""

from __future__ import annotations

import random

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


RETENTION = (("Type of email", "Retention period"), ("Staff mailboxes", "2 years from sending"),
             ("Shared mailboxes", "3 years from sending"))
ROLES = (("Role", "Responsibilities"), ("All staff", "Use email in line with this policy"),
         ("Managers", "Make sure their teams know this policy"))


def test_table_moved_below_a_paragraph_is_one_move_of_one_block():
    intro, p1, p2 = (para("Purpose of the policy and who it is for."),
                     para("Staff must keep council email for council business."),
                     para("Records are kept for twelve months and then destroyed."))
    a = doc(intro, table(*ROLES), p1, p2)
    b = doc(intro, p1, p2, table(*ROLES))
    diff = diff_documents(a, b)
    assert kinds(diff) == ["equal", "moved-from", "equal", "equal", "moved-to"]
    c = diff.counts
    assert (c.moves, c.moved_blocks, c.inserted_blocks, c.deleted_blocks) == (1, 1, 0, 0)
    assert (c.insertions, c.deletions) == (0, 0)
    assert [row.move_id for row in diff.rows] == [0, 1, 0, 0, 1]
    assert diff.rows[1].partner is diff.rows[4].right
    assert diff.rows[4].partner is diff.rows[1].left
    assert move_partner(diff, 1) == 4 and move_partner(diff, 4) == 1
    assert side_text(diff.rows[4], "right", SpanOp.INSERT) == []


def test_moved_table_with_a_cell_edited_is_still_a_move_with_its_edit():
    intro, p1, p2 = (para("Purpose of the policy and who it is for."),
                     para("Staff must keep council email for council business."),
                     para("Records are kept for twelve months and then destroyed."))
    edited = (RETENTION[0], ("Staff mailboxes", "3 years from sending"), RETENTION[2])
    a = doc(intro, p1, table(*RETENTION), p2)
    b = doc(table(*edited), intro, p1, p2)
    diff = diff_documents(a, b)
    assert kinds(diff) == ["moved-to", "equal", "equal", "moved-from", "equal"]
    assert side_text(diff.rows[3], "left", SpanOp.DELETE) == ["2"]
    assert side_text(diff.rows[0], "right", SpanOp.INSERT) == ["3"]
    c = diff.counts
    assert (c.moves, c.moved_blocks, c.insertions, c.deletions) == (1, 1, 1, 1)


def test_table_deleted_and_unrelated_table_inserted_is_not_a_move():
    intro, p1, p2 = (para("Purpose of the policy and who it is for."),
                     para("Staff must keep council email for council business."),
                     para("Records are kept for twelve months and then destroyed."))
    a = doc(intro, table(*ROLES), p1, p2)
    b = doc(intro, p1, p2, table(*RETENTION))
    diff = diff_documents(a, b)
    assert kinds(diff) == ["equal", "deleted", "equal", "equal", "inserted"]
    c = diff.counts
    assert (c.moves, c.moved_blocks, c.inserted_blocks, c.deleted_blocks) == (0, 0, 1, 1)


def test_a_table_never_moves_to_a_paragraph_of_the_same_text():
    intro, p1 = (para("Purpose of the policy and who it is for."),
                 para("Staff must keep council email for council business."))
    words = "Records are kept for twelve months and then destroyed."
    diff = diff_documents(doc(intro, table((words,)), p1), doc(intro, p1, para(words)))
    assert kinds(diff) == ["equal", "deleted", "equal", "inserted"]
    assert diff.counts.moves == 0


def test_moved_section_holding_a_table_is_one_move():
    s1 = [heading("Scope"), para("This policy applies to all staff and councillors.")]
    s2 = [heading("Roles and duties"),
          para("Each role below has its own duties under this policy."), table(*ROLES)]
    s3 = [heading("Breaches"), para("Breaches may lead to disciplinary action being taken."),
          para("Serious breaches are reported to the police."),
          para("Managers record every breach in the register.")]
    diff = diff_documents(doc(*s1, *s2, *s3), doc(*s1, *s3, *s2))
    assert kinds(diff) == ["equal", "equal", "moved-from", "moved-from", "moved-from", "equal",
                           "equal", "equal", "equal", "moved-to", "moved-to", "moved-to"]
    assert [row.move_id for row in diff.rows] == [0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1]
    assert diff.counts.moves == 1 and diff.counts.moved_blocks == 3
    assert diff.rows[11].right.table is not None and diff.rows[11].partner is diff.rows[4].left


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


VERSIONS = (("Version", "Date", "Summary"), ("1.0", "May 2018", "First policy"),
            ("2.0", "June 2020", "Revised for home working"))


def row_steps(row) -> list[tuple[str, int, int]]:
    return [(t.kind.value, t.old, t.new) for t in row.table_rows]


def test_row_appended_to_a_version_table_is_one_inserted_row():
    a = doc(table(*VERSIONS))
    b = doc(table(*VERSIONS, ("3.0", "March 2024", "Rewritten")))
    diff = diff_documents(a, b)
    row = diff.rows[0]
    assert row.kind is RowKind.CHANGED and row.cells == ()
    assert row_steps(row) == [("equal", 0, 0), ("equal", 1, 1), ("equal", 2, 2),
                              ("inserted", -1, 3)]
    c = diff.counts
    assert (c.inserted_rows, c.deleted_rows, c.insertions, c.deletions, c.changed_blocks) == \
        (1, 0, 1, 0, 1)
    # the side-by-side spans are still the whole table's text
    assert "".join(side_text(row, "right", SpanOp.INSERT)).split() == \
        ["3.0", "March", "2024", "Rewritten"]
    assert side_text(row, "left", SpanOp.DELETE) == []


def test_row_removed_from_a_table_is_one_deleted_row():
    a = doc(table(*VERSIONS, ("3.0", "March 2024", "Rewritten")))
    b = doc(table(VERSIONS[0], VERSIONS[2], ("3.0", "March 2024", "Rewritten")))
    diff = diff_documents(a, b)
    row = diff.rows[0]
    assert row.cells == ()
    assert row_steps(row) == [("equal", 0, 0), ("deleted", 1, -1), ("equal", 2, 1),
                              ("equal", 3, 2)]
    c = diff.counts
    assert (c.inserted_rows, c.deleted_rows, c.insertions, c.deletions) == (0, 1, 0, 1)


def test_row_added_and_a_cell_edited_in_another_row():
    a = doc(table(*VERSIONS))
    b = doc(table(VERSIONS[0], ("0.9", "Jan 2018", "Draft"), VERSIONS[1],
                  ("2.0", "June 2020", "Revised for hybrid working")))
    diff = diff_documents(a, b)
    row = diff.rows[0]
    assert row_steps(row) == [("equal", 0, 0), ("inserted", -1, 1), ("equal", 1, 2),
                              ("changed", 2, 3)]
    assert [(cd.row, cd.old_row, cd.col) for cd in row.cells] == [(3, 2, 2)]
    inner = row.cells[0].rows
    assert [r.kind for r in inner] == [RowKind.CHANGED]
    assert side_text(inner[0], "left", SpanOp.DELETE) == ["home"]
    assert side_text(inner[0], "right", SpanOp.INSERT) == ["hybrid"]
    c = diff.counts
    assert (c.inserted_rows, c.deleted_rows, c.insertions, c.deletions) == (1, 0, 2, 1)


def test_same_shape_tables_still_give_cells_and_no_row_alignment():
    a = doc(table(*VERSIONS))
    b = doc(table(VERSIONS[0], VERSIONS[1], ("2.0", "June 2020", "Revised for hybrid working")))
    row = diff_documents(a, b).rows[0]
    assert row.table_rows == ()
    assert [(cd.row, cd.old_row, cd.col) for cd in row.cells] == [(2, 2, 2)]
    assert diff_documents(a, b).counts.inserted_rows == 0


def test_paired_rows_of_another_structure_are_deleted_and_inserted():
    def spanned(*rows):
        return Block(id="", kind=BlockKind.TABLE, table=Table(tuple(
            tuple(Cell((para(t),), span) for t, span in r) for r in rows)))

    head = (("Version", 1), ("Date", 1), ("Summary", 1))
    a = doc(spanned(head, (("1.0", 1), ("May 2018", 1), ("First policy", 1))))
    b = doc(spanned(head, (("1.0", 1), ("May 2018 First policy", 2))))
    row = diff_documents(a, b).rows[0]
    assert row_steps(row) == [("equal", 0, 0), ("deleted", 1, -1), ("inserted", -1, 1)]
    b = doc(spanned(head, (("1.0", 1), ("May 2018 First policy", 2)),
                    (("2.0", 1), ("June 2020", 1), ("Revised", 1))))
    row = diff_documents(a, b).rows[0]
    assert row_steps(row) == [("equal", 0, 0), ("deleted", 1, -1), ("inserted", -1, 1),
                              ("inserted", -1, 2)]


def test_tables_with_no_row_kept_are_not_aligned():
    a = doc(table(("Phone", "Yes", "Tablet", "No")))
    b = doc(table(("Phone", "Yes"), ("Tablet", "Never")))
    diff = diff_documents(a, b)
    row = diff.rows[0]
    assert row.kind is RowKind.CHANGED  # the tables are paired, their rows are not
    assert row.table_rows == () and row.cells == () and diff.counts.inserted_rows == 0


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


def test_large_mostly_equal_documents_align_block_by_block():
    rng = random.Random(3)
    vocab = [f"w{n}" for n in range(400)]
    blocks_a = [para(" ".join(rng.choice(vocab) for _ in range(40))) for _ in range(8000)]
    blocks_b = list(blocks_a)
    for k in rng.sample(range(8000), 200):
        words = blocks_b[k].text.split()
        words[rng.randrange(len(words))] = "edited"
        blocks_b[k] = para(" ".join(words))
    diff = diff_blocks(blocks_a, blocks_b)  # its speed is bench/benchmark.py's to measure
    assert diff.counts.changed_blocks == 200
    assert diff.counts.insertions == diff.counts.deletions == 200  # one word each, no more


# --- split and joined paragraphs ----------------------------------------------------------------

REPORT = "Staff must report a lost device at once."
APPROVE = "Managers approve every personal device."


def rows_of(diff) -> list[tuple]:
    """Returns (kind, group, left text, right text, left breaks, right breaks) per row."""
    return [(r.kind.value, r.group, r.left.display_text if r.left else None,
             r.right.display_text if r.right else None, r.left_breaks, r.right_breaks)
            for r in diff.rows]


def test_split_paragraph_is_one_group_not_a_deletion_and_an_insertion():
    a = doc(para("Intro."), para(f"{REPORT} {APPROVE}"), para("End."))
    b = doc(para("Intro."), para(REPORT), para(APPROVE), para("End."))
    diff = diff_documents(a, b)
    assert rows_of(diff) == [
        ("equal", 0, "Intro.", "Intro.", (), ()),
        ("split", 1, f"{REPORT} {APPROVE}", REPORT, (40,), (40,)),
        ("split", 1, None, APPROVE, (), ()),
        ("equal", 0, "End.", "End.", (), ()),
    ]
    # no word is deleted or inserted: the space that became the break is equal
    assert diff.rows[1].left_spans == (Span(SpanOp.EQUAL, 0, 80),)
    assert diff.rows[1].right_spans == (Span(SpanOp.EQUAL, 0, 40),)
    assert diff.rows[2].right_spans == (Span(SpanOp.EQUAL, 0, 39),)


def test_a_split_with_no_other_change_counts_as_exactly_one_change():
    a = doc(heading("Devices"), para(f"{REPORT} {APPROVE}"))
    b = doc(heading("Devices"), para(REPORT), para(APPROVE))
    diff = diff_documents(a, b)
    c = diff.counts
    assert (c.splits, c.joins, c.insertions, c.deletions, c.changed_blocks, c.inserted_blocks,
            c.deleted_blocks, c.total, c.changed_sections) == (1, 0, 0, 0, 0, 0, 0, 1, 1)
    assert diff.nav.change_count == diff.change_count == 1
    assert diff.nav.rows_of(0) == (1, 3)


def test_joined_paragraphs_are_one_group():
    a = doc(para("Intro."), para(REPORT), para(APPROVE), para("End."))
    b = doc(para("Intro."), para(f"{REPORT} {APPROVE}"), para("End."))
    diff = diff_documents(a, b)
    assert rows_of(diff) == [
        ("equal", 0, "Intro.", "Intro.", (), ()),
        ("joined", 1, REPORT, f"{REPORT} {APPROVE}", (40,), (40,)),
        ("joined", 1, APPROVE, None, (), ()),
        ("equal", 0, "End.", "End.", (), ()),
    ]
    assert diff.rows[1].right_spans == (Span(SpanOp.EQUAL, 0, 80),)
    c = diff.counts
    assert (c.joins, c.splits, c.insertions, c.deletions, c.total) == (1, 0, 0, 0, 1)
    assert diff.nav.change_count == 1


def test_white_space_differences_at_the_break_do_not_matter():
    a = doc(para("Lock screens.   Log out at night."))
    b = doc(para("Lock screens."), para("  Log out at night. "))
    diff = diff_documents(a, b)
    assert [r.kind for r in diff.rows] == [RowKind.SPLIT, RowKind.SPLIT]
    assert diff.counts.total == 1 and diff.counts.insertions == diff.counts.deletions == 0
    assert diff.rows[0].left_breaks == (13,)


def test_split_in_three_and_a_join_of_three():
    parts = ["One rule for all.", "Two rules for some.", "Three rules for few."]
    diff = diff_documents(doc(para(" ".join(parts))), doc(*map(para, parts)))
    assert [(r.kind.value, r.group) for r in diff.rows] == [("split", 1)] * 3
    assert diff.rows[0].left_breaks == (17, 37)
    assert [r.right_breaks for r in diff.rows] == [(17,), (19,), ()]
    back = diff_documents(doc(*map(para, parts)), doc(para(" ".join(parts))))
    assert [(r.kind.value, r.group) for r in back.rows] == [("joined", 1)] * 3
    assert back.rows[0].right_breaks == (17, 37)
    assert back.counts.total == 1


def test_split_with_a_small_word_edit_shows_only_the_edit():
    a = doc(para("Intro."), para(f"{REPORT} {APPROVE}"), para("End."))
    b = doc(para("Intro."), para("Staff must report a lost device immediately."), para(APPROVE),
            para("End."))
    diff = diff_documents(a, b)
    assert [r.kind.value for r in diff.rows] == ["equal", "split", "split", "equal"]
    assert side_text(diff.rows[1], "left", SpanOp.DELETE) == ["at once. "]
    assert side_text(diff.rows[1], "right", SpanOp.INSERT) == ["immediately."]
    assert side_text(diff.rows[2], "right", SpanOp.INSERT) == []
    c = diff.counts
    assert (c.splits, c.insertions, c.deletions, c.total) == (1, 1, 1, 3)
    assert diff.nav.change_count == 1


def test_unrelated_deletion_next_to_a_paragraph_is_not_a_join():
    a = doc(para("Intro."), para("Staff must report a lost device at once to the service desk."),
            para("Managers keep a register of devices."), para("End."))
    b = doc(para("Intro."),
            para("Staff must report a lost device at once to the IT service desk."), para("End."))
    diff = diff_documents(a, b)
    assert [r.kind.value for r in diff.rows] == ["equal", "changed", "deleted", "equal"]
    assert diff.counts.joins == 0 and diff.counts.deleted_blocks == 1
    short = doc(para("Intro."), para(REPORT), para("See annex B."), para("End."))
    edited = doc(para("Intro."), para("Staff must report a lost device at once, please."),
                 para("End."))
    assert [r.kind.value for r in diff_documents(short, edited).rows] == [
        "equal", "changed", "deleted", "equal"]


def test_unrelated_insertion_next_to_an_edited_paragraph_is_not_a_split():
    a = doc(para("Intro."), para("Staff must report a lost device at once to the desk."),
            para("End."))
    b = doc(para("Intro."), para("Staff must report a lost device at once to the IT desk."),
            para("Call 555 0100."), para("End."))
    assert [r.kind.value for r in diff_documents(a, b).rows] == [
        "equal", "changed", "inserted", "equal"]


def test_equal_neighbours_are_never_taken_into_a_split():
    a = doc(para(REPORT), para(f"{REPORT} {APPROVE}"))
    b = doc(para(REPORT), para(REPORT), para(APPROVE))
    diff = diff_documents(a, b)
    assert [r.kind.value for r in diff.rows] == ["equal", "split", "split"]
    assert diff.rows[0].left is a.blocks[0] and diff.rows[1].left is a.blocks[1]


def test_a_split_next_to_another_change_is_its_own_stop():
    a = doc(para("Intro."), para("Passwords change every ninety days."),
            para(f"{REPORT} {APPROVE}"), para("End."))
    b = doc(para("Intro."), para("Passwords change every sixty days."), para(REPORT),
            para(APPROVE), para("End."))
    diff = diff_documents(a, b)
    assert [r.kind.value for r in diff.rows] == ["equal", "changed", "split", "split", "equal"]
    assert diff.nav.starts == (1, 2) and diff.nav.ends == (2, 4)
    assert diff.nav.current(3) == 1 and diff.nav.previous(3) == 0 and diff.nav.next(1) == 1


def test_tables_are_never_split_or_joined():
    a = doc(table(("Phone", "Yes"), ("Tablet", "No")))
    b = doc(table(("Phone", "Yes")), table(("Tablet", "No")))
    assert RowKind.SPLIT not in {r.kind for r in diff_documents(a, b).rows}
    assert RowKind.JOINED not in {r.kind for r in diff_documents(b, a).rows}
    words = doc(para("Phone Yes Tablet No"))
    assert RowKind.SPLIT not in {r.kind for r in diff_documents(words, a).rows}


def test_split_list_item_keeps_the_new_numbers_equal():
    a = doc(para("Lock screens. Log out at night.", label="3.", kind=BlockKind.LIST_ITEM))
    b = doc(para("Lock screens.", label="3.", kind=BlockKind.LIST_ITEM),
            para("Log out at night.", label="4.", kind=BlockKind.LIST_ITEM))
    diff = diff_documents(a, b)
    assert [r.kind for r in diff.rows] == [RowKind.SPLIT, RowKind.SPLIT]
    assert diff.rows[0].left_breaks == (16,)  # after "3. Lock screens."
    assert diff.rows[1].right_spans == (Span(SpanOp.EQUAL, 0, len("4. Log out at night.")),)
    assert diff.counts.total == 1


def test_split_is_found_under_ignore_options():
    a = doc(para("STAFF must lock screens. Staff must log out."))
    b = doc(para("Staff must lock screens."), para("Staff must log out."))
    assert [r.kind.value for r in diff_documents(a, b, DiffOptions(ignore_case=True)).rows] == \
        ["split", "split"]
    diff = diff_documents(a, b)  # exactly: the case change is a word edit inside the split
    assert [r.kind.value for r in diff.rows] == ["split", "split"]
    assert side_text(diff.rows[0], "left", SpanOp.DELETE) == ["STAFF"]


def test_renamed_heading_is_a_changed_heading():
    a = doc(heading("Monitoring", "5"), para("The council monitors internet use."))
    b = doc(heading("Monitoring and filtering", "5"), para("The council monitors internet use."))
    diff = diff_documents(a, b)
    assert kinds(diff) == ["changed", "equal"]
    assert side_text(diff.rows[0], "right", SpanOp.INSERT) == [" and filtering"]
    assert diff.counts.changed_sections == 1


def test_split_is_found_in_a_large_gap_of_rewritten_paragraphs():
    rng = random.Random(1)
    vocab = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu".split()

    def sentence() -> Block:
        return para(" ".join(rng.choice(vocab) for _ in range(12)).capitalize() + ".")

    old = [sentence() for _ in range(30)] + [para(f"{REPORT} {APPROVE}")] + \
        [sentence() for _ in range(30)]
    new = [sentence() for _ in range(30)] + [para(REPORT), para(APPROVE)] + \
        [sentence() for _ in range(30)]
    diff = diff_blocks(old, new)
    assert [(r.left.text if r.left else None, r.right.text) for r in diff.rows if r.group] == \
        [(f"{REPORT} {APPROVE}", REPORT), (None, APPROVE)]
    assert diff.counts.splits == 1 and diff.counts.joins == 0
