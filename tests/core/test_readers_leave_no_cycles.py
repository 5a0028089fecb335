"""The window reads Word, ODF, Markdown and text policies with cyclic garbage collection
paused and freezes what is left (ui.workers): a reference cycle a reader left behind would never
be freed. These readers must leave none (the PDF reader, which does, is read with collections
on)."""

import gc
from pathlib import Path

import pytest

from consolidator.readers import read_document
from tests.conftest import SAMPLE_FILES
from tests.core.odt_build import make_odt

REAL = Path(__file__).parents[1] / "data" / "real-policies" / "moj-email.md"


def _odt(tmp_path: Path) -> Path:
    path = tmp_path / "policy.odt"
    path.write_bytes(make_odt('<text:h text:outline-level="1">Email</text:h>'
                              "<text:p>Staff must not forward chain letters.</text:p>"))
    return path


def _text(tmp_path: Path) -> Path:
    path = tmp_path / "policy.txt"
    path.write_text("EMAIL\n\nStaff must not forward chain letters.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("source", ["docx", "md", "odt", "txt"])
def test_a_reader_leaves_no_reference_cycle(source, tmp_path):
    path = {"docx": lambda: SAMPLE_FILES[0], "md": lambda: REAL, "odt": lambda: _odt(tmp_path),
            "txt": lambda: _text(tmp_path)}[source]()
    read_document(path)  # imports and caches made once
    gc.collect()
    gc.disable()
    try:
        document = read_document(path)
        assert document.blocks
        del document
        assert gc.collect() == 0
    finally:
        gc.enable()
