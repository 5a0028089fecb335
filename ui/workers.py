"""Background work: QRunnable workers with QObject signals, run by one TaskRunner per window.

The UI thread never parses, diffs or writes files. It hands a function to `TaskRunner.submit`;
the function runs on a pool thread with a TaskContext (progress, cancel check, partial results)
and its outcome comes back on the UI thread through signals. The runner keeps a strong reference
to every worker until it finishes and drops results that a newer request made stale.
"""

from __future__ import annotations

import itertools
import time
import traceback
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from consolidator.errors import Cancelled, LoadError
from consolidator.model import SourceDocument
from consolidator.sections import listed_sections
from ui.process import collections_paused

SUPPORTED_SUFFIXES = (".docx", ".docm", ".dotx", ".odt", ".pdf", ".doc", ".rtf", ".md",
                      ".markdown", ".txt")
_PROGRESS_INTERVAL = 0.05  # seconds between progress signals: enough for a smooth bar


class TaskContext:
    """What a task function gets: progress reporting, the cancel check, and partial results."""

    def __init__(self, signals: WorkerSignals) -> None:
        self._signals = signals
        self._cancelled = False
        self._last_progress = 0.0

    def progress(self, fraction: float, message: str = "") -> None:
        """Reports progress (0..1); matches consolidator.progress.Progress. Throttled."""
        now = time.monotonic()
        if fraction < 1.0 and now - self._last_progress < _PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self._signals.progress.emit(float(fraction), message)

    def is_cancelled(self) -> bool:
        """Returns True once the user pressed Cancel; matches consolidator.progress.CancelCheck."""
        return self._cancelled

    def cancel(self) -> None:
        self._cancelled = True

    def emit(self, partial: object) -> None:
        """Sends a partial result to the UI thread (e.g. one loaded document of several)."""
        self._signals.partial.emit(partial)


class WorkerSignals(QObject):
    """The signals of one Worker; lives on the UI thread so its slots run there."""

    progress = Signal(float, str)
    partial = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object, str)  # the exception, the formatted traceback
    cancelled = Signal()
    finished = Signal()


