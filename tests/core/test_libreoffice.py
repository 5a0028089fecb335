"""LibreOffice as Windows has it: installed off PATH, a profile it holds on to, a hang to end.

A stand-in soffice (tests.programs) does what the real one does to the private folder: it writes
a user profile, then the converted file (or hangs, with a helper process of its own).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from consolidator import libreoffice, readers
from consolidator.errors import LoadError, WriteError
from consolidator.readers import legacy
from consolidator.writers import pdf_export
from tests.conftest import SAMPLES
from tests.programs import write_program

FAKE_SOFFICE = r'''
import os, shutil, subprocess, sys, time
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

args = sys.argv[1:]
if os.environ.get("FAKE_SOFFICE") == "hang":
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    Path(os.environ["FAKE_SOFFICE_PIDS"]).write_text(f"{os.getpid()} {helper.pid}")
    time.sleep(60)
    sys.exit(0)
if os.environ.get("FAKE_SOFFICE") == "old" and ":{" in args[args.index("--convert-to") + 1]:
    print("Error: no export filter for /tmp/out/policy.pdf found, aborting.")  # before 7.4
    sys.exit(0)
uri = next(a.split("=", 1)[1] for a in args if a.startswith("-env:UserInstallation="))
profile = Path(url2pathname(urlparse(uri).path)) / "user"
profile.mkdir(parents=True, exist_ok=True)
(profile / "registrymodifications.xcu").write_text("<items/>")
target = args[args.index("--convert-to") + 1].split(":")[0]  # "pdf:writer_pdf_Export:{...}"
out = Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
converted = out / (Path(args[-1]).stem + "." + target)
if target == "docx":
    shutil.copyfile(os.environ["FAKE_SOFFICE_DOCX"], converted)
else:
    converted.write_bytes(b"%PDF-1.4\n% made by the stand-in soffice\n")
'''

RTF = rb"{\rtf1\ansi Staff must comply.\par}"


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch) -> Path:
    """Returns a stand-in soffice that converts (any .rtf/.doc to the Email Policy sample)."""
    monkeypatch.setenv("FAKE_SOFFICE", "convert")
    monkeypatch.setenv("FAKE_SOFFICE_DOCX", str(SAMPLES / "Email Policy.docx"))
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(tmp_path / "pids"))
    return write_program(tmp_path / "LibreOffice" / "program", "soffice", FAKE_SOFFICE)


@pytest.fixture
def private_temp(tmp_path, monkeypatch) -> Path:
    """Returns the folder the conversions' private temporary folders are made in."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def rtf_file(tmp_path: Path) -> Path:
    path = tmp_path / "Old Policy.rtf"
    path.write_bytes(RTF)
    return path


