"""The PDF reader on PDFs built here: footnote marks, running lines, paragraphs, headings, lists,
and files made to overload it (bounded in memory and time in a child process)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from consolidator import readers
from consolidator.errors import LoadError
from consolidator.model import BlockKind
from consolidator.readers import pdf_guard, pdf_text
from tests.conftest import CORPUS, ROOT
from tests.core.docx_factory import heading_styles, p, write_docx
from tests.core.pdf_build import (
    PdfBuilder,
    content,
    embed_font,
    line,
    lzw,
    lzw_zeros,
    paragraph,
    simple_pdf,
    zeros_bomb,
)

GiB = 1 << 30


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _read(tmp_path: Path, pages: list, name: str = "Policy.pdf"):
    return readers.read_document(_write(tmp_path, name, simple_pdf(pages)))


# --- footnote marks --------------------------------------------------------------------------


def test_footnote_mark_after_a_number_is_kept_apart_and_its_note_read(tmp_path):
    doc = _read(tmp_path, [[
        line(120, "Staff must follow Order No. 117^1^ when records are kept."),
        line(700, "^1^ The Public Records Order No. 117 of 2004.", 9),
    ]])

    block = doc.blocks[0]
    assert block.text == "Staff must follow Order No. 117¹ when records are kept."
    assert "1171" not in doc.plain_text()
    mark = next(run for run in block.runs if run.note_ref)
    assert mark.text == "¹"
    assert [(n.id, n.label, n.text) for n in doc.notes] == [
        (mark.note_ref, "1", "The Public Records Order No. 117 of 2004.")]
    assert "Public Records" not in doc.plain_text()  # the note is not glued into the body


def test_footnote_text_in_body_size_after_a_gap_is_a_note(tmp_path):
    doc = _read(tmp_path, [[
        line(120, "Records are kept for 6 years^2^ and then destroyed."),
        line(690, "2 Six years from the end of the financial year."),
    ]])

    assert doc.plain_text() == "Records are kept for 6 years² and then destroyed."
    assert [n.text for n in doc.notes] == ["Six years from the end of the financial year."]


def test_raised_mark_without_a_note_stays_apart_from_the_number(tmp_path):
    doc = _read(tmp_path, [[line(120, "Each desk needs 10 m^2^ of floor space.")]])

    assert doc.plain_text() == "Each desk needs 10 m² of floor space."
    assert doc.notes == ()
    assert all(run.note_ref is None for run in doc.blocks[0].runs)


def test_unreferenced_small_text_at_the_foot_stays_in_the_body_apart(tmp_path):
    doc = _read(tmp_path, [[
        line(120, "Staff must lock their screens."),
        line(700, "1 Approved by the committee in 2024.", 9),
    ]])

    assert doc.notes == ()
    assert doc.plain_text().splitlines() == [
        "Staff must lock their screens.", "1 Approved by the committee in 2024."]


# --- running lines and margins ---------------------------------------------------------------


RULE = ("Staff must not use council email to send offensive or unlawful material and must "
        "report any such material they receive to the governance team without delay.")


def _page(number: int, body: list) -> list:
    return [line(40, "Riverside Council Email Policy"), *body,
            line(760, f"OFFICIAL - Page {number} of 3")]


def test_running_header_footer_and_page_numbers_are_dropped(tmp_path):
    doc = _read(tmp_path, [
        _page(1, paragraph(120, RULE)),
        _page(2, paragraph(120, RULE + " " + RULE)),
        _page(3, [*paragraph(120, "Managers review this policy."), line(775, "3")]),
    ])

    assert doc.plain_text().splitlines() == [RULE, RULE + " " + RULE,
                                             "Managers review this policy."]


def test_paragraph_running_on_to_the_next_page_is_joined(tmp_path):
    lines = [item.text for item in paragraph(0, RULE + " " + RULE)]
    doc = _read(tmp_path, [
        _page(1, [line(690 + 14 * n, text) for n, text in enumerate(lines[:2])]),
        _page(2, [line(100 + 14 * n, text) for n, text in enumerate(lines[2:])]),
    ])

    assert doc.plain_text() == RULE + " " + RULE


def test_pdf_whose_lines_all_sit_in_the_margins_is_not_read_as_empty(tmp_path):
    doc = _read(tmp_path, [[line(40, "Staff must wear their badge.")],
                           [line(40, "Staff must wear their badge.")]])

    assert "Staff must wear their badge." in doc.plain_text()


# --- paragraphs, words, headings, lists ------------------------------------------------------


def test_wrapped_lines_are_one_paragraph_and_split_words_rejoined(tmp_path):
    doc = _read(tmp_path, [[
        line(100, "Each organisation keeps pre-installed software up to date and every organi-"),
        line(114, "sation must check that the pre-"),
        line(128, "installed tools are patched."),
        line(160, "A second paragraph starts after a gap."),
    ]])

    assert doc.plain_text().splitlines() == [
        "Each organisation keeps pre-installed software up to date and every organisation "
        "must check that the pre-installed tools are patched.",
        "A second paragraph starts after a gap."]


def test_ligatures_are_spelt_out(tmp_path):
    doc = _read(tmp_path, [[line(100, "Staff must \ufb01le records on the \ufb02oor.")]])

    assert doc.plain_text() == "Staff must file records on the floor."


def test_title_headings_by_size_bold_and_number(tmp_path):
    doc = _read(tmp_path, [[
        line(60, "Email Policy", 20, bold=True),
        line(100, "1. Purpose", 15, bold=True),
        line(120, "This policy sets out how staff use council email."),
        line(150, "Scope", bold=True),
        line(170, "It applies to all staff and councillors."),
        line(200, "2.1 Personal use", 13, bold=True),
        line(220, "Personal use is allowed in breaks."),
    ]])

    title = doc.blocks[0]
    assert (title.kind, title.style, title.text) == (BlockKind.PARAGRAPH, "Title", "Email Policy")
    headings = [(b.level, b.label, b.text) for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert headings == [(1, "1.", "Purpose"), (3, "", "Scope"), (2, "2.1", "Personal use")]
    assert doc.title == "Email Policy"


def test_a_pdf_without_a_title_is_named_by_its_file_not_its_first_section(tmp_path):
    """NHS England's guides printed without a title open with a note, then "Overview": the
    policies were called "Overview" and "Acceptible use" in the draft's chapters, appendices
    and list of superseded policies (a read of the PDF drafts)."""
    doc = _read(tmp_path, [[
        line(60, "Please note that this guidance is based on that of the Ministry of Justice."),
        line(100, "Overview", 15, bold=True),
        line(120, "Various tools are approved for staff."),
        line(150, "Acceptable use", 15, bold=True),
        line(170, "Staff must use tools sensibly."),
    ]], name="uk-nhs-england-acceptable-cloud-tools.pdf")

    assert doc.title == "Uk nhs england acceptable cloud tools"
    opens = _read(tmp_path, [[line(100, "Overview", 15, bold=True),
                              line(120, "Various tools are approved for staff.")]],
                  name="Cloud Tools Guidance.pdf")
    assert opens.title == "Cloud Tools Guidance"


def test_bullets_numbers_and_letters_are_list_items(tmp_path):
    doc = _read(tmp_path, [[
        line(100, "Staff must:"),
        line(120, "\u2022 lock their screens"),
        line(140, "\u2022 report lost devices"),
        line(160, "1. Report the loss"),
        line(180, "(a) to the service desk"),
    ]])

    items = [(b.label, b.text) for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items == [("•", "lock their screens"), ("•", "report lost devices"),
                     ("1.", "Report the loss"), ("(a)", "to the service desk")]


# --- damaged, protected, threads -------------------------------------------------------------


def test_pdf_with_a_user_password_is_refused_as_protected(tmp_path):
    builder = PdfBuilder()
    builder.page([line(100, "Confidential policy text.")])
    builder.encrypt_user = "secret"
    path = _write(tmp_path, "Locked.pdf", builder.build())

    with pytest.raises(LoadError) as info:
        readers.read_document(path)
    assert info.value.reason == "encrypted"
    assert str(info.value).startswith("Locked.pdf is password-protected")


def test_pdf_protected_only_against_copying_is_read(tmp_path):
    builder = PdfBuilder()
    builder.page([line(100, "Staff must lock their screens.")])
    builder.encrypt_user = ""  # anyone can open it: only permissions are restricted

    doc = readers.read_document(_write(tmp_path, "Restricted.pdf", builder.build()))

    assert doc.plain_text() == "Staff must lock their screens."


def test_truncated_pdf_is_refused_clearly(tmp_path):
    data = simple_pdf([[line(100, "Staff must lock their screens.")]])
    path = _write(tmp_path, "Cut.pdf", data[: len(data) // 3])

    try:
        doc = readers.read_document(path)
    except LoadError as error:
        assert "Cut.pdf" in str(error) and error.reason in ("corrupt", "no-text")
    else:
        assert isinstance(doc.plain_text(), str)


def test_two_threads_reading_pdfs_at_once_get_what_one_gets(tmp_path):
    pages = [[line(100 + 14 * n, f"Clause {n} of page {p} says staff must comply.")
              for n in range(40)] for p in range(5)]
    path = _write(tmp_path, "Policy.pdf", simple_pdf(pages))
    expected = readers.read_document(path).plain_text()
    results: list[str] = []

    def work() -> None:
        for _ in range(3):
            results.append(readers.read_document(path).plain_text())

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 9


# --- limits: time inside a page, unpacked sizes ------------------------------------------------


def test_time_limit_holds_inside_a_page(tmp_path, monkeypatch):
    path = _write(tmp_path, "Long.pdf", simple_pdf([[
        line(40 + 7 * n, f"Line {n}", 6) for n in range(100)]]))

    class LateClock:
        @staticmethod
        def monotonic() -> float:
            return float("inf")  # the deadline has passed: only the in-page check sees it

    monkeypatch.setattr(pdf_text, "time", LateClock)
    with pytest.raises(LoadError) as info:
        readers.read_document(path)
    assert info.value.reason == "timeout"
    assert "Long.pdf took longer than" in str(info.value)


def test_guard_counts_lzw_and_flate_as_pdfium_unpacks_them():
    data = b"Staff must lock their screens. " * 2000
    builder = PdfBuilder()
    builder.packed(lzw(data), filters=b"/LZWDecode")
    builder.packed(__import__("zlib").compress(data))
    builder.page([line(100, "x")])

    census = pdf_guard.check_streams(builder.build())

    assert census.unpacked >= 2 * len(data)


def test_guard_is_not_fooled_by_a_false_endstream_inside_the_data():
    import zlib

    packer = zlib.compressobj(0)  # stored: the bytes "endstream" appear in the packed data
    packed = packer.compress(b"endstream " * 10 + bytes(20 * 1024 * 1024)) + packer.flush()
    builder = PdfBuilder()
    builder.packed(packed)
    builder.page([line(100, "x")])

    with pytest.raises(pdf_guard.StreamTooLarge):
        pdf_guard.check_streams(builder.build())


def test_guard_finds_page_contents_named_inside_an_object_stream():
    import zlib

    pages = zlib.compress(b"1 0 << /Type /Page /Contents 7 0 R >>")
    data = (b"%%PDF-1.5\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
            b"%d >>\nstream\n" % len(pages) + pages + b"\nendstream\nendobj\n"
            b"7 0 obj\n<< /Subtype /Image /Width 1 /Height 1 /Filter /FlateDecode >>\nstream\n"
            + zeros_bomb(64 * 1024 * 1024) + b"\nendstream\nendobj\n")

    with pytest.raises(pdf_guard.StreamTooLarge) as info:
        pdf_guard.check_streams(data)
    assert info.value.kind == "content"  # a "picture" that a page draws as its content


def _hostile(kind: str) -> bytes:
    """Returns a PDF whose one hostile part unpacks to 2 GB (unless said otherwise)."""
    builder = PdfBuilder()
    bomb = zeros_bomb(2 * GiB)
    text = content([line(100, "Staff must lock their screens.")])
    if kind == "content":
        builder.page([], contents=builder.packed(zeros_bomb(2 * GiB)))
    elif kind == "picture-as-content":
        builder.page([], contents=builder.packed(bomb, b"/Subtype /Image /Width 1 /Height 1 "))
    elif kind == "font":  # the program of the font the text is set in
        embed_font(builder, "F1", builder.packed(bomb, b"/Length1 %d " % (2 * GiB)))
        builder.page([line(100, "Staff must lock their screens.")])
    elif kind == "lzw":
        builder.page([], contents=builder.packed(lzw_zeros(300), filters=b"/LZWDecode"))
    elif kind == "encrypted":
        builder.page([], contents=builder.packed(bomb))
        builder.encrypt_user = ""
    elif kind == "picture":  # a real picture, never unpacked to read text: read, not refused
        picture = builder.packed(bomb, b"/Type /XObject /Subtype /Image /Width 32768 "
                                       b"/Height 65536 /ColorSpace /DeviceGray "
                                       b"/BitsPerComponent 8 ")
        contents = builder.stream(text + b"\nq 100 0 0 100 72 300 cm /Im1 Do Q")
        builder.pages.append(builder.add(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font 3 0 R "
            b"/XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>" % (picture, contents)))
    elif kind == "form-drawn-often":  # 200 KB of text drawn 10,000 times: 2 GB to parse
        form = builder.stream(content([line(100 + n % 600, "Staff must comply.", 1)
                                       for n in range(8000)]),
                              b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                              b"/Resources << /Font 3 0 R >> ")
        contents = builder.stream(b"q /Fm1 Do Q\n" * 10_000)
        builder.pages.append(builder.add(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font 3 0 R "
            b"/XObject << /Fm1 %d 0 R >> >> /Contents %d 0 R >>" % (form, contents)))
    elif kind == "many-contents":  # one page of 64 content streams of 1 MB of text each
        part = builder.stream(content([line(100 + n % 600, "Staff must comply.", 1)
                                       for n in range(40_000)]))
        builder.pages.append(builder.add(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font 3 0 R "
            b">> /Contents [%s] >>" % b" ".join([b"%d 0 R" % part] * 64)))
    elif kind == "attachment":  # ignored, with a note
        builder.page([line(100, "Staff must lock their screens.")])
        builder.attach("data.bin", b"")
        builder.objects[-2] = (b"<< /Length %d /Filter /FlateDecode /Type /EmbeddedFile >>\n"
                               b"stream\n" % len(bomb) + bomb + b"\nendstream")
    return builder.build()


_CHILD = textwrap.dedent("""
    import resource, sys
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from consolidator.errors import LoadError
    from consolidator.readers import read_document
    try:
        doc = read_document(sys.argv[1])
    except LoadError as error:
        print("refused", error.reason, error)
    else:
        print("read", [w.code for w in doc.warnings], doc.plain_text())
