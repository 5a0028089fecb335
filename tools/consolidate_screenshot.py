"""Builds the Consolidate view offscreen on the bundled samples and saves PNGs of it.

    uv run python tools/consolidate_screenshot.py [--out docs/screenshots] [--scale 2]

Writes consolidate-conflict.png (the first open conflict selected), consolidate-combined.png (a
clause with one wording for every channel), consolidate-proposal.png (the draft's one Scope,
with the source clauses it stands for), consolidate-matrix.png (topics by policy) and
consolidate-preview.png, on throw-away settings and data folders.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=860)
    parser.add_argument("--scale", default="")
    parser.add_argument("--dark", action="store_true")
    options = parser.parse_args()
    if options.scale:
        os.environ["QT_SCALE_FACTOR"] = options.scale
    from PySide6.QtCore import QEventLoop, QTimer

    from consolidator.consolidation.plan import ClauseStatus
    from ui import theme
    from ui.app import application
    from ui.consolidate_view import install_consolidate_view
    from ui.main_window import MainWindow
    from ui.settings import Settings

    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    suffix = ("-dark" if options.dark else "") + (f"-x{options.scale}" if options.scale else "")
    if options.dark:
        app.setStyle("Fusion")
        app.setPalette(theme.dark_palette())

    def settle(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    with tempfile.TemporaryDirectory() as temp:
        window = MainWindow(Settings(Path(temp) / "settings.ini"))
        view = install_consolidate_view(window, data_dir=temp)
        window.resize(options.width, options.height)
        window.show()
        window.add_files(theme.sample_policies())
        for _ in range(400):
            settle(50)
            if view.store.plan is not None and not window.runner.is_busy():
                break
        window.show_view("consolidate")
        window.sources_dock.hide()
        view.next_conflict()
        settle(300)
        window.grab().save(str(out / f"consolidate-conflict{suffix}.png"))
        combined = next(c.id for c in view.store.plan.clauses
                        if c.status is ClauseStatus.COMBINED)
        view.select_item(combined)
        settle(300)
        window.grab().save(str(out / f"consolidate-combined{suffix}.png"))
        proposal = next(c.id for c in view.store.plan.clauses
                        if c.status is ClauseStatus.PROPOSED and c.text.startswith(
                            "This policy applies"))
        view.select_item(proposal)
        settle(300)
        window.grab().save(str(out / f"consolidate-proposal{suffix}.png"))
        view.tabs.setCurrentIndex(1)
        settle(300)
        window.grab().save(str(out / f"consolidate-matrix{suffix}.png"))
        window.show_view("preview")
        settle(300)
        window.grab().save(str(out / f"consolidate-preview{suffix}.png"))
        window.undo_stack.setClean()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
