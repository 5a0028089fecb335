"""Help: the in-app help page (F1), the keyboard shortcuts list and the About box."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui import shortcuts, theme
from ui.errors import log_directory, versions

HELP_HTML = """
<h1>Policy Consolidator</h1>
<p>Policy Consolidator turns separate policies &mdash; for example Social Media, Internet, Email
and Mobile Phone &mdash; into one Digital Policy ready for committee.</p>

<h2>1. Load your policies</h2>
<p>Choose <b>File &gt; Add policies...</b> ({add}), drag the files (or a folder holding them) onto
the window, or try the <b>sample policies</b> from the welcome page. Word documents (.docx) work
best; .odt, .pdf, .md and .txt files can be read too.</p>
<p>The <b>Sources</b> panel lists each policy with what it covers, its length, and any
<b>warnings</b> &mdash; content the app could not represent, such as pictures or equations. Nothing
is dropped without a warning. If a file changes on disk while it is loaded, the panel offers to
reload it. Loading the same file twice is noticed and skipped.</p>
<p>Check the <b>Covers</b> column: the app guesses whether each policy is about social media,
the internet, email or mobile phones, and gives its own rules that channel's chapter of the
Digital Policy. Double-click the value to correct it: the draft follows, the choice is saved
with your work, and <b>Edit &gt; Undo</b> takes it back.</p>

<h2>2. Compare</h2>
<p>The <b>Compare</b> view shows two policies (or two versions of one) side by side with the
changes highlighted, or as one document with the changes marked as Word's tracked changes
(<b>Show</b>). <b>Compare with file...</b> puts the older version on the left. Use
<b>Go &gt; Next change</b> ({next}) and <b>Previous change</b> ({prev}) to step through the
changes. Choose <b>Digital Policy (draft)</b> on one side to see what the merge changed in a
policy; <b>Use in Digital Policy</b> takes the wording on one side of a change into it.</p>

<h2>3. Consolidate</h2>
<p>The <b>Consolidate</b> view lines the policies up section by section, shows clauses that
repeat across policies and clauses that contradict each other, and proposes a merged outline.
Accept, choose between variants, edit (<b>Ctrl+Enter</b> accepts your wording) or reorder
(<b>{move_up}</b> / <b>{move_down}</b>, or drag); <b>Undo</b> ({undo}) and <b>Redo</b>
({redo}) always work. <b>Show in source</b> opens a policy at a clause. The <b>Problems</b>
panel lists what still needs a decision, one row per kind; double-click an entry to go to
it. <b>Find</b> ({find}) works in every view.</p>

<h2>4. Export and print</h2>
<p><b>File &gt; Export Digital Policy...</b> ({export}) writes a Word document with a title page,
document control, contents (with page numbers when LibreOffice is installed), numbered
headings and an appendix showing where every clause came from; then <b>Open document</b> or
<b>Show in folder</b>. <b>File &gt; Print</b> ({print}) prints the comparison or the Digital
Policy, after a preview. The document also keeps,
invisibly, a record of how it was made, for its next review.</p>

<h2>5. Review</h2>
<p>When the policy's review is due (the welcome page lists it), use <b>File &gt; Start
review...</b> and open the approved Digital Policy. The <b>Review</b> view shows which policies
changed since approval, with their approved and current text side by side, your decisions
carried forward (<b>check again</b> where a clause changed: double-click to go to it) and any
new conflicts, and drafts the next version. <b>Make committee pack...</b> writes the new
policy, a copy with tracked changes against the approved one, and a one-page summary of the
changes.</p>

<h2>Where your data goes</h2>
<p>Everything stays on this computer. Source files are opened read-only and never changed.
The app writes only the files you ask for (exports and sessions) and its own settings. If
something goes wrong, an error report is saved in <code>{logs}</code>.</p>
"""


def help_html() -> str:
    """Returns the help page, with the current shortcuts filled in."""
    return HELP_HTML.format(
        add=shortcuts.text(shortcuts.ADD_POLICIES),
        next=shortcuts.text(shortcuts.NEXT_CHANGE),
        prev=shortcuts.text(shortcuts.PREVIOUS_CHANGE),
        undo=shortcuts.text(shortcuts.UNDO),
        redo=shortcuts.text(shortcuts.REDO[:1]),
        export=shortcuts.text(shortcuts.EXPORT_POLICY),
        move_up=shortcuts.text(shortcuts.MOVE_UP), move_down=shortcuts.text(shortcuts.MOVE_DOWN),
        find=shortcuts.text(shortcuts.FIND), print=shortcuts.text(shortcuts.PRINT),
        logs=html.escape(str(log_directory())),
    )


class HelpDialog(QDialog):
    """The help page in a resizable, non-modal window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Policy Consolidator Help")
        self.setAccessibleName("Help")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Help text")
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(help_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(theme.em(self, 36), theme.em(self, 34))


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut, read from ui.shortcuts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        self.table = QTableWidget(len(shortcuts.TABLE), 2)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (what, keys) in enumerate(shortcuts.TABLE):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(shortcuts.text(keys)))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(theme.em(self, 26), theme.em(self, 28))


def about_html() -> str:
    rows = "".join(f"<tr><td>{html.escape(name)}</td><td>&nbsp;&nbsp;{html.escape(value)}</td></tr>"
                   for name, value in versions())
    return ("<h2>Policy Consolidator</h2>"
            "<p>Turns a council's separate policies into one committee-ready Digital Policy.</p>"
            f"<table>{rows}</table>")


class AboutDialog(QDialog):
    """The app's purpose and the versions of everything it runs on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Policy Consolidator")
        self.setAccessibleName("About Policy Consolidator")
        icon = QLabel()
        size = theme.em(self, 4)
        icon.setPixmap(theme.app_icon().pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        icon.setAccessibleName("Application icon")
        self.text = QLabel(about_html())
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("About")
        self.text.setWordWrap(True)
        row = QHBoxLayout()
        row.setSpacing(theme.SPACING_WIDE)
        row.addWidget(icon)
        row.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN * 2, theme.MARGIN * 2, theme.MARGIN * 2,
                                  theme.MARGIN)
        layout.addLayout(row)
        layout.addWidget(buttons)
