"""GUI budgets: 4 x 400-page policies loaded and drafted in the window — peak memory, UI stalls.

    uv run python bench/bench_gui.py

Opens the main window offscreen with every view installed, adds four distinct 400-page policies
(generated once under bench/out/), waits until loading and the Consolidate view's draft are done,
then prints the peak resident memory of the process and the longest gap between ticks of a
10 ms UI-thread timer (a stall the user would feel). Budgets (DESIGN.md): <= 500 MB peak,
no UI-thread stall over 100 ms.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.make_pairs import OUT, edit_policy, make_policy, save_docx  # noqa: E402


def four_policies() -> list[Path]:
    """Returns four distinct ~400-page policies, generating the missing ones."""
    OUT.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(4):
        path = OUT / f"gui-policy-{n}-400p.docx"
        if not path.exists():
            rng = random.Random(1000 + n)
            save_docx(edit_policy(rng, make_policy(rng, 400)), path)
        paths.append(path)
    return paths


def main() -> int:
    paths = four_policies()
    from PySide6.QtCore import QTimer

    from ui.app import application
    from ui.main_window import MainWindow
    from ui.settings import Settings
    from ui.views import install_views

    app = application()
    scratch = Path(tempfile.mkdtemp(prefix="pc-bench-"))
    os.environ["POLICY_CONSOLIDATOR_DATA_DIR"] = str(scratch)
    window = MainWindow(Settings(scratch / "settings.ini"))
    install_views(window)
    window.resize(1400, 860)
    window.show()

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    start = time.perf_counter()
    window.add_files([str(p) for p in paths])
    idle_since = [None]

    def until_idle() -> None:
        if window.runner.is_busy():
            idle_since[0] = None
        elif idle_since[0] is None:
            idle_since[0] = time.perf_counter()
        elif time.perf_counter() - idle_since[0] > 1.0:  # idle for a second: draft done too
            app.quit()
            return
        QTimer.singleShot(20, until_idle)

    QTimer.singleShot(50, until_idle)
    QTimer.singleShot(300_000, app.quit)
    app.exec()
    elapsed = time.perf_counter() - start - 1.0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worst = max(gaps) * 1000 if gaps else 0.0
    loaded = len(window.sources_model.documents())
    words = sum(d.word_count() for d in window.sources_model.documents())
    print(f"{loaded} policies, {words:,} words (~{words // 450} pages) loaded and drafted "
          f"in {elapsed:.1f} s")
    print(f"peak memory        {peak_mb:7.0f} MB   budget 500 MB   "
          f"{'ok' if peak_mb <= 500 else 'OVER'}")
    print(f"longest UI stall   {worst:7.0f} ms   budget 100 ms   "
          f"{'ok' if worst <= 100 else 'OVER'}")
    slow = sorted(g * 1000 for g in gaps if g > 0.1)
    if slow:
        print(f"stalls over 100 ms: {len(slow)} (longest {slow[-3:]})")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