""")


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is a POSIX limit")
@pytest.mark.parametrize("kind", ["content", "picture-as-content", "font", "lzw", "encrypted",
                                  "form-drawn-often", "many-contents", "picture", "attachment"])
def test_hostile_pdf_is_read_or_refused_in_bounded_memory_and_time(tmp_path, kind):
    path = _write(tmp_path, f"{kind}.pdf", _hostile(kind))
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(768 * 1024 * 1024)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    if kind in ("picture", "attachment"):
        assert result.stdout.startswith("read"), result.stdout
        assert "Staff must lock their screens." in result.stdout
        assert ("image" if kind == "picture" else "attachment") in result.stdout
    else:
        assert result.stdout.startswith("refused too-large"), result.stdout
        assert f"{kind}.pdf cannot be read safely" in result.stdout


# --- printed by LibreOffice: Word's footnotes, real policies -----------------------------------

HAS_SOFFICE = shutil.which("soffice") is not None
MOJ = CORPUS / "policies" / "internet-acceptable-use" / "uk-moj"


def _print_pdf(source: Path) -> Path:
    profile = (source.parent / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return source.with_suffix(".pdf")


def _print_tagged(source: Path) -> Path:
    subprocess.run(
        ["soffice", "--headless", "--norestore",
         f"-env:UserInstallation={(source.parent / 'lo-profile').as_uri()}", "--convert-to",
         'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}',
         "--outdir", str(source.parent), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return source.with_suffix(".pdf")


def _footnote(number: int, text: str) -> str:
    return (f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>')


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_word_footnotes_printed_to_pdf_are_notes_and_marks_stay_apart(tmp_path):
    styles = heading_styles(
        '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
        '<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="18"/></w:rPr></w:style>',
        '<w:style w:type="character" w:styleId="FootnoteReference">'
        '<w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '</w:style>')

    def ref(number: int) -> str:
        return ('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                f'<w:footnoteReference w:id="{number}"/></w:r>')

    def run(text: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'

    body = ("<w:p>" + run("Staff must keep records as Order No. 117") + ref(1)
            + run(" requires, for 6 years") + ref(2) + run(" at least.") + "</w:p>"
            + p("Staff must report any loss of a device to the service desk within 24 hours."))
    notes = (_footnote(1, "The Public Records Order No. 117 of 2004, as amended.")
             + _footnote(2, "Six years from the end of the financial year in which the record "
                            "was closed, as the council's retention schedule says."))
    pdf = _print_pdf(write_docx(tmp_path, body, name="Records.docx", styles=styles,
                                footnotes=notes))

    doc = readers.read_document(pdf)

    assert doc.plain_text().splitlines() == [
        "Staff must keep records as Order No. 117¹ requires, for 6 years² at least.",
        "Staff must report any loss of a device to the service desk within 24 hours."]
    assert [(n.label, n.text) for n in doc.notes] == [
        ("1", "The Public Records Order No. 117 of 2004, as amended."),
        ("2", "Six years from the end of the financial year in which the record was closed, "
              "as the council's retention schedule says.")]
    refs = [r.note_ref for b in doc.blocks for r in b.runs if r.note_ref]
    assert refs == [n.id for n in doc.notes]


@pytest.mark.skipif(not (HAS_SOFFICE and MOJ.is_dir()),
                    reason="needs LibreOffice and the shared corpus's Ministry of Justice policies")
def test_real_policy_printed_to_pdf_reads_like_its_word_file(tmp_path):
    source = tmp_path / "it-acceptable-use-policy.docx"
    source.write_bytes((MOJ / source.name).read_bytes())
    word = readers.read_document(source)

    doc = readers.read_document(_print_pdf(source))

    def headings(d) -> list[tuple[int, str]]:
        return [(b.level, b.text) for b in d.blocks if b.kind is BlockKind.HEADING]

    assert headings(doc) == headings(word)  # 17 headings, levels included
    want = word.plain_text().splitlines()
    got = set(doc.plain_text().splitlines())
    assert sum(line in got for line in want) >= 0.97 * len(want)  # the same paragraphs
    assert "POL.ITAUP.001" in got  # a bold reference code is a paragraph, not a heading


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_tagged_pdf_gives_heading_levels_tables_and_drops_artifacts(tmp_path):
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Riverside Council - OFFICIAL"
    document.add_heading("Bluetooth", 1)
    document.add_heading("Devices you may pair", 2)
    document.add_paragraph("Staff may pair these devices with a council laptop.")
    table = document.add_table(rows=2, cols=2)
    for row, (device, allowed) in enumerate([("Keyboards", "Y"), ("Earbuds", "N")]):
        table.cell(row, 0).text = device
        table.cell(row, 1).text = allowed
    source = tmp_path / "Bluetooth.docx"
    document.save(source)

    doc = readers.read_document(_print_tagged(source))

    assert [(b.level, b.text) for b in doc.blocks if b.kind is BlockKind.HEADING] == [
        (1, "Bluetooth"), (2, "Devices you may pair")]
    assert doc.plain_text().splitlines()[2:] == [
        "Staff may pair these devices with a council laptop.",
        "Keyboards", "Y", "Earbuds", "N"]
    # the cells are a table, row by row, as the tags say: each cell had been a paragraph of
    # its own, so a reader could not tell which device an answer was for
    (table,) = [b.table for b in doc.blocks if b.table is not None]
    assert [[c.text for c in row] for row in table.rows] == [["Keyboards", "Y"], ["Earbuds", "N"]]
    assert "Riverside" not in doc.plain_text()  # a header on one page: only its tag tells


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_a_tagged_table_over_a_page_break_keeps_its_rows_and_words(tmp_path):
    """MoJ's apps guidance printed as a tagged PDF: its 14-row table of tools was read as 70
    loose paragraphs; a row cut by the page break lost 'or sensitive data'. Words wrapped whole
    in a narrow cell are never glued ('Not allowed' stays two words: the review found
    'Notallowed', 'Donotuse'); a word cut by the cell's edge may keep a space ('Faceti me':
    'me' is also a word)."""
    import docx

    document = docx.Document()
    document.add_heading("Approved tools", 1)
    narrow = ["Facetime", "Not allowed", "Do not use", "Yes but not abroad"]
    table = document.add_table(rows=40, cols=3)
    for row in range(40):
        table.cell(row, 0).text = f"Tool {row}"
        table.cell(row, 1).text = ("Communication tool for video calls with people outside "
                                   "the council; avoid personal or sensitive data. " * 3)
        table.cell(row, 2).text = narrow[row % len(narrow)]
    widths = (docx.shared.Cm(3), docx.shared.Cm(10), docx.shared.Cm(1.7))  # the last: narrow
    for grid, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid.w = width
    source = tmp_path / "Tools.docx"
    document.save(source)

    doc = readers.read_document(_print_tagged(source))
    word = readers.read_document(source)

    def cells(d) -> list[list[str]]:
        (found,) = [b.table for b in d.blocks if b.table is not None]
        return [[" ".join(c.text.split()) for c in row] for row in found.rows]

    assert [row[:2] for row in cells(doc)] == [row[:2] for row in cells(word)]
    read = [row[2] for row in cells(doc)]
    assert {read[n] for n in range(0, 40, len(narrow))} <= {"Facetime", "Faceti me"}
    for row, text in enumerate(read):  # never glued; at most cut ("Not allo wed")
        assert text.replace(" ", "") == narrow[row % len(narrow)].replace(" ", "")
        assert set(text.split()) >= set(narrow[row % len(narrow)].split()) - {"Facetime",
                                                                               "allowed",
                                                                               "abroad"}


def test_links_printed_in_a_pdf_keep_their_addresses(tmp_path):
    """The MoJ social media guidance as PDF: 'watch this video', 'Facebook', 'Twitter' and
    the security team's address were read as plain words (0 links against the .docx's 13), so
    'Click the links for details' pointed nowhere in the draft. A link wrapped over two lines
    is one link; the same word twice on a page gets its own address where the link is."""
    watch = line(100, "Watch this video to see how an account is taken over.")
    click = line(130, "Click the links for Facebook and Twitter.")
    check = line(160, "Check your privacy settings on Facebook:")
    item = line(180, "\u2022 Facebook")
    report = line(210, "Report a hacked account to security@council.example today.")
    code_1 = line(240, "Everyone at the council must always follow the rules set for public "
                       "servants in the Civil Service")  # "Code" would not fit: wrapped
    code_2 = line(254, "Code of Conduct when they post about work.")
    site = line(290, "Read the remote working guide before you work from home.")
    url_1 = line(320, "Intranet: https://intranet.example/guidance/information-and-records/"
                      "knowledge-")
    url_2 = line(334, "information/protecting-information/")
    builder = PdfBuilder()
    builder.page([watch, click, check, item, report, code_1, code_2, site, url_1, url_2], links=[
        (site, "remote working guide", "file:///home/jo/site/remote-working.html#kit"),
        (url_1, "https://intranet.example/guidance/information-and-records/knowledge-",
         "https://intranet.example/p"),
        (url_2, "information/protecting-information/", "https://intranet.example/p"),
        (watch, "this video", "https://video.example/watch"),
        (click, "Facebook", "https://facebook.example/2fa"),
        (click, "Twitter", "https://twitter.example/2fa"),
        (item, "Facebook", "https://facebook.example/privacy"),
        (report, "security@council.example", "mailto:security@council.example"),
        (code_1, "Civil Service", "https://gov.example/code"),
        (code_2, "Code of Conduct", "https://gov.example/code")])

    doc = readers.read_document(_write(tmp_path, "Social.pdf", builder.build()))

    links = [(r.text, r.hyperlink) for b in doc.blocks for r in b.runs if r.hyperlink]
    assert links == [
        ("this video", "https://video.example/watch"),
        ("Facebook", "https://facebook.example/2fa"), ("Twitter", "https://twitter.example/2fa"),
        ("Facebook", "https://facebook.example/privacy"),
        ("security@council.example", "mailto:security@council.example"),
        ("Civil Service Code of Conduct", "https://gov.example/code"),
        # a link to a page of the policy's own site, printed as a file on the printer's disk
        ("remote working guide", "remote-working.html#kit"),
        # an address broken at a hyphen is one link, all of it clickable
        ("https://intranet.example/guidance/information-and-records/knowledge-information/"
         "protecting-information/", "https://intranet.example/p")]
    assert not any(r.hyperlink for b in doc.blocks if b.text.startswith("Check")
                   for r in b.runs)


def test_a_paragraph_after_a_list_on_the_next_page_is_not_more_of_the_last_item(tmp_path):
    """MoJ's Open Internet Tools guidance as PDF: a list ends a page ('we can transfer
    records to The National Archives', no full stop) and the next page opens at the margin with
    'Always store MoJ information in MoJ systems.': it was read as more of the list item."""
    doc = _read(tmp_path, [
        [line(100, "Storing information in MoJ systems helps us, because:"),
         line(120, "\u2022 we can provide evidence about decisions", x=84),
         line(740, "\u2022 we can transfer records to The National Archives", x=84)],
        paragraph(72, "Always store MoJ information in MoJ systems. If you use an online tool "
                      "for work tasks, make sure the key information is also stored in an "
                      "appropriate MoJ system."),
    ])

    assert [(b.kind, b.text) for b in doc.blocks][-2:] == [
        (BlockKind.LIST_ITEM, "we can transfer records to The National Archives"),
        (BlockKind.PARAGRAPH, "Always store MoJ information in MoJ systems. If you use an online "
                              "tool for work tasks, make sure the key information is also "
                              "stored in an appropriate MoJ system.")]


def test_a_bold_line_is_read_as_bold_text(tmp_path):
    """MoJ's Laptops and Remote Working PDFs name each service desk in a bold line over its
    numbers; read as plain text, the second copy's names were printed again with nothing under
    them in the draft's Contacts (the .docx's bold labels are merged as one list). A bold line
    that is a heading stays a heading."""
    doc = _read(tmp_path, [[
        line(70, "Laptops", 20, bold=True),
        line(100, "General enquiries, including theft and loss", 15, bold=True),
        line(130, "Contact the service desk if your laptop is lost or stolen."),
        line(160, "HMPPS Information & security:", bold=True),
        line(180, "\u2022 Tel: 0203 334 0324"),
    ]])

    label = next(b for b in doc.blocks if b.text.startswith("HMPPS"))
    assert label.kind is BlockKind.PARAGRAPH and all(r.bold for r in label.runs)
    assert not any(r.bold for b in doc.blocks if b.text.startswith(("Contact", "Tel"))
                   for r in b.runs)
    heading = next(b for b in doc.blocks if b.text.startswith("General"))
    assert heading.kind is BlockKind.HEADING and not any(r.bold for r in heading.runs)


def test_a_short_line_ending_a_page_ends_its_paragraph(tmp_path):
    """MoJ's Enterprise IT logging requirements as PDF: 'Log Collection Principle(s): 4' ends a
    page (no full stop) and 'DNS query logs must be created and forwarded.' opens the next:
    they were read as one paragraph. A line that could have held the next word was ended on
    purpose; one that fills the line goes on over the page."""
    doc = _read(tmp_path, [
        [*paragraph(698, "Devices must create and forward local power events, and keep them "
                         "for twelve months where the service can read them."),
         line(740, "Log Collection Principle(s): 4")],
        [line(72, "DNS query logs must be created and forwarded."),
         *paragraph(740, "Staff must keep their laptop with them when they travel and must "
                         "never leave it in a car or on a train, even for a short while.")[:1]],
        [line(72, "luggage rack, and report a lost laptop at once.")],
    ])

    assert [b.text for b in doc.blocks] == [
        "Devices must create and forward local power events, and keep them for twelve months "
        "where the service can read them.",
        "Log Collection Principle(s): 4",
        "DNS query logs must be created and forwarded.",
        "Staff must keep their laptop with them when they travel and must never leave it in a "
        "car or on a luggage rack, and report a lost laptop at once."]


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_tagged_paragraphs_cut_by_page_breaks_keep_every_word(tmp_path):
    """Review: a page that opens with the end of one paragraph and ends with the start of
    another gave the first its ids of the page before, and the words of its piece on this page
    were dropped as untagged (3026 words read as 2423). Each page takes the element's next
    piece."""
    import docx

    document = docx.Document()
    document.add_heading("Email policy", 1)
    for i in range(12):
        paragraph_ = document.add_paragraph(f"Paragraph {i}. ")
        for n in range(25):
            paragraph_.add_run(f"Staff must keep sentence {i}-{n} about email safe and short. ")
    source = tmp_path / "Long.docx"
    document.save(source)

    doc = readers.read_document(_print_tagged(source))

    def paragraphs(d) -> list[str]:
        return [" ".join(b.text.split()) for b in d.blocks if b.kind is BlockKind.PARAGRAPH]

    assert paragraphs(doc) == paragraphs(readers.read_document(source))


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_a_tagged_row_with_an_empty_or_merged_cell_keeps_its_columns(tmp_path):
    """Review: PDFium leaves an empty cell out of a row's tags, and a cell merged with the one
    above has none: 'Keyboards | (empty) | Only wired' was read 'Keyboards | Only wired |', the
    note under 'Allowed'. Such a row's cells go under the columns they start at."""
    import docx

    document = docx.Document()
    document.add_paragraph("Devices you may pair.")
    devices = document.add_table(rows=4, cols=3)
    for r, row in enumerate([["Device", "Allowed", "Notes"], ["Keyboards", "", "Only wired"],
                             ["Earbuds", "N", "Never"], ["Speakers", "Y", ""]]):
        for c, text in enumerate(row):
            devices.cell(r, c).text = text
    document.add_paragraph("Who approves.")
    merged = document.add_table(rows=2, cols=3)
    merged.cell(0, 0).merge(merged.cell(1, 0))
    for (r, c), text in {(0, 0): "Apps", (0, 1): "Manager", (0, 2): "First",
                         (1, 1): "Security team", (1, 2): "Then"}.items():
        merged.cell(r, c).text = text
    source = tmp_path / "Devices.docx"
    document.save(source)

    doc = readers.read_document(_print_tagged(source))

    tables = [[[c.text for c in row] for row in b.table.rows] for b in doc.blocks
              if b.table is not None]
    assert tables == [
        [["Device", "Allowed", "Notes"], ["Keyboards", "", "Only wired"],
         ["Earbuds", "N", "Never"], ["Speakers", "Y", ""]],
        [["Apps", "Manager", "First"], ["", "Security team", "Then"]]]