def test_libreoffice_in_program_files_is_used_for_doc_and_pdf(tmp_path, monkeypatch,
                                                              fake_soffice, private_temp):
    """Windows' LibreOffice installer does not add soffice to PATH: Program Files is looked in."""
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name, *a, **k: None)
    monkeypatch.setattr(libreoffice, "_WINDOWS", (tmp_path / "missing.exe", fake_soffice))

    assert legacy.find_soffice() == pdf_export.find_soffice() == str(fake_soffice)
    doc = readers.read_document(rtf_file(tmp_path))
    assert doc.format == "rtf" and "Email" in doc.plain_text()
    assert pdf_export.pdf_available()
    pdf = pdf_export.export_pdf(SAMPLES / "Email Policy.docx", tmp_path / "Email Policy.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert list(private_temp.iterdir()) == []


@pytest.mark.parametrize("job", ["read-rtf", "export-pdf"])
def test_a_profile_libreoffice_still_holds_is_no_error(tmp_path, monkeypatch, fake_soffice,
                                                       private_temp, job):
    """On Windows LibreOffice may keep its profile open a moment after converting: deleting the
    private folder then fails with PermissionError, which must not undo a finished job."""
    monkeypatch.setattr(legacy, "find_soffice", lambda: str(fake_soffice))
    monkeypatch.setattr(pdf_export, "find_soffice", lambda: str(fake_soffice))
    real_unlink = os.unlink

    def unlink(path, *args, **kwargs):
        if os.path.basename(path) == "registrymodifications.xcu":
            raise PermissionError(13, "The process cannot access the file because it is being "
                                  "used by another process", str(path))
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    if job == "read-rtf":
        assert "Email" in readers.read_document(rtf_file(tmp_path)).plain_text()
    else:
        target = tmp_path / "Email Policy.pdf"
        assert pdf_export.export_pdf(SAMPLES / "Email Policy.docx", target) == target
        assert target.read_bytes().startswith(b"%PDF")
    left = list(private_temp.rglob("registrymodifications.xcu"))
    assert len(left) == 1  # left behind in the temporary folder, for Windows to clear


def test_a_libreoffice_too_old_for_tagged_pdf_says_so(tmp_path, monkeypatch, fake_soffice):
    monkeypatch.setenv("FAKE_SOFFICE", "old")
    monkeypatch.setattr(pdf_export, "find_soffice", lambda: str(fake_soffice))
    with pytest.raises(WriteError) as error:
        pdf_export.export_pdf(SAMPLES / "Email Policy.docx", tmp_path / "Email Policy.pdf")
    assert "version 7.4 or later is needed" in str(error.value)
    assert not (tmp_path / "Email Policy.pdf").exists()


def _alive(pid: int) -> bool:
    """Returns True while `pid` runs (POSIX; a zombie no one has reaped yet counts as ended)."""
    stat = Path(f"/proc/{pid}/stat")
    if Path("/proc/self/stat").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
        except (OSError, IndexError):
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _convert_until_timeout(tmp_path, monkeypatch, fake_soffice) -> tuple[int, int]:
    """Returns the pids of the hanging stand-in and its helper, after the reader gave up."""
    monkeypatch.setenv("FAKE_SOFFICE", "hang")
    monkeypatch.setattr(legacy, "find_soffice", lambda: str(fake_soffice))
    monkeypatch.setattr(legacy, "CONVERT_TIMEOUT_S", 3.0)
    with pytest.raises(LoadError) as info:
        readers.read_document(rtf_file(tmp_path))
    assert info.value.reason == "timeout"
    pids = (tmp_path / "pids").read_text().split()
    return int(pids[0]), int(pids[1])


def _wait_until_ended(pid: int) -> bool:
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _alive(pid)


@pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX")
def test_timeout_ends_soffice_and_its_helper(tmp_path, monkeypatch, fake_soffice,
                                             private_temp):
    soffice, helper = _convert_until_timeout(tmp_path, monkeypatch, fake_soffice)
    assert _wait_until_ended(helper) and not _alive(soffice)


def test_timeout_on_windows_ends_the_tree_with_taskkill(tmp_path, monkeypatch, fake_soffice,
                                                       private_temp):
    """Windows has no process groups: `taskkill /T /F` ends soffice.exe and soffice.bin."""
    calls: list[list[str]] = []
    real_run = subprocess.run

    def run(command, *args, **kwargs):
        if command[0] != "taskkill":
            return real_run(command, *args, **kwargs)
        calls.append(list(command))
        if os.name == "posix":  # what taskkill /T does, done here the POSIX way
            os.killpg(int(command[-1]), signal.SIGKILL)
            return subprocess.CompletedProcess(command, 0)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(sys, "platform", "win32")
    soffice, helper = _convert_until_timeout(tmp_path, monkeypatch, fake_soffice)
    assert len(calls) == 1 and calls[0][:4] == ["taskkill", "/T", "/F", "/PID"]
    if os.name == "posix":  # (on Windows the stand-in is a .cmd: taskkill gets cmd.exe's pid)
        assert calls[0][4] == str(soffice)
        assert _wait_until_ended(helper) and not _alive(soffice)


@pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX")
def test_pdf_export_timeout_ends_soffice_and_its_helper(tmp_path, monkeypatch, fake_soffice,
                                                        private_temp):
    """A hung PDF export ends like a hung conversion: soffice and its helper both stop, and
    the user gets the plain message."""
    from consolidator.errors import WriteError

    monkeypatch.setenv("FAKE_SOFFICE", "hang")
    monkeypatch.setattr(pdf_export, "find_soffice", lambda: str(fake_soffice))
    with pytest.raises(WriteError, match="took longer than 3 seconds"):
        pdf_export.export_pdf(SAMPLES / "Email Policy.docx", tmp_path / "Policy.pdf", timeout=3)
    soffice, helper = (int(x) for x in (tmp_path / "pids").read_text().split())
    assert _wait_until_ended(helper) and not _alive(soffice)
    assert not (tmp_path / "Policy.pdf").exists()
