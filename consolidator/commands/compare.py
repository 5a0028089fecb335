"""`compare OLD NEW -o OUT.docx|OUT.html`: a Word redline or a side-by-side HTML report."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from consolidator.progress import Progress

OUTPUT_SUFFIXES = (".docx", ".html", ".htm")


def run(args: Namespace, progress: Progress) -> int:
    """Returns the exit status: 0 written, 2 for an output suffix it cannot write."""
    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        print(f"Cannot write {out.name}: the output must end in .docx (Word redline) or .html "
              "(side-by-side report).", file=sys.stderr)
        return 2
    from consolidator.diffing import DiffOptions, Granularity, diff_documents
    from consolidator.readers import read_document

    def stage(start: float, end: float, name: str) -> Progress:
        return lambda f, m: progress(start + (end - start) * f, f"{name}: {m}" if m else name)

    old = read_document(args.old, progress=stage(0.0, 0.3, Path(args.old).name))
    new = read_document(args.new, progress=stage(0.3, 0.6, Path(args.new).name))
    options = DiffOptions(
        ignore_case=args.ignore_case,
        ignore_whitespace=args.ignore_whitespace,
        ignore_punctuation=args.ignore_punctuation,
        ignore_numbering=args.ignore_numbering,
        granularity=Granularity(args.granularity),
    )
    diff = diff_documents(old, new, options, progress=stage(0.6, 0.8, "Comparing"))
    if suffix == ".docx":
        from consolidator.writers.redline import write_redline

        write_redline(diff, old, new, out, author=args.author,
                      progress=stage(0.8, 1.0, "Redline"))
    else:
        from consolidator.writers.html_report import write_html_report

        write_html_report(diff, out, title=f"{old.name} compared with {new.name}")
        progress(1.0, "Report saved")
    c = diff.counts
    print(f"{out.name}: {c.insertions} insertions, {c.deletions} deletions, {c.moves} moves, "
          f"{c.changed_blocks} changed paragraphs in {c.changed_sections} sections")
    return 0
