"""Export comparison: the comparison on screen as a Word redline (.docx with tracked changes)
or a side-by-side HTML report, written on a worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ui.compare_picker import CompareRequest

EXPORT_FILTERS = {"docx": "Word redline with tracked changes (*.docx)",
                  "html": "HTML report, side by side (*.html)"}

def export_formats() -> dict[str, str]:
    """Returns the export formats whose writers are installed (format -> file-dialog filter)."""
    available = {}
    try:
        from consolidator.writers import redline
        if hasattr(redline, "write_redline"):
            available["docx"] = EXPORT_FILTERS["docx"]
    except ImportError:
        pass
    try:
        from consolidator.writers import html_report
        if hasattr(html_report, "write_html_report"):
            available["html"] = EXPORT_FILTERS["html"]
    except ImportError:
        pass
    return available



def ask_export_path(parent: QWidget, request: CompareRequest) -> str:
    """Returns the file to write ("" when cancelled), its suffix from the format chosen."""
    formats = export_formats()
    stem = f"{Path(request.left.document.name).stem} compared"
    path, chosen = QFileDialog.getSaveFileName(parent, "Export comparison",
                                               f"{stem}.{next(iter(formats))}",
                                               ";;".join(formats.values()))
    if path and not Path(path).suffix:
        path += ".html" if chosen == EXPORT_FILTERS["html"] else ".docx"
    return path


def export_task(diff, request: CompareRequest, path: str):
    """Returns the worker's task writing `diff` to `path` (HTML by its suffix, else .docx)."""
    html = Path(path).suffix.lower() in (".html", ".htm")

    def task(context) -> Path:
        if html:
            from consolidator.writers.html_report import write_html_report
            return write_html_report(diff, path)
        from consolidator.writers.redline import write_redline
        return write_redline(diff, request.left.document, request.right.document, path,
                             progress=context.progress, cancel=context.is_cancelled)

    return task
