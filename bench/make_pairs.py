"""Generates deterministic policy pairs (5, 20, 100, 400 pages) as .docx under bench/out/."""

from __future__ import annotations

import random
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
SIZES = (5, 20, 100, 400)
WORDS_PER_PAGE = 450
VOCAB = ("staff council must should may not email internet device personal business data "
         "record manager approval security password account public social media policy use "
         "access monitor breach report officer network information system line manager "
         "service customer confidential equipment mobile phone laptop remote working "
         "authorised purpose disciplinary action retained reviewed annually").split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(rng.randint(8, 18))).capitalize() + "."


def make_policy(rng: random.Random, pages: int) -> list[tuple[str, object]]:
    """Returns (style, text or table rows) items of about `pages` * 450 words."""
    items: list[tuple[str, object]] = [("Title", "Digital Policy")]
    target = pages * WORDS_PER_PAGE
    words = section = 0
    while words < target:
        section += 1
        items.append(("Heading 1", f"Section {section} {rng.choice(VOCAB).title()}"))
        for sub in range(rng.randint(1, 3)):
            items.append(("Heading 2", f"{rng.choice(VOCAB).title()} {sub + 1}"))
            for _ in range(rng.randint(2, 4)):
                text = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
                items.append(("Normal", text))
                words += len(text.split())
            for _ in range(rng.randint(2, 5)):
                text = sentence(rng)
                items.append(("List Number", text))
                words += len(text.split())
            for _ in range(rng.randint(0, 3)):
                text = sentence(rng)
                items.append(("List Bullet", text))
                words += len(text.split())
        if section % 6 == 0:
            rows = [["Item", "Allowed", "Notes"]] + [
                [rng.choice(VOCAB).title(), rng.choice(("Yes", "No")), sentence(rng)]
                for _ in range(4)]
            items.append(("table", rows))
            words += sum(len(" ".join(r).split()) for r in rows)
    return items


def edit_policy(rng: random.Random, items: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Returns a copy with 3% of words edited, sentences and paragraphs added and removed, a table
    cell changed and one section moved."""
    out: list[tuple[str, object]] = []
    for style, content in items:
        if style == "table":
            rows = [list(r) for r in content]
            if rng.random() < 0.5:
                rows[1][1] = "With approval"
            out.append((style, rows))
            continue
        if style in ("Normal", "List Number", "List Bullet"):
            roll = rng.random()
            if roll < 0.02:
                continue
            words = content.split(" ")
            for k in range(len(words)):
                if rng.random() < 0.03:
                    words[k] = rng.choice(VOCAB)
            content = " ".join(words)
            if roll > 0.97:
                content += " " + sentence(rng)
        out.append((style, content))
        if style == "Normal" and rng.random() < 0.02:
            out.append(("Normal", sentence(rng)))
    heads = [i for i, (s, _) in enumerate(out) if s == "Heading 1"]
    if len(heads) >= 4:
        a, b = heads[1], heads[2]
        dest = heads[-1]
        out = out[:a] + out[b:dest] + out[a:b] + out[dest:]
    return out


def save_docx(items: list[tuple[str, object]], path: Path) -> Path:
    import docx

    document = docx.Document()
    for style, content in items:
        if style == "table":
            table = document.add_table(rows=len(content), cols=len(content[0]))
            for r, row in enumerate(content):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            continue
        paragraph = document.add_paragraph(style=style)
        words = content.split(" ")
        if len(words) > 4:
            paragraph.add_run(" ".join(words[:2]) + " ").bold = True
            paragraph.add_run(" ".join(words[2:]))
        else:
            paragraph.add_run(content)
    document.save(str(path))
    return path


def make_pair(pages: int, out: Path = OUT) -> tuple[Path, Path]:
    """Returns the (old, new) paths of the pair of `pages` pages, generating it if missing."""
    out.mkdir(parents=True, exist_ok=True)
    old, new = out / f"policy-{pages}p-old.docx", out / f"policy-{pages}p-new.docx"
    if not (old.exists() and new.exists()):
        rng = random.Random(pages)
        items = make_policy(rng, pages)
        save_docx(items, old)
        save_docx(edit_policy(rng, items), new)
    return old, new


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or SIZES:
        print(*make_pair(size))
