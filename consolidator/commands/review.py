"""`review APPROVED.docx [SOURCE...] [-o NEW.docx --redline CHANGES.docx --summary S.docx]`:
the approved Digital Policy against the current sources, and the committee pack."""

from __future__ import annotations

import sys
from argparse import Namespace
from datetime import date
from pathlib import Path

from consolidator.errors import LoadError
from consolidator.progress import Progress

EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_CONFLICTS = 4  # --strict: conflicts are still undecided, nothing was written


def run(args: Namespace, progress: Progress) -> int:
    """Returns the exit status: 0 done, 2 bad usage, 3 unreadable (or no record and no session),
    4 with --strict while conflicts are undecided."""
    import consolidator
    from consolidator.readers import read_document
    from consolidator.review.review import start_review

    usage = _usage_problem(args)
    if usage:
        print(f"review: {usage}", file=sys.stderr)
        return EXIT_USAGE
    from consolidator.review.embedded import RecordMissing

    approved = Path(args.approved)
    try:
        record = _record(approved, args.session)
    except RecordMissing as exc:
        print(f"{exc} On the command line: --session S.pcsession.", file=sys.stderr)
        return EXIT_UNREADABLE
    _say_record(approved, record)
    paths = _without_digital_policies(_source_paths(args, record, approved), approved)
    if not paths:
        print("review: give the current source policies (SOURCE ...): none of "
              f"{', '.join(Path(s.path).name for s in record.session.sources)} is beside "
              f"{approved.name}.", file=sys.stderr)
        return EXIT_USAGE
    docs = []
    for n, path in enumerate(paths):
        progress(0.3 * n / len(paths), f"Reading {path.name}")
        docs.append(read_document(path))
    review = start_review(
        str(approved), record, docs, reviewed_on=args.date, approval_date=args.approval_date,
        major=args.major, review_months=args.review_months, version=args.doc_version or "",
        progress=lambda f, m="": progress(0.3 + 0.3 * f, m))
    metadata = _with_options(review.metadata, args)
    print_review(review, metadata, sys.stdout)
    if args.save_session:
        _save_session(review, paths, args.save_session)
    if not args.output:
        return 0
    return _write_pack(review, metadata, args, progress, consolidator.__version__)


def _usage_problem(args: Namespace) -> str:
    if not args.output and (args.redline or args.summary or args.pdf):
        return "--redline, --summary and --pdf need -o NEW.docx (the next version to write)."
    if args.review_months is not None and not 1 <= args.review_months <= 120:
        return f"--review-months must be 1 to 120, not {args.review_months}."
    for option in ("output", "redline", "summary"):
        value = getattr(args, option)
        if value and not str(value).lower().endswith(".docx"):
            return f"{Path(value).name} must end in .docx."
    return ""


def _record(approved: Path, session_path: str | None):
    """Returns the policy's own record; with --session, the session stands in for a lost one."""
    from consolidator.review.embedded import RecordMissing, read_record, record_from_session
    from consolidator.session import SessionError, load_session

    try:
        return read_record(approved)
    except RecordMissing:
        if not session_path:
            raise
    try:
        session = load_session(session_path)
    except SessionError as exc:
        raise LoadError(str(exc), path=session_path or "") from exc
    print(f"note: {approved.name} holds no record of its session; using {Path(session_path).name}"
          " (the approved text of changed sources is not known, so they cannot be compared).",
          file=sys.stderr)
    return record_from_session(session, approved)


def _say_record(approved: Path, record) -> None:
    from consolidator.writers.appendices import format_date

    meta = record.metadata
    approval = (f", approved {format_date(meta.approval_date)}" if meta.approval_date else "")
    print(f"{approved.name}: {meta.title} version {meta.version} ({meta.status}{approval}; "
          f"next review {format_date(meta.next_review_date)}), made from "
          f"{len(record.session.sources)} policies with {len(record.decisions)} decisions.")


def _source_paths(args: Namespace, record, approved: Path) -> list[Path]:
    """Returns the sources given, else those of the record found beside the approved policy."""
    if args.sources:
        return [Path(p) for p in args.sources]
    found = []
    for source in record.session.sources:
        recorded = Path(source.path)
        candidates = [recorded] if recorded.is_absolute() else []
        candidates.append(approved.parent / recorded.name)
        found += [c for c in candidates if c.is_file()][:1]
    return list(dict.fromkeys(found))


