"""Run one function in a forked child while this process goes on (the command line's second core).

Reading, diffing and writing are CPU-bound Python, so threads would not overlap them; a forked
child does, and inherits everything already in memory for free. Only for single-threaded callers
(the command line): forking a process with running threads is unsafe, so there, and where fork is
unavailable (Windows) or only one CPU is present, the function simply runs here when its result
is asked for. A child that fails for any reason is ignored the same way, so errors surface in
this process as usual.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Returns True when a forked child can run beside this process on a spare CPU."""
    return (hasattr(os, "fork") and (os.cpu_count() or 1) >= 2
            and threading.active_count() == 1)


class Forked(Generic[T]):
    """`fn()` started in a forked child; `result()` waits for it (or runs fn here as a fallback).

    The result travels back pickled through a pipe, so it should be plain data (str, bytes,
    tuples of numbers), not objects this process already holds.
    """

    def __init__(self, fn: Callable[[], T]) -> None:
        self.fn = fn
        self.pid = 0
        self.pipe = -1
        if not can_fork():
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run, send the pickled result, exit without any cleanup
            status = 1
            try:
                os.close(read_end)
                data = pickle.dumps(fn(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid, self.pipe = pid, read_end

    @property
    def forked(self) -> bool:
        return self.pid > 0

    def result(self) -> T:
        """Returns fn()'s result: the child's when it succeeded, else computed here."""
        if not self.pid:
            return self.fn()
        pid, self.pid = self.pid, 0
        data = b""
        status = 1
        try:
            with os.fdopen(self.pipe, "rb") as pipe:
                data = pipe.read()
        finally:
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        if status == 0 and data:
            try:
                return pickle.loads(data)
            except Exception:  # noqa: BLE001  (a damaged message: do the work here instead)
                pass
        return self.fn()
