"""AppContext: what a work-area view may use of the application, instead of the main window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QUndoStack

from consolidator.model import SourceDocument
from ui.problems import Problem


@dataclass(frozen=True)
class AppContext:
    """The window's services a view needs, each a small callable or object."""

    run_task: Callable[..., Any]  # MainWindow.run_task: a function on a worker, with progress
    undo_stack: QUndoStack
    documents: Callable[[], list[SourceDocument]]  # the policies loaded, in order
    loading: Callable[[], bool]  # policies are still being read
    stop: Callable[[str], None]  # cancels and forgets the tasks of a channel
    status: Callable[[str, int], None]  # a status-bar message for so many milliseconds
    set_problems: Callable[[str, list[Problem]], None]  # a provider's Problems-dock entries
    show_view: Callable[[str], None]  # brings a work-area view to the front

    @staticmethod
    def of(window) -> AppContext:
        """Returns the context of a MainWindow."""
        return AppContext(
            run_task=window.run_task,
            undo_stack=window.undo_stack,
            documents=window.sources_model.documents,
            loading=lambda: any(t.channel == "sources" for t in window.runner.running()),
            stop=window.runner.invalidate,
            status=lambda text, ms: window.statusBar().showMessage(text, ms),
            set_problems=window.problems.set_problems,
            show_view=window.show_view,
        )
