"""Editorial proposals: the draft reads as one Digital Policy, not the sources stapled together.

`propose(plan, docs)` adds to the draft, as proposals and defaults the author sees and can undo:
one Introduction (a lead sentence naming what the policy covers, then one bullet per distinct
aim of the sources); one Scope (the widest audience, and a line for each channel chapter that
applies only to some); one alphabetical Definitions table and one Roles table; no trace of the
policies it supersedes ("this email policy" is "this policy"; sentences pointing at the separate
policies go, with a note); clauses placed by what they say (placement.py: a policy's own
introduction opening its chapter, rules on training, monitoring, ... with those rules,
consequences of a breach under Breaches); near-identical clauses of several policies as one
wording (near_duplicates.py); and template residue ("None.", "Back to top",
"[Insert date]") left out with a note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from consolidator.consolidation import placement
from consolidator.consolidation.clauses import Cluster
from consolidator.consolidation.combine import same_content
from consolidator.consolidation.near_duplicates import combined_wordings, shared_sentences
from consolidator.consolidation.plan import (
    ALONGSIDE_NOTE,
    PROVENANCE_NOTE,
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
from consolidator.consolidation.reading import (
    SAYS_WHAT_IT_DOES,
    DraftReading,
    as_chapter_statements,
)
from consolidator.consolidation.topics import (
    IT_USE_CHAPTER,
    chapter_titles_of_channels,
    join_channels,
)
from consolidator.consolidation.units import split_sentences
from consolidator.consolidation.wording import (
    audience,
    audiences_clash,
    compatible,
    organisations_differ,
    scope_covered,
    stance,
    stated_modality,
)
from consolidator.model import BlockKind, SourceDocument

_LEAD_IN = re.compile(
    r"^(?:this (?:policy|guidance|document)\b[^.:]{0,80}?\b(?:sets out|explains|describes|"
    r"aims to|outlines|gives(?: you)?|provides(?: you with)?|is intended to|exists to)|"
    r"the (?:purpose|aims?|objectives?) of this (?:policy|guidance)(?: (?:is|are))?(?: to)?)"
    r"\b[^.]*:$", re.IGNORECASE)
# A sentence describing the policy ("This document provides you with guidance for ...") and
# the verb it becomes as an aim.
_DESCRIBES = re.compile(
    r"^(?:this (?:policy|guidance|document)|it)\b[^.]{0,40}?\b(sets out|explains|describes|"
    r"outlines|provides(?: you with)?|gives(?: you)?|is intended to|aims to|exists to)\s+(.+)$",
    re.IGNORECASE)
_PURPOSE_IS = re.compile(r"^the (?:purpose|aims?|objectives?) of this (?:policy|guidance)"
                         r"(?: (?:is|are))?(?: to)?\s+(.+)$", re.IGNORECASE)
_AIM_VERBS = {"sets out": "set out", "explains": "explain", "describes": "describe",
              "outlines": "set out", "provides": "provide", "provides you": "provide",
              "gives": "give", "gives you": "give"}
_NOUN_FRAME = re.compile(r"\b(explains|sets out|describes|outlines|gives(?: you)?|"
                         r"provides(?: you with)?)\b[^:]*:$", re.IGNORECASE)
# A lead-in to aims and the words it puts before each ("aims to stop staff from:").
_AIMS_TO = re.compile(r"\b(?:aims|is intended|exists|(?:is|are)) to\b\s*([^:]*?)\s*:$",
                      re.IGNORECASE)
_SO_THAT = re.compile(r"\bso that\s+([^:,;]{2,40}?)\s*:$", re.IGNORECASE)
CHANNEL_WORDS = {"email": "email", "internet": "the internet", "social-media": "social media",
                 "mobile-phone": "mobile devices"}  # as its chapter is titled
_RESIDUE = re.compile(
    r"^(?:none\.?|n/?a|tbc|tbd|to be confirmed|back(?: to (?:top|contents|the top))?|"
    r"\[[^\]]{1,80}\]|<[^>]{1,80}>)$", re.IGNORECASE)
# A source saying where it came from: "Please note that this guidance is based on that of the
# Ministry of Justice and adapted for use at NHS England."
_PROVENANCE = re.compile(
    r"^(?:please note,? (?:that )?|note:? )?(?:this|the) (?:guidance|policy|document|guide|"
    r"information) (?:is|was|has been) (?:based on (?:that|those) of|adapted from|derived "
    r"from|taken from)\b", re.IGNORECASE)
# ... and says nothing more: no rule, reason or scope after the source it names ("derived from
# ISO 27001 and applies to councillors", "based on the principle of ...: access is ...").
_SAYS_MORE = re.compile(r"[:;]|\b(?:that|which|where|who|applies|apply|covers|must|should|"
                        r"may|only|never|not)\b", re.IGNORECASE)
# Words a scope statement uses to name the policy and its people, not where or when it applies.
_NEGATED_SCOPE = re.compile(r"\b(?:not|never|no longer)\b[^.]{0,20}\b(?:appl|cover)",
                            re.IGNORECASE)
_THIS_WHATEVER = re.compile(r"^this (?:information|guidance|guide|document)\b", re.IGNORECASE)
# A role's duty over its source policy: in the merged policy, over that policy's chapter.
_OWNS_THIS_POLICY = re.compile(
    r"\b(owns?|maintains?|reviews?|updates?|(?:is|are) (?:responsible|accountable) for)"
    r"\s+this policy\b", re.IGNORECASE)
# A sentence of a scope statement naming its policy as "it" ("It provides advice about ...").
_IT_STATES = re.compile(r"^(?:it|this (?:policy|guidance|document))\b(?=\s+(?:also\s+)?"
                        r"(?:applies|covers|provides|sets out|explains|describes|gives|outlines|"
                        r"contains|includes)\b)", re.IGNORECASE)


def propose(plan: MergePlan, docs: Sequence[SourceDocument],
            clusters: Sequence[Cluster] = ()) -> MergePlan:
    """Returns the draft with the editorial proposals and defaults (see the module docstring);
    `clusters` (the analysis's) give the near-identical clauses proposed as one wording."""
    drafting = _Drafting(plan, docs)
    introduction = drafting.introduction()
    proposals = [*introduction, *drafting.scope(), *drafting.definitions(), *drafting.roles()]
    notes = drafting.provenance()
    taken = {c for p in proposals for c in p.replaces} | {d.target for d in notes}
    new_sections, moves = placement.sanctions_to_breaches(drafting, taken)
    moves += placement.rules_by_subject(drafting, taken | {m.target for m in moves})
    moves += placement.scope_statements_to_scope(drafting, taken | {m.target for m in moves})
    taken |= {m.target for m in moves}
    proposals += combined_wordings(drafting, clusters, taken)
    proposals += shared_sentences(drafting, taken)
    openings, opening_moves = placement.chapter_openings(drafting, taken)
    proposals += openings
    moves += opening_moves
    if not introduction:
        proposals += drafting.lead_if_purpose_moved(
            {c for p in openings for c in p.replaces} | {m.target for m in opening_moves})
    reworded = drafting.superseded_wording({c for p in proposals for c in p.replaces}
                                           | {d.target for d in notes})
    moved = {m.target: m for m in moves}
    moves += [replace(moved[p.replaces[0]], target=p.clauses[0].id) for p in reworded
              if p.replaces[0] in moved]  # a moved clause's new wording moves with it
    proposals += reworded
    taken |= {cid for p in proposals for cid in p.replaces}
    defaults = [*drafting.leftovers(taken), *moves, *drafting.residue(taken), *notes]
    return apply_proposals(plan, proposals, defaults, new_sections)


class _Drafting(DraftReading):
    """The draft read for the editorial proposals."""

    # --- one Introduction -----------------------------------------------------------------
    def introduction(self) -> list[Proposal]:
        """The sources' purpose statements ("This policy explains how staff use email.", or a
        lead-in such as "This policy aims to:" and its bullets) become one lead sentence naming
        what the policy covers and one bullet per distinct aim (each statement's description
        becomes an aim: "explain how staff use email"); their other sentences follow as they
        are. A lead-in or sentence stating a duty or a ban ("... staff must never:") is a rule,
        not a purpose, and stays. Without any purpose statement, the lead sentence is proposed
        on its own."""
        if "p-introduction" not in self.sections:
            return []
        clauses = self.clauses("p-introduction")
        groups = _purpose_groups(clauses)
        statements = [c for c in clauses if c.kind is BlockKind.PARAGRAPH
                      and not c.text.rstrip().endswith(":")  # a lead-in: with its list
                      and _described(split_sentences(c.text.strip())[0])]
        if not groups and not statements:
            return self._lead_alone(clauses)
        if len(groups) + len(statements) < 2:
            return []
        aims, rests = self._statement_parts(statements)
        aims = _distinct([_as_aim(i.text, lead.text) for lead, items in groups for i in items]
                         + aims)
        replaced = [c for lead, items in groups for c in (lead, *items)] + statements
        ids = [c.id for c in replaced]
        parts = [(BlockKind.PARAGRAPH, self._lead_sentence(aims=bool(aims)))]
        parts += [(BlockKind.LIST_ITEM, a.rstrip(";.") + (";" if n < len(aims) - 1 else "."))
                  for n, a in enumerate(aims)]
        parts += [(BlockKind.PARAGRAPH, rest) for rest in rests]
        return [Proposal("p-introduction", proposal_clauses(proposal_id("introduction", ids),
                                                            parts, self.refs(replaced)),
                         tuple(ids), "reworded into the Introduction")]  # first: the lead

    def lead_if_purpose_moved(self, gone: set[str]) -> list[Proposal]:
        """Returns the lead sentence on its own when the Introduction's one purpose statement
        went to its policy's chapter (`gone`: the clauses moved or reworded elsewhere): the OIT
        guidance's "This guidance gives you:" opens its chapter, and the Introduction was left
        saying nothing of what the policy covers."""
        if "p-introduction" not in self.sections:
            return []
        clauses = self.clauses("p-introduction")
        left = [c for c in clauses if c.id not in gone]
        if len(left) == len(clauses) or _purpose_groups(left) or any(
                c.kind is BlockKind.PARAGRAPH and _described(split_sentences(c.text.strip())[0])
                for c in left if c.text.strip()):
            return []
        return self._lead_alone(left, every_policy=True)

    def _lead_alone(self, clauses: Sequence[PlanClause], *, every_policy: bool = False
                    ) -> list[Proposal]:
        lead = self._lead_sentence(aims=False, every_policy=every_policy)
        return [Proposal("p-introduction", proposal_clauses(
            proposal_id("introduction", []), [(BlockKind.PARAGRAPH, lead)], ()), (),
            "", clauses[0].id if clauses else "", additive=True)]

    def _statement_parts(self, statements: Sequence[PlanClause]) -> tuple[list[str], list[str]]:
        """Returns the aims the statements describe ("This policy explains how ..." is
        "explain how ...") and their other sentences, each kept as written (those naming the
        superseded documents as such left out)."""
        aims: list[str] = []
        rests: list[str] = []
        for clause in statements:
            kept = []
            for sentence in split_sentences(self.without_superseded(clause)):
                aim = _described(sentence)
                if aim:
                    aims.append(aim)
                else:
                    kept.append(sentence)
            if kept:
                rests.append(" ".join(kept))
        return aims, rests

    def _lead_sentence(self, *, aims: bool, every_policy: bool = False) -> str:
        """Returns "This policy sets out how staff must use email, ...", naming its channels;
        `every_policy`: naming the subjects of policies of no channel too ("This policy sets
        out the rules on the internet, laptops, remote working and Bluetooth")."""
        words = [CHANNEL_WORDS[c] for c in self.channels]
        if chapter_titles_of_channels(self.docs, self.channel_of)["internet"] == \
                IT_USE_CHAPTER and "internet" in self.channels:  # as its chapter says
            words.insert(0, "IT")
        aim = " It aims to:" if aims else ""
        others = self._other_subjects() if every_policy else []
        if others:  # "use remote working" is no English: what it covers, named
            subjects = join_channels(words + others, "and")
            return f"This policy sets out the rules on {subjects}.{aim}"
        covers = join_channels(words, "and") if words else "the Council's digital services"
        return f"This policy sets out how staff must use {covers}.{aim}"

    def _other_subjects(self) -> list[str]:
        """Returns the titles of the chapters of policies of no channel ("Bluetooth",
        "Laptops", "Remote Working"), in lower case where their policy writes them so."""
        text = " ".join(b.text for doc in self.docs for b in doc.blocks
                        if b.kind is not BlockKind.HEADING)
        out = []
        for doc in self.docs:
            chapter = self.sections.get("p-doc-" + doc.id)
            if chapter is None or self.channel_of.get(doc.id) != "other":
                continue
            lowered, name = chapter.title.lower(), re.escape(chapter.title)
            as_name = len(re.findall(rf"(?<=[a-z,] ){name}\b", text))  # mid-sentence
            out.append(lowered if len(re.findall(rf"\b{re.escape(lowered)}\b", text)) >= as_name
                       else chapter.title)
        return out

    # --- one Scope --------------------------------------------------------------------------
    def scope(self) -> list[Proposal]:
        """The audience statements of the sources' Introduction and Scope become the widest
        one, with a line for each policy's chapter that applies to other people or in other
        situations ("The Mobile devices chapter applies only to those who ..."); the other
        sentences of their paragraphs follow. A statement saying whom a policy does not apply
        to, or one whose policy has no chapter of its own to name, stays as it is. When two
        statements each name people the other leaves out, nothing is proposed: that is a
        conflict for the author (a scope conflict), not a wording to choose."""
        if "p-scope" not in self.sections:
            return []
        stated = [(c, *audience(first)) for c in self._statement_clauses()
                  if c.kind is BlockKind.PARAGRAPH
                  and audience(first := split_sentences(c.text.strip())[0])[0]
                  and not _NEGATED_SCOPE.search(first)]
        if len(stated) < 2 or any(audiences_clash(a[1], b[1]) or organisations_differ(a[2], b[2])
                                  for a in stated for b in stated):
            return []
        widest = max(stated, key=lambda s: (len(s[1] - {"+qualified"}), "+qualified"
                                            not in s[1], len(s[0].text)))
        first = split_sentences(widest[0].text.strip())[0]
        parts = [(BlockKind.PARAGRAPH, _THIS_WHATEVER.sub("This policy", first, count=1))]
        replaced = [widest[0]]
        for clause, who, words in stated:
            if clause is widest[0]:
                continue
            line = self._applicability(clause, who, words, widest)
            if line is None:
                continue  # no chapter to name: the statement stays where it is
            replaced.append(clause)
            if line and (BlockKind.PARAGRAPH, line) not in parts:
                parts.append((BlockKind.PARAGRAPH, line))
        if len(replaced) < 2:
            return []
        for clause in replaced:
            rest = self._rest_named(clause, clause is widest[0])
            if rest and (BlockKind.PARAGRAPH, rest) not in parts:
                parts.append((BlockKind.PARAGRAPH, rest))
        ids = [c.id for c in replaced]
        scope_ids = self.sections["p-scope"].clause_ids
        return [Proposal("p-scope", proposal_clauses(proposal_id("scope", ids), parts,
                                                     self.refs(replaced)),
                         tuple(ids), "reworded into the Scope",
                         scope_ids[0] if scope_ids else "")]

    def _rest_named(self, clause: PlanClause, widest: bool) -> str:
        """Returns a scope statement's sentences after its first, which follow the Scope's
        lines: one opening "It" or "This guidance" says what it meant, "This policy" for the
        widest statement's, its chapter for another's ("The Mobile devices chapter provides
        advice ...")."""
        sentences = split_sentences(self.without_superseded(clause))[1:]
        chapters = self._own_chapters(clause)
        if widest or len(chapters) != 1:
            subject = "This policy"
        else:
            subject = f"The {self.sections[chapters[0]].title} chapter"
        return " ".join(t if stated_modality(t) else _IT_STATES.sub(subject, t, count=1)
                        for t in sentences)  # "It remains ... and must be returned": the phone

    def _statement_clauses(self) -> list[PlanClause]:
        """Returns the clauses of the Introduction and the Scope: statements about the whole
        policy (a line such as "The rules below apply to ..." elsewhere is about its section)."""
        return [c for sid in ("p-introduction", "p-scope") for c in self.clauses(sid)]

    def _applicability(self, clause: PlanClause, who: frozenset[str], words: str,
                       widest) -> str | None:
        """Returns the line saying to whom the chapters of a statement's policies apply ("The
        Mobile devices chapter applies only to those who ...", "The Social media chapter
        applies to all employees and contractors ..."), "" when the
        widest statement already says all it says, None when its policies have no chapter of
        their own to name."""
        base, widest_base = who - {"+qualified"}, widest[1] - {"+qualified"}
        first = split_sentences(clause.text.strip())[0]
        if base >= widest_base and "+qualified" not in who and scope_covered(
                first, split_sentences(widest[0].text.strip())[0]):
            return ""
        chapters = self._own_chapters(clause)
        if not chapters:
            return None
        named = join_channels([self.sections[c].title for c in chapters], "and")
        subject = f"The {named} chapter" + ("s apply" if len(chapters) > 1 else " applies")
        qualifier = re.search(r"\b(?:who|that|which|whose)\b.*", words)
        if qualifier and base >= widest_base:  # the same people, narrowed: "only to those who"
            return f"{subject} only to those {qualifier.group(0).rstrip('.')}."
        if qualifier and not re.match(r"(?:all|every|any)\b", words, re.IGNORECASE):
            return f"{subject} only to {words.rstrip('.')}."  # fewer people, narrowed, named
        # "all ..." reads wrong after "only"; and whom the source does not name it does not
        # exclude either: "It does not apply to agency staff" would be a rule of the draft's own
        return f"{subject} to {words.rstrip('.')}."

    def _of_its_chapter(self, duties: str, clause: PlanClause) -> str:
        """Returns a role's duties with "owns this policy" read as its source meant it: "owns
        the Email chapter of this policy" (each source policy had its own owner)."""
        chapters = self._own_chapters(clause)
        if len(chapters) != 1:
            return duties
        title = self.sections[chapters[0]].title
        return _OWNS_THIS_POLICY.sub(lambda m: f"{m.group(1)} the {title} chapter of this policy",
                                     duties)

    def _own_chapters(self, clause: PlanClause) -> list[str]:
        """Returns the chapters of the clause's policies' own topics, in the draft's order."""
        documents = {r.document_id for r in clause.sources}
        chapters = {self.own_chapter(d) for d in documents} - {""}
        return [s.id for s in self.plan.sections if s.id in chapters]

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
                  if c.kind is BlockKind.TABLE and _two_columns(_table_of(c, self.docs))]
        if len(tables) < 2:
            return []
        rows: dict[str, tuple[str, list[str]]] = {}
        for clause in tables:
            for name, meaning in _rows(_table_of(clause, self.docs), header):
                meaning = self._of_its_chapter(meaning, clause) if kind == "roles" else meaning
                entry = rows.setdefault(key(name), (name, []))
                if not any(same_content([meaning, m]) and compatible(stance(meaning), stance(m))
                           for m in entry[1]):
                    entry[1].append(meaning)
        ordered = sorted(rows.values(), key=lambda r: r[0].lower())
        what = "meanings" if kind == "definitions" else "descriptions of its duties"
        notes = [f"\u201c{name}\u201d has {len(meanings)} {what} in the source policies: "
                 "keep one, or say when each applies." for name, meanings in ordered
                 if len(meanings) > 1]
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
            if clause.id in taken or clause.kind is BlockKind.TABLE or self.links_itself(clause):
                continue
            text = self.without_superseded(clause)
            note = "reworded: it named a policy this one supersedes"
            section_id = self.section_of(clause.id)
            opening = SAYS_WHAT_IT_DOES.match(text)
            as_chapter = as_chapter_statements(text) if self._in_own_chapter(section_id) else text
            if as_chapter != text:
                text = as_chapter
                note = "reworded: in this policy, its source's own scope is this chapter's"
            elif opening and opening.group("it").lower() != "it" and (
                    chapter := self._one_of_scopes(clause)):
                text = f"The {self.sections[chapter].title} chapter {opening.group('verb')}" \
                    f"{text[opening.end():]}"
                note = "reworded: in this policy, its source's own scope is its chapter's"
            if text != clause.text and _words(text) > 3:
                out.append(Proposal(section_id, proposal_clauses(
                    proposal_id("superseded", [clause.id]), [(clause.kind, text)],
                    clause.sources), (clause.id,), note, clause.id))
        return out

    def _one_of_scopes(self, clause: PlanClause) -> str:
        """Returns the chapter of a scope statement's policy when the Introduction and the
        Scope keep another policy's statement too (they name different people, so the Scope
        could not make them one): "This guidance applies to all staff ... of the MoJ" beside
        NHS England's would read as the whole policy's scope; it is its chapter's."""
        if self.section_of(clause.id) not in ("p-introduction", "p-scope"):
            return ""
        first = split_sentences(clause.text.strip())[0] if clause.text.strip() else ""
        chapters = self._own_chapters(clause) if audience(first)[0] else []
        if len(chapters) != 1:
            return ""
        documents = {r.document_id for r in clause.sources}
        others = [c for c, _ in self.audience_statements(conflict_sides=True)
                  if not documents & {r.document_id for r in c.sources}]
        return chapters[0] if others else ""

    def _in_own_chapter(self, section_id: str) -> bool:
        chapter = self.sections[section_id].parent_id or section_id
        return chapter.startswith(("p-ch-", "p-doc-"))

    def leftovers(self, taken: set[str]) -> list[Decision]:
        """Clauses that only point at the policies this one replaces ("read alongside the
        Internet Use Policy", "covered by separate policies") are left out, with a note; such a
        sentence in a clause saying more goes in its rewording (superseded_wording)."""
        return [Decision(DecisionKind.EXCLUDE, c.id, note=ALONGSIDE_NOTE)
                for c in self.all_clauses() if c.id not in taken
                and c.kind is not BlockKind.TABLE and self.only_points_elsewhere(c)]

    def residue(self, taken: set[str]) -> list[Decision]:
        """Template residue ("None.", "Back to top", "[Insert date]") is left out, noted."""
        return [Decision(DecisionKind.EXCLUDE, c.id, note=RESIDUE_NOTE)
                for c in self.all_clauses()
                if c.id not in taken and _RESIDUE.match(" ".join(c.text.split()))]

    def provenance(self) -> list[Decision]:
        """A sentence on where a source came from ("Please note that this guidance is based
        on that of the Ministry of Justice and adapted for use at NHS England.") is left out,
        noted: no proposal takes it in."""
        return [Decision(DecisionKind.EXCLUDE, c.id, note=PROVENANCE_NOTE)
                for c in self.all_clauses()
                if c.kind is BlockKind.PARAGRAPH and _is_provenance(c.text)]


