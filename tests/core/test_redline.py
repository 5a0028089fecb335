"""Redline .docx: accept-all gives NEW's text, reject-all OLD's; the output is valid."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from consolidator.diffing import DiffOptions, diff_documents
from consolidator.readers import read_document
from consolidator.writers.redline import write_redline
from tests.conftest import CORPUS
from tests.helpers.redline import resolve

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
VALIDATOR = CORPUS.parent / "tools" / "ooxml_validate.py"
WORDS = ("staff council must should email internet device personal business data record "
         "manager approval security password account public social media policy use "
         "access monitor breach report officer network").split()


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def check_round_trip(old_path: Path, new_path: Path, tmp: Path, options=None) -> Path:
    old, new = read_document(old_path), read_document(new_path)
    diff = diff_documents(old, new, options or DiffOptions())
    redline = write_redline(diff, old, new, tmp / "redline.docx", author="Tester")
    accepted = read_document(resolve(redline, tmp / "accepted.docx", accept=True))
    rejected = read_document(resolve(redline, tmp / "rejected.docx", accept=False))
    assert accepted.plain_text() == new.plain_text()
    assert rejected.plain_text() == old.plain_text()
    return redline


# --- generated policies -----------------------------------------------------------------------


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    return " ".join(words).capitalize() + "."


def make_policy(rng: random.Random, sections: int = 5) -> list[tuple[str, object]]:
    """Returns a policy as (style, text-or-rows) items: headings, clauses, bullets, a table."""
    items: list[tuple[str, object]] = [("Title", "Acceptable Use Policy")]
    for n in range(sections):
        items.append(("Heading 1", f"Section {n} " + rng.choice(WORDS).title()))
        for _ in range(rng.randint(1, 3)):
            items.append(("Normal", " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))))
        for _ in range(rng.randint(0, 3)):
            items.append(("List Number", sentence(rng)))
        for _ in range(rng.randint(0, 2)):
            items.append(("List Bullet", sentence(rng)))
        if n == 2:
            items.append(("table", [["Device", "Allowed", "Notes"],
                                    ["Phone", "Yes", sentence(rng)],
                                    ["Tablet", "No", sentence(rng)]]))
    return items


def edit_policy(rng: random.Random, items: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Returns an edited copy: word edits, sentences and paragraphs added/removed, a moved
    section, a table cell change."""
    out = []
    for style, content in items:
        if style == "table":
            rows = [list(r) for r in content]
            rows[1][1] = "With approval"
            out.append((style, rows))
            continue
        if style in ("Normal", "List Number", "List Bullet"):
            roll = rng.random()
            if roll < 0.08:
                continue  # paragraph removed
            words = content.split(" ")
            for k in range(len(words)):
                if rng.random() < 0.05:
                    words[k] = rng.choice(WORDS)
            content = " ".join(words)
            if roll > 0.9:
                content += " " + sentence(rng)
        out.append((style, content))
        if style == "Normal" and rng.random() < 0.1:
            out.append(("Normal", sentence(rng)))
    heads = [i for i, (s, _) in enumerate(out) if s == "Heading 1"]
    if len(heads) >= 3:  # move the second section to the end
        a, b = heads[1], heads[2]
        out = out[:a] + out[b:] + out[a:b]
    return out


def save_docx(items: list[tuple[str, object]], path: Path) -> Path:
    import docx

    document = docx.Document()
    for style, content in items:
        if style == "blank":  # an empty paragraph (spacing)
            document.add_paragraph()
        elif style == "table":
            table = document.add_table(rows=len(content), cols=len(content[0]))
            for r, row in enumerate(content):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        else:
            paragraph = document.add_paragraph(style=style)
            words = content.split(" ")
            if len(words) > 4:  # some formatting inside the paragraph
                paragraph.add_run(" ".join(words[:2]) + " ").bold = True
                paragraph.add_run(" ".join(words[2:]))
            else:
                paragraph.add_run(content)
    document.save(path)
    return path


@pytest.mark.parametrize("seed", range(8))
def test_generated_pairs_round_trip(tmp_path, seed):
    rng = random.Random(seed)
    items = make_policy(rng)
    old = save_docx(items, tmp_path / "old.docx")
    new = save_docx(edit_policy(rng, items), tmp_path / "new.docx")
    check_round_trip(old, new, tmp_path)


def test_redline_holds_every_kind_of_revision(tmp_path):
    rng = random.Random(11)
    items = make_policy(rng, sections=6)
    old = save_docx(items, tmp_path / "old.docx")
    new = save_docx(edit_policy(rng, items), tmp_path / "new.docx")
    redline = check_round_trip(old, new, tmp_path)
    root = etree.fromstring(zipfile.ZipFile(redline).read("word/document.xml"))
    for tag in ("ins", "del", "delText", "moveFrom", "moveTo", "moveFromRangeStart",
                "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"):
        assert root.find(f".//{w(tag)}") is not None, tag
    marks = root.xpath("//w:ins | //w:del | //w:moveFrom | //w:moveTo | "
                       "//w:moveFromRangeStart | //w:moveToRangeStart", namespaces=NS)
    ids = [m.get(w("id")) for m in marks]
    assert len(ids) == len(set(ids))
    assert all(m.get(w("author")) == "Tester" and m.get(w("date")) for m in marks)
    assert root.xpath("//w:pPr/w:rPr/w:ins", namespaces=NS)  # whole inserted paragraphs
    assert root.xpath("//w:pPr/w:rPr/w:del", namespaces=NS)


def test_identical_documents_give_a_redline_without_marks(tmp_path):
    items = make_policy(random.Random(2))
    old = save_docx(items, tmp_path / "old.docx")
    new = save_docx(items, tmp_path / "new.docx")
    redline = check_round_trip(old, new, tmp_path)
    xml = zipfile.ZipFile(redline).read("word/document.xml")
    assert b"<w:ins " not in xml and b"<w:del " not in xml


