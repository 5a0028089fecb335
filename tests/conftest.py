"""Test setup: Qt runs offscreen (no display here or in CI); the shared corpus is found beside us."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Apps the tests start listen (and hand over) on a name of their own, never to a real app open
# on this computer (ui/single_instance.py).
os.environ.setdefault("POLICY_CONSOLIDATOR_INSTANCE", f"PolicyConsolidator-tests-{os.getpid()}")
if sys.platform == "win32":
    # Qt's offscreen platform on Windows reads fonts only from QT_QPA_FONTDIR (default: a "fonts"
    # folder beside Qt's libraries, which PySide6 does not ship): point it at the system fonts so
    # text has real glyphs and metrics, as fontconfig gives it on Linux.
    _fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    if _fonts.is_dir():
        os.environ.setdefault("QT_QPA_FONTDIR", str(_fonts))

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "resources" / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.docx"))
