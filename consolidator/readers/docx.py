"""The .docx reader: the text the author sees in Word, with structure, numbers and notes."""

from __future__ import annotations

from collections import Counter
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
    SourceDocument,
    Table,
    content_id,
    finish_blocks,
)
from consolidator.ooxml.names import (
    FALSE_VALUES,
    M_OMATH,
    M_OMATHPARA,
    M_T,
    MC_ALTERNATE,
    R_ID,
    REL_COMMENTS,
    REL_ENDNOTES,
    REL_FOOTNOTES,
    REL_NUMBERING,
    REL_STYLES,
    W_ALTCHUNK,
    W_ANCHOR,
    W_B,
    W_BDO,
    W_BODY,
    W_BR,
    W_CHAR,
    W_COMMENT,
    W_CR,
    W_CUSTOMMARK,
    W_CUSTOMXML,
    W_DEL,
    W_DELTEXT,
    W_DIR,
    W_DRAWING,
    W_DSTRIKE,
    W_ENDNOTE,
    W_ENDNOTEPR,
    W_ENDNOTEREF,
    W_FLDCHAR,
    W_FLDCHARTYPE,
    W_FLDSIMPLE,
    W_FOOTNOTE,
    W_FOOTNOTEPR,
    W_FOOTNOTEREF,
    W_FRAMEPR,
    W_GRIDSPAN,
    W_HYPERLINK,
    W_I,
    W_ID,
    W_ILVL,
    W_INS,
    W_MOVEFROM,
    W_MOVETO,
    W_NOBREAKHYPHEN,
    W_NUMFMT,
    W_NUMID,
    W_NUMPR,
    W_NUMSTART,
    W_OBJECT,
    W_OUTLINELVL,
    W_P,
    W_PICT,
    W_PPR,
    W_PSTYLE,
    W_PTAB,
    W_R,
    W_RPR,
    W_SDT,
    W_SDTCONTENT,
    W_SECTPR,
    W_SMARTTAG,
    W_STRIKE,
    W_SYM,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TCPR,
    W_TR,
    W_TXBXCONTENT,
    W_TYPE,
    W_U,
    W_VAL,
    W_VMERGE,
)
from consolidator.ooxml.parts import BLOCK_ELEMENTS, Relationship, WordPackage
from consolidator.progress import CancelCheck, Progress, check_cancel, report
from consolidator.readers.docx_runs import (
    choose,
    coalesce,
    is_blank,
    is_drop_cap,
    to_int,
    toggle,
    wrapped,
)
from consolidator.readers.docx_styles import Styles
from consolidator.readers.numbering import Numbering
from consolidator.readers.titles import heading_or_file_title

_WRAPPERS = frozenset({W_SMARTTAG, W_CUSTOMXML, W_BDO, W_DIR, W_FLDSIMPLE})
_SKIP_NOTE_TYPES = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_PROGRESS_EVERY = 256

_WARNING_TEXT = {
    "image": "{n} picture{s} left out (only text is read).",
    "chart": "{n} chart{s} left out (only text is read).",
    "smartart": "{n} SmartArt diagram{s} left out; retype any text they hold.",
    "embedded-object": "{n} embedded object{s} (a spreadsheet, old equation or file) left out.",
    "equation": "{n} equation{s} read as plain text; check them after export.",
    "comment": "{n} comment{s} not imported (comments are not part of the policy text).",
    "embedded-document": "{n} imported document{s} (altChunk: RTF, MHT, damaged or nested too "
                         "deep) left out; open the file in Word and save it again to merge "
                         "them into the text.",
    "header-footer": "Text in {n} page header{s}/footer{s} not imported (for example "
                     "\"{detail}\"); only the body of the policy is read.",
    "unreadable-part": "{n} optional part{s} could not be read: {detail}",
}


