"""The review in the window: Start review, the Review view, the carried decisions in Consolidate,
the committee pack, a Digital Policy opened, a lost record, and reviews due on the welcome page."""

from __future__ import annotations

import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from consolidator.consolidation.align import align_sections
from consolidator.consolidation.clauses import analyse_clauses
from consolidator.consolidation.draft import draft_plan
from consolidator.consolidation.merge import consolidate
from consolidator.consolidation.plan import Decision, DecisionKind
from consolidator.metadata import PolicyMetadata
from consolidator.readers import read_document
from consolidator.review.embedded import read_record
from consolidator.review.record import build_record, record_to_xml
from consolidator.session import save_session, session_from
from consolidator.writers.policy_docx import export_policy
from tests.ui.helpers import write_docx_policy
from ui import review_controller
from ui.review_welcome import due_text

EMAIL = ["Staff must not use email to send offensive or discriminatory material.",
         "A lost laptop must be reported to the ICT Service Desk within 24 hours.",
         "Signatures show the sender's name and job title."]
SOCIAL = ["Staff must not use social media to send offensive or discriminatory material.",
          "A lost laptop must be reported to the ICT Service Desk within 48 hours.",
          "Only the communications team runs official accounts."]
OWN = "Report a lost laptop to the ICT Service Desk at once."


@pytest.fixture
def window(qtbot, main_window, tmp_path, monkeypatch):
    """Returns the main window with every view installed (as the app has it)."""
    monkeypatch.setenv("POLICY_CONSOLIDATOR_DATA_DIR", str(tmp_path / "data"))
    from ui.views import install_views

    install_views(main_window)
    yield main_window
    main_window.undo_stack.setClean()


def approved_policy(folder: Path) -> tuple[Path, list[Path]]:
    """Returns an approved Digital Policy 1.0 (own wording on the Email laptop clause) made from
    two Word policies in `folder`, and those policies."""
    sources = [write_docx_policy(folder, "Email Policy.docx", "Email Policy", EMAIL),
               write_docx_policy(folder, "Social Media Policy.docx", "Social Media Policy",
                                 SOCIAL)]
    docs = [read_document(p) for p in sources]
    alignment = align_sections(docs)
    analysis = analyse_clauses(docs, alignment)
    plan = draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)
    laptop = next(b for b in docs[0].blocks if "24 hours" in b.text)
    clause = plan.clause_of_block()[f"{docs[0].id}/{laptop.id}"]
    plan = plan.with_decision(Decision(DecisionKind.CUSTOM, clause, value=OWN))
    metadata = PolicyMetadata(status="Approved", approval_date=date(2026, 12, 10))
    merged = consolidate(docs, plan)
    path = export_policy(merged, folder / "Digital Policy 1.0.docx", metadata,
                         record=record_to_xml(build_record(docs, plan, metadata, merged)))
    save_session(session_from(docs, alignment.pins, plan.decisions), folder / "v1.pcsession")
    return path, sources


def edit_email(folder: Path) -> None:
    """The Email Policy changes in place: the laptop clause is reworded."""
    write_docx_policy(folder, "Email Policy.docx", "Email Policy",
                      [EMAIL[0], EMAIL[1].replace("24 hours", "one working day"), EMAIL[2]])


def wait_for_review(qtbot, window) -> None:
    view = window.views["review"]
    consolidate_view = window.views["consolidate"]
    qtbot.waitUntil(lambda: view.review is not None and consolidate_view.store.plan is not None
                    and not window.runner.is_busy(), timeout=60000)


def test_before_a_review_the_view_says_what_one_is_and_starts_it(qtbot, window, tmp_path,
                                                                 monkeypatch):
    view = window.views["review"]
    assert window.actions_by_name["view_review"].isEnabled()  # View > Review (Ctrl+4)
    window.actions_by_name["view_review"].trigger()
    assert window.work_tabs.currentWidget() is view
    assert view.isEnabled() and not view.body.isVisibleTo(view)  # no greyed placeholders
    approved, _ = approved_policy(tmp_path)
    edit_email(tmp_path)
    monkeypatch.setattr(review_controller, "ask_approved_policy", lambda *a: str(approved))
    start = next(b for b in view.empty.findChildren(QPushButton)
                 if b.text() == "Start review...")
    start.click()
    wait_for_review(qtbot, window)
    assert view.body.isVisibleTo(view) and not view.empty.isVisibleTo(view)


