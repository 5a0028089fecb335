"""Find in the Consolidate view's outline and in the Preview: each keeps its matches and steps
through them with a FindBar (ui/find_bar.py), as Find does in the Compare view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from ui import theme
from ui.find_bar import FindBar


class OutlineFind(QObject):
    """Matches are outline items (sections by title, clauses by wording); each step selects
    one in the outline. The matches are worked out again when the plan changes."""

    def __init__(self, bar: FindBar, find: Callable[[str], list[str]],
                 select: Callable[[str], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bar = bar
        self.find = find
        self.select = select
        self.matches: list[str] = []
        self.current = -1
        bar.text_changed.connect(self.search)
        bar.next_requested.connect(lambda: self.step(1))
        bar.previous_requested.connect(lambda: self.step(-1))

    def search(self, text: str) -> None:
        self.matches = self.find(text)
        self.current = -1
        self.bar.set_count(-1, len(self.matches))
        if self.matches:
            self.step(1)

    def refresh(self) -> None:
        """The outline changed: the same text is looked for again (the count follows)."""
        if self.bar.isVisible() and self.bar.field.text():
            current = self.matches[self.current] if 0 <= self.current < len(self.matches) else ""
            self.matches = self.find(self.bar.field.text())
            self.current = self.matches.index(current) if current in self.matches else -1
            self.bar.set_count(self.current, len(self.matches))

    def step(self, step: int) -> None:
        if not self.matches:
            return
        self.current = (self.current + step) % len(self.matches)
        self.bar.set_count(self.current, len(self.matches))
        self.select(self.matches[self.current])


class TextFind(QObject):
    """Matches in a QTextBrowser: all of them tinted, the current one selected and scrolled
    to."""

    def __init__(self, bar: FindBar, browser: QTextBrowser, parent: QObject | None = None,
                 before_search: Callable[[], object] = lambda: None) -> None:
        super().__init__(parent)
        self.bar = bar
        self.browser = browser
        self.before_search = before_search  # e.g. render a document waiting to be shown
        self.matches: list[QTextCursor] = []
        self.current = -1
        bar.text_changed.connect(self.search)
        bar.next_requested.connect(lambda: self.step(1))
        bar.previous_requested.connect(lambda: self.step(-1))
        bar.closed.connect(lambda: self.search(""))

    def search(self, text: str) -> None:
        self.before_search()
        document: QTextDocument = self.browser.document()
        self.matches = []
        cursor = QTextCursor(document)
        while text:
            cursor = document.find(text, cursor)
            if cursor.isNull():
                break
            self.matches.append(QTextCursor(cursor))
        self.current = -1
        self._tint()
        self.bar.set_count(-1, len(self.matches))
        if self.matches:
            self.step(1)

    def step(self, step: int) -> None:
        if not self.matches:
            return
        self.current = (self.current + step) % len(self.matches)
        self.bar.set_count(self.current, len(self.matches))
        self.browser.setTextCursor(self.matches[self.current])
        self.browser.ensureCursorVisible()

    def _tint(self) -> None:
        tint = QTextCharFormat()
        tint.setBackground(theme.change_colours().conflict_bg)
        selections = []
        for cursor in self.matches:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = tint
            selections.append(selection)
        self.browser.setExtraSelections(selections)
