"""LibreOffice conversions follow no link (issue #19 cause 9): an INCLUDEPICTURE (or INCLUDETEXT,
LINK, DDE) field in an .rtf or .doc is neutralized in the private copy LibreOffice converts, and
its profile blocks linked images and never updates links or fields."""

from __future__ import annotations

import io
import struct
import subprocess
import zlib
from pathlib import Path

import olefile
import pytest

from consolidator import readers
from consolidator.libreoffice import find_soffice, without_links, write_profile

NEEDS_SOFFICE = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")


def _png(path: Path) -> Path:
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 16 for _ in range(16))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2,
                                                                      0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def _rtf_linking(picture: Path) -> bytes:
    target = str(picture).replace("\\", "\\\\")
    return (b"{\\rtf1\\ansi Staff must lock their screens.\\par\n"
            b'{\\field{\\*\\fldinst {\\rtlch INCLUDEPICTURE "' + target.encode() + b'" \\\\d}}'
            b"{\\fldrslt }}\\par\nPasswords are secret.\\par}\n")


def test_link_fields_in_rtf_are_renamed_and_linked_objects_embedded():
    data = (b'{\\field{\\*\\fldinst { INCLUDEPICTURE "\\\\\\\\server\\\\p.png"}}{\\fldrslt x}}'
            b'{\\field{\\fldinst includetext "a.txt"}{\\fldrslt y}}'
            b'{\\field{\\*\\fldinst DDEAUTO Excel "x"}}{\\field{\\*\\fldinst HYPERLINK "h"}}'
            b"{\\object\\objautlink\\objw10 }{\\object\\objlink }"
            b" Click the LINK to IMPORT data.")
    cleaned = without_links(data, "rtf")
    assert b"XNCLUDEPICTURE" in cleaned and b"Xncludetext" in cleaned
    assert b"XDEAUTO" in cleaned and b'HYPERLINK "h"' in cleaned
    assert b"\\objautlink" not in cleaned and b"\\objlink" not in cleaned
    assert cleaned.endswith(b" Click the LINK to IMPORT data.")  # text is never touched


def test_the_profile_never_updates_links_nor_runs_macros(tmp_path):
    uri = write_profile(tmp_path / "profile")
    settings = (tmp_path / "profile" / "user" / "registrymodifications.xcu").read_text()
    assert uri.startswith("file:")
    for name, value in (("BlockUntrustedRefererLinks", "true"), ("Link", "2"),
                        ("Field", "false"), ("DisableMacrosExecution", "true")):
        assert f'oor:name="{name}" oor:op="fuse"><value>{value}</value>' in settings


@NEEDS_SOFFICE
def test_an_rtf_picture_linked_from_disk_is_not_fetched(tmp_path):
    picture = _png(tmp_path / "secret.png")
    path = tmp_path / "Policy.rtf"
    path.write_bytes(_rtf_linking(picture))
    document = readers.read_document(path)
    assert "Staff must lock their screens." in document.plain_text()
    assert not [w for w in document.warnings if w.code == "image"], document.warnings


@NEEDS_SOFFICE
def test_link_fields_in_a_word_97_file_are_renamed_in_the_copy(tmp_path):
    rtf = tmp_path / "made.rtf"
    rtf.write_bytes(b'{\\rtf1\\ansi Staff must lock screens.\\par{\\field{\\*\\fldinst '
                    b'INCLUDETEXT "/etc/hostname"}{\\fldrslt cached}}\\par}')
    subprocess.run([find_soffice(), "--headless", "--norestore",
                    f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--convert-to",
                    "doc", "--outdir", str(tmp_path), str(rtf)], capture_output=True,
                   timeout=120, check=True)
    data = (tmp_path / "made.doc").read_bytes()
    cleaned = without_links(data, "doc")
    assert len(cleaned) == len(data)
    with olefile.OleFileIO(io.BytesIO(cleaned)) as ole:
        stream = ole.openstream("WordDocument").read()
    assert "XNCLUDETEXT".encode("utf-16-le") in stream
    assert "INCLUDETEXT".encode("utf-16-le") not in stream.replace(
        "XNCLUDETEXT".encode("utf-16-le"), b"")
    (tmp_path / "clean.doc").write_bytes(cleaned)
    assert "Staff must lock screens." in readers.read_document(tmp_path / "clean.doc").plain_text()
