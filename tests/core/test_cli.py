"""The command line as a user meets it: summaries, exit statuses, plain messages, --pdf, sessions.

Exit status: 0 done; 2 bad usage; 3 an input could not be read; 1 anything else (with a message).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from consolidator.cli import main
from consolidator.session import load_session
from consolidator.writers import pdf_export
from tests.conftest import ROOT, SAMPLES
from tests.programs import write_program

SUMMARY = ("policies,", "topics,", "clusters of duplicate clauses", "Coverage:")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_process(*args: str, cwd: Path,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, encoding="utf-8", timeout=120, check=False,
                          env=env)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.docx"))


def body_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


@pytest.fixture
def bundled_unchanged():
    """The bundled samples are the demo's sources: they must be byte-for-byte the same after."""
    before = {p: digest(p) for p in SAMPLES.rglob("*.docx")}
    yield
    assert {p: digest(p) for p in SAMPLES.rglob("*.docx")} == before


# --- merge --demo -----------------------------------------------------------------------------


def test_merge_demo_prints_a_summary_and_writes_the_policy(tmp_path, capsys, bundled_unchanged):
    out = tmp_path / "out.docx"
    code, stdout, stderr = run(capsys, "merge", "--demo", "-o", out)
    assert code == 0, stderr
    for words in SUMMARY:
        assert words in stdout
    assert stdout.startswith("4 policies,")
    assert f"Wrote {out}" in stdout
    text = body_text(out)
    assert "Digital Policy" in text and "Appendix" in text
    assert "Traceback" not in stderr


