"""Share of LibreOffice's words the readers recover on the shared corpus, per format and file.

    uv run python bench/bench_fidelity.py [--corpus ../shared/corpus] [--worst 15]
    uv run python bench/bench_fidelity.py --synthetic    # the losses seen on unseen files

`--synthetic` builds small Word files with the constructs that lost words on files the team had
not seen (lists numbered in words in five languages, other numbering systems, imported
documents, a second body), has LibreOffice export their text as the reference, and measures
them the same way (needs LibreOffice).

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


FORMATS = ("ordinal", "ordinalText", "cardinalText", "chineseCounting", "chineseCountingThousand",
           "japaneseCounting", "koreanCounting", "russianLower", "russianUpper", "hebrew1",
           "hebrew2", "arabicAlpha", "arabicAbjad", "thaiLetters", "hindiVowels", "aiueo",
           "iroha", "ganada", "decimalEnclosedCircle", "upperRoman", "lowerLetter")
LANGUAGES = ("en-GB", "fr-FR", "de-DE", "ru-RU", "es-ES")


def build_synthetic(folder: Path) -> Path:
    """Returns a corpus folder of generated Word files with LibreOffice's text as reference."""
    import io
    import subprocess
    import tempfile
    import zipfile

    from consolidator.libreoffice import find_soffice
    from tests.core.docx_factory import build_docx, p

    soffice = find_soffice()
    if soffice is None:
        sys.exit("--synthetic needs LibreOffice to write the reference texts")
    files: dict[str, bytes] = {}
    for lang in LANGUAGES:
        for fmt in FORMATS:
            abstract = (f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start '
                        f'w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl>'
                        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
            styles = (f'<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="{lang}"/></w:rPr>'
                      '</w:rPrDefault></w:docDefaults>')
            body = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
                           f"</w:numPr></w:pPr><w:r><w:t>Clause {n} text.</w:t></w:r></w:p>"
                           for n in range(1, 31))
            files[f"numbering/{lang}/{fmt}.docx"] = build_docx(body, styles=styles,
                                                              numbering=abstract)
    inner = build_docx(p("Imported clause: staff must use strong passwords."))
    chunked = build_docx(p("Before the import.") + '<w:altChunk r:id="rIdC"/>' + p("After."))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(chunked)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdC" Type="http://'
                                    b"schemas.openxmlformats.org/officeDocument/2006/"
                                    b'relationships/aFChunk" Target="inner.docx"/>'
                                    b"</Relationships>")
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"</w:body><w:body>" + p(
                    "A second body: its clauses count too.").encode() + b"</w:body>")
            target.writestr(info, data)
        target.writestr("word/inner.docx", inner)
    files["parts/altchunk-and-second-body.docx"] = out.getvalue()
    rows = ["path"]
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
        rows.append(rel)
    (folder / "MANIFEST.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        for rel in files:
            out_dir = (folder / "reference-txt" / rel).parent
            subprocess.run([soffice, "--headless", "--norestore",
                            f"-env:UserInstallation={Path(profile).as_uri()}", "--convert-to",
                            "txt:Text (encoded):UTF8", "--outdir", str(out_dir),
                            str(folder / rel)], capture_output=True, timeout=120, check=False)
            made = out_dir / (Path(rel).stem + ".txt")
            if made.exists():
                made.rename(out_dir / (Path(rel).name + ".txt"))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--worst", type=int, default=15)
    parser.add_argument("--synthetic", action="store_true",
                        help="measure generated files with the constructs unseen files lost")
    args = parser.parse_args()
    if args.synthetic:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="fidelity-") as folder:
            report(measure(build_synthetic(Path(folder))), args.worst)
        return
    report(measure(args.corpus), args.worst)


def report(result: dict, worst: int) -> None:
    totals = result["totals"]
    if "all" not in totals:
        sys.exit("no corpus with reference texts (--corpus)")
    size, found = totals["all"]
    print(f"{result['read']} read, {sum(result['refused'].values())} refused "
          f"{dict(result['refused'])}, {result['seconds']:.1f} s")
    print(f"recall vs LibreOffice: {found / size:.4f} ({found}/{size} words over "
          f"{len(result['files'])} files)")
    for key, (n, f) in sorted(totals.items()):
        if key != "all":
            print(f"  {key:9} {f / n:.4f} ({f}/{n} words)")
    print("files losing most:")
    for share, words, rel in result["files"][:worst]:
        print(f"  {share:.3f} of {words:6d} words  {rel}")


if __name__ == "__main__":
    main()
