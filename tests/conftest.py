"""Test setup: Qt runs offscreen (no display here or in CI); the shared corpus is found beside us."""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "resources" / "samples"
