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
from consolidator.consolidation.topics import CHANNEL_ORDER, channels_of_documents, may_contain
from consolidator.consolidation.units import ClauseRef, split_sentences
from consolidator.consolidation.wording import audience, stance
from consolidator.model import BlockKind, SourceDocument
from consolidator.requirement_ids import is_requirement_id

ALONGSIDE = re.compile(r"\b(?:read (?:alongside|with|in conjunction with)|covered by separate|"
                       r"separate polic(?:y|ies)|see also)\b", re.IGNORECASE)
DOCUMENT = re.compile(r"\b(?:policy|guidance|guide|standard|procedure)\b", re.IGNORECASE)
_DOCUMENT_AFTER_TITLE = r"\s+(?:policy|guidance|guide)"
_SEPARATE = re.compile(r"\bseparate polic(?:y|ies)\b", re.IGNORECASE)
# Words one of which DOCUMENT or ALONGSIDE needs (lower case): a quick test before them.
_DOCUMENT_HINTS = ("polic", "guid", "standard", "procedure", "read ", "covered by separate",
                   "see also", "this document", "this information")
_THIS_DOCUMENT_IS = re.compile(r"^this (?:document|policy|guidance) is (?:the|a|an)\b",
                               re.IGNORECASE)
# "should be read alongside": how to read the policy, not a duty of staff.
_READ_WITH_MODAL = re.compile(r"\b(?:should|must|shall|is to|are to|needs? to)\s+(?=be read "
                              r"(?:alongside|with|in conjunction with)\b)", re.IGNORECASE)
# Another document named by its title: "Data Protection Policy", "Code of Conduct".
_OTHER_DOCUMENT = re.compile(r"\b(?!(?:This|The|These|That|Each|All|Our|Its)\b)[A-Z][\w'-]*\s+"
                             r"(?:Polic(?:y|ies)|Guidance|Guide|Standards?|Procedures?|"
                             r"Strategy)\b|\bCode of\b")
_THIS_CHANNEL_POLICY = re.compile(
    r"\bthis (?:e-?mail|internet(?: use)?|social media|mobile (?:phone|device)s?|"
    r"web(?: browsing)?|acceptable use) (policy|guidance)\b", re.IGNORECASE)
# The source naming itself as what it was: "In this guidance, we describe ...", "the links in
# this guide", "This document tells you ...": in the merged policy, this policy.
_THIS_SOURCE = re.compile(r"\b(this) (?:guidance|guide|document|information(?= (?:applies|"
                          r"covers)\b))\b", re.IGNORECASE)  # ("This information applies to")
# A document's name followed by whose it is, or a quoted title, names another organisation's.
_ANOTHER_ONES = re.compile(r"\s+(?:of|from|issued|published|produced|written|by|at)\b",
                           re.IGNORECASE)
_QUOTE_MARKS = ("\"", "\u201c", "\u2018", "'")
# A pointer to a document to read: the words right before its name.
_POINTS_TO = re.compile(r"\b(?:consult|see|read|refer to|look at|check)\s+$", re.IGNORECASE)
_SAID_TWICE = re.compile(r"\b(this policy) \(this policy\)", re.IGNORECASE)
# Another guide or document named in the same clause: "this guidance" may well be that one.
_OTHER_GUIDANCE = re.compile(r"\b(?:guidance|guide|document)\b", re.IGNORECASE)


# A source saying what it does, naming itself: "This guidance explains ...", "It covers ...".
SAYS_WHAT_IT_DOES = re.compile(
    r"^(?P<it>it|(?:this|the) (?:policy|guidance))\s+(?P<verb>covers|applies|is about|provides|"
    r"sets out|explains|describes|outlines|gives|contains|helps|tells)\b", re.IGNORECASE)
_SELF_NAMED = re.compile(r"\bthis (?:policy|guidance|guide|document|chapter)\b", re.IGNORECASE)
# Another text a sentence may name, which "the policy" or "the guidance" after it may mean.
_ANOTHER_TEXT = re.compile(r"\b(?:polic(?:y|ies)|guidance|guides?|guidelines|procedures?|advice|"
                           r"manuals?|handbooks?|leaflets?|codes? of|framework|publications?|"
                           r"websites?|articles?)\b", re.IGNORECASE)


