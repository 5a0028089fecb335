"""Third conflict pass: two policies sending staff to different people about the same matter.

"Don't hesitate to ask for advice: privacy@justice.gov.uk" and, under the other policy's
"Privacy and personal information" heading, "Please contact the Information Governance or the
Cyber Security teams for more information" point the same question at different contacts: the
Digital Policy must name one route. Such pointers rarely read alike (the first two passes miss
them), so they are compared on their matter:

- a pointer is a clause that names a contact (a role, team or email address: wording.roles) and
  sends people to it ("contact", "ask", "can help", "for advice", "report ... to");
- its matter is its own subject words without the contact and the words of asking for help
  ("please", "advice", "uncertain", "for more information"); a bare pointer ("contact X for more
  information") is about its section's matter, the words of its heading;
- two pointers of different policies are about the same matter when they share at least two
  matter terms that make up most of the smaller matter (a bare pointer: two of its heading's
  terms suffice);
- they conflict when neither names a contact the other names (one team written as "the Cyber
  Security team" and "the MoJ Cyber Security team" is one contact).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from consolidator.consolidation.conflicts import ConflictKind, Finding
from consolidator.consolidation.subjects import subject_terms
from consolidator.consolidation.wording import POSTS, ROLES, reporting, role_words, roles

MAX_WORDS = 60  # longer units are whole paragraphs: their sentences are judged instead
MAX_POINTERS = 400  # more pointers than this in one set: the pass is left out (it is quadratic)
SAME_MATTER = 0.6  # shared terms' share of the smaller matter
MIN_SHARED = 2

_HELP = re.compile(
    r"\b(?:contact|ask|get in touch|speak to|talk to|consult|write to|"
    r"can help|for (?:help|advice|support|guidance|assistance)|advice|queries|questions)\b",
    re.IGNORECASE)
_MORE = re.compile(r"\b(?:for\s+)?(?:more|further)\s+(?:information|details|help|advice)\b",
                   re.IGNORECASE)
_MEANS = re.compile(r"\b(?:e-?mail|tel|telephone|phone|mobile|web|website)\s*:", re.IGNORECASE)
_PERSONAL_DATA = re.compile(r"\bpersonal data\b", re.IGNORECASE)
# Words of asking for help, not of what help is asked about.
_ASKING = frozenset("""
contact ask get touch speak talk consult email mail call phone writ help advic advis support
guidanc assistanc query queri question pleas hesitat uncertain unsur sur doubt local wish
representativ team mor further detail find out abov below getting other general
""".split())


@dataclass(frozen=True)
class Pointer:
    """A clause sending people to a contact: whom, and about what."""

    contacts: frozenset[str]
    words: str  # the contacts as written
    matter: frozenset[str]
    bare: bool  # the clause names no matter of its own: its heading's is used


@lru_cache(maxsize=65536)  # policies repeat their pointers ("contact the Service Desk")
def pointer(text: str, heading: str = "") -> Pointer | None:
    """Returns the clause as a pointer to a contact, or None when it is none."""
    if not (_HELP.search(text) or reporting(text)):
        return None
    named = roles(text)
    if not named:
        return None
    own = _matter(_MORE.sub(" ", text))
    bare = not own
    matter = _matter(heading) if bare else own
    if not matter:
        return None
    return Pointer(frozenset(named), role_words(text), matter, bare)


def _matter(text: str) -> frozenset[str]:
    """Returns a clause's matter terms: its subject terms without the words of asking, the
    means of contact ("Email:", "Tel:") or a negation ("don't")."""
    terms = subject_terms(_MEANS.sub(" ", _PERSONAL_DATA.sub("personal information", text)))
    return frozenset(t for t in terms if t not in _ASKING and len(t) > 2 and "'" not in t)


def same_contact(a: str, b: str) -> bool:
    """Returns True when two contacts are one: equal once the word for the post is left out
    ("the Information Governance team" / "your Information Governance representative") and a
    help desk is called the Service Desk, or one the other with a prefix ("the MoJ Cyber
    Security team" / "the Cyber Security team", "line manager" / "manager")."""
    a, b = _contact_key(a), _contact_key(b)
    short, long_ = sorted((a, b), key=len)
    return bool(short) and (short == long_ or long_.endswith(" " + short))


_POST = re.compile(r"\s+(?:team|teams|representative|officer|lead|unit|department|mailbox)$")
_DESK = re.compile(r"\b(?:help ?desk|service desk)$")


def _contact_key(name: str) -> str:
    return _DESK.sub("service desk", _POST.sub("", name.lower().strip()))


def contacts_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Returns True when neither side names a contact the other names."""
    return not any(same_contact(x, y) for x in a for y in b)


def same_matter(a: Pointer, b: Pointer) -> bool:
    """Returns True when two pointers are about the same matter (see the module's note)."""
    shared = a.matter & b.matter
    if len(shared) < MIN_SHARED:
        return False
    if a.bare or b.bare:
        return True
    return len(shared) >= SAME_MATTER * min(len(a.matter), len(b.matter))


def judge_pointers(a: Pointer, b: Pointer) -> Finding | None:
    """Returns a ROUTE finding when two pointers send the same matter to different contacts."""
    if same_matter(a, b) and contacts_differ(a.contacts, b.contacts):
        return Finding(ConflictKind.ROUTE, a.words, b.words)
    return None


def row_pointer(cells: Sequence[str]) -> Pointer | None:
    """Returns a two-column table row of contacts ("Personal Data | Disclosure Team") as a
    pointer about its first cell's matter, or None when it is no such row."""
    if len(cells) != 2 or roles(cells[0]):
        return None
    named = roles(cells[1])
    matter = _matter(cells[0])
    if not named or not matter:
        return None
    return Pointer(frozenset(named), role_words(cells[1]), matter, False)


# A quick test on a clause's words before it is read as a pointer (most clauses are none): a
# word of asking or reporting, and a word naming a post or an address.
_CUE_WORDS = frozenset("""
contact contacted ask touch speak talk consult write help advice queries questions report
reports reported reporting notify notifies notified inform informs informed tell raise raised
raises escalate escalated alert alerted request requests requested submit submitted log logged
""".split())
_POST_WORDS = frozenset({*POSTS.replace("service desk", "desk").split("|"),
                         *(role.split()[-1] for role in ROLES), "teams", "representatives"})


def may_point(words: AbstractSet[str], text: str) -> bool:
    """Returns False when a clause (its lower-case words) cannot be a pointer: a quick test."""
    return not _CUE_WORDS.isdisjoint(words) and ("@" in text
                                                 or not _POST_WORDS.isdisjoint(words))


def clause_pointers(clauses: Mapping[int, tuple[str, str]]) -> dict[int, Pointer]:
    """Returns index -> pointer for the clauses ({index: (text, heading)}) that are pointers."""
    found = {}
    for i, (text, heading) in clauses.items():
        if len(text.split()) <= MAX_WORDS:
            p = pointer(text, heading)
            if p is not None:
                found[i] = p
    return found


def find_route_conflicts(
    pointers: Mapping[int, Pointer],
    groups: Mapping[int, str],
    skip: set[tuple[int, int]],
) -> list[tuple[int, int, Finding]]:
    """Returns (i, j, finding) for pointers i < j of different groups (documents) that send
    the same matter to different contacts. Pointers are paired only when their matters share
    a term; pairs in `skip` (already judged) are left out."""
    if len(pointers) > MAX_POINTERS:
        return []
    postings: dict[str, list[int]] = defaultdict(list)
    for i, p in pointers.items():
        for term in p.matter:
            postings[term].append(i)
    candidates = {(i, j) for members in postings.values() for i in members for j in members
                  if i < j and groups[i] != groups[j] and (i, j) not in skip}
    found = []
    for i, j in sorted(candidates):
        finding = judge_pointers(pointers[i], pointers[j])
        if finding is not None:
            found.append((i, j, finding))
    return found
