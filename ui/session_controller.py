"""SessionController: File > Save / Save as / Open session, recent sessions, autosave and recovery.

Sessions are consolidator.session's versioned JSON; every read and write runs on a worker.
Autosave writes `<data dir>/autosave/<sources>.session.json` a couple of seconds after a change
(at most AUTOSAVE_MAX_WAIT_MS after the first unsaved one, however steadily the author works), at
once after a change to the outline's structure, and every minute while there are unsaved
changes. At start, temporary files an interrupted save left in the autosave folder, the last
folder and the folders of recent sessions are removed. A clean save (or closing the app with
nothing unsaved) removes the autosave, so an autosave that exists on start is work that was
never saved: the app did not exit cleanly, and it offers to recover it.

Closing the window with unsaved decisions asks Save / Don't Save / Cancel (ask_save_changes).
Save saves through the ordinary Save session path and closes once it is written; Don't Save
closes and sets the autosave aside (renamed *.discarded.json, never offered): the author chose
to throw that work away, so the next start must not say the app did not close normally.

The data dir is QStandardPaths.AppDataLocation, or $POLICY_CONSOLIDATOR_DATA_DIR when set.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from consolidator.consolidation.plan import Decision, DecisionKind
from consolidator.errors import printable
from consolidator.fileio import remove_leftover_temps
from consolidator.paths import path_key
from consolidator.session import (
    CompareSide,
    Session,
    SessionError,
    autosave_path,
    check_sources,
    inspect_sources,
    load_session,
    save_session,
    session_from,
)
from consolidator.session_files import session_file_name
from ui.consolidate_commands import ReplaceDecisionsCommand
from ui.errors import show_error
from ui.theme import format_date
from ui.workers import Task

DATA_DIR_ENV = "POLICY_CONSOLIDATOR_DATA_DIR"
SESSION_FILTER = ("Policy Consolidator sessions (*.pcsession *.session.json);;"
                  "Sessions of earlier versions (*.json);;All files (*)")
DEFAULT_SESSION_NAME = "Digital Policy session.pcsession"
AUTOSAVE_DELAY_MS = 2000
AUTOSAVE_MAX_WAIT_MS = 5000  # the longest unsaved work waits, even while changes keep coming
AUTOSAVE_PERIOD_MS = 60_000
# Decisions that change the outline's structure: autosaved at once.
STRUCTURE_KINDS = frozenset({DecisionKind.ADD_SECTION, DecisionKind.SPLIT,
                             DecisionKind.MERGE_SECTION, DecisionKind.REORDER, DecisionKind.MOVE})


def data_directory() -> Path:
    """Returns the user data folder (AppData\\Roaming\\Policy Consolidator on Windows)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def discarded_path(autosave: Path) -> Path:
    """Returns where an autosave the author did not want is kept (never offered again)."""
    return autosave.with_name(autosave.name.replace(".session.json", ".discarded.json"))


# --- dialogs (module functions so the tests can answer them) -----------------------------------

