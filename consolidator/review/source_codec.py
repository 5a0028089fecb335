"""A source policy as compact JSON-able data and back: the approved text a Digital Policy carries.

Everything a later stage reads is kept (block ids, kinds, runs with their formatting, labels,
levels, styles, tables, notes, origins, properties); reader warnings are not (they were shown
when the policy was read).
"""

from __future__ import annotations

from typing import Any

from consolidator.model import (
    Block,
    BlockKind,
    Cell,
    Note,
    NoteKind,
    Origin,
    Revision,
    Run,
    SourceDocument,
    Table,
)

_RUN_FLAGS = (("b", "bold"), ("i", "italic"), ("u", "underline"), ("s", "strike"))


class CodecError(ValueError):
    """The data does not describe a source policy (damaged or from an unknown format)."""


def document_to_data(doc: SourceDocument) -> dict[str, Any]:
    """Returns the document as plain data (dicts, lists, strings, numbers) for JSON."""
    return {
        "id": doc.id, "name": doc.name, "format": doc.format, "title": doc.title,
        "properties": [list(p) for p in doc.properties],
        "blocks": [_block_data(b) for b in doc.blocks],
        "notes": [{"id": n.id, "kind": n.kind.value, "label": n.label,
                   "blocks": [_block_data(b) for b in n.blocks]} for n in doc.notes],
    }


def document_from_data(data: dict[str, Any], path: str = "") -> SourceDocument:
    """Returns the SourceDocument `data` describes (its path `path`, else its file name).

    Raises CodecError when the data is incomplete or of the wrong shape."""
    try:
        doc_id = str(data["id"])
        return SourceDocument(
            id=doc_id, path=path or str(data["name"]), format=str(data["format"]),
            title=str(data["title"]),
            blocks=tuple(_block(b, doc_id) for b in data["blocks"]),
            notes=tuple(Note(str(n["id"]), NoteKind(n["kind"]), str(n["label"]),
                             tuple(_block(b, doc_id) for b in n["blocks"]))
                        for n in data.get("notes", [])),
            properties=tuple((str(k), str(v)) for k, v in data.get("properties", [])),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CodecError(f"a source policy's text is incomplete ({exc})") from exc


def _block_data(block: Block) -> dict[str, Any]:
    out: dict[str, Any] = {"i": block.id, "k": block.kind.value}
    if block.runs:
        out["r"] = [_run_data(r) for r in block.runs]
    for key, value in (("l", block.level), ("n", block.label), ("s", block.style)):
        if value:
            out[key] = value
    if block.table is not None:
        out["t"] = [[{"c": cell.col_span, "b": [_block_data(b) for b in cell.blocks]}
                     for cell in row] for row in block.table.rows]
    if block.origin is not None:
        out["o"] = [block.origin.index, block.origin.section]
    return out


def _block(data: dict[str, Any], doc_id: str) -> Block:
    table = None
    if "t" in data:
        table = Table(tuple(tuple(Cell(tuple(_block(b, doc_id) for b in cell["b"]),
                                       int(cell.get("c", 1))) for cell in row)
                            for row in data["t"]))
    origin = None
    if "o" in data:
        index, section = data["o"]
        origin = Origin(doc_id, int(index), str(section))
    return Block(id=str(data["i"]), kind=BlockKind(data["k"]),
                 runs=tuple(_run(r) for r in data.get("r", [])), level=int(data.get("l", 0)),
                 label=str(data.get("n", "")), style=str(data.get("s", "")), table=table,
                 origin=origin)


def _run_data(run: Run) -> dict[str, Any]:
    out: dict[str, Any] = {"x": run.text}
    for key, name in _RUN_FLAGS:
        value = getattr(run, name)
        if value is not None:
            out[key] = value
    if run.hyperlink:
        out["h"] = run.hyperlink
    if run.revision is not Revision.NONE:
        out["v"] = run.revision.value
    if run.note_ref:
        out["f"] = run.note_ref
    return out


def _run(data: dict[str, Any]) -> Run:
    flags = {name: bool(data[key]) for key, name in _RUN_FLAGS if key in data}
    return Run(str(data["x"]), hyperlink=data.get("h"),
               revision=Revision(data.get("v", Revision.NONE.value)),
               note_ref=data.get("f"), **flags)
