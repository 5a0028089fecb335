"""Editorial proposals: the draft reads as one Digital Policy, not the sources stapled together.

`propose(plan, docs)` adds to the draft, as proposals and defaults the author sees and can undo:
one Introduction (a lead sentence naming what the policy covers, then one bullet per distinct
aim of the sources); one Scope (the widest audience, and a line for each channel chapter that
applies only to some); one alphabetical Definitions table and one Roles table; no trace of the
policies it supersedes ("this email policy" is "this policy"; sentences pointing at the separate
policies go, with a note); clauses placed by what they say (placement.py: a policy's own
introduction opening its chapter, rules on training, monitoring, ... with those rules,
consequences of a breach under Breaches); and template residue ("None.", "Back to top",
"[Insert date]") left out with a note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from consolidator.consolidation import placement
from consolidator.consolidation.plan import (
    ALONGSIDE_NOTE,
    RESIDUE_NOTE,
    Decision,
    DecisionKind,
    MergePlan,
    PlanClause,
)
from consolidator.consolidation.proposals import (
    Proposal,
    apply_proposals,
    proposal_clauses,
    proposal_id,
    text_table,
)
from consolidator.consolidation.reading import ALONGSIDE, DraftReading
from consolidator.consolidation.topics import (
    CHANNEL_CHAPTER_TITLES,
    channel_of_document,
    join_channels,
)
from consolidator.consolidation.units import split_sentences
from consolidator.consolidation.wording import audience, audience_names, audiences_clash
from consolidator.model import BlockKind, SourceDocument

_LEAD_IN = re.compile(
    r"^(?:this (?:policy|guidance)\b[^.:]{0,80}?\b(?:sets out|explains|describes|aims to|"
    r"is intended to|exists to)|the (?:purpose|aims?|objectives?) of this (?:policy|guidance)"
    r"(?: (?:is|are))?(?: to)?)\b[^.]*:$", re.IGNORECASE)
_PURPOSE = re.compile(
    r"^(?:this (?:policy|guidance|document)\b[^.]{0,40}\b(?:sets out|explains|describes|aims|"
    r"outlines|provides (?:you with )?guidance|is intended|exists)|"
    r"the (?:purpose|aims?) of this (?:policy|guidance))", re.IGNORECASE)
_NOUN_FRAME = re.compile(r"\b(explains|sets out|describes)\b[^:]*:$", re.IGNORECASE)
_SO_THAT = re.compile(r"\bso that\s+([^:,;]{2,40}?)\s*:$", re.IGNORECASE)
CHANNEL_WORDS = {"email": "email", "internet": "the internet", "social-media": "social media",
                 "mobile-phone": "mobile phones"}
SAME_AIM = 85  # token_set_ratio of two aims saying the same
_RESIDUE = re.compile(
    r"^(?:none\.?|n/?a|tbc|tbd|to be confirmed|back(?: to (?:top|contents|the top))?|"
    r"\[[^\]]{1,80}\]|<[^>]{1,80}>|insert [^.]{0,60})$", re.IGNORECASE)
_COVERS = re.compile(r"^(?:it|(?:this|the) (?:policy|guidance))\s+(covers|applies|is about)\b",
                     re.IGNORECASE)
_THIS_WHATEVER = re.compile(r"^this (?:information|guidance|guide|document)\b", re.IGNORECASE)
_MAY_COVER = re.compile(r"\b(?:it|policy|guidance)\s+(?:covers|applies|is about)\b", re.IGNORECASE)
_SELF_DESCRIPTION = re.compile(
    r"^(?:it|this (?:policy|guidance|document))\s+(?:provides|explains|sets out|describes|"
    r"gives|contains|is)\b", re.IGNORECASE)


def propose(plan: MergePlan, docs: Sequence[SourceDocument]) -> MergePlan:
    """Returns the draft with the editorial proposals and defaults (see the module docstring)."""
    drafting = _Drafting(plan, docs)
    proposals = [*drafting.introduction(), *drafting.scope(), *drafting.definitions(),
                 *drafting.roles()]
    taken = {c for p in proposals for c in p.replaces}
    new_sections, moves = placement.sanctions_to_breaches(drafting, taken)
    moves += placement.rules_by_subject(drafting, taken | {m.target for m in moves})
    taken |= {m.target for m in moves}
    proposals += placement.chapter_openings(drafting, taken)
    reworded = drafting.superseded_wording({c for p in proposals for c in p.replaces})
    moved = {m.target: m for m in moves}
    moves += [replace(moved[p.replaces[0]], target=p.clauses[0].id) for p in reworded
              if p.replaces[0] in moved]  # a moved clause's new wording moves with it
    proposals += reworded
    taken |= {cid for p in proposals for cid in p.replaces}
    defaults = [*drafting.leftovers(taken), *moves, *drafting.residue(taken)]
    return apply_proposals(plan, proposals, defaults, new_sections)


class _Drafting(DraftReading):
    """The draft read for the editorial proposals."""

    # --- one Introduction -----------------------------------------------------------------
    def introduction(self) -> list[Proposal]:
        """The sources' purpose statements ("This policy explains how staff use email.", or a
        lead-in such as "This policy aims to:" and its bullets) become one lead sentence naming
        what the policy covers and one bullet per distinct aim; without any, the lead sentence
        is proposed on its own."""
        if "p-introduction" not in self.sections:
            return []
        clauses = self.clauses("p-introduction")
        groups = _purpose_groups(clauses)
        statements = [c for c in clauses if c.kind is BlockKind.PARAGRAPH
                      and _PURPOSE.match(c.text.strip()) and not _LEAD_IN.match(c.text.strip())]
        if not groups and not statements:
            lead = self._lead_sentence(aims=False)
            return [Proposal("p-introduction", proposal_clauses(
                proposal_id("introduction", []), [(BlockKind.PARAGRAPH, lead)], ()), (),
                "", clauses[0].id if clauses else "", additive=True)]
        if len(groups) + len(statements) < 2:
            return []
        aims = _distinct_aims(groups)
        replaced = [c for lead, items in groups for c in (lead, *items)] + statements
        ids = [c.id for c in replaced]
        parts = [(BlockKind.PARAGRAPH, self._lead_sentence(aims=bool(aims)))]
        parts += [(BlockKind.LIST_ITEM, a.rstrip(";.") + (";" if n < len(aims) - 1 else "."))
                  for n, a in enumerate(aims)]
        parts += [(BlockKind.PARAGRAPH, rest) for c in statements
                  if (rest := self._rest(c.text))]
        first = min(replaced, key=lambda c: self.sections["p-introduction"].clause_ids.index(
            c.id))
        return [Proposal("p-introduction", proposal_clauses(proposal_id("introduction", ids),
                                                            parts, self.refs(replaced)),
                         tuple(ids), "reworded into the Introduction", first.id)]

    def _rest(self, text: str) -> str:
        """Returns a statement's sentences after the first, but those describing the old
        document."""
        return " ".join(t for t in split_sentences(self.without_superseded(text))[1:]
                        if not _SELF_DESCRIPTION.match(t))

    def _lead_sentence(self, *, aims: bool) -> str:
        words = [CHANNEL_WORDS[c] for c in self.channels]
        covers = join_channels(words, "and") if words else "the Council's digital services"
        return f"This policy sets out how staff must use {covers}." + (" It aims to:" if aims
                                                                         else "")

    # --- one Scope --------------------------------------------------------------------------
    def scope(self) -> list[Proposal]:
        """The sources' audience statements, wherever they stand, become the widest one, with
        a line for each channel chapter that applies only to some of those people; the other
        sentences of their paragraphs follow, but those describing the old document go. When
        two statements each name people the other leaves out, nothing is proposed: that is a
        conflict for the author (a scope conflict), not a wording to choose."""
        stated = [(c, *audience(_first_sentence(c.text))) for c in self.all_clauses()
                  if c.kind is BlockKind.PARAGRAPH and audience(_first_sentence(c.text))[0]]
        if len(stated) < 2 or "p-scope" not in self.sections:
            return []
        if any(audiences_clash(a[1], b[1]) for a in stated for b in stated):
            return []  # each names people the other leaves out: a conflict for the author
        widest = max(stated, key=lambda s: (len(s[1] - {"+qualified"}), "+qualified"
                                            not in s[1], len(s[0].text)))
        lead = _THIS_WHATEVER.sub("This policy", _first_sentence(widest[0].text), count=1)
        parts = [(BlockKind.PARAGRAPH, lead)]
        for clause, who, words in stated:
            line = self._applicability(clause, who, words, widest[1:3])
            if line and (BlockKind.PARAGRAPH, line) not in parts:
                parts.append((BlockKind.PARAGRAPH, line))
        for clause, _, _ in stated:
            rest = " ".join(t for t in split_sentences(clause.text)[1:]
                            if not _SELF_DESCRIPTION.match(t))
            if rest and (BlockKind.PARAGRAPH, rest) not in parts:
                parts.append((BlockKind.PARAGRAPH, rest))
        replaced = [c for c, _, _ in stated]
        ids = [c.id for c in replaced]
        scope_ids = self.sections["p-scope"].clause_ids
        return [Proposal("p-scope", proposal_clauses(proposal_id("scope", ids), parts,
                                                     self.refs(replaced)),
                         tuple(ids), "reworded into the Scope",
                         scope_ids[0] if scope_ids else "")]

    def _applicability(self, clause: PlanClause, who: frozenset[str], words: str,
                       widest: tuple[frozenset[str], str]) -> str:
        """Returns the line saying to whom a channel chapter applies when its policy's
        statement is narrower than the widest ("The Mobile devices chapter applies only to
        those who ...", "The Social media chapter applies to all employees ... It does not
        apply to elected Members."), else ""."""
        base, widest_base = who - {"+qualified"}, widest[0] - {"+qualified"}
        if base >= widest_base and "+qualified" not in who:
            return ""
        channels = {channel_of_document(d.title, d.path) for d in self.docs
                    if d.id in {r.document_id for r in clause.sources}}
        chapter = next((c for c in channels if self.channel_chapter(c)), "")
        if not chapter:
            return ""
        title = CHANNEL_CHAPTER_TITLES[chapter]
        qualifier = re.search(r"\b(?:who|that|which|whose)\b.*", words)
        if qualifier:
            return f"The {title} chapter applies only to those {qualifier.group(0).rstrip('.')}."
        left_out = [name for label, name in audience_names(widest[1]).items()
                    if label in widest_base - base]
        line = f"The {title} chapter applies to {words.rstrip('.')}."
        return line + (f" It does not apply to {join_channels(left_out, 'or')}."
                       if left_out else "")

    # --- one Definitions table, one Roles table ----------------------------------------------
    def definitions(self) -> list[Proposal]:
        return self._one_table("p-definitions", ("Term", "Meaning"), "definitions",
                               "reworded into the Definitions table", _term_key)

    def roles(self) -> list[Proposal]:
        return self._one_table("p-responsibilities", ("Role", "Responsibilities"), "roles",
                               "reworded into the Roles and responsibilities table", _role_key)

    def _one_table(self, section_id: str, header: tuple[str, str], kind: str, note: str,
                   key) -> list[Proposal]:
        """Two-column tables of a section (Term | Meaning, Role | Responsibilities) become one,
        a row per term or role in alphabetical order; the same entry twice is one row, and a
        term given two meanings keeps both, with a note for the author."""
        tables = [c for c in self.clauses(section_id)
                  if c.kind is BlockKind.TABLE and _two_columns(self.plan, c, self.docs)]
        if len(tables) < 2:
            return []
        rows: dict[str, tuple[str, list[str]]] = {}
        for clause in tables:
            for name, meaning in _rows(self.plan, clause, self.docs):
                entry = rows.setdefault(key(name), (name, []))
                if not any(fuzz.ratio(meaning, m) >= 95 for m in entry[1]):
                    entry[1].append(meaning)
        ordered = sorted(rows.values(), key=lambda r: r[0].lower())
        notes = [f"\u201c{name}\u201d has {len(meanings)} meanings in the source policies: "
                 "keep one, or say when each applies." for name, meanings in ordered
                 if kind == "definitions" and len(meanings) > 1]
        table = text_table(header, [[[name], meanings] for name, meanings in ordered])
        ids = [c.id for c in tables]
        head = proposal_id(kind, ids)
        clauses = proposal_clauses(head, [(BlockKind.TABLE, _table_text(table))],
                                   self.refs(tables), table=table, notes=notes)
        return [Proposal(section_id, clauses, tuple(ids), note, tables[0].id)]

    # --- no trace of the policies it supersedes -----------------------------------------------
    def superseded_wording(self, taken: set[str]) -> list[Proposal]:
        """"This email policy" becomes "this policy", a superseded policy named in a sentence
        becomes "this policy" (its rules are in this one), a sentence saying what the old
        document was ("This document is the MoJ IT Acceptable Use Policy") goes, and in a
        policy's own chapter "This guidance applies to ..." reads "This chapter applies to"."""
        out = []
        for clause in self.all_clauses():
            if clause.id in taken or clause.kind is BlockKind.TABLE or ALONGSIDE.search(
                    clause.text):
                continue
            text = self.without_superseded(clause.text)
            section_id = self.section_of(clause.id)
            if _MAY_COVER.search(text) and self._in_own_chapter(section_id):
                text = " ".join(_COVERS.sub(lambda m: "This chapter " + m.group(1), t)
                                for t in split_sentences(text))
            if text != clause.text and _words(text) > 3:
                out.append(Proposal(section_id, proposal_clauses(
                    proposal_id("superseded", [clause.id]), [(clause.kind, text)],
                    clause.sources), (clause.id,),
                    "reworded: it named a policy this one supersedes", clause.id))
        return out

    def _in_own_chapter(self, section_id: str) -> bool:
        chapter = self.sections[section_id].parent_id or section_id
        return chapter.startswith(("p-ch-", "p-doc-"))

    def leftovers(self, taken: set[str]) -> list[Decision]:
        """Sentences pointing at the policies this one replaces ("read alongside the Internet
        Use Policy", "covered by separate policies") are left out, with a note."""
        return [Decision(DecisionKind.EXCLUDE, c.id, note=ALONGSIDE_NOTE)
                for c in self.all_clauses() if c.id not in taken
                and c.kind is not BlockKind.TABLE and ALONGSIDE.search(c.text)
                and (self.names_a_source(c.text) or re.search(r"separate polic", c.text, re.I))]

    def residue(self, taken: set[str]) -> list[Decision]:
        """Template residue ("None.", "Back to top", "[Insert date]") is left out, noted."""
        return [Decision(DecisionKind.EXCLUDE, c.id, note=RESIDUE_NOTE)
                for c in self.all_clauses()
                if c.id not in taken and _RESIDUE.match(" ".join(c.text.split()))]



# --- helpers --------------------------------------------------------------------------------


def _purpose_groups(clauses: Sequence[PlanClause]) -> list[tuple[PlanClause, list[PlanClause]]]:
    """Returns each purpose lead-in ("This policy aims to:") with the list items after it."""
    groups: list[tuple[PlanClause, list[PlanClause]]] = []
    current: tuple[PlanClause, list[PlanClause]] | None = None
    for clause in clauses:
        if clause.kind is BlockKind.PARAGRAPH and _LEAD_IN.match(clause.text.strip()):
            current = (clause, [])
            groups.append(current)
        elif clause.kind is BlockKind.LIST_ITEM and current is not None:
            current[1].append(clause)
        else:
            current = None
    return [g for g in groups if g[1]]


def _distinct_aims(groups) -> list[str]:
    """Returns the aims under the lead-ins, as aims, each said once."""
    aims: list[str] = []
    for lead, items in groups:
        for item in items:
            aim = _as_aim(item.text, lead.text)
            if aim and not any(fuzz.token_set_ratio(aim, a) >= SAME_AIM for a in aims):
                aims.append(aim)
    return aims


def _as_aim(item: str, lead: str) -> str:
    """Returns a bullet of the sources' aims as an aim ("It aims to: ..."): a noun clause under
    "This policy explains:" is what the policy explains; "provides ..." under "... so that the
    Council:" is "make sure the Council provides ..."."""
    item = " ".join(item.split()).rstrip(";.,")
    if not item:
        return ""
    subject = _SO_THAT.search(lead)
    if subject:
        return f"make sure {subject.group(1)} {item}"
    frame = _NOUN_FRAME.search(lead)
    if frame and not lead.lower().rstrip(":").endswith(" to"):
        verb = {"explains": "explain", "sets out": "set out", "describes": "describe"}
        return f"{verb[frame.group(1).lower()]} {item}"
    return item


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]


def _two_columns(plan: MergePlan, clause: PlanClause, docs) -> bool:
    table = _table_of(clause, docs)
    return table is not None and bool(table.rows) and all(len(r) == 2 for r in table.rows)


def _table_of(clause: PlanClause, docs):
    ref = clause.sources[0] if clause.sources else None
    doc = next((d for d in docs if ref and d.id == ref.document_id), None)
    if doc is None:
        return clause.table
    return doc.block_by_id(ref.block_id).table


def _rows(plan: MergePlan, clause: PlanClause, docs) -> list[tuple[str, str]]:
    """Returns (term or role, meaning or duties) of each row under the header row."""
    table = _table_of(clause, docs)
    return [(" ".join(row[0].text.split()), " ".join(row[1].text.split()))
            for row in table.rows[1:] if row[0].text.strip()]


def _term_key(term: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", term).strip().lower()


def _role_key(role: str) -> str:
    return re.sub(r"^(?:the|all|every|each)\s+", "", role.strip().lower())


def _table_text(table) -> str:
    return "\n".join(cell.text for row in table.rows for cell in row)


def _words(text: str) -> int:
    return len(text.split())