def test_ignore_options_still_give_exact_accept_and_reject(tmp_path):
    items = make_policy(random.Random(4))
    edited = [(s, c.upper() if isinstance(c, str) and s == "Normal" else c) for s, c in items]
    old = save_docx(items, tmp_path / "old.docx")
    new = save_docx(edited, tmp_path / "new.docx")
    check_round_trip(old, new, tmp_path, DiffOptions(ignore_case=True))


def test_markdown_new_is_laid_out_on_the_default_template(tmp_path):
    (tmp_path / "old.md").write_text("# Email\n\nStaff must use email well.\n\n- Be kind\n")
    (tmp_path / "new.md").write_text("# Email\n\nStaff must use council email well.\n\n"
                                     "- Be kind\n- Be brief\n")
    check_round_trip(tmp_path / "old.md", tmp_path / "new.md", tmp_path)


def corpus_docx() -> list[Path]:
    return sorted((CORPUS / "policies").rglob("*.docx"))[:4]


@pytest.mark.skipif(not (CORPUS / "policies").is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize("source", corpus_docx(), ids=lambda p: p.stem)
def test_corpus_policy_against_an_edited_copy(tmp_path, source):
    import docx

    document = docx.Document(str(source))
    rng = random.Random(source.stem)
    paragraphs = [p for p in document.paragraphs if len(p.text.split()) > 5]
    for p in rng.sample(paragraphs, min(6, len(paragraphs))):
        runs = [r for r in p.runs if len(r.text.split()) > 2]
        if runs:
            words = runs[0].text.split(" ")
            words[rng.randrange(len(words))] = "amended"
            runs[0].text = " ".join(words)
    if len(paragraphs) > 8:
        victim = paragraphs[4]._element
        victim.getparent().remove(victim)
        paragraphs[7].insert_paragraph_before("A new clause added by the policy officer.")
    new = tmp_path / "edited.docx"
    document.save(new)
    redline = check_round_trip(source, new, tmp_path)
    validate(redline, baseline=new)


def problems(path: Path) -> set[str]:
    """Returns the validator's problems for `path`, without file name, line and positions."""
    if not VALIDATOR.exists():
        pytest.skip("OOXML validator not present")
    result = subprocess.run([sys.executable, str(VALIDATOR), "-q", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    # positions differ between NEW and its redline: compare what is wrong, not where
    return {re.sub(r"\[\d+\]|:\d+:", "", line.split(": ", 1)[1])
            for line in result.stdout.splitlines() if ": " in line}


def validate(path: Path, baseline: Path | None = None) -> None:
    """Fails when the redline has a problem (one its NEW document already had is let through)."""
    found = problems(path)
    if baseline is not None:
        found -= problems(baseline)
    assert not found, sorted(found)[:20]


def test_redline_is_valid_ooxml_and_renders_in_libreoffice(tmp_path):
    rng = random.Random(5)
    items = make_policy(rng, sections=6)
    old = save_docx(items, tmp_path / "old.docx")
    new = save_docx(edit_policy(rng, items), tmp_path / "new.docx")
    redline = check_round_trip(old, new, tmp_path)
    validate(redline)
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed")
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(redline)],
        capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "redline.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000, result.stderr


def test_a_section_break_in_a_changed_paragraph_is_kept(tmp_path):
    """NEW's landscape section ends in a paragraph that changed: the redline keeps the break
    (the sectPr in that paragraph) in schema order, so the pages look like NEW's."""
    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION

    def build(path: Path, closing: str) -> Path:
        document = docx.Document()
        document.add_paragraph("Staff must report a lost device at once.")
        last = document.add_paragraph(closing)
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        holder = last._p.getnext()  # python-docx puts the break in a new empty paragraph:
        last._p.get_or_add_pPr().append(holder.pPr.sectPr)  # move it into `closing`, as Word
        holder.getparent().remove(holder)  # does when a break follows text
        document.add_paragraph("Appendix: the approved devices.")
        document.save(path)
        return path

    old = build(tmp_path / "old.docx", "Managers approve personal devices.")
    new = build(tmp_path / "new.docx", "Managers approve every personal device in writing.")
    redline = check_round_trip(old, new, tmp_path)
    with zipfile.ZipFile(redline) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    breaks = root.xpath("//w:body/w:p[w:pPr/w:sectPr]", namespaces=NS)
    assert len(breaks) == 1
    assert "in writing" in "".join(breaks[0].xpath(".//w:t/text()", namespaces=NS))
    assert [c.tag for c in breaks[0].find(w("pPr"))][-2:] == [w("rPr"), w("sectPr")] or \
        breaks[0].find(w("pPr")).find(w("rPr")) is None
    validate(redline, baseline=new)


def _canonical(redline: Path) -> bytes:
    """Returns the redline's document.xml with its revision ids renumbered in order of
    appearance (the split writer numbers its second half from a higher base)."""
    xml = zipfile.ZipFile(redline).read("word/document.xml")
    order: dict[bytes, bytes] = {}

    def renumber(match: re.Match) -> bytes:
        return b'w:id="%s"' % order.setdefault(match.group(1), str(len(order)).encode())

    return re.sub(rb'w:id="(\d+)"', renumber, xml)


@pytest.mark.parametrize("child", ["forked", "in-process"])
@pytest.mark.parametrize("seed", [2, 11, 17])
def test_split_writer_gives_the_same_redline(tmp_path, monkeypatch, seed, child):
    """compare_to_redline (the command line's path, two halves) writes what diff_documents +
    write_redline write, the counts included, whether the second half ran in a forked child
    or (as on Windows) here after the first."""
    import datetime as dt

    from consolidator.writers import redline as redline_module

    rng = random.Random(seed)
    items = make_policy(rng, sections=8)
    edited = edit_policy(rng, items)
    spaced = [x for n, item in enumerate(edited) for x in
              ([item, ("blank", "")] if n % 4 == 3 else [item])]  # NEW's blank paragraphs
    old_path = save_docx(items, tmp_path / "old.docx")
    new_path = save_docx(spaced, tmp_path / "new.docx")
    old, new = read_document(old_path), read_document(new_path)
    date = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)
    diff = diff_documents(old, new)
    serial = write_redline(diff, old, new, tmp_path / "serial.docx", author="T", date=date)

    monkeypatch.setattr(redline_module, "_SPLIT_ABOVE", 4)
    monkeypatch.setattr(redline_module, "can_fork", lambda: True)
    if child == "in-process":
        class NoChild:
            forked = False

            def __init__(self, fn):
                self.fn = fn

            def result(self):
                return self.fn()

        monkeypatch.setattr(redline_module, "Forked", NoChild)
    middle = redline_module._split_point(redline_module.plan_blocks(old.blocks, new.blocks))
    assert 0 < middle < len(diff.rows)
    split, counts = redline_module.compare_to_redline(old, new, tmp_path / "split.docx",
                                                      author="T", date=date)
    assert counts == diff.counts
    assert _canonical(split) == _canonical(serial)
    assert b"policy-consolidator" not in zipfile.ZipFile(split).read("word/document.xml")


def test_old_blocks_found_on_demand_match_the_full_mapping(tmp_path):
    """The redline finds OLD's element of a deleted or moved-away block by position (checked
    by text): the same element the full text mapping finds, blank paragraphs and repeated
    paragraphs included."""
    from consolidator.writers.redline_map import LazyBlockMap
    from consolidator.writers.redline_xml import BODY, block_elements, map_blocks

    rng = random.Random(3)
    items = make_policy(rng, sections=10)
    items = [x for n, item in enumerate(items) for x in
             ([item, ("blank", ""), ("Normal", "See the table above.")] if n % 5 == 4
              else [item])]
    path = save_docx(items, tmp_path / "old.docx")
    doc = read_document(path)
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    elements = block_elements(root.find(BODY))
    full = map_blocks(doc.blocks, elements)
    lazy = LazyBlockMap(doc.blocks, elements, plain=True)
    order = list(range(len(doc.blocks)))
    rng.shuffle(order)  # asked in any order, as rows come
    for k in order:
        block = doc.blocks[k]
        assert lazy.get(id(block)) == full.get(id(block)), (k, block.text)
    assert lazy.full is None  # every block found by position


# --- split and joined paragraphs --------------------------------------------------------------


def split_and_join(rng: random.Random, items: list[tuple[str, object]]
                   ) -> list[tuple[str, object]]:
    """Returns a copy with some multi-sentence paragraphs split at a sentence end (a word edited
    in some) and some neighbouring paragraphs joined."""
    out: list[tuple[str, object]] = []
    for style, content in items:
        previous = out[-1] if out else None
        if style == "Normal" and isinstance(content, str):
            sentences = [s + "." for s in content[:-1].split(". ")] if content.endswith(".") \
                else [content]
            if len(sentences) > 1 and rng.random() < 0.5:
                cut = rng.randrange(1, len(sentences))
                first, second = " ".join(sentences[:cut]), " ".join(sentences[cut:])
                if rng.random() < 0.3:
                    second = second.replace(" must ", " shall ", 1)
                out.extend([(style, first), (style, second)])
                continue
            if previous is not None and previous[0] == "Normal" and rng.random() < 0.3:
                out[-1] = (style, f"{previous[1]} {content}")
                continue
        out.append((style, content))
    return out


def split_join_pair(tmp: Path, seed: int, sections: int = 6) -> tuple[Path, Path]:
    rng = random.Random(seed)
    items = make_policy(rng, sections=sections)
    return (save_docx(items, tmp / "old.docx"),
            save_docx(split_and_join(rng, items), tmp / "new.docx"))


def test_split_is_an_inserted_paragraph_mark_and_join_a_deleted_one(tmp_path):
    old = [("Heading 1", "Devices"),
           ("Normal", "Staff must report a lost device at once. Managers approve devices."),
           ("Normal", "Passwords change every ninety days."),
           ("Normal", "Accounts are reviewed yearly."),
           ("Normal", "Closing words stay.")]
    new = [("Heading 1", "Devices"),
           ("Normal", "Staff must report a lost device at once."),
           ("Normal", "Managers approve devices."),
           ("Normal", "Passwords change every ninety days. Accounts are reviewed yearly."),
           ("Normal", "Closing words stay.")]
    old_path = save_docx(old, tmp_path / "old.docx")
    new_path = save_docx(new, tmp_path / "new.docx")
    diff = diff_documents(read_document(old_path), read_document(new_path))
    assert [r.kind.value for r in diff.rows] == ["equal", "split", "split", "joined", "joined",
                                                 "equal"]
    redline = check_round_trip(old_path, new_path, tmp_path)
    root = etree.fromstring(zipfile.ZipFile(redline).read("word/document.xml"))
    body = root.find(w("body"))
    paragraphs = body.findall(w("p"))
    texts = ["".join(p.xpath(".//w:t/text()", namespaces=NS)) for p in paragraphs]
    deleted = ["".join(p.xpath(".//w:delText/text()", namespaces=NS)) for p in paragraphs]
    inserted = ["".join(p.xpath(".//w:ins//w:t/text()", namespaces=NS)) for p in paragraphs]
    marks = [[m.tag for m in p.xpath("w:pPr/w:rPr/*[self::w:ins or self::w:del]", namespaces=NS)]
             for p in paragraphs]
    assert texts == ["Devices", "Staff must report a lost device at once.",
                     "Managers approve devices.", "Passwords change every ninety days. ",
                     "Accounts are reviewed yearly.", "Closing words stay."]
    # the split: the first part's paragraph mark is inserted, the space before the break gone
    assert marks[1] == [w("ins")] and deleted[1] == " " and marks[2] == []
    # the join: the first part's paragraph mark is deleted, the space where they meet inserted
    assert marks[3] == [w("del")] and inserted[3] == " " and marks[4] == []
    # no word of either paragraph is deleted and inserted again
    assert deleted == ["", " ", "", "", "", ""] and inserted == ["", "", "", " ", "", ""]
    validate(redline)


def test_split_in_three_with_a_word_edit_and_a_blank_paragraph_between(tmp_path):
    old = [("Normal", "Opening text stays as it is."),
           ("Normal", "Staff must lock screens. Staff must use strong passwords. "
                      "Staff must report phishing emails to the service desk.")]
    new = [("Normal", "Opening text stays as it is."),
           ("Normal", "Staff must lock screens."), ("blank", ""),
           ("Normal", "Staff must use long passwords."),
           ("Normal", "Staff must report phishing emails to the service desk.")]
    old_path = save_docx(old, tmp_path / "old.docx")
    new_path = save_docx(new, tmp_path / "new.docx")
    diff = diff_documents(read_document(old_path), read_document(new_path))
    assert [r.kind.value for r in diff.rows] == ["equal", "split", "split", "split"]
    assert diff.counts.splits == 1 and diff.counts.insertions == diff.counts.deletions == 1
    redline = check_round_trip(old_path, new_path, tmp_path)
    root = etree.fromstring(zipfile.ZipFile(redline).read("word/document.xml"))
    assert "".join(root.xpath("//w:delText/text()", namespaces=NS)).split() == ["strong"]
    assert "".join(root.xpath("//w:ins//w:t/text()", namespaces=NS)).split() == ["long"]
    # both breaks and NEW's blank paragraph between the first two parts: inserted marks
    assert len(root.xpath("//w:p[w:pPr/w:rPr/w:ins]", namespaces=NS)) == 3
    validate(redline)


def test_join_of_list_items_and_a_split_beside_a_table(tmp_path):
    old = [("List Number", "Lock your screen."), ("List Number", "Log out at night."),
           ("table", [["Device", "Allowed"], ["Phone", "Yes"]]),
           ("Normal", "Phones are allowed. Tablets need approval.")]
    new = [("List Number", "Lock your screen. Log out at night."),
           ("table", [["Device", "Allowed"], ["Phone", "With approval"]]),
           ("Normal", "Phones are allowed."), ("Normal", "Tablets need approval.")]
    old_path = save_docx(old, tmp_path / "old.docx")
    new_path = save_docx(new, tmp_path / "new.docx")
    diff = diff_documents(read_document(old_path), read_document(new_path))
    assert [r.kind.value for r in diff.rows] == ["joined", "joined", "changed", "split", "split"]
    validate(check_round_trip(old_path, new_path, tmp_path))


@pytest.mark.parametrize("seed", range(6))
def test_generated_splits_and_joins_round_trip(tmp_path, seed):
    old_path, new_path = split_join_pair(tmp_path, seed)
    diff = diff_documents(read_document(old_path), read_document(new_path))
    assert diff.counts.splits + diff.counts.joins > 0
    check_round_trip(old_path, new_path, tmp_path)


def test_generated_splits_and_joins_are_valid_ooxml(tmp_path):
    old_path, new_path = split_join_pair(tmp_path, 3, sections=8)
    validate(check_round_trip(old_path, new_path, tmp_path))


@pytest.mark.parametrize("child", ["forked", "in-process"])
@pytest.mark.parametrize("seed", [0, 7])
def test_split_writer_keeps_splits_and_joins_whole(tmp_path, monkeypatch, seed, child):
    """The command line's two halves give the serial redline also when the comparison holds
    splits and joins."""
    import datetime as dt

    from consolidator.writers import redline as redline_module

    old_path, new_path = split_join_pair(tmp_path, seed, sections=8)
    old, new = read_document(old_path), read_document(new_path)
    date = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)
    diff = diff_documents(old, new)
    assert diff.counts.splits and diff.counts.joins
    serial = write_redline(diff, old, new, tmp_path / "serial.docx", author="T", date=date)
    monkeypatch.setattr(redline_module, "_SPLIT_ABOVE", 4)
    monkeypatch.setattr(redline_module, "can_fork", lambda: True)
    if child == "in-process":
        class NoChild:
            forked = False

            def __init__(self, fn):
                self.fn = fn

            def result(self):
                return self.fn()

        monkeypatch.setattr(redline_module, "Forked", NoChild)
    split, counts = redline_module.compare_to_redline(old, new, tmp_path / "split.docx",
                                                      author="T", date=date)
    assert counts == diff.counts
    assert _canonical(split) == _canonical(serial)


