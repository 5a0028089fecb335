"""Times compare (whole process, median of 5) and a 400-page read against the DESIGN budgets."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_pairs import OUT, SIZES, make_pair  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
BUDGETS = {5: 0.4, 400: 1.5}  # seconds, whole process (DESIGN.md)
READ_BUDGET = 0.5


def whole_process(args: list[str], runs: int = RUNS) -> float:
    """Returns the median wall time of running `args` `runs` times (each must exit 0)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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


def main() -> int:
    python = sys.executable
    peer_python = find_peer()
    print("python-redlines:", peer_python or "not installed (set PYTHON_REDLINES_PYTHON)")
    rows = []
    for pages in SIZES:
        old, new = make_pair(pages)
        out = OUT / f"redline-{pages}p.docx"
        t = whole_process([python, "main.py", "compare", str(old), str(new), "-o", str(out)])
        budget = BUDGETS.get(pages)
        rows.append((f"compare {pages}p -> redline.docx", t, budget))
        if peer_python is None:
            continue
        peer = whole_process([peer_python, "-c", PEER_CODE, str(old), str(new),
                              str(OUT / f"peer-{pages}p.docx")], runs=1)
        rows.append((f"  python-redlines {pages}p (ratio {peer / t:.1f}x)", peer, None))
    old400, _ = make_pair(400)
    code = "import sys; from consolidator.readers import read_document; read_document(sys.argv[1])"
    rows.append(("read 400p .docx (whole process)",
                 whole_process([python, "-c", code, str(old400)]), None))
    from consolidator.readers import read_document

    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        read_document(old400)
        times.append(time.perf_counter() - start)
    rows.append(("read 400p .docx (in process)", statistics.median(times), READ_BUDGET))
    if shutil.which("soffice"):  # the PDFs are printed by LibreOffice (bench/make_pdfs.py)
        from bench.bench_pdf import speed_rows

        rows.extend(speed_rows(RUNS))
    print(f"{'job':44} {'median s':>9} {'budget s':>9}  ok")
    for name, seconds, budget in rows:
        verdict = "" if budget is None else ("yes" if seconds <= budget else "NO")
        shown = "" if budget is None else f"{budget:.2f}"
        print(f"{name:44} {seconds:9.3f} {shown:>9}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
