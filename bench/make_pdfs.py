"""Prints real and generated policies to PDF with LibreOffice, under bench/out/pdf/.

    uv run python bench/make_pdfs.py

- `moj/`: every Ministry of Justice policy of the shared corpus, printed from its own .docx.
  Two sets of four are merged by the bench: MOJ_FOUR (email, IT acceptable use, personal devices,
  protecting social media accounts: 15 pages) and MOJ_25 (IT acceptable use, social media
  accounts, remote working, video and messaging apps: 25 pages, the merge budget's size).
- `md/`: the corpus policies that exist only as Markdown, turned into .docx (headings, lists,
  tables) by this script and printed.
- `policy-100p.pdf`: the 100-page generated policy of bench/make_pairs.py with a running header,
  a footer with page numbers: the read budget's input.
- `tagged/`: the Ministry of Justice policies and the 100-page policy again, as tagged PDFs
  (structure tags, as Word's "Save as PDF" writes by default).

Each PDF is made once (delete bench/out/pdf to remake). The .docx it was printed from is kept
beside it for the accuracy check (bench/bench_pdf.py --accuracy).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.make_pairs import make_policy, save_docx  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "pdf"
POLICIES = ROOT.parent / "shared" / "corpus" / "policies"
MOJ_FOUR = ("email", "it-acceptable-use-policy", "personal-devices",
            "protecting-social-media-accounts")
MOJ_25 = ("it-acceptable-use-policy", "protecting-social-media-accounts", "remote-working",
          "general-user-video-and-messaging-apps-guidance")
LONG_PAGES = 56  # make_pairs' page estimate: LibreOffice prints this as about 100 pages


TAGGED = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def to_pdf(source: Path, outdir: Path, tagged: bool = False) -> Path:
    """Returns the PDF LibreOffice printed from `source` into `outdir` (made once)."""
    target = outdir / (source.stem + ".pdf")
    if target.exists():
        return target
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", "--headless", "--norestore",
             f"-env:UserInstallation={Path(profile).as_uri()}",
             "--convert-to", TAGGED if tagged else "pdf", "--outdir", str(outdir), str(source)],
            check=True, capture_output=True, timeout=300,
        )
    return target


def tagged_copy(source: Path) -> Path:
    """Returns a tagged PDF printed from `source`, under tagged/, beside a copy of the source."""
    folder = OUT / "tagged"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / source.name
    if not copy.exists():
        shutil.copyfile(source, copy)
    return to_pdf(copy, folder, tagged=True)


def markdown_to_docx(source: Path, target: Path) -> Path:
    """Returns `target`: the Markdown policy as a .docx with Word's heading and list styles."""
    import docx

    from consolidator.model import BlockKind
    from consolidator.readers import read_document

    document = docx.Document()
    for block in read_document(source).blocks:
        if block.kind is BlockKind.TABLE and block.table is not None:
            rows = block.table.rows
            width = max(len(row) for row in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell.text
        elif block.kind is BlockKind.HEADING:
            document.add_heading(block.display_text, min(3, max(1, block.level)))
        elif block.kind is BlockKind.LIST_ITEM:
            style = "List Bullet" if block.label == "•" else "List Number"
            document.add_paragraph(block.text, style=style)
        elif block.text.strip():
            document.add_paragraph(block.text)
    document.save(str(target))
    return target


def long_policy_docx(target: Path, pages: int) -> Path:
    """Returns `target`: make_pairs' generated policy with a running header and page numbers."""
    import docx
    from docx.oxml import parse_xml

    save_docx(make_policy(random.Random(pages), pages), target)
    document = docx.Document(str(target))
    section = document.sections[0]
    section.header.paragraphs[0].text = "Riverside District Council - Digital Policy"
    footer = section.footer.paragraphs[0]
    footer.text = "OFFICIAL - Page "
    footer._p.append(parse_xml(  # a PAGE field: the number differs on every page
        '<w:fldSimple xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    document.save(str(target))
    return target


def make_all() -> dict[str, list[Path]]:
    """Returns the PDFs by set ("moj", "md", "long", "tagged"), printing what is missing."""
    if shutil.which("soffice") is None:
        raise SystemExit("LibreOffice (soffice) is not installed: no PDFs can be printed.")
    sets: dict[str, list[Path]] = {"moj": [], "md": [], "long": [], "tagged": []}
    for source in sorted(POLICIES.glob("*/uk-moj/*.docx")):
        docx_copy = OUT / "moj" / source.name
        docx_copy.parent.mkdir(parents=True, exist_ok=True)
        if not docx_copy.exists():
            shutil.copyfile(source, docx_copy)
        sets["moj"].append(to_pdf(docx_copy, OUT / "moj"))
    for md in sorted(POLICIES.rglob("*.md")):
        if md.with_suffix(".docx").exists():
            continue  # printed from the organisation's own .docx instead
        org = md.parent.name
        target = OUT / "md" / f"{org}-{md.stem}.docx"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            markdown_to_docx(md, target)
        sets["md"].append(to_pdf(target, OUT / "md"))
    long_docx = OUT / "policy-100p.docx"
    if not long_docx.exists():
        long_policy_docx(long_docx, LONG_PAGES)
    sets["long"].append(to_pdf(long_docx, OUT))
    for pdf in [*sets["moj"], *sets["long"]]:
        sets["tagged"].append(tagged_copy(pdf.with_suffix(".docx")))
    return sets


if __name__ == "__main__":
    for name, paths in make_all().items():
        for path in paths:
            print(f"{name:5} {path.relative_to(ROOT)}")
