"""Numbered cross-references renumbered from provenance.

A source policy's "see section 9" means its own section 9. In the Digital Policy that section's
clauses sit under another number, found from where each clause came from: the reference is
rewritten to the number of the section that now holds all of them ("Sections 9 and 10" becomes
"Sections 12.4 and 10"). When they are spread over several chapters, or gone, the reference is
left as written and raised as a note for the author. The author's own wordings are not touched:
their numbers are theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from consolidator.model import MergedClause, MergedSection, OpenConflict
from consolidator.outline import number_sections

_NUMBER = r"\d+(?:\.\d+)*"
# "section 9", "sections 9 and 10." (a sentence's full stop is no part of the number), "see
# 4.8"; not another document's ("section 3 of our Disciplinary Procedure", "section 250 of the
# Health and Social Care Act 2012").
_REFERENCE = re.compile(
    rf"\b(?P<word>(?i:sections?|paragraphs?|clauses?))\s+"
    rf"(?P<numbers>{_NUMBER}(?:(?:\s*,\s*|\s+and\s+|\s+or\s+){_NUMBER})*)(?!\.?\d)"
    rf"(?!\s+(?i:of|in|under)\s+(?:(?i:the|our|its|their)\s+)?[A-Z])"
    rf"|\b(?P<prep>(?i:see))\s+(?P<dotted>\d+\.\d+(?:\.\d+)*)(?!\.?\d)")
# "the Computer Misuse Act 1990, section 1": a citation, not a cross-reference
_CITATION_BEFORE = re.compile(r"\bAct(?:\s+\d{4})?,?\s*$")
_SEPARATOR = re.compile(r"\s*,\s*|\s+and\s+|\s+or\s+")


@dataclass(frozen=True)
class _Places:
    """Where the clauses of each source section went: (document, source label) -> the merged
    sections holding them, and each merged section's parent and number."""

    holders: Mapping[tuple[str, str], frozenset[str]]
    own_holders: Mapping[tuple[str, str], frozenset[str]]  # of clauses from that policy alone
    parent: Mapping[str, str]
    numbers: Mapping[str, str]

    def new_number(self, document_id: str, number: str) -> str:
        """Returns the number of the section now holding all of the source section `number`
        (and its sub-sections), "" when there is none. A clause several policies share (their
        common password rule, say) does not pull the reference up to a whole chapter when the
        section's own clauses are together in one of its sub-sections."""
        held = self._held(self.own_holders, document_id, number) or self._held(
            self.holders, document_id, number)
        if not held:
            return ""
        common = self._ancestors(next(iter(held[0])))
        for sid in (s for sids in held for s in sids):
            ancestors = set(self._ancestors(sid))
            common = [a for a in common if a in ancestors]
        return self.numbers[common[0]] if common else ""

    def has_label(self, document_id: str, number: str) -> bool:
        """Returns True when the source has a section of that number."""
        return bool(self._held(self.holders, document_id, number))

    @staticmethod
    def _held(holders, document_id: str, number: str) -> list[frozenset[str]]:
        return [sids for (doc, label), sids in holders.items()
                if doc == document_id and (label == number or label.startswith(number + "."))]

    def _ancestors(self, section_id: str) -> list[str]:
        out = [section_id]
        while self.parent.get(out[-1]):
            out.append(self.parent[out[-1]])
        return out


def renumber_references(sections: tuple[MergedSection, ...], names: Mapping[str, str],
                        keep: frozenset[str] = frozenset()
                        ) -> tuple[tuple[MergedSection, ...], tuple[OpenConflict, ...]]:
    """Returns the sections with numbered cross-references renumbered, and a note for each
    clause whose reference could not be (`names`: document id -> the policy's name; `keep`:
    clause ids whose wording is the author's own)."""
    places = _places(sections)
    notes: list[OpenConflict] = []
    renumbered = tuple(_section(s, places, names, keep, notes) for s in sections)
    return renumbered, tuple(notes)