# --- helpers --------------------------------------------------------------------------------


def _is_provenance(text: str) -> bool:
    """Returns True for one sentence saying only where its source came from ("This guidance
    is based on that of the Ministry of Justice and adapted for use at NHS England.")."""
    text = " ".join(text.split())
    found = _PROVENANCE.match(text)
    return bool(found) and len(split_sentences(text)) == 1 and not _SAYS_MORE.search(
        text, found.end()) and stated_modality(text) is None


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
    # "... staff must never:" and its items are rules, not aims
    return [g for g in groups if g[1] and not _lead_states_duty(g[0].text)]


def _distinct(aims: Sequence[str]) -> list[str]:
    """Returns the aims, each said once: two are the same only when they differ in linking
    words alone and commit to the same (never "allow X" and "not allow X")."""
    out: list[str] = []
    for aim in (a for a in aims if a):
        if not any(same_content([aim, kept]) and compatible(stance(aim), stance(kept))
                   for kept in out):
            out.append(aim)
    return out


def _states_duty(text: str) -> bool:
    """Returns True when a text states a duty, a permission or a ban ("must", "never")."""
    found = stance(text)
    return found.modality is not None or found.negated


def _lead_states_duty(lead: str) -> bool:
    """Returns True when a lead-in's last words put its items under a duty or a ban ("...
    what staff must not do:", "... that staff never:"), not when a duty is only described
    before them ("how Council email must be used so that the Council:")."""
    tail = " ".join(lead.rstrip(" :").split()[-4:])
    return _states_duty(tail)


