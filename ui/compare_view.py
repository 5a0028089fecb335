"""CompareView: two policies, sections or versions side by side, with navigation, find and export.

The diff (and the row texts it needs) is computed on a worker through the window's task runner;
a generation counter drops any result that a newer request superseded. The panes only lay out
and paint the rows in view (see compare_panes.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

import consolidator
from consolidator.diffing import DocumentDiff, diff_blocks
from consolidator.model import SourceDocument
from consolidator.output_paths import OutputPathError, check_outputs
from consolidator.paths import path_key
from ui import shortcuts, theme
from ui.compare_documents import side_by_side_html
from ui.compare_export import ask_export_path, export_formats, export_task
from ui.compare_find import Match, find_matches
from ui.compare_model import (
    ChangeKind,
    ChangeListModel,
    ComparePresentation,
    build_presentation,
    summary_text,
)
from ui.compare_panes import LEFT, RIGHT, ComparePaneView, RowGeometry
from ui.compare_picker import ComparePickerBar, CompareRequest
from ui.compare_tracked import TrackedChangesPane
from ui.compare_versions import is_older
from ui.find_bar import FindBar
from ui.overview_strip import ChangeOverviewStrip, change_colour
from ui.printing import html_document
from ui.sources_model import SourcesModel

RunTask = Callable[..., Any]  # MainWindow.run_task
_DEBOUNCE_MS = 150  # picker changes in quick succession start one comparison


class CompareView(QWidget):
    """Picker, summary, change list, two synchronised panes, overview strip, find bar."""

    comparison_shown = Signal(object)  # the ComparePresentation now on screen
    current_row_changed = Signal(int)
    export_available_changed = Signal(bool)
    message = Signal(str)  # for the status bar
    export_finished = Signal(str)  # the written path

    def __init__(self, sources: SourcesModel, run_task: RunTask, parent: QWidget | None = None,
                 *, diff: Callable[..., DocumentDiff] = diff_blocks,
                 read: Callable[..., SourceDocument] | None = None,
                 loading: Callable[[], bool] = lambda: False,
                 stop_stale: Callable[[], None] = lambda: None) -> None:
        """`loading` says whether policies are still being read (the automatic comparison
        waits for them); `stop_stale` cancels a comparison that a later choice superseded."""
        super().__init__(parent)
        self.setAccessibleName("Compare")
        self._run_task = run_task
        self._diff = diff
        self._read = read or consolidator.read_document
        self._generation = 0
        self._loading = loading
        self._stop_stale = stop_stale
        self._waiting = False  # a choice made while hidden or loading: compared when shown
        self._wanted_pair: list[tuple[str, str]] = []  # a session's pair, until both are there
        self._reading_for_pair: set[str] = set()
        self._syncing = False
        self.request: CompareRequest | None = None  # of the comparison on screen
        self.presentation: ComparePresentation | None = None
        self.current_row = -1
        self.matches: list[Match] = []
        self.current_match = -1
        self.first_paint_ms = 0.0

        self.picker = ComparePickerBar(sources)
        self.header = QLabel()
        self.header.setAccessibleName("Comparison summary")
        self.header.setFont(theme.heading_font(self.font(), 1.15))
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.geometry_ = RowGeometry(self.font(), self.palette(), self)
        self.left_pane = ComparePaneView(self.geometry_, LEFT)
        self.right_pane = ComparePaneView(self.geometry_, RIGHT)
        self.left_pane.setAccessibleName("Older text")
        self.right_pane.setAccessibleName("Newer text")
        self.strip = ChangeOverviewStrip(self.geometry_)
        self.left_title, self.right_title = QLabel(), QLabel()
        for label in (self.left_title, self.right_title):
            label.setFont(theme.heading_font(self.font(), 1.0))
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.change_model = ChangeListModel(self)
        self.change_list = QListView()
        self.change_list.setModel(self.change_model)
        self.change_list.setAccessibleName("Changes")
        self.change_list.setAccessibleDescription("Every change; select one to go to it")
        self.change_list.setWordWrap(True)
        self.change_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.change_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.change_list.selectionModel().currentChanged.connect(self._change_chosen)

        style = self.style()
        self.previous_button = QPushButton("Previous change")
        self.previous_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.previous_button.setToolTip(
            f"Previous change ({shortcuts.text(shortcuts.PREVIOUS_CHANGE)})")
        self.previous_button.clicked.connect(self.previous_change)
        self.next_button = QPushButton("Next change")
        self.next_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.next_button.setToolTip(f"Next change ({shortcuts.text(shortcuts.NEXT_CHANGE)})")
        self.next_button.clicked.connect(self.next_change)
        self.counter = QLabel()
        self.counter.setAccessibleName("Change counter")
        self.find_bar = FindBar("Find in both documents", "Find in comparison")
        self.find_bar.hide()

        self._build_layout()
        self._connect()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._compare_when_ready)
        self.picker.request_changed.connect(self._debounce.start)
        self._show_state("Load two policies to compare them, or load one and use "
                         "Compare with file... to compare it with another version.")
        if self.picker.request() is not None:
            self._debounce.start()

    # --- layout -----------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        panes = QWidget()
        grid = QVBoxLayout(panes)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(theme.SPACING_TIGHT)
        titles = QHBoxLayout()
        titles.addWidget(self.left_title, 1)
        titles.addWidget(self.right_title, 1)
        titles.addSpacing(self.strip.sizeHint().width())
        row = QHBoxLayout()
        row.setSpacing(theme.SPACING_TIGHT)
        row.addWidget(self.left_pane, 1)
        row.addWidget(self.right_pane, 1)
        row.addWidget(self.strip)
        grid.addLayout(titles)
        grid.addLayout(row, 1)
        self.tracked = TrackedChangesPane()
        self.panes_stack = QStackedWidget()
        self.panes_stack.addWidget(panes)
        self.panes_stack.addWidget(self.tracked)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("&Changes")
        caption.setBuddy(self.change_list)
        side_layout.addWidget(caption)
        side_layout.addWidget(self.change_list, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(side)
        self.splitter.addWidget(self.panes_stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([theme.em(self, 17), theme.em(self, 60)])
        self.show_mode = QComboBox()
        self.show_mode.addItems(["Side by side", "One document, changes marked"])
        self.show_mode.setAccessibleName("Show the comparison")
        self.show_mode.setToolTip("Side by side, or one document with the changes marked as "
                                  "Word's tracked changes are")
        self.show_mode.currentIndexChanged.connect(self.panes_stack.setCurrentIndex)
        self.nav = nav = QHBoxLayout()
        nav.addWidget(self.show_mode)
        nav.addStretch(1)
        nav.addWidget(self.counter)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN, theme.MARGIN, theme.MARGIN, theme.MARGIN)
        layout.setSpacing(theme.SPACING)
        layout.addWidget(self.picker)
        layout.addWidget(self.header)
        layout.addLayout(nav)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.find_bar)

    def _connect(self) -> None:
        self.left_pane.verticalScrollBar().valueChanged.connect(
            lambda v: self._sync_scroll(self.right_pane, v))
        self.right_pane.verticalScrollBar().valueChanged.connect(
            lambda v: self._sync_scroll(self.left_pane, v))
        for pane in (self.left_pane, self.right_pane):
            pane.row_clicked.connect(lambda row: self.set_current_row(row, scroll=False))
            pane.move_link_activated.connect(self.follow_move)
            pane.key_navigation.connect(self._step_row)
        self.strip.row_requested.connect(self._strip_clicked)
        self.picker.open_file_requested.connect(self.compare_with_file)
        self.find_bar.text_changed.connect(self._find_text_changed)
        self.find_bar.next_requested.connect(lambda: self.find_step(1))
        self.find_bar.previous_requested.connect(lambda: self.find_step(-1))
        self.find_bar.closed.connect(lambda: self._find_text_changed(""))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Follows a palette change (Windows dark mode switched on or off while running)."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.FontChange):
            self.geometry_.set_style(self.font(), self.palette())
            if self.presentation is not None:
                colours = {kind: change_colour(kind, self.palette()) for kind in ChangeKind}
                self.change_model.set_changes(self.presentation.changes, colours,
                                              theme.em(self, 0.7))
                self._update_navigation()

    # --- comparing ------------------------------------------------------------------------------

    def _compare_when_ready(self) -> None:
        """Compares the picker's choice now when the view is on screen and no policy is being
        read; else once it is: two 400-page policies compared while four load, or behind the
        Consolidate view, would take a core from the reading and drafting."""
        if self.isVisible() and not self._loading():
            self._waiting = False
            self.compare_now()
            return
        if not self._waiting:
            self._waiting = True
            self._generation += 1  # what a running comparison delivers is for the old choice
            self._stop_stale()
            if self.picker.request() is not None:
                self.header.setText("The comparison starts once the policies have loaded."
                                    if self._loading() else
                                    "The comparison starts when this view is shown.")

    def resume(self, *_signal_args) -> None:
        """Starts the comparison that waited for loading to finish or for the view to show."""
        self._apply_wanted_pair()
        if self._waiting:
            self._debounce.start()

    def restore_pair(self, sides: list[tuple[str, str]]) -> None:
        """Shows the comparison a session saved: (file, section id) for each side. A file that
        is not a loaded policy is read from disk; the pair is chosen once both are there."""
        self._wanted_pair = list(sides)
        self._apply_wanted_pair()

    def _apply_wanted_pair(self) -> None:
        if not self._wanted_pair or self._loading():
            return
        by_path = {path_key(d.path): d for d in self.picker.documents()}
        missing = [p for p, _ in self._wanted_pair if path_key(p) not in by_path]
        if missing:
            if Path(missing[0]).is_file() and missing[0] not in self._reading_for_pair:
                self._reading_for_pair.add(missing[0])
                self._read_file(missing[0], lambda document: (
                    self.picker.add_external(document, 1), self._apply_wanted_pair()))
            elif not Path(missing[0]).is_file():
                self._wanted_pair = []  # gone since: the usual choice stays
            return
        pair, self._wanted_pair = self._wanted_pair, []
        for side, (path, section_id) in enumerate(pair):
            self.picker.choose(side, by_path[path_key(path)].id, section_id)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.resume()

    def compare_now(self) -> None:
        """Starts comparing what the picker shows; a running comparison becomes stale."""
        self._debounce.stop()
        request = self.picker.request()
        self._generation += 1
        generation = self._generation
        if request is None:
            self._show_state("Load two policies to compare them, or load one and use "
                             "Compare with file... to compare it with another version.")
            return
        if request.left == request.right:
            self._show_state("Both sides show the same text. Choose another policy or section "
                             "on one side.")
            return
        diff = self._diff
        left, right = request.left, request.right

        def task(context) -> tuple[DocumentDiff, ComparePresentation]:
            result = diff(left.blocks(), right.blocks(), request.options,
                          progress=context.progress, cancel=context.is_cancelled,
                          left_title=left.name, right_title=right.name)
            return result, build_presentation(result)

        self.header.setText(f"Comparing {left.name} with {right.name}\u2026")
        self._run_task(task, description=f"Comparing {left.document.name}",
                       on_result=lambda result: self._show(result, generation, request),
                       on_cancelled=lambda: self._cancelled(generation),
                       channel="compare")

    def _cancelled(self, generation: int) -> None:
        if generation == self._generation:
            self.header.setText("Comparison cancelled. Change the choice above to compare "
                                "again.")

    def _show_state(self, text: str) -> None:
        self.request = None
        self._set_presentation(None)
        self.header.setText(text)

    def _show(self, result: tuple[DocumentDiff, ComparePresentation], generation: int,
              request: CompareRequest) -> None:
        if generation != self._generation:
            return  # a newer request superseded this one: drop it (stale-result guard)
        started = time.perf_counter()
        diff, presentation = result
        self.request = request
        self._set_presentation(presentation)
        self.header.setText(summary_text(diff, request.left.name, request.right.name))
        self.tracked.set_presentation(presentation, self.header.text())
        left, right = self.picker.side_names()
        self.left_title.setText(f"{left}: {request.left.name}")
        self.right_title.setText(f"{right}: {request.right.name}")
        for pane, name in ((self.left_pane, left), (self.right_pane, right)):
            pane.setAccessibleName(f"{name} text")
        self.left_pane.repaint()
        self.right_pane.repaint()
        self.first_paint_ms = (time.perf_counter() - started) * 1000
        self.comparison_shown.emit(presentation)

    def _set_presentation(self, presentation: ComparePresentation | None) -> None:
        self.presentation = presentation
        if presentation is None:
            self.tracked.set_presentation(None)
        self.current_row = -1
        for pane in (self.left_pane, self.right_pane):
            pane.set_current_row(-1)
        self.geometry_.set_presentation(presentation)
        self.left_pane.verticalScrollBar().setValue(0)
        colours = {kind: change_colour(kind, self.palette()) for kind in ChangeKind}
        self.change_model.set_changes(presentation.changes if presentation else (), colours,
                                      theme.em(self, 0.7))
        if presentation is None:
            self.left_title.setText("")
            self.right_title.setText("")
        self._find_text_changed(self.find_bar.field.text() if self.find_bar.isVisible() else "")
        self._update_navigation()
        self.export_available_changed.emit(self.can_export())

    # --- scrolling and navigation ---------------------------------------------------------------

    def _sync_scroll(self, other: ComparePaneView, value: int) -> None:
        if self._syncing:
            return  # drop the re-entrant event (Meld): the other pane is already following
        self._syncing = True
        try:
            other.verticalScrollBar().setValue(value)
        finally:
            self._syncing = False
        self.strip.set_visible_span(value, self.left_pane.viewport().height())

    def scroll_to_row(self, row: int, *, minimal: bool = False) -> None:
        """Scrolls both panes so `row` is in view (a quarter down, or just in view)."""
        g = self.geometry_
        g.ensure_exact(row - 40, row + 40)
        bar = self.left_pane.verticalScrollBar()
        page = self.left_pane.viewport().height()
        top, height = g.top_of(row), g.heights[row]
        if minimal:
            if top < bar.value():
                bar.setValue(top)
            elif top + height > bar.value() + page:
                bar.setValue(top + min(height, page) - page)
            return
        bar.setValue(max(0, top - page // 4))

    def set_current_row(self, row: int, *, scroll: bool = True, minimal: bool = False) -> None:
        if self.presentation is None or not 0 <= row < self.presentation.row_count():
            return
        self.current_row = row
        for pane in (self.left_pane, self.right_pane):
            pane.set_current_row(row)
        if scroll:
            self.scroll_to_row(row, minimal=minimal)
        self.tracked.scroll_to_row(row)
        self._update_navigation()
        self.current_row_changed.emit(row)

    def _step_row(self, step: int) -> None:
        if self.presentation is not None:
            row = max(0, min(self.presentation.row_count() - 1, self.current_row + step))
            self.set_current_row(row, minimal=True)

    def go_to_change(self, number: int) -> None:
        if self.presentation is not None and 0 <= number < len(self.presentation.changes):
            self.set_current_row(self.presentation.changes[number].first_row)

    def next_change(self) -> None:
        if self.presentation is not None:
            number = self.presentation.diff.nav.next(self.current_row)
            if number is not None:
                self.go_to_change(number)

    def previous_change(self) -> None:
        if self.presentation is not None and self.current_row >= 0:
            number = self.presentation.diff.nav.previous(self.current_row)
            if number is not None:
                self.go_to_change(number)

    def follow_move(self, row: int) -> None:
        """Goes to the other end of the move at `row`."""
        if self.presentation is not None and self.presentation.rows[row].partner_row >= 0:
            self.set_current_row(self.presentation.rows[row].partner_row)

    def _strip_clicked(self, row: int) -> None:
        if self.presentation is None:
            return
        nav = self.presentation.diff.nav
        number = nav.current(row)
        if number is None:  # between changes: the nearest one
            after, before = nav.next(row), nav.previous(row)
            candidates = [n for n in (after, before) if n is not None]
            if not candidates:
                return
            number = min(candidates, key=lambda n: min(abs(nav.starts[n] - row),
                                                       abs(nav.ends[n] - 1 - row)))
        self.go_to_change(number)

    def _change_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and self.presentation is not None:
            change = self.presentation.changes[current.row()]
            if not change.first_row <= self.current_row < change.end_row:
                self.go_to_change(current.row())

    def _update_navigation(self) -> None:
        p = self.presentation
        if p is None:
            self.counter.setText("")
            self.previous_button.setEnabled(False)
            self.next_button.setEnabled(False)
            return
        nav = p.diff.nav
        number = nav.current(self.current_row) if self.current_row >= 0 else None
        total = nav.change_count
        if total == 0:
            self.counter.setText("No changes")
        elif number is None:
            self.counter.setText(f"{total} {'change' if total == 1 else 'changes'}")
        else:
            self.counter.setText(f"Change {number + 1} of {total}")
        self.next_button.setEnabled(nav.next(self.current_row) is not None)
        self.previous_button.setEnabled(self.current_row >= 0
                                        and nav.previous(self.current_row) is not None)
        selection = self.change_list.selectionModel()
        if number is not None:
            index = self.change_model.index(number, 0)
            if selection.currentIndex() != index:
                selection.blockSignals(True)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                selection.blockSignals(False)
                self.change_list.viewport().update()
                self.change_list.scrollTo(index)
        item = p.rows[self.current_row] if self.current_row >= 0 else None
        if item is not None:
            for pane, side_text in ((self.left_pane, item.left), (self.right_pane, item.right)):
                pane.setAccessibleDescription(
                    f"{self.counter.text()}. Row {self.current_row + 1}, {item.kind.value}: "
                    f"{side_text.text[:300] if side_text else item.note or 'nothing on this side'}")

    # --- find -------------------------------------------------------------------------------------

    def show_find(self) -> None:
        self.find_bar.open_bar()
        if self.find_bar.field.text():
            self._find_text_changed(self.find_bar.field.text())

    def _find_text_changed(self, text: str) -> None:
        self.matches = find_matches(self.presentation, text)
        self.current_match = -1
        for side, pane in ((LEFT, self.left_pane), (RIGHT, self.right_pane)):
            found: dict[int, list[tuple[int, int]]] = {}
            for match in self.matches:
                if match.side == side:
                    found.setdefault(match.row, []).append((match.start, match.end))
            pane.matches = found
            pane.current_match = None
            pane.viewport().update()
        self.find_bar.set_count(-1, len(self.matches))
        if self.matches:
            first_after = next((n for n, m in enumerate(self.matches)
                                if m.row >= max(0, self.current_row)), 0)
            self._go_to_match(first_after)

    def find_step(self, step: int) -> None:
        if self.matches:
            self._go_to_match((self.current_match + step) % len(self.matches))

    def _go_to_match(self, number: int) -> None:
        self.current_match = number
        match = self.matches[number]
        for side, pane in ((LEFT, self.left_pane), (RIGHT, self.right_pane)):
            pane.current_match = (match.row, match.start, match.end) if side == match.side else None
            pane.viewport().update()
        self.find_bar.set_count(number, len(self.matches))
        self.set_current_row(match.row, minimal=True)

    # --- other versions and export --------------------------------------------------------------

    def compare_with_file(self, path: str | None = None) -> None:
        """Reads a file on a worker and compares the older side with it (asks for it if None)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "Compare with file", "", "Policy documents (*.docx *.docm *.dotx *.odt "
                "*.pdf *.doc *.rtf *.md *.txt);;All files (*)")
            if not path:
                return
        self._read_file(path, self._file_read)

    def _read_file(self, path: str, then: Callable[[SourceDocument], Any]) -> None:
        """Reads a file on a worker; `then(document)` on the UI thread."""
        read = self._read

        def task(context) -> SourceDocument:
            return read(path, progress=context.progress, cancel=context.is_cancelled)

        self._run_task(task, description=f"Reading {Path(path).name}", on_result=then,
                       channel="compare-file")

    def _file_read(self, document: SourceDocument) -> None:
        """Puts a version read from disk beside the policy on the left: the older of the two
        on the left (by version number, else by the date saved), and says so."""
        current = self.picker.document(0)
        older = is_older(document, current) if current is not None else None
        if current is None or not older:
            self.picker.add_external(document, 1)
            if older is False:
                self.message.emit(f"{document.name} is the newer version: it is on the right.")
            return
        self.picker.add_external(document, 0)
        self.picker.choose(1, current.id)
        self.message.emit(f"{document.name} is the older version, so it is on the left and "
                          f"{current.name} on the right. Swap puts them the other way round.")

    def print_document(self):
        """Returns (the comparison as a document to print, its title): as shown, side by side
        or in one document with the changes marked; None with nothing compared."""
        if self.presentation is None or self.request is None:
            return None
        title = self.header.text()
        if self.panes_stack.currentWidget() is self.tracked:
            html = self.tracked.html()
        else:
            html = side_by_side_html(self.presentation, theme.change_colours(self.palette()),
                                     self.left_title.text(), self.right_title.text(), title)
        return html_document(html, title), title

    def can_export(self) -> bool:
        return self.presentation is not None and bool(export_formats())

    def export_comparison(self, path: str | None = None) -> None:
        """Writes the comparison on screen as a redline .docx or an HTML report (by suffix)."""
        if self.presentation is None or self.request is None or not export_formats():
            return
        path = path or ask_export_path(self, self.request)
        if not path:
            return
        try:
            check_outputs([(Path(path), "the comparison")],
                          [(Path(side.document.path), f"the policy {side.document.name}")
                           for side in (self.request.left, self.request.right)])
        except OutputPathError as exc:
            from ui.errors import show_error

            show_error(self, "Export comparison", str(exc))
            return

        def done(written: Path) -> None:
            self.message.emit(f"Comparison saved to {Path(written).name}.")
            self.export_finished.emit(str(written))

        self._run_task(export_task(self.presentation.diff, self.request, path),
                       description=f"Writing {Path(path).name}", on_result=done,
                       channel="compare-export")
