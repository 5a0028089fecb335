"""OutlineModel: the resolved merge plan as a tree (chapters, sections, clauses) for a QTreeView.

An adapter: it reads the PlanStore and translates; every change the user makes in the tree
(rename, drag and drop) comes out as `decisions_requested`, which the view turns into an undo
command. Custom roles are in `OutlineRole`, the one place they are defined.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from consolidator.plan import OUTLINE, ClauseStatus, Decision, DecisionKind
from consolidator.resolve import ResolvedClause, ResolvedSection
from ui import theme
from ui.consolidate_commands import PlanStore

MIME_TYPE = "application/x-policy-consolidator-outline"
Index = QModelIndex | QPersistentModelIndex


class OutlineRole(IntEnum):
    """The custom item-data roles of the Consolidate view's models."""

    ID = int(Qt.ItemDataRole.UserRole) + 1  # section or clause id
    KIND = ID + 1  # "section" | "clause"
    STATUS = ID + 2  # ClauseBadge value, or "" for sections
    OPEN_CONFLICT = ID + 3  # bool: a clause with an undecided conflict


class ClauseBadge:
    """What the Status column says about a clause (text shown, also the STATUS role)."""

    CONFLICT = "Conflict: decide"
    EXCLUDED = "Excluded"
    MERGED_INTO = "Replaced by the chosen variant"
    EDITED = "Edited"
    COMBINED = "Combined wording"
    DUPLICATE = "Duplicate merged"
    CHOSEN = "Variant chosen"
    UNIQUE = ""


@dataclass(eq=False)
class _Node:
    kind: str  # "root" | "section" | "clause"
    id: str
    parent: int  # index into OutlineModel._nodes; -1 for the root
    row: int
    number: str = ""
    children: list[int] = field(default_factory=list)
    section: ResolvedSection | None = None
    clause: ResolvedClause | None = None