def test_start_review_shows_what_changed_and_carries_the_decisions(qtbot, window, tmp_path,
                                                                   monkeypatch):
    approved, _ = approved_policy(tmp_path)
    edit_email(tmp_path)
    monkeypatch.setattr(review_controller, "ask_approved_policy", lambda *a: str(approved))
    window.actions_by_name["start_review"].trigger()
    wait_for_review(qtbot, window)
    view = window.views["review"]
    assert window.work_tabs.currentWidget() is view
    assert [view.sources.item(n).text() for n in range(view.sources.count())] == [
        "Email Policy.docx: changed (1 change)", "Social Media Policy.docx: unchanged"]
    assert view.compare.header.text() == "Email Policy: 1 change since approval"
    assert view.compare.presentation is not None
    decisions = [view.decisions.item(n).text() for n in range(view.decisions.count())]
    assert len(decisions) == 1
    assert decisions[0].startswith("\u26a0 Check again: Own wording \u201cA lost laptop must be "
                                   "reported to the ICT Service Desk within one wor\u2026\u201d "
                                   "\u2014 Email Policy")
    assert decisions[0].endswith("changed since approval")
    assert view.version.text() == "1.1"
    problems = [p for p in window.problems.problems() if p.message.startswith("Check again")]
    assert len(problems) == 1 and problems[0].target[0] == "clause"
    # the window now holds the current policies with the author's wording carried forward
    consolidate_view = window.views["consolidate"]
    assert sorted(d.name for d in consolidate_view.store.docs) == [
        "Email Policy.docx", "Social Media Policy.docx"]
    custom = [d for d in consolidate_view.store.plan.decisions if d.kind is DecisionKind.CUSTOM]
    assert [d.value for d in custom] == [OWN]
    assert problems[0].target[1] == custom[0].target
    # Check again goes to the clause in Consolidate
    window.problems.problem_activated.emit(problems[0])
    assert window.work_tabs.currentWidget() is consolidate_view
    assert consolidate_view.outline.selected == custom[0].target


def test_the_committee_pack_is_written_from_the_review(qtbot, window, tmp_path, monkeypatch):
    approved, _ = approved_policy(tmp_path)
    edit_email(tmp_path)
    window.views["review"].controller.start(str(approved))
    wait_for_review(qtbot, window)
    view = window.views["review"]
    view.approved.setChecked(True)
    view.approval.setDate(date(2027, 6, 9))
    assert view.next_review.text().startswith("9 December 2027")
    pack = tmp_path / "pack"
    pack.mkdir()
    monkeypatch.setattr(review_controller, "ask_pack_path",
                        lambda parent, folder, name: str(pack / name))
    view.pack_button.click()
    qtbot.waitUntil(lambda: bool(view.pack_result.text()) and not window.runner.is_busy(),
                    timeout=60000)
    policy = pack / "Digital Policy 1.1.docx"
    redline, summary = review_controller.pack_paths(policy)
    assert policy.is_file() and redline.is_file() and summary.is_file()
    record = read_record(policy)
    assert record.metadata.version == "1.1"
    assert record.metadata.next_review_date == date(2027, 12, 9)
    assert [e.version for e in record.metadata.history()] == ["1.0", "1.1"]
    assert OWN in read_document(policy).plain_text()
    # the new version's review is the one to come; the approved one's is done
    remembered = [p["path"] for p in window.settings.recent_policies()]
    assert remembered == [str(policy)]


