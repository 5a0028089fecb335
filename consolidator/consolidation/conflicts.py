"""Conflicting clauses: permitted vs prohibited, must vs may, other periods, figures or roles."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache

from rapidfuzz import fuzz

from consolidator.consolidation.periods import complementary_times, mask_periods, vague_deadline
from consolidator.consolidation.topics import STOPWORDS, find_channels, mask_channels, words
from consolidator.consolidation.units import ClauseRef
from consolidator.consolidation.wording import (
    BUSINESS_ONLY,
    PERMIT,
    PROHIBIT,
    REQUIRE,
    Modality,
    Stance,
    audiences_clash,
    contact_differences,
    mask_roles,
    modality,
    organisations_differ,
    prohibits,
    role_words,
    roles,
    stance,
)

__all__ = ["Modality", "modality", "role_words", "roles"]  # read here by older callers

SAME_TOPIC_CORE = 88.0  # core likeness (differing terms masked) of clauses about the same thing
OTHER_TOPIC_CORE = 94.0  # stricter when the clauses sit under different topics


class ConflictKind(str, Enum):
    PERMITTED_VS_PROHIBITED = "permitted-vs-prohibited"
    REQUIRED_VS_PROHIBITED = "required-vs-prohibited"
    REQUIRED_VS_OPTIONAL = "required-vs-optional"  # must vs may
    NEGATION = "negation"  # "are encrypted" vs "are not encrypted"
    PERIOD = "period"  # 24 hours vs 48 hours
    VAGUE_DEADLINE = "vague-deadline"  # "promptly" vs "within 24 hours"
    NUMBER = "number"
    ROLE = "role"  # different responsible roles
    ROUTE = "route"  # the same event reported to different people
    SANCTION = "sanction"  # "may" vs "will" result in disciplinary action
    SCOPE = "scope"  # the policy applies to different audiences


@dataclass(frozen=True)
class Finding:
    """What differs between two clauses about the same thing: the kind and each side's term.

    `also` holds the further differences between the same two clauses (a period *and* a role),
    each a Finding without `also` of its own; `differences` lists them all, this one first.
    """

    kind: ConflictKind
    term_a: str
    term_b: str
    cross_channel: bool = False  # the clauses are about different channels
    also: tuple[Finding, ...] = ()

    @property
    def differences(self) -> tuple[Finding, ...]:
        first = replace(self, also=()) if self.also else self
        return (first, *self.also)

    @property
    def kinds(self) -> tuple[ConflictKind, ...]:
        return tuple(d.kind for d in self.differences)

    def swapped(self) -> Finding:
        """Returns the finding with the sides exchanged (b's terms first)."""
        return Finding(self.kind, self.term_b, self.term_a, self.cross_channel,
                       tuple(d.swapped() for d in self.also))


def combine(differences: Sequence[Finding], cross_channel: bool = False) -> Finding | None:
    """Returns one Finding holding every difference (the first leads), or None when none; a
    kind that comes twice is named once."""
    kept: list[Finding] = []
    for d in differences:
        for part in d.differences:
            if all(k.kind is not part.kind for k in kept):
                kept.append(Finding(part.kind, part.term_a, part.term_b, cross_channel))
    if not kept:
        return None
    return replace(kept[0], also=tuple(kept[1:]))


@dataclass(frozen=True)
class Conflict:
    """Clauses that disagree; `reason` says in plain English what differs.

    `a` and `b` are the two sides. When the same clause stands in several policies (a duplicate
    cluster the draft merges into one clause), the conflict is reported once: the other copies
    of each side are in `a_copies` / `b_copies` and the ids the pairs of copies would have had
    in `aliases` (decisions saved under those ids still apply to this conflict).
    """

    id: str  # "x" + hash of both clause keys
    kind: ConflictKind  # the first difference; `finding.kinds` has them all
    a: ClauseRef
    b: ClauseRef
    reason: str
    cross_channel: bool = False
    finding: Finding | None = None
    a_copies: tuple[ClauseRef, ...] = ()
    b_copies: tuple[ClauseRef, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def kinds(self) -> tuple[ConflictKind, ...]:
        return self.finding.kinds if self.finding is not None else (self.kind,)

    @property
    def side_a(self) -> tuple[ClauseRef, ...]:
        return (self.a, *self.a_copies)

    @property
    def side_b(self) -> tuple[ClauseRef, ...]:
        return (self.b, *self.b_copies)

    @property
    def clauses(self) -> tuple[ClauseRef, ...]:
        """Returns every clause involved: side a (with its copies), then side b."""
        return self.side_a + self.side_b


@lru_cache(maxsize=65536)  # a clause is judged against many others
def core_text(text: str) -> str:
    """Returns the clause with modality, figures, roles and channels masked, as plain words."""
    masked = PROHIBIT.sub(" xmodalx ", text)
    masked = REQUIRE.sub(" xmodalx ", masked)
    masked = PERMIT.sub(" xmodalx ", masked)
    masked = mask_periods(masked)
    masked = mask_roles(masked)
    masked = mask_channels(masked)
    return " ".join(words(masked))


def judge_pair(text_a: str, text_b: str, *, same_topic: bool) -> Finding | None:
    """Returns what two clauses disagree on, or None when they agree or are about different things.

    Clauses are compared only when they say the same once the differing terms are masked (core
    likeness at least 88, or 94 under different topics), so unrelated clauses are never flagged.
    Every difference is named (see `differences`).
    """
    core_a, core_b = core_text(text_a), core_text(text_b)
    if not (_has_substance(core_a) and _has_substance(core_b)):
        return None
    threshold = SAME_TOPIC_CORE if same_topic else OTHER_TOPIC_CORE
    if fuzz.ratio(core_a, core_b) < threshold:
        return None
    return disagreement(text_a, text_b)


MIN_SUBSTANCE = 2  # words besides the masked terms two clauses must have to be compared
_PLACEHOLDERS = frozenset({"xmodalx", "xnumx", "xrolex", "channel"})


@lru_cache(maxsize=65536)  # asked of every pair a clause is in
def _has_substance(core: str) -> bool:
    """Returns True when a core text says something besides its masked terms: "Email:
    privacy@..." and "Email: servicedesk@..." are two addresses, not two rules."""
    return sum(1 for w in core.split()
               if w not in _PLACEHOLDERS and w not in STOPWORDS) >= MIN_SUBSTANCE


def disagreement(text_a: str, text_b: str) -> Finding | None:
    """Returns every difference between two clauses known to be about the same thing, or None.

    The caller has established that (judge_pair's masked likeness, or clauses alike enough to be
    merged): this names what differs. Clauses that are nothing but the differing terms ("Email:
    privacy@...") are no rules and never conflict (they are kept apart all the same, as
    wording.compatible says).
    """
    if not (_has_substance(core_text(text_a)) and _has_substance(core_text(text_b))):
        return None
    a, b = stance(text_a), stance(text_b)
    channels_a = {m.channel for m in find_channels(text_a)}
    channels_b = {m.channel for m in find_channels(text_b)}
    cross = bool(channels_a and channels_b and channels_a != channels_b)
    found = differences(a, b, times_apart=complementary_times(text_a, text_b))
    if len(a.negation) != len(b.negation) and not any(f.kind in _MODAL_KINDS for f in found) \
            and not complementary_times(text_a, text_b):
        found.insert(0, Finding(ConflictKind.NEGATION, ", ".join(a.negation),
                                ", ".join(b.negation)))
    return combine(found, cross)


_MODAL_KINDS = frozenset({"permitted-vs-prohibited", "required-vs-prohibited",
                          "required-vs-optional"})


def differences(a: Stance, b: Stance, *, times_apart: bool = False,
                modal: tuple[Modality | None, str, Modality | None, str] | None = None,
                ) -> list[Finding]:
    """Returns what two stances of clauses about the same thing disagree on, in reading order:
    the modality (`modal` overrides the stances' own: the second pass reads the main verb), a
    period, a deadline given without a figure against one with, a figure of the same kind, the
    roles or reporting route (when neither names all the other's: "the Service Desk and the line
    manager" adds a role to "the Service Desk", it contradicts nothing), a team given two
    addresses, the strength of a sanction and the audience of a scope statement.
    `times_apart`: one clause is about working time, the other about own time (no modality
    conflict then)."""
    found: list[Finding] = []
    mod_a, phrase_a, mod_b, phrase_b = modal or (a.modality, a.modal_phrase, b.modality,
                                                 b.modal_phrase)
    if mod_a and mod_b and mod_a is not mod_b and not times_apart:
        found.append(Finding(modality_kind(mod_a, mod_b), phrase_a, phrase_b))
    if a.periods and b.periods and a.periods != b.periods:
        found.append(Finding(ConflictKind.PERIOD, a.period_words, b.period_words))
    elif a.vague and b.periods and not a.periods or b.vague and a.periods and not b.periods:
        found.append(Finding(ConflictKind.VAGUE_DEADLINE, a.vague or a.period_words,
                             b.vague or b.period_words))
    if _figures_differ(a, b):
        found.append(Finding(ConflictKind.NUMBER, a.figure_words, b.figure_words))
    contact = contact_differences(a.contacts, b.contacts)
    if contact is not None:
        found.append(Finding(ConflictKind.ROUTE, *contact))
    elif a.roles and b.roles and not (a.roles <= b.roles or b.roles <= a.roles):
        kind = ConflictKind.ROUTE if a.reporting and b.reporting else ConflictKind.ROLE
        found.append(Finding(kind, a.role_words, b.role_words))
    if a.sanction and b.sanction and a.sanction != b.sanction:
        found.append(Finding(ConflictKind.SANCTION, a.sanction_words, b.sanction_words))
    if a.audience and b.audience and (audiences_clash(a.audience, b.audience) or
                                      organisations_differ(a.audience_words, b.audience_words)):
        found.append(Finding(ConflictKind.SCOPE, a.audience_words, b.audience_words))
    return found


def _figures_differ(a: Stance, b: Stance) -> bool:
    families = {u for u, _ in a.figures} & {u for u, _ in b.figures}
    return any(
        sorted(v for u, v in a.figures if u == f) != sorted(v for u, v in b.figures if u == f)
        for f in families
    )


def modality_kind(mod_a: Modality, mod_b: Modality) -> ConflictKind:
    """Returns the kind of conflict between two different modalities."""
    kinds = {mod_a, mod_b}
    if kinds == {Modality.PERMITTED, Modality.PROHIBITED}:
        return ConflictKind.PERMITTED_VS_PROHIBITED
    if kinds == {Modality.REQUIRED, Modality.PROHIBITED}:
        return ConflictKind.REQUIRED_VS_PROHIBITED
    return ConflictKind.REQUIRED_VS_OPTIONAL


_MODAL_NOTE = {
    ConflictKind.REQUIRED_VS_PROHIBITED: "one requires what the other prohibits",
    ConflictKind.REQUIRED_VS_OPTIONAL: "required in one, optional in the other",
    ConflictKind.NEGATION: "one states the opposite of the other",
    ConflictKind.VAGUE_DEADLINE: "one sets no time limit",
    ConflictKind.SANCTION: "one makes the consequence certain, the other only possible",
}


def describe(finding: Finding, where_a: str, where_b: str, *, plural_a: bool = False,
             plural_b: bool = False) -> str:
    """Returns the plain-English reason for a conflict between the clauses at where_a, where_b.

    One difference: "Email Policy.docx 4 gives 24 hours but Internet Use Policy.docx 6 gives
    48 hours." Several: "... 9.2 gives on the same working day and names the Information
    Governance Manager, but ... 6.5 gives 24 hours and names the ICT Service Desk." `plural_a`
    / `plural_b` say that a side names several places (the same clause in several policies).
    """
    differences = finding.differences
    says_a = [_predicate(d.kind, d.term_a, plural_a) for d in differences]
    says_b = [_predicate(d.kind, d.term_b, plural_b) for d in differences]
    joint = "" if len(differences) == 1 else ","
    text = f"{where_a} {_and(says_a)}{joint} but {where_b} {_and(says_b)}"
    notes = [_note(d) for d in differences if _note(d)]
    if notes:
        text += ": " + notes[0]
    if finding.cross_channel:
        text += " (for different channels: decide whether the Digital Policy keeps both rules)"
    return text + "."


_PERSONAL_USE_NOTE = "one allows personal use, the other only business use"


def _note(difference: Finding) -> str:
    """Returns what the kind of a difference means, when its terms do not say it."""
    if difference.kind is ConflictKind.PERMITTED_VS_PROHIBITED and _about_personal_use(
            difference.term_a) and _about_personal_use(difference.term_b):
        return _PERSONAL_USE_NOTE
    return _MODAL_NOTE.get(difference.kind, "")


def _about_personal_use(term: str) -> bool:
    """Returns True for a term saying whether personal use is allowed (personal_use.py)."""
    return "personal" in term.lower() or bool(BUSINESS_ONLY.search(term))


def _predicate(kind: ConflictKind, term: str, plural: bool) -> str:
    """Returns what one side says: "permits it (“may”)", "gives 24 hours" ..."""
    def verb(singular: str) -> str:
        if not plural:
            return singular
        return {"says": "say", "gives": "give", "names": "name"}.get(singular,
                                                                      singular[:-1])

    if kind is ConflictKind.PERMITTED_VS_PROHIBITED:
        if _about_personal_use(term):  # "says “permits limited personal use”"
            return f"{verb('says')} \u201c{term}\u201d"
        if term.startswith("listed for "):  # a table row naming who may use the item
            return f"{verb('lists')} it for {term.removeprefix('listed for ')}"
        act = verb("prohibits") if prohibits(term) else verb("permits")
        return f"{act} it (\u201c{term}\u201d)"
    if kind in (ConflictKind.REQUIRED_VS_PROHIBITED, ConflictKind.REQUIRED_VS_OPTIONAL,
                ConflictKind.SANCTION):
        return f"{verb('says')} \u201c{term}\u201d"
    if kind is ConflictKind.NEGATION:
        return f"{verb('says')} \u201c{term}\u201d" if term else verb("states") + " it"
    if kind is ConflictKind.VAGUE_DEADLINE and vague_deadline(term) == term:
        return f"{verb('says')} \u201c{term}\u201d"
    if kind is ConflictKind.ROLE:
        return f"{verb('names')} {_the(term)}"
    if kind is ConflictKind.ROUTE:
        return f"{verb('says')} to report to {_the(term)}"
    if kind is ConflictKind.SCOPE:
        return f"{verb('says')} it applies to {term}"
    return f"{verb('gives')} {term}"


def _the(names: str) -> str:
    """Returns "the Head of HR" for a role, an address as it is."""
    return names if "@" in names or names.lower().startswith("the ") else "the " + names


def _and(parts: Sequence[str]) -> str:
    """Returns "a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def conflict_id(a: ClauseRef, b: ClauseRef) -> str:
    """Returns the stable id of a conflict between two clauses (order does not matter)."""
    keys = "|".join(sorted((a.key, b.key)))
    return "x" + hashlib.sha1(keys.encode()).hexdigest()[:10]


def merge_copies(
    conflicts: Sequence[Conflict],
    clause_of: Mapping[str, str],
    where: Callable[[ClauseRef], str],
) -> tuple[Conflict, ...]:
    """Returns the conflicts with those between the same two clauses of the draft reported once.

    `clause_of` maps a source block key ("doc/block") to the draft clause standing for it: the
    copies of a clause that several policies hold (a duplicate cluster merged into one clause)
    map to the same one. Conflicts whose sides map to the same two clauses become the first of
    them (its id is kept; the others' ids become its `aliases`), naming every copy and every
    difference found between any of the pairs. `where` names a clause's place ("Email
    Policy.docx 4.2"). Conflicts with a side outside the draft are kept as they are.
    """
    groups: list[list[Conflict]] = []
    group_of: dict[frozenset[str], int] = {}
    for conflict in conflicts:
        ca, cb = clause_of.get(conflict.a.block_key), clause_of.get(conflict.b.block_key)
        key = frozenset({ca, cb}) if ca and cb and ca != cb else None
        if key is None or key not in group_of:
            if key is not None:
                group_of[key] = len(groups)
            groups.append([conflict])
        else:
            groups[group_of[key]].append(conflict)
    return tuple(g[0] if len(g) == 1 else _merged(g, clause_of, where) for g in groups)


def _rows_reason(members: Sequence[Conflict], side_a: str, clause_of: Mapping[str, str],
                 where: Callable[[ClauseRef], str]) -> str:
    """Returns the reason for conflicts between several rows of the same two tables, each
    row's difference named ("... and ... disagree on 2 rows. \u201cSlido\u201d: the first
    prohibits it ... \u201cApple Facetime\u201d: ..."), or "" when they are not such."""
    oriented = [(c.a, c.b, c.finding) if clause_of[c.a.block_key] == side_a
                else (c.b, c.a, c.finding.swapped() if c.finding else None) for c in members]
    if any(a.row is None or b.row is None or f is None for a, b, f in oriented) or len(
            {(a.block_key, b.block_key) for a, b, _ in oriented}) != 1:
        return ""
    a, b, _ = oriented[0]
    tables = [where(replace(ref, row=None, section=ref.block_section)) for ref in (a, b)]
    rows = " ".join(f"\u201c{_row_item(ra)}\u201d: {describe(f, 'the first', 'the second')}"
                    for ra, _, f in oriented if f is not None)
    return f"{tables[0]} and {tables[1]} disagree on {len(oriented)} rows. {rows}"


def _row_item(ref: ClauseRef) -> str:
    """Returns the item a table row is about, as its place names it."""
    return ref.section.rsplit("row \u201c", 1)[-1].removesuffix("\u201d")


def _merged(members: Sequence[Conflict], clause_of: Mapping[str, str],
            where: Callable[[ClauseRef], str]) -> Conflict:
    first = members[0]
    side_a = clause_of[first.a.block_key]
    copies_a: dict[str, ClauseRef] = {}
    copies_b: dict[str, ClauseRef] = {}
    findings: list[Finding] = []
    for c in members:
        same = clause_of[c.a.block_key] == side_a
        a, b = (c.a, c.b) if same else (c.b, c.a)
        for ref, copies in ((a, copies_a), (b, copies_b)):
            copies.setdefault(ref.key, ref)
        finding = c.finding or Finding(c.kind, "", "", c.cross_channel)
        findings.append(finding if same else finding.swapped())
    cross = any(f.cross_channel for f in findings)
    finding = combine(findings, cross) or findings[0]
    a_refs, b_refs = tuple(copies_a.values()), tuple(copies_b.values())
    places_a = list(dict.fromkeys(where(r) for r in a_refs))
    places_b = list(dict.fromkeys(where(r) for r in b_refs))
    reason = _rows_reason(members, side_a, clause_of, where) or describe(
        finding, _and(places_a), _and(places_b), plural_a=len(places_a) > 1,
        plural_b=len(places_b) > 1)
    return replace(first, kind=finding.kind, reason=reason, cross_channel=cross,
                   finding=finding, a_copies=a_refs[1:], b_copies=b_refs[1:],
                   aliases=tuple(c.id for c in members[1:]))
