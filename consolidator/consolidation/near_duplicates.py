"""Near-duplicates: clauses several policies word almost alike, proposed as one wording.

The draft merges clauses only when they say the same (combine.same_content); near-identical ones
that differ in what they name ("all email sent from their account" / "all internet activity
carried out under their login") stay one per policy, one after another: the sources stapled
together. `combined_wordings` proposes one clause for each such group standing together in a
section, the words they share written once and what differs listed whole
(combine.combine_channels): "Staff are responsible for all email sent from their account,
internet activity carried out under their login and activity on the mobile phone issued to them
and must lock ...". The author sees it as a proposal and can keep the sources.

Only single sentences differing in one plain phrase each are combined (no verb, condition,
comma-separated list, name or second sentence in what differs; "network and devices" may be),
and never clauses that disagree (the sides of a conflict,
different duties, figures, periods, people or consequences: wording.compatible), a list's
lead-in (with or without a colon) or items, clauses narrowing whom they apply to differently, a
clause whose words are all in another ("share passwords" / "share email passwords": which is
meant is the author's call), or when the combined wording would leave out a word of any of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations, permutations

from rapidfuzz import fuzz

from consolidator.consolidation.clauses import NEAR_IDENTICAL, Cluster, ClusterKind
from consolidator.consolidation.combine import combine_channels, differing_parts
from consolidator.consolidation.conflicts import disagreement
from consolidator.consolidation.plan import PlanClause
from consolidator.consolidation.proposals import Proposal, proposal_clauses, proposal_id
from consolidator.consolidation.reading import DraftReading
from consolidator.consolidation.units import list_lead_ins, split_sentences
from consolidator.consolidation.wording import compatible, stance
from consolidator.model import BlockKind

_MODAL = re.compile(r"\b(?:may|might|will|would|shall|must|should|can|could|need|never|not)\b")
# What a listed phrase may not hold: punctuation, "nor" or "but", a condition, a verb of its
# own, a negation, a capitalised word (a name's case and grouping are the author's: "Gmail,
# Hotmail"). "and" or "or" joining words inside it may be there ("internet use on its network
# and devices"): the combined wording then closes the list with a comma (combine.py).
_BUSY = re.compile(r"[,;:]|\b(?:nor|but|when|whenever|if|unless|where|while|is|are|was|were|"
                   r"be|been|has|have|had|must|"
                   r"should|shall|will|would|may|might|can|could|need|needs|do|does|did|not|"
                   r"never|no)\b|\b[A-Z]")
NOTE = "near-identical wordings of {} combined into one clause"


def combined_wordings(reading: DraftReading, clusters: Sequence[Cluster],
                      taken: set[str]) -> list[Proposal]:
    """Returns a proposal for each group of near-identical clauses of one section (see the
    module docstring); clauses in `taken` (already reworded or moved) are left alone."""
    clause_of = {r.key: c.id for c in reading.plan.clauses for r in c.sources}
    lead_ins = list_lead_ins(reading.docs)
    out = []
    for cluster in clusters:
        if cluster.kind is ClusterKind.IDENTICAL:
            continue
        group = _standing_together(cluster, clause_of, reading, taken)
        proposal = _proposal(group, reading, lead_ins) if group else None
        if proposal is not None:
            out.append(proposal)
            taken.update(proposal.replaces)
    return out


_MORE_THAN_ONE = re.compile(r"[.!?]\s+\S")  # a sentence's end before more text
SHARED_NOTE = "paragraphs of {} saying the same sentences printed once, with what each adds"


def shared_sentences(reading: DraftReading, taken: set[str]) -> list[Proposal]:
    """Returns a proposal for each two paragraphs of different policies whose sentences are
    mostly the same ones, in the same order (NHS England's two tools guides both say "You have
    a duty of confidentiality ... This is Principle 2 ... The NHS trusts you ..." and end in
    sentences of their own): one paragraph, the shared sentences once and each one's own
    sentences where they stood, in place of the first; the second goes. Not when their own
    sentences disagree (a different duty, figure, period, person or consequence: those stay
    apart for the author), nor for a list's lead-in, a side of a conflict or a clause already
    reworded or moved (`taken`, which gains those proposed)."""
    sentences: dict[str, list[str]] = {}
    paragraphs = []
    for section_id in reading.sections:
        for c in reading.clauses(section_id):
            if c.id in taken or c.kind is not BlockKind.PARAGRAPH or \
                    c.text.rstrip().endswith(":") or not _MORE_THAN_ONE.search(c.text):
                continue  # (one sentence shares no two)
            paragraphs.append(c)
            sentences[c.id] = _sentences(c.text)
    holders: dict[str, list[PlanClause]] = {}
    for clause in paragraphs:
        for sentence in dict.fromkeys(sentences[clause.id]):
            holders.setdefault(sentence, []).append(clause)
    name_of = {d.id: d.name for d in reading.docs}
    out = []
    for first, second in _pairs_sharing(paragraphs, sentences, holders):
        if first.id in taken or second.id in taken or \
                reading.links_of(second) - reading.links_of(first):
            continue  # (the merged wording takes the first's formatting: the link would go)
        merged = _union(*(_sentences(reading.without_superseded(c))
                          for c in (first, second)))
        if merged is None:
            continue
        names = sorted({name_of[r.document_id] for c in (first, second) for r in c.sources})
        head = proposal_id("shared-sentences", [first.id, second.id])
        out.append(Proposal(reading.section_of(first.id), proposal_clauses(
            head, [(BlockKind.PARAGRAPH, " ".join(merged))], reading.refs([first, second])),
            (first.id, second.id), SHARED_NOTE.format(" and ".join(names)), before=first.id))
        taken.update((first.id, second.id))
    return out


def _sentences(text: str) -> list[str]:
    return [" ".join(t.split()) for t in split_sentences(text)]


def _pairs_sharing(paragraphs: list[PlanClause], sentences: dict[str, list[str]],
                   holders: dict[str, list[PlanClause]]
                   ) -> list[tuple[PlanClause, PlanClause]]:
    """Returns the pairs of paragraphs of different policies sharing two sentences or more,
    which are at least half of each one's, in draft order."""
    order = {c.id: n for n, c in enumerate(paragraphs)}
    shared: dict[tuple[str, str], int] = {}
    for held in holders.values():
        if len(held) > 8:
            continue  # a sentence every policy says ("Contact the Service Desk."): no sign
        for a, b in combinations(held, 2):
            if not {r.document_id for r in a.sources} & {r.document_id for r in b.sources}:
                key = (a.id, b.id) if order[a.id] < order[b.id] else (b.id, a.id)
                shared[key] = shared.get(key, 0) + 1
    by_id = {c.id: c for c in paragraphs}
    return [(by_id[a], by_id[b]) for (a, b), n in sorted(shared.items(), key=lambda kv: (
        order[kv[0][0]], order[kv[0][1]]))
        if n >= 2 and 2 * n >= max(len(sentences[a]), len(sentences[b]))]


