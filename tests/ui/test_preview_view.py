"""The Preview shows the merged policy with the heading numbers the export will have."""

from consolidator.model import (
    Block,
    BlockKind,
    Cell,
    ConsolidatedDocument,
    MergedClause,
    MergedSection,
    Run,
    Table,
)
from ui.preview_view import PreviewView


def _doc() -> ConsolidatedDocument:
    clause = MergedClause(
        id="c1",
        kind=BlockKind.PARAGRAPH,
        runs=(Run("Staff must "), Run("not", bold=True), Run(" share passwords.")),
    )
    bullet = MergedClause(id="c2", kind=BlockKind.LIST_ITEM, runs=(Run("Report lost phones."),))
    table = MergedClause(
        id="c3",
        kind=BlockKind.TABLE,
        table=Table(
            rows=((Cell(blocks=(Block(id="x", kind=BlockKind.PARAGRAPH, runs=(Run("Role"),)),)),),)
        ),
    )
    sub = MergedSection(id="s2a", title="Personal use", level=2, clauses=(bullet, table))
    return ConsolidatedDocument(
        title="Digital Policy",
        sections=(
            MergedSection(id="s1", title="Introduction", level=1, clauses=(clause,)),
            MergedSection(id="s2", title="Internet", level=1, children=(sub,)),
        ),
        ledger=(),
        sources=(),
    )


def test_preview_numbers_headings_and_shows_every_clause(qtbot):
    view = PreviewView()
    qtbot.addWidget(view)
    view.set_document(_doc())
    text = view.text()
    assert "1\u00a0\u00a0Introduction" in text or "1  Introduction" in text
    assert "2.1" in text and "Personal use" in text
    assert "Staff must not share passwords." in text
    assert "Report lost phones." in text
    assert "Role" in text


def test_preview_empty_state_explains_what_to_do(qtbot):
    view = PreviewView()
    qtbot.addWidget(view)
    view.set_document(None)
    assert "Consolidate" in view.text()


def test_hidden_preview_renders_only_when_shown(qtbot):
    view = PreviewView()
    qtbot.addWidget(view)
    view.set_document(_doc())
    assert "Introduction" not in view.browser.toPlainText()  # no layout work while hidden
    view.show()
    qtbot.waitExposed(view)
    assert "Introduction" in view.browser.toPlainText()


def test_preview_shows_the_list_numbers_the_export_has(qtbot):
    """Preview and .docx number lists alike (the labels are checked against the exported file
    in tests/core/test_list_labels.py)."""
    from consolidator.outline import list_labels

    items = tuple(MergedClause(id=f"i{n}", kind=BlockKind.LIST_ITEM, runs=(Run(text),),
                               level=level, numbered=True)
                  for n, (text, level) in enumerate((("First rule.", 0), ("Second rule.", 0),
                                                     ("A detail.", 1))))
    doc = ConsolidatedDocument(title="Digital Policy", ledger=(), sources=(), sections=(
        MergedSection(id="s1", title="Rules", level=1, clauses=items),))
    view = PreviewView()
    qtbot.addWidget(view)
    view.set_document(doc)
    lines = [" ".join(line.replace("\u00a0", " ").split()) for line in view.text().splitlines()]
    labels = list_labels(doc)
    assert [labels[c.id] for c in items] == ["1.", "2.", "(a)"]
    assert "1. First rule." in lines and "2. Second rule." in lines and "(a) A detail." in lines


def test_preview_prints_labels_as_headings_and_identifiers_over_their_rule_as_the_export():
    from ui.preview_view import render_html

    label = MergedClause(id="h", kind=BlockKind.HEADING, runs=(Run("Chain letters"),), level=1)
    rule_id = MergedClause(id="i", kind=BlockKind.LIST_ITEM, runs=(Run("POL.ITAUP.001"),))
    rule = MergedClause(id="r", kind=BlockKind.PARAGRAPH,
                        runs=(Run("All Users must be made aware of this policy."),))
    doc = ConsolidatedDocument(
        title="Digital Policy",
        sections=(MergedSection(id="s1", title="Email", level=1,
                                clauses=(label, rule_id, rule)),),
        ledger=(), sources=())
    page = render_html(doc)
    assert "<h3 style='font-size:11pt'>Chain letters</h3>" in page  # under the section's <h2>
    assert "<p style='margin-bottom:0'>POL.ITAUP.001</p>" in page  # a line, not a bullet


def test_a_struck_out_tool_in_a_table_is_struck_in_the_preview():
    """The Preview printed NHS England's struck-out 'Skype for Business' row as plain text, as
    if the tool were still approved (the export strikes it)."""
    from ui.preview_view import render_html

    cell = Cell(blocks=(Block(id="x", kind=BlockKind.PARAGRAPH,
                              runs=(Run("Skype for Business", strike=True),)),))
    tools = MergedClause(id="t", kind=BlockKind.TABLE, table=Table(rows=((cell,),)))
    doc = ConsolidatedDocument(title="Digital Policy", ledger=(), sources=(), sections=(
        MergedSection(id="s1", title="Tools", level=1, clauses=(tools,)),))
    assert "<s>Skype for Business</s>" in render_html(doc)