def read(
    path: Path,
    data: bytes,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    nesting: int = 0,
    main_part: dict[str, etree._Element] | None = None,
) -> SourceDocument:
    """Returns the Word document in `data` as a SourceDocument; raises LoadError when unreadable.

    `nesting`: how deep this document is imported into another (w:altChunk). `main_part`, when
    given, receives {part name: parsed root} of the main part, unchanged, for a writer that
    would parse it again (the redline of compare: see WordPackage's `parsed`)."""
    from consolidator.ooxml.safe import Package

    name = path.name
    report(progress, 0.0, f"Reading {name}")
    package = WordPackage(Package(data, name))
    main = package.main_part()
    root = package.xml(main)
    body = root.find(W_BODY)
    if body is None:
        raise LoadError(
            f"{name} is not a Word text document: its main part has no body "
            f"(it holds <{etree.QName(root).localname}>). Load the policy itself, saved from Word "
            "as .docx.",
            path=str(path),
            reason="unsupported",
        )
    rels = package.relationships(main)
    reader = _Reader(package, rels, progress, cancel)
    reader.nesting = nesting
    styles = Styles(reader.optional_xml(rels, REL_STYLES))
    reader.styles = styles
    reader.numbering = Numbering(reader.optional_xml(rels, REL_NUMBERING), styles)
    reader.read_note_formats(body)
    blocks = []
    bodies = root.findall(W_BODY)
    for part_body in bodies:  # a second w:body (seen in the wild) is read too
        blocks += reader.read_body(part_body)
    notes = reader.read_notes(rels)
    reader.count_comments(rels)
    reader.count_headers_footers(rels)
    try:
        properties = package.core_properties()
    except LoadError as exc:
        reader.unreadable(f"document properties ({exc})")
        properties = ()
    doc_id = content_id(data)
    finished = finish_blocks(doc_id, blocks)
    if main_part is not None:
        main_part[main] = root
        if len(bodies) == 1 and reader.elements_read is not None:
            main_part[BLOCK_ELEMENTS] = reader.elements_read
    report(progress, 1.0, f"Read {name}")
    return SourceDocument(
        id=doc_id,
        path=str(path),
        format="docx",
        title=_title(dict(properties).get("title", ""), finished, path),
        blocks=finished,
        notes=notes,
        warnings=reader.warnings_list(),
        properties=properties,
    )


def _title(core_title: str, blocks: tuple[Block, ...], path: Path) -> str:
    if core_title.strip():
        return core_title.strip()
    for block in blocks:
        if block.style.lower() == "title" and block.text.strip():
            return " ".join(block.text.split())
    return heading_or_file_title(blocks, path)