def test_a_link_marked_by_boxes_line_by_line_links_only_its_words(tmp_path):
    """Review: Acrobat marks a link over two lines with one box a line (QuadPoints) inside a
    rectangle round both lines: the whole paragraph was linked. And a second annotation over
    the same words linked the next 'Facebook' on the line instead."""
    from tests.core.pdf_build import text_width

    first = line(100, "Everyone at the council must always follow the rules set for public "
                      "servants in the Civil Service")
    second = line(114, "Code of Conduct when they post about work, and also Facebook rules.")
    start = 72 + text_width(first.text[:first.text.index("Civil")])
    end = 72 + text_width("Code of Conduct")
    top, bottom = 792 - 100 + 9, 792 - 114 - 3
    quads = (f"{start:.1f} {792 - 100 + 9} {72 + text_width(first.text):.1f} {792 - 100 + 9} "
             f"{start:.1f} {792 - 100 - 3} {72 + text_width(first.text):.1f} {792 - 100 - 3} "
             f"72 {792 - 114 + 9} {end:.1f} {792 - 114 + 9} 72 {792 - 114 - 3} {end:.1f} "
             f"{792 - 114 - 3}")
    code = (b"<< /Type /Annot /Subtype /Link /Rect [72 %d 540 %d] /QuadPoints [%s] "
            b"/Border [0 0 0] /A << /S /URI /URI (https://gov.example/code) >> >>"
            % (bottom, top, quads.encode()))
    facebook = line(150, "Check Facebook settings, then read the Facebook rules again.")
    builder = PdfBuilder()
    builder.page([first, second, facebook], annotations=[code], links=[
        (facebook, "Facebook", "https://facebook.example/privacy"),
        (facebook, "Facebook", "https://facebook.example/privacy")])

    doc = readers.read_document(_write(tmp_path, "Code.pdf", builder.build()))

    links = [(r.text, r.hyperlink) for b in doc.blocks for r in b.runs if r.hyperlink]
    assert links == [("Civil Service Code of Conduct", "https://gov.example/code"),
                     ("Facebook", "https://facebook.example/privacy")]


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_a_tagged_pdfs_text_is_never_taken_for_a_running_header(tmp_path):
    """Review: lines of a paragraph over three pages that sit at the same place on each page
    and differ only in their numbers ('Staff must keep sentence 12 ...', '... 47 ...') were
    dropped as running headers: 2879 of 3011 words read. A tagged PDF marks its headers as
    artifacts; its text is its text."""
    import docx

    document = docx.Document()
    document.add_heading("Email policy", 1)
    document.add_paragraph("Short opening paragraph.")
    huge = document.add_paragraph("Huge. ")
    for n in range(150):
        huge.add_run(f"Staff must keep sentence {n} about email safe and short. ")
    document.add_paragraph("Closing paragraph.")
    source = tmp_path / "Huge.docx"
    document.save(source)

    doc = readers.read_document(_print_tagged(source))

    assert doc.plain_text().split() == readers.read_document(source).plain_text().split()
