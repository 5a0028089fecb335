"""Saved sessions give the same Digital Policy, byte for byte, whatever the engine's insides.

The sessions and the fingerprints of their exports in tests/data/golden/ were made by
tools/make_golden_sessions.py before the decision engine was reshaped; this test holds every
later version of the code to them. Undo and redo are value swaps that give back the same plans.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consolidator.session import session_from_json
from tools.make_golden_sessions import SESSIONS, export_fingerprint, sample_draft

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"


@pytest.fixture(scope="module")
def draft():
    return sample_draft()


@pytest.mark.parametrize("name", sorted(SESSIONS))
def test_a_saved_session_gives_the_same_export_byte_for_byte(name, draft, tmp_path):
    docs, plan = draft
    session = session_from_json((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    saved = type(plan)(plan.sections, plan.clauses, plan.conflicts, session.all_decisions,
                       plan.blanks)
    applied, dropped = saved.rebased(plan)  # as merge --session and the window do
    assert dropped == ()
    expected = json.loads((GOLDEN / "exports.json").read_text(encoding="utf-8"))[name]
    assert export_fingerprint(docs, applied, tmp_path, name) == expected


@pytest.mark.parametrize("name", sorted(SESSIONS))
def test_undo_and_redo_of_each_decision_give_back_the_same_plans(name, draft):
    _, plan = draft
    session = session_from_json((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    history = [plan]
    for decision in session.all_decisions:
        if decision in history[-1].decisions or not history[-1].valid(decision):
            continue  # a draft default, or a section another decision makes
        history.append(history[-1].with_decision(decision))
    undone = history[-1]
    for before, after in zip(reversed(history[:-1]), reversed(history[1:]), strict=True):
        new = next(d for d in after.decisions if d not in before.decisions)
        old = before.decision(new.id)
        undone = undone.with_decision(old) if old is not None else undone.without_decision(new.id)
        assert undone == before
    for after in history[1:]:
        new = next(d for d in after.decisions if d not in undone.decisions)
        undone = undone.with_decision(new)
        assert undone == after
