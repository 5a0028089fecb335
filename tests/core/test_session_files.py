"""Session files are recognised by their content, whatever they are called."""

from __future__ import annotations

from consolidator.session import save_session, session_from
from consolidator.session_files import is_session_file, session_file_name, split_session_files


def test_a_saved_session_is_a_session_whatever_its_name(tmp_path):
    for name in ("work.pcsession", "work.session.json", "work.txt", "work"):
        path = save_session(session_from([]), tmp_path / name)
        assert is_session_file(path), name


def test_policies_json_and_text_are_not_sessions(tmp_path):
    (tmp_path / "policy.md").write_text("# Email policy\n\nStaff must ...", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"schema": "someone-else/session"}', encoding="utf-8")
    (tmp_path / "mention.txt").write_text(
        'A policy that quotes "schema": "policy-consolidator/session" in its text.',
        encoding="utf-8")
    (tmp_path / "fake.pcsession").write_bytes(b"PK\x03\x04 a zip with the wrong name")
    for name in ("policy.md", "other.json", "mention.txt", "fake.pcsession", "missing.pcsession"):
        assert not is_session_file(tmp_path / name), name


def test_a_session_with_a_byte_order_mark_and_keys_in_another_order_is_a_session(tmp_path):
    path = tmp_path / "edited.json"
    path.write_bytes(b'\xef\xbb\xbf\n  {"version": 1,\n  "schema": "policy-consolidator/session",'
                     b' "sources": []}')
    assert is_session_file(path)


def test_split_keeps_order_and_sends_folders_to_the_policies(tmp_path):
    session = save_session(session_from([]), tmp_path / "a.pcsession")
    policy = tmp_path / "b.md"
    policy.write_text("# Policy", encoding="utf-8")
    assert split_session_files([policy, session, tmp_path]) == (
        [str(session)], [str(policy), str(tmp_path)])


def test_a_new_session_gets_the_apps_own_extension(tmp_path):
    assert session_file_name(tmp_path / "Work") == tmp_path / "Work.pcsession"
    assert session_file_name(tmp_path / "Work.pcsession") == tmp_path / "Work.pcsession"
    assert session_file_name(tmp_path / "old.session.json") == tmp_path / "old.session.json"
