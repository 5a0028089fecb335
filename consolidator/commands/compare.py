"""`compare OLD NEW -o OUT.docx|OUT.html`: a Word redline or a side-by-side HTML report."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

from consolidator.output_paths import check_outputs, check_suffix
from consolidator.progress import Progress

OUTPUT_SUFFIXES = (".docx", ".html", ".htm")
_LAST: list = []  # the last comparison's documents and parsed packages


def run(args: Namespace, progress: Progress) -> int:
    """Returns the exit status: 0 written; raises OutputPathError (exit 2) for an output that
    would replace a policy or whose suffix says something else is written."""
    out = Path(args.output)
    suffix = out.suffix.lower()
    check_suffix(out, OUTPUT_SUFFIXES, "compare writes a Word redline (.docx) or a side-by-side "
                 "report (.html)")
    check_outputs([(out, "the comparison (-o)")],
                  [(Path(args.old), f"the older policy {Path(args.old).name}"),
                   (Path(args.new), f"the newer policy {Path(args.new).name}")])
    from consolidator.diffing import DiffOptions, Granularity, diff_documents

    def stage(start: float, end: float, name: str) -> Progress:
        return lambda f, m: progress(start + (end - start) * f, f"{name}: {m}" if m else name)

    options = DiffOptions(
        ignore_case=args.ignore_case,
        ignore_whitespace=args.ignore_whitespace,
        ignore_punctuation=args.ignore_punctuation,
        ignore_numbering=args.ignore_numbering,
        granularity=Granularity(args.granularity),
    )
    fast = suffix == ".docx" and options.exact  # the usual case: one pass, both CPUs
    old, new, prepared = _read_pair(args.old, args.new, stage,
                                    author=args.author if fast else None)
    if fast:
        from consolidator.writers.redline import compare_to_redline

        _, counts = compare_to_redline(old, new, out, granularity=options.granularity,
                                       author=args.author, progress=stage(0.6, 1.0, "Redline"),
                                       prepared=prepared)
        _LAST[:] = [old, new, prepared]  # freed with the process (main.py), not one by one
    else:
        diff = diff_documents(old, new, options, progress=stage(0.6, 0.8, "Comparing"))
        counts = diff.counts
        if suffix == ".docx":
            from consolidator.writers.redline import write_redline

            write_redline(diff, old, new, out, author=args.author,
                          progress=stage(0.8, 1.0, "Redline"))
        else:
            from consolidator.writers.html_report import write_html_report

            write_html_report(diff, out, title=f"{old.name} compared with {new.name}")
            progress(1.0, "Report saved")
    c = counts
    from consolidator.diffing import plural

    parts = [plural(c.insertions, "insertion"), plural(c.deletions, "deletion"),
             plural(c.moves, "move")]
    parts += [plural(n, f"paragraph {what}") for n, what in ((c.splits, "split"),
                                                            (c.joins, "join")) if n]
    parts += [f"{plural(n, 'table row')} {what}" for n, what in ((c.inserted_rows, "added"),
                                                                (c.deleted_rows, "removed")) if n]
    print(f"{out.name}: {', '.join(parts)}, {plural(c.changed_blocks, 'changed paragraph')} "
          f"in {plural(c.changed_sections, 'section')}")
    return 0


def _read_pair(old_path: str, new_path: str, stage, author: str | None = None) -> tuple:
    """Returns (OLD, NEW, prepared redline or None); where a forked child can run (see
    consolidator.parallel), OLD is read there while this process reads NEW and, given an
    `author`, parses both packages for the redline (taking NEW's main part as its reader
    parsed it, on one CPU too). A failed child means OLD is read here, so errors surface as
    usual."""
    from consolidator.parallel import Forked
    from consolidator.readers import read_document

    if Path(old_path).suffix.lower() in (".docx", ".docm", ".dotx"):
        import consolidator.readers.docx  # noqa: F401  (imported once, before the child forks)
    old_job = Forked(lambda: read_document(old_path))
    old = None
    if not old_job.forked:  # (Windows, one CPU) one after the other
        old = read_document(old_path, progress=stage(0.0, 0.3, Path(old_path).name))
    main_part: dict = {}  # NEW's main part as read, parsed once for the redline too
    new = read_document(new_path, progress=stage(0.0 if old is None else 0.3, 0.6,
                                                 Path(new_path).name),
                        main_part=main_part if author is not None else None)
    prepared = None
    if author is not None:
        from consolidator.writers.redline import prepare_redline

        prepared = prepare_redline(old_path, new, author=author, parsed=main_part)
        import fast_diff_match_patch  # noqa: F401  (the comparison's imports, while OLD is read)
        import rapidfuzz.process  # noqa: F401
    return old if old is not None else old_job.result(), new, prepared
