"""The topic matrix: topics x policies, which policy covers what, with duplicates and conflicts.

`topic_matrix()` summarises a plan (the store runs it with the plan's other preparations when
the plan changes, on a worker for a large plan); `TopicMatrixModel` is the table adapter over
that summary and `TopicFilterModel` keeps the rows a filter asks for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from consolidator.consolidation.plan import ClauseStatus
from ui import theme
from ui.consolidate_commands import PlanState, PlanStore
from ui.outline_model import OutlineRole

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class MatrixCell:
    sections: int = 0  # the policy's sections on this topic (0: not covered)
    duplicates: int = 0  # clauses of this policy merged with another policy's
    conflicts: int = 0  # conflicts with a side in this policy
    open_conflicts: int = 0
    # What a click goes to: the clauses in those conflicts (undecided first), then the
    # merged clauses holding this policy's duplicates, in plan order.
    conflict_clauses: tuple[str, ...] = ()
    duplicate_clauses: tuple[str, ...] = ()

    def targets(self) -> tuple[str, ...]:
        """Returns the clauses the cell counts, the ones to decide first."""
        return self.conflict_clauses or self.duplicate_clauses


@dataclass(frozen=True)
class MatrixRow:
    topic_id: str
    title: str
    plan_section_id: str  # the outline section holding the topic ("" when none)
    cells: tuple[MatrixCell, ...]  # one per policy, in document order

    @property
    def covered_by(self) -> int:
        return sum(1 for c in self.cells if c.sections)


@dataclass(frozen=True)
class TopicMatrix:
    document_names: tuple[str, ...]
    rows: tuple[MatrixRow, ...]


class TopicFilter(str, Enum):  # noqa: UP042 - the project's str Enums
    ALL = "All topics"
    CONFLICTS = "Conflicts only"
    UNRESOLVED = "Unresolved conflicts only"
    DUPLICATES = "Duplicates"
    UNIQUE = "In one policy only"


def topic_matrix(store: PlanStore | PlanState) -> TopicMatrix:
    """Returns the topics x policies summary of the store's (or state's) alignment and plan.

    Pure over a PlanState: safe on a worker."""
    if store.alignment is None or store.plan is None or store.resolved is None:
        return TopicMatrix((), ())
    docs = store.docs
    plan, resolved = store.plan, store.resolved
    section_of_topic: dict[str, str] = {}
    for section in plan.sections:
        for topic_id in section.topic_ids:
            section_of_topic.setdefault(topic_id, section.id)
    duplicates: dict[tuple[str, str], list[str]] = defaultdict(list)  # (topic, doc) -> ids
    for clause in plan.clauses:
        if clause.status is ClauseStatus.UNIQUE:
            continue
        for ref in clause.sources:
            duplicates[(ref.topic_id, ref.document_id)].append(clause.id)
    conflicts: dict[tuple[str, str], int] = defaultdict(int)
    open_conflicts: dict[tuple[str, str], int] = defaultdict(int)
    in_conflict: dict[tuple[str, str], list[tuple[bool, str]]] = defaultdict(list)
    for conflict in plan.conflicts:
        is_open = conflict.id in resolved.open_conflict_ids
        sides = plan.conflict_clauses(conflict)
        for side, refs in enumerate((conflict.side_a, conflict.side_b)):
            for ref in refs:  # every copy of either clause
                cell = (ref.topic_id, ref.document_id)
                conflicts[cell] += 1
                open_conflicts[cell] += is_open
                if sides[side]:
                    in_conflict[cell].append((not is_open, sides[side]))
    rows = []
    for topic in store.alignment.topics:
        cells = tuple(_cell(len(topic.section_ids(doc.id)), duplicates[(topic.id, doc.id)],
                            conflicts[(topic.id, doc.id)], open_conflicts[(topic.id, doc.id)],
                            in_conflict[(topic.id, doc.id)])
                      for doc in docs)
        rows.append(MatrixRow(topic.id, topic.title or "(untitled)",
                              section_of_topic.get(topic.id, ""), cells))
    return TopicMatrix(tuple(d.title or d.name.rsplit(".", 1)[0] for d in docs), tuple(rows))


def _cell(sections: int, duplicates: list[str], conflicts: int, open_conflicts: int,
          in_conflict: list[tuple[bool, str]]) -> MatrixCell:
    ordered = [cid for _decided, cid in sorted(in_conflict, key=lambda pair: pair[0])]
    return MatrixCell(sections, len(duplicates), conflicts, open_conflicts,
                      tuple(dict.fromkeys(ordered)), tuple(dict.fromkeys(duplicates)))


def header_text(name: str, width: int = 12) -> str:
    """Returns a policy name for a column header: on two lines when long ("Internet Use" /
    "Policy"), so four policies fit side by side without clipping."""
    if len(name) <= width or " " not in name:
        return name
    words = name.split()
    best = min(range(1, len(words)),
               key=lambda n: abs(len(" ".join(words[:n])) - len(" ".join(words[n:]))))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


LEGEND = ("\u2713 the policy covers the topic \u00b7 \u2261 clauses it shares with another "
          "policy (merged) \u00b7 \u26a0 conflicts with another policy \u00b7 \u2013 not "
          "covered. Click a cell to go to what it counts.")


class TopicMatrixModel(QAbstractTableModel):
    """Rows: topics; columns: policies. A cell says whether the policy covers the topic."""

    def __init__(self, store: PlanStore, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.matrix = TopicMatrix((), ())
        store.add_preparer("matrix", topic_matrix)
        store.plan_changed.connect(self.refresh)

    def refresh(self) -> None:
        """Swaps in the summary prepared for the store's current PlanState."""
        matrix = self.store.view_data.get("matrix")
        if not isinstance(matrix, TopicMatrix):
            matrix = topic_matrix(self.store.state if self.store.state is not None
                                  else self.store)
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def row_at(self, row: int) -> MatrixRow:
        return self.matrix.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.matrix.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.matrix.document_names)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: B008, N802
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            name = self.matrix.document_names[section]
            return header_text(name) if role == Qt.ItemDataRole.DisplayRole else name
        return self.matrix.rows[section].title

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.matrix.rows[index.row()]
        cell = row.cells[index.column()]
        name = self.matrix.document_names[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role == OutlineRole.ID:
            return row.plan_section_id
        if role == OutlineRole.TARGETS:
            return list(cell.targets())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        colours = theme.change_colours()
        if role == Qt.ItemDataRole.BackgroundRole and cell.open_conflicts:
            return colours.conflict_bg
        if role == Qt.ItemDataRole.ForegroundRole and cell.open_conflicts:
            return colours.conflict_fg
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if not cell.sections:
                return f"{name} does not cover {row.title}."
            parts = [f"{name} covers {row.title}"]
            if cell.duplicates:
                parts.append(f"{_count(cell.duplicates, 'clause')} also in another policy "
                             "(merged)")
            if cell.conflicts:
                parts.append(f"{_count(cell.conflicts, 'conflict')} with another policy "
                             f"({cell.open_conflicts} to decide)")
            what = ("the conflicts" if cell.conflict_clauses else "the merged clauses"
                    if cell.duplicate_clauses else "the section")
            return "; ".join(parts) + f". Click to go to {what} in the outline."
        return None


def cell_text(cell: MatrixCell) -> str:
    """Returns a cell's words: a tick for covered, then duplicate and conflict counts."""
    if not cell.sections:
        return "\u2013"
    parts = ["\u2713"]
    if cell.duplicates:
        parts.append(f"\u2261{cell.duplicates} dup")
    if cell.conflicts:
        parts.append(f"\u26a0{cell.conflicts} conflict" + ("s" if cell.conflicts > 1 else ""))
    return "  ".join(parts)


class TopicFilterModel(QSortFilterProxyModel):
    """Keeps the topic rows the chosen TopicFilter asks for."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.mode = TopicFilter.ALL

    def set_mode(self, mode: TopicFilter) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            self.mode = mode
            self.endFilterChange()
        else:
            self.mode = mode
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: B008, N802
        model = self.sourceModel()
        if not isinstance(model, TopicMatrixModel):
            return True
        row = model.row_at(source_row)
        if self.mode is TopicFilter.CONFLICTS:
            return any(c.conflicts for c in row.cells)
        if self.mode is TopicFilter.UNRESOLVED:
            return any(c.open_conflicts for c in row.cells)
        if self.mode is TopicFilter.DUPLICATES:
            return any(c.duplicates for c in row.cells)
        if self.mode is TopicFilter.UNIQUE:
            return row.covered_by == 1
        return True
