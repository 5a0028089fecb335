"""Second conflict pass: clauses about the same subject, worded differently, that disagree.

The first pass (conflicts.judge_pair) only compares clauses that read alike once the differing
terms are masked. This pass catches the rest: "reviewed every two years" / "reviewed annually",
"may use their own smartphone to access Council email" / "must not access Council email from a
personal device". Each clause is reduced to its subject terms: content words, stemmed, with
modal verbs, figures, periods, role names and generic words ("staff", "Council") left out and
channel terms as channel tokens. Two clauses are about the same subject when the terms they
share carry most of the weight (rarer terms weigh more) of the shorter clause and a fair part of
both; only then is a difference looked for:

- a period, deadline or frequency ("immediately" vs "within 24 hours"), or another figure;
- a different responsible role (neither clause's roles include the other's);
- permitted vs prohibited (or, more strictly, required vs prohibited), judged on the action the
  main modal governs ("may *send work documents to their personal email account*") rather than
  on the whole sentence. Not when one clause is about working time and the other about the
  member of staff's own time ("must not take place during working time" / "is permitted in
  their own time"), nor when the actions name different channels and one clause does not govern
  its channel itself ("may use Council computers to access social media" is a rule about Council
  computers, not one a prohibition about Council email accounts contradicts).

Every difference found is named, not only the first (a deadline *and* a role).

A channel term counts as shared when both clauses name that channel and is ignored otherwise, so
that "records of email monitoring" and "records of internet monitoring" are about the same thing.
Clauses under different topics must agree on more of their subject than clauses of one topic.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, combinations, compress

from consolidator.consolidation.conflicts import ConflictKind, Finding, combine, differences
from consolidator.consolidation.periods import OWN_TIME, WORK_TIME, mask_periods, time_scope
from consolidator.consolidation.topics import STOPWORDS, find_channels, mask_channels, words
from consolidator.consolidation.wording import (
    ADDRESS,
    IMPERATIVE_MUST,
    IMPERATIVE_NOT,
    PROHIBIT,
    REQUIRE,
    Modality,
    Stance,
    contact_differences,
    mask_roles,
    stance,
)

MAX_WORDS = 60  # longer units (whole paragraphs, tables) are left to the first pass
MAX_POSTING = 150  # a term shared by more clauses than this is too common to pair on


@dataclass(frozen=True)
class Thresholds:
    """How much of their subject two clauses must share for a kind of difference to count.

    containment: shared weight / weight of the lighter clause; dice: 2 x shared / both weights;
    shared: the number of shared terms.
    """

    containment: float
    dice: float
    shared: int


# Figures (periods, numbers) and roles: the whole clause is the subject.
FIGURES_SAME_TOPIC = Thresholds(0.6, 0.2, 2)
FIGURES_OTHER_TOPIC = Thresholds(0.65, 0.5, 3)
# Permitted vs prohibited: the action the main modal governs is the subject.
POLARITY_SAME_TOPIC = Thresholds(0.4, 0.3, 2)
POLARITY_OTHER_TOPIC = Thresholds(0.9, 0.6, 3)
# Required vs prohibited ("must" / "must not"): often two different rules, so stricter, one topic.
REQUIRED_SAME_TOPIC = Thresholds(0.8, 0.75, 3)

# Words that say who or where, not what: they never make two clauses about the same thing.
GENERIC = frozenset("""
staff council councils employee employees member members person people user users colleague
colleagues also only other others such including include includes included example e g eg i ie
provided unless except who whom whose when where whether they their them themselves there those
these if than then into out up about before after within every each sooner being been so how
what would could might need needs needed time times way ways make makes made sure any all own
well via per upon without however therefore also etc one ones someone anyone everyone during
""".split())

# Policy wording that says the same thing in other words (after lower-casing, before stemming).
SYNONYMS: dict[str, str] = {
    "lost": "loss", "lose": "loss", "losing": "loss", "stolen": "theft", "steal": "theft",
    "thefts": "theft", "private": "personal", "forward": "send", "forwarded": "send",
    "forwarding": "send", "sent": "send", "sending": "send", "sends": "send",
    "kept": "keep", "retain": "keep", "retained": "keep", "retention": "keep", "held": "keep",
    "stored": "keep", "store": "keep", "authorize": "authorise", "authorized": "authorise",
    "authorisation": "authorise", "authorization": "authorise", "notify": "report",
    "notified": "report", "notification": "report", "e-mail": "email", "e-mails": "email",
    "reviewed": "review", "reviews": "review", "reviewing": "review", "used": "use",
    "using": "use", "uses": "use", "usage": "use", "accessed": "access", "accessing": "access",
}

_LEAD = re.compile(
    r"^\s*(?:if|where|when|whenever|although|unless|while|once|until|before|after)\b[^,]*,",
    re.IGNORECASE,
)
# Permission as the loose pass reads it: "can" is left out (it mostly says what is possible).
_LOOSE_PERMIT = re.compile(
    r"\b(may|(?:is|are) (?:permitted|allowed|acceptable)|permitted|allowed|"
    r"(?:is|are) entitled to)\b",
    re.IGNORECASE,
)
# Where the action governed by a modal ends.
_ACTION_END = re.compile(
    r"[;:(]|\b(?:provided|unless|except|when|where|whether|if|so that|because|while|during|"
    r"as long as|other than|before|after|until|which|who|either|for example|such as|but)\b",
    re.IGNORECASE,
)
# Where the subject of a passive modal ("Limited personal use of the internet is permitted")
# starts: after the last of these before the modal.
_SUBJECT_START = re.compile(r"[,;:(]|\b(?:and|that|which|who|where|when|if)\b", re.IGNORECASE)
_STEM_CACHE: dict[str, str] = {}


def stem(word: str) -> str:
    """Returns a crude stem of a lower-case word: "devices" and "device" -> "devic"."""
    cached = _STEM_CACHE.get(word)
    if cached is not None:
        return cached
    w = SYNONYMS.get(word, word)
    if w.endswith("'s"):
        w = w[:-2]
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    elif w.endswith("es") and len(w) > 4 and not w.endswith("ses"):
        w = w[:-2]
    elif w.endswith("s") and len(w) > 3 and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "stopp" -> "stop"
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    w = SYNONYMS.get(w, w)
    _STEM_CACHE[word] = w
    return w


def subject_terms(text: str) -> frozenset[str]:
    """Returns what a clause is about: stemmed content words plus "ch:<channel>" tokens.

    Modal verbs, figures, periods, role names, web and email addresses, stopwords and generic
    words are left out.
    """
    masked = PROHIBIT.sub(" ", ADDRESS.sub(" ", text))
    masked = REQUIRE.sub(" ", masked)
    masked = _LOOSE_PERMIT.sub(" ", masked)
    masked = mask_periods(masked, " ")
    masked = mask_roles(masked, " ")
    channels = {"ch:" + m.channel for m in find_channels(masked)}
    masked = mask_channels(masked)
    terms = set()
    for w in words(masked):
        if w.endswith("'s"):
            w = w[:-2]
        if w not in STOPWORDS and w not in GENERIC and w != "channel" and not w[0].isdigit():
            terms.add(stem(w))
    return frozenset(terms | channels)


def main_modality(text: str) -> tuple[Modality | None, str, str]:
    """Returns the modality of the clause's main verb, its phrase and the action it governs.

    The main modal is the first one outside a leading "If ..., " / "Where ..., " clause. The
    action is the subject of the modal (for "X is permitted", "X must not be used") and what
    follows it up to the first condition ("provided", "unless", "during" ...).
    """
    kind, phrase, before, after = _main_modality_parts(text)
    return kind, phrase, f"{before} {after}" if kind is not None else ""


def _main_modality_parts(text: str) -> tuple[Modality | None, str, str, str]:
    """Returns the main modality, its phrase, the action's subject and what follows the modal."""
    lead = _LEAD.match(text)
    start = lead.end() if lead else 0
    best: tuple[int, Modality, re.Match[str]] | None = None
    for kind, pattern in ((Modality.PROHIBITED, PROHIBIT), (Modality.PROHIBITED, IMPERATIVE_NOT),
                          (Modality.REQUIRED, REQUIRE), (Modality.REQUIRED, IMPERATIVE_MUST),
                          (Modality.PERMITTED, _LOOSE_PERMIT)):
        m = pattern.search(text, start)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind, m)
    if best is None:
        return None, "", "", ""
    _, kind, m = best
    end = _ACTION_END.search(text, m.end())
    after = text[m.end(): end.start() if end else len(text)]
    before = text[start: m.start()]
    cuts = list(_SUBJECT_START.finditer(before))
    if cuts:
        before = before[cuts[-1].end():]
    return kind, m.group(1), before, after


