"""Screenshots and timings of the Compare view, offscreen, on the samples and a 400-page pair.

    uv run python tools/compare_screenshot.py [--out docs/screenshots] [--bench]

Writes compare-versions.png (Email Policy v2.1 -> the current one), compare-policies.png (Email
vs Internet Use), compare-section.png (two sections), compare-dark.png (dark palette). With
--bench it also builds a ~400-page pair in memory and prints the diff time, the first paint
after the result arrives, and the time to scroll through it page by page.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import consolidator  # noqa: E402
from consolidator.model import Block, BlockKind, Run, SourceDocument, finish_blocks  # noqa: E402
from consolidator.sections import iter_sections  # noqa: E402
from ui import theme  # noqa: E402
from ui.app import application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings import Settings  # noqa: E402
from ui.views import install_compare_view  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"


def settle(app: QApplication, ms: int = 100) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def wait_shown(app: QApplication, view, timeout_ms: int = 60000) -> None:
    """Waits until the view shows a comparison of what its picker has chosen."""
    done: list[object] = []
    view.comparison_shown.connect(done.append)
    view.compare_now()
    waited = 0
    while not done and waited < timeout_ms:
        settle(app, 20)
        waited += 20
    view.comparison_shown.disconnect(done.append)
    settle(app, 100)


def big_pair(pages: int = 400, seed: int = 7) -> tuple[SourceDocument, SourceDocument]:
    """Returns a ~`pages`-page policy and an edited copy (3% of words, sections moved)."""
    rng = random.Random(seed)
    words = ("staff must not use council email systems to send personal data without approval "
             "of the manager the information governance team will review every request and "
             "report breaches within 24 hours to the data protection officer").split()
    blocks: list[Block] = []
    n = 0
    while sum(len(b.text.split()) for b in blocks) < pages * 450:
        n += 1
        blocks.append(Block("", BlockKind.HEADING, (Run(f"Topic {n} rules"),), 1, f"{n}"))
        for k in range(rng.randint(4, 9)):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(20, 90)))
            blocks.append(Block("", BlockKind.LIST_ITEM if k % 3 == 0 else BlockKind.PARAGRAPH,
                                (Run(text.capitalize() + "."),), 0,
                                f"{n}.{k + 1}" if k % 3 == 0 else ""))
    old = SourceDocument("old400", "Big Policy v1.docx", "docx", "Big Policy",
                         finish_blocks("old400", blocks))
    new_blocks = []
    for block in blocks:
        if block.kind is not BlockKind.HEADING and rng.random() < 0.15:
            ws = block.text.split()
            for _ in range(max(1, len(ws) // 5)):
                ws[rng.randrange(len(ws))] = rng.choice(words)
            block = Block("", block.kind, (Run(" ".join(ws)),), block.level, block.label)
        new_blocks.append(block)
    cut = len(new_blocks) // 3
    moved, new_blocks = new_blocks[cut:cut + 6], new_blocks[:cut] + new_blocks[cut + 6:]
    new_blocks[2 * cut:2 * cut] = moved
    new = SourceDocument("new400", "Big Policy v2.docx", "docx", "Big Policy",
                         finish_blocks("new400", new_blocks))
    return old, new


def bench(app: QApplication, window: MainWindow, view) -> None:
    old, new = big_pair()
    for doc in (old, new):
        window.sources_model.add(doc, "other", doc.word_count())
    print(f"400-page pair: {old.word_count():,} and {new.word_count():,} words, "
          f"{len(old.blocks)} / {len(new.blocks)} blocks")
    view.picker.choose(0, old.id)
    view.picker.choose(1, new.id)
    paints, scrolls, diffs = [], [], []
    for _ in range(3):
        started = time.perf_counter()
        wait_shown(app, view)
        diffs.append((time.perf_counter() - started) * 1000)
        paints.append(view.first_paint_ms)
        bar = view.left_pane.verticalScrollBar()
        started = time.perf_counter()
        steps = 0
        worst = 0.0
        while bar.value() < bar.maximum():
            t0 = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            view.left_pane.repaint()
            view.right_pane.repaint()
            worst = max(worst, (time.perf_counter() - t0) * 1000)
            steps += 1
        scrolls.append(((time.perf_counter() - started) * 1000, steps, worst))
        bar.setValue(0)
    print(f"rows: {view.presentation.row_count()}, changes: {view.presentation.diff.change_count}")
    print(f"request -> shown (diff on the worker + first paint): median "
          f"{statistics.median(diffs):.0f} ms")
    print(f"first paint after the result arrives: median {statistics.median(paints):.0f} ms "
          f"(runs: {', '.join(f'{p:.0f}' for p in paints)})")
    total, steps, worst = scrolls[-1]
    print(f"scroll through, page by page: {total:.0f} ms for {steps} pages "
          f"({total / max(1, steps):.1f} ms a page, worst {worst:.1f} ms)")
    started = time.perf_counter()
    for _ in range(50):
        view.next_change()
        view.left_pane.repaint()
        view.right_pane.repaint()
    print(f"next change x50: {(time.perf_counter() - started) * 1000 / 50:.1f} ms each")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--bench", action="store_true")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=860)
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    with tempfile.TemporaryDirectory() as temp:
        window = MainWindow(Settings(Path(temp) / "settings.ini"))
        view = install_compare_view(window)
        window.resize(options.width, options.height)
        window.sources_dock.hide()
        window.problems_dock.hide()
        window.show()
        paths = [*sorted(SAMPLES.glob("*.docx")), *sorted((SAMPLES / "versions").glob("*.docx"))]
        for path in paths:
            doc = consolidator.read_document(path)
            window.sources_model.add(doc, "other", doc.word_count())
        window.show_view("compare")
        docs = {d.name: d for d in window.sources_model.documents()}
        if options.bench:
            bench(app, window, view)
        else:
            view.picker.choose(0, docs["Email Policy v2.1.docx"].id)
            view.picker.choose(1, docs["Email Policy.docx"].id)
            wait_shown(app, view)
            view.next_change()
            view.next_change()
            settle(app)
            window.grab().save(str(out / "compare-versions.png"))
            view.go_to_change(5)
            settle(app)
            window.grab().save(str(out / "compare-moved.png"))
            view.picker.choose(0, docs["Email Policy.docx"].id)
            view.picker.choose(1, docs["Internet Use Policy.docx"].id)
            wait_shown(app, view)
            view.next_change()
            settle(app)
            window.grab().save(str(out / "compare-policies.png"))
            email = {s.title: s for s in iter_sections(docs["Email Policy.docx"])}
            internet = {s.title: s for s in iter_sections(docs["Internet Use Policy.docx"])}
            view.picker.choose(0, docs["Email Policy.docx"].id, email["Personal use"].id)
            view.picker.choose(1, docs["Internet Use Policy.docx"].id,
                               internet["Personal use of the internet"].id)
            wait_shown(app, view)
            view.show_find()
            view.find_bar.field.setText("personal")
            settle(app)
            window.grab().save(str(out / "compare-section.png"))
            view.find_bar.close_bar()
            app.setPalette(theme.dark_palette())
            view.picker.choose(0, docs["Email Policy v2.1.docx"].id)
            view.picker.choose(1, docs["Email Policy.docx"].id)
            wait_shown(app, view)
            view.go_to_change(3)
            settle(app)
            window.grab().save(str(out / "compare-dark.png"))
            print(f"screenshots in {out}")
        window.close()
        window.runner.wait(10000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
