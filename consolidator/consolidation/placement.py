"""Clauses placed by what they say, not by the heading they came under.

Real policies put rules under "Overview" and "Scope" headings, and state the consequences of a
breach wherever they like. The draft gathers them (as defaults and proposals the author sees):
- a rule in the Introduction or Scope about training, monitoring, personal use, security or
  personal devices moves to that chapter (`rules_by_subject`);
- what is left there of one policy's own (its context, its general rules) opens that policy's
  chapter (`chapter_openings`): "It covers ..." reads "This chapter covers ...";
- a statement of whom a policy applies to left in the Introduction (one the Scope could not make
  one with the others, a side of a scope conflict, moves as it is) goes to the Scope
  (`scope_statements_to_scope`);
- consequences of a breach go to Breaches, a lead-in such as "Failure to follow this policy
  could result in:" with its list (`sanctions_to_breaches`).
A lead-in ending in a colon and the list after it move as one; so does a requirement's label
("POL.ITAUP.001") and the rule after it.
"""

from __future__ import annotations

import itertools
import re

from consolidator.consolidation.plan import (
    BREACHES_NOTE,
    OPENING_NOTE,
    PLACED_NOTE,
    SCOPE_MOVED_NOTE,
    SCOPE_NOTE,
    Decision,
    DecisionKind,
    PlanClause,
    PlanSection,
)
from consolidator.consolidation.proposals import Proposal, proposal_clauses, proposal_id
from consolidator.consolidation.reading import (
    SAYS_WHAT_IT_DOES,
    DraftReading,
    as_chapter_statements,
    clause_groups,
)
from consolidator.consolidation.topics import CHAPTER_TITLES, find_channels, may_contain
from consolidator.consolidation.units import split_sentences
from consolidator.consolidation.wording import (
    audience,
    sanction,
    scope_covered,
    stated_modality,
)
from consolidator.model import BlockKind
from consolidator.requirement_ids import is_requirement_id

STATEMENT_CHAPTERS = ("p-introduction", "p-scope")
# Words saying what a rule is about -> the chapter that gathers such rules.
_SUBJECTS = (
    (re.compile(r"\btraining\b", re.I), "p-training"),
    (re.compile(r"\bmonitor(?:s|ed|ing)?\b", re.I), "p-monitoring"),
    (re.compile(r"\bpersonal use\b", re.I), "p-personal-use"),
    (re.compile(r"\b(?:personal|own) (?:device|phone|smartphone|tablet|laptop)s?\b|\bBYOD\b",
                re.I), "p-personal-devices"),
    (re.compile(r"\b(?:passwords?|phishing|malware|malicious|viruse?s?|encrypt\w*)\b", re.I),
     "p-security"),
)
_PURPOSE = re.compile(
    r"^(?:this (?:policy|guidance|document)\b[^.]{0,40}\b(?:sets out|explains|describes|aims|"
    r"outlines|provides|is intended|exists)|the (?:purpose|aims?) of this (?:policy|guidance))",
    re.IGNORECASE)
_CONSEQUENCE_LEAD = re.compile(r"\b(?:result in|lead to|consequences?)\b[^.]*:$", re.I)
# A consequence named without "may result in": "disciplinary action", "a disciplinary offence",
# "constitutes gross misconduct" (not every clause that mentions the disciplinary procedure).
_CONSEQUENCE = re.compile(
    r"\bdisciplinary (?:action|proceedings|offence|measures|sanctions?)\b|"
    r"\b(?:result in|lead to|subject to|face|constitutes?|regarded as|treated as)\b[^.]{0,60}"
    r"\b(?:dismissal|gross misconduct|misconduct)\b", re.I)
_CONSEQUENCE_WORDS = ("disciplinary", "misconduct", "dismissal")  # one of which it needs


def _single_document(group: list[PlanClause]) -> str:
    docs = {r.document_id for c in group for r in c.sources}
    return next(iter(docs)) if len(docs) == 1 else ""


def _is_rule(group: list[PlanClause]) -> bool:
    return any(stated_modality(c.text) is not None for c in group)


def rules_by_subject(reading: DraftReading, taken: set[str]) -> list[Decision]:
    """Returns the moves of rules stated in the Introduction or Scope to the chapter gathering
    rules on what they are about (training, monitoring, ...), when the draft has it."""
    moves = []
    for section_id in STATEMENT_CHAPTERS:
        for group in clause_groups(reading.clauses(section_id)):
            if any(c.id in taken for c in group) or not _is_rule(group):
                continue
            target = _subject_chapter(" ".join(c.text for c in group), reading)
            moves += [Decision(DecisionKind.MOVE, c.id, target, note=PLACED_NOTE)
                      for c in group] if target else []
    return moves


