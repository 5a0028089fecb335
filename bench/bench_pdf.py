"""PDF reading: speed against the DESIGN budgets, and accuracy against poppler and the sources.

    uv run python bench/make_pdfs.py           # the PDFs, printed by LibreOffice (once)
    uv run python bench/bench_pdf.py           # budgets: 100-page read, merges of four PDFs
    uv run python bench/bench_pdf.py --accuracy

Speed is whole-process wall time, the median of --runs runs (5). Accuracy, per PDF printed from
a .docx: the share of poppler's `pdftotext` words we read (it also prints running headers, footers
and page numbers, which we leave out on purpose), the share of the source .docx's words (as our
.docx reader reads them), and the headings: how many, and how many match the source's headings
in text and level.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_pdfs import MOJ_25, MOJ_FOUR, OUT, make_all  # noqa: E402
from bench.timing import whole_process  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
READ_BUDGET = 1.5  # seconds, 100-page PDF, whole process (DESIGN.md)
MERGE_BUDGET = 2.0  # seconds, four PDF policies of about 25 pages to a .docx, whole process


def pages(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def speed_rows(runs: int) -> list[tuple[str, float, float | None]]:
    """Returns (job, median seconds, budget) rows for the PDF budgets."""
    sets = make_all()
    python = sys.executable
    long_pdf = sets["long"][0]
    code = "import sys; from consolidator.readers import read_document; read_document(sys.argv[1])"
    rows: list[tuple[str, float, float | None]] = [(
        f"read {pages(long_pdf)}p PDF (whole process)",
        whole_process([python, "-c", code, str(long_pdf)], runs), READ_BUDGET)]
    tagged = sets["tagged"][-1]
    rows.append((f"read {pages(tagged)}p tagged PDF (whole process)",
                 whole_process([python, "-c", code, str(tagged)], runs), READ_BUDGET))
    for label, names in (("MOJ_25", MOJ_25), ("MOJ_FOUR", MOJ_FOUR)):
        pdfs = [OUT / "moj" / f"{name}.pdf" for name in names]
        total = sum(pages(p) for p in pdfs)
        out = OUT / f"merged-{label.lower()}.docx"
        seconds = whole_process([python, "main.py", "merge", *map(str, pdfs), "-o", str(out)],
                                runs)
        rows.append((f"merge 4 PDFs, {total}p ({label}) -> .docx", seconds,
                     MERGE_BUDGET if label == "MOJ_25" else None))
    return rows


def tokens(text: str) -> Counter[str]:
    """Returns the words of `text` as test_corpus counts them: NFKC, symbol-only tokens left out."""
    text = unicodedata.normalize("NFKC", text.replace("\u00ad", "")).replace("\u2011", "-")
    return Counter(t for t in text.split() if any(ch.isalnum() for ch in t))


def recall(want: Counter[str], got: Counter[str]) -> float:
    size = sum(want.values())
    return sum(min(n, got[t]) for t, n in want.items()) / max(1, size)


def pdftotext(pdf: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    reference = pdf.with_suffix(".pdftotext.txt")
    if not reference.exists():
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), str(reference)], check=True)
    return reference.read_text(encoding="utf-8")


def all_text(doc) -> str:
    """Returns the body text and the notes' text."""
    return "\n".join([doc.plain_text(), *(note.text for note in doc.notes)])


def headings(doc) -> list[tuple[int, str]]:
    from consolidator.model import BlockKind

    return [(b.level, " ".join(b.display_text.split())) for b in doc.blocks
            if b.kind is BlockKind.HEADING]


def accuracy_rows(read: Callable[[Path], object]) -> list[tuple]:
    """Returns one row per PDF: (name, words, recall vs pdftotext, recall vs source, headings
    in the source, headings read, headings matching in text, and in text and level)."""
    from consolidator.readers import read_document

    sets = make_all()
    rows = []
    for pdf in [*sets["moj"], *sets["md"], *sets["long"], *sets["tagged"]]:
        source = pdf.with_suffix(".docx")
        doc = read(pdf)
        got = tokens(all_text(doc))
        poppler = pdftotext(pdf)
        source_doc = read_document(source)
        want_source = tokens(all_text(source_doc))
        want_headings, got_headings = headings(source_doc), headings(doc)
        name = f"tagged/{pdf.name}" if pdf.parent.name == "tagged" else pdf.name
        rows.append((name, sum(got.values()),
                     recall(tokens(poppler), got) if poppler is not None else None,
                     recall(want_source, got), _same_paragraphs(source_doc, doc),
                     len(want_headings), len(got_headings),
                     _matching([t for _, t in want_headings], [t for _, t in got_headings]),
                     _matching(want_headings, got_headings)))
    return rows


def _same_paragraphs(source, doc) -> float:
    """Returns the share of the source's paragraphs (plain-text lines) read exactly as they are:
    the same words, split into paragraphs in the same places."""
    want = Counter(" ".join(t.split()) for t in source.plain_text().splitlines() if t.strip())
    got = Counter(" ".join(t.split()) for t in doc.plain_text().splitlines() if t.strip())
    return sum((want & got).values()) / max(1, sum(want.values()))


def _matching(a: list, b: list) -> int:
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def print_accuracy(rows: list[tuple]) -> None:
    print("headings: in the source .docx / read from the PDF / same text / same text and level")
    print("paragraphs: share of the source's paragraphs read exactly (same words, same breaks)")
    print(f"{'PDF':46} {'words':>6} {'vs pdftotext':>12} {'vs source':>9} {'paragraphs':>10} "
          f"{'headings':>16}")
    totals = [0, 0.0, 0.0, 0.0, 0, 0, 0, 0]
    for name, words, poppler, source, paragraphs, *heads in rows:
        poppler_text = f"{poppler:.4f}" if poppler is not None else "-"
        print(f"{name[:46]:46} {words:6d} {poppler_text:>12} {source:9.4f} {paragraphs:10.3f} "
              f"{'/'.join(map(str, heads)):>16}")
        totals[0] += words
        totals[1] += (poppler or 0.0) * words
        totals[2] += source * words
        totals[3] += paragraphs * words
        for n, value in enumerate(heads):
            totals[4 + n] += value
    words = max(1, totals[0])
    print(f"{'all (word-weighted)':46} {totals[0]:6d} {totals[1] / words:12.4f} "
          f"{totals[2] / words:9.4f} {totals[3] / words:10.3f} "
          f"{'/'.join(map(str, totals[4:])):>16}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--accuracy", action="store_true", help="accuracy instead of speed")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.accuracy:
        from consolidator.readers import read_document

        print_accuracy(accuracy_rows(read_document))
        return 0
    print(f"{'job':44} {'median s':>9} {'budget s':>9}  ok")
    for job, seconds, budget in speed_rows(args.runs):
        verdict = "" if budget is None else ("yes" if seconds <= budget else "NO")
        shown = "" if budget is None else f"{budget:.2f}"
        print(f"{job:44} {seconds:9.3f} {shown:>9}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
