"""After an export: Open the document (in Word, or whatever opens .docx) or Show it in its
folder (Explorer with the file selected on Windows)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def open_document(path: str | Path) -> bool:
    """Opens the file with the program the computer uses for it; returns False if none did."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: str | Path) -> bool:
    """Opens the file's folder with the file selected where the desktop allows it."""
    path = Path(path)
    if sys.platform == "win32":
        return QProcess.startDetached("explorer.exe", [f"/select,{path}"])
    if sys.platform == "darwin":
        return QProcess.startDetached("open", ["-R", str(path)])
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def offer_to_open(parent: QWidget | None, path: str | Path, message: str) -> QMessageBox:
    """Shows what was written with Open document, Show in folder and Close (not blocking);
    returns the box."""
    box = QMessageBox(QMessageBox.Icon.Information, "Export finished", message,
                      QMessageBox.StandardButton.Close, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName("Export finished")
    opener = box.addButton("Open document", QMessageBox.ButtonRole.ActionRole)
    folder = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(opener)
    opener.clicked.connect(lambda: open_document(path))
    folder.clicked.connect(lambda: show_in_folder(path))
    box.open()
    return box