class Worker(QRunnable):
    """Runs `function(context)` on a pool thread and reports through `signals`."""

    def __init__(self, function: Callable[[TaskContext], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the TaskRunner owns it until `finished`
        self.signals = WorkerSignals()
        self.context = TaskContext(self.signals)
        self._function = function

    def run(self) -> None:
        # The function (and whatever its closure holds: inputs of tens of MB) is dropped as
        # soon as it has run, and the result once sent: the runner keeps this object alive
        # until its thread has returned from run(), which may be long after.
        function, self._function = self._function, None
        try:
            if self.context.is_cancelled() or function is None:
                raise Cancelled("Cancelled before it started.")
            result = function(self.context)
            function = None
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported to the UI thread, which decides what the user sees
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            if self.context.is_cancelled():
                self.signals.cancelled.emit()
            else:
                self.signals.succeeded.emit(result)
            result = None
        finally:
            function = None
            self.signals.finished.emit()


@dataclass(eq=False)
class Task:
    """A submitted piece of work, as the UI sees it."""

    id: int
    description: str
    channel: str | None
    generation: int
    worker: Worker
    on_result: Callable[[Any], None] | None = None
    on_error: Callable[[Exception, str], None] | None = None
    on_partial: Callable[[Any], None] | None = None
    on_cancelled: Callable[[], None] | None = None
    stale: bool = False
    done: bool = False
    relay: QObject | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self.worker.context.cancel()

    def release(self) -> None:
        """Drops the callbacks (and whatever they hold) once everything is delivered."""
        self.on_result = self.on_error = self.on_partial = self.on_cancelled = None


class TaskRunner(QObject):
    """Runs tasks on a thread pool and reports the combined state for the status bar.

    A task submitted on a `channel` supersedes earlier tasks of the same channel: they are
    cancelled and whatever they still deliver is dropped (the stale-result guard).
    """

    busy_changed = Signal(bool)
    progress = Signal(float, str)  # of the most recent running task
    task_started = Signal(str)
    task_finished = Signal(str)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._tasks: dict[int, Task] = {}  # strong references until `finished`
        self._generations: dict[str, int] = {}
        self._ids = itertools.count(1)
        # Finished workers whose pool thread may still be returning from run(): kept alive
        # (an empty shell: function and result already dropped) until the pool is idle.
        self._retired: list[Worker] = []

    def submit(
        self,
        function: Callable[[TaskContext], Any],
        *,
        description: str,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception, str], None] | None = None,
        on_partial: Callable[[Any], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        channel: str | None = None,
        supersede: bool = True,
    ) -> Task:
        """Returns the started Task; callbacks run on the UI thread, only if still current.

        With a `channel`, the task's results are dropped once `invalidate(channel)` is called;
        with `supersede` (the default) submitting does that to the channel's earlier tasks.
        """
        generation = 0
        if channel is not None:
            if supersede or channel not in self._generations:
                self.invalidate(channel)
            generation = self._generations[channel]
        was_busy = self.is_busy()
        worker = Worker(function)
        task = Task(next(self._ids), description, channel, generation, worker, on_result,
                    on_error, on_partial, on_cancelled)
        self._tasks[task.id] = task
        relay = _TaskRelay(self, task)  # a QObject on the UI thread: signals queue to it
        task.relay = relay
        signals = worker.signals
        signals.progress.connect(relay.on_progress)
        signals.partial.connect(relay.on_partial)
        signals.succeeded.connect(relay.on_succeeded)
        signals.failed.connect(relay.on_failed)
        signals.cancelled.connect(relay.on_cancelled)
        signals.finished.connect(relay.on_finished)
        self.task_started.emit(description)
        if not was_busy:
            self.busy_changed.emit(True)
        self.progress.emit(0.0, description)
        self._pool.start(worker)
        return task

    def invalidate(self, channel: str) -> None:
        """Cancels the channel's running tasks and marks whatever they deliver as stale."""
        self._generations[channel] = self._generations.get(channel, 0) + 1
        for task in self._tasks.values():
            if task.channel == channel:
                task.stale = True
                task.cancel()

    def cancel_all(self) -> None:
        for task in self._tasks.values():
            task.cancel()

    def is_busy(self) -> bool:
        return bool(self._tasks)

    def running(self) -> list[Task]:
        return list(self._tasks.values())

    def wait(self, msecs: int = -1) -> bool:
        """Blocks until the pool is idle (for shutdown and tests); returns False on timeout."""
        return self._pool.waitForDone(msecs)

    def _is_current(self, task: Task) -> bool:
        if task.stale:
            return False
        return task.channel is None or self._generations.get(task.channel) == task.generation

    def _deliver(self, task: Task, callback: Callable[..., None] | None, *args: Any) -> None:
        if callback is not None and self._is_current(task):
            callback(*args)

    def _on_progress(self, task: Task, fraction: float, message: str) -> None:
        if self._is_current(task):
            self.progress.emit(fraction, message or task.description)

    def _on_finished(self, task: Task) -> None:
        task.done = True
        self._tasks.pop(task.id, None)
        task.release()
        # The pool thread may still be returning from run(): the worker stays alive until no
        # pool thread is running anything (checked, never waited for, on the UI thread).
        self._retired.append(task.worker)
        if self._pool.activeThreadCount() == 0:
            self._retired.clear()
        self.task_finished.emit(task.description)
        if not self._tasks:
            self.busy_changed.emit(False)


class _TaskRelay(QObject):
    """Receives one worker's signals on the UI thread and hands them to the runner.

    Signals already queued when the window (and so the runner) is destroyed are dropped: a
    closed window's late results must never reach deleted widgets.
    """

    def __init__(self, runner: TaskRunner, task: Task) -> None:
        super().__init__()  # no parent: the task holds it; it must not outlive the runner's loop
        self._runner = runner
        self._task = task

    def _live_runner(self) -> TaskRunner | None:
        return self._runner if shiboken6.isValid(self._runner) else None

    @Slot(float, str)
    def on_progress(self, fraction: float, message: str) -> None:
        if runner := self._live_runner():
            runner._on_progress(self._task, fraction, message)

    @Slot(object)
    def on_partial(self, partial: object) -> None:
        if runner := self._live_runner():
            runner._deliver(self._task, self._task.on_partial, partial)

    @Slot(object)
    def on_succeeded(self, result: object) -> None:
        if runner := self._live_runner():
            runner._deliver(self._task, self._task.on_result, result)

    @Slot(object, str)
    def on_failed(self, error: object, details: str) -> None:
        if runner := self._live_runner():
            runner._deliver(self._task, self._task.on_error, error, details)

    @Slot()
    def on_cancelled(self) -> None:
        if runner := self._live_runner():
            runner._deliver(self._task, self._task.on_cancelled)

    @Slot()
    def on_finished(self) -> None:
        if runner := self._live_runner():
            runner._on_finished(self._task)


# --- Loading documents ------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadOutcome:
    """One file's result: the document (with what the panel shows) or the LoadError."""

    path: str
    document: SourceDocument | None = None
    error: LoadError | None = None
    words: int = 0


ReadFunction = Callable[..., SourceDocument]


def load_documents(paths: list[str], read: ReadFunction
                   ) -> Callable[[TaskContext], list[LoadOutcome]]:
    """Returns a task function that reads `paths` in turn, emitting a LoadOutcome for each."""

    def task(context: TaskContext) -> list[LoadOutcome]:
        outcomes: list[LoadOutcome] = []
        count = len(paths)
        for number, path in enumerate(paths):
            name = Path(path).name

            def step(fraction: float, message: str = "", n: int = number, name: str = name) -> None:
                context.progress((n + fraction) / count, f"Reading {name}")

            step(0.0)
            try:
                with _collections_paused_for(path):
                    document = read(path, progress=step, cancel=context.is_cancelled)
                    listed_sections(document)  # for Compare's section pickers
            except LoadError as exc:
                outcome = LoadOutcome(path=path, error=exc)
            else:
                outcome = LoadOutcome(path=path, document=document,
                                      words=document.word_count())
            if context.is_cancelled():
                raise Cancelled("Loading was cancelled.")
            outcomes.append(outcome)
            context.emit(outcome)
        context.progress(1.0, "Done")
        return outcomes

    return task


def _collections_paused_for(path: str):
    """Returns the context to read `path` in: with cyclic collections paused (ui.process), as
    reading a large policy would otherwise trigger full collections that hold the UI thread
    100-250 ms; not for a PDF, whose reader leaves reference cycles (ctypes buffer types) that
    must be collected, not frozen. tests/core/test_readers_leave_no_cycles.py holds the rest
    to that."""
    return nullcontext() if Path(path).suffix.lower() == ".pdf" else collections_paused()


def supported_files(folder: str | Path) -> list[str]:
    """Returns the documents directly inside `folder` that the app can read, sorted by name.

    Word's lock files ("~$Policy.docx") and hidden files are skipped.
    """
    out = []
    for entry in sorted(Path(folder).iterdir(), key=lambda p: p.name.lower()):
        if entry.name.startswith(("~$", ".")):
            continue
        if entry.is_file() and entry.suffix.lower() in SUPPORTED_SUFFIXES:
            out.append(str(entry))
    return out