def test_merge_demo_as_a_real_process(tmp_path, bundled_unchanged):
    result = run_process("merge", "--demo", "-o", "out.docx", "--report", "report.json",
                         cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("4 policies,") and "Coverage:" in result.stdout
    assert "Traceback" not in result.stderr
    assert "Digital Policy" in body_text(tmp_path / "out.docx")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(report["sources"]) == 4 and report["ledger"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx", "report.json"]


# --- unreadable inputs: exit 3 naming the file ------------------------------------------------


def unreadable_inputs(folder: Path) -> dict[str, Path]:
    broken = folder / "Broken Policy.docx"
    broken.write_bytes((SAMPLES / "Email Policy.docx").read_bytes()[:700])  # a truncated zip
    empty = folder / "Empty Policy.docx"
    empty.write_bytes(b"")
    return {"truncated": broken, "empty": empty, "missing": folder / "Gone Policy.docx"}


@pytest.mark.parametrize("case", ["truncated", "empty", "missing"])
def test_merge_with_an_unreadable_file_exits_3_naming_it(tmp_path, capsys, case):
    bad = unreadable_inputs(tmp_path)[case]
    out = tmp_path / "out.docx"
    code, stdout, stderr = run(capsys, "merge", samples()[0], bad, "-o", out)
    assert code == 3
    failure = [line for line in stderr.splitlines() if line.startswith("Could not read a policy")]
    assert len(failure) == 1 and bad.name in failure[0]
    assert "Traceback" not in stderr
    assert not out.exists()


def test_unreadable_file_exits_3_in_a_real_process(tmp_path):
    bad = unreadable_inputs(tmp_path)["truncated"]
    before = digest(bad)
    result = run_process("merge", samples()[0], bad, "-o", "out.docx", cwd=tmp_path)
    assert result.returncode == 3
    assert "Broken Policy.docx" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.docx").exists() and digest(bad) == before
    result = run_process("compare", bad, samples()[0], "-o", "x.html", cwd=tmp_path)
    assert result.returncode == 3 and "Broken Policy.docx" in result.stderr


# --- bad usage: exit 2 ------------------------------------------------------------------------


BAD_USAGE = {
    "no-command": [],
    "unknown-command": ["frobnicate", "x.docx"],
    "merge-without-output": ["merge", "--demo"],
    "merge-without-files": ["merge", "-o", "{tmp}/out.docx"],
    "merge-unknown-option": ["merge", "--demo", "-o", "{tmp}/out.docx", "--colour"],
    "merge-bad-status": ["merge", "--demo", "-o", "{tmp}/out.docx", "--status", "Maybe"],
    "merge-bad-months": ["merge", "--demo", "-o", "{tmp}/out.docx", "--review-months", "six"],
    "compare-one-file": ["compare", "{sample}"],
    "compare-bad-suffix": ["compare", "{sample}", "{sample}", "-o", "{tmp}/out.txt"],
    "extract-nothing": ["extract"],
}


@pytest.mark.parametrize("case", sorted(BAD_USAGE))
def test_bad_usage_exits_2_with_a_message_and_writes_nothing(tmp_path, capsys, case):
    args = [a.format(tmp=tmp_path, sample=samples()[0]) for a in BAD_USAGE[case]]
    code, stdout, stderr = run(capsys, *args)
    assert code == 2
    assert (stderr if args else stdout).strip(), "no message for the user"
    assert "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_usage_exits_2_in_a_real_process(tmp_path):
    result = run_process("merge", "--demo", cwd=tmp_path)
    assert result.returncode == 2
    assert "-o" in result.stderr and "Traceback" not in result.stderr


# --- extract ----------------------------------------------------------------------------------


def test_extract_prints_the_text_and_the_structure(capsys):
    source = SAMPLES / "Email Policy.docx"
    code, stdout, _ = run(capsys, "extract", source)
    assert code == 0 and "Email" in stdout and len(stdout.splitlines()) > 20
    code, stdout, _ = run(capsys, "extract", source, "--json")
    assert code == 0
    data = json.loads(stdout)
    assert data["blocks"] and Path(data["path"]).name == source.name


# --- Windows: no console (the windowed exe), and cp1252 pipes ----------------------------------

ARROW_TEXT = "Requests go to the line manager \u2192 the ICT service desk.\n"


@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_without_console_streams_the_command_runs_and_leaves_them_alone(tmp_path, monkeypatch,
                                                                      platform):
    """The packaged windowed app has sys.stdout and sys.stderr None: no crash on them."""
    source = tmp_path / "Policy.txt"
    source.write_text(ARROW_TEXT, encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "platform", platform)  # win32 here: no parent console to attach to
    assert main(["extract", str(source)]) == 0
    assert main(["merge", "--demo"]) == 2  # argparse's usage message goes nowhere, quietly
    assert sys.stdout is None and sys.stderr is None


def test_windowed_exe_run_from_a_console_writes_to_that_console(tmp_path, monkeypatch):
    """On Windows the windowed exe attaches to its parent's console and writes to CONOUT$."""
    import ctypes

    calls = []

    class Kernel32:
        def AttachConsole(self, pid):  # the Win32 name
            calls.append(pid)
            return 1

    monkeypatch.setattr(ctypes, "WinDLL", lambda name: Kernel32(), raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.chdir(tmp_path)  # off Windows, "CONOUT$" is an ordinary file name: it lands here
    source = tmp_path / "Policy.txt"
    source.write_text(ARROW_TEXT, encoding="utf-8")
    assert main(["extract", str(source)]) == 0
    assert calls == [-1]  # ATTACH_PARENT_PROCESS
    assert (tmp_path / "CONOUT$").read_text(encoding="utf-8") == ARROW_TEXT
    assert sys.stdout is None and sys.stderr is None


def test_output_to_a_cp1252_pipe_is_written_as_utf8(tmp_path, monkeypatch):
    """Windows gives redirected output its ANSI code page: "\u2192" must not fail there."""
    source = tmp_path / "Policy \u2192 v2.txt"
    source.write_text(ARROW_TEXT, encoding="utf-8")
    out, err = io.BytesIO(), io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="cp1252"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(err, encoding="cp1252"))
    code = main(["extract", str(source)])
    sys.stdout.flush()
    sys.stderr.flush()
    assert code == 0, err.getvalue()
    assert out.getvalue().decode("utf-8") == ARROW_TEXT
    code = main(["extract", str(tmp_path / "Gone \u2192 Policy.docx")])
    sys.stderr.flush()
    assert code == 3 and "Gone \u2192 Policy.docx" in err.getvalue().decode("utf-8")


def test_extract_to_a_cp1252_pipe_in_a_real_process(tmp_path):
    source = tmp_path / "Policy.txt"
    source.write_text(ARROW_TEXT, encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}  # what a Windows pipe gets
    result = run_process("extract", source, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ARROW_TEXT
    result = run_process("extract", source, "--json", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["blocks"][0]["runs"][0]["text"] == ARROW_TEXT.strip()


# --- --pdf ------------------------------------------------------------------------------------


def test_merge_pdf_without_libreoffice_still_writes_the_docx(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(pdf_export, "find_soffice", lambda: None)
    out = tmp_path / "Digital Policy.docx"
    code, stdout, stderr = run(capsys, "merge", "--demo", "-o", out, "--pdf")
    assert code == 0
    assert "needs LibreOffice" in stderr and "Traceback" not in stderr
    assert f"Wrote {out}" in stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Digital Policy.docx"]


def test_merge_pdf_when_conversion_fails_keeps_the_docx_and_exits_1(tmp_path, capsys,
                                                                     monkeypatch):
    broken = write_program(tmp_path / "bin", "soffice",
                           "import sys\nprint('Error: source file could not be loaded', "
                           "file=sys.stderr)\nsys.exit(1)\n")
    monkeypatch.setattr(pdf_export, "find_soffice", lambda: str(broken))
    out = tmp_path / "Digital Policy.docx"
    code, stdout, stderr = run(capsys, "merge", "--demo", "-o", out, "--pdf")
    assert code == 1
    assert "No PDF was made" in stderr and "could not be loaded" in stderr
    assert "Digital Policy.docx was saved" in stderr and "Traceback" not in stderr
    assert out.exists() and not out.with_suffix(".pdf").exists()


@pytest.mark.skipif(not pdf_export.pdf_available(), reason="LibreOffice (soffice) is not installed")
def test_merge_pdf_writes_a_pdf_beside_the_docx(tmp_path, capsys):
    out = tmp_path / "Digital Policy.docx"
    code, stdout, stderr = run(capsys, "merge", "--demo", "-o", out, "--pdf")
    assert code == 0, stderr
    pdf = tmp_path / "Digital Policy.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    assert f"Wrote {pdf}" in stdout
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              encoding="utf-8", check=True).stdout
        assert "Digital Policy" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Digital Policy.docx",
                                                         "Digital Policy.pdf"]


# --- sessions -----------------------------------------------------------------------------------


UNUSABLE_SESSIONS = {
    "damaged": (b'{"schema": "policy-consolidator/session", "version": 1, "decisions": [',
                "is damaged"),
    "newer": (json.dumps({"schema": "policy-consolidator/session", "version": 99}).encode(),
              "saved by a newer version"),
}


@pytest.mark.parametrize("case", sorted(UNUSABLE_SESSIONS))
def test_merge_with_an_unusable_session_exits_1_and_leaves_it_alone(tmp_path, capsys, case):
    content, words = UNUSABLE_SESSIONS[case]
    session = tmp_path / "work.session.json"
    session.write_bytes(content)
    os.utime(session, (1_500_000_000, 1_500_000_000))
    mtime = session.stat().st_mtime_ns
    out = tmp_path / "out.docx"
    code, stdout, stderr = run(capsys, "merge", "--demo", "-o", out, "--session", session)
    assert code == 1
    assert stderr.count("Could not use the session: work.session.json") == 1
    assert words in stderr and "left as it is" in stderr and "Traceback" not in stderr
    assert session.read_bytes() == content and session.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work.session.json"]  # no .bak, no out


def test_merge_with_a_damaged_session_in_a_real_process(tmp_path):
    content, _ = UNUSABLE_SESSIONS["damaged"]
    (tmp_path / "s.json").write_bytes(content)
    result = run_process("merge", "--demo", "-o", "out.docx", "--session", "s.json", cwd=tmp_path)
    assert result.returncode == 1
    assert "s.json is damaged" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "s.json").read_bytes() == content


def test_merge_session_is_created_then_reapplied_with_a_backup(tmp_path, capsys):
    session = tmp_path / "work.session.json"
    out = tmp_path / "out.docx"
    code, _, stderr = run(capsys, "merge", "--demo", "-o", out, "--session", session)
    assert code == 0, stderr
    first = session.read_bytes()
    saved = load_session(session)
    assert sorted(Path(s.path).name for s in saved.sources) == [p.name for p in samples()]
    assert not (tmp_path / "work.session.json.bak").exists()  # nothing to back up yet

    code, _, stderr = run(capsys, "merge", "--demo", "-o", out, "--session", session)
    assert code == 0, stderr
    assert (tmp_path / "work.session.json.bak").read_bytes() == first
    assert load_session(session) == saved  # the same decisions, applied and kept


# --- a target locked by another program -------------------------------------------------------


LOCKED_OUTPUTS = {
    "merge-docx": (["merge", "--demo", "-o", "{target}"], "Digital Policy.docx"),
    "merge-report": (["merge", "--demo", "-o", "{tmp}/out.docx", "--report", "{target}"],
                     "report.json"),
    "merge-session": (["merge", "--demo", "-o", "{tmp}/out.docx", "--session", "{target}"],
                      "work.session.json"),
    "compare-docx": (["compare", "{old}", "{new}", "-o", "{target}"], "Redline.docx"),
    "compare-html": (["compare", "{old}", "{new}", "-o", "{target}"], "Changes.html"),
}


@pytest.mark.parametrize("case", sorted(LOCKED_OUTPUTS))
def test_output_open_in_word_is_a_plain_message_and_a_retry_works(tmp_path, capsys,
                                                                  monkeypatch, case):
    template, name = LOCKED_OUTPUTS[case]
    target = tmp_path / name
    new = sorted((SAMPLES / "versions").glob("*.docx"))[0]
    old = SAMPLES / (new.name.split(" v")[0] + ".docx")
    args = [a.format(target=target, tmp=tmp_path, old=old, new=new) for a in template]
    if case == "merge-session":
        assert main(args) == 0  # an existing session, as the author would have
        capsys.readouterr()
    else:
        target.write_bytes(b"the version the author has open in Word")
    previous, inode = target.read_bytes(), target.stat().st_ino
    real_replace = os.replace

    def replace(src, dst, *rest, **kwargs):
        if Path(dst) == target:
            raise PermissionError(13, "The process cannot access the file because it is being "
                                  "used by another process", str(dst))
        return real_replace(src, dst, *rest, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    code, _, stderr = run(capsys, *args)
    assert code == 1
    assert f"Could not save: {name} could not be saved: it is open in another program" in stderr
    assert "Close it there" in stderr and "Traceback" not in stderr
    assert target.read_bytes() == previous
    assert not list(tmp_path.glob(".*.tmp"))

    monkeypatch.setattr(os, "replace", real_replace)  # Word closed: the same command again
    code, _, stderr = run(capsys, *args)
    assert code == 0, stderr
    assert target.stat().st_ino != inode  # replaced this time (a session may save the same bytes)
    assert target.read_bytes() != previous or case == "merge-session"
    if target.suffix == ".docx":
        assert body_text(target)
    elif target.suffix == ".json":
        assert json.loads(target.read_text(encoding="utf-8"))
    else:
        assert "</html>" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_compare_summary_names_split_and_joined_paragraphs(capsys, tmp_path, suffix):
    """A paragraph split in two and two joined into one are said as such, not as nothing."""
    def build(path: Path, paragraphs: list[str]) -> Path:
        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        document.save(path)
        return path

    old = build(tmp_path / "old.docx", ["Staff must lock their screen. Managers check this.",
                                        "Passwords are long.", "They are changed yearly."])
    new = build(tmp_path / "new.docx", ["Staff must lock their screen.", "Managers check this.",
                                        "Passwords are long. They are changed yearly."])
    code, out, err = run(capsys, "compare", old, new, "-o", tmp_path / f"changes{suffix}")
    assert code == 0, err
    assert "1 paragraph split, 1 paragraph join," in out


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_compare_summary_names_table_rows_added_and_removed(capsys, tmp_path, suffix):
    def build(path: Path, rows: list[tuple[str, str]]) -> Path:
        document = docx.Document()
        document.add_paragraph("Version history")
        table = document.add_table(rows=len(rows), cols=2)
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text
        document.save(path)
        return path

    head = [("Version", "Summary of changes"), ("1.0", "First policy")]
    old = build(tmp_path / "old.docx", [*head, ("2.0", "Revised for home working")])
    new = build(tmp_path / "new.docx", [*head, ("2.1", "Retention periods updated"),
                                        ("3.0", "Rewritten for personal devices")])
    target = tmp_path / f"changes{suffix}"
    code, out, err = run(capsys, "compare", old, new, "-o", target)
    assert code == 0, err
    # the 2.0 row is unlike both new rows: removed, and the two new rows added
    assert "2 insertions, 1 deletion, 0 moves, 2 table rows added, 1 table row removed, " \
        "1 changed paragraph in" in out
    if suffix == ".html":
        html = target.read_text(encoding="utf-8")
        assert "<b>2</b> table rows added" in html and "<b>1</b> table row removed" in html
