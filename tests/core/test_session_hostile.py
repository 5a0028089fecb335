"""Sessions are data, not instructions (issue #19 cause 3, part of 15): a session's paths are
checked without being followed anywhere unsafe, its file has a size limit, and values no
session holds are refused as damaged, never an "unexpected" error."""

from __future__ import annotations

import json
import os
import sys

import pytest

from consolidator import cli
from consolidator import session as session_module
from consolidator.session import (
    MAX_SESSION_BYTES,
    SCHEMA,
    Session,
    SessionError,
    SessionSource,
    check_sources,
    inspect_sources,
    load_session,
    save_session,
    session_from_json,
)
from tests.bounded import run_bounded
from tests.core.docx_factory import build_docx, p

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")


def _session_json(**extra) -> dict:
    return {"schema": SCHEMA, "version": 1, **extra}


def _source(path: str, size: int = 0) -> SessionSource:
    return SessionSource(path, "0123456789abcdef", "email", "Email Policy", size)


@pytest.mark.parametrize("path, words", [
    ("\\\\server\\share\\Email Policy.docx", "another computer"),
    ("//server/share/Email Policy.docx", "another computer"),
    ("\\\\.\\pipe\\policy", "device"),
    ("\\\\?\\C:\\Policies\\Email.docx", "device"),
    ("C:\\Policies\\CON", "device"),
    ("nul.docx", "device"),
])
def test_network_and_device_paths_are_refused_without_touching_them(path, words):
    (check,) = check_sources(Session(sources=(_source(path),)))
    assert check.status == "refused" and words in check.reason
    assert "was not opened" in check.message


@POSIX
def test_a_session_naming_a_device_or_a_pipe_is_checked_without_reading_them(tmp_path):
    os.mkfifo(tmp_path / "pipe.docx")
    code = ("from consolidator.session import Session, SessionSource, check_sources\n"
            "checks = check_sources(Session(sources=(SessionSource('/dev/zero', 'x'), "
            f"SessionSource({str(tmp_path / 'pipe.docx')!r}, 'y'))))\n"
            "print(' '.join(c.status for c in checks))")
    outcome = run_bounded(code, seconds=10, memory_mb=768)
    assert outcome.finished, "checking the session's sources hung"
    assert outcome.stdout.strip() == "refused refused", outcome.stderr[-1500:]


@POSIX
def test_merge_with_a_session_never_opens_the_paths_it_names(tmp_path):
    policy = tmp_path / "Email Policy.docx"
    policy.write_bytes(build_docx(p("1 Purpose") + p("Staff must lock their screens.")))
    os.mkfifo(tmp_path / "pipe.docx")
    session = tmp_path / "s.session.json"
    session.write_text(json.dumps(_session_json(sources=[
        {"path": "/dev/zero", "hash": "a"}, {"path": str(tmp_path / "pipe.docx"), "hash": "b"},
    ])), encoding="utf-8")
    code = (f"import sys\nfrom consolidator import cli\nsys.exit(cli.main(['merge', "
            f"{str(policy)!r}, '-o', {str(tmp_path / 'out.docx')!r}, '--session', "
            f"{str(session)!r}]))")
    outcome = run_bounded(code, seconds=30, memory_mb=1024)
    assert outcome.finished, "merge hung on a path the session names"
    assert outcome.returncode == 0, outcome.stderr[-1500:]
    assert "zero as it was then" in outcome.stderr


def test_a_recorded_size_that_differs_means_changed_without_reading_the_file(tmp_path,
                                                                             monkeypatch):
    path = tmp_path / "Email Policy.docx"
    path.write_bytes(b"x" * 100)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(session_module, "read_file_bytes", no_reading)
    (check,) = check_sources(Session(sources=(_source(str(path), size=99),)))
    assert check.status == "changed"
    (ready,) = inspect_sources(Session(sources=(_source(str(path), size=100),)))
    assert ready.status == "ready"


def test_the_size_is_saved_and_read_back(tmp_path):
    saved = Session(sources=(_source(str(tmp_path / "a.docx"), size=1234),))
    path = save_session(saved, tmp_path / "s.session.json")
    assert load_session(path).sources[0].size == 1234


def test_a_session_file_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "big.session.json"
    padding = "x" * (MAX_SESSION_BYTES + 10)
    path.write_text(json.dumps(_session_json(metadata={"title": padding})), encoding="utf-8")
    with pytest.raises(SessionError) as info:
        load_session(path)
    assert "big.session.json" in str(info.value) and "session" in str(info.value)


@pytest.mark.parametrize("text", [
    f'{{"schema": "{SCHEMA}", "version": 1, "pins": {"[" * 100_000 + "]" * 100_000}}}',
    f'{{"schema": "{SCHEMA}", "version": {"9" * 5000}}}',
    json.dumps(_session_json(sources=[{"path": ["/etc/passwd"], "hash": "a"}])),
    json.dumps(_session_json(sources=[{"path": "a.docx", "hash": "a", "size": -1}])),
    json.dumps(_session_json(decisions=[{"kind": "exclude", "target": {"deep": 1}}])),
    json.dumps(_session_json(decisions="exclude everything")),
], ids=["deep-nesting", "huge-number", "path-not-text", "negative-size", "target-not-text",
        "decisions-not-a-list"])
def test_values_no_session_holds_are_refused_as_damaged(text):
    with pytest.raises(SessionError) as info:
        session_from_json(text, "work.session.json")
    assert "work.session.json is damaged" in str(info.value)
    assert "set_int_max_str_digits" not in str(info.value)


def test_merge_with_a_damaged_session_exits_1_with_a_plain_message(tmp_path, capsys):
    policy = tmp_path / "Email Policy.docx"
    policy.write_bytes(build_docx(p("1 Purpose") + p("Staff must lock their screens.")))
    session = tmp_path / "s.session.json"
    session.write_text(f'{{"schema": "{SCHEMA}", "version": {"9" * 5000}}}', encoding="utf-8")
    status = cli.main(["merge", str(policy), "-o", str(tmp_path / "out.docx"), "--session",
                       str(session)])
    err = capsys.readouterr().err
    assert status == 1 and "is damaged" in err and "unexpected" not in err
