"""start_review(): the approved Digital Policy against the current sources, and its next version.

Which sources changed since approval (with their comparisons), the approved decisions carried to
the current sources' draft (those whose clauses changed marked "check again"), the conflicts the
approved policy did not have, and the next version's document control drafted from what changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from consolidator.consolidation.align import Alignment, align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.draft import draft_plan
from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.plan import DecisionKind, MergePlan
from consolidator.consolidation.topics import with_channel
from consolidator.diffing import DiffOptions, DocumentDiff, diff_documents
from consolidator.metadata import PolicyMetadata
from consolidator.model import ConsolidatedDocument, Fate, SourceDocument
from consolidator.progress import CancelCheck, Progress, check_cancel, report
from consolidator.review.carry import (
    CarriedDecision,
    CarryStatus,
    carried_conflicts,
    carry_decisions,
)
from consolidator.review.matching import (
    BlockFate,
    ClauseChange,
    SourcePair,
    SourceStatus,
    compare_source,
    match_sources,
    unchanged_fates,
)
from consolidator.review.record import ApprovedRecord
from consolidator.review.versioning import draft_next_metadata, history_summary, next_version

# Sources are compared without their list and heading numbers: a section inserted above renumbers
# every later one, which is no change to their text.
REVIEW_OPTIONS = DiffOptions(ignore_numbering=True)


@dataclass(frozen=True)
class NewConflict:
    """A conflict of the current sources that the approved policy did not have."""

    id: str
    reason: str
    where: str  # "Email Policy 5.3 and Internet Use Policy 4.1"
    clause_ids: tuple[str, str]  # the plan clauses of its two sides


@dataclass(frozen=True)
class Review:
    """The approved policy against the current sources (see the module docstring)."""

    approved_path: str
    record: ApprovedRecord
    pairs: tuple[SourcePair, ...]
    diffs: tuple[DocumentDiff | None, ...]  # per pair: old against new, for changed sources
    changes: tuple[ClauseChange, ...]
    docs: tuple[SourceDocument, ...]  # the current sources
    alignment: Alignment
    plan: MergePlan  # the current sources' draft with the carried decisions
    carried: tuple[CarriedDecision, ...]
    new_conflicts: tuple[NewConflict, ...]
    merged: ConsolidatedDocument  # consolidate(docs, plan)
    metadata: PolicyMetadata  # the next version, drafted

    @property
    def changed_pairs(self) -> tuple[SourcePair, ...]:
        return tuple(p for p in self.pairs if p.status is not SourceStatus.UNCHANGED)

    def count(self, status: CarryStatus) -> int:
        return sum(1 for c in self.carried if c.status is status)


def start_review(approved_path: str, record: ApprovedRecord, docs: Sequence[SourceDocument], *,
                 reviewed_on: date | None = None, approval_date: date | None = None,
                 major: bool = False, review_months: int | None = None, version: str = "",
                 progress: Progress | None = None, cancel: CancelCheck | None = None) -> Review:
    """Returns the review of the approved policy (its `record`) against the current `docs`."""
    docs = tuple(docs)
    pairs = match_sources(record.session.sources, record.sources, docs)
    docs = chosen_channels_kept(docs, pairs)
    report(progress, 0.05, "Comparing the sources with their approved text")
    fates: dict[str, BlockFate] = {}
    diffs: list[DocumentDiff | None] = []
    changes: list[ClauseChange] = []
    for pair in pairs:
        check_cancel(cancel)
        diff = _compare(pair, fates, changes, cancel)
        diffs.append(diff)
    report(progress, 0.3, "Drafting the merged outline of the current sources")
    alignment = align_sections(docs, record.session.pins, cancel=cancel)
    analysis = analyse_clauses(docs, alignment, cancel=cancel)
    draft = draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)
    del analysis
    check_cancel(cancel)
    report(progress, 0.7, "Carrying the approved decisions forward")
    where = {f"{d.id}/{b.id}": f"{_title(d)} {b.origin.section if b.origin else ''}".strip()
             for d in docs for b in d.blocks}
    plan, carried = carry_decisions(record, fates, draft, where)
    known = carried_conflicts(record, fates, draft)
    new_conflicts = tuple(
        NewConflict(c.id, c.reason, f"{where.get(c.a.block_key, '')} and "
                    f"{where.get(c.b.block_key, '')}", plan.conflict_clauses(c))
        for c in plan.conflicts if c.id not in known)
    report(progress, 0.8, "Building the next version")
    merged = consolidate(docs, plan, cancel=cancel)
    changes = _in_policy(changes, merged, plan, record)
    approved = record.metadata
    months = review_months or approved.review_months
    summary = history_summary(changes, approved.review_months, months)
    metadata = draft_next_metadata(
        approved, summary, reviewed_on=reviewed_on or date.today(),
        version=version or next_version(approved.version, major=major)
        or f"{approved.version} (revised)",
        approval_date=approval_date, review_months=months)
    report(progress, 1.0, "Review ready")
    return Review(str(approved_path), record, pairs, tuple(diffs), tuple(changes), docs,
                  alignment, plan, carried, new_conflicts, merged, metadata)


def _compare(pair: SourcePair, fates: dict[str, BlockFate], changes: list[ClauseChange],
             cancel: CancelCheck | None) -> DocumentDiff | None:
    """Adds a pair's block fates and changes; returns its comparison (changed sources only)."""
    old, new = pair.old, pair.new
    if old is None:
        return None
    if new is None or pair.status is SourceStatus.REMOVED:
        fates.update({f"{old.id}/{b.id}": BlockFate("", True) for b in old.blocks})
        return None
    if pair.status is SourceStatus.UNCHANGED:
        fates.update(unchanged_fates(old))
        return None
    diff = diff_documents(old, new, REVIEW_OPTIONS, cancel=cancel)
    comparison = compare_source(pair.title, old, new, diff)
    fates.update(comparison.fates)
    changes.extend(comparison.changes)
    return diff


