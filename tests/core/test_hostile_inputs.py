"""Hostile and awkward inputs: clear LoadErrors (never hangs or leaks), sources never modified."""

from __future__ import annotations

import hashlib
import io
import random
import sys
import zipfile
from pathlib import Path

import pytest

from consolidator import readers
from consolidator.errors import LoadError
from consolidator.ooxml import safe
from tests.core.odt_build import content_xml, make_odt


def _docx_bytes(text: str = "Staff must protect their passwords.") -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def _replace_member(data: bytes, member: str, new: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, new if info.filename == member else source.read(info))
    return buffer.getvalue()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(path: Path, reason: str) -> LoadError:
    """Returns the LoadError reading `path` raised, after checking its reason and message."""
    before = _sha(path)
    with pytest.raises(LoadError) as info:
        readers.read_document(path)
    assert info.value.reason == reason, str(info.value)
    assert path.name in str(info.value)
    assert _sha(path) == before
    return info.value


XXE = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>")
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;")
                                                * 10) for i in range(1, 10))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
          b'main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.parametrize("payload", [XXE, LAUGHS], ids=["external-entity", "billion-laughs"])
def test_entities_in_docx_are_refused_never_resolved(tmp_path, payload):
    path = tmp_path / "Policy.docx"
    path.write_bytes(_replace_member(_docx_bytes(), "word/document.xml", payload))

    error = _refused(path, "hostile-xml")
    assert "root:" not in str(error)


def test_entities_in_odt_are_refused(tmp_path):
    content = content_xml("<text:p>&xxe;</text:p>").replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    path = tmp_path / "Policy.odt"
    path.write_bytes(make_odt("", content=content))

    _refused(path, "hostile-xml")


def test_parser_never_expands_entities_even_without_the_prefilter():
    from lxml import etree

    tree = etree.fromstring(XXE, safe.xml_parser())
    assert "root:" not in "".join(tree.itertext())


def test_zip_bomb_declared_size_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safe, "MAX_MEMBER_BYTES", 1024 * 1024)
    monkeypatch.setattr(safe, "RATIO_FLOOR", 64 * 1024)
    padding = b"<!-- " + b" " * (4 * 1024 * 1024) + b" -->"
    data = _docx_bytes()
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    path = tmp_path / "Bomb.docx"
    path.write_bytes(_replace_member(data, "word/document.xml", document + padding))

    error = _refused(path, "too-large")
    assert "word/document.xml" in str(error)


def test_member_with_lying_size_is_refused_as_damaged(tmp_path, monkeypatch):
    monkeypatch.setattr(safe, "MAX_MEMBER_BYTES", 1024 * 1024)
    data = bytearray(_replace_member(_docx_bytes(), "word/document.xml",
                                     b"<a>" + b" " * (3 * 1024 * 1024) + b"</a>"))
    # make the central directory claim the member is tiny
    central = data.rfind(b"PK\x01\x02", 0, len(data))
    while central >= 0:
        name_len = int.from_bytes(data[central + 28:central + 30], "little")
        name = bytes(data[central + 46:central + 46 + name_len])
        if name == b"word/document.xml":
            data[central + 24:central + 28] = (1000).to_bytes(4, "little")
        central = data.rfind(b"PK\x01\x02", 0, central)
    path = tmp_path / "Liar.docx"
    path.write_bytes(bytes(data))

    error = _refused(path, "corrupt")  # zipfile stops at the declared size; the CRC fails
    assert "Liar.docx" in str(error)


def test_deeply_nested_xml_is_refused_quickly(tmp_path):
    nested = b"<w:r>" * 100_000 + b"</w:r>" * 100_000
    payload = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
               b'main"><w:body><w:p>' + nested + b"</w:p></w:body></w:document>")
    path = tmp_path / "Deep.docx"
    path.write_bytes(_replace_member(_docx_bytes(), "word/document.xml", payload))

    _refused(path, "corrupt")


def test_truncated_zip(tmp_path):
    data = _docx_bytes()
    path = tmp_path / "Half.docx"
    path.write_bytes(data[: len(data) // 2])

    _refused(path, "corrupt")


@pytest.mark.parametrize("seed", range(8))
def test_bit_flipped_zip_reads_or_fails_clearly(tmp_path, seed):
    data = bytearray(_docx_bytes())
    rng = random.Random(seed)
    for _ in range(12):
        position = rng.randrange(len(data))
        data[position] ^= 1 << rng.randrange(8)
    path = tmp_path / "Flipped.docx"
    path.write_bytes(bytes(data))
    before = _sha(path)

    try:
        doc = readers.read_document(path)
    except LoadError as error:
        assert "Flipped.docx" in str(error)
    else:
        assert isinstance(doc.plain_text(), str)
    assert _sha(path) == before


@pytest.mark.parametrize("name", ["Policy.pdf", "Policy.odt", "Policy.txt", "Policy"])
def test_docx_with_the_wrong_extension_is_still_read(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(_docx_bytes("Wrongly named but fine."))

    assert readers.read_document(path).plain_text() == "Wrongly named but fine."


def test_zero_byte_file(tmp_path):
    path = tmp_path / "Nothing.docx"
    path.write_bytes(b"")

    _refused(path, "empty")


def test_sparse_file_over_100_mb(tmp_path):
    path = tmp_path / "Giant.docx"
    with open(path, "wb") as handle:
        handle.truncate(101 * 1024 * 1024)

    error = _refused(path, "too-large")
    assert "101 MB" in str(error)


def _windows_long_paths_disabled() -> bool:
    """Returns True on Windows when paths over 260 characters are refused (the system setting
    LongPathsEnabled is off); Python itself is long-path aware."""
    if sys.platform != "win32":
        return False
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE,
                            r"SYSTEM\CurrentControlSet\Control\FileSystem") as key:
            return winreg.QueryValueEx(key, "LongPathsEnabled")[0] != 1
    except OSError:
        return True


@pytest.mark.parametrize(
    "relative",
    [
        pytest.param("My Policies/Email Policy v2 (final).docx", id="spaces"),
        pytest.param("Política de correo — 2026.docx", id="non-ascii"),
        pytest.param("政策/ソーシャルメディア.odt", id="cjk"),
        pytest.param(
            "/".join(["a much longer folder name for depth"] * 7) + "/Policy.md", id="long-path",
            marks=pytest.mark.skipif(_windows_long_paths_disabled(),
                                     reason="this Windows refuses paths over 260 characters "
                                     "(LongPathsEnabled is off)")),
    ],
)
def test_awkward_paths(tmp_path, relative):
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".docx":
        path.write_bytes(_docx_bytes("Staff must be careful."))
    elif path.suffix == ".odt":
        path.write_bytes(make_odt("<text:p>Staff must be careful.</text:p>"))
    else:
        path.write_text("Staff must be careful.\n", encoding="utf-8")
    assert len(str(path)) > 260 or relative.count("/") < 2
    before = _sha(path)

    doc = readers.read_document(path)

    assert doc.plain_text() == "Staff must be careful."
    assert doc.path == str(path)
    assert doc.name == path.name
    assert _sha(path) == before


def test_missing_file_error_names_it(tmp_path):
    path = tmp_path / "Política de correo — 2026.docx"
    with pytest.raises(LoadError) as info:
        readers.read_document(path)
    assert info.value.reason == "not-found"
    assert str(info.value).startswith("Política de correo — 2026.docx was not found")
