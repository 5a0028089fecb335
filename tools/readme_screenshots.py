"""Regenerates every screenshot the README shows, offscreen, from the app on the bundled samples.

    uv run python tools/readme_screenshots.py [--out docs/screenshots]

Runs tools/screenshots.py (welcome, sources, help, about), tools/compare_screenshot.py (Compare
view), tools/consolidate_screenshot.py (Consolidate view, topic matrix, preview),
tools/walkthrough_screenshots.py (docs/walkthrough.md) and tools/review_screenshots.py (a review
and its committee pack; page 1 of the summary and of the redline as LibreOffice renders them),
each in its own process with throw-away settings, so the pictures always match the current app.
Text is drawn with the system fonts (DejaVu on Linux: fonts-dejavu-core, as .ci/run installs).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = (("screenshots.py",), ("compare_screenshot.py",), ("consolidate_screenshot.py",),
           ("consolidate_screenshot.py", "--dark"), ("walkthrough_screenshots.py",),
           ("review_screenshots.py",))


def screenshot_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """Returns the environment for a screenshot process: Qt offscreen, with real fonts.

    Qt's offscreen platform on Windows reads fonts only from QT_QPA_FONTDIR (PySide6 ships none),
    so it points there at the system fonts; on Linux fontconfig finds them (a warning when
    DejaVu Sans, the font of the committed screenshots, is missing).
    """
    env = dict(os.environ if base is None else base)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if sys.platform == "win32":
        fonts = Path(env.get("WINDIR", r"C:\Windows")) / "Fonts"
        if fonts.is_dir():
            env.setdefault("QT_QPA_FONTDIR", str(fonts))
    elif shutil.which("fc-list"):
        found = subprocess.run(["fc-list", "DejaVu Sans"], capture_output=True, text=True)
        if not found.stdout.strip():
            print("DejaVu Sans is not installed (fonts-dejavu-core): the screenshots will use "
                  "another font than the committed ones", file=sys.stderr)
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    env = screenshot_environment()
    for script, *extra in SCRIPTS:
        print(f"running {script} {' '.join(extra)}", file=sys.stderr)
        result = subprocess.run([sys.executable, str(ROOT / "tools" / script), *extra,
                                 "--out", args.out], cwd=ROOT, env=env)
        if result.returncode != 0:
            print(f"{script} failed with exit status {result.returncode}", file=sys.stderr)
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
