"""One guarded way in: the redline's base and a template go through the safe package, keep only
the parts a writer may copy, and are the bytes that were read (issue #19 causes 1, 11-13)."""

from __future__ import annotations

import io
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from consolidator.diffing import diff_documents
from consolidator.errors import LoadError
from consolidator.readers import read_document
from consolidator.writers.docx_template import open_template
from consolidator.writers.redline import write_redline
from tests.conftest import ROOT
from tests.core.docx_factory import build_docx, p

VALIDATOR = ROOT.parent / "shared" / "tools" / "ooxml_validate.py"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _with_members(data: bytes, members: dict[str, bytes], big: dict[str, int] | None = None,
                  ) -> bytes:
    """Returns the package with `members` added or replaced, and `big` members of that many
    zero bytes (deflated, so the file stays small)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in members and info.filename not in (big or {}):
                target.writestr(info.filename, source.read(info))
        for name, payload in members.items():
            target.writestr(name, payload)
        for name, size in (big or {}).items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with target.open(info, "w", force_zip64=True) as member:
                chunk = b"\0" * (1 << 22)
                for _ in range(size // len(chunk)):
                    member.write(chunk)
    return out.getvalue()


def _pair(tmp_path: Path, new_data: bytes | None = None) -> tuple[Path, Path]:
    old = tmp_path / "Old.docx"
    old.write_bytes(build_docx(p("Staff must lock their screens.") + p("Passwords are secret.")))
    new = tmp_path / "New.docx"
    new.write_bytes(new_data or build_docx(p("Staff must always lock their screens.")
                                           + p("Passwords are secret.")))
    return old, new


def _redline(old_path: Path, new_path: Path, out: Path) -> Path:
    old, new = read_document(old_path), read_document(new_path)
    return write_redline(diff_documents(old, new), old, new, out)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_an_unused_huge_part_of_new_is_never_read_nor_copied(tmp_path):
    base = build_docx(p("Staff must always lock their screens.") + p("Passwords are secret."))
    old, new = _pair(tmp_path, _with_members(base, {}, big={"word/media/unused.bin": 256 << 20}))
    tracemalloc.start()
    try:
        out = _redline(old, new, tmp_path / "redline.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "word/media/unused.bin" not in _members(out)
    assert peak < 64 << 20, f"{peak / 2**20:.0f} MB for a 2-paragraph redline"


def test_old_main_part_bomb_is_refused_before_it_is_unpacked(tmp_path):
    from consolidator.writers.redline import prepare_redline

    old, new = _pair(tmp_path)
    old.write_bytes(_with_members(build_docx(p("x")), {},
                                  big={"word/document.xml": 256 << 20}))
    tracemalloc.start()
    try:
        prepare_redline(old, read_document(new))  # OLD is read elsewhere meanwhile
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20, f"{peak / 2**20:.0f} MB to prepare a redline"
    with pytest.raises(LoadError) as info:
        read_document(old)
    assert info.value.reason == "too-large"


HOSTILE_RELS = (
    f'<Relationships xmlns="{REL_NS}">'
    f'<Relationship Id="rIdStyles" Type="{OFFICE_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdWeb" Type="{OFFICE_REL}/hyperlink" Target="https://example.org/a" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdFile" Type="{OFFICE_REL}/hyperlink" Target="file:///etc/passwd" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdImg" Type="{OFFICE_REL}/image" Target="http://evil.example/p.png" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdSub" Type="{OFFICE_REL}/subDocument" Target="\\\\server\\share\\s.docx" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdUp" Type="{OFFICE_REL}/image" Target="../../escape.png"/>'
    f'<Relationship Id="rIdMacro" Type="http://schemas.microsoft.com/office/2006/relationships/'
    'vbaProject" Target="vbaProject.bin"/>'
    "</Relationships>"
)
HOSTILE_BODY = (
    p("Staff must always lock their screens.")
    + '<w:p><w:hyperlink r:id="rIdWeb"><w:r><w:t>Web guidance</w:t></w:r></w:hyperlink></w:p>'
    + '<w:p><w:hyperlink r:id="rIdFile"><w:r><w:t>Local file</w:t></w:r></w:hyperlink></w:p>'
    + '<w:p><w:r><w:pict><v:shape><v:imagedata r:id="rIdImg"/></v:shape></w:pict></w:r>'
    '<w:r><w:t>Passwords are secret.</w:t></w:r></w:p>'
    + '<w:subDoc r:id="rIdSub"/>'
)


def _hostile_new() -> bytes:
    base = build_docx(HOSTILE_BODY, styles=p("x").replace("w:p", "w:style"))
    styles = (b'<?xml version="1.0"?><!DOCTYPE w:styles SYSTEM "http://evil.example/s.dtd">'
              b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              b'<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
              b'<w:name w:val="Normal"/></w:style></w:styles>')
    return _with_members(base, {
        "word/_rels/document.xml.rels": HOSTILE_RELS.encode(),
        "word/styles.xml": styles,
        "escape.png": b"\x89PNG not really",
        "../../escape.png": b"\x89PNG not really",
        "word/vbaProject.bin": b"macro",
        "customXml/item1.xml": b"<secret/>",
    })


def test_redline_drops_external_links_unknown_parts_traversal_and_dtds(tmp_path):
    old, new = _pair(tmp_path, _hostile_new())
    out = _redline(old, new, tmp_path / "redline.docx")
    members = _members(out)
    assert not any(".." in name or name.startswith("/") for name in members)
    assert "word/vbaProject.bin" not in members and "customXml/item1.xml" not in members
    assert b"DOCTYPE" not in members["word/styles.xml"]
    rels = etree.fromstring(members["word/_rels/document.xml.rels"])
    external = {el.get("Target") for el in rels if el.get("TargetMode") == "External"}
    assert external == {"https://example.org/a"}
    document = members["word/document.xml"]
    assert b"rIdFile" not in document and b"rIdImg" not in document and b"subDoc" not in document
    text = read_document(out).plain_text()
    assert "Web guidance" in text and "Local file" in text and "Passwords are secret." in text
    if VALIDATOR.exists():
        result = subprocess.run([sys.executable, str(VALIDATOR), "-q", str(out)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout[-2000:]


def test_redline_refuses_a_new_that_changed_or_vanished_since_it_was_read(tmp_path):
    old_path, new_path = _pair(tmp_path)
    old, new = read_document(old_path), read_document(new_path)
    diff = diff_documents(old, new)
    new_path.write_bytes(build_docx(p("Something else entirely.")))
    with pytest.raises(LoadError) as info:
        write_redline(diff, old, new, tmp_path / "redline.docx")
    assert info.value.reason == "changed" and "New.docx" in str(info.value)
    new_path.unlink()
    with pytest.raises(LoadError) as info:
        write_redline(diff, old, new, tmp_path / "redline.docx")
    assert info.value.reason == "changed"
    assert not (tmp_path / "redline.docx").exists()


def test_redline_refuses_an_old_that_changed_since_it_was_read(tmp_path):
    old_path, new_path = _pair(tmp_path)
    old, new = read_document(old_path), read_document(new_path)
    diff = diff_documents(old, new)
    old_path.write_bytes(build_docx(p("Another old text.")))
    with pytest.raises(LoadError, match="Old.docx"):
        write_redline(diff, old, new, tmp_path / "redline.docx")


def test_redline_finds_the_main_part_through_the_relationships(tmp_path):
    data = build_docx(p("Staff must always lock their screens.") + p("Passwords are secret."),
                      main_part="word/main.xml")
    # [Content_Types].xml names another part as the main one: the relationships decide
    data = _with_members(data, {"[Content_Types].xml": (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.document.main+xml"/></Types>')})
    old, new = _pair(tmp_path, data)
    out = _redline(old, new, tmp_path / "redline.docx")
    assert read_document(out).plain_text() == read_document(new).plain_text()


def test_template_with_a_huge_part_it_does_not_need_is_opened_without_reading_it(tmp_path):
    rels = (f'<Relationships xmlns="{REL_NS}"><Relationship Id="rIdX" Type="{OFFICE_REL}/'
            'customXml" Target="media/big.bin"/></Relationships>')
    template = tmp_path / "T.docx"
    template.write_bytes(_with_members(build_docx(p("Template")),
                                       {"word/_rels/document.xml.rels": rels.encode()},
                                       big={"word/media/big.bin": 256 << 20}))
    tracemalloc.start()
    try:
        document = open_template(template)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20, f"{peak / 2**20:.0f} MB to open a template"
    names = {str(part.partname) for part in document.part.package.iter_parts()}
    assert "/word/media/big.bin" not in names


def test_template_keeps_no_external_link_but_web_hyperlinks(tmp_path):
    template = tmp_path / "T.docx"
    template.write_bytes(_hostile_new())
    document = open_template(template)
    external = {rel.target_ref for rel in document.part.rels.values() if rel.is_external}
    assert external == {"https://example.org/a"}


def test_template_that_is_not_a_regular_file_is_refused(tmp_path):
    with pytest.raises(LoadError) as info:
        open_template(tmp_path)
    assert info.value.reason == "not-a-file"


def test_fields_that_fetch_files_are_neutralized_in_the_redline_and_the_template(tmp_path):
    field = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
             'xml:space="preserve"> INCLUDEPICTURE "\\\\server\\share\\logo.png" \\d </w:instrText>'
             '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Logo</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
             '<w:p><w:fldSimple w:instr="INCLUDETEXT c:\\secret.txt"><w:r><w:t>Text</w:t></w:r>'
             "</w:fldSimple></w:p>")
    data = build_docx(p("Staff must always lock their screens.") + field)
    old, new = _pair(tmp_path, data)
    document = _members(_redline(old, new, tmp_path / "redline.docx"))["word/document.xml"]
    assert b"XNCLUDEPICTURE" in document and b"XNCLUDETEXT" in document
    assert b" INCLUDEPICTURE" not in document and b'"INCLUDETEXT' not in document
    template = tmp_path / "T.docx"
    template.write_bytes(data)
    body = open_template(template).element.xml
    assert "XNCLUDEPICTURE" in body and "XNCLUDETEXT" in body
