"""TaskRunner: a finished task lets go of its result and callbacks at once, even while other
tasks still run, and finishing never waits on the UI thread for the pool."""

from __future__ import annotations

import gc
import threading
import time
import weakref

from ui.workers import TaskRunner


class Big:
    """Stands for a comparison or a plan: tens of MB in the real app."""


def test_a_finished_tasks_result_is_freed_while_another_task_runs(qtbot):
    runner = TaskRunner(max_threads=2)
    release = threading.Event()
    refs: list[weakref.ref] = []
    delivered: list[bool] = []

    def long(context):
        assert release.wait(20)
        return "long"

    def comparing(inputs: Big):
        """A task function as the views make them: a closure over its inputs (two policies)."""
        refs.append(weakref.ref(inputs))

        def task(context):
            result = Big()
            result.inputs = inputs  # a comparison refers to what it compared
            refs.append(weakref.ref(result))
            return result

        return task

    def showing(shown: Big):
        refs.append(weakref.ref(shown))  # what a callback holds (a view's state)
        return lambda result: delivered.append(isinstance(result, Big) and shown is not None)

    try:
        runner.submit(long, description="long", channel="a")
        task = runner.submit(comparing(Big()), description="short", on_result=showing(Big()),
                             channel="b")
        qtbot.waitUntil(lambda: task.done, timeout=10000)
        assert delivered == [True]
        assert runner.is_busy()  # the long task is still running
        gc.collect()
        qtbot.waitUntil(lambda: all(ref() is None for ref in refs), timeout=2000)
        assert task.on_result is None
    finally:
        release.set()
        qtbot.waitUntil(lambda: not runner.is_busy(), timeout=10000)
        assert runner.wait(5000)


def test_finishing_a_task_does_not_wait_for_the_pool(qtbot, monkeypatch):
    runner = TaskRunner(max_threads=1)
    waits: list[int] = []
    real_wait = runner._pool.waitForDone

    def recording(msecs=-1):
        waits.append(msecs)
        return real_wait(msecs)

    monkeypatch.setattr(runner._pool, "waitForDone", recording)
    task = runner.submit(lambda context: time.sleep(0.05), description="short")
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert waits == []
    assert runner.wait(5000)