class _Reader:
    """Walks the body in order, keeping the state that spans paragraphs (fields, counters)."""

    def __init__(self, package: WordPackage, rels: dict[str, Relationship],
                 progress: Progress | None, cancel: CancelCheck | None) -> None:
        self.package = package
        self.rels = rels
        self.progress = progress
        self.cancel = cancel
        self.styles = Styles(None)
        self.numbering = Numbering(None, self.styles)
        self.fields: list[bool] = []  # open complex fields: True once past "separate"
        self.counts: Counter[str] = Counter()
        self.details: list[str] = []
        self.samples: dict[str, str] = {}
        self.note_labels: dict[tuple[NoteKind, str], str] = {}
        self.note_numbers = {NoteKind.FOOTNOTE: 0, NoteKind.ENDNOTE: 0}
        self.note_formats = {NoteKind.FOOTNOTE: "decimal", NoteKind.ENDNOTE: "lowerRoman"}
        self.paragraphs = 0
        self.boxes: list[etree._Element] = []
        self.drop_cap: list[tuple] = []
        self.nesting = 0
        self.elements_read: list[etree._Element | None] | None = None  # see read_body

    # --- parts -------------------------------------------------------------------------------

    def optional_xml(self, rels: dict[str, Relationship], rel_type: str) -> etree._Element | None:
        """Returns a related part's root, or None (with a warning) when it is missing or damaged."""
        part = self.package.related_part(rels, rel_type)
        if part is None:
            return None
        try:
            return self.package.xml(part)
        except LoadError as exc:
            self.unreadable(f"{part} ({exc})")
            return None

    def unreadable(self, detail: str) -> None:
        self.counts["unreadable-part"] += 1
        self.details.append(detail)

    def warnings_list(self) -> tuple[ReaderWarning, ...]:
        out = []
        for code, n in sorted(self.counts.items()):
            detail = self.samples.get(code) or "; ".join(self.details)
            text = _WARNING_TEXT[code].format(n=n, s="" if n == 1 else "s", detail=detail)
            out.append(ReaderWarning(code=code, message=text, count=n))
        return tuple(out)

    def count_headers_footers(self, rels: dict[str, Relationship]) -> None:
        """Counts headers and footers holding words (not just a page number): they are not read."""
        sample = ""
        for rel in rels.values():
            if rel.external or not rel.type.endswith(("/header", "/footer")):
                continue
            part = self.package.package.find(rel.target)
            if part is None:
                continue
            try:
                root = self.package.xml(part)
            except LoadError:
                continue
            text = " ".join("".join(t.text or "" for t in root.iter(W_T)).split())
            if any(ch.isalpha() for ch in text):
                self.counts["header-footer"] += 1
                sample = sample or text[:40]
        if sample:
            self.samples["header-footer"] = sample

    def count_comments(self, rels: dict[str, Relationship]) -> None:
        root = self.optional_xml(rels, REL_COMMENTS)
        n = sum(1 for _ in root.iter(W_COMMENT)) if root is not None else 0
        self.counts["comment"] = max(self.counts.get("comment", 0), n)
        if not self.counts["comment"]:
            del self.counts["comment"]

    # --- block level -------------------------------------------------------------------------

    def read_body(self, body: etree._Element) -> list[Block]:
        """Returns the body's blocks; `elements_read` becomes the element each was read from
        (a paragraph or table of the body; None for a text box's paragraphs and for a paragraph
        holding a drop capital's letters, which stood in a paragraph of their own), unless
        content controls or custom XML wrap the body's paragraphs."""
        children = list(body)
        total = max(1, len(children))
        out: list[Block] = []
        read_from: list[etree._Element | None] | None = [] if next(
            body.iterchildren(W_SDT, W_CUSTOMXML), None) is None else None
        for index, child in enumerate(children):
            if index % _PROGRESS_EVERY == 0 and index:
                check_cancel(self.cancel)
                report(self.progress, 0.95 * index / total, "Reading paragraphs")
            before = len(out)
            if child.tag == W_P:
                absorbs = bool(self.drop_cap)  # a drop capital's letters open its block
                own = self.paragraph(child, out) and not absorbs
            else:
                self.block_element(child, out)
                own = child.tag == W_TBL
            if read_from is not None and len(out) > before:
                read_from.append(child if own else None)
                read_from += [None] * (len(out) - before - 1)
        self.elements_read = read_from
        return out

    def blocks(self, container: etree._Element) -> list[Block]:
        out: list[Block] = []
        for child in container:
            self.block_element(child, out)
        return out

    def block_element(self, child: etree._Element, out: list[Block]) -> None:
        tag = child.tag
        if tag == W_P:
            self.paragraph(child, out)
        elif tag == W_TBL:
            out.append(self.table(child))
        elif tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                for inner in content:
                    self.block_element(inner, out)
        elif tag in (W_CUSTOMXML, W_INS, W_DEL, W_MOVETO, W_MOVEFROM):
            for inner in child:
                self.block_element(inner, out)
        elif tag == MC_ALTERNATE:
            branch = choose(child)
            if branch is not None:
                for inner in branch:
                    self.block_element(inner, out)
        elif tag == W_ALTCHUNK:
            self.alt_chunk(child, out)

    def alt_chunk(self, el: etree._Element, out: list[Block]) -> None:
        """Reads imported content in place (see alt_chunks), or counts it as left out."""
        from consolidator.readers.alt_chunks import read_chunk

        rel = self.rels.get(el.get(R_ID) or "")
        part = self.package.package.find(rel.target) if rel and not rel.external else None
        chunk = None
        if part is not None:
            try:
                chunk = read_chunk(self.package.package.read(part), part, self.nesting,
                                   _read_nested)
            except LoadError:
                chunk = None
        if chunk is None:
            self.counts["embedded-document"] += 1
            return
        blocks, left_out = chunk
        out.extend(blocks)
        if left_out:
            self.counts["embedded-document"] += left_out

    def table(self, tbl: etree._Element) -> Block:
        rows = []
        for tr in wrapped(tbl, W_TR):
            cells = []
            for tc in wrapped(tr, W_TC):
                span = 1
                continued = False
                tcpr = tc.find(W_TCPR)
                if tcpr is not None:
                    grid = tcpr.find(W_GRIDSPAN)
                    if grid is not None:
                        span = max(1, to_int(grid.get(W_VAL), 1))
                    merge = tcpr.find(W_VMERGE)
                    continued = merge is not None and merge.get(W_VAL) in (None, "continue")
                if continued:
                    self.blocks(tc)  # keeps field and number counters in step; shown empty
                    cells.append(Cell(blocks=(), col_span=span))
                    continue
                inner = [b for b in self.blocks(tc) if not is_blank(b)]
                if not inner:
                    inner = [Block(id="", kind=BlockKind.PARAGRAPH)]
                cells.append(Cell(blocks=tuple(inner), col_span=span))
            rows.append(tuple(cells))
        return Block(id="", kind=BlockKind.TABLE, table=Table(rows=tuple(rows)))

    # --- paragraphs --------------------------------------------------------------------------

    def paragraph(self, p: etree._Element, out: list[Block]) -> bool:
        """Appends the paragraph's block (and its text boxes' after it); returns True when it
        has a block of its own (False: empty, a drop capital, or only text boxes)."""
        self.paragraphs += 1
        if self.paragraphs % 2048 == 0:
            check_cancel(self.cancel)
        style_id = num_id = ilvl = outline = None
        drop_cap = False
        ppr = p[0] if len(p) and p[0].tag == W_PPR else None  # the schema puts w:pPr first
        if ppr is not None:
            for prop in ppr:  # one pass over the properties (find() costs more)
                tag = prop.tag
                if tag == W_PSTYLE:
                    style_id = prop.get(W_VAL)
                elif tag == W_NUMPR:
                    for el in prop:
                        if el.tag == W_NUMID:
                            num_id = el.get(W_VAL)
                        elif el.tag == W_ILVL:
                            ilvl = to_int(el.get(W_VAL), 0)
                elif tag == W_OUTLINELVL:
                    outline = to_int(prop.get(W_VAL), 9)
                elif tag == W_FRAMEPR:
                    drop_cap = is_drop_cap(ppr)
        style = self.styles.resolve(style_id)
        if num_id is None:
            num_id = style.num_id
            if ilvl is None and num_id is not None:
                ilvl = style.ilvl
                if ilvl is None:
                    ilvl = self.numbering.level_for_style(num_id, style_id)
        ilvl = ilvl or 0
        heading = style.heading_level
        if outline is not None:
            heading = outline + 1 if 0 <= outline < 9 else 0
        label = ""
        numbered = self.numbering.has(num_id)
        if numbered:
            label = self.numbering.label(num_id, ilvl)

        parts: list[tuple] = []
        boxes_before = len(self.boxes)
        self.inline(p, parts, Revision.NONE, None)
        if drop_cap:  # a drop capital is a frame holding the first letter(s) of the next paragraph
            self.drop_cap.extend(parts)
            parts = []
        elif self.drop_cap:
            parts[:0] = self.drop_cap
            self.drop_cap = []
        runs = coalesce(parts)

        own = bool(runs or label)
        if own:
            if heading:
                kind, level = BlockKind.HEADING, heading
            elif numbered:
                kind, level = BlockKind.LIST_ITEM, ilvl
            else:
                kind, level = BlockKind.PARAGRAPH, 0
            out.append(Block(id="", kind=kind, runs=runs, level=level, label=label,
                             style=style.name))
        if len(self.boxes) > boxes_before:
            boxes = self.boxes[boxes_before:]
            del self.boxes[boxes_before:]
            saved, self.fields = self.fields, []
            for box in boxes:  # text boxes: their paragraphs follow the paragraph anchoring them
                for inner in box:
                    self.block_element(inner, out)
            self.fields = saved
        return own

    def inline(self, parent: etree._Element, parts: list, revision: Revision,
               link: str | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == W_R:
                self.run(child, parts, revision, link)
            elif tag == W_INS or tag == W_MOVETO:
                self.inline(child, parts,
                            Revision.DELETED if revision is Revision.DELETED
                            else Revision.INSERTED, link)
            elif tag == W_DEL or tag == W_MOVEFROM:
                self.inline(child, parts, Revision.DELETED, link)
            elif tag == W_HYPERLINK:
                target = None
                rel = self.rels.get(child.get(R_ID) or "")
                if rel is not None:
                    target = rel.target
                anchor = child.get(W_ANCHOR)
                if anchor:
                    target = f"{target or ''}#{anchor}"
                self.inline(child, parts, revision, target or link)
            elif tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    self.inline(content, parts, revision, link)
            elif tag in _WRAPPERS:
                self.inline(child, parts, revision, link)
            elif tag == M_OMATHPARA or tag == M_OMATH:
                self.counts["equation"] += sum(1 for _ in child.iter(M_OMATH)) or 1
                text = "".join(t.text or "" for t in child.iter(M_T))
                if text and self.visible():
                    parts.append((text, None, None, None, link, revision, None, None))
            elif tag == MC_ALTERNATE:
                branch = choose(child)
                if branch is not None:
                    self.inline(branch, parts, revision, link)

    def visible(self) -> bool:
        """Returns True unless inside a complex field's instruction (before its "separate")."""
        return all(self.fields) if self.fields else True

    def run(self, r: etree._Element, parts: list, revision: Revision, link: str | None) -> None:
        bold = italic = underline = strike = None
        if len(r) and r[0].tag == W_RPR:  # the schema puts w:rPr first
            for prop in r[0]:  # one pass over the few properties (find() costs more)
                tag = prop.tag
                if tag == W_B:
                    bold = toggle(prop)
                elif tag == W_I:
                    italic = toggle(prop)
                elif tag == W_U:
                    underline = (prop.get(W_VAL) or "single") not in FALSE_VALUES
                elif tag == W_STRIKE or tag == W_DSTRIKE:
                    strike = strike or toggle(prop)
        fmt = (bold, italic, underline, link, revision, strike)
        self.run_content(r, parts, fmt)

    def run_content(self, r: etree._Element, parts: list, fmt: tuple) -> None:
        buf: list[str] = []
        for child in r:
            tag = child.tag
            if tag == W_T or tag == W_DELTEXT:
                if child.text and (not self.fields or self.visible()):
                    buf.append(child.text)
            elif tag == W_TAB or tag == W_PTAB:
                if self.visible():
                    buf.append("\t")
            elif tag == W_BR:
                if self.visible() and child.get(W_TYPE) in (None, "textWrapping"):
                    buf.append("\n")
            elif tag == W_CR:
                if self.visible():
                    buf.append("\n")
            elif tag == W_NOBREAKHYPHEN:
                if self.visible():
                    buf.append("\u2011")
            elif tag == W_SYM:
                code = child.get(W_CHAR)
                if code and self.visible():
                    try:
                        buf.append(chr(int(code, 16)))
                    except (ValueError, OverflowError):
                        pass
            elif tag == W_FLDCHAR:
                kind = child.get(W_FLDCHARTYPE)
                if kind == "begin":
                    self.fields.append(False)
                elif kind == "separate" and self.fields:
                    self.fields[-1] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag == W_FOOTNOTEREF or tag == W_ENDNOTEREF:
                if buf:
                    parts.append(("".join(buf), *fmt, None))
                    buf = []
                note_kind = NoteKind.FOOTNOTE if tag == W_FOOTNOTEREF else NoteKind.ENDNOTE
                note_id, label = self.note_label(note_kind, child)
                parts.append((label, *fmt, note_id))
            elif tag == W_DRAWING:
                self.drawing(child)
            elif tag == W_PICT:
                self.vml(child)
            elif tag == W_OBJECT:
                self.counts["embedded-object"] += 1
            elif tag == MC_ALTERNATE:
                branch = choose(child)
                if branch is not None:
                    if buf:
                        parts.append(("".join(buf), *fmt, None))
                        buf = []
                    self.run_content(branch, parts, fmt)
        if buf:
            parts.append(("".join(buf), *fmt, None))

    def read_note_formats(self, body: etree._Element) -> None:
        """Takes the footnote/endnote number formats and starts from the last section."""
        sect = body.find(W_SECTPR)
        if sect is None:
            return
        for kind, tag in ((NoteKind.FOOTNOTE, W_FOOTNOTEPR), (NoteKind.ENDNOTE, W_ENDNOTEPR)):
            props = sect.find(tag)
            if props is None:
                continue
            fmt = props.find(W_NUMFMT)
            if fmt is not None and fmt.get(W_VAL):
                self.note_formats[kind] = fmt.get(W_VAL)
            start = props.find(W_NUMSTART)
            if start is not None:
                self.note_numbers[kind] = to_int(start.get(W_VAL), 1) - 1

    def note_label(self, kind: NoteKind, ref: etree._Element) -> tuple[str, str]:
        """Returns (Note.id, the mark shown in the text) for a footnote/endnote reference."""
        raw = ref.get(W_ID) or ""
        note_id = f"{'fn' if kind is NoteKind.FOOTNOTE else 'en'}{raw}"
        if (ref.get(W_CUSTOMMARK) or "0") not in FALSE_VALUES:
            label = ""  # the author's own mark follows as ordinary text
        else:
            self.note_numbers[kind] += 1
            n = self.note_numbers[kind]
            from consolidator.readers.number_formats import format_number

            label = format_number(n, self.note_formats[kind])
        self.note_labels.setdefault((kind, raw), label)
        return note_id, label

    # --- drawings ----------------------------------------------------------------------------

    def drawing(self, el: etree._Element) -> None:
        for node in el.iter():
            tag = node.tag
            if not isinstance(tag, str):
                continue
            if tag == W_TXBXCONTENT:
                self.add_box(node, el)
            elif tag.endswith("/picture}pic"):
                self.counts["image"] += 1
            elif tag.endswith("/chart}chart"):
                self.counts["chart"] += 1
            elif tag.endswith("/diagram}relIds"):
                self.counts["smartart"] += 1

    def vml(self, el: etree._Element) -> None:
        for node in el.iter():
            tag = node.tag
            if tag == W_TXBXCONTENT:
                self.add_box(node, el)
            elif isinstance(tag, str) and tag.endswith("}imagedata"):
                self.counts["image"] += 1

    def add_box(self, box: etree._Element, top: etree._Element) -> None:
        """Queues a text box for reading after its paragraph, unless it sits inside another box."""
        for ancestor in box.iterancestors():
            if ancestor is top:
                break
            if ancestor.tag == W_TXBXCONTENT:
                return  # read with the outer box
        self.boxes.append(box)

    # --- notes -------------------------------------------------------------------------------

    def read_notes(self, rels: dict[str, Relationship]) -> tuple[Note, ...]:
        notes: list[Note] = []
        for kind, rel_type, tag in ((NoteKind.FOOTNOTE, REL_FOOTNOTES, W_FOOTNOTE),
                                    (NoteKind.ENDNOTE, REL_ENDNOTES, W_ENDNOTE)):
            wanted = {raw: label for (k, raw), label in self.note_labels.items() if k is kind}
            if not wanted:
                continue
            part = self.package.related_part(rels, rel_type)
            root = self.optional_xml(rels, rel_type)
            if root is None or part is None:
                continue
            saved_rels, saved_fields = self.rels, self.fields
            self.rels, self.fields = self.package.relationships(part), []
            found: dict[str, Note] = {}
            for el in root.iter(tag):
                raw = el.get(W_ID) or ""
                if raw not in wanted or el.get(W_TYPE) in _SKIP_NOTE_TYPES:
                    continue
                prefix = "fn" if kind is NoteKind.FOOTNOTE else "en"
                blocks = tuple(b for b in self.blocks(el) if not is_blank(b))
                found[raw] = Note(id=f"{prefix}{raw}", kind=kind, label=wanted[raw],
                                  blocks=blocks)
            self.rels, self.fields = saved_rels, saved_fields
            notes.extend(found[raw] for raw in wanted if raw in found)
        return tuple(notes)


def _read_nested(name: str, data: bytes, nesting: int) -> tuple[list[Block], int]:
    """Returns the blocks of a Word document imported into another (alt_chunks) and how many
    documents imported into it were left out."""
    inner = read(Path(name), data, nesting=nesting)
    return list(inner.blocks), sum(w.count for w in inner.warnings
                                   if w.code == "embedded-document")
