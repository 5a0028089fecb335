"""The --report JSON: topics, clause clusters, conflicts and the coverage ledger of a merge."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from consolidator.consolidation.align import Alignment
from consolidator.consolidation.clauses import Cluster
from consolidator.consolidation.conflicts import Conflict
from consolidator.consolidation.control_conflicts import ControlConflict
from consolidator.consolidation.merge import coverage
from consolidator.consolidation.units import ClauseRef
from consolidator.fileio import json_text, write_text_atomic
from consolidator.model import ConsolidatedDocument, SourceDocument

SCHEMA = "policy-consolidator/merge-report"
VERSION = 1


def build_report(
    docs: Sequence[SourceDocument],
    alignment: Alignment,
    clusters: Sequence[Cluster],
    conflicts: Sequence[Conflict],
    merged: ConsolidatedDocument,
    open_conflict_ids: frozenset[str] | set[str] = frozenset(),
    against_control: Sequence[ControlConflict] = (),
) -> dict:
    """Returns the report as a JSON-ready dict (schema in docs/report-schema.md)."""
    part = _Parts({d.id: d.name for d in docs}, {s.id: s for s in alignment.sections})
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "title": merged.title,
        "sources": [
            {"document_id": s.document_id, "name": part.name(s.document_id),
             "title": s.title, "path": s.path, "kind": s.kind}
            for s in merged.sources
        ],
        "summary": {
            "topics": len(alignment.topics),
            "clusters": len(clusters),
            "conflicts": len(conflicts),
            "conflicts_open": merged.conflicts_open,
            "document_control_conflicts": len(against_control),
            "coverage": coverage(merged),
        },
        "topics": [part.topic(t) for t in alignment.topics],
        "clusters": [part.cluster(c) for c in clusters],
        "conflicts": [part.conflict(c, c.id in open_conflict_ids) for c in conflicts],
        "document_control_conflicts": [
            {"id": c.id, "clause_id": c.clause_id, "field": c.field, "clause_says": c.clause_says,
             "document_control_says": c.control_says, "reason": c.reason}
            for c in against_control
        ],
        "ledger": [part.ledger_entry(e) for e in merged.ledger],
    }


class _Parts:
    """The report's entries, naming each policy by its file name."""

    def __init__(self, names: dict[str, str], sections: dict) -> None:
        self.names = names
        self.sections = sections

    def name(self, document_id: str) -> str:
        return self.names.get(document_id, document_id)

    def clause(self, ref: ClauseRef) -> dict:
        return {"document": self.name(ref.document_id), "document_id": ref.document_id,
                "block_id": ref.block_id, "sentence": ref.sentence, "row": ref.row,
                "section": ref.section, "topic_id": ref.topic_id, "text": ref.text}

    def topic(self, t) -> dict:
        sections = self.sections
        return {"id": t.id, "title": t.title, "canonical": t.canonical, "members": [
            {"document": self.name(m.document_id), "document_id": m.document_id,
             "sections": [{"id": sid, "number": sections[sid].number,
                           "title": sections[sid].title} for sid in m.section_ids]}
            for m in t.members]}

    def cluster(self, c: Cluster) -> dict:
        return {"id": c.id, "kind": c.kind.value, "similarity": c.similarity,
                "proposed_text": c.proposed_text, "members": [self.clause(m) for m in c.members]}

    def conflict(self, c: Conflict, open_: bool) -> dict:
        return {"id": c.id, "kind": c.kind.value, "kinds": [k.value for k in c.kinds],
                "reason": c.reason, "cross_channel": c.cross_channel, "open": open_,
                "a": self.clause(c.a), "b": self.clause(c.b),
                "a_copies": [self.clause(r) for r in c.a_copies],
                "b_copies": [self.clause(r) for r in c.b_copies]}

    def ledger_entry(self, e) -> dict:
        return {"document": self.name(e.source.document_id),
                "document_id": e.source.document_id, "block_id": e.source.block_id,
                "section": e.source.section, "text": e.text, "fate": e.fate.value,
                "clause_id": e.clause_id, "note": e.note}


def write_report(report: dict, path: str | Path) -> Path:
    """Returns the path after writing the report JSON atomically."""
    return write_text_atomic(path, json_text(report))
