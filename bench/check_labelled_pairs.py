"""Checks the hand-labelled pairs (tests/data/labelled_pairs.jsonl) before they are trusted.

    uv run python bench/check_labelled_pairs.py [--corpus ../shared/corpus]

1. Every text is real wording: each fragment (fragments are joined by " … ") is found in its
   source file once Markdown markup is stripped and case, punctuation and spacing are ignored.
2. No leak between the splits: no tune pair holds the same two clauses as an eval pair (one
   clause inside the other counts as the same). Only pair ids are printed, never eval wording.
3. Every pair has the fields the bench reads, a label of conflict / none and a split of
   tune / eval.

Exit status 1 when any check fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "data" / "labelled_pairs.jsonl"
FIELDS = ("id", "text_a", "source_a", "text_b", "source_b", "label", "kind", "reason", "split")

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKER = re.compile(r"^\s*(?:[-*\u2022]|#+|>|!>|\?>|\d+\.)\s+", re.MULTILINE)


def words_key(text: str) -> str:
    """Returns the text as lower-case words and numbers only: markup, punctuation and spacing
    are no part of what a clause says."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def source_keys(path: Path) -> tuple[str, str]:
    """Returns a source's words with Markdown links reduced to their text, with and without the
    list markers ("1.") at the start of lines."""
    text = path.read_text(encoding="utf-8")
    text = _LINK.sub(r"\1", _IMAGE.sub(" ", text)).replace("&amp;", "&")
    text = re.sub(r"<br\s*/?>", " ", text)
    return words_key(text), words_key(_MARKER.sub(" ", text))


def check(items: list[dict], corpus: Path) -> list[str]:
    """Returns the problems found, one line each."""
    problems: list[str] = []
    keys: dict[str, tuple[str, str]] = {}
    for item in items:
        missing = [f for f in FIELDS if not item.get(f)]
        if missing or item["label"] not in ("conflict", "none") or item["split"] not in (
                "tune", "eval"):
            problems.append(f"{item.get('id')}: fields missing or wrong: {missing}")
            continue
        for side in ("a", "b"):
            rel = item[f"source_{side}"].split(" \u00a7 ")[0]
            path = corpus / rel
            if not path.exists():
                problems.append(f"{item['id']}: source {rel} not found")
                continue
            if rel not in keys:
                keys[rel] = source_keys(path)
            for part in item[f"text_{side}"].split(" \u2026 "):
                if not any(words_key(part) in k for k in keys[rel]):
                    problems.append(f"{item['id']}: text_{side} is not in {rel}")
    problems += _leaks(items)
    return problems


def _leaks(items: list[dict]) -> list[str]:
    def same(x: str, y: str) -> bool:
        return x in y or y in x

    tune = [i for i in items if i["split"] == "tune"]
    evaluation = [i for i in items if i["split"] == "eval"]
    out = []
    for t in tune:
        ta, tb = words_key(t["text_a"]), words_key(t["text_b"])
        for e in evaluation:
            ea, eb = words_key(e["text_a"]), words_key(e["text_b"])
            if same(ta, ea) and same(tb, eb) or same(ta, eb) and same(tb, ea):
                out.append(f"{t['id']}: holds the same two clauses as an eval pair")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args(argv)
    items = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    problems = check(items, args.corpus)
    for line in problems:
        print(line)
    ids = [i["id"] for i in items]
    if len(set(ids)) != len(ids):
        problems.append("duplicate ids")
        print("duplicate ids")
    splits = {s: sum(i["split"] == s for i in items) for s in ("tune", "eval")}
    print(f"{len(items)} pairs ({splits['tune']} tune, {splits['eval']} eval): "
          f"{'OK' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
