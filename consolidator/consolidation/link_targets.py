"""Where the sources' links inside a document land in the Digital Policy.

A source's "see Personal use" link points at a heading of that source ("#personal-use"). In the
merged policy that heading is a section's title, a heading merged into a section, or a
sub-section's label: such links are kept, pointed at a bookmark there. A link to another of the
merged policies ("remote-working.md" beside the source, when Remote Working is merged too) goes
to the chapter holding most of that policy. Any other link to a heading or a file beside the
source would be dead in the committee's copy: its words stay, as plain text, and the author is
asked to check them (dead_link_notes: "To report an incident." means nothing without its link).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from urllib.parse import unquote

from consolidator.model import (
    BlockKind,
    ConsolidatedDocument,
    MergedClause,
    MergedSection,
    OpenConflict,
    Revision,
    Run,
)

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.IGNORECASE)  # https:, mailto:, ...
_WEB = re.compile(r"^www\.[\w-]+\.", re.IGNORECASE)


def anchor_key(text: str) -> str:
    """Returns what a heading and a link to it share: "#general-security-operating-procedures-
    syops" and "General security operating procedures (SyOPs)" alike (letters and digits)."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def is_external(target: str) -> bool:
    """Returns True for an address that works outside the source's folder (https:, mailto:,
    or a web address written without its scheme: "www.gov.uk/...")."""
    return bool(_SCHEME.match(target.strip()) or _WEB.match(target.strip()))


def web_address(target: str) -> str:
    """Returns an outside address as a link can hold it: "www.gov.uk" is "https://www.gov.uk"."""
    target = target.strip()
    return "https://" + target if _WEB.match(target) and not _SCHEME.match(target) else target


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
        held = sections_holding(doc)
        for entry in doc.ledger:  # source headings merged into a section of another title
            if entry.clause_id in sections and entry.text.strip():
                at = held.get((entry.source.document_id, entry.source.section), [])
                holder = entry.clause_id if not at or entry.clause_id in at else at[0]
                self._add(entry.text, holder, {entry.source.document_id})
        self.paths = {s.document_id: s.path for s in doc.sources}
        self.by_file = {_file_key(s.path): home for s in doc.sources
                        if (home := _home(doc.sections, s.document_id)) is not None}

    def _add(self, heading: str, holder: str, documents: set[str]) -> None:
        key = anchor_key(heading)
        if not key:
            return
        self.by_words.setdefault(key, holder)
        for document_id in documents:
            self.by_document.setdefault((document_id, key), holder)

    def holder(self, anchor: str, documents: Iterable[str]) -> str | None:
        """Returns the id holding the heading "#anchor" names, for a link in `documents`."""
        key = anchor_key(unquote(anchor))  # ("#personal%20use")
        for document_id in documents:
            found = self.by_document.get((document_id, key))
            if found is not None:
                return found
        return self.by_words.get(key)

    def target_holder(self, target: str, documents: Iterable[str]) -> str | None:
        """Returns the id a link inside the sources (`target`, in a clause of `documents`) now
        points at: a heading's holder for "#anchor", the chapter holding most of a merged
        policy for a file beside the source that is that policy; None for an address outside
        (https:, mailto:) and for a link that would be dead."""
        if target.startswith("#"):
            return self.holder(target[1:], documents)
        if is_external(target):
            return None
        path = unquote(target.split("#", 1)[0].split("?", 1)[0])
        for document_id in documents:
            source = self.paths.get(document_id)
            if source and path:
                found = self.by_file.get(_file_key(os.path.join(os.path.dirname(source), path)))
                if found is not None:
                    return found
        return None


def dead_link_notes(doc: ConsolidatedDocument,
                    targets: HeadingTargets | None = None) -> tuple[OpenConflict, ...]:
    """Returns a note to check for each clause holding a link that goes nowhere in the policy
    (see the module docstring): which words lost their link, and where it went."""
    targets = targets or HeadingTargets(doc)
    notes = []
    for clause in _clauses(doc.sections):
        documents = [r.document_id for r in clause.sources]
        dead: dict[str, list[str]] = {}
        for run in clause_runs(clause):
            target = run.hyperlink
            if target and run.revision is not Revision.DELETED and not is_external(target) and \
                    targets.target_holder(target, documents) is None:
                dead.setdefault(target, []).append(run.text)
        if dead:
            notes.append(OpenConflict(f"link-{clause.id}", _dead_reason(dead), (clause.id,)))
    return tuple(notes)


def _dead_reason(dead: dict[str, list[str]]) -> str:
    parts = []
    for target, words in dead.items():
        text = " ".join("".join(words).split())
        if target.startswith("#_"):  # Word's own bookmarks: _Toc..., _Ref..., _Hlk...
            where = "a bookmark in the source that this policy does not keep"
        elif target.startswith("#"):
            heading = unquote(target[1:])
            where = f"its heading \u201c{heading}\u201d, which this policy no longer has"
        else:
            where = f"{target}, a page this policy does not include"
        parts.append(f"\u201c{text}\u201d to {where}")
    return ("The source linked " + "; ".join(parts) + ", so the words are printed without "
            "a link. Link them to a section or a full web address, or reword.")


def _file_key(path: str) -> str:
    """Returns a file's path without its suffix, normalised: "a/remote-working.md" and
    "a/./remote-working.docx" alike."""
    return os.path.normcase(os.path.splitext(os.path.abspath(path))[0])


def sections_holding(doc: ConsolidatedDocument) -> dict[tuple[str, str], list[str]]:
    """Returns {(source policy, source section): the sections holding its text, in order}: a
    heading merged into the Introduction whose text opens another chapter is that chapter's
    (its links go there, Appendix A credits it there)."""
    out: dict[tuple[str, str], list[str]] = {}
    for section in doc.iter_sections():
        for clause in section.clauses:
            if clause.kind is BlockKind.HEADING:
                continue
            for ref in clause.sources:
                found = out.setdefault((ref.document_id, ref.section), [])
                if section.id not in found:
                    found.append(section.id)
    return out


def _home(sections: tuple[MergedSection, ...], document_id: str) -> str | None:
    """Returns the chapter holding most clauses of a source (the first of equals)."""
    counts = [(sum(1 for s in chapter.iter_all() for c in s.clauses
                   if any(r.document_id == document_id for r in c.sources)), -n, chapter.id)
              for n, chapter in enumerate(sections)]
    best = max(counts, default=None)
    return best[2] if best and best[0] else None


def _clauses(sections: Iterable[MergedSection]) -> Iterator[MergedClause]:
    for chapter in sections:
        for section in chapter.iter_all():
            yield from section.clauses


def clause_runs(clause: MergedClause) -> Iterator[Run]:
    """Yields the clause's runs, its table cells' too."""
    yield from clause.runs
    if clause.table is not None:
        for cell in clause.table.iter_cells():
            for block in cell.blocks:
                yield from block.runs
