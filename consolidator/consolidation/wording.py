"""What a clause commits to: modality, negation, figures, roles, route, sanction, audience.

`stance(text)` reads these once per clause. Two clauses whose stances disagree on any of them must
never be merged into one wording (`compatible`); when they are about the same thing, the conflict
judges (`conflicts`, `subjects`) name the difference for the author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from rapidfuzz import fuzz

from consolidator.consolidation.periods import quantities, vague_deadline
from consolidator.consolidation.topics import may_contain, phrase_alternation
from consolidator.consolidation.units import split_sentences


class Modality(str, Enum):
    PROHIBITED = "prohibited"
    REQUIRED = "required"
    PERMITTED = "permitted"


PROHIBIT = re.compile(
    r"\b(must not|mustn't|may not|shall not|should not|shouldn't|cannot|can not|can't|"
    r"will not be (?:permitted|allowed|tolerated)|(?:is|are) not (?:permitted|allowed)|"
    r"not (?:permitted|allowed)|(?:is|are) (?:strictly )?prohibited|prohibited|forbidden|"
    r"never|under no circumstances|not be used|(?:is|are) (?:blocked|banned|barred)|"
    r"(?:there is |(?:has|have) )?no right to)\b",
    re.IGNORECASE,
)
REQUIRE = re.compile(
    r"\b(must|shall|(?:is|are) required to|required to|should|needs? to|ha(?:ve|s) to|"
    r"(?:is|are) expected to|(?:is|are) obliged to)\b",
    re.IGNORECASE,
)
PERMIT = re.compile(
    r"\b(may|can|(?:is|are) (?:permitted|allowed)|permitted|allowed|(?:is|are) acceptable|"
    r"(?:is|are) entitled to|(?:is|are) approved for|use approved|(?:is|are) encouraged)\b",
    re.IGNORECASE,
)

_PURPOSE = r"(?:purposes?|use|reasons?|activities)"
_WORK = r"(?:business|work|official|work-related|council|departmental)"
# Business use only: another use is ruled out.
BUSINESS_ONLY = re.compile(
    r"\bfor anything other than (?:\w+ ){0,2}" + _WORK + r"(?: " + _PURPOSE + r")?"
    r"|\b(?:only|solely|exclusively|strictly) (?:be used )?for (?:\w+ ){0,2}" + _WORK + " "
    + _PURPOSE + r"|\bfor (?:\w+ ){0,2}" + _WORK + " " + _PURPOSE + r" only\b",
    re.IGNORECASE)

# A ban on using the thing a clause or a table row is about ("Skype for Business | No longer
# needed for any purpose", "Slido | Avoid for corporate use", "MUST NOT be used for OFFICIAL
# business"); "must not be used for file storage" restricts one use, it bans none.
_OFFICIAL_USE = r"(?:any\s+)?(?:official|business|corporate|work)\b"
USE_BAN = re.compile(
    r"\b(?:must|should|shall|may|can|is|are|to)\s*(?:not|n't)\s+be\s+used"
    r"(?:\s+for\s+" + _OFFICIAL_USE + r"[^.;]*)?(?=\s*(?:[.;,]|$))"
    r"|\bno longer (?:needed|used|supported|approved|permitted|allowed) for any (?:purpose|use)\b"
    r"|\bavoid (?:for|in) (?:corporate|business|official|work) use\b"
    r"|\bnot (?:\w+ )?(?:approved|cleared|permitted|allowed|suitable) for " + _OFFICIAL_USE,
    re.IGNORECASE,
)

# Imperatives at the start of a clause: "Do not click ...", "Never share ...", "Ensure that ...".
IMPERATIVE_NOT = re.compile(
    r"(?:^|[,:;\u2026]\s+)\s*(?:please\s+)?(do not|don't|never|avoid)\b", re.IGNORECASE)
IMPERATIVE_MUST = re.compile(
    r"(?:^|[,:;\u2026]\s+)\s*(?:please\s+)?(always|ensure|make sure)\b", re.IGNORECASE)

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
ROLE = re.compile(r"\b(" + phrase_alternation(ROLES) + r")\b", re.IGNORECASE)
# A named team or post the lexicon does not know: "the Operational Security Team", "Technology
# Service Desk", "the Cyber Security team". Capitalised words, then a word that names a post.
POSTS = (r"team|service desk|desk|helpdesk|officer|manager|lead|unit|department|directorate|"
          r"board|committee|owner|guardian|form|portal|helpline|hotline|mailbox|representative")
# A plural post is written in lower case ("the X and Y teams"): "Microsoft Teams" is a tool.
_TEAM = re.compile(r"\b((?:[A-Z][\w&'-]*\s+|&\s+){1,6}(?i:" + POSTS + r"))(?:(?<=[a-z])s)?\b")
# Two named teams sharing the word for their post: "the Information Governance or the Cyber
# Security teams", "your Information Governance or Records Management representative".
_SHARED_POST = re.compile(
    r"\b((?:[A-Z][\w&'-]*\s+){0,4}[A-Z][\w&'-]*)\s+(?:or|and)\s+(?:the\s+|your\s+)?"
    r"(?:[A-Z][\w&'-]*\s+){1,5}(" + POSTS + r")s?\b")
_NOT_TEAM_WORDS = frozenset("""
each every the a an any all your our their this that these those if where when staff users
user you we they it policy policies this council councils please contact report tell inform
""".split())
_EMAIL_ADDRESS = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", re.IGNORECASE)
_REPORTING = re.compile(
    r"\b(?:report(?:s|ed|ing)?|notif(?:y|ies|ied)|inform(?:s|ed)?|tell|contact(?:ed)?|"
    r"raise[ds]?|escalate[ds]?|alert(?:ed)?|request(?:s|ed)?|submit(?:s|ted)?|log(?:s|ged)?)"
    r"\b[^.;]{0,80}?\b(?:to|with|via|through|from|using)\b|\bcontact\b",
    re.IGNORECASE,
)
# "the Operational Security Team: security@justice.gov.uk", "the Service Desk (sd@x.gov.uk)"
_CONTACT = re.compile(r"\s*(?:[:(\u2013-]|\bat\b|\bon\b|\bvia\b)\s*(?:email\s*:?\s*)?"
                      r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.IGNORECASE)
# Consequences: "may result in disciplinary action" (possible) / "will result in ..." (certain).
_SANCTION_WORDS = (r"disciplinary|dismissal|gross misconduct|misconduct|prosecution|"
                   r"criminal|sanctions?|legal action|termination|withdrawal of access")
_CONSEQUENCE_PHRASES = ("result in", "lead to", "be subject to", "face", "be treated as",
                        "be considered", "constitute", "be dealt with", "be regarded as",
                        "be investigated", "give rise to", "incur")
_CONSEQUENCE = (r"(may|might|could|can|will|shall|would|is|are|must)\s+(?:also\s+|normally\s+|"
                r"usually\s+|always\s+)?(?:" + "|".join(_CONSEQUENCE_PHRASES) + r")\b")
# Every sanction states one of those phrases: a quick test before _SANCTION (most clauses state
# none; see topics.may_contain).
_SANCTION = re.compile(
    r"\b" + _CONSEQUENCE + r"(?=[^.;]{0,80}\b(?:" + _SANCTION_WORDS + r"))"
    r"|(?<=\b(?:breach|misuse))\s+(?:of\s+[^.;]{0,40}?\s+)?" + _CONSEQUENCE
    + r"|(?:failure to (?:comply|adhere|follow)|non-compliance|unacceptable use|breaches)"
    r"[^.;]{0,60}?\b" + _CONSEQUENCE,
    re.IGNORECASE,
)
_POSSIBLE = frozenset({"may", "might", "could", "can"})
# Scope statements: "This policy applies to all staff, students and third parties".
_APPLIES = re.compile(
    r"\b(?:appl(?:y|ies)|(?:is|are) applicable|covers|is for|is intended for|relevant)\b"
    r"(?:\s+(?:only|equally|also))?\s+(?:to\s+)?(?P<who>[^.;:]{3,200})",
    re.IGNORECASE,
)
_POLICY_SUBJECT = re.compile(
    r"\b(?:this|the|these|our)\s+(?:policy|policies|guidance|guide|guidelines|information|"
    r"standard|procedure|document|rules?)"
    r"\b|^\s*it\s", re.IGNORECASE)
AUDIENCES: dict[str, str] = {
    "staff": "staff", "employees": "staff", "employee": "staff", "workers": "staff",
    "officers": "staff", "colleagues": "staff", "personnel": "staff", "civil servants": "staff",
    "contractors": "contractors", "contractor": "contractors", "consultants": "contractors",
    "agency staff": "agency workers", "agency workers": "agency workers",
    "temporary staff": "temporary staff", "temporary workers": "temporary staff",
    "volunteers": "volunteers", "students": "students", "trainees": "trainees",
    "apprentices": "apprentices", "third parties": "third parties", "third-party": "third parties",
    "suppliers": "suppliers", "service providers": "suppliers", "casual staff": "temporary staff",
    "casual workers": "temporary staff", "partners": "partners",
    "partner organisations": "partners",
    "visitors": "visitors", "councillors": "councillors", "elected members": "councillors",
    "members": "councillors", "governors": "governors", "users": "staff", "everyone": "everyone",
    "anyone": "everyone", "managers": "managers", "board members": "board members",
    "non-executive directors": "board members", "secondees": "secondees",
    "seconded": "secondees", "embedded": "secondees", "interims": "contractors",
}
_AUDIENCE = re.compile(r"\b(" + phrase_alternation(list(AUDIENCES)) + r")\b", re.IGNORECASE)
# "agency and casual staff" names agency staff and casual staff.
_SHARED_NOUN = re.compile(r"\b(agency|casual|temporary)\s+(and|or)\s+(agency|casual|temporary)\s+"
                          r"(staff|workers)\b", re.IGNORECASE)
# Words a cut-off audience must not end on ("... provided by the").
_DANGLING = re.compile(r"(?:[\s,]+\b(?:the|a|an|of|by|to|and|or|for|with|in|on|its|their))+$",
                       re.IGNORECASE)
_QUALIFIER = re.compile(r"\b(?:who|that|which|whose|responsible for|with access to)\b",
                        re.IGNORECASE)
_LEADING = re.compile(r"\b(?:all|every|any|the|our|its|their|council|council's|organisation's|"
                      r"ministry's|of|and|to|both)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|nothing|nobody|neither|nor|cannot|forbidden|prohibited|"
    r"under no circumstances)\b|\b\w+n't\b", re.IGNORECASE)
_NOT_NEGATION = re.compile(
    r"\b(?:not|no)\s+(?:more|less|later|longer|fewer|earlier|greater|sooner)\s+than\b|"
    r"\bnot\s+only\b|\bor\s+not\b|\bif\s+not\b|\bnot\s+exceeding\b|\bno\.\s*\d",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


# A condition opening a sentence whose "may" or "might" says what is possible, not what is
# allowed: "Where a breach may involve a criminal offence, the Council will inform the police."
# (Not when what follows the comma only qualifies the clause before it: "When working from home
# staff may use their own devices, but only with approval" is a permission.)
_POSSIBLE_CASE = re.compile(r"(?:^|(?<=[.;:]\s))(?:where|if|when|whenever|in case)\s+[^,.;]{0,80}?"
                            r"\b(?:may|might)\b[^,.;]{0,80},(?!\s*(?:but|and|or|unless|provided|"
                            r"except|only|as long as|so long as|subject to)\b)", re.IGNORECASE)


# "All Users must be aware that business communication may be accessed ...": being told is no
# duty of its own; what the clause rules is what follows.
_BE_AWARE = re.compile(r"^(?:all\s+)?(?:users|staff|employees|you)\s+(?:must|should|need to)\s+"
                       r"be\s+(?:made\s+)?aware\s+(?:that\s+)?(?=\S[^.;]*\b(?:may|might|can|"
                       r"could|must|should|will|shall|cannot|is|are)\b)", re.IGNORECASE)


def _may_state_sanction(text: str) -> bool:
    """Returns False when `text` cannot match _SANCTION (it names no consequence)."""
    return may_contain(text, _CONSEQUENCE_PHRASES)


@lru_cache(maxsize=65536)  # asked of list items, clause stances and the editorial steps
def modality(text: str) -> tuple[Modality | None, str]:
    """Returns the clause's strongest modality and the phrase that says it ("must not").

    The modal of a consequence ("may result in disciplinary action") is no permission: it is
    the clause's sanction (see `sanction`), left out here."""
    if _may_state_sanction(text):
        text = _SANCTION.sub(" ", text)
    text = _POSSIBLE_CASE.sub(" ", text)
    text = _BE_AWARE.sub(" ", text, count=1)
    if text.isascii():  # lower-case words matched in lower-case text: the same, faster
        lowered = text.lower()
        for kind, pattern in _LOWER_MODAL_PATTERNS:
            m = pattern.search(lowered)
            if m:
                return kind, text[m.start(1):m.end(1)]
        return None, ""
    for kind, pattern in MODAL_PATTERNS:
        m = pattern.search(text)
        if m:
            return kind, m.group(1)
    return None, ""


