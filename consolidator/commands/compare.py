"""`compare OLD NEW -o OUT.docx|OUT.html`: a Word redline or a side-by-side HTML report."""

from __future__ import annotations

import os
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

    def stage(start: float, end: float, name: str) -> Progress:
        return lambda f, m: progress(start + (end - start) * f, f"{name}: {m}" if m else name)

    old, new = _read_pair(args.old, args.new, stage)
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


def _read_pair(old_path: str, new_path: str, stage) -> tuple:
    """Returns (OLD, NEW) read; on a POSIX machine with a spare core OLD is read in a forked child
    while this process reads NEW (reading is CPU-bound Python: threads would not overlap it).
    Any failure in the child falls back to reading OLD here, so errors surface as usual."""
    from consolidator.readers import read_document

    old_progress = stage(0.0, 0.3, Path(old_path).name)
    new_progress = stage(0.3, 0.6, Path(new_path).name)
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return (read_document(old_path, progress=old_progress),
                read_document(new_path, progress=new_progress))
    import pickle

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read OLD, send it pickled, exit without running any cleanup
        status = 1
        try:
            os.close(read_end)
            data = pickle.dumps(read_document(old_path), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    old = None
    try:
        new = read_document(new_path, progress=new_progress)
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status == 0 and data:
            old = pickle.loads(data)
    finally:
        if old is None:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
    if old is None:
        old = read_document(old_path, progress=old_progress)
    return old, new
