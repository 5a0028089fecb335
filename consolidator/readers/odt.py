"""OpenDocument text (.odt, flat .fodt): headings, lists, tables, notes, tracked changes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from consolidator.errors import LoadError
from consolidator.model import (
    Block,
    BlockKind,
    Cell,
    Note,
    NoteKind,
    ReaderWarning,
    Revision,
    Run,
    SourceDocument,
    Table,
    content_id,
    finish_blocks,
)
from consolidator.ooxml.safe import Package, parse_xml
from consolidator.progress import CancelCheck, Progress, check_cancel, report
from consolidator.readers.odt_styles import (
    LevelFormat,
    TextStyle,
    list_label,
    list_styles,
    outline_style,
    qname,
    resolve,
    text_styles,
)
from consolidator.readers.titles import heading_or_file_title

MAX_DEPTH = 60  # nesting of lists/tables/spans we follow; deeper content is read flat


T_P, T_H, T_LIST, T_ITEM, T_HEADER = (qname("text", n) for n in ("p", "h", "list", "list-item",
                                                             "list-header"))
T_SPAN, T_A, T_S, T_TAB, T_BREAK = (qname("text", n) for n in ("span", "a", "s", "tab",
                                                           "line-break"))
T_NOTE, T_SECTION = qname("text", "note"), qname("text", "section")
T_CHANGE, T_CHANGE_START, T_CHANGE_END = (qname("text", n) for n in ("change", "change-start",
                                                                 "change-end"))
TABLE, ROW, CELL, COVERED = (qname("table", n) for n in ("table", "table-row", "table-cell",
                                                     "covered-table-cell"))
FRAME = qname("draw", "frame")
SKIP_INLINE = {qname("text", n) for n in (
    "bookmark", "bookmark-start", "bookmark-end", "reference-mark", "reference-mark-start",
    "reference-mark-end", "soft-page-break", "note-citation", "alphabetical-index-mark",
    "toc-mark", "user-index-mark", "ruby-text")} | {qname("office", "annotation-end")}
SKIP_BLOCK = {qname("text", n) for n in (
    "tracked-changes", "sequence-decls", "variable-decls", "user-field-decls", "soft-page-break",
    "bookmark", "bookmark-start", "bookmark-end")} | {qname("office", "forms")}
INDEXES = {qname("text", n) for n in (
    "table-of-content", "alphabetical-index", "illustration-index", "table-index",
    "object-index", "user-index", "bibliography")}


@dataclass
class _State:
    styles: dict[str, TextStyle]
    list_styles: dict[str, dict[int, LevelFormat]]
    outline: dict[int, LevelFormat]
    deletions: dict[str, str]
    warnings: Counter = field(default_factory=Counter)
    notes: list[Note] = field(default_factory=list)
    heading_counters: list[int] = field(default_factory=lambda: [0] * 10)
    list_counters: dict[str, list[int]] = field(default_factory=dict)  # list id -> counters
    last_list_by_style: dict[str, str] = field(default_factory=dict)
    inserting: set[str] = field(default_factory=set)


def read(
    path: Path,
    data: bytes,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> SourceDocument:
    """Returns the OpenDocument text file as a SourceDocument; raises LoadError when unreadable."""
    doc_id = content_id(data)
    name = path.name
    report(progress, 0.0, f"Reading {name}")
    if data[:4] == b"PK\x03\x04":
        package = Package(data, name)
        _refuse_encrypted(package, path)
        content = package.read_xml("content.xml")
        styles = package.read_xml("styles.xml") if package.find("styles.xml") else None
        meta = package.read_xml("meta.xml") if package.find("meta.xml") else None
    else:  # flat OpenDocument (.fodt): one XML file holding everything
        content = styles = meta = parse_xml(data, name, "document")
    check_cancel(cancel)
    body = content.find(f"{qname('office', 'body')}/{qname('office', 'text')}")
    if body is None:
        raise LoadError(
            f"{name} is an OpenDocument file without a text body (perhaps a drawing or "
            "spreadsheet). Load the policy itself, saved as .odt or .docx.",
            path=str(path), reason="unsupported",
        )
    state = _State(
        styles=text_styles(styles, content),
        list_styles=list_styles(styles, content),
        outline=outline_style(styles),
        deletions=_deletions(body),
    )
    report(progress, 0.2, f"Reading {name}")
    children = list(body)
    blocks: list[Block] = []
    for index, child in enumerate(children):
        if index % 200 == 0:
            check_cancel(cancel)
            report(progress, 0.2 + 0.8 * index / max(1, len(children)), f"Reading {name}")
        blocks.extend(_blocks(child, state, 0, None))
    blocks = _without_empty(blocks)
    properties = _properties(meta)
    title = dict(properties).get("title", "")
    if not title:
        title = heading_or_file_title(blocks, path)
    report(progress, 1.0, f"Read {name}")
    return SourceDocument(
        id=doc_id,
        path=str(path),
        format="odt",
        title=title,
        blocks=finish_blocks(doc_id, blocks),
        notes=tuple(state.notes),
        warnings=_warnings(state.warnings),
        properties=properties,
    )


def _refuse_encrypted(package: Package, path: Path) -> None:
    if not package.find("META-INF/manifest.xml"):
        return
    manifest = package.read("META-INF/manifest.xml")
    if b"encryption-data" in manifest:
        raise LoadError(
            f"{path.name} is password-protected. Open it in LibreOffice, remove the password "
            "(File > Properties > General > Change Password, or save a copy without "
            "\"Save with password\") and load it again.",
            path=str(path), reason="encrypted",
        )


def _deletions(body) -> dict[str, str]:
    """Returns the text of each tracked deletion, by change id."""
    out: dict[str, str] = {}
    changes = body.find(qname("text", "tracked-changes"))
    if changes is None:
        return out
    for region in changes.iter(qname("text", "changed-region")):
        deletion = region.find(qname("text", "deletion"))
        if deletion is None:
            continue
        region_id = region.get(qname("text", "id")) or region.get(qname("xml", "id")) or ""
        paragraphs = [
            " ".join("".join(p.itertext()).split())
            for p in deletion.iter(T_P, T_H)
        ]
        out[region_id] = " ".join(p for p in paragraphs if p)
    return out


# --- blocks -------------------------------------------------------------------------------------


@dataclass
class _ListContext:
    list_id: str
    style: str
    level: int  # 1-based ODF list level


def _blocks(el, state: _State, depth: int, ctx: _ListContext | None) -> list[Block]:
    tag = el.tag
    if not isinstance(tag, str) or tag in SKIP_BLOCK:
        return []
    if tag == T_P or tag == T_H:
        return _paragraph(el, state, depth, ctx)
    if tag == T_LIST:
        return _list(el, state, depth, ctx)
    if tag == TABLE:
        return [_table(el, state, depth)]
    if tag in INDEXES:
        state.warnings["table-of-contents"] += 1
        return []
    if depth > MAX_DEPTH:
        state.warnings["too-deep"] += 1
        return []
    out: list[Block] = []
    for child in el:  # text:section, text:index-body, office:text wrappers ...
        out.extend(_blocks(child, state, depth + 1, ctx))
    return out


def _list(el, state: _State, depth: int, parent: _ListContext | None) -> list[Block]:
    if depth > MAX_DEPTH:
        state.warnings["too-deep"] += 1
        return []
    style = el.get(qname("text", "style-name")) or (parent.style if parent else "")
    if parent is None:
        list_id = el.get(qname("xml", "id")) or f"list{id(el)}"
        continues = el.get(qname("text", "continue-list")) or (
            state.last_list_by_style.get(style)
            if el.get(qname("text", "continue-numbering")) == "true" else None
        )
        if continues and continues in state.list_counters:
            state.list_counters[list_id] = state.list_counters[continues]
        else:
            levels = state.list_styles.get(style, {})
            state.list_counters[list_id] = [0] + [
                (levels[k].start - 1 if k in levels else 0) for k in range(1, 11)
            ]
        state.last_list_by_style[style] = list_id
        ctx = _ListContext(list_id, style, 1)
    else:
        ctx = _ListContext(parent.list_id, style, min(10, parent.level + 1))
    out: list[Block] = []
    for item in el:
        if item.tag not in (T_ITEM, T_HEADER):
            continue
        counters = state.list_counters[ctx.list_id]
        numbered = item.tag == T_ITEM and any(c.tag in (T_P, T_H) for c in item)
        if numbered:
            start_value = item.get(qname("text", "start-value"))
            if start_value and start_value.isdigit():
                counters[ctx.level] = int(start_value)
            else:
                counters[ctx.level] += 1
            levels = state.list_styles.get(ctx.style, {})
            for deeper in range(ctx.level + 1, 11):
                counters[deeper] = levels[deeper].start - 1 if deeper in levels else 0
        first = True
        for child in item:
            if child.tag in (T_P, T_H):
                item_ctx = ctx if (first and numbered) else None
                blocks = _paragraph(child, state, depth + 1, item_ctx, in_list=ctx.level)
                first = False
                out.extend(blocks)
            elif child.tag == T_LIST:
                out.extend(_list(child, state, depth + 1, ctx))
            else:
                out.extend(_blocks(child, state, depth + 1, None))
    return out


def _paragraph(el, state: _State, depth: int, ctx: _ListContext | None,
               in_list: int = 0) -> list[Block]:
    style_name = el.get(qname("text", "style-name"), "")
    style = _resolve_display(state.styles, style_name)
    extra: list[Block] = []
    runs = _runs(el, state, depth, extra)
    if el.tag == T_H:
        try:
            level = int(el.get(qname("text", "outline-level"), "1"))
        except ValueError:
            level = 1
        level = max(1, min(9, level))
        label = ""
        if el.get(qname("text", "is-list-header")) != "true" and state.outline:
            counters = state.heading_counters
            counters[level] += 1
            for deeper in range(level + 1, 10):
                counters[deeper] = 0
            label = list_label(state.outline, counters, level)
        if ctx is not None:
            label = list_label(state.list_styles.get(ctx.style, {}),
                           state.list_counters[ctx.list_id], ctx.level) or label
        block = Block("", BlockKind.HEADING, runs, level=level, label=label, style=style)
    elif in_list:
        label = ""
        if ctx is not None:
            levels = state.list_styles.get(ctx.style) or state.list_styles.get(
                resolve(state.styles, style_name, "list_style") or "", {})
            label = list_label(levels, state.list_counters[ctx.list_id], ctx.level)
        block = Block("", BlockKind.LIST_ITEM, runs, level=min(8, in_list - 1), label=label,
                      style=style)
    else:
        block = Block("", BlockKind.PARAGRAPH, runs, style=style)
    return [block, *extra]


def _resolve_display(styles: dict[str, TextStyle], name: str) -> str:
    style = styles.get(name)
    if style is None:
        return name.replace("_20_", " ")
    if style.parent and re.fullmatch(r"P\d+", name):  # automatic style: show its parent
        parent = styles.get(style.parent)
        return parent.display if parent else style.parent.replace("_20_", " ")
    return style.display


def _table(el, state: _State, depth: int) -> Block:
    rows: list[tuple[Cell, ...]] = []
    if depth > MAX_DEPTH:
        state.warnings["too-deep"] += 1
        return Block("", BlockKind.TABLE, table=Table(()))
    for row in el.iter(ROW):
        if _owner_table(row) is not el:
            continue  # a nested table's row: read with that table
        cells: list[Cell] = []
        for cell in row:
            if cell.tag != CELL:
                continue
            try:
                span = int(cell.get(qname("table", "number-columns-spanned"), "1"))
            except ValueError:
                span = 1
            blocks: list[Block] = []
            for child in cell:
                blocks.extend(_blocks(child, state, depth + 1, None))
            cells.append(Cell(tuple(_without_empty(blocks)) or (Block("", BlockKind.PARAGRAPH),),
                              col_span=max(1, span)))
        if cells:
            rows.append(tuple(cells))
    return Block("", BlockKind.TABLE, table=Table(tuple(rows)))


def _without_empty(blocks: list[Block]) -> list[Block]:
    """Returns the blocks without empty paragraphs (spacing the author typed, not content)."""
    return [
        b for b in blocks
        if b.kind is not BlockKind.PARAGRAPH or b.text.strip() or b.deleted_text
        or any(r.note_ref for r in b.runs)
    ]


def _owner_table(row):
    parent = row.getparent()
    while parent is not None and parent.tag != TABLE:
        parent = parent.getparent()
    return parent


# --- runs ---------------------------------------------------------------------------------------


@dataclass
class _Format:
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    link: str | None = None
    strike: bool | None = None


def _runs(el, state: _State, depth: int, extra: list[Block]) -> tuple[Run, ...]:
    style = state.styles
    name = el.get(qname("text", "style-name"), "")
    fmt = _Format(resolve(style, name, "bold"), resolve(style, name, "italic"),
                  resolve(style, name, "underline"), strike=resolve(style, name, "strike"))
    out: list[Run] = []
    _walk_inline(el, fmt, state, depth, out, extra)
    merged: list[Run] = []
    for run in out:
        if merged and not run.note_ref and not merged[-1].note_ref and (
            merged[-1].bold, merged[-1].italic, merged[-1].underline, merged[-1].hyperlink,
            merged[-1].revision, merged[-1].strike) == (run.bold, run.italic, run.underline,
                                                        run.hyperlink, run.revision, run.strike):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.underline,
                             run.hyperlink, run.revision, strike=run.strike)
        else:
            merged.append(run)
    if merged and merged[0].revision is not Revision.DELETED:
        merged[0] = _with_text(merged[0], merged[0].text.lstrip(" "))
    if merged and merged[-1].revision is not Revision.DELETED:
        merged[-1] = _with_text(merged[-1], merged[-1].text.rstrip(" "))
    return tuple(r for r in merged if r.text or r.note_ref)


def _with_text(run: Run, text: str) -> Run:
    return Run(text, run.bold, run.italic, run.underline, run.hyperlink, run.revision,
               run.note_ref, run.strike)


def _add(out: list[Run], text: str, fmt: _Format, state: _State, collapse: bool = True) -> None:
    if not text:
        return
    if collapse:
        text = re.sub(r"[ \t\r\n]+", " ", text)
        previous = out[-1].text if out else ""
        if text.startswith(" ") and (not out or previous.endswith(" ")):
            text = text[1:]
        if not text:
            return
    revision = Revision.INSERTED if state.inserting else Revision.NONE
    out.append(Run(text, fmt.bold, fmt.italic, fmt.underline, fmt.link, revision,
                   strike=fmt.strike))


def _walk_inline(el, fmt: _Format, state: _State, depth: int, out: list[Run],
                 extra: list[Block]) -> None:
    _add(out, el.text or "", fmt, state)
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP_INLINE:
            pass
        elif tag == T_S:
            try:
                count = int(child.get(qname("text", "c"), "1"))
            except ValueError:
                count = 1
            _add(out, " " * max(1, min(count, 1000)), fmt, state, collapse=False)
        elif tag == T_TAB:
            _add(out, "\t", fmt, state, collapse=False)
        elif tag == T_BREAK:
            _add(out, "\n", fmt, state, collapse=False)
        elif tag == T_CHANGE:
            deleted = state.deletions.get(child.get(qname("text", "change-id"), ""), "")
            if deleted:
                out.append(Run(deleted, fmt.bold, fmt.italic, fmt.underline, fmt.link,
                               Revision.DELETED, strike=fmt.strike))
        elif tag == T_CHANGE_START:
            state.inserting.add(child.get(qname("text", "change-id"), ""))
        elif tag == T_CHANGE_END:
            state.inserting.discard(child.get(qname("text", "change-id"), ""))
        elif tag == T_NOTE:
            _note(child, state, depth, out)
        elif tag == qname("office", "annotation"):
            state.warnings["comment"] += 1
        elif tag == FRAME:
            _frame(child, state, depth, extra)
        elif tag in (T_P, T_H, T_LIST, TABLE):  # block content inside inline (text boxes)
            extra.extend(_blocks(child, state, depth + 1, None))
        elif depth > MAX_DEPTH:
            _add(out, "".join(child.itertext()), fmt, state)
        else:
            inner = fmt
            if tag == T_SPAN:
                name = child.get(qname("text", "style-name"), "")
                inner = _Format(
                    _pick(resolve(state.styles, name, "bold"), fmt.bold),
                    _pick(resolve(state.styles, name, "italic"), fmt.italic),
                    _pick(resolve(state.styles, name, "underline"), fmt.underline),
                    fmt.link,
                    _pick(resolve(state.styles, name, "strike"), fmt.strike),
                )
            elif tag == T_A:
                inner = _Format(fmt.bold, fmt.italic, fmt.underline,
                                child.get(qname("xlink", "href")) or fmt.link, fmt.strike)
            # fields (page-number, date, variable-get, reference-ref ...), meta, ruby-base:
            # their text is what the reader sees
            _walk_inline(child, inner, state, depth + 1, out, extra)
        _add(out, child.tail or "", fmt, state)


def _pick(value, inherited):
    return inherited if value is None else value


def _note(el, state: _State, depth: int, out: list[Run]) -> None:
    kind = NoteKind.ENDNOTE if el.get(qname("text", "note-class")) == "endnote" else (
        NoteKind.FOOTNOTE)
    citation = el.find(qname("text", "note-citation"))
    label = "".join(citation.itertext()).strip() if citation is not None else ""
    note_id = f"{kind.value}-{len(state.notes) + 1}"
    body = el.find(qname("text", "note-body"))
    blocks: list[Block] = []
    if body is not None:
        saved = state.heading_counters[:]
        for child in body:
            blocks.extend(_blocks(child, state, depth + 1, None))
        state.heading_counters[:] = saved
    state.notes.append(Note(note_id, kind, label or str(len(state.notes) + 1),
                            finish_blocks(note_id, blocks)))
    out.append(Run("", note_ref=note_id))


def _frame(el, state: _State, depth: int, extra: list[Block]) -> None:
    for child in el:
        local = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if local == "image":
            state.warnings["image"] += 1
        elif local in ("object", "object-ole"):
            state.warnings["embedded-object"] += 1
        elif local == "text-box":
            state.warnings["text-box"] += 1
            for inner in child:
                extra.extend(_blocks(inner, state, depth + 1, None))


_WARNING_TEXT = {
    "image": "Pictures are not read.",
    "embedded-object": "Embedded objects (charts, formulas, spreadsheets) are not read.",
    "text-box": "Text boxes were read as ordinary paragraphs after the paragraph they sit in.",
    "comment": "Comments are not read.",
    "table-of-contents": "The table of contents was left out; the export builds a new one.",
    "too-deep": "Some content nested unusually deeply (lists or tables inside each other) "
                "was left out.",
}


def _warnings(counts: Counter) -> tuple[ReaderWarning, ...]:
    return tuple(
        ReaderWarning(code, _WARNING_TEXT.get(code, code), count)
        for code, count in sorted(counts.items())
    )


def _properties(meta) -> tuple[tuple[str, str], ...]:
    if meta is None:
        return ()
    out: list[tuple[str, str]] = []
    for key, tag in (
        ("title", qname("dc", "title")), ("author", qname("meta", "initial-creator")),
        ("last_modified_by", qname("dc", "creator")), ("modified", qname("dc", "date")),
        ("subject", qname("dc", "subject")),
    ):
        el = next(meta.iter(tag), None)
        if el is not None and (el.text or "").strip():
            out.append((key, el.text.strip()))
    return tuple(out)