def test_split_point_is_never_inside_a_split_or_join(monkeypatch):
    from consolidator.writers import redline as redline_module

    class Plan:  # the parts of BlockPlan that _split_point reads
        def __len__(self):
            return 20

        def move_spans(self):
            return [(2, 4)]

        def group_spans(self):
            return [(9, 11), (12, 13)]

    monkeypatch.setattr(redline_module, "_SPLIT_ABOVE", 4)
    monkeypatch.setattr(redline_module, "can_fork", lambda: True)
    assert redline_module._split_point(Plan()) == 12  # the middle (10) is inside rows 9-11


def test_a_paragraph_that_only_changed_number_is_new_s_own_paragraph(tmp_path):
    """A clause renumbered because one was inserted above it is not rebuilt: the redline holds
    NEW's paragraph as it is (Word renumbers it), with every run property NEW gave it."""
    import docx
    from docx.shared import RGBColor

    def build(path: Path, clauses: list[str]) -> Path:
        document = docx.Document()
        for text in clauses:
            run = document.add_paragraph(style="List Number").add_run(text)
            run.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        document.save(path)
        return path

    clauses = ["Staff must lock their screen.", "Staff must report a lost phone at once."]
    old = build(tmp_path / "old.docx", clauses)
    new = build(tmp_path / "new.docx", ["Passwords must be long."] + clauses)
    diff = diff_documents(read_document(old), read_document(new))
    assert [r.kind.value for r in diff.rows] == ["inserted", "changed", "changed"]  # renumbered
    redline = check_round_trip(old, new, tmp_path)

    def paragraphs(path: Path) -> list[bytes]:
        root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
        return [etree.tostring(p) for p in root.iter(w("p"))]

    assert paragraphs(redline)[1:] == paragraphs(new)[1:]


