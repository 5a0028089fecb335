"""OutlineModel: the resolved merge plan as a tree (chapters, sections, clauses) for a QTreeView.

An adapter: it reads the PlanStore and translates; every change the user makes in the tree
(rename, drag and drop) comes out as `decisions_requested`, which the view turns into an undo
command. Custom roles are in `OutlineRole`, the one place they are defined.

Why it is built the way it is: a tree view lays out every row under an expanded item (asking
the model for each row's index, flags and children), and with four 400-page policies that is
thousands of rows after every plan change. Answered by Python, those calls stalled the UI
thread for hundreds of milliseconds (more while a worker held the GIL). So the tree's shape and
its flags live in C++: the model is a QStandardItemModel whose items hold nothing but rows and
flags, and only what is painted (data(), for the visible rows) comes from Python. The rows — a
flat list of nodes naming parent and children by position, with the clause badges worked out,
and the matching item tree — are built by `outline_rows()`, which the store runs with the
plan's other preparations (on a worker for a large plan); a plan change costs the UI thread a
model reset that moves the prepared items in.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import NamedTuple

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyle

from consolidator.consolidation import edits
from consolidator.consolidation.plan import ClauseStatus, Decision, DecisionKind, slot
from consolidator.consolidation.resolve import ResolvedClause, ResolvedSection, Resolver
from consolidator.model import BlockKind
from ui import theme
from ui.consolidate_commands import PlanState, PlanStore

MIME_TYPE = "application/x-policy-consolidator-outline"
Index = QModelIndex | QPersistentModelIndex


class OutlineRole(IntEnum):
    """The custom item-data roles of the Consolidate view's models."""

    ID = int(Qt.ItemDataRole.UserRole) + 1  # section or clause id
    KIND = ID + 1  # "section" | "clause"
    STATUS = ID + 2  # ClauseBadge value, or "" for sections
    OPEN_CONFLICT = ID + 3  # bool: a clause with an undecided conflict
    TARGETS = ID + 4  # a topic-matrix cell: the clause ids it counts (conflicts first)


class ClauseBadge:
    """What the Status column says about a clause (text shown, also the STATUS role)."""

    CONFLICT = "Conflict: decide"
    EXCLUDED = "Excluded"
    MERGED_INTO = "Replaced"  # a conflict decided for the other clause
    CONFLICT_WON = "Chosen"  # a conflict decided for this clause
    BOTH_KEPT = "Both kept"  # a conflict decided: both clauses stay
    EDITED = "Edited"
    COMBINED = "Combined wording"
    DUPLICATE = "Duplicate merged"
    CHOSEN = "Variant chosen"
    PROPOSED = "Proposed"  # a wording the draft wrote in place of source clauses
    TO_CHECK = "Proposed: check"  # ... with a note to answer (a term defined two ways)
    REWORDED = "Reworded"  # a source clause whose words are in a proposal
    UNIQUE = ""


# What a short badge means, for the tooltip.
BADGE_TIPS = {
    ClauseBadge.MERGED_INTO: "Replaced: a conflict was decided for the other clause",
    ClauseBadge.CONFLICT_WON: "Chosen: a conflict was decided for this clause",
    ClauseBadge.BOTH_KEPT: "Both kept: a conflict was decided by keeping both clauses",
    ClauseBadge.PROPOSED: "Proposed: the draft wrote this wording in place of source clauses",
    ClauseBadge.TO_CHECK: "Proposed, with a note to check before the committee sees it",
    ClauseBadge.REWORDED: "Reworded: this clause's words are in a proposed wording",
}


class _Node(NamedTuple):
    """One row of the outline as the model reads it, made on demand from OutlineRows."""

    kind: str  # "root" | "section" | "clause"
    id: str
    parent: int  # position of the parent row; -1 for the root
    row: int
    number: str
    children: Sequence[int]  # positions of the child rows
    section: ResolvedSection | None
    clause: ResolvedClause | None
    badge: str  # a clause's ClauseBadge


_LEAF: tuple[int, ...] = ()


