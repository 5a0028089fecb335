"""ReviewController: File > Start review, the welcome page's reviews due, and the committee pack.

Starting a review reads the approved Digital Policy's record (or, when it holds none, the session
file the author points at), finds the current policies (by name beside the approved policy, else
asks), and on a worker reads them and makes the review. The Review view shows it, the policies
load into the window with the carried decisions (Consolidate and Preview show the next version),
and each decision to check again is a Problems entry that goes to its clause. The committee pack
is written on a worker from the plan as the author left it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

import consolidator
from consolidator.consolidation.topics import chosen_channel
from consolidator.errors import LoadError
from consolidator.paths import path_key
from consolidator.review.carry import CarryStatus, describe_decision
from consolidator.review.embedded import RecordMissing, holds_record
from ui.errors import show_error
from ui.problems import Problem
from ui.review_view import ReviewView
from ui.review_welcome import ReviewsDue

DOCX_FILTER = "Word documents (*.docx);;All files (*)"
SESSION_FILTER = "Policy Consolidator sessions (*.pcsession *.session.json *.json)"


# --- dialogs (module functions so the tests can answer them) -----------------------------------

def ask_approved_policy(parent: QWidget | None, folder: str) -> str:
    """Returns the approved Digital Policy chosen ("" when cancelled)."""
    path, _ = QFileDialog.getOpenFileName(parent, "Start review: the approved Digital Policy",
                                          folder, DOCX_FILTER)
    return path


def ask_current_sources(parent: QWidget | None, folder: str, missing: list[str]) -> list[str]:
    """Returns the current policies chosen (none when cancelled)."""
    names = ", ".join(missing)
    paths, _ = QFileDialog.getOpenFileNames(
        parent, f"Choose the current policies (not found: {names})", folder,
        "Policy documents (*.docx *.docm *.dotx *.odt *.pdf *.doc *.rtf *.md *.txt);;"
        "All files (*)")
    return paths


def ask_session_instead(parent: QWidget | None, message: str, folder: str) -> str:
    """Returns the session file to use instead of a lost record ("" when the author stops)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "No record of the session", message,
                      QMessageBox.StandardButton.Cancel, parent)
    choose = box.addButton("Choose session file...", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(choose)
    box.exec()
    if box.clickedButton() is not choose:
        return ""
    path, _ = QFileDialog.getOpenFileName(parent, "The session the policy was made with",
                                          folder, SESSION_FILTER)
    return path


def ask_open_policy(parent: QWidget | None, name: str) -> str:
    """Returns "review", "add" or "cancel" for a Digital Policy made by this app being opened."""
    box = QMessageBox(QMessageBox.Icon.Question, "Open a Digital Policy",
                      f"{name} is a Digital Policy made by Policy Consolidator. Start its review "
                      "(what changed in its policies since, and its next version), or add it as "
                      "a policy to compare or consolidate?", QMessageBox.StandardButton.Cancel,
                      parent)
    review = box.addButton("Start review", QMessageBox.ButtonRole.AcceptRole)
    add = box.addButton("Add as a policy", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(review)
    box.exec()
    return {id(review): "review", id(add): "add"}.get(id(box.clickedButton()), "cancel")


def ask_pack_path(parent: QWidget | None, folder: str, name: str) -> str:
    """Returns the new Digital Policy's .docx; the rest of the pack goes beside it."""
    path, _ = QFileDialog.getSaveFileName(parent, "Committee pack: the new Digital Policy",
                                          str(Path(folder) / name), "Word document (*.docx)")
    if path and not path.lower().endswith(".docx"):
        path += ".docx"
    return path


def pack_paths(policy: str | Path) -> tuple[Path, Path]:
    """Returns the redline and the summary written beside the new policy."""
    policy = Path(policy)
    return (policy.with_name(f"{policy.stem} - tracked changes.docx"),
            policy.with_name(f"{policy.stem} - summary of changes.docx"))


def remember_policy(settings, path: str | Path, metadata) -> None:
    """Remembers an exported Digital Policy and its next review date (for Reviews due)."""
    settings.add_recent_policy(path, metadata.title, metadata.version,
                               metadata.next_review_date.isoformat())


def find_sources(record, approved: Path, loaded: list[str]) -> tuple[list[str], list[str]]:
    """Returns (the current policies found, the names not found): each approved source by its
    name beside the approved policy, else among the policies loaded in the window."""
    by_name = {Path(p).name.lower(): p for p in loaded}
    found, missing = [], []
    for source in record.session.sources:
        name = Path(source.path).name
        beside = approved.parent / name
        if Path(source.path).is_absolute() and Path(source.path).is_file():
            found.append(source.path)
        elif beside.is_file():
            found.append(str(beside))
        elif name.lower() in by_name:
            found.append(by_name[name.lower()])
        else:
            missing.append(name)
    return found, missing


class ReviewController(QObject):
    """Starts reviews, shows them, loads their policies and writes the committee pack."""

    def __init__(self, window, view: ReviewView, due: ReviewsDue) -> None:
        super().__init__(view)
        self.window = window
        self.view = view
        self.due = due
        self.review = None
        window.bind_action("start_review", lambda: self.start())
        due.review_requested.connect(lambda: self.start())
        due.policy_requested.connect(self.start)
        view.pack_requested.connect(self.make_pack)
        view.start_requested.connect(lambda: self.start())
        view.item_requested.connect(self.show_item)
        window.open_hooks.append(self.take_policies)
        self.refresh_due()

    # --- starting ---------------------------------------------------------------------------
    def start(self, path: str = "") -> None:
        """Starts the review of the approved Digital Policy at `path` (asks when empty)."""
        if not path:
            path = ask_approved_policy(self.window, self.window.settings.last_folder())
        if not path:
            return
        from consolidator.review.embedded import read_record

        self.window.run_task(lambda context: read_record(path),
                             description=f"Reading {Path(path).name}",
                             on_result=lambda record: self._record_read(path, record),
                             on_error=lambda exc, details: self._record_failed(path, exc,
                                                                               details))

    def _record_failed(self, path: str, error: Exception, details: str) -> None:
        if not isinstance(error, RecordMissing):
            if isinstance(error, LoadError) and error.reason == "missing":
                self.window.settings.remove_recent_policy(path)
                self.refresh_due()
            self.window._task_failed(error, details)
            return
        session_path = ask_session_instead(self.window, str(error), str(Path(path).parent))
        if not session_path:
            self.window.statusBar().showMessage("Review not started.", 8000)
            return
        from consolidator.review.embedded import record_from_session
        from consolidator.session import load_session

        self.window.run_task(
            lambda context: record_from_session(load_session(session_path), path),
            description=f"Reading {Path(session_path).name}",
            on_result=lambda record: self._record_read(path, record),
            on_error=lambda exc, d: show_error(self.window, "Could not start the review",
                                               str(exc), d))

    def _record_read(self, path: str, record) -> None:
        loaded = [d.path for d in self.window.sources_model.documents()]
        found, missing = find_sources(record, Path(path), loaded)
        if missing:
            chosen = ask_current_sources(self.window, str(Path(path).parent), missing)
            if not chosen:
                self.window.statusBar().showMessage("Review not started: the current policies "
                                                    "were not chosen.", 10000)
                return
            found = list(dict.fromkeys(found + chosen))
        found = [p for p in found if Path(p).resolve() != Path(path).resolve()]
        self.window.settings.set_last_folder(str(Path(path).parent))
        self.window.run_task(lambda context: _make_review(context, path, record, found),
                             description=f"Reviewing {Path(path).name}",
                             on_result=lambda result: self._reviewed(path, *result),
                             channel="review")

    def _reviewed(self, path: str, review, presentations) -> None:
        self.review = review
        remember_policy(self.window.settings, path, review.record.metadata)
        self.refresh_due()
        self.view.show_review(review, presentations)
        available = _pdf_available()
        self.view.pdf.setEnabled(available)
        self.view.pdf.setChecked(available)
        self._load_into_window([d.path for d in review.docs], review)
        self._set_problems(review)
        self.window.show_view("review")
        self.window.statusBar().showMessage(
            f"Review of {Path(path).name}: {self.view.summary.text()}", 15000)

    def _load_into_window(self, sources: list[str], review) -> None:
        """Loads the current policies with the carried decisions (as opening a session does)."""
        consolidate = self.window.views.get("consolidate")
        if consolidate is not None:
            consolidate.controller.pending_decisions = (
                frozenset(path_key(p) for p in sources), review.plan.decisions)
            sessions = getattr(consolidate, "sessions", None)
            if sessions is not None:
                sessions.session_path = ""  # the review is new work: Save asks for a name
        self.window.runner.invalidate("consolidate")
        self.window.remove_sources([d.id for d in self.window.sources_model.documents()])
        chosen = {key: kind for d in review.docs if (kind := chosen_channel(d))
                  for key in (d.id, path_key(d.path))}  # "Covers" as approved
        self.window.chosen_kinds = chosen
        self.window.add_files(sources)

    def _set_problems(self, review) -> None:
        self.window.problems.set_problems("review", [
            Problem(f"Check again: {describe_decision(c.old)} \u2014 {c.reason}",
                    ("clause", c.item_id))
            for c in review.carried if c.status is CarryStatus.CHECK and c.item_id])

    def show_item(self, item_id: str) -> None:
        self.window.navigate_requested.emit(("clause", item_id))

    # --- opening a Digital Policy ------------------------------------------------------------
    def take_policies(self, paths: list[str]) -> list[str]:
        """Starts the review of a Digital Policy being opened, when the author wants that;
        returns the other files (an open hook of the main window)."""
        for path in paths:
            if Path(path).suffix.lower() == ".docx" and holds_record(path):
                choice = ask_open_policy(self.window, Path(path).name)
                if choice == "review":
                    self.start(path)
                    return [p for p in paths if p != path]
                if choice == "cancel":
                    return [p for p in paths if p != path]
        return paths

    # --- the committee pack -----------------------------------------------------------------
    def make_pack(self) -> None:
        consolidate = self.window.views.get("consolidate")
        store = consolidate.store if consolidate is not None else None
        if self.review is None or store is None or store.plan is None:
            self.window.statusBar().showMessage("The policies are still loading: make the "
                                                "pack once the outline is shown.", 8000)
            return
        metadata = self.view.metadata()
        name = f"{metadata.title} {metadata.version}.docx"
        path = ask_pack_path(self.window, str(Path(self.review.approved_path).parent), name)
        if not path:
            return
        review, docs, plan, pdf = self.review, store.docs, store.plan, self.view.pdf.isChecked()
        redline, summary = pack_paths(path)

        def task(context):
            from consolidator.accessibility import check_accessibility
            from consolidator.review.pack import write_committee_pack

            pack = write_committee_pack(
                review, docs, plan, metadata, path, redline_path=redline,
                summary_path=summary, pdf=pdf, app_version=consolidator.__version__,
                progress=context.progress, cancel=context.is_cancelled)
            return pack, check_accessibility(pack.policy)

        self.window.run_task(task, description=f"Writing the committee pack {Path(path).name}",
                             on_result=lambda result: self._pack_done(*result, metadata))

    def _pack_done(self, pack, findings, metadata) -> None:
        from ui.export_dialog import show_accessibility_findings

        show_accessibility_findings(self.window, pack.policy, findings)
        if self.review is not None:  # reviewed: the new version's review is the one to come
            self.window.settings.remove_recent_policy(self.review.approved_path)
        remember_policy(self.window.settings, pack.policy, metadata)
        self.refresh_due()
        names = [p.name for p in (pack.policy, pack.pdf, pack.redline, pack.summary) if p]
        note = f" No PDF: {pack.pdf_note}" if self.view.pdf.isChecked() and not pack.pdf else ""
        self.view.pack_result.setText(f"Written in {pack.policy.parent}: "
                                      f"{', '.join(names)}.{note}")
        self.window.statusBar().showMessage(f"Committee pack written: {', '.join(names)}.",
                                            15000)

    # --- reviews due --------------------------------------------------------------------------
    def refresh_due(self, today: date | None = None) -> int:
        """Lists the remembered Digital Policies whose review is due; returns how many."""
        return self.due.set_policies(self.window.settings.recent_policies(),
                                     today or date.today())


def _make_review(context, path: str, record, sources: list[str]):
    """Returns (the review, the comparison of each changed policy) — on a worker."""
    from consolidator.readers import read_document
    from consolidator.review.review import start_review
    from ui.compare_model import build_presentation

    sources = [s for s in sources if not holds_record(s)]  # never a Digital Policy itself
    docs = []
    for n, source in enumerate(sources):
        context.progress(0.3 * n / max(1, len(sources)), f"Reading {Path(source).name}")
        docs.append(read_document(source, cancel=context.is_cancelled))
    review = start_review(path, record, docs, progress=lambda f, m="": context.progress(
        0.3 + 0.65 * f, m), cancel=context.is_cancelled)
    return review, [build_presentation(d) if d is not None else None for d in review.diffs]


def _pdf_available() -> bool:
    from consolidator.writers.pdf_export import pdf_available

    return pdf_available()


def install_review(window) -> ReviewController:
    """Adds the Review view, File > Start review and the welcome page's reviews due."""
    view = ReviewView()
    window.add_view("review", "Review", view)
    due = ReviewsDue()
    window.welcome.add_entry(due)
    view.controller = ReviewController(window, view, due)
    return view.controller

