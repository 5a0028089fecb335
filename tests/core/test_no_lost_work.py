"""No lost work: sources are never touched, every write is atomic, locks and damage are plain.

What a user would check after each operation: the source policies are byte-for-byte the same file
(hash, modification time, inode), no stray `.<name>.*.tmp` files are left beside them or beside the
output, and a save that fails half-way leaves the previous file exactly as it was.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest

import consolidator.fileio as fileio
from consolidator import Cancelled, read_document
from consolidator.cli import main as cli_main
from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.draft import draft_plan
from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.resolve import resolve_plan
from consolidator.diffing import diff_documents
from consolidator.errors import WriteError
from consolidator.metadata import PolicyMetadata
from consolidator.report import build_report, write_report
from consolidator.session import VERSION as SESSION_VERSION
from consolidator.session import (
    SessionError,
    autosave_path,
    check_sources,
    load_session,
    save_session,
    session_from,
)
from consolidator.writers import pdf_export
from consolidator.writers.html_report import write_html_report
from consolidator.writers.policy_docx import export_policy
from consolidator.writers.redline import write_redline
from tests.conftest import ROOT, SAMPLES
from tests.programs import write_program

OLD_MTIME = 1_500_000_000  # 2017: any write to a source would move its mtime to "now"


# --- helpers ------------------------------------------------------------------------------------


def fingerprint(folder: Path) -> dict[str, tuple[str, int, int, int]]:
    """Returns {relative path: (sha256, mtime_ns, inode, mode)} for every file under `folder`."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            out[str(path.relative_to(folder))] = (
                hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_ino,
                stat.S_IMODE(st.st_mode))
    return out


def stray_temps(*folders: Path) -> list[str]:
    return sorted(str(p) for folder in folders for p in folder.rglob(".*.tmp"))


@pytest.fixture
def sources(tmp_path) -> Path:
    """Copies of the bundled samples and their versions, with an old mtime, in their own folder."""
    folder = tmp_path / "sources"
    (folder / "versions").mkdir(parents=True)
    for path in sorted(SAMPLES.glob("*.docx")):
        shutil.copyfile(path, folder / path.name)
    for path in sorted((SAMPLES / "versions").glob("*.docx")):
        shutil.copyfile(path, folder / "versions" / path.name)
    for path in folder.rglob("*.docx"):
        os.utime(path, (OLD_MTIME, OLD_MTIME))
    assert len(list(folder.glob("*.docx"))) >= 4 and list((folder / "versions").glob("*.docx"))
    return folder


def policies(folder: Path) -> list[str]:
    return [str(p) for p in sorted(folder.glob("*.docx"))]


def version_pair(folder: Path) -> tuple[str, str]:
    new = sorted((folder / "versions").glob("*.docx"))[0]
    old = folder / (new.name.split(" v")[0] + ".docx")
    assert old.exists(), f"no original for {new.name}"
    return str(old), str(new)


def run_cli(args: list[str]) -> int:
    return cli_main(args)


def run_subprocess(args: list[str], cwd: Path) -> int:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd,
                            capture_output=True, text=True, timeout=120, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode


# --- sources are never modified ------------------------------------------------------------------


def op_extract(src: Path, out: Path) -> list[Path]:
    for path in [*policies(src), *version_pair(src)]:
        assert run_cli(["extract", path]) == 0
    return []


def op_extract_json(src: Path, out: Path) -> list[Path]:
    assert run_cli(["extract", policies(src)[0], "--json"]) == 0
    return []


def op_compare_docx(src: Path, out: Path) -> list[Path]:
    assert run_cli(["compare", *version_pair(src), "-o", str(out / "redline.docx")]) == 0
    return [out / "redline.docx"]


def op_compare_html(src: Path, out: Path) -> list[Path]:
    assert run_cli(["compare", *version_pair(src), "-o", str(out / "changes.html")]) == 0
    return [out / "changes.html"]


