"""SourcesPanel: the loaded policies, with Add, Remove, Reload and their reader warnings."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consolidator.model import SourceDocument
from ui import shortcuts, theme
from ui.sources_model import Column, DocumentIdRole, PolicyKind, SourcesModel


class KindDelegate(QStyledItemDelegate):
    """Edits the "Covers" column with a combo box of the policy kinds."""

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        combo = QComboBox(parent)
        combo.setAccessibleName("What this policy covers")
        for kind in PolicyKind:
            combo.addItem(kind.label, kind.value)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(0, position))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class TitleDelegate(QStyledItemDelegate):
    """Shows a title cut at its end ("Email security…"), where a file name is cut in the
    middle to keep its type: a title's first words say what it is."""

    def initStyleOption(self, option, index):  # noqa: N802 - Qt override
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight


class WarningsDialog(QDialog):
    """What the reader could not represent in one policy, in plain English."""

    def __init__(self, document: SourceDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"Warnings for {document.name}")
        self.setAccessibleName(self.windowTitle())
        intro = QLabel(
            f"{document.name}: content the app could not represent exactly. It is listed here so "
            "nothing is lost silently; check these places in the original document."
            if document.warnings else f"{document.name} was read without warnings.")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(document.warnings), 2)
        self.table.setAccessibleName("Warnings")
        self.table.setHorizontalHeaderLabels(["Count", "What happened"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, warning in enumerate(document.warnings):
            count = QTableWidgetItem(str(max(1, warning.count)))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, count)
            self.table.setItem(row, 1, QTableWidgetItem(warning.message))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(document.warnings))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(theme.em(self, 34), theme.em(self, 18))