def _union(first: list[str], second: list[str]) -> list[str] | None:
    """Returns the sentences of both paragraphs, the shared ones once: the first's in order,
    each of the second's own before the shared sentence that followed it there (after the
    first's own); None when the shared sentences come in another order, or an own sentence of
    one disagrees with one of the other's."""
    common = [t for t in first if t in second]
    if common != [t for t in second if t in first] or len(set(common)) != len(common):
        return None
    own_first = [t for t in first if t not in common]
    own_second = [t for t in second if t not in common]
    if any(disagreement(a, b) is not None or _likeness(a, b) >= NEAR_IDENTICAL
           for a in own_first for b in own_second):
        return None  # (near-identical own sentences side by side: one is the author's call)
    if any(_EXCEPTION.search(t) for t in own_first + own_second):
        return None  # "Agency workers are exempt from this rule": one policy's, not both's
    merged = list(first)
    waiting: list[str] = []
    for sentence in second:
        if sentence not in common:
            waiting.append(sentence)
        elif waiting:  # before this shared sentence, after the first's own before it
            at = merged.index(sentence)
            merged[at:at] = waiting
            waiting = []
    return merged + waiting


# An own sentence that widens or narrows whom the shared ones apply to.
_EXCEPTION = re.compile(r"\b(?:exempt|except|unless|excluding|apart from|other than|as well|"
                        r"(?:does|do|shall|will) not apply|only appl(?:y|ies)|"
                        r"also appl(?:y|ies))\b", re.IGNORECASE)