def op_merge_report_session(src: Path, out: Path) -> list[Path]:
    args = ["merge", *policies(src), "-o", str(out / "Digital Policy.docx"),
            "--report", str(out / "report.json"), "--session", str(out / "work.session.json")]
    assert run_cli(args) == 0  # a new session ...
    assert run_cli(args) == 0  # ... then reopened, applied and saved again (with a backup)
    return [out / "Digital Policy.docx", out / "report.json", out / "work.session.json",
            out / "work.session.json.bak"]


def op_merge_session_beside_sources(src: Path, out: Path) -> list[Path]:
    """Authors keep the session in the policies' own folder: nothing else there may change."""
    args = ["merge", *policies(src), "-o", str(out / "Digital Policy.docx"),
            "--session", str(src / "work.session.json")]
    assert run_cli(args) == 0
    (src / "work.session.json").unlink()  # ours: not part of the sources' fingerprint
    return [out / "Digital Policy.docx"]


def op_api_export_and_session(src: Path, out: Path) -> list[Path]:
    docs = [read_document(p) for p in policies(src)]
    alignment = align_sections(docs)
    analysis = analyse_clauses(docs, alignment)
    plan = draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)
    merged = consolidate(docs, plan)
    export_policy(merged, out / "exported.docx", PolicyMetadata())
    session = session_from(docs, alignment.pins, plan.decisions)
    save_session(session, out / "s.json")
    save_session(session, out / "s.json", backup=True)
    save_session(session, autosave_path(out / "data", session))
    assert load_session(out / "s.json") == session
    assert {c.status for c in check_sources(session)} == {"unchanged"}
    return [out / "exported.docx", out / "s.json", out / "s.json.bak",
            autosave_path(out / "data", session, create=False)]


def op_subprocess_compare(src: Path, out: Path) -> list[Path]:
    assert run_subprocess(["compare", *version_pair(src), "-o", str(out / "redline.docx")],
                          cwd=out) == 0
    return [out / "redline.docx"]


def op_subprocess_merge(src: Path, out: Path) -> list[Path]:
    assert run_subprocess(["merge", *policies(src), "-o", "Digital Policy.docx", "--report",
                           "report.json", "--session", "s.json"], cwd=out) == 0
    return [out / "Digital Policy.docx", out / "report.json", out / "s.json"]


OPERATIONS = [op_extract, op_extract_json, op_compare_docx, op_compare_html,
              op_merge_report_session, op_merge_session_beside_sources, op_api_export_and_session,
              op_subprocess_compare, op_subprocess_merge]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda f: f.__name__[3:])
def test_sources_are_never_modified(operation, sources, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    before = fingerprint(sources)
    written = operation(sources, out)
    assert fingerprint(sources) == before  # same bytes, same mtime, same inode, same mode
    assert stray_temps(sources, out) == []
    for path in written:
        assert path.is_file() and path.stat().st_size > 0, f"{path.name} was not written"
    capsys.readouterr()


def test_every_operation_in_turn_leaves_the_sources_alone(sources, tmp_path, capsys):
    """The same folder through a whole working day: nothing accumulates beside the sources."""
    before = fingerprint(sources)
    for n, operation in enumerate(OPERATIONS):
        out = tmp_path / f"out{n}"
        out.mkdir()
        operation(sources, out)
        assert fingerprint(sources) == before, operation.__name__
    assert stray_temps(sources, tmp_path) == []
    capsys.readouterr()


# --- every writer writes atomically --------------------------------------------------------------


@pytest.fixture(scope="module")
def material():
    """Everything the writers need, read once from the bundled (read-only) samples."""
    docs = [read_document(p) for p in sorted(SAMPLES.glob("*.docx"))]
    alignment = align_sections(docs)
    analysis = analyse_clauses(docs, alignment)
    plan = draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)
    merged = consolidate(docs, plan)
    new = read_document(sorted((SAMPLES / "versions").glob("*.docx"))[0])
    old = next(d for d in docs if d.name == new.name.split(" v")[0] + ".docx")
    diff = diff_documents(old, new)
    report = build_report(docs, alignment, analysis.clusters, analysis.conflicts, merged,
                          resolve_plan(plan).open_conflict_ids)
    session = session_from(docs, alignment.pins, plan.decisions, {"owner": "Head of ICT"})
    return SimpleNamespace(docs=docs, merged=merged, old=old, new=new, diff=diff, report=report,
                           session=session)


