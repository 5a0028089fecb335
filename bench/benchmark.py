"""Every speed budget of issue #17 in one table: medians of --runs runs (5), pass or miss each.

    uv run python bench/benchmark.py [--runs 5] [--peer-runs 3] [--skip-peer] [--skip-gui]

Rows: compare (a Word redline, whole process) of the generated 5- and 400-page pairs; the
400-page compare in one process, as where no child process can be forked (Windows: within 1.5x
of the 1 s budget); a 400-page .docx read; the PDF budgets (a 100-page read, four PDF policies
merged; they need LibreOffice to print the PDFs); consolidation of 4 x 100 and 4 x 400 pages to
the draft plan (in process); the first window of `main.py --demo`; last, python-redlines' time
on the 400-page pair in the same run, alternating with ours, and the ratio (the peer's budget).
The machine (CPU, cores, system, Python) and its load average before and after are printed with
the table: on a shared machine, anything else running shows up in the figures.

Child processes run with Python's compiled bytecode cached, as an installed app runs and as a
second start from source does (the first start from source also compiles the modules: about
0.1 s more); a warm-up run before each timed series writes the cache.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_pairs import OUT, make_pair  # noqa: E402
from bench.timing import CHILD_ENV, RUNS, run_once, whole_process  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COMPARE_BUDGETS = {5: 0.4, 400: 1.0}  # seconds, whole process (issue #17, DESIGN.md)
SINGLE_PROCESS_FACTOR = 1.5  # where no child can be forked (Windows): within 1.5x of 400p's
# `compare` as it runs where fork is missing (Windows): one process reads, compares and writes
SINGLE_PROCESS = ("import sys; sys.path.insert(0, '.'); import consolidator.parallel as p; "
                  "p.can_fork = lambda: False; import consolidator.writers.redline as r; "
                  "r.can_fork = p.can_fork; from ui.launcher import main; main(sys.argv[1:])")
PEER_RATIO_BUDGET = 0.04  # our 400-page redline over python-redlines' (Docxodus) time
READ_BUDGET = 0.5  # a 400-page .docx, in process

# The peer: python-redlines (Docxodus engine when present, else Open-XML-PowerTools), run as a
# whole process like ours. Never a project dependency: it is looked for in this interpreter, or in
# the one named by PYTHON_REDLINES_PYTHON (e.g. a separate venv with python-redlines[docxodus]).
PEER_CODE = """
import sys
from python_redlines import engines
engine = getattr(engines, "DocxodusEngine", None) or engines.XmlPowerToolsEngine
try:
    engine = engine()
except Exception:
    engine = engines.XmlPowerToolsEngine()
