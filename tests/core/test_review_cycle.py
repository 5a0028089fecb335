"""The six-monthly review on the samples, headless: export v1.0 with decisions, edit two sources
(copies built from the samples' Markdown, never the bundled files), review, and the committee
pack: v1.1 with its history row and dates, a redline that round-trips, a summary; the record
survives LibreOffice, or its loss is said plainly and a session file stands in."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from consolidator.cli import main as cli_main
from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.draft import draft_plan
from consolidator.consolidation.plan import Decision, DecisionKind
from consolidator.libreoffice import find_soffice
from consolidator.readers import read_document
from consolidator.review.embedded import read_record
from consolidator.session import save_session, session_from
from tests.conftest import SAMPLES
from tests.helpers.redline import resolve
from tools.build_samples import SOURCES, build_all

VALIDATOR = Path(__file__).resolve().parents[3] / "shared" / "tools" / "ooxml_validate.py"
OWN_WORDING = "Emails must be accurate, polite and clear."
OLD_CLAUSE = "Emails must be accurate, courteous and written in plain English."
NEW_CLAUSE = "Emails must be accurate, courteous, brief and written in plain English."
AI_RULE = "Staff must not paste personal data into generative AI tools such as chatbots."
OLD_REPLY = "Staff should send email only to the people who need it,"
NEW_REPLY = "Staff should send email only to the people who need to read it,"


def _fingerprints(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _clause(plan, doc, text: str) -> str:
    block = next(b for b in doc.blocks if text in b.text)
    return plan.clause_of_block()[f"{doc.id}/{block.id}"]


def _approve_v1(folder: Path, sources: list[Path]) -> tuple[Path, list[Decision]]:
    """Returns the approved v1.0 (merge --session) and the author's decisions in it."""
    docs = [read_document(p) for p in sources]
    alignment = align_sections(docs)
    analysis = analyse_clauses(docs, alignment)
    plan = draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)
    email = next(d for d in docs if d.title == "Email Policy")
    decisions = [Decision(DecisionKind.CUSTOM, _clause(plan, email, OLD_CLAUSE),
                          value=OWN_WORDING),
                 Decision(DecisionKind.EXCLUDE, _clause(plan, email, "chain letters")),
                 Decision(DecisionKind.KEEP, plan.conflicts[0].id)]
    plan = plan.with_decisions(decisions)
    session = folder / "v1.pcsession"
    save_session(session_from(docs, alignment.pins, plan.decisions), session)
    metadata = folder / "control.json"
    metadata.write_text(json.dumps({
        "council": "Fernbrook District Council", "status": "Approved", "date": "2026-11-20",
        "approval_date": "2026-12-10", "committee": "Corporate Governance Committee",
        "owner": "Head of ICT and Digital"}), encoding="utf-8")
    approved = folder / "Digital Policy 1.0.docx"
    assert cli_main(["merge", *map(str, sources), "-o", str(approved), "--session",
                     str(session), "--metadata", str(metadata)]) == 0
    return approved, decisions


def _edit_sources(src: Path) -> None:
    email = src / "Email Policy.md"
    text = email.read_text(encoding="utf-8")
    assert OLD_CLAUSE in text
    assert OLD_REPLY in text
    email.write_text(text.replace(OLD_CLAUSE, NEW_CLAUSE).replace(OLD_REPLY, NEW_REPLY),
                     encoding="utf-8")
    social = src / "Social Media Policy.md"
    text = social.read_text(encoding="utf-8")
    social.write_text(text.replace("# Monitoring", f"# Generative AI tools\n\n{AI_RULE}\n\n"
                                   "# Monitoring"), encoding="utf-8")


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    """Returns the folder of a whole cycle: v1 sources, approved v1.0, v2 sources."""
    before = _fingerprints(SAMPLES)
    root = tmp_path_factory.mktemp("cycle")
    src = root / "src"
    shutil.copytree(SOURCES, src, ignore=shutil.ignore_patterns("versions"))
    v1 = sorted(p for p in build_all(root / "v1", src))
    approved, decisions = _approve_v1(root, v1)
    _edit_sources(src)
    v2 = sorted(build_all(root / "v2", src))
    assert _fingerprints(SAMPLES) == before  # the bundled samples were never touched
    return root, approved, decisions, v2


