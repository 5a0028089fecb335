"""Limits on every non-PDF format (issue #19 causes 7, 10 and 14): Markdown and text read in
linear time with cancel checks, documents and paragraphs over sane sizes refused when read,
regular files only. Hostile inputs run in a child bounded in time and memory."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from consolidator import cli
from consolidator.errors import Cancelled, LoadError
from consolidator.readers import read_document
from consolidator.readers.limits import MAX_BLOCKS, MAX_DOCUMENT_CHARS, MAX_PARAGRAPH_CHARS
from consolidator.source_files import read_file_bytes
from tests.bounded import run_bounded
from tests.core.docx_factory import write_docx

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")

# Each took from 20 s to minutes before (issue #19); read linearly they take well under 2 s.
HOSTILE_MARKDOWN = {
    "emphasis-48kb": "'*a _b ' * 8000",
    "brackets-800kb": "'[' * 800_000",
    "links-780kb": "'[a](b)' * 130_000",
    "unclosed-code-spans": "'`a``b' * 100_000",
    "unclosed-comments": "'<!--' * 100_000",
    "heading-with-spaces": "'# a' + ' ' * 100_000 + 'b'",
    "unclosed-fence-200kb": "'# P\\n\\n```\\n' + 'Staff must lock their screens.\\n' * 6500",
}


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN.keys())
def test_markdown_is_read_in_linear_time(tmp_path, text):
    code = (f"from pathlib import Path\nfrom consolidator.readers import read_document\n"
            f"path = Path({str(tmp_path / 'Policy.md')!r})\npath.write_text({text}, "
            "encoding='utf-8')\nprint(len(read_document(path).blocks))")
    outcome = run_bounded(code, seconds=12, memory_mb=1024)
    assert outcome.finished, "reading took more than 12 s"
    assert outcome.returncode == 0, outcome.stderr[-1500:]


def test_a_long_markdown_paragraph_can_be_cancelled_while_its_spans_are_read(tmp_path):
    path = tmp_path / "Policy.md"
    path.write_text("*a _b [c " * 40_000, encoding="utf-8")  # one 360 KB paragraph
    calls: list[int] = []

    def cancel() -> bool:  # asked once before the blocks and once after them: the third
        calls.append(1)    # time can only be from inside the paragraph
        return len(calls) > 2

    with pytest.raises(Cancelled):
        read_document(path, cancel=cancel)


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_paragraph_over_the_limit_is_refused_when_read(tmp_path, suffix):
    path = tmp_path / f"Policy{suffix}"
    path.write_text("Intro.\n\n" + "word " * (MAX_PARAGRAPH_CHARS // 5 + 10), encoding="utf-8")
    with pytest.raises(LoadError) as info:
        read_document(path)
    assert info.value.reason == "too-large"
    assert f"Policy{suffix}" in str(info.value) and "paragraph" in str(info.value)


def test_a_docx_paragraph_over_the_limit_is_refused_when_read(tmp_path):
    run = '<w:r><w:t xml:space="preserve">' + "word " * 20_000 + "</w:t></w:r>"
    path = write_docx(tmp_path, "<w:p>" + run * (MAX_PARAGRAPH_CHARS // 100_000 + 1) + "</w:p>")
    with pytest.raises(LoadError, match="paragraph") as info:
        read_document(path)
    assert info.value.reason == "too-large"


def test_merge_of_a_huge_paragraph_exits_3_with_a_message_not_an_export_crash(tmp_path, capsys):
    path = tmp_path / "Policy.txt"
    path.write_text("word " * (MAX_PARAGRAPH_CHARS // 5 + 10), encoding="utf-8")
    status = cli.main(["merge", str(path), "-o", str(tmp_path / "out.docx")])
    err = capsys.readouterr().err
    assert status == 3, err
    assert "Policy.txt" in err and "paragraph" in err and "unexpected" not in err
    assert not (tmp_path / "out.docx").exists()


def test_a_text_over_the_character_limit_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "Policy.txt"
    line = "Line of the policy.\n\n"
    path.write_text(line * (MAX_DOCUMENT_CHARS // len(line) + 1), encoding="utf-8")
    code = ("from consolidator.readers import read_document\nfrom consolidator.errors import "
            f"LoadError\ntry:\n    read_document({str(path)!r})\nexcept LoadError as e:\n"
            "    print(e.reason)")
    outcome = run_bounded(code, seconds=20, memory_mb=1536)
    assert outcome.finished and outcome.stdout.strip() == "too-large", outcome.stderr[-1500:]


def test_a_text_with_more_paragraphs_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "Policy.txt"
    path.write_text("a\n\n" * (MAX_BLOCKS + 1), encoding="utf-8")
    with pytest.raises(LoadError, match="paragraphs") as info:
        read_document(path)
    assert info.value.reason == "too-large"


# --- regular files only ------------------------------------------------------------------------


def _refused_quickly(path: str) -> str:
    code = ("from consolidator.readers import read_document\nfrom consolidator.errors import "
            f"LoadError\ntry:\n    read_document({path!r})\nexcept LoadError as e:\n"
            "    print(e.reason, '|', e)")
    outcome = run_bounded(code, seconds=10, memory_mb=768)
    assert outcome.finished, f"reading {path} hung"
    assert outcome.returncode == 0, outcome.stderr[-1500:]
    return outcome.stdout.strip()


@POSIX
def test_a_device_is_refused_not_read_until_memory_runs_out():
    reason, message = _refused_quickly("/dev/zero").split(" | ", 1)
    assert reason == "not-a-file" and "zero is a device" in message


@POSIX
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "Policy.txt")
    reason, message = _refused_quickly(str(tmp_path / "Policy.txt")).split(" | ", 1)
    assert reason == "not-a-file" and "Policy.txt is a pipe" in message


@POSIX
def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "Policy.docx"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(LoadError) as info:
            read_document(path)
    assert info.value.reason == "not-a-file"


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_the_size_limit_holds_when_the_file_system_reports_size_0():
    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(LoadError) as info:
        read_file_bytes("/proc/self/maps", limit=64)
    assert info.value.reason == "too-large"


def test_a_file_name_that_is_not_utf8_gives_a_plain_message(tmp_path, capsys):
    if sys.platform == "win32":
        pytest.skip("Windows file names are always Unicode")
    name = os.fsdecode(b"Pol\xe9cy.docx")  # Latin-1 bytes: a surrogate escape in Python
    try:
        (tmp_path / name).write_bytes(b"")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses non-UTF-8 names")
    status = cli.main(["extract", str(tmp_path / name)])
    err = capsys.readouterr().err
    assert status == 3 and "Pol" in err and "empty" in err
