"""Where the sources' links inside a document land in the Digital Policy.

A source's "see Personal use" link points at a heading of that source ("#personal-use"). In the
merged policy that heading is a section's title, a heading merged into a section, or a
sub-section's label: such links are kept, pointed at a bookmark there. A link to a heading the
policy no longer has, or to a file beside the source ("remote-working.md"), would be dead in the
committee's copy: its words stay, as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from consolidator.model import BlockKind, ConsolidatedDocument

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.IGNORECASE)  # https:, mailto:, ...


def anchor_key(text: str) -> str:
    """Returns what a heading and a link to it share: "#general-security-operating-procedures-
    syops" and "General security operating procedures (SyOPs)" alike (letters and digits)."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def is_external(target: str) -> bool:
    """Returns True for an address that works outside the source's folder (https:, mailto:)."""
    return bool(_SCHEME.match(target.strip()))


class HeadingTargets:
    """Where each source heading is now: the section or label clause holding it, by the
    heading's own policy (a link goes to its own policy's "Personal use" first) and by its
    words alone (the first holder)."""

    def __init__(self, doc: ConsolidatedDocument) -> None:
        self.by_document: dict[tuple[str, str], str] = {}
        self.by_words: dict[str, str] = {}
        sections = {s.id: s for s in doc.iter_sections()}
        for section in sections.values():
            self._add(section.title, section.id, {r.document_id for r in section.sources})
            for clause in section.clauses:
                if clause.kind is BlockKind.HEADING:
                    self._add(clause.text, clause.id, {r.document_id for r in clause.sources})
        for entry in doc.ledger:  # source headings merged into a section of another title
            if entry.clause_id in sections and entry.text.strip():
                self._add(entry.text, entry.clause_id, {entry.source.document_id})

    def _add(self, heading: str, holder: str, documents: set[str]) -> None:
        key = anchor_key(heading)
        if not key:
            return
        self.by_words.setdefault(key, holder)
        for document_id in documents:
            self.by_document.setdefault((document_id, key), holder)

    def holder(self, anchor: str, documents: Iterable[str]) -> str | None:
        """Returns the id holding the heading "#anchor" names, for a link in `documents`."""
        key = anchor_key(anchor)
        for document_id in documents:
            found = self.by_document.get((document_id, key))
            if found is not None:
                return found
        return self.by_words.get(key)