# "use Council computers to access social media": what is used is the computers; the purpose
# ("to access social media") is not what the rule governs.
_USE_FOR = re.compile(
    r"^\s*(?:be\s+)?(?:use|used|using)\b(.*?)(?:\b(?:in order to|so as to|to|for)\b|$)",
    re.IGNORECASE,
)


def governed_channels(before: str, after: str) -> frozenset[str]:
    """Returns the channels the main modal governs: those of its subject ("Council email
    accounts must not be used") and of what follows it, except a purpose after "use X to/for"
    ("may use Council computers to access social media" governs Council computers: none)."""
    m = _USE_FOR.match(after)
    governed = f"{before} {m.group(1) if m else after}"
    return frozenset("ch:" + c.channel for c in find_channels(governed))


@dataclass(frozen=True)
class Profile:
    """What the second pass needs to know about one clause unit."""

    terms: frozenset[str]
    channels: frozenset[str]  # the "ch:<channel>" terms
    action: frozenset[str]  # subject terms of the action the main modal governs
    modality: Modality | None  # of the main verb
    phrase: str  # the main modal as written ("must not")
    stance: Stance  # periods, figures, roles, sanction, audience (wording.stance)
    # The clause and its main modal's subject and object, for the checks judge_subjects makes
    # only on a permitted / prohibited pair (scope, governed: worked out when first asked).
    text: str = field(default="", compare=False, repr=False)
    before: str = field(default="", compare=False, repr=False)
    after: str = field(default="", compare=False, repr=False)

    @cached_property
    def scope(self) -> str | None:
        """Returns periods.time_scope of the clause: working time, own time, any time."""
        return time_scope(self.text)

    @cached_property
    def action_channels(self) -> frozenset[str]:
        """Returns the "ch:<channel>" terms of the action the main modal governs."""
        return frozenset(t for t in self.action if t.startswith("ch:"))

    @cached_property
    def governed(self) -> frozenset[str]:
        """Returns the "ch:<channel>" terms the main modal governs (governed_channels)."""
        if self.modality is None:
            return frozenset()
        return governed_channels(self.before, self.after)

    @property
    def has_signal(self) -> bool:
        st = self.stance
        return bool(self.modality in (Modality.PERMITTED, Modality.PROHIBITED) or st.periods
                    or st.vague or st.figures or st.roles or st.sanction or st.audience
                    or st.contacts)


