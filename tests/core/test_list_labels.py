"""The Preview's list numbers are the export's (issue #15, point 7): outline.list_labels gives
the labels Word shows, checked against the exported .docx read back."""

from __future__ import annotations

from consolidator import read_document
from consolidator.consolidation.merge import consolidate
from consolidator.metadata import PolicyMetadata
from consolidator.model import BlockKind, ConsolidatedDocument, MergedClause, MergedSection, Run
from consolidator.outline import list_labels
from consolidator.writers.policy_docx import export_policy
from tools.make_golden_sessions import sample_draft


def item(cid: str, text: str, level: int = 0, numbered: bool = True) -> MergedClause:
    return MergedClause(id=cid, kind=BlockKind.LIST_ITEM, runs=(Run(text),), level=level,
                        numbered=numbered)


def para(cid: str, text: str) -> MergedClause:
    return MergedClause(id=cid, kind=BlockKind.PARAGRAPH, runs=(Run(text),))


LISTS = ConsolidatedDocument(
    title="Digital Policy", ledger=(), sources=(),
    sections=(
        MergedSection(id="s1", title="Use", level=1, clauses=(
            para("p1", "Staff must:"),
            item("a", "Alpha rule."), item("b", "Bravo rule."),
            item("b1", "Bravo detail one.", 1), item("b2", "Bravo detail two.", 1),
            item("b2i", "Bravo fine point.", 2),
            item("c", "Charlie rule."),
            item("d", "A bullet between.", 0, numbered=False),
            item("e", "Echo rule."),
            para("p2", "Also:"),
            item("f", "Foxtrot starts again."),
        )),
        MergedSection(id="s2", title="More", level=1, clauses=(
            item("g", "Golf in another section."), item("h", "Hotel, deeper.", 1),
        )),
    ))


def exported_labels(doc: ConsolidatedDocument, tmp_path) -> dict[str, str]:
    """Returns list-item text -> the label the exported .docx gives it (read back)."""
    path = export_policy(doc, tmp_path / "lists.docx", PolicyMetadata())
    return {b.text: b.label for b in read_document(path).blocks
            if b.kind is BlockKind.LIST_ITEM}


def test_labels_of_numbered_lists_restart_after_prose_and_nest(tmp_path):
    labels = list_labels(LISTS)
    assert [labels[c] for c in ("a", "b", "b1", "b2", "b2i", "c", "d", "e", "f", "g", "h")] \
        == ["1.", "2.", "(a)", "(b)", "(i)", "3.", "\u2022", "4.", "1.", "1.", "(a)"]
    exported = exported_labels(LISTS, tmp_path)
    by_text = {c.text: labels[c.id] for s in LISTS.iter_sections() for c in s.clauses
               if c.id in labels}
    assert {t: exported[t] for t in by_text} == by_text


def test_the_samples_list_labels_are_the_exports(tmp_path):
    docs, plan = sample_draft()
    doc = consolidate(docs, plan)
    labels = list_labels(doc)
    clauses = [c for s in doc.iter_sections() for c in s.clauses if c.id in labels]
    assert sum(1 for c in clauses if c.numbered) >= 5
    exported = exported_labels(doc, tmp_path)
    mismatched = [(c.text[:40], labels[c.id], exported.get(c.text)) for c in clauses
                  if exported.get(c.text) != labels[c.id]]
    assert mismatched == []
