"""PreviewView: the merged Digital Policy rendered in the app, as it will read once exported."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from consolidator.model import BlockKind, Cell, ConsolidatedDocument, MergedClause, Run
from consolidator.outline import list_labels, section_numbers
from consolidator.requirement_ids import labels_next
from ui.find_bar import FindBar
from ui.printing import html_document
from ui.release import let_go
from ui.view_find import TextFind

EMPTY_TEXT = (
    "<p style='margin:24px'>The merged Digital Policy appears here once you have loaded "
    "policies and opened the Consolidate view.</p>"
)


class PreviewView(QWidget):
    """A read-only rendering of a ConsolidatedDocument: numbered headings, clauses, tables."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName("Preview of the merged policy")
        self.browser.setAccessibleDescription(
            "The consolidated Digital Policy with numbered headings, as it will be exported."
        )
        self.find_bar = FindBar("Find in the Digital Policy", "Find in the preview")
        self.find_bar.hide()
        self.finder = TextFind(self.find_bar, self.browser, self, before_search=self._render)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        layout.addWidget(self.find_bar)
        self.browser.setHtml(EMPTY_TEXT)
        self._pending: tuple[ConsolidatedDocument | None] | None = None
        self._document: ConsolidatedDocument | None = None  # the one shown

    def set_document(self, doc: ConsolidatedDocument | None) -> None:
        """Shows `doc` (or the empty state when None), keeping the scroll position.

        Laying out a long policy takes Qt a while, so while the Preview is hidden the document
        is only kept, and rendered when the Preview is shown (or its text is asked for).
        """
        old, self._pending = self._pending, (doc,)
        let_go(old)  # the policy drafted before, never shown
        del old
        if self.isVisible():
            self._render()

    def show_find(self) -> None:
        """Ctrl+F: the find bar under the preview (Enter: next match, Esc: close)."""
        self.find_bar.open_bar()
        if self.find_bar.field.text():
            self.finder.search(self.find_bar.field.text())

    def print_document(self):
        """Returns (the Digital Policy as a document to print, its title), or None before
        there is one."""
        self._render()
        if self._document is None:
            return None
        title = self._document.title or "Digital Policy"
        return html_document(render_html(self._document), title), title

    def text(self) -> str:
        """Returns the preview's plain text, rendering a pending document first."""
        self._render()
        return self.browser.toPlainText()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._render()
        super().showEvent(event)

    def _render(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            return
        (doc,) = pending
        old, self._document = self._document, doc
        let_go(old)
        del pending, old
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setHtml(render_html(doc) if doc is not None else EMPTY_TEXT)
        bar.setValue(position)
        if self.find_bar.isVisible() and self.find_bar.field.text():
            self.finder.search(self.find_bar.field.text())  # the matches of the new text


def render_html(doc: ConsolidatedDocument) -> str:
    """Returns the document as simple HTML for QTextBrowser (Qt's rich-text subset)."""
    numbers = section_numbers(doc)
    labels = list_labels(doc)  # 1. / (a) / (i) and bullets, as the .docx numbers them
    parts = [f"<h1 style='font-size:20pt'>{html.escape(doc.title)}</h1>"]
    for section in doc.iter_sections():
        level = min(max(section.level, 1), 3)
        size = {1: "15pt", 2: "12.5pt", 3: "11pt"}[level]
        parts.append(
            f"<h{level + 1} style='font-size:{size}'>{numbers.get(section.id, '')}&nbsp;&nbsp;"
            f"{html.escape(section.title)}</h{level + 1}>"
        )
        clauses = section.clauses
        for n, clause in enumerate(clauses):
            if clause.kind is BlockKind.HEADING:  # a label: a heading below its section's
                depth = min(level + 1 + max(clause.level, 1), 6)
                parts.append(f"<h{depth} style='font-size:11pt'>{html.escape(clause.text)}"
                             f"</h{depth}>")
            elif labels_next(clause, clauses[n + 1] if n + 1 < len(clauses) else None,
                             clauses[n - 1] if n else None):  # "POL.ITAUP.001" over its rule
                parts.append("<p style='margin-bottom:0'>"
                             + "".join(_run_html(run) for run in clause.runs) + "</p>")
            else:
                parts.append(_clause_html(clause, labels.get(clause.id, "")))
    return "\n".join(parts)


def _clause_html(clause: MergedClause, label: str = "") -> str:
    if clause.kind is BlockKind.TABLE and clause.table is not None:
        rows = []
        for row in clause.table.rows:
            cells = "".join(f"<td style='padding:3px 6px'>{_cell_html(cell)}</td>" for cell in row)
            rows.append(f"<tr>{cells}</tr>")
        return (
            "<table border='1' cellspacing='0' style='border-collapse:collapse;margin:6px 0'>"
            + "".join(rows)
            + "</table>"
        )
    text = "".join(_run_html(run) for run in clause.runs)
    if clause.kind is BlockKind.LIST_ITEM:
        indent = 18 + 18 * clause.level
        marker = f"{html.escape(label)}&nbsp;&nbsp;" if label else ""
        return f"<p style='margin-left:{indent}px'>{marker}{text}</p>"
    return f"<p>{text}</p>"


def _cell_html(cell: Cell) -> str:
    """Returns a table cell's paragraphs with their formatting (a struck-out tool stays
    struck); a table inside it as plain text."""
    return "<br/>".join(html.escape(b.text) if b.table is not None else
                        "".join(_run_html(run) for run in b.runs) for b in cell.blocks)


def _run_html(run: Run) -> str:
    if run.revision.value == "deleted":
        return ""
    text = html.escape(run.text).replace("\n", "<br/>")
    if run.bold:
        text = f"<b>{text}</b>"
    if run.italic:
        text = f"<i>{text}</i>"
    if run.underline:
        text = f"<u>{text}</u>"
    if run.strike:
        text = f"<s>{text}</s>"
    if run.hyperlink:
        text = f"<a href='{html.escape(run.hyperlink, quote=True)}'>{text}</a>"
    return text
