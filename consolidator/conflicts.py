"""Conflicting clauses: permitted vs prohibited, must vs may, other periods, figures or roles."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from consolidator.periods import mask_periods, quantities
from consolidator.progress import CancelCheck, Progress, check_cancel, report
from consolidator.topics import find_channels, mask_channels, phrase_alternation, words

if TYPE_CHECKING:
    from consolidator.clauses import ClauseIndex, ClauseRef

SAME_TOPIC_CORE = 88.0  # core likeness (differing terms masked) of clauses about the same thing
OTHER_TOPIC_CORE = 94.0  # stricter when the clauses sit under different topics


class ConflictKind(str, Enum):
    PERMITTED_VS_PROHIBITED = "permitted-vs-prohibited"
    REQUIRED_VS_PROHIBITED = "required-vs-prohibited"
    REQUIRED_VS_OPTIONAL = "required-vs-optional"  # must vs may
    PERIOD = "period"  # 24 hours vs 48 hours
    NUMBER = "number"
    ROLE = "role"  # different responsible roles


class Modality(str, Enum):
    PROHIBITED = "prohibited"
    REQUIRED = "required"
    PERMITTED = "permitted"


@dataclass(frozen=True)
class Finding:
    """What differs between two clauses about the same thing: the kind and each side's term."""

    kind: ConflictKind
    term_a: str
    term_b: str
    cross_channel: bool = False  # the clauses are about different channels


@dataclass(frozen=True)
class Conflict:
    """Two clauses that disagree; `reason` says in plain English what differs."""

    id: str  # "x" + hash of both clause keys
    kind: ConflictKind
    a: ClauseRef
    b: ClauseRef
    reason: str
    cross_channel: bool = False


_PROHIBIT = re.compile(
    r"\b(must not|mustn't|may not|shall not|should not|shouldn't|cannot|can not|can't|"
    r"will not be (?:permitted|allowed|tolerated)|(?:is|are) not (?:permitted|allowed)|"
    r"not (?:permitted|allowed)|(?:is|are) (?:strictly )?prohibited|prohibited|forbidden|"
    r"never|under no circumstances|not be used|(?:is|are) (?:blocked|banned|barred))\b",
    re.IGNORECASE,
)
_REQUIRE = re.compile(
    r"\b(must|shall|(?:is|are) required to|required to|should|needs? to|ha(?:ve|s) to|"
    r"(?:is|are) expected to|(?:is|are) obliged to)\b",
    re.IGNORECASE,
)
_PERMIT = re.compile(
    r"\b(may|can|(?:is|are) (?:permitted|allowed)|permitted|allowed|(?:is|are) acceptable|"
    r"(?:is|are) entitled to)\b",
    re.IGNORECASE,
)

ROLES: tuple[str, ...] = tuple(sorted((
    "line manager", "manager", "head of service", "head of department", "service manager",
    "ict service desk", "it service desk", "service desk", "ict helpdesk", "it helpdesk",
    "helpdesk", "ict team", "it team", "ict department", "it department", "ict services",
    "information governance team", "information governance officer",
    "data protection officer", "senior information risk owner", "siro",
    "human resources", "hr team", "hr", "monitoring officer", "chief executive", "director",
    "communications team", "communications manager", "press office", "supervisor",
    "information security officer", "security team", "caldicott guardian", "legal services",
    "head of ict", "head of it", "head of hr", "head of human resources", "audit team",
    "internal audit", "information governance manager", "information governance lead",
    "head of communications", "head of legal services", "head of digital", "ict security lead",
    "it security lead", "security lead", "records manager", "chief information officer",
    "data protection lead", "digital team",
), key=len, reverse=True))
_ROLE = re.compile(r"\b(" + phrase_alternation(ROLES) + r")\b", re.IGNORECASE)


def modality(text: str) -> tuple[Modality | None, str]:
    """Returns the clause's strongest modality and the phrase that says it ("must not")."""
    m = _PROHIBIT.search(text)
    if m:
        return Modality.PROHIBITED, m.group(1)
    rest = text
    m = _REQUIRE.search(rest)
    if m:
        return Modality.REQUIRED, m.group(1)
    m = _PERMIT.search(rest)
    if m:
        return Modality.PERMITTED, m.group(1)
    return None, ""


def roles(text: str) -> list[str]:
    """Returns the responsible roles named in `text`, lower-case, in order."""
    return [m.group(1).lower() for m in _ROLE.finditer(text)]


def core_text(text: str) -> str:
    """Returns the clause with modality, figures, roles and channels masked, as plain words."""
    masked = _PROHIBIT.sub(" xmodalx ", text)
    masked = _REQUIRE.sub(" xmodalx ", masked)
    masked = _PERMIT.sub(" xmodalx ", masked)
    masked = mask_periods(masked)
    masked = _ROLE.sub(" xrolex ", masked)
    masked = mask_channels(masked)
    return " ".join(words(masked))


