"""Test setup: Qt runs offscreen (no display here or in CI); the shared corpus is beside us."""

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


def samples_with_a_variant(folder: Path) -> list[Path]:
    """Returns the bundled samples copied into `folder`, the Mobile Phone Policy saying "the
    Council will then inform the police" where two others say "will inform": the draft merges
    them into one clause (they differ in a linking word alone) with two wordings to choose."""
    import shutil

    import docx

    folder.mkdir(parents=True, exist_ok=True)
    copies = [Path(shutil.copy(p, folder / p.name)) for p in SAMPLE_FILES]
    mobile = next(p for p in copies if p.name.startswith("Mobile"))
    document = docx.Document(mobile)
    runs = [r for p in document.paragraphs for r in p.runs if "will inform the police" in r.text]
    assert len(runs) == 1, "the Mobile Phone sample no longer says 'will inform the police'"
    runs[0].text = runs[0].text.replace("will inform", "will then inform")
    document.save(mobile)
    return copies