def test_a_prepared_redline_gives_the_same_file(tmp_path):
    """compare's command line parses both packages while OLD is still being read
    (prepare_redline), taking NEW's main part as its reader parsed it: the redline is the same
    as one prepared after reading, every part parsed anew."""
    import datetime as dt

    from consolidator.ooxml.parts import BLOCK_ELEMENTS
    from consolidator.writers.redline import compare_to_redline, prepare_redline
    from consolidator.writers.redline_map import LazyBlockMap

    rng = random.Random(23)
    items = make_policy(rng, sections=8)
    old_path = save_docx(items, tmp_path / "old.docx")
    new_path = save_docx(edit_policy(rng, items), tmp_path / "new.docx")
    date = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)
    main_part: dict = {}
    new = read_document(new_path, main_part=main_part)
    assert list(main_part) == ["word/document.xml", BLOCK_ELEMENTS]
    prepared = prepare_redline(f"{tmp_path}/./old.docx", new, author="T", date=date,
                               parsed=main_part)
    assert prepared.redline.root is main_part["word/document.xml"]  # not parsed again
    told = prepared.redline.mapping  # each block's element as its reader found it
    searched = LazyBlockMap(new.blocks, told.elements, told.plain)  # found by text
    assert told.elements_read is not None
    assert [told.get(id(b)) for b in new.blocks] == [searched.get(id(b)) for b in new.blocks]
    old = read_document(old_path)
    first, counts = compare_to_redline(old, new, tmp_path / "prepared.docx", author="T",
                                       date=date, prepared=prepared)
    assert prepared.redline.marker.old_map  # OLD's blocks attached to the parsed package
    second, again = compare_to_redline(read_document(old_path), read_document(new_path),
                                       tmp_path / "plain.docx", author="T", date=date)
    assert counts == again
    assert _canonical(first) == _canonical(second)
    validate(first)