def _described(sentence: str) -> str:
    """Returns what a sentence describing the policy says it does, as an aim ("This policy
    explains how staff use email." is "explain how staff use email"), "" for any other
    sentence, or one that states a duty itself."""
    m = _DESCRIBES.match(sentence.strip()) or _PURPOSE_IS.match(sentence.strip())
    if not m or _states_duty(sentence):
        return ""
    verb = _AIM_VERBS.get(" ".join(m.group(1).lower().split()[:2]), "") \
        if m.re is _DESCRIBES else ""
    rest = m.group(m.lastindex).strip().rstrip(".")
    return f"{verb} {rest}".strip() if rest else ""


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
    aim = _AIMS_TO.search(lead)
    if aim:  # "This policy aims to stop staff from:" then "visiting ..." (never "visit ...")
        return f"{aim.group(1)} {item}".strip()
    frame = _NOUN_FRAME.search(lead)
    if frame and not lead.lower().rstrip(":").endswith(" to"):
        verb = _AIM_VERBS[" ".join(frame.group(1).lower().split()[:2])]
        first = item.split(" ", 1)[0]
        acronym = first.isupper() and len(first) > 1
        if first[:1].isupper() and not acronym and first not in ("Council", "I"):
            item = item[:1].lower() + item[1:]  # "An overview of ..." as "give an overview"
        tail = lead[frame.end(1):].rstrip(": ").strip()  # "explains the rules for:"
        return " ".join(w for w in (verb, tail, item) if w)
    return item


