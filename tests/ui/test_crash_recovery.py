"""Crash recovery: the app (a subprocess) autosaves scripted decisions, is killed (SIGKILL on POSIX,
TerminateProcess on Windows), and a restarted app offers the autosave and brings every decision
back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from consolidator.consolidation.plan import OUTLINE, Decision, DecisionKind
from tests.conftest import ROOT, SAMPLE_FILES


def draft_of_samples():
    from consolidator import read_document
    from consolidator.consolidation.align import align_sections
    from consolidator.consolidation.clauses import analyse_clauses
    from consolidator.consolidation.draft import draft_plan

    docs = [read_document(p) for p in SAMPLE_FILES]
    alignment = align_sections(docs)
    analysis = analyse_clauses(docs, alignment)
    return draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)


def scripted_decisions(plan) -> list[Decision]:
    chapters = [s.id for s in plan.sections if s.level == 1]
    return [
        Decision(DecisionKind.CUSTOM, plan.clauses[2].id, "Recovered wording, exactly."),
        Decision(DecisionKind.EXCLUDE, plan.clauses[9].id),
        Decision(DecisionKind.RENAME, plan.sections[1].id, "Who this policy covers"),
        Decision(DecisionKind.KEEP, plan.conflicts[0].id),
        Decision(DecisionKind.REORDER, OUTLINE, order=(chapters[3], chapters[0])),
    ]


def autosaved_decisions(folder: Path) -> set[Decision]:
    from consolidator.session import SessionError, load_session

    found: set[Decision] = set()
    for path in folder.glob("autosave/*.session.json"):
        try:
            found |= set(load_session(path).all_decisions)
        except SessionError:  # caught between writes: atomic rename makes this unlikely
            pass
    return found


# What a killed process returns: -SIGKILL on POSIX; Popen.kill() is TerminateProcess(1) on Windows.
KILLED = -signal.SIGKILL if hasattr(signal, "SIGKILL") else 1

# The app, driven: once the draft is shown, the decisions in the JSON file (argv[1]) are made one
# at a time through the view, as clicks would make them; the rest of argv starts the app.
DRIVER = """
import json, sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
import ui.consolidate_view as consolidate_view
from consolidator.consolidation.plan import Decision, DecisionKind

entries = json.load(open(sys.argv[1], encoding="utf-8"))
decisions = [Decision(DecisionKind(e["kind"]), e["target"], e["value"], tuple(e["order"]))
             for e in entries]
install = consolidate_view.install_consolidate_view

def driven(window, data_dir=None):
    view = install(window, data_dir)

    def step(remaining):
        if remaining:
            view.apply_decisions([remaining[0]], "Scripted decision")
            QTimer.singleShot(50, lambda: step(remaining[1:]))

    view.controller.draft_ready.connect(lambda: step(decisions))
    return view

consolidate_view.install_consolidate_view = driven
from ui.launcher import main
sys.exit(main(sys.argv[2:]))
"""


def test_killed_app_recovers_every_decision(qtbot, main_window, tmp_path, monkeypatch):
    decisions = scripted_decisions(draft_of_samples())
    script = tmp_path / "decisions.json"
    script.write_text(json.dumps([
        {"kind": d.kind.value, "target": d.target, "value": d.value, "order": list(d.order)}
        for d in decisions]), encoding="utf-8")
    data_dir = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               POLICY_CONSOLIDATOR_DATA_DIR=str(data_dir))
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(root=str(ROOT)), encoding="utf-8")
    command = [sys.executable, str(driver), str(script), "--settings",
               str(tmp_path / "app.ini"), *map(str, SAMPLE_FILES)]
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while set(decisions) - autosaved_decisions(data_dir):
            assert child.poll() is None, child.stderr.read().decode(errors="replace")
            assert time.monotonic() < deadline, "the app never autosaved the decisions"
            time.sleep(0.2)  # polling another process's files, not waiting on Qt
        child.kill()  # no chance to clean up: a crash (SIGKILL, or TerminateProcess on Windows)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(30)
        child.stderr.close()
    assert child.returncode == KILLED

    # Restart (in this process) on the same data folder: recovery is offered and accepted.
    from ui.consolidate_view import install_consolidate_view

    monkeypatch.setenv("POLICY_CONSOLIDATOR_DATA_DIR", str(data_dir))
    offered = []
    monkeypatch.setattr("ui.session_controller.ask_recover",
                        lambda parent, saved_at, sources: offered.append(sources) or True)
    view = install_consolidate_view(main_window)
    main_window.add_files(SAMPLE_FILES)
    qtbot.waitUntil(lambda: view.store.plan is not None
                    and set(decisions) <= set(view.store.plan.decisions), timeout=30000)
    assert len(offered) == 1 and len(offered[0]) == 4
    assert main_window.isWindowModified()  # recovered work is not saved work
    rc = view.store.resolved_clause(decisions[0].target)
    assert rc.text == "Recovered wording, exactly." and rc.edited
    assert view.store.resolved_clause(decisions[1].target).excluded
    main_window.undo_stack.setClean()