FAKE_SOFFICE = """import pathlib, sys
args = sys.argv[1:]
out = pathlib.Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
source = pathlib.Path(args[-1])
(out / (source.stem + ".pdf")).write_bytes(b"%PDF-1.4\\n" + b"fake page\\n" * 4000 + b"%%EOF\\n")
"""


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch) -> Path:
    """A stand-in LibreOffice that writes a PDF: the PDF writer is tested without the real one."""
    program = write_program(tmp_path / "bin", "soffice", FAKE_SOFFICE)
    monkeypatch.setattr(pdf_export, "find_soffice", lambda: str(program))
    return program


def write_export(m, target: Path, tmp: Path) -> Path:
    return export_policy(m.merged, target, PolicyMetadata())


def write_session(m, target: Path, tmp: Path) -> Path:
    return save_session(m.session, target, backup=True)


def write_autosave(m, target: Path, tmp: Path) -> Path:
    assert target == autosave_path(tmp / "data", m.session, create=False)
    return save_session(m.session, target)


def write_redline_docx(m, target: Path, tmp: Path) -> Path:
    return write_redline(m.diff, m.old, m.new, target)


def write_html(m, target: Path, tmp: Path) -> Path:
    return write_html_report(m.diff, target)


def write_json_report(m, target: Path, tmp: Path) -> Path:
    return write_report(m.report, target)


def write_pdf(m, target: Path, tmp: Path) -> Path:
    return pdf_export.export_pdf(tmp / "for-pdf.docx", target)  # made by the writer fixture


WRITERS = {
    "export.docx": (write_export, "Digital Policy.docx"),
    "session": (write_session, "work.session.json"),
    "autosave": (write_autosave, None),
    "redline.docx": (write_redline_docx, "Redline.docx"),
    "html-report": (write_html, "Changes.html"),
    "json-report": (write_json_report, "report.json"),
    "pdf": (write_pdf, "Digital Policy.pdf"),
}