def as_chapter_statements(text: str) -> str:
    """Returns a policy's own text with its sentences saying what it does as its chapter's
    ("This guidance explains ..." is "This chapter explains ..."): the first sentence's "It"
    too; a later one not once another text is named ("Staff must read the Cabinet Office
    security policy. The policy sets out what you must report" is that policy)."""
    sentences = split_sentences(text)
    out = []
    for n, sentence in enumerate(sentences):
        m = SAYS_WHAT_IT_DOES.match(sentence)
        if m and (n == 0 or m.group("it").lower() != "it" and not _ANOTHER_TEXT.search(
                _SELF_NAMED.sub(" ", " ".join(sentences[:n])))):
            sentence = f"This chapter {m.group('verb')}{sentence[m.end():]}"
        out.append(sentence)
    return text if out == sentences else " ".join(out)


class DraftReading:
    """The draft read for the editorial steps."""

    def __init__(self, plan: MergePlan, docs: Sequence[SourceDocument]) -> None:
        self.plan = plan
        self.docs = docs
        self._linked = {(d.id, b.id): b for d in docs for b in d.blocks if any(
            r.hyperlink for r in b.runs)}  # the source blocks holding a link
        self.sections = {s.id: s for s in plan.sections}
        self._section_of = {cid: s.id for s in reversed(plan.sections) for cid in s.clause_ids}
        self.excluded = {d.target for d in plan.decisions if d.kind is DecisionKind.EXCLUDE}
        # The sides of every conflict stay as they are: a proposal, move or exclusion would
        # close the conflict without the author deciding it.
        self.in_conflict = {cid for c in plan.conflicts for cid in plan.conflict_clauses(c)}
        self.channel_of = channels_of_documents(docs)
        self.channels = [c for c in CHANNEL_ORDER if c in set(self.channel_of.values())]
        self.titles = sorted({" ".join(d.title.split()) for d in docs if d.title}, key=len,
                             reverse=True)
        self._sources_named = re.compile("|".join(
            rf"\b{re.escape(t)}\b" + ("" if DOCUMENT.search(t) else rf"\s+{DOCUMENT.pattern}")
            for t in self.titles), re.IGNORECASE) if self.titles else None
        named = [re.escape(t) for t in self.titles if DOCUMENT.search(t)]
        self._named_bare = re.compile("|".join(named), re.IGNORECASE) if named else None
        # a title that is an ordinary word is a document's name with the word after it ("the
        # remote working guide"; not "standard": "the Bluetooth standard" is another thing)
        named += [re.escape(t) + _DOCUMENT_AFTER_TITLE for t in self.titles
                  if not DOCUMENT.search(t)]
        self._named = re.compile(
            r"\b(?P<which>the|our|this) (?P<title>" + "|".join(named) + r")\b"
            r"(?P<self>\s*\(this (?:document|policy|guidance|guide)\))?",
            re.IGNORECASE) if named else None
        self._document_titled = {" ".join(d.title.split()).lower(): d.id for d in docs}
        self._clauses: dict[str, tuple[PlanClause, ...]] = {}  # section id -> its clauses

    def audience_statements(self, *, conflict_sides: bool) -> list[tuple[PlanClause, str]]:
        """Returns (clause, its first sentence) for the paragraphs of the Introduction and the
        Scope saying whom the policy applies to; with or without the sides of a conflict."""
        out = []
        for sid in ("p-introduction", "p-scope"):
            if sid not in self.sections:
                continue
            clauses = ([self.plan.clause(cid) for cid in self.sections[sid].clause_ids]
                       if conflict_sides else self.clauses(sid))
            for c in clauses:
                first = split_sentences(c.text.strip())[0] if c.text.strip() else ""
                if c.kind is BlockKind.PARAGRAPH and first and audience(first)[0]:
                    out.append((c, first))
        return out

    def clauses(self, section_id: str) -> list[PlanClause]:
        """Returns the section's own clauses in order, but those the editorial steps leave
        alone: left out by a default (or in a chapter left out), proposals, and the sides of a
        conflict. (Each step asks again: read once.)"""
        found = self._clauses.get(section_id)
        if found is None:
            found = self._clauses[section_id] = tuple(self._own_clauses(section_id))
        return list(found)

    def _own_clauses(self, section_id: str) -> list[PlanClause]:
        # a conflict's side keeps its lead-in and list with it: none of them is reworded
        return [c for group, held in self.clause_groups_held(section_id) if not held
                for c in group]

    def clause_groups_held(self, section_id: str) -> list[tuple[list[PlanClause], bool]]:
        """Returns the section's own clauses (but those left out by a default and proposals)
        in the groups that move together (clause_groups), each with True when it holds a side
        of a conflict."""
        section = self.sections.get(section_id)
        if section is None or section.id in self.excluded or section.parent_id in self.excluded:
            return []
        clauses = [c for c in map(self.plan.clause, section.clause_ids)
                   if c.id not in self.excluded and c.status is not ClauseStatus.PROPOSED]
        return [(group, any(c.id in self.in_conflict for c in group))
                for group in clause_groups(clauses)]

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

    def links_of(self, clause: PlanClause) -> set[tuple[str, str]]:
        """Returns the (words, address) of the links in a clause's source blocks."""
        out: set[tuple[str, str]] = set()
        for ref in clause.sources:
            block = self._linked.get((ref.document_id, ref.block_id))
            out |= {(" ".join(r.text.split()), r.hyperlink) for r in (block.runs if block else ())
                    if r.hyperlink}
        return out

    def links_itself(self, clause: PlanClause) -> bool:
        """Returns True when the clause's "this document" (guidance, guide, policy) is a link:
        "The access rules that apply are described in this document", the last two words a link
        to the access rules' page, names that page, not the policy it is in."""
        return any(_SELF_NAMED.fullmatch(words) for words, _ in self.links_of(clause))

    def without_superseded(self, clause: PlanClause) -> str:
        """Returns the clause's text with "this email policy" and "this guidance" (or guide,
        document) as "this policy", a superseded policy named as "this policy", and a sentence
        saying what the old document was left out; as it is when its "this document" is a link
        (links_itself: it names the linked page)."""
        text = clause.text
        if self.links_itself(clause):
            return text
        if not _may_name_a_document(text) or not (DOCUMENT.search(text)
                                                  or ALONGSIDE.search(text)
                                                  or _THIS_SOURCE.search(text)):
            return text  # names no document at all
        split = split_sentences(text)
        sentences = [t for t in split
                     if not (_THIS_DOCUMENT_IS.match(t) and self.names_a_source(t))
                     and not self.points_elsewhere(t)]
        if not sentences:
            return text  # all of it points elsewhere: left out whole, with a note (leftovers)
        text = " ".join(sentences) if len(sentences) < len(split) else text
        text = _THIS_CHANNEL_POLICY.sub(lambda m: "this " + m.group(1).lower(), text)
        # (not when the clause names another guide: "... the NCSC's Cloud Security Guidance.
        # This guidance requires ..." is that one)
        if not _names_other_guidance(text):
            text = _THIS_SOURCE.sub(lambda m: m.group(1) + " policy", text)
        text = self._out_of_lists(text)
        text = self._named.sub(self._named_now, text) if self._named else text
        return _SAID_TWICE.sub(r"\1", text)  # "the IT Acceptable Use Policy (this document)"

    def _named_now(self, m: re.Match) -> str:
        """Returns what a source policy named in a clause is now: "this policy" ("this Email
        Policy", "comply with the Internet Use Policy": its rules are this policy's, wherever
        they are now), but the chapter holding most of it where the clause sends the reader to
        read it ("please consult our Guidance for using Open Internet Tools" is "... the
        Internet chapter of this policy": "this policy" would send them round in a circle)."""
        if _ANOTHER_ONES.match(m.string, m.end()) or m.string[max(0, m.start() - 1):
                                                            m.start()] in _QUOTE_MARKS:
            return m.group(0)  # "the email policy of the recipient's organisation", quoted
        title = " ".join(m.group("title").split()).lower()
        document_id = self._document_titled.get(title) or self._document_titled.get(
            re.sub(_DOCUMENT_AFTER_TITLE + "$", "", title))
        chapter = self.own_chapter(document_id) if document_id else ""
        if m.group("which").lower() == "this" or m.group("self") or not chapter or \
                not _POINTS_TO.search(m.string, 0, m.start()):
            now = "this policy"  # (its rules are this policy's, wherever they are now)
        else:
            now = f"the {self.sections[chapter].title} chapter of this policy"
        return now[0].upper() + now[1:] if m.group("which")[0].isupper() else now

    def _out_of_lists(self, text: str) -> str:
        """Returns the text with superseded policies taken out of lists of documents ("the
        Data Protection Policy, Internet Use Policy and Code of Conduct" is "the Data
        Protection Policy and Code of Conduct"); a list of nothing else is left as it is."""
        if not self._named_bare:
            return text
        names = self._named_bare.pattern
        text = re.sub(rf",\s+(?:the\s+)?(?:{names})(?=\s*,|\s+and\s)", "", text,
                      flags=re.IGNORECASE)
        last = re.search(rf"(,?)\s+and\s+(?:the\s+)?(?:{names})\b", text, re.IGNORECASE)
        if last:
            before = text[:last.start()]
            comma = before.rfind(", ")
            if comma >= 0 and not re.search(names, before[comma:], re.IGNORECASE):
                before = before[:comma] + " and " + before[comma + 2:]
                text = before + text[last.end():]
        return text

    def names_a_source(self, text: str) -> bool:
        """Returns True when the text names a source policy as a document: its title when the
        title says it is one ("Email Policy"), else the title followed by such a word ("the
        Laptops guidance"); a title that is an ordinary word ("Laptops") is not enough."""
        return bool(self._sources_named and self._sources_named.search(text))

    def only_points_elsewhere(self, clause: PlanClause) -> bool:
        """Returns True for a clause every sentence of which points_elsewhere."""
        sentences = split_sentences(clause.text)
        return bool(sentences) and all(map(self.points_elsewhere, sentences))

    def points_elsewhere(self, sentence: str) -> bool:
        """Returns True for a sentence that only sends the reader to the policies this one
        replaces ("Read this alongside the Internet Use Policy.", "Personal devices are covered
        by separate policies."): no duty, figure or consequence of its own."""
        if not _may_name_a_document(sentence) or not ALONGSIDE.search(sentence) or not (
                self.names_a_source(sentence) or _SEPARATE.search(sentence)):
            return False
        others = self._sources_named.sub("", sentence) if self._sources_named else sentence
        if _OTHER_DOCUMENT.search(others):
            return False  # it points at other documents too: they stay named (_out_of_lists)
        found = stance(_READ_WITH_MODAL.sub("", sentence))
        return found.modality is None and not found.negated and not found.figures \
            and not found.periods and not found.sanction