# Strongest first: a clause that prohibits anything is a prohibition.
MODAL_PATTERNS: tuple[tuple[Modality, re.Pattern[str]], ...] = (
    (Modality.PROHIBITED, PROHIBIT), (Modality.PROHIBITED, IMPERATIVE_NOT),
    (Modality.REQUIRED, REQUIRE), (Modality.REQUIRED, IMPERATIVE_MUST),
    (Modality.PERMITTED, PERMIT),
)
# The same without IGNORECASE, for ASCII text in lower case (IGNORECASE is no part of what they
# match there: every letter they name is lower-case); twice as fast.
_LOWER_MODAL_PATTERNS = tuple((kind, re.compile(p.pattern)) for kind, p in MODAL_PATTERNS)


def stated_modality(text: str) -> Modality | None:
    """Returns stance(text).modality without reading the rest of what the clause commits to."""
    return modality(text.translate(_QUOTES))[0]


def prohibits(phrase: str) -> bool:
    """Returns True when a modal phrase as a conflict names it ("must not", "avoid for
    corporate use") prohibits rather than permits."""
    return bool(PROHIBIT.fullmatch(phrase) or IMPERATIVE_NOT.fullmatch(phrase)
                or USE_BAN.fullmatch(phrase))


def negations(text: str) -> tuple[str, ...]:
    """Returns the words that say "not" of what the clause states ("not", "never", "don't"),
    in order; bounds such as "no later than" and "not only" are no negation."""
    text = _NOT_NEGATION.sub(" ", text)
    return tuple(m.group(0) for m in _NEGATION.finditer(text))