def check_written(kind: str, path: Path) -> None:
    """Asserts the file is a complete, usable file of its kind (what the user would open)."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        assert docx.Document(io.BytesIO(data)).paragraphs
    elif path.suffix == ".pdf":
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    elif path.suffix == ".html":
        assert data.rstrip().endswith(b"</html>")
    elif kind in ("session", "autosave"):
        assert load_session(path).sources
    else:
        assert json.loads(data)["ledger"]


@pytest.fixture(params=sorted(WRITERS))
def writer(request, tmp_path, material, fake_soffice):
    """(kind, write(target), target) with an "old" file already at the target."""
    kind = request.param
    write, name = WRITERS[kind]
    out = tmp_path / "out"
    out.mkdir()
    target = (autosave_path(tmp_path / "data", material.session) if name is None
              else out / name)
    target.write_bytes(b"OLD: the author's previous version\n")
    if kind == "pdf":
        export_policy(material.merged, tmp_path / "for-pdf.docx", PolicyMetadata())
    return kind, (lambda: write(material, target, tmp_path)), target


class FailingHandle:
    """A file handle that accepts `limit` bytes, then fails the way a full disk or a bug does."""

    def __init__(self, handle, limit: int, error: BaseException) -> None:
        self._handle, self._limit, self._error = handle, limit, error
        self.written = 0

    def write(self, data) -> int:
        room = self._limit - self.written
        if len(data) > room:
            self.written += self._handle.write(bytes(data[:max(room, 0)]))
            raise self._error
        self.written += self._handle.write(data)
        return len(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._handle.__exit__(*exc)


class PatchedOs:
    """`os` as consolidator.fileio sees it, with some calls replaced."""

    def __init__(self, **overrides) -> None:
        self.__dict__.update(overrides)

    def __getattr__(self, name):
        return getattr(os, name)


def full_size(write, target: Path) -> int:
    """Returns the size of a complete write of this kind (done to a scratch copy of the target)."""
    old = target.read_bytes()
    write()
    size = target.stat().st_size
    target.write_bytes(old)
    return size


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"),
                                   RuntimeError("writer bug half-way")],
                         ids=["disk-full", "writer-bug"])
def test_write_failing_half_way_keeps_the_old_file(writer, error, monkeypatch):
    kind, write, target = writer
    old = target.read_bytes()
    half = full_size(write, target) // 2
    handles: list[FailingHandle] = []

    def fdopen(fd, *args, **kwargs):
        handles.append(FailingHandle(os.fdopen(fd, *args, **kwargs), half, error))
        return handles[-1]

    monkeypatch.setattr(fileio, "os", PatchedOs(fdopen=fdopen))
    expected = WriteError if isinstance(error, OSError) else type(error)
    with pytest.raises(expected) as info:
        write()
    assert handles and handles[-1].written == half > 0  # the temp file was really half-written
    if isinstance(error, OSError):
        assert "disk is full" in str(info.value) and target.name in str(info.value)
    assert target.read_bytes() == old
    assert stray_temps(target.parent) == []


@pytest.mark.parametrize("stage", ["fsync", "replace"])
def test_write_failing_at_flush_or_rename_keeps_the_old_file(writer, stage, monkeypatch):
    kind, write, target = writer
    old = target.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fileio, "os", PatchedOs(**{stage: fail}))
    with pytest.raises(WriteError,
                       match=rf"^{re.escape(target.name)} could not be saved.*Nothing was changed"):
        write()
    assert target.read_bytes() == old
    assert stray_temps(target.parent) == []


def test_locked_target_says_so_and_a_retry_after_closing_it_succeeds(writer, monkeypatch):
    """Word on Windows holds the file open: os.replace fails with PermissionError 13."""
    kind, write, target = writer
    old = target.read_bytes()
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise PermissionError(13, "The process cannot access the file because it is being "
                                  "used by another process", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(WriteError) as info:
        write()
    message = str(info.value)
    assert message.startswith(f"{target.name} could not be saved: it is open in another program")
    assert "Close it there" in message and "try again" in message
    assert info.value.path == str(target)
    assert target.read_bytes() == old
    assert stray_temps(target.parent) == []

    monkeypatch.setattr(os, "replace", real_replace)  # the author closes Word ...
    assert write() == target  # ... and saves again
    assert target.read_bytes() != old
    check_written(kind, target)
    assert stray_temps(target.parent) == []


def refusing_replace(target: Path, times: int | None) -> tuple[list[int], object]:
    """Returns ([attempts], replace): os.replace refusing `target` `times` times (None: always)
    with the PermissionError Windows gives while another program holds the file open."""
    attempts = [0]

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == target:
            attempts[0] += 1
            if times is None or attempts[0] <= times:
                raise PermissionError(13, "The process cannot access the file because it is "
                                      "being used by another process", str(dst))
        return os.replace(src, dst, *args, **kwargs)

    return attempts, replace


def test_a_target_held_open_for_a_moment_is_replaced_on_a_retry(tmp_path, monkeypatch):
    """A virus scanner or the search indexer holds a file for a moment on Windows: the write
    tries the rename again instead of calling the file locked."""
    target = tmp_path / "Digital Policy.html"
    target.write_bytes(b"old")
    monkeypatch.setattr(fileio, "_REPLACE_RETRY_DELAYS", (0.0, 0.0, 0.0))
    attempts, replace = refusing_replace(target, times=2)
    monkeypatch.setattr(fileio, "os", PatchedOs(replace=replace))
    assert fileio.write_bytes_atomic(target, b"new") == target
    assert target.read_bytes() == b"new" and attempts == [3]
    assert stray_temps(tmp_path) == []


def test_a_target_held_open_past_the_retries_is_reported_locked(tmp_path, monkeypatch):
    target = tmp_path / "Digital Policy.html"
    target.write_bytes(b"old")
    monkeypatch.setattr(fileio, "_REPLACE_RETRY_DELAYS", (0.0, 0.0))
    attempts, replace = refusing_replace(target, times=None)
    monkeypatch.setattr(fileio, "os", PatchedOs(replace=replace))
    with pytest.raises(WriteError, match="it is open in another program"):
        fileio.write_bytes_atomic(target, b"new")
    assert attempts == [3]  # the first try and one per delay
    assert target.read_bytes() == b"old" and stray_temps(tmp_path) == []


def test_only_windows_retries_a_refused_rename():
    assert bool(fileio._REPLACE_RETRY_DELAYS) == (sys.platform == "win32")
    assert sum(fileio._REPLACE_RETRY_DELAYS) <= 1.5  # a file locked by Word is reported promptly


def test_session_save_keeps_a_backup_of_the_previous_file(tmp_path, material):
    target = tmp_path / "work.session.json"
    save_session(material.session, target)
    first = target.read_bytes()
    edited = session_from(material.docs, (), material.session.all_decisions[:1])
    save_session(edited, target, backup=True)
    assert (tmp_path / "work.session.json.bak").read_bytes() == first
    assert load_session(target) == edited
    assert load_session(tmp_path / "work.session.json.bak") == material.session


def test_failed_session_save_leaves_both_the_session_and_its_backup(tmp_path, material,
                                                                     monkeypatch):
    target = tmp_path / "work.session.json"
    save_session(material.session, target)
    first = target.read_bytes()
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(WriteError, match="disk is full"):
        save_session(session_from(material.docs), target, backup=True)
    assert target.read_bytes() == first
    assert (tmp_path / "work.session.json.bak").read_bytes() == first
    assert stray_temps(tmp_path) == []


@pytest.mark.skipif(os.name != "posix",
                    reason="POSIX permission bits: a Windows file has only a read-only flag")
def test_written_files_keep_the_mode_of_the_file_they_replace(tmp_path, material):
    """mkstemp makes owner-only files: a policy saved to a shared folder must stay readable."""
    shared = tmp_path / "Digital Policy.docx"
    shared.write_bytes(b"old")
    shared.chmod(0o664)
    export_policy(material.merged, shared, PolicyMetadata())
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664

    mask = os.umask(0o022)
    os.umask(mask)
    fresh = write_html_report(material.diff, tmp_path / "new.html")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask


# --- damaged and newer session files --------------------------------------------------------------


DAMAGED_SESSIONS = {
    "truncated": (b'{"schema": "policy-consolidator/session", "version": 1, "sources": [',
                  "damaged", "damaged"),
    "not-text": (b"\xff\xfe\x00\x81garbage\x00" * 20, "damaged", "damaged"),
    "other-json": (b'{"title": "not ours"}', "damaged", "not a Policy Consolidator session"),
    "no-version": (b'{"schema": "policy-consolidator/session"}', "damaged", "version number"),
    "incomplete": (json.dumps({"schema": "policy-consolidator/session", "version": 1,
                               "sources": [{"path": "x.docx"}]}).encode(), "damaged", "damaged"),
    "newer": (json.dumps({"schema": "policy-consolidator/session", "version": SESSION_VERSION + 1,
                          "sources": [], "future": {"x": 1}}).encode(), "newer",
              "saved by a newer version"),
}


@pytest.mark.parametrize("case", sorted(DAMAGED_SESSIONS))
def test_unusable_session_is_a_plain_error_and_left_exactly_as_it_was(tmp_path, case):
    content, reason, words = DAMAGED_SESSIONS[case]
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / "work.session.json"
    path.write_bytes(content)
    os.utime(path, (OLD_MTIME, OLD_MTIME))
    before = fingerprint(folder)
    with pytest.raises(SessionError) as info:
        load_session(path)
    assert info.value.reason == reason and info.value.path == str(path)
    assert "work.session.json" in str(info.value) and words in str(info.value)
    assert "left as it is" in str(info.value)
    assert fingerprint(folder) == before  # same bytes and mtime, and no file added beside it


def test_word_document_chosen_as_a_session_is_refused_and_untouched(tmp_path):
    path = tmp_path / "Email Policy.docx"
    shutil.copyfile(SAMPLES / "Email Policy.docx", path)
    before = fingerprint(tmp_path)
    with pytest.raises(SessionError, match="Email Policy.docx is damaged"):
        load_session(path)
    assert fingerprint(tmp_path) == before


# --- large inputs: progress and cancel -----------------------------------------------------------


WORDS = ("staff council must should may not email internet device personal business data record "
         "manager approval security password account public social media policy use access "
         "monitor breach report officer network information system").split()


def big_policy(path: Path, paragraphs: int = 5200) -> Path:
    """Writes a ~400-page policy (about 200,000 words) quickly, straight into a python-docx
    package: headings every few paragraphs, numbered and plain body text."""
    rng = random.Random(400)
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    body = []
    for n in range(paragraphs):
        if n % 40 == 0:
            style, text = "Heading1", f"Section {n // 40 + 1} {rng.choice(WORDS).title()}"
        elif n % 8 == 0:
            style, text = "Heading2", f"{rng.choice(WORDS).title()} {n % 40 // 8}"
        else:
            style = "ListNumber" if n % 3 == 0 else "Normal"
            text = " ".join(rng.choice(WORDS) for _ in range(44)).capitalize() + "."
        body.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
                    f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>')
    with zipfile.ZipFile(buffer) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    document = parts["word/document.xml"].decode()
    start = document.index("<w:body>") + len("<w:body>")
    end = document.index("<w:sectPr")
    parts["word/document.xml"] = (document[:start] + "".join(body) + document[end:]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def big_docx(tmp_path_factory) -> Path:
    return big_policy(tmp_path_factory.mktemp("big") / "Digital Policy 400 pages.docx")


def test_400_page_policy_loads_with_increasing_progress(big_docx):
    before = fingerprint(big_docx.parent)
    seen: list[float] = []
    doc = read_document(big_docx, progress=lambda f, m: seen.append(f))
    words = sum(len(line.split()) for line in doc.plain_text().splitlines())
    assert words > 180_000 and len(doc.blocks) >= 5000  # really ~400 pages
    assert len(seen) >= 10, seen
    assert seen == sorted(seen) and len(set(seen)) >= 10  # several, increasing
    assert 0.0 <= seen[0] < 0.1 and seen[-1] == 1.0
    assert fingerprint(big_docx.parent) == before


def test_400_page_policy_load_can_be_cancelled_promptly(big_docx):
    progress_calls: list[float] = []
    cancel_state = {"asked": 0, "answered_yes": 0}

    def progress(fraction: float, message: str) -> None:
        assert not cancel_state["answered_yes"], "kept working after Cancel"
        progress_calls.append(fraction)

    def cancel() -> bool:
        cancel_state["asked"] += 1
        if progress_calls:
            cancel_state["answered_yes"] += 1
            return True
        return False

    with pytest.raises(Cancelled):
        read_document(big_docx, progress=progress, cancel=cancel)
    assert cancel_state["answered_yes"] == 1  # stopped at the first check after Cancel
    assert max(progress_calls) < 0.2  # long before the end of the document


def test_400_page_policy_through_the_cli_leaves_it_untouched(big_docx, tmp_path, capsys):
    before = fingerprint(big_docx.parent)
    assert cli_main(["extract", str(big_docx)]) == 0
    assert cli_main(["compare", str(big_docx), str(big_docx), "-o",
                     str(tmp_path / "same.html")]) == 0
    out = capsys.readouterr().out
    assert "Section 130" in out and "0 insertions, 0 deletions" in out
    assert fingerprint(big_docx.parent) == before
    assert stray_temps(big_docx.parent, tmp_path) == []