def profile(text: str) -> Profile:
    """Returns the subject profile of a clause."""
    kind, phrase, before, after = _main_modality_parts(text)
    action = f"{before} {after}" if kind is not None else ""
    terms = subject_terms(text)
    return Profile(
        terms=terms,
        channels=frozenset(t for t in terms if t.startswith("ch:")),
        action=subject_terms(action) if action.strip() else frozenset(),
        modality=kind,
        phrase=phrase,
        stance=stance(text),
        text=text,
        before=before,
        after=after,
    )


def _overlap(a: frozenset[str], b: frozenset[str], weight: Callable[[str], float],
             channels: tuple[frozenset[str], frozenset[str]]) -> tuple[float, float, int]:
    """Returns (containment, dice, shared count); a channel only one side names is ignored
    (`channels`: the "ch:" terms of a and of b)."""
    one_sided = channels[0] ^ channels[1]
    a, b = a - one_sided, b - one_sided
    shared = a & b
    if not shared:
        return 0.0, 0.0, 0
    wa, wb = sum(map(weight, a)), sum(map(weight, b))
    ws = sum(map(weight, shared))
    return ws / max(min(wa, wb), 1e-9), 2 * ws / max(wa + wb, 1e-9), len(shared)


def _passes(score: tuple[float, float, int], limits: Thresholds) -> bool:
    containment, dice, shared = score
    return (containment >= limits.containment and dice >= limits.dice
            and shared >= limits.shared)


def judge_subjects(
    a: Profile,
    b: Profile,
    weight: Callable[[str], float],
    *,
    same_topic: bool,
    cross_channel: bool = False,
) -> Finding | None:
    """Returns what two clauses about the same subject disagree on, or None.

    `weight` gives a subject term's weight (rarer terms weigh more). Every difference is named
    (permitted vs prohibited *and* a period, say). Permitted vs prohibited is judged on the
    actions the main modals govern, and is not a difference when one clause is about working
    time and the other about the member of staff's own time, nor when the clauses' actions are
    about different channels and one of them does not govern its channel itself ("may use
    Council computers to access social media" is a rule about Council computers, not about a
    channel a prohibition names). Periods, figures, roles, routes and sanctions count when the
    clauses share most of their subject; scope statements of two policies always do.
    """
    modal = (None, "", None, "")
    kinds = {a.modality, b.modality}
    if kinds == {Modality.PERMITTED, Modality.PROHIBITED}:
        limits = POLARITY_SAME_TOPIC if same_topic else POLARITY_OTHER_TOPIC
    elif same_topic and kinds == {Modality.REQUIRED, Modality.PROHIBITED}:
        limits = REQUIRED_SAME_TOPIC
    else:
        limits = None
    if limits is not None and _polarity_comparable(a, b) and _passes(_overlap(
            a.action, b.action, weight, (a.action_channels, b.action_channels)), limits):
        modal = (a.modality, a.phrase, b.modality, b.phrase)
    found = differences(a.stance, b.stance, modal=modal)
    contact = contact_differences(a.stance.contacts, b.stance.contacts)
    if any(f.kind in _SUBJECT_KINDS for f in found) and not contact and not _passes(
        _overlap(a.terms, b.terms, weight, (a.channels, b.channels)),
        FIGURES_SAME_TOPIC if same_topic else FIGURES_OTHER_TOPIC,
    ):
        found = [f for f in found if f.kind not in _SUBJECT_KINDS]
    return combine(found, cross_channel)


