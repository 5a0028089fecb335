"""`merge FILE... | --demo -o OUT.docx`: align, draft (or apply a session), consolidate, export."""

from __future__ import annotations

import sys
from argparse import Namespace
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from consolidator.classification import classification_of
from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.control_conflicts import control_conflicts
from consolidator.consolidation.draft import draft_plan
from consolidator.consolidation.merge import DEFAULT_TITLE, consolidate, coverage
from consolidator.consolidation.resolve import resolve_plan
from consolidator.errors import LoadError, printable
from consolidator.fileio import write_set
from consolidator.metadata import PolicyMetadata, load_metadata_json
from consolidator.model import SourceDocument
from consolidator.output_paths import check_outputs, check_suffix, same_file
from consolidator.progress import Progress
from consolidator.readers import read_document

if TYPE_CHECKING:
    from consolidator.consolidation.align import Alignment
    from consolidator.consolidation.clauses import ClauseAnalysis
    from consolidator.consolidation.plan import MergePlan
    from consolidator.model import ConsolidatedDocument
    from consolidator.session import Session

EXIT_USAGE = 2
EXIT_CONFLICTS = 4  # --strict: conflicts are still undecided, nothing was written


@dataclass
class _Merge:
    """One merge as it goes: the policies, the session it continues, the draft with the
    session's decisions, the Digital Policy and what is still undecided."""

    docs: list[SourceDocument]
    session: Session | None = None
    alignment: Alignment | None = None
    analysis: ClauseAnalysis | None = None
    plan: MergePlan | None = None
    merged: ConsolidatedDocument | None = None
    metadata: PolicyMetadata | None = None
    against_control: tuple = ()

    @property
    def undecided(self) -> int:
        return self.merged.conflicts_open + len(self.against_control)


def run(args: Namespace, progress: Progress) -> int:
    """Reads the policies, drafts (or continues a session), builds the Digital Policy and
    writes it with the report and session asked for; returns the exit code."""
    paths = _input_paths(args)
    if not paths:
        print("merge: give the policies to combine (FILE ...), or --demo for the samples.",
              file=sys.stderr)
        return EXIT_USAGE
    check_merge_paths(args, paths)
    work = _Merge(_read_distinct(paths, progress))
    if args.session:
        loaded = _load_session(args.session, work.docs)
        if loaded is False:
            return 1
        work.session = loaded
        if loaded is not None:  # the channels the author chose ("Covers") make its chapters
            from consolidator.session import with_chosen_channels

            work.docs = with_chosen_channels(work.docs, loaded)
    _draft(work, progress)
    _build(work, args, progress)
    if args.strict and work.undecided:
        _say_undecided(work.merged, work.against_control, strict=True)
        return EXIT_CONFLICTS
    exported = _write_outputs(work, args, progress)
    progress(1.0, "Done")
    _print_summary(work)
    return _finish(exported, args)


def _input_paths(args: Namespace) -> list[Path]:
    paths = [Path(p) for p in args.files]
    if args.demo:
        from consolidator.paths import sample_policies

        paths = sample_policies() + paths
    return paths


def _load_session(path: str, docs: list[SourceDocument]) -> Session | None | bool:
    """Returns the session to continue (None: a new one, written at the end; False: it cannot
    be used, said on stderr). Its paths are never opened: the policies are those given."""
    from consolidator.session import SessionError, load_session

    try:
        session = load_session(path)
    except SessionError as exc:
        if getattr(exc, "reason", "") == "not-found":
            return None
        print(f"Could not use the session: {exc}", file=sys.stderr)
        return False
    given = {doc.id for doc in docs}
    for source in session.sources:
        if source.content_hash not in given:
            print(f"note: the session was saved with {printable(Path(source.path).name)}"
                  " as it was then; it is not among the policies given (or has changed "
                  "since), so decisions about its clauses may no longer apply.",
                  file=sys.stderr)
    return session


def _draft(work: _Merge, progress: Progress) -> None:
    """Aligns, analyses and drafts; the session's pins and decisions applied, saying on stderr
    which no longer apply."""
    session = work.session
    progress(0.5, "Aligning topics")
    work.alignment = align_sections(work.docs, session.pins if session else ())
    for pin in work.alignment.ignored_pins:
        print(f"note: a saved pin names sections that no longer exist: {pin.kind.value} "
              f"{', '.join(pin.section_ids)}", file=sys.stderr)
    progress(0.6, "Finding duplicates and conflicts")
    work.analysis = analyse_clauses(work.docs, work.alignment)
    plan = draft_plan(work.docs, work.alignment, work.analysis.clusters,
                      work.analysis.conflicts)
    if session is not None:
        saved = type(plan)(plan.sections, plan.clauses, plan.conflicts, session.all_decisions,
                           plan.blanks)
        plan, dropped = saved.rebased(plan)
        for d in dropped:
            print(f"note: a saved decision no longer applies: {d.kind.value} {d.target}",
                  file=sys.stderr)
    work.plan = plan


