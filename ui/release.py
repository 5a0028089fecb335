"""Letting go of large results off the UI thread.

Python frees an object graph in one uninterruptible step: dropping the last reference to a
merged document of four 400-page policies takes 40-50 ms, during which no other thread runs.
On the UI thread that is a stall the author feels, every time the preview or the outline is
replaced. A view that replaces a large result hands the old one to `let_go`; a background
thread frees it a piece at a time, so the UI thread can take the interpreter between pieces.
"""

from __future__ import annotations

import gc
import queue
import sys
import threading
import time
from collections import Counter
from typing import Any

_queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
_thread: threading.Thread | None = None
_start_lock = threading.Lock()


def let_go(*objects: Any) -> None:
    """Drops the caller's interest in `objects`: whatever only they held is freed later, on a
    background thread, in small pieces. Objects still held elsewhere are left as they are."""
    _ensure_thread()
    for obj in objects:
        if obj is not None:
            _queue.put(obj)


def pieces_of(root: Any, opened: int = 5_000) -> list[Any]:
    """Returns containers that would be freed with `root` (held only by `root` or by each
    other), `root` first and each one before what it holds: the first `opened` of them, taken
    breadth first, and what they hold. Freeing the pieces in order frees a little at a time:
    each unopened piece frees its own part of the graph (small, deep down in it)."""
    pieces = [root]
    shared: dict[int, list[Any]] = {}  # id -> [object, references from pieces so far]
    n = 0
    while n < min(len(pieces), opened):
        referents = gc.get_referents(pieces[n])
        n += 1
        times: Counter[int] | None = None
        for obj in referents:
            if not gc.is_tracked(obj):
                continue  # plain values: freed with their container, no chain to follow
            # references beyond the container's: the list's, `obj` and getrefcount's argument
            if sys.getrefcount(obj) == 4 and id(obj) not in shared:
                pieces.append(obj)  # held by this container alone
                continue
            if times is None:
                times = Counter(map(id, referents))
            if _held_by_pieces_alone(obj, times, shared):
                pieces.append(obj)
    return pieces


def _held_by_pieces_alone(obj: Any, times: Counter[int], shared: dict[int, list[Any]]) -> bool:
    """Counts a container's references to `obj` (once per container); returns True when, with
    them, every reference to `obj` comes from the pieces."""
    key = id(obj)
    entry = shared.get(key)
    if entry is None:
        entry = shared[key] = [obj, 0]
    elif entry[1] < 0 or key not in times:
        return False  # a piece already, or counted for this container
    held = times.pop(key)
    entry[1] += held
    # beyond the pieces': the entry's, the container's list's, `obj`, the caller's `obj`, and
    # getrefcount's argument
    if sys.getrefcount(obj) - 4 - held > entry[1]:
        return False
    entry[1] = -1
    return True


def free_in_pieces(pieces: list[Any]) -> None:
    """Frees the list's objects one by one, from the front: each one's children are still
    held by the list, so each step frees one container and the plain values in it."""
    for n in range(len(pieces)):
        pieces[n] = None


def _ensure_thread() -> None:
    global _thread
    with _start_lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="let-go", daemon=True)
            _thread.start()


_WAITS, _WAIT = 10, 0.01  # how long the caller's own reference may take to go (a local)


def _run() -> None:
    while True:
        obj = _queue.get()
        if _held_here_alone(obj):
            pieces = pieces_of(obj)
            del obj
            free_in_pieces(pieces)
            del pieces
        else:
            del obj


def _held_here_alone(obj: Any) -> bool:
    """Returns True once only this thread holds `obj`, waiting up to a tenth of a second for
    the caller's last reference (a local variable of the function that let it go)."""
    for _ in range(_WAITS):
        # held by _run's `obj`, this function's, and getrefcount's argument
        if sys.getrefcount(obj) <= 3:
            return True
        time.sleep(_WAIT)
    return False
