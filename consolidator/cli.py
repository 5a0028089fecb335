"""The headless front end: `python main.py extract|compare|merge ...` (never imports Qt)."""

from __future__ import annotations

import argparse
import codecs
import gc
import os
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from consolidator.errors import Cancelled, LoadError, WriteError
from consolidator.output_paths import OutputPathError

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_INACCESSIBLE = 4  # `check` found accessibility problems

SUBCOMMANDS = ("extract", "compare", "merge", "review", "check")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-consolidator",
        description="Combine council policies into one Digital Policy. With no command, opens "
        "the app.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    extract = sub.add_parser("extract", help="print what was read from a policy")
    extract.add_argument("file", metavar="FILE")
    extract.add_argument("--json", action="store_true", help="print the full structure as JSON")

    compare = sub.add_parser("compare", help="compare two policies: Word redline or HTML report")
    compare.add_argument("old", metavar="OLD")
    compare.add_argument("new", metavar="NEW")
    compare.add_argument("-o", "--output", required=True, metavar="OUT.docx|OUT.html")
    compare.add_argument("--author", default="Policy Consolidator",
                         help="author name on the tracked changes")
    compare.add_argument("--ignore-case", action="store_true")
    compare.add_argument("--ignore-whitespace", action="store_true")
    compare.add_argument("--ignore-punctuation", action="store_true")
    compare.add_argument("--ignore-numbering", action="store_true",
                         help="ignore list and heading numbers")
    compare.add_argument("--granularity", choices=("word", "character"), default="word")

    merge = sub.add_parser("merge", help="consolidate policies into one Digital Policy .docx")
    merge.add_argument("files", nargs="*", metavar="FILE")
    merge.add_argument("--demo", action="store_true", help="use the bundled sample policies")
    merge.add_argument("-o", "--output", required=True, metavar="OUT.docx")
    merge.add_argument("--session", metavar="S.json", help="apply a saved session's decisions")
    merge.add_argument("--report", metavar="REPORT.json",
                       help="write topics, clusters, conflicts and the coverage ledger as JSON")
    merge.add_argument("--template", metavar="T.docx", help="corporate template (.docx/.dotx)")
    merge.add_argument("--title", help='policy title (default "Digital Policy")')
    merge.add_argument("--council", help="council name on the title page")
    merge.add_argument("--version", dest="doc_version", help="document version, e.g. 1.0")
    merge.add_argument("--owner", help="policy owner")
    merge.add_argument("--status", choices=("Draft", "For approval", "Approved"))
    merge.add_argument("--review-months", type=int, metavar="N",
                       help="review interval in months (default 6)")
    merge.add_argument("--classification", metavar="MARKING",
                       help="protective marking on every page, e.g. OFFICIAL (default: the one "
                            "in the source policies' page headers; 'none' for no marking)")
    merge.add_argument("--metadata", metavar="FILE.json",
                       help="document-control fields as JSON (see README)")
    merge.add_argument("--pdf", action="store_true",
                       help="also write a PDF beside the .docx (needs LibreOffice; the "
                            "contents get page numbers)")
    merge.add_argument("--page-numbers", action="store_true",
                       help="give the contents page numbers, from a LibreOffice layout "
                            "(a second or two more)")
    merge.add_argument("--strict", action="store_true",
                       help="write nothing (exit 4) while conflicts are undecided")

    _add_review(sub)

    check = sub.add_parser("check", help="check a Word document for accessibility problems "
                           f"(exit {EXIT_INACCESSIBLE} when there are any)")
    check.add_argument("file", metavar="FILE.docx")
    return parser


def _add_review(sub) -> None:
    from consolidator.commands.review import parse_date

    review = sub.add_parser(
        "review", help="review an approved Digital Policy against the current policies: what "
        "changed, decisions carried forward, the next version and its committee pack")
    review.add_argument("approved", metavar="APPROVED.docx",
                        help="the approved Digital Policy, as exported by this app")
    review.add_argument("sources", nargs="*", metavar="SOURCE",
                        help="the current source policies (default: the approved policy's "
                        "sources, by name, beside APPROVED.docx)")
    review.add_argument("-o", "--output", metavar="NEW.docx",
                        help="write the next version (without it, only say what changed)")
    review.add_argument("--redline", metavar="CHANGES.docx",
                        help="write NEW with tracked changes against the approved version")
    review.add_argument("--summary", metavar="SUMMARY.docx",
                        help="write a one-page summary of the changes for committee")
    review.add_argument("--pdf", action="store_true",
                        help="also write a PDF of NEW beside it (needs LibreOffice)")
    review.add_argument("--major", action="store_true",
                        help="a major version (1.3 -> 2.0) instead of a minor one (1.3 -> 1.4)")
    review.add_argument("--version", dest="doc_version", metavar="V",
                        help="the new version number, instead of the next one")
    review.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD",
                        help="the review date (default today)")
    review.add_argument("--approval-date", type=parse_date, metavar="YYYY-MM-DD",
                        help="the committee date approving the new version (the next review "
                        "is counted from it)")
    review.add_argument("--review-months", type=int, metavar="N",
                        help="a new review interval in months (default: the approved one)")
    review.add_argument("--status", choices=("Draft", "For approval", "Approved"),
                        help='the new version\'s status (default "For approval")')
    review.add_argument("--template", metavar="T.docx", help="corporate template (.docx/.dotx)")
    review.add_argument("--session", metavar="S.pcsession",
                        help="the session the approved policy was made with, when the policy "
                        "holds no record of it any more")
    review.add_argument("--save-session", metavar="S.pcsession",
                        help="write the restored session, with the decisions carried forward")
    review.add_argument("--strict", action="store_true",
                        help="write nothing (exit 4) while conflicts are undecided")


