"""Clauses of the Digital Policy that contradict its own document control.

A policy body that says "This policy will be reviewed every two years" while the document
control says every six months (or names another owner) tells the committee two things. These
are found on the consolidated text with the metadata the export will print, so they follow every
edit: rewording or removing the clause, or changing the document control, settles them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from consolidator.consolidation.periods import UNIT_HOURS, quantities
from consolidator.consolidation.wording import roles
from consolidator.metadata import PolicyMetadata
from consolidator.model import ConsolidatedDocument, MergedClause, OpenConflict

_THIS_POLICY = re.compile(r"\b(?:this|the)\s+(?:digital\s+)?(?:policy|document|guidance|"
                          r"strategy|procedure|standard)\b", re.IGNORECASE)
_REVIEW = re.compile(r"\breview(?:ed|s)?\b", re.IGNORECASE)
_AT_LEAST = re.compile(r"\b(?:at least|no less often than|as a minimum)\b", re.IGNORECASE)
_OWNER = re.compile(r"\b(?:owner of (?:this|the) (?:policy|document)|"
                    r"(?:this|the) (?:policy|document) is owned by|owns this policy)\b",
                    re.IGNORECASE)
MONTH_HOURS = UNIT_HOURS["month"]


@dataclass(frozen=True)
class ControlConflict:
    """A clause that says something the document control says otherwise."""

    id: str  # "m" + hash of the clause and the field
    clause_id: str
    field: str  # "review interval", "owner"
    clause_says: str
    control_says: str
    reason: str

    def as_open_conflict(self) -> OpenConflict:
        return OpenConflict(self.id, self.reason, (self.clause_id,))


def control_conflicts(doc: ConsolidatedDocument,
                      metadata: PolicyMetadata) -> tuple[ControlConflict, ...]:
    """Returns the clauses of `doc` that give this policy another review interval than the
    document control's (review_months), or another owner, in document order."""
    names = {s.document_id: s.path.replace("\\", "/").rsplit("/", 1)[-1] for s in doc.sources}
    found: list[ControlConflict] = []
    for section in doc.iter_sections():
        for clause in section.clauses:
            where = ", ".join(dict.fromkeys(
                f"{names.get(r.document_id, r.document_id)} {r.section}".strip()
                for r in clause.sources))
            found.extend(_review_interval(clause, metadata, where))
            found.extend(_owner(clause, metadata, where))
    return tuple(found)


@dataclass(frozen=True)
class ReviewStatement:
    """A clause saying how often this policy is reviewed."""

    clause_id: str
    hours: float
    surface: str  # "every two years"
    at_least: bool  # "at least every two years": a shorter interval keeps to it

    def disagrees_with(self, review_months: int) -> bool:
        control = review_months * MONTH_HOURS
        return abs(self.hours - control) >= 1 and not (self.at_least and control <= self.hours)


def review_statement(clause_id: str, text: str) -> ReviewStatement | None:
    """Returns what a clause says about how often this policy is reviewed, or None."""
    if not (_THIS_POLICY.search(text) and _REVIEW.search(text)):
        return None
    periods = [(hours, surface) for unit, hours, surface in quantities(text)
               if unit == "period" and hours >= MONTH_HOURS]
    if not periods:
        return None
    hours, surface = periods[0]
    return ReviewStatement(clause_id, hours, surface, bool(_AT_LEAST.search(text)))


def _review_interval(clause: MergedClause, metadata: PolicyMetadata,
                     where: str) -> list[ControlConflict]:
    said = None if clause.table is not None else review_statement(clause.id, clause.text)
    if said is None or not said.disagrees_with(metadata.review_months):
        return []
    months = metadata.review_months
    control_words = "every six months" if months == 6 else f"every {months} months"
    due = metadata.next_review_date
    reason = (f"The clause from {where} says this policy is reviewed {_every(said.surface)}, "
              f"but the document control gives the review interval as {control_words} (next "
              f"review {due.day} {due:%B %Y}). Reword or remove the clause, or change the "
              "review interval.")
    return [_conflict(clause, "review interval", said.surface, control_words, reason)]


def _owner(clause: MergedClause, metadata: PolicyMetadata,
           where: str) -> list[ControlConflict]:
    if not metadata.owner or clause.table is not None or not _OWNER.search(clause.text):
        return []
    named = roles(clause.text)
    owner = " ".join(metadata.owner.lower().split())
    if not named or any(name in owner or owner in name for name in named):
        return []
    reason = (f"The clause from {where} names the {named[0]} as the owner of this policy, but "
              f"the document control names the {metadata.owner}.")
    return [_conflict(clause, "owner", named[0], metadata.owner, reason)]


def _every(surface: str) -> str:
    lowered = surface.lower()
    return surface if lowered.startswith(("every", "annually", "each", "once", "twice")) or \
        lowered.endswith("ly") else "every " + surface


def _conflict(clause: MergedClause, field: str, says: str, control: str,
              reason: str) -> ControlConflict:
    digest = hashlib.sha1(f"{clause.id}/{field}".encode()).hexdigest()[:10]
    return ControlConflict("m" + digest, clause.id, field, says, control, reason)
