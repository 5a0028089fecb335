"""File > Print (Ctrl+P): the view on screen as a document, shown in a print preview first
(pages, zoom, page setup, then Print), as Word and WinMerge do."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # QtPrintSupport loads when something is printed, not at start-up
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog


def a4_printer() -> QPrinter:
    """Returns a high-resolution printer set to A4, portrait."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


def print_preview(parent: QWidget | None, document: QTextDocument,
                  title: str) -> QPrintPreviewDialog:
    """Opens the print preview of `document` (not blocking) and returns it; Print there
    prints."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = a4_printer()
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print preview \u2014 {title}")
    dialog.setAccessibleName("Print preview")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    document.setParent(dialog)  # lives as long as the preview
    dialog.printer_ = printer  # type: ignore[attr-defined]  (kept alive with the dialog)
    dialog.paintRequested.connect(document.print_)
    dialog.resize(parent.width() * 3 // 4 if parent else 900,
                  parent.height() * 9 // 10 if parent else 700)
    dialog.open()
    return dialog


def print_to_pdf(document: QTextDocument, path: str | Path) -> Path:
    """Prints `document` to a PDF file (what Print does, without a printer: for checks)."""
    from PySide6.QtPrintSupport import QPrinter

    printer = a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    document.print_(printer)
    return Path(path)


def html_document(html: str, title: str) -> QTextDocument:
    """Returns a document of `html` to print, titled."""
    document = QTextDocument()
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    document.setHtml(html)
    return document
