"""Tiny source policies built in the test: headings and paragraphs from (kind, level, text)."""

from consolidator.model import Block, BlockKind, Run, SourceDocument, finish_blocks
from consolidator.sections import iter_sections

H, P, L = "heading", "paragraph", "list_item"


def make_doc(doc_id: str, title: str, items: list[tuple]) -> SourceDocument:
    """Returns a policy holding one block per (kind, level, text) or (kind, level, text,
    label: the number a heading shows), ids and origins set."""
    blocks = [Block(id="", kind=BlockKind(item[0]), runs=(Run(item[2]),), level=item[1],
                    label=item[3] if len(item) > 3 else "") for item in items]
    return SourceDocument(id=doc_id, path=f"/p/{title}.docx", format="docx", title=title,
                          blocks=finish_blocks(doc_id, blocks))


def section_id(doc: SourceDocument, title: str) -> str:
    """Returns the id of the policy's section with this heading."""
    return next(s.id for s in iter_sections(doc) if s.title == title)