def _names_other_guidance(text: str) -> bool:
    """Returns True when the text names a guide or document other than its own: a word for one
    within a sentence, or opening a sentence that does not name its own ("Guidance and
    suggestions for improving privacy appear throughout this guide" names no other; "Guidance
    from the NCSC covers pairing. This guidance says ..." does)."""
    for sentence in split_sentences(text):
        rest = _THIS_SOURCE.sub(" ", sentence)
        for m in _OTHER_GUIDANCE.finditer(rest):
            if rest[:m.start()].strip() or rest == sentence:
                return True
    return False


def _may_name_a_document(text: str) -> bool:
    """Returns False when `text` can match neither DOCUMENT nor ALONGSIDE."""
    return may_contain(text, _DOCUMENT_HINTS)


def clause_groups(clauses: Sequence[PlanClause]) -> list[list[PlanClause]]:
    """Returns the clauses in groups that move together: a lead-in ending in a colon with the
    list items after it, a requirement's label with the clause after it, else one clause."""
    groups: list[list[PlanClause]] = []
    for clause in clauses:
        last = groups[-1] if groups else None
        if last and clause.kind is BlockKind.LIST_ITEM and _opens_list(last) and \
                not is_requirement_id(clause.text):
            last.append(clause)
        elif last and len(last) == 1 and is_requirement_id(last[0].text):
            last.append(clause)
        else:
            groups.append([clause])
    return groups


def _opens_list(group: list[PlanClause]) -> bool:
    return group[0].kind is BlockKind.PARAGRAPH and group[0].text.rstrip().endswith(":")
