"""SourcesModel: a Qt table adapter over the loaded source policies (translates, never computes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from consolidator.model import SourceDocument

WORDS_PER_PAGE = 450


class PolicyKind(str, Enum):  # noqa: UP042 - same style as consolidator.model
    """What a source policy covers; the values match consolidator.model.SourceInfo.kind."""

    SOCIAL_MEDIA = "social-media"
    INTERNET = "internet"
    EMAIL = "email"
    MOBILE_PHONE = "mobile-phone"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    PolicyKind.SOCIAL_MEDIA: "Social Media",
    PolicyKind.INTERNET: "Internet",
    PolicyKind.EMAIL: "Email",
    PolicyKind.MOBILE_PHONE: "Mobile Phone",
    PolicyKind.OTHER: "Other",
}

_KEYWORDS = {
    PolicyKind.SOCIAL_MEDIA: re.compile(
        r"social[\s-]*media|facebook|twitter|\bx\.com|linkedin|instagram|tiktok|blog", re.I),
    PolicyKind.INTERNET: re.compile(r"internet|web\s*(site|brows)|browsing|online access", re.I),
    PolicyKind.EMAIL: re.compile(r"e-?mail|mailbox|outlook|attachments?", re.I),
    PolicyKind.MOBILE_PHONE: re.compile(
        r"mobile\s*(phone|device)|smart\s*phone|cell\s*phone|handset|\bsim\b|text messag", re.I),
}


def guess_kind(document: SourceDocument) -> str:
    """Returns the PolicyKind value a document most likely is, from its title, then its text.

    The title decides when it names exactly one kind; otherwise keyword counts in the first
    ~2,000 words decide, and "other" when nothing stands out.
    """
    title_hits = [k for k, rx in _KEYWORDS.items() if rx.search(document.title or document.name)]
    if len(title_hits) == 1:
        return title_hits[0].value
    words = document.plain_text().split()[:2000]
    text = " ".join(words)
    scores = {k: len(rx.findall(text)) for k, rx in _KEYWORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] >= 3 and ranked[0] >= 1.5 * ranked[1]:
        return best.value
    return PolicyKind.OTHER.value


@dataclass(frozen=True)
class SourceEntry:
    """One loaded policy as the panel shows it."""

    document: SourceDocument
    kind: PolicyKind
    words: int
    changed_on_disk: bool = False

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def pages(self) -> int:
        return max(1, round(self.words / WORDS_PER_PAGE))

    @property
    def warning_count(self) -> int:
        return sum(max(1, w.count) for w in self.document.warnings)


class Column(int, Enum):
    TITLE = 0
    FILE = 1
    KIND = 2
    SIZE = 3
    WARNINGS = 4


_HEADERS = {
    Column.TITLE: "Title",
    Column.FILE: "File",
    Column.KIND: "Covers",
    Column.SIZE: "Size",
    Column.WARNINGS: "Warnings",
}

# Custom roles, in one place.
DocumentIdRole = Qt.ItemDataRole.UserRole + 1
DocumentRole = Qt.ItemDataRole.UserRole + 2
KindRole = Qt.ItemDataRole.UserRole + 3


class SourcesModel(QAbstractTableModel):
    """Rows are loaded policies, in load order; ids are content hashes."""

    documents_changed = Signal()  # rows added, removed or replaced, or a kind changed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[SourceEntry] = []

    # --- data access for the rest of the app ------------------------------------------------

    def entries(self) -> list[SourceEntry]:
        return list(self._entries)

    def documents(self) -> list[SourceDocument]:
        return [e.document for e in self._entries]

    def entry(self, document_id: str) -> SourceEntry | None:
        return next((e for e in self._entries if e.id == document_id), None)

    def row_of(self, document_id: str) -> int:
        return next((i for i, e in enumerate(self._entries) if e.id == document_id), -1)

    def entry_at(self, row: int) -> SourceEntry:
        return self._entries[row]

    def __len__(self) -> int:
        return len(self._entries)

    # --- changes ----------------------------------------------------------------------------

    def add(self, document: SourceDocument, kind: str, words: int) -> bool:
        """Adds the document; returns False (and changes nothing) when its content is loaded."""
        if self.entry(document.id) is not None:
            return False
        row = len(self._entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.append(SourceEntry(document, PolicyKind(kind), words))
        self.endInsertRows()
        self.documents_changed.emit()
        return True

    def restore(self, entries: list[tuple[int, SourceEntry]]) -> None:
        """Puts removed entries back at their rows (undo of Remove), lowest row first."""
        for row, entry in sorted(entries, key=lambda pair: pair[0]):
            if self.entry(entry.id) is not None:
                continue
            row = min(row, len(self._entries))
            self.beginInsertRows(QModelIndex(), row, row)
            self._entries.insert(row, entry)
            self.endInsertRows()
        self.documents_changed.emit()

    def replace_document(self, old_id: str, document: SourceDocument, words: int) -> bool:
        """Puts a reloaded document in place of `old_id`, keeping its row and chosen kind.

        Returns False when the reloaded content is another loaded policy's (the file became a
        copy of it): the policy is then loaded once, and `old_id`'s row is removed.
        """
        row = self.row_of(old_id)
        if row < 0:
            return False
        same = self.entry(document.id)
        if same is not None and same.id != old_id:
            self.remove([old_id])
            return False
        old = self._entries[row]
        self._entries[row] = SourceEntry(document, old.kind, words)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
        self.documents_changed.emit()
        return True

    def remove(self, document_ids: list[str]) -> None:
        for row in sorted((self.row_of(i) for i in document_ids), reverse=True):
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._entries[row]
                self.endRemoveRows()
        self.documents_changed.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self._entries.clear()
        self.endResetModel()
        self.documents_changed.emit()

    def set_kind(self, document_id: str, kind: PolicyKind) -> None:
        row = self.row_of(document_id)
        if row >= 0 and self._entries[row].kind is not kind:
            self._entries[row] = replace(self._entries[row], kind=kind)
            index = self.index(row, Column.KIND)
            self.dataChanged.emit(index, index)
            self.documents_changed.emit()

    def mark_changed_on_disk(self, document_id: str, changed: bool = True) -> None:
        row = self.row_of(document_id)
        if row >= 0 and self._entries[row].changed_on_disk != changed:
            self._entries[row] = replace(self._entries[row], changed_on_disk=changed)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    # --- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[Column(section)]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == Column.KIND:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = Column(index.column())
        if role == DocumentIdRole:
            return entry.id
        if role == DocumentRole:
            return entry.document
        if role == KindRole:
            return entry.kind.value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(entry, column)
        if role == Qt.ItemDataRole.EditRole and column == Column.KIND:
            return entry.kind.value
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.SIZE,
                                                                     Column.WARNINGS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != Column.KIND:
            return False
        try:
            kind = PolicyKind(value)
        except ValueError:
            return False
        self.set_kind(self._entries[index.row()].id, kind)
        return True

    @staticmethod
    def _display(entry: SourceEntry, column: Column) -> str:
        if column is Column.TITLE:
            title = entry.document.title or entry.document.name
            return f"{title} (changed on disk)" if entry.changed_on_disk else title
        if column is Column.FILE:
            return entry.document.name
        if column is Column.KIND:
            return entry.kind.label
        if column is Column.SIZE:
            return f"~{entry.pages} {'page' if entry.pages == 1 else 'pages'}"
        count = entry.warning_count
        return "None" if count == 0 else f"{count}"

    @staticmethod
    def _tooltip(entry: SourceEntry, column: Column) -> str:
        if column is Column.WARNINGS and entry.document.warnings:
            return "\n".join(w.message for w in entry.document.warnings)
        if column is Column.KIND:
            return "What this policy covers. Double-click to change it."
        if column is Column.SIZE:
            return f"{entry.words:,} words (about {WORDS_PER_PAGE} words a page)"
        if entry.changed_on_disk:
            return f"{entry.document.path}\nThe file has changed since it was loaded."
        return entry.document.path
