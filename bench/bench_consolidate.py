"""Benchmark: 4 policies loaded, aligned, clustered, checked for conflicts, drafted.

Run: uv run python bench/bench_consolidate.py [--runs 5] [--pages 100]. Budgets (issue #17):
4 x 100 pages <= 1.2 s to the draft plan, 4 x 400 pages <= 5 s (in process, every conflict
check included; the memos of clause texts are emptied before each run). Aligning, comparing and
drafting run with the cyclic garbage collector paused, as the app runs them
(ui/process.collections_paused) and as the command line does (no collection in a headless job).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consolidator.consolidation.align import align_sections  # noqa: E402
from consolidator.consolidation.clauses import analyse_clauses  # noqa: E402
from consolidator.consolidation.draft import draft_plan  # noqa: E402
from consolidator.consolidation.merge import consolidate  # noqa: E402
from consolidator.readers import read_document  # noqa: E402

CHANNELS = {"Email": "email", "Internet": "the internet", "Social Media": "social media",
            "Mobile Phone": "mobile phones"}
TOPICS = ["Purpose", "Scope", "Definitions", "Acceptable use", "Personal use", "Monitoring",
          "Security", "Data protection", "Breaches of this policy", "Responsibilities",
          "Training", "Review"]
WORDS = ("council staff information system account device record service officer manager "
         "report access approve request retain delete secure protect network supplier "
         "resident member contract document message password login website download upload "
         "share publish comment review audit budget travel overtime vehicle building meeting "
         "agenda minute schedule project partner licence software hardware backup archive").split()
PARAGRAPHS_PER_PAGE = 16  # ~25 words a paragraph
BUDGETS = {100: 1.2, 400: 5.0}  # seconds to the draft plan, for 4 policies of so many pages


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def write_policy(folder: Path, name: str, channel: str, seed: int, shared: list[str],
                 pages: int = 100) -> Path:
    from docx import Document

    rng = random.Random(seed)
    doc = Document()
    doc.add_heading(f"{name} Policy", 0)
    per_topic = pages * PARAGRAPHS_PER_PAGE // len(TOPICS)
    for t, topic in enumerate(TOPICS):
        doc.add_heading(topic if seed % 2 else f"{topic} of {channel}", 1)
        for p in range(per_topic):
            if p % 10 == 0:  # a clause shared word for word
                text = shared[(t * 100 + p) % len(shared)]
            elif p % 10 == 1:  # a channel-parallel clause
                clause = shared[(t * 7 + p) % len(shared)].lower()
                text = f"Staff must not use {channel} to {clause}"
            elif p % 50 == 2:  # a planted period conflict: the same clause, another deadline
                local = random.Random(t * 1000 + p)
                what = " ".join(local.choice(WORDS) for _ in range(4))
                hours = 24 if seed % 2 else 48
                text = f"Incidents involving the {what} must be reported within {hours} hours."
            else:
                text = " ".join(sentence(rng) for _ in range(2))
            if p % 25 == 24:
                doc.add_heading(f"{topic} detail {p}", 2)
            doc.add_paragraph(text)
    path = folder / f"{name} Policy.docx"
    doc.save(path)
    return path


def clear_caches() -> None:
    """Empties the engine's memos of clause texts (functools caches in consolidator modules)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("consolidator."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def measure(pages: int, runs: int, show: bool = False) -> dict[str, float]:
    """Returns the median seconds of each stage for 4 policies of `pages` pages (every run
    with the memos emptied, as the first); `show` prints what was compared and each stage."""
    rng = random.Random(7)
    shared = [sentence(rng, 12) for _ in range(200)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = [write_policy(folder, name, channel, seed, shared, pages)
                 for seed, (name, channel) in enumerate(CHANNELS.items())]
        timings: list[dict[str, float]] = []
        for _ in range(runs):
            clear_caches()  # every run as the first: nothing remembered from the one before
            gc.collect()  # the last run's garbage, not this one's
            t0 = time.perf_counter()
            docs = [read_document(p) for p in paths]
            t1 = time.perf_counter()
            gc.disable()
            try:
                alignment = align_sections(docs)
                t2 = time.perf_counter()
                analysis = analyse_clauses(docs, alignment)
                t3 = time.perf_counter()
                plan = draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)
                t4 = time.perf_counter()
            finally:
                gc.enable()
            merged = consolidate(docs, plan)
            t5 = time.perf_counter()
            timings.append({"load": t1 - t0, "align": t2 - t1, "clauses+conflicts": t3 - t2,
                            "draft": t4 - t3, "total to draft": t4 - t0, "consolidate": t5 - t4})
    medians = {key: statistics.median(t[key] for t in timings) for key in timings[0]}
    if show:
        blocks = sum(len(d.blocks) for d in docs)
        words = sum(d.word_count() for d in docs)
        print(f"4 policies, {blocks} blocks, {words} words (~{words // 400} pages), "
              f"{len(alignment.topics)} topics, {len(analysis.index.units)} clause units, "
              f"{len(analysis.index.pairs)} pairs compared, {len(analysis.clusters)} clusters, "
              f"{len(analysis.conflicts)} conflicts, ledger {len(merged.ledger)} entries")
        for key in timings[0]:
            values = [t[key] for t in timings]
            print(f"  {key:18s} median {medians[key]:.3f} s "
                  f"(min {min(values):.3f}, max {max(values):.3f})")
    return medians


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=100, help="pages of each policy")
    args = parser.parse_args()
    total = measure(args.pages, args.runs, show=True)["total to draft"]
    budget = BUDGETS.get(args.pages)
    if budget is not None:
        print(f"budget <= {budget:.1f} s to the draft plan: "
              f"{'OK' if total <= budget else 'OVER'} ({total:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
