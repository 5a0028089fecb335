"""Revision markup for the redline: w:ins, w:del, w:moveFrom/w:moveTo around rebuilt runs.

The orchestration (package, mapping rows onto NEW's body, saving) is in redline.py.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_right
from collections.abc import Iterable

from lxml import etree

from consolidator.diffing import DiffRow, RowKind, SpanOp, TextOp, diff_text
from consolidator.model import Block, BlockKind, Cell, Revision
from consolidator.ooxml.names import W_NS as W
from consolidator.ooxml.names import w
from consolidator.ooxml.safe import fragment_parser
from consolidator.progress import CancelCheck, check_cancel

P, R, T, TBL, TR, TC, PPR, RPR, BODY = (w(x) for x in ("p", "r", "t", "tbl", "tr", "tc", "pPr",
                                                        "rPr", "body"))
INS, DEL, MOVE_FROM, MOVE_TO = w("ins"), w("del"), w("moveFrom"), w("moveTo")
_QNAMES = {INS: "w:ins", DEL: "w:del", MOVE_FROM: "w:moveFrom", MOVE_TO: "w:moveTo"}
TRACKED = {INS, DEL, MOVE_FROM, MOVE_TO, w("moveFromRangeStart"), w("moveToRangeStart"),
           w("pPrChange"), w("rPrChange"), w("tblPrChange"), w("trPrChange"), w("tcPrChange"),
           w("sectPrChange"), w("numberingChange"), w("cellIns"), w("cellDel"), w("cellMerge")}
# w:rPr children in schema order (CT_RPr / EG_RPrBase)
RPR_ORDER = [w(x) for x in (
    "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline "
    "shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w kern position sz "
    "szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish "
    "oMath".split())]
_RPR_RANK = {tag: n for n, tag in enumerate(RPR_ORDER)}
_ID, _AUTHOR, _DATE = w("id"), w("author"), w("date")
_SECT_PR = w("sectPr")
_SDT, _CUSTOM_XML = w("sdt"), w("customXml")
_B, _I, _U = w("b"), w("i"), w("u")
_W_DECLARATION = f' xmlns:w="{W}"'
_FRAGMENT_PARSER = fragment_parser()
_BREAKS = re.compile(r"([\t\n])")
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_XPATH = etree.XPath(
    ".//w:t[not(ancestor::w:moveFrom) and not(ancestor::w:del) and not(ancestor::w:txbxContent)]"
    "/text()", namespaces={"w": W})
BULLETS = {"•", "·", "-", "*", "o", "▪", "■", "◦", "–", ""}

# --- mapping blocks to NEW's elements ------------------------------------------------------------


def block_elements(container: etree._Element) -> list[etree._Element]:
    """Returns the paragraphs and tables of a body or cell in order, inside content controls too."""
    if next(container.iterchildren(_SDT, _CUSTOM_XML), None) is None:  # the usual case
        return list(container.iterchildren(P, TBL))
    out: list[etree._Element] = []
    for child in container:
        tag = child.tag
        if tag in (P, TBL):
            out.append(child)
        elif tag == _SDT:
            content = child.find(w("sdtContent"))
            if content is not None:
                out.extend(block_elements(content))
        elif tag == _CUSTOM_XML:
            out.extend(block_elements(child))
    return out


def _squash(text: str) -> str:
    return "".join(text.split())


def _element_text(el: etree._Element) -> str:
    return "".join(_TEXT_XPATH(el))


def _plain_element_text(el: etree._Element) -> str:
    """_element_text for a document without deletions, moves or text boxes (no XPath needed)."""
    return "".join(el.itertext(T, with_tail=False))


def holds_hidden_text(root: etree._Element) -> bool:
    """Returns True when the part holds text that is not part of its accepted body text
    (tracked deletions, moved-away text, text boxes): mapping must then use the slow path."""
    return any(True for _ in root.iter(DEL, MOVE_FROM, w("txbxContent")))


def holds_revisions(root: etree._Element) -> bool:
    """Returns True when the part holds any tracked change (its elements cannot be reused as is
    without looking at each one)."""
    return any(True for _ in root.iter(INS, DEL, MOVE_FROM, MOVE_TO, w("pPrChange"),
                                       w("rPrChange")))


def _block_plain(block: Block) -> str:
    if block.table is not None:
        return "".join(b.text for c in block.table.iter_cells() for b in c.blocks)
    return block.text


def map_blocks(blocks: Iterable[Block], elements: list[etree._Element], window: int = 64,
               plain: bool = False) -> dict[int, tuple[int, etree._Element]]:
    """Returns {id(block): (element index, element)} for blocks whose element has the same text.

    `plain`: the elements hold no deletions, moves or text boxes (see holds_hidden_text)."""
    element_text = _plain_element_text if plain else _element_text
    out: dict[int, tuple[int, etree._Element]] = {}
    texts: dict[int, str] = {}
    pos = 0
    for block in blocks:
        want = TBL if block.table is not None else P
        key = _squash(_block_plain(block))
        for k in range(pos, min(len(elements), pos + window)):
            el = elements[k]
            if el.tag != want:
                continue
            text = texts.get(k)
            if text is None:
                text = texts[k] = _squash(element_text(el))
            if text == key:
                out[id(block)] = (k, el)
                pos = k + 1
                break
    return out


def _is_blank(el: etree._Element) -> bool:
    """Returns True for a paragraph with no text at all (spacing, a picture, a section break)."""
    return el.tag == P and el.find(f".//{T}") is None


def _has_revisions(el: etree._Element) -> bool:
    return any(True for x in el.iter(INS, DEL, MOVE_FROM, MOVE_TO, w("pPrChange"),
                                     w("rPrChange")))


# --- rendering ---------------------------------------------------------------------------------


class Marker:
    """Builds tracked-change markup with unique ids, one author and one date."""

    def __init__(self, author: str, date: str, first_id: int, styles: dict[str, str],
                 nums: set[str]) -> None:
        self.author = author
        self.date = date
        self.next_id = first_id
        self.styles = styles
        self.nums = nums
        self.old_map: dict[int, tuple[int, etree._Element]] = {}
        self.open_moves: dict[tuple[str, int], etree._Element] = {}
        self.move_names: dict[int, str] = {}
        self.move_parts: dict[tuple[str, int], int] = {}  # range number of a move with tables
        self.last_moved: dict[tuple[str, int], etree._Element] = {}  # in the open range
        self.formats: dict[tuple | bytes, _RunFormats] = {}  # by base rPr: shared templates
        self.pending: list[tuple[etree._Element, str]] = []  # runs XML not yet parsed (flush)
        self.revisions = True  # False when neither document holds tracked changes (a fast path)

    def base_formats(self, el: etree._Element | None) -> _RunFormats:
        """Returns the run formats of a rebuilt paragraph: its first run's rPr, toggles removed
        (one _RunFormats per distinct rPr, so its templates are built once per document)."""
        if el is None:
            return _PLAIN
        run = next(el.iter(R), None)
        rpr = run.find(RPR) if run is not None else None
        if rpr is None:
            return _PLAIN
        key = _rpr_key(rpr)
        found = self.formats.get(key)
        if found is None:
            found = self.formats[key] = _base_rpr(rpr)
        return found

    def usable(self, el: etree._Element | None) -> bool:
        """Returns True when NEW's element can be reused as it is (it holds no tracked change)."""
        return el is not None and not (self.revisions and _has_revisions(el))

    def mark(self, tag: str, **extra: str) -> etree._Element:
        attrib = {_ID: str(self.next_id), _AUTHOR: self.author, _DATE: self.date}
        self.next_id += 1
        for key, value in extra.items():
            attrib[w(key)] = value
        return etree.Element(tag, attrib)

    # rows

    def render_rows(self, rows: Iterable[DiffRow], elements: list[etree._Element],
                    mapping: dict[int, tuple[int, etree._Element]],
                    cancel: CancelCheck | None = None, start: int = 0,
                    tail: bool = True) -> list[etree._Element]:
        """Returns the body (or cell) content for `rows`; NEW's blank paragraphs are kept.

        A part of the body: `start` is the first of `elements` it may take blank paragraphs
        from, and `tail` says whether the blank paragraphs after its last row belong to it."""
        rows = list(rows)
        out: list[etree._Element] = []
        pos = start
        last_of_move = {}
        for n, row in enumerate(rows):
            if row.move_id:
                last_of_move[(row.kind, row.move_id)] = n
        done = 0  # rows before this one are rendered (a split or join renders its rows at once)
        for n, row in enumerate(rows):
            if cancel is not None and n % 500 == 0:
                check_cancel(cancel)
            if n < done:
                continue
            if row.group:
                done = n + 1
                while done < len(rows) and rows[done].group == row.group:
                    done += 1
                pos = self._render_group(rows[n:done], elements, mapping, pos, out)
                continue
            el = None
            found = mapping.get(id(row.right)) if row.right is not None else None
            if found is not None:
                index, el = found
                out.extend(x for x in elements[pos:index] if _is_blank(x))
                pos = index + 1
            rendered = self.render_row(row, el)
            if row.move_id and rendered:
                self.flush()  # the range ends after the paragraph's runs
                self._move_range(row, rendered, n == last_of_move[(row.kind, row.move_id)])
            out.extend(rendered)
        if tail:
            out.extend(x for x in elements[pos:] if _is_blank(x))
        self.flush()
        return out

    def _extend(self, p: etree._Element, parts: list[str]) -> None:
        """Queues the runs serialized in `parts` (w: prefixed) for the paragraph `p`: flush()
        parses every queued paragraph's runs at once (one parse instead of one per paragraph)."""
        if parts:
            self.pending.append((p, "".join(parts)))

    def flush(self) -> None:
        """Appends the queued runs to their paragraphs. Called before anything looks inside
        rebuilt paragraphs (move ranges, table tracking) and when rows are rendered."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        holder = etree.fromstring(
            f'<w:body {_W_DECLARATION.strip()}>'
            + "".join(f"<w:p>{xml}</w:p>" for _, xml in pending) + "</w:body>",
            _FRAGMENT_PARSER)
        for (p, _), parsed in zip(pending, holder, strict=True):
            p.extend(list(parsed))

    def render_row(self, row: DiffRow, el: etree._Element | None) -> list[etree._Element]:
        kind, left, right = row.kind, row.left, row.right
        usable = self.usable(el)
        if kind is RowKind.EQUAL:
            if usable:
                return [el]
            return [self.build_block(right, el, None)]
        if kind is RowKind.INSERTED:
            if right.table is not None:
                table = el if usable else self.build_table(right, None)
                return [self.track_table(table, INS)]
            if usable:
                return [self.track_paragraph(el, INS)]
            return [self.build_block(right, el, INS)]
        if kind is RowKind.DELETED:
            if left.table is not None:
                return [self.track_table(self.build_table(left, DEL), DEL)]
            return [self.build_block(left, self._old_element(left), DEL, old_side=True)]
        if kind is RowKind.CHANGED:
            if right.table is not None:
                return self.changed_table(row, el if usable else None)
            if usable and left.table is None and left.text == right.text:
                return [el]  # only the number changed: Word renumbers NEW's own paragraph
            return [self.changed_paragraph(left, right, el, None, _text_ops(row))]
        # Word has no move markup for table rows: a moved table is what Word writes itself,
        # OLD's table at the old place with every row deleted, NEW's at the new place inserted
        if kind is RowKind.MOVED_FROM:
            if left.table is not None:
                return [self.track_table(self.build_table(left, DEL), DEL)]
            return [self.changed_paragraph(left, row.partner, self._old_element(left), MOVE_FROM)]
        if right.table is not None:  # MOVED_TO
            table = el if usable else self.build_table(right, None)
            return [self.track_table(table, INS)]
        return [self.changed_paragraph(row.partner, right, el, MOVE_TO)]

    def _render_group(self, rows: list[DiffRow], elements: list[etree._Element],
                      mapping: dict[int, tuple[int, etree._Element]], pos: int,
                      out: list[etree._Element]) -> int:
        """Appends the paragraphs of a split or join to `out`; returns the next position in
        `elements`.

        A split is NEW's paragraphs with every paragraph mark but the last inserted (NEW's
        blank paragraphs between them too); a join is OLD's paragraphs with every mark but the
        last deleted, the last being NEW's. Text moves from the one paragraph to the parts
        only as far as the words differ: equal words are plain runs, the rest w:del / w:ins.
        """
        split = rows[0].kind is RowKind.SPLIT
        if split:
            whole, parts = rows[0].left, [row.right for row in rows]
            pos, paragraphs = self._split_paragraphs(parts, elements, mapping, pos, out)
        else:
            whole, parts = rows[0].right, [row.left for row in rows]
            pos, paragraphs = self._join_paragraphs(whole, parts, elements, mapping, pos, out)
        joined = "\x00".join(part.text for part in parts)
        ops = diff_text(whole.text, joined) if split else diff_text(joined, whole.text)
        pieces = self._group_pieces(ops, whole, parts, [f for _, f in paragraphs], split)
        for (p, _), parts_xml in zip(paragraphs, pieces, strict=True):
            self._extend(p, parts_xml)
        return pos

    def _split_paragraphs(self, parts: list[Block], elements: list[etree._Element],
                          mapping: dict[int, tuple[int, etree._Element]], pos: int,
                          out: list[etree._Element]
                          ) -> tuple[int, list[tuple[etree._Element, _RunFormats]]]:
        """Appends NEW's paragraphs of a split (every mark but the last inserted, NEW's blank
        paragraphs between them too); returns the next position and each paragraph's formats."""
        last = len(parts) - 1
        paragraphs: list[tuple[etree._Element, _RunFormats]] = []
        for n, part in enumerate(parts):
            el = None
            found = mapping.get(id(part))
            if found is not None:
                index, el = found
                blanks = [x for x in elements[pos:index] if _is_blank(x)]
                if n and blanks:  # NEW's blank paragraphs inside a split: marks inserted
                    blanks = [self._mark_paragraph(x, INS) for x in blanks]
                out.extend(blanks)
                pos = index + 1
            p = self.new_paragraph(part, el, INS if n < last else None)
            paragraphs.append((p, self.base_formats(el)))
            out.append(p)
        return pos, paragraphs

    def _join_paragraphs(self, whole: Block, parts: list[Block],
                         elements: list[etree._Element],
                         mapping: dict[int, tuple[int, etree._Element]], pos: int,
                         out: list[etree._Element]
                         ) -> tuple[int, list[tuple[etree._Element, _RunFormats]]]:
        """Appends OLD's paragraphs of a join (every mark but the last deleted, the last being
        NEW's); returns the next position and each paragraph's formats (NEW's)."""
        el = None
        found = mapping.get(id(whole))
        if found is not None:
            index, el = found
            out.extend(x for x in elements[pos:index] if _is_blank(x))
            pos = index + 1
        base = self.base_formats(el)
        last = len(parts) - 1
        paragraphs: list[tuple[etree._Element, _RunFormats]] = []
        for n, part in enumerate(parts):
            if n < last:
                p = self.new_paragraph(part, self._old_element(part), DEL, old_side=True)
            else:
                p = self.new_paragraph(whole, el, None)
            paragraphs.append((p, base))
            out.append(p)
        return pos, paragraphs

    def _group_pieces(self, ops: list[TextOp], whole: Block, parts: list[Block],
                      formats: list[_RunFormats], split: bool) -> list[list[str]]:
        """Returns the run XML of each part's paragraph: the word diff of the whole against
        the parts (joined by NUL) laid out over the parts, equal words plain."""
        texts = [part.text for part in parts]
        starts = [0]
        for text in texts[:-1]:
            starts.append(starts[-1] + len(text) + 1)
        pieces: list[list[str]] = [[] for _ in parts]
        add = self._append_xml
        part_only = SpanOp.INSERT if split else SpanOp.DELETE
        for op in ops:
            # the parts' side of the op is b (split) or a (join); the whole's is the other
            p_start, p_end = (op.b_start, op.b_end) if split else (op.a_start, op.a_end)
            w_start, w_end = (op.a_start, op.a_end) if split else (op.b_start, op.b_end)
            if op.op is SpanOp.EQUAL:
                k = bisect_right(starts, p_start) - 1
                target = parts[k] if split else whole
                t_start = p_start - starts[k] if split else w_start
                t_end = p_end - starts[k] if split else w_end
                add(pieces[k], target, t_start, t_end, formats[k], False, None)
            elif op.op is part_only:
                s = p_start
                while s < p_end:
                    k = bisect_right(starts, s) - 1
                    e = min(p_end, starts[k] + len(texts[k]))
                    if e > s:
                        add(pieces[k], parts[k], s - starts[k], e - starts[k],
                            formats[k], not split, INS if split else DEL)
                    s = e + 1 if e < p_end else e
            else:  # words only in the whole: in the part being written
                k = bisect_right(starts, p_start) - 1
                if not split and p_start == starts[k] and k and not pieces[k]:
                    k -= 1  # words added where the paragraphs met: end the earlier part
                add(pieces[k], whole, w_start, w_end, formats[k], split,
                    DEL if split else INS)
        return pieces

    def _mark_paragraph(self, p: etree._Element, tag: str) -> etree._Element:
        """Returns a copy of NEW's (blank) paragraph with its paragraph mark under `tag`."""
        return self.mark_paragraph_mark(copy.deepcopy(p), tag)

    def mark_paragraph_mark(self, p: etree._Element, tag: str) -> etree._Element:
        """Returns `p` with its paragraph mark (w:pPr/w:rPr) under `tag`, in schema order."""
        ppr = p.find(PPR)
        if ppr is None:
            ppr = etree.Element(PPR)
            p.insert(0, ppr)
        rpr = ppr.find(RPR)
        if rpr is None:
            rpr = etree.Element(RPR)
            after = ppr.find(_SECT_PR)  # schema order: rPr, sectPr, pPrChange
            if after is None:
                after = ppr.find(w("pPrChange"))
            if after is not None:
                after.addprevious(rpr)
            else:
                ppr.append(rpr)
        rpr.insert(0, self.mark(tag))
        return p

    def _old_element(self, block: Block) -> etree._Element | None:
        found = self.old_map.get(id(block))
        return found[1] if found else None

    def _move_range(self, row: DiffRow, rendered: list[etree._Element], last: bool) -> None:
        """Opens or closes the move range of the moved row's paragraph.

        A moved table is tracked as deleted and inserted, never inside a move range: a move
        holding tables gets one range per run of paragraphs between them (named move3,
        move3.2, ...: both ends of a move have the same blocks in the same order, tables only
        matching tables, so their ranges pair up by name)."""
        side = "moveFrom" if row.kind is RowKind.MOVED_FROM else "moveTo"
        key = (side, row.move_id)
        if rendered[0].tag != P:  # a table: the paragraphs before it are a range of their own
            self._close_move(key)
            self.move_parts[key] = self.move_parts.get(key, 1) + (key in self.last_moved)
            self.last_moved.pop(key, None)
            return
        if key not in self.open_moves:
            part = self.move_parts.get(key, 1)
            name = self.move_names.setdefault(row.move_id, f"move{row.move_id}")
            start = self.mark(w(f"{side}RangeStart"), name=name if part == 1 else
                              f"{name}.{part}")
            self.open_moves[key] = start
            first_p = rendered[0]
            ppr = first_p.find(PPR)
            first_p.insert(1 if ppr is not None else 0, start)
        self.last_moved[key] = rendered[-1]
        if last:
            self._close_move(key)

    def _close_move(self, key: tuple[str, int]) -> None:
        """Ends the open move range `key` after the last paragraph rendered in it."""
        start = self.open_moves.pop(key, None)
        if start is None:
            return
        end = etree.SubElement(self.last_moved[key], w(f"{key[0]}RangeEnd"))
        end.set(w("id"), start.get(w("id")))

    # paragraphs

    def paragraph_properties(self, block: Block, el: etree._Element | None,
                             old_side: bool) -> etree._Element | None:
        """Returns a pPr for the block: its element's (cleaned), else one naming its style."""
        ppr = el.find(PPR) if el is not None else None
        if ppr is not None:
            ppr = copy.deepcopy(ppr)
            for child in list(ppr):  # a section break stays with NEW's paragraph only
                if child.tag in (w("pPrChange"), RPR) or old_side and child.tag == _SECT_PR:
                    ppr.remove(child)
            if old_side:
                style = ppr.find(w("pStyle"))
                if style is not None and style.get(w("val"), "").lower() not in self.styles:
                    ppr.remove(style)
                numpr = ppr.find(w("numPr"))
                if numpr is not None:
                    num = numpr.find(w("numId"))
                    if num is None or num.get(w("val")) not in self.nums:
                        ppr.remove(numpr)
            return ppr
        sid = None
        for name in _style_candidates(block):
            sid = self.styles.get(name.lower())
            if sid is not None:
                break
        if sid is None:
            return None
        ppr = etree.Element(PPR)
        etree.SubElement(ppr, w("pStyle")).set(w("val"), sid)
        return ppr

    def new_paragraph(self, block: Block, el: etree._Element | None, mark_tag: str | None,
                      old_side: bool = False) -> etree._Element:
        p = etree.Element(P)
        ppr = self.paragraph_properties(block, el, old_side)  # without a paragraph-mark rPr
        if ppr is not None:
            p.append(ppr)
        return self.mark_paragraph_mark(p, mark_tag) if mark_tag is not None else p

    def build_block(self, block: Block, el: etree._Element | None, mark_tag: str | None,
                    old_side: bool = False) -> etree._Element:
        """Returns a paragraph (or table) built from the block's runs, all under `mark_tag`."""
        if block.table is not None:
            return self.build_table(block, mark_tag)
        p = self.new_paragraph(block, el, mark_tag, old_side)
        base = self.base_formats(el)
        deleted = mark_tag in (DEL, MOVE_FROM)
        parts: list[str] = []
        self._append_xml(parts, block, 0, len(block.text), base, deleted, mark_tag)
        self._extend(p, parts)
        return p

    def changed_paragraph(self, old: Block, new: Block, el: etree._Element | None,
                          move: str | None, ops: list[TextOp] | None = None) -> etree._Element:
        """Returns a paragraph holding the word-level changes from `old` to `new`.

        For a move, `move` is MOVE_FROM (old place: equal words moved away, deleted words struck)
        or MOVE_TO (new place: equal words moved here, inserted words inserted).
        """
        shown = old if move == MOVE_FROM else new
        p = self.new_paragraph(shown, el, move, old_side=move == MOVE_FROM)
        base = self.base_formats(el)
        parts: list[str] = []
        add = self._append_xml
        for op in ops if ops is not None else diff_text(old.text, new.text):
            if op.op is SpanOp.EQUAL:
                if move == MOVE_FROM:
                    add(parts, old, op.a_start, op.a_end, base, True, MOVE_FROM)
                else:
                    add(parts, new, op.b_start, op.b_end, base, False, move)
            elif op.op is SpanOp.DELETE and move != MOVE_TO:
                add(parts, old, op.a_start, op.a_end, base, True, DEL)
            elif op.op is SpanOp.INSERT and move != MOVE_FROM:
                add(parts, new, op.b_start, op.b_end, base, False, INS)
        self._extend(p, parts)
        return p

    def _append_xml(self, parts: list[str], block: Block, start: int, end: int,
                    formats: _RunFormats | None, deleted: bool, tag: str | None) -> None:
        """Adds the XML of runs for block.text[start:end], wrapped in a `tag` revision if set."""
        runs = _runs_xml(block, start, end, formats or _PLAIN, deleted)
        if not runs:
            return
        if tag is None:
            parts.append(runs)
            return
        name = _QNAMES[tag]
        parts.append(f'<{name} w:id="{self.next_id}" w:author="{_attr(self.author)}" '
                     f'w:date="{_attr(self.date)}">{runs}</{name}>')
        self.next_id += 1

    def _append(self, p: etree._Element, block: Block, start: int, end: int,
                formats: _RunFormats | None, deleted: bool, tag: str | None) -> None:
        """Appends runs for block.text[start:end] to `p`, wrapped in a `tag` revision if set."""
        parts: list[str] = []
        self._append_xml(parts, block, start, end, formats, deleted, tag)
        self._extend(p, parts)

    def track_paragraph(self, p: etree._Element, tag: str) -> etree._Element:
        """Returns NEW's own paragraph with every run and its paragraph mark under `tag`."""
        for run in list(p.iter(R)):
            parent = run.getparent()
            if parent.tag in TRACKED:
                continue
            wrapper = self.mark(tag)
            parent.replace(run, wrapper)
            wrapper.append(run)
        return self.mark_paragraph_mark(p, tag)

    # tables

    def build_table(self, block: Block, mark_tag: str | None) -> etree._Element:
        """Returns a simple bordered table with the block's cells (text and run formatting)."""
        tbl = etree.Element(TBL)
        tblpr = etree.SubElement(tbl, w("tblPr"))
        width = etree.SubElement(tblpr, w("tblW"))
        width.set(w("w"), "0")
        width.set(w("type"), "auto")
        borders = etree.SubElement(tblpr, w("tblBorders"))
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b = etree.SubElement(borders, w(edge))
            b.set(w("val"), "single")
            b.set(w("sz"), "4")
            b.set(w("space"), "0")
            b.set(w("color"), "auto")
        columns = max((sum(c.col_span for c in row) for row in block.table.rows), default=1)
        grid = etree.SubElement(tbl, w("tblGrid"))
        for _ in range(max(1, columns)):
            etree.SubElement(grid, w("gridCol")).set(w("w"), str(9000 // max(1, columns)))
        for row in block.table.rows:
            tbl.append(self.build_row(row, mark_tag))
        return tbl

    def build_row(self, cells: tuple[Cell, ...], mark_tag: str | None,
                  old_tr: etree._Element | None = None) -> etree._Element:
        """Returns a table row with the cells' text and run formatting, all under `mark_tag`.

        `old_tr`: OLD's own row of these cells (as many w:tc as cells): its row and cell
        properties are kept, and its paragraphs' properties; the text is rebuilt from the cells
        (OLD's runs may point at OLD's relationships, notes or comments)."""
        tr = etree.Element(TR)
        old_tcs: list[etree._Element | None] = [None] * len(cells)
        if old_tr is not None:
            for tag in (w("tblPrEx"), w("trPr")):
                found = old_tr.find(tag)
                if found is not None:
                    tr.append(_without_revisions(found))
            old_tcs = [tc for tc in old_tr if tc.tag == TC]
        deleted = mark_tag == DEL
        for cell, old_tc in zip(cells, old_tcs, strict=True):
            tc = etree.SubElement(tr, TC)
            tcpr = old_tc.find(w("tcPr")) if old_tc is not None else None
            if tcpr is not None:
                tc.append(_without_revisions(tcpr))
            else:
                tcpr = etree.SubElement(tc, w("tcPr"))
                if cell.col_span > 1:
                    etree.SubElement(tcpr, w("gridSpan")).set(w("val"), str(cell.col_span))
            mapping = map_blocks(cell.blocks, block_elements(old_tc)) if old_tc is not None \
                else {}
            for inner in cell.blocks:
                if inner.table is not None:
                    tc.append(self.build_table(inner, mark_tag))
                    continue
                found = mapping.get(id(inner))
                el = found[1] if found is not None else None
                p = self.new_paragraph(inner, el, None, old_side=el is not None)
                formats = self.base_formats(el) if el is not None else None
                self._append(p, inner, 0, len(inner.text), formats, deleted, mark_tag)
                tc.append(p)
            if len(tc) == 1 or tc[-1].tag != P:
                etree.SubElement(tc, P)
        if not len(cells):
            tc = etree.SubElement(tr, TC)
            etree.SubElement(tc, P)
        return tr

    def mark_row(self, tr: etree._Element, tag: str) -> None:
        """Marks the row inserted/deleted: w:trPr/w:ins or w:del, in schema order (after the
        other row properties, before w:trPrChange; trPr right after w:tblPrEx)."""
        trpr = tr.find(w("trPr"))
        if trpr is None:
            trpr = etree.Element(w("trPr"))
            tblpr_ex = tr.find(w("tblPrEx"))
            if tblpr_ex is not None:
                tblpr_ex.addnext(trpr)
            else:
                tr.insert(0, trpr)
        change = trpr.find(w("trPrChange"))
        if change is not None:
            change.addprevious(self.mark(tag))
        else:
            trpr.append(self.mark(tag))

    def track_table(self, tbl: etree._Element, tag: str) -> etree._Element:
        """Returns the table with every row marked inserted/deleted (and NEW's runs wrapped)."""
        self.flush()  # a table just built: its runs must be in place to be wrapped
        return self.track_rows(tbl, tag)

    def track_rows(self, el: etree._Element, tag: str) -> etree._Element:
        """Returns `el` (a table or a row) with every row in it marked inserted/deleted, and
        for an insertion every run not yet under a revision wrapped in w:ins."""
        for tr in el.iter(TR):
            self.mark_row(tr, tag)
        if tag == INS:
            for run in list(el.iter(R)):
                parent = run.getparent()
                if parent.tag in TRACKED:
                    continue
                wrapper = self.mark(INS)
                parent.replace(run, wrapper)
                wrapper.append(run)
        return el

    def changed_table(self, row: DiffRow, el: etree._Element | None) -> list[etree._Element]:
        """Returns the changed table: cell by cell in NEW's table (rows inserted and deleted
        when its rows were aligned), else old struck, new inserted."""
        if el is not None and row.table_rows:
            found = self._aligned_table(row, el)
            if found is not None:
                return [found]
        elif row.cells and el is not None:
            trs = [tr for tr in el if tr.tag == TR]
            table_rows = row.right.table.rows
            if _rows_line_up(trs, table_rows):
                for cell_diff in row.cells:
                    tc = [x for x in trs[cell_diff.row] if x.tag == TC][cell_diff.col]
                    self._render_cell(tc, table_rows[cell_diff.row][cell_diff.col],
                                      cell_diff.rows)
                return [el]
        old_table = self.track_table(self.build_table(row.left, DEL), DEL)
        new_table = el if self.usable(el) else \
            self.build_table(row.right, None)
        return [old_table, etree.Element(P), self.track_table(new_table, INS)]

    def _render_cell(self, tc: etree._Element, cell: Cell, rows) -> None:
        """Replaces the content of NEW's cell `tc` with its changed rows rendered."""
        elements = block_elements(tc)
        mapping = map_blocks(cell.blocks, elements)
        content = self.render_rows(rows, elements, mapping)
        for child in elements:
            if child.getparent() is not None:
                child.getparent().remove(child)
        tcpr = tc.find(w("tcPr"))
        for child in list(tc):
            if child is not tcpr:
                tc.remove(child)
        tc.extend(content)
        if not len(content) or content[-1].tag != P:
            etree.SubElement(tc, P)

    def _aligned_table(self, row: DiffRow, el: etree._Element) -> etree._Element | None:
        """Returns NEW's table `el` with the row alignment of `row` marked in it: inserted rows
        tracked as inserted, OLD's deleted rows put back where they were as tracked deletions,
        kept rows' changed cells diffed. None (and `el` untouched) when the rows do not line up
        with NEW's w:tr elements."""
        trs = [tr for tr in el if tr.tag == TR]
        old_rows, new_rows = row.left.table.rows, row.right.table.rows
        steps = row.table_rows
        if not _rows_line_up(trs, new_rows) or \
                [s.new for s in steps if s.new >= 0] != list(range(len(new_rows))) or \
                [s.old for s in steps if s.old >= 0] != list(range(len(old_rows))) or \
                any(c.row >= len(trs) or c.col >= len(new_rows[c.row]) for c in row.cells):
            return None
        old_trs = None
        old_el = self._old_element(row.left)
        if old_el is not None and old_el.tag == TBL:
            found = [tr for tr in old_el if tr.tag == TR]
            if _rows_line_up(found, old_rows):
                old_trs = found
        for cell_diff in row.cells:
            tc = [x for x in trs[cell_diff.row] if x.tag == TC][cell_diff.col]
            self._render_cell(tc, new_rows[cell_diff.row][cell_diff.col], cell_diff.rows)
        waiting: list[etree._Element] = []  # deleted rows before the next NEW row
        for step in steps:
            if step.kind is RowKind.DELETED:
                tr = self.build_row(old_rows[step.old], DEL,
                                    old_trs[step.old] if old_trs is not None else None)
                waiting.append(self.track_rows(tr, DEL))
                continue
            tr = trs[step.new]
            for deleted in waiting:
                tr.addprevious(deleted)
            waiting = []
            if step.kind is RowKind.INSERTED:
                self.track_rows(tr, INS)
        anchor = trs[-1]
        for deleted in waiting:
            anchor.addnext(deleted)
            anchor = deleted
        return el


def _rows_line_up(trs: list[etree._Element], rows: tuple[tuple[Cell, ...], ...]) -> bool:
    """Returns True when the w:tr elements hold the table's rows: as many, with as many w:tc."""
    return len(trs) == len(rows) and all(
        sum(1 for tc in tr if tc.tag == TC) == len(cells)
        for tr, cells in zip(trs, rows, strict=True))


def _without_revisions(el: etree._Element) -> etree._Element:
    """Returns a copy of OLD's row or cell properties without their tracked changes."""
    el = copy.deepcopy(el)
    for child in list(el):
        if child.tag in TRACKED:
            el.remove(child)
    return el


def _text_ops(row: DiffRow) -> list[TextOp] | None:
    """Returns the row's edit script moved from display texts onto the block texts (None when
    it cannot be: the caller diffs the texts). A number label (the same or renumbered) and its
    separator are cut off the front of each side; an equal stretch that would then differ in
    length (a label's digit matched inside the text) gives None."""
    old, new = row.left, row.right
    if not row.ops or not old.text or not new.text:
        return None
    skip_a = len(old.display_text) - len(old.text)
    skip_b = len(new.display_text) - len(new.text)
    if not skip_a and not skip_b:
        return list(row.ops)
    out = []
    equal = SpanOp.EQUAL
    for op in row.ops:
        a0, a1 = max(op.a_start - skip_a, 0), max(op.a_end - skip_a, 0)
        b0, b1 = max(op.b_start - skip_b, 0), max(op.b_end - skip_b, 0)
        if a0 == a1 and b0 == b1:
            continue  # within the labels
        if op.op is equal and a1 - a0 != b1 - b0:
            return None
        out.append(TextOp(op.op, a0, a1, b0, b1))
    return out


def _style_candidates(block: Block) -> list[str]:
    """Returns style names to try for a block built without an element: its own, then Word's."""
    names = [block.style] if block.style else []
    if block.kind is BlockKind.HEADING:
        names.append(f"Heading {min(9, max(1, block.level))}")
    elif block.kind is BlockKind.LIST_ITEM:
        base = "List Bullet" if block.label in BULLETS or not block.label else "List Number"
        names.extend([f"{base} {block.level + 1}" if block.level else base, base])
    return names


class _RunFormats:
    """The run properties of one rebuilt paragraph: its first run's (formatting toggles removed),
    plus each run's bold/italic/underline; one template per combination, copied per run."""

    def __init__(self, base: etree._Element | None) -> None:
        self.base = base
        self.templates: dict[tuple, list | etree._Element | None] = {}
        self.xml: dict[tuple, str] = {}

    def rpr_xml(self, bold: bool | None, italic: bool | None, underline: bool | None) -> str:
        """Returns the serialized run properties for this formatting ("" when empty)."""
        key = (bold, italic, underline)
        try:
            return self.xml[key]
        except KeyError:
            pass
        holder = etree.Element(R)
        self.add_rpr(holder, bold, italic, underline)
        text = etree.tostring(holder[0], encoding="unicode") if len(holder) else ""
        text = text.replace(_W_DECLARATION, "", 1)  # declared on the paragraph being parsed
        self.xml[key] = text
        return text

    def add_rpr(self, r: etree._Element, bold: bool | None, italic: bool | None,
                underline: bool | None) -> None:
        """Appends the run properties for this formatting to the run `r` (none when empty)."""
        key = (bold, italic, underline)
        try:
            spec = self.templates[key]
        except KeyError:
            template = copy.deepcopy(self.base) if self.base is not None else etree.Element(RPR)
            _set_toggle(template, _B, bold)
            _set_toggle(template, _I, italic)
            _set_toggle(template, _U, underline, on="single")
            if not len(template):
                spec = None
            elif all(len(c) == 0 and c.text is None and isinstance(c.tag, str)
                     for c in template):
                spec = [(c.tag, dict(c.attrib)) for c in template]  # flat: rebuilt in place
            else:
                spec = template
            self.templates[key] = spec
        if spec is None:
            return
        if isinstance(spec, list):
            rpr = etree.SubElement(r, RPR)
            for tag, attrib in spec:
                etree.SubElement(rpr, tag, attrib)
        else:
            r.append(copy.deepcopy(spec))


_PLAIN = _RunFormats(None)
_NOT_INHERITED = frozenset(TRACKED | {w(x) for x in (
    "b", "bCs", "i", "iCs", "u", "vanish", "webHidden", "specVanish")})


def _rpr_key(rpr: etree._Element) -> tuple | bytes:
    """Returns what identifies a run's properties: each child's tag and attributes (a fifth of
    the cost of serializing it, which declares every namespace), or the serialized element
    when a child holds more than attributes."""
    key = []
    for child in rpr:
        if len(child) or child.text:
            return etree.tostring(rpr)
        key.append((child.tag, tuple(child.attrib.items())))
    return tuple(key)


def _base_rpr(rpr: etree._Element) -> _RunFormats:
    rpr = copy.deepcopy(rpr)
    for child in list(rpr):
        if child.tag in _NOT_INHERITED:
            rpr.remove(child)
    return _RunFormats(rpr)


def _set_toggle(rpr: etree._Element, tag: str, value: bool | None, on: str = "true") -> None:
    if value is None:
        return
    el = etree.Element(tag)
    el.set(w("val"), on if value else ("none" if tag == _U else "false"))
    rank = _RPR_RANK[tag]
    for n, child in enumerate(rpr):
        if _RPR_RANK.get(child.tag, 0) > rank:
            rpr.insert(n, el)
            return
    rpr.append(el)


def _runs_xml(block: Block, start: int, end: int, formats: _RunFormats, deleted: bool) -> str:
    """Returns the XML of w:r elements for block.text[start:end], keeping each run's
    bold/italic/underline (a string, parsed once per paragraph: faster than lxml elements)."""
    out: list[str] = []
    pos = 0
    text_tag = "w:delText" if deleted else "w:t"
    deleted_revision = Revision.DELETED
    for run in block.runs:
        if run.revision is deleted_revision:
            continue
        s = pos
        pos = e = s + len(run.text)
        lo, hi = max(s, start), min(e, end)
        if lo >= hi:
            continue
        out.append("<w:r>")
        out.append(formats.rpr_xml(run.bold, run.italic, run.underline))
        text = _BAD_XML_CHARS.sub("", run.text[lo - s:hi - s])
        pieces = _BREAKS.split(text) if "\t" in text or "\n" in text else (text,)
        for piece in pieces:
            if piece == "\t":
                out.append("<w:tab/>")
            elif piece == "\n":
                out.append("<w:br/>")
            elif piece:
                out.append(f'<{text_tag} xml:space="preserve">{_text(piece)}</{text_tag}>')
        out.append("</w:r>")
    return "".join(out)


def _text(text: str) -> str:
    if "&" in text or "<" in text or ">" in text or "\r" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = text.replace("\r", "&#13;")
    return text


def _attr(text: str) -> str:
    return (_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))