class SourcesPanel(QWidget):
    """The table of loaded policies and its actions; it asks, the main window does the work."""

    add_requested = Signal()
    remove_requested = Signal(list)  # document ids
    reload_requested = Signal(list)  # document ids

    def __init__(self, model: SourcesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sources panel")
        self.model = model
        self.last_warnings_dialog: WarningsDialog | None = None
        self._stats: dict[str, tuple[float, int]] = {}  # path -> (mtime, size) when loaded
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setAccessibleName("Loaded policies")
        self.table.setAccessibleDescription(
            "One row per loaded policy. Double-click the Covers value to change it.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setItemDelegateForColumn(Column.KIND, KindDelegate(self.table))
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.title_delegate = TitleDelegate(self.table)
        self.table.setItemDelegateForColumn(Column.TITLE, self.title_delegate)
        header.setMinimumSectionSize(theme.em(self, 3))
        self.table.viewport().installEventFilter(self)

        self.add_action = self._action("Add...", "Add policy documents", self.add_requested.emit)
        self.remove_action = self._action("Remove", "Remove the selected policies",
                                          self._remove, shortcuts.REMOVE_SOURCE)
        self.reload_action = self._action("Reload", "Read the selected policies again from disk",
                                          self._reload, shortcuts.RELOAD_SOURCE)
        self.warnings_action = self._action("Show warnings",
                                            "List what could not be read in the selected policy",
                                            self.show_warnings)
        buttons = QHBoxLayout()
        buttons.setSpacing(theme.SPACING_TIGHT)
        for action in (self.add_action, self.remove_action, self.reload_action,
                       self.warnings_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAccessibleName(action.text().rstrip("."))
            buttons.addWidget(button)
            if action is not self.add_action:
                self.table.addAction(action)
        buttons.addStretch(1)

        self.changed_banner = QFrame()
        self.changed_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.changed_banner.setAccessibleName("Changed files notice")
        self.changed_label = QLabel()
        self.changed_label.setWordWrap(True)
        reload_changed = QPushButton("Reload")
        reload_changed.setAccessibleDescription("Reads the changed files again")
        reload_changed.clicked.connect(self.reload_changed)
        dismiss = QPushButton("Dismiss")
        dismiss.setAccessibleDescription("Keeps the loaded versions")
        dismiss.clicked.connect(self.changed_banner.hide)
        banner_layout = QHBoxLayout(self.changed_banner)
        banner_layout.addWidget(self.changed_label, 1)
        banner_layout.addWidget(reload_changed)
        banner_layout.addWidget(dismiss)
        self.changed_banner.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACING_TIGHT, theme.SPACING_TIGHT, theme.SPACING_TIGHT,
                                  theme.SPACING_TIGHT)
        layout.setSpacing(theme.SPACING_TIGHT)
        layout.addLayout(buttons)
        layout.addWidget(self.changed_banner)
        layout.addWidget(self.table, 1)

        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        model.rowsInserted.connect(self._rows_inserted)
        model.rowsRemoved.connect(self._sync_watcher)
        model.modelReset.connect(self._sync_watcher)
        model.dataChanged.connect(self._update_actions)
        model.dataChanged.connect(self._fit_columns)
        self._update_actions()

    # --- selection --------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.data(i, DocumentIdRole) for i in sorted(rows, key=lambda i: i.row())]

    def select(self, document_id: str) -> None:
        row = self.model.row_of(document_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def show_warnings(self) -> WarningsDialog | None:
        ids = self.selected_ids()
        entry = self.model.entry(ids[0]) if ids else None
        if entry is None:
            return None
        dialog = WarningsDialog(entry.document, self)
        self.last_warnings_dialog = dialog
        dialog.open()
        return dialog

    # --- changed on disk --------------------------------------------------------------------

    def reload_changed(self) -> None:
        ids = [e.id for e in self.model.entries() if e.changed_on_disk]
        self.changed_banner.hide()
        if ids:
            self.reload_requested.emit(ids)

    def check_file(self, path: str) -> None:
        """Marks the policy loaded from `path` as changed when its size or time differ."""
        self._file_changed(path)

    def _file_changed(self, path: str) -> None:
        try:
            stat = os.stat(path)
            now: tuple[float, int] | None = (stat.st_mtime, stat.st_size)
        except OSError:
            now = None  # deleted or being replaced: Word saves by writing a new file
        if now is not None and path not in self.watcher.files():
            self.watcher.addPath(path)
        if now == self._stats.get(path):
            return
        changed = [e for e in self.model.entries()
                   if _same_path(e.document.path, path) and not e.changed_on_disk]
        for entry in changed:
            self.model.mark_changed_on_disk(entry.id)
        names = [e.document.name for e in self.model.entries() if e.changed_on_disk]
        if names:
            what = names[0] if len(names) == 1 else f"{len(names)} policies"
            since = "has changed on disk since it was" if len(names) == 1 else \
                "have changed on disk since they were"
            self.changed_label.setText(f"{what} {since} loaded. Reload to use the new version?")
            self.changed_banner.show()

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        self._sync_watcher()

    def _sync_watcher(self) -> None:
        paths = {e.document.path for e in self.model.entries()}
        watched = set(self.watcher.files())
        gone = watched - paths
        if gone:
            self.watcher.removePaths(list(gone))
        for path in paths - watched:
            try:
                stat = os.stat(path)
            except OSError:
                continue
            self._stats[path] = (stat.st_mtime, stat.st_size)
            self.watcher.addPath(path)
        for entry in self.model.entries():  # a reloaded document is current again
            path = entry.document.path
            if not entry.changed_on_disk and path in paths:
                try:
                    stat = os.stat(path)
                    self._stats[path] = (stat.st_mtime, stat.st_size)
                except OSError:
                    pass
        if not any(e.changed_on_disk for e in self.model.entries()):
            self.changed_banner.hide()
        self._fit_columns()
        self._update_actions()

    def _fit_columns(self) -> None:
        """Gives every column the width of its content; when they do not all fit, the title
        and file name columns share what is left, two thirds to the title (their text elided,
        the whole of it in the tooltip), so Covers, Size and Warnings always show."""
        # A title that only repeats the file name ("Email Policy", "Email Policy.docx") is
        # left out: the column would only take room from the others.
        self.table.setColumnHidden(Column.TITLE, self._titles_repeat_file_names())
        natural = {c: 0 if self.table.isColumnHidden(c) else
                   max(self.table.sizeHintForColumn(c),
                       self.table.horizontalHeader().sectionSizeHint(c)) for c in Column}
        widths = dict(natural)
        available = self.table.viewport().width()
        if sum(natural.values()) > available:
            fixed = sum(natural[c] for c in (Column.KIND, Column.SIZE, Column.WARNINGS))
            left, least = available - fixed, theme.em(self, 5)
            file_share = max(least, left if self.table.isColumnHidden(Column.TITLE)
                             else left // 3)
            shares = {Column.FILE: file_share, Column.TITLE: max(least, left - file_share)}
            for column in (Column.TITLE, Column.FILE):
                widths[column] = min(natural[column], shares[column])
            spare = available - fixed - widths[Column.TITLE] - widths[Column.FILE]
            if spare > 0:  # one of the two needed less than half: the other gets the rest
                longer = max((Column.TITLE, Column.FILE), key=lambda c: natural[c] - widths[c])
                widths[longer] = min(natural[longer], widths[longer] + spare)
        for column, width in widths.items():
            if not self.table.isColumnHidden(column):
                self.table.setColumnWidth(column, width)

    def _titles_repeat_file_names(self) -> bool:
        entries = self.model.entries()
        return bool(entries) and all(
            (e.document.title or "").casefold().strip() in ("", Path(e.document.name).stem
                                                            .casefold().strip())
            for e in entries)

    def natural_width(self) -> int:
        """Returns the panel width that shows every column whole."""
        columns = sum(max(self.table.sizeHintForColumn(c),
                          self.table.horizontalHeader().sectionSizeHint(c)) for c in Column
                      if not self.table.isColumnHidden(c))
        frame = self.table.width() - self.table.viewport().width()
        margins = self.layout().contentsMargins()
        return columns + frame + margins.left() + margins.right() + theme.em(self, 1)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    # --- helpers ----------------------------------------------------------------------------

    def _action(self, text, tip, slot, keys: list[QKeySequence] | None = None) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if keys:
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _remove(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.remove_requested.emit(ids)

    def _reload(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.reload_requested.emit(ids)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == Column.WARNINGS:
            self.show_warnings()

    def _update_actions(self, *args) -> None:
        ids = self.selected_ids()
        self.remove_action.setEnabled(bool(ids))
        self.reload_action.setEnabled(bool(ids))
        entry = self.model.entry(ids[0]) if len(ids) == 1 else None
        self.warnings_action.setEnabled(entry is not None and bool(entry.document.warnings))


def _same_path(a: str, b: str) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b)) or \
        Path(a) == Path(b)
