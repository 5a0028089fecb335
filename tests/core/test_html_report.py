"""HTML report and the compare command: standalone, escaped, summarised; exit codes by suffix."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from consolidator.diffing import diff_documents
from consolidator.model import Block, BlockKind, Run, SourceDocument, finish_blocks
from consolidator.writers.html_report import render_html, write_html_report

ROOT = Path(__file__).resolve().parents[2]


def doc(*texts: str, name: str) -> SourceDocument:
    blocks = [Block(id="", kind=BlockKind.PARAGRAPH, runs=(Run(t),)) for t in texts]
    return SourceDocument(id=name, path=name, format="text", title=name,
                          blocks=finish_blocks(name, blocks))


def test_report_is_standalone_escaped_and_summarised(tmp_path):
    a = doc("Keep <this> & that.", "Staff must not use email for personal business.",
            "Monitoring section text that moves later on.", "End.", name="old <1>.docx")
    b = doc("Keep <this> & that.", "Staff must never use email for personal business.", "End.",
            "Monitoring section text that moves later on.", "<script>alert(1)</script>",
            name="new.docx")
    diff = diff_documents(a, b)
    out = write_html_report(diff, tmp_path / "r.html", title="Email & Internet")
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Keep &lt;this&gt; &amp; that." in html and "old &lt;1&gt;.docx" in html
    assert "<title>Email &amp; Internet</title>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)  # nothing external
    assert "<del>not</del>" in html and "<ins>never</ins>" in html
    assert f"<b>{diff.counts.insertions}</b> insertions" in html
    assert "<b>1</b> move<" in html and diff.counts.moves == 1
    assert html.count('class="moved-from"') == 1 and html.count('class="moved-to"') == 1


def test_identical_documents_report_zero_changes():
    a = doc("Same.", name="a")
    html = render_html(diff_documents(a, a))
    assert "<b>0</b> insertions" in html and "<del>" not in html.split("</div>", 1)[1]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def test_compare_command_writes_html_and_docx_and_rejects_other_suffixes(tmp_path):
    (tmp_path / "old.md").write_text("# Email\n\nStaff must use email well.\n", encoding="utf-8")
    (tmp_path / "new.md").write_text("# Email\n\nStaff must use council email well.\n",
                                     encoding="utf-8")
    result = run_cli("compare", str(tmp_path / "old.md"), str(tmp_path / "new.md"), "-o",
                     str(tmp_path / "out.html"))
    assert result.returncode == 0, result.stderr
    assert "1 insertion, 0 deletions, 0 moves" in result.stdout
    assert "<ins>council </ins>" in (tmp_path / "out.html").read_text(encoding="utf-8")
    result = run_cli("compare", str(tmp_path / "old.md"), str(tmp_path / "new.md"), "-o",
                     str(tmp_path / "out.docx"), "--ignore-case")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.docx").read_bytes()[:2] == b"PK"
    result = run_cli("compare", str(tmp_path / "old.md"), str(tmp_path / "new.md"), "-o",
                     str(tmp_path / "out.pdf"))
    assert result.returncode == 2 and ".docx" in result.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_compare_command_unreadable_input_exits_3(tmp_path):
    (tmp_path / "new.md").write_text("x\n", encoding="utf-8")
    result = run_cli("compare", str(tmp_path / "missing.docx"), str(tmp_path / "new.md"), "-o",
                     str(tmp_path / "out.html"))
    assert result.returncode == 3 and "missing.docx" in result.stderr


def test_split_and_join_show_a_pilcrow_not_deleted_and_inserted_text():
    report = "Staff must report a lost device at once."
    approve = "Managers approve every personal device."
    a = doc("Intro.", f"{report} {approve}", "Passwords change.", "Accounts are reviewed.",
            "End.", name="old.docx")
    b = doc("Intro.", report, approve, "Passwords change. Accounts are reviewed.", "End.",
            name="new.docx")
    html = render_html(diff_documents(a, b))
    table = html.split("</div>", 1)[1]
    assert "<del>" not in table and "<ins>" not in table
    assert html.count('class="split"') == 2 and html.count('class="joined"') == 2
    pilcrow = '<span class="pb">\u00b6</span>'
    assert f"{report}{pilcrow} {approve}</td>" in table  # the break inside the old paragraph
    assert f"<td class=\"r\">{report}{pilcrow}</td>" in table  # the first part ends there
    assert "[split into 2 paragraphs]" in table and "[joined from 2 paragraphs]" in table
    assert "\u2191 part of the paragraph above" in table
    assert "\u2191 joined into the paragraph above" in table
    assert "<b>1</b> paragraph split</span>" in html and "<b>1</b> paragraph join</span>" in html
    assert f"{pilcrow} paragraph split or joined" in html  # the legend


def test_a_moved_table_is_reported_as_a_move_with_its_edit():
    from consolidator.model import Cell, Table

    def para(text: str) -> Block:
        return Block(id="", kind=BlockKind.PARAGRAPH, runs=(Run(text),))

    def table(*rows: tuple[str, ...]) -> Block:
        return Block(id="", kind=BlockKind.TABLE, table=Table(tuple(
            tuple(Cell((para(t),)) for t in row) for row in rows)))

    def document(name: str, *blocks: Block) -> SourceDocument:
        return SourceDocument(id=name, path=name, format="text", title=name,
                              blocks=finish_blocks(name, list(blocks)))

    texts = ("Purpose of the policy and who it is for.",
             "Staff must keep council email for council business.",
             "Records are kept for twelve months and then destroyed.")
    roles = (("Role", "Responsibilities"), ("Managers", "Approve shared mailboxes"))
    edited = (roles[0], ("Managers", "Authorise shared mailboxes"))
    a = document("old.docx", para(texts[0]), table(*roles), para(texts[1]), para(texts[2]))
    b = document("new.docx", para(texts[0]), para(texts[1]), para(texts[2]), table(*edited))
    html = render_html(diff_documents(a, b))
    rows = re.findall(r'<tr class="(moved-from|moved-to|deleted|inserted)">(.*?)</tr>', html,
                      re.S)
    assert [kind for kind, _ in rows] == ["moved-from", "moved-to"]
    assert "[moved from here, move 1]</span> Role\nResponsibilities\nManagers\n<del>Approve" \
        in rows[0][1] and "moved below (move 1)" in rows[0][1]
    assert "[moved to here, move 1]</span> Role\nResponsibilities\nManagers\n<ins>Authorise" \
        in rows[1][1] and "moved from above (move 1)" in rows[1][1]
    assert "<b>1</b> move<" in html
