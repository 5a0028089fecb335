"""The Compare view's second way of showing a comparison: one pane, the newer text with the
changes marked as tracked changes are in Word (ui/compare_documents.py makes the HTML)."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

from ui import theme
from ui.compare_documents import tracked_html
from ui.compare_model import ComparePresentation


class TrackedChangesPane(QTextBrowser):
    """A read-only document of the comparison; laid out when shown (a long one takes a
    moment), scrolled to a row by its anchor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Changes marked in one document")
        self.setOpenLinks(False)
        self.presentation: ComparePresentation | None = None
        self.title = ""
        self._rendered: ComparePresentation | None = None
        self._row = -1

    def set_presentation(self, presentation: ComparePresentation | None, title: str = "") -> None:
        self.presentation, self.title = presentation, title
        if self.isVisible():
            self.render()

    def html(self) -> str:
        """Returns the comparison as marked HTML ("" with nothing compared)."""
        if self.presentation is None:
            return ""
        return tracked_html(self.presentation, theme.change_colours(self.palette()), self.title)

    def render(self) -> None:
        if self._rendered is self.presentation:
            return
        self._rendered = self.presentation
        self.setHtml(self.html() if self.presentation is not None else
                     "<p>Choose two policies above to compare them.</p>")
        if self._row >= 0:
            self.scroll_to_row(self._row)

    def scroll_to_row(self, row: int) -> None:
        self._row = row
        if self.isVisible():
            self.scrollToAnchor(f"r{row}")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.render()
        if self._row >= 0:
            self.scrollToAnchor(f"r{self._row}")