class OutlineModel(QAbstractItemModel):
    """Two columns: the outline (numbered headings, clause text) and each clause's status."""

    decisions_requested = Signal(list, str)  # [Decision], the undo text

    COLUMNS = ("Outline", "Status")

    def __init__(self, store: PlanStore, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self._nodes: list[_Node] = [_Node("root", "", -1, 0)]
        self._by_id: dict[str, int] = {}
        store.plan_changed.connect(self.rebuild)

    # --- building ---------------------------------------------------------------------------
    def rebuild(self) -> None:
        self.beginResetModel()
        self._nodes = [_Node("root", "", -1, 0)]
        self._by_id = {}
        resolved = self.store.resolved
        if resolved is not None:
            number = 0
            for section in resolved.sections:
                label = ""
                if not section.excluded:
                    number += 1
                    label = str(number)
                self._add_section(section, 0, label)
        self.endResetModel()

    def _add_section(self, section: ResolvedSection, parent: int, number: str) -> None:
        node = _Node("section", section.id, parent, len(self._nodes[parent].children), number,
                     section=section)
        index = self._append(node)
        for clause in section.clauses:
            self._append(_Node("clause", clause.id, index, len(self._nodes[index].children),
                               clause=clause))
        sub = 0
        for child in section.children:
            label = ""
            if number and not child.excluded:
                sub += 1
                label = f"{number}.{sub}"
            self._add_section(child, index, label)

    def _append(self, node: _Node) -> int:
        self._nodes.append(node)
        index = len(self._nodes) - 1
        self._nodes[node.parent].children.append(index)
        self._by_id[node.id] = index
        return index

    # --- lookups ----------------------------------------------------------------------------
    def index_of(self, item_id: str, column: int = 0) -> QModelIndex:
        """Returns the index of a section or clause id (invalid when it is not in the outline)."""
        position = self._by_id.get(item_id)
        if position is None:
            return QModelIndex()
        return self.createIndex(self._nodes[position].row, column, position)

    def item_id(self, index: Index) -> str:
        return self._node(index).id if index.isValid() else ""

    def item_kind(self, index: Index) -> str:
        return self._node(index).kind if index.isValid() else ""

    def clause_ids_in_order(self) -> list[str]:
        """Returns every clause id in outline order (for "next conflict")."""
        return [n.id for n in self._nodes if n.kind == "clause"]

    def _node(self, index: Index) -> _Node:
        return self._nodes[index.internalId()] if index.isValid() else self._nodes[0]

    # --- QAbstractItemModel -----------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        if not (0 <= row < len(node.children) and 0 <= column < len(self.COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent <= 0:
            return QModelIndex()
        return self.createIndex(self._nodes[parent].row, 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: B008, N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self._node(index)
        if role == OutlineRole.ID:
            return node.id
        if role == OutlineRole.KIND:
            return node.kind
        if node.kind == "section":
            return self._section_data(node, index.column(), role)
        return self._clause_data(node, index.column(), role)

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
            return text + ". F2 renames it; drag to reorder."
        if role == OutlineRole.STATUS:
            return ""
        return None

    def _clause_data(self, node: _Node, column: int, role: int):
        clause = node.clause
        assert clause is not None
        badge = self.badge(clause)
        if role == Qt.ItemDataRole.DisplayRole:
            return _one_line(clause.text) if column == 0 else badge
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
            where = ", ".join(
                f"{self.store.document_name(r.document_id)} {r.section}".strip()
                for r in clause.clause.sources)
            status = f" {badge}." if badge else ""
            return f"From {where}.{status}"
        return None

    def badge(self, clause: ResolvedClause) -> str:
        """Returns the clause's status badge (see ClauseBadge)."""
        if clause.excluded:
            return ClauseBadge.EXCLUDED
        if clause.merged_into:
            return ClauseBadge.MERGED_INTO
        if self.store.open_conflicts_of(clause.id):
            return ClauseBadge.CONFLICT
        plan = self.store.plan
        decision = plan.decision("wording:" + clause.id) if plan is not None else None
        if decision is not None and decision.kind is DecisionKind.CUSTOM:
            return ClauseBadge.EDITED
        if decision is not None and decision.kind is DecisionKind.CHOOSE:
            return ClauseBadge.CHOSEN
        if clause.clause.status is ClauseStatus.COMBINED:
            return ClauseBadge.COMBINED
        if clause.clause.status is ClauseStatus.MERGED:
            return f"{ClauseBadge.DUPLICATE} ({len(clause.clause.sources)} policies)"
        return ClauseBadge.UNIQUE

    # --- editing: rename, drag and drop -----------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                 | Qt.ItemFlag.ItemIsDragEnabled)
        if self._node(index).kind == "section":
            flags |= Qt.ItemFlag.ItemIsDropEnabled
            if index.column() == 0:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: B008, N802
        node = self._node(index)
        if role != Qt.ItemDataRole.EditRole or node.kind != "section" or index.column() != 0:
            return False
        title = " ".join(str(value).split())
        if not title or node.section is None or title == node.section.title:
            return False
        self._request([Decision(DecisionKind.RENAME, node.id, title)],
                      f"Rename \u201c{node.section.title}\u201d to \u201c{title}\u201d")
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
        decisions = self.drop_decisions(data, row, parent)
        if not decisions:
            return False
        ids = _ids(data)
        what = "section" if self._nodes[self._by_id[ids[0]]].kind == "section" else "clause"
        self._request(decisions, f"Move {what}" if len(ids) == 1 else f"Move {len(ids)} items")
        return False  # the plan changes through the command; the view must not remove rows

    def drop_decisions(self, data: QMimeData, row: int, parent: Index) -> list[Decision]:
        """Returns the MOVE/REORDER decisions a drop of `data` at (row, parent) means, or []."""
        ids = _ids(data)
        if not ids or any(i not in self._by_id for i in ids):
            return []
        target = self._node(parent)
        if target.kind == "clause":  # dropped onto a clause: before it, in its section
            row, target = target.row, self._nodes[target.parent]
        kinds = {self._nodes[self._by_id[i]].kind for i in ids}
        if len(kinds) != 1:
            return []
        order_of = [self._nodes[c].id for c in target.children]
        if row < 0 or row > len(order_of):
            row = len(order_of)
        if kinds == {"section"}:
            # Sections move among their siblings only (the plan has no "move section").
            parents = {self._nodes[self._by_id[i]].parent for i in ids}
            if parents != {self._nodes.index(target) if target.kind != "root" else 0}:
                return []
        elif target.kind == "root":
            return []
        new_order = _insert(order_of, ids, row)
        decisions: list[Decision] = []
        if kinds == {"clause"}:
            for cid in ids:
                if self._nodes[self._nodes[self._by_id[cid]].parent].id != target.id:
                    decisions.append(Decision(DecisionKind.MOVE, cid, target.id))
        if new_order != order_of or decisions:
            decisions.append(Decision(DecisionKind.REORDER,
                                      target.id if target.kind != "root" else OUTLINE,
                                      order=tuple(new_order)))
        return decisions

    def _request(self, decisions: list[Decision], text: str) -> None:
        # Queued: the plan (and this model) is rebuilt after the view's edit or drop finishes.
        QTimer.singleShot(0, lambda: self.decisions_requested.emit(decisions, text))


def _ids(data: QMimeData) -> list[str]:
    if data is None or not data.hasFormat(MIME_TYPE):
        return []
    try:
        value = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _insert(order: list[str], moving: list[str], row: int) -> list[str]:
    before = [i for i in order[:row] if i not in moving]
    after = [i for i in order[row:] if i not in moving]
    return before + moving + after


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _badge_icon(badge: str):
    pixmap = {
        ClauseBadge.CONFLICT: QStyle.StandardPixmap.SP_MessageBoxWarning,
        ClauseBadge.EXCLUDED: QStyle.StandardPixmap.SP_DialogCancelButton,
        ClauseBadge.EDITED: QStyle.StandardPixmap.SP_FileDialogDetailedView,
    }.get(badge)
    if pixmap is None and badge.startswith(ClauseBadge.DUPLICATE):
        pixmap = QStyle.StandardPixmap.SP_FileDialogListView
    if pixmap is None:
        return None
    return QApplication.style().standardIcon(pixmap)