# --- tables whose rows changed: rows inserted and deleted inside NEW's table --------------------

VERSION_ROWS = [["Version", "Date", "Summary of changes"],
                ["1.0", "14 May 2018", "First policy, written for the GDPR"],
                ["2.0", "9 June 2020", "Revised for home working"],
                ["2.1", "21 June 2021", "Retention periods updated"]]


def version_table_pair(tmp: Path, old_rows: list[list[str]], new_rows: list[list[str]],
                       tall_row: int | None = None) -> tuple[Path, Path]:
    """Returns OLD and NEW policies around a version table (OLD's row `tall_row` given a row
    height: row properties to keep on a deleted row)."""
    import docx
    from docx.shared import Cm

    def items(rows):
        return [("Title", "Email Policy"), ("Heading 1", "Version history"),
                ("table", rows), ("Normal", "Staff must use email responsibly at all times.")]

    old = save_docx(items(old_rows), tmp / "old.docx")
    if tall_row is not None:
        document = docx.Document(str(old))
        document.tables[0].rows[tall_row].height = Cm(1.5)
        document.save(old)
    return old, save_docx(items(new_rows), tmp / "new.docx")


def table_rows_marks(redline: Path) -> tuple[list[etree._Element], list[str]]:
    """Returns the body's tables' rows and each row's mark ("ins", "del" or "")."""
    root = etree.fromstring(zipfile.ZipFile(redline).read("word/document.xml"))
    rows = root.xpath("/w:document/w:body/w:tbl/w:tr", namespaces=NS)
    marks = []
    for tr in rows:
        found = tr.xpath("w:trPr/w:ins | w:trPr/w:del", namespaces=NS)
        marks.append(etree.QName(found[0]).localname if found else "")
    return rows, marks


def check_row_markup(tr: etree._Element, mark: str) -> None:
    """A tracked row: trPr first (after tblPrEx) holding one mark after its other properties,
    every run under the same revision (deleted text as w:delText)."""
    first = [c for c in tr if c.tag != w("tblPrEx")][0]
    assert first.tag == w("trPr")
    assert etree.QName(first[-1]).localname == mark and first[-1].get(w("author")) == "Tester"
    runs = tr.xpath(".//w:r", namespaces=NS)
    assert runs and all(r.getparent().tag == w(mark) for r in runs)
    if mark == "del":
        assert not tr.xpath(".//w:t", namespaces=NS) and tr.xpath(".//w:delText", namespaces=NS)


