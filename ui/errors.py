"""Errors the user sees: a plain-English dialog with a Details expander, and the crash hook.

Expected failures (a file that cannot be read or written) show their own message and no
traceback. Anything unexpected goes through `ExceptionHook`: the traceback and versions are
written to a log file in the user's data folder, and the dialog says where it is.
"""

from __future__ import annotations

import datetime as _dt
import platform
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from consolidator.errors import WriteError
from consolidator.fileio import write_text_atomic
from ui import theme


class ErrorDialog(QDialog):
    """A message, an optional "Details" section (hidden until asked for) and OK."""

    def __init__(self, parent: QWidget | None, title: str, message: str, details: str = "",
                 log_path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAccessibleName(title)
        self.setAccessibleDescription(message)
        self.log_path = log_path

        icon = QLabel()
        size = theme.em(self, 2.5)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        icon.setAccessibleName("Warning")

        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setMinimumWidth(theme.em(self, 26))
        self.message_label.setAccessibleName("Message")

        top = QHBoxLayout()
        top.setSpacing(theme.SPACING_WIDE)
        top.addWidget(icon)
        top.addWidget(self.message_label, 1)

        self.details_edit = QPlainTextEdit(details)
        self.details_edit.setReadOnly(True)
        self.details_edit.setAccessibleName("Technical details")
        self.details_edit.setMinimumHeight(theme.em(self, 10))
        self.details_edit.setVisible(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        self.details_button = QPushButton("Show details")
        self.details_button.setAccessibleDescription("Shows the technical details of the error")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.details_button.setVisible(bool(details))
        buttons.addButton(self.details_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setAccessibleDescription("Copies the message and details to the clipboard")
        self.copy_button.clicked.connect(self._copy)
        self.copy_button.setVisible(bool(details))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        if log_path is not None:
            folder = QPushButton("Open log folder")
            folder.setAccessibleDescription("Opens the folder holding the error log")
            folder.clicked.connect(lambda: QDesktopServices.openUrl(
                QUrl.fromLocalFile(str(log_path.parent))))
            buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN * 2, theme.MARGIN * 2, theme.MARGIN * 2,
                                  theme.MARGIN)
        layout.setSpacing(theme.SPACING_WIDE)
        layout.addLayout(top)
        layout.addWidget(self.details_edit, 1)
        layout.addWidget(buttons)

    def message(self) -> str:
        return self.message_label.text()

    def _toggle_details(self, shown: bool) -> None:
        self.details_edit.setVisible(shown)
        self.details_button.setText("Hide details" if shown else "Show details")
        self.adjustSize()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(
            f"{self.message()}\n\n{self.details_edit.toPlainText()}")


def show_error(parent: QWidget | None, title: str, message: str, details: str = "",
               log_path: Path | None = None) -> ErrorDialog:
    """Opens an ErrorDialog without blocking (window-modal) and returns it."""
    dialog = ErrorDialog(parent, title, message, details, log_path)
    dialog.open()
    return dialog


def show_notice(parent: QWidget | None, title: str, message: str) -> QMessageBox:
    """Opens an information box without blocking (window-modal) and returns it: something the
    author should know that is not an error."""
    box = QMessageBox(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(title)
    box.open()
    return box


def plain_message(error: BaseException) -> tuple[str, str]:
    """Returns (the error's message without the exception text it quotes, that text for "Show
    details"): "x.docx is damaged: it is not a complete Word package (File is not a zip file)."
    reads without "(File is not a zip file)", which goes behind Show details."""
    message = str(error)
    cause = error.__cause__
    if cause is None:
        return message, ""
    for quoted in (f" ({cause})", f"({cause})", f" ({type(cause).__name__})"):
        if str(cause) and quoted in message:
            message = message.replace(quoted, "", 1)
            return message, f"Technical detail: {type(cause).__name__}: {cause}"
    return message, ""


def show_load_errors(parent: QWidget | None, errors: list[Exception]) -> ErrorDialog:
    """Shows why one or more policies could not be loaded: their own plain-English messages,
    the exception text any of them quotes behind Show details."""
    plain = [plain_message(e) for e in errors]
    details = "\n".join(d for _m, d in plain if d)
    if len(errors) == 1:
        return show_error(parent, "A policy could not be loaded", plain[0][0], details)
    message = (f"{len(errors)} policies could not be loaded:\n\n"
               + "\n\n".join(f"\u2022 {m}" for m, _d in plain))
    return show_error(parent, "Some policies could not be loaded", message, details)


# --- Crash log and the global exception hook ----------------------------------------------------


def log_directory() -> Path:
    """Returns the folder for error logs: <user data folder>/logs (AppData\\Roaming on Windows)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    if not base:
        base = str(Path.home() / ".policy-consolidator")
    return Path(base) / "logs"


def versions() -> list[tuple[str, str]]:
    """Returns (component, version) pairs for the About box and error logs."""
    import PySide6
    from PySide6 import QtCore

    import consolidator

    try:
        from importlib.metadata import version

        docx_version = version("python-docx")
    except Exception:  # noqa: BLE001 - a missing distribution must not break the About box
        docx_version = "unknown"
    return [
        ("Policy Consolidator", consolidator.__version__),
        ("Python", platform.python_version()),
        ("Qt", QtCore.qVersion()),
        ("PySide6", PySide6.__version__),
        ("python-docx", docx_version),
        ("Operating system", platform.platform()),
    ]


def write_crash_log(exc_type: type[BaseException], exc: BaseException,
                    tb: TracebackType | None, directory: Path | None = None) -> Path:
    """Returns the path of a new log file holding the traceback and versions."""
    directory = directory or log_directory()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = directory / f"error-{stamp}.log"
    lines = [f"Policy Consolidator error log, {_dt.datetime.now().isoformat(timespec='seconds')}",
             ""]
    lines += [f"{name}: {value}" for name, value in versions()]
    lines += ["", "".join(traceback.format_exception(exc_type, exc, tb))]
    write_text_atomic(path, "\n".join(lines))
    return path


class ExceptionHook:
    """sys.excepthook for the app: log every unexpected error and tell the user plainly."""

    def __init__(self, parent: Callable[[], QWidget | None] = lambda: None,
                 directory: Path | None = None) -> None:
        self._parent = parent
        self._directory = directory
        self._previous = sys.excepthook
        self._handling = False
        self.last_log: Path | None = None
        self.last_dialog: ErrorDialog | None = None

    def install(self) -> ExceptionHook:
        self._previous = sys.excepthook
        sys.excepthook = self
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or self._handling:
            self._previous(exc_type, exc, tb)
            return
        self._handling = True
        try:
            details = "".join(traceback.format_exception(exc_type, exc, tb))
            try:
                self.last_log = write_crash_log(exc_type, exc, tb, self._directory)
                where = f"\n\nA report was saved to:\n{self.last_log}"
            except (OSError, WriteError):
                self.last_log = None
                where = ""
            if sys.stderr is not None:  # None in the windowed exe (no console)
                try:
                    sys.stderr.write(details)
                except (OSError, ValueError):  # a closed or broken stream: the log has it
                    pass
            if QApplication.instance() is not None:
                message = (
                    "Something went wrong inside Policy Consolidator. Your source documents "
                    "were not changed. Save your session if you can, and send the report below "
                    f"to whoever supports the app.{where}")
                self.last_dialog = show_error(self._parent(), "Unexpected error", message,
                                              details, self.last_log)
        finally:
            self._handling = False
