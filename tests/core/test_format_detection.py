"""Format detection by content, not extension: each kind we read, clear refusals for the rest."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import olefile
import pytest

from consolidator import readers
from consolidator.errors import LoadError
from consolidator.readers import detect_format
from tests.core.odt_build import make_odt


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buffer.getvalue()


def _docx_bytes() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Hello")
    document.save(buffer)
    return buffer.getvalue()


def _ole(streams: dict[str, bytes]) -> bytes:
    """Returns a minimal OLE2 compound file holding `streams` (olefile can read but not write)."""
    sector = 512
    names = list(streams)
    # layout: header, FAT sector (1), directory sector(s), then one 4096-byte data run per stream
    data_sectors = []
    for name in names:
        payload = streams[name].ljust(4096, b"\0")  # >= 4096 bytes: stored in the big FAT
        data_sectors.append(payload)
    dir_entries = 1 + len(names)
    dir_sector_count = (dir_entries * 128 + sector - 1) // sector
    fat_start, dir_start = 0, 1
    first_data = dir_start + dir_sector_count
    fat = [0xFFFFFFFD]  # the FAT sector itself
    for k in range(dir_sector_count):
        fat.append(dir_start + k + 1 if k + 1 < dir_sector_count else 0xFFFFFFFE)
    starts = []
    position = first_data
    for payload in data_sectors:
        count = len(payload) // sector
        starts.append(position)
        for k in range(count):
            fat.append(position + k + 1 if k + 1 < count else 0xFFFFFFFE)
        position += count
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, dir_start, 0, 4096, 0xFFFFFFFE, 0,
                     0xFFFFFFFE)
    struct.pack_into("<I", header, 72, 0)  # no DIFAT sectors
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)
    difat = [fat_start] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)

    def entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
        raw = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        raw[0:len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, 0xFFFFFFFF, right, child)
        struct.pack_into("<II", raw, 116, start, size)
        return bytes(raw)

    entries = [entry("Root Entry", 5, 0xFFFFFFFE, 0, 1 if names else 0xFFFFFFFF, 0xFFFFFFFF)]
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else 0xFFFFFFFF
        entries.append(entry(name, 2, starts[index], len(data_sectors[index]), 0xFFFFFFFF,
                             right))
    directory = b"".join(entries).ljust(dir_sector_count * sector, b"\0")
    fat_bytes = struct.pack("<128I", *fat)
    return bytes(header) + fat_bytes + directory + b"".join(data_sectors)


def test_ole_builder_makes_a_file_olefile_reads():
    data = _ole({"WordDocument": b"x"})
    assert olefile.OleFileIO(io.BytesIO(data)).exists("WordDocument")


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.docx", _docx_bytes(), "docx"),
        ("wrongly-named.pdf", _docx_bytes(), "docx"),
        ("a.odt", make_odt("<text:p>x</text:p>"), "odt"),
        ("a.pdf", b"%PDF-1.7\n...", "pdf"),
        ("a.rtf", b"{\\rtf1\\ansi hello}", "rtf"),
        ("a.md", b"# Title\n", "markdown"),
        ("a.txt", b"Plain text policy\n", "text"),
        ("notes", b"Plain text policy\n", "text"),
        ("a.fodt", b'<?xml version="1.0"?><office:document xmlns:office="x">', "odt"),
        ("a.doc", _ole({"WordDocument": b"x", "1Table": b"y"}), "doc"),
    ],
)
def test_detects_kind_from_content(name, data, kind):
    assert detect_format(data, Path(name)) == kind


@pytest.mark.parametrize(
    ("name", "data", "reason", "words"),
    [
        ("Email.docx", _ole({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}), "encrypted",
         "password-protected"),
        ("Budget.docx", _zip({"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>"}),
         "unsupported", "Excel workbook"),
        ("Slides.docx", _zip({"[Content_Types].xml": "<x/>", "ppt/presentation.xml": "<x/>"}),
         "unsupported", "PowerPoint"),
        ("Archive.docx", _zip({"policy.txt": "hi"}), "unsupported", "zip archive"),
        ("Old.doc", b"\xffWPC" + b"\x00" * 100, "unsupported", "WordPerfect"),
        ("Really text.docx", b"This is just text.\n", "wrong-extension", "holds plain text"),
        ("Junk.docx", bytes(range(256)) * 4, "unsupported", "not a format"),
        ("Page.doc", b"<html><body>x</body></html>", "unsupported", "web page"),
        ("Other.doc", _ole({"Workbook": b"x"}), "unsupported", "not a Word document"),
    ],
)
def test_refuses_with_a_reason_and_the_file_name(name, data, reason, words):
    with pytest.raises(LoadError) as info:
        detect_format(data, Path(name))
    assert info.value.reason == reason
    assert str(info.value).startswith(name)
    assert words in str(info.value)


def test_truncated_zip_is_corrupt(tmp_path):
    path = tmp_path / "Cut short.docx"
    path.write_bytes(_docx_bytes()[:300])

    with pytest.raises(LoadError) as info:
        readers.read_document(path)
    assert info.value.reason == "corrupt"
    assert "Cut short.docx is damaged" in str(info.value)


@pytest.mark.parametrize(
    ("setup", "reason"),
    [("missing", "not-found"), ("folder", "not-a-file"), ("empty", "empty")],
)
def test_missing_folder_and_empty(tmp_path, setup, reason):
    path = tmp_path / "Policy.docx"
    if setup == "folder":
        path.mkdir()
    elif setup == "empty":
        path.write_bytes(b"")

    with pytest.raises(LoadError) as info:
        readers.read_document(path)
    assert info.value.reason == reason
    assert str(info.value).startswith("Policy.docx")


def test_huge_file_refused_by_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "Huge.docx"
    with open(path, "wb") as handle:  # sparse: no disk space used
        handle.truncate(150 * 1024 * 1024)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr("builtins.open", no_reading)
    with pytest.raises(LoadError) as info:
        readers.read_document(path)
    assert info.value.reason == "too-large"
    assert str(info.value).startswith("Huge.docx is 150 MB")
