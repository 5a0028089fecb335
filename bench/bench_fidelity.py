"""Share of LibreOffice's words the readers recover on the shared corpus, per format and file.

    uv run python bench/bench_fidelity.py [--corpus ../shared/corpus] [--worst 15]

For every corpus file with a LibreOffice text export (`reference-txt/<path>.txt`), the words of
our reading (tracked deletions kept, list and heading numbers included, as LibreOffice's export
has them) are matched against the reference's words, counted with multiplicity. Prints the
recall over all files and by format, and the files that lose most.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consolidator.errors import LoadError  # noqa: E402
from consolidator.model import Block, SourceDocument  # noqa: E402
from consolidator.readers import read_document  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def tokens(text: str) -> Counter[str]:
    """Returns the words of `text` (whitespace-split), NFKC-normalised, symbols-only tokens
    (bullets, rules, arrows) left out: their glyph choice is cosmetic."""
    text = unicodedata.normalize("NFKC", text.replace("\u00ad", "")).replace("\u2011", "-")
    return Counter(t for t in text.split() if any(ch.isalnum() for ch in t))


def all_text(doc: SourceDocument) -> str:
    """Returns the body text with tracked deletions kept (LibreOffice's export keeps them)."""
    lines: list[str] = []

    def walk(block: Block) -> None:
        if block.table is not None:
            for cell in block.table.iter_cells():
                for inner in cell.blocks:
                    walk(inner)
            return
        text = "".join(r.text for r in block.runs)
        lines.append(f"{block.label} {text}" if block.label else text)

    for block in doc.blocks:
        walk(block)
    return "\n".join(lines)


def manifest(corpus: Path) -> list[str]:
    path = corpus / "MANIFEST.tsv"
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return [row["path"] for row in csv.DictReader(handle, delimiter="\t") if row["path"]]


def measure(corpus: Path) -> dict:
    """Returns {"totals": {format: [reference words, found]}, "files": [(share, words, path)],
    "refused": Counter, "read": n, "seconds": s}."""
    start = time.perf_counter()
    totals: dict[str, list[int]] = {}
    files: list[tuple[float, int, str]] = []
    refused: Counter[str] = Counter()
    read = 0
    for rel in manifest(corpus):
        try:
            doc = read_document(corpus / rel)
        except LoadError as exc:
            refused[exc.reason] += 1
            continue
        read += 1
        reference = corpus / "reference-txt" / (rel + ".txt")
        if not reference.is_file():
            continue
        want = tokens(reference.read_text(encoding="utf-8-sig", errors="replace"))
        if not want:
            continue
        got = tokens(all_text(doc))
        found = sum(min(n, got[t]) for t, n in want.items())
        size = sum(want.values())
        for key in (doc.format, "all"):
            pair = totals.setdefault(key, [0, 0])
            pair[0] += size
            pair[1] += found
        files.append((found / size, size, rel))
    files.sort()
    return {"totals": totals, "files": files, "refused": refused, "read": read,
            "seconds": time.perf_counter() - start}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--worst", type=int, default=15)
    args = parser.parse_args()
    result = measure(args.corpus)
    totals = result["totals"]
    if "all" not in totals:
        sys.exit(f"no corpus with reference texts at {args.corpus}")
    size, found = totals["all"]
    print(f"{result['read']} read, {sum(result['refused'].values())} refused "
          f"{dict(result['refused'])}, {result['seconds']:.1f} s")
    print(f"recall vs LibreOffice: {found / size:.4f} ({found}/{size} words over "
          f"{len(result['files'])} files)")
    for key, (n, f) in sorted(totals.items()):
        if key != "all":
            print(f"  {key:9} {f / n:.4f} ({f}/{n} words)")
    print("files losing most:")
    for share, words, rel in result["files"][:args.worst]:
        print(f"  {share:.3f} of {words:6d} words  {rel}")


if __name__ == "__main__":
    main()
