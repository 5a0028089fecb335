"""Timing whole processes for the benchmarks: medians of runs after a warm-up."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5

# Bytecode cached: the children may write and use __pycache__ (this machine's shell turns it off)
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(args: list[str]) -> float:
    """Returns the wall time of one run of `args` (which must exit 0)."""
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT, env=CHILD_ENV)
    return time.perf_counter() - start


def whole_process(args: list[str], runs: int = RUNS) -> float:
    """Returns the median wall time of running `args` `runs` times, after a warm-up run."""
    run_once(args)
    return statistics.median(run_once(args) for _ in range(runs))
