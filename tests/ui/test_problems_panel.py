"""The Problems dock leads with what matters (issue #15, point 8): one row per kind with a count,
conflicts first, and what becomes of the sources' "OFFICIAL" marking."""

from __future__ import annotations

from consolidator import read_document
from tests.conftest import SAMPLE_FILES
from ui.problems import Problem, ProblemsPanel
from ui.reader_problems import load_problems


def test_the_samples_header_warnings_are_one_row_naming_the_marking(qtbot):
    docs = [read_document(p) for p in SAMPLE_FILES]
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.set_problems("load", load_problems(docs))
    panel.set_problems("conflicts", [Problem(f"Reason {n}", ("conflict", f"c{n}"), "conflict",
                                             "Conflicts to decide") for n in range(14)])
    assert panel.rows() == [
        "Conflicts to decide (14)",
        "Page headers and footers not imported: the \u201cOFFICIAL\u201d marking goes into the "
        "export's header and footer (4)"]
    headers = panel.topLevelItem(1)
    assert [headers.child(n).text(0).split(":")[0] for n in range(4)] == [
        d.name for d in docs]


def test_a_lone_problem_is_a_row_of_its_own_and_an_empty_panel_says_so(qtbot):
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    assert panel.rows() == ["No problems found."]
    panel.set_problems("x", [Problem("Something to look at", "t")])
    assert panel.rows() == ["Something to look at"]
