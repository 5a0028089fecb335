"""A newcomer's first day in a real window, step by step, with a screenshot of the whole screen
after each step (docs/screenshots/real-<W>x<H>-NN-<step>.png).

    xvfb-run -s "-screen 0 1600x1000x24" uv run python tools/real_window_walkthrough.py
    uv run python tools/real_window_walkthrough.py --xvfb 1366x768   # starts Xvfb itself

The app starts as a user starts it (first start: no settings, window from the screen's size),
on throw-away settings, data and Documents folders. The steps are the issue #15 walkthrough:
open the samples; compare the Email Policy with its older version; settle three conflicts (a
variant, own wording with Ctrl+Enter, keep both); find a clause (Ctrl+F); reorder it by
keyboard (Ctrl+Down); save the session (the Save dialog as it opens), close it and reopen it
from the welcome page; export (the Export dialog, the Save dialog), then "Open document" (the
opening is caught: the script renders the exported file's title and contents pages with
LibreOffice instead of starting Word). Keys go through the X server (xdotool) where a user
would press them. Prints each step and what it checked; exits 1 when a step fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))


def start_xvfb(size: str) -> subprocess.Popen:
    """Starts Xvfb on a free display of `size` ("1600x1000") and points DISPLAY at it."""
    for number in range(90, 120):
        if not Path(f"/tmp/.X{number}-lock").exists():
            break
    process = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", f"{size}x24",
                                "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    os.environ["DISPLAY"] = f":{number}"
    time.sleep(1.0)
    return process


class Walk:
    """The app under the walkthrough, and the screenshots and checks made on the way."""

    def __init__(self, out: Path, tag: str, home: Path) -> None:
        from PySide6.QtWidgets import QApplication

        from ui.app import application, build_main_window, parse_args

        self.out, self.tag, self.home = out, tag, home
        self.app: QApplication = application()
        self.window = build_main_window(parse_args(["--settings", str(home / "settings.ini")]),
                                        views_after_paint=True)
        self.step_number = 0
        self.failures: list[str] = []
        self.opened: list[str] = []

    # --- helpers ------------------------------------------------------------------------------
    def settle(self, ms: int = 150) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait(self, ready: Callable[[], bool], what: str, timeout_s: float = 60) -> bool:
        deadline = time.monotonic() + timeout_s
        while not ready():
            if time.monotonic() > deadline:
                self.failures.append(f"timed out waiting for {what}")
                print(f"  FAILED: timed out waiting for {what}", file=sys.stderr)
                return False
            self.settle(50)
        return True

    def idle(self) -> bool:
        return self.wait(lambda: not self.window.runner.is_busy(), "the app to finish working")

    def shot(self, name: str, note: str) -> Path:
        self.settle(250)
        self.step_number += 1
        path = self.out / f"real-{self.tag}-{self.step_number:02d}-{name}.png"
        self.app.primaryScreen().grabWindow(0).save(str(path))
        print(f"{path.name}: {note}")
        return path

    def check(self, ok: bool, what: str) -> None:
        print(f"  {'ok' if ok else 'FAILED'}: {what}")
        if not ok:
            self.failures.append(what)

    def keys(self, *keys: str, widget=None) -> None:
        """Presses keys through the X server, as a user would (xdotool), in the main window
        (or `widget`'s window) given the keyboard focus first."""
        target = (widget or self.window).window()
        target.activateWindow()
        self.settle(100)
        subprocess.run(["xdotool", "windowfocus", "--sync", str(int(target.winId())), "key",
                        "--clearmodifiers", *keys], check=False)
        self.settle(300)

    def type_text(self, text: str, widget=None) -> None:
        target = (widget or self.window).window()
        subprocess.run(["xdotool", "windowfocus", "--sync", str(int(target.winId())), "type",
                        "--delay", "10", text], check=False)
        self.settle(200)

    def when_shown(self, kind, act: Callable, timeout_ms: int = 20000) -> None:
        """Calls `act(dialog)` once a visible top-level widget of `kind` appears (for dialogs
        that block until answered)."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        waited = [0]

        def poll() -> None:
            found = [w for w in QApplication.topLevelWidgets()
                     if isinstance(w, kind) and w.isVisible()]
            if found:
                QTimer.singleShot(300, lambda: act(found[-1]))
            elif waited[0] < timeout_ms:
                waited[0] += 100
                QTimer.singleShot(100, poll)

        QTimer.singleShot(100, poll)

    def button(self, parent, text: str):
        from PySide6.QtWidgets import QAbstractButton

        return next(b for b in parent.findChildren(QAbstractButton)
                    if b.text() == text and b.isVisible())

    def click(self, widget) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        self.settle(300)


def run(walk: Walk) -> None:
    window = walk.window
    screen = walk.app.primaryScreen().availableGeometry()
    walk.wait(lambda: "consolidate" in window.views, "the views")
    geometry = window.frameGeometry()
    walk.check(screen.contains(geometry), f"the window {geometry.width()}x{geometry.height()} "
               f"fits the {screen.width()}x{screen.height()} screen")
    walk.shot("first-start", "first start: the welcome page, the window about 85% of the screen")

    walk.click(window.welcome.samples_button)
    consolidate = window.views["consolidate"]
    walk.wait(lambda: len(window.sources_model) == 4 and consolidate.store.plan is not None
              and consolidate.controller.document is not None, "the samples to load")
    walk.idle()
    walk.check(window.windowTitle().startswith("Untitled session"), "the title: "
               + window.windowTitle())
    walk.shot("samples-loaded", "the four samples loaded; Problems leads with conflicts")

    compare_older_version(walk)
    settle_three_conflicts(walk)
    find_and_reorder(walk)
    save_close_reopen(walk)
    export_and_open(walk)


def compare_older_version(walk: Walk) -> None:
    from ui.compare_panes import LEFT

    window = walk.window
    window.show_view("compare")
    compare = window.views["compare"]
    email = next(d for d in window.sources_model.documents() if d.name == "Email Policy.docx")
    compare.picker.choose(LEFT, email.id)
    older = ROOT / "resources" / "samples" / "versions" / "Email Policy v2.1.docx"
    compare.compare_with_file(str(older))  # what choosing it in "Compare with file..." does
    walk.wait(lambda: compare.request is not None
              and compare.request.left.document.name == older.name, "the older version")
    walk.idle()
    walk.keys("alt+Down")
    walk.check(compare.left_title.text().startswith("Older: Email Policy v2.1"),
               "the older version is on the left: " + compare.left_title.text())
    walk.shot("compare-older-version", "Compare: v2.1 on the left as Older, the current "
              "Email Policy on the right; Alt+Down went to the first change")
    compare.show_mode.setCurrentIndex(1)
    walk.shot("compare-one-document", "the same comparison as one document, changes marked")
    compare.show_mode.setCurrentIndex(0)


def settle_three_conflicts(walk: Walk) -> None:
    from ui.outline_model import ClauseBadge, OutlineRole
    from ui.variants_panel import WordingDialog

    window = walk.window
    view = window.views["consolidate"]
    window.show_view("consolidate")
    walk.idle()
    open_before = view.controller.summary()[2]

    # 1. a variant: "Use this clause instead" on the conflicting clause's card
    first = view.next_conflict()
    walk.settle(300)
    card = next(c for c in view.variants.cards.cards
                if c.accessibleName().startswith("Conflicting"))
    walk.click(card.button)
    walk.idle()
    walk.check(view.outline_model.index_of(first).data(OutlineRole.STATUS)
               != ClauseBadge.CONFLICT, "the replaced clause's badge changed")
    walk.shot("conflict-1-variant", "conflict 1 settled by a variant: the panel says the "
              "selected clause is replaced and which clause is in use")

    # 2. own wording: Edit text..., typed, Ctrl+Enter
    view.next_conflict()
    walk.settle(300)

    def type_and_accept(dialog: WordingDialog) -> None:
        dialog.editor.selectAll()
        walk.type_text("Council email accounts are for Council business; "
                       "occasional personal use must be approved by a manager.", dialog)
        walk.shot("conflict-2-own-wording", "conflict 2: the author's own wording typed in "
                  "Edit text...; Ctrl+Enter accepts it")
        walk.keys("ctrl+Return", widget=dialog)

    walk.when_shown(WordingDialog, type_and_accept)
    view.variants.edit_button.click()  # blocks until the dialog closes
    walk.idle()

    # 3. keep both
    view.next_conflict()
    walk.settle(300)
    walk.click(view.variants.keep_both_button)
    walk.idle()
    after = view.controller.summary()[2]
    walk.check(after <= open_before - 3, f"conflicts to decide: {open_before} -> {after}")
    walk.shot("conflict-3-keep-both", "conflict 3: both kept; the summary counts three fewer")


def find_and_reorder(walk: Walk) -> None:
    window = walk.window
    view = window.views["consolidate"]
    walk.keys("ctrl+f")
    walk.type_text("WhatsApp")  # a clause the author remembers a word of
    walk.keys("Return")
    found = view.outline.selected
    walk.check(bool(found) and view.find_bar.isVisible(),
               "Find selected " + view.find_bar.count_label.text())
    walk.shot("find-a-clause", "Ctrl+F in Consolidate: the matching clause selected")
    walk.keys("Escape")
    view.outline.setFocus()
    def siblings() -> list[str]:
        from consolidator.consolidation.edits import children

        reading = view.store.reading()
        return children(reading, reading.parent.get(found, ""))

    before = siblings().index(found)
    walk.keys("ctrl+Up")
    walk.idle()
    walk.check(before > 0 and siblings().index(found) == before - 1,
               f"Ctrl+Up moved the clause from place {before + 1} to {before}")
    walk.shot("reorder-by-keyboard", "Ctrl+Up moved the selected clause up one place, still "
              "selected (Ctrl+Down moves it down; Edit > Undo takes it back)")


def save_close_reopen(walk: Walk) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    window = walk.window
    view = window.views["consolidate"]
    target = walk.home / "Documents" / "Digital Policy session.pcsession"

    def save_here(dialog: QFileDialog) -> None:
        walk.check(dialog.directory().absolutePath() == str(walk.home / "Documents"),
                   "Save opens in Documents: " + dialog.directory().absolutePath())
        walk.shot("save-session-dialog", "Save session suggests a name in Documents")
        dialog.selectFile(str(target))
        dialog.accept()

    walk.when_shown(QFileDialog, save_here)
    walk.keys("ctrl+s")
    walk.wait(target.exists, "the session file")
    walk.idle()
    walk.check(window.windowTitle().startswith("Digital Policy session"),
               "the title names the session: " + window.windowTitle())
    decisions = view.store.plan.decisions
    window.actions_by_name["close_session"].trigger()
    walk.settle(500)
    walk.shot("session-closed", "Close session: back to the welcome page, the session listed")

    def open_them(box: QMessageBox) -> None:
        walk.check("Open 4 policies" in [b.text() for b in box.buttons()],
                   "the session's four policies are shown before any is read")
        walk.shot("session-confirm-sources", "Opening a session: its policies, in full, to "
                  "confirm before any is read")
        walk.button(box, "Open 4 policies").click()

    walk.when_shown(QMessageBox, open_them)
    item = window.welcome.recent_list.item(0)
    window.welcome.recent_list.itemActivated.emit(item)
    walk.wait(lambda: view.store.plan is not None and view.store.plan.decisions == decisions,
              "the session to reopen")
    walk.idle()
    walk.check(not window.isWindowModified(), "reopened with every decision, nothing unsaved")
    walk.shot("session-reopened", "the session reopened from the welcome page")


def export_and_open(walk: Walk) -> None:
    from PySide6.QtWidgets import QFileDialog

    from ui import open_result
    from ui.export_dialog import ExportDialog

    window = walk.window
    out = walk.home / "Documents" / "Digital Policy.docx"
    open_result.QDesktopServices.openUrl = lambda url: walk.opened.append(url.toLocalFile()) \
        or True  # caught: the script renders the file instead of starting Word

    def save_here(dialog: QFileDialog) -> None:
        dialog.selectFile(str(out))
        dialog.accept()

    walk.keys("ctrl+e")
    walk.wait(lambda: any(isinstance(w, ExportDialog) and w.isVisible()
                          for w in walk.app.topLevelWidgets()), "the Export dialog")
    dialog = next(w for w in walk.app.topLevelWidgets()
                  if isinstance(w, ExportDialog) and w.isVisible())
    for name, text in (("council", "Fernbrook District Council"),
                       ("owner", "Head of ICT and Digital"), ("author", "Policy team")):
        dialog.edits[name].setText(text)
    walk.check(dialog.classification.currentText() == "OFFICIAL",
               "the OFFICIAL marking is offered from the sources")
    walk.shot("export-dialog", "the Export dialog: document control and the OFFICIAL marking")
    walk.when_shown(QFileDialog, save_here)
    walk.click(dialog.export_button)
    walk.wait(lambda: window.last_export_box is not None and out.exists(), "the export", 180)
    walk.idle()
    walk.shot("export-finished", "Export finished: Open document or Show in folder")
    walk.click(walk.button(window.last_export_box, "Open document"))
    walk.check(walk.opened == [str(out)], "Open document opens the exported file")
    render_pages(walk, out)


def render_pages(walk: Walk, docx: Path) -> None:
    """Renders the exported file's title page and contents page with LibreOffice."""
    from consolidator.writers import pdf_export

    if not pdf_export.pdf_available() or shutil.which("pdftoppm") is None:
        print("LibreOffice or pdftoppm missing: the exported pages are not rendered")
        return
    pdf = pdf_export.export_pdf(docx, docx.with_suffix(".pdf"))
    for page, name in ((1, "exported-title-page"), (3, "exported-contents")):
        walk.step_number += 1
        target = walk.out / f"real-{walk.tag}-{walk.step_number:02d}-{name}"
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page),
                        "-singlefile", str(pdf), str(target)], check=True)
        print(f"{target.name}.png: page {page} of the export, rendered by LibreOffice")
    text = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(pdf), "-"],
                          capture_output=True, text=True).stdout if shutil.which(
        "pdftotext") else ""
    if text:
        walk.check("Contents" in text and any(line.rstrip()[-1:].isdigit()
                                              for line in text.splitlines() if "...." in line
                                              or "Introduction" in line),
                   "the contents page shows page numbers")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--xvfb", metavar="WxH", help="start Xvfb with this screen size")
    options = parser.parse_args()
    xvfb = start_xvfb(options.xvfb) if options.xvfb else None
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix="first-day-") as temp:
            home = Path(temp)
            (home / "Documents").mkdir()
            os.environ["HOME"] = str(home)  # the Documents folder the dialogs offer
            os.environ["POLICY_CONSOLIDATOR_DATA_DIR"] = str(home / "data")
            os.environ["POLICY_CONSOLIDATOR_INSTANCE"] = f"walkthrough-{os.getpid()}"
            from ui.app import application

            screen = application().primaryScreen().size()
            walk = Walk(out, f"{screen.width()}x{screen.height()}", home)
            try:
                run(walk)
            finally:
                walk.window.undo_stack.setClean()
                walk.window.close()
                walk.window.runner.wait(10000)
    finally:
        if xvfb is not None:
            xvfb.terminate()
    if walk.failures:
        print(f"{len(walk.failures)} step(s) failed: {walk.failures}", file=sys.stderr)
        return 1
    print("every step done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
