"""MainWindow: menus, toolbar, the welcome page or work area, the Sources and Problems docks.

Extension points for the views built elsewhere:
    window.add_view("compare", "Compare", widget)    fills a work-area slot, enables View > Compare
    window.bind_action("next_change", slot)          connects a menu action and enables it
    window.run_task(fn, description=..., on_result=...)   background work with progress + Cancel
    window.problems.set_problems("conflicts", [Problem(...)])   entries in the Problems dock
    window.navigate_requested                         emitted with a Problem's target
    window.sources_model.documents_changed            the loaded policies changed
    window.undo_stack                                 the shared QUndoStack
    window.close_guards.append(fn)                    fn() -> False keeps the window open
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import consolidator
from consolidator.consolidation.topics import with_channel
from consolidator.errors import LoadError
from consolidator.paths import path_key
from consolidator.session_files import split_session_files
from ui import shortcuts, theme
from ui.errors import plain_message, show_error, show_load_errors, show_notice
from ui.help import AboutDialog, HelpDialog, ShortcutsDialog
from ui.problems import Problem, ProblemsPanel, ProblemTarget
from ui.reader_problems import load_problems
from ui.settings import Settings
from ui.sources_model import PolicyKind, SourcesModel
from ui.sources_panel import SourcesPanel
from ui.welcome import WelcomePage
from ui.window_geometry import first_geometry, fitted_geometry
from ui.workers import LoadOutcome, Task, TaskRunner, load_documents, supported_files

FILE_FILTER = ("Policy documents (*.docx *.docm *.dotx *.odt *.pdf *.doc *.rtf *.md *.txt);;"
               "Word documents (*.docx);;All files (*)")

# Work-area slots: key -> (title, what to do until the view is there).
VIEW_SLOTS = {
    "compare": ("Compare", "Compare two policies side by side",
                "Load two or more policies to compare them. The side-by-side comparison view "
                "is still being built and is not part of this version yet."),
    "consolidate": ("Consolidate", "Combine the policies into one",
                    "Load the policies to consolidate. The consolidation view is still being "
                    "built and is not part of this version yet."),
    "preview": ("Preview", "See the Digital Policy before exporting",
                "The preview of the merged Digital Policy is still being built and is not part "
                "of this version yet."),
}


class EmptyStateView(QWidget):
    """A work-area slot waiting for its view: says what the view is and what to do."""

    def __init__(self, heading: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(heading)
        self.heading = QLabel(heading)
        self.heading.setFont(theme.heading_font(self.font(), 1.3))
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setMaximumWidth(theme.em(self, 30))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.text, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN_PAGE, theme.MARGIN_PAGE, theme.MARGIN_PAGE,
                                  theme.MARGIN_PAGE)
        layout.setSpacing(theme.SPACING_WIDE)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    navigate_requested = Signal(object)  # a Problem's target
    recent_session_requested = Signal(str)
    loading_finished = Signal()  # a batch of Add / Reload finished (loaded or not)
    view_changed = Signal(str)  # the key of the work-area view now on screen ("" for none)

    def __init__(self, settings: Settings, read: Callable[..., Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._read = read or consolidator.read_document
        self.session_name = ""  # the session's file name, shown in the title bar
        self.last_export_box = None  # "Export finished" with Open document, Show in folder
        self.setWindowTitle("Policy Consolidator[*]")
        self.setWindowIcon(theme.app_icon())
        self.setAccessibleName("Policy Consolidator")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)

        self.runner = TaskRunner(self)
        self.undo_stack = QUndoStack(self)
        # A bound method, not a lambda: the stack (a child) still emits while the window is
        # being deleted, and Qt drops a connection to a method of a deleted receiver.
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.sources_model = SourcesModel(self)
        self.sources_model.choose_kind = self._choose_kind  # an undo step
        # Channels a session being opened chose for its policies ("Covers"), by content hash:
        # given to them as they load, so the draft is made with them (session_controller)
        self.chosen_kinds: dict[str, str] = {}
        self.loading_finished.connect(self._forget_chosen_kinds)  # done, cancelled or failed
        self.actions_by_name: dict[str, QAction] = {}
        self.views: dict[str, QWidget] = {}
        # Asked in turn when the window is about to close; one returning False keeps it open.
        self.close_guards: list[Callable[[], bool]] = []
        # Asked in turn about files opened (dropped, named, double-clicked): each takes the
        # files it handles itself and returns the others, which load as policies.
        self.open_hooks: list[Callable[[list[str]], list[str]]] = []
        # (what the decisions are now, put them back): removing a policy remembers the
        # author's decisions so that undoing the removal restores them (the Consolidate view
        # sets these).
        self.decision_memory: tuple[Callable[[], Any], Callable[[Any], None]] = (
            lambda: None, lambda memory: None)

        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()

        self.sources_model.documents_changed.connect(self._documents_changed)
        self.loading_finished.connect(self._size_sources_dock)
        self.problems.problem_activated.connect(self._problem_activated)
        self._documents_changed()
        self._restore_settings()

    def _clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    # --- public API ---------------------------------------------------------------------------

    def add_view(self, key: str, title: str, widget: QWidget) -> None:
        """Puts a view into a work-area slot ("compare", "consolidate", "preview" or a new key)."""
        index = self._slot_index(key)
        if index >= 0:
            old = self.work_tabs.widget(index)
            self.work_tabs.removeTab(index)
            old.deleteLater()
        else:
            index = self.work_tabs.count()
        widget.setAccessibleName(widget.accessibleName() or title)
        self.work_tabs.insertTab(index, widget, title)
        widget.setProperty("slotKey", key)
        self.views[key] = widget
        self.keep_on_screen()
        self._view_changed()
        action = self.actions_by_name.get(f"view_{key}")
        if action is not None:
            action.setEnabled(True)

    def current_view_key(self) -> str:
        """Returns the key of the work-area view on screen ("" on the welcome page)."""
        if self.central.currentWidget() is not self.work_tabs:
            return ""
        widget = self.work_tabs.currentWidget()
        return str(widget.property("slotKey") or "") if widget is not None else ""

    def find_in_view(self) -> None:
        """Edit > Find (Ctrl+F): the find bar of the view on screen."""
        view = self.views.get(self.current_view_key())
        if hasattr(view, "show_find"):
            view.show_find()

    def print_view(self):
        """File > Print (Ctrl+P): a print preview of the view on screen (the comparison, or
        the Digital Policy); returns the preview dialog, or None with nothing to print."""
        from ui.printing import print_preview

        view = self.views.get(self.current_view_key())
        printable = view.print_document() if hasattr(view, "print_document") else None
        if printable is None:
            self.statusBar().showMessage("Nothing to print here yet.", 5000)
            return None
        document, title = printable
        return print_preview(self, document, title)

    def _view_changed(self, *_args) -> None:
        """Enables Find and Print for a view that can search or print, and tells the views'
        own actions."""
        view = self.views.get(self.current_view_key())
        self.actions_by_name["find"].setEnabled(hasattr(view, "show_find"))
        self.actions_by_name["print"].setEnabled(hasattr(view, "print_document"))
        self.view_changed.emit(self.current_view_key())

    def show_view(self, key: str) -> None:
        index = self._slot_index(key)
        if index >= 0:
            self.work_tabs.setCurrentIndex(index)

    def bind_action(self, name: str, slot: Callable[[], Any], enabled: bool = True) -> QAction:
        """Connects a named menu action (see `actions_by_name`) to `slot` and enables it."""
        action = self.actions_by_name[name]
        action.triggered.connect(slot)
        action.setEnabled(enabled)
        if name == "open_session":
            self.welcome.set_sessions_available(enabled)
            self._fill_recent_sessions()
        return action

    def run_task(self, function: Callable, *, description: str,
                 on_result: Callable[[Any], None] | None = None,
                 on_error: Callable[[Exception, str], None] | None = None,
                 channel: str | None = None, **kwargs: Any) -> Task:
        """Runs `function(context)` on a worker with the status-bar progress and Cancel.

        Unexpected errors (not LoadError/WriteError) show the error dialog with details when
        no `on_error` is given.
        """
        return self.runner.submit(function, description=description, on_result=on_result,
                                  on_error=on_error or self._task_failed, channel=channel,
                                  **kwargs)

    def add_files(self, paths: list[str | Path]) -> Task | None:
        """Loads the policies (folders: the documents directly inside) in a worker."""
        files: list[str] = []
        for path in map(Path, paths):
            if path.is_dir():
                found = supported_files(path)
                if not found:
                    self.statusBar().showMessage(f"No policy documents found in {path.name}.",
                                                 8000)
                files.extend(found)
            else:
                files.append(str(path))
        loaded = {e.document.path for e in self.sources_model.entries()}
        already = [f for f in files if f in loaded]
        files = [f for f in dict.fromkeys(files) if f not in loaded]
        if already:
            self.statusBar().showMessage(f"{Path(already[0]).name} is already loaded.", 8000)
        if not files:
            return None
        for file in files:
            self.settings.add_recent_file(file)
        self.settings.set_last_folder(str(Path(files[-1]).parent))
        return self._load(files, replace_ids=None)

    def open_paths(self, paths: list[str | Path]) -> None:
        """Opens what was dropped, double-clicked or named on the command line: a session file
        (recognised by its content) opens as File > Open session; policies and folders load."""
        sessions, policies = split_session_files(paths)
        if sessions:
            self.recent_session_requested.emit(sessions[-1])  # one session at a time
            if policies or len(sessions) > 1:
                self.statusBar().showMessage(f"Opened the session {Path(sessions[-1]).name}; "
                                             "the other files were not added.", 10000)
            return
        for hook in self.open_hooks:
            policies = hook(policies)
        self.add_files(policies)

    def load_samples(self) -> Task | None:
        samples = theme.sample_policies()
        if not samples:
            show_error(self, "No sample policies", "The sample policies are not installed with "
                       "this copy of Policy Consolidator.")
            return None
        return self.add_files(samples)

    def reload_sources(self, document_ids: list[str]) -> Task | None:
        entries = [e for e in map(self.sources_model.entry, document_ids) if e is not None]
        if not entries:
            return None
        return self._load([e.document.path for e in entries], replace_ids=[e.id for e in entries])

    def remove_sources_asked(self, document_ids: list[str]) -> bool:
        """Remove in the Sources panel: asks first, then removes as one undo step (undo puts
        the policies back with the decisions made about them). Returns True when removed."""
        from ui.source_commands import RemoveSourcesCommand, ask_remove_sources

        entries = [(self.sources_model.row_of(i), e)
                   for i in document_ids if (e := self.sources_model.entry(i)) is not None]
        if not entries or not ask_remove_sources(self, [e.document.name for _, e in entries]):
            return False
        names = [e.document.name for _, e in entries]
        what = names[0] if len(names) == 1 else f"{len(names)} policies"
        remember, restore = self.decision_memory
        self.undo_stack.push(RemoveSourcesCommand(self.sources_model, entries, f"Remove {what}",
                                                  remember, restore))
        self.statusBar().showMessage(f"Removed {what}. The files on disk were not touched; "
                                     "Edit > Undo puts it back.", 8000)
        return True

    def remove_sources(self, document_ids: list[str]) -> None:
        names = [e.document.name for e in map(self.sources_model.entry, document_ids) if e]
        self.sources_model.remove(document_ids)
        if names:
            what = names[0] if len(names) == 1 else f"{len(names)} policies"
            self.statusBar().showMessage(f"Removed {what}. The files on disk were not touched.",
                                         8000)

    def _forget_chosen_kinds(self) -> None:
        self.chosen_kinds = {}

    def _choose_kind(self, document_id: str, kind: PolicyKind) -> None:
        """The author's choice in the Covers column, as an undo step (the draft follows)."""
        from ui.source_commands import ChooseKindCommand

        entry = self.sources_model.entry(document_id)
        if entry is not None and not (entry.chosen and entry.kind is kind):
            remember, restore = self.decision_memory
            self.undo_stack.push(ChooseKindCommand(self.sources_model, document_id, kind,
                                                   remember, restore))

    # --- loading ------------------------------------------------------------------------------

    def _load(self, paths: list[str], replace_ids: list[str] | None) -> Task:
        errors: list[LoadError] = []
        added: list[str] = []
        duplicates: list[str] = []
        replacing = dict(zip(paths, replace_ids, strict=True)) if replace_ids else {}

        def on_outcome(outcome: LoadOutcome) -> None:
            if outcome.error is not None:
                errors.append(outcome.error)
                return
            document = outcome.document
            chosen = self.chosen_kinds.get(document.id) or self.chosen_kinds.get(
                path_key(outcome.path))
            if chosen:
                document = with_channel(document, chosen)
            if outcome.path in replacing and self.sources_model.replace_document(
                    replacing[outcome.path], document, outcome.words):
                added.append(document.name)
            elif outcome.path not in replacing and self.sources_model.add(
                    document, outcome.words):
                added.append(document.name)
            else:
                same = self.sources_model.entry(document.id)
                duplicates.append(f"{document.name} has the same content as "
                                  f"{same.document.name if same else 'a loaded policy'}")

        def on_done(_result: object = None) -> None:
            verb = "Reloaded" if replacing else "Loaded"
            parts = []
            if added:
                parts.append(f"{verb} {added[0] if len(added) == 1 else f'{len(added)} policies'}.")
            if duplicates:
                parts.append(f"Skipped: {'; '.join(duplicates)} (already loaded).")
            if errors:
                parts.append(f"{len(errors)} could not be loaded.")
            self.statusBar().showMessage(" ".join(parts), 10000)
            if errors:
                show_load_errors(self, errors)
            elif duplicates:
                show_notice(self, "Already loaded", "Not added: "
                            + "; ".join(duplicates) + ". The same policy twice would make every "
                            "clause a duplicate of itself.")
            self.loading_finished.emit()

        def on_cancelled() -> None:
            self.statusBar().showMessage("Loading cancelled.", 8000)
            self.loading_finished.emit()

        count = len(paths)
        description = f"Reading {Path(paths[0]).name}" if count == 1 else \
            f"Reading {count} policies"
        return self.run_task(load_documents(paths, self._read),
                             description=description, on_result=on_done,
                             on_partial=on_outcome, on_cancelled=on_cancelled,
                             on_error=lambda exc, details: (self._task_failed(exc, details),
                                                            self.loading_finished.emit()),
                             channel="sources", supersede=False)

    def _task_failed(self, error: Exception, details: str) -> None:
        if isinstance(error, LoadError | consolidator.WriteError):
            show_error(self, "Could not finish", *plain_message(error))
        else:
            show_error(self, "Unexpected error",
                       f"Something went wrong and the task stopped ({type(error).__name__}). "
                       "Your files were not changed.", details)

    def _size_sources_dock(self) -> None:
        """On first start, once policies are loaded: the Sources panel as wide as its columns
        need, up to 30% of the window (after that, the width the author gives it is
        kept)."""
        if not self._fit_sources_dock or not len(self.sources_model):
            return
        self._fit_sources_dock = False
        wanted = self.sources_panel.natural_width()
        self.resizeDocks([self.sources_dock], [min(wanted, round(self.width() * 0.3))],
                         Qt.Orientation.Horizontal)

    def set_session_name(self, name: str) -> None:
        """Names the session in the title bar ("" for work not saved as a session yet)."""
        self.session_name = name
        self._update_title()

    def _update_title(self) -> None:
        name = self.session_name or ("Untitled session" if len(self.sources_model) else "")
        self.setWindowTitle(f"{name}[*] - Policy Consolidator" if name
                            else "Policy Consolidator[*]")

    def _documents_changed(self) -> None:
        self._update_title()
        has_documents = len(self.sources_model) > 0
        self.central.setCurrentWidget(self.work_tabs if has_documents else self.welcome)
        self.problems.set_problems("load", load_problems(self.sources_model.documents()))

    def _problem_activated(self, problem: Problem) -> None:
        target = problem.target
        if isinstance(target, ProblemTarget) and not target.block_id:
            self.sources_dock.show()
            self.sources_panel.select(target.document_id)
            self.sources_panel.show_warnings()
        self.navigate_requested.emit(target)

    # --- drag and drop ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # --- window state -------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not all(guard() for guard in self.close_guards):
            event.ignore()  # unsaved work the author wants to keep, or a save still running
            return
        self.settings.set_window_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.set_sources_panel_visible(self.sources_dock.isVisible())
        self.settings.sync()
        self.runner.cancel_all()
        self.runner.wait(5000)
        super().closeEvent(event)

    def _restore_settings(self) -> None:
        self.place_on_screen(self.available_geometry())
        state = self.settings.window_state()
        self._fit_sources_dock = state is None or not self.restoreState(state)
        if self._fit_sources_dock:
            self.resizeDocks([self.sources_dock], [round(self.width() * 0.25)],
                             Qt.Orientation.Horizontal)
            self.resizeDocks([self.problems_dock], [max(theme.em(self, 6),
                                                        round(self.height() * 0.14))],
                             Qt.Orientation.Vertical)
        self.sources_dock.setVisible(self.settings.sources_panel_visible())
        self._fill_recent_sessions()

    def available_geometry(self) -> QRect:
        """Returns the area of the window's screen a window may use (without the taskbar)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry()

    def keep_on_screen(self, available: QRect | None = None) -> None:
        """Moves (and shrinks, down to its minimum) the window back onto the screen when a
        view just added made it larger than the room it was given."""
        if self.isMaximized() or self.isFullScreen():
            return
        size = self.size().expandedTo(self.minimumSizeHint())
        rect = fitted_geometry(QRect(self.geometry().topLeft(), size),
                               available or self.available_geometry())
        if rect != self.geometry():
            self.setGeometry(rect)

    def place_on_screen(self, available: QRect) -> None:
        """Puts the window where it was last time, brought fully onto `available`; on first
        start, about 85% of it, centred."""
        geometry = self.settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.setGeometry(first_geometry(available))
        elif not (self.isMaximized() or self.isFullScreen()):
            self.setGeometry(fitted_geometry(self.geometry(), available))

    # --- building -----------------------------------------------------------------------------

    def _build_central(self) -> None:
        self.welcome = WelcomePage()
        self.welcome.add_requested.connect(self.ask_for_files)
        self.welcome.samples_requested.connect(self.load_samples)
        self.welcome.open_session_requested.connect(
            lambda: self.actions_by_name["open_session"].trigger())
        self.welcome.recent_session_requested.connect(self.recent_session_requested)
        self.welcome.set_samples_available(bool(theme.sample_policies()))
        self.welcome.set_sessions_available(False)
        self.work_tabs = QTabWidget()
        self.work_tabs.setAccessibleName("Work area")
        self.work_tabs.setDocumentMode(True)
        for key, (title, heading, text) in VIEW_SLOTS.items():
            placeholder = EmptyStateView(heading, text)
            placeholder.setProperty("slotKey", key)
            self.work_tabs.addTab(placeholder, title)
        self.central = QStackedWidget()
        self.central.addWidget(self.welcome)
        self.central.addWidget(self.work_tabs)
        self.setCentralWidget(self.central)
        self.work_tabs.currentChanged.connect(self._view_changed)
        self.central.currentChanged.connect(self._view_changed)

    def _build_docks(self) -> None:
        self.sources_panel = SourcesPanel(self.sources_model)
        self.sources_panel.add_requested.connect(self.ask_for_files)
        self.sources_panel.remove_requested.connect(self.remove_sources_asked)
        self.sources_panel.reload_requested.connect(self.reload_sources)
        self.sources_dock = QDockWidget("Sources", self)
        self.sources_dock.setObjectName("sourcesDock")
        self.sources_dock.setAccessibleName("Sources")
        self.sources_dock.setWidget(self.sources_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.sources_dock)
        self.problems = ProblemsPanel()
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setAccessibleName("Problems")
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)

    def _action(self, name: str, text: str, tip: str, keys: list[QKeySequence] | None = None,
                slot: Callable[[], Any] | None = None, icon: QStyle.StandardPixmap | None = None,
                ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setToolTip(tip + (f" ({shortcuts.text(keys)})" if keys else ""))
        action.setStatusTip(tip)
        if keys:
            action.setShortcuts(keys)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if slot is not None:
            action.triggered.connect(slot)
        else:
            action.setEnabled(False)  # until a view binds it (bind_action)
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        a = self._action
        a("add_policies", "&Add policies...", "Add policy documents", shortcuts.ADD_POLICIES,
          self.ask_for_files, sp.SP_DialogOpenButton)
        a("new_session", "&New session", "Put the current work away and start again",
          shortcuts.NEW_SESSION)
        a("open_session", "&Open session...", "Open a saved session", shortcuts.OPEN_SESSION)
        a("start_review", "Start re&view...",
          "Review an approved Digital Policy against the current policies")
        a("close_session", "&Close session", "Put the current work away (asks to save it)",
          shortcuts.CLOSE_SESSION)
        a("save_session", "&Save session", "Save your work as a session",
          shortcuts.SAVE_SESSION, icon=sp.SP_DialogSaveButton)
        a("save_session_as", "Save session &as...", "Save your work under a new name",
          shortcuts.SAVE_SESSION_AS)
        a("export_policy", "&Export Digital Policy...", "Write the merged Digital Policy (.docx)",
          shortcuts.EXPORT_POLICY, icon=sp.SP_FileDialogDetailedView)
        a("export_comparison", "Export &comparison...",
          "Write the comparison as a Word redline or an HTML report", shortcuts.EXPORT_COMPARISON)
        a("print", "&Print...", "Print the comparison or the Digital Policy, with a preview",
          shortcuts.PRINT, self.print_view).setEnabled(False)
        a("exit", "E&xit", "Close Policy Consolidator", shortcuts.EXIT, self.close)
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(shortcuts.UNDO)
        undo.setIcon(self.style().standardIcon(sp.SP_ArrowBack))
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(shortcuts.REDO)
        redo.setIcon(self.style().standardIcon(sp.SP_ArrowForward))
        self.actions_by_name["undo"], self.actions_by_name["redo"] = undo, redo
        a("find", "&Find...", "Find text in the current view", shortcuts.FIND,
          self.find_in_view).setEnabled(False)
        for key, keys in (("compare", shortcuts.VIEW_COMPARE),
                          ("consolidate", shortcuts.VIEW_CONSOLIDATE),
                          ("preview", shortcuts.VIEW_PREVIEW),
                          ("review", shortcuts.VIEW_REVIEW)):
            title = VIEW_SLOTS[key][0] if key in VIEW_SLOTS else key.title()
            action = a(f"view_{key}", f"&{title}", f"Show the {title} view", keys)
            action.triggered.connect(lambda _=False, k=key: self.show_view(k))
        a("next_change", "&Next change", "Go to the next change", shortcuts.NEXT_CHANGE,
          icon=sp.SP_ArrowDown)
        a("previous_change", "&Previous change", "Go to the previous change",
          shortcuts.PREVIOUS_CHANGE, icon=sp.SP_ArrowUp)
        a("next_conflict", "Next &unresolved conflict", "Go to the next conflict to decide",
          shortcuts.NEXT_CONFLICT)
        a("help", "&Help", "Show the help page", shortcuts.HELP, self.show_help,
          sp.SP_DialogHelpButton)
        a("shortcuts", "&Keyboard shortcuts", "List every keyboard shortcut", None,
          lambda: ShortcutsDialog(self).open())
        a("about", "&About Policy Consolidator", "Versions and credits", None,
          lambda: AboutDialog(self).open())
        cancel = a("cancel_task", "Cancel", "Stop the running task", shortcuts.CANCEL_TASK,
                   self.runner.cancel_all)
        cancel.setEnabled(False)
        self.addAction(cancel)

    def _build_menus(self) -> None:
        acts = self.actions_by_name
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([acts["new_session"], acts["open_session"]])
        self.recent_menu = file_menu.addMenu("&Recent sessions")
        file_menu.addSeparator()
        file_menu.addActions([acts["add_policies"], acts["start_review"]])
        file_menu.addSeparator()
        file_menu.addActions([acts["save_session"], acts["save_session_as"],
                              acts["close_session"]])
        file_menu.addSeparator()
        file_menu.addActions([acts["export_policy"], acts["export_comparison"]])
        file_menu.addSeparator()
        file_menu.addAction(acts["print"])
        file_menu.addSeparator()
        file_menu.addAction(acts["exit"])
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([acts["undo"], acts["redo"]])
        edit_menu.addSeparator()
        edit_menu.addAction(acts["find"])
        view_menu = bar.addMenu("&View")
        view_menu.addActions([acts["view_compare"], acts["view_consolidate"],
                              acts["view_preview"], acts["view_review"]])
        view_menu.addSeparator()
        problems_toggle = self.problems_dock.toggleViewAction()
        problems_toggle.setText("&Problems")
        sources_toggle = self.sources_dock.toggleViewAction()
        sources_toggle.setText("&Sources panel")
        view_menu.addActions([problems_toggle, sources_toggle])
        go_menu = bar.addMenu("&Go")
        go_menu.addActions([acts["next_change"], acts["previous_change"]])
        go_menu.addSeparator()
        go_menu.addAction(acts["next_conflict"])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([acts["help"], acts["shortcuts"]])
        help_menu.addSeparator()
        help_menu.addAction(acts["about"])

    def _build_toolbar(self) -> None:
        acts = self.actions_by_name
        toolbar = self.toolbar = self.addToolBar("Main")
        self._toolbar_text_width = 0  # the toolbar's width with text beside the icons
        toolbar.setObjectName("mainToolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        toolbar.addActions([acts["add_policies"], acts["save_session"], acts["export_policy"]])
        toolbar.addSeparator()
        toolbar.addActions([acts["undo"], acts["redo"]])
        toolbar.addSeparator()
        toolbar.addActions([acts["previous_change"], acts["next_change"]])
        toolbar.addSeparator()
        toolbar.addAction(acts["help"])

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_toolbar()

    def fit_toolbar(self) -> None:
        """Shows the toolbar's words beside its icons when they fit the window's width, and
        icons alone (each with its tooltip) when they do not: nothing hides behind the
        toolbar's overflow arrow."""
        toolbar = self.toolbar
        with_text = toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        if with_text:
            self._toolbar_text_width = toolbar.sizeHint().width()
        wide = self.width() >= self._toolbar_text_width + theme.em(self, 1)
        if wide != with_text:
            toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon if wide
                                       else Qt.ToolButtonStyle.ToolButtonIconOnly)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setAccessibleName("Status bar")
        self.progress_label = QLabel()
        self.progress_label.setAccessibleName("Task")
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Progress")
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumWidth(theme.em(self, 12))
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleDescription("Stops the running task")
        self.cancel_button.clicked.connect(self.runner.cancel_all)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            status.addPermanentWidget(widget)
            widget.hide()
        self.runner.busy_changed.connect(self._busy_changed)
        self.runner.progress.connect(self._progress)
        status.showMessage("Ready. Add policies to begin.")

    def _busy_changed(self, busy: bool) -> None:
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            widget.setVisible(busy)
        self.actions_by_name["cancel_task"].setEnabled(busy)
        if not busy:
            self.progress_bar.setValue(0)

    def _progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(round(fraction * 1000))
        self.progress_label.setText(message)

    def _fill_recent_sessions(self) -> None:
        recent = self.settings.recent_sessions()
        enabled = self.actions_by_name["open_session"].isEnabled()
        self.recent_menu.clear()
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setEnabled(enabled)
            action.triggered.connect(lambda _=False, p=path: self.recent_session_requested.emit(p))
        self.recent_menu.setEnabled(bool(recent) and enabled)
        self.welcome.set_recent_sessions(recent)

    def _slot_index(self, key: str) -> int:
        for index in range(self.work_tabs.count()):
            if self.work_tabs.widget(index).property("slotKey") == key:
                return index
        return -1

    # --- dialogs --------------------------------------------------------------------------------

    def ask_for_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add policies", self.settings.last_folder(),
                                                FILE_FILTER)
        if paths:
            self.add_files(paths)

    def show_help(self) -> None:
        HelpDialog(self).show()

