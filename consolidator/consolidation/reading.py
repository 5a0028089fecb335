"""DraftReading: the draft as the editorial steps read it (editorial.py, placement.py).

Each section's clauses in order (those a default already leaves out, and proposals, skipped),
the channels of the sources, each policy's own chapter, and the wording that names a policy the
Digital Policy supersedes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from consolidator.consolidation.plan import (
    ClauseStatus,
    DecisionKind,
    MergePlan,
    PlanClause,
)
from consolidator.consolidation.topics import CHANNEL_ORDER, channel_of_document
from consolidator.consolidation.units import ClauseRef, split_sentences
from consolidator.model import SourceDocument

ALONGSIDE = re.compile(r"\b(?:read (?:alongside|with|in conjunction with)|covered by separate|"
                       r"separate polic(?:y|ies)|see also)\b", re.IGNORECASE)
DOCUMENT = re.compile(r"\b(?:policy|guidance|guide|standard|procedure)\b", re.IGNORECASE)
_THIS_DOCUMENT_IS = re.compile(r"^this (?:document|policy|guidance) is (?:the|a|an)\b",
                               re.IGNORECASE)
_THIS_CHANNEL_POLICY = re.compile(
    r"\bthis (?:e-?mail|internet(?: use)?|social media|mobile (?:phone|device)s?|"
    r"web(?: browsing)?|acceptable use) (policy|guidance)\b", re.IGNORECASE)


class DraftReading:
    """The draft read for the editorial steps."""

    def __init__(self, plan: MergePlan, docs: Sequence[SourceDocument]) -> None:
        self.plan = plan
        self.docs = docs
        self.sections = {s.id: s for s in plan.sections}
        self._section_of = {cid: s.id for s in reversed(plan.sections) for cid in s.clause_ids}
        self.excluded = {d.target for d in plan.decisions if d.kind is DecisionKind.EXCLUDE}
        self.channel_of = {d.id: channel_of_document(d.title, d.path) for d in docs}
        self.channels = [c for c in CHANNEL_ORDER if c in set(self.channel_of.values())]
        self.titles = sorted({" ".join(d.title.split()) for d in docs if d.title}, key=len,
                             reverse=True)
        named = [re.escape(t) for t in self.titles if DOCUMENT.search(t)]
        self._named = re.compile(r"\b(?:the|our|this) (?:" + "|".join(named) + r")\b"
                                 r"(?:\s*\(this document\))?", re.IGNORECASE) if named else None

    def clauses(self, section_id: str) -> list[PlanClause]:
        """Returns the section's own clauses in order, but those left out by a default."""
        section = self.sections.get(section_id)
        if section is None:
            return []
        return [c for c in map(self.plan.clause, section.clause_ids)
                if c.id not in self.excluded and c.status is not ClauseStatus.PROPOSED]

    def all_clauses(self) -> list[PlanClause]:
        """Returns every clause the draft holds, section by section, in order."""
        return [c for s in self.plan.sections for c in self.clauses(s.id)]

    def section_of(self, clause_id: str) -> str:
        """Returns the (first) section listing the clause."""
        return self._section_of[clause_id]

    def refs(self, clauses: Sequence[PlanClause]) -> tuple[ClauseRef, ...]:
        return tuple(r for c in clauses for r in c.sources)

    def channel_chapter(self, channel: str) -> str:
        """Returns the id of the channel's chapter ("" when the draft has none)."""
        sid = "p-ch-" + channel
        return sid if sid in self.sections else ""

    def own_chapter(self, document_id: str) -> str:
        """Returns the chapter of the policy's own topics (its channel's, or one named after
        it), "" when all its topics went into chapters the policies share."""
        by_channel = self.channel_chapter(self.channel_of.get(document_id, ""))
        by_document = "p-doc-" + document_id
        return by_channel or (by_document if by_document in self.sections else "")

    def without_superseded(self, text: str) -> str:
        """Returns `text` with "this email policy" as "this policy", a superseded policy named
        as "this policy", and a sentence saying what the old document was left out."""
        if not DOCUMENT.search(text):
            return text  # names no document at all
        split = split_sentences(text)
        sentences = [t for t in split
                     if not (_THIS_DOCUMENT_IS.match(t) and self.names_a_source(t))]
        text = " ".join(sentences) if len(sentences) < len(split) else text
        text = _THIS_CHANNEL_POLICY.sub(lambda m: "this " + m.group(1).lower(), text)
        return self._named.sub("this policy", text) if self._named else text

    def names_a_source(self, text: str) -> bool:
        lowered = text.lower()
        return any(t.lower() in lowered for t in self.titles if len(t) > 6)
