"""Every real-world corpus file is read or clearly refused, and the text matches LibreOffice's."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from bench.bench_fidelity import all_text as _all_text
from bench.bench_fidelity import tokens as _tokens
from consolidator.errors import LoadError
from consolidator.model import SourceDocument
from consolidator.readers import read_document
from tests.conftest import CORPUS

# Share of LibreOffice's words found in what we read, over every file with a reference text.
# Set just under what the reader achieves so that a regression fails.
RECALL_FLOOR = 0.999
DOCX_RECALL_FLOOR = 0.9995  # the .docx reader alone (Word files are the main input)
# Share of our .docx words that LibreOffice's export also has: catches text read twice or field
# codes leaking. Not 1.0: we read text boxes (LibreOffice's export leaves them out).
DOCX_PRECISION_FLOOR = 0.985

pytestmark = pytest.mark.skipif(
    not (CORPUS / "MANIFEST.tsv").is_file(),
    reason=f"the shared test corpus is not at {CORPUS} (it is not shipped to users)",
)


def _manifest() -> list[str]:
    path = CORPUS / "MANIFEST.tsv"
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return [row["path"] for row in csv.DictReader(handle, delimiter="\t") if row["path"]]


FILES = _manifest()


def _read(rel: str) -> SourceDocument | LoadError:
    try:
        return read_document(CORPUS / rel)
    except LoadError as exc:
        return exc


@pytest.mark.timeout(30)
@pytest.mark.parametrize("rel", FILES)
def test_file_is_read_or_refused_clearly(rel: str) -> None:
    result = _read(rel)
    if isinstance(result, LoadError):
        message = str(result)
        assert Path(rel).name in message, "the refusal must name the file"
        assert len(message) > 40, "the refusal must say why and what to do"
    else:
        assert isinstance(result, SourceDocument)
        result.plain_text()


def _reference(rel: str) -> Path | None:
    ref = CORPUS / "reference-txt" / (rel + ".txt")
    return ref if ref.is_file() else None


@pytest.mark.timeout(600)
def test_text_recall_against_libreoffice(capsys) -> None:
    refused: Counter[str] = Counter()
    read = 0
    totals: dict[str, list[int]] = {}  # format -> [reference words, found]
    per_file: list[tuple[float, int, str]] = []
    docx_words = docx_extra = 0
    for rel in FILES:
        result = _read(rel)
        if isinstance(result, LoadError):
            refused[result.reason] += 1
            continue
        read += 1
        ref_path = _reference(rel)
        if ref_path is None:
            continue
        want = _tokens(ref_path.read_text(encoding="utf-8-sig", errors="replace"))
        if not want:
            continue
        got = _tokens(_all_text(result))
        if result.format == "docx":
            docx_words += sum(got.values())
            docx_extra += sum((got - want).values())
        found = sum(min(n, got[t]) for t, n in want.items())
        size = sum(want.values())
        for key in (result.format, "all"):
            pair = totals.setdefault(key, [0, 0])
            pair[0] += size
            pair[1] += found
        per_file.append((found / size, size, rel))
    recall = {key: found / max(1, size) for key, (size, found) in totals.items()}
    per_file.sort()
    precision = 1 - docx_extra / max(1, docx_words)
    with capsys.disabled():
        print(f"\ncorpus: {read} read, {sum(refused.values())} refused {dict(refused)}")
        print(f"recall vs LibreOffice: {recall['all']:.4f} over {len(per_file)} files with a "
              "reference; by format: "
              + ", ".join(f"{k} {recall[k]:.4f} ({f}/{n} words)"
                          for k, (n, f) in sorted(totals.items()) if k != "all"))
        print(f"docx precision: {precision:.4f} ({docx_extra} of {docx_words} words not in "
              "LibreOffice's export, mostly text boxes)")
        for share, size, rel in per_file[:10]:
            print(f"  {share:.3f} of {size:6d} words  {rel}")
    assert recall["docx"] >= DOCX_RECALL_FLOOR
    assert recall["all"] >= RECALL_FLOOR
    assert precision >= DOCX_PRECISION_FLOOR