class _Columns:
    """The rows of an outline by position, one list per field: a handful of objects for the
    cyclic garbage collector to walk, where an object per row would be tens of thousands
    after every plan change. Indexing returns a _Node."""

    def __init__(self) -> None:
        self.kinds = ["root"]
        self.ids = [""]
        self.parents = [-1]
        self.rows = [0]
        self.numbers = [""]
        self.children: list[Sequence[int]] = [[]]
        self.targets: list[ResolvedSection | ResolvedClause | None] = [None]
        self.badges = [""]

    def append(self, kind: str, item_id: str, parent: int, number: str,
               target: ResolvedSection | ResolvedClause, badge: str = "") -> int:
        position = len(self.kinds)
        siblings = self.children[parent]
        assert isinstance(siblings, list)
        self.kinds.append(kind)
        self.ids.append(item_id)
        self.parents.append(parent)
        self.rows.append(len(siblings))
        self.numbers.append(number)
        self.children.append([] if kind == "section" else _LEAF)
        self.targets.append(target)
        self.badges.append(badge)
        siblings.append(position)
        return position

    def __len__(self) -> int:
        return len(self.kinds)

    def __getitem__(self, position: int) -> _Node:
        kind, target = self.kinds[position], self.targets[position]
        return _Node(kind, self.ids[position], self.parents[position], self.rows[position],
                     self.numbers[position], self.children[position],
                     target if kind == "section" else None,  # type: ignore[arg-type]
                     target if kind == "clause" else None,  # type: ignore[arg-type]
                     self.badges[position])


class OutlineRows:
    """The outline of one plan as the model serves it: nodes[0] is the root; `items` holds the
    matching item tree (one row of two items per node, flags only) until the model takes it.

    Not thread-safe while shared: made on one thread, then handed to the UI thread whole."""

    def __init__(self, nodes: _Columns, by_id: dict[str, int],
                 clause_order: tuple[str, ...], items: QStandardItem | None) -> None:
        self.nodes = nodes
        self.by_id = by_id  # section or clause id -> position in nodes
        self.clause_order = clause_order  # every clause id in outline order
        self.items = items  # a parentless item holding the chapter rows (Python owns it)

    @staticmethod
    def empty() -> OutlineRows:
        return OutlineRows(_Columns(), {}, (), None)


_FLAGS_ROLE = int(Qt.ItemDataRole.UserRole) - 1  # where a QStandardItem keeps its flags
_SECTION_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                  | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
_FLAGS = {  # (kind, column) -> flags, as int
    ("section", 0): int((_SECTION_FLAGS | Qt.ItemFlag.ItemIsEditable).value),
    ("section", 1): int(_SECTION_FLAGS.value),
    ("clause", 0): int((Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsDragEnabled).value),
}
_FLAGS[("clause", 1)] = _FLAGS[("clause", 0)]


def outline_rows(state: PlanState) -> OutlineRows:
    """Returns the outline rows of a plan: numbered chapters and sections, clauses with their
    badges, and the item tree the model shows. Touches no widget and no shared object: it runs
    on a worker for a large plan."""
    nodes = _Columns()
    clause_order: list[str] = []
    badges = _Badges(state)
    append = nodes.append

    # Depth first, in order, with a stack (a nested function calling itself would be a
    # reference cycle, keeping all this alive until a cyclic collection).
    stack: list[tuple[ResolvedSection, int, str]] = []
    number = 0
    for section in state.resolved.sections:
        label = ""
        if not section.excluded:
            number += 1
            label = str(number)
        stack.append((section, 0, label))
    stack.reverse()
    while stack:
        section, parent, label = stack.pop()
        index = append("section", section.id, parent, label, section)
        for clause in section.clauses:
            append("clause", clause.id, index, "", clause, badges.of(clause))
            clause_order.append(clause.id)
        sub = 0
        below = []
        for child in section.children:
            child_label = ""
            if label and not child.excluded:
                sub += 1
                child_label = f"{label}.{sub}"
            below.append((child, index, child_label))
        stack.extend(reversed(below))
    by_id = dict(zip(nodes.ids, range(len(nodes)), strict=True))
    del by_id[""]  # the root
    return OutlineRows(nodes, by_id, tuple(clause_order), _item_tree(nodes))


