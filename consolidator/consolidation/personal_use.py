"""Fourth conflict pass: one policy allows personal use of what it governs, another allows only
business use.

Policies say it in words that share little: "Don't use MoJ email or other messaging systems for
anything other than appropriate business purposes" against "The MoJ permits limited personal
use of its ICT systems". Neither of the first passes pairs them (they are about the same thing
only once "anything other than business purposes" is read as "no personal use"). This pass
reads each clause's stance on personal use (`personal_use`) and pairs a permission with a
prohibition of another policy when they can be about the same systems: the same channel, or
one of them about the organisation's systems as a whole ("its ICT systems" covers email). A
clause naming neither is about its own policy's channel ("Reasonable personal use is allowed"
in a web browsing policy says nothing of email). Not when one is about working
time and the other about the member of staff's own time ("no personal use during working
hours" / "may use the internet for personal reasons in their own time").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from consolidator.consolidation.conflicts import ConflictKind, Finding
from consolidator.consolidation.periods import complementary_times
from consolidator.consolidation.topics import find_channels, may_contain
from consolidator.consolidation.wording import BUSINESS_ONLY

_PERSONAL_BAN = re.compile(
    r"\bpersonal use\b[^.;]{0,60}?\bnot (?:permitted|allowed)\b|\bno personal use\b"
    r"|\bnot (?:\w+ ){0,2}(?:use|be used|make use of)\b[^.;]{0,60}?\bfor personal "
    r"(?:use|purposes|reasons)\b", re.IGNORECASE)  # a use banned, not "store files for personal
# use on shared drives", which restricts one use
_PERSONAL_PERMIT = re.compile(
    r"\bpermits? (?:\w+ ){0,2}personal use\b"
    r"|\bpersonal use\b[^.;]{0,60}?\b(?:is|are) (?:permitted|allowed|acceptable)\b"
    r"|\b(?:may|can) (?:make|use)\b[^.;]{0,60}?\bfor personal (?:use|purposes|reasons)\b"
    r"|\b(?:may|can) make (?:\w+ ){0,2}personal use\b"
    r"|\bnot (?:prevent|stop|prohibit|forbid|ban)\b[^.;]{0,80}?\bpersonal "
    r"(?:use|purposes|reasons)\b",
    re.IGNORECASE)
# A negation just before a permission turns it round: "does not permit personal use".
_NEGATED = re.compile(r"(?:\b(?:not|never|no)|n't)\s+(?:\w+\s+)?$", re.IGNORECASE)
_NOT = re.compile(r"\b(?:not|never|no)\b|n't\b", re.IGNORECASE)
_NOT_PREVENT = re.compile(r"\bnot (?:prevent|stop|prohibit|forbid|ban)\b", re.IGNORECASE)
# What a business-only rule must be about to rule out personal use of it: a system or device
# ("Council data must only be used for business purposes" says nothing of personal use).
_SYSTEMS = re.compile(
    r"\b(?:ICT|IT)\b|\b(?i:systems?|equipment|devices?|facilities|computers?|networks?|phones?|"
    r"laptops?|tablets?|internet|e-?mail|messaging|software|tools?|services)\b")
# The organisation's systems as a whole, whatever the channel.
_WHOLE_SYSTEMS = re.compile(
    r"\b(?:ICT|IT|(?i:computer|information|council|its|our|their))\s+"
    r"(?i:systems?|equipment|facilities|services|resources)\b")

PERMITTED, PROHIBITED = "permitted", "prohibited"
_WORK_WORDS = ("business", "work", "official", "council", "departmental")  # BUSINESS_ONLY's


def personal_use(text: str) -> tuple[str, str]:
    """Returns (PERMITTED or PROHIBITED, the words that say it) for a clause stating whether
    personal use of what it governs is allowed; ("", "") when it does not, or says both."""
    found = []
    if may_contain(text, ("personal",)):  # (every ban or permission of personal use says so)
        ban = _PERSONAL_BAN.search(text)
        if ban:
            found.append((PROHIBITED, ban.group(0)))
        permit = _PERSONAL_PERMIT.search(text)
        if permit and (_NOT_PREVENT.search(permit.group(0)) or not _NOT.search(permit.group(0))):
            negated = _NEGATED.search(text[:permit.start()])
            found.append((PROHIBITED if negated else PERMITTED,
                          (negated.group(0) if negated else "") + permit.group(0)))
    m = BUSINESS_ONLY.search(text) if may_contain(text, _WORK_WORDS) else None
    if m and _SYSTEMS.search(text):
        found.append((PROHIBITED, m.group(0)))
    if len({s for s, _ in found}) != 1:
        return "", ""
    return found[0][0], " ".join(found[0][1].split())


def find_personal_use_conflicts(texts: Sequence[str], documents: Sequence[str],
                                channel_of: Mapping[str, str], eligible: Sequence[bool],
                                flagged: set[tuple[int, int]]) -> list[tuple[int, int, Finding]]:
    """Returns (i, j, finding) for each eligible permission and prohibition of personal use,
    of different policies, that can be about the same systems (see the module docstring; the
    channel of each policy in `channel_of`); pairs in `flagged` are left as they are."""
    stances = {i: personal_use(t) for i, t in enumerate(texts) if eligible[i]}
    allowed = [i for i, (s, _) in stances.items() if s == PERMITTED]
    banned = [i for i, (s, _) in stances.items() if s == PROHIBITED]
    found = []
    for i in allowed:
        for j in banned:
            a, b = min(i, j), max(i, j)
            if documents[i] == documents[j] or (a, b) in flagged or \
                    not _same_systems(_systems(texts[i], channel_of.get(documents[i], "")),
                                      _systems(texts[j], channel_of.get(documents[j], ""))) \
                    or complementary_times(texts[i], texts[j]):
                continue
            finding = Finding(ConflictKind.PERMITTED_VS_PROHIBITED, stances[a][1], stances[b][1])
            found.append((a, b, finding))
    return sorted(found, key=lambda f: (f[0], f[1]))


def _systems(text: str, own_channel: str) -> frozenset[str]:
    """Returns the channels a clause is about: those it names, else none (all of them) when it
    names the organisation's systems as a whole, else its policy's channel."""
    named = frozenset(m.channel for m in find_channels(text))
    if named or _WHOLE_SYSTEMS.search(text) or own_channel in ("", "other"):
        return named
    return frozenset({own_channel})


def _same_systems(channels_a: frozenset[str], channels_b: frozenset[str]) -> bool:
    return not channels_a or not channels_b or bool(channels_a & channels_b)