def test_opening_a_digital_policy_offers_its_review(qtbot, window, tmp_path, monkeypatch):
    approved, _ = approved_policy(tmp_path)
    asked = []
    monkeypatch.setattr(review_controller, "ask_open_policy",
                        lambda parent, name: asked.append(name) or "review")
    window.open_paths([str(approved)])
    wait_for_review(qtbot, window)
    assert asked == ["Digital Policy 1.0.docx"]
    view = window.views["review"]
    assert view.summary.text().startswith("0 policies changed")
    assert "1 carried" in view.summary.text()  # the session restored, without its file
    assert "Digital Policy 1.0.docx" not in [d.name for d in
                                             window.views["consolidate"].store.docs]


def test_a_digital_policy_can_still_be_added_as_a_policy(qtbot, window, tmp_path, monkeypatch):
    approved, _ = approved_policy(tmp_path)
    monkeypatch.setattr(review_controller, "ask_open_policy", lambda parent, name: "add")
    with qtbot.waitSignal(window.loading_finished, timeout=30000):
        window.open_paths([str(approved)])
    assert [e.document.name for e in window.sources_model.entries()] == [
        "Digital Policy 1.0.docx"]
    assert window.views["review"].review is None


def test_a_lost_record_asks_for_the_session_file(qtbot, window, tmp_path, monkeypatch):
    approved, _ = approved_policy(tmp_path)
    stripped = tmp_path / "Saved elsewhere.docx"
    with zipfile.ZipFile(approved) as src, zipfile.ZipFile(stripped, "w") as dst:
        for info in src.infolist():
            if not info.filename.startswith("customXml/"):
                dst.writestr(info, src.read(info))
    asked = []
    monkeypatch.setattr(review_controller, "ask_session_instead",
                        lambda parent, message, folder: asked.append(message)
                        or str(tmp_path / "v1.pcsession"))
    window.views["review"].controller.start(str(stripped))
    wait_for_review(qtbot, window)
    assert "Saved elsewhere.docx holds no record of the session it was made from" in asked[0]
    assert "1 carried" in window.views["review"].summary.text()


def test_reviews_due_within_thirty_days_or_past_are_on_the_welcome_page(window, tmp_path):
    today = date(2027, 5, 20)
    for name, days in (("Due soon", 12), ("Overdue", -3), ("Later", 90)):
        window.settings.add_recent_policy(tmp_path / f"{name}.docx", name, "1.0",
                                          (today + timedelta(days=days)).isoformat())
    controller = window.views["review"].controller
    assert controller.refresh_due(today) == 2
    due = controller.due
    assert due.isVisibleTo(window.welcome) and due.list.isVisibleTo(window.welcome)
    assert [due.list.item(n).text() for n in range(due.list.count())] == [
        "Overdue 1.0: review overdue since 17 May 2027",
        "Due soon 1.0: review due 1 June 2027 (in 12 days)"]
    assert due_text("Digital Policy", "1.1", today, today) == \
        "Digital Policy 1.1: review due today"
    assert controller.refresh_due(date(2026, 1, 1)) == 0
    assert not due.list.isVisibleTo(window.welcome)


def test_export_embeds_the_record_and_remembers_the_next_review(qtbot, window, tmp_path):
    from ui.export_dialog import export_to

    _, sources = approved_policy(tmp_path)
    window.add_files([str(p) for p in sources])
    consolidate_view = window.views["consolidate"]
    qtbot.waitUntil(lambda: consolidate_view.store.plan is not None
                    and not window.runner.is_busy(), timeout=30000)
    store = consolidate_view.store
    metadata = PolicyMetadata(version="2.0", approval_date=date(2027, 1, 15), review_months=12)
    target = tmp_path / "Exported.docx"
    export_to(window, store.docs, store.plan, str(target), metadata)
    qtbot.waitUntil(lambda: bool(window.settings.recent_policies())
                    and not window.runner.is_busy(), timeout=30000)
    record = read_record(target)
    assert record.metadata.version == "2.0"
    assert [s.path for s in record.session.sources] == ["Email Policy.docx",
                                                        "Social Media Policy.docx"]
    assert window.settings.recent_policies()[0] == {
        "path": str(target), "title": "Digital Policy", "version": "2.0",
        "next_review": "2028-01-15"}