# Differences that count only between clauses sharing most of their subject.
_SUBJECT_KINDS = frozenset({
    ConflictKind.PERIOD, ConflictKind.VAGUE_DEADLINE, ConflictKind.NUMBER, ConflictKind.ROLE,
    ConflictKind.ROUTE, ConflictKind.SANCTION,
})


def _polarity_comparable(a: Profile, b: Profile) -> bool:
    """Returns True when the two clauses' modalities may contradict each other (see
    judge_subjects): not working time against own time, and, when their actions name different
    channels only, each governs its channel."""
    if {a.scope, b.scope} == {WORK_TIME, OWN_TIME}:
        return False
    channels_a, channels_b = a.action_channels, b.action_channels
    if channels_a and channels_b and not channels_a & channels_b:
        return bool(a.governed and b.governed)
    return True


def judge_texts(
    text_a: str,
    text_b: str,
    *,
    same_topic: bool,
    weight: Callable[[str], float] | None = None,
) -> Finding | None:
    """Returns what two clauses about the same subject disagree on (judge_subjects on their
    profiles), every subject term weighing 1 unless `weight` says otherwise."""
    a, b = profile(text_a), profile(text_b)
    return judge_subjects(a, b, weight or _unit_weight, same_topic=same_topic,
                          cross_channel=_cross_channel(a, b))


def _unit_weight(term: str) -> float:
    return 1.0


def _cross_channel(a: Profile, b: Profile) -> bool:
    """Returns True when both clauses name channels and not the same ones."""
    return bool(a.channels and b.channels and a.channels != b.channels)


class _Weights(dict[str, float]):
    """Subject term -> weight; a term no profile has weighs `rarest`."""

    rarest = 0.0

    def __missing__(self, term: str) -> float:
        return self.rarest


def find_subject_conflicts(
    texts: Sequence[str],
    groups: Sequence[str],
    topics: Sequence[str],
    keys: Sequence[AbstractSet[str]],
    eligible: Sequence[bool],
    skip: set[tuple[int, int]],
) -> list[tuple[int, int, Finding]]:
    """Returns (i, j, finding) for clause units i < j of different groups (documents) that
    disagree about the same subject.

    `keys` are each unit's cheap blocking words (lower-case content words); units are paired
    only when they share a word fewer than MAX_POSTING units have, so the work stays near
    linear. Pairs in `skip` (already judged) are left out.
    """
    if len(keys) != len(eligible):
        raise ValueError("keys and eligible differ in length")
    frequency = Counter(chain.from_iterable(compress(keys, eligible)))
    # the words of more than one unit but not of too many: the ones units are paired by
    postable = frozenset(w for w, n in frequency.items() if 1 < n <= MAX_POSTING)
    profiles: dict[int, Profile] = {}
    postings: dict[str, list[int]] = defaultdict(list)
    for i, words_i in enumerate(keys):
        if not eligible[i]:
            continue
        rare = words_i & postable
        if not rare:
            continue
        p = profile(texts[i])
        if not p.has_signal:
            continue
        profiles[i] = p
        for w in rare:
            postings[w].append(i)
    if not profiles:
        return []
    df: dict[str, int] = defaultdict(int)
    for p in profiles.values():
        for t in p.terms:
            df[t] += 1
    total = len(profiles) + 1
    weights = _Weights({t: math.log(total / n) + 0.1 for t, n in df.items()})
    weights.rarest = math.log(total) + 0.1
    weight = weights.__getitem__  # (a dict's own lookup: asked of every term of every pair)

    candidates: set[tuple[int, int]] = set()
    for members in postings.values():  # (in unit order: i < j)
        candidates.update([pair for pair in combinations(members, 2)
                           if groups[pair[0]] != groups[pair[1]] and pair not in skip])
    found: list[tuple[int, int, Finding]] = []
    verdicts: dict[tuple[str, str, bool], Finding | None] = {}  # policies repeat clauses
    for i, j in sorted(candidates):
        same_topic = topics[i] == topics[j]
        key = (texts[i], texts[j], same_topic)
        if key in verdicts:
            finding = verdicts[key]
        else:
            pa, pb = profiles[i], profiles[j]
            finding = verdicts[key] = judge_subjects(pa, pb, weight, same_topic=same_topic,
                                                     cross_channel=_cross_channel(pa, pb))
        if finding is not None:
            found.append((i, j, finding))
    return found