def _build(work: _Merge, args: Namespace, progress: Progress) -> None:
    """Builds the Digital Policy and checks it against its document control."""
    progress(0.7, "Building the Digital Policy")
    work.merged = consolidate(work.docs, work.plan, title=args.title or DEFAULT_TITLE)
    metadata = _metadata(args)
    if getattr(args, "classification", None) is None and not metadata.classification:
        metadata = replace(metadata, classification=classification_of(work.docs))
    work.metadata = metadata
    work.against_control = tuple(control_conflicts(work.merged, metadata))


def _write_outputs(work: _Merge, args: Namespace, progress: Progress) -> Path | None:
    """Writes the export, the report and the session as a set (all new, or all as they were);
    returns the export's path (None when the writer is not in this build)."""
    with write_set():
        exported = _export(work.merged, work.metadata, args, progress,
                           _record(work.docs, work.plan, work.metadata, work.merged,
                                   work.alignment.pins))
        if args.report:
            from consolidator.report import build_report, write_report

            resolved = resolve_plan(work.plan)
            write_report(build_report(work.docs, work.alignment, work.analysis.clusters,
                                      work.plan.conflicts, work.merged,
                                      resolved.open_conflict_ids, work.against_control),
                         args.report)
        if args.session:
            from consolidator.session import save_session, session_from

            save_session(session_from(work.docs, work.alignment.pins, work.plan.decisions,
                                      dict(work.session.metadata) if work.session else None),
                         args.session, backup=True)
    return exported


def _print_summary(work: _Merge) -> None:
    counts = coverage(work.merged)
    plan = work.plan
    merged_clusters = sum(1 for c in plan.clauses if len(c.sources) > 1)
    print(f"{len(work.docs)} policies, {len(work.alignment.topics)} topics, "
          f"{len(work.analysis.clusters)} clusters of duplicate clauses "
          f"({merged_clusters} merged in the draft), {len(plan.conflicts)} conflicts "
          f"({work.merged.conflicts_open} open).")
    print(f"Coverage: {counts['blocks']} source blocks = {counts['kept']} kept + "
          f"{counts['merged']} merged + {counts['reworded']} reworded + "
          f"{counts['excluded']} excluded.")
    if work.undecided:
        _say_undecided(work.merged, work.against_control, strict=False)


def _finish(exported: Path | None, args: Namespace) -> int:
    """Numbers the contents and writes the PDF when asked; prints the accessibility check."""
    if exported is None:
        print("The Digital Policy writer is not available in this build; nothing was written "
              f"to {args.output}.", file=sys.stderr)
        return 1
    if args.pdf or getattr(args, "page_numbers", False):
        _number_contents(Path(exported))
    print(f"Wrote {exported}")
    _check_accessibility(Path(exported))
    if args.pdf:
        return _export_pdf(Path(exported))
    return 0


def _say_undecided(merged, against_control, *, strict: bool) -> None:
    """Prints on stderr what is still undecided: conflicts between clauses, and clauses that
    contradict the document control (each with its reason)."""
    count = merged.conflicts_open + len(against_control)
    noun = "conflict is" if count == 1 else "conflicts are"
    if strict:
        print(f"Nothing was written: {count} {noun} still undecided (--strict).",
              file=sys.stderr)
    else:
        print(f"warning: {count} {noun} still undecided, so both wordings are in the "
              "document, each marked with a Word comment.", file=sys.stderr)
    for conflict in against_control:
        print(f"  - {conflict.reason}", file=sys.stderr)
    if merged.conflicts_open:
        print("Decide them in the app (Consolidate, Go > Next unresolved conflict) and save a "
              "session, then run merge again with --session.", file=sys.stderr)


def _number_contents(docx_path: Path) -> None:
    """Adds the contents' page numbers (a LibreOffice layout), or says why there are none."""
    from consolidator.errors import WriteError
    from consolidator.writers.toc_pages import number_contents

    try:
        numbered = number_contents(docx_path)
    except WriteError as exc:
        numbered, why = False, f" ({exc})"
    else:
        why = "" if numbered else " (LibreOffice is not installed)"
    if not numbered:
        print(f"note: the contents have no page numbers{why}; in Word, right-click the "
              "contents and choose Update Field.", file=sys.stderr)


def _check_accessibility(docx_path: Path) -> None:
    """Prints the accessibility check of the written .docx (problems are not a failure)."""
    from consolidator.accessibility import check_accessibility
    from consolidator.commands.check import print_findings

    print_findings(docx_path.name, check_accessibility(docx_path), sys.stdout)


