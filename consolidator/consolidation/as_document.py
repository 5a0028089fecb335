"""The Digital Policy as a document to compare: the merged policy (numbered headings, clauses
with their list labels, tables) as a SourceDocument, so that the draft can be compared with a
source policy like any two policies, and each of its blocks traced to the clause it shows."""

from __future__ import annotations

from consolidator.model import (
    Block,
    BlockKind,
    ConsolidatedDocument,
    Run,
    SourceDocument,
    finish_blocks,
)
from consolidator.outline import list_labels, section_numbers

DRAFT_ID = "digital-policy-draft"  # the same while the draft changes, so a choice of it holds


def draft_document(doc: ConsolidatedDocument, name: str = "Digital Policy (draft)"
                   ) -> tuple[SourceDocument, dict[str, str]]:
    """Returns the merged policy as a SourceDocument, and block id -> the clause (or section)
    id it shows."""
    numbers = section_numbers(doc)
    labels = list_labels(doc)
    blocks: list[Block] = []
    shows: list[str] = []
    for section in doc.iter_sections():
        blocks.append(Block("", BlockKind.HEADING, (Run(section.title),),
                            min(max(section.level, 1), 9), numbers.get(section.id, "")))
        shows.append(section.id)
        for clause in section.clauses:
            blocks.append(Block("", clause.kind, clause.runs, clause.level,
                                labels.get(clause.id, ""), table=clause.table))
            shows.append(clause.id)
    finished = finish_blocks(DRAFT_ID, blocks)
    document = SourceDocument(DRAFT_ID, name, "draft", doc.title, finished)
    return document, {block.id: item for block, item in zip(finished, shows, strict=True)}