def scope_statements_to_scope(reading: DraftReading, taken: set[str]) -> list[Decision]:
    """Returns the moves of the statements of whom a policy applies to left in the Introduction
    (the Scope could not make them one: they name different people, or no proposal took them)
    to the Scope: a reader looks for them there, and the Introduction says what the policy is
    for. A statement of a policy the Scope's text comes from opens the Scope, as in its source
    ("... It applies to councillors too" follows it); another policy's follows the Scope's own
    statements when it opens with some, else its text. A side of a conflict moves as it is (it
    is never reworded), noted as one."""
    if "p-scope" not in reading.sections:
        return []
    moves = [Decision(DecisionKind.MOVE, c.id, "p-scope",
                      note=SCOPE_NOTE if held else SCOPE_MOVED_NOTE)
             for group, held in reading.clause_groups_held("p-introduction")
             if not any(c.id in taken for c in group) and _states_audience(group[0], reading)
             for c in group]
    scope_ids = reading.sections["p-scope"].clause_ids
    leading = list(itertools.takewhile(
        lambda cid: _states_audience(reading.plan.clause(cid), reading), scope_ids))
    own = set().union(*(_documents(cid, reading) for cid in scope_ids))
    first = [m.target for m in moves if _documents(m.target, reading) & own]
    if not moves or not (first or leading):
        return moves  # (a move goes after the section's own text)
    order = tuple(first + leading + [m.target for m in moves if m.target not in first])
    return [*moves, Decision(DecisionKind.REORDER, "p-scope", order=order, note=SCOPE_MOVED_NOTE)]


def _documents(clause_id: str, reading: DraftReading) -> set[str]:
    return {r.document_id for r in reading.plan.clause(clause_id).sources}


def _states_audience(clause: PlanClause, reading: DraftReading) -> bool:
    """Returns True for a paragraph opening with whom its policy applies to, or saying it
    later when that is a side of a conflict ("Various tools are approved ... This guidance
    applies to all staff ... of NHS England")."""
    sentences = split_sentences(clause.text.strip()) if clause.text.strip() else []
    if clause.kind is not BlockKind.PARAGRAPH or not sentences:
        return False
    said = [bool(audience(t)[0]) for t in sentences]
    return said[0] or any(said) and clause.id in reading.in_conflict


def _subject_chapter(text: str, reading: DraftReading) -> str:
    for pattern, chapter in _SUBJECTS:
        if pattern.search(text) and chapter in reading.sections:
            return chapter
    return ""


def chapter_openings(reading: DraftReading, taken: set[str]
                     ) -> tuple[list[Proposal], list[Decision]]:
    """Returns, for each policy with a chapter of its own, a proposal opening that chapter with
    what its Introduction and Scope said of its own (not its purpose or audience statements,
    which the Introduction and Scope keep or reword). Where that holds a side of a conflict
    (which no proposal may reword: its clause would change under the author), the clauses go
    there as they are instead, moved: they follow the proposal of those whose words change,
    and the chapter's own text if it has any (a move goes after it), in their order; a group
    holding a side whose words would change stays where it is. Returns (proposals, moves)."""
    groups: dict[str, list[list[PlanClause]]] = {}  # target chapter -> groups, in order
    held: set[str] = set()  # targets with a side of a conflict among their groups
    for section_id in STATEMENT_CHAPTERS:
        for group, in_conflict in reading.clause_groups_held(section_id):
            target = _opening_target(group, section_id, reading, taken)
            if target:
                groups.setdefault(target, []).append(group)
                if in_conflict:
                    held.add(target)
    proposals, moves = [], []
    for target, found in groups.items():
        note = f"moved to the opening of the {reading.sections[target].title} chapter"
        reworded = []
        for group in found:
            if target in held and all(_as_chapter_text(c, reading) == c.text for c in group):
                moves += [Decision(DecisionKind.MOVE, c.id, target, note=OPENING_NOTE)
                          for c in group]
            elif not any(c.id in reading.in_conflict for c in group):
                reworded += group
        proposal = _opening(target, reworded, reading, note)
        proposals += [proposal] if proposal else []
    return proposals, moves


def _opening(target: str, clauses: list[PlanClause], reading: DraftReading,
             note: str) -> Proposal | None:
    """Returns the proposal opening a chapter with `clauses`, reworded as its text."""
    kept = [(c, text) for c in clauses if (text := _as_chapter_text(c, reading))]
    if not kept:
        return None
    parts = [(c.kind, text) for c, text in kept]
    levels = [c.level for c, _ in kept]
    return Proposal(target, proposal_clauses(
        proposal_id("opening", [c.id for c in clauses]), parts, reading.refs(clauses),
        levels=levels), tuple(c.id for c in clauses), note)


