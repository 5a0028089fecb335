"""One wording for the same clause said of several channels ("Staff must not use email to ...",
"... social media to ...").

The words the policies share stay as they are; what differs between them (the channel and
whatever goes with it: "internet forums, blogs or review sites", "a Council mobile phone to send
or store") is listed whole, in the canonical channel order, so that no policy's words are lost.
A listed subject takes "and" and a plural verb ("Council email and mobile phones are provided"),
so does a plain duty ("must encrypt email and mobile phones"); anything else takes "or" (a ban,
a permission, a condition, a statement: "must not use email or social media to ...", "If a
phone or laptop is lost"), with a comma before it when an item has its own "or" or commas.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from consolidator.consolidation.periods import time_scope
from consolidator.consolidation.topics import CHANNEL_ORDER, find_channels
from consolidator.consolidation.wording import Modality, modality, roles, stance

_TOKEN = re.compile(r"[^\s.,;:!?]+\s*|[.,;:!?]+\s*")  # words, and punctuation apart
# A word that ends the subject of a sentence: the subject is what comes before it.
_VERB = re.compile(r"^(?:is|are|was|were|has|have|must|should|shall|will|may|can|could|might|"
                   r"need|needs|do|does|remain|remains)\b", re.IGNORECASE)
_JOINER = re.compile(r"^(?:and|or|nor)\s*$|.*,\s*$", re.IGNORECASE)
# Words before the middles that make the items alternatives, not all at once: a negation, a
# condition, the people it is about, a means.
_ALTERNATIVES = re.compile(r"\b(?:not|never|no|if|where|when|whenever|unless|who|whose|which|"
                           r"by|via|through|either|neither|only|refrain|avoid|prohibited|"
                           r"forbidden)\b", re.IGNORECASE)
# A responsibility is a duty for each thing listed: "are responsible for A, B and C".
_RESPONSIBLE = re.compile(r"\b(?:is|are) (?:responsible|accountable) for\b", re.IGNORECASE)
_BAN = re.compile(r"^\s*(?:never|do not|don't|avoid|not)\b", re.IGNORECASE)
_COPULA = {"is": "are", "are": "are", "was": "were", "were": "were", "has": "have",
           "have": "have"}


def combine_channels(texts: Sequence[str]) -> str:
    """Returns one wording standing for every text: their shared beginning and end around the
    differing middles, listed (see the module docstring). The texts as they are when they
    share nothing at either end."""
    parts = differing_parts(texts)
    if parts is None:
        return texts[0]
    prefix, middles, suffix = parts
    middles = _ordered_middles(middles)
    subject = not any(_VERB.match(w) for w in prefix.split()) and not _BAN.match(prefix) \
        and not _ALTERNATIVES.search(prefix)  # "If a phone or laptop is lost": no subject
    verb = ""
    if subject:
        middles, verb = _without_verbs(middles)
    listed = _listed(middles, _conjunction(prefix, subject), capital=not prefix)
    if verb:
        listed += " " + verb
    gap = " " if suffix and suffix[:1] not in ",.;:" else ""
    if gap and _OPEN_ENDED.search(middles[-1]) and suffix.startswith("to "):
        gap = ", "  # "the use of email, and internet use on its network and devices, to
        # protect ...": the purpose is of the whole list, not of "devices" alone
    return (prefix + listed + gap + suffix).strip()


def differing_parts(texts: Sequence[str]) -> tuple[str, list[str], str] | None:
    """Returns (the words every text begins with, each text's own middle, the words every text
    ends with), or None when they share nothing at either end. A joining word ("or", a comma)
    next to a middle belongs to it ("to send or | share")."""
    tokens = [_TOKEN.findall(t.strip()) for t in texts]
    start = _common_length(tokens)
    end = _common_length([list(reversed(t[start:])) for t in tokens])
    while end and any(_JOINER.match(t[len(t) - end - 1]) for t in tokens if len(t) > end):
        end -= 1
    while start and any(_JOINER.match(t[start]) for t in tokens if len(t) > start):
        start -= 1
    if start == 0 and end == 0:
        return None
    middles = ["".join(t[start:len(t) - end]).strip() for t in tokens]
    prefix = "".join(tokens[0][:start])
    suffix = "".join(tokens[0][len(tokens[0]) - end:]) if end else ""
    return prefix, middles, suffix


def _conjunction(prefix: str, subject: bool) -> str:
    """Returns "and" for a listed subject ("Council email and mobile phones are provided") and
    a plain duty or responsibility ("must encrypt email and mobile phones", "are responsible for
    all email and internet activity": "or" would read as a choice); "or"
    for anything else: a ban or a permission ("must not use email or social media"), a
    condition ("If a phone or laptop is lost, ..."), a statement ("misuse email or social
    media"), means ("by secure email or the portal")."""
    if subject:
        return "and"
    found, _ = modality(prefix)
    duty = (found is Modality.REQUIRED or _RESPONSIBLE.search(prefix)) and not (
        _ALTERNATIVES.search(prefix))
    return "and" if duty else "or"


def _common_length(token_lists: list[list[str]]) -> int:
    """Returns how many leading tokens every list shares (words compared, not spacing), never
    all of the shortest one: something must differ."""
    shortest = min(len(t) for t in token_lists)
    n = 0
    while n < shortest - 1 and len({t[n].strip() for t in token_lists}) == 1:
        n += 1
    return n


def _ordered_middles(middles: list[str]) -> list[str]:
    """Returns the distinct middles in the canonical channel order (email, the internet, social
    media, mobile phones); those naming no channel keep their place after them."""
    distinct = list(dict.fromkeys(m for m in middles if m))

    def rank(middle: str) -> int:
        found = find_channels(middle)
        return CHANNEL_ORDER.index(found[0].channel) if found and \
            found[0].channel in CHANNEL_ORDER else len(CHANNEL_ORDER)

    return sorted(distinct, key=rank)


def _without_verbs(middles: list[str]) -> tuple[list[str], str]:
    """Returns the middles without the verb each ends with ("email is", "mobile phones are")
    and that verb in the plural, when they all end with one; else them as they are."""
    last = [m.rsplit(" ", 1) for m in middles]
    if len(middles) > 1 and all(len(p) == 2 and p[1].lower() in _COPULA for p in last):
        return [p[0] for p in last], _COPULA[last[0][1].lower()]
    return middles, ""


_OPEN_ENDED = re.compile(r"\b(?:and|or)\b")  # a listed phrase joining words of its own


def _listed(items: list[str], conjunction: str, *, capital: bool) -> str:
    """Returns the items as an English list; a comma before the conjunction when an item has
    its own commas or conjunction."""
    items = [items[0]] + [_lowered(i) for i in items[1:]]
    if capital:
        items[0] = items[0][:1].upper() + items[0][1:]
    else:
        items[0] = _lowered(items[0])
    if len(items) == 1:
        return items[0]
    serial = any(re.search(r",|\b(?:and|or)\b", i) for i in items)
    head = ", ".join(items[:-1])
    return f"{head}{',' if serial else ''} {conjunction} {items[-1]}"


def _lowered(item: str) -> str:
    """Returns the item with its first letter small, unless its first word is a name ("Council",
    "NHS", "MoJ", "WhatsApp"): a word in capitals or with a capital inside it, or capitalised
    but not at the start of a sentence."""
    first = item.split(" ", 1)[0]
    if first.isupper() or first in ("Council", "Council's") or not first[:1].isupper() \
            or any(c.isupper() for c in first[1:]):
        return item
    return item[:1].lower() + item[1:]


# --- near-identical wordings that say the same --------------------------------------------------

_FUNCTION_WORDS = frozenset("""a an the of to and or for in on at by with from as is are be
been being it its this that these those their they them there which who whom whose please
therefore also however so then thus hence further furthermore additionally will shall""".split())
# ("will be reviewed" / "is to be reviewed": what a clause commits to, "must" or "may", is
# compared apart, by the stance every cluster's members agree on)
_ACRONYM = re.compile(
    r"((?:[A-Z][\w'-]*\s+(?:(?:of|and|for|the)\s+)*){2,8})\(([A-Z][A-Za-z]{1,9})\)")


def same_content(texts: Sequence[str]) -> bool:
    """Returns True when the texts differ only in words that carry no rule: articles and
    linking words ("Therefore, always ..."), case and punctuation, and a name spelled out
    beside the initials another uses ("the Ministry of Justice (MoJ)" / "the MoJ"), the other
    words in the same order. Such wordings are one clause; any other difference keeps them
    apart."""
    return len({_content_words(t) for t in texts}) == 1


def content_key(text: str) -> str:
    """Returns the words of a text that carry a rule, in order: texts with the same key say
    the same (same_content)."""
    return " ".join(_content_words(text))


def _content_words(text: str) -> tuple[str, ...]:
    """Returns the words that carry a rule, in their order ("from X to Y" is not "from Y to
    X")."""
    text = _ACRONYM.sub(lambda m: m.group(2) if _initials(m.group(1)) == "".join(
        c for c in m.group(2) if c.isupper()) else m.group(0), text)
    return tuple(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _FUNCTION_WORDS)


def _initials(words: str) -> str:
    return "".join(w[0] for w in words.split() if w.lower() not in ("of", "and", "for", "the"))


# --- near-identical wordings, one holding every word of the others ----------------------------

# Words whose addition changes what a rule asks, not only how fully it says it: a negation
# ("non-business", "can't": "non", "t"), a condition or an exception, a restriction, a modal, a
# quantity. (What the wordings commit to is compared too: _commit_alike.)
_RULE_WORDS = frozenset("""not no non never nor neither only unless except excluding if when
where whenever while until before after without must may should can cannot could might need
needs required permitted allowed prohibited forbidden banned all any every each none some
always sometimes first t""".split())


def fuller_wording(texts: Sequence[str]) -> tuple[str, tuple[str, ...]] | None:
    """Returns (the wording holding every rule-carrying word of the others, in their order, and
    the words only it has) when the others add nothing to it and its own words change no rule:
    "the app/service" and "the app", "appropriate official corporate systems" and "appropriate
    corporate systems". None when any text has a word the fuller lacks, when they say the same
    (same_content), or when the added words hold a negation, a condition, a restriction, a
    modal, a quantity, a figure or a channel ("passwords" / "email passwords" narrows a rule)."""
    keyed = [(_content_words(t), t) for t in texts]
    words, fuller = max(keyed, key=lambda k: len(k[0]))
    added: list[str] = []
    for other, _ in keyed:
        extra = _added_words(other, words)
        if extra is None:
            return None
        added.extend(extra)
    added = list(dict.fromkeys(added))
    if not added or any(w in _RULE_WORDS or any(c.isdigit() for c in w) for w in added):
        return None
    if len({m.channel for m in find_channels(fuller)}) != len(
            {m.channel for t in texts for m in find_channels(t)}) or \
            find_channels(" ".join(added)) or not all(_commit_alike(fuller, t) for t in texts) \
            or _narrows_a_role(fuller, added):
        return None
    return fuller, tuple(added)


def _commit_alike(a: str, b: str) -> bool:
    """Returns True when two wordings commit to the same: modality, negation, periods and
    deadlines ("within two hours", "immediately", "daily"), figures, roles, sanction, audience,
    contacts, and the time they apply in ("outside working hours")."""
    x, y = stance(a), stance(b)
    return (x.modality, x.negation, x.periods, x.vague, x.figures, x.roles, x.sanction,
            x.audience, x.contacts, x.digits) == (
        y.modality, y.negation, y.periods, y.vague, y.figures, y.roles, y.sanction,
        y.audience, y.contacts, y.digits) and time_scope(a) == time_scope(b)


def _narrows_a_role(fuller: str, added: Sequence[str]) -> bool:
    """Returns True when an added word qualifies a role the wording names ("the security
    service desk" is not "the service desk")."""
    lowered = fuller.lower()
    return any(re.search(rf"\b{re.escape(word)}\s+(?:\w+\s+)?{re.escape(role)}", lowered)
               for role in roles(fuller) for word in added)


def _added_words(shorter: tuple[str, ...], longer: tuple[str, ...]) -> list[str] | None:
    """Returns the words of `longer` that `shorter` lacks when `shorter` is `longer` with some
    words left out (same order); else None."""
    added, n = [], 0
    for word in longer:
        if n < len(shorter) and shorter[n] == word:
            n += 1
        else:
            added.append(word)
    return added if n == len(shorter) else None
