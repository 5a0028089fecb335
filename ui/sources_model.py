"""SourcesModel: a Qt table adapter over the loaded source policies (translates, never computes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from consolidator.consolidation.topics import channels_of_documents, chosen_channel, with_channel
from consolidator.model import SourceDocument

WORDS_PER_PAGE = 450


class PolicyKind(str, Enum):  # noqa: UP042 - same style as consolidator.model
    """What a source policy covers; the values match consolidator.model.SourceInfo.kind (the
    draft's channels: consolidation.topics.channels_of_documents)."""

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

@dataclass(frozen=True)
class SourceEntry:
    """One loaded policy as the panel shows it."""

    document: SourceDocument
    kind: PolicyKind  # the channel the draft gives it: the author's choice, else its guess
    words: int
    changed_on_disk: bool = False

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def chosen(self) -> bool:
        """Whether the author chose what it covers (else the draft guessed)."""
        return bool(chosen_channel(self.document))

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
        # How the author's choice in the Covers column is carried out (the window makes it an
        # undo step: ui.source_commands.ChooseKindCommand); by default it is set at once.
        self.choose_kind: Callable[[str, PolicyKind], None] = self.set_kind

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

    def add(self, document: SourceDocument, words: int) -> bool:
        """Adds the document; returns False (and changes nothing) when its content is loaded."""
        if self.entry(document.id) is not None:
            return False
        row = len(self._entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.append(SourceEntry(document, PolicyKind.OTHER, words))
        self.endInsertRows()
        self._update_kinds()
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
        self._update_kinds()
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
        if old.chosen:  # the author's choice survives a reload
            document = with_channel(document, old.kind.value)
        self._entries[row] = SourceEntry(document, old.kind, words)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
        self._update_kinds()
        self.documents_changed.emit()
        return True

    def remove(self, document_ids: list[str]) -> None:
        for row in sorted((self.row_of(i) for i in document_ids), reverse=True):
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._entries[row]
                self.endRemoveRows()
        self._update_kinds()
        self.documents_changed.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self._entries.clear()
        self.endResetModel()
        self.documents_changed.emit()

    def set_kind(self, document_id: str, kind: PolicyKind | None) -> None:
        """Makes `kind` the author's choice of what the policy covers (None: no choice, the
        draft's guess again); the draft then gives the policy that channel's chapter."""
        row = self.row_of(document_id)
        if row < 0:
            return
        entry = self._entries[row]
        if (entry.kind if entry.chosen else None) is kind:
            return
        document = with_channel(entry.document, kind.value if kind is not None else "")
        self._entries[row] = replace(entry, document=document)
        self._update_kinds()
        index = self.index(row, Column.KIND)
        self.dataChanged.emit(index, index)
        self.documents_changed.emit()

    def _update_kinds(self) -> None:
        """Shows for each policy the channel the draft gives it: the author's choice, else the
        draft's guess for this set of policies (which a policy loaded or removed can change)."""
        channels = channels_of_documents(self.documents())
        for row, entry in enumerate(self._entries):
            kind = PolicyKind(channels[entry.id])
            if kind is not entry.kind:
                self._entries[row] = replace(entry, kind=kind)
                index = self.index(row, Column.KIND)
                self.dataChanged.emit(index, index)

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
        self.choose_kind(self._entries[index.row()].id, kind)
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
