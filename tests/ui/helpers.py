"""Helpers shared by the UI tests: tiny policies on disk and finding open dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget


def write_policy(folder: Path, name: str, title: str, body: str = "") -> Path:
    """Returns the path of a small Markdown policy written to `folder`."""
    path = folder / name
    path.write_text(f"# {title}\n\n## 1 Purpose\n\nThis policy sets out the rules. {body}\n",
                    encoding="utf-8")
    return path


def write_docx_policy(folder: Path, name: str, title: str, paragraphs: list[str]) -> Path:
    """Returns the path of a small Word policy built with python-docx."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / name
    document.save(str(path))
    return path


def visible_dialogs(kind: type[QWidget]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
