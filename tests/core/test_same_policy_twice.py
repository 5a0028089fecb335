"""The same policy twice (issue #19 cause 6): the same path twice, or a byte-identical copy under
another name, is read once with a note, never a crash ("LedgerError ... has two fates")."""

from __future__ import annotations

import shutil

from consolidator import cli
from consolidator.session import load_session
from tests.core.docx_factory import build_docx, p


def _policy(tmp_path, name="Email Policy.docx"):
    path = tmp_path / name
    path.write_bytes(build_docx(p("1 Purpose") + p("Staff must lock their screens.")
                                + p("2 Scope") + p("All staff and contractors.")))
    return path


def test_merge_of_the_same_path_twice_uses_it_once(tmp_path, capsys):
    policy = _policy(tmp_path)
    status = cli.main(["merge", str(policy), str(policy), "-o", str(tmp_path / "out.docx")])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "Email Policy.docx: note: given twice; it is used once." in err
    assert out.startswith("1 policies")


def test_merge_of_a_byte_identical_copy_uses_it_once(tmp_path, capsys):
    policy = _policy(tmp_path)
    copy = shutil.copy(policy, tmp_path / "Copy of Email Policy.docx")
    other = _policy(tmp_path, "Internet Policy.docx")
    other.write_bytes(build_docx(p("1 Purpose") + p("Staff must not browse unsafe sites.")))
    session = tmp_path / "s.session.json"
    status = cli.main(["merge", str(policy), str(copy), str(other), "-o",
                       str(tmp_path / "out.docx"), "--session", str(session)])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert ("Copy of Email Policy.docx: note: the same policy as Email Policy.docx (identical "
            "content); it is used once.") in err
    assert out.startswith("2 policies")
    assert [s.path for s in load_session(session).sources] == [str(policy), str(other)]
