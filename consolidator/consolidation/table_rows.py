"""Rows of two policies' tables about the same item that disagree.

A table is one clause unit, too long and too mixed to be judged as a whole: the Ministry of
Justice's list of approved apps and NHS England's list of the same apps differ row by row. Rows
are paired when their first cells name the same item ("Slido", "Apple Facetime", "Password
length") and are judged on what a reader compares across them:

- the item's status: listed for use (an explicit approval such as "MoJ use approved", or an
  audience the item is for) against a ban on using it ("No longer needed for any purpose",
  "Avoid for corporate use", "Should not be used for official business");
- the audience the item is for ("Internal/External" against "External");
- the same column giving another contact ("MoJ Cyber Security team" against "Information
  Governance team"), period or figure.

Only rows of tables outside the title page and document control are paired, and only across
documents.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from consolidator.consolidation.conflicts import ConflictKind, Finding, combine, differences
from consolidator.consolidation.periods import quantities
from consolidator.consolidation.topics import words
from consolidator.consolidation.wording import USE_BAN, mask_roles, roles, stance
from consolidator.model import Block

MAX_KEY_WORDS = 8  # a first cell longer than this is no item name
MAX_VALUE_WORDS = 4  # a cell giving a value: "Report within 24 hours"; a longer one states a duty
MAX_ROWS_PER_ITEM = 12  # rows naming one item beyond this are a column of "Yes", not items
_NAME_WORD = re.compile(r"[^\W\d_]{2,}")
_APPROVED = re.compile(r"\b(?<!not )(?<!un)approved\b(?![^.;]{0,40}\bonly\b)", re.IGNORECASE)
_AUDIENCE_CELL = re.compile(
    r"(internal|external)(?:\s*(?:/|,|&|\band\b|\bor\b)\s*(internal|external))?"
    r"(?:\s+(?:use|users|meetings|audiences?|only))?", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    """One row of a table: where it stands and its cells' texts."""

    block_key: str
    index: int  # 0-based row number in its table
    cells: tuple[str, ...]

    @property
    def item(self) -> str:
        """Returns the first cell as written, without Markdown emphasis: what the row is about."""
        return " ".join(self.cells[0].replace("~~", "").strip("*_` ").split())

    @property
    def text(self) -> str:
        return " | ".join(self.cells)


def table_rows(block_key: str, block: Block) -> list[Row]:
    """Returns the rows of a table block whose first cell names an item."""
    if block.table is None:
        return []
    rows = []
    for n, row in enumerate(block.table.rows):
        cells = tuple(" ".join(cell.text.split()) for cell in row)
        if len(cells) >= 2 and len(words(cells[0])) <= MAX_KEY_WORDS and _NAME_WORD.search(
                cells[0]):
            rows.append(Row(block_key, n, cells))
    return rows


def audience_of(cells: Sequence[str]) -> tuple[frozenset[str], str]:
    """Returns the audience a row names in a cell of its own ({"internal", "external"}) and
    the cell as written, or (frozenset(), "")."""
    for cell in cells[1:]:
        m = _AUDIENCE_CELL.fullmatch(cell.strip(" ."))
        if m:
            return frozenset(g.lower() for g in m.groups() if g), cell
    return frozenset(), ""


def status_of(cells: Sequence[str]) -> tuple[str, str]:
    """Returns ("banned" | "listed" | "", the words that say it) for a row: a ban on using the
    item wins over its being listed (approved, or named for an audience)."""
    for cell in cells[1:]:
        m = USE_BAN.search(cell)
        if m:
            return "banned", m.group(0)
    for cell in cells[1:]:
        m = _APPROVED.search(cell)
        if m:
            return "listed", _phrase(cell, m)
    who, _ = audience_of(cells)
    return ("listed", "listed for " + audience_words(who)) if who else ("", "")


def _phrase(cell: str, m: re.Match[str]) -> str:
    """Returns the sentence of `cell` holding the match, or the cell when it is short."""
    start = max(cell.rfind(".", 0, m.start()), cell.rfind(";", 0, m.start())) + 1
    end = min((i for i in (cell.find(".", m.end()), cell.find(";", m.end())) if i >= 0),
              default=len(cell))
    return cell[start:end].strip()


def judge_rows(a: Sequence[str], b: Sequence[str]) -> Finding | None:
    """Returns what two rows about the same item disagree on, or None."""
    found: list[Finding] = []
    status_a, said_a = status_of(a)
    status_b, said_b = status_of(b)
    if {status_a, status_b} == {"listed", "banned"}:
        found.append(Finding(ConflictKind.PERMITTED_VS_PROHIBITED, said_a, said_b))
    who_a, _ = audience_of(a)
    who_b, _ = audience_of(b)
    if who_a and who_b and who_a != who_b:
        found.append(Finding(ConflictKind.SCOPE, audience_words(who_a), audience_words(who_b)))
    if len(a) == len(b):
        for cell_a, cell_b in zip(a[1:], b[1:], strict=True):
            found += _cell_differences(cell_a, cell_b)
    return combine(found)


def audience_words(who: frozenset[str]) -> str:
    """Returns "internal and external use" for {"external", "internal"}."""
    return " and ".join(w for w in ("internal", "external") if w in who) + " use"


def _cell_differences(a: str, b: str) -> list[Finding]:
    """Returns the differences between two cells of one column: another contact (cells that
    are nothing but a team, post or address), another period or figure (cells that are
    a few words: "6 months", "Minimum 8 characters"; a cell stating a duty, "Reviews access
    every 6 months", is one duty among a role's, not the item's value)."""
    if a == b:
        return []
    if _contact_only(a) and _contact_only(b):
        return differences(stance(a), stance(b), modal=(None, "", None, ""))
    if not (_value_only(a) and _value_only(b)):
        return []
    kinds = (ConflictKind.PERIOD, ConflictKind.NUMBER)
    return [f for f in differences(stance(a), stance(b), modal=(None, "", None, ""))
            if f.kind in kinds]


def _value_only(cell: str) -> bool:
    """Returns True when a cell gives a period or figure in a few words."""
    return len(words(cell)) <= MAX_VALUE_WORDS and bool(quantities(cell))


def _contact_only(cell: str) -> bool:
    """Returns True when a cell names a team, post or address and little else."""
    return bool(roles(cell)) and len(words(mask_roles(cell, " "))) <= 2


def row_conflicts(
    tables: Mapping[str, tuple[str, Block]],
) -> list[tuple[Row, Row, Finding]]:
    """Returns (row, row, finding) for rows of different documents' tables that name the
    same item and disagree. `tables` maps a table's block key to (document id, block)."""
    by_item: dict[str, list[tuple[str, Row]]] = defaultdict(list)
    for key, (document_id, block) in tables.items():
        for row in table_rows(key, block):
            by_item[" ".join(words(row.item))].append((document_id, row))
    found = []
    for rows in by_item.values():
        if len(rows) > MAX_ROWS_PER_ITEM:
            continue
        for x, (doc_a, a) in enumerate(rows):
            for doc_b, b in rows[x + 1:]:
                if doc_a == doc_b:
                    continue
                finding = judge_rows(a.cells, b.cells)
                if finding is not None:
                    found.append((a, b, finding))
    return found