def _two_columns(table) -> bool:
    return table is not None and bool(table.rows) and all(len(r) == 2 for r in table.rows)


def _table_of(clause: PlanClause, docs):
    ref = clause.sources[0] if clause.sources else None
    doc = next((d for d in docs if ref and d.id == ref.document_id), None)
    if doc is None:
        return clause.table
    return doc.block_by_id(ref.block_id).table


_HEADER_WORDS = frozenset("""term terms word words definition definitions meaning meanings
description role roles responsibility responsibilities duties duty who what name""".split())


def _rows(table, header: tuple[str, str]) -> list[tuple[str, str]]:
    """Returns (term or role, meaning or duties) of each row: the first row only when it is no
    header ("Term | Meaning"); a row with an empty first cell goes on with the row before."""
    rows = [(" ".join(r[0].text.split()), " ".join(r[1].text.split())) for r in table.rows]
    if rows and _is_header(rows[0], header):
        rows = rows[1:]
    out: list[tuple[str, str]] = []
    for name, meaning in rows:
        if not name and out:
            out[-1] = (out[-1][0], f"{out[-1][1]} {meaning}".strip())
        elif name:
            out.append((name, meaning))
    return out


def _is_header(row: tuple[str, str], header: tuple[str, str]) -> bool:
    words = set(re.findall(r"[a-z]+", " ".join(row).lower()))
    return bool(words) and (words <= _HEADER_WORDS or row == header)


def _term_key(term: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", term).strip().lower()


def _role_key(role: str) -> str:
    return re.sub(r"^(?:the|all|every|each)\s+", "", role.strip().lower())


def _table_text(table) -> str:
    return "\n".join(cell.text for row in table.rows for cell in row)


def _words(text: str) -> int:
    return len(text.split())