def _likeness(a: str, b: str) -> float:
    """Returns the analysis's likeness of two sentences (clauses.py's measure)."""
    a, b = a.lower(), b.lower()
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)) / 100


def _standing_together(cluster: Cluster, clause_of: dict[str, str], reading: DraftReading,
                       taken: set[str]) -> list[PlanClause]:
    """Returns the draft's clauses holding the cluster's members when they are two or more
    paragraphs of different policies, in one section (or its channel sub-sections) and open to
    rewording; else []."""
    ids = list(dict.fromkeys(clause_of.get(m.key, "") for m in cluster.members))
    if len(ids) < 2 or "" in ids or taken.intersection(ids):
        return []
    sections = {reading.section_of(cid) for cid in ids}
    if not _one_home(sections, reading):
        return []
    open_ids = {c.id for sid in sections for c in reading.clauses(sid)}
    clauses = [reading.plan.clause(cid) for cid in ids]
    if not all(c.id in open_ids and c.kind is BlockKind.PARAGRAPH
               and not c.text.rstrip().endswith(":") for c in clauses):
        return []
    documents = [{r.document_id for r in c.sources} for c in clauses]
    if any(a & b for a, b in combinations(documents, 2)):
        return []  # one policy's two clauses: not near-duplicates across policies
    return clauses


def _one_home(sections: set[str], reading: DraftReading) -> str:
    """Returns the section the combined clause goes in: the clauses' own section, or the
    chapter whose channel sub-sections hold them (Monitoring for "Monitoring: Email" and
    "Monitoring: Internet"); "" when they are further apart."""
    if len(sections) == 1:
        return next(iter(sections))
    parents = {reading.sections[s].parent_id for s in sections}
    parent = parents.pop() if len(parents) == 1 else ""
    return parent if parent and all(s.startswith(parent + "--") for s in sections) else ""


def _proposal(clauses: list[PlanClause], reading: DraftReading,
              lead_ins: frozenset[str]) -> Proposal | None:
    texts = [reading.without_superseded(c) for c in clauses]
    if not _agree(texts) or not _one_simple_difference(texts) or any(
            _content(a) <= _content(b) for a, b in permutations(texts, 2)):
        return None  # ("passwords" / "email passwords": which one is meant is the author's)
    if any(r.block_key in lead_ins for c in clauses for r in c.sources):
        return None  # a list's lead-in: its list would follow one wording only
    combined = combine_channels(texts)
    if not combined or any(_content(t) - _content(combined) for t in texts):
        return None  # the combined wording would lose a word of one of them
    name_of = {d.id: d.name for d in reading.docs}
    names = sorted({name_of[r.document_id] for c in clauses for r in c.sources})
    head = proposal_id("near-duplicates", [c.id for c in clauses])
    home = _one_home({reading.section_of(c.id) for c in clauses}, reading)
    return Proposal(home,
                    proposal_clauses(head, [(BlockKind.PARAGRAPH, combined)],
                                     reading.refs(clauses)),
                    tuple(c.id for c in clauses), NOTE.format(", ".join(names)),
                    before=clauses[0].id)  # (first in a chapter it is not listed in)


def _agree(texts: Sequence[str]) -> bool:
    """Returns True when the texts state the same duty (or none) to the same people and no two
    commit to anything different (figure, period, person, consequence)."""
    said = {(tuple(sorted(_MODAL.findall(t.lower()))), stance(t).negation, stance(t).audience)
            for t in texts}
    if len(said) > 1:
        return False  # "may refer the matter" / "will inform the police": not one commitment
    return all(compatible(stance(a), stance(b)) and disagreement(a, b) is None
               for a, b in combinations(texts, 2))


def _one_simple_difference(texts: Sequence[str]) -> bool:
    """Returns True when the texts are single sentences sharing their opening words and
    differing in one plain phrase each: no verb, negation, list, clause or name of its own
    ("email sent from their account" / "internet activity carried out under their login").
    Anything more ("Lost laptops must be ... Lost phones must be ...", "forward it to X nor
    store it", "Gmail, Hotmail") is not combined: the listed phrases would not read as one
    sentence, or a condition would attach to one of them only."""
    if any(len(split_sentences(t)) > 1 for t in texts):
        return False
    parts = differing_parts(texts)
    if parts is None or not parts[0].strip():
        return False
    return all(m and not _BUSY.search(m) for m in parts[1])


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}