def ask_recover(parent: QWidget | None, saved_at: datetime, sources: list[str]) -> bool:
    """Returns True when the author wants the autosaved work back (and its policies opened:
    their full paths are shown)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved work?",
                      "Policy Consolidator did not close normally last time. Your unsaved work "
                      f"was kept automatically at {saved_at:%H:%M} on {format_date(saved_at)}."
                      "\n\nRecovering it opens these policies:\n" + _path_list(sources)
                      + "\n\nRecover it? If you discard it, a copy is still kept in the app's "
                      "data folder.", parent=parent)
    recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Discard", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(recover)
    box.exec()
    return box.clickedButton() is recover


def confirm_session_sources(parent: QWidget | None, name: str, checks) -> bool:
    """Returns True when the author agrees to open the policies the session names (shown with
    their full paths; those that cannot be opened are listed as such)."""
    usable = [c for c in checks if c.usable]
    lines = [f"\u2022 {printable(c.source.path)}" + ("" if c.usable else f" \u2014 {c.message}")
             for c in checks]
    converted = [c for c in usable if Path(c.source.path).suffix.lower() in (".doc", ".rtf")]
    text = (f"{printable(name)} opens these policies:\n\n" + "\n".join(lines[:12])
            + (f"\n... and {len(lines) - 12} more" if len(lines) > 12 else ""))
    if converted:
        text += ("\n\nOld Word (.doc) and .rtf files are converted with LibreOffice, with links "
                 "to other files and web addresses left out.")
    box = QMessageBox(QMessageBox.Icon.Question, "Open the session's policies?", text,
                      parent=parent)
    box.setDetailedText("\n".join(lines))
    opening = box.addButton(f"Open {len(usable)} polic{'y' if len(usable) == 1 else 'ies'}",
                            QMessageBox.ButtonRole.AcceptRole)
    opening.setEnabled(bool(usable))
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(opening)
    box.exec()
    return box.clickedButton() is opening


def _path_list(paths: list[str], limit: int = 8) -> str:
    shown = [f"\u2022 {printable(p)}" for p in paths[:limit]]
    if len(paths) > limit:
        shown.append(f"... and {len(paths) - limit} more")
    return "\n".join(shown)


def ask_save_changes(parent: QWidget | None) -> str:
    """Returns "save", "discard" or "cancel": what to do with unsaved decisions on closing."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Warning, "Policy Consolidator",
                      "Save changes to your session before closing?",
                      buttons.Save | buttons.Discard | buttons.Cancel, parent)
    box.setInformativeText("You have made decisions since the session was last saved.")
    box.button(buttons.Discard).setText("Do&n't Save")
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    box.setAccessibleName("Save changes before closing?")
    answer = box.exec()
    return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")


def ask_session_path(parent: QWidget | None, folder: str, save: bool) -> str:
    """Returns the chosen session file ("" when cancelled). `folder` is where the dialog
    opens; for Save it may name the suggested file."""
    if save:
        path, _ = QFileDialog.getSaveFileName(parent, "Save session", folder, SESSION_FILTER)
        return str(session_file_name(path)) if path else ""
    path, _ = QFileDialog.getOpenFileName(parent, "Open session", folder, SESSION_FILTER)
    return path


def session_folder(remembered: str) -> str:
    """Returns the folder to offer for sessions: the one used last, unless it is gone or inside
    the app's own folder (its samples); else the user's Documents folder."""
    from ui.export_dialog import export_folder

    return export_folder(remembered)


def report_source_changes(parent: QWidget | None, messages: list[str]) -> None:
    """Tells the author which source files changed or went missing since the session was saved."""
    show_error(parent, "Source policies have changed",
               "The session was opened, but:\n\n" + "\n".join(f"\u2022 {m}" for m in messages))


