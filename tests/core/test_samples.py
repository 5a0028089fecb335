"""The bundled sample policies: reproducible, real Word structure, and what planted.json says."""

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.conftest import ROOT, SAMPLES

CURRENT = ["Social Media Policy.docx", "Internet Use Policy.docx", "Email Policy.docx",
           "Mobile Phone Policy.docx"]
OLD_EMAIL = "versions/Email Policy v2.1.docx"
ALL_FILES = [*CURRENT, OLD_EMAIL]
PLANTED = json.loads((SAMPLES / "planted.json").read_text(encoding="utf-8"))


def _load_builder():
    path = ROOT / "tools" / "build_samples.py"
    spec = importlib.util.spec_from_file_location("build_samples", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_samples"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _open(name: str):
    return docx.Document(str(SAMPLES / name))


def _paragraph_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _cell_texts(document) -> list[str]:
    return [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def _snapshot(path: Path) -> tuple:
    document = docx.Document(str(path))
    props = document.core_properties
    styles = tuple(p.style.name for p in document.paragraphs)
    return (_paragraph_texts(document), _cell_texts(document), styles,
            props.title, props.version, props.created, props.modified)


@pytest.fixture(scope="module")
def documents():
    return {name: _open(name) for name in ALL_FILES}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    _load_builder().build_all(out)
    return out


def test_all_sample_files_exist():
    for name in ALL_FILES:
        assert (SAMPLES / name).is_file(), name
    assert (SAMPLES / "src" / "Email Policy.md").is_file()


def test_rebuilding_gives_the_committed_documents(rebuilt):
    built = sorted(p.relative_to(rebuilt).as_posix() for p in rebuilt.rglob("*.docx"))
    assert built == sorted(ALL_FILES)
    for name in ALL_FILES:
        assert _snapshot(rebuilt / name) == _snapshot(SAMPLES / name), f"{name} is stale, rebuild"


def test_build_is_byte_deterministic(rebuilt, tmp_path):
    _load_builder().build_all(tmp_path)
    for name in ALL_FILES:
        assert (tmp_path / name).read_bytes() == (rebuilt / name).read_bytes(), name


def _planted_clauses():
    for group in (*PLANTED["duplicates"], *PLANTED["conflicts"]):
        for clause in group["clauses"]:
            yield group["id"], clause
    for change in PLANTED["version_changes"]["changes"]:
        for side in ("old", "new"):
            if side in change:
                yield change["kind"], change[side]


def test_every_planted_clause_is_a_paragraph_of_its_file(documents):
    for label, clause in _planted_clauses():
        document = documents[clause["file"]]
        texts = _paragraph_texts(document) + _cell_texts(document)
        assert clause["text"] in texts, f"{label}: not in {clause['file']}: {clause['text']!r}"


def test_planted_relationships_are_rich_enough():
    kinds = [group["kind"] for group in PLANTED["duplicates"]]
    assert kinds.count("identical") >= 3
    assert kinds.count("channel-parallel") >= 4
    assert len(PLANTED["conflicts"]) >= 5
    for group in (*PLANTED["duplicates"], *PLANTED["conflicts"]):
        files = {clause["file"] for clause in group["clauses"]}
        assert len(files) >= 2, group["id"]
        if group["kind"] == "identical":
            assert len({clause["text"] for clause in group["clauses"]}) == 1, group["id"]
        else:
            assert len({clause["text"] for clause in group["clauses"]}) >= 2, group["id"]
    topics = {topic["topic"] for topic in PLANTED["topics"]}
    assert {"Purpose", "Scope", "Definitions", "Monitoring", "Security", "Breaches",
            "Responsibilities", "Review"} <= topics
    changes = {change["kind"] for change in PLANTED["version_changes"]["changes"]}
    assert {"added", "removed", "moved-section", "renamed-heading", "reworded"} <= changes


def test_planted_topics_are_headings_with_differing_names(documents):
    for topic in PLANTED["topics"]:
        for name, heading in topic["headings"].items():
            headings = [p.text for p in documents[name].paragraphs
                        if p.style.name.startswith("Heading")]
            assert heading in headings, f"{topic['topic']}: no heading {heading!r} in {name}"
        assert len(set(topic["headings"].values())) >= 2, topic["topic"]


def _num_pr(paragraph):
    return paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")


@pytest.mark.parametrize("name", ALL_FILES)
def test_document_uses_real_word_structure(documents, name):
    document = documents[name]
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Title") == 1
    assert "Heading 1" in styles and "Heading 2" in styles
    assert "List Bullet" in styles
    assert any(_num_pr(p) is not None for p in document.paragraphs), "no numbered clauses"
    assert len(document.tables) >= 2  # document control + at least one in the body
    control = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    required = {"Version", "Policy owner", "Approved by", "Date approved", "Next review"}
    assert required <= set(control)

    props = document.core_properties
    assert props.title and props.author and props.version == control["Version"]
    assert f"version {props.version}" in props.keywords
    assert props.created.year >= 2015 and props.modified >= props.created


@pytest.mark.parametrize("name", ALL_FILES)
def test_heading_styles_are_linked_to_multilevel_numbering(documents, name):
    document = documents[name]
    numbering = document.part.numbering_part.element
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"].element
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        assert num_pr is not None, f"Heading {level} has no numbering"
        num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
        ilvl = num_pr.find(qn("w:ilvl")).get(qn("w:val"))
        assert ilvl == str(level - 1)
        num = numbering.xpath(f"w:num[@w:numId='{num_id}']")[0]
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{abstract_id}']")[0]
        lvl = next(el for el in abstract.findall(qn("w:lvl")) if el.get(qn("w:ilvl")) == ilvl)
        assert lvl.find(qn("w:pStyle")).get(qn("w:val")) == f"Heading{level}"
        assert lvl.find(qn("w:lvlText")).get(qn("w:val")) == ".".join(
            f"%{k}" for k in range(1, level + 1))
    # schema order: every abstractNum precedes every num
    tags = [child.tag for child in numbering]
    assert max(i for i, t in enumerate(tags) if t == qn("w:abstractNum")) < tags.index(qn("w:num"))


@pytest.mark.parametrize("name", ALL_FILES)
def test_word_count_fits_four_to_ten_pages(documents, name):
    document = documents[name]
    words = sum(len(t.split()) for t in _paragraph_texts(document) + _cell_texts(document))
    assert 1600 <= words <= 3500, words


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice and poppler are needed to count pages")
def test_libreoffice_renders_four_to_ten_pages(tmp_path):
    profile = (tmp_path / "lo-profile").as_uri()
    sources = [str(SAMPLES / name) for name in CURRENT]
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *sources],
                   check=True, capture_output=True, timeout=180)
    for name in CURRENT:
        pdf = tmp_path / (Path(name).stem + ".pdf")
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
        pages = int(next(line.split()[-1] for line in info.stdout.splitlines()
                         if line.startswith("Pages:")))
        assert 4 <= pages <= 10, (name, pages)
