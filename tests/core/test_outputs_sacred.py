"""Sources are sacred (issue #19 cause 5, part of 15): an output that would replace an input or
another output is refused with exit 2 before anything is read; an output's extension says what
is written; a merge's export, report and session are written as a set; temporary files left by
an interrupted save are cleaned up."""

from __future__ import annotations

import hashlib
import ntpath
import os
import sys
import time
from pathlib import Path

import pytest

from consolidator import cli, output_paths
from consolidator.errors import WriteError
from consolidator.fileio import remove_leftover_temps, write_atomic, write_set
from consolidator.fileio import write_text_atomic as write_text
from tests.core.docx_factory import build_docx, p


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def policy(tmp_path) -> Path:
    path = tmp_path / "Email Policy.docx"
    path.write_bytes(build_docx(p("1 Purpose") + p("Staff must lock their screens.")))
    return path


def _refused(capsys, argv: list[str], *protected: Path) -> str:
    before = {path: _sha(path) for path in protected}
    status = cli.main(argv)
    err = capsys.readouterr().err
    assert status == 2, err
    assert {path: _sha(path) for path in protected} == before
    assert "Nothing was written" in err and "unexpected" not in err
    return err


def test_merge_output_onto_a_source_is_refused(tmp_path, policy, capsys):
    err = _refused(capsys, ["merge", str(policy), "-o", str(policy)], policy)
    assert "Email Policy.docx is the policy" in err


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_merge_output_through_a_link_to_a_source_is_refused(tmp_path, policy, capsys):
    link = tmp_path / "Shortcut.docx"
    link.symlink_to(policy)
    _refused(capsys, ["merge", str(policy), "-o", str(link)], policy)
    folder = tmp_path / "linked folder"
    folder.symlink_to(tmp_path, target_is_directory=True)
    _refused(capsys, ["merge", str(policy), "-o", str(folder / policy.name)], policy)


def test_merge_output_that_is_a_hard_link_to_a_source_is_refused(tmp_path, policy, capsys):
    other = tmp_path / "Other name.docx"
    try:
        os.link(policy, other)
    except OSError:
        pytest.skip("no hard links here")
    _refused(capsys, ["merge", str(policy), "-o", str(other)], policy)


def test_a_source_in_another_case_is_the_same_file_on_windows(tmp_path, policy, monkeypatch):
    monkeypatch.setattr(output_paths.os.path, "normcase", ntpath.normcase)
    assert output_paths.same_file(policy, tmp_path / "EMAIL POLICY.DOCX")


def test_compare_output_onto_new_is_refused(tmp_path, policy, capsys):
    new = tmp_path / "New.docx"
    new.write_bytes(build_docx(p("1 Purpose") + p("Staff must always lock their screens.")))
    err = _refused(capsys, ["compare", str(policy), str(new), "-o", str(new)], policy, new)
    assert "New.docx is the newer policy" in err


@pytest.mark.parametrize("option", ["--report", "--template", "--metadata"])
def test_merge_side_files_onto_a_source_or_output_are_refused(tmp_path, policy, capsys, option):
    out = tmp_path / "Digital Policy.docx"
    side = tmp_path / "side.json"
    side.write_text("{}", encoding="utf-8")
    argv = ["merge", str(policy), "-o", str(out)]
    if option == "--report":
        _refused(capsys, [*argv, "--report", str(policy)], policy)
        _refused(capsys, [*argv, "--report", str(out.with_suffix(".json")), "--session",
                          str(out.with_suffix(".json"))], policy)
    elif option == "--template":
        template = tmp_path / "T.docx"
        template.write_bytes(build_docx(p("Template")))
        _refused(capsys, ["merge", str(policy), "--template", str(template), "-o",
                          str(template)], policy, template)
    else:
        _refused(capsys, ["merge", str(policy), "--metadata", str(side), "-o",
                          str(tmp_path / "x.docx"), "--report", str(side)], policy, side)
    assert not out.exists()


def test_merge_pdf_beside_the_output_must_not_replace_a_source(tmp_path, policy, capsys):
    source_pdf = tmp_path / "Digital Policy.pdf"
    source_pdf.write_bytes(b"%PDF-1.4 a source policy")
    _refused(capsys, ["merge", str(policy), str(source_pdf), "-o",
                      str(tmp_path / "Digital Policy.docx"), "--pdf"], policy, source_pdf)


def test_merge_output_must_end_in_docx(tmp_path, policy, capsys):
    err = _refused(capsys, ["merge", str(policy), "-o", str(tmp_path / "x.pdf")], policy)
    assert "must end in .docx" in err and "--pdf" in err
    assert not (tmp_path / "x.pdf").exists()


def test_merge_outputs_are_written_as_a_set(tmp_path, policy, capsys):
    out = tmp_path / "Digital Policy.docx"
    out.write_bytes(b"the previous export")
    status = cli.main(["merge", str(policy), "-o", str(out), "--report",
                       str(tmp_path / "no such folder" / "report.json")])
    err = capsys.readouterr().err
    assert status == 1 and "Nothing was changed" in err
    assert out.read_bytes() == b"the previous export"
    assert [x.name for x in tmp_path.iterdir() if x.name.startswith(".")] == []


def test_a_failed_replacement_puts_every_target_of_the_set_back(tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.json"
    first.write_text("old a", encoding="utf-8")
    second.mkdir()  # replacing a folder by a file fails when the set is committed
    with pytest.raises(WriteError), write_set():
        write_text(first, "new a")
        write_text(second, "new b")
        assert first.read_text(encoding="utf-8") == "old a"  # nothing replaced yet
    assert first.read_text(encoding="utf-8") == "old a"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.docx", "b.json"]


def test_a_set_replaces_all_its_targets_when_it_ends(tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.json"
    first.write_text("old a", encoding="utf-8")
    with write_set():
        write_text(first, "new a")
        write_text(second, "new b")
    assert (first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")) == \
        ("new a", "new b")
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.docx", "b.json"]


def test_leftover_temporary_files_of_a_crash_are_cleaned_up(tmp_path):
    old = time.time() - 3600
    stale = tmp_path / ".Digital Policy.docx.k2j4h5g6.tmp"
    stale_other = tmp_path / ".session.json.a1b2c3d4.tmp"
    fresh = tmp_path / ".Digital Policy.docx.z9y8x7w6.tmp"  # a save still running
    unrelated = tmp_path / ".hidden.tmp"
    for path in (stale, stale_other, fresh, unrelated):
        path.write_bytes(b"partial")
    for path in (stale, stale_other, unrelated):
        os.utime(path, (old, old))
    write_atomic(tmp_path / "Digital Policy.docx", lambda handle: handle.write(b"new"))
    assert not stale.exists() and stale_other.exists() and fresh.exists()
    assert remove_leftover_temps(tmp_path) == 1
    assert not stale_other.exists() and fresh.exists() and unrelated.exists()
