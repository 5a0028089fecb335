"""A tagged PDF's structure tree, page by page: which heading, paragraph or list item each piece
of marked content belongs to (Word's "Document structure tags for accessibility").

PDFium gives a page's tree, and each text object's marked-content id (MCID). An element's MCIDs
are listed without their page, so one that runs over a page break lists both pages' ids (a
paragraph ending a page and going on at the top of the next: [37, 38, 0, 1]); the ids of one
page rise, so such a list is cut where they drop, and the element takes the piece that is on
this page (the last piece when it is the page's first element, else the first)."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, replace

import pypdfium2.raw as pdfium_c

# Elements whose content is read as one block; an item or cell holds its paragraphs as one.
_ITEMS = {"LI", "TD", "TH", "TOCI"}
_BLOCKS = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Title", "Caption", "BlockQuote",
           "Note", "Figure", "Formula", "Index", "BibEntry", "Code", *_ITEMS}
_ROLE_NAMES = {"Heading1": "H1", "Heading2": "H2", "Heading3": "H3", "Heading4": "H4",
               "Heading5": "H5", "Heading6": "H6", "Normal": "P", "Body Text": "P"}
ARTIFACT = "Artifact"
_MAX_ELEMENTS = 50_000  # a page's tree is walked at most this far


@dataclass(frozen=True)
class Tag:
    """The structure of a piece of text: its block's type ("H2", "P", ...) and identity, and
    for a table cell's text where the cell is: (its table's identity, row, column)."""

    kind: str
    key: int
    cell: tuple[int, int, int] | None = None
    continued: bool = False  # the rest of an element a page break cut: its text goes on here


class PageTags:
    """The marked-content ids of one page, mapped to the blocks they belong to."""

    def __init__(self, page, number: int, pieces: dict[tuple[int, ...], tuple[int, int]]
                 ) -> None:
        """`pieces` is shared by the pages of one document (see _assign)."""
        self.tags: dict[int, Tag] = {}
        self.next_key = number * 1_000_000
        self._name = ctypes.create_string_buffer(128)
        self._walked = 0
        self._counts: dict[tuple[int, ...], int] = {}  # (table) -> rows, (table, row) -> cells
        tree = pdfium_c.FPDF_StructTree_GetForPage(page)
        if not tree:
            return
        try:
            leaves: list[tuple[list[int], Tag]] = []
            for index in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
                child = pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, index)
                if child:
                    self._walk(child, None, None, leaves, ())
            self._assign(leaves, number, pieces)
        finally:
            pdfium_c.FPDF_StructTree_Close(tree)

    def tag_of(self, textpage, index: int) -> Tag:
        """Returns the tag of the character at `index` (an artifact when it is not tagged)."""
        text_object = pdfium_c.FPDFText_GetTextObject(textpage, index)
        mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(text_object) if text_object else -1
        return self.tags.get(mcid, Tag(ARTIFACT, -1))

    def _type(self, element) -> str:
        length = pdfium_c.FPDF_StructElement_GetType(element, self._name, len(self._name))
        name = self._name.raw[:max(0, length - 2)].decode("utf-16-le", "replace")
        return _ROLE_NAMES.get(name, name)

    def _walk(self, element, block: Tag | None, item: Tag | None,
              leaves: list[tuple[list[int], Tag]], place: tuple[int, ...]) -> None:
        """`place`: () outside a table, (table) inside one, (table, row) inside a row."""
        self._walked += 1
        if self._walked > _MAX_ELEMENTS:
            return
        kind = self._type(element)
        cell = None
        if item is None:  # a table inside a cell is more of that cell
            place, cell = self._place(kind, place)
        if kind in _BLOCKS:
            block = Tag(kind, self._new_key(), cell)
            if kind in _ITEMS and item is None:
                item = block
        owner = Tag(block.kind, item.key, item.cell) if (block and item) else block
        count = pdfium_c.FPDF_StructElement_GetMarkedContentIdCount(element)
        ids = [pdfium_c.FPDF_StructElement_GetMarkedContentIdAtIndex(element, i)
               for i in range(max(0, count))]
        ids = [i for i in ids if i >= 0]
        if ids and owner is not None:
            leaves.append((ids, owner))
        for index in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
            child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, index)
            if child:
                self._walk(child, block, item, leaves, place)

    def _place(self, kind: str, place: tuple[int, ...]
               ) -> tuple[tuple[int, ...], tuple[int, int, int] | None]:
        """Returns the place inside a table an element makes, and the cell it is, if any."""
        if kind == "Table":
            return (self._new_key(),), None
        if kind == "TR" and len(place) >= 1:
            return (place[0], self._next(place[:1])), None
        if kind in ("TD", "TH") and len(place) == 2:
            return place, (place[0], place[1], self._next(place))
        return place, None

    def _next(self, key: tuple[int, ...]) -> int:
        self._counts[key] = self._counts.get(key, -1) + 1
        return self._counts[key]

    def _new_key(self) -> int:
        self.next_key += 1
        return self.next_key

    def _assign(self, leaves: list[tuple[list[int], Tag]], number: int,
                pieces: dict[tuple[int, ...], tuple[int, int]]) -> None:
        """Gives each marked-content id of the page its element. An element a page break cuts
        (a paragraph, a table cell) lists its ids on every page it is on, in order ([37, 38, 0,
        1]: each page numbers its ids from 0): on each page it takes its next piece, the first
        where it starts, the one after on the page after (`pieces`: ids -> the page it was last
        seen on and the piece it took there)."""
        for position, (ids, tag) in enumerate(leaves):
            runs = _rising_runs(ids)
            piece = 0
            if len(runs) > 1:
                seen = pieces.get(tuple(ids))
                if seen is not None and seen[0] == number - 1:
                    piece = min(seen[1] + 1, len(runs) - 1)
                elif seen is None and position == 0:  # not seen before (the page before had
                    piece = len(runs) - 1  # no tags): the page's first element goes on
                pieces[tuple(ids)] = (number, piece)
            mine = replace(tag, continued=True) if piece else tag
            for mcid in runs[piece]:
                self.tags.setdefault(mcid, mine)


def _rising_runs(ids: list[int]) -> list[list[int]]:
    runs = [[ids[0]]]
    for mcid in ids[1:]:
        if mcid < runs[-1][-1]:
            runs.append([mcid])
        else:
            runs[-1].append(mcid)
    return runs