def _review(capsys, approved: Path, v2: list[Path], out: Path, *extra: str) -> tuple[int, str]:
    code = cli_main(["review", str(approved), *map(str, v2), "-o", str(out / "v1.1.docx"),
                     "--redline", str(out / "changes.docx"), "--summary",
                     str(out / "summary.docx"), "--date", "2027-05-20", "--approval-date",
                     "2027-06-09", *extra])
    return code, capsys.readouterr().out


def test_the_review_finds_the_changes_and_carries_the_decisions(cycle, capsys, tmp_path):
    _, approved, decisions, v2 = cycle
    code, said = _review(capsys, approved, v2, tmp_path)
    assert code == 0, said
    assert ("Sources: Email Policy.docx changed (2 changes); Internet Use Policy.docx unchanged; "
            "Mobile Phone Policy.docx unchanged; Social Media Policy.docx changed (2 changes)."
            in said)
    assert "Decisions: 3 approved; 2 carried forward, 1 to check again, 0 no longer apply." \
        in said
    assert "check again: Own wording \u2014 Email Policy 5.1 changed since approval" in said
    assert "(the Digital Policy keeps its own wording of this clause: check it again)" in said
    new = read_record(tmp_path / "v1.1.docx")
    meta = new.metadata
    assert (meta.version, meta.status, meta.date, meta.approval_date) == (
        "1.1", "For approval", date(2027, 5, 20), date(2027, 6, 9))
    assert meta.next_review_date == date(2027, 12, 9)  # six months after the new approval
    assert [(e.version, e.summary) for e in meta.history()] == [
        ("1.0", "First consolidated Digital Policy"),
        ("1.1", "1 clause reworded, 1 added on generative AI tools; review interval unchanged")]
    assert sorted(d.kind for d in new.decisions) == sorted(d.kind for d in decisions)
    text = read_document(tmp_path / "v1.1.docx").plain_text()
    assert OWN_WORDING in text and AI_RULE in text
    assert "chain letters" not in text.split("Appendix A")[0]  # still left out of the policy