def _opening_target(group: list[PlanClause], section_id: str, reading: DraftReading,
                    taken: set[str]) -> str:
    if any(c.id in taken for c in group) or any(c.kind is BlockKind.TABLE for c in group):
        return ""
    if all(map(reading.only_points_elsewhere, group)):
        return ""  # it only names the policies this one replaces: left out, noted (leftovers)
    head = group[0].text.strip()
    if _PURPOSE.match(head) or audience(split_sentences(head)[0] if head else "")[0]:
        return ""
    document_id = _single_document(group)
    if not document_id:
        return ""
    if section_id == "p-scope" and not (SAYS_WHAT_IT_DOES.match(head) or _names_own_channel(
            head, reading.channel_of[document_id])):
        return ""  # the Scope keeps what it says of the whole policy
    return reading.own_chapter(document_id)


def _names_own_channel(text: str, channel: str) -> bool:
    return channel in {m.channel for m in find_channels(text)}


def _as_chapter_text(clause: PlanClause, reading: DraftReading) -> str:
    """Returns a clause of a policy's introduction as its chapter's text: "It covers" and "The
    policy covers" read "This chapter covers", and a sentence pointing at the separate policies
    goes."""
    if clause.kind is not BlockKind.PARAGRAPH:
        return reading.without_superseded(clause)
    sentences = split_sentences(reading.without_superseded(clause))
    scope = _policy_scope(reading, clause)
    return as_chapter_statements(" ".join(t for n, t in enumerate(sentences)
                                          if not (n and _said_by(t, scope))))


def _policy_scope(reading: DraftReading, clause: PlanClause) -> list[str]:
    """Returns the other statements of the Introduction and the Scope saying whom the policy
    applies to (their first sentences; not the sides of a conflict, which may yet go)."""
    return [first for c, first in reading.audience_statements(conflict_sides=False)
            if c.id != clause.id]


def _said_by(sentence: str, scope: list[str]) -> bool:
    """Returns True for a sentence saying whom its policy applies to as a statement of the
    Digital Policy's scope already does ("This guidance applies to all staff and contractors
    who work for the MoJ" after "This policy applies to all staff and contractors who work for
    the Ministry of Justice (MoJ)"): the same people, in no other situation."""
    who = audience(sentence)[0]
    return bool(who) and any(audience(t)[0] == who and scope_covered(sentence, t)
                             for t in scope)


def sanctions_to_breaches(reading: DraftReading, taken: set[str]
                          ) -> tuple[list[tuple[PlanSection, str]], list[Decision]]:
    """Disciplinary consequences stated elsewhere are gathered under Breaches (a chapter made
    for them when the sources have none): a sentence stating one on its own, or a lead-in on
    consequences with its list. A consequence inside a longer paragraph or a list of other
    rules stays there (moved alone it would leave its rule, or its list, behind).
    Returns (new chapters, moves)."""
    breaches = set(reading.sections["p-breaches"].clause_ids) \
        if "p-breaches" in reading.sections else set()
    moving: list[PlanClause] = []
    for section in reading.plan.sections:
        if section.id == "p-breaches":
            continue
        for group in clause_groups(reading.clauses(section.id)):
            lead = group[0].text.strip()
            if lead.endswith(":") and _CONSEQUENCE_LEAD.search(lead) and any(
                    map(_states_sanction, group)):
                moving += group  # "Failure to follow this policy could result in:" + its list
            elif _one_consequence(group):
                moving += group  # one sentence stating a consequence (and its label)
    moves = [Decision(DecisionKind.MOVE, c.id, "p-breaches", note=BREACHES_NOTE)
             for c in moving if c.id not in taken and c.id not in breaches]
    if not moves or "p-breaches" in reading.sections:
        return [], moves
    before = next((s for s in ("p-responsibilities", "p-training", "p-review", "p-related",
                               "p-document-control", "p-front-matter") if s in reading.sections),
                  "")
    return [(PlanSection("p-breaches", CHAPTER_TITLES["breaches"], 1, (), ()), before)], moves


def _one_consequence(group: list[PlanClause]) -> bool:
    """Returns True for a group that is one sentence stating a consequence, on its own or
    after its requirement's label ("POL.ITAUP.019")."""
    labelled = len(group) == 2 and is_requirement_id(group[0].text)
    return (len(group) == 1 or labelled) and _states_sanction(group[-1]) and \
        len(split_sentences(group[-1].text)) == 1


def _states_sanction(clause: PlanClause) -> bool:
    return clause.kind is not BlockKind.TABLE and bool(
        sanction(clause.text)[0] or _names_consequence(clause.text))


def _names_consequence(text: str) -> bool:
    """Returns True when _CONSEQUENCE finds a consequence in `text` (after a quick test for a
    word it needs)."""
    return may_contain(text, _CONSEQUENCE_WORDS) and _CONSEQUENCE.search(text) is not None