class SessionController(QObject):
    def __init__(self, window, view, data_dir: str | Path | None = None) -> None:
        super().__init__(view)
        self.window = window
        self.view = view
        self.store = view.store
        self.stack = window.undo_stack
        self.data_dir = Path(data_dir) if data_dir else data_directory()
        self.session_path = ""
        self._opening = ""  # a session whose sources are being loaded
        self._checked_autosaves: set[str] = set()
        self._dirty_since_autosave = False
        self._closing_unsaved = False  # Don't Save chosen: autosaves write nothing more

        window.bind_action("save_session", lambda: self.save())
        window.bind_action("save_session_as", lambda: self.save_as())
        window.bind_action("open_session", lambda: self.open())
        window.bind_action("new_session", lambda: self.close_session(then_add=True))
        window.bind_action("close_session", lambda: self.close_session())
        window.recent_session_requested.connect(self.open)
        from ui.export_dialog import open_export_dialog

        window.bind_action("export_policy", lambda: open_export_dialog(window, view))
        guard = self.confirm_close
        window.close_guards.append(guard)
        view.destroyed.connect(lambda *_: guard in window.close_guards
                               and window.close_guards.remove(guard))
        self._closing_after_save = False

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(AUTOSAVE_DELAY_MS)
        self._debounce.timeout.connect(self.autosave)
        self._max_wait = QTimer(self)  # the debounce restarts with each change; this does not
        self._max_wait.setSingleShot(True)
        self._max_wait.setInterval(AUTOSAVE_MAX_WAIT_MS)
        self._max_wait.timeout.connect(self.autosave)
        self._structure: frozenset[Decision] = frozenset()
        self._periodic = QTimer(self)
        self._periodic.setInterval(AUTOSAVE_PERIOD_MS)
        self._periodic.timeout.connect(self.autosave)
        self._periodic.start()
        self.stack.indexChanged.connect(self._changed)
        view.controller.draft_ready.connect(self._draft_ready)
        self.store.plan_changed.connect(self._update_actions)
        window.sources_model.documents_changed.connect(self._update_actions)
        self._update_actions()
        QTimer.singleShot(0, self._at_start)

    def _update_actions(self) -> None:
        """Save and Export need a merged outline; Close session needs something loaded."""
        acts = self.window.actions_by_name
        for name in ("save_session", "save_session_as", "export_policy"):
            acts[name].setEnabled(self.store.plan is not None)
        acts["close_session"].setEnabled(len(self.window.sources_model) > 0)

    # --- the session of the current work -------------------------------------------------------
    def current_session(self) -> Session:
        """Returns the work as it stands: the policies as loaded (with what each covers, even
        before the draft made again for a new choice is ready) and the plan's decisions."""
        plan = self.store.plan
        docs = self.window.sources_model.documents() or self.store.docs
        return session_from(docs, (), plan.decisions if plan else (),
                            compare=self._compare_pair())

    def _compare_pair(self) -> tuple[CompareSide, ...]:
        """Returns the two sides of the Compare view (saved with the session), or ()."""
        compare = self.window.views.get("compare")
        picker = getattr(compare, "picker", None)
        if picker is None or picker.request() is None:
            return ()
        return tuple(CompareSide(picker.document(side).path,
                                 picker.section_combos[side].currentData() or "")
                     for side in (0, 1))

    def _restore_compare_pair(self, session: Session) -> None:
        compare = self.window.views.get("compare")
        if session.compare and hasattr(compare, "restore_pair"):
            compare.restore_pair([(c.path, c.section_id) for c in session.compare])

    def set_session_path(self, path: str) -> None:
        """Remembers the session's file and names it in the title bar ("" for none)."""
        self.session_path = path
        self.window.set_session_name(Path(path).stem if path else "")
        if path:
            self.window.settings.set_session_folder(str(Path(path).parent))

    def autosave_file(self, create: bool = False) -> Path:
        return autosave_path(self.data_dir, self.current_session(), create=create)

    # --- saving --------------------------------------------------------------------------------
    def save(self, on_saved: Callable[[], None] | None = None,
             on_failed: Callable[[], None] | None = None) -> Task | None:
        """Returns the saving Task (None when nothing is saved: no plan, or Save as cancelled)."""
        if not self.session_path:
            return self.save_as(on_saved, on_failed)
        return self.save_to(self.session_path, on_saved, on_failed)

    def save_as(self, on_saved: Callable[[], None] | None = None,
                on_failed: Callable[[], None] | None = None) -> Task | None:
        suggested = (self.session_path or str(
            Path(session_folder(self.window.settings.session_folder())) / DEFAULT_SESSION_NAME))
        path = ask_session_path(self.window, suggested, save=True)
        return self.save_to(path, on_saved, on_failed) if path else None

    def save_to(self, path: str, on_saved: Callable[[], None] | None = None,
                on_failed: Callable[[], None] | None = None) -> Task | None:
        """Writes the session on a worker; on success the undo stack is marked clean.

        `on_saved` runs after a successful save, `on_failed` after a failed or cancelled one.
        """
        if self.store.plan is None:
            self.window.statusBar().showMessage("Nothing to save yet: load policies first.", 8000)
            return None
        session = self.current_session()
        autosave = self.autosave_file()
        index = self.stack.index()

        def task(context):
            context.progress(0.2, f"Saving {Path(path).name}")
            written = save_session(session, path, backup=True)
            autosave.unlink(missing_ok=True)  # the saved session now holds everything
            return written

        def done(written: Path) -> None:
            self.set_session_path(str(written))
            if self.stack.index() == index:
                self.stack.setClean()
            self.window.settings.add_recent_session(str(written))
            self.window._fill_recent_sessions()
            self.window.statusBar().showMessage(f"Saved {written.name}.", 8000)
            if on_saved is not None:
                on_saved()

        def failed(exc: Exception, details: str) -> None:
            if on_failed is not None:
                on_failed()
            self.window._task_failed(exc, details)

        return self.window.run_task(task, description=f"Saving {Path(path).name}",
                                    on_result=done, on_error=failed,
                                    on_cancelled=on_failed, channel="session-save")

    def _changed(self, _index: int) -> None:
        self._dirty_since_autosave = True
        if self._structure_changed():
            self.autosave()
            return
        self._debounce.start()
        if not self._max_wait.isActive():
            self._max_wait.start()

    def _structure_changed(self) -> bool:
        """Returns True when the outline's structural decisions differ from the last seen."""
        plan = self.store.plan
        current = frozenset(d for d in plan.decisions if d.kind in STRUCTURE_KINDS) \
            if plan is not None else frozenset()
        changed, self._structure = current != self._structure, current
        return changed

    def autosave(self):
        self._debounce.stop()
        self._max_wait.stop()
        if self.store.plan is None or not self._dirty_since_autosave:
            return None
        self._dirty_since_autosave = False
        session = self.current_session()
        path = self.autosave_file(create=False)
        clean = self.stack.isClean()

        def task(context):
            if self._closing_unsaved:  # Don't Save was chosen: nothing is to be kept
                return path
            if clean:  # undone back to the saved state: nothing to recover
                path.unlink(missing_ok=True)
                return path
            path.parent.mkdir(parents=True, exist_ok=True)
            return save_session(session, path)

        def not_saved() -> None:  # still unsaved: the next tick (each minute) tries again
            self._dirty_since_autosave = True

        def failed(exc: Exception, _details: str) -> None:
            not_saved()
            self.window.statusBar().showMessage(f"Autosave failed: {exc}", 15000)

        return self.window.run_task(task, description="Autosaving", channel="autosave",
                                    on_error=failed, on_cancelled=not_saved)

    # --- closing -------------------------------------------------------------------------------
    def confirm_close(self) -> bool:
        """Returns True when the window may close (a close guard of the main window).

        With unsaved decisions it asks Save / Don't Save / Cancel. Save starts the ordinary Save
        session and returns False: the window closes itself once the session is written (and
        stays open if saving fails or Save as is cancelled).
        """
        if self._closing_after_save:
            return False  # a save is running; the window closes when it is done
        if self.store.plan is not None and not self.stack.isClean():
            choice = ask_save_changes(self.window)
            if choice == "cancel":
                return False
            if choice == "save":
                self._closing_after_save = self.save(
                    on_saved=self._close_after_save, on_failed=self._stay_open) is not None
                return False
            self._set_aside_on_close()  # Don't Save
            return True
        self._debounce.stop()
        self._max_wait.stop()
        self._periodic.stop()
        if self.stack.isClean() and self.store.plan is not None:
            self.autosave_file().unlink(missing_ok=True)  # clean exit: nothing to recover
        return True

    def _set_aside_on_close(self) -> None:
        """Don't Save: no more autosaves (one still running writes nothing), and the last
        one is set aside, kept but never offered as work lost in a crash."""
        self._debounce.stop()
        self._periodic.stop()
        self._closing_unsaved = True
        path = self.autosave_file()
        try:
            if path.exists():
                path.replace(discarded_path(path))
        except OSError:
            path.unlink(missing_ok=True)

    def close_session(self, then_add: bool = False) -> bool:
        """File > Close session (and New session, which then asks for policies): asks to save
        unsaved decisions like closing the window does, then unloads everything: the welcome
        page shows, Undo is empty, the title names no session. Returns False when the author
        cancels (or the work is being saved first: it closes once saved)."""
        if self.store.plan is not None and not self.stack.isClean():
            choice = ask_save_changes(self.window)
            if choice == "cancel":
                return False
            if choice == "save":
                self.save(on_saved=lambda: self._unload(then_add))
                return False
            self._set_aside_on_close()
            self._closing_unsaved = False  # the app goes on: later work autosaves again
            self._periodic.start()
        self._unload(then_add)
        return True

    def _unload(self, then_add: bool) -> None:
        self.window.runner.invalidate("consolidate")
        self.view.controller.pending_decisions = None
        self.window.remove_sources([d.id for d in self.window.sources_model.documents()])
        self.stack.clear()
        self.stack.setClean()
        self.set_session_path("")
        self._dirty_since_autosave = False
        self.window.statusBar().showMessage("Session closed. Add policies or open a session to "
                                            "start again.", 8000)
        if then_add:
            self.window.ask_for_files()

    def _close_after_save(self) -> None:
        self._closing_after_save = False
        QTimer.singleShot(0, self.window.close)  # clean now, unless changed while saving

    def _stay_open(self) -> None:
        self._closing_after_save = False

    # --- opening -------------------------------------------------------------------------------
    def open(self, path: str = "") -> None:
        """Opens a session: its file is read on a worker, the policies it names are shown for
        the author to confirm before any of them is read, then loaded with its decisions."""
        if not path:
            path = ask_session_path(
                self.window, session_folder(self.window.settings.session_folder()), save=False)
        if not path:
            return

        def task(context):
            context.progress(0.3, f"Opening {Path(path).name}")
            session = load_session(path)
            return session, inspect_sources(session)  # nothing the session names is read

        def failed(exc: Exception, details: str) -> None:
            if isinstance(exc, SessionError):
                if exc.reason == "not-found":
                    self.window.settings.remove_recent_session(path)
                    self.window._fill_recent_sessions()
                show_error(self.window, "Could not open the session", str(exc))
            else:
                self.window._task_failed(exc, details)

        self.window.run_task(task, description=f"Opening {Path(path).name}",
                             on_result=lambda r: self._opened(path, *r), on_error=failed)

    def _opened(self, path: str, session: Session, checks) -> None:
        if not confirm_session_sources(self.window, Path(path).name, checks):
            self.window.statusBar().showMessage(f"{Path(path).name} was not opened.", 8000)
            return
        self.window.settings.add_recent_session(path)
        self.window._fill_recent_sessions()
        self._checked_autosaves.add(str(autosave_path(self.data_dir, session, create=False)))
        self._check_then_load(session, opened_from=path)
        self._restore_compare_pair(session)

    def _check_then_load(self, session: Session, opened_from: str = "",
                         recovered: bool = False) -> None:
        """Checks the session's files (regular local files, size and content hash) on a worker,
        says which changed, went missing or were refused, and loads the others."""
        def done(checks) -> None:
            problems = [c.message for c in checks if c.status != "unchanged"]
            if problems:
                report_source_changes(self.window, problems)
            self.load_work(session, _distinct_usable(checks), opened_from, recovered)

        self.window.run_task(lambda context: check_sources(session),
                             description="Checking the session's policies", on_result=done)

    def load_work(self, session: Session, paths: list[str] | None = None,
                  opened_from: str = "", recovered: bool = False) -> None:
        """Shows the session's decisions on its sources, loading `paths` (the session's files
        found usable; by default those that exist) when other policies are loaded."""
        if paths is None:
            paths = _distinct_usable(inspect_sources(session))
        chosen = {s.content_hash: s.kind for s in session.sources if s.chosen}
        loaded = {(e.id, e.kind.value if e.chosen else None)
                  for e in self.window.sources_model.entries()}
        wanted = {(s.content_hash, chosen.get(s.content_hash)) for s in session.sources}
        # by content, and by file as the decisions are (a policy edited since still has it)
        chosen.update((path_key(s.path), s.kind) for s in session.sources if s.chosen)
        if loaded == wanted and self.store.plan is not None:
            self._apply_loaded(session.all_decisions, opened_from, recovered)
            return
        self.window.chosen_kinds = chosen  # "Covers" chosen: given to them as they load
        self._opening = opened_from or "(recovered)"
        self._recovered = recovered
        self.view.controller.pending_decisions = (frozenset(path_key(p) for p in paths),
                                       session.all_decisions)
        self.window.runner.invalidate("consolidate")  # a draft of the old sources is stale
        self.window.remove_sources([d.id for d in self.window.sources_model.documents()])
        self.window.add_files(paths)

    def _apply_loaded(self, decisions, opened_from: str, recovered: bool) -> None:
        draft = self.view.controller.draft
        valid = [d for d in decisions if draft.valid(d)]
        new = draft.with_decisions(valid).decisions
        if recovered:
            if new == self.store.plan.decisions:
                return  # nothing to recover: no undo step, nothing unsaved
            self.stack.push(ReplaceDecisionsCommand(self.store, self.store.plan.decisions, new,
                                                    "Recover unsaved work"))
            return
        self.store.set_decisions(new)
        self._mark_opened(opened_from)

    def _mark_opened(self, path: str) -> None:
        self.stack.clear()
        self.stack.setClean()
        self.set_session_path(path)
        self._dirty_since_autosave = False
        self._structure_changed()  # the opened outline is the one to compare with
        self.window.statusBar().showMessage(f"Opened {Path(path).name}.", 8000)

    def _draft_ready(self) -> None:
        if self._opening and not self.view.controller.applied_pending:
            return  # a draft of other sources: wait for the session's own
        if self._opening:
            path, self._opening = self._opening, ""
            if getattr(self, "_recovered", False):
                self.stack.clear()
                self.stack.resetClean()  # recovered work is unsaved work
                self._recovered = False
                self.window.setWindowModified(True)
            else:
                self._mark_opened(path)
            return
        self.offer_recovery()

    # --- recovery ------------------------------------------------------------------------------
    def offer_recovery(self) -> None:
        """Offers the autosave of the loaded sources, if there is one (once per run)."""
        path = self.autosave_file()
        if str(path) in self._checked_autosaves or not path.exists():
            return
        self._checked_autosaves.add(str(path))
        self.window.run_task(lambda context: load_session(path), description="Reading autosave",
                             on_result=lambda s: self._offer(path, s),
                             on_error=lambda exc, details: None)

    def _offer(self, path: Path, session: Session) -> None:
        try:
            saved_at = datetime.fromtimestamp(path.stat().st_mtime)
        except OSError:
            return
        if self._same_as_shown(session):
            self._discard(path)  # the autosave holds what is on screen: nothing to offer
            return
        if ask_recover(self.window, saved_at, [s.path for s in session.sources]):
            self._apply_loaded(session.all_decisions, "", recovered=True)
            self.window.statusBar().showMessage("Recovered your unsaved work.", 8000)
        else:
            self._discard(path)

    def _same_as_shown(self, session: Session) -> bool:
        draft, plan = self.view.controller.draft, self.store.plan
        if draft is None or plan is None:
            return False
        valid = [d for d in session.all_decisions if draft.valid(d)]
        return draft.with_decisions(valid).decisions == plan.decisions

    def _discard(self, path: Path) -> None:
        target = discarded_path(path)
        self.window.run_task(lambda context: path.replace(target),
                             description="Setting the autosave aside")

    def _at_start(self) -> None:
        self.check_startup_recovery()
        self.remove_leftovers()  # after: the recovery check wants an idle runner

    def remove_leftovers(self) -> None:
        """Removes, on a worker, the temporary files interrupted saves left in the autosave
        folder, the last folder and the folders of recent sessions."""
        folders = {self.data_dir / "autosave"}
        for place in [self.window.settings.last_folder(),
                      *self.window.settings.recent_sessions()]:
            if place:
                folders.add(Path(place) if Path(place).is_dir() else Path(place).parent)

        def task(context) -> int:
            return sum(remove_leftover_temps(folder) for folder in sorted(folders))

        self.window.run_task(task, description="Tidying up", channel="leftovers",
                             on_error=lambda exc, details: None)

    def check_startup_recovery(self) -> None:
        """At start with no policies: offers the newest autosave (loading its sources)."""
        if len(self.window.sources_model) or self.window.runner.is_busy():
            return
        folder = self.data_dir / "autosave"
        candidates = sorted(folder.glob("*.session.json"), key=lambda p: p.stat().st_mtime,
                            reverse=True) if folder.is_dir() else []
        if not candidates:
            return
        path = candidates[0]
        self._checked_autosaves.add(str(path))

        def offer(session: Session) -> None:
            saved_at = datetime.fromtimestamp(path.stat().st_mtime)
            if ask_recover(self.window, saved_at, [s.path for s in session.sources]):
                self._check_then_load(session, recovered=True)
            else:
                self._discard(path)

        self.window.run_task(lambda context: load_session(path), description="Reading autosave",
                             on_result=offer, on_error=lambda exc, details: None)


def _distinct_usable(checks) -> list[str]:
    """Returns the paths of the usable sources, each content once (a session may name a file
    twice, or two byte-identical copies: the policy is loaded once)."""
    seen: set[str] = set()
    paths: list[str] = []
    for check in checks:
        content = check.current_hash or check.source.content_hash
        if check.usable and content not in seen and path_key(check.source.path) not in seen:
            seen.update((content, path_key(check.source.path)))
            paths.append(check.source.path)
    return paths
