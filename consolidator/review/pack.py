"""The committee pack in one action: the next Digital Policy (.docx, and PDF when LibreOffice is
installed), a tracked-changes copy of it against the approved version, and a one-page summary of
the changes with each change's source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.plan import MergePlan
from consolidator.consolidation.resolve import resolve_plan
from consolidator.diffing import DiffCounts, SpanOp, diff_documents, diff_text
from consolidator.errors import WriteError
from consolidator.metadata import PolicyMetadata
from consolidator.model import ConsolidatedDocument, SourceDocument
from consolidator.progress import CancelCheck, Progress, check_cancel, report
from consolidator.readers import read_document
from consolidator.review.matching import ChangeKind, ClauseChange
from consolidator.review.record import build_record, record_to_xml
from consolidator.review.review import Review
from consolidator.writers.appendices import format_date
from consolidator.writers.review_summary import (
    DELETE,
    EQUAL,
    INSERT,
    ChangeLine,
    ReviewSummary,
    write_review_summary,
)

MAX_LISTED = 12  # changes listed on the summary's one page; the rest are in the redline
_CONTEXT_WORDS = 8  # words kept either side of a change in a long clause
_OPS = {SpanOp.EQUAL: EQUAL, SpanOp.DELETE: DELETE, SpanOp.INSERT: INSERT}


@dataclass(frozen=True)
class CommitteePack:
    """What was written: paths, and why there is no PDF when there is none."""

    policy: Path
    merged: ConsolidatedDocument
    redline: Path | None = None
    summary: Path | None = None
    pdf: Path | None = None
    pdf_note: str = ""  # why no PDF was made (LibreOffice missing or failing)
    counts: DiffCounts | None = None  # the redline's changes


def write_committee_pack(review: Review, docs: Sequence[SourceDocument], plan: MergePlan,
                         metadata: PolicyMetadata, out_path: str | Path, *,
                         redline_path: str | Path | None = None,
                         summary_path: str | Path | None = None, pdf: bool = False,
                         template: Path | None = None, app_version: str = "",
                         author: str = "Policy Consolidator",
                         progress: Progress | None = None,
                         cancel: CancelCheck | None = None) -> CommitteePack:
    """Returns the pack written: the Digital Policy of `plan` over `docs` with `metadata` (and
    its record, for the next review), then the redline against the approved policy
    (accept all gives the new version, reject all the approved one), then the summary, then
    the PDF when asked. Raises WriteError / LoadError / Cancelled as export_policy does."""
    from consolidator.writers.policy_docx import export_policy

    report(progress, 0.0, "Building the Digital Policy")
    merged = consolidate(docs, plan, title=metadata.title, cancel=cancel)
    record = build_record(docs, plan, metadata, merged, review.alignment.pins, app_version)
    written = export_policy(merged, out_path, metadata, template=template,
                            record=record_to_xml(record), cancel=cancel,
                            progress=lambda f, m="": report(progress, 0.05 + 0.4 * f, m))
    check_cancel(cancel)
    redline = counts = None
    if redline_path is not None:
        report(progress, 0.5, "Writing the tracked-changes copy")
        redline, counts = write_pack_redline(review.approved_path, written, redline_path,
                                             author=author, cancel=cancel)
    summary = None
    if summary_path is not None:
        report(progress, 0.75, "Writing the summary")
        summary = write_review_summary(
            summary_of(review, plan, metadata, written, redline), summary_path,
            template=template)
    pdf_path, note = None, ""
    if pdf:
        report(progress, 0.8, "Saving the PDF")
        pdf_path, note = _pdf(written)
    report(progress, 1.0, "Committee pack written")
    return CommitteePack(written, merged, redline, summary, pdf_path, note, counts)


def write_pack_redline(approved: str | Path, new: str | Path, out_path: str | Path, *,
                       author: str = "Policy Consolidator",
                       cancel: CancelCheck | None = None) -> tuple[Path, DiffCounts]:
    """Returns the tracked-changes copy of `new` against `approved` and its counts."""
    from consolidator.writers.redline import write_redline

    old_doc, new_doc = read_document(approved), read_document(new)
    diff = diff_documents(old_doc, new_doc, cancel=cancel)
    return write_redline(diff, old_doc, new_doc, out_path, author=author,
                         cancel=cancel), diff.counts


def summary_of(review: Review, plan: MergePlan, metadata: PolicyMetadata, policy: Path,
               redline: Path | None) -> ReviewSummary:
    """Returns what the one-page summary says for this review and the plan as decided."""
    approved = review.record.metadata
    listed = [c for c in review.changes if c.in_policy]
    facts = [
        ("Approved version", f"{approved.version}"
         + (f", approved {format_date(approved.approval_date)}" if approved.approval_date
            else "")),
        ("Version proposed", f"{metadata.version} ({metadata.status.lower()})"),
        ("Review date", format_date(metadata.date)),
        ("Next review date", f"{format_date(metadata.next_review_date)} (every "
                             f"{metadata.review_months} months from "
                             f"{'approval' if metadata.approval_date else 'the review date'})"),
        ("Source policies changed", _changed_sources(review)),
    ]
    open_ids = resolve_plan(plan).open_conflict_ids
    conflicts = tuple(f"{c.where}: {c.reason}" for c in review.new_conflicts
                      if c.id in open_ids)
    unlisted = len(listed) - MAX_LISTED
    not_listed = (f"{unlisted} more change{'s are' if unlisted != 1 else ' is'} not listed "
                  "here: the tracked-changes copy shows every one." if unlisted > 0 else "")
    closing = [f"The tracked-changes copy{f' ({redline.name})' if redline else ''} shows "
               f"every change to the Digital Policy ({policy.name}) since version "
               f"{approved.version}: accepting all of them gives version {metadata.version}."]
    left_out = sum(1 for c in review.changes if not c.in_policy)
    if left_out:
        closing.append(f"{left_out} change{'s' if left_out != 1 else ''} in parts of the source "
                       "policies that the Digital Policy leaves out (their own title pages, "
                       "document control, or clauses left out by decision) "
                       f"{'are' if left_out != 1 else 'is'} not listed.")
    return ReviewSummary(
        title=f"{metadata.title}: changes in version {metadata.version}",
        intro=f"Version {metadata.version} of the {metadata.title}"
              + (f" of {metadata.council}" if metadata.council else "")
              + f" is proposed after the review of {format_date(metadata.date)}. "
              + f"Summary of changes: {_history_summary(metadata)}",
        facts=tuple(facts), changes=tuple(change_line(c) for c in listed[:MAX_LISTED]),
        not_listed=not_listed, conflicts=conflicts, closing=tuple(closing),
        author=metadata.author or metadata.owner or "Policy Consolidator")


def change_line(change: ClauseChange) -> ChangeLine:
    """Returns how the summary lists one change, with its words trimmed around the edits."""
    verb = {ChangeKind.REWORDED: "changed", ChangeKind.REMOVED: "removed",
            ChangeKind.MOVED: "moved"}.get(change.kind, "added")
    if change.kind is ChangeKind.ADDED and change.heading:
        verb = "new section"
    elif change.kind is ChangeKind.ADDED and change.topic:
        verb = f"added under \u201c{change.topic}\u201d"
    if change.kind is ChangeKind.ADDED:
        segments: tuple[tuple[str, str], ...] = ((EQUAL, _quote(change.new_text)),)
    elif change.kind is ChangeKind.REMOVED:
        segments = ((DELETE, _quote(change.old_text)),)
    else:
        segments = tuple(_segments(change.old_text, change.new_text))
    return ChangeLine(change.where, verb, segments, change.note)


def _segments(old: str, new: str) -> list[tuple[str, str]]:
    """Returns the word diff of old -> new, long unchanged stretches cut to a few words."""
    out: list[tuple[str, str]] = []
    ops = diff_text(old, new)
    for n, op in enumerate(ops):
        if op.op is SpanOp.DELETE:
            out.append((DELETE, old[op.a_start:op.a_end]))
        elif op.op is SpanOp.INSERT:
            out.append((INSERT, new[op.b_start:op.b_end]))
        else:
            out.append((EQUAL, _trim(new[op.b_start:op.b_end], first=n == 0,
                                     last=n == len(ops) - 1)))
    return out


def _trim(text: str, *, first: bool, last: bool) -> str:
    words = text.split(" ")
    if len(words) <= 2 * _CONTEXT_WORDS + 1:
        return text
    if first and last:
        return text
    if first:
        return "\u2026 " + " ".join(words[-_CONTEXT_WORDS:])
    if last:
        return " ".join(words[:_CONTEXT_WORDS]) + " \u2026"
    return " ".join(words[:_CONTEXT_WORDS]) + " \u2026 " + " ".join(words[-_CONTEXT_WORDS:])


def _quote(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return f"\u201c{text if len(text) <= limit else text[:limit - 1].rstrip() + chr(0x2026)}\u201d"


def _changed_sources(review: Review) -> str:
    changed = [f"{p.title} ({p.status.value})" for p in review.changed_pairs]
    return ", ".join(changed) if changed else "None"


def _history_summary(metadata: PolicyMetadata) -> str:
    row = next((e for e in metadata.history() if e.version == metadata.version), None)
    text = row.summary if row is not None else ""
    return (text.rstrip(".") + ".") if text else "see below."


def _pdf(docx: Path) -> tuple[Path | None, str]:
    from consolidator.writers.pdf_export import NOT_INSTALLED, export_pdf, pdf_available

    if not pdf_available():
        return None, NOT_INSTALLED
    try:
        return export_pdf(docx, docx.with_suffix(".pdf")), ""
    except WriteError as exc:
        return None, str(exc)