def test_the_redline_round_trips_and_every_file_is_valid(cycle, capsys, tmp_path):
    _, approved, _, v2 = cycle
    assert _review(capsys, approved, v2, tmp_path)[0] == 0
    redline = tmp_path / "changes.docx"
    accepted = read_document(resolve(redline, tmp_path / "accepted.docx", accept=True))
    rejected = read_document(resolve(redline, tmp_path / "rejected.docx", accept=False))
    assert accepted.plain_text() == read_document(tmp_path / "v1.1.docx").plain_text()
    assert rejected.plain_text() == read_document(approved).plain_text()
    with zipfile.ZipFile(redline) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "<w:ins " in body and "<w:del " in body
    for name in ("v1.1.docx", "changes.docx", "summary.docx") if VALIDATOR.exists() else ():
        result = subprocess.run([sys.executable, str(VALIDATOR), str(tmp_path / name)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_summary_names_each_change_and_its_source(cycle, capsys, tmp_path):
    _, approved, _, v2 = cycle
    assert _review(capsys, approved, v2, tmp_path)[0] == 0
    summary = read_document(tmp_path / "summary.docx").plain_text()
    assert "Digital Policy: changes in version 1.1" in summary
    assert "Email Policy 5.1 changed: Emails must be accurate, courteous, brief and" in summary
    assert "(the Digital Policy keeps its own wording of this clause: check it again)" in summary
    assert "Email Policy 5.1 changed: Staff should send email only to the people who need to " \
           "read it, and" in summary
    assert "added under \u201cGenerative AI tools\u201d: \u201c" + AI_RULE in summary
    assert "Social Media Policy 9 new section: \u201cGenerative AI tools\u201d" in summary
    assert "9 December 2027 (every 6 months from approval)" in summary
    assert "Email Policy (changed), Social Media Policy (changed)" in summary


def test_review_alone_restores_the_session_without_the_session_file(cycle, capsys, tmp_path):
    root, approved, decisions, _ = cycle
    copy = tmp_path / approved.name
    shutil.copyfile(approved, copy)
    for source in (root / "v1").glob("*.docx"):  # the same sources, beside the policy
        shutil.copyfile(source, tmp_path / source.name)
    session = tmp_path / "restored.pcsession"
    assert cli_main(["review", str(copy), "--save-session", str(session)]) == 0
    said = capsys.readouterr().out
    assert "Digital Policy version 1.0 (Approved, approved 10 December 2026; next review " \
           "10 June 2027), made from 4 policies with 3 decisions." in said
    assert "Decisions: 3 approved; 3 carried forward, 0 to check again" in said
    saved = json.loads(session.read_text(encoding="utf-8"))
    assert [Path(s["path"]).parent for s in saved["sources"]] == [tmp_path.resolve()] * 4
    kinds = {d["kind"] for d in saved["decisions"] + saved["edits"]}
    assert {"custom", "exclude", "keep"} <= kinds
    assert not (tmp_path / "v1.1.docx").exists()  # nothing else was written


def test_strict_writes_nothing_while_conflicts_are_undecided(cycle, capsys, tmp_path):
    _, approved, _, v2 = cycle
    code, _ = _review(capsys, approved, v2, tmp_path, "--strict")
    assert code == 4
    assert not list(tmp_path.glob("*.docx"))


def _libreoffice_copy(source: Path, folder: Path) -> Path:
    """Returns `source` opened and saved as .docx by LibreOffice (headless, private profile)."""
    program = find_soffice()
    assert program is not None
    work = folder / "lo"
    work.mkdir()
    shutil.copyfile(source, work / "approved.docx")
    profile = (work / "profile").as_uri()
    subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"),
                    str(work / "approved.docx")], capture_output=True, timeout=240, check=False)
    saved = work / "out" / "approved.docx"
    assert saved.is_file(), "LibreOffice did not save the document"
    return saved


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_the_record_survives_a_libreoffice_round_trip(cycle, capsys, tmp_path):
    _, approved, decisions, v2 = cycle
    saved = _libreoffice_copy(approved, tmp_path)
    assert read_document(saved).plain_text() != ""  # LibreOffice wrote a document of its own
    assert read_record(saved).decisions == read_record(approved).decisions
    code, said = _review(capsys, saved, v2, tmp_path)
    assert code == 0, said
    assert "2 carried forward, 1 to check again" in said
    assert read_record(tmp_path / "v1.1.docx").metadata.version == "1.1"


def test_a_lost_record_is_said_plainly_and_a_session_file_stands_in(cycle, capsys, tmp_path):
    root, approved, _, v2 = cycle
    stripped = tmp_path / "Digital Policy 1.0.docx"
    with zipfile.ZipFile(approved) as src, zipfile.ZipFile(stripped, "w") as dst:
        for info in src.infolist():  # what a program that drops custom XML would save
            if not info.filename.startswith("customXml/"):
                dst.writestr(info, src.read(info))
    code = cli_main(["review", str(stripped), *map(str, v2), "-o", str(tmp_path / "v1.1.docx")])
    assert code == 3
    said = capsys.readouterr().err
    assert "Digital Policy 1.0.docx holds no record of the session it was made from" in said
    assert "--session S.pcsession" in said
    assert not (tmp_path / "v1.1.docx").exists()
    code, said = _review(capsys, stripped, v2, tmp_path, "--session", str(root / "v1.pcsession"))
    assert code == 0, said
    # without the approved text the changed sources' decisions cannot be carried; the
    # unchanged ones are, and v1.1 is still drafted
    assert "Next version: 1.1" in said
    assert read_record(tmp_path / "v1.1.docx").metadata.version == "1.1"
