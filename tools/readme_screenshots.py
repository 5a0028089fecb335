"""Regenerates every screenshot the README shows, offscreen, from the app on the bundled samples.

    uv run python tools/readme_screenshots.py [--out docs/screenshots]

Runs tools/screenshots.py (welcome, sources, help, about), tools/compare_screenshot.py (Compare
view) and tools/consolidate_screenshot.py (Consolidate view, topic matrix, preview), each in its
own process with throw-away settings, so the README's pictures always match the current app.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = (("screenshots.py",), ("compare_screenshot.py",), ("consolidate_screenshot.py",),
           ("consolidate_screenshot.py", "--dark"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
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
