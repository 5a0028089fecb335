"""WelcomePage: what the window shows before any policy is loaded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui import theme


class WelcomePage(QScrollArea):
    """Start here: add policies, open the samples or a saved session, or pick a recent one."""

    add_requested = Signal()
    samples_requested = Signal()
    open_session_requested = Signal()
    recent_session_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setAccessibleName("Welcome page")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)

        title = QLabel("Combine your policies into one Digital Policy")
        title.setFont(theme.heading_font(self.font(), 1.7))
        title.setWordWrap(True)
        title.setAccessibleName("Welcome")
        intro = QLabel(
            "Load the separate policies (for example Social Media, Internet, Email and Mobile "
            "Phone). Policy Consolidator compares them, finds clauses that repeat or contradict "
            "each other, and helps you build one committee-ready document. Your source files "
            "are only read, never changed.")
        intro.setWordWrap(True)

        self.add_button = QCommandLinkButton(
            "Add policies...", "Choose Word documents (.docx), or .odt, .pdf, .md or .txt files.")
        self.add_button.setAccessibleName("Add policies")
        self.add_button.setAccessibleDescription("Opens a file dialog to choose policy documents")
        self.add_button.clicked.connect(self.add_requested)

        self.samples_button = QCommandLinkButton(
            "Open the sample policies",
            "Four example council policies, to try the app without your own files.")
        self.samples_button.setAccessibleName("Open the sample policies")
        self.samples_button.setAccessibleDescription(
            "Loads the Social Media, Internet, Email and Mobile Phone sample policies")
        self.samples_button.clicked.connect(self.samples_requested)

        self.session_button = QCommandLinkButton(
            "Open session...", "Continue work you saved earlier (a .pcsession file).")
        self.session_button.setAccessibleName("Open session")
        self.session_button.setAccessibleDescription("Opens a saved session file")
        self.session_button.clicked.connect(self.open_session_requested)

        recent_title = QLabel("Recent sessions")
        recent_title.setFont(theme.heading_font(self.font(), 1.15))
        self.recent_list = QListWidget()
        self.recent_list.setAccessibleName("Recent sessions")
        self.recent_list.setAccessibleDescription("Double-click or press Enter to open a session")
        self.recent_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.recent_list.setMaximumHeight(theme.em(self, 10))
        self.recent_list.itemActivated.connect(self._open_recent)
        self.no_recent_label = QLabel("No recent sessions yet. Saved sessions will appear here.")
        self.no_recent_label.setWordWrap(True)
        palette = self.no_recent_label.palette()
        palette.setColor(self.no_recent_label.foregroundRole(),
                         theme.muted_text_colour(palette))
        self.no_recent_label.setPalette(palette)

        column = QVBoxLayout()
        column.setSpacing(theme.SPACING)
        column.addWidget(title)
        column.addSpacing(theme.SPACING)
        column.addWidget(intro)
        column.addSpacing(theme.SPACING_WIDE)
        column.addWidget(self.add_button)
        column.addWidget(self.samples_button)
        column.addWidget(self.session_button)
        self.extras = QVBoxLayout()  # what features add below the buttons (add_entry)
        self.extras.setSpacing(theme.SPACING)
        column.addLayout(self.extras)
        column.addSpacing(theme.SPACING_WIDE)
        column.addWidget(recent_title)
        column.addWidget(self.recent_list)
        column.addWidget(self.no_recent_label)
        column.addStretch(1)

        holder = QWidget()
        holder.setMaximumWidth(theme.em(self, 40))
        holder.setLayout(column)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(holder, 4)
        row.addStretch(1)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(theme.MARGIN_PAGE, theme.MARGIN_PAGE, theme.MARGIN_PAGE,
                                 theme.MARGIN_PAGE)
        outer.addLayout(row)
        self.setWidget(page)
        self.set_recent_sessions([])

    def set_recent_sessions(self, paths: list[str]) -> None:
        self.recent_list.clear()
        for path in paths:
            item = QListWidgetItem(Path(path).name)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent_list.addItem(item)
        self.recent_list.setVisible(bool(paths))
        self.no_recent_label.setVisible(not paths)

    def add_entry(self, widget: QWidget) -> None:
        """Adds a feature's own way in below the buttons (the review's Start review...)."""
        self.extras.addWidget(widget)

    def set_samples_available(self, available: bool) -> None:
        self.samples_button.setEnabled(available)
        if not available:
            self.samples_button.setDescription(
                "The sample policies are not installed with this copy of the app.")

    def set_sessions_available(self, available: bool) -> None:
        """Enables "Open session..." and the recent list only when sessions can be opened."""
        self.session_button.setEnabled(available)
        self.recent_list.setEnabled(available)

    def _open_recent(self, item: QListWidgetItem) -> None:
        self.recent_session_requested.emit(item.data(Qt.ItemDataRole.UserRole))
