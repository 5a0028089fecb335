"""Regenerates the five screenshots of docs/walkthrough.md, offscreen, from the bundled samples.

    uv run python tools/walkthrough_screenshots.py [--out docs/screenshots]

Goes through the app as a newcomer would, in one window with throw-away settings and data folders:
(1) open the four sample policies, (2) compare the Email Policy with its older version
(resources/samples/versions), (3) the Consolidate view with the first conflict selected and its
variants, (4) the Export dialog, (5) page 1 of the exported Digital Policy, rendered with
LibreOffice and pdftoppm (skipped, with a message, when either is missing). The export is
written into a temporary folder. Writes walkthrough-step-1-loaded.png ... -step-5-exported.png.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

from readme_screenshots import screenshot_environment  # noqa: E402

os.environ.update(screenshot_environment())  # before Qt starts: offscreen, with real fonts

from compare_screenshot import wait_shown  # noqa: E402
from PySide6.QtCore import QPoint, QRect, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from screenshots import ROOT, settle, wait_idle  # noqa: E402

from consolidator.writers import pdf_export  # noqa: E402
from ui.app import application  # noqa: E402
from ui.consolidate_view import install_consolidate_view  # noqa: E402
from ui.export_dialog import ExportDialog, export_to  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings import Settings  # noqa: E402
from ui.views import install_compare_view  # noqa: E402

OLDER_VERSION = ROOT / "resources" / "samples" / "versions" / "Email Policy v2.1.docx"
FIELDS = {"council": "Fernbrook District Council", "owner": "Head of ICT and Digital",
          "author": "Policy team"}  # the sample council's, as in the README's --metadata example
STEPS = ("loaded", "compare", "consolidate", "export-dialog", "exported")


def step_file(out: Path, number: int) -> Path:
    return out / f"walkthrough-step-{number}-{STEPS[number - 1]}.png"


def wait_for(app: QApplication, ready, timeout_ms: int = 60000) -> bool:
    """Returns True once `ready()` is true (False after `timeout_ms`), letting the app work."""
    waited = 0
    while not ready() and waited < timeout_ms:
        settle(app, 50)
        waited += 50
    return bool(ready())


def with_dialog(window: QWidget, dialog: QWidget) -> QPixmap:
    """Returns a grab of `window` with `dialog` drawn over its middle, framed and titled as a
    desktop shows it (offscreen, a dialog is a window of its own without a title bar)."""
    shot = window.grab()
    inner = dialog.grab()
    title_height = dialog.fontMetrics().height() + 12
    frame = QRect(0, 0, inner.width() + 2, inner.height() + title_height + 2)
    frame.moveCenter(shot.rect().center())
    painter = QPainter(shot)
    painter.fillRect(frame.translated(4, 4), QColor(0, 0, 0, 70))  # a soft shadow
    palette = dialog.palette()
    painter.fillRect(frame, palette.color(palette.ColorRole.Mid))
    title = QRect(frame.left() + 1, frame.top() + 1, inner.width(), title_height)
    painter.fillRect(title, palette.color(palette.ColorRole.Window).darker(115))
    painter.setPen(palette.color(palette.ColorRole.WindowText))
    painter.setFont(dialog.font())
    painter.drawText(title, Qt.AlignmentFlag.AlignCenter, dialog.windowTitle())
    painter.drawPixmap(QPoint(frame.left() + 1, title.bottom() + 1), inner)
    painter.end()
    return shot


def render_page_one(docx: Path, png: Path) -> str:
    """Writes page 1 of `docx` as `png` (80 dpi, framed); returns "" or why it could not."""
    if not pdf_export.pdf_available():
        return "LibreOffice (soffice) was not found"
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return "pdftoppm (poppler-utils) was not found"
    pdf = pdf_export.export_pdf(docx, docx.with_suffix(".pdf"))  # soffice --convert-to pdf
    stem = docx.with_name("page")
    subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(stem)], check=True)
    page = QPixmap(str(stem.with_suffix(".png")))
    painter = QPainter(page)  # a thin grey edge, so the white page stands out on a white site
    painter.setPen(QColor(160, 160, 160))
    painter.drawRect(page.rect().adjusted(0, 0, -1, -1))
    painter.end()
    page.save(str(png))
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--width", type=int, default=1400)  # as the README's Compare and
    parser.add_argument("--height", type=int, default=860)  # Consolidate screenshots
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    with tempfile.TemporaryDirectory(prefix="walkthrough-") as temp:
        window = MainWindow(Settings(Path(temp) / "settings.ini"))
        compare = install_compare_view(window)
        consolidate = install_consolidate_view(window, data_dir=temp)
        window.resize(options.width, options.height)
        window.show()
        settle(app)

        # 1. Open the samples (the welcome page's button): the Sources panel lists the four.
        window.load_samples()
        wait_for(app, lambda: len(window.sources_model) > 0 and consolidate.store.plan is not None
                 and not window.runner.is_busy())
        window.sources_panel.table.selectRow(0)
        settle(app)
        window.grab().save(str(step_file(out, 1)))

        # 2. Compare: the Email Policy on the left, "Compare with file..." its v2.1: the older
        #    version goes on the left by itself.
        window.show_view("compare")
        email = next(d for d in window.sources_model.documents() if d.name == "Email Policy.docx")
        compare.picker.choose(0, email.id)
        compare.compare_with_file(str(OLDER_VERSION))
        if not wait_for(app, lambda: compare.picker.document(0) is not None
                        and compare.picker.document(0).name == OLDER_VERSION.name):
            print(f"{OLDER_VERSION.name} did not load: step 2 not written", file=sys.stderr)
            return 1
        wait_shown(app, compare)
        compare.next_change()
        compare.next_change()
        settle(app)
        window.grab().save(str(step_file(out, 2)))

        # 3. Consolidate: Next conflict selects the first one to decide; its variants show.
        window.show_view("consolidate")
        wait_for(app, lambda: consolidate.store.plan is not None and not window.runner.is_busy())
        consolidate.next_conflict()
        settle(app, 400)
        window.grab().save(str(step_file(out, 3)))

        # 4. Export Digital Policy (toolbar): the dialog, with the document-control fields a
        #    policy author fills in.
        window.actions_by_name["export_policy"].trigger()
        settle(app, 300)
        dialog = next(w for w in app.topLevelWidgets()
                      if isinstance(w, ExportDialog) and w.isVisible())
        for name, text in FIELDS.items():
            dialog.edits[name].setText(text)
        settle(app)
        with_dialog(window, dialog).save(str(step_file(out, 4)))

        # 5. Export (as the dialog's Export... does, into the temporary folder) and page 1.
        exported = Path(temp) / "export" / "Digital Policy.docx"
        exported.parent.mkdir()
        metadata, template = dialog.metadata(), dialog.template_path()
        dialog.reject()
        export_to(window, consolidate.store.docs, consolidate.store.plan, str(exported),
                  metadata, template)
        wait_idle(app, window, 120000)
        settle(app)
        if not exported.exists():
            print("the export failed: step 5 not written", file=sys.stderr)
            return 1
        skipped = render_page_one(exported, step_file(out, 5))
        if skipped:
            print(f"{skipped}: step 5 (the exported policy) skipped; install LibreOffice and "
                  "poppler-utils to make it", file=sys.stderr)
        window.undo_stack.setClean()
        window.close()
        window.runner.wait(10000)
    print(f"walkthrough screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