def _without_digital_policies(paths: list[Path], approved: Path) -> list[Path]:
    """Returns the sources without the approved policy and other Digital Policies made by this
    app (a policy is never a source of its own next version), saying which were left out."""
    from consolidator.review.embedded import holds_record

    kept = []
    for path in paths:
        if path.resolve() == approved.resolve() or holds_record(path):
            print(f"note: {path.name} is a Digital Policy made by Policy Consolidator, not one of "
                  "its source policies: it was left out.", file=sys.stderr)
        else:
            kept.append(path)
    return kept


def _with_options(metadata, args: Namespace):
    from dataclasses import replace

    if args.status:
        metadata = replace(metadata, status=args.status)
    return metadata


def print_review(review, metadata, out) -> None:
    """Prints what changed, what became of the decisions, and the next version."""
    from consolidator.diffing import plural
    from consolidator.review.carry import CarryStatus, describe_decision
    from consolidator.review.matching import SourceStatus
    from consolidator.writers.appendices import format_date

    states = [f"{p.name} {p.status.value}" + (
        f" ({plural(sum(1 for c in review.changes if c.source == p.title), 'change')})"
        if p.status is SourceStatus.CHANGED else "") for p in review.pairs]
    print(f"Sources: {'; '.join(states)}.", file=out)
    for change in review.changes:
        if change.in_policy:
            text = change.new_text or change.old_text
            print(f"  {change.where} {change.kind.value}: {text[:90]}"
                  f"{'...' if len(text) > 90 else ''}"
                  + (f" ({change.note})" if change.note else ""), file=out)
    carried = review.carried
    print(f"Decisions: {len(carried)} approved; {review.count(CarryStatus.KEPT)} carried "
          f"forward, {review.count(CarryStatus.CHECK)} to check again, "
          f"{review.count(CarryStatus.DROPPED)} no longer apply.", file=out)
    for item in carried:
        if item.status is not CarryStatus.KEPT:
            print(f"  {item.status.value}: {describe_decision(item.old)} \u2014 {item.reason}",
                  file=out)
    print(f"New conflicts: {len(review.new_conflicts) or 'none'}.", file=out)
    for conflict in review.new_conflicts:
        print(f"  {conflict.where}: {conflict.reason}", file=out)
    row = next((e for e in metadata.history() if e.version == metadata.version), None)
    print(f"Next version: {metadata.version} ({metadata.status}), reviewed "
          f"{format_date(metadata.date)}, next review {format_date(metadata.next_review_date)}"
          f" (every {metadata.review_months} months).", file=out)
    if row is not None:
        print(f"Version history: {row.summary}", file=out)


def _save_session(review, paths: list[Path], target: str) -> None:
    from dataclasses import replace

    from consolidator.session import save_session, session_from

    session = session_from(review.docs, review.alignment.pins, review.plan.decisions)
    session = replace(session, sources=tuple(replace(s, path=str(Path(p).resolve()))
                                             for s, p in zip(session.sources, paths,
                                                             strict=True)))
    print(f"Wrote {save_session(session, target)}")


def _write_pack(review, metadata, args: Namespace, progress: Progress, app_version: str) -> int:
    from consolidator.consolidation.control_conflicts import control_conflicts
    from consolidator.review.pack import write_committee_pack

    merged = review.merged
    undecided = merged.conflicts_open + len(control_conflicts(merged, metadata))
    if args.strict and undecided:
        print(f"Nothing was written: {undecided} conflict{'s are' if undecided != 1 else ' is'}"
              " still undecided (--strict). Decide them in the app (File > Start review), "
              "then make the committee pack there.", file=sys.stderr)
        return EXIT_CONFLICTS
    pack = write_committee_pack(
        review, review.docs, review.plan, metadata, args.output, redline_path=args.redline,
        summary_path=args.summary, pdf=args.pdf,
        template=Path(args.template) if args.template else None, app_version=app_version,
        progress=lambda f, m="": progress(0.6 + 0.4 * f, m))
    if undecided:
        print(f"warning: {undecided} conflict{'s are' if undecided != 1 else ' is'} still "
              "undecided, so both wordings are in the document, each marked with a Word "
              "comment.", file=sys.stderr)
    for path in (pack.policy, pack.redline, pack.summary, pack.pdf):
        if path is not None:
            print(f"Wrote {path}")
    from consolidator.accessibility import check_accessibility
    from consolidator.commands.check import print_findings

    print_findings(pack.policy.name, check_accessibility(pack.policy), sys.stdout)
    if args.pdf and pack.pdf is None:
        print(f"No PDF was made: {pack.pdf_note}", file=sys.stderr)
    return 0


def parse_date(text: str) -> date:
    """Returns a YYYY-MM-DD date (argparse type)."""
    import argparse

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None
