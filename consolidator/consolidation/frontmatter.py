"""The sources' own title pages and document control: metadata, never policy text.

Only these count: the title lines a policy opens with, document-control and version-history
tables (and their captions), and document-control lines ("Owner: Head of ICT", "Version 1.2",
"Updated: 01/05/2023", "Classification: OFFICIAL"). Everything else, wherever it stands, is
policy text that takes part in alignment, duplicates and conflicts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from consolidator.consolidation.topics import canonical_topic, more_words_than, words
from consolidator.model import Block, BlockKind, Section

TITLE_PAGE = "front-matter"  # admin_blocks kinds, named after the draft chapter each goes to
DOCUMENT_CONTROL = "document-control"

_TITLE_STYLES = frozenset({"title", "subtitle"})
_SENTENCE_END = (".", "!", "?", ":", ";", ",")
MAX_TITLE_LINES = 3  # a policy without headings opens with at most this many title lines
# Words of the labels of a document-control or version-history table ("Version", "Policy
# owner", "Approved by", "Next review date", "Summary of changes" ...).
_CONTROL_WORDS = frozenset({
    "version", "revision", "issue", "issued", "owner", "author", "approved", "approval",
    "review", "reviewed", "reference", "classification", "status", "effective", "date",
    "changes", "amendment", "amendments", "amended",
})
_VERSION_WORDS = frozenset({"version", "revision", "issue"})
# Labels of a document-control line: "Owner:", "Last updated:", "Document reference:".
_LINE_LABEL_WORDS = _CONTROL_WORDS | frozenset({
    "updated", "published", "publication", "last", "next", "document", "policy", "ref", "no",
    "number", "contact", "security", "protective", "marking", "created", "valid", "from",
    "until", "expiry", "expires", "of", "by", "and", "team", "page", "owned",
})
_LABELLED_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z /&-]{1,40}?)\s*[:\u2013\u2014|]\s*\S")
# "Published 3 May 2023", "Version 1.2": the word and a date or number (not "published in the
# media.", the last item of a list of what could happen to information).
_UNLABELLED_LINE = re.compile(
    r"^\s*(?:(?:last\s+)?updated|published|reviewed|version|v|issue|revision|effective|"
    r"review date|next review|approved)\b[\s:.]*(?:on\s+)?"
    r"(?=[\w/.,\- ]*(?:\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b))"
    r"[\w/.,\- ]{1,30}$",
    re.IGNORECASE,
)
_MARKING = re.compile(
    r"^\s*(?:official(?:[\s-]+sensitive)?|unclassified|not protectively marked|protect|"
    r"restricted|confidential|secret)\s*$",
    re.IGNORECASE,
)
# The label of links to other documents: the links are text to keep, never a title page.
_RELATED_LABEL = re.compile(r"^(?:related (?:information|documents?|guidance|policies|links)|"
                            r"see also|useful links|further (?:information|reading))\W*$",
                            re.IGNORECASE)
# (not the month: "Updated: 3 May 2023", "May 2023")
_MODAL = re.compile(r"\b(?:must|shall|should|(?<!\d )may(?!,?\s+\d)|will|cannot|can't)\b",
                    re.IGNORECASE)


def admin_blocks(sections: Sequence[Section]) -> dict[str, str]:
    """Returns block key ("doc/block") -> TITLE_PAGE or DOCUMENT_CONTROL for the sources' title
    pages and document control: document-control and version-history tables wherever they are,
    a short caption naming one before such a table or before the first heading, document-control
    lines, everything under a heading such as "Document control", and the title lines a policy
    opens with (Title or Subtitle style, or short lines that are not sentences, before any real
    text)."""
    out: dict[str, str] = {}
    headed = {s.document_id for s in sections if s.heading is not None}
    for section in sections:
        front = section.level == 0 and section.heading is None
        blocks = [b for b in section.blocks if b.text.strip()]
        if canonical_topic(section.title) == DOCUMENT_CONTROL:
            out.update((f"{section.document_id}/{b.id}", DOCUMENT_CONTROL) for b in blocks)
            continue
        leading = front
        most = len(blocks) if section.document_id in headed else MAX_TITLE_LINES
        for i, block in enumerate(blocks):
            key = f"{section.document_id}/{block.id}"
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if control_table(block) or control_line(block) or _control_caption(block) and (
                front or (following is not None and control_table(following))
            ):
                out[key] = DOCUMENT_CONTROL
            elif front and (block.style.lower() in _TITLE_STYLES or leading and i < most
                            and _title_line(block, blocks[i - 1] if i else None)):
                out[key] = TITLE_PAGE
            else:
                leading = False
    return out


def leading_admin(blocks: Sequence[Block]) -> int:
    """Returns how many of a document's first blocks (before its first heading) are its title
    and document control: the rest is its text."""
    count = 0
    before: Block | None = None  # the last block with text
    for i, block in enumerate(blocks):
        if not block.text.strip():
            count += 1
            continue
        if control_table(block) or control_line(block) or _control_caption(block) or (
            block.style.lower() in _TITLE_STYLES or i < MAX_TITLE_LINES
            and _title_line(block, before)
        ):
            count += 1
            before = block
            continue
        break
    return count


def control_line(block: Block) -> bool:
    """Returns True for a document-control line: "Owner: Head of ICT", "Version 1.2",
    "Updated: 01/05/2023", "Classification: OFFICIAL", "OFFICIAL"."""
    if block.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
        return False
    if more_words_than(block.text, 16) or _MODAL.search(block.text):
        return False  # (spaces are no part of either test: the text as it is)
    text = " ".join(block.text.split())
    if not text:
        return False
    if _MARKING.match(text) or _UNLABELLED_LINE.match(text):
        return True
    m = _LABELLED_LINE.match(text)
    if m is None:
        return False
    label = words(m.group(1))
    return (0 < len(label) <= 4 and all(w in _LINE_LABEL_WORDS for w in label)
            and bool(_CONTROL_WORDS.intersection(label) or {"updated", "published"} & set(label)))


def _title_line(block: Block, before: Block | None = None) -> bool:
    """Returns True for a short line that is no sentence, such as a title or subtitle (or a
    linked one: the organisation's name, "Back to policy index"); not the label of links to
    related material nor a link under it ("Related information" then "Lost Laptop or other IT
    security incident", linked: the way to report a lost laptop, not a title)."""
    if block.kind is not BlockKind.PARAGRAPH or before is not None and _RELATED_LABEL.match(
            " ".join(before.text.split())) and any(r.hyperlink for r in block.runs):
        return False
    text = " ".join(block.text.split())
    return len(text) <= 150 and 0 < len(words(text)) <= 12 and not text.endswith(
        _SENTENCE_END) and not _RELATED_LABEL.match(text)


def _control_caption(block: Block) -> bool:
    if block.kind is not BlockKind.PARAGRAPH:
        return False
    text = block.text.strip()
    return (len(text) <= 60 and len(words(text)) <= 6
            and canonical_topic(text) == DOCUMENT_CONTROL)


def control_table(block: Block) -> bool:
    """Returns True for a document-control or version-history table: its first column (or
    first row) is mostly labels such as Version, Owner, Approved by, Review date, and one of
    them names the version."""
    table = block.table
    if block.kind is not BlockKind.TABLE or table is None or not table.rows:
        return False
    first_column = [row[0].text for row in table.rows if row]
    first_row = [cell.text for cell in table.rows[0]]
    for labels in (first_column, first_row):
        label_words = [words(label) for label in labels if label.strip()]
        hits = [w for w in label_words if 0 < len(w) <= 6 and _CONTROL_WORDS.intersection(w)]
        if (len(hits) >= 3 and 2 * len(hits) >= len(label_words)
                and any(_VERSION_WORDS.intersection(w) for w in hits)):
            return True
    return False