# Scratch models made on the UI thread, lent to the workers that build item trees. A worker
# must not make or destroy a QObject: both take a lock of Qt's that the UI thread may hold
# while it waits for the interpreter the worker holds (a deadlock, seen in the tests).
_SCRATCH_MODELS: queue.SimpleQueue[QStandardItemModel] = queue.SimpleQueue()
_SCRATCH_WAIT = 30.0  # seconds a worker waits for a scratch model before making its own


def lend_scratch_models(count: int) -> None:
    """Makes `count` scratch models for the workers (on the UI thread, signals blocked: a
    worker's changes notify nobody)."""
    for _ in range(count):
        scratch = QStandardItemModel()
        scratch.setColumnCount(2)
        scratch.blockSignals(True)
        _SCRATCH_MODELS.put(scratch)


def _borrow_scratch() -> tuple[QStandardItemModel, bool]:
    """Returns a scratch model and whether it is lent (to be given back): on a worker, one
    made on the UI thread; on the UI thread (or with none lent), a new one."""
    if threading.current_thread() is threading.main_thread():
        return QStandardItemModel(), False
    try:
        return _SCRATCH_MODELS.get(timeout=_SCRATCH_WAIT), True
    except queue.Empty:
        return QStandardItemModel(), False  # none lent (a test without the window)


def _item_tree(nodes: _Columns) -> QStandardItem:
    """Returns a parentless item holding the chapter rows: an item per node and column that
    carries only its flags. Built in a scratch model, whose setData makes plain C++ items (no
    Python wrapper each: tens of thousands would cost memory and time to delete), then moved
    under an item that Python owns, so a tree that is never shown is freed with it."""
    scratch, lent = _borrow_scratch()
    try:
        return _build_item_tree(scratch, nodes)
    finally:
        if lent:
            _SCRATCH_MODELS.put(scratch)


def _build_item_tree(scratch: QStandardItemModel, nodes: _Columns) -> QStandardItem:
    scratch.setColumnCount(2)
    index, set_data = scratch.index, scratch.setData
    insert_rows, insert_columns = scratch.insertRows, scratch.insertColumns

    kinds, all_children = nodes.kinds, nodes.children
    stack = [(0, QModelIndex())] if all_children[0] else []
    while stack:
        position, parent = stack.pop()
        children = all_children[position]
        if parent.isValid():
            insert_columns(0, 2, parent)
        insert_rows(0, len(children), parent)
        for row, child in enumerate(children):
            kind = kinds[child]
            first = index(row, 0, parent)
            set_data(first, _FLAGS[(kind, 0)], _FLAGS_ROLE)
            set_data(index(row, 1, parent), _FLAGS[(kind, 1)], _FLAGS_ROLE)
            if all_children[child]:
                stack.append((child, first))
    holder = QStandardItem()
    root = scratch.invisibleRootItem()
    while root.rowCount():
        holder.appendRow(root.takeRow(0))
    return holder


class _Badges:
    """Works out clause badges (see ClauseBadge) against one PlanState."""

    def __init__(self, state: PlanState) -> None:
        self.state = state
        self.open = state.resolved.open_conflict_ids
        self.conflicts = state.conflicts_of_clause
        self.plan = state.plan

    def of(self, clause: ResolvedClause) -> str:
        if clause.excluded:
            return ClauseBadge.EXCLUDED
        if clause.merged_into:
            return ClauseBadge.MERGED_INTO
        if clause.reworded_into:
            return ClauseBadge.REWORDED
        conflicts = self.conflicts.get(clause.id, ())
        if any(x in self.open for x in conflicts):
            return ClauseBadge.CONFLICT
        decided = self._conflict_badge(clause.id, conflicts)
        decision = self.plan.decision(slot(DecisionKind.CUSTOM, clause.id))
        if decision is not None and decision.kind is DecisionKind.CUSTOM:
            return ClauseBadge.EDITED
        if decision is not None and decision.kind is DecisionKind.CHOOSE:
            return ClauseBadge.CHOSEN
        if decided:
            return decided
        if clause.clause.status is ClauseStatus.PROPOSED:
            return ClauseBadge.TO_CHECK if clause.clause.notes and not clause.decided \
                else ClauseBadge.PROPOSED
        if clause.clause.status is ClauseStatus.COMBINED:
            return ClauseBadge.COMBINED
        if clause.clause.status is ClauseStatus.MERGED:
            return f"{ClauseBadge.DUPLICATE} ({len(clause.clause.sources)} policies)"
        return ClauseBadge.UNIQUE

    def _conflict_badge(self, clause_id: str, conflicts: Sequence[str]) -> str:
        """Returns the badge of a clause that won a decided conflict or had both kept."""
        badge = ""
        for conflict_id in conflicts:
            decision = self.plan.decision(slot(DecisionKind.KEEP, conflict_id))
            if decision is None:
                continue
            if decision.kind is DecisionKind.CHOOSE and decision.value == clause_id:
                return ClauseBadge.CONFLICT_WON
            if decision.kind is DecisionKind.KEEP:
                badge = ClauseBadge.BOTH_KEPT
        return badge


