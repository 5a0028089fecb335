"""What Word Compare, WinMerge and Meld users reach for (issue #15, point 14): one document with
the changes marked, a change taken from Compare into the Digital Policy, the Digital Policy
compared with a source, a source opened at a clause, and printing with a preview."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrintPreviewDialog

from consolidator.consolidation.as_document import DRAFT_ID
from consolidator.consolidation.plan import DecisionKind
from consolidator.diffing import RowKind
from tests.ui.helpers import write_docx_policy
from ui.printing import print_to_pdf


def compared(qtbot, window, left_id: str, right_id: str):
    compare = window.views["compare"]
    window.show_view("compare")
    with qtbot.waitSignal(compare.comparison_shown, timeout=20000):
        compare.picker.choose(0, left_id)
        compare.picker.choose(1, right_id)
    return compare


def doc_named(window, name):
    return next(d for d in window.sources_model.documents() if d.name == name)


def test_one_document_with_the_changes_marked(qtbot, app_window):
    compare = compared(qtbot, app_window, doc_named(app_window, "email.docx").id,
                       doc_named(app_window, "social.docx").id)
    compare.show_mode.setCurrentIndex(1)
    qtbot.waitUntil(compare.tracked.isVisible)
    text = compare.tracked.toPlainText()
    assert "24" in text and "48" in text  # the old figure struck, the new underlined
    html = compare.tracked.html()
    assert "line-through" in html and "underline" in html
    compare.next_change()
    assert compare.current_row >= 0  # navigation goes on in this view


def test_the_digital_policy_compared_with_a_source_and_a_source_shown_at_a_clause(
        qtbot, app_window):
    compare = app_window.views["compare"]
    ids = [compare.picker.doc_combos[1].itemData(n)
           for n in range(compare.picker.doc_combos[1].count())]
    assert DRAFT_ID in ids  # "Digital Policy (draft)" can be chosen on either side
    consolidate = app_window.views["consolidate"]
    clause = next(c for c in consolidate.store.plan.clauses if "chain letters" in c.text)
    ref = clause.sources[0]
    consolidate.select_item(clause.id)
    qtbot.waitUntil(lambda: consolidate.variants.clause_id == clause.id)
    with qtbot.waitSignal(compare.comparison_shown, timeout=20000):
        consolidate.variants.source_requested.emit(ref.document_id, ref.block_id)
    assert app_window.current_view_key() == "compare"
    assert compare.picker.document(0).id == ref.document_id
    assert compare.picker.document(1).id == DRAFT_ID
    qtbot.waitUntil(lambda: compare.current_row >= 0)
    row = compare.presentation.diff.rows[compare.current_row]
    assert row.left is not None and row.left.id == ref.block_id


def test_a_wording_is_taken_from_compare_into_the_digital_policy(qtbot, app_window, tmp_path):
    older = write_docx_policy(tmp_path, "email v1.docx", "Email Policy", [
        "This policy explains how staff use email.",
        "A lost laptop must be reported to the ICT Service Desk straight away.",
        "Staff must not use email to send chain letters."])
    email = doc_named(app_window, "email.docx")
    compare = app_window.views["compare"]
    app_window.show_view("compare")
    compare.picker.choose(0, email.id)
    with qtbot.waitSignal(compare.comparison_shown, timeout=20000):
        compare.compare_with_file(str(older))
    changed = next(n for n, r in enumerate(compare.presentation.diff.rows)
                   if r.kind is RowKind.CHANGED and "laptop" in r.left.text)
    compare.set_current_row(changed)
    side = next(s for s in (0, 1) if "straight away" in
                (compare.presentation.diff.rows[changed].left if s == 0 else
                 compare.presentation.diff.rows[changed].right).text)
    assert compare.link.offer_for(side) is not None
    assert compare.link.offer(side)
    consolidate = app_window.views["consolidate"]
    qtbot.waitUntil(lambda: any("straight away" in c.text
                                for c in consolidate.store.resolved.clauses() if c.in_output))
    decision = next(d for d in consolidate.store.plan.decisions
                    if d.kind is DecisionKind.CUSTOM)
    assert "straight away" in decision.value
    assert app_window.undo_stack.undoText().startswith("Take the wording from Compare")


def test_ctrl_p_previews_the_comparison_and_the_digital_policy(qtbot, app_window, tmp_path):
    compared(qtbot, app_window, doc_named(app_window, "email.docx").id,
             doc_named(app_window, "internet.docx").id)
    preview = app_window.actions_by_name["print"]
    assert preview.isEnabled()
    dialog = app_window.print_view()
    assert isinstance(dialog, QPrintPreviewDialog) and dialog.isVisible()
    dialog.close()
    document, title = app_window.views["compare"].print_document()
    pdf = print_to_pdf(document, tmp_path / "compare.pdf")
    text = pdf_text(pdf)
    assert "email.docx" in text and "internet.docx" in text
    app_window.show_view("preview")
    dialog = app_window.print_view()
    assert isinstance(dialog, QPrintPreviewDialog)
    dialog.close()
    document, title = app_window.views["preview"].print_document()
    assert "chain letters" in pdf_text(print_to_pdf(document, tmp_path / "policy.pdf"))


def pdf_text(path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
