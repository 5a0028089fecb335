"""Process-wide policies, in one place: the garbage collector while the window works, how a
headless job leaves, how often workers hand over the interpreter, and the guard against
PySide6's stolen references. The launcher and the app start-up apply them; nothing else
changes process state.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn


def leave_now(code: int) -> NoReturn:
    """Ends a headless job that has written and closed its files: streams flushed, then out
    without freeing the documents one object at a time (a tenth of a second for a 400-page
    pair)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
    os._exit(code)


_paused = 0  # tasks running with automatic collections paused
_paused_lock = threading.Lock()


@contextmanager
def collections_paused() -> Iterator[None]:
    """Runs a computation that builds long-lived data without cyclic garbage collections, then
    moves everything alive out of the collector's way (gc.freeze()).

    A full collection walks every object with the GIL held. With four 400-page policies loaded
    that is millions of objects: 250-600 ms in which the UI thread cannot run, several times
    while drafting; and 100-250 ms, three times, while building each preview. The policies,
    the alignment, plans and merged documents hold no reference cycles, so frozen ones are
    still freed, by reference counting, once nothing uses them. A computation run here must
    leave no reference cycles behind (they would be frozen, never freed): consolidate() and
    draft_document() are tested for that. Collecting the young generation after it instead
    walked every object it made (140 ms with the UI thread held, at 4 x 400 pages, after every
    decision) and found nothing."""
    global _paused
    with _paused_lock:
        _paused += 1
        if _paused == 1:
            gc.freeze()  # the loaded policies, the plan shown
            gc.disable()
    try:
        yield
    finally:
        with _paused_lock:
            _paused -= 1
            gc.freeze()  # what the computation made (and whatever else is alive now)
            if _paused == 0:
                gc.enable()


UI_SWITCH_INTERVAL = 0.0005  # seconds; Python's default is 0.005


def favour_the_ui_thread() -> None:
    """Makes a worker running Python hand the interpreter to a waiting thread after 0.5 ms
    instead of 5 ms.

    Painting one frame calls from Qt into Python many times (every visible outline row, every
    timer and signal), and each call waits for the interpreter while a worker holds it. At
    4 x 400 pages, with the outline and the preview being prepared, those waits added up to
    stalls over 100 ms. Workers lose nothing measurable: they are only interrupted while
    another thread is waiting."""
    sys.setswitchinterval(UI_SWITCH_INTERVAL)


def guard_pyside_refcounts() -> bool:
    """Returns True after protecting None/True/False from PySide6's stolen references.

    PySide6 6.12 returns None, True and False from many calls (every void method, every
    `Signal.emit()`, `processEvents()`) without adding a reference: fine on Python 3.12+, where
    those objects are immortal, but on 3.11 each call takes one reference away and after a few
    thousand calls Python aborts ("deallocating None"). This gives the three singletons a huge
    reference count, which is what 3.12 does. It does nothing when the bug is absent.
    """
    if sys.version_info >= (3, 12) or getattr(guard_pyside_refcounts, "done", False):
        return False
    import ctypes

    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setObjectName("probe")
    if before - sys.getrefcount(None) < 16:
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    guard_pyside_refcounts.done = True  # type: ignore[attr-defined]
    return True
