"""Contents with page numbers (issue #15, point 7): the export's contents get the page of each
heading from a LibreOffice layout, and the rendered PDF shows them."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from consolidator.consolidation.merge import consolidate
from consolidator.libreoffice import find_soffice
from consolidator.metadata import PolicyMetadata
from consolidator.writers.ooxml import w
from consolidator.writers.policy_docx import export_policy
from consolidator.writers.toc_pages import (
    contents_paragraphs,
    number_contents,
    page_numbers,
    pdf_headings,
    with_page_numbers,
)
from tests.helpers.plans import DOCS, build


def contents(data: bytes) -> list[str]:
    """Returns each contents entry as text, tabs as \\t."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for paragraph in contents_paragraphs(root):
        out.append("".join("\t" if e.tag == w("tab") else e.text or ""
                           for e in paragraph.iter(w("t"), w("tab"))))
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    path = tmp_path_factory.mktemp("toc") / "policy.docx"
    return export_policy(consolidate(DOCS, build()), path, PolicyMetadata())


def test_entries_are_matched_to_the_headings_in_order():
    headings = [("Document control", 2), ("1 Purpose", 4), ("Purpose of the appendix", 5),
                ("2 Acceptable use", 5), ("Appendix A: Where each section came from", 9)]
    assert page_numbers(["1\u2003Purpose", "2\u2003Acceptable use",
                         "Appendix A\u2003Where each section came from"], headings) == \
        ["4", "5", "9"]
    assert page_numbers(["3\u2003Missing"], headings) is None


def test_page_numbers_follow_each_entry_after_a_tab_and_can_be_written_again(exported):
    before = contents(exported.read_bytes())
    assert before and all("\t" not in line for line in before)  # no numbers without a layout
    headings = [(line.replace("\u2003", " "), n + 3) for n, line in enumerate(before)]
    once = with_page_numbers(exported.read_bytes(), headings)
    assert contents(once) == [f"{line}\t{n + 3}" for n, line in enumerate(before)]
    again = with_page_numbers(once, [(text, page + 1) for text, page in headings])
    assert contents(again) == [f"{line}\t{n + 4}" for n, line in enumerate(before)]


@pytest.mark.skipif(find_soffice() is None, reason="needs LibreOffice")
def test_libreoffice_renders_the_contents_with_the_pages_the_headings_are_on(exported,
                                                                            tmp_path):
    from consolidator.writers.pdf_export import export_pdf

    target = tmp_path / "numbered.docx"
    target.write_bytes(exported.read_bytes())
    assert number_contents(target)
    entries = contents(target.read_bytes())
    assert all("\t" in line for line in entries)
    pdf = export_pdf(target, tmp_path / "numbered.pdf")  # as the app's own PDF is made
    laid_out = pdf_headings(pdf)
    expected = page_numbers([line.split("\t")[0] for line in entries], laid_out)
    assert [line.split("\t")[1] for line in entries] == expected
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    contents_page = next(n for n in range(len(document))
                         if "Contents" in document[n].get_textpage().get_text_range())
    text = document[contents_page].get_textpage().get_text_range()
    document.close()
    first_entry, first_page = entries[0].split("\t")
    assert first_page in text and first_entry.split("\u2003")[1] in text