result = engine.run_redline("bench", open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read())
open(sys.argv[3], "wb").write(result[0] if isinstance(result, tuple) else result)
"""


def find_peer() -> str | None:
    """Returns the interpreter that has python-redlines, or None."""
    for python in (os.environ.get("PYTHON_REDLINES_PYTHON"), sys.executable):
        if python and subprocess.run([python, "-c", "import python_redlines"],
                                     capture_output=True).returncode == 0:
            return python
    return None


Row = tuple[str, float, float | None]  # job, median seconds (or a ratio), budget


def compare_rows(runs: int) -> list[Row]:
    """Returns the redline rows: the 5- and 400-page pairs, and the 400 pages in one process."""
    rows: list[Row] = []
    for pages in (5, 400):
        rows.append((f"compare {pages}p -> redline.docx", whole_process(_ours(pages), runs),
                     COMPARE_BUDGETS[pages]))
    old, new = make_pair(400)
    single = [sys.executable, "-c", SINGLE_PROCESS, "compare", str(old), str(new), "-o",
              str(OUT / "redline-400p-single.docx")]
    rows.append(("compare 400p, one process (as on Windows)", whole_process(single, runs),
                 SINGLE_PROCESS_FACTOR * COMPARE_BUDGETS[400]))
    return rows


def peer_rows(runs: int, peer_python: str, peer_runs: int) -> list[Row]:
    """Returns python-redlines' time on the 400-page pair and our ratio to it, its runs
    alternating with ours so that both see the same machine. Timed last: the peer's runtime
    keeps the machine busy for a while after it exits, which slowed the rows timed after it."""
    old, new = make_pair(400)
    ours = _ours(400)
    peer = [peer_python, "-c", PEER_CODE, str(old), str(new), str(OUT / "peer-400p.docx")]
    run_once(ours)
    run_once(peer)
    times, peer_times = [], []
    for n in range(max(runs, peer_runs)):  # A B A B ...
        if n < runs:
            times.append(run_once(ours))
        if n < peer_runs:
            peer_times.append(run_once(peer))
    median, peer_median = statistics.median(times), statistics.median(peer_times)
    return [(f"python-redlines 400p ({len(peer_times)} runs)", peer_median, None),
            ("ours / python-redlines (ratio, alternating)", median / peer_median,
             PEER_RATIO_BUDGET)]


def _ours(pages: int) -> list[str]:
    old, new = make_pair(pages)
    return [sys.executable, "main.py", "compare", str(old), str(new), "-o",
            str(OUT / f"redline-{pages}p.docx")]


def read_rows(runs: int) -> list[Row]:
    old400, _ = make_pair(400)
    from consolidator.readers import read_document

    read_document(old400)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_document(old400)
        times.append(time.perf_counter() - start)
    return [("read 400p .docx (in process)", statistics.median(times), READ_BUDGET)]


def consolidation_rows(runs: int) -> list[Row]:
    from bench.bench_consolidate import BUDGETS, measure

    return [(f"consolidate 4 x {pages}p to the draft plan", measure(pages, runs)["total to draft"],
             budget) for pages, budget in BUDGETS.items()]


def startup_rows(runs: int) -> list[Row]:
    from bench.bench_startup import BUDGET, first_paint

    env = dict(CHILD_ENV)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    first_paint(env)  # warm-up
    return [("first window (main.py --demo)",
             statistics.median(first_paint(env) for _ in range(runs)), BUDGET)]


def machine() -> str:
    """Returns the CPU model, cores, system and Python this runs on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info
                        if line.startswith("model name")), cpu)
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def load() -> str:
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "load average not known"


def print_table(rows: list[Row]) -> None:
    print(f"| {'job':44} | {'median':>9} | {'budget':>8} | ok   |")
    print(f"|{'-' * 46}|{'-' * 11}|{'-' * 10}|------|")
    for name, value, budget in rows:
        ratio = "ratio" in name
        shown = f"{value:.3f}" if ratio else f"{value:.3f} s"
        limit = "" if budget is None else (f"{budget:.2f}" if ratio else f"{budget:.2f} s")
        verdict = "" if budget is None else ("pass" if value <= budget else "MISS")
        print(f"| {name:44} | {shown:>9} | {limit:>8} | {verdict:4} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--peer-runs", type=int, default=3,
                        help="python-redlines runs on the 400-page pair (about 30 s each)")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--skip-gui", action="store_true", help="leave out the first window")
    args = parser.parse_args()
    peer_python = None if args.skip_peer else find_peer()
    print("machine:", machine())
    print("python-redlines:", peer_python or "not timed (set PYTHON_REDLINES_PYTHON)")
    before = load()
    rows = compare_rows(args.runs)
    rows += read_rows(args.runs)
    if shutil.which("soffice"):  # the PDFs are printed by LibreOffice (bench/make_pdfs.py)
        from bench.bench_pdf import speed_rows

        rows += [row for row in speed_rows(args.runs) if row[2] is not None]
    else:
        print("PDF rows left out: LibreOffice (soffice) prints the PDFs and is not installed")
    rows += consolidation_rows(args.runs)
    if not args.skip_gui:
        rows += startup_rows(args.runs)
    if peer_python is not None and args.peer_runs >= 1:
        rows += peer_rows(args.runs, peer_python, args.peer_runs)
    print(f"{before} before, {load()} after; medians of {args.runs} runs")
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