@pytest.mark.parametrize("case", ["appended", "removed", "added-and-edited"])
def test_table_rows_inserted_and_deleted_in_new_s_table(tmp_path, case):
    old_rows = [list(r) for r in VERSION_ROWS]
    if case == "appended":
        new_rows = old_rows + [["3.0", "12 March 2024", "Personal devices rewritten"]]
        expected = ["", "", "", "", "ins"]
    elif case == "removed":
        new_rows = [old_rows[0], old_rows[1], old_rows[3]]
        expected = ["", "", "del", ""]
    else:
        new_rows = [old_rows[0], ["0.9", "2 January 2018", "Draft for consultation"],
                    old_rows[1], old_rows[2], [*old_rows[3][:2], "Retention periods shortened"]]
        expected = ["", "ins", "", "", ""]
    old, new = version_table_pair(tmp_path, old_rows, new_rows)
    redline = check_round_trip(old, new, tmp_path)
    validate(redline)
    rows, marks = table_rows_marks(redline)
    assert marks == expected  # one table: not the old one struck and the new one inserted
    for tr, mark in zip(rows, marks, strict=True):
        if mark:
            check_row_markup(tr, mark)
    changed = [n for n, tr in enumerate(rows) if not marks[n] and
               tr.xpath(".//w:ins | .//w:del", namespaces=NS)]
    assert changed == ([4] if case == "added-and-edited" else [])
    if changed:
        tr = rows[4]
        assert tr.xpath("string(.//w:del)", namespaces=NS) == "updated"
        assert tr.xpath("string(.//w:ins)", namespaces=NS) == "shortened"


def test_a_deleted_row_keeps_old_s_row_and_cell_properties(tmp_path):
    old_rows = [list(r) for r in VERSION_ROWS]
    old, new = version_table_pair(tmp_path, old_rows, [old_rows[0], old_rows[1], old_rows[3]],
                                  tall_row=2)
    redline = check_round_trip(old, new, tmp_path)
    validate(redline)
    rows, marks = table_rows_marks(redline)
    assert marks == ["", "", "del", ""]
    trpr = rows[2].find(w("trPr"))
    assert [etree.QName(c).localname for c in trpr] == ["trHeight", "del"]  # schema order
    old_tr = etree.fromstring(zipfile.ZipFile(old).read("word/document.xml")).xpath(
        "//w:tbl/w:tr", namespaces=NS)[2]
    assert [tc.find(f"{w('tcPr')}/{w('tcW')}").attrib for tc in rows[2].iter(w("tc"))] == \
        [tc.find(f"{w('tcPr')}/{w('tcW')}").attrib for tc in old_tr.iter(w("tc"))]


def test_a_row_whose_cells_were_merged_is_deleted_and_inserted(tmp_path):
    import docx

    old_rows = [list(r) for r in VERSION_ROWS]
    old, new = version_table_pair(tmp_path, old_rows,
                                  old_rows + [["3.0", "12 March 2024", "Rewritten"]])
    document = docx.Document(str(new))
    cells = document.tables[0].rows[2].cells
    merged = cells[1].merge(cells[2])
    merged.text = "9 June 2020: revised for home working"
    document.save(new)
    redline = check_round_trip(old, new, tmp_path)
    validate(redline)
    rows, marks = table_rows_marks(redline)
    assert marks == ["", "", "del", "ins", "", "ins"]
    for tr, mark in zip(rows, marks, strict=True):
        if mark:
            check_row_markup(tr, mark)


def test_a_new_table_holding_tracked_changes_falls_back_to_old_struck_new_inserted(tmp_path):
    from tests.core.docx_factory import write_docx

    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in cells) + "</w:tr>"

    def cell(text: str) -> str:
        return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'

    inserted = ('<w:p><w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r>'
                '<w:t>2024</w:t></w:r></w:ins></w:p>')
    head, first = row(cell("Version"), cell("Date")), row(cell("1.0"), cell("2018"))
    old = write_docx(tmp_path, f"{cell('Versions')}<w:tbl>{head}{first}</w:tbl>{cell('End')}",
                     "old.docx")
    new = write_docx(tmp_path, f"{cell('Versions')}<w:tbl>{head}{first}"
                     f"{row(cell('2.0'), inserted)}</w:tbl>{cell('End')}", "new.docx")
    assert diff_documents(read_document(old), read_document(new)).rows[1].table_rows
    redline = check_round_trip(old, new, tmp_path)
    _, marks = table_rows_marks(redline)
    assert marks == ["del", "del", "ins", "ins", "ins"]


def test_sample_version_table_gains_and_loses_a_row_not_the_whole_table(tmp_path):
    """The bundled Email Policy against its v2.1: the version history differs by one row."""
    from consolidator.writers.redline import compare_to_redline
    from tests.conftest import SAMPLES

    current = SAMPLES / "Email Policy.docx"
    earlier = SAMPLES / "versions" / "Email Policy v2.1.docx"
    for old_path, new_path, mark in ((current, earlier, "del"), (earlier, current, "ins")):
        old, new = read_document(old_path), read_document(new_path)
        redline, counts = compare_to_redline(old, new, tmp_path / f"{mark}.docx", author="Tester")
        assert (counts.inserted_rows, counts.deleted_rows) == \
            ((1, 0) if mark == "ins" else (0, 1))
        accepted = read_document(resolve(redline, tmp_path / "accepted.docx", accept=True))
        rejected = read_document(resolve(redline, tmp_path / "rejected.docx", accept=False))
        assert accepted.plain_text() == new.plain_text()
        assert rejected.plain_text() == old.plain_text()
        validate(redline, baseline=new_path)
        root = etree.fromstring(zipfile.ZipFile(redline).read("word/document.xml"))
        tables = [t for t in root.iter(w("tbl")) if "Summary of changes" in "".join(
            t.xpath(".//w:t/text() | .//w:delText/text()", namespaces=NS))]
        assert len(tables) == 1
        rows = tables[0].findall(w("tr"))
        marks = [etree.QName(x).localname for tr in rows
                 for x in tr.xpath("w:trPr/w:ins | w:trPr/w:del", namespaces=NS)]
        assert marks == [mark] and len(rows) == 5
        assert rows[-1].xpath("string(.)").startswith("3.0")
        check_row_markup(rows[-1], mark)
        # nothing else in the table is marked
        assert len(tables[0].xpath(".//w:ins | .//w:del", namespaces=NS)) == \
            1 + len(rows[-1].xpath(".//w:r", namespaces=NS))


