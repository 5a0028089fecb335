"""The document model's own guarantees."""

from __future__ import annotations

import copy
import inspect
import pickle
from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from dataclasses import field as dataclass_field

import pytest

from consolidator.consolidation.plan import PlanClause
from consolidator.consolidation.units import ClauseRef
from consolidator.diffing.results import DiffRow, RowKind
from consolidator.model import (
    Block,
    BlockKind,
    Cell,
    Origin,
    Revision,
    Run,
    Table,
    finish_blocks,
    quick_init,
)


def test_finish_blocks_keeps_every_field_and_sets_ids_and_origins():
    """finish_blocks builds each block anew: nothing but id and origin may change (a field
    added to Block later must be carried over too)."""
    values = {"paragraph": Block(id="", kind=BlockKind.LIST_ITEM, runs=(Run("Staff must "),
                                                                      Run("report", bold=True)),
                                 level=2, label="(a)", style="List Number")}
    done = finish_blocks("doc1", [Block(id="", kind=BlockKind.HEADING, runs=(Run("Scope"),),
                                        level=1, label="2"), values["paragraph"]])
    source, block = values["paragraph"], done[1]
    for field in fields(Block):
        if field.name not in ("id", "origin"):
            assert getattr(block, field.name) == getattr(source, field.name), field.name
    assert block.id.startswith("b") and block.id != done[0].id
    assert block.origin == Origin(document_id="doc1", index=1, section="2")
    assert block.text == "Staff must report" and block.display_text == "(a) Staff must report"


def test_block_text_is_computed_once_and_leaves_equality_alone():
    block = Block(id="x", kind=BlockKind.PARAGRAPH, runs=(Run("Use "), Run("email")))
    assert block.text == "Use email" and block.text is block.text
    assert block == Block(id="x", kind=BlockKind.PARAGRAPH, runs=(Run("Use "), Run("email")))
    assert hash(block) == hash(Block(id="x", kind=BlockKind.PARAGRAPH,
                                     runs=(Run("Use "), Run("email"))))


@pytest.mark.parametrize("cls", [Run, Origin, Cell, Table, Block, DiffRow, ClauseRef, PlanClause])
def test_quick_init_takes_the_fields_in_order_with_their_defaults(cls):
    parameters = inspect.signature(cls).parameters
    assert list(parameters) == [f.name for f in fields(cls)]
    for f in fields(cls):
        expected = inspect.Parameter.empty if f.default is MISSING else f.default
        assert parameters[f.name].default == expected, f.name


def test_quick_init_values_stay_frozen_equal_and_hashable():
    run = Run("Staff", True, hyperlink="https://example.org")
    assert (run.text, run.bold, run.italic, run.hyperlink) == ("Staff", True, None,
                                                              "https://example.org")
    with pytest.raises(FrozenInstanceError):
        run.text = "Managers"  # type: ignore[misc]
    assert run == Run(text="Staff", bold=True, hyperlink="https://example.org")
    assert len({run, Run("Staff", True, hyperlink="https://example.org")}) == 1
    row = DiffRow(RowKind.EQUAL, None, None)
    assert row.move_id == 0 and row.cells == () and row.is_change is False


def test_quick_init_values_pickle_and_copy_whole():
    """A document sent back from a worker process arrives equal, texts and all."""
    block = finish_blocks("doc1", [Block(id="", kind=BlockKind.LIST_ITEM, label="(a)", runs=(
        Run("Staff must "), Run("report", bold=True, revision=Revision.INSERTED)))])[0]
    assert block.text == "Staff must report"
    table = Block(id="t", kind=BlockKind.TABLE, table=Table(((Cell((block,), 2),),)))
    for value in (block, table, block.runs[1], block.origin):
        again = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert again == value and copy.deepcopy(value) == value
    assert pickle.loads(pickle.dumps(block)).display_text == "(a) Staff must report"


def test_quick_init_refuses_what_it_cannot_make():
    @dataclass(frozen=True)
    class WithFactory:
        items: list = dataclass_field(default_factory=list)

    with pytest.raises(TypeError):
        quick_init(WithFactory)


def test_a_long_unnumbered_heading_names_its_section_cut_at_a_word():
    from consolidator.model import Block, BlockKind, Run, finish_blocks

    title = "Accessing emails or information in an absent employee's email account"
    blocks = finish_blocks("d", [Block("", BlockKind.HEADING, (Run(title),), level=2),
                                 Block("", BlockKind.PARAGRAPH, (Run("Ask IT."),))])
    assert blocks[1].origin.section == (
        "Accessing emails or information in an absent employee's\u2026")
