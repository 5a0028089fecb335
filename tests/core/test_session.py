"""Session JSON: round trip, damaged and newer files, backups, changed sources, autosave path."""

import json

import pytest

from consolidator.consolidation.align import Pin, PinKind
from consolidator.consolidation.plan import Decision, DecisionKind
from consolidator.session import (
    Session,
    SessionError,
    SessionSource,
    autosave_path,
    check_sources,
    load_session,
    save_session,
)


def sample_session(tmp_path, content=b"policy one"):
    source = tmp_path / "Email Policy.md"
    source.write_bytes(content)
    from consolidator.model import content_id

    return Session(
        sources=(SessionSource(str(source), content_id(b"policy one"), "email", "Email Policy"),),
        pins=(Pin(PinKind.FORCE, ("sA", "sB")), Pin(PinKind.BREAK, ("sC",))),
        decisions=(Decision(DecisionKind.EXCLUDE, "p-front-matter", note="title pages"),
                   Decision(DecisionKind.REORDER, "outline", order=("p-scope", "p-introduction"))),
        edits=(Decision(DecisionKind.CUSTOM, "c123", "Never \u201cshare\u201d passwords."),),
        metadata=(("owner", "Head of ICT"), ("title", "Digital Policy")),
    )


def test_round_trip_keeps_everything(tmp_path):
    session = sample_session(tmp_path)
    path = save_session(session, tmp_path / "s.json")
    assert load_session(path) == session
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["schema"], data["version"]) == ("policy-consolidator/session", 1)


def test_damaged_file_is_a_plain_error_and_left_untouched(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(b'{"schema": "policy-consolidator/session", "version": 1, "sources": [')
    with pytest.raises(SessionError, match=r"s\.json is damaged \(not valid JSON at line 1\)"):
        load_session(path)
    assert path.read_bytes().endswith(b'"sources": [')


def test_newer_version_is_refused_with_update_advice(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"schema": "policy-consolidator/session", "version": 7}),
                    encoding="utf-8")
    with pytest.raises(SessionError) as info:
        load_session(path)
    assert info.value.reason == "newer"
    assert "saved by a newer version" in str(info.value) and "Update the app" in str(info.value)


def test_incomplete_entry_is_damaged(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"schema": "policy-consolidator/session", "version": 1,
                                "decisions": [{"kind": "explode", "target": "x"}]}),
                    encoding="utf-8")
    with pytest.raises(SessionError, match="damaged"):
        load_session(path)


def test_overwrite_keeps_a_backup_when_asked(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("old contents", encoding="utf-8")
    save_session(sample_session(tmp_path), path, backup=True)
    assert (tmp_path / "s.json.bak").read_text(encoding="utf-8") == "old contents"
    assert load_session(path).pins[0].kind is PinKind.FORCE


def test_changed_and_missing_sources_are_reported(tmp_path):
    session = sample_session(tmp_path, content=b"policy one, edited")
    gone = SessionSource(str(tmp_path / "Gone.docx"), "abc", "other", "Gone")
    session = Session(sources=session.sources + (gone,))
    assert [c.status for c in check_sources(session)] == ["changed", "missing"]
    assert check_sources(session)[0].message.startswith("Email Policy.md has changed")


def test_autosave_path_is_stable_and_under_the_given_folder(tmp_path):
    session = sample_session(tmp_path)
    first = autosave_path(tmp_path / "data", session)
    assert first == autosave_path(tmp_path / "data", session)
    assert first.parent == tmp_path / "data" / "autosave" and first.parent.is_dir()
    assert first.name.endswith(".session.json")


def test_the_comparison_on_screen_round_trips_and_is_left_out_when_there_is_none():
    from consolidator.session import CompareSide, Session, session_from_json, session_to_json

    pair = (CompareSide("/p/Email Policy v2.1.docx"), CompareSide("/p/Email Policy.docx", "s3"))
    text = session_to_json(Session(compare=pair))
    assert session_from_json(text).compare == pair
    assert "compare" not in session_to_json(Session())  # older apps read it unchanged