@pytest.mark.parametrize("seed", range(6))
def test_generated_table_row_edits_round_trip(tmp_path, seed):
    rng = random.Random(seed)
    old_rows = [["Version", "Date", "Summary of changes"]] + [
        [f"{n}.0", f"{n + 1} May 20{10 + n}", sentence(rng)] for n in range(1, 8)]
    new_rows = [old_rows[0]]
    for r in old_rows[1:]:
        roll = rng.random()
        if roll < 0.25:
            continue  # row removed
        r = list(r)
        if roll > 0.75:
            r[2] = r[2].replace(rng.choice(r[2].rstrip(".").split()), "amended", 1)
        new_rows.append(r)
        if rng.random() < 0.3:  # row added
            new_rows.append([f"{rng.randint(10, 99)}.5", "1 April 2030", sentence(rng)])
    old, new = version_table_pair(tmp_path, old_rows, new_rows)
    diff = diff_documents(read_document(old), read_document(new))
    aligned = any(row.table_rows for row in diff.rows)
    assert aligned == (len(old_rows) != len(new_rows))
    redline = check_round_trip(old, new, tmp_path)
    rows, marks = table_rows_marks(redline)
    assert len(rows) == len(old_rows) + marks.count("ins")  # one table, OLD's rows all there
    assert len(rows) == len(new_rows) + marks.count("del")
    for tr, mark in zip(rows, marks, strict=True):
        if mark:
            check_row_markup(tr, mark)
    if seed == 0:
        validate(redline)


# --- moved tables: deleted at the old place, inserted at the new (Word has no row moves) --------

ROLE_ROWS = [["Role", "Responsibilities"],
             ["All staff", "Use email in line with this policy and report incidents promptly."],
             ["Managers", "Make sure their teams know this policy and approve shared mailboxes."]]


def move_ranges(root: etree._Element) -> dict[str, list[str]]:
    """Returns the move ranges' names by side ("moveFrom", "moveTo") in document order, after
    checking that each range ends once, after its start, and holds no table."""
    names: dict[str, list[str]] = {"moveFrom": [], "moveTo": []}
    open_ids: dict[str, str] = {}
    ended: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        if name in ("moveFromRangeStart", "moveToRangeStart"):
            names[name[:-len("RangeStart")]].append(el.get(w("name")))
            open_ids[el.get(w("id"))] = name
        elif name in ("moveFromRangeEnd", "moveToRangeEnd"):
            assert open_ids.pop(el.get(w("id"))) == name.replace("End", "Start")
            ended.add(el.get(w("id")))
        elif name == "tbl":
            assert not open_ids, "a table inside a move range"
    assert not open_ids
    return names


def moved_table_marks(redline: Path) -> tuple[etree._Element, list[list[str]]]:
    """Returns the redline's body and, per table holding "Responsibilities", its rows' marks."""
    root = etree.fromstring(zipfile.ZipFile(redline).read("word/document.xml"))
    tables = [t for t in root.iter(w("tbl")) if "Responsibilities" in "".join(
        t.xpath(".//w:t/text() | .//w:delText/text()", namespaces=NS))]
    marks = [[",".join(etree.QName(x).localname for x in tr.xpath(
        "w:trPr/w:ins | w:trPr/w:del", namespaces=NS)) for tr in t.findall(w("tr"))]
        for t in tables]
    return root, marks


def test_a_moved_table_is_deleted_at_the_old_place_and_inserted_at_the_new(tmp_path):
    head = [("Title", "Email Policy"), ("Heading 1", "Roles"),
            ("Normal", "These roles have particular duties under this policy.")]
    tail = [("Heading 1", "Monitoring"),
            ("Normal", "The council monitors email use to protect its systems and data."),
            ("Normal", "Records of monitoring are kept for twelve months.")]
    edited = [list(r) for r in ROLE_ROWS]
    edited[2][1] = edited[2][1].replace("approve", "authorise")
    old = save_docx([*head, ("table", ROLE_ROWS), *tail], tmp_path / "old.docx")
    new = save_docx([*head, *tail, ("table", edited)], tmp_path / "new.docx")
    diff = diff_documents(read_document(old), read_document(new))
    assert [r.kind.value for r in diff.rows] == ["equal"] * 3 + ["moved-from"] + \
        ["equal"] * 3 + ["moved-to"]
    assert diff.counts.moves == 1
    redline = check_round_trip(old, new, tmp_path)
    validate(redline)
    root, marks = moved_table_marks(redline)
    assert marks == [["del"] * 3, ["ins"] * 3]  # OLD's table struck first, NEW's inserted last
    for tbl, mark in zip(root.iter(w("tbl")), ("del", "ins"), strict=True):
        for tr in tbl.findall(w("tr")):
            check_row_markup(tr, mark)
    assert not root.xpath("//w:moveFrom | //w:moveTo", namespaces=NS)
    assert move_ranges(root) == {"moveFrom": [], "moveTo": []}