def _in_policy(changes: list[ClauseChange], merged: ConsolidatedDocument, plan: MergePlan,
               record: ApprovedRecord) -> list[ClauseChange]:
    """Returns the changes marked with whether they reach the Digital Policy: a current block
    the policy leaves out, or an approved one it left out, does not; nor does one the policy
    holds in the author's own wording, or in another policy's wording of a duplicate."""
    entries = {f"{e.source.document_id}/{e.source.block_id}": e for e in merged.ledger}
    own = {d.target for d in plan.decisions if d.kind is DecisionKind.CUSTOM
           or (d.kind is DecisionKind.COMBINE and d.value)}
    out = []
    for change in changes:
        note = ""
        if change.new_key:
            entry = entries.get(change.new_key)
            reaches = entry is not None and entry.fate is not Fate.EXCLUDED
            if reaches and entry.fate is Fate.MERGED:
                note = "the Digital Policy uses another policy's wording of this clause"
            elif reaches and entry.clause_id in own:
                note = "the Digital Policy keeps its own wording of this clause: check it again"
        else:
            reaches = change.old_key not in record.excluded
        out.append(replace(change, in_policy=reaches, note=note if reaches else ""))
    return out


def _title(doc: SourceDocument) -> str:
    return doc.title or doc.name.rsplit(".", 1)[0]


def chosen_channels_kept(docs: tuple[SourceDocument, ...], pairs) -> tuple[SourceDocument, ...]:
    """Returns the current policies with what the author chose each approved one covers
    ("Covers": its chapter), on the current policy standing for it."""
    chosen = {id(p.new): p.approved.kind for p in pairs
              if p.new is not None and p.approved is not None and p.approved.chosen}
    return tuple(with_channel(d, chosen[id(d)]) if id(d) in chosen else d for d in docs)
