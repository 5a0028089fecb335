"""GUI budgets: 4 x 400-page policies loaded and drafted in the window — peak memory, UI stalls.

    uv run python bench/bench_gui.py [--no-decisions] [--no-compare] [--stacks]

Opens the main window offscreen with every view installed, adds four distinct 400-page policies
(generated once under bench/out/), waits until loading and the Consolidate view's draft are done,
then prints the peak resident memory of the process and the longest gap between ticks of a
10 ms UI-thread timer (a stall the user would feel). Budgets (DESIGN.md): <= 500 MB peak,
no UI-thread stall over 100 ms.

It also prints how long each background task took (tasks overlap: the machine has two cores)
and, unless --no-decisions, a second phase with the draft shown: decisions made in the
Consolidate view, once it is shown with a clause of the largest chapter selected (exclude the
clause, rename the chapter, undo, undo, redo), each followed until the outline shows it, with
the stalls of that phase and the time from the click to the outline.

A third phase (unless --no-compare) opens the Compare view, which compares the first two
policies (two unrelated 400-page documents: the worst case for the move search) only once it is
shown and loading has finished: the time until the comparison is on screen and that phase's
stalls. The peak memory covers every phase. --stacks samples where the UI thread is during
each stall and prints the commonest places (for finding what blocks it).
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
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


def stall_lines(gaps: list[float]) -> list[str]:
    worst = max(gaps) * 1000 if gaps else 0.0
    lines = [f"longest UI stall   {worst:7.0f} ms   budget 100 ms   "
             f"{'ok' if worst <= 100 else 'OVER'}"]
    slow = sorted(g * 1000 for g in gaps if g > 0.1)
    if slow:
        lines.append(f"stalls over 100 ms: {len(slow)} (longest {[round(s) for s in slow[-3:]]})")
    return lines


def _watch_stalls(last: list[float]):
    """Samples, from another thread, where the UI thread and the workers are while no tick has
    come for over 100 ms (the worker holding the interpreter is what blocks the UI thread);
    returns the Counter it fills (innermost frames of this app's code, by thread)."""
    import collections
    import threading
    import traceback

    main_id = threading.get_ident()
    seen: collections.Counter = collections.Counter()

    def watch() -> None:
        while True:
            time.sleep(0.02)
            if time.perf_counter() - last[0] < 0.1:
                continue
            names = {t.ident: t.name for t in threading.enumerate()}
            for ident, frame in sys._current_frames().items():
                if ident == threading.get_ident():
                    continue
                stack = traceback.extract_stack(frame)
                ours = [f for f in stack if "/consolidator/" in f.filename
                        or "/ui/" in f.filename][-3:] or stack[-1:]
                who = "UI" if ident == main_id else names.get(ident, "?")
                seen[f"[{who}] " + " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                                              for f in reversed(ours))] += 1

    threading.Thread(target=watch, daemon=True).start()
    return seen


def main() -> int:
    decisions = "--no-decisions" not in sys.argv[1:]
    compare = "--no-compare" not in sys.argv[1:]
    paths = four_policies()
    from PySide6.QtCore import QTimer

    from consolidator.consolidation.plan import Decision, DecisionKind
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

    gaps: list[float] = []  # of the phase being measured
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    # How long each background task took, by description (started and finished in turn).
    task_starts: dict[str, list[float]] = defaultdict(list)
    task_times: dict[str, list[float]] = defaultdict(list)
    window.runner.task_started.connect(
        lambda description: task_starts[description].append(time.perf_counter()))
    window.runner.task_finished.connect(lambda description: task_times[description].append(
        time.perf_counter() - task_starts[description].pop(0)))

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    stalled_in = _watch_stalls(last) if "--stacks" in sys.argv else None
    start = time.perf_counter()
    window.add_files([str(p) for p in paths])
    results: dict[str, object] = {}

    def when_idle(then) -> None:
        """Calls `then` once the runner has been idle for a second."""
        idle_since = [None]

        def check() -> None:
            if window.runner.is_busy():
                idle_since[0] = None
            elif idle_since[0] is None:
                idle_since[0] = time.perf_counter()
            elif time.perf_counter() - idle_since[0] > 1.0:
                then()
                return
            QTimer.singleShot(20, check)

        QTimer.singleShot(50, check)

    def drafted() -> None:
        results["elapsed"] = time.perf_counter() - start - 1.0
        results["gaps"] = list(gaps)
        if decisions:
            decide()
        elif compare:
            open_compare()
        else:
            app.quit()

    # --- phase 2: decisions with the draft shown --------------------------------------------
    view = window.views.get("consolidate")
    latencies: list[float] = []

    def decide() -> None:
        store = view.store
        chapters = [s for s in store.resolved.sections if not s.excluded]
        biggest = max(chapters, key=lambda s: len(s.clauses))
        clause = biggest.clauses[len(biggest.clauses) // 2]
        steps = [
            lambda: view.apply_decisions([Decision(DecisionKind.EXCLUDE, clause.id)],
                                         "Exclude clause"),
            lambda: view.apply_decisions([Decision(DecisionKind.RENAME, biggest.id,
                                                   biggest.title + " (renamed)")], "Rename"),
            window.undo_stack.undo,
            window.undo_stack.undo,
            window.undo_stack.redo,
        ]

        def finish() -> None:
            window.undo_stack.setClean()  # no "Save changes?" when the app quits
            results["decision_gaps"] = list(gaps)
            if compare:
                open_compare()
            else:
                app.quit()

        def next_step() -> None:
            if not steps:
                when_idle(finish)
                return
            clicked = time.perf_counter()
            steps.pop(0)()

            def shown() -> None:
                if getattr(store, "is_preparing", lambda: False)():
                    QTimer.singleShot(5, shown)
                    return
                latencies.append(time.perf_counter() - clicked)
                when_idle(next_step)

            shown()

        def start() -> None:
            gaps.clear()
            last[0] = time.perf_counter()
            next_step()

        # The author opens the view and picks a clause in the largest chapter; then decides.
        window.show_view("consolidate")
        view.select_item(clause.id)
        when_idle(start)

    # --- phase 3: the author opens the Compare view ----------------------------------------
    compare_view = window.views.get("compare")

    def open_compare() -> None:
        gaps.clear()
        last[0] = clicked = time.perf_counter()

        def shown(_presentation) -> None:
            results["compare"] = time.perf_counter() - clicked
            results["compare_paint"] = getattr(compare_view, "first_paint_ms", 0.0)
            when_idle(app.quit)

        compare_view.comparison_shown.connect(shown)
        window.show_view("compare")

    when_idle(drafted)
    QTimer.singleShot(600_000, app.quit)
    app.exec()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    loaded = len(window.sources_model.documents())
    words = sum(d.word_count() for d in window.sources_model.documents())
    elapsed = results.get("elapsed", time.perf_counter() - start)
    print(f"{loaded} policies, {words:,} words (~{words // 450} pages) loaded and drafted "
          f"in {elapsed:.1f} s")
    print(f"peak memory        {peak_mb:7.0f} MB   budget 500 MB   "
          f"{'ok' if peak_mb <= 500 else 'OVER'}")
    for line in stall_lines(results.get("gaps", gaps)):
        print(line)
    print("tasks: " + "; ".join(
        f"{description} {sum(times):.1f} s" + (f" ({len(times)} runs)" if len(times) > 1 else "")
        for description, times in task_times.items()))
    if decisions and latencies:
        print(f"decisions with the draft shown: {len(latencies)}, outline updated after "
              f"{statistics.median(latencies) * 1000:.0f} ms median, "
              f"{max(latencies) * 1000:.0f} ms at most")
        for line in stall_lines(results.get("decision_gaps", gaps)):
            print("  " + line)
    if "compare" in results:
        print(f"Compare view opened: the first two policies compared and shown after "
              f"{results['compare']:.1f} s (on a worker); showing it took the UI thread "
              f"{results['compare_paint']:.0f} ms")
        for line in stall_lines(gaps):
            print("  " + line)
    window.close()
    if stalled_in is not None:
        print("where the UI thread was during stalls (samples, innermost app frames):")
        for where, count in stalled_in.most_common(30):
            print(f"  {count:4d}  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
