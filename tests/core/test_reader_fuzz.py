"""Fuzzing the readers with mutated bytes: every outcome is a document or a LoadError."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consolidator import readers
from consolidator.errors import LoadError
from tests.core.odt_build import make_odt


def _docx_bytes() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_heading("1. Purpose", 1)
    document.add_paragraph("Staff must not share passwords.", style="List Number")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Email"
    document.save(buffer)
    return buffer.getvalue()


SEEDS = {
    "policy.docx": _docx_bytes(),
    "policy.odt": make_odt(
        '<text:h text:outline-level="1">Purpose</text:h><text:list><text:list-item>'
        "<text:p>Staff <text:span>must</text:span> comply.</text:p></text:list-item></text:list>"),
    "policy.md": (b"# Purpose\n\n1. Staff **must** comply.\n- [link](http://x)\n\n"
                  b"| a | b |\n|---|---|\n| c | d |\n"),
}

mutation = st.tuples(
    st.sampled_from(sorted(SEEDS)),
    st.lists(st.tuples(st.integers(0, 1 << 30), st.integers(1, 255)), max_size=16),
    st.one_of(st.none(), st.integers(0, 1 << 30)),
    st.booleans(),  # mutate the main XML part inside an intact zip, to reach the parsers
)
MAIN_PART = {"policy.docx": "word/document.xml", "policy.odt": "content.xml"}


def _mutate(data: bytes, flips, cut) -> bytes:
    out = bytearray(data)
    for position, mask in flips:
        out[position % len(out)] ^= mask
    if cut is not None:
        out = out[: cut % (len(out) + 1)]
    return bytes(out)


def _mutate_inside(data: bytes, part: str, flips, cut) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            member = source.read(info)
            out.writestr(info.filename, _mutate(member, flips, cut) if info.filename == part
                         else member)
    return buffer.getvalue()


@settings(max_examples=150, deadline=5000, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(mutation)
def test_mutated_files_read_or_raise_load_error(case):
    name, flips, cut, inside = case
    if inside and name in MAIN_PART:
        data = _mutate_inside(SEEDS[name], MAIN_PART[name], flips, cut)
    else:
        data = _mutate(SEEDS[name], flips, cut)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            doc = readers.read_document(path)
        except LoadError as error:
            assert name in str(error)
        else:
            assert isinstance(doc.plain_text(), str)
            assert doc.id and all(block.id for block in doc.blocks)