class StderrProgress:
    """Prints progress on stderr for long runs a few times a second; one rewritten line on a TTY."""

    QUIET_SECONDS = 0.5  # quick jobs print nothing: progress is for runs a person waits on

    def __init__(self) -> None:
        self._start = time.monotonic()
        self._last = 0.0
        self._shown = False
        self._tty = sys.stderr.isatty()

    def __call__(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - self._start < self.QUIET_SECONDS and not self._shown:
            return
        if fraction < 1.0 and now - self._last < 0.25:
            return
        self._shown = True
        self._last = now
        line = f"[{fraction * 100:3.0f}%] {message}"
        if self._tty:
            sys.stderr.write("\r" + line[:100].ljust(100) + ("\n" if fraction >= 1.0 else ""))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _parent_console() -> str | None:
    """Returns "CONOUT$" after attaching to the console of the program that started this one.

    Only on Windows, for the packaged windowed app run from cmd or PowerShell: it starts without
    a console of its own. None elsewhere, or when there is no such console (started from
    Explorer or a shortcut, or output redirected).
    """
    if sys.platform != "win32":
        return None
    try:
        import ctypes

        attached = ctypes.WinDLL("kernel32").AttachConsole(-1)  # ATTACH_PARENT_PROCESS
    except (AttributeError, OSError):
        return None
    return "CONOUT$" if attached else None


def _prepare_streams() -> list[tuple[str, TextIO]]:
    """Makes sys.stdout and sys.stderr usable for the run; returns the streams it opened.

    The packaged Windows app has no console, so its stdout and stderr are None: they are pointed
    at the parent's console when there is one, else at the null device. Output that goes to a
    file or pipe is written as UTF-8 (Windows would use its ANSI code page, cp1252, and fail on
    "→" or a policy name in another script); a terminal keeps its own encoding. What cannot be
    encoded (a file name that is not valid UTF-8) is printed as "?", never an error.
    """
    opened: list[tuple[str, TextIO]] = []
    missing = [name for name in ("stdout", "stderr") if getattr(sys, name) is None]
    target = (_parent_console() if missing else None) or os.devnull
    for name in missing:
        try:
            stream = open(target, "w", encoding="utf-8", errors="replace")
        except OSError:
            stream = open(os.devnull, "w", encoding="utf-8")
        setattr(sys, name, stream)
        opened.append((name, stream))
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            if stream.isatty() or codecs.lookup(stream.encoding).name == "utf-8":
                stream.reconfigure(errors="replace")  # a file name not valid UTF-8 shows "?"
                continue
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, LookupError, OSError, TypeError, ValueError):
            continue  # not a TextIOWrapper, or closed: left as it is
    return opened


def main(argv: Sequence[str] | None = None) -> int:
    """Runs a subcommand; returns the exit status (0 done, 1 unexpected, 2 usage, 3 unreadable,
    4 accessibility problems found by `check`, or merge --strict with conflicts undecided)."""
    opened = _prepare_streams()
    # A job builds its documents once and drops them at exit: the cyclic collector would only
    # walk them again and again while they are built (a twentieth of a 400-page redline's time)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(argv)
    finally:
        if collecting:
            gc.enable()
        for name, stream in opened:  # put back as they were (None), flushed and closed
            if getattr(sys, name) is stream:
                setattr(sys, name, None)
            try:
                stream.close()
            except OSError:
                pass


def _run(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    progress = StderrProgress()
    try:
        if args.command == "extract":
            from consolidator.commands import extract

            return extract.run(args, progress)
        if args.command == "compare":
            from consolidator.commands import compare

            return compare.run(args, progress)
        if args.command == "merge":
            from consolidator.commands import merge

            return merge.run(args, progress)
        if args.command == "review":
            from consolidator.commands import review

            return review.run(args, progress)
        if args.command == "check":
            from consolidator.commands import check

            return check.run(args, progress)
    except OutputPathError as exc:
        print(f"Cannot write: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except LoadError as exc:
        print(f"Could not read a policy: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except WriteError as exc:
        print(f"Could not save: {exc}", file=sys.stderr)
        return EXIT_UNEXPECTED
    except Cancelled:
        print("Cancelled.", file=sys.stderr)
        return EXIT_UNEXPECTED
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception as exc:  # a short message, never a bare traceback
        print(
            f"Something unexpected went wrong: {type(exc).__name__}: {exc}\n"
            "Please report this with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
    parser.print_help()
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
