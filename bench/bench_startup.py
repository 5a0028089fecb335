"""Time to the first window: `python main.py --demo` from process start to the main window's
first paint (budget 0.8 s, DESIGN.md).

    uv run python bench/bench_startup.py [--runs 7] [--imports]

Each run starts a fresh interpreter that runs main.py's own code path; a hook added to the main
window (after it is built, so nothing is imported early) reports the first paint of a shown,
exposed window on stdout, and the process ends there. The time is taken in this process from
just before the child starts to that line. Offscreen (QT_QPA_PLATFORM=offscreen) unless a
display is set. --imports prints the child's slowest imports (python -X importtime) instead.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 0.8

CHILD = r"""
import os, sys
sys.argv = ["main.py", "--demo"]
sys.path.insert(0, os.getcwd())
import ui.app as app

build = app.build_main_window

def build_and_watch(*args, **kwargs):
    from PySide6.QtCore import QEvent, QObject

    window = build(*args, **kwargs)

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and watched.isVisible():
                handle = watched.windowHandle()
                if handle is not None and handle.isExposed():
                    sys.stdout.write("painted\n")
                    sys.stdout.flush()
                    os._exit(0)
            return False

    window._first_paint = FirstPaint(window)
    window.installEventFilter(window._first_paint)
    return window

app.build_main_window = build_and_watch
import main  # noqa: F401  (main.py's imports, as `python main.py` runs them)
from ui.launcher import main as launch
sys.exit(launch(sys.argv[1:]))
"""


def first_paint(env: dict[str, str]) -> float:
    """Returns the seconds from starting the child to its window's first paint."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.kill()
    child.wait()
    if line.strip() != "painted":
        raise SystemExit(f"the window was not painted: {child.stderr.read()[-2000:]}")
    return elapsed


def slowest_imports(env: dict[str, str], count: int = 25) -> None:
    """Prints the child's imports that take longest, their own imports included."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", CHILD], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    rows = []
    for text in result.stderr.splitlines():
        parts = [part.strip() for part in text.removeprefix("import time:").split("|")]
        if text.startswith("import time:") and len(parts) == 3 and parts[1].isdigit():
            rows.append((int(parts[1]), parts[2]))
    for cumulative, name in sorted(rows, reverse=True)[:count]:
        print(f"{cumulative / 1000:8.1f} ms  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--imports", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.imports:
        slowest_imports(env)
        return 0
    first_paint(env)  # a warm-up: the file cache, as a second start of the app finds it
    times = sorted(first_paint(env) for _ in range(args.runs))
    median = statistics.median(times)
    print(f"first window (--demo), {args.runs} runs: median {median:.3f} s, "
          f"min {times[0]:.3f} s, max {times[-1]:.3f} s; budget {BUDGET:.1f} s "
          f"{'ok' if median <= BUDGET else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
