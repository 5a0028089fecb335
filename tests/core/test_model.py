"""The document model's own guarantees."""

from __future__ import annotations

from dataclasses import fields

from consolidator.model import Block, BlockKind, Origin, Run, finish_blocks


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