def roles(text: str) -> list[str]:
    """Returns the responsible roles, teams and addresses named in `text`, lower-case, in
    order: the lexicon's roles ("line manager"), named teams and posts ("the Operational
    Security Team"; the longer name wins over a lexicon role inside it) and email addresses."""
    return [name for _, _, name in sorted(_role_spans(text))]


def _role_spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = [(m.start(), m.end(), m.group(1).lower())
                                         for m in ROLE.finditer(text)]
    for m in _TEAM.finditer(text):
        name = _team_name(m.group(1))
        if not name:
            continue
        if m.end() > m.end(1) and m.group(1).split()[-1][0].isupper():
            continue  # "Microsoft Teams"
        start, end = m.end(1) - len(name), m.end()
        inside = [s for s in spans if start <= s[0] and s[1] <= end]
        if len(inside) == len([s for s in spans if s[0] < end and start < s[1]]):
            spans = [s for s in spans if s not in inside] + [(start, end, name.lower())]
    spans += [(m.start(), m.end(), m.group(0).lower()) for m in _EMAIL_ADDRESS.finditer(text)]
    return spans + _shared_post_spans(text, spans)


def _shared_post_spans(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Returns the first of two teams sharing their post's word ("the Information Governance
    or the Cyber Security teams" names the Information Governance team), when no role is
    read there already."""
    found = []
    for m in _SHARED_POST.finditer(text):
        name = _team_name(m.group(1) + " x")[:-2]  # the words naming the team, not the post
        start, end = m.end(1) - len(name), m.end(1)
        if name and not any(s[0] < end and start < s[1] for s in spans):
            found.append((start, end, f"{name} {m.group(2)}".lower()))
    return found


def mask_roles(text: str, placeholder: str = " xrolex ") -> str:
    """Returns `text` with every role, named team and email address (roles) replaced."""
    spans = _role_spans(text)
    for start, end, _ in sorted(spans, reverse=True):
        text = text[:start] + placeholder + text[end:]
    return text


def _team_name(words_: str) -> str:
    """Returns a named team without its leading function words ("Each Team" -> "")."""
    parts = words_.split()
    while parts and (parts[0].lower() in _NOT_TEAM_WORDS and not parts[0].isupper()
                     or parts[0].endswith(("'s", "\u2019s"))):
        parts.pop(0)
    return " ".join(parts) if len(parts) >= 2 else ""


def role_words(text: str) -> str:
    """Returns the roles named in `text` as written ("Head of Human Resources"), each once."""
    seen: dict[str, str] = {}
    for start, end, name in sorted(_role_spans(text)):
        seen.setdefault(name, text[start:end])
    return ", ".join(seen.values())


def contacts(text: str) -> tuple[tuple[str, str, str], ...]:
    """Returns (team, email address, as written) for each team written with its address ("the
    Operational Security Team: security@justice.gov.uk"); team and address lower-case."""
    found = []
    for start, end, name in sorted(_role_spans(text)):
        if "@" in name:
            continue
        m = _CONTACT.match(text, end)
        if m:
            found.append((name, m.group(1).lower(), f"{text[start:end]} at {m.group(1)}"))
    return tuple(found)


def contact_differences(a: tuple[tuple[str, str, str], ...],
                        b: tuple[tuple[str, str, str], ...]) -> tuple[str, str] | None:
    """Returns ("Team at address", "Team at other address") as written when two clauses give
    one team different addresses, else None."""
    theirs = {team: (address, written) for team, address, written in b}
    for team, address, written in a:
        other = theirs.get(team)
        if other is not None and other[0] != address:
            return written, other[1]
    return None


def reporting(text: str) -> bool:
    """Returns True when the clause says where to report or whom to contact."""
    return bool(_REPORTING.search(text))


@lru_cache(maxsize=65536)  # asked of every clause by several stages
def sanction(text: str) -> tuple[str, str]:
    """Returns ("possible" | "certain", phrase) for a clause stating a consequence ("Breaches
    may result in disciplinary action"), or ("", "")."""
    m = _SANCTION.search(text) if _may_state_sanction(text) else None
    if not m:
        return "", ""
    modal = next(g for g in m.groups() if g)
    strength = "possible" if modal.lower() in _POSSIBLE else "certain"
    phrase = m.group(0)[m.group(0).lower().rfind(modal.lower()):]
    return strength, " ".join(phrase.split())


def audience(text: str) -> tuple[frozenset[str], str]:
    """Returns who a scope statement says the policy applies to ({"staff", "students"}, with
    "+qualified" when narrowed: "employees who manage official accounts") and the words that
    say it; (frozenset(), "") when the clause is no scope statement about people."""
    m = _APPLIES.search(text)
    if not m or not _POLICY_SUBJECT.search(text[: m.start()] or text):
        return frozenset(), ""
    who = m.group("who")
    named = _SHARED_NOUN.sub(r"\1 \4 \2 \3 \4", who)
    first = _AUDIENCE.search(named)
    if first is None or len(_LEADING.sub("", named[: first.start()]).split()) > 1:
        return frozenset(), ""  # "applies whether email is read on ...": no audience
    found = {AUDIENCES[a.group(1).lower()] for a in _AUDIENCE.finditer(named)}
    if _QUALIFIER.search(who):
        found.add("+qualified")
    return frozenset(found), _DANGLING.sub("", " ".join(who.split()).rstrip(","))


def audiences_clash(a: frozenset[str], b: frozenset[str]) -> bool:
    """Returns True when each scope names people the other leaves out ("staff and students"
    against "staff and councillors"). One audience inside the other, or narrowed to some of
    them ("staff who manage official accounts"), is a narrower policy, not a clash: the Digital
    Policy applies to all of them, with a line saying where a section applies only to some."""
    base_a, base_b = a - {"+qualified"}, b - {"+qualified"}
    return bool(base_a - base_b) and bool(base_b - base_a)


def organisations_differ(who_a: str, who_b: str) -> bool:
    """Returns True when two scope statements' people work for different organisations ("all
    staff and contractors who work for the MoJ" against "... who work with and for NHS
    England"): one Digital Policy cannot be both's. False when either names none (a team, a
    place or "the Council" are none: one council's policies say them of itself), or they share
    one ("the Ministry of Justice (MoJ)" is "the MoJ")."""
    a, b = _organisations(who_a), _organisations(who_b)
    return bool(a) and bool(b) and not any(_same_organisation(x, y) for x in a for y in b)


def _organisations(who: str) -> list[str]:
    """Returns the organisations a scope's people work for, named after "work for", "employed
    by" or "employees of": a name with a word an organisation's has ("Council", "Ministry",
    "NHS") or a short name in capitals ("MoJ", "FDC"); not "the Council" on its own."""
    out = []
    for m in _EMPLOYER.finditer(who):
        name = " ".join(m.group(1).split())
        if _OWN_BODY.fullmatch(name) or not (_ORGANISATION_WORD.search(name) or any(
                sum(c.isupper() for c in w) > 1 for w in name.split())):
            continue
        out.append(name + (f" ({m.group(2)})" if m.group(2) else ""))
    return out


def _same_organisation(a: str, b: str) -> bool:
    words_a, words_b = set(_org_words(a)), set(_org_words(b))
    return words_a <= words_b or words_b <= words_a or bool(_initials(a) & _initials(b))


def _org_words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w&'-]+", name) if w.lower() not in ("of", "and")]


def _initials(name: str) -> set[str]:
    """Returns the letters an organisation's name may be shortened to: "Ministry of Justice
    (MoJ)" is {"MJ"}, "MoJ" is {"MJ"}, "NHS England" is {"NHSE"}."""
    out = set()
    for part in re.split(r"[()]", name):
        words = [w for w in part.split() if w[:1].isupper()]
        if len(words) > 1:
            out.add("".join(w if w.isupper() else w[0] for w in words))
        elif words and sum(c.isupper() for c in words[0]) > 1:
            out.add("".join(c for c in words[0] if c.isupper()))
    return out


# An employer: "work for the Ministry of Justice (MoJ)", "work with and for NHS England",
# "employed by ...", "employees of ..." (capitalised words, "of", "and", "&" between them, and
# its short name in brackets).
_NAME_WORD = r"(?:[A-Z][\w&'-]*)"
_EMPLOYER = re.compile(
    r"\b(?:work(?:s|ing)?\s+(?:with\s+and\s+)?for|employed\s+by|(?:employees|staff|workers)"
    r"\s+of)\s+(?:the\s+)?"
    rf"({_NAME_WORD}(?:\s+(?:(?:of|and|&)\s+)?{_NAME_WORD})*)(?:\s*\(([A-Z][A-Za-z]{{1,8}})\))?")
_ORGANISATION_WORD = re.compile(r"\b(?:Council|Authority|Ministry|Department|NHS|Trust|Agency|"
                                r"Government|Board|Commission|Limited|Ltd|plc|University|"
                                r"College|Justice)\b")
_OWN_BODY = re.compile(r"(?:Council|Authority|Organi[sz]ation|Department|Trust|Company)(?:'s)?")


def scope_covered(statement: str, widest: str) -> bool:
    """Returns True when a scope statement naming the same people says nothing the widest
    does not: its other words (the situation: "when they use Council systems") are all in the
    widest ("even on their own devices" is not)."""
    return _situation_words(statement) <= _situation_words(widest)


def _situation_words(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return {_stem(w) for w in words if w not in _SCOPE_VOCABULARY and len(w) > 2}


def _stem(word: str) -> str:
    """Returns a word without its ending ("using", "uses" and "use" are "us")."""
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            word = word[: -len(ending)]
            break
    return word[:-1] if word.endswith("e") and len(word) >= 3 else word


_SCOPE_VOCABULARY = frozenset("""this policy guidance applies apply covers all any every the and
of to who including include temporary agency staff employees employee workers worker council
councils contractors contractor volunteers volunteer elected members member councillors users
consultants interims secondees seconded embedded trainees apprentices students they their
when also both""".split())

@dataclass(frozen=True)
class Stance:
    """What one clause commits to. Empty fields mean the clause does not say."""

    modality: Modality | None
    modal_phrase: str
    negation: tuple[str, ...]  # "not", "never", "don't" ... in order
    periods: tuple[float, ...]  # hours, sorted
    period_words: str
    vague: str  # a deadline without a figure ("promptly")
    figures: tuple[tuple[str, float], ...]  # (family, value), sorted
    figure_words: str
    roles: frozenset[str]
    role_words: str
    reporting: bool
    sanction: str  # "possible" / "certain" / ""
    sanction_words: str
    audience: frozenset[str]
    audience_words: str
    contacts: tuple[tuple[str, str, str], ...]  # (team, address, as written) written together
    digits: tuple[str, ...]  # every number written in digits, policy figure or not

    @property
    def negated(self) -> bool:
        """Returns True when the clause says "not" an odd number of times."""
        return len(self.negation) % 2 == 1

    def signature(self) -> tuple[tuple[str, object], ...]:
        """Returns (field, value) for each commitment the clause makes: two clauses can stand
        as one wording only when no field has two different values between them."""
        fields: list[tuple[str, object]] = [("negations", len(self.negation)),
                                            ("digits", self.digits)]
        if self.modality is not None:
            fields.append(("modality", self.modality))
        if self.periods:
            fields.append(("periods", self.periods))
        if self.vague or self.periods:
            fields.append(("deadline", bool(self.periods)))
        fields += [("figure:" + family, value) for family, value in _by_family(self.figures)]
        if self.roles:
            fields.append(("roles", self.roles))
        if self.sanction:
            fields.append(("sanction", self.sanction))
        if self.audience:  # narrowed ("staff who ...") or not, the same people
            fields.append(("audience", self.audience - {"+qualified"}))
        return tuple(fields)


def _by_family(figures: tuple[tuple[str, float], ...]) -> list[tuple[str, tuple[float, ...]]]:
    families: dict[str, list[float]] = {}
    for family, value in figures:
        families.setdefault(family, []).append(value)
    return [(f, tuple(sorted(v))) for f, v in sorted(families.items())]


@lru_cache(maxsize=65536)
def stance(text: str) -> Stance:
    """Returns what the clause commits to (cached: clauses are judged many times)."""
    text = text.translate(_QUOTES)
    mod, phrase = modality(text)
    found = quantities(text)
    named = roles(text)
    strength, sanction_words = sanction(text)
    who, who_words = audience(text)
    return Stance(
        modality=mod,
        modal_phrase=phrase,
        negation=negations(text),
        periods=tuple(sorted(v for u, v, _ in found if u == "period")),
        period_words=", ".join(dict.fromkeys(s for u, _, s in found if u == "period")),
        vague=vague_deadline(text),
        figures=tuple(sorted((u, v) for u, v, _ in found if u != "period")),
        figure_words=", ".join(dict.fromkeys(s for u, _, s in found if u != "period")),
        roles=frozenset(named),
        role_words=role_words(text) if named else "",
        reporting=reporting(text),
        sanction=strength,
        sanction_words=sanction_words,
        audience=who,
        audience_words=who_words,
        contacts=contacts(text),
        digits=_other_digits(text, [surface for _, _, surface in found]),
    )


def _other_digits(text: str, figures: list[str]) -> tuple[str, ...]:
    """Returns the numbers written in digits that are no policy figure ("section 4.2", a code):
    clauses that differ in them say different things, even where no rule differs."""
    for surface in figures:
        text = text.replace(surface, " ", 1)
    return tuple(_DIGITS.findall(text))


def compatible(a: Stance, b: Stance) -> bool:
    """Returns True when two clauses commit to nothing different: no field of one signature
    has another value in the other's. Only such clauses may become one wording."""
    theirs = dict(b.signature())
    return all(theirs.get(name, value) == value for name, value in a.signature())


COUNTERPART = 60  # likeness (0-100) a sentence's counterpart in the other paragraph must have


def sentences_compatible(text_a: str, text_b: str) -> bool:
    """Returns True when every sentence of the text with fewer sentences has a counterpart in
    the other (its likest sentence, at least COUNTERPART alike) that commits to nothing
    different: a paragraph of several rules is weighed rule by rule, not as one bag of words."""
    a, b = split_sentences(text_a), split_sentences(text_b)
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    for sentence in shorter:
        score, best = max((fuzz.ratio(sentence, other), other) for other in longer)
        if score < COUNTERPART or not compatible(stance(sentence), stance(best)):
            return False
    return True