def judge_pair(text_a: str, text_b: str, *, same_topic: bool) -> Finding | None:
    """Returns what two clauses disagree on, or None when they agree or are about different things.

    Clauses are compared only when they say the same once the differing terms are masked (core
    likeness at least 88, or 94 under different topics), so unrelated clauses are never flagged.
    """
    core_a, core_b = core_text(text_a), core_text(text_b)
    if not core_a or not core_b:
        return None
    threshold = SAME_TOPIC_CORE if same_topic else OTHER_TOPIC_CORE
    if fuzz.ratio(core_a, core_b) < threshold:
        return None
    channels_a = {m.channel for m in find_channels(text_a)}
    channels_b = {m.channel for m in find_channels(text_b)}
    cross = bool(channels_a and channels_b and channels_a != channels_b)

    mod_a, phrase_a = modality(text_a)
    mod_b, phrase_b = modality(text_b)
    if mod_a and mod_b and mod_a is not mod_b:
        kinds = {mod_a, mod_b}
        if kinds == {Modality.PERMITTED, Modality.PROHIBITED}:
            kind = ConflictKind.PERMITTED_VS_PROHIBITED
        elif kinds == {Modality.REQUIRED, Modality.PROHIBITED}:
            kind = ConflictKind.REQUIRED_VS_PROHIBITED
        else:
            kind = ConflictKind.REQUIRED_VS_OPTIONAL
        return Finding(kind, phrase_a, phrase_b, cross)

    qa, qb = quantities(text_a), quantities(text_b)
    periods_a = sorted(v for u, v, _ in qa if u == "period")
    periods_b = sorted(v for u, v, _ in qb if u == "period")
    if periods_a and periods_b and periods_a != periods_b:
        return Finding(ConflictKind.PERIOD, _surfaces(qa, "period"), _surfaces(qb, "period"),
                       cross)
    others_a = sorted((u, v) for u, v, _ in qa if u != "period")
    others_b = sorted((u, v) for u, v, _ in qb if u != "period")
    if others_a and others_b and others_a != others_b:
        return Finding(ConflictKind.NUMBER, _surfaces(qa, None), _surfaces(qb, None), cross)

    roles_a, roles_b = roles(text_a), roles(text_b)
    if roles_a and roles_b and set(roles_a) != set(roles_b):
        return Finding(ConflictKind.ROLE, ", ".join(dict.fromkeys(roles_a)),
                       ", ".join(dict.fromkeys(roles_b)), cross)
    return None


def _surfaces(found: list[tuple[str, float, str]], unit: str | None) -> str:
    picked = [s for u, _, s in found if (u == unit if unit else u != "period")]
    return ", ".join(dict.fromkeys(picked))


def describe(finding: Finding, where_a: str, where_b: str) -> str:
    """Returns the plain-English reason for a conflict between the clauses at where_a, where_b."""
    a, b = finding.term_a, finding.term_b
    if finding.kind is ConflictKind.PERMITTED_VS_PROHIBITED:
        a_says, b_says = _permit_words(a), _permit_words(b)
        text = f"{where_a} {a_says} (\u201c{a}\u201d) but {where_b} {b_says} (\u201c{b}\u201d)"
    elif finding.kind is ConflictKind.REQUIRED_VS_PROHIBITED:
        text = (f"{where_a} says \u201c{a}\u201d but {where_b} says \u201c{b}\u201d: one "
                "requires what the other prohibits")
    elif finding.kind is ConflictKind.REQUIRED_VS_OPTIONAL:
        text = (f"{where_a} says \u201c{a}\u201d but {where_b} says \u201c{b}\u201d: required "
                "in one, optional in the other")
    elif finding.kind is ConflictKind.PERIOD:
        text = f"{where_a} gives {a} but {where_b} gives {b}"
    elif finding.kind is ConflictKind.NUMBER:
        text = f"{where_a} gives {a} but {where_b} gives {b}"
    else:
        text = f"{where_a} names the {a} but {where_b} names the {b}"
    if finding.cross_channel:
        text += " (for different channels: decide whether the Digital Policy keeps both rules)"
    return text + "."


def _permit_words(phrase: str) -> str:
    return "prohibits it" if _PROHIBIT.fullmatch(phrase) else "permits it"


def conflict_id(a: ClauseRef, b: ClauseRef) -> str:
    """Returns the stable id of a conflict between two clauses (order does not matter)."""
    keys = "|".join(sorted((a.key, b.key)))
    return "x" + hashlib.sha1(keys.encode()).hexdigest()[:10]


def find_conflicts(
    index: ClauseIndex,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> tuple[Conflict, ...]:
    """Returns the conflicts among the index's candidate pairs, in document order.

    A disagreement found between two sentences is reported once, at sentence level; the
    paragraphs holding them are not reported again.
    """
    report(progress, 0.0, "Looking for conflicting clauses")
    found: list[tuple[int, int, Finding]] = []
    for n, pair in enumerate(index.pairs):
        if n % 2000 == 0:
            check_cancel(cancel)
        if pair.finding is not None:
            found.append((pair.a, pair.b, pair.finding))
    sentence_blocks = {
        frozenset({index.units[a].block_key, index.units[b].block_key})
        for a, b, _ in found
        if index.units[a].sentence is not None or index.units[b].sentence is not None
    }
    conflicts: list[Conflict] = []
    seen: set[str] = set()
    for a, b, finding in sorted(found):
        ua, ub = index.units[a], index.units[b]
        if ua.sentence is None and ub.sentence is None and (
            frozenset({ua.block_key, ub.block_key}) in sentence_blocks
        ):
            continue
        cid = conflict_id(ua, ub)
        if cid in seen:
            continue
        seen.add(cid)
        reason = describe(finding, index.where(ua), index.where(ub))
        conflicts.append(Conflict(cid, finding.kind, ua, ub, reason, finding.cross_channel))
    report(progress, 1.0, f"{len(conflicts)} conflicts")
    return tuple(conflicts)
