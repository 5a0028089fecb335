"""Helpers shared by the UI tests: tiny policies on disk and finding open dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from consolidator.model import Block, BlockKind, Run, SourceDocument, finish_blocks


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


CHANNELS = (("email", "Email Policy", "email", 24),
            ("social", "Social Media Policy", "social media", 48),
            ("internet", "Internet Use Policy", "the internet", 72))


def write_conflicting_policies(folder: Path, count: int = 3) -> list[Path]:
    """Returns `count` small Word policies (Email, Social Media, Internet) whose lost-laptop
    rules give 24, 48 and 72 hours: each pair is a conflict (three-way with three)."""
    return [write_docx_policy(folder, f"{name}.docx", title, [
        f"This policy explains how staff use {channel}.",
        f"A lost laptop must be reported to the ICT Service Desk within {hours} hours.",
        f"Staff must not use {channel} to send chain letters."])
        for name, title, channel, hours in CHANNELS[:count]]


def make_doc(doc_id: str, name: str, paragraphs: list[str | tuple[str, str]]) -> SourceDocument:
    """Returns a document: a str is a paragraph, ("h", "2 Scope") a heading labelled "2"."""
    blocks = []
    for item in paragraphs:
        if isinstance(item, tuple):
            label, _, title = item[1].partition(" ")
            blocks.append(Block("", BlockKind.HEADING, (Run(title),), 1, label))
        else:
            blocks.append(Block("", BlockKind.PARAGRAPH, (Run(item),)))
    return SourceDocument(doc_id, f"/tmp/{name}", "docx", name.rsplit(".", 1)[0],
                          finish_blocks(doc_id, blocks))


def add(window, *documents: SourceDocument) -> None:
    for document in documents:
        window.sources_model.add(document, document.word_count())
