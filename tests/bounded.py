"""Runs a piece of Python in a child process bounded in time and memory, for hostile inputs."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

from tests.conftest import ROOT


@dataclass(frozen=True)
class Outcome:
    finished: bool  # False: killed at the time limit
    returncode: int
    stdout: str
    stderr: str


def run_bounded(code: str, *, seconds: float = 20, memory_mb: int = 1024) -> Outcome:
    """Returns how `code` ran in a child Python (the project on its path) limited to
    `memory_mb` of address space (where the OS offers resource limits) and `seconds`."""
    preexec = None
    if sys.platform != "win32":
        import resource

        cap = memory_mb << 20

        def preexec() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=preexec)
    try:
        out, err = process.communicate(timeout=seconds)
        return Outcome(True, process.returncode, out, err)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        return Outcome(False, -1, out, err)