class OutlineModel(QStandardItemModel):
    """Two columns: the outline (numbered headings, clause text) and each clause's status.

    The rows and flags are C++ items (see the module docstring); everything else — data,
    renaming, drag and drop — is answered here from the nodes."""

    decisions_requested = Signal(list, str)  # [Decision], the undo text

    COLUMNS = ("Outline", "Status")

    def __init__(self, store: PlanStore, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.setColumnCount(len(self.COLUMNS))
        self.invisibleRootItem().setFlags(Qt.ItemFlag.ItemIsDropEnabled)
        self._rows = OutlineRows.empty()
        self._nodes: _Columns = self._rows.nodes
        self._by_id: dict[str, int] = self._rows.by_id
        self._positions: dict[tuple[int, int], int] = {}  # (parent key, row) -> node position
        self._discarded: list[QStandardItem] = []  # old item trees, freed after the swap
        lend_scratch_models(2 - _SCRATCH_MODELS.qsize())  # outlines prepared at once, at most
        store.add_preparer("outline", outline_rows)
        store.plan_changed.connect(self.rebuild)

    # --- building ---------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Swaps in the rows prepared for the store's current PlanState (one model reset)."""
        rows = self.store.view_data.get("outline")
        if not isinstance(rows, OutlineRows) or rows.items is None and len(rows.nodes) > 1:
            rows = outline_rows(self.store.state) if self.store.state is not None \
                else OutlineRows.empty()
        old = QStandardItem()
        self.beginResetModel()
        # The rows move as whole subtrees; nobody is told about each move, the reset says it all.
        blocked = self.blockSignals(True)
        try:
            root = self.invisibleRootItem()
            while root.rowCount():
                old.appendRow(root.takeRow(0))
            if rows.items is not None:
                while rows.items.rowCount():
                    root.appendRow(rows.items.takeRow(0))
                rows.items = None
            self._rows = rows
            self._nodes = rows.nodes
            self._by_id = rows.by_id
            self._positions = {}
        finally:
            self.blockSignals(blocked)
            self.endResetModel()
        if old.rowCount():
            # Freeing tens of thousands of items is a slice of its own, after the repaint.
            self._discarded.append(old)
            QTimer.singleShot(0, self._discarded.clear)

    # --- lookups ----------------------------------------------------------------------------
    def find(self, text: str) -> list[str]:
        """Returns the ids of the sections and clauses whose title or wording holds `text` (in
        any case), in outline order (Find in the Consolidate view)."""
        needle = text.casefold().strip()
        if not needle:
            return []
        nodes = self._nodes
        found = []
        for position in range(1, len(nodes)):
            target = nodes.targets[position]
            words = target.title if nodes.kinds[position] == "section" else target.text
            if needle in words.casefold():
                found.append(nodes.ids[position])
        return found

    def index_of(self, item_id: str, column: int = 0) -> QModelIndex:
        """Returns the index of a section or clause id (invalid when it is not in the outline)."""
        position = self._by_id.get(item_id)
        if position is None:
            return QModelIndex()
        rows = []
        while position > 0:
            rows.append(self._nodes.rows[position])
            position = self._nodes.parents[position]
        index = QModelIndex()
        for depth, row in enumerate(reversed(rows)):
            index = self.index(row, column if depth == len(rows) - 1 else 0, index)
        return index

    def item_id(self, index: Index) -> str:
        return self._node(index).id if index.isValid() else ""

    def item_kind(self, index: Index) -> str:
        return self._node(index).kind if index.isValid() else ""

    def clause_ids_in_order(self) -> list[str]:
        """Returns every clause id in outline order (for "next conflict")."""
        return list(self._rows.clause_order)

    def top_level_ids(self) -> list[str]:
        """Returns the chapters' ids in order."""
        return [self._nodes.ids[i] for i in self._nodes.children[0]]

    def _node(self, index: Index) -> _Node:
        if not index.isValid():
            return self._nodes[0]
        # An index names its parent item (internalId) and its row: the same pair is the same
        # node until the next reset, which empties this cache.
        key = (index.internalId(), index.row())
        position = self._positions.get(key)
        if position is None:
            rows = []
            while index.isValid():
                rows.append(index.row())
                index = index.parent()
            position = 0
            children = self._nodes.children
            for row in reversed(rows):
                position = children[position][row]
            self._positions[key] = position
        return self._nodes[position]

    # --- QStandardItemModel: the shape is the items'; the rest is answered here ------------
    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: B008, N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        return self._data(self._node(index), index.column(), role)

    def multiData(self, index: Index, roleDataSpan) -> None:  # noqa: N802, N803
        """Answers every role a cell is painted with in one call (the delegate asks for seven):
        a call from Qt into Python waits for the GIL, up to 5 ms each while a worker runs."""
        if not index.isValid():
            return
        node, column = self._node(index), index.column()
        for role_data in roleDataSpan:
            role_data.setData(self._data(node, column, role_data.role()))

    def _data(self, node: _Node, column: int, role: int):
        if role == OutlineRole.ID:
            return node.id
        if role == OutlineRole.KIND:
            return node.kind
        if node.kind == "section":
            return self._section_data(node, column, role)
        return self._clause_data(node, column, role)

    def _section_data(self, node: _Node, column: int, role: int):
        section = node.section
        assert section is not None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{node.number}  {section.title}".strip()
            return "Excluded" if section.excluded else ""
        if role == Qt.ItemDataRole.EditRole and column == 0:
            return section.title
        if role == Qt.ItemDataRole.FontRole:
            font = QFont(QApplication.font())
            font.setBold(column == 0)
            font.setStrikeOut(section.excluded and column == 0)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and section.excluded:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            text = f"Section \u201c{section.title}\u201d, {len(section.clauses)} clauses"
            if section.excluded:
                text += ", excluded" + (f" ({section.note})" if section.note else "")
            return text + ". F2 renames it; Ctrl+Up / Ctrl+Down or drag to reorder."
        if role == OutlineRole.STATUS:
            return ""
        return None

    def _clause_data(self, node: _Node, column: int, role: int):
        clause = node.clause
        assert clause is not None
        badge = node.badge
        if role == Qt.ItemDataRole.DisplayRole:
            if column != 0:
                return badge
            if clause.clause.kind is BlockKind.TABLE:  # cells apart where the text knows them
                return _one_line("Table: " + " \u00b7 ".join(clause.text.splitlines()))
            return _one_line(clause.text)
        if role == OutlineRole.STATUS:
            return badge
        if role == OutlineRole.OPEN_CONFLICT:
            return badge == ClauseBadge.CONFLICT
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return _badge_icon(badge)
        if role == Qt.ItemDataRole.FontRole and not clause.in_output:
            font = QFont(QApplication.font())
            font.setStrikeOut(column == 0)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if not clause.in_output:
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            if badge == ClauseBadge.CONFLICT and column == 1:
                return theme.change_colours().conflict_fg
        if role == Qt.ItemDataRole.BackgroundRole and badge == ClauseBadge.CONFLICT:
            return theme.change_colours().conflict_bg
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            where = ", ".join(dict.fromkeys(
                f"{self.store.document_name(r.document_id)} {r.section}".strip()
                for r in clause.clause.sources or clause.clause.derived_from)) \
                or "the draft"
            status = f" {BADGE_TIPS.get(badge, badge)}." if badge else ""
            return f"From {where}.{status}"
        return None

    def badge(self, clause: ResolvedClause) -> str:
        """Returns the clause's status badge (see ClauseBadge)."""
        if self.store.state is None:
            return ClauseBadge.UNIQUE
        return _Badges(self.store.state).of(clause)

    # --- editing: rename, drag and drop (flags: see _FLAGS) ---------------------------------
    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: B008, N802
        node = self._node(index)
        if role != Qt.ItemDataRole.EditRole or node.kind != "section" or index.column() != 0:
            return False
        title = " ".join(str(value).split())
        if not title or node.section is None:
            return False
        self._request(lambda reading: edits.rename_section(reading, node.id, title))
        return True

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: B008, N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: B008, N802
        return [MIME_TYPE]

    def mimeData(self, indexes) -> QMimeData:  # noqa: B008, N802
        ids = list(dict.fromkeys(self.item_id(i) for i in indexes if i.isValid()))
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray(json.dumps(ids).encode()))
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: B008, N802
        return bool(self.drop_decisions(data, row, parent))

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: B008, N802
        move = self._drop_target(data, row, parent)
        if move is None or not self.drop_decisions(data, row, parent):
            return False
        self._request(lambda reading: edits.move(reading, *move))
        return False  # the plan changes through the command; the view must not remove rows

    def drop_decisions(self, data: QMimeData, row: int, parent: Index) -> list[Decision]:
        """Returns the MOVE/REORDER decisions a drop of `data` at (row, parent) means for the
        newest plan, or []."""
        move = self._drop_target(data, row, parent)
        if move is None or self.store.plan is None:
            return []
        edit = edits.move(self.store.reading(), *move)
        return list(edit.decisions) if edit is not None else []

    def _drop_target(self, data: QMimeData, row: int, parent: Index
                     ) -> tuple[list[str], str, str] | None:
        """Returns what a drop on the rows shown means, by ids, so it holds for the newest
        plan: (the items moved, the section they go to ("" the chapters), the item they go
        after ("" first))."""
        ids = _ids(data)
        if not ids or any(i not in self._by_id for i in ids):
            return None
        target = self._node(parent)
        if target.kind == "clause":  # dropped onto a clause: before it, in its section
            row, target = target.row, self._nodes[target.parent]
        children = target.children
        if row < 0 or row > len(children):
            row = len(children)
        after = self._nodes.ids[children[row - 1]] if row > 0 else ""
        return ids, target.id, after

    def _request(self, intent: Callable[[Resolver], edits.Edit | None]) -> None:
        """Works the intent out on the newest plan and asks for its decisions; queued, since
        the plan (and this model) is rebuilt after the view's edit or drop finishes."""
        def ask() -> None:
            if self.store.plan is None:
                return
            edit = intent(self.store.reading())
            if edit is not None:
                self.decisions_requested.emit(list(edit.decisions), edit.text)

        QTimer.singleShot(0, ask)


def _ids(data: QMimeData) -> list[str]:
    if data is None or not data.hasFormat(MIME_TYPE):
        return []
    try:
        value = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _badge_icon(badge: str):
    pixmap = {
        ClauseBadge.CONFLICT: QStyle.StandardPixmap.SP_MessageBoxWarning,
        ClauseBadge.EXCLUDED: QStyle.StandardPixmap.SP_DialogCancelButton,
        ClauseBadge.EDITED: QStyle.StandardPixmap.SP_FileDialogDetailedView,
        ClauseBadge.CONFLICT_WON: QStyle.StandardPixmap.SP_DialogApplyButton,
        ClauseBadge.BOTH_KEPT: QStyle.StandardPixmap.SP_DialogApplyButton,
        ClauseBadge.MERGED_INTO: QStyle.StandardPixmap.SP_ArrowRight,
    }.get(badge)
    if pixmap is None and badge.startswith(ClauseBadge.DUPLICATE):
        pixmap = QStyle.StandardPixmap.SP_FileDialogListView
    if pixmap is None:
        return None
    return QApplication.style().standardIcon(pixmap)
