"""Builds the main window offscreen on the bundled samples and saves PNGs for the README.

    uv run python tools/screenshots.py [--out docs/screenshots]

Writes welcome.png (nothing loaded), sources.png (the four sample policies loaded) and
about.png / help.png, using a throw-away settings file so the user's own settings are untouched.
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

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ui import theme  # noqa: E402
from ui.app import application  # noqa: E402
from ui.help import AboutDialog, HelpDialog  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings import Settings  # noqa: E402


def settle(app: QApplication, ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def wait_idle(app: QApplication, window: MainWindow, timeout_ms: int = 30000) -> None:
    waited = 0
    while window.runner.is_busy() and waited < timeout_ms:
        settle(app, 50)
        waited += 50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    with tempfile.TemporaryDirectory() as temp:
        window = MainWindow(Settings(Path(temp) / "settings.ini"))
        window.resize(options.width, options.height)
        window.show()
        settle(app)
        window.grab().save(str(out / "welcome.png"))
        samples = theme.sample_policies()
        if samples:
            window.add_files(samples)
            wait_idle(app, window)
            settle(app)
            window.sources_panel.table.selectRow(0)
            settle(app)
            window.grab().save(str(out / "sources.png"))
        else:
            print("no samples in resources/samples: sources.png not written", file=sys.stderr)
        for name, dialog in (("about", AboutDialog(window)), ("help", HelpDialog(window))):
            dialog.show()
            settle(app)
            dialog.grab().save(str(out / f"{name}.png"))
            dialog.close()
        window.close()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