def _section(s: MergedSection, places: _Places, names: Mapping[str, str], keep: frozenset[str],
             notes: list[OpenConflict]) -> MergedSection:
    clauses = []
    for clause in s.clauses:
        new, problem = _renumbered(clause, places, names) if clause.id not in keep \
            else (clause, "")
        clauses.append(new)
        if problem:
            notes.append(OpenConflict(f"ref{clause.id}", problem, (clause.id,)))
    return replace(s, clauses=tuple(clauses),
                   children=tuple(_section(c, places, names, keep, notes) for c in s.children))


def _places(sections: tuple[MergedSection, ...]) -> _Places:
    holders: dict[tuple[str, str], set[str]] = {}
    own: dict[tuple[str, str], set[str]] = {}
    parent: dict[str, str] = {}
    for top in sections:
        for s, up in _walk(top, ""):
            parent[s.id] = up
            for clause in s.clauses:
                alone = len({ref.document_id for ref in clause.sources}) == 1
                for ref in clause.sources:
                    key = (ref.document_id, ref.section)
                    holders.setdefault(key, set()).add(s.id)
                    if alone:
                        own.setdefault(key, set()).add(s.id)
    numbers = {sid: number for sid, (number, _, _) in number_sections(sections).items()}
    return _Places({k: frozenset(v) for k, v in holders.items()},
                   {k: frozenset(v) for k, v in own.items()}, parent, numbers)


def _walk(section: MergedSection, parent: str) -> Iterator[tuple[MergedSection, str]]:
    yield section, parent
    for child in section.children:
        yield from _walk(child, section.id)


def _renumbered(clause: MergedClause, places: _Places, names: Mapping[str, str]
                ) -> tuple[MergedClause, str]:
    """Returns the clause with its references renumbered, and a note ("" when all were)."""
    if clause.table is not None or not _REFERENCE.search(clause.text):
        return clause, ""
    documents = {ref.document_id for ref in clause.sources}
    if len(documents) != 1:
        return clause, ("This clause refers to numbered sections of several source policies: "
                        "check that its references point at the right sections of this policy.")
    document_id = next(iter(documents))
    unresolved: list[str] = []
    found: list[str] = []
    seen: list[str] = []

    def rewrite(m: re.Match) -> str:
        seen.append(m.group(0))
        if _CITATION_BEFORE.search(m.string[:m.start()]) or (
                m.group("dotted") and not places.has_label(document_id, m.group("dotted"))):
            return m.group(0)  # legislation, or a figure ("see 1.5 below" with no such section)
        found.append(m.group(0))
        new = _rewrite(m, lambda n: places.new_number(document_id, n))
        if new is None:
            unresolved.append(m.group(0))
            return m.group(0)
        return new

    runs = tuple(replace(r, text=_REFERENCE.sub(rewrite, r.text)) for r in clause.runs)
    if not seen:
        unresolved.append("a numbered section")  # the reference spans runs of formatting
    if unresolved:
        name = names.get(document_id, "its source policy")
        return replace(clause, runs=runs), (
            f"This clause refers to {_join(unresolved)} of the {name}, whose content is now "
            "in several places of this policy or was left out: check the reference.")
    return replace(clause, runs=runs), ""


def _rewrite(m: re.Match, new_number) -> str | None:
    """Returns the reference with new numbers, None when one has none."""
    if m.group("dotted"):
        number = new_number(m.group("dotted"))
        return f"{m.group('prep')} {number}" if number else None
    olds = [n for n in _SEPARATOR.split(m.group("numbers")) if n]
    news = [new_number(n) for n in olds]
    if not all(news):
        return None
    news = list(dict.fromkeys(news))
    word = m.group("word")
    singular = word.rstrip("sS") if word.lower().endswith("s") else word
    word = singular if len(news) == 1 else singular + "s"
    return f"{word} {_join(news)}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