def test_a_moved_section_holding_a_table_keeps_move_ranges_for_its_paragraphs(tmp_path):
    roles = [("Heading 1", "Roles and responsibilities"),
             ("Normal", "These roles have particular duties under this policy."),
             ("table", ROLE_ROWS),
             ("Normal", "Staff are responsible for all email sent from their account.")]
    rest = [("Heading 1", "Monitoring"),
            ("Normal", "The council monitors email use to protect its systems and data."),
            ("Normal", "Records of monitoring are kept for twelve months."),
            ("Heading 1", "Breaches"),
            ("Normal", "Breaches may lead to disciplinary action being taken.")]
    old = save_docx([("Title", "Email Policy"), *roles, *rest], tmp_path / "old.docx")
    new = save_docx([("Title", "Email Policy"), *rest, *roles], tmp_path / "new.docx")
    diff = diff_documents(read_document(old), read_document(new))
    moved = [(r.kind.value, r.move_id) for r in diff.rows if r.move_id]
    assert moved == [("moved-from", 1)] * 4 + [("moved-to", 1)] * 4
    redline = check_round_trip(old, new, tmp_path)
    validate(redline)
    root, marks = moved_table_marks(redline)
    assert marks == [["del"] * 3, ["ins"] * 3]
    # the paragraphs before the table and the one after it: one range each, on both sides
    assert move_ranges(root) == {"moveFrom": ["move1", "move1.2"],
                                 "moveTo": ["move1", "move1.2"]}
    moved_from = "".join(root.xpath("//w:moveFrom//w:delText/text()", namespaces=NS))
    moved_to = "".join(root.xpath("//w:moveTo//w:t/text()", namespaces=NS))
    assert moved_from == moved_to == (
        "Roles and responsibilitiesThese roles have particular duties under this policy."
        "Staff are responsible for all email sent from their account.")


def test_a_moved_section_ending_in_a_table_closes_its_range_before_the_table(tmp_path):
    roles = [("Heading 1", "Roles and responsibilities"),
             ("Normal", "These roles have particular duties under this policy."),
             ("table", ROLE_ROWS)]
    rest = [("Heading 1", "Monitoring"),
            ("Normal", "The council monitors email use to protect its systems and data."),
            ("Normal", "Records of monitoring are kept for twelve months."),
            ("Heading 1", "Breaches"),
            ("Normal", "Breaches may lead to disciplinary action being taken.")]
    old = save_docx([("Title", "Email Policy"), *roles, *rest], tmp_path / "old.docx")
    new = save_docx([("Title", "Email Policy"), *rest, *roles,
                     ("Normal", "Approved by the committee.")], tmp_path / "new.docx")
    redline = check_round_trip(old, new, tmp_path)
    validate(redline)
    root, marks = moved_table_marks(redline)
    assert marks == [["del"] * 3, ["ins"] * 3]
    assert move_ranges(root) == {"moveFrom": ["move1"], "moveTo": ["move1"]}


def test_sample_roles_table_that_changed_places_is_a_move(tmp_path):
    """The bundled Email Policy against its v2.1: the Roles section (heading, paragraph, table,
    paragraph) and the retention table changed places."""
    from consolidator.writers.redline import compare_to_redline
    from tests.conftest import SAMPLES

    old_path = SAMPLES / "Email Policy.docx"
    new_path = SAMPLES / "versions" / "Email Policy v2.1.docx"
    old, new = read_document(old_path), read_document(new_path)
    diff = diff_documents(old, new)
    table_rows = [(r.kind.value, r.move_id) for r in diff.rows
                  if (r.left or r.right).table is not None and "Responsibilities" in
                  (r.left or r.right).text]
    assert table_rows == [("moved-from", 1), ("moved-to", 1)]
    assert diff.counts.moves == 1 and diff.counts.moved_blocks == 4
    redline, counts = compare_to_redline(old, new, tmp_path / "sample.docx", author="Tester")
    assert counts.moves == 1
    accepted = read_document(resolve(redline, tmp_path / "accepted.docx", accept=True))
    rejected = read_document(resolve(redline, tmp_path / "rejected.docx", accept=False))
    assert accepted.plain_text() == new.plain_text()
    assert rejected.plain_text() == old.plain_text()
    validate(redline, baseline=new_path)
    root, marks = moved_table_marks(redline)
    assert marks == [["del"] * 7, ["ins"] * 6]  # OLD has a row more
    assert move_ranges(root) == {"moveFrom": ["move1", "move1.2"],
                                 "moveTo": ["move1", "move1.2"]}


def test_a_prepared_redline_keeps_a_drop_capital_and_a_text_box(tmp_path):
    """compare takes each block's paragraph as its reader found it: a paragraph opened by a
    drop capital (its letter read from the frame before it) and a text box's paragraph (its
    host holds no text of its own) are found by their text, so accepting every change still
    gives NEW's text (a review found 'he Council monitors email.')."""
    from consolidator.writers.redline import compare_to_redline, prepare_redline
    from tests.core.docx_factory import p, write_docx

    drop = ('<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="3"/></w:pPr>'
            '<w:r><w:t>T</w:t></w:r></w:p>')
    box = ('<w:p><w:pPr><w:pStyle w:val="Caption"/></w:pPr><w:r><w:pict><v:textbox>'
           '<w:txbxContent>' + p("Boxed text.") +
           '</w:txbxContent></v:textbox></w:pict></w:r></w:p>')
    body = p("First.") + drop + p("he Council monitors email.") + box + p("Next.")
    old_path = write_docx(tmp_path, body, "old.docx")
    new_path = write_docx(tmp_path, body.replace("Next.", "Next, changed."), "new.docx")
    main_part: dict = {}
    new = read_document(new_path, main_part=main_part)
    prepared = prepare_redline(str(old_path), new, author="T", parsed=main_part)
    old = read_document(old_path)
    redline, _ = compare_to_redline(old, new, tmp_path / "red.docx", author="T",
                                    prepared=prepared)
    accepted = read_document(resolve(redline, tmp_path / "accepted.docx", accept=True))
    rejected = read_document(resolve(redline, tmp_path / "rejected.docx", accept=False))
    assert accepted.plain_text() == new.plain_text()
    assert "The Council monitors email." in accepted.plain_text()
    assert rejected.plain_text() == old.plain_text()
