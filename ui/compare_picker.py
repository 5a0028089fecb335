"""ComparePickerBar: choose the two policies (or sections, or a file on disk) and the options."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QWidget,
)

from consolidator.consolidation.as_document import DRAFT_ID
from consolidator.diffing import DiffOptions, Granularity
from consolidator.model import Block, Section, SourceDocument
from consolidator.sections import forget_listed, listed_sections
from ui import theme
from ui.compare_model import version_of
from ui.compare_versions import SIDE_LABELS, looks_like_versions
from ui.release import let_go
from ui.sources_model import SourcesModel

WHOLE_POLICY = "Whole policy"


@dataclass(frozen=True)
class CompareSide:
    """One side of a comparison: a document, or one section of it."""

    document: SourceDocument
    section: Section | None = None

    @property
    def name(self) -> str:
        """The name the header shows: file name, version, and the section when there is one."""
        version = version_of(self.document)
        name = self.document.name
        if version and version not in name:
            name += f" (v{version})"
        if self.section is not None:
            name += f", {section_label(self.section)}"
        return name

    def blocks(self) -> list[Block]:
        return self.section.all_blocks() if self.section is not None else list(
            self.document.blocks)


@dataclass(frozen=True)
class CompareRequest:
    left: CompareSide
    right: CompareSide
    options: DiffOptions


def section_label(section: Section) -> str:
    if section.level == 0:
        return "Opening text"
    return f"{section.number} {section.title}".strip()


class ComparePickerBar(QWidget):
    """Two document + section pickers, Swap, Compare with file, and the comparison options."""

    request_changed = Signal()  # the chosen pair or options changed
    open_file_requested = Signal()  # "Compare with file...": the view asks for a path

    def __init__(self, sources: SourcesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Choose what to compare")
        self._sources = sources
        self._external: list[SourceDocument] = []  # files opened with "Compare with file..."
        self._updating = False
        self._picked_by_user = [False, False]  # a side the author chose keeps its choice

        self.doc_combos = [QComboBox(), QComboBox()]
        self.section_combos = [QComboBox(), QComboBox()]
        for n, (side, tip) in enumerate((("Left", "The earlier or first document"),
                                         ("Right", "The later or second document"))):
            self.doc_combos[n].setAccessibleName(f"{side} policy")
            self.doc_combos[n].setToolTip(tip)
            self.section_combos[n].setAccessibleName(f"{side} section")
            self.section_combos[n].setToolTip("Compare the whole policy or one section of it")
            for combo in (self.doc_combos[n], self.section_combos[n]):
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                combo.setMinimumContentsLength(10)
                combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.doc_combos[n].currentIndexChanged.connect(
                lambda _i, side_=n: self._document_chosen(side_))
            self.section_combos[n].currentIndexChanged.connect(self._changed)

        self.swap_button = QPushButton("Swap")
        self.swap_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_BrowserReload))
        self.swap_button.setAccessibleName("Swap sides")
        self.swap_button.setToolTip("Swap the older and newer side")
        self.swap_button.clicked.connect(self.swap)
        self.file_button = QPushButton("Compare with file...")
        self.file_button.setAccessibleName("Compare with a file on disk")
        self.file_button.setToolTip("Compare the policy on the left with another version of it "
                                    "saved on disk: the older of the two goes on the left")
        self.file_button.clicked.connect(self.open_file_requested)

        # The comparison options sit in a menu (as in WinMerge): a row of check boxes made the
        # Compare view wider than a small or 150%-scaled screen.
        self.options_button = QToolButton()
        self.options_button.setText("Options")
        self.options_button.setAccessibleName("Comparison options")
        self.options_button.setToolTip("What to ignore, and whether to show changes by word or "
                                       "by character")
        self.options_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.options_button)
        self.ignore_case = self._option(menu, "Ignore case")
        self.ignore_whitespace = self._option(menu, "Ignore white space")
        self.ignore_punctuation = self._option(menu, "Ignore punctuation")
        self.ignore_numbering = self._option(menu, "Ignore numbering")
        self.ignore_numbering.setToolTip("Treat \"2.1\" and \"3.1\" before a heading or "
                                         "clause as the same")
        menu.addSeparator()
        menu.addSection("Show changes by")
        self.granularity_group = QActionGroup(self)
        self.by_word = self._option(menu, "Whole words", checked=True)
        self.by_character = self._option(menu, "Characters")
        for action in (self.by_word, self.by_character):
            self.granularity_group.addAction(action)
        menu.setToolTipsVisible(True)
        self.options_button.setMenu(menu)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(theme.SPACING)
        grid.setVerticalSpacing(theme.SPACING_TIGHT)
        self.side_labels = []
        for n, label in enumerate(SIDE_LABELS[True]):
            caption = QLabel(label)
            caption.setBuddy(self.doc_combos[n])
            self.side_labels.append(caption)
            grid.addWidget(caption, n, 0)
            grid.addWidget(self.doc_combos[n], n, 1)
            grid.addWidget(self.section_combos[n], n, 2)
        grid.addWidget(self.swap_button, 0, 3)
        grid.addWidget(self.file_button, 1, 3)
        grid.addWidget(self.options_button, 0, 4)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        self.setLayout(grid)

        sources.documents_changed.connect(self.refresh_documents)
        self.refresh_documents()

    # --- what is chosen ---------------------------------------------------------------------------

    def documents(self) -> list[SourceDocument]:
        return self._sources.documents() + self._external

    def document(self, side: int) -> SourceDocument | None:
        doc_id = self.doc_combos[side].currentData()
        return next((d for d in self.documents() if d.id == doc_id), None)

    def section(self, side: int) -> Section | None:
        document = self.document(side)
        section_id = self.section_combos[side].currentData()
        if document is None or not section_id:
            return None
        return next((s for s in self._sections_of(document) if s.id == section_id), None)

    def options(self) -> DiffOptions:
        return DiffOptions(
            ignore_case=self.ignore_case.isChecked(),
            ignore_whitespace=self.ignore_whitespace.isChecked(),
            ignore_punctuation=self.ignore_punctuation.isChecked(),
            ignore_numbering=self.ignore_numbering.isChecked(),
            granularity=Granularity.CHARACTER if self.by_character.isChecked()
            else Granularity.WORD,
        )

    def _option(self, menu: QMenu, text: str, checked: bool = False) -> QAction:
        action = menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(checked)
        action.toggled.connect(self._changed)
        return action

    def request(self) -> CompareRequest | None:
        """Returns the chosen comparison, or None when a side has no document."""
        left, right = self.document(0), self.document(1)
        if left is None or right is None:
            return None
        return CompareRequest(CompareSide(left, self.section(0)),
                              CompareSide(right, self.section(1)), self.options())

    # --- choosing ---------------------------------------------------------------------------------

    def choose(self, side: int, document_id: str, section_id: str = "") -> None:
        """Selects a document (and a section of it, or the whole policy) on one side."""
        self._updating = True
        try:
            combo = self.doc_combos[side]
            combo.setCurrentIndex(max(0, combo.findData(document_id)))
            self._fill_sections(side)
            sections = self.section_combos[side]
            sections.setCurrentIndex(max(0, sections.findData(section_id)))
        finally:
            self._updating = False
        self._changed()

    def add_external(self, document: SourceDocument, side: int = 1) -> None:
        """Adds a document read from disk to both pickers and chooses it on `side`."""
        if all(d.id != document.id for d in self.documents()):
            self._external.append(document)
            self.refresh_documents()
        self.choose(side, document.id)

    def set_draft(self, document: SourceDocument | None) -> None:
        """Offers the Digital Policy being drafted (as_document.DRAFT_ID) on both sides, in
        place of the one offered before (None: no draft any more)."""
        replaced = [(d, forget_listed(d)) for d in self._external if d.id == DRAFT_ID]
        self._external = [d for d in self._external if d.id != DRAFT_ID]
        let_go(replaced)  # the draft and its sections together: freed off the UI thread
        del replaced
        if document is not None:
            self._external.insert(0, document)
        shown = DRAFT_ID in (self.doc_combos[0].currentData(), self.doc_combos[1].currentData())
        self.refresh_documents(notify=shown)  # compared again only when it is on a side

    def swap(self) -> None:
        chosen = [(c.currentData(), s.currentData())
                  for c, s in zip(self.doc_combos, self.section_combos, strict=True)]
        self._updating = True
        try:
            for side, (doc_id, section_id) in enumerate(reversed(chosen)):
                documents = self.doc_combos[side]
                documents.setCurrentIndex(max(0, documents.findData(doc_id)))
                self._fill_sections(side)
                combo = self.section_combos[side]
                combo.setCurrentIndex(max(0, combo.findData(section_id)))
        finally:
            self._updating = False
        self._changed()

    def refresh_documents(self, notify: bool = True) -> None:
        """Refills the document pickers, keeping each side's choice when it is still there
        (`notify`: say the choice changed, so that it is compared again)."""
        documents = self.documents()
        loaded_ids = {d.id for d in documents}
        chosen = [c.currentData() for c in self.doc_combos]
        defaults = [d.id for d in documents[:2]]
        self._updating = True
        try:
            for side, combo in enumerate(self.doc_combos):
                combo.clear()
                for document in documents:
                    external = document in self._external and document.id != DRAFT_ID
                    combo.addItem(CompareSide(document).name + (" (from disk)" if external
                                                                 else ""), document.id)
                    combo.setItemData(combo.count() - 1, document.path,
                                      Qt.ItemDataRole.ToolTipRole)
                want = chosen[side] if chosen[side] in loaded_ids else (
                    defaults[side] if side < len(defaults) else (defaults[0] if defaults
                                                                  else None))
                # two policies loaded: never leave both sides on the same one unless chosen so
                if (side == 1 and len(defaults) == 2 and want == self.doc_combos[0].currentData()
                        and not self._picked_by_user[1]):
                    want = next(d for d in defaults if d != want)
                combo.setCurrentIndex(max(0, combo.findData(want)) if documents else -1)
                if want != chosen[side] or want == DRAFT_ID or \
                        self.section_combos[side].count() <= 1:
                    self._fill_sections(side)  # (the same source keeps its sections listed)
        finally:
            self._updating = False
        if notify:
            self._changed()

    def _document_chosen(self, side: int) -> None:
        if self._updating:
            return
        self._picked_by_user[side] = True
        self._updating = True
        try:
            self._fill_sections(side)
        finally:
            self._updating = False
        self._changed()

    def _fill_sections(self, side: int) -> None:
        combo = self.section_combos[side]
        keep = combo.currentData()
        combo.clear()
        document = self.document(side)
        combo.addItem(WHOLE_POLICY, "")
        if document is not None:
            for section in self._sections_of(document):
                indent = "    " * max(0, section.level - 1)
                combo.addItem(indent + section_label(section), section.id)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        combo.setEnabled(document is not None)

    def _sections_of(self, document: SourceDocument) -> tuple[Section, ...]:
        return listed_sections(document)  # listed on the worker that read or built it

    def _changed(self, *_args) -> None:
        if not self._updating:
            self._update_side_labels()
            self.request_changed.emit()

    def versions(self) -> bool:
        """Returns True when the two sides look like versions of one policy (Older / Newer);
        False for two different policies (Left / Right)."""
        return looks_like_versions(self.document(0), self.document(1))

    def side_names(self) -> tuple[str, str]:
        """Returns what the two sides are called now: ("Older", "Newer") or ("Left", "Right")."""
        left, right = SIDE_LABELS[self.versions()]
        return left.strip("&:"), right.strip("&:")

    def _update_side_labels(self) -> None:
        for caption, text in zip(self.side_labels, SIDE_LABELS[self.versions()], strict=True):
            caption.setText(text)