def _read_distinct(paths: list[Path], progress: Progress) -> list[SourceDocument]:
    """Returns the policies read, each once: a file given twice, or a byte-identical copy
    under another name, is used once with a note on stderr."""
    docs: list[SourceDocument] = []
    by_content: dict[str, SourceDocument] = {}
    distinct: list[Path] = []
    for path in paths:
        earlier = next((p for p in distinct if same_file(p, path)), None)
        if earlier is not None:
            print(f"{printable(path.name)}: note: given twice; it is used once.", file=sys.stderr)
        else:
            distinct.append(path)
    for n, path in enumerate(distinct):
        progress(n / len(distinct) * 0.5, f"Reading {printable(path.name)}")
        doc = read_document(path)
        if doc.id in by_content:
            print(f"{doc.name}: note: the same policy as {by_content[doc.id].name} (identical "
                  "content); it is used once.", file=sys.stderr)
            continue
        by_content[doc.id] = doc
        for warning in doc.warnings:
            print(f"{doc.name}: note: {warning.message}", file=sys.stderr)
        docs.append(doc)
    return docs


def check_merge_paths(args: Namespace, paths: list[Path]) -> None:
    """Raises OutputPathError when an output would replace a source, the template, the
    metadata, the session or another output, or does not end in what is written to it."""
    out = Path(args.output)
    check_suffix(out, (".docx",), "merge writes a Word document",
                 "For a PDF as well, add --pdf: it is written beside the .docx.")
    inputs = [(p, f"the policy {p.name}") for p in paths]
    inputs += [(Path(f), what) for f, what in ((args.template, "the template (--template)"),
                                               (args.metadata, "the metadata (--metadata)"))
               if f]
    outputs = [(out, "the Digital Policy (-o)")]
    if args.pdf:
        outputs.append((out.with_suffix(".pdf"), "the PDF (--pdf)"))
    if args.report:
        check_suffix(Path(args.report), (".json",), "the report is JSON")
        outputs.append((Path(args.report), "the report (--report)"))
    if args.session:
        session = Path(args.session)
        check_suffix(session, (".json", ".pcsession"), "a session is saved as JSON")
        check_outputs([(session, "the session (--session)"),
                       (session.with_name(session.name + ".bak"),
                        "the session's backup (.bak)")], inputs)
        inputs.append((session, "the session (--session)"))
    check_outputs(outputs, inputs)


def _export_pdf(docx_path: Path) -> int:
    """Returns 0 after writing the PDF beside the .docx, or saying plainly why it was not.

    Without LibreOffice the .docx is still the deliverable, so that is not a failure.
    """
    from consolidator.errors import WriteError
    from consolidator.writers.pdf_export import NOT_INSTALLED, export_pdf, pdf_available

    if not pdf_available():
        print(f"No PDF was made: {NOT_INSTALLED}", file=sys.stderr)
        return 0
    try:
        pdf = export_pdf(docx_path, docx_path.with_suffix(".pdf"))
    except WriteError as exc:
        print(f"No PDF was made: {exc} The Word document {docx_path.name} was saved.",
              file=sys.stderr)
        return 1
    print(f"Wrote {pdf}")
    return 0


def _metadata(args: Namespace) -> PolicyMetadata:
    """Returns the document-control details: --metadata, then the single options over it."""
    metadata = load_metadata_json(args.metadata) if args.metadata else PolicyMetadata()
    overrides = {
        "title": args.title, "council": args.council, "version": args.doc_version,
        "owner": args.owner, "status": args.status, "review_months": args.review_months,
        "classification": _marking(getattr(args, "classification", None)),
    }
    try:
        return replace(metadata, **{k: v for k, v in overrides.items() if v is not None})
    except ValueError as exc:
        raise LoadError(f"Document-control details are not valid: {exc}.") from None


def _record(docs, plan, metadata: PolicyMetadata, merged, pins) -> bytes:
    """Returns the record of this merge that the policy carries for its next review."""
    import consolidator
    from consolidator.review.record import build_record, record_to_xml

    return record_to_xml(build_record(docs, plan, metadata, merged, pins,
                                      consolidator.__version__))


def _marking(value: str | None) -> str | None:
    """Returns --classification as the marking to print ("" for 'none'; None: not given)."""
    if value is None:
        return None
    return "" if value.strip().lower() in ("none", "") else value.strip()


def _export(merged, metadata: PolicyMetadata, args: Namespace,
            progress: Progress, record: bytes | None = None) -> Path | None:
    try:
        from consolidator.writers.policy_docx import export_policy
    except ImportError:
        return None

    def sub(fraction: float, message: str) -> None:
        progress(0.75 + 0.25 * fraction, message)

    template = Path(args.template) if args.template else None
    return export_policy(merged, args.output, metadata, template=template, progress=sub,
                         record=record)
