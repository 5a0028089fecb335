"""Reader fidelity (.docx, issue #19): imported content (w:altChunk) is read in place or named
in a reader warning, and a second w:body is read too."""

from __future__ import annotations

import io
import zipfile

from consolidator.readers import read_document
from tests.core.docx_factory import build_docx, p

AFCHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"


def _with_chunks(chunks: dict[str, bytes]) -> bytes:
    """Returns a .docx whose body holds one w:altChunk per chunk, between two paragraphs."""
    body = (p("Before chunks") + "".join(f'<w:altChunk r:id="rIdC{n}"/>'
                                         for n in range(len(chunks))) + p("After chunks"))
    source = zipfile.ZipFile(io.BytesIO(build_docx(body)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                rels = "".join(f'<Relationship Id="rIdC{n}" Type="{AFCHUNK}" Target="{name}"/>'
                               for n, name in enumerate(chunks))
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            target.writestr(info, data)
        for name, data in chunks.items():
            target.writestr(f"word/{name}", data)
    return out.getvalue()


def test_imported_word_web_and_text_content_is_read_in_place(tmp_path):
    path = tmp_path / "Policy.docx"
    path.write_bytes(_with_chunks({
        "inner.docx": build_docx(p("Staff must use strong passwords.")),
        "chunk.html": b"<html><body><h2>Monitoring</h2><p>Email is <b>monitored</b>.</p>"
                      b"<ul><li>Logs kept</li><li>For a year</li></ul><script>x()</script>"
                      b"</body></html>",
        "chunk.txt": b"Plain line one.\r\nPlain line two.\r\n",
    }))
    document = read_document(path)
    assert document.plain_text().split("\n") == [
        "Before chunks", "Staff must use strong passwords.", "Monitoring", "Email is monitored.",
        "Logs kept", "For a year", "Plain line one.", "Plain line two.", "After chunks"]
    assert not document.warnings


def test_content_that_cannot_be_read_is_named_in_a_warning(tmp_path):
    nested = _with_chunks({"deeper.docx": _with_chunks({"deepest.docx": build_docx(p("x"))})})
    path = tmp_path / "Policy.docx"
    path.write_bytes(_with_chunks({"chunk.rtf": b"{\\rtf1 Rich text}", "nested.docx": nested}))
    document = read_document(path)
    assert [w.code for w in document.warnings] == ["embedded-document"]
    assert document.warnings[0].count == 2 and "altChunk" in document.warnings[0].message
    assert document.plain_text().startswith("Before chunks\nBefore chunks\nBefore chunks")


def test_a_second_body_is_read(tmp_path):
    data = build_docx(p("First body text"))
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/document.xml":
                part = part.replace(b"</w:body>", b"</w:body><w:body>"
                                    + p("Second body text").encode() + b"</w:body>")
            target.writestr(info, part)
    path = tmp_path / "Policy.docx"
    path.write_bytes(out.getvalue())
    assert read_document(path).plain_text() == "First body text\nSecond body text"
